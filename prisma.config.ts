import path from "node:path";
import { defineConfig } from "prisma/config";
import { migrationAdapterFactory } from "./prisma/migration-adapter.js";
import { openPglite, pgliteAdapterFactory } from "./src/db/embedded.js";

// Migrations run through the WebAssembly schema engine inside the CLI (no native binary to
// download): on PostgreSQL when DATABASE_URL is set, otherwise on the embedded PGlite data folder.
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    const url = process.env.DATABASE_URL;
    if (url) return migrationAdapterFactory(url);
    return pgliteAdapterFactory(openPglite(process.env.DATA_DIR || "./data"));
  },
});
