import "server-only";
// A PDF uploaded for the pre-flight check, held for a short while so that the affix request can name it
// (uploadId) instead of sending the same bytes again: on a 40 KB/s link an 861 KB file took 22 s per trip.
// Local disk (DATA_DIR/uploads), one file and one owner record per upload, owner-bound and short-lived.
// With several servers and no shared disk the affix may land where the upload is not: it then answers
// UPLOAD_NOT_FOUND and the page sends the file itself, as it always could.
import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { readStoredJson } from "@/lib/db/stored-json";
import { env } from "@/lib/env";

export const UPLOAD_HOLD_MINUTES = 30;
const ID = /^[A-Za-z0-9_-]{24}$/;

const ZOwnerRecord = z.object({ ownerId: z.string(), fileName: z.string(), expiresAt: z.string() });
type TOwnerRecord = z.infer<typeof ZOwnerRecord>;
const readRecord = async (dir: string, id: string) => readStoredJson(ZOwnerRecord, await readFile(path.join(dir, `${id}.json`), "utf8"), "held upload record");

function uploadsDir() {
  return path.join(env().dataDir, "uploads");
}

/** Keeps `bytes` for UPLOAD_HOLD_MINUTES for `ownerId`; returns the handle to name them by. */
export async function holdUpload(input: { ownerId: string; bytes: Uint8Array; fileName: string; now?: Date }): Promise<{ uploadId: string; expiresAt: string }> {
  const uploadId = randomBytes(18).toString("base64url");
  const expiresAt = new Date((input.now ?? new Date()).getTime() + UPLOAD_HOLD_MINUTES * 60_000).toISOString();
  const dir = uploadsDir();
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(path.join(dir, `${uploadId}.pdf`), input.bytes, { mode: 0o600 });
  const record: TOwnerRecord = { ownerId: input.ownerId, fileName: input.fileName.slice(0, 300), expiresAt };
  // Written last: an upload without its record is never handed out.
  await writeFile(path.join(dir, `${uploadId}.json`), JSON.stringify(record), { mode: 0o600 });
  return { uploadId, expiresAt };
}

/** The held bytes, only to their owner and only before they expire; null otherwise (never says which). */
export async function findHeldUpload(input: { uploadId: string; ownerId: string; now?: Date }): Promise<{ bytes: Uint8Array; fileName: string } | null> {
  if (!ID.test(input.uploadId)) return null;
  const dir = uploadsDir();
  try {
    const record = await readRecord(dir, input.uploadId);
    if (record.ownerId !== input.ownerId || new Date(record.expiresAt) <= (input.now ?? new Date())) return null;
    return { bytes: new Uint8Array(await readFile(path.join(dir, `${input.uploadId}.pdf`))), fileName: record.fileName };
  } catch {
    return null;
  }
}

/** Deletes held uploads past their time (and leftovers without a record). */
export async function purgeHeldUploads(now = new Date()): Promise<number> {
  const dir = uploadsDir();
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  let deleted = 0;
  for (const name of names.filter((n) => n.endsWith(".pdf"))) {
    const id = name.slice(0, -4);
    let expired: boolean;
    try {
      const record = await readRecord(dir, id);
      expired = new Date(record.expiresAt) <= now;
    } catch {
      // No record: a write that never finished, once it is older than the hold time.
      const writtenAt = (await stat(path.join(dir, name)).catch(() => null))?.mtimeMs ?? 0;
      expired = writtenAt < now.getTime() - UPLOAD_HOLD_MINUTES * 60_000;
    }
    if (expired) {
      await rm(path.join(dir, name), { force: true });
      await rm(path.join(dir, `${id}.json`), { force: true });
      deleted++;
    }
  }
  return deleted;
}
