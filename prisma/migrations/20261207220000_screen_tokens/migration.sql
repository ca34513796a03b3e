-- Links to the meeting-room screen: the hash of each token, never the token
CREATE TABLE "ScreenToken" (
    "id" SERIAL NOT NULL,
    "hash" TEXT NOT NULL,
    "createdById" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ScreenToken_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "ScreenToken_hash_key" ON "ScreenToken"("hash");

-- A message carrying a secret shown once (a screen link) is blanked once sent or given up
ALTER TABLE "OutboxMessage" ADD COLUMN "secret" BOOLEAN NOT NULL DEFAULT false;
