-- CreateEnum
CREATE TYPE "DialoguePlatformKind" AS ENUM ('LOCAL', 'INTER_MUNICIPAL');

-- CreateEnum
CREATE TYPE "LocalPlatformForm" AS ENUM ('LOCAL_DIALOGUE_PLATFORM', 'CIVIC_INITIATIVES_FORUM');

-- CreateEnum
CREATE TYPE "PlatformStakeholderGroup" AS ENUM ('CITIZENS', 'YOUTH', 'CIVIL_SOCIETY', 'MUNICIPAL_STAFF', 'BUSINESS', 'DIASPORA');

-- AlterTable
ALTER TABLE "event" ADD COLUMN     "dialoguePlatformId" UUID;

-- CreateTable
CREATE TABLE "dialogue_platform" (
    "id" UUID NOT NULL,
    "programmeId" UUID NOT NULL,
    "kind" "DialoguePlatformKind" NOT NULL,
    "form" "LocalPlatformForm",
    "name" TEXT NOT NULL,
    "description" TEXT,
    "coordinatorPersonId" UUID,
    "deputyPersonId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "dialogue_platform_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dialogue_platform_municipality" (
    "platformId" UUID NOT NULL,
    "municipalityId" UUID NOT NULL,

    CONSTRAINT "dialogue_platform_municipality_pkey" PRIMARY KEY ("platformId","municipalityId")
);

