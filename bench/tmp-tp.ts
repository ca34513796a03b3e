import { benchThroughput } from "./intake.js";
await benchThroughput();
process.exit(0);
