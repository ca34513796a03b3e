import { describe, expect, it } from "vitest";
import { digestFigures } from "#src/services/digest.js";
import { digestText } from "#src/views/digest.js";
import type { Board, BoardTask } from "#src/services/board.js";
import { messages } from "#src/locales/index.js";
import { splitMessage } from "#src/views/text.js";
import type { Light } from "#src/domain/plan.js";

const unitA = { id: 1, name: "北园大街指挥部", createdAt: new Date() };
const unitB = { id: 2, name: "小清河指挥部", createdAt: new Date() };
const person = (id: number, username: string, displayName: string) => ({ id, username, displayName, telegramId: null, languageCode: null, role: "officer" as const, createdAt: new Date() });

let next = 1;
function task(unit: typeof unitA, owner: ReturnType<typeof person>, lag: number | null, options: { status?: string; light?: Light; silent?: number } = {}): BoardTask {
  const id = next++;
  return {
    task: { id, code: `T-${String(id).padStart(4, "0")}`, name: `项目${id}`, status: options.status ?? "in_progress", mustDeliver: false, lastReportAt: new Date() },
    unit,
    owner,
    plan: { start: "2026-01-01", deadline: "2026-12-31", milestones: [] },
    expected: lag === null ? null : 50,
    reported: lag === null ? null : 50 - lag,
    lag,
    light: options.light ?? (lag !== null && lag > 15 ? "red" : lag !== null && lag > 5 ? "yellow" : "green"),
    overdue: false,
    missing: false,
    promptDue: false,
    remindDue: false,
    missedInARow: options.silent ?? 0,
    ownerOnLeave: false,
    reporting: !["completed", "accepted"].includes(options.status ?? ""),
  } as unknown as BoardTask;
}

function board(tasks: BoardTask[]): Board {
  return { day: "2026-07-02", isWorkday: true, tasks, blockers: [], units: [unitA, unitB], unitChats: [], leaderChats: [], inactiveChats: [] } as unknown as Board;
}

const digest = (b: Board) => digestText(digestFigures(b, null), messages("zh-CN"));
const section = (text: string, head: string) => text.split("\n\n").find((s) => s.startsWith(head))!;

describe("the leaders' digest", () => {
  it("does not let a task finished early hide a task far behind", () => {
    const zhang = person(1, "zhangwei", "张伟");
    const li = person(2, "lina", "李娜");
    const b = board([
      task(unitA, zhang, 30),
      task(unitA, zhang, -50, { status: "completed" }),
      task(unitB, li, 12),
      task(unitB, li, 10),
    ]);
    const text = digest(b);
    expect(section(text, "一、").split("\n")[1]).toContain("北园大街指挥部");
    const officers = section(text, "三、").split("\n");
    // Leaders read names, never @handles.
    expect(officers[1]).toMatch(/^1\. 张伟\u3000落后 30 个百分点/);
    expect(officers[2]).toMatch(/^2\. 李娜\u3000落后 11 个百分点/);
    expect(text).not.toContain("@");
  });

  it("splits a long digest under Telegram's limit and drops nothing", () => {
    const owner = person(3, "wangqiang", "王强");
    const many = Array.from({ length: 400 }, (_, i) => task(i % 2 ? unitA : unitB, owner, 20 + (i % 7), { silent: 1 + (i % 4) }));
    const text = digest(board(many));
    const parts = splitMessage(text);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => p.length <= 4096)).toBe(true);
    expect(parts.join("\n")).toBe(text);
    // Every silent task is listed, not just the first screenful.
    expect(section(text, "四、").split("\n")).toHaveLength(401);
  });
});
