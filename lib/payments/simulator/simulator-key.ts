import "server-only";
// The simulator's server key: made once per installation and kept in the database (KeyValue), never in
// the repository. Anyone who could read it could forge simulator notifications, so it never leaves the server.
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";

const KEY = "payments.simulator.serverKey";
let cached: { url: string; key: string } | null = null;

export async function getSimulatorServerKey(): Promise<string> {
  const url = env().databaseUrl;
  if (cached?.url === url) return cached.key;
  const existing = await db().keyValue.findUnique({ where: { key: KEY }, select: { value: true } });
  let value = existing?.value;
  if (!value) {
    try {
      value = `SIM-${randomBytes(32).toString("base64url")}`;
      await db().keyValue.create({ data: { key: KEY, value } });
    } catch {
      // Two first uses at once: one key wins, both use it.
      value = (await db().keyValue.findUniqueOrThrow({ where: { key: KEY }, select: { value: true } })).value;
    }
  }
  cached = { url, key: value };
  return value;
}
