import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

let version: string | null = null;

/** The portal's version, from package.json (read once). */
export function appVersion(): string {
  if (version) return version;
  try {
    version = z.object({ version: z.string() }).parse(JSON.parse(readFileSync(path.join(process.cwd(), "package.json"), "utf8"))).version;
  } catch {
    version = "unknown";
  }
  return version;
}
