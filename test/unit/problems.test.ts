import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  applyAdminClose,
  applyEffects,
  applyReportToProblems,
  closeAll,
  closureSummary,
  oldestOpen,
  parseCloseCommand,
  problemAge,
  sortOldestFirst,
  type Problem,
  type ProblemActor,
  type ProblemEffect,
} from "#src/domain/problems.js";
import { addWorkdays, workdayTest, workdaysAfter } from "#src/domain/workdays.js";
import { BLOCKER_CATEGORIES, type BlockerCategory } from "#src/domain/types.js";

const TZ = "Asia/Shanghai";
const officer: ProblemActor = { role: "officer", personId: 7 };
const admin: ProblemActor = { role: "admin", personId: 1 };
// 2026-10-01..07 国庆 off; Sunday 2026-10-11 a make-up workday.
const isWorkday = workdayTest([
  ...["01", "02", "03", "04", "05", "06", "07"].map((d) => ({ day: `2026-10-${d}`, workday: false, name: "国庆" })),
  { day: "2026-10-11", workday: true, name: "调休" },
]);

/** An instant at hh:mm Beijing time on a day. */
const at = (day: string, time = "10:00") => new Date(`${day}T${time}:00+08:00`);

interface Row extends Problem {
  id: number;
}

let nextId = 1;
function row(category: BlockerCategory, text: string, opened: string, closed: string | null = null, task = "BY-01"): Row {
  return {
    id: nextId++,
    task,
    category,
    openedAt: at(opened),
    wordings: [{ text, at: at(opened) }],
    closedAt: closed ? at(closed) : null,
    closedBy: closed ? officer : null,
    closeNote: closed ? "已解决" : null,
  };
}

/** The effects in a form a table can state: kind, category, texts or the row's id. */
function brief(effects: ProblemEffect<Row>[]): string[] {
  return effects.map((e) => {
    switch (e.kind) {
      case "open":
        return `open ${e.category} ${e.texts.join("|")}`;
      case "reopen":
        return `reopen ${e.category} after #${e.previous.id} ${e.texts.join("|")}`;
      case "append":
        return `append #${e.problem.id} ${e.texts.join("|")}`;
      case "close":
        return `close #${e.problem.id} ${e.scope} ${e.note ?? ""}`.trim();
      case "nothing_to_close":
        return `nothing ${e.target}`;
    }
  });
}

