// Where the time went in a Chromium trace recorded with V8's sampling profiler (bench:verify-browser with
// BENCH_TRACE=FILE): per thread kind (the page's main thread, the verification workers, ...), the sampled
// time, and the functions with the most self time and the most inclusive time.
//   node bench/lib/trace-profile.mjs FILE [TOP]
// Readable names need a worker bundle built with identifiers kept: BUNDLE_READABLE=1 node scripts/build-bundles.mjs
import { readFileSync } from "node:fs";

const [file, topArg] = process.argv.slice(2);
const top = Number(topArg ?? 25);
const parsed = JSON.parse(readFileSync(file, "utf8"));
const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;

const threadNames = new Map();
for (const e of events) if (e.ph === "M" && e.name === "thread_name") threadNames.set(`${e.pid}:${e.tid}`, e.args.name);

// One profile per thread: its node tree and its samples, sent in chunks.
const profiles = new Map();
for (const e of events) {
  if (e.name !== "Profile" && e.name !== "ProfileChunk") continue;
  const key = `${e.pid}:${e.id}`;
  let profile = profiles.get(key);
  if (!profile) profiles.set(key, (profile = { thread: `${e.pid}:${e.tid}`, nodes: new Map(), samples: [], deltas: [] }));
  const data = e.args?.data;
  for (const node of data?.cpuProfile?.nodes ?? []) profile.nodes.set(node.id, node);
  profile.samples.push(...(data?.cpuProfile?.samples ?? []));
  profile.deltas.push(...(data?.timeDeltas ?? []));
}

const labelOf = (node) => {
  const f = node.callFrame;
  const where = f.url ? `${f.url.replace(/^.*\//, "")}:${f.lineNumber + 1}:${f.columnNumber + 1}` : "";
  return `${f.functionName || "(anonymous)"} ${where}`.trim();
};

const kinds = new Map();
for (const profile of profiles.values()) {
  const name = threadNames.get(profile.thread) ?? profile.thread;
  const kind = /DedicatedWorker/.test(name) ? "workers" : name;
  let k = kinds.get(kind);
  if (!k) kinds.set(kind, (k = { threads: new Set(), total: 0, idle: 0, self: new Map(), inclusive: new Map() }));
  k.threads.add(profile.thread);
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = Math.max(0, (profile.deltas[i + 1] ?? 0) / 1000); // ms until the next sample
    let node = profile.nodes.get(profile.samples[i]);
    if (!node) continue;
    const label = labelOf(node);
    k.total += dt;
    if (label === "(idle)") {
      k.idle += dt;
      continue;
    }
    k.self.set(label, (k.self.get(label) ?? 0) + dt);
    const seen = new Set();
    for (; node; node = profile.nodes.get(node.parent)) {
      const l = labelOf(node);
      if (seen.has(l)) continue;
      seen.add(l);
      k.inclusive.set(l, (k.inclusive.get(l) ?? 0) + dt);
    }
  }
}

const rows = (map, busy) => [...map].sort((a, b) => b[1] - a[1]).slice(0, top).map(([l, ms]) => `  ${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / busy).toFixed(1).padStart(5)}%  ${l.slice(0, 150)}`);
for (const [kind, k] of [...kinds].sort((a, b) => b[1].total - b[1].idle - (a[1].total - a[1].idle))) {
  const busy = k.total - k.idle;
  if (busy < 5) continue;
  console.log(`\n== ${kind} (${k.threads.size} thread(s)): sampled ${k.total.toFixed(0)} ms, busy ${busy.toFixed(0)} ms, idle ${k.idle.toFixed(0)} ms`);
  console.log(" self:");
  console.log(rows(k.self, busy).join("\n"));
  console.log(" inclusive:");
  console.log(rows(k.inclusive, busy).join("\n"));
}
