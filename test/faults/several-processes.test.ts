import { afterAll, describe, expect, it } from "vitest";
import { dropQueue, uniqueQueue } from "../support/redis.js";
import { runSeveralProcesses } from "../support/several-processes.js";

/**
 * Three webhook bots behind a load balancer and two workers on one PostgreSQL and one Redis; one
 * bot and one worker killed with kill -9 mid-burst while the digest runs. `npm run bench --
 * faults` runs it at full size and prints the figures.
 */
describe("several processes on one PostgreSQL and one Redis", () => {
  const queue = uniqueQueue("several");
  afterAll(() => dropQueue(queue));

  it("records and answers every report once and sends the digest once, though a bot and a worker die mid-burst", async () => {
    const outcome = await runSeveralProcesses({ reports: 300, ratePerSecond: 60, queue });
    expect({ recorded: outcome.recorded, rows: outcome.rows, confirmed: outcome.confirmed }).toEqual({ recorded: 300, rows: 300, confirmed: 300 });
    // None doubled but by the one window no Bot API client can close: the killed bot may have
    // been sending, and Telegram may have taken its last message just before the kill.
    expect(outcome.doubled - outcome.doubledAcrossKill).toBe(0);
    expect(outcome.doubledAcrossKill).toBeLessThanOrEqual(1);
    expect(outcome.violations).toBe(0);
    expect(outcome.digests).toBe(1);
    expect(outcome.survivorsRunning).toBe(true);
    // Slowest answer: the dead bot's updates wait out their lease (15 s) at most.
    expect(Math.max(...outcome.latencies)).toBeLessThan(45_000);
    const warnings = outcome.outputs.flatMap((o) => o.split("\n").filter((line) => /\(node:\d+\) \w*Warning/.test(line)));
    expect(warnings).toEqual([]);
  }, 300_000);
});
