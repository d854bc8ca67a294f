-- Users (issue 22): phone of their own profile (the language came with notifications), the link
-- to their directory entry, search by name and e-mail, and audit kinds for disabling and enabling.

-- PostgreSQL 12+ adds enum values inside a transaction (they are not used in this one).
ALTER TYPE "AuditEventKind" ADD VALUE 'USER_DISABLED';
ALTER TYPE "AuditEventKind" ADD VALUE 'USER_ENABLED';

ALTER TABLE "user_account"
    ADD COLUMN "personId" UUID,
    ADD COLUMN "phone" TEXT,
    ADD COLUMN "searchText" TEXT GENERATED ALWAYS AS (
      veza_fold("displayName" || ' ' || "email")) STORED;

CREATE UNIQUE INDEX "user_account_personId_key" ON "user_account"("personId");

ALTER TABLE "user_account" ADD CONSTRAINT "user_account_personId_fkey" FOREIGN KEY ("personId") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE CASCADE;
