import { deliver, type DeliveryOptions, type Sender } from "./outbox.js";
import { isTransientDbError } from "#src/db/errors.js";
import { releaseSenderLease } from "#src/services/outbox.js";

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
export class SenderLoop {
  private running = false;
  private wake: (() => void) | null = null;
  private pending = false;
  private done: Promise<void> = Promise.resolve();

  constructor(
    private readonly sender: Sender,
    private readonly options: SenderLoopOptions = {},
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.done = this.run();
  }

  /** Something was queued: look now. */
  notify(): void {
    this.pending = true;
    this.wake?.();
  }

  /** Stops after the round in flight, and hands the send lease back so another process sends at once. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.done;
    await releaseSenderLease(this.sender.db, this.sender.holder).catch(() => undefined);
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      this.pending = false;
      try {
        const result = await deliver(this.sender, this.options);
        failures = 0;
        if (result.sent > 0) continue;
      } catch (error) {
        failures++;
        const level = isTransientDbError(error) ? "warn" : "error";
        this.sender.log[level]({ err: error, failures }, "sending paused; trying again");
      }
      if (this.pending) continue;
      const idle = failures ? Math.min(30_000, 500 * 2 ** failures) : (this.options.idleMs ?? 1000);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, idle);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }
}
