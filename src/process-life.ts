import { randomBytes } from "node:crypto";
import { hostname } from "node:os";

/**
 * Who this process is, for the claims it makes (updates it handles, messages it sends, the send
 * lease): `host:pid:nonce`. The nonce tells one life of a process from the next even where the
 * pid is the same every time (PID 1 in a container).
 */
export interface ProcessLife {
  host: string;
  pid: number;
  nonce: string;
  /** The name written into claims. */
  name: string;
}

export function newLife(host = hostname(), pid = process.pid, nonce = randomBytes(4).toString("hex")): ProcessLife {
  return { host, pid, nonce, name: `${host}:${pid}:${nonce}` };
}

/** This process, as it names itself in every claim it makes. */
export const thisLife: ProcessLife = newLife();

/** Whether a process id is running on this host (signal 0 asks without sending anything). */
export function pidIsRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: running, but someone else's.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Whether a claimant's name is an earlier life of a process on this host that is gone: the same
 * pid with another nonce (a container restarted, PID 1 again), or a pid that no longer runs (a
 * process killed and started again). Its claims can be taken back at once, without waiting out
 * their lease. A name from another host is never judged here: only its lease says it is gone.
 */
export function isEarlierLife(claimant: string, me: string = thisLife.name, running: (pid: number) => boolean = pidIsRunning): boolean {
  const them = lifeOf(claimant);
  const self = lifeOf(me);
  if (!them || !self || them.host !== self.host || them.name === self.name) return false;
  if (them.pid === self.pid) return true;
  return !running(them.pid);
}

/** A claimant's name read back (null when it is not one this code writes). */
export function lifeOf(name: string): ProcessLife | null {
  const match = /^(.+):(\d+):([0-9a-f]+)$/.exec(name);
  return match ? { host: match[1] ?? "", pid: Number(match[2]), nonce: match[3] ?? "", name } : null;
}
