-- CreateEnum
CREATE TYPE "AuditEventKind" AS ENUM ('SIGN_IN_SUCCEEDED', 'SIGN_IN_FAILED', 'SIGN_IN_THROTTLED', 'SIGNED_OUT', 'SESSIONS_REVOKED', 'PASSWORD_CHANGED', 'ROLE_ASSIGNED', 'ROLE_REVOKED', 'USER_INVITED', 'INVITATION_ACCEPTED');

-- CreateTable
CREATE TABLE "invitation" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "acceptedAt" TIMESTAMP(3),
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "invitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sign_in_failure" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sign_in_failure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_event" (
    "id" UUID NOT NULL,
    "kind" "AuditEventKind" NOT NULL,
    "actorId" UUID,
    "subjectUserId" UUID,
    "email" TEXT,
    "address" TEXT,
    "details" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "invitation_tokenHash_key" ON "invitation"("tokenHash");

-- CreateIndex
CREATE INDEX "invitation_userId_idx" ON "invitation"("userId");

-- CreateIndex
CREATE INDEX "sign_in_failure_email_createdAt_idx" ON "sign_in_failure"("email", "createdAt");

-- CreateIndex
CREATE INDEX "sign_in_failure_address_createdAt_idx" ON "sign_in_failure"("address", "createdAt");

-- CreateIndex
CREATE INDEX "sign_in_failure_createdAt_idx" ON "sign_in_failure"("createdAt");

-- CreateIndex
CREATE INDEX "audit_event_createdAt_idx" ON "audit_event"("createdAt");

-- CreateIndex
CREATE INDEX "audit_event_kind_createdAt_idx" ON "audit_event"("kind", "createdAt");

-- AddForeignKey
ALTER TABLE "invitation" ADD CONSTRAINT "invitation_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user_account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

