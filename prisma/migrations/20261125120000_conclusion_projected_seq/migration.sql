-- AlterTable
ALTER TABLE "conclusion_document" ADD COLUMN     "projectedSeq" INTEGER NOT NULL DEFAULT 0;

