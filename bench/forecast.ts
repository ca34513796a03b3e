import { addDays, daysBetween, type Day } from "#src/domain/calendar.js";
import { forecastTask, naiveFinish, WorkdayLine, type ForecastPoint } from "#src/domain/forecast.js";
import { expectedPercent } from "#src/domain/plan.js";
import { readDistrict } from "#src/services/demo-data.js";
import { districtLedgerRows } from "#src/services/ledger.js";
import { median, number } from "./support/measure.js";

/**
 * `npm run bench -- forecast`: the forecast backtested on simulated histories. Each task has a
 * plan (start, deadline) and a real pace (0.75 to 1.4 times the plan's length); officers report
 * every workday with a point of noise. At 25%, 50% and 75% of each schedule the finish is
 * forecast from the reports up to then and compared with the real finish, against the naive
 * straight line from the start through the latest report. Then the late list at 50%, and speed.
 */
const START: Day = "2026-01-05";
const TASKS_PER_SHAPE = 400;
const isWorkday = (day: Day) => {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
};

/** A seeded random stream (mulberry32), so every run backtests the same histories. */
function random(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) | 0;
    let r = Math.imul(t ^ (t >>> 15), t | 1);
    r ^= r + Math.imul(r ^ (r >>> 7), r | 61);
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

type Shape = "linear" | "S-shaped (slow start)" | "stalled, then resumed" | "noisy, one wrong report";

/** Progress (0..1) at a fraction u of the real duration. */
function progress(shape: Shape, u: number): number {
  switch (shape) {
    case "S-shaped (slow start)":
      // The first 30% of the time reaches 15% (a ramp-up), then a steady pace to the end.
      return u < 0.3 ? 0.15 * (u / 0.3) ** 2 : 0.15 + (0.85 * (u - 0.3)) / 0.7;
    case "stalled, then resumed": {
      // A fifth of the time without progress from 20% of it: demolition, land or a permit held
      // up, as they are early in a project (拆迁难、用地难、审批难).
      const worked = u < 0.2 ? u : u < 0.4 ? 0.2 : u - 0.2;
      return worked / 0.8;
    }
    default:
      return u;
  }
}

interface Simulated {
  shape: Shape;
  deadline: Day;
  plannedWorkdays: number;
  realFinish: Day;
  reports: ForecastPoint[];
}

function simulate(shape: Shape, rand: () => number, line: WorkdayLine): Simulated {
  const plannedWorkdays = 80 + Math.floor(rand() * 120);
  const factor = 0.75 + rand() * 0.65;
  const realWorkdays = Math.round(plannedWorkdays * factor);
  const startIndex = line.index(START);
  const reports: ForecastPoint[] = [];
  const wrongAt = 5 + Math.floor(rand() * realWorkdays * 0.7);
  for (let w = 1; w <= realWorkdays; w++) {
    let percent = 100 * progress(shape, w / realWorkdays) + (rand() - 0.5) * 2;
    if (shape === "noisy, one wrong report") percent += (rand() - 0.5) * 3 + (w === wrongAt ? (rand() < 0.5 ? 25 : -25) : 0);
    reports.push({ day: line.day(startIndex + w), percent: Math.round(Math.max(0, Math.min(w === realWorkdays ? 100 : 99, percent))) });
  }
  return { shape, deadline: line.day(startIndex + plannedWorkdays), plannedWorkdays, realFinish: line.day(startIndex + realWorkdays), reports };
}

const p90 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.max(0, Math.ceil(values.length * 0.9) - 1)] ?? NaN;

