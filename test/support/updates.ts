export { Scene, group, privateChat, user, type SendOptions } from "#src/devtools/updates.js";
