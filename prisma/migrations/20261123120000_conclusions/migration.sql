-- CreateEnum
CREATE TYPE "EventKind" AS ENUM ('WORKSHOP', 'TRAINING', 'BUSINESS_COFFEE', 'DIASPORA_DAYS', 'NETWORK_MEETING', 'SIGNING_CEREMONY', 'CONFERENCE');

-- CreateEnum
CREATE TYPE "ConclusionStatus" AS ENUM ('DRAFT', 'ADOPTED');

-- CreateEnum
CREATE TYPE "ConclusionItemKind" AS ENUM ('CONCLUSION', 'RECOMMENDATION', 'ACTION');

-- CreateTable
CREATE TABLE "event" (
    "id" UUID NOT NULL,
    "kind" "EventKind" NOT NULL,
    "title" TEXT NOT NULL,
    "programmeId" UUID,
    "place" TEXT,
    "startsOn" DATE NOT NULL,
    "endsOn" DATE NOT NULL,
    "published" BOOLEAN NOT NULL DEFAULT false,
    "searchText" TEXT GENERATED ALWAYS AS (
      veza_fold("title" || ' ' || coalesce("place", ''))) STORED,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "conclusion_document" (
    "id" UUID NOT NULL,
    "eventId" UUID NOT NULL,
    "status" "ConclusionStatus" NOT NULL DEFAULT 'DRAFT',
    "snapshot" BYTEA NOT NULL,
    "snapshotSeq" INTEGER NOT NULL DEFAULT 0,
    "lastSeq" INTEGER NOT NULL DEFAULT 0,
    "adoptedAt" TIMESTAMP(3),
    "adoptedById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "conclusion_document_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "conclusion_update" (
    "documentId" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "update" BYTEA NOT NULL,
    "authorId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "conclusion_update_pkey" PRIMARY KEY ("documentId","seq")
);

-- CreateTable
CREATE TABLE "conclusion_item" (
    "documentId" UUID NOT NULL,
    "itemId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "kind" "ConclusionItemKind" NOT NULL,
    "day" INTEGER,
    "text" TEXT NOT NULL,
    "ownerMunicipalityId" TEXT,
    "dueDate" TEXT,

    CONSTRAINT "conclusion_item_pkey" PRIMARY KEY ("documentId","itemId")
);

-- CreateIndex
CREATE INDEX "event_programmeId_startsOn_idx" ON "event"("programmeId", "startsOn");

-- CreateIndex
CREATE UNIQUE INDEX "conclusion_document_eventId_key" ON "conclusion_document"("eventId");

-- AddForeignKey
ALTER TABLE "event" ADD CONSTRAINT "event_programmeId_fkey" FOREIGN KEY ("programmeId") REFERENCES "programme"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "conclusion_document" ADD CONSTRAINT "conclusion_document_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "conclusion_update" ADD CONSTRAINT "conclusion_update_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "conclusion_document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "conclusion_item" ADD CONSTRAINT "conclusion_item_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "conclusion_document"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Trigram index for event search.
CREATE INDEX "event_searchText_trgm_idx" ON "event" USING gin ("searchText" gin_trgm_ops);
