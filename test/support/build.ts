import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./process.js";

/**
 * Vitest's global setup: the tests that run what users run (`npm start`, `npm run duban`) run
 * dist/, built by `npm ci`. When a source file changed since that build, it is built again
 * first, so no test ever runs yesterday's code.
 */
export default function buildIfStale(): void {
  const stamp = path.join(ROOT, "dist", ".built");
  const built = safeMtime(stamp);
  const newest = Math.max(...["src", "jobs", "prisma", "scripts"].map((dir) => newestIn(path.join(ROOT, dir))), safeMtime(path.join(ROOT, "tsconfig.build.json")));
  if (built >= newest) return;
  console.log(built === 0 ? "dist/ is not built: building it (npm run build)" : "sources changed since dist/ was built: building it again (npm run build)");
  execFileSync("npm", ["run", "--silent", "build"], { cwd: ROOT, stdio: "inherit" });
}

function safeMtime(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function newestIn(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestIn(full) : safeMtime(full));
  }
  return newest;
}
