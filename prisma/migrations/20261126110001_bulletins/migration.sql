-- CreateEnum
CREATE TYPE "BulletinStatus" AS ENUM ('DRAFT', 'SENT');

-- CreateTable
CREATE TABLE "bulletin" (
    "id" UUID NOT NULL,
    "programmeId" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "editorial" TEXT NOT NULL,
    "status" "BulletinStatus" NOT NULL DEFAULT 'DRAFT',
    "sentListIds" TEXT[],
    "sentAt" TIMESTAMP(3),
    "sentById" UUID,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "bulletin_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "bulletin_story" (
    "bulletinId" UUID NOT NULL,
    "storyId" UUID NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "bulletin_story_pkey" PRIMARY KEY ("bulletinId","storyId")
);

-- CreateTable
CREATE TABLE "bulletin_recipient" (
    "id" UUID NOT NULL,
    "bulletinId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "listIds" TEXT[],
    "deliveryId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "bulletin_recipient_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "bulletin_programmeId_status_idx" ON "bulletin"("programmeId", "status");

-- CreateIndex
CREATE INDEX "bulletin_story_storyId_idx" ON "bulletin_story"("storyId");

-- CreateIndex
CREATE UNIQUE INDEX "bulletin_recipient_deliveryId_key" ON "bulletin_recipient"("deliveryId");

-- CreateIndex
CREATE UNIQUE INDEX "bulletin_recipient_bulletinId_email_key" ON "bulletin_recipient"("bulletinId", "email");

-- AddForeignKey
ALTER TABLE "bulletin" ADD CONSTRAINT "bulletin_programmeId_fkey" FOREIGN KEY ("programmeId") REFERENCES "programme"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bulletin_story" ADD CONSTRAINT "bulletin_story_bulletinId_fkey" FOREIGN KEY ("bulletinId") REFERENCES "bulletin"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bulletin_story" ADD CONSTRAINT "bulletin_story_storyId_fkey" FOREIGN KEY ("storyId") REFERENCES "story"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bulletin_recipient" ADD CONSTRAINT "bulletin_recipient_bulletinId_fkey" FOREIGN KEY ("bulletinId") REFERENCES "bulletin"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bulletin_recipient" ADD CONSTRAINT "bulletin_recipient_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "delivery"("id") ON DELETE SET NULL ON UPDATE CASCADE;

