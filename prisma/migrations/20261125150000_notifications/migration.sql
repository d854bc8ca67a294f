-- CreateEnum
CREATE TYPE "Language" AS ENUM ('BS', 'EN');

-- CreateEnum
CREATE TYPE "NotificationKind" AS ENUM ('INVITATION', 'FUNDING_CALL_OPENED', 'ACTION_ITEM_ASSIGNED', 'ACTION_ITEM_DUE_SOON', 'ACTION_ITEM_OVERDUE', 'REGISTRATION_ADMITTED', 'PROJECT_IDEA_STAGE_CHANGED', 'REVIEWER_ASSIGNED', 'CONCLUSIONS_ADOPTED', 'SECURITY_NOTICE', 'DAILY_DIGEST');

-- CreateEnum
CREATE TYPE "EmailFrequency" AS ENUM ('IMMEDIATE', 'DAILY_DIGEST', 'OFF');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('PENDING', 'HELD', 'DIGESTED', 'SENT', 'FAILED', 'REJECTED');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "AuditEventKind" ADD VALUE 'UNSUBSCRIBED';
ALTER TYPE "AuditEventKind" ADD VALUE 'UNSUBSCRIBE_REFUSED';

-- AlterTable
ALTER TABLE "user_account" ADD COLUMN     "language" "Language" NOT NULL DEFAULT 'BS';

-- CreateTable
CREATE TABLE "notification" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "kind" "NotificationKind" NOT NULL,
    "data" JSONB NOT NULL,
    "readAt" TIMESTAMP(3),
    "publishedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "delivery" (
    "id" UUID NOT NULL,
    "userId" UUID,
    "email" TEXT NOT NULL,
    "language" "Language" NOT NULL,
    "kind" "NotificationKind" NOT NULL,
    "data" JSONB NOT NULL,
    "status" "DeliveryStatus" NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "sentAt" TIMESTAMP(3),
    "digestId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_preference" (
    "userId" UUID NOT NULL,
    "kind" "NotificationKind" NOT NULL,
    "email" "EmailFrequency" NOT NULL,
    "inApp" BOOLEAN NOT NULL,

    CONSTRAINT "notification_preference_pkey" PRIMARY KEY ("userId","kind")
);

-- CreateTable
CREATE TABLE "notification_once" (
    "key" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_once_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "unsubscribe_use" (
    "nonce" TEXT NOT NULL,
    "usedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "unsubscribe_use_pkey" PRIMARY KEY ("nonce")
);

-- CreateTable
CREATE TABLE "app_secret" (
    "name" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "app_secret_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "email_opt_out" (
    "email" TEXT NOT NULL,
    "kind" "NotificationKind" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "email_opt_out_pkey" PRIMARY KEY ("email","kind")
);

-- CreateIndex
CREATE INDEX "notification_userId_createdAt_idx" ON "notification"("userId", "createdAt");

-- CreateIndex
-- Only the few not yet announced are ever looked up by it.
CREATE INDEX "notification_publishedAt_idx" ON "notification"("publishedAt") WHERE "publishedAt" IS NULL;

-- CreateIndex
CREATE INDEX "delivery_status_nextAttemptAt_idx" ON "delivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "delivery_userId_status_idx" ON "delivery"("userId", "status");

-- CreateIndex
CREATE INDEX "delivery_createdAt_idx" ON "delivery"("createdAt");

-- AddForeignKey
ALTER TABLE "notification" ADD CONSTRAINT "notification_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user_account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_preference" ADD CONSTRAINT "notification_preference_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user_account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

