import type { Language } from "#src/domain/types.js";
import { messages, type Messages } from "#src/locales/index.js";
import { parseErrorMessage } from "#src/locales/parse-errors.js";
import type { OutcomeView, ReportingAnswer } from "#src/services/reporting.js";
import { blockErrorLines, otherAnswer } from "./questions.js";
import { formatDelta, formatPercent, formatQuantity, personHandle } from "./format.js";

type ReportAnswer = ReportingAnswer;
type OutcomeLine = OutcomeView;

export interface RenderedReply {
  text: string;
  /** Ask the officer to answer this message (it carries the task). */
  forceReply: boolean;
}

/** The answer to a report, in the language the officer wrote in; null when silence fits. */
export function reportReply(answer: ReportAnswer, lang: Language): RenderedReply | null {
  const t = messages(lang);
  switch (answer.kind) {
    case "silent":
      return null;
    case "unbound":
      return { text: t.unboundChat, forceReply: false };
    case "withdrawn":
      return { text: t.reportWithdrawn(answer.codes.join(t.listSeparator)), forceReply: false };
    case "choose_task":
      return { text: t.noTaskChoose(answer.codes), forceReply: false };
    case "parse_error":
      return {
        text: parseErrorMessage(answer.error, lang, { task: answer.task, exampleTask: answer.exampleTask }),
        forceReply: answer.error === "no_progress",
      };
    case "outcomes": {
      const text = [...answer.outcomes.map((o) => outcomeLine(o, lang, t)), ...blockErrorLines(answer, lang)].join("\n");
      return text ? { text, forceReply: false } : null;
    }
    case "which_task":
      return null; // asked with buttons (views/questions.ts)
    case "plan_kept":
    case "photo_kept":
    case "cancelled":
      return otherAnswer(answer, lang);
  }
}

function outcomeLine(o: OutcomeLine, lang: Language, t: Messages): string {
  if (o.kind === "unknown_task") return t.unknownTask(o.code);
  if (o.kind === "not_allowed") return t.notYourTask(o.code, personHandle(o.owner));
  const view = {
    code: o.code,
    name: o.name,
    percent: formatPercent(o.reported, t),
    change:
      o.previousPercent === null ? t.firstReport : o.reported === null ? "" : t.changeSince(formatDelta(o.reported - o.previousPercent)),
    quantity: o.quantityTotal !== null && o.quantityUnit ? formatQuantity(o.quantityTotal, o.quantityUnit, lang, t) : null,
    expected: o.expected === null ? t.noExpected : formatPercent(o.expected, t),
    lag: t.lagText(o.lag),
    light: t.light[o.light],
    blockers: o.blockers.length ? o.blockers.map((b) => `[${t.blocker[b.category]}] ${b.text}`).join(t.problemSeparator) : null,
  };
  const closing = [
    ...o.closedProblems.map((p) => t.problemClosed(o.code, t.blocker[p.category], p.days)),
    ...o.nothingToClose.map((c) => t.problemNothingToClose(o.code, c === "all" ? null : t.blocker[c])),
  ];
  // A message that only closed problems is answered with what it closed.
  if (o.closingOnly) return closing.join("\n");
  const line = o.kind === "recorded" ? t.reportRecorded(view) : t.reportCorrected(view);
  return [o.newStatus ? `${line}\n${t.statusChanged(t.status[o.newStatus])}` : line, ...closing].join("\n");
}
