-- CreateEnum
CREATE TYPE "StakeholderGroup" AS ENUM ('MUNICIPAL_AUTHORITY', 'LOCAL_BUSINESS', 'BIH_INSTITUTION', 'INTERNATIONAL_AGENCY', 'DOMESTIC_NGO', 'DIASPORA', 'MEDIA', 'OTHER');

-- CreateEnum
CREATE TYPE "RegistrationStatus" AS ENUM ('REGISTERED', 'WAITLISTED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "ActionItemStatus" AS ENUM ('OPEN', 'IN_PROGRESS', 'DONE', 'CANCELLED');

-- AlterTable
ALTER TABLE "event" ADD COLUMN     "capacity" INTEGER,
ADD COLUMN     "hostMunicipalityId" UUID,
ADD COLUMN     "hostOrganizationId" UUID,
ADD COLUMN     "venue" TEXT;

-- CreateTable
CREATE TABLE "event_day" (
    "id" UUID NOT NULL,
    "eventId" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "date" DATE NOT NULL,
    "title" TEXT,

    CONSTRAINT "event_day_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agenda_item" (
    "id" UUID NOT NULL,
    "dayId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "startTime" TEXT,
    "topic" TEXT NOT NULL,
    "presenter" TEXT,

    CONSTRAINT "agenda_item_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "event_participant" (
    "id" UUID NOT NULL,
    "eventId" UUID NOT NULL,
    "personId" UUID,
    "organizationId" UUID,
    "municipalityId" UUID,
    "stakeholderGroup" "StakeholderGroup" NOT NULL,
    "status" "RegistrationStatus" NOT NULL,
    "registeredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "registeredById" UUID,
    "cancelledAt" TIMESTAMP(3),

    CONSTRAINT "event_participant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "attendance" (
    "participantId" UUID NOT NULL,
    "dayId" UUID NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "attendance_pkey" PRIMARY KEY ("participantId","dayId")
);

-- CreateTable
CREATE TABLE "presentation" (
    "id" UUID NOT NULL,
    "eventId" UUID NOT NULL,
    "dayId" UUID,
    "title" TEXT NOT NULL,
    "summary" TEXT,
    "organizationId" UUID,
    "personId" UUID,
    "supportedBy" TEXT,

    CONSTRAINT "presentation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "action_item" (
    "id" UUID NOT NULL,
    "eventId" UUID NOT NULL,
    "documentId" UUID NOT NULL,
    "conclusionItemId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "ownerMunicipalityId" UUID,
    "ownerOrganizationId" UUID,
    "ownerPersonId" UUID,
    "dueDate" DATE,
    "status" "ActionItemStatus" NOT NULL DEFAULT 'OPEN',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "action_item_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "action_item_update" (
    "id" UUID NOT NULL,
    "actionItemId" UUID NOT NULL,
    "authorId" UUID,
    "status" "ActionItemStatus",
    "comment" TEXT,
    "evidenceUrls" TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "action_item_update_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "event_day_eventId_number_key" ON "event_day"("eventId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "event_day_eventId_date_key" ON "event_day"("eventId", "date");

-- CreateIndex
CREATE UNIQUE INDEX "agenda_item_dayId_position_key" ON "agenda_item"("dayId", "position");

-- CreateIndex
CREATE INDEX "event_participant_eventId_status_registeredAt_idx" ON "event_participant"("eventId", "status", "registeredAt");

-- CreateIndex
CREATE INDEX "event_participant_municipalityId_idx" ON "event_participant"("municipalityId");

-- CreateIndex
CREATE INDEX "presentation_eventId_idx" ON "presentation"("eventId");

-- CreateIndex
CREATE INDEX "action_item_ownerMunicipalityId_status_idx" ON "action_item"("ownerMunicipalityId", "status");

-- CreateIndex
CREATE INDEX "action_item_status_dueDate_idx" ON "action_item"("status", "dueDate");

-- CreateIndex
CREATE UNIQUE INDEX "action_item_documentId_conclusionItemId_key" ON "action_item"("documentId", "conclusionItemId");

-- CreateIndex
CREATE INDEX "action_item_update_actionItemId_createdAt_idx" ON "action_item_update"("actionItemId", "createdAt");

-- CreateIndex
CREATE INDEX "event_hostMunicipalityId_idx" ON "event"("hostMunicipalityId");

-- AddForeignKey
ALTER TABLE "event" ADD CONSTRAINT "event_hostMunicipalityId_fkey" FOREIGN KEY ("hostMunicipalityId") REFERENCES "municipality"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event" ADD CONSTRAINT "event_hostOrganizationId_fkey" FOREIGN KEY ("hostOrganizationId") REFERENCES "organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event_day" ADD CONSTRAINT "event_day_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agenda_item" ADD CONSTRAINT "agenda_item_dayId_fkey" FOREIGN KEY ("dayId") REFERENCES "event_day"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event_participant" ADD CONSTRAINT "event_participant_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event_participant" ADD CONSTRAINT "event_participant_personId_fkey" FOREIGN KEY ("personId") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event_participant" ADD CONSTRAINT "event_participant_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event_participant" ADD CONSTRAINT "event_participant_municipalityId_fkey" FOREIGN KEY ("municipalityId") REFERENCES "municipality"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "attendance" ADD CONSTRAINT "attendance_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "event_participant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "attendance" ADD CONSTRAINT "attendance_dayId_fkey" FOREIGN KEY ("dayId") REFERENCES "event_day"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "presentation" ADD CONSTRAINT "presentation_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "presentation" ADD CONSTRAINT "presentation_dayId_fkey" FOREIGN KEY ("dayId") REFERENCES "event_day"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "presentation" ADD CONSTRAINT "presentation_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "presentation" ADD CONSTRAINT "presentation_personId_fkey" FOREIGN KEY ("personId") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "action_item" ADD CONSTRAINT "action_item_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "action_item" ADD CONSTRAINT "action_item_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "conclusion_document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "action_item" ADD CONSTRAINT "action_item_ownerMunicipalityId_fkey" FOREIGN KEY ("ownerMunicipalityId") REFERENCES "municipality"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "action_item" ADD CONSTRAINT "action_item_ownerOrganizationId_fkey" FOREIGN KEY ("ownerOrganizationId") REFERENCES "organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "action_item" ADD CONSTRAINT "action_item_ownerPersonId_fkey" FOREIGN KEY ("ownerPersonId") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "action_item_update" ADD CONSTRAINT "action_item_update_actionItemId_fkey" FOREIGN KEY ("actionItemId") REFERENCES "action_item"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Rules Prisma's schema cannot state.
ALTER TABLE "event" ADD CONSTRAINT "event_capacity_check" CHECK ("capacity" IS NULL OR "capacity" >= 0);
ALTER TABLE "event" ADD CONSTRAINT "event_dates_check" CHECK ("startsOn" <= "endsOn");
ALTER TABLE "event_participant" ADD CONSTRAINT "event_participant_who_check"
  CHECK ("personId" IS NOT NULL OR "organizationId" IS NOT NULL);
-- One live registration per person, and per organisation registered without a person.
CREATE UNIQUE INDEX "event_participant_person_once" ON "event_participant" ("eventId", "personId")
  WHERE "personId" IS NOT NULL AND "status" <> 'CANCELLED';
CREATE UNIQUE INDEX "event_participant_organization_once" ON "event_participant" ("eventId", "organizationId")
  WHERE "personId" IS NULL AND "status" <> 'CANCELLED';
ALTER TABLE "action_item" ADD CONSTRAINT "action_item_one_owner_check" CHECK (
  num_nonnulls("ownerMunicipalityId", "ownerOrganizationId", "ownerPersonId") <= 1);

-- Conclusions name an organisation as an action's owner too.
ALTER TABLE "conclusion_item" ADD COLUMN "ownerOrganizationId" TEXT;
