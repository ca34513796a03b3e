import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ManualClock } from "#src/clock.js";
import { thisLife } from "#src/process-life.js";
import { deliver } from "#src/sending/outbox.js";
import { enqueue, markRetry, releaseClaims, takeBackClaims } from "#src/services/outbox.js";
import { useOutboxRig } from "../support/outbox-rig.js";

/** A pid that ran on this host and is gone: an earlier life, as after kill -9. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", ""]);
  return child.pid ?? 0;
}

describe("a sender taking over", () => {
  const clock = new ManualClock(new Date("2026-12-01T02:00:00Z"));
  const rig = useOutboxRig("sender_takeover", clock);
  const sender = (holder?: string) => rig.sender(holder ? { holder } : {});
  const rows = () => rig.database.prisma.outboxMessage.findMany({ orderBy: { id: "asc" } });

  it("puts back every claim of a holder that is gone, and none this sender has in hand", async () => {
    await enqueue(rig.database.sql, "test", "p", [1, 2, 3, 4].map((i) => ({ chatId: BigInt(100 + i), text: `第${i}条` })), clock.now());
    const [a, b, c] = await rows();
    const claim = (id: number, by: string) => rig.database.prisma.outboxMessage.update({ where: { id }, data: { status: "sending", claimedBy: by, claimedAt: clock.now() } });
    await claim(a!.id, "me");
    await claim(b!.id, "me");
    await claim(c!.id, "gone");
    // Its own, not in hand (a claim whose answer the rig.database lost): back. Another holder's: kept
    // until this sender has taken the lease over from it.
    expect(await takeBackClaims(rig.database.prisma, "me", [a!.id], false)).toBe(1);
    expect((await rows()).map((r) => r.status)).toEqual(["sending", "pending", "sending", "pending"]);
    expect(await takeBackClaims(rig.database.prisma, "me", [a!.id], true)).toBe(1);
    expect((await rows()).map((r) => r.status)).toEqual(["sending", "pending", "pending", "pending"]);
  });

  it("ignores what a sender that lost its claims writes late: the new holder's claim and a sent message stay as they are", async () => {
    await enqueue(rig.database.sql, "test", "late", [{ chatId: 501n, text: "一" }, { chatId: 502n, text: "二" }], clock.now());
    const [claimedNow, sent] = await rows();
    await rig.database.prisma.outboxMessage.update({ where: { id: claimedNow!.id }, data: { status: "sending", claimedBy: "new-holder" } });
    await rig.database.prisma.outboxMessage.update({ where: { id: sent!.id }, data: { status: "sent", claimedBy: "old-holder" } });
    await releaseClaims(rig.database.prisma, "old-holder", [claimedNow!, sent!], { untried: true });
    await markRetry(rig.database.prisma, "old-holder", [claimedNow!, sent!], clock.now(), "late");
    expect((await rows()).map((r) => [r.status, r.claimedBy])).toEqual([
      ["sending", "new-holder"],
      ["sent", "old-holder"],
    ]);
  });

  it("sends at once what a sender whose lease ran out had claimed, not after the claim timeout", async () => {
    await enqueue(rig.database.sql, "test", "q", [1, 2, 3].map((i) => ({ chatId: BigInt(200 + i), text: `第${i}条` })), clock.now());
    await rig.database.prisma.outboxMessage.updateMany({ data: { status: "sending", claimedBy: "dead", claimedAt: clock.now() } });
    await rig.database.prisma.senderLease.create({ data: { name: "outbox", holder: "dead", until: new Date(Date.now() - 1) } });
    const result = await deliver(sender("successor"), { staleAfterMs: 10 * 60_000 });
    expect(result.sent).toBe(3);
    expect(rig.telegram.sent.map((m) => m.text).sort()).toEqual(["第1条", "第2条", "第3条"]);
    expect((await rows()).every((r) => r.status === "sent")).toBe(true);
  });

  it("a process started again takes the lease and the claims of its earlier life at once", async () => {
    await enqueue(rig.database.sql, "test", "r", [{ chatId: 301n, text: "重启之后" }], clock.now());
    const earlier = `${thisLife.host}:${thisLife.pidNamespace}:${deadPid()}:0badf00d`;
    await rig.database.prisma.outboxMessage.updateMany({ data: { status: "sending", claimedBy: earlier, claimedAt: clock.now() } });
    // Its lease would last another minute: nobody else may take it, but this is the same process's next life.
    await rig.database.prisma.senderLease.create({ data: { name: "outbox", holder: earlier, until: new Date(Date.now() + 60_000) } });
    expect((await deliver(sender())).sent).toBe(1);
    expect(rig.telegram.sent.map((m) => m.text)).toEqual(["重启之后"]);
    expect(await rig.database.prisma.senderLease.findUniqueOrThrow({ where: { name: "outbox" } })).toMatchObject({ holder: thisLife.name });
  });

  it("leaves a live holder's lease alone", async () => {
    await enqueue(rig.database.sql, "test", "s", [{ chatId: 401n, text: "别人在发" }], clock.now());
    // Held by this very test process under another name: running, so not an earlier life.
    await rig.database.prisma.senderLease.create({ data: { name: "outbox", holder: `${thisLife.host}:${thisLife.pidNamespace}:${process.pid}:0000beef`, until: new Date(Date.now() + 60_000) } });
    expect(await deliver(sender("someone-else"))).toEqual({ sent: 0, failed: 0, deferred: 0 });
    expect(rig.telegram.sent).toHaveLength(0);
  });
});