describe("a problem's life", () => {
  const now = at("2026-11-20");
  const fundingOpen = row("funding", "资金未到位", "2026-11-02");
  const landOpen = row("land", "用地未落实", "2026-11-05");
  const fundingClosed = row("funding", "资金未到位", "2026-10-09", "2026-10-20");
  const demolitionClosedOld = row("demolition", "征收未完成", "2026-09-01", "2026-09-10");
  const demolitionClosedNew = row("demolition", "安置未到位", "2026-10-01", "2026-10-25");

  it.each<[string, Row[], [BlockerCategory, string][], ["all" | BlockerCategory, string][], string[]]>([
    ["a first blocker opens a problem", [], [["funding", "资金未到位"]], [], ["open funding 资金未到位"]],
    ["two blockers of one category are one problem", [], [["funding", "资金未到位"], ["funding", "预算未批"]], [], ["open funding 资金未到位|预算未批"]],
    ["two categories are two problems", [], [["funding", "资金未到位"], ["land", "用地未落实"]], [], ["open funding 资金未到位", "open land 用地未落实"]],
    ["the same wording again changes nothing", [fundingOpen], [["funding", " 资金未到位 "]], [], []],
    ["new wording is added to the open problem", [fundingOpen], [["funding", "缺口2000万元"]], [], [`append #${fundingOpen.id} 缺口2000万元`]],
    ["a category word closes that category", [fundingOpen, landOpen], [], [["funding", "资金问题已解决"]], [`close #${fundingOpen.id} category 资金问题已解决`]],
    [
      "问题已解决 closes every open problem",
      [landOpen, fundingOpen],
      [],
      [["all", "问题已解决"]],
      [`close #${fundingOpen.id} all 问题已解决`, `close #${landOpen.id} all 问题已解决`],
    ],
    ["a close with nothing open says so", [landOpen], [], [["funding", "资金问题已解决"]], ["nothing funding"]],
    ["问题已解决 with nothing open says so", [fundingClosed], [], [["all", "问题已解决"]], ["nothing all"]],
    ["reported again after 销号: a new problem after the closed one", [fundingClosed], [["funding", "资金又未到位"]], [], [`reopen funding after #${fundingClosed.id} 资金又未到位`]],
    [
      "reopen follows the latest closed one",
      [demolitionClosedOld, demolitionClosedNew],
      [["demolition", "拆迁受阻"]],
      [],
      [`reopen demolition after #${demolitionClosedNew.id} 拆迁受阻`],
    ],
    [
      "closes come first: old problems closed, the new one opened",
      [fundingOpen],
      [["land", "用地未落实"]],
      [["all", "问题已解决"]],
      [`close #${fundingOpen.id} all 问题已解决`, "open land 用地未落实"],
    ],
    [
      "closed and raised in one report: closed, then a new problem",
      [fundingOpen],
      [["funding", "新增资金缺口"]],
      [["funding", "原资金问题已解决"]],
      [`close #${fundingOpen.id} category 原资金问题已解决`, `reopen funding after #${fundingOpen.id} 新增资金缺口`],
    ],
    ["empty wording is no blocker", [], [["other", "  "]], [], []],
    [
      "资金问题已解决，问题已销号: the second close finds nothing left, silently",
      [fundingOpen],
      [],
      [["funding", "资金问题已解决"], ["all", "问题已销号"]],
      [`close #${fundingOpen.id} category 资金问题已解决`],
    ],
    [
      "the same category closed twice in one report: once",
      [fundingOpen],
      [],
      [["funding", "资金已到位"], ["funding", "资金问题已解决"]],
      [`close #${fundingOpen.id} category 资金已到位`],
    ],
  ])("%s", (_name, known, blockers, resolved, expected) => {
    const effects = applyReportToProblems(
      known,
      blockers.map(([category, text]) => ({ category, text })),
      resolved.map(([category, text]) => ({ category, text })),
      now,
      officer,
    );
    expect(brief(effects)).toEqual(expected);
  });

  it("a close carries who and when", () => {
    const [effect] = applyReportToProblems([fundingOpen], [], [{ category: "funding", text: "资金已拨付" }], now, officer);
    expect(effect).toMatchObject({ kind: "close", at: now, by: officer, note: "资金已拨付" });
  });

  it("two open problems of one category (bad data): the older one takes the new wording", () => {
    const older = row("funding", "资金未到位", "2026-11-01");
    const newer = row("funding", "缺钱", "2026-11-03");
    expect(brief(applyReportToProblems([newer, older], [{ category: "funding", text: "预算未批" }], [], now, officer))).toEqual([
      `append #${older.id} 预算未批`,
    ]);
  });

  it("closeAll closes the open ones oldest first, for completion", () => {
    const effects = closeAll([landOpen, fundingClosed, fundingOpen], now, { role: "system", personId: null }, null);
    expect(brief(effects)).toEqual([`close #${fundingOpen.id} all`, `close #${landOpen.id} all`]);
  });
});

