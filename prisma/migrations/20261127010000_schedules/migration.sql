-- CreateEnum
CREATE TYPE "OutboxStatus" AS ENUM ('pending', 'sending', 'sent', 'failed');

-- CreateTable
CREATE TABLE "CalendarDay" (
    "date" DATE NOT NULL,
    "workday" BOOLEAN NOT NULL,
    "name" TEXT,

    CONSTRAINT "CalendarDay_pkey" PRIMARY KEY ("date")
);

-- CreateTable
CREATE TABLE "Leave" (
    "id" SERIAL NOT NULL,
    "personId" INTEGER NOT NULL,
    "fromDate" DATE NOT NULL,
    "toDate" DATE NOT NULL,
    "createdById" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Leave_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobSchedule" (
    "job" TEXT NOT NULL,
    "time" TEXT NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "JobSchedule_pkey" PRIMARY KEY ("job")
);

-- CreateTable
CREATE TABLE "JobRun" (
    "job" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "composedAt" TIMESTAMPTZ(3),

    CONSTRAINT "JobRun_pkey" PRIMARY KEY ("job","period")
);

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" SERIAL NOT NULL,
    "job" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "chatId" BIGINT NOT NULL,
    "part" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "taskId" INTEGER,
    "forceReply" BOOLEAN NOT NULL DEFAULT false,
    "status" "OutboxStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "messageId" INTEGER,
    "claimedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMPTZ(3),

    CONSTRAINT "OutboxMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DigestSnapshot" (
    "period" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "figures" JSONB NOT NULL,

    CONSTRAINT "DigestSnapshot_pkey" PRIMARY KEY ("period")
);

-- CreateIndex
CREATE INDEX "Leave_personId_toDate_idx" ON "Leave"("personId", "toDate");

-- CreateIndex
CREATE INDEX "OutboxMessage_status_id_idx" ON "OutboxMessage"("status", "id");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxMessage_job_period_chatId_part_key" ON "OutboxMessage"("job", "period", "chatId", "part");

-- AddForeignKey
ALTER TABLE "Leave" ADD CONSTRAINT "Leave_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

