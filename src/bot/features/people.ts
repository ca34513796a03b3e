import { Composer } from "grammy";
import { parseTaskCode } from "#src/domain/commands.js";
import { isUsername } from "#src/domain/people.js";
import type { Services } from "#src/services/index.js";
import { personHandle, personName } from "#src/views/format.js";
import type { BotContext, SenderContext } from "../context.js";
import { adminOnly, commandWords, hasSender } from "../guards.js";
import { reply } from "../reply.js";
import { NEW_PERSON_TTL_MS, type ActionHandlers } from "../actions.js";

/** Who does what: owners, deputies, leaders and unit heads, and telling a person their Telegram id. */
export function createPeopleFeature(tasks: Services["tasks"], people: Services["people"], actions: Services["actions"]): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  feature.command("assign", adminOnly("assign"), async (ctx) => {
    const t = ctx.t;
    const [rawCode, who, ...rest] = commandWords(ctx);
    const code = rawCode ? parseTaskCode(rawCode) : null;
    const repliedTo = ctx.msg?.reply_to_message?.from;
    if (!code || rest.length || !hasSender(ctx)) return void (await reply(ctx, t.assignUsage));
    if (who && !isUsername(who)) return void (await reply(ctx, who.startsWith("@") ? t.badUsername(who) : t.assignUsage));
    if (!who && (!repliedTo || repliedTo.is_bot)) return void (await reply(ctx, t.assignUsage));
    const to = who ? { username: who } : repliedTo ? { user: repliedTo } : null;
    if (!to) return;
    const result = await tasks.assign(ctx.person, code, to, "ask");
    if (result.kind !== "new_person") return void (await reply(ctx, assignAnswer(ctx, code, result)));
    // An @username never seen may be a typo: the officer is created only when the admin says so.
    const buttons = await actions.offer({
      kind: "task.assign",
      chatId: BigInt(ctx.chat.id),
      personId: ctx.person.id,
      ttlMs: NEW_PERSON_TTL_MS,
      options: [
        { label: t.newPersonConfirm(result.username), payload: { code, username: result.username } },
        { label: t.choiceCancel, payload: { cancel: true } },
      ],
    });
    await reply(ctx, t.newPersonAsk(result.username), { buttons: [buttons] });
  });

  feature.command("deputy", adminOnly("deputy"), async (ctx) => {
    const t = ctx.t;
    const words = commandWords(ctx);
    const code = words[0] ? parseTaskCode(words[0]) : null;
    const remove = words[1]?.toLowerCase() === "remove";
    const who = remove ? words[2] : words[1];
    if (!code || !who?.startsWith("@") || words.length !== (remove ? 3 : 2) || !hasSender(ctx)) return void (await reply(ctx, t.deputyUsage));
    if (!isUsername(who)) return void (await reply(ctx, t.badUsername(who)));
    const result = await tasks.deputy(ctx.person, code, who, !remove);
    if (result.kind === "unknown_task") return void (await reply(ctx, t.unknownTask(code)));
    const label = personHandle(result.deputy);
    if (result.kind === "unchanged") return void (await reply(ctx, remove ? t.deputyNotThere(code, label) : t.deputyAlready(code, label)));
    await reply(ctx, result.kind === "added" ? t.deputyAdded(code, label) : t.deputyRemoved(code, label));
  });

  // Roles: district leaders read the digest, bulletin and assessment; a unit head is named on 督办单.
  for (const [command, leader] of [
    ["leader", true],
    ["unleader", false],
  ] as const) {
    feature.command(command, adminOnly(command), async (ctx) => {
      const words = commandWords(ctx);
      const username = words.length === 1 && words[0]?.startsWith("@") ? words[0].slice(1) : null;
      if (!username || !/^\w{3,32}$/.test(username)) return void (await reply(ctx, ctx.t.leaderUsage));
      if (!hasSender(ctx)) return;
      const result = await people.setLeader(ctx.person, username, leader);
      const name = personName(result.person);
      const answer = { set: ctx.t.leaderSet, unset: ctx.t.leaderUnset, already: ctx.t.leaderAlready, not_leader: ctx.t.leaderNotLeader }[result.kind];
      await reply(ctx, answer(name));
    });
  }

  feature.command("head", adminOnly("head"), async (ctx) => {
    const t = ctx.t;
    const [who, ...unitWords] = commandWords(ctx);
    const unitName = unitWords.join(" ");
    if (!who?.startsWith("@") || !unitName || !hasSender(ctx)) return void (await reply(ctx, t.headUsage));
    if (!isUsername(who)) return void (await reply(ctx, t.badUsername(who)));
    const result = await people.setUnitHead(ctx.person, who, unitName);
    if (result.kind === "unknown_unit") return void (await reply(ctx, t.problemsUnknownUnit(result.name)));
    await reply(ctx, t.headSet(personHandle(result.person), result.unit));
  });

  // How an admin finds the id ADMIN_IDS wants: ask the bot in private.
  feature.command("whoami", async (ctx) => {
    if (!ctx.from) return;
    if (ctx.chat.type !== "private") return void (await reply(ctx, ctx.t.whoamiPrivateOnly));
    await reply(ctx, ctx.t.whoami(String(ctx.from.id), ctx.isAdmin));
  });

  return feature;
}

type AssignResult = Exclude<Awaited<ReturnType<Services["tasks"]["assign"]>>, { kind: "new_person" }>;

function assignAnswer(ctx: BotContext, code: string, result: AssignResult): string {
  if (result.kind === "unknown_task") return ctx.t.unknownTask(code);
  if (result.kind === "same") return ctx.t.alreadyOwner(code, personHandle(result.owner));
  return ctx.t.assigned(code, personHandle(result.from), personHandle(result.to));
}

/** 确认新建 on /assign's question: the task goes to the new officer. */
export function peopleActionHandlers(tasks: Services["tasks"]): ActionHandlers {
  return {
    "task.assign": async (ctx: SenderContext, payload: unknown) => {
      const choice = payload as { code: string; username: string } | { cancel: true };
      if ("cancel" in choice) return void (await reply(ctx, ctx.t.choiceCancelled));
      const result = await tasks.assign(ctx.person, choice.code, { username: choice.username }, "create");
      if (result.kind !== "new_person") await reply(ctx, assignAnswer(ctx, choice.code, result));
    },
  };
}
