-- CreateEnum
CREATE TYPE "QuestionnaireCampaignKind" AS ENUM ('SURVEY', 'CALL_FOR_INPUT');

-- CreateEnum
CREATE TYPE "QuestionnaireReturnStatus" AS ENUM ('NOT_STARTED', 'DRAFT', 'SUBMITTED', 'REOPENED');

-- AlterEnum
ALTER TYPE "AuditEventKind" ADD VALUE 'QUESTIONNAIRE_RETURN_REOPENED';

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "NotificationKind" ADD VALUE 'QUESTIONNAIRE_DUE_SOON';
ALTER TYPE "NotificationKind" ADD VALUE 'QUESTIONNAIRE_OVERDUE';

-- CreateTable
CREATE TABLE "questionnaire" (
    "id" UUID NOT NULL,
    "programmeId" UUID,
    "titleBs" TEXT NOT NULL,
    "titleEn" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "questionnaire_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "questionnaire_version" (
    "id" UUID NOT NULL,
    "questionnaireId" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "sections" JSONB NOT NULL,
    "publishedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "questionnaire_version_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "questionnaire_campaign" (
    "id" UUID NOT NULL,
    "versionId" UUID NOT NULL,
    "programmeId" UUID,
    "kind" "QuestionnaireCampaignKind" NOT NULL DEFAULT 'SURVEY',
    "title" TEXT NOT NULL,
    "opensOn" DATE NOT NULL,
    "closesOn" DATE NOT NULL,
    "remindDaysBefore" INTEGER NOT NULL DEFAULT 3,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "questionnaire_campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "questionnaire_return" (
    "id" UUID NOT NULL,
    "campaignId" UUID NOT NULL,
    "municipalityId" UUID,
    "organizationId" UUID,
    "status" "QuestionnaireReturnStatus" NOT NULL DEFAULT 'NOT_STARTED',
    "answers" JSONB NOT NULL DEFAULT '{}',
    "savedAt" TIMESTAMP(3),
    "submittedAt" TIMESTAMP(3),
    "submittedById" UUID,
    "reopenedAt" TIMESTAMP(3),
    "reopenReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "questionnaire_return_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "questionnaire_programmeId_idx" ON "questionnaire"("programmeId");

-- CreateIndex
CREATE UNIQUE INDEX "questionnaire_version_questionnaireId_number_key" ON "questionnaire_version"("questionnaireId", "number");

-- CreateIndex
CREATE INDEX "questionnaire_campaign_programmeId_idx" ON "questionnaire_campaign"("programmeId");

-- CreateIndex
CREATE INDEX "questionnaire_campaign_closesOn_idx" ON "questionnaire_campaign"("closesOn");

-- CreateIndex
CREATE INDEX "questionnaire_return_municipalityId_idx" ON "questionnaire_return"("municipalityId");

-- CreateIndex
CREATE INDEX "questionnaire_return_organizationId_idx" ON "questionnaire_return"("organizationId");

-- CreateIndex
CREATE UNIQUE INDEX "questionnaire_return_campaignId_municipalityId_key" ON "questionnaire_return"("campaignId", "municipalityId");

-- CreateIndex
CREATE UNIQUE INDEX "questionnaire_return_campaignId_organizationId_key" ON "questionnaire_return"("campaignId", "organizationId");

-- AddForeignKey
ALTER TABLE "questionnaire" ADD CONSTRAINT "questionnaire_programmeId_fkey" FOREIGN KEY ("programmeId") REFERENCES "programme"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "questionnaire_version" ADD CONSTRAINT "questionnaire_version_questionnaireId_fkey" FOREIGN KEY ("questionnaireId") REFERENCES "questionnaire"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "questionnaire_campaign" ADD CONSTRAINT "questionnaire_campaign_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "questionnaire_version"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "questionnaire_campaign" ADD CONSTRAINT "questionnaire_campaign_programmeId_fkey" FOREIGN KEY ("programmeId") REFERENCES "programme"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "questionnaire_return" ADD CONSTRAINT "questionnaire_return_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "questionnaire_campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "questionnaire_return" ADD CONSTRAINT "questionnaire_return_municipalityId_fkey" FOREIGN KEY ("municipalityId") REFERENCES "municipality"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "questionnaire_return" ADD CONSTRAINT "questionnaire_return_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- A return belongs to exactly one recipient: a municipality or an organisation.
ALTER TABLE "questionnaire_return" ADD CONSTRAINT "questionnaire_return_one_recipient"
  CHECK (("municipalityId" IS NULL) <> ("organizationId" IS NULL));
