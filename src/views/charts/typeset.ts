import { Resvg } from "@resvg/resvg-js";
import { chartFont, readFontMetrics, type FontMetrics } from "./font.js";

/**
 * Texts drawn as outlines from a per-process glyph cache.
 *
 * resvg 2.6 re-reads the 8 MB font and re-parses it for every glyph it draws (about 0.4 ms a
 * glyph; a 40-unit chart has some 700), and keeps nothing between pictures. So each character's
 * outline is asked of resvg once, at 1000 units, and every <text> of an ECharts SVG becomes a
 * group of <use> references to those outlines, placed with the font's own advances and
 * baseline. A text this cannot place exactly (a character the font lacks, nested tspans, an
 * unknown attribute) is left as <text> for resvg to draw the slow way.
 */

type Weight = "regular" | "bold";

interface Glyph {
  /** Id of the outline in <defs>; null for a character with no ink (a space). */
  id: string | null;
  d: string;
  advance: number;
}

interface Face {
  metrics: FontMetrics;
  file: string;
}

let faces: Record<Weight, Face> | null = null;
const glyphs = new Map<string, Glyph>();
/** About 1.5 KB an outline: a bound on memory however many different names pass through. */
const MAX_GLYPHS = 20_000;

function loadFaces(): Record<Weight, Face> {
  if (faces) return faces;
  const [regular, bold] = chartFont().files;
  if (!regular || !bold) throw new Error("chart font needs a regular and a bold file");
  faces = { regular: { file: regular, metrics: readFontMetrics(regular) }, bold: { file: bold, metrics: readFontMetrics(bold) } };
  return faces;
}

/** A text's width at a size, from the font's advances; a character the font lacks counts one em. */
export function advanceWidth(text: string, fontSize: number, bold = false): number {
  const { metrics } = loadFaces()[bold ? "bold" : "regular"];
  let units = 0;
  for (const char of text) units += metrics.advance(char.codePointAt(0) ?? 0) ?? metrics.unitsPerEm;
  return (units / metrics.unitsPerEm) * fontSize;
}

const glyphKey = (weight: Weight, codePoint: number): string => `${weight === "bold" ? "b" : "r"}${codePoint.toString(16)}`;

/** Asks resvg for the outlines of characters not yet cached, all in one pass. */
function cacheGlyphs(wanted: Map<string, { weight: Weight; codePoint: number }>): void {
  const { family, files } = chartFont();
  const texts: string[] = [];
  for (const [key, { weight, codePoint }] of wanted) {
    texts.push(
      `<text id="${key}" x="0" y="0" font-size="1000" font-family="${family}" font-weight="${weight === "bold" ? "bold" : "normal"}" xml:space="preserve">&#${codePoint};</text>`,
    );
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">${texts.join("")}</svg>`;
  const out = new Resvg(svg, { font: { loadSystemFonts: false, fontFiles: files, defaultFontFamily: family }, logLevel: "off" }).toString();
  const outlines = new Map<string, string>();
  for (const group of out.matchAll(/<g id="([^"]+)"[^>]*>([\s\S]*?)<\/g>/g)) {
    const paths = [...(group[2] ?? "").matchAll(/ d="([^"]*)"/g)].map((m) => m[1] ?? "");
    if (group[1]) outlines.set(group[1], paths.join(" "));
  }
  const { regular, bold } = loadFaces();
  for (const [key, { weight, codePoint }] of wanted) {
    const advance = (weight === "bold" ? bold : regular).metrics.advance(codePoint);
    if (advance === null) continue;
    const d = outlines.get(key) ?? "";
    glyphs.set(key, { id: d ? `glyph-${key}` : null, d, advance });
  }
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decodeText(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith("#x") || name.startsWith("#X")) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith("#")) return String.fromCodePoint(Number(name.slice(1)));
    return ENTITIES[name] ?? whole;
  });
}

/** Attributes carried over to the outlines as they are. */
const PAINT = new Set(["fill", "fill-opacity", "opacity", "stroke", "stroke-width", "stroke-opacity", "stroke-linejoin", "paint-order"]);
/** Attributes this module reads itself. */
const LAYOUT = new Set(["x", "y", "transform", "style", "dominant-baseline", "text-anchor", "xml:space"]);

interface Line {
  x: number;
  y: number;
  transform: string | null;
  size: number;
  weight: Weight;
  anchor: string;
  baseline: string;
  text: string;
  /** Paint attributes as [name, value]; a stroke width is in the text's pixels. */
  paint: [string, string][];
}

