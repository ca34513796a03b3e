-- AlterTable
ALTER TABLE "Task" ADD COLUMN     "quantityUnit" TEXT;

