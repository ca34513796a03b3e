/** The scheduled jobs, named once: a leaf every layer may read. */
export const JOB_NAMES = ["prompt", "remind", "digest", "escalate"] as const;
export type JobName = (typeof JOB_NAMES)[number];

export function isJobName(name: string): name is JobName {
  return (JOB_NAMES as readonly string[]).includes(name);
}

export interface JobCatalogEntry {
  /** HH:MM in DUBAN_TIMEZONE unless an admin set another. */
  defaultTime: string;
  /** Reminders go out on workdays only; the digest every day. */
  workdaysOnly: boolean;
}

export const JOB_CATALOG: Record<JobName, JobCatalogEntry> = {
  digest: { defaultTime: "08:30", workdaysOnly: false },
  escalate: { defaultTime: "08:40", workdaysOnly: true },
  prompt: { defaultTime: "09:00", workdaysOnly: true },
  remind: { defaultTime: "16:00", workdaysOnly: true },
};

export type Schedule = Record<JobName, string>;

export function defaultSchedule(): Schedule {
  return { prompt: JOB_CATALOG.prompt.defaultTime, remind: JOB_CATALOG.remind.defaultTime, digest: JOB_CATALOG.digest.defaultTime, escalate: JOB_CATALOG.escalate.defaultTime };
}

/** HH:MM, 00:00 to 23:59 (full-width colon too). */
export function parseTime(text: string): string | null {
  const m = /^([01]?\d|2[0-3])[:：]([0-5]\d)$/u.exec(text.trim());
  return m?.[1] && m[2] ? `${m[1].padStart(2, "0")}:${m[2]}` : null;
}

/** Minutes since midnight of an HH:MM time. */
export function minutesOf(time: string): number {
  const [hh = 0, mm = 0] = time.split(":").map(Number);
  return hh * 60 + mm;
}

/** The HH:MM a daily pattern of cronPattern's runs at; null for any other pattern. */
export function timeOfPattern(pattern: string): string | null {
  const m = /^(\d{1,2}) (\d{1,2}) \* \* \*$/.exec(pattern);
  return m?.[1] && m[2] ? `${m[2].padStart(2, "0")}:${m[1].padStart(2, "0")}` : null;
}

/** The cron pattern for a daily HH:MM. */
export function cronPattern(time: string): string {
  const [hh = 0, mm = 0] = time.split(":").map(Number);
  return `${mm} ${hh} * * *`;
}
