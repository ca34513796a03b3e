import type { BotApiLimits } from "./limited-telegram.js";

/** How many messages go into one chat. */
export interface ChatLoad {
  chatId: number;
  messages: number;
}

/**
 * How the overall limit is read:
 * - "window": at most `perSecond` in any sliding window of `globalWindowMs` (what the fake
 *   enforces; bursts of 30 at once are allowed);
 * - "paced": an even rate, one message every globalWindowMs / perSecond (how SendLimiter and its
 *   unit test read "30 a second").
 */
export type GlobalModel = "window" | "paced";

export interface MinimumSchedule {
  /** First to last send of the best schedule found, in ms. */
  spanMs: number;
  /** A bound no schedule can beat: the overall limit alone, or the busiest chat's own chain. */
  lowerBoundMs: number;
  /** Whether the schedule found reaches the bound, so spanMs is the exact minimum. */
  exact: boolean;
}

const isGroup = (chatId: number) => chatId < 0;

/** Earliest time of the next message into a chat after the given sends into it. */
function chatReady(sent: number[], chatId: number, limits: BotApiLimits): number {
  const last = sent[sent.length - 1];
  let at = last === undefined ? 0 : last + limits.perChatIntervalMs;
  if (isGroup(chatId) && sent.length >= limits.perGroupPerMinute) {
    at = Math.max(at, sent[sent.length - limits.perGroupPerMinute]! + limits.groupWindowMs);
  }
  return at;
}

function globalReady(sent: number[], limits: BotApiLimits, model: GlobalModel): number {
  if (model === "paced") {
    const last = sent[sent.length - 1];
    return last === undefined ? 0 : last + limits.globalWindowMs / limits.perSecond;
  }
  return sent.length >= limits.perSecond ? sent[sent.length - limits.perSecond]! + limits.globalWindowMs : 0;
}

/** One chat's messages alone, as early as its own limits allow: a lower bound on any schedule. */
function chainSpan(load: ChatLoad, limits: BotApiLimits): number {
  const sent: number[] = [];
  for (let i = 0; i < load.messages; i++) sent.push(chatReady(sent, load.chatId, limits));
  return sent.length ? sent[sent.length - 1]! : 0;
}

/**
 * The shortest first-to-last time in which these messages can be sent without breaking a limit.
 * Builds a schedule greedily (each next slot to the chat that can go earliest, ties to the chat
 * with most left, as its chain is the longest) and checks it against the lower bound; for the
 * fan-outs measured here the two meet, so the figure is exact.
 */
export function minimumSchedule(loads: ChatLoad[], limits: BotApiLimits, model: GlobalModel): MinimumSchedule {
  const total = loads.reduce((n, l) => n + l.messages, 0);
  const left = new Map(loads.filter((l) => l.messages > 0).map((l) => [l.chatId, l.messages]));
  const byChat = new Map<number, number[]>();
  const all: number[] = [];
  let now = 0;
  while (left.size) {
    const globalAt = Math.max(now, globalReady(all, limits, model));
    let best: { chatId: number; at: number; left: number } | null = null;
    for (const [chatId, count] of left) {
      const at = Math.max(globalAt, chatReady(byChat.get(chatId) ?? [], chatId, limits));
      if (!best || at < best.at || (at === best.at && count > best.left)) best = { chatId, at, left: count };
    }
    const { chatId, at } = best!;
    now = at;
    all.push(at);
    byChat.set(chatId, [...(byChat.get(chatId) ?? []), at]);
    if (best!.left === 1) left.delete(chatId);
    else left.set(chatId, best!.left - 1);
  }
  const spanMs = all.length ? all[all.length - 1]! - all[0]! : 0;
  const globalBound =
    total === 0 ? 0 : model === "paced" ? ((total - 1) * limits.globalWindowMs) / limits.perSecond : (Math.ceil(total / limits.perSecond) - 1) * limits.globalWindowMs;
  const lowerBoundMs = Math.max(globalBound, ...loads.map((l) => chainSpan(l, limits)));
  return { spanMs, lowerBoundMs, exact: Math.abs(spanMs - lowerBoundMs) < 1e-6 };
}
