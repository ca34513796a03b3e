-- CreateEnum
CREATE TYPE "ProblemCloser" AS ENUM ('officer', 'admin', 'system');

-- CreateEnum
CREATE TYPE "OrderLevel" AS ENUM ('blue', 'yellow', 'red');

-- AlterTable
ALTER TABLE "Blocker" ADD COLUMN     "problemId" INTEGER;

-- AlterTable
ALTER TABLE "Unit" ADD COLUMN     "headId" INTEGER,
ADD COLUMN     "leaderId" INTEGER;

-- CreateTable
CREATE TABLE "Problem" (
    "id" SERIAL NOT NULL,
    "taskId" INTEGER NOT NULL,
    "category" "BlockerCategory" NOT NULL,
    "openCategory" "BlockerCategory",
    "openedAt" TIMESTAMPTZ(3) NOT NULL,
    "closedAt" TIMESTAMPTZ(3),
    "closedRole" "ProblemCloser",
    "closedById" INTEGER,
    "closedByReportId" INTEGER,
    "closeNote" TEXT,
    "previousId" INTEGER,

    CONSTRAINT "Problem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SupervisionOrder" (
    "id" SERIAL NOT NULL,
    "taskId" INTEGER NOT NULL,
    "level" "OrderLevel" NOT NULL,
    "cycle" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "serial" INTEGER NOT NULL,
    "grounds" JSONB NOT NULL,
    "issuedAt" TIMESTAMPTZ(3) NOT NULL,
    "issuedPeriod" TEXT NOT NULL,
    "dueOn" DATE NOT NULL,
    "closedAt" TIMESTAMPTZ(3),
    "closedPeriod" TEXT,

    CONSTRAINT "SupervisionOrder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrderSerial" (
    "year" INTEGER NOT NULL,
    "last" INTEGER NOT NULL,

    CONSTRAINT "OrderSerial_pkey" PRIMARY KEY ("year")
);

-- CreateTable
CREATE TABLE "TaskLight" (
    "taskId" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "light" TEXT NOT NULL,
    "expected" DOUBLE PRECISION,
    "reported" DOUBLE PRECISION,

    CONSTRAINT "TaskLight_pkey" PRIMARY KEY ("taskId","day")
);

-- CreateIndex
CREATE UNIQUE INDEX "Problem_previousId_key" ON "Problem"("previousId");

-- CreateIndex
CREATE INDEX "Problem_closedAt_idx" ON "Problem"("closedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Problem_taskId_openCategory_key" ON "Problem"("taskId", "openCategory");

-- CreateIndex
CREATE UNIQUE INDEX "SupervisionOrder_taskId_cycle_level_key" ON "SupervisionOrder"("taskId", "cycle", "level");

-- CreateIndex
CREATE UNIQUE INDEX "SupervisionOrder_year_serial_key" ON "SupervisionOrder"("year", "serial");

-- AddForeignKey
ALTER TABLE "Unit" ADD CONSTRAINT "Unit_headId_fkey" FOREIGN KEY ("headId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Unit" ADD CONSTRAINT "Unit_leaderId_fkey" FOREIGN KEY ("leaderId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Blocker" ADD CONSTRAINT "Blocker_problemId_fkey" FOREIGN KEY ("problemId") REFERENCES "Problem"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Problem" ADD CONSTRAINT "Problem_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Problem" ADD CONSTRAINT "Problem_previousId_fkey" FOREIGN KEY ("previousId") REFERENCES "Problem"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SupervisionOrder" ADD CONSTRAINT "SupervisionOrder_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TaskLight" ADD CONSTRAINT "TaskLight_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Existing open blockers become problems: one per task and category, opened when the oldest was.
INSERT INTO "Problem" ("taskId", "category", "openCategory", "openedAt")
SELECT "taskId", "category", "category", MIN("openedAt")
FROM "Blocker"
WHERE "resolvedAt" IS NULL
GROUP BY "taskId", "category";

UPDATE "Blocker" b
SET "problemId" = p."id"
FROM "Problem" p
WHERE b."resolvedAt" IS NULL AND p."taskId" = b."taskId" AND p."openCategory" = b."category";
