import type { Chat, Update, User } from "grammy/types";
import type { FakeTelegram, SentMessage } from "./fake-telegram.js";
import type { Scene, SendOptions } from "./updates.js";

/** Says something and waits for the bot's answer to it (all parts, joined). */
export async function ask(
  telegram: FakeTelegram,
  scene: Scene,
  chat: Chat,
  from: User,
  text: string,
  options: SendOptions = {},
): Promise<{ update: Update; answer: string; messages: SentMessage[] }> {
  const update = scene.say(chat, from, text, options);
  const messageId = update.message!.message_id;
  await telegram.waitForSent((sent) => sent.some((m) => m.chatId === chat.id && m.replyTo === messageId));
  // A long answer comes in several parts; give the rest a moment to arrive.
  await new Promise((r) => setTimeout(r, 50));
  const messages = telegram.sent.filter((m) => m.chatId === chat.id && m.replyTo === messageId);
  return { update, answer: messages.map((m) => m.text).join("\n"), messages };
}

/** Says something the bot should not answer, then proves it by a probe it does answer. */
export async function expectSilence(
  telegram: FakeTelegram,
  scene: Scene,
  chat: Chat,
  from: User,
  text: string,
): Promise<void> {
  const update = scene.say(chat, from, text);
  await ask(telegram, scene, chat, from, "/help");
  const answered = telegram.sent.filter((m) => m.replyTo === update.message!.message_id);
  if (answered.length > 0) throw new Error(`expected silence after "${text}", got: ${answered.map((m) => m.text).join(" | ")}`);
}

/** Taps a button on the bot's message and waits for what it answers (a reply to that message). */
export async function tap(
  telegram: FakeTelegram,
  scene: Scene,
  chat: Chat,
  from: User,
  message: SentMessage,
  label: string,
): Promise<{ answer: string; messages: SentMessage[] }> {
  const before = telegram.sent.length;
  scene.tap(chat, from, message, label);
  await telegram.waitForSent((sent) => sent.slice(before).some((m) => m.chatId === chat.id && m.replyTo === message.messageId));
  await new Promise((r) => setTimeout(r, 50));
  const messages = telegram.sent.slice(before).filter((m) => m.chatId === chat.id && m.replyTo === message.messageId);
  return { answer: messages.map((m) => m.text).join("\n"), messages };
}

/** Says a command that may first ask whether an @username is a new officer, and says yes when it does. */
export async function askConfirmingNewPeople(
  telegram: FakeTelegram,
  scene: Scene,
  chat: Chat,
  from: User,
  text: string,
): Promise<{ answer: string; messages: SentMessage[] }> {
  const asked = await ask(telegram, scene, chat, from, text);
  const question = asked.messages.find((m) => m.buttons.length);
  if (!question) return asked;
  return tap(telegram, scene, chat, from, question, "确认新建");
}
