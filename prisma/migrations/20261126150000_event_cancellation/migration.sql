-- AlterEnum
ALTER TYPE "NotificationKind" ADD VALUE 'EVENT_CANCELLED';

-- AlterTable
ALTER TABLE "event" ADD COLUMN     "cancellationReason" TEXT,
ADD COLUMN     "cancelledAt" TIMESTAMP(3);

