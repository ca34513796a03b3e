import type { Messages } from "#src/locales/index.js";
import type { AdminCloseResult, OpenProblem } from "#src/services/problems.js";

const SHOWN = 30;

/** The admin's /close answered: what was closed and how long each was open. */
export function closeAnswer(result: AdminCloseResult, t: Messages): string {
  switch (result.kind) {
    case "unknown_task":
      return t.unknownTask(result.code);
    case "nothing_open":
      return t.problemNothingToClose(result.code, result.target === "all" ? null : t.blocker[result.target]);
    case "closed":
      return t.closeDone(
        result.closed.map((c) => t.problemClosed(c.task, t.blocker[c.category], c.days)).join("\n"),
      );
  }
}

export type ProblemListResult = { kind: "unknown_unit"; name: string } | { kind: "list"; unit: string | null; problems: OpenProblem[] };

/** /problems: open problems, oldest first, with days and workdays open. */
export function problemList(result: ProblemListResult, t: Messages): string {
  if (result.kind === "unknown_unit") return t.problemsUnknownUnit(result.name);
  const { unit, problems } = result;
  if (problems.length === 0) return t.problemsNone(unit);
  const lines = problems
    .slice(0, SHOWN)
    .map((p, i) =>
      t.problemsLine(i + 1, p.code, p.taskName, unit ? null : p.unit, t.blocker[p.category], p.texts.join("；"), p.age.days, p.age.workdays),
    );
  if (problems.length > SHOWN) lines.push(t.problemsMore(problems.length - SHOWN));
  return [t.problemsTitle(unit, problems.length), ...lines].join("\n");
}
