-- AlterTable
ALTER TABLE "IncidentUpdate" ADD COLUMN "affectedComponents" TEXT;
