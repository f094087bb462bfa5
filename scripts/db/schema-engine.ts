// Loads Prisma's schema engine as WebAssembly. The CLI's native engine is a download that cannot
// happen on these machines (no internet beyond the npm registry); the wasm build ships in npm.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";

const require = createRequire(import.meta.url);

type Bg = typeof import("@prisma/schema-engine-wasm/schema_engine_bg");

let loaded: Promise<Bg> | null = null;

export async function loadSchemaEngine(adapterFactory: unknown, datamodel: { path: string; content: string }) {
  const bg = await (loaded ??= instantiate());
  const adapter = bindMigrationAwareSqlAdapterFactory(adapterFactory as never);
  const logs: string[] = [];
  return bg.SchemaEngine.new(
    { datamodels: [[datamodel.path, datamodel.content]] },
    (line: string) => logs.push(line),
    adapter,
  );
}

async function instantiate(): Promise<Bg> {
  // The engine reports Rust panics through this global; without it a panic hides its message.
  const g = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(m: string): void } };
  g.PRISMA_WASM_PANIC_REGISTRY ??= { set_message: (m) => console.error(`schema engine panic: ${m}`) };
  const pkgDir = path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg"));
  const bg = (await import(path.join(pkgDir, "schema_engine_bg.js"))) as Bg & {
    __wbg_set_wasm(exports: WebAssembly.Exports): void;
  };
  const bytes = await readFile(path.join(pkgDir, "schema_engine_bg.wasm"));
  // wasm-bindgen's generated glue names its import module after the JS file.
  const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bg as never });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
  return bg;
}
