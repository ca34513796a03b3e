// The layer rules of STYLE.md ("Layers: who may import whom"), checked by `npm run lint`.
//   domain ◀── services ◀── bot        views ◀── bot, jobs, cli
//   db ◀── services, sending;  nothing imports bot;  no import circle anywhere.
// Paths are matched with (^|/) so that test/fixtures/layers can show each rule biting.
const layer = (name) => `(^|/)src/${name}/`;
const JOBS = "(^|/)jobs/";
const PRISMA = "(^|/)src/generated/|^node_modules/(@prisma|prisma)/";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: "no-circular", severity: "error", comment: "An import circle: split what both sides need into a leaf.", from: {}, to: { circular: true } },
    {
      name: "domain-is-pure",
      severity: "error",
      comment: "src/domain imports nothing of ours but domain.",
      from: { path: layer("domain") },
      to: { path: [`(^|/)src/(?!domain/)`, JOBS] },
    },
    {
      name: "db-reads-domain-only",
      severity: "error",
      comment: "src/db imports domain (and Prisma) only.",
      from: { path: layer("db") },
      to: { path: [`(^|/)src/(services|views|bot|sending|cli|demo|devtools)/`, JOBS] },
    },
    {
      name: "services-below-entry-points",
      severity: "error",
      comment: "services use domain and db; they never render, send or know the bot.",
      from: { path: layer("services") },
      to: { path: [`(^|/)src/(views|bot|sending|cli|demo|devtools|locales)/`, JOBS] },
    },
    {
      name: "views-render-only",
      severity: "error",
      comment: "views turn figures into words, pictures and files: domain and locales only.",
      from: { path: layer("views") },
      to: { path: [`(^|/)src/(db|bot|sending|cli|demo|devtools)/`, JOBS, PRISMA] },
    },
    {
      name: "views-are-handed-figures",
      severity: "error",
      comment: "A view may know the shape of what a service answers (a type), never call one.",
      from: { path: layer("views") },
      to: { path: layer("services"), dependencyTypesNot: ["type-only"] },
    },
    {
      name: "bot-never-touches-the-database",
      severity: "error",
      comment: "The bot calls services and views; Prisma and src/db are not its business.",
      from: { path: layer("bot") },
      to: { path: [`(^|/)src/(db|sending|cli|demo|devtools)/`, JOBS, PRISMA] },
    },
    {
      name: "jobs-never-touch-the-database",
      severity: "error",
      comment: "Jobs compose from services and views; the drivers implement services' Scheduler.",
      from: { path: JOBS },
      to: { path: [`(^|/)src/(db|bot|cli|demo|devtools)/`, PRISMA] },
    },
    {
      name: "nothing-imports-the-bot",
      severity: "error",
      comment: "Only the entry points wire the bot in.",
      from: { pathNot: [layer("bot"), "(^|/)src/(app|main)\\.ts$", "(^|/)src/demo/", "(^|/)src/devtools/", "^test/", "^bench/"] },
      to: { path: layer("bot") },
    },
    {
      name: "web-never-touches-the-database",
      severity: "error",
      comment: "src/web is an entry side like the bot: routes ask services and render with views.",
      from: { path: layer("web") },
      to: { path: [`(^|/)src/(db|bot|sending|cli|demo|devtools)/`, JOBS, PRISMA] },
    },
    {
      name: "the-page-imports-no-server-code",
      severity: "error",
      comment: "src/web/app runs in the browser: plain types, locales, domain helpers and the charts' option builders only.",
      from: { path: "(^|/)src/web/app/" },
      to: { path: ["(^|/)src/(?!views/|locales/|domain/|web/app/)", JOBS, PRISMA, "^node_modules/(?!echarts|zrender|tslib)"] },
    },
    {
      name: "nothing-imports-the-web",
      severity: "error",
      comment: "Only the entry points wire the HTTP server in.",
      from: { pathNot: [layer("web"), "(^|/)src/(app|main|worker)\\.ts$", "(^|/)src/demo/", "(^|/)src/devtools/", "^test/", "^bench/"] },
      to: { path: layer("web") },
    },
  ],
  options: {
    doNotFollow: { path: ["node_modules", "(^|/)src/generated/"] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"], extensions: [".ts", ".js", ".mjs", ".cjs", ".json"] },
  },
};
