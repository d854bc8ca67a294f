-- Events (issue 22): an online meeting link, and the larger event one is part of (a business
-- coffee inside the Diaspora Days). Search on project ideas and funding calls, folded like the
-- other searchText columns (veza_fold: case, diacritics, Cyrillic).
ALTER TABLE "event" ADD COLUMN     "onlineUrl" TEXT,
ADD COLUMN     "parentEventId" UUID;

ALTER TABLE "project_idea" ADD COLUMN "searchText" TEXT GENERATED ALWAYS AS (
  veza_fold("title")) STORED;

ALTER TABLE "funding_call" ADD COLUMN "searchText" TEXT GENERATED ALWAYS AS (
  veza_fold("title" || ' ' || coalesce("eligibility", ''))) STORED;

CREATE INDEX "event_parentEventId_idx" ON "event"("parentEventId");
CREATE INDEX "project_idea_searchText_trgm_idx" ON "project_idea" USING gin ("searchText" gin_trgm_ops);
CREATE INDEX "funding_call_searchText_trgm_idx" ON "funding_call" USING gin ("searchText" gin_trgm_ops);

ALTER TABLE "event" ADD CONSTRAINT "event_parentEventId_fkey" FOREIGN KEY ("parentEventId") REFERENCES "event"("id") ON DELETE SET NULL ON UPDATE CASCADE;
