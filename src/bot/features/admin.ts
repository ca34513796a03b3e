import { Composer } from "grammy";
import type { BotContext } from "../context.js";
import { adminOnly, boundChat, commandWords, groupOnly } from "../guards.js";
import { reply } from "../send.js";
import { addTask, assignTask, bindChat, setDeputy, setPlan, type PlanChange } from "../../services/admin.js";
import { identifyPerson, personLabel } from "../../db/people.js";
import { parseDay, type Day } from "../../domain/calendar.js";
import { parseCadence, parseTaskCode, parseTarget } from "../../domain/commands.js";
import type { Cadence } from "../../domain/periods.js";
import type { PlanPoint } from "../../domain/plan.js";

export const adminFeature = new Composer<BotContext>();

const MAX_UNIT_NAME = 100;
const MAX_TASK_NAME = 200;

adminFeature.command("bind", adminOnly("bind"), groupOnly("bind"), async (ctx) => {
  const name = commandWords(ctx).join(" ");
  if (!name || name.length > MAX_UNIT_NAME) return void (await reply(ctx, ctx.t.bindUsage));
  const chat = ctx.chat!;
  const result = await bindChat(ctx.deps.db, ctx.person!, { id: BigInt(chat.id), title: "title" in chat ? (chat.title ?? null) : null }, name);
  if (result.kind === "already") return void (await reply(ctx, ctx.t.alreadyBound(result.unit.name)));
  if (result.kind === "rebound") return void (await reply(ctx, ctx.t.rebound(result.previous, result.unit.name)));
  if (result.kind === "from-leaders") return void (await reply(ctx, ctx.t.boundFromLeaders(result.unit.name)));
  await reply(ctx, ctx.t.bound(result.unit.name));
});

adminFeature.command("addtask", adminOnly("addtask"), groupOnly("addtask"), async (ctx) => {
  const t = ctx.t;
  const chat = await boundChat(ctx);
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
    if (word.startsWith("@") && word.length > 1) {
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
  if (!name || name.length > MAX_TASK_NAME) return void (await reply(ctx, `${t.missingName}\n${t.addtaskUsage}`));
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
  if (words[1]?.startsWith("@") && words[1].length > 1 && words.length === 2) {
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
  if (!code || !who?.startsWith("@") || who.length < 2 || words.length !== (remove ? 3 : 2)) {
    return void (await reply(ctx, t.deputyUsage));
  }
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
