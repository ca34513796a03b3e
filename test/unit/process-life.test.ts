import { describe, expect, it } from "vitest";
import { isEarlierLife, lifeOf, newLife } from "#src/process-life.js";

describe("telling an earlier life of this process from a live one", () => {
  const me = newLife("bot-1", 1, "aaaa1111", "4026531836");
  const running = (pid: number) => pid === 1 || pid === 4242;

  it("takes PID 1 with another nonce (a container restarted) for an earlier life", () => {
    expect(isEarlierLife("bot-1:4026531836:1:bbbb2222", me.name, running)).toBe(true);
  });

  it("takes a pid that no longer runs on this host for an earlier life", () => {
    expect(isEarlierLife("bot-1:4026531836:777:cccc3333", me.name, running)).toBe(true);
  });

  it("never takes a process that is running, itself, another host, or a name it did not write", () => {
    expect(isEarlierLife("bot-1:4026531836:4242:dddd4444", me.name, running)).toBe(false);
    expect(isEarlierLife(me.name, me.name, running)).toBe(false);
    expect(isEarlierLife("bot-2:4026531836:777:cccc3333", me.name, running)).toBe(false);
    expect(isEarlierLife("stop-test", me.name, running)).toBe(false);
  });

  it("never judges a process in another pid namespace, though it shares the host name (containers on the host network)", () => {
    expect(isEarlierLife("bot-1:4026532000:777:cccc3333", me.name, running)).toBe(false);
    expect(isEarlierLife("bot-1:4026532000:1:cccc3333", me.name, running)).toBe(false);
  });

  it("reads back a name with colons in its host", () => {
    expect(lifeOf("fe80::1:4026531836:12:abcd")).toMatchObject({ host: "fe80::1", pidNamespace: "4026531836", pid: 12, nonce: "abcd" });
  });
});
