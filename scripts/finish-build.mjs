// After tsc: what dist/ needs to run on its own. Its package.json maps #src/* and #jobs/* to the
// compiled files (the root one maps them to the TypeScript sources, for tsx and the tests), and
// the migrations and the demo district sit where the compiled code looks for them.
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";

const dist = new URL("../dist/", import.meta.url);
if (process.argv.includes("--clean")) {
  // Before tsc: a source renamed or removed, or a migration renamed, leaves nothing behind in dist/.
  rmSync(dist, { recursive: true, force: true });
  process.exit(0);
}
writeFileSync(
  new URL("package.json", dist),
  `${JSON.stringify({ type: "module", private: true, imports: { "#src/*": "./src/*", "#jobs/*": "./jobs/*" } }, null, 2)}\n`,
);
mkdirSync(new URL("prisma/", dist), { recursive: true });
cpSync(new URL("../prisma/migrations/", import.meta.url), new URL("prisma/migrations/", dist), { recursive: true });
cpSync(new URL("../prisma/demo-district.json", import.meta.url), new URL("prisma/demo-district.json", dist));
// When this build was made, for the tests to tell a stale one (test/support/build.ts).
writeFileSync(new URL(".built", dist), `${new Date().toISOString()}\n`);
