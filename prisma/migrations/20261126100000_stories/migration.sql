-- Stories (issue 18): good practices and news of a municipality or an organisation, searched
-- ignoring case and diacritics through a generated column like the directory's.

-- CreateEnum
CREATE TYPE "StoryKind" AS ENUM ('GOOD_PRACTICE', 'NEWS');

-- CreateEnum
CREATE TYPE "StoryStatus" AS ENUM ('DRAFT', 'PUBLISHED');

-- CreateTable
CREATE TABLE "story" (
    "id" UUID NOT NULL,
    "kind" "StoryKind" NOT NULL,
    "municipalityId" UUID,
    "organizationId" UUID,
    "programmeId" UUID,
    "title" TEXT NOT NULL,
    "summary" TEXT,
    "body" TEXT NOT NULL,
    "topics" TEXT[],
    "links" JSONB NOT NULL DEFAULT '[]',
    "coverImageUrl" TEXT,
    "status" "StoryStatus" NOT NULL DEFAULT 'DRAFT',
    "publishedAt" TIMESTAMP(3),
    "authorId" UUID,
    "searchText" TEXT GENERATED ALWAYS AS (
      veza_fold("title" || ' ' || coalesce("summary", '') || ' ' || "body")) STORED,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "story_pkey" PRIMARY KEY ("id"),
    -- Every story speaks for someone: a municipality, an organisation, or both.
    CONSTRAINT "story_owner_check" CHECK ("municipalityId" IS NOT NULL OR "organizationId" IS NOT NULL),
    -- A published story has its publication date (the feeds' <published>).
    CONSTRAINT "story_published_check" CHECK ("status" <> 'PUBLISHED' OR "publishedAt" IS NOT NULL)
);

-- CreateIndex
CREATE INDEX "story_status_kind_publishedAt_idx" ON "story"("status", "kind", "publishedAt");

-- CreateIndex
CREATE INDEX "story_municipalityId_status_idx" ON "story"("municipalityId", "status");

-- CreateIndex
CREATE INDEX "story_programmeId_idx" ON "story"("programmeId");

CREATE INDEX "story_searchText_trgm_idx" ON "story" USING gin ("searchText" gin_trgm_ops);
CREATE INDEX "story_topics_idx" ON "story" USING gin ("topics");

-- CreateIndex
CREATE INDEX "story_organizationId_idx" ON "story"("organizationId");

-- AddForeignKey
ALTER TABLE "story" ADD CONSTRAINT "story_municipalityId_fkey" FOREIGN KEY ("municipalityId") REFERENCES "municipality"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "story" ADD CONSTRAINT "story_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "story" ADD CONSTRAINT "story_programmeId_fkey" FOREIGN KEY ("programmeId") REFERENCES "programme"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "story" ADD CONSTRAINT "story_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "user_account"("id") ON DELETE SET NULL ON UPDATE CASCADE;

