import { TELEGRAM_TEXT_LIMIT } from "#src/domain/text.js";
import { ANSWER_BATCHES, type AnswerBatch } from "#src/services/outbox.js";

/** What merging needs of a waiting answer. */
export interface BatchPart {
  id: number;
  text: string;
  batch: string | null;
  replyTo: number | null;
  forceReply: boolean;
}

export interface MergedAnswer<P extends BatchPart> {
  /** The answers this message carries, in the order they appear in it. */
  parts: P[];
  /** Answers that did not fit under Telegram's limit: they wait for the chat's next turn. */
  leftOver: P[];
  text: string;
  /** The latest message among those answered: the merged answer replies to it. */
  replyTo: number | null;
  /** Whether the answer to that latest message asked for a reply (force_reply is selective: it asks that person). */
  forceReply: boolean;
}

const order = (batch: string | null) => {
  const index = ANSWER_BATCHES.indexOf(batch as AnswerBatch);
  return index < 0 ? ANSWER_BATCHES.length : index;
};

/**
 * One message out of a chat's waiting answers: confirmations first, then notices, then one help
 * text (the same text twice is said once). Each answer stays whole: what would pass
 * Telegram's 4,096 characters waits for the next turn, in its order.
 */
export function mergeAnswers<P extends BatchPart>(waiting: readonly P[], limit = TELEGRAM_TEXT_LIMIT): MergedAnswer<P> {
  const sorted = [...waiting].sort((a, b) => order(a.batch) - order(b.batch) || a.id - b.id);
  const multiLine = sorted.some((p) => p.text.includes("\n"));
  // Answers of several lines are told apart by a blank line.
  const separator = multiLine ? "\n\n" : "\n";
  const parts: P[] = [];
  const leftOver: P[] = [];
  const said = new Set<string>();
  let text = "";
  for (const part of sorted) {
    // One help text a message, whoever asked: the others go with it unsaid.
    const key = part.batch === "help" ? "\u0000help" : part.text;
    if (said.has(key)) {
      // Said already in this message: it goes with it, once.
      parts.push(part);
      continue;
    }
    const next = text ? `${text}${separator}${part.text}` : part.text;
    if (next.length > limit && text) {
      leftOver.push(part);
      continue;
    }
    text = next;
    said.add(key);
    parts.push(part);
  }
  const answered = parts.filter((p) => p.replyTo !== null).sort((a, b) => (b.replyTo ?? 0) - (a.replyTo ?? 0) || b.id - a.id);
  const target = answered[0];
  return {
    parts,
    leftOver,
    text,
    replyTo: target?.replyTo ?? null,
    // Asks for an answer only of the person whose message it replies to, when that answer asked.
    forceReply: target?.forceReply ?? false,
  };
}
