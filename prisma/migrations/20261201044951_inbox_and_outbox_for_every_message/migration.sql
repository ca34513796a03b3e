-- CreateEnum
CREATE TYPE "OutboxKind" AS ENUM ('text', 'photo', 'document');

-- CreateEnum
CREATE TYPE "InboxStatus" AS ENUM ('pending', 'handling', 'handled', 'failed');

-- AlterEnum
ALTER TYPE "OutboxStatus" ADD VALUE 'expired';

-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN     "expiresAt" TIMESTAMPTZ(3),
ADD COLUMN     "file" BYTEA,
ADD COLUMN     "fileName" TEXT,
ADD COLUMN     "kind" "OutboxKind" NOT NULL DEFAULT 'text',
ADD COLUMN     "notBefore" TIMESTAMPTZ(3),
ADD COLUMN     "replyMarkup" JSONB,
ADD COLUMN     "replyTo" INTEGER;

-- CreateTable
CREATE TABLE "InboxUpdate" (
    "updateId" BIGINT NOT NULL,
    "chatId" BIGINT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "InboxStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "notBefore" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseUntil" TIMESTAMPTZ(3),
    "handledAt" TIMESTAMPTZ(3),
    "lastError" TEXT,

    CONSTRAINT "InboxUpdate_pkey" PRIMARY KEY ("updateId")
);

-- CreateIndex
CREATE INDEX "InboxUpdate_status_chatId_updateId_idx" ON "InboxUpdate"("status", "chatId", "updateId");

-- CreateIndex
CREATE INDEX "OutboxMessage_status_chatId_id_idx" ON "OutboxMessage"("status", "chatId", "id");
