// Bundles the code that runs outside Next's own bundle into single files under .build/ (part of
// `npm run build`; run alone with `node scripts/build-bundles.mjs`):
//   .build/pdf-worker.mjs      the PDF worker thread (stamping, pre-flight) used by the server (`npm start`)
//   .build/store-worker.mjs    the file store's worker thread (stores each stamped file, fsynced)
//   .build/verify-worker.mjs   the verification worker thread used by the server (`npm start`)
//   .build/verify-offline.mjs  the offline verifier: `node .build/verify-offline.mjs --cert portal.pem FILE...`
//                              (copy it anywhere with Node 20+; nothing else is needed)
//   public/verify-engine/facts-worker.js  the same PDF reading and signature checks for the browser: the Web
//                              Worker of /verify and /verify/bulk (lib/verification/browser/), with node:crypto
//                              and node:zlib swapped for browser implementations and Buffer for the `buffer` package.
//                              Generated, not committed (public/verify-engine/ is in .gitignore).
// Worker threads cannot load the TypeScript sources that Next bundled, so they get bundles of their own.
// Dependencies are bundled too (pdf-lib, node-forge, qrcode are pure JS): the files work without
// resolving packages from .build/; node: built-ins stay external.
import { build } from "esbuild";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(fileURLToPath(new URL("..", import.meta.url)));
const bundles = [
  ["lib/stamps/pdf-worker.ts", ".build/pdf-worker.mjs"],
  ["lib/stamps/store-worker.ts", ".build/store-worker.mjs"],
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
// The browser's verification worker: one file, no imports left, classic script (every browser with
// workers runs it). The server's code, only node: built-ins resolved to the browser versions.
const browser = "lib/verification/browser";
await build({
  entryPoints: [resolve(root, browser, "worker.ts")],
  outfile: resolve(root, "public/verify-engine/facts-worker.js"),
  bundle: true,
  platform: "browser",
  format: "iife",
  target: ["chrome100", "firefox100", "safari15"],
  // For profiling (bench/lib/trace-profile.mjs), BUNDLE_READABLE=1 keeps the function names; same code otherwise.
  minifyWhitespace: true,
  minifySyntax: true,
  minifyIdentifiers: process.env.BUNDLE_READABLE !== "1",
  alias: { "node:crypto": resolve(root, browser, "node-crypto.ts"), "node:zlib": resolve(root, browser, "node-zlib.ts") },
  inject: [resolve(root, browser, "buffer-global.ts")],
  define: { "process.env.NODE_ENV": '"production"' },
  legalComments: "none",
  logLevel: "warning",
});
bundles.push([`${browser}/worker.ts`, "public/verify-engine/facts-worker.js"]);
console.log(`built ${bundles.map(([, out]) => out).join(", ")}`);
