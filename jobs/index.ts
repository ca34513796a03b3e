import { digestJob } from "./digest.js";
import { escalateJob } from "./escalate.js";
import { promptJob } from "./prompt.js";
import { remindJob } from "./remind.js";
import type { JobDefinition, JobName } from "./types.js";

export { JOB_NAMES, isJobName, type JobName } from "./types.js";

/** Every job, defined once; the BullMQ and node-cron drivers both run these. */
export const JOBS: Record<JobName, JobDefinition> = {
  prompt: promptJob,
  remind: remindJob,
  digest: digestJob,
  escalate: escalateJob,
};
