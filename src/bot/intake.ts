import { BotError, GrammyError, HttpError, type Bot } from "grammy";
import type { Update } from "grammy/types";
import type { Logger } from "#src/logger.js";
import type { InboxService, RawUpdate } from "#src/services/inbox.js";
import { isTransientError } from "#src/services/index.js";
import type { BotContext } from "./context.js";
import { BackgroundLoop } from "#src/background-loop.js";
import { updatesFailed, updatesHandled } from "#src/metrics.js";

// How long an update claimed by a process that died waits before another takes it: short, as
// the process renews the leases of what it is handling (a slow update keeps its own).
const LEASE_MS = 15_000;
// Updates in hand at once. Each waits on the database most of its time, so many more than the
// pool's connections keep both busy (`npm run bench -- intake`: 420/s at 16, 510-540/s at 64).
const CONCURRENCY = 64;
// Pauses after a transient failure (the database away) are capped short: handling resumes
// within a few seconds of its return.
const MAX_RETRY_MS = 2000;
const MAX_PAUSE_MS = 2000;
/** How often updates an earlier life of a process on this host held are looked for. */
const EARLIER_LIVES_EVERY_MS = 5000;

/**
 * Handles what the inbox holds: claims the oldest update of each chat, runs it through the bot,
 * and marks it handled. A transient error (the database away, a serialization failure) leaves the
 * update to be handled again soon; a permanent one sets it aside, logged with its id. Updates a
 * killed process was handling are taken back as soon as it is known to be gone.
 */
export class UpdateDispatcher extends BackgroundLoop {
  private failures = 0;
  // Updates being handled now: a pool, so one slow update never holds up the next chats'.
  private readonly handling = new Set<Promise<void>>();
  // Their ids, never claimed again by this process while in hand.
  private readonly inHand = new Set<bigint>();
  // Handled, to be marked so with the next claim (one round trip for both).
  private handledIds: bigint[] = [];
  private earlierLivesAt = 0;
  private renewedAt = Date.now();
  private stopping = false;

  constructor(
    private readonly bot: Bot<BotContext>,
    private readonly inbox: InboxService,
    private readonly log: Logger,
    private readonly options: { concurrency?: number; idleMs?: number; leaseMs?: number } = {},
  ) {
    super();
  }

  /** Stops claiming, waits for the updates being handled, and marks them handled. */
  override async stop(): Promise<void> {
    this.stopping = true;
    await super.stop();
    await Promise.all([...this.handling]);
    const done = this.handledIds.splice(0);
    // Not marked (the database away): the next life of this process takes them back and handles them again, answered once.
    if (done.length) await this.inbox.claim(0, 0, done).catch((error: unknown) => this.log.warn({ err: error, updates: done.length }, "handled updates not marked so"));
  }

  protected async round(): Promise<number> {
    const idle = this.options.idleMs ?? 500;
    await this.renewLeases().catch((error: unknown) => this.log.warn({ err: error }, "leases of updates in hand not renewed; trying again"));
    const free = Math.max(0, (this.options.concurrency ?? CONCURRENCY) - this.handling.size);
    // Full: a finishing update notifies, and the next round claims its place.
    if (free === 0 && this.handledIds.length === 0) return idle;
    const done = this.handledIds.splice(0);
    try {
      await this.takeBackFromEarlierLives();
      const claimed = await this.inbox.claim(free, this.options.leaseMs ?? LEASE_MS, done, [...this.inHand]);
      this.failures = 0;
      for (const u of claimed) {
        this.inHand.add(u.updateId);
        const handled = this.handle(u.updateId, u.payload, u.attempts).finally(() => {
          this.inHand.delete(u.updateId);
          this.handling.delete(handled);
          this.notify();
        });
        this.handling.add(handled);
      }
      return claimed.length > 0 ? 0 : idle;
    } catch (error) {
      this.handledIds.unshift(...done);
      this.failures++;
      this.log.warn({ err: error, failures: this.failures }, "cannot read the inbox; trying again");
      return Math.min(MAX_PAUSE_MS, 250 * 2 ** this.failures);
    }
  }

  /** What this process is still handling keeps its lease (a third of it before it runs out). */
  private async renewLeases(): Promise<void> {
    const leaseMs = this.options.leaseMs ?? LEASE_MS;
    if (Date.now() - this.renewedAt < leaseMs / 3) return;
    this.renewedAt = Date.now();
    await this.inbox.renew([...this.inHand], leaseMs);
  }

