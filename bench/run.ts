import { benchParse } from "./parse.js";

/**
 * `npm run bench`: prints each benchmark's figures against its target. Pass names to run some:
 * `npm run bench -- parse`.
 */
const BENCHES: Record<string, () => Promise<void>> = {
  parse: benchParse,
  digest: async () => (await import("./digest.js")).benchDigest(),
  fanout: async () => (await import("./fanout.js")).benchFanout(),
  ledger: async () => (await import("./ledger.js")).benchLedger(),
  charts: async () => (await import("./charts.js")).benchCharts(),
  leaders: async () => (await import("./leaders.js")).benchLeaders(),
  intake: async () => (await import("./intake.js")).benchIntake(),
  faults: async () => (await import("./faults.js")).benchFaults(),
  startup: async () => (await import("./startup.js")).benchStartup(),
  forecast: async () => (await import("./forecast.js")).benchForecast(),
  board: async () => (await import("./board.js")).benchBoard(),
};

const wanted = process.argv.slice(2);
for (const [name, bench] of Object.entries(BENCHES)) {
  if (wanted.length && !wanted.includes(name)) continue;
  await bench();
}
