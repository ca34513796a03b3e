import { randomBytes } from "node:crypto";
import { readlinkSync } from "node:fs";
import { hostname } from "node:os";

/**
 * Who this process is, for the claims it makes (updates it handles, messages it sends, the send
 * lease): `host:pidns:pid:nonce`. Pids are only comparable within one pid namespace (containers
 * sharing a host name each have their own); the nonce tells one life of a process from the next
 * even where the pid is the same every time.
 */
export interface ProcessLife {
  host: string;
  /** The pid namespace's inode on Linux ("0" where there is none to read). */
  pidNamespace: string;
  pid: number;
  nonce: string;
  /** The name written into claims. */
  name: string;
}

export function newLife(host = hostname(), pid = process.pid, nonce = randomBytes(4).toString("hex"), pidNamespace = currentPidNamespace()): ProcessLife {
  return { host, pidNamespace, pid, nonce, name: `${host}:${pidNamespace}:${pid}:${nonce}` };
}

function currentPidNamespace(): string {
  try {
    return /\[(\d+)\]/.exec(readlinkSync("/proc/self/ns/pid"))?.[1] ?? "0";
  } catch {
    return "0";
  }
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
 * Whether a claimant's name is an earlier life of a process on this host, in this pid namespace,
 * that is gone: the same pid with another nonce, or a pid that no longer runs (a process killed
 * and started again). Its claims can be taken back at once, without waiting out their lease. A
 * name from another host or namespace (another container, even one with the same host name) is
 * never judged here: only its lease says it is gone.
 */
export function isEarlierLife(claimant: string, me: string = thisLife.name, running: (pid: number) => boolean = pidIsRunning): boolean {
  const them = lifeOf(claimant);
  const self = lifeOf(me);
  if (!them || !self || them.host !== self.host || them.pidNamespace !== self.pidNamespace || them.name === self.name) return false;
  if (them.pid === self.pid) return true;
  return !running(them.pid);
}

/** A claimant's name read back (null when it is not one this code writes). */
export function lifeOf(name: string): ProcessLife | null {
  const match = /^(.+):(\d+):(\d+):([0-9a-f]+)$/.exec(name);
  return match ? { host: match[1] ?? "", pidNamespace: match[2] ?? "0", pid: Number(match[3]), nonce: match[4] ?? "", name } : null;
}
