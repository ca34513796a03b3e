import type { Language, ParseErrorCode } from "#src/domain/types.js";
import { messages } from "./index.js";

export interface ParseErrorMessageOptions {
  /** The task code the message named, if any. */
  task: string | null;
  /** A task of the sender's to build the example from; a generic code when unknown. */
  exampleTask: string | null;
}

/** The answer to a message the parser could not take as a report, with an example of a good one. */
export function parseErrorMessage(error: ParseErrorCode, lang: Language, opts: ParseErrorMessageOptions): string {
  const t = messages(lang);
  const example = t.exampleReport(opts.exampleTask ?? opts.task ?? "BY-01");
  switch (error) {
    case "not_a_report":
      return t.parseNotAReport(example);
    case "no_task":
      return t.parseNoTask(example);
    case "no_progress":
      return t.parseNoProgress(opts.task ?? opts.exampleTask ?? "BY-01", example);
    case "percent_out_of_range":
      return t.parseOutOfRange(example);
  }
}
