import type { Db } from "#src/db/database.js";
import type { Person } from "#src/generated/prisma/client.js";
import type { MessageSource } from "./reports.js";

/** A photo as Telegram sent it: the largest size's file id and what is known of it. */
export interface IncomingPhoto {
  fileId: string;
  fileUniqueId: string;
  fileSize: number | null;
  width: number | null;
  height: number | null;
}

export interface TaskPhotos {
  count: number;
  /** The latest photo's Telegram file id, resent by id. */
  latest: { fileId: string; sentAt: Date } | null;
}

/**
 * Keeps a photo with a task's report: the report its caption made, or (a caption-less reply to
 * a prompt) the task's latest report. Once per message and task, however often it is delivered.
 * Returns how many photos the task has, or 0 when the task is unknown.
 */
export async function keepPhoto(db: Db, sender: Person, code: string, photo: IncomingPhoto, source: MessageSource, reportId: number | null): Promise<number> {
  const task = await db.task.findUnique({ where: { code } });
  if (!task) return 0;
  const latest =
    reportId ?? (await db.progressReport.findFirst({ where: { taskId: task.id }, orderBy: [{ reportedAt: "desc" }, { id: "desc" }] }))?.id ?? null;
  await db.reportPhoto.createMany({
    data: [
      {
        taskId: task.id,
        reportId: latest,
        fileId: photo.fileId,
        fileUniqueId: photo.fileUniqueId,
        fileSize: photo.fileSize,
        width: photo.width,
        height: photo.height,
        personId: sender.id,
        chatId: source.chatId,
        messageId: source.messageId,
        sentAt: source.sentAt,
      },
    ],
    skipDuplicates: true,
  });
  return db.reportPhoto.count({ where: { taskId: task.id } });
}

/** How many photos a task has, and its latest. */
export async function photosOf(db: Db, code: string): Promise<TaskPhotos> {
  const task = await db.task.findUnique({ where: { code: code.toUpperCase() } });
  if (!task) return { count: 0, latest: null };
  const [count, latest] = await Promise.all([
    db.reportPhoto.count({ where: { taskId: task.id } }),
    db.reportPhoto.findFirst({ where: { taskId: task.id }, orderBy: [{ sentAt: "desc" }, { id: "desc" }] }),
  ]);
  return { count, latest: latest ? { fileId: latest.fileId, sentAt: latest.sentAt } : null };
}
