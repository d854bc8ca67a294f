-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- Search folding: case, Latin diacritics (č ć đ š ž) and Serbian Cyrillic all fold to plain
-- Latin, so "kljuc" finds "Ključ" and "Кључ". IMMUTABLE so generated columns can use it;
-- src/search/fold.ts mirrors it for query strings.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE FUNCTION veza_fold(input text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$
  SELECT public.unaccent('public.unaccent'::regdictionary,
    translate(
      replace(replace(replace(lower(input), 'љ', 'lj'), 'њ', 'nj'), 'џ', 'dz'),
      'абвгдђежзијклмнопрстћуфхцчш',
      'abvgddezzijklmnoprstcufhccs'))
$$;

-- CreateEnum
CREATE TYPE "OrganizationKind" AS ENUM ('MINISTRY', 'GOVERNMENT', 'DONOR', 'UN_AGENCY', 'INTERNATIONAL_ORGANIZATION', 'FOUNDATION', 'DIASPORA_ASSOCIATION', 'NGO', 'MEDIA', 'BUSINESS', 'OTHER');

-- CreateEnum
CREATE TYPE "ProgrammeRole" AS ENUM ('LEAD', 'DONOR', 'IMPLEMENTER', 'PARTNER');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('NETWORK_ADMIN', 'COORDINATOR', 'DEPUTY_COORDINATOR', 'REVIEWER', 'DIASPORA_REPRESENTATIVE', 'PARTNER');

-- CreateTable
CREATE TABLE "programme" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "localName" TEXT,
    "description" TEXT,
    "startsOn" DATE,
    "endsOn" DATE,
    "searchText" TEXT GENERATED ALWAYS AS (
      veza_fold("code" || ' ' || "name" || ' ' || coalesce("localName", ''))) STORED,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "programme_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "organization" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "acronym" TEXT,
    "kind" "OrganizationKind" NOT NULL,
    "country" CHAR(2),
    "city" TEXT,
    "website" TEXT,
    "searchText" TEXT GENERATED ALWAYS AS (
      veza_fold("name" || ' ' || coalesce("acronym", '') || ' ' || coalesce("city", ''))) STORED,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "organization_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "programme_organization" (
    "programmeId" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "role" "ProgrammeRole" NOT NULL,

    CONSTRAINT "programme_organization_pkey" PRIMARY KEY ("programmeId","organizationId","role")
);

-- CreateTable
CREATE TABLE "user_account" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "passwordHash" TEXT,
    "disabledAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "user_account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "role_assignment" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "role" "Role" NOT NULL,
    "programmeId" UUID,
    "municipalityId" UUID,
    "organizationId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "role_assignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "session" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "session_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "programme_code_key" ON "programme"("code");

-- CreateIndex
CREATE INDEX "organization_kind_idx" ON "organization"("kind");

-- CreateIndex
CREATE INDEX "organization_country_idx" ON "organization"("country");

-- CreateIndex
CREATE INDEX "programme_organization_organizationId_idx" ON "programme_organization"("organizationId");

-- AddForeignKey
ALTER TABLE "programme_organization" ADD CONSTRAINT "programme_organization_programmeId_fkey" FOREIGN KEY ("programmeId") REFERENCES "programme"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "programme_organization" ADD CONSTRAINT "programme_organization_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- CreateIndex
CREATE UNIQUE INDEX "user_account_email_key" ON "user_account"("email");

-- CreateIndex
CREATE INDEX "role_assignment_userId_idx" ON "role_assignment"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "session_tokenHash_key" ON "session"("tokenHash");

-- CreateIndex
CREATE INDEX "session_userId_idx" ON "session"("userId");

-- AddForeignKey
ALTER TABLE "role_assignment" ADD CONSTRAINT "role_assignment_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user_account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "role_assignment" ADD CONSTRAINT "role_assignment_programmeId_fkey" FOREIGN KEY ("programmeId") REFERENCES "programme"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "session" ADD CONSTRAINT "session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user_account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "role_assignment" ADD CONSTRAINT "role_assignment_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Trigram indexes serve the substring searches on the folded text.
CREATE INDEX "programme_searchText_trgm_idx" ON "programme" USING gin ("searchText" gin_trgm_ops);
CREATE INDEX "organization_searchText_trgm_idx" ON "organization" USING gin ("searchText" gin_trgm_ops);
