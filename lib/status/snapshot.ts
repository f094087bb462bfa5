import "server-only";
// The last published state on disk, so /status and the feeds keep answering when the database does
// not. Written to a temporary file and renamed: a reader never sees half a file, even after a crash.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";
import { readStoredJsonOr } from "@/lib/db/stored-json";
import { ZStatusState, type TStatusState } from "./state";

export function snapshotPath() {
  return path.join(env().dataDir, "status", "snapshot.json");
}

export function writeSnapshot(state: TStatusState) {
  const file = snapshotPath();
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temp, JSON.stringify({ ...state, source: "live" }));
  renameSync(temp, file);
}

/** The last published state, or null when there is none (or it is unreadable, e.g. written by an older version). */
export function readSnapshot(): TStatusState | null {
  let text: string;
  try {
    text = readFileSync(snapshotPath(), "utf8");
  } catch {
    return null;
  }
  const state = readStoredJsonOr(ZStatusState.nullable(), text, null);
  return state && { ...state, source: "snapshot" };
}
