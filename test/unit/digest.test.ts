import { describe, expect, it } from "vitest";
import { PNG } from "pngjs";
import { digestFigures } from "#src/services/digest.js";
import { isSilent } from "#src/domain/standing.js";
import { DIGEST_MAX_CHARS, DIGEST_MAX_LINES, digestChart, digestText } from "#src/views/digest.js";
import type { Board, BoardTask } from "#src/services/board.js";
import { messages } from "#src/locales/index.js";
import type { Light } from "#src/domain/plan.js";

const unitA = { id: 1, name: "北园大街指挥部", createdAt: new Date() };
const unitB = { id: 2, name: "小清河指挥部", createdAt: new Date() };
const person = (id: number, username: string, displayName: string | null) => ({ id, username, displayName, telegramId: null, languageCode: null, role: "officer" as const, createdAt: new Date() });

let next = 1;
interface Options {
  status?: string;
  light?: Light;
  silent?: number;
  must?: boolean;
  due?: boolean;
  overdue?: boolean;
  name?: string;
  /** Forecast late by this many days (finishing after the deadline at its pace). */
  lateDays?: number;
}
function task(unit: { id: number; name: string }, owner: ReturnType<typeof person>, lag: number | null, options: Options = {}): BoardTask {
  const id = next++;
  return {
    task: { id, code: `T-${String(id).padStart(4, "0")}`, name: options.name ?? `项目${id}`, status: options.status ?? "in_progress", mustDeliver: options.must ?? false, lastReportAt: new Date() },
    unit,
    owner,
    plan: { start: "2026-01-01", deadline: "2026-12-31", milestones: [] },
    expected: lag === null ? null : 50,
    reported: lag === null ? null : 50 - lag,
    lag,
    light: options.light ?? (lag !== null && lag > 15 ? "red" : lag !== null && lag > 5 ? "yellow" : "green"),
    overdue: options.overdue ?? false,
    missing: false,
    promptDue: false,
    remindDue: false,
    missedInARow: options.silent ?? 0,
    ownerOnLeave: false,
    reporting: !["completed", "accepted"].includes(options.status ?? ""),
    due: options.due ?? true,
    forecast:
      options.lateDays === undefined
        ? { kind: "insufficient" }
        : { kind: "forecast", finish: "2027-01-30", earliest: "2027-01-20", latest: "2027-02-10", lateDays: options.lateDays, pacePerWeek: 1.5, neededPerWeek: 2.5 },
  } as unknown as BoardTask;
}

function board(tasks: BoardTask[], units: { id: number; name: string }[] = [unitA, unitB], blockers: Board["blockers"] = []): Board {
  return { day: "2026-07-02", isWorkday: true, tasks, blockers, units, unitChats: [], leaderChats: [], inactiveChats: [] } as unknown as Board;
}

const t = messages("zh-CN");
const digest = (b: Board) => digestText(digestFigures(b, null), t);
const block = (text: string, head: string) => {
  const lines = text.split("\n");
  const at = lines.findIndex((l) => l.startsWith(head));
  const end = lines.findIndex((l, i) => i > at && /^【|^全部/.test(l));
  return lines.slice(at + 1, end);
};

/** A district of `n` tasks over `units` units with long names, every light, problems, silence. */
function district(n: number, unitCount: number): Board {
  const units = Array.from({ length: unitCount }, (_, i) => ({ id: 100 + i, name: `第${i + 1}街道办事处城市更新和综合整治指挥部`, createdAt: new Date() }));
  const people = Array.from({ length: Math.ceil(n / 8) }, (_, i) => person(1000 + i, `officer${i}`, `欧阳${"明".repeat(1 + (i % 6))}`));
  const tasks = Array.from({ length: n }, (_, i) =>
    task(units[i % unitCount]!, people[i % people.length]!, (i * 7) % 41 - 10, {
      must: i % 5 === 0,
      silent: i % 3,
      overdue: i % 17 === 0,
      name: `北园大街两侧绿化美化及综合管网改造工程第${i}标段`,
      ...(i % 4 === 0 ? { lateDays: 100 + i } : {}),
    }),
  );
  const blockers = tasks.slice(0, 200).map((x, i) => ({
    id: i + 1,
    taskId: x.task.id,
    taskCode: x.task.code,
    category: "funding" as const,
    text: "The funding from the district has not arrived yet, waiting for approval",
    openedAt: new Date("2026-05-01T00:00:00Z"),
    openedOn: "2026-05-01",
  }));
  return board(tasks, units, blockers);
}

