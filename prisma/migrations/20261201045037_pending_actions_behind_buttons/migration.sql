-- CreateTable
CREATE TABLE "PendingAction" (
    "token" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "chatId" BIGINT NOT NULL,
    "personId" INTEGER NOT NULL,
    "payload" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "takenAt" TIMESTAMPTZ(3),

    CONSTRAINT "PendingAction_pkey" PRIMARY KEY ("token")
);

-- CreateIndex
CREATE INDEX "PendingAction_groupId_idx" ON "PendingAction"("groupId");

-- CreateIndex
CREATE INDEX "PendingAction_expiresAt_idx" ON "PendingAction"("expiresAt");