  /** A process killed and started again takes back what its earlier life held, at once. */
  private async takeBackFromEarlierLives(): Promise<void> {
    if (Date.now() - this.earlierLivesAt < EARLIER_LIVES_EVERY_MS) return;
    const taken = await this.inbox.takeBackFromEarlierLives();
    this.earlierLivesAt = Date.now();
    if (taken > 0) this.log.info({ updates: taken }, "updates a process that is gone was handling taken back");
  }

  private async handle(updateId: bigint, payload: RawUpdate, attempts: number): Promise<void> {
    try {
      await this.bot.handleUpdate(payload as unknown as Update);
      this.handledIds.push(updateId);
      updatesHandled.inc();
    } catch (caught) {
      const error = caught instanceof BotError ? caught.error : caught;
      updatesFailed.inc({ kind: isTransientError(error) ? "transient" : "permanent" });
      if (isTransientError(error)) {
        const delay = Math.min(MAX_RETRY_MS, 250 * 2 ** Math.min(attempts, 8));
        this.log.warn({ update_id: String(updateId), attempts, retryInMs: delay, err: error }, "update not handled yet; trying again");
        await this.settle(() => this.inbox.retryLater(updateId, describe(error), delay));
      } else {
        this.log.error({ update_id: String(updateId), err: error }, "update failed for good; set aside");
        await this.settle(() => this.inbox.failed(updateId, describe(error)));
      }
    }
  }

  /**
   * Writes what became of an update, trying until the database answers (it is in hand
   * meanwhile, under its lease). Given up when stopping: the next life takes the update back.
   */
  private async settle(write: () => Promise<void>): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await write();
      } catch (error) {
        if (this.stopping && attempt >= 20) return;
        if (attempt % 10 === 0) this.log.warn({ err: error, attempt }, "inbox not updated yet; trying again");
        await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 100 * 2 ** attempt)));
      }
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export interface PollerOptions {
  allowedUpdates: readonly string[];
  /** Seconds Telegram holds a getUpdates open when there is nothing to deliver. */
  timeoutSeconds?: number;
  /** Called when polling stops for good (401: the token was revoked; 409: another process polls). */
  onFatal: (error: GrammyError) => void;
}

/**
 * Long polling that loses nothing: the updates of one getUpdates are stored in the inbox before
 * the next getUpdates confirms them to Telegram (its offset). With the database away the offset
 * stays where it is and polling backs off; Telegram keeps updates for 24 hours.
 */
export class InboxPoller {
  private running = false;
  private abort = new AbortController();
  private done: Promise<void> = Promise.resolve();

  constructor(
    private readonly bot: Bot<BotContext>,
    private readonly inbox: InboxService,
    private readonly dispatcher: UpdateDispatcher,
    private readonly log: Logger,
    private readonly options: PollerOptions,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.abort = new AbortController();
    this.done = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.abort.abort();
    await this.done;
  }

  private async run(): Promise<void> {
    let offset: number | undefined;
    let failures = 0;
    while (this.running) {
      let updates: Update[];
      try {
        updates = await this.bot.api.getUpdates(
          { ...(offset === undefined ? {} : { offset }), timeout: this.options.timeoutSeconds ?? 25, allowed_updates: [...this.options.allowedUpdates] as never },
          // grammY types its signal with the abort-controller polyfill; Node's is the same thing.
          this.abort.signal as Parameters<Bot["api"]["getUpdates"]>[1],
        );
      } catch (error) {
        if (!this.running) return;
        if (error instanceof GrammyError && (error.error_code === 401 || error.error_code === 409)) {
          this.running = false;
          this.options.onFatal(error);
          return;
        }
        failures++;
        const detail = error instanceof GrammyError || error instanceof HttpError ? error.message : String(error);
        this.log.warn({ detail, failures }, "getUpdates failed; trying again");
        await pause(Math.min(5000, 250 * 2 ** failures), this.abort.signal);
        continue;
      }
      failures = 0;
      if (updates.length === 0) continue;
      // Stored before the next call confirms them; until then Telegram keeps them.
      while (this.running) {
        try {
          await this.inbox.store(updates as unknown as RawUpdate[]);
          break;
        } catch (error) {
          failures++;
          this.log.warn({ err: error, failures, updates: updates.length }, "cannot store updates; Telegram keeps them meanwhile");
          await pause(Math.min(2000, 250 * 2 ** failures), this.abort.signal);
        }
      }
      if (!this.running) return;
      failures = 0;
      offset = (updates.at(-1)?.update_id ?? 0) + 1;
      this.dispatcher.notify();
    }
  }
}

/** Sleeps, cut short by the signal; the listener goes with the pause (no pile of them on a long-lived signal). */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
