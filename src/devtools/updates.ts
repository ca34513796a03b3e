import type { Chat, Message, Update, User } from "grammy/types";
import type { FakeTelegram, SentMessage } from "./fake-bot-api.js";

/** People and chats of a small district, and builders that read like the messages they make. */
export function user(id: number, username: string, first_name = username, language_code = "zh-hans"): User {
  return { id, is_bot: false, first_name, username, language_code };
}

export function group(id: number, title: string): Chat.SupergroupChat {
  return { id, type: "supergroup", title };
}

export function privateChat(of: User): Chat.PrivateChat {
  return { id: of.id, type: "private", first_name: of.first_name };
}

let messageCounter = 1;

export interface SendOptions {
  replyTo?: { message_id: number; from?: User; text?: string };
  date?: number;
  messageId?: number;
  updateId?: number;
}

/** Builds updates for one fake Telegram and pushes them. */
export class Scene {
  constructor(
    private readonly telegram: FakeTelegram,
    /** When messages are sent: the demo moves this clock, tests leave it real. */
    private readonly now: () => Date = () => new Date(),
  ) {}

  private seconds(): number {
    return Math.floor(this.now().getTime() / 1000);
  }

  /** `from` writes `text` in `chat`; commands get their bot_command entity as Telegram adds it. */
  say(chat: Chat, from: User, text: string, options: SendOptions = {}): Update {
    this.telegram.chats.set(chat.id, chat);
    const message = {
      message_id: options.messageId ?? messageCounter++,
      date: options.date ?? this.seconds(),
      chat,
      from,
      text,
      ...commandEntity(text),
      ...(options.replyTo
        ? {
            reply_to_message: {
              message_id: options.replyTo.message_id,
              date: this.seconds(),
              chat,
              from: options.replyTo.from ?? this.telegram.botUser,
              // Telegram carries the replied-to message's text, as the bot sent it.
              text: options.replyTo.text ?? this.sentText(chat.id, options.replyTo.message_id),
            },
          }
        : {}),
    } as Message.TextMessage & Update.NonChannel;
    return this.telegram.push({ message, ...(options.updateId ? { update_id: options.updateId } : {}) });
  }

  private sentText(chatId: number, messageId: number): string {
    return this.telegram.sent.find((m) => m.chatId === chatId && m.messageId === messageId)?.text ?? "";
  }

  /** `from` sends a photo with a caption (or none: ""), as officers do from a site. */
  sendPhoto(chat: Chat, from: User, caption: string, options: SendOptions = {}): Update {
    this.telegram.chats.set(chat.id, chat);
    const message = {
      message_id: messageCounter++,
      date: this.seconds(),
      chat,
      from,
      ...(caption ? { caption } : {}),
      photo: [
        { file_id: `thumb-${messageCounter}`, file_unique_id: `thumb-${messageCounter}`, width: 320, height: 240, file_size: 9000 },
        { file_id: `photo-${messageCounter}`, file_unique_id: `photo-${messageCounter}`, width: 1280, height: 960, file_size: 180000 },
      ],
      ...(options.replyTo ? { reply_to_message: { message_id: options.replyTo.message_id, date: this.seconds(), chat, from: options.replyTo.from ?? this.telegram.botUser, text: options.replyTo.text ?? "" } } : {}),
    } as Message.PhotoMessage & Update.NonChannel;
    return this.telegram.push({ message });
  }

  /** `from` sends a file with a caption (e.g. /holidays and a CSV); the fake serves its content. */
  sendFile(chat: Chat, from: User, caption: string, fileName: string, content: string | Uint8Array): Update {
    this.telegram.chats.set(chat.id, chat);
    const fileId = `file-${messageCounter}`;
    this.telegram.files.set(fileId, content);
    const m = /^\/\w+/.exec(caption);
    const message = {
      message_id: messageCounter++,
      date: this.seconds(),
      chat,
      from,
      caption,
      ...(m ? { caption_entities: [{ type: "bot_command", offset: 0, length: m[0].length }] } : {}),
      document: { file_id: fileId, file_unique_id: fileId, file_name: fileName, file_size: typeof content === "string" ? Buffer.byteLength(content) : content.byteLength },
    } as Message.DocumentMessage & Update.NonChannel;
    return this.telegram.push({ message });
  }

  /** `from` taps the button whose label contains `label` on a message the bot sent. */
  tap(chat: Chat, from: User, sent: SentMessage, label: string): Update {
    const button = sent.buttons.flat().find((b) => b.text.includes(label));
    if (!button) throw new Error(`no button "${label}" on: ${sent.text}\n${JSON.stringify(sent.buttons)}`);
    return this.telegram.push({
      callback_query: {
        id: `cb-${messageCounter++}`,
        from,
        chat_instance: String(chat.id),
        data: button.data,
        message: { message_id: sent.messageId, date: this.seconds(), chat, from: this.telegram.botUser, text: sent.text },
      },
    } as Update);
  }

  /** `from` taps a button by its callback data on the bot's message `on` (a forged or stale tap, too). */
  tapData(chat: Chat, from: User, data: string, on: { messageId: number; text: string }): Update {
    return this.telegram.push({
      callback_query: {
        id: `cb-${messageCounter++}`,
        from,
        chat_instance: String(chat.id),
        data,
        message: { message_id: on.messageId, date: this.seconds(), chat, from: this.telegram.botUser, text: on.text },
      },
    } as Update);
  }

  /** The same message, edited: same message_id, new text, edit_date set. */
  edit(original: Update, text: string): Update {
    const message = original.message!;
    return this.telegram.push({
      edited_message: { ...message, text, edit_date: this.seconds() + 1, ...commandEntity(text) },
    });
  }

  /** Telegram delivering the very same update again. */
  redeliver(update: Update): Update {
    return this.telegram.push(update);
  }

  addedToGroup(chat: Chat, by: User): Update {
    this.telegram.chats.set(chat.id, chat);
    return this.botMembership(chat, by, "left", "member");
  }

  removedFromGroup(chat: Chat, by: User): Update {
    return this.botMembership(chat, by, "member", "left");
  }

  private botMembership(chat: Chat, by: User, was: "left" | "member", now: "left" | "member"): Update {
    return this.telegram.push({
      my_chat_member: {
        chat,
        from: by,
        date: this.seconds(),
        old_chat_member: { status: was, user: this.telegram.botUser },
        new_chat_member: { status: now, user: this.telegram.botUser },
      },
    } as Update);
  }
}

function commandEntity(text: string): { entities?: Message["entities"] } {
  const m = /^\/\w+(@\w+)?/.exec(text);
  return m ? { entities: [{ type: "bot_command", offset: 0, length: m[0].length }] } : {};
}
