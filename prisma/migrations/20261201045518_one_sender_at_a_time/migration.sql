-- CreateTable
CREATE TABLE "SenderLease" (
    "name" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "until" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SenderLease_pkey" PRIMARY KEY ("name")
);
