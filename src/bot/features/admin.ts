import { Composer } from "grammy";
import type { BotContext } from "../context.js";
import { adminOnly, boundChat, commandWords, groupOnly } from "../guards.js";
import { reply } from "../send.js";
import { addTask, assignTask, bindChat, setDeputy, setPlan, type PlanChange } from "#src/services/admin.js";
import { identifyPerson, personLabel } from "#src/db/people.js";
import { parseDay, type Day } from "#src/domain/calendar.js";
import { parseCadence, parseTaskCode, parseTarget } from "#src/domain/commands.js";
import type { Cadence } from "#src/domain/periods.js";

// Telegram usernames: 5 to 32 letters, digits and underscores.
const USERNAME = /^@[A-Za-z][A-Za-z0-9_]{3,31}$/;
const isUsername = (word: string) => USERNAME.test(word);

/** Spaces inside a Chinese name are typing noise: "北园大街\u3000指挥部" is 北园大街指挥部. */
function unitName(text: string): string {
  return text
    .trim()
    .replace(/\s+/gu, " ")
    .replace(/(?<=[\p{Script=Han}）」])\s+|\s+(?=[\p{Script=Han}（「])/gu, "");
}
import type { PlanPoint } from "#src/domain/plan.js";

export const adminFeature = new Composer<BotContext>();

const MAX_UNIT_NAME = 100;
const MAX_TASK_NAME = 200;

adminFeature.command("bind", adminOnly("bind"), groupOnly("bind"), async (ctx) => {
  const t = ctx.t;
  const name = unitName(commandWords(ctx).join(" "));
  if (!name) return void (await reply(ctx, t.bindUsage));
  if (name.length > MAX_UNIT_NAME) return void (await reply(ctx, t.unitNameTooLong(MAX_UNIT_NAME)));
  const chat = ctx.chat!;
  const result = await bindChat(ctx.deps.db, ctx.person!, { id: BigInt(chat.id), title: "title" in chat ? (chat.title ?? null) : null }, name);
  if (result.kind === "already") return void (await reply(ctx, ctx.t.alreadyBound(result.unit.name)));
  if (result.kind === "rebound") {
    const left = result.orphaned ? `\n${t.tasksWithoutGroup(result.previous, result.orphaned)}` : "";
    return void (await reply(ctx, t.rebound(result.previous, result.unit.name) + left));
  }
  if (result.kind === "from-leaders") return void (await reply(ctx, ctx.t.boundFromLeaders(result.unit.name)));
  await reply(ctx, ctx.t.bound(result.unit.name));
});

adminFeature.command("addtask", adminOnly("addtask"), groupOnly("addtask"), async (ctx) => {
  const t = ctx.t;
  const chat = await boundChat(ctx);
  if (chat?.kind === "leaders") return void (await reply(ctx, t.addtaskInLeaders));
  if (!chat?.unit) return void (await reply(ctx, t.unboundChat));
  const words = commandWords(ctx);
  if (words.length < 2) return void (await reply(ctx, t.addtaskUsage));
  const [rawCode, ...rest] = words as [string, ...string[]];
  const code = parseTaskCode(rawCode);
  if (!code) return void (await reply(ctx, `${t.badCode(rawCode)}\n${t.addtaskUsage}`));

  const nameWords: string[] = [];
  let owner: string | null = null;
  let start: Day | null = null;
  let deadline: Day | null = null;
  let target: ReturnType<typeof parseTarget> = null;
  let mustDeliver = false;
  let cadence: Cadence | null = null;
  for (const word of rest) {
    const option = /^(start|due|target|cadence)=(.*)$/i.exec(word);
    if (word.startsWith("@")) {
      if (!isUsername(word)) return void (await reply(ctx, t.badUsername(word)));
      if (owner !== null) return void (await reply(ctx, t.twoOwners(owner, word)));
      owner = word;
    } else if (option) {
      const key = option[1]!.toLowerCase();
      const value = option[2]!;
      if (key === "target") {
        target = parseTarget(value);
        if (!target) return void (await reply(ctx, t.badTarget(value)));
      } else if (key === "cadence") {
        cadence = parseCadence(value);
        if (!cadence) return void (await reply(ctx, t.badCadence(value)));
      } else {
        const day = parseDay(value);
        if (!day) return void (await reply(ctx, t.badDate(key, value)));
        if (key === "start") start = day;
        else deadline = day;
      }
    } else if (/^(must|必保)$/i.test(word)) {
      mustDeliver = true;
    } else if (/^\w+=/.test(word)) {
      return void (await reply(ctx, t.unknownOption(word)));
    } else if (owner === null) {
      nameWords.push(word);
    } else {
      return void (await reply(ctx, t.unknownOption(word)));
    }
  }
  if (!owner) return void (await reply(ctx, `${t.missingOwner}\n${t.addtaskUsage}`));
  const name = nameWords.join(" ");
  if (!name) return void (await reply(ctx, `${t.missingName}\n${t.addtaskUsage}`));
  if (name.length > MAX_TASK_NAME) return void (await reply(ctx, t.nameTooLong(MAX_TASK_NAME)));
  if (start && deadline && start > deadline) return void (await reply(ctx, t.startAfterDue));

  const result = await addTask(ctx.deps.db, ctx.person!, chat.unit, {
    code,
    name,
    ownerUsername: owner,
    start,
    deadline,
    target,
    mustDeliver,
    ...(cadence ? { cadence } : {}),
  }, ctx.deps.clock.now());
  if (result.kind === "exists") {
    return void (await reply(ctx, t.taskExists(code, result.unit.name, personLabel(result.owner))));
  }
  await reply(ctx, t.taskAdded(code, name, personLabel(result.owner), result.unit.name));
});

