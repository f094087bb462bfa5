// The Idempotency-Key header of the APIs that must not act twice (ordering, affixing): one rule for
// both, and the OpenAPI document describes the header with this same schema.
import { z } from "zod";

export const IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";

export const ZIdempotencyKey = z
  .string()
  .trim()
  .min(8)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, "printable ASCII without spaces")
  .describe("8 to 200 printable ASCII characters, chosen by the client per operation (a UUID will do). A retry sends the same key.");

/** The request's key, or null when it is missing or not a valid key. */
export function idempotencyKeyFrom(headers: Headers): string | null {
  const parsed = ZIdempotencyKey.safeParse(headers.get(IDEMPOTENCY_KEY_HEADER) ?? "");
  return parsed.success ? parsed.data : null;
}
