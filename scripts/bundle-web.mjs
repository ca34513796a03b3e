// The board's page (src/web/app) for the browser: index.html, app.js (minified, with the ECharts
// parts it uses) and app.css into dist/web/, which the HTTP server serves at /app/assets/.
// Runs in `npm run build` after tsc and before finish-build (whose --clean ran first).
import { build } from "esbuild";
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const root = new URL("../", import.meta.url);
const app = new URL("src/web/app/", root);
const out = new URL("dist/web/", root);
/** The page must stay light for a phone on a site's 4G: the three files gzipped, with room to spare. */
const BUDGET_GZIP = 500 * 1024;

/** `#src/views/x.js` → src/views/x.ts: the package.json import map, with TypeScript's .js → .ts. */
const sourceAliases = {
  name: "src-aliases",
  setup(bundler) {
    bundler.onResolve({ filter: /^#src\// }, (args) => {
      const path = fileURLToPath(new URL(args.path.slice("#src/".length), new URL("src/", root)));
      const ts = path.replace(/\.js$/, ".ts");
      return { path: existsSync(ts) ? ts : path };
    });
    // The page runs in a browser: a Node module reached from it is a mistake, not something to shim.
    bundler.onResolve({ filter: /^node:/ }, (args) => ({ errors: [{ text: `${args.path} imported by ${args.importer}: the page may not use Node modules` }] }));
  },
};

mkdirSync(out, { recursive: true });
await build({
  entryPoints: [fileURLToPath(new URL("main.ts", app))],
  outfile: fileURLToPath(new URL("app.js", out)),
  bundle: true,
  minify: true,
  format: "iife",
  platform: "browser",
  target: "es2020",
  charset: "utf8",
  legalComments: "none",
  sourcemap: false,
  tsconfig: fileURLToPath(new URL("tsconfig.json", app)),
  define: { "process.env.NODE_ENV": JSON.stringify("production") },
  plugins: [sourceAliases],
  logLevel: "warning",
});
await build({
  entryPoints: [fileURLToPath(new URL("app.css", app))],
  outfile: fileURLToPath(new URL("app.css", out)),
  bundle: true,
  minify: true,
  target: ["chrome80", "safari14"],
  charset: "utf8",
  logLevel: "warning",
});
copyFileSync(new URL("index.html", app), new URL("index.html", out));

let total = 0;
for (const name of ["index.html", "app.js", "app.css"]) {
  const bytes = readFileSync(new URL(name, out));
  const gzipped = gzipSync(bytes, { level: 9 }).length;
  total += gzipped;
  console.log(`dist/web/${name.padEnd(10)} ${kb(bytes.length).padStart(9)}  gzip ${kb(gzipped).padStart(8)}`);
}
console.log(`dist/web/ total gzip ${kb(total)} (budget ${kb(BUDGET_GZIP)})`);
if (total > BUDGET_GZIP) {
  console.error("the page is over its size budget");
  process.exit(1);
}

function kb(bytes) {
  return `${(bytes / 1024).toFixed(1)} KB`;
}
