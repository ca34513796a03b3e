-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN     "fileId" TEXT;
