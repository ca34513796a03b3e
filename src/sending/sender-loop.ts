import { deliver, untilWake, type DeliveryOptions, type Sender } from "./outbox.js";
import { isTransientDbError } from "#src/db/errors.js";
import { releaseSenderLease } from "#src/services/outbox.js";
import { BackgroundLoop } from "#src/background-loop.js";

/** The longest pause after a failed round (the database away): its return is noticed this soon. */
const MAX_PAUSE_MS = 2000;

export interface SenderLoopOptions extends DeliveryOptions {
  /** How often to look for due messages when nobody said there were new ones. */
  idleMs?: number;
}

/**
 * Sends every message as soon as it is written, for as long as the process runs: woken by
 * notify() when this process queues one, and otherwise every idleMs (messages another process
 * wrote, retries whose time came, a dead sender's lease). Never stops on an error: the database
 * or Telegram being away is waited out.
 */
export class SenderLoop extends BackgroundLoop {
  private failures = 0;
  private readonly halting = new AbortController();

  constructor(
    private readonly sender: Sender,
    private readonly options: SenderLoopOptions = {},
  ) {
    super();
    sender.stopping = this.halting.signal;
  }

  /**
   * The first thing a stopping process does: every delivery on this sender, the loop's and a
   * job's, hands back what waits for its slot, so nothing waits out a group's minute.
   */
  halt(): void {
    this.halting.abort();
  }

  /** Stops after the round in flight, and hands the send lease back so another process sends at once. */
  override async stop(): Promise<void> {
    // Sends still waiting for their slot go back to pending now, not after a paced minute.
    this.halting.abort();
    await super.stop();
    await releaseSenderLease(this.sender.db, this.sender.holder).catch(() => undefined);
  }

  protected async round(): Promise<number> {
    try {
      const result = await deliver(this.sender, { ...this.options, signal: this.halting.signal });
      this.failures = 0;
      if (result.sent > 0) return 0;
      // Idle until something is queued, or a message put off (a 429's retry_after) is due.
      return Math.min(this.options.idleMs ?? 1000, untilWake(this.sender));
    } catch (error) {
      this.failures++;
      const level = isTransientDbError(error) ? "warn" : "error";
      this.sender.log[level]({ err: error, failures: this.failures }, "sending paused; trying again");
      // Capped short: sending resumes within a few seconds of the database answering again.
      return Math.min(MAX_PAUSE_MS, 250 * 2 ** this.failures);
    }
  }
}
