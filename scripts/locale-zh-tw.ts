import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as OpenCC from "opencc-js";

const SOURCE = fileURLToPath(new URL("../src/locales/zh-CN.ts", import.meta.url));
export const TARGET = fileURLToPath(new URL("../src/locales/zh-TW.ts", import.meta.url));

// Words OpenCC leaves in their mainland form that Taiwan and Hong Kong readers would not write.
const WORDING: [string, string][] = [["這條消息", "這則訊息"]];

/** zh-TW.ts as it follows from zh-CN.ts: the messages converted by OpenCC, the types shared. */
export function zhTwFromZhCn(source = readFileSync(SOURCE, "utf8")): string {
  const start = source.indexOf("export const zhCN = {");
  const end = source.indexOf("} as const;") + "} as const;".length;
  if (start < 0 || end < start) throw new Error("zh-CN.ts no longer has `export const zhCN = { ... } as const;`");
  let body = OpenCC.Converter({ from: "cn", to: "tw" })(source.slice(start, end));
  body = body
    .replace("export const zhCN = {", "export const zhTW: Messages = {")
    .replace("} as const;", "};")
    .replace(/\s*satisfies Record<\s*\w+,\s*string\s*>/g, "")
    .replaceAll(" as Record<string, string>", "");
  for (const [from, to] of WORDING) body = body.replaceAll(from, to);
  return (
    'import type { Messages, ReportView, StatusView, TaskLineView } from "./zh-CN.js";\n\n' +
    "/** Traditional Chinese, generated from zh-CN.ts by `npm run locales` (OpenCC); edit zh-CN.ts, not this. */\n" +
    `${body}\n`
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(TARGET, zhTwFromZhCn());
  process.stdout.write(`wrote ${TARGET}\n`);
}