describe("/close arguments", () => {
  it.each([
    ["BY-01 资金", { ok: true, task: "BY-01", target: "funding", note: null }],
    ["by-01 经费 已拨付到位", { ok: true, task: "BY-01", target: "funding", note: "已拨付到位" }],
    ["BY-01 funding paid in full", { ok: true, task: "BY-01", target: "funding", note: "paid in full" }],
    ["BY-01 用地", { ok: true, task: "BY-01", target: "land", note: null }],
    ["BY-01 土地 已摘牌", { ok: true, task: "BY-01", target: "land", note: "已摘牌" }],
    ["BY-01 land", { ok: true, task: "BY-01", target: "land", note: null }],
    ["BY-01 拆迁", { ok: true, task: "BY-01", target: "demolition", note: null }],
    ["BY-01 徵收", { ok: true, task: "BY-01", target: "demolition", note: null }],
    ["BY-01 demolition", { ok: true, task: "BY-01", target: "demolition", note: null }],
    ["BY-01 审批", { ok: true, task: "BY-01", target: "approval", note: null }],
    ["BY-01 手續 已批覆", { ok: true, task: "BY-01", target: "approval", note: "已批覆" }],
    ["BY-01 approval", { ok: true, task: "BY-01", target: "approval", note: null }],
    ["BY-01 其他", { ok: true, task: "BY-01", target: "other", note: null }],
    ["BY-01 other", { ok: true, task: "BY-01", target: "other", note: null }],
    ["BY-01 全部 协调会已解决", { ok: true, task: "BY-01", target: "all", note: "协调会已解决" }],
    ["BY-01 ALL", { ok: true, task: "BY-01", target: "all", note: null }],
    ["BY-01 资金问题已解决", { ok: true, task: "BY-01", target: "funding", note: "已解决" }],
    ["BY-01 资金问题", { ok: true, task: "BY-01", target: "funding", note: null }],
    ["资金 BY-01", { ok: true, task: "BY-01", target: "funding", note: null }],
    ["  【BY-01】  资金  ", { ok: true, task: "BY-01", target: "funding", note: null }],
    ["", { ok: false, error: "no_task", task: null, word: null }],
    ["资金", { ok: false, error: "no_task", task: null, word: "资金" }],
    ["BY-01", { ok: false, error: "no_category", task: "BY-01", word: null }],
    ["BY-01 进度", { ok: false, error: "unknown_category", task: "BY-01", word: "进度" }],
    ["BY-01 landscape", { ok: false, error: "unknown_category", task: "BY-01", word: "landscape" }],
  ])("%j", (args, expected) => {
    expect(parseCloseCommand(args)).toEqual(expected);
  });

  it("an admin's close acts on the named task only", () => {
    const mine = row("funding", "资金未到位", "2026-11-01");
    const other = row("funding", "资金未到位", "2026-11-01", null, "BY-02");
    const effects = applyAdminClose([mine, other], { task: "BY-01", target: "funding", note: "区财政已拨付" }, at("2026-11-20"), admin);
    expect(brief(effects)).toEqual([`close #${mine.id} category 区财政已拨付`]);
    expect(effects[0]).toMatchObject({ by: admin });
  });

  it("an admin's 全部 closes everything the task has open, or says nothing was", () => {
    const a = row("land", "用地未落实", "2026-11-02");
    const b = row("funding", "资金未到位", "2026-11-01");
    expect(brief(applyAdminClose([a, b], { task: "BY-01", target: "all", note: null }, at("2026-11-20"), admin))).toEqual([
      `close #${b.id} all`,
      `close #${a.id} all`,
    ]);
    expect(brief(applyAdminClose([], { task: "BY-01", target: "all", note: null }, at("2026-11-20"), admin))).toEqual(["nothing all"]);
  });
});

describe("ages", () => {
  it.each([
    // opened, now, days, workdays
    [at("2026-11-20"), at("2026-11-20", "23:59"), 0, 0],
    [at("2026-11-20", "23:59"), at("2026-11-21", "00:01"), 1, 0], // Friday night → Saturday: a day, no workday
    [at("2026-11-20"), at("2026-11-23"), 3, 1], // Friday → Monday
    [at("2026-11-16"), at("2026-11-23"), 7, 5],
    [at("2026-11-16"), at("2026-11-24"), 8, 6],
    [at("2026-09-30"), at("2026-10-09"), 9, 2], // over 国庆: 10-08 and 10-09 only
    [at("2026-10-09"), at("2026-10-12"), 3, 2], // 调休 Sunday counts
    [at("2026-11-24"), at("2026-11-20"), 0, 0], // a clock behind the opening is not a negative age
    // 23:30 UTC is already the next day in Beijing.
    [new Date("2026-11-19T23:30:00Z"), new Date("2026-11-20T01:00:00Z"), 0, 0],
  ])("%s → %s: %i days, %i workdays", (opened, now, days, workdays) => {
    expect(problemAge(opened, now, TZ, isWorkday)).toEqual({ days, workdays });
  });

  it("workday helpers agree with each other", () => {
    expect(workdaysAfter("2026-11-20", "2026-11-20", isWorkday)).toBe(0);
    expect(addWorkdays("2026-11-20", 3, isWorkday)).toBe("2026-11-25"); // Friday + 3 → Wednesday
    expect(addWorkdays("2026-09-30", 1, isWorkday)).toBe("2026-10-08");
    expect(addWorkdays("2026-10-09", 1, isWorkday)).toBe("2026-10-11");
    expect(addWorkdays("2026-11-20", 0, isWorkday)).toBe("2026-11-20");
    for (const n of [1, 2, 5, 9]) expect(workdaysAfter("2026-09-28", addWorkdays("2026-09-28", n, isWorkday), isWorkday)).toBe(n);
  });
});