adminFeature.command("assign", adminOnly("assign"), async (ctx) => {
  const t = ctx.t;
  const words = commandWords(ctx);
  const rawCode = words[0];
  const code = rawCode ? parseTaskCode(rawCode) : null;
  if (!rawCode || !code) return void (await reply(ctx, t.assignUsage));
  const repliedTo = ctx.msg?.reply_to_message?.from;
  let target: { username: string } | { person: Awaited<ReturnType<typeof identifyPerson>> };
  if (words[1]?.startsWith("@") && words.length === 2) {
    if (!isUsername(words[1])) return void (await reply(ctx, t.badUsername(words[1])));
    target = { username: words[1] };
  } else if (words.length === 1 && repliedTo && !repliedTo.is_bot) {
    target = { person: await identifyPerson(ctx.deps.db, repliedTo) };
  } else {
    return void (await reply(ctx, t.assignUsage));
  }
  const result = await assignTask(ctx.deps.db, ctx.person!, code, target);
  if (result.kind === "unknown_task") return void (await reply(ctx, t.unknownTask(code)));
  if (result.kind === "same") return void (await reply(ctx, t.alreadyOwner(code, personLabel(result.owner))));
  await reply(ctx, t.assigned(code, personLabel(result.from), personLabel(result.to)));
});

adminFeature.command("deputy", adminOnly("deputy"), async (ctx) => {
  const t = ctx.t;
  const words = commandWords(ctx);
  const code = words[0] ? parseTaskCode(words[0]) : null;
  const remove = words[1]?.toLowerCase() === "remove";
  const who = remove ? words[2] : words[1];
  if (!code || !who?.startsWith("@") || words.length !== (remove ? 3 : 2)) return void (await reply(ctx, t.deputyUsage));
  if (!isUsername(who)) return void (await reply(ctx, t.badUsername(who)));
  const result = await setDeputy(ctx.deps.db, ctx.person!, code, who, !remove);
  if (result.kind === "unknown_task") return void (await reply(ctx, t.unknownTask(code)));
  const label = personLabel(result.deputy);
  if (result.kind === "unchanged") return void (await reply(ctx, remove ? t.deputyNotThere(code, label) : t.deputyAlready(code, label)));
  await reply(ctx, result.kind === "added" ? t.deputyAdded(code, label) : t.deputyRemoved(code, label));
});

adminFeature.command("plan", adminOnly("plan"), async (ctx) => {
  const t = ctx.t;
  const words = commandWords(ctx);
  const rawCode = words[0];
  const code = rawCode ? parseTaskCode(rawCode) : null;
  if (!code || words.length < 2) return void (await reply(ctx, t.planUsage));
  const change: PlanChange = { milestones: [] };
  const milestones: PlanPoint[] = [];
  for (const entry of words.slice(1)) {
    const cadenceOption = /^cadence=(.*)$/i.exec(entry);
    if (cadenceOption) {
      const cadence = parseCadence(cadenceOption[1]!);
      if (!cadence) return void (await reply(ctx, t.badCadence(cadenceOption[1]!)));
      change.cadence = cadence;
      continue;
    }
    const option = /^(start|due)=(.*)$/i.exec(entry);
    if (option) {
      const day = parseDay(option[2]!);
      if (!day) return void (await reply(ctx, t.badDate(option[1]!.toLowerCase(), option[2]!)));
      if (option[1]!.toLowerCase() === "start") change.start = day;
      else change.deadline = day;
      continue;
    }
    const m = /^(\d{4}-\d{2}-\d{2})[=＝:：](-?\d+(?:\.\d+)?)[%％]?$/u.exec(entry);
    const day = m ? parseDay(m[1]!) : null;
    if (!m || !day) return void (await reply(ctx, `${t.badMilestone(entry)}\n${t.planUsage}`));
    const percent = Number(m[2]);
    if (percent < 0 || percent > 100) return void (await reply(ctx, t.milestoneOutOfRange(entry)));
    if (milestones.some((m) => m.date === day)) return void (await reply(ctx, t.milestoneTwice(day)));
    milestones.push({ date: day, percent });
  }
  change.milestones = milestones;
  const result = await setPlan(ctx.deps.db, ctx.person!, code, change);
  if (result.kind === "unknown_task") return void (await reply(ctx, t.unknownTask(code)));
  if (result.kind === "invalid") {
    const text =
      result.reason === "start_after_due"
        ? t.startAfterDue
        : result.reason === "not_rising"
          ? t.milestonesNotRising
          : t.milestoneOutsidePlan(result.entry ?? "");
    return void (await reply(ctx, text));
  }
  const lines: string[] = [];
  const start = result.task.startDate?.toISOString().slice(0, 10);
  const due = result.task.deadline?.toISOString().slice(0, 10);
  if (start) lines.push(t.planPointStart(start));
  for (const m of result.milestones) lines.push(t.planPoint(m.date, m.percent));
  if (due) lines.push(t.planPointDue(due));
  lines.push(t.cadenceLine(t.cadence[result.task.cadence] ?? result.task.cadence));
  await reply(ctx, t.planSet(code, lines.join("\n")));
});
