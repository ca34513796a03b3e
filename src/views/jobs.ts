import type { Messages } from "#src/locales/index.js";
import type { ScheduleShown } from "#src/services/scheduler.js";
import type { PersonName } from "#src/domain/people.js";
import { personHandle, personName } from "./format.js";

interface TaskRef {
  task: { code: string; name: string };
  owner: PersonName;
  unit: { name: string };
}

/** The morning prompt for a group: every task due there, with its owner's @handle and code. */
export function promptGroupText(day: string, tasks: TaskRef[], t: Messages): string {
  return [t.promptGroupHeader(day), ...tasks.map((x) => t.promptGroupLine(x.task.code, x.task.name, personHandle(x.owner)))].join("\n");
}

/** A reminder in private, to an officer who asked for them there (/dm on). */
export function privateReminderText(day: string, codes: string[], t: Messages): string {
  return t.remindPrivate(day, codes.join(t.listSeparator));
}

/** One reminder per group, naming (with @handles, so they are notified) only the owners still missing. */
export function reminderText(day: string, owners: { owner: PersonName; codes: string[] }[], t: Messages): string {
  return [t.remindHeader(day), ...owners.map((o) => t.remindLine(personHandle(o.owner), o.codes.join(t.listSeparator)))].join("\n");
}

/** For the leaders: tasks whose owners have missed N periods in a row, by name. */
export function escalationText(after: number, late: (TaskRef & { missedInARow: number })[], t: Messages): string {
  return [t.escalateHeader(after), ...late.map((x) => t.escalateLine(x.task.code, x.task.name, personName(x.owner), x.unit.name, x.missedInARow))].join("\n");
}

/** /schedule: every job's time, a time the job queue has not taken yet marked, and the usage. */
export function scheduleText(shown: ScheduleShown, t: Messages): string {
  const lines = shown.jobs.map((j) => t.scheduleLine(j.job, t.jobName[j.job] ?? j.job, j.time, j.workdaysOnly) + (j.waiting ? t.scheduleWaiting : ""));
  return [t.scheduleList(lines.join("\n")), ...(shown.queueDown ? [t.scheduleQueueDown] : []), "", t.scheduleUsage].join("\n");
}
