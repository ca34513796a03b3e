import type { Sql } from "#src/db/sql.js";
import { doubtOf, type Doubt, type Reading } from "#src/domain/plausibility.js";
import type { ParsedReport } from "#src/domain/types.js";
import type { Prisma } from "#src/generated/prisma/client.js";
import type { ActionsService, OfferedButton } from "./actions.js";
import type { IncomingPhoto } from "./photos.js";
import { mayReportOn, reportTask, type MessageSource, type Reporter, type ReportTask } from "./reports.js";

/** Kinds of the buttons this file offers (the bot's actions feature dispatches on them). */
export const QUESTION_KIND = "report.doubt";
export const WHICH_KIND = "report.which";
/** A question is worth answering for a day. */
export const QUESTION_TTL_MS = 24 * 3600 * 1000;

/** A doubtful report, asked back with a button per reading. */
export interface Question {
  code: string;
  previous: number;
  asWritten: number;
  why: Doubt["why"];
  buttons: OfferedButton[];
}

/** What a button says: the view's words for a reading, or for a task code to choose. */
export type ChoiceLabel = (choice: Reading | { kind: "task"; code: string }) => string;

/** The original message, kept in a button's payload so a tap records it as if it came then. */
interface StoredSource {
  chatId: string;
  messageId: number;
  updateId: string | null;
  sentAt: string;
  text: string;
}

export type QuestionPayload =
  | { kind: "record"; code: string; report: ParsedReport; source: StoredSource; photo?: IncomingPhoto }
  | { kind: "cancel"; code: string }
  | { kind: "which"; code: string; text: string; source: StoredSource };

export function storeSource(source: MessageSource): StoredSource {
  return {
    chatId: source.chatId.toString(),
    messageId: source.messageId,
    updateId: source.updateId === null ? null : source.updateId.toString(),
    sentAt: source.sentAt.toISOString(),
    text: source.text,
  };
}

export function loadSource(stored: StoredSource): MessageSource {
  return {
    chatId: BigInt(stored.chatId),
    messageId: stored.messageId,
    updateId: stored.updateId === null ? null : BigInt(stored.updateId),
    sentAt: new Date(stored.sentAt),
    text: stored.text,
    editedAt: null,
  };
}

/**
 * Splits a message's reports into those to record now and those to ask about first. Unknown
 * tasks and other people's tasks are never asked about: recording answers them with one line.
 */
export async function sortOutDoubts(
  sql: Sql,
  actions: ActionsService,
  reporter: Reporter,
  reports: ParsedReport[],
  source: MessageSource,
  label: ChoiceLabel,
  photo: IncomingPhoto | null = null,
): Promise<{ sure: ParsedReport[]; questions: Question[]; tasks: Map<string, ReportTask | null> }> {
  const sure: ParsedReport[] = [];
  const questions: Question[] = [];
  const tasks = new Map<string, ReportTask | null>();
  for (const report of reports) {
    const task = source.editedAt ? null : await reportTask(sql, report.task, source);
    if (!source.editedAt) tasks.set(report.task, task);
    const doubt = task && task.alreadyReportId === null && mayReportOn(task, reporter) ? doubtOf(report, task.progressPercent) : null;
    if (!doubt) {
      sure.push(report);
      continue;
    }
    const stored = storeSource(source);
    const buttons = await actions.offer({
      kind: QUESTION_KIND,
      chatId: source.chatId,
      personId: reporter.person.id,
      ttlMs: QUESTION_TTL_MS,
      options: doubt.readings.map((reading) => ({
        label: label(reading),
        payload: (reading.kind === "cancel"
          ? { kind: "cancel", code: doubt.task }
          : { kind: "record", code: doubt.task, report: reading.report, source: stored, ...(photo ? { photo } : {}) }) as unknown as Prisma.InputJsonValue,
      })),
    });
    questions.push({ code: doubt.task, previous: doubt.previous, asWritten: doubt.asWritten, why: doubt.why, buttons });
  }
  return { sure, questions, tasks };
}

/** Asks which of the sender's tasks a code-less reply to a prompt is about: a button per task. */
export async function askWhichTask(
  actions: ActionsService,
  reporter: Reporter,
  codes: string[],
  text: string,
  source: MessageSource,
  label: ChoiceLabel,
): Promise<OfferedButton[]> {
  const stored = storeSource(source);
  return actions.offer({
    kind: WHICH_KIND,
    chatId: source.chatId,
    personId: reporter.person.id,
    ttlMs: QUESTION_TTL_MS,
    options: codes.map((code) => ({
      label: label({ kind: "task", code }),
      payload: { kind: "which", code, text, source: stored } as unknown as Prisma.InputJsonValue,
    })),
  });
}

const CODE_RUN = /[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]/g;

/** The task codes a bot message lists (a group's prompt names every task due there). */
export function codesIn(text: string): Set<string> {
  return new Set([...text.matchAll(CODE_RUN)].map((m) => m[0].toUpperCase()));
}
