import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { runParseCommand } from "#src/cli/parse-command.js";

/** Feeds `chunks` to the command and returns its output split into lines. */
async function run(chunks: (string | Buffer)[]): Promise<string[]> {
  const input = new PassThrough();
  const output = new PassThrough();
  let written = "";
  output.setEncoding("utf8");
  output.on("data", (data: string) => {
    written += data;
  });
  const done = runParseCommand(input, output);
  for (const chunk of chunks) input.write(chunk);
  input.end();
  await done;
  expect(written.endsWith("\n") || written === "").toBe(true);
  return written === "" ? [] : written.slice(0, -1).split("\n");
}

const lines = (...objects: unknown[]): string => objects.map((o) => (typeof o === "string" ? o : JSON.stringify(o))).join("\n") + "\n";

describe("duban parse", () => {
  it("answers the MESSAGES.md example exactly, fields in order", async () => {
    const out = await run([
      lines({ text: "项目：BY-01\n进度：70%\n完成量：20万平方米\n问题：资金未到位\n下步：月底前完成清表" }),
    ]);
    expect(out).toEqual([
      '{"ok":true,"reports":[{"task":"BY-01","percent":70,"percentDelta":null,' +
        '"quantity":{"value":200000,"unit":"m2","cumulative":true},"status":"in_progress",' +
        '"blockers":[{"category":"funding","text":"资金未到位"}],"plan":"月底前完成清表","note":null,"resolved":[]}],"errors":[]}',
    ]);
  });

  it("writes absent fields as null and blockers as []", async () => {
    const [line] = await run([lines({ text: "#xqh-2 done" })]);
    expect(line).toBe(
      '{"ok":true,"reports":[{"task":"XQH-2","percent":100,"percentDelta":null,"quantity":null,' +
        '"status":"completed","blockers":[],"plan":null,"note":null,"resolved":[]}],"errors":[]}',
    );
  });

  it("answers one line per line, in order, with errors and bad input in place", async () => {
    const out = await run([
      lines(
        { text: "BY-01 70%\nBY-02 已开工" },
        { text: "70%" },
        "this is not json",
        { text: "70%", task: "by-09" },
        { task: "BY-01" },
        { text: 42 },
        "[1,2]",
        { text: "收到" },
        { text: "BY-01 正在推进" },
        { text: "BY-01 progress 150%" },
        { text: "BY-01 70%", task: 7 },
        "",
        { text: "BY-03 停工" },
      ),
    ]);
    expect(out).toHaveLength(13);
    const parsed = out.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed[0]).toMatchObject({ ok: true, reports: [{ task: "BY-01", percent: 70 }, { task: "BY-02", status: "in_progress" }] });
    expect(parsed[1]).toMatchObject({ ok: false, error: "no_task" });
    expect(parsed[2]).toMatchObject({ ok: false, error: "invalid_input" });
    expect(parsed[3]).toMatchObject({ ok: true, reports: [{ task: "BY-09", percent: 70 }] });
    for (const i of [4, 5, 6, 10, 11]) expect(parsed[i]).toMatchObject({ ok: false, error: "invalid_input" });
    expect(parsed[7]).toMatchObject({ ok: false, error: "not_a_report" });
    expect(parsed[8]).toMatchObject({ ok: false, error: "no_progress" });
    expect(parsed[9]).toMatchObject({ ok: false, error: "percent_out_of_range" });
    expect(parsed[12]).toMatchObject({ ok: true, reports: [{ task: "BY-03", status: "suspended" }] });
    for (const p of parsed) {
      if (p.ok === false) {
        expect(Object.keys(p)).toEqual(["ok", "error", "message"]);
        expect(typeof p.message).toBe("string");
        expect(p.message).not.toBe("");
      } else {
        expect(Object.keys(p)).toEqual(["ok", "reports", "errors"]);
        for (const r of p.reports as Record<string, unknown>[]) {
          expect(Object.keys(r)).toEqual(["task", "percent", "percentDelta", "quantity", "status", "blockers", "plan", "note", "resolved"]);
        }
      }
    }
  });

  it("writes messages in the message's language, English when it cannot be told", async () => {
    const out = await run([lines({ text: "BY-01 正在推进" }, { text: "BY-01 working on it" }, { text: "70%" })]);
    const messages = out.map((l) => (JSON.parse(l) as { message: string }).message);
    expect(messages[0]).toMatch(/[\u4e00-\u9fff]/);
    expect(messages[0]).toContain("BY-01");
    expect(messages[1]).not.toMatch(/[\u4e00-\u9fff]/);
    expect(messages[2]).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it("handles lines and characters split across chunks, CRLF and a missing final newline", async () => {
    const text = JSON.stringify({ text: "BY-01 进度70%" });
    const bytes = Buffer.from(text + "\r\n" + JSON.stringify({ text: "BY-02 50%" }), "utf8");
    // split inside the multi-byte 进
    const cut = bytes.indexOf(Buffer.from("进", "utf8")) + 1;
    const out = await run([bytes.subarray(0, cut), bytes.subarray(cut, cut + 5), bytes.subarray(cut + 5)]);
    expect(out.map((l) => (JSON.parse(l) as { reports: { task: string; percent: number }[] }).reports[0])).toMatchObject([
      { task: "BY-01", percent: 70 },
      { task: "BY-02", percent: 50 },
    ]);
  });

  it("skips only a blank last line; a blank line in the middle is answered", async () => {
    expect(await run([lines({ text: "BY-01 70%" }) + "\n"])).toHaveLength(2);
    expect(await run([lines({ text: "BY-01 70%" }) + "   "])).toHaveLength(1);
    expect(await run([""])).toEqual([]);
  });

  it("keeps up with many lines", async () => {
    const many = Array.from({ length: 2_000 }, (_, i) => JSON.stringify({ text: `BY-${i} ${i % 100}%` })).join("\n");
    const out = await run([many]);
    expect(out).toHaveLength(2_000);
    expect(JSON.parse(out[1_999] ?? "")).toMatchObject({ ok: true, reports: [{ task: "BY-1999", percent: 99 }] });
  });

  it("writes closed problems and the errors of bad blocks beside the good reports", async () => {
    const out = await run([
      lines(
        { text: "BY-01 资金问题已解决" },
        { text: "BY-01 70%\nBY-02 50%\nBY-03 120%" },
        { text: "BY-01 70%\nBY-02 预计下周完成60%" },
      ),
    ]);
    expect(out[0]).toBe(
      '{"ok":true,"reports":[{"task":"BY-01","percent":null,"percentDelta":null,"quantity":null,"status":null,' +
        '"blockers":[],"plan":null,"note":null,"resolved":[{"category":"funding","text":"资金问题已解决"}]}],"errors":[]}',
    );
    const second = JSON.parse(out[1] ?? "") as { reports: { task: string }[]; errors: unknown };
    expect(second.reports.map((r) => r.task)).toEqual(["BY-01", "BY-02"]);
    expect(second.errors).toEqual([{ task: "BY-03", error: "percent_out_of_range" }]);
    expect(JSON.parse(out[2] ?? "")).toMatchObject({ errors: [{ task: "BY-02", error: "no_progress", plan: "预计下周完成60%" }] });
  });

  it("keeps a forecast given instead of a figure as plan on no_progress", async () => {
    const [line] = await run([lines({ text: "BY-01 预计下周完成60%" })]);
    const parsed = JSON.parse(line ?? "") as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(["ok", "error", "message", "plan"]);
    expect(parsed).toMatchObject({ ok: false, error: "no_progress", plan: "预计下周完成60%" });
  });

  it("reads targetUnit: of two quantities, the one in the target's unit counts", async () => {
    const text = "BY-01 累计拆迁18万平方米，清运建筑垃圾3万方";
    const out = await run([
      lines({ text, targetUnit: "m3" }, { text, targetUnit: "立方米" }, { text, targetUnit: null }, { text, targetUnit: "acres" }, { text, targetUnit: 3 }),
    ]);
    const quantity = (l: string | undefined): unknown => (JSON.parse(l ?? "") as { reports: { quantity: unknown }[] }).reports[0]?.quantity;
    expect(quantity(out[0])).toEqual({ value: 30000, unit: "m3", cumulative: true });
    expect(quantity(out[1])).toEqual({ value: 30000, unit: "m3", cumulative: true });
    expect(quantity(out[2])).toEqual({ value: 180000, unit: "m2", cumulative: true });
    expect(quantity(out[3])).toEqual({ value: 180000, unit: "m2", cumulative: true });
    expect(JSON.parse(out[4] ?? "")).toMatchObject({ ok: false, error: "invalid_input" });
  });

  it("accepts a byte-order mark on the first line", async () => {
    const out = await run(["\ufeff" + lines({ text: "BY-01 70%" })]);
    expect(JSON.parse(out[0] ?? "")).toMatchObject({ ok: true });
  });
});
