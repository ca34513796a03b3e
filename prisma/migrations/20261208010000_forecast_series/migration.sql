-- Each task's daily percents for its forecast, kept with its stamp (the task's updatedAt): a board
-- reads one row per task instead of every report of the last weeks
CREATE TABLE "ForecastSeries" (
    "taskId" INTEGER NOT NULL,
    "stamp" TIMESTAMPTZ(3) NOT NULL,
    "timezone" TEXT NOT NULL,
    "since" DATE NOT NULL,
    "points" TEXT NOT NULL,

    CONSTRAINT "ForecastSeries_pkey" PRIMARY KEY ("taskId")
);

ALTER TABLE "ForecastSeries" ADD CONSTRAINT "ForecastSeries_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task"("id") ON DELETE CASCADE ON UPDATE CASCADE;
