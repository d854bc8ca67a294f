-- CreateEnum
CREATE TYPE "MunicipalityKind" AS ENUM ('CITY', 'MUNICIPALITY');

-- CreateEnum
CREATE TYPE "AdministrativeUnit" AS ENUM ('FEDERATION_OF_BIH', 'REPUBLIKA_SRPSKA', 'BRCKO_DISTRICT');

-- CreateEnum
CREATE TYPE "Canton" AS ENUM ('UNA_SANA', 'POSAVINA', 'TUZLA', 'ZENICA_DOBOJ', 'BOSNIAN_PODRINJE', 'CENTRAL_BOSNIA', 'HERZEGOVINA_NERETVA', 'WEST_HERZEGOVINA', 'SARAJEVO', 'CANTON_10');

-- CreateEnum
CREATE TYPE "DiasporaOfficeKind" AS ENUM ('DIASPORA_OFFICE', 'INFO_POINT');

-- CreateEnum
CREATE TYPE "PartnershipStatus" AS ENUM ('ACTIVE', 'ENDED');

-- CreateEnum
CREATE TYPE "CoordinatorRole" AS ENUM ('COORDINATOR', 'DEPUTY');

-- CreateEnum
CREATE TYPE "ConsentScope" AS ENUM ('MAPPING', 'NAME', 'CONTACT');

-- AlterTable
ALTER TABLE "organization" ADD COLUMN     "archivedAt" TIMESTAMP(3),
ADD COLUMN     "homeMunicipalityId" UUID;

-- CreateTable
CREATE TABLE "municipality" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "MunicipalityKind" NOT NULL,
    "administrativeUnit" "AdministrativeUnit" NOT NULL,
    "canton" "Canton",
    "website" TEXT,
    "estimatedDiasporaSize" INTEGER,
    "archivedAt" TIMESTAMP(3),
    "searchText" TEXT GENERATED ALWAYS AS (veza_fold("name")) STORED,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "municipality_pkey" PRIMARY KEY ("id"),
    -- Cantons exist only in the Federation of BiH.
    CONSTRAINT "municipality_canton_check"
      CHECK ("canton" IS NULL OR "administrativeUnit" = 'FEDERATION_OF_BIH'),
    CONSTRAINT "municipality_estimatedDiasporaSize_check" CHECK ("estimatedDiasporaSize" >= 0)
);

