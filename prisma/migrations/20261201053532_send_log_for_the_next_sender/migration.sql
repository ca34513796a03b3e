-- CreateTable
CREATE TABLE "SendLog" (
    "id" BIGSERIAL NOT NULL,
    "chatId" BIGINT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SendLog_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SendLog_at_idx" ON "SendLog"("at");
