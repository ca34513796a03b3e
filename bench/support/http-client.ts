import { Worker } from "node:worker_threads";

/**
 * HTTP requests timed on a thread of their own: a server computing in the bench's own thread
 * would otherwise delay reading its answers, and the time would be the client's, not the
 * server's. As a browser elsewhere sees it: from the request sent to the whole body read.
 */

export interface TimedAnswer {
  ms: number;
  status: number;
  bytes: number;
  etag: string | null;
  /** The first of the body, for anything but 200 or 304. */
  error: string | null;
}

// The thread's code, plain JavaScript (a worker does not inherit the TypeScript loader).
const THREAD = `
const { parentPort } = require("node:worker_threads");
parentPort.on("message", async ({ id, url, headers }) => {
  const t = performance.now();
  try {
    const response = await fetch(url, { headers });
    const body = Buffer.from(await response.arrayBuffer());
    const ok = response.status === 200 || response.status === 304;
    parentPort.postMessage({ id, answer: {
      ms: performance.now() - t, status: response.status, bytes: body.byteLength, etag: response.headers.get("etag"),
      error: ok ? null : response.status + " " + body.toString("utf8").slice(0, 200),
    } });
  } catch (error) {
    parentPort.postMessage({ id, failure: String(error) });
  }
});
`;

type Told = { id: number } & ({ answer: TimedAnswer } | { failure: string });

/** A client thread; `close()` ends it. */
export function httpClient(): { request(url: string, headers?: Record<string, string>): Promise<TimedAnswer>; close(): Promise<void> } {
  const worker = new Worker(THREAD, { eval: true, execArgv: [] });
  const waiting = new Map<number, { resolve: (a: TimedAnswer) => void; reject: (e: Error) => void }>();
  let next = 0;
  worker.on("message", (told: Told) => {
    const pending = waiting.get(told.id);
    waiting.delete(told.id);
    if ("answer" in told) pending?.resolve(told.answer);
    else pending?.reject(new Error(told.failure));
  });
  // A thread that failed or ended answers nothing more: whoever waits hears why.
  const failAll = (why: Error) => {
    for (const pending of waiting.values()) pending.reject(why);
    waiting.clear();
  };
  worker.on("error", failAll);
  worker.on("exit", (code) => failAll(new Error(`the request thread ended (${code})`)));
  worker.unref();
  return {
    request(url, headers = {}) {
      const id = next++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, url, headers });
      });
    },
    close: async () => {
      await worker.terminate();
    },
  };
}
