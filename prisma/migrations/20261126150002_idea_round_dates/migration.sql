-- AlterTable
ALTER TABLE "project_idea_round" ADD COLUMN     "closedAt" TIMESTAMP(3),
ADD COLUMN     "closesOn" DATE,
ADD COLUMN     "opensOn" DATE;

