-- Claims carry the claimant, so a sender or handler taking over from one that is gone puts its
-- claims back at once instead of after a timeout. Waiting answers may go out merged.
ALTER TABLE "OutboxMessage" ADD COLUMN "claimedBy" TEXT;
ALTER TABLE "OutboxMessage" ADD COLUMN "batch" TEXT;
ALTER TABLE "OutboxMessage" ADD COLUMN "mergedInto" INTEGER;
ALTER TABLE "InboxUpdate" ADD COLUMN "claimedBy" TEXT;
