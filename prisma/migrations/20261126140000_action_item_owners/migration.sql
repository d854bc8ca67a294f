-- AlterTable
ALTER TABLE "conclusion_item" ADD COLUMN     "allPartners" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "ownerMunicipalityIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "ownerOrganizationIds" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "action_item" ADD COLUMN     "forAllPartners" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "action_item_update" ADD COLUMN     "ownerId" UUID;

-- CreateTable
CREATE TABLE "action_item_owner" (
    "id" UUID NOT NULL,
    "actionItemId" UUID NOT NULL,
    "municipalityId" UUID,
    "organizationId" UUID,
    "status" "ActionItemStatus" NOT NULL DEFAULT 'OPEN',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "action_item_owner_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "action_item_owner_municipalityId_status_idx" ON "action_item_owner"("municipalityId", "status");

-- CreateIndex
CREATE INDEX "action_item_owner_organizationId_status_idx" ON "action_item_owner"("organizationId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "action_item_owner_actionItemId_municipalityId_key" ON "action_item_owner"("actionItemId", "municipalityId");

-- CreateIndex
CREATE UNIQUE INDEX "action_item_owner_actionItemId_organizationId_key" ON "action_item_owner"("actionItemId", "organizationId");

-- CreateIndex
CREATE INDEX "action_item_update_ownerId_idx" ON "action_item_update"("ownerId");

-- AddForeignKey
ALTER TABLE "action_item_owner" ADD CONSTRAINT "action_item_owner_actionItemId_fkey" FOREIGN KEY ("actionItemId") REFERENCES "action_item"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "action_item_owner" ADD CONSTRAINT "action_item_owner_municipalityId_fkey" FOREIGN KEY ("municipalityId") REFERENCES "municipality"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "action_item_owner" ADD CONSTRAINT "action_item_owner_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "action_item_update" ADD CONSTRAINT "action_item_update_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "action_item_owner"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- A share is owned by exactly one municipality or one organisation (hand-written).
ALTER TABLE "action_item_owner" ADD CONSTRAINT "action_item_owner_one_owner"
  CHECK (("municipalityId" IS NULL) <> ("organizationId" IS NULL));

-- Existing single-owner items get their owner's share, with the item's status (hand-written).
INSERT INTO "action_item_owner" ("id", "actionItemId", "municipalityId", "organizationId", "status", "createdAt", "updatedAt")
SELECT gen_random_uuid(), a."id", a."ownerMunicipalityId", NULL, a."status", a."createdAt", a."updatedAt"
  FROM "action_item" a WHERE a."ownerMunicipalityId" IS NOT NULL;
INSERT INTO "action_item_owner" ("id", "actionItemId", "municipalityId", "organizationId", "status", "createdAt", "updatedAt")
SELECT gen_random_uuid(), a."id", NULL, a."ownerOrganizationId", a."status", a."createdAt", a."updatedAt"
  FROM "action_item" a WHERE a."ownerOrganizationId" IS NOT NULL AND a."ownerMunicipalityId" IS NULL;
-- Their past reports were about that one share.
UPDATE "action_item_update" u SET "ownerId" = o."id"
  FROM "action_item_owner" o WHERE o."actionItemId" = u."actionItemId";