/** Reads one <text> element; null when it has something this module does not place. */
function readLine(attributes: string, content: string): Line | null {
  if (content.includes("<")) return null;
  const attrs = new Map<string, string>();
  for (const m of attributes.matchAll(/([\w:-]+)="([^"]*)"/g)) attrs.set(m[1] ?? "", m[2] ?? "");
  const style = new Map<string, string>();
  for (const part of (attrs.get("style") ?? "").split(";")) {
    const colon = part.indexOf(":");
    if (colon > 0) style.set(part.slice(0, colon).trim(), part.slice(colon + 1).trim());
  }
  for (const name of style.keys()) if (!["font-size", "font-family", "font-weight", "font-style"].includes(name)) return null;
  const paint: [string, string][] = [];
  for (const [name, value] of attrs) {
    if (PAINT.has(name)) paint.push([name, value]);
    else if (!LAYOUT.has(name)) return null;
  }
  if ((style.get("font-style") ?? "normal") !== "normal") return null;
  const size = Number.parseFloat(style.get("font-size") ?? "12");
  const weightValue = style.get("font-weight") ?? "normal";
  const numericWeight = weightValue === "bold" || weightValue === "bolder" ? 700 : weightValue === "normal" ? 400 : Number(weightValue);
  const x = Number(attrs.get("x") ?? "0");
  const y = Number(attrs.get("y") ?? "0");
  if (!Number.isFinite(size) || !Number.isFinite(numericWeight) || !Number.isFinite(x) || !Number.isFinite(y)) return null;
  let text = decodeText(content);
  if (attrs.get("xml:space") !== "preserve") text = text.replace(/\s+/g, " ").trim();
  return {
    x,
    y,
    transform: attrs.get("transform") ?? null,
    size,
    weight: numericWeight >= 600 ? "bold" : "regular",
    anchor: attrs.get("text-anchor") ?? "start",
    baseline: attrs.get("dominant-baseline") ?? "auto",
    text,
    paint,
  };
}

/** How far below the alphabetic baseline a dominant-baseline puts the text's reference line, in font units. */
function baselineShift(baseline: string, metrics: FontMetrics): number | null {
  switch (baseline) {
    case "auto":
    case "alphabetic":
      return 0;
    case "central":
      return (metrics.ascender + metrics.descender) / 2;
    case "hanging":
    case "text-before-edge":
      return metrics.ascender;
    case "text-after-edge":
      return metrics.descender;
    default:
      return null;
  }
}

const num = (n: number): string => String(Math.round(n * 1000) / 1000);

/** The SVG with its texts replaced by outlines, and the <defs> those outlines need. */
export function outlineTexts(svg: string): string {
  const { regular, bold } = loadFaces();
  if (glyphs.size > MAX_GLYPHS) glyphs.clear();
  const lines: { whole: string; line: Line | null }[] = [];
  const missing = new Map<string, { weight: Weight; codePoint: number }>();
  for (const m of svg.matchAll(/<text\b([^>]*)>([\s\S]*?)<\/text>/g)) {
    const line = readLine(m[1] ?? "", m[2] ?? "");
    lines.push({ whole: m[0], line });
    if (!line) continue;
    for (const char of line.text) {
      const codePoint = char.codePointAt(0) ?? 0;
      const key = glyphKey(line.weight, codePoint);
      if (!glyphs.has(key)) missing.set(key, { weight: line.weight, codePoint });
    }
  }
  if (missing.size) cacheGlyphs(missing);

  const used = new Set<string>();
  const replacements = new Map<string, string>();
  for (const { whole, line } of lines) {
    if (!line || replacements.has(whole)) continue;
    const face = line.weight === "bold" ? bold : regular;
    const shift = baselineShift(line.baseline, face.metrics);
    const placed: Glyph[] = [];
    for (const char of line.text) {
      const glyph = glyphs.get(glyphKey(line.weight, char.codePointAt(0) ?? 0));
      if (!glyph) break;
      placed.push(glyph);
    }
    if (shift === null || placed.length !== [...line.text].length) continue;
    const scale = line.size / face.metrics.unitsPerEm;
    const width = placed.reduce((sum, g) => sum + g.advance, 0);
    const start = line.anchor === "middle" ? -width / 2 : line.anchor === "end" ? -width : 0;
    const uses: string[] = [];
    let pen = start;
    for (const glyph of placed) {
      if (glyph.id) {
        used.add(glyph.id);
        uses.push(`<use xlink:href="#${glyph.id}" x="${num(pen)}" y="${num(shift)}"/>`);
      }
      pen += glyph.advance;
    }
    const transform = `${line.transform ?? ""} translate(${num(line.x)} ${num(line.y)}) scale(${num(scale)})`.trim();
    // The outlines are scaled from font units, so a stroke width is scaled back to stay in pixels.
    const paint = line.paint.map(([name, value]) => `${name}="${name === "stroke-width" ? num(Number.parseFloat(value) / scale) : value}"`);
    replacements.set(whole, `<g transform="${transform}" ${paint.join(" ")}>${uses.join("")}</g>`);
  }
  if (!replacements.size) return svg;

  const defs: string[] = [];
  for (const glyph of glyphs.values()) if (glyph.id && used.has(glyph.id)) defs.push(`<path id="${glyph.id}" d="${glyph.d}"/>`);
  const body = svg.replace(/<text\b[^>]*>[\s\S]*?<\/text>/g, (whole) => replacements.get(whole) ?? whole);
  return body.replace(/<svg\b([^>]*)>/, (open, attributes: string) =>
    `${attributes.includes("xmlns:xlink") ? open : `<svg xmlns:xlink="http://www.w3.org/1999/xlink"${attributes}>`}<defs>${defs.join("")}</defs>`,
  );
}
