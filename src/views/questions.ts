import type { Reading } from "#src/domain/plausibility.js";
import type { Language } from "#src/domain/types.js";
import { messages } from "#src/locales/index.js";
import { parseErrorMessage } from "#src/locales/parse-errors.js";
import type { OfferedButton } from "#src/services/index.js";
import type { ReportingAnswer } from "#src/services/reporting.js";
import type { ChoiceLabel } from "#src/services/questions.js";
import { formatPercent } from "./format.js";

/** One more message after the answer: a question with its buttons. */
export interface FollowUp {
  text: string;
  buttons: OfferedButton[][];
  /** Ask the officer to answer this message. */
  forceReply?: boolean;
}

/** What each button says, in the message's language: `记为 65%`, `确认`, `取消`, a task code. */
export function choiceLabels(lang: Language): ChoiceLabel {
  const t = messages(lang);
  return (choice: Reading | { kind: "task"; code: string }) => {
    switch (choice.kind) {
      case "task":
        return choice.code;
      case "as_percent":
        return t.askAsPercent(formatPercent(choice.percent, t));
      case "confirm":
        return t.askConfirm;
      case "cancel":
        return t.askCancel;
    }
  };
}

/** The lines the answer to a report ends with: one per block that could not be read. */
export function blockErrorLines(answer: ReportingAnswer, lang: Language): string[] {
  if (answer.kind !== "outcomes" || !answer.blockErrors) return [];
  return answer.blockErrors.map((e) => messages(lang).blockErrorLine(parseErrorMessage(e.error, lang, { task: e.task, exampleTask: e.task })));
}

/** Doubtful reports asked back, one message each, with a button per reading. */
export function questionMessages(answer: ReportingAnswer, lang: Language): FollowUp[] {
  const t = messages(lang);
  if (answer.kind === "which_task") return [{ text: t.askWhichTask(answer.codes.join(t.listSeparator)), buttons: [answer.buttons] }];
  if (answer.kind !== "outcomes" || !answer.questions) return [];
  return answer.questions.map((q) => {
    const p = (x: number) => formatPercent(x, t);
    const text =
      q.why === "period_as_cumulative"
        ? t.askPeriodAsCumulative(q.code, p(q.previous), p(q.asWritten), p(Math.min(100, q.previous + q.asWritten)))
        : q.why === "fall"
          ? t.askFall(q.code, p(q.previous), p(q.asWritten))
          : t.askRise(q.code, p(q.previous), p(q.asWritten));
    return { text, buttons: [q.buttons] };
  });
}

/** Answers that are neither outcomes nor parse errors: a plan kept, a photo kept, a question cancelled. */
export function otherAnswer(answer: ReportingAnswer, lang: Language): { text: string; forceReply: boolean } | null {
  const t = messages(lang);
  switch (answer.kind) {
    case "plan_kept":
      return answer.ask ? { text: t.planKept(answer.code, answer.plan), forceReply: true } : null;
    case "photo_kept":
      return { text: t.photoKept(answer.code, answer.count), forceReply: false };
    case "cancelled":
      return { text: t.askCancelled(answer.code), forceReply: false };
    default:
      return null;
  }
}