export async function benchForecast(): Promise<void> {
  const line = WorkdayLine.covering("2025-01-01", 8, isWorkday);
  const rand = random(20261207);
  const shapes: Shape[] = ["linear", "S-shaped (slow start)", "stalled, then resumed", "noisy, one wrong report"];
  const all: Simulated[] = shapes.flatMap((shape) => Array.from({ length: TASKS_PER_SHAPE }, () => simulate(shape, rand, line)));

  console.log(`\nforecast — backtest on ${number(all.length)} simulated tasks (${TASKS_PER_SHAPE} a shape), real length 0.75-1.4 × plan; error = |forecast − real finish| in days`);
  console.log(`  ${"shape".padEnd(26)} ${"at".padStart(4)}  ${"median".padStart(7)} ${"p90".padStart(6)}   ${"naive median".padStart(12)} ${"p90".padStart(6)}   dated   better than naive`);
  const checkpoints = [0.25, 0.5, 0.75];
  for (const shape of shapes) {
    const tasks = all.filter((t) => t.shape === shape);
    const oursAll: number[] = [];
    const naiveAll: number[] = [];
    for (const q of checkpoints) {
      const ours: number[] = [];
      const naive: number[] = [];
      let asked = 0;
      for (const task of tasks) {
        const today = line.day(line.index(START) + Math.round(task.plannedWorkdays * q));
        if (today >= task.realFinish) continue;
        const points = task.reports.filter((r) => r.day <= today);
        const latest = points.at(-1);
        if (!latest) continue;
        asked++;
        const forecast = forecastTask({ points, deadline: task.deadline, today, completed: false, line });
        const straight = naiveFinish(START, latest);
        if (forecast.kind === "forecast" && straight) {
          ours.push(Math.abs(daysBetween(task.realFinish, forecast.finish)));
          naive.push(Math.abs(daysBetween(task.realFinish, straight)));
        }
      }
      oursAll.push(...ours);
      naiveAll.push(...naive);
      const gain = 1 - median(ours) / median(naive);
      console.log(
        `  ${shape.padEnd(26)} ${`${q * 100}%`.padStart(4)}  ${median(ours).toFixed(1).padStart(7)} ${String(p90(ours)).padStart(6)}   ${median(naive).toFixed(1).padStart(12)} ${String(p90(naive)).padStart(6)}   ${`${Math.round((100 * ours.length) / Math.max(1, asked))}%`.padStart(5)}   ${`${Math.round(gain * 100)}%`.padStart(6)}`,
      );
    }
    const gain = 1 - median(oursAll) / median(naiveAll);
    console.log(`  ${shape.padEnd(26)} ${"all".padStart(4)}  ${median(oursAll).toFixed(1).padStart(7)} ${String(p90(oursAll)).padStart(6)}   ${median(naiveAll).toFixed(1).padStart(12)} ${String(p90(naiveAll)).padStart(6)}           ${`${Math.round(gain * 100)}%`.padStart(6)}`);
  }
  console.log("  target: median at least 30% lower than naive on S-shaped and stalled histories, no worse on linear ones");

  await demoDistrict(line, rand);

  // The late list at 50% of the schedule: forecast late (or stalled) against really late.
  let reallyLate = 0;
  let caught = 0;
  let flagged = 0;
  let falseAlarms = 0;
  for (const task of all) {
    const today = line.day(line.index(START) + Math.round(task.plannedWorkdays * 0.5));
    const points = task.reports.filter((r) => r.day <= today);
    const forecast = forecastTask({ points, deadline: task.deadline, today, completed: false, line });
    const late = task.realFinish > task.deadline;
    const warned = (forecast.kind === "forecast" && forecast.lateDays > 0) || forecast.kind === "stalled";
    if (late) reallyLate++;
    if (warned) flagged++;
    if (late && warned) caught++;
    if (warned && !late) falseAlarms++;
  }
  console.log(
    `  late list at 50% of the schedule: caught ${caught} of ${reallyLate} tasks that really finish late (${Math.round((100 * caught) / reallyLate)}%, target ≥ 80%); ${falseAlarms} of ${flagged} warnings false (${Math.round((100 * falseAlarms) / flagged)}%, target ≤ 20%)`,
  );

  // Speed: 10,000 tasks with 100 reports each (1,000,000 reports), the digest's 500 ms budget.
  const many = Array.from({ length: 10_000 }, (_, i) => simulate(shapes[i % shapes.length] as Shape, rand, line));
  const today = addDays(START, 200);
  const histories = many.map((task) => task.reports.filter((r) => r.day <= today).slice(-100));
  const reports = histories.reduce((n, h) => n + h.length, 0);
  const times: number[] = [];
  for (let run = 0; run < 5; run++) {
    const started = performance.now();
    const started2 = WorkdayLine.covering("2025-01-01", 8, isWorkday);
    for (let i = 0; i < many.length; i++) forecastTask({ points: histories[i] ?? [], deadline: many[i]?.deadline ?? today, today, completed: false, line: started2 });
    times.push(performance.now() - started);
  }
  console.log(`  speed: ${number(many.length)} tasks, ${number(reports)} reports: ${median(times).toFixed(0)} ms (median of 5, the calendar built each time; budget 500 ms)`);
}

/**
 * The demo district's 37 plans (their milestones: slow starts, quick middles), each run at ten
 * real paces from 0.75 to 1.4 times the plan, reported every workday with a point of noise.
 */
async function demoDistrict(line: WorkdayLine, rand: () => number): Promise<void> {
  const rows = districtLedgerRows(await readDistrict(), "2027-06-30");
  const ours: number[] = [];
  const naive: number[] = [];
  let asked = 0;
  for (const row of rows) {
    if (!row.start || !row.deadline) continue;
    const plan = { start: row.start, deadline: row.deadline, milestones: row.milestones };
    const plannedDays = daysBetween(row.start, row.deadline);
    for (let k = 0; k < 10; k++) {
      const factor = 0.75 + (0.65 * k) / 9;
      const realDays = Math.round(plannedDays * factor);
      const realFinish = addDays(row.start, realDays);
      // The plan's own curve, stretched to the real length.
      const reports: ForecastPoint[] = [];
      for (let d = 1; d <= realDays; d++) {
        const day = addDays(row.start, d);
        if (!isWorkday(day)) continue;
        const planned = expectedPercent(plan, addDays(row.start, Math.round(d / factor))) ?? 0;
        reports.push({ day, percent: Math.round(Math.max(0, Math.min(99, planned + (rand() - 0.5) * 2))) });
      }
      for (const q of [0.25, 0.5, 0.75]) {
        const today = addDays(row.start, Math.round(plannedDays * q));
        if (today >= realFinish) continue;
        const points = reports.filter((r) => r.day <= today);
        const latest = points.at(-1);
        if (!latest) continue;
        asked++;
        const forecast = forecastTask({ points, deadline: row.deadline, today, completed: false, line });
        const straight = naiveFinish(row.start, latest);
        if (forecast.kind === "forecast" && straight) {
          ours.push(Math.abs(daysBetween(realFinish, forecast.finish)));
          naive.push(Math.abs(daysBetween(realFinish, straight)));
        }
      }
    }
  }
  const gain = 1 - median(ours) / median(naive);
  console.log(
    `  ${"demo district's 37 plans".padEnd(26)} ${"all".padStart(4)}  ${median(ours).toFixed(1).padStart(7)} ${String(p90(ours)).padStart(6)}   ${median(naive).toFixed(1).padStart(12)} ${String(p90(naive)).padStart(6)}   ${`${Math.round((100 * ours.length) / Math.max(1, asked))}%`.padStart(5)}   ${`${Math.round(gain * 100)}%`.padStart(6)}   (10 paces each, 0.75-1.4 × plan)`,
  );
}
