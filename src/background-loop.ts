/**
 * A loop of rounds that runs until stopped: each round says how long to pause before the next,
 * and notify() cuts a pause short (something new arrived). The inbox dispatcher and the outbox
 * sender are both one.
 */
export abstract class BackgroundLoop {
  private running = false;
  private pending = false;
  private wake: (() => void) | null = null;
  private done: Promise<void> = Promise.resolve();

  /** One round; resolves to the milliseconds to pause before the next (0: go on at once). */
  protected abstract round(): Promise<number>;

  start(): void {
    if (this.running) return;
    this.running = true;
    this.done = this.run();
  }

  /** Something new to do: the next round starts now. */
  notify(): void {
    this.pending = true;
    this.wake?.();
  }

  /** Stops after the round in flight. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.done;
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.pending = false;
      const pause = await this.round();
      if (!this.running || pause <= 0 || this.pending) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pause);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }
}
