import { Composer } from "grammy";
import type { Document } from "grammy/types";
import type { TaskSpec } from "#src/domain/ledger/read.js";
import type { ChoiceOption, Services } from "#src/services/index.js";
import { formatImportSummary } from "#src/views/ledger/summary.js";
import { refusalText } from "#src/views/ledger/messages.js";
import { writeLedgerExport } from "#src/views/ledger/workbook.js";
import type { ActionHandlers } from "../actions.js";
import type { BotContext, SenderContext } from "../context.js";
import { adminOnly, hasSender } from "../guards.js";
import { reply } from "../reply.js";

const MAX_FILE_BYTES = 10 * 1024 * 1024;
const SHOWN_ERRORS = 30;
/** The dry run describes the database as it was: an hour later it is asked for again. */
const CONFIRM_TTL_MS = 60 * 60 * 1000;
const CAPTION = /^\/import(@\w+)?(\s|$)/i;

type ImportChoice = { apply: true; specs: TaskSpec[] } | { apply: false };

/**
 * The ledger (台账) in chat: an admin sends the file with /import, sees what would change, and
 * confirms with a button; /export answers with the workbook.
 *
 * The confirm button's stored payload is the tasks as read from the file, not the file's id:
 * what is applied is exactly what was shown, with no second download or reading, and a
 * thousand tasks are a few hundred kilobytes of JSON in one row. The import itself compares
 * them with the database again, in its transaction, so a change made in between is not undone.
 */
export function createLedgerFeature(ledger: Services["ledger"], actions: Services["actions"]): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  // A file from anyone but an admin is ignored; the command typed as text gets the one line.
  const captioned = feature.on("message:document").filter((ctx) => CAPTION.test(ctx.message.caption ?? ""));
  captioned.use(async (ctx, next) => (ctx.isAdmin ? next() : undefined), previewImport);
  feature.command("import", adminOnly("import"), previewImport);

  async function previewImport(ctx: BotContext): Promise<void> {
    const t = ctx.t;
    const document = ctx.msg?.document ?? ctx.msg?.reply_to_message?.document;
    if (!document || !hasSender(ctx) || !ctx.chat) return void (await reply(ctx, t.importUsage));
    if ((document.file_size ?? 0) > MAX_FILE_BYTES) return void (await reply(ctx, t.importTooBig));
    const bytes = await download(ctx, document);
    const preview = await ledger.preview(bytes, document.file_name ?? "ledger.xlsx");
    if (!preview.ok) return void (await reply(ctx, t.importRefused(refusalText(preview.refusal, ctx.lang, SHOWN_ERRORS))));
    const summary = formatImportSummary(preview.plan, ctx.lang, "dry-run");
    if (!preview.plan.created.length && !preview.plan.changed.length) return void (await reply(ctx, `${summary}\n${t.importNothing}`));
    const buttons = await actions.offer({
      kind: "ledger.import",
      chatId: BigInt(ctx.chat.id),
      personId: ctx.person.id,
      ttlMs: CONFIRM_TTL_MS,
      options: [
        { label: t.importConfirm, payload: { apply: true, specs: preview.specs } as unknown as ChoiceOption["payload"] },
        { label: t.importCancel, payload: { apply: false } },
      ],
    });
    await reply(ctx, summary, { buttons: [buttons] });
  }

  feature.command("export", adminOnly("export"), async (ctx) => {
    const rows = await ledger.exportRows();
    if (!rows.length) return void (await reply(ctx, ctx.t.exportEmpty));
    const bytes = await writeLedgerExport(rows);
    await reply(ctx, ctx.t.exportCaption(rows.length), { file: { kind: "document", bytes, fileName: ctx.t.exportFileName(ctx.services.today()) } });
  });

  return feature;
}

/** What the import buttons do: 确认导入 writes in one transaction, 取消 writes nothing. */
export function ledgerActionHandlers(ledger: Services["ledger"]): ActionHandlers {
  return {
    "ledger.import": async (ctx: SenderContext, payload: unknown) => {
      const choice = payload as ImportChoice;
      if (!choice.apply) return void (await reply(ctx, ctx.t.importCancelled));
      try {
        const plan = await ledger.apply(ctx.person, choice.specs);
        await reply(ctx, formatImportSummary(plan, ctx.lang, "applied"));
      } catch (error) {
        // One transaction: a failure leaves nothing half written.
        ctx.log.error({ err: error }, "ledger import failed");
        await reply(ctx, ctx.t.importFailed);
      }
    },
  };
}

async function download(ctx: BotContext, document: Document): Promise<Uint8Array> {
  const file = await ctx.api.getFile(document.file_id);
  const response = await fetch(`${ctx.fileRoot}/${file.file_path}`);
  if (!response.ok) throw new Error(`could not download the file: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}
