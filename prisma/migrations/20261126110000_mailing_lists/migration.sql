-- CreateEnum
CREATE TYPE "MailingListMemberKind" AS ENUM ('PERSON', 'ORGANIZATION', 'DIASPORA_MEMBER', 'EXTERNAL');

-- CreateEnum
CREATE TYPE "SuppressionReason" AS ENUM ('UNSUBSCRIBED_ALL', 'PERMANENT_REFUSAL');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "NotificationKind" ADD VALUE 'MAILING_LIST_CONFIRMATION';
ALTER TYPE "NotificationKind" ADD VALUE 'BULLETIN';

-- CreateTable
CREATE TABLE "mailing_list" (
    "id" UUID NOT NULL,
    "programmeId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "includeCoordinators" BOOLEAN NOT NULL DEFAULT true,
    "openToSignUp" BOOLEAN NOT NULL DEFAULT false,
    "archivedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "mailing_list_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "mailing_list_member" (
    "id" UUID NOT NULL,
    "listId" UUID NOT NULL,
    "kind" "MailingListMemberKind" NOT NULL,
    "personId" UUID,
    "organizationId" UUID,
    "diasporaMemberId" UUID,
    "email" TEXT,
    "name" TEXT,
    "addedById" UUID,
    "confirmedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "mailing_list_member_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "mailing_list_sign_up" (
    "id" UUID NOT NULL,
    "listId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "confirmedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "mailing_list_sign_up_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "mailing_list_leave" (
    "listId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "mailing_list_leave_pkey" PRIMARY KEY ("listId","email")
);

-- CreateTable
CREATE TABLE "email_suppression" (
    "email" TEXT NOT NULL,
    "reason" "SuppressionReason" NOT NULL,
    "detail" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "email_suppression_pkey" PRIMARY KEY ("email")
);

-- CreateTable
CREATE TABLE "communication_consent" (
    "id" UUID NOT NULL,
    "diasporaMemberId" UUID NOT NULL,
    "givenAt" TIMESTAMP(3) NOT NULL,
    "allLists" BOOLEAN NOT NULL DEFAULT false,
    "listIds" TEXT[],
    "kinds" TEXT[],
    "source" TEXT NOT NULL,
    "withdrawnAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "communication_consent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "communication_consent_change" (
    "id" UUID NOT NULL,
    "consentId" UUID NOT NULL,
    "changedById" UUID,
    "action" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "communication_consent_change_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "mailing_list_programmeId_name_key" ON "mailing_list"("programmeId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "mailing_list_member_listId_personId_key" ON "mailing_list_member"("listId", "personId");

-- CreateIndex
CREATE UNIQUE INDEX "mailing_list_member_listId_organizationId_key" ON "mailing_list_member"("listId", "organizationId");

-- CreateIndex
CREATE UNIQUE INDEX "mailing_list_member_listId_diasporaMemberId_key" ON "mailing_list_member"("listId", "diasporaMemberId");

-- CreateIndex
CREATE UNIQUE INDEX "mailing_list_member_listId_email_key" ON "mailing_list_member"("listId", "email");

-- CreateIndex
CREATE UNIQUE INDEX "mailing_list_sign_up_tokenHash_key" ON "mailing_list_sign_up"("tokenHash");

-- CreateIndex
CREATE INDEX "mailing_list_sign_up_listId_email_idx" ON "mailing_list_sign_up"("listId", "email");

-- CreateIndex
CREATE UNIQUE INDEX "communication_consent_diasporaMemberId_key" ON "communication_consent"("diasporaMemberId");

-- CreateIndex
CREATE INDEX "communication_consent_change_consentId_at_idx" ON "communication_consent_change"("consentId", "at");

-- AddForeignKey
ALTER TABLE "mailing_list" ADD CONSTRAINT "mailing_list_programmeId_fkey" FOREIGN KEY ("programmeId") REFERENCES "programme"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mailing_list_member" ADD CONSTRAINT "mailing_list_member_listId_fkey" FOREIGN KEY ("listId") REFERENCES "mailing_list"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mailing_list_member" ADD CONSTRAINT "mailing_list_member_personId_fkey" FOREIGN KEY ("personId") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mailing_list_member" ADD CONSTRAINT "mailing_list_member_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mailing_list_member" ADD CONSTRAINT "mailing_list_member_diasporaMemberId_fkey" FOREIGN KEY ("diasporaMemberId") REFERENCES "diaspora_member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mailing_list_sign_up" ADD CONSTRAINT "mailing_list_sign_up_listId_fkey" FOREIGN KEY ("listId") REFERENCES "mailing_list"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mailing_list_leave" ADD CONSTRAINT "mailing_list_leave_listId_fkey" FOREIGN KEY ("listId") REFERENCES "mailing_list"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "communication_consent" ADD CONSTRAINT "communication_consent_diasporaMemberId_fkey" FOREIGN KEY ("diasporaMemberId") REFERENCES "diaspora_member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "communication_consent_change" ADD CONSTRAINT "communication_consent_change_consentId_fkey" FOREIGN KEY ("consentId") REFERENCES "communication_consent"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Written by hand: each kind of member names exactly what its kind says.
ALTER TABLE "mailing_list_member" ADD CONSTRAINT "mailing_list_member_kind_check" CHECK (
  ("kind" = 'PERSON') = ("personId" IS NOT NULL)
  AND ("kind" = 'ORGANIZATION') = ("organizationId" IS NOT NULL)
  AND ("kind" = 'DIASPORA_MEMBER') = ("diasporaMemberId" IS NOT NULL)
  AND (("kind" IN ('ORGANIZATION', 'EXTERNAL')) = ("email" IS NOT NULL))
);
