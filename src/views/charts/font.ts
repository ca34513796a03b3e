import { closeSync, existsSync, openSync, readSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/** The CJK font the charts are drawn with: its family name (as written inside the files) and the files. */
export interface ChartFont {
  family: string;
  files: string[];
}

/** Regular for labels, Bold for titles and values; the package ships Light to Bold. */
const FONT_FILES = ["NotoSansHans-Regular.otf", "NotoSansHans-Bold.otf"];

let cached: ChartFont | null = null;

/**
 * The font shipped in the npm package @embedpdf/fonts-sc, found through module resolution (its
 * exports map hides package.json, so we resolve its entry point and walk to fonts/). The family
 * name is read from the files rather than assumed, so the SVG always names a family resvg has.
 * Resolved once per process.
 */
export function chartFont(): ChartFont {
  if (cached) return cached;
  const entry = createRequire(import.meta.url).resolve("@embedpdf/fonts-sc");
  const dir = path.join(path.dirname(entry), "..", "fonts");
  const files = FONT_FILES.map((name) => path.join(dir, name));
  const missing = files.filter((file) => !existsSync(file));
  if (missing.length) throw new Error(`chart font missing: ${missing.join(", ")}`);
  const families = files.map(readFontFamily);
  const family = families[0];
  if (!family) throw new Error(`chart font has no family name: ${files[0]}`);
  if (families.some((f) => f !== family)) throw new Error(`chart fonts disagree on their family: ${families.join(", ")}`);
  cached = { family, files };
  return cached;
}

/**
 * The family an OpenType file declares (name ID 16, typographic family, else ID 1), read from
 * its name table in the Windows/Unicode platform, without loading the whole file.
 */
export function readFontFamily(file: string): string | null {
  const fd = openSync(file, "r");
  try {
    const read = (offset: number, length: number): Buffer => {
      const buf = Buffer.alloc(length);
      readSync(fd, buf, 0, length, offset);
      return buf;
    };
    const header = read(0, 12);
    const numTables = header.readUInt16BE(4);
    const directory = read(12, numTables * 16);
    for (let i = 0; i < numTables; i++) {
      const entry = i * 16;
      if (directory.toString("latin1", entry, entry + 4) !== "name") continue;
      const table = read(directory.readUInt32BE(entry + 8), directory.readUInt32BE(entry + 12));
      const count = table.readUInt16BE(2);
      const strings = table.readUInt16BE(4);
      const found = new Map<number, string>();
      for (let j = 0; j < count; j++) {
        const record = 6 + j * 12;
        const platform = table.readUInt16BE(record);
        const language = table.readUInt16BE(record + 4);
        const nameId = table.readUInt16BE(record + 6);
        if (platform !== 3 || language !== 0x409 || (nameId !== 1 && nameId !== 16)) continue;
        const start = strings + table.readUInt16BE(record + 10);
        const utf16be = table.subarray(start, start + table.readUInt16BE(record + 8));
        found.set(nameId, Buffer.from(utf16be).swap16().toString("utf16le"));
      }
      return found.get(16) ?? found.get(1) ?? null;
    }
    return null;
  } finally {
    closeSync(fd);
  }
}
