import { readFileSync } from "node:fs";
import path from "node:path";

let version: string | null = null;

/** The portal's version, from package.json (read once). */
export function appVersion(): string {
  if (version) return version;
  try {
    version = (JSON.parse(readFileSync(path.join(process.cwd(), "package.json"), "utf8")) as { version: string }).version;
  } catch {
    version = "unknown";
  }
  return version;
}
