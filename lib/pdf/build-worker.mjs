// Bundles lib/pdf/worker.ts into .build/pdf-worker.mjs for `next start`, where Next has bundled
// lib/ and no .ts file can be loaded by a worker thread. Run: node lib/pdf/build-worker.mjs
// Dependencies are bundled too (pdf-lib, node-forge, qrcode are pure JS) so the worker file works
// without resolving packages from .build/; node: built-ins stay external.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import { resolve } from "node:path";

const root = resolve(fileURLToPath(new URL("../..", import.meta.url)));

await build({
  entryPoints: [resolve(root, "lib/pdf/worker.ts")],
  outfile: resolve(root, ".build/pdf-worker.mjs"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // CommonJS dependencies call require() for built-ins; give the ESM bundle a require.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: "warning",
});
console.log("built .build/pdf-worker.mjs");
