// Bundles the code that runs outside Next's own bundle into single files under .build/ (part of
// `npm run build`; run alone with `node scripts/build-bundles.mjs`):
//   .build/pdf-worker.mjs      the PDF worker thread (stamping, pre-flight) used by the server (`npm start`)
//   .build/verify-worker.mjs   the verification worker thread used by the server (`npm start`)
//   .build/verify-offline.mjs  the offline verifier: `node .build/verify-offline.mjs --cert portal.pem FILE...`
//                              (copy it anywhere with Node 20+; nothing else is needed)
// Worker threads cannot load the TypeScript sources that Next bundled, so they get bundles of their own.
// Dependencies are bundled too (pdf-lib, node-forge, qrcode are pure JS): the files work without
// resolving packages from .build/; node: built-ins stay external.
import { build } from "esbuild";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(fileURLToPath(new URL("..", import.meta.url)));
const bundles = [
  ["lib/stamps/pdf-worker.ts", ".build/pdf-worker.mjs"],
  ["lib/verification/facts-worker.ts", ".build/verify-worker.mjs"],
  ["scripts/verify-offline.ts", ".build/verify-offline.mjs"],
];

for (const [entry, out] of bundles) {
  await build({
    entryPoints: [resolve(root, entry)],
    outfile: resolve(root, out),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // A native addon (an HSM through PKCS#11, only when configured): loaded from node_modules at run time.
    external: ["pkcs11js"],
    // CommonJS dependencies call require() for built-ins; give the ESM bundle a require.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    logLevel: "warning",
  });
}
console.log(`built ${bundles.map(([, out]) => out).join(", ")}`);
