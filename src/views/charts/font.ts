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

/** Reads chosen tables of an OpenType file by tag, without loading the rest of it. */
function readTables(file: string, tags: readonly string[]): Map<string, Buffer> {
  const tables = new Map<string, Buffer>();
  const fd = openSync(file, "r");
  try {
    const read = (offset: number, length: number): Buffer => {
      const buf = Buffer.alloc(length);
      readSync(fd, buf, 0, length, offset);
      return buf;
    };
    const numTables = read(0, 12).readUInt16BE(4);
    const directory = read(12, numTables * 16);
    for (let i = 0; i < numTables; i++) {
      const entry = i * 16;
      const tag = directory.toString("latin1", entry, entry + 4);
      if (tags.includes(tag)) tables.set(tag, read(directory.readUInt32BE(entry + 8), directory.readUInt32BE(entry + 12)));
    }
    return tables;
  } finally {
    closeSync(fd);
  }
}

/**
 * The family an OpenType file declares (name ID 16, typographic family, else ID 1), read from
 * its name table in the Windows/Unicode platform.
 */
export function readFontFamily(file: string): string | null {
  const table = readTables(file, ["name"]).get("name");
  if (!table) return null;
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

/** What laying out a line needs from a font: its em, its vertical extent, and each character's advance. */
export interface FontMetrics {
  unitsPerEm: number;
  ascender: number;
  /** Negative: below the baseline. */
  descender: number;
  /** Advance width in font units; null when the font has no glyph for the character. */
  advance(codePoint: number): number | null;
}

/** Metrics from head, hhea, hmtx and the Unicode cmap (format 12, else format 4). */
export function readFontMetrics(file: string): FontMetrics {
  const tables = readTables(file, ["head", "hhea", "hmtx", "cmap"]);
  const head = tables.get("head");
  const hhea = tables.get("hhea");
  const hmtx = tables.get("hmtx");
  const cmap = tables.get("cmap");
  if (!head || !hhea || !hmtx || !cmap) throw new Error(`${file}: missing head, hhea, hmtx or cmap`);
  const metricCount = hhea.readUInt16BE(34);
  const glyphOf = cmapLookup(cmap);
  return {
    unitsPerEm: head.readUInt16BE(18),
    ascender: hhea.readInt16BE(4),
    descender: hhea.readInt16BE(6),
    advance(codePoint) {
      const glyph = glyphOf(codePoint);
      if (!glyph) return null;
      return hmtx.readUInt16BE(Math.min(glyph, metricCount - 1) * 4);
    },
  };
}

function cmapLookup(cmap: Buffer): (codePoint: number) => number {
  const subtables = new Map<string, number>();
  for (let i = 0; i < cmap.readUInt16BE(2); i++) {
    const record = 4 + i * 8;
    subtables.set(`${cmap.readUInt16BE(record)}/${cmap.readUInt16BE(record + 2)}`, cmap.readUInt32BE(record + 4));
  }
  const full = subtables.get("3/10") ?? subtables.get("0/4");
  if (full !== undefined && cmap.readUInt16BE(full) === 12) {
    const groups = cmap.readUInt32BE(full + 12);
    return (code) => {
      let lo = 0;
      let hi = groups - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const group = full + 16 + mid * 12;
        const start = cmap.readUInt32BE(group);
        const end = cmap.readUInt32BE(group + 4);
        if (code < start) hi = mid - 1;
        else if (code > end) lo = mid + 1;
        else return cmap.readUInt32BE(group + 8) + (code - start);
      }
      return 0;
    };
  }
  const bmp = subtables.get("3/1") ?? subtables.get("0/3");
  if (bmp === undefined || cmap.readUInt16BE(bmp) !== 4) throw new Error("font has no Unicode cmap of format 12 or 4");
  const segments = cmap.readUInt16BE(bmp + 6) / 2;
  const ends = bmp + 14;
  const starts = ends + segments * 2 + 2;
  const deltas = starts + segments * 2;
  const offsets = deltas + segments * 2;
  return (code) => {
    if (code > 0xffff) return 0;
    for (let i = 0; i < segments; i++) {
      if (code > cmap.readUInt16BE(ends + i * 2)) continue;
      const start = cmap.readUInt16BE(starts + i * 2);
      if (code < start) return 0;
      const delta = cmap.readInt16BE(deltas + i * 2);
      const rangeOffset = cmap.readUInt16BE(offsets + i * 2);
      if (rangeOffset === 0) return (code + delta) & 0xffff;
      const glyph = cmap.readUInt16BE(offsets + i * 2 + rangeOffset + (code - start) * 2);
      return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
    }
    return 0;
  };
}
