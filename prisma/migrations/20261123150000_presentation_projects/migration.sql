-- AlterTable
ALTER TABLE "presentation" ADD COLUMN     "projectIdeaId" UUID;

-- AddForeignKey
ALTER TABLE "presentation" ADD CONSTRAINT "presentation_projectIdeaId_fkey" FOREIGN KEY ("projectIdeaId") REFERENCES "project_idea"("id") ON DELETE SET NULL ON UPDATE CASCADE;

