-- AlterTable
ALTER TABLE "Person" ADD COLUMN     "dmReminders" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Task" ADD COLUMN     "nextStep" TEXT,
ADD COLUMN     "nextStepAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "ReportPhoto" (
    "id" SERIAL NOT NULL,
    "taskId" INTEGER NOT NULL,
    "reportId" INTEGER,
    "fileId" TEXT NOT NULL,
    "fileUniqueId" TEXT NOT NULL,
    "fileSize" INTEGER,
    "width" INTEGER,
    "height" INTEGER,
    "personId" INTEGER NOT NULL,
    "chatId" BIGINT NOT NULL,
    "messageId" INTEGER NOT NULL,
    "sentAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ReportPhoto_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ReportPhoto_taskId_sentAt_idx" ON "ReportPhoto"("taskId", "sentAt");

-- CreateIndex
CREATE UNIQUE INDEX "ReportPhoto_chatId_messageId_taskId_key" ON "ReportPhoto"("chatId", "messageId", "taskId");
