-- AlterTable
ALTER TABLE "funding_call" ADD COLUMN     "closedAt" TIMESTAMP(3),
ADD COLUMN     "closedReason" TEXT,
ADD COLUMN     "reopenedReason" TEXT,
ADD COLUMN     "url" TEXT;

