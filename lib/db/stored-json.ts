// Columns that hold JSON text (SQLite has no JSON type) are read back through a zod schema, never trusted
// with a cast: a row written by an older version, or edited by hand, is then a clear error (or the
// caller's fallback) instead of a wrong value travelling on.
import type { z } from "zod";

/** The stored value, checked; throws naming `what` when the text is not JSON or not of the expected shape. */
export function readStoredJson<T>(schema: z.ZodType<T>, text: string, what: string): T {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error(`stored ${what} is not JSON`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new Error(`stored ${what} has an unexpected shape: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  return parsed.data;
}

/** The same, with `fallback` for a missing or unreadable value (for display and other forgiving readers). */
export function readStoredJsonOr<T>(schema: z.ZodType<T>, text: string | null | undefined, fallback: T): T {
  if (text == null) return fallback;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : fallback;
  } catch {
    return fallback;
  }
}