describe("lists and the assessment", () => {
  const a = row("land", "用地未落实", "2026-11-05", null, "BY-02");
  const b = row("funding", "资金未到位", "2026-11-02", null, "BY-03");
  const c = row("approval", "规划许可未批复", "2026-11-02", null, "BY-01");
  const d = row("funding", "资金未到位", "2026-10-20", "2026-11-03", "BY-01");
  const e = row("other", "施工人员不足", "2026-11-10", "2026-11-12", "BY-01");
  const f = row("land", "用地未落实", "2026-10-01", "2026-10-31", "BY-02");

  it("lists oldest first; a tie goes by category order", () => {
    expect(sortOldestFirst([a, c, b]).map((p) => p.id)).toEqual([b.id, c.id, a.id]);
  });

  it("names the oldest open one, not a closed older one", () => {
    expect(oldestOpen([a, d, c, b])?.id).toBe(b.id);
    expect(oldestOpen([d, e])).toBeNull();
  });

  it("counts problems closed in the period and their average age", () => {
    // d: 14 days (10 workdays), e: 2 days (2 workdays); f closed before the period.
    expect(closureSummary([a, b, d, e, f], "2026-11-01", "2026-11-30", TZ, isWorkday)).toEqual({ closed: 2, averageDays: 8, averageWorkdays: 6 });
    expect(closureSummary([a, b], "2026-11-01", "2026-11-30", TZ, isWorkday)).toEqual({ closed: 0, averageDays: null, averageWorkdays: null });
    expect(closureSummary([f], "2026-10-31", "2026-10-31", TZ, isWorkday).closed).toBe(1);
  });
});

describe("replaying a task's reports", () => {
  it("open, add wording, close, reported again: two problems, the first closed with its note", () => {
    const steps: [string, [BlockerCategory, string][], ["all" | BlockerCategory, string][]][] = [
      ["2026-11-02", [["funding", "资金未到位"]], []],
      ["2026-11-05", [["funding", "缺口2000万元"]], []],
      ["2026-11-09", [], [["funding", "资金问题已解决"]]],
      ["2026-11-12", [["funding", "配套资金未到位"]], []],
    ];
    let problems: Problem[] = [];
    for (const [day, blockers, resolved] of steps) {
      const effects = applyReportToProblems(
        problems,
        blockers.map(([category, text]) => ({ category, text })),
        resolved.map(([category, text]) => ({ category, text })),
        at(day),
        officer,
      );
      problems = applyEffects(problems, effects, "BY-01");
    }
    expect(problems).toEqual([
      {
        task: "BY-01",
        category: "funding",
        openedAt: at("2026-11-02"),
        wordings: [
          { text: "资金未到位", at: at("2026-11-02") },
          { text: "缺口2000万元", at: at("2026-11-05") },
        ],
        closedAt: at("2026-11-09"),
        closedBy: officer,
        closeNote: "资金问题已解决",
      },
      {
        task: "BY-01",
        category: "funding",
        openedAt: at("2026-11-12"),
        wordings: [{ text: "配套资金未到位", at: at("2026-11-12") }],
        closedAt: null,
        closedBy: null,
        closeNote: null,
      },
    ]);
    const first = problems[0];
    if (!first?.closedAt) throw new Error("the first problem should be closed");
    expect(problemAge(first.openedAt, first.closedAt, TZ, isWorkday)).toEqual({ days: 7, workdays: 5 });
  });
});

describe("any run of reports", () => {
  const category = fc.constantFrom<BlockerCategory>("funding", "land", "demolition", "approval", "other");
  const report = fc.record({
    blockers: fc.array(fc.record({ category, text: fc.constantFrom("资金未到位", "用地未落实", "征收未完成", "手续未批", "缺人", "缺口") }), { maxLength: 3 }),
    resolved: fc.array(fc.record({ category: fc.oneof(category, fc.constant<"all">("all")), text: fc.constant("已解决") }), { maxLength: 2 }),
  });

  it("keeps one open problem per category; what was just raised is open, what was just closed and not raised is closed", () => {
    fc.assert(
      fc.property(fc.array(report, { maxLength: 25 }), (reports) => {
        let problems: Problem[] = [];
        reports.forEach((r, i) => {
          const when = new Date(Date.UTC(2026, 10, 1 + i));
          problems = applyEffects(problems, applyReportToProblems(problems, r.blockers, r.resolved, when, officer), "BY-01");
          const open = problems.filter((p) => p.closedAt === null);
          expect(new Set(open.map((p) => p.category)).size).toBe(open.length);
          const raised = new Set(r.blockers.map((b) => b.category));
          for (const c of raised) expect(open.some((p) => p.category === c)).toBe(true);
          const closedNow = r.resolved.some((e) => e.category === "all") ? new Set(BLOCKER_CATEGORIES) : new Set(r.resolved.map((e) => e.category));
          for (const c of closedNow) if (c !== "all" && !raised.has(c)) expect(open.some((p) => p.category === c)).toBe(false);
          // Every wording is kept exactly once per problem.
          for (const p of problems) expect(new Set(p.wordings.map((w) => w.text)).size).toBe(p.wordings.length);
        });
      }),
      { numRuns: 300 },
    );
  });
});
