// Bundles verification into single files with no dependency on the portal (no database, no Next):
//   .build/verify-offline.mjs  the offline verifier: `node .build/verify-offline.mjs --cert portal.pem FILE...`
//                              (copy it anywhere with Node 20+; nothing else is needed)
//   .build/verify-worker.mjs   the verification worker thread used by `next start`
// Run: node lib/verification/build-offline.mjs
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import { resolve } from "node:path";

const root = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const common = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: "warning",
};

await build({ ...common, entryPoints: [resolve(root, "scripts/verify-offline.ts")], outfile: resolve(root, ".build/verify-offline.mjs") });
await build({ ...common, entryPoints: [resolve(root, "lib/verification/facts-worker.ts")], outfile: resolve(root, ".build/verify-worker.mjs") });
console.log("built .build/verify-offline.mjs and .build/verify-worker.mjs");
