import v8 from "node:v8";
import vm from "node:vm";

/** Rounds and groups with commas: 1000000 → "1,000,000". */
export const number = (n: number): string => Math.round(n).toLocaleString("en");

export const mb = (bytes: number): number => bytes / 1024 / 1024;

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

let collector: (() => void) | null | undefined;

/**
 * A full garbage collection, so each measured run starts from the same heap. Uses global.gc when
 * node runs with --expose-gc; otherwise turns the flag on at run time and takes gc from a fresh
 * context (V8 installs it there once the flag is set). A no-op if neither works.
 */
export function collectGarbage(): void {
  if (collector === undefined) {
    const existing = (globalThis as { gc?: () => void }).gc;
    if (existing) {
      collector = existing;
    } else {
      try {
        v8.setFlagsFromString("--expose-gc");
        collector = vm.runInNewContext("gc") as () => void;
      } catch {
        collector = null;
      }
    }
  }
  collector?.();
}

export interface MemoryPeak {
  /** Highest RSS seen, in bytes. */
  rss: number;
  /** Highest RSS minus the RSS just before the run. */
  rssIncrease: number;
  /** Highest heapUsed minus heapUsed just before the run. */
  heapIncrease: number;
}

/**
 * Samples RSS and heapUsed every few milliseconds while work runs, plus whenever `mark` is called
 * (a timer cannot fire inside synchronous work, so callers mark the boundaries between steps).
 */
export class MemorySampler {
  private timer: NodeJS.Timeout | null = null;
  private baseRss = 0;
  private baseHeap = 0;
  private peakRss = 0;
  private peakHeap = 0;

  start(intervalMs = 5): void {
    const { rss, heapUsed } = process.memoryUsage();
    this.baseRss = this.peakRss = rss;
    this.baseHeap = this.peakHeap = heapUsed;
    this.timer = setInterval(() => this.mark(), intervalMs);
  }

  mark(): void {
    const { rss, heapUsed } = process.memoryUsage();
    if (rss > this.peakRss) this.peakRss = rss;
    if (heapUsed > this.peakHeap) this.peakHeap = heapUsed;
  }

  stop(): MemoryPeak {
    this.mark();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    return { rss: this.peakRss, rssIncrease: this.peakRss - this.baseRss, heapIncrease: this.peakHeap - this.baseHeap };
  }
}

export const elapsedMs = (startNs: bigint): number => Number(process.hrtime.bigint() - startNs) / 1e6;