-- CreateTable
CREATE TABLE "diaspora_office" (
    "id" UUID NOT NULL,
    "municipalityId" UUID NOT NULL,
    "kind" "DiasporaOfficeKind" NOT NULL,
    "name" TEXT NOT NULL,
    "hostUnit" TEXT,
    "address" TEXT,
    "phone" TEXT,
    "email" TEXT,
    "openingHours" TEXT,
    "archivedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "diaspora_office_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "programme_partnership" (
    "id" UUID NOT NULL,
    "programmeId" UUID NOT NULL,
    "municipalityId" UUID NOT NULL,
    "cohort" TEXT NOT NULL,
    "joinedOn" DATE NOT NULL,
    "status" "PartnershipStatus" NOT NULL DEFAULT 'ACTIVE',
    "endedOn" DATE,
    "archivedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "programme_partnership_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "programme_partnership_dates_check" CHECK ("endedOn" IS NULL OR "endedOn" >= "joinedOn")
);

-- CreateTable
CREATE TABLE "person" (
    "id" UUID NOT NULL,
    "fullName" TEXT NOT NULL,
    "jobTitle" TEXT,
    "email" TEXT,
    "phone" TEXT,
    "municipalityId" UUID,
    "organizationId" UUID,
    "archivedAt" TIMESTAMP(3),
    "searchText" TEXT GENERATED ALWAYS AS (
      veza_fold("fullName" || ' ' || coalesce("jobTitle", '') || ' ' || coalesce("email", ''))) STORED,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "coordinator_assignment" (
    "id" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "municipalityId" UUID NOT NULL,
    "programmeId" UUID NOT NULL,
    "role" "CoordinatorRole" NOT NULL,
    "startsOn" DATE NOT NULL,
    "endsOn" DATE,
    "archivedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "coordinator_assignment_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "coordinator_assignment_dates_check" CHECK ("endsOn" IS NULL OR "endsOn" >= "startsOn")
);

-- CreateTable
CREATE TABLE "memorandum" (
    "id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "signedOn" DATE NOT NULL,
    "place" TEXT,
    "programmeId" UUID,
    "goals" TEXT[],
    "archivedAt" TIMESTAMP(3),
    "searchText" TEXT GENERATED ALWAYS AS (veza_fold("title" || ' ' || coalesce("place", ''))) STORED,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "memorandum_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "memorandum_party" (
    "id" UUID NOT NULL,
    "memorandumId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "organizationId" UUID,
    "municipalityId" UUID,
    "signatoryId" UUID,
    "signatoryFunction" TEXT,

    CONSTRAINT "memorandum_party_pkey" PRIMARY KEY ("id"),
    -- A party is an organisation or a municipality, never both.
    CONSTRAINT "memorandum_party_one_party_check"
      CHECK (num_nonnulls("organizationId", "municipalityId") = 1)
);

-- CreateTable
CREATE TABLE "memorandum_resource" (
    "id" UUID NOT NULL,
    "memorandumId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "description" TEXT NOT NULL,
    "amount" DECIMAL(16,2) NOT NULL,
    "currency" CHAR(3) NOT NULL DEFAULT 'BAM',

    CONSTRAINT "memorandum_resource_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "memorandum_resource_amount_check" CHECK ("amount" >= 0)
);

-- CreateTable
CREATE TABLE "diaspora_member" (
    "id" UUID NOT NULL,
    "country" CHAR(2) NOT NULL,
    "city" TEXT,
    "homeMunicipalityId" UUID NOT NULL,
    "associationId" UUID,
    "skills" TEXT[],
    "sectors" TEXT[],
    "interests" TEXT[],
    "languages" TEXT[],
    "fullName" TEXT,
    "email" TEXT,
    "phone" TEXT,
    "consentGivenAt" TIMESTAMP(3),
    "consentScope" "ConsentScope",
    "consentWithdrawnAt" TIMESTAMP(3),
    "archivedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "diaspora_member_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "diaspora_member_interests_check" CHECK ("interests" <@ ARRAY['INVESTMENT',
      'KNOWLEDGE_TRANSFER', 'MENTORING', 'PHILANTHROPY', 'CULTURE', 'TOURISM', 'EDUCATION',
      'CIVIL_SOCIETY']::text[]),
    -- Personal fields exist only under active consent whose scope allows them (GDPR-style
    -- minimisation); src/modules/diaspora/service.ts enforces the same with clear messages.
    CONSTRAINT "diaspora_member_consent_check" CHECK (
      ("consentGivenAt" IS NULL) = ("consentScope" IS NULL)
      AND ("consentWithdrawnAt" IS NULL OR "consentGivenAt" IS NOT NULL)
      AND ("fullName" IS NULL OR ("consentWithdrawnAt" IS NULL AND "consentScope" IN ('NAME', 'CONTACT')))
      AND (("email" IS NULL AND "phone" IS NULL)
           OR ("consentWithdrawnAt" IS NULL AND "consentScope" = 'CONTACT')))
);

-- CreateIndex
CREATE UNIQUE INDEX "municipality_name_key" ON "municipality"("name");

-- CreateIndex
CREATE INDEX "municipality_administrativeUnit_idx" ON "municipality"("administrativeUnit");

-- CreateIndex
CREATE INDEX "diaspora_office_municipalityId_idx" ON "diaspora_office"("municipalityId");

-- CreateIndex
CREATE INDEX "programme_partnership_municipalityId_idx" ON "programme_partnership"("municipalityId");

-- CreateIndex
CREATE INDEX "programme_partnership_programmeId_municipalityId_idx" ON "programme_partnership"("programmeId", "municipalityId");

-- A municipality joins a programme once (an archived entry, made in error, does not count).
CREATE UNIQUE INDEX "programme_partnership_one_per_programme_key"
  ON "programme_partnership"("programmeId", "municipalityId") WHERE "archivedAt" IS NULL;

-- CreateIndex
CREATE INDEX "person_municipalityId_idx" ON "person"("municipalityId");

-- CreateIndex
CREATE INDEX "coordinator_assignment_municipalityId_programmeId_idx" ON "coordinator_assignment"("municipalityId", "programmeId");

-- CreateIndex
CREATE INDEX "coordinator_assignment_personId_idx" ON "coordinator_assignment"("personId");

-- CreateIndex
CREATE INDEX "memorandum_party_municipalityId_idx" ON "memorandum_party"("municipalityId");

-- CreateIndex
CREATE UNIQUE INDEX "memorandum_party_memorandumId_organizationId_key" ON "memorandum_party"("memorandumId", "organizationId");

-- CreateIndex
CREATE UNIQUE INDEX "memorandum_party_memorandumId_municipalityId_key" ON "memorandum_party"("memorandumId", "municipalityId");

-- CreateIndex
CREATE INDEX "diaspora_member_homeMunicipalityId_idx" ON "diaspora_member"("homeMunicipalityId");

-- CreateIndex
CREATE INDEX "diaspora_member_country_idx" ON "diaspora_member"("country");

-- CreateIndex
CREATE INDEX "organization_homeMunicipalityId_idx" ON "organization"("homeMunicipalityId");

-- AddForeignKey
ALTER TABLE "organization" ADD CONSTRAINT "organization_homeMunicipalityId_fkey" FOREIGN KEY ("homeMunicipalityId") REFERENCES "municipality"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "role_assignment" ADD CONSTRAINT "role_assignment_municipalityId_fkey" FOREIGN KEY ("municipalityId") REFERENCES "municipality"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "diaspora_office" ADD CONSTRAINT "diaspora_office_municipalityId_fkey" FOREIGN KEY ("municipalityId") REFERENCES "municipality"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "programme_partnership" ADD CONSTRAINT "programme_partnership_programmeId_fkey" FOREIGN KEY ("programmeId") REFERENCES "programme"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "programme_partnership" ADD CONSTRAINT "programme_partnership_municipalityId_fkey" FOREIGN KEY ("municipalityId") REFERENCES "municipality"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "person" ADD CONSTRAINT "person_municipalityId_fkey" FOREIGN KEY ("municipalityId") REFERENCES "municipality"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "person" ADD CONSTRAINT "person_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "coordinator_assignment" ADD CONSTRAINT "coordinator_assignment_personId_fkey" FOREIGN KEY ("personId") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "coordinator_assignment" ADD CONSTRAINT "coordinator_assignment_municipalityId_fkey" FOREIGN KEY ("municipalityId") REFERENCES "municipality"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "coordinator_assignment" ADD CONSTRAINT "coordinator_assignment_programmeId_fkey" FOREIGN KEY ("programmeId") REFERENCES "programme"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "memorandum" ADD CONSTRAINT "memorandum_programmeId_fkey" FOREIGN KEY ("programmeId") REFERENCES "programme"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "memorandum_party" ADD CONSTRAINT "memorandum_party_memorandumId_fkey" FOREIGN KEY ("memorandumId") REFERENCES "memorandum"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "memorandum_party" ADD CONSTRAINT "memorandum_party_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "memorandum_party" ADD CONSTRAINT "memorandum_party_municipalityId_fkey" FOREIGN KEY ("municipalityId") REFERENCES "municipality"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "memorandum_party" ADD CONSTRAINT "memorandum_party_signatoryId_fkey" FOREIGN KEY ("signatoryId") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "memorandum_resource" ADD CONSTRAINT "memorandum_resource_memorandumId_fkey" FOREIGN KEY ("memorandumId") REFERENCES "memorandum"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "diaspora_member" ADD CONSTRAINT "diaspora_member_homeMunicipalityId_fkey" FOREIGN KEY ("homeMunicipalityId") REFERENCES "municipality"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "diaspora_member" ADD CONSTRAINT "diaspora_member_associationId_fkey" FOREIGN KEY ("associationId") REFERENCES "organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- At most one open coordinator per municipality and programme (an assignment is open until it
-- has an end date or is archived); the service checks overlapping periods first so the CONFLICT
-- message is clear, and this index holds under concurrent writes.
CREATE UNIQUE INDEX "coordinator_assignment_one_open_coordinator_key"
  ON "coordinator_assignment"("municipalityId", "programmeId")
  WHERE "role" = 'COORDINATOR' AND "endsOn" IS NULL AND "archivedAt" IS NULL;

-- At most one open diaspora office or info point per municipality.
CREATE UNIQUE INDEX "diaspora_office_one_open_key"
  ON "diaspora_office"("municipalityId") WHERE "archivedAt" IS NULL;

-- Trigram indexes serve the substring searches on the folded text.
CREATE INDEX "municipality_searchText_trgm_idx" ON "municipality" USING gin ("searchText" gin_trgm_ops);
CREATE INDEX "person_searchText_trgm_idx" ON "person" USING gin ("searchText" gin_trgm_ops);
CREATE INDEX "memorandum_searchText_trgm_idx" ON "memorandum" USING gin ("searchText" gin_trgm_ops);
CREATE INDEX "diaspora_member_skills_idx" ON "diaspora_member" USING gin ("skills");
CREATE INDEX "diaspora_member_interests_idx" ON "diaspora_member" USING gin ("interests");
