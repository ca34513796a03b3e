-- AlterTable
ALTER TABLE "Person" ADD COLUMN     "chosenLanguage" TEXT;