-- CreateTable
CREATE TABLE "dialogue_platform_member" (
    "id" UUID NOT NULL,
    "platformId" UUID NOT NULL,
    "personId" UUID,
    "organizationId" UUID,
    "stakeholderGroup" "PlatformStakeholderGroup" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dialogue_platform_member_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "civic_initiative" (
    "id" UUID NOT NULL,
    "platformId" UUID NOT NULL,
    "municipalityId" UUID,
    "title" TEXT NOT NULL,
    "raisedOn" DATE NOT NULL,
    "adoptedOn" DATE,
    "implementedOn" DATE,
    "evidenceUrls" TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "civic_initiative_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "priority_area" (
    "id" UUID NOT NULL,
    "platformId" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "position" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "priority_area_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "priority_area_municipality" (
    "areaId" UUID NOT NULL,
    "municipalityId" UUID NOT NULL,
    "reason" TEXT NOT NULL,

    CONSTRAINT "priority_area_municipality_pkey" PRIMARY KEY ("areaId","municipalityId")
);

-- CreateTable
CREATE TABLE "priority_area_adoption" (
    "areaId" UUID NOT NULL,
    "platformId" UUID NOT NULL,
    "adoptedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "priority_area_adoption_pkey" PRIMARY KEY ("areaId","platformId")
);

-- CreateTable
CREATE TABLE "joint_action_plan" (
    "id" UUID NOT NULL,
    "platformId" UUID,
    "eventId" UUID,
    "title" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "joint_action_plan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "plan_activity" (
    "id" UUID NOT NULL,
    "planId" UUID NOT NULL,
    "areaId" UUID,
    "position" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "deadline" DATE,
    "expectedResult" TEXT,
    "status" "ActionItemStatus" NOT NULL DEFAULT 'OPEN',
    "progress" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "plan_activity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "plan_activity_owner" (
    "id" UUID NOT NULL,
    "activityId" UUID NOT NULL,
    "municipalityId" UUID,
    "organizationId" UUID,

    CONSTRAINT "plan_activity_owner_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "dialogue_platform_programmeId_idx" ON "dialogue_platform"("programmeId");

-- CreateIndex
CREATE INDEX "dialogue_platform_municipality_municipalityId_idx" ON "dialogue_platform_municipality"("municipalityId");

-- CreateIndex
CREATE UNIQUE INDEX "dialogue_platform_member_platformId_personId_key" ON "dialogue_platform_member"("platformId", "personId");

-- CreateIndex
CREATE UNIQUE INDEX "dialogue_platform_member_platformId_organizationId_key" ON "dialogue_platform_member"("platformId", "organizationId");

-- CreateIndex
CREATE INDEX "civic_initiative_platformId_raisedOn_idx" ON "civic_initiative"("platformId", "raisedOn");

-- CreateIndex
CREATE UNIQUE INDEX "priority_area_platformId_title_key" ON "priority_area"("platformId", "title");

-- CreateIndex
CREATE INDEX "joint_action_plan_platformId_idx" ON "joint_action_plan"("platformId");

-- CreateIndex
CREATE INDEX "joint_action_plan_eventId_idx" ON "joint_action_plan"("eventId");

-- CreateIndex
CREATE INDEX "plan_activity_planId_position_idx" ON "plan_activity"("planId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "plan_activity_owner_activityId_municipalityId_key" ON "plan_activity_owner"("activityId", "municipalityId");

-- CreateIndex
CREATE UNIQUE INDEX "plan_activity_owner_activityId_organizationId_key" ON "plan_activity_owner"("activityId", "organizationId");

-- AddForeignKey
ALTER TABLE "event" ADD CONSTRAINT "event_dialoguePlatformId_fkey" FOREIGN KEY ("dialoguePlatformId") REFERENCES "dialogue_platform"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dialogue_platform" ADD CONSTRAINT "dialogue_platform_programmeId_fkey" FOREIGN KEY ("programmeId") REFERENCES "programme"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dialogue_platform" ADD CONSTRAINT "dialogue_platform_coordinatorPersonId_fkey" FOREIGN KEY ("coordinatorPersonId") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dialogue_platform" ADD CONSTRAINT "dialogue_platform_deputyPersonId_fkey" FOREIGN KEY ("deputyPersonId") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dialogue_platform_municipality" ADD CONSTRAINT "dialogue_platform_municipality_platformId_fkey" FOREIGN KEY ("platformId") REFERENCES "dialogue_platform"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dialogue_platform_municipality" ADD CONSTRAINT "dialogue_platform_municipality_municipalityId_fkey" FOREIGN KEY ("municipalityId") REFERENCES "municipality"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dialogue_platform_member" ADD CONSTRAINT "dialogue_platform_member_platformId_fkey" FOREIGN KEY ("platformId") REFERENCES "dialogue_platform"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dialogue_platform_member" ADD CONSTRAINT "dialogue_platform_member_personId_fkey" FOREIGN KEY ("personId") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dialogue_platform_member" ADD CONSTRAINT "dialogue_platform_member_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "civic_initiative" ADD CONSTRAINT "civic_initiative_platformId_fkey" FOREIGN KEY ("platformId") REFERENCES "dialogue_platform"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "civic_initiative" ADD CONSTRAINT "civic_initiative_municipalityId_fkey" FOREIGN KEY ("municipalityId") REFERENCES "municipality"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "priority_area" ADD CONSTRAINT "priority_area_platformId_fkey" FOREIGN KEY ("platformId") REFERENCES "dialogue_platform"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "priority_area_municipality" ADD CONSTRAINT "priority_area_municipality_areaId_fkey" FOREIGN KEY ("areaId") REFERENCES "priority_area"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "priority_area_municipality" ADD CONSTRAINT "priority_area_municipality_municipalityId_fkey" FOREIGN KEY ("municipalityId") REFERENCES "municipality"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "priority_area_adoption" ADD CONSTRAINT "priority_area_adoption_areaId_fkey" FOREIGN KEY ("areaId") REFERENCES "priority_area"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "priority_area_adoption" ADD CONSTRAINT "priority_area_adoption_platformId_fkey" FOREIGN KEY ("platformId") REFERENCES "dialogue_platform"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "joint_action_plan" ADD CONSTRAINT "joint_action_plan_platformId_fkey" FOREIGN KEY ("platformId") REFERENCES "dialogue_platform"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "joint_action_plan" ADD CONSTRAINT "joint_action_plan_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "plan_activity" ADD CONSTRAINT "plan_activity_planId_fkey" FOREIGN KEY ("planId") REFERENCES "joint_action_plan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "plan_activity" ADD CONSTRAINT "plan_activity_areaId_fkey" FOREIGN KEY ("areaId") REFERENCES "priority_area"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "plan_activity_owner" ADD CONSTRAINT "plan_activity_owner_activityId_fkey" FOREIGN KEY ("activityId") REFERENCES "plan_activity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "plan_activity_owner" ADD CONSTRAINT "plan_activity_owner_municipalityId_fkey" FOREIGN KEY ("municipalityId") REFERENCES "municipality"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "plan_activity_owner" ADD CONSTRAINT "plan_activity_owner_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Hand-written: a member and an activity owner are a person/municipality or an organisation;
-- progress is a percentage; a LOCAL platform has a form.
ALTER TABLE "dialogue_platform_member" ADD CONSTRAINT "dialogue_platform_member_one"
  CHECK (("personId" IS NULL) <> ("organizationId" IS NULL));
ALTER TABLE "plan_activity_owner" ADD CONSTRAINT "plan_activity_owner_one"
  CHECK (("municipalityId" IS NULL) <> ("organizationId" IS NULL));
ALTER TABLE "plan_activity" ADD CONSTRAINT "plan_activity_progress"
  CHECK ("progress" BETWEEN 0 AND 100);
ALTER TABLE "dialogue_platform" ADD CONSTRAINT "dialogue_platform_form"
  CHECK (("kind" = 'LOCAL') = ("form" IS NOT NULL));
