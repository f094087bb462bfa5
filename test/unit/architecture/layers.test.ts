// The house in layers: every import in lib/ points down. Each folder (or top-level file) of lib/ sits in
// one layer; a module may import only from its own folder or from a lower layer, never from app/ or
// scripts/. A new folder must be placed here, which is the point: someone decides where it belongs.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";

/** Top to bottom. */
const LAYERS: string[][] = [
  ["server"], // the HTTP server: front door, start-up, overload control
  ["openapi"], // describes the API of the areas below
  ["status", "verification", "stamps", "orders", "users", "seed"], // the areas people use
  ["queue"], // the waiting room
  ["edge"], // route handlers' and server actions' common edge
  ["auth", "payments", "quota", "health", "signing", "storage", "workers", "leases"],
  ["audit", "pdf", "i18n", "rate-limit.ts", "metrics.ts"],
  ["db", "http"], // database access; HTTP primitives
  ["copy-bytes.ts", "env.ts", "errors.ts", "process-singleton.ts", "random-bytes.ts", "version.ts"],
];

const ROOT = path.resolve(import.meta.dirname, "../../..");
const LIB = path.join(ROOT, "lib");
const layerOf = new Map(LAYERS.flatMap((names, level) => names.map((name) => [name, level] as const)));

/** The unit of lib/ a file belongs to: its first folder, or the file itself at the top. */
const unitOf = (file: string) => path.relative(LIB, file).split(path.sep)[0];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => /\.(ts|tsx|mts|mjs)$/.test(f) && !f.endsWith(".d.mts"))
    .map((f) => path.join(dir, f));
}

/** Every import, export-from and dynamic import of a file, resolved to a path under the project when local. */
function importsOf(file: string): string[] {
  const source = readFileSync(file, "utf8");
  const specifiers = [...source.matchAll(/(?:^|\s)(?:import|export)\s[^"';]*?from\s*["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)|^import\s+["']([^"']+)["']/gm)].map((m) => m[1] ?? m[2] ?? m[3]);
  return specifiers.flatMap((s) => {
    if (s.startsWith("@/")) return [path.join(ROOT, s.slice(2))];
    if (s.startsWith(".")) return [path.resolve(path.dirname(file), s)];
    return [];
  });
}

describe("lib/ in layers", () => {
  const files = sourceFiles(LIB);

  it("places every folder and top-level file of lib/ in a layer", () => {
    const units = [...new Set(files.map(unitOf))].sort();
    assert.deepEqual(units.filter((u) => !layerOf.has(u)), [], "add new folders of lib/ to LAYERS");
  });

  it("has every import point down (or within its own folder), never to app/ or scripts/", () => {
    const upward: string[] = [];
    for (const file of files) {
      const from = unitOf(file);
      for (const target of importsOf(file)) {
        const where = `${path.relative(ROOT, file)} → ${path.relative(ROOT, target)}`;
        if (!target.startsWith(LIB + path.sep)) {
          if (!target.startsWith(path.join(ROOT, "generated") + path.sep)) upward.push(`${where} (outside lib/)`);
          continue;
        }
        // "@/lib/env" names lib/env.ts: a top-level file is imported without its extension.
        const named = unitOf(target);
        const toUnit = [named, `${named}.ts`, `${named}.mjs`].find((u) => layerOf.has(u)) ?? named;
        if (toUnit === from) continue;
        if ((layerOf.get(toUnit) ?? -1) <= (layerOf.get(from) ?? -1)) upward.push(where);
      }
    }
    assert.deepEqual(upward, []);
  });
});
