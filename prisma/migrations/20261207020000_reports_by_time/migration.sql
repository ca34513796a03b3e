-- The forecast reads every task's recent reports by their time: an index on it.
CREATE INDEX "ProgressReport_reportedAt_idx" ON "ProgressReport"("reportedAt");
