-- Each day's forecast beside its light, so an early 督办单 can see two periods in a row late.
ALTER TABLE "TaskLight" ADD COLUMN "forecastLateDays" INTEGER;