describe("the leaders' digest", () => {
  it("does not let a task finished early hide a task far behind, and names people, never @handles", () => {
    const zhang = person(1, "zhangwei", "张伟");
    const li = person(2, "lina", "李娜");
    const b = board([task(unitA, zhang, 30), task(unitA, zhang, -50, { status: "completed" }), task(unitB, li, 12), task(unitB, li, 10)]);
    const text = digest(b);
    expect(block(text, "【落后单位】")[0]).toContain("北园大街指挥部");
    const officers = block(text, "【落后责任人】");
    expect(officers[0]).toMatch(/^1\. 张伟（北园大街指挥部）落后 30 点/);
    expect(officers[1]).toMatch(/^2\. 李娜（小清河指挥部）落后 11 点/);
    expect(text).not.toContain("@");
  });

  it("fits one phone screen for a district of 1,000 tasks, in every language", () => {
    const b = district(1000, 60);
    for (const lang of ["zh-CN", "zh-TW", "en"] as const) {
      const text = digestText(digestFigures(b, { lags: {}, red: [], averageLag: 3, counts: { green: 1, yellow: 1, red: 1, missing: 1 } }), messages(lang));
      expect(text.length, lang).toBeLessThanOrEqual(DIGEST_MAX_CHARS);
      expect(text.split("\n").length, lang).toBeLessThanOrEqual(DIGEST_MAX_LINES);
    }
  });

  it("warns, in place of its footer and within one screen, when the embedded database has gone two days without a backup", () => {
    const b = district(1000, 60);
    for (const lang of ["zh-CN", "zh-TW", "en"] as const) {
      const text = digestText(digestFigures(b, null), messages(lang), { staleDays: 3 });
      expect(text).toContain(messages(lang).dgBackupStale(3));
      expect(text).not.toContain(messages(lang).dgFooter);
      expect(text.length, lang).toBeLessThanOrEqual(DIGEST_MAX_CHARS);
      expect(text.split("\n").length, lang).toBeLessThanOrEqual(DIGEST_MAX_LINES);
    }
    expect(digest(b)).not.toContain("备份");
  });

  it("counts the tasks forecast late and names the three late by the most days, once each, in one line", () => {
    const zhang = person(1, "zhangwei", "张伟");
    const tasks = [5, 45, 12, 30].map((lateDays, i) => task(unitA, zhang, 3, { lateDays, name: `项目${i}` }));
    const text = digest(board([...tasks, task(unitB, zhang, 2)]));
    const line = text.split("\n").find((l) => l.startsWith("【预计逾期】"));
    expect(line).toBe(`【预计逾期】4 项（按目前进度）：${tasks[1]!.task.code} 项目1（晚 45 天）、${tasks[3]!.task.code} 项目3（晚 30 天）、${tasks[2]!.task.code} 项目2（晚 12 天）`);
    expect(digest(board([task(unitA, zhang, 3)]))).not.toContain("预计逾期");
  });

  it("names each task once, and pastes no officer's own words", () => {
    const b = district(1000, 60);
    const text = digest(b);
    const codes = text.match(/T-\d{4}/g) ?? [];
    expect(new Set(codes).size).toBe(codes.length);
    expect(text).not.toContain("funding from the district");
    expect(text).toContain("资金问题");
  });

  it("does not count a task not yet due as missing", () => {
    const owner = person(3, "wangqiang", "王强");
    const notDue = task(unitA, owner, 0, { due: false });
    const silent = task(unitA, owner, 0, { silent: 2 });
    const notStarted = { ...task(unitA, owner, 0, { silent: 0 }), reporting: false } as BoardTask;
    expect(isSilent(notDue)).toBe(false);
    expect(isSilent(notStarted)).toBe(false);
    expect(isSilent(silent)).toBe(true);
    const f = digestFigures(board([notDue, silent, notStarted]), null);
    expect(f.counts.missing).toBe(1);
    expect(f.reporting).toEqual({ due: 1, reported: 0 });
  });

  it("names the best units beside the laggards (对照先进找差距)", () => {
    const owner = person(4, "zhaolei", "赵磊");
    const text = digest(board([task(unitA, owner, 25), task(unitB, owner, -3)]));
    expect(text).toMatch(/【先进单位】小清河指挥部（超前 3 点）/);
  });

  it("draws every unit in a phone-sized picture", async () => {
    const png = PNG.sync.read(await digestChart(digestFigures(district(1000, 60), null), t));
    expect(png.width).toBeGreaterThanOrEqual(1080);
    expect(png.height).toBeGreaterThan(600);
    const colours = new Set<number>();
    for (let i = 0; i < png.data.length; i += 4 * 97) colours.add(png.data.readUInt32BE(i));
    expect(colours.size).toBeGreaterThan(10);
  });
});
