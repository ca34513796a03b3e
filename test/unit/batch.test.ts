import { describe, expect, it } from "vitest";
import { mergeAnswers, type BatchPart } from "#src/sending/batch.js";

const answer = (id: number, text: string, batch: string | null = "confirmation", replyTo: number | null = 100 + id): BatchPart => ({
  id,
  text,
  batch,
  replyTo,
  forceReply: false,
});

describe("merging a busy chat's waiting answers", () => {
  it("puts confirmations first, keeps each answer whole, and replies to the latest report", () => {
    const merged = mergeAnswers([
      answer(1, "BY-01 已记录 65%"),
      answer(2, "用法：/status 编号", "notice"),
      answer(3, "BY-02 已记录 40%"),
      answer(4, "帮助……", "help"),
    ]);
    expect(merged.text).toBe("BY-01 已记录 65%\nBY-02 已记录 40%\n用法：/status 编号\n帮助……");
    expect(merged.parts.map((p) => p.id)).toEqual([1, 3, 2, 4]);
    expect(merged.replyTo).toBe(104);
    expect(merged.leftOver).toEqual([]);
  });

  it("says the same help text once, however many times it was asked for", () => {
    const help = Array.from({ length: 30 }, (_, i) => answer(i + 1, "可用命令：/help /status", "help"));
    const merged = mergeAnswers(help);
    expect(merged.text).toBe("可用命令：/help /status");
    // Every one of them went with this message: none is left waiting.
    expect(merged.parts).toHaveLength(30);
    expect(merged.leftOver).toEqual([]);
  });

  it("stays within 4,096 characters and leaves the rest, whole and in order, for the next turn", () => {
    const lines = Array.from({ length: 200 }, (_, i) => answer(i + 1, `BY-${String(i).padStart(3, "0")} 已记录 ${i % 100}%，计划 60%，滞后 ${i % 17} 点，状态 🟡`));
    const merged = mergeAnswers(lines);
    expect(merged.text.length).toBeLessThanOrEqual(4096);
    // Every report's line is in this message or left for the next: none lost, none cut.
    const said = merged.text.split("\n");
    expect(said).toEqual(merged.parts.map((p) => p.text));
    expect([...merged.parts, ...merged.leftOver].map((p) => p.id).sort((a, b) => a - b)).toEqual(lines.map((l) => l.id));
    expect(merged.leftOver[0]?.id).toBe(merged.parts.length + 1);
    // The rest fits the following turns the same way.
    let rest = merged.leftOver;
    let turns = 1;
    while (rest.length) {
      const next = mergeAnswers(rest);
      expect(next.text.length).toBeLessThanOrEqual(4096);
      rest = next.leftOver;
      turns++;
    }
    expect(turns).toBeGreaterThan(1);
  });

  it("sets answers of several lines apart with a blank line", () => {
    const merged = mergeAnswers([answer(1, "BY-01 已记录 65%\n状态变为 在建"), answer(2, "BY-02 已记录 40%")]);
    expect(merged.text).toBe("BY-01 已记录 65%\n状态变为 在建\n\nBY-02 已记录 40%");
  });

  it("asks for an answer only of the person it replies to, and only when their answer asked", () => {
    const asking = { ...answer(2, "BY-02 进度是多少？"), forceReply: true };
    expect(mergeAnswers([answer(1, "BY-01 已记录"), asking]).forceReply).toBe(true);
    // The latest message is someone else's: no force_reply aimed at them.
    expect(mergeAnswers([asking, answer(3, "BY-03 已记录")]).forceReply).toBe(false);
  });

  it("says one help text, whoever asked (an admin's and an officer's differ)", () => {
    const merged = mergeAnswers([answer(1, "管理员帮助……", "help"), answer(2, "BY-01 已记录"), answer(3, "帮助……", "help")]);
    expect(merged.text).toBe("BY-01 已记录\n管理员帮助……");
    expect(merged.parts).toHaveLength(3);
  });
});
