// `npm test`: runs every suite, from a fresh clone if need be, and ends with one summary line.
// Installs what is missing first (npm packages; Chromium, poppler-utils, qpdf, zbar-tools, HAProxy, SoftHSM2, util-linux-extra and strace from Debian when run
// as root), then: typecheck, unit tests, integration tests on SQLite and on PostgreSQL, a production
// build, and the Playwright end-to-end tests against it. Plain Node on purpose: it must run before
// `npm ci` has installed anything.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import net from "node:net";

const only = process.argv.slice(2); // e.g. `npm test -- unit integration` runs a subset
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", CHECKPOINT_DISABLE: "1" };
// The portal's own settings in the caller's shell (a demo's DATABASE_URL, PORT or DATA_DIR, say) must not
// point the tests at someone's real database, port or files: every suite chooses its own.
for (const name of ["DATABASE_URL", "DATA_DIR", "PORT", "PUBLIC_URL", "REDIS_URL", "QUEUE_REDIS_PREFIX", "E2E_PORT", "E2E_DATA_DIR"]) delete env[name];

function want(step) {
  return only.length === 0 || only.includes(step);
}

function sh(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { stdio: "inherit", env, ...options });
  return r.status === 0;
}

function run(label, cmd, args, parse, extraEnv = {}) {
  console.log(`\n━━ ${label} ━━`);
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: { ...env, ...extraEnv }, stdio: ["ignore", "pipe", "pipe"] });
    let tail = "";
    const keep = (chunk) => {
      process.stdout.write(chunk);
      tail = (tail + chunk.toString()).slice(-20_000);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("close", (code) => {
      const counts = parse ? parse(tail) : null;
      if (counts) {
        totals.passed += counts.passed;
        totals.failed += counts.failed;
        totals.skipped += counts.skipped;
      }
      if (code !== 0) failures.push(label);
      if (code !== 0 && counts && counts.failed === 0) totals.failed += 1; // crashed outside a test
      resolve(code === 0);
    });
  });
}

const nodeTestCounts = (out) => {
  const n = (name) => Number(new RegExp(`^\\S* ?${name} (\\d+)`, "m").exec(out.replace(/\u2139 /g, ""))?.[1] ?? 0);
  return { passed: n("pass"), failed: n("fail") + n("cancelled"), skipped: n("skipped") + n("todo") };
};
const playwrightCounts = (out) => {
  const n = (name) => Number(new RegExp(`^\\s*(\\d+) ${name}\\b`, "m").exec(out)?.[1] ?? 0);
  return { passed: n("passed"), failed: n("failed") + n("flaky") + n("interrupted"), skipped: n("skipped") + n("did not run") };
};

/** Node 20's test runner does not expand globs itself. */
function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(".test.ts"))
    .map((f) => path.join(dir, f))
    .sort();
}

function ensureDependencies() {
  const marker = "node_modules/.package-lock.json";
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync("package-lock.json").mtimeMs) return;
  console.log("━━ installing npm dependencies (npm ci) ━━");
  if (!sh("npm", ["ci", "--no-audit", "--no-fund"])) throw new Error("npm ci failed");
}

function ensureSystemTools() {
  const missing = [
    ["/usr/bin/chromium", "chromium"],
    ["/usr/bin/pdfsig", "poppler-utils"],
    ["/usr/bin/qpdf", "qpdf"],
    ["/usr/bin/zbarimg", "zbar-tools"],
    // The cluster tests run three nodes behind HAProxy; the HSM test signs through SoftHSM2 (PKCS#11).
    ["/usr/sbin/haproxy", "haproxy"],
    ["/usr/bin/softhsm2-util", "softhsm2"],
    // The stored-file test reads what the page cache holds of a file with fincore.
    ["/usr/bin/fincore", "util-linux-extra"],
    // The content-address test watches the order of a store's system calls with strace.
    ["/usr/bin/strace", "strace"],
  ].filter(([file]) => !existsSync(file));
  if (missing.length === 0) return;
  const packages = missing.map(([, p]) => p);
  if (process.getuid?.() !== 0 || !existsSync("/usr/bin/apt-get")) {
    throw new Error(`missing system packages: ${packages.join(" ")} (install them, e.g. apt-get install -y ${packages.join(" ")})`);
  }
  console.log(`━━ installing ${packages.join(", ")} from Debian ━━`);
  sh("apt-get", ["update", "-qq"]);
  if (!sh("apt-get", ["install", "-y", "-qq", ...packages])) throw new Error("apt-get install failed");
}

function reachable(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port, timeout: 1000 });
    socket.on("connect", () => (socket.destroy(), resolve(true)));
    socket.on("error", () => resolve(false));
    socket.on("timeout", () => (socket.destroy(), resolve(false)));
  });
}

async function ensureServices() {
  if (!(await reachable(5432)) && existsSync("/etc/postgresql")) {
    sh("sh", ["-c", "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"]);
  }
  if (!(await reachable(6379)) && existsSync("/usr/bin/redis-server")) {
    sh("sh", ["-c", 'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log']);
  }
  for (const [name, port] of [["PostgreSQL", 5432], ["Redis", 6379]]) {
    if (!(await reachable(port))) throw new Error(`${name} is not reachable on 127.0.0.1:${port}`);
  }
}

const started = Date.now();
try {
  ensureDependencies();
  ensureSystemTools();
  await ensureServices();
  if (!sh("npx", ["tsx", "scripts/db/generate.ts"])) throw new Error("prisma generate failed");
  if (want("typecheck")) {
    console.log("\n━━ typecheck (tsc --noEmit) ━━");
    if (!sh("npx", ["tsc", "--noEmit"])) failures.push("typecheck");
  }
  // --test-force-exit: a test file that leaves a handle open must not hang the whole run (files close
  // their worker pools and databases themselves; this is the safety net).
  const nodeTest = ["--conditions=react-server", "--import", "tsx", "--test", "--test-force-exit", "--test-reporter=spec"];
  if (want("unit")) await run("unit tests", "node", [...nodeTest, ...testFiles("test/unit")], nodeTestCounts);
  if (want("integration")) {
    for (const db of ["sqlite", "postgresql"]) {
      await run(`integration tests on ${db}`, "node", [...nodeTest, "--test-concurrency=1", ...testFiles("test/integration")], nodeTestCounts, { TEST_DB: db });
    }
  }
  if (want("e2e")) {
    const built = await run("production build", "npm", ["run", "build"], null);
    if (built) await run("end-to-end tests (Playwright, Chromium)", "npx", ["playwright", "test"], playwrightCounts);
    // The main pages at both sizes, in screenshots/ (CI keeps them), so that a change in look shows in review.
    if (built) await run("screenshots (npm run screenshots)", "npx", ["playwright", "test", "--config", "playwright.screenshots.config.ts"], playwrightCounts);
  }
} catch (error) {
  failures.push(error.message);
  console.error(`\n${error.message}`);
}

const minutes = ((Date.now() - started) / 60000).toFixed(1);
if (failures.length) console.log(`\nFailed steps: ${failures.join("; ")}`);
console.log(`\nAll suites finished in ${minutes} min.`);
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""}`);
process.exit(failures.length || totals.failed ? 1 : 0);
