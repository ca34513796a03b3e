/**
 * The board in a browser (the page served at /app and /screen/<token>): the Telegram Mini App
 * and the 调度会 screen. Bundled by scripts/bundle-web.mjs into dist/web/; imports only plain
 * types, the locales, the charts' option builders and domain helpers, never server code.
 */
import { LIGHT_COLOURS } from "#src/views/charts/options.js";
import { startApp } from "./app.js";
import { startScreen } from "./screen.js";

// The lights' colours come from the charts' palette, so a dot in a list matches its bar.
for (const [light, colour] of Object.entries(LIGHT_COLOURS)) document.documentElement.style.setProperty(`--light-${light}`, colour);

const root = document.getElementById("app") ?? document.body.appendChild(document.createElement("main"));
const screen = /^\/screen\/([^/]+)\/?$/.exec(location.pathname);
if (screen?.[1]) startScreen(root, screen[1]);
else startApp(root);
