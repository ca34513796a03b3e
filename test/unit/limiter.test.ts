import { describe, expect, it } from "vitest";
import { SendLimiter } from "#src/sending/limiter.js";

/** Slots are computed, not waited for: a fake clock that never moves on its own. */
function limiter() {
  let now = 1_000_000;
  const l = new SendLimiter(undefined, () => now, async (ms) => {
    now += ms;
  });
  return { l, at: () => now };
}

function maxInWindow(times: number[], windowMs: number): number {
  let max = 0;
  for (let i = 0; i < times.length; i++) max = Math.max(max, times.filter((t) => t >= times[i]! && t < times[i]! + windowMs).length);
  return max;
}

describe("send limiter", () => {
  it("spaces sends to different chats at 30 a second", () => {
    const { l } = limiter();
    const slots = Array.from({ length: 90 }, (_, i) => l.reserve(-100 - i, true).at);
    expect(maxInWindow(slots, 1000)).toBeLessThanOrEqual(30);
    // Within a few per cent of the theoretical 89/30 s.
    expect(slots.at(-1)! - slots[0]!).toBeLessThan((89 / 30) * 1000 * 1.05);
  });

  it("sends at most one a second into one chat and 20 a minute into one group", () => {
    const { l } = limiter();
    const slots = Array.from({ length: 45 }, () => l.reserve(-42, true).at);
    for (let i = 1; i < slots.length; i++) expect(slots[i]! - slots[i - 1]!).toBeGreaterThanOrEqual(1000);
    expect(maxInWindow(slots, 60_000)).toBeLessThanOrEqual(20);
    expect(slots[20]! - slots[0]!).toBeGreaterThanOrEqual(60_000);
  });

  it("lets private chats go at one a second without a minute cap", () => {
    const { l } = limiter();
    const slots = Array.from({ length: 30 }, () => l.reserve(555, false).at);
    expect(slots.at(-1)! - slots[0]!).toBeLessThan(30 * 1050 + 100);
  });

  it("counts a chat's next slot from when its message really went out", async () => {
    let now = 1_000_000;
    const l = new SendLimiter(undefined, () => now, async (ms) => {
      now += ms;
    });
    const ticket = await l.acquire(-7, true);
    now += 400; // the send took 400 ms (a slow claim, an auto-retried 429)
    l.sent(ticket);
    const sentAt = now;
    await l.acquire(-7, true);
    expect(now - sentAt).toBeGreaterThanOrEqual(1000);
  });

  it("taking over, counts the last holder's logged sends as if they went out a little after their log line", async () => {
    const { l, at } = limiter();
    const loggedAt = at() - 900;
    // 30 sends the killed holder logged 900 ms ago, each just before its call went out.
    l.seed(Array.from({ length: 30 }, (_, i) => ({ chatId: -500 - i, at: loggedAt })));
    await l.acquire(-999, true);
    // Not before the second is over counting from when those calls may have reached Telegram.
    expect(at() - loggedAt).toBeGreaterThanOrEqual(1000 + 250);
    // A group that heard 20 of those sends in the last minute waits out the minute, the same way.
    const { l: l2, at: at2 } = limiter();
    const start = at2();
    l2.seed(Array.from({ length: 20 }, (_, i) => ({ chatId: -42, at: start - 30_000 + i })));
    await l2.acquire(-42, true);
    expect(at2() - (start - 30_000)).toBeGreaterThanOrEqual(60_000 + 250);
  });

  it("re-spaces sends held up between their slot and their call (the send log's write while the database restarts)", async () => {
    let now = 1_000_000;
    const l = new SendLimiter(undefined, () => now, async (ms) => {
      now += ms;
    });
    const tickets = [];
    for (let i = 0; i < 60; i++) tickets.push(await l.acquire(-700 - i, true));
    // Every write stalls until the database is back, five seconds on; then each call goes out.
    now += 5000;
    const starts: number[] = [];
    for (const ticket of tickets) {
      await l.confirm(ticket);
      starts.push(now);
    }
    expect(maxInWindow(starts, 1000)).toBeLessThanOrEqual(30);
    // A call that went out on time keeps its start: nothing waits.
    const onTime = await l.acquire(-1, true);
    const before = now;
    await l.confirm(onTime);
    expect(now).toBe(before);
  });

  it("holds a chat off for retry_after after a 429", async () => {
    const { l, at } = limiter();
    await l.acquire(-1, true);
    l.holdOff(-1, 7);
    const start = at();
    await l.acquire(-1, true);
    expect(at() - start).toBeGreaterThanOrEqual(7000);
  });

  it("keeps 30 a second by what really went out, when some senders wake late", async () => {
    // A discrete-event clock: many senders wait at once; every seventh wakes 40 ms late (a busy
    // process), so on plan alone a late send and the on-time ones after it crowd one second.
    let now = 1_000_000;
    let sleeps = 0;
    const timers: { at: number; wake: () => void }[] = [];
    const l = new SendLimiter(undefined, () => now, (ms) => new Promise<void>((wake) => timers.push({ at: now + ms + (++sleeps % 7 === 0 ? 40 : 0), wake })));
    const starts: number[] = [];
    let done = 0;
    for (let i = 0; i < 120; i++) void l.acquire(-200 - i, true).then(() => starts.push(now) && done++);
    while (done < 120) {
      await new Promise((resolve) => setImmediate(resolve));
      timers.sort((a, b) => a.at - b.at);
      const next = timers.shift();
      if (!next) continue;
      now = Math.max(now, next.at);
      next.wake();
    }
    expect(maxInWindow(starts, 1000)).toBeLessThanOrEqual(30);
  });
});

describe("send limiter: only what Telegram took uses up a group's minute", () => {
  it("gives a refused send's place in the group's minute back, and keeps the chat's pace", async () => {
    const { l, at } = limiter();
    // 20 sends into a group: 19 taken, the 20th refused (a 429, a 5xx).
    for (let i = 0; i < 19; i++) l.sent(await l.acquire(-7, true));
    l.refused(await l.acquire(-7, true));
    const refusedAt = at();
    // The next goes a second later, not a minute after the first.
    await l.acquire(-7, true);
    expect(at() - refusedAt).toBeLessThan(2000);
  });

  it("counts every taken send: the 21st waits for the minute", async () => {
    const { l, at } = limiter();
    const first = at();
    for (let i = 0; i < 20; i++) l.sent(await l.acquire(-8, true));
    await l.acquire(-8, true);
    expect(at() - first).toBeGreaterThanOrEqual(60_000);
  });

  it("forgets a slot that was not used at all", async () => {
    const { l, at } = limiter();
    const first = at();
    // 20 slots in a group, none used (the database away before each call): the 21st is no minute away.
    for (let i = 0; i < 20; i++) l.cancel(await l.acquire(-9, true));
    await l.acquire(-9, true);
    expect(at() - first).toBeLessThan(30_000);
  });
});
