import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { createHash } from "node:crypto";

/** One file of the page, held in memory (the page is small; no disk read per request). */
export interface Asset {
  type: string;
  body: Buffer;
  /** Gzipped at its first request, not at start: the bot's start does not wait for it. */
  gzip(): Buffer;
  etag: string;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json; charset=utf-8",
};

/**
 * Where the page's bundle is: dist/web, next to the compiled program (dist/src/web/assets.js) or,
 * run from the sources, in the project's dist/ that `npm ci` built. null when neither exists.
 */
export function findAssetsDir(): string | null {
  for (const relative of ["../../web/", "../../dist/web/"]) {
    const dir = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(`${dir}index.html`)) return dir;
  }
  return null;
}

/** Every file of the bundle, by name. */
export function loadAssets(dir: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const name of readdirSync(dir)) {
    const dot = name.lastIndexOf(".");
    const type = TYPES[dot >= 0 ? name.slice(dot) : ""];
    if (!type) continue;
    const body = readFileSync(`${dir}${name}`);
    let gzipped: Buffer | null = null;
    const gzip = () => (gzipped ??= gzipSync(body, { level: 9 }));
    assets.set(name, { type, body, gzip, etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"` });
  }
  return assets;
}
