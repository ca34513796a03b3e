// The fake Bot API lives in src/devtools, where the demo uses it too.
export { FakeTelegram, type SentMessage, type FakeTelegramOptions } from "#src/devtools/fake-bot-api.js";
