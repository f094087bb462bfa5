// `npm run status:export -- [--out DIR]`: writes the status page (static HTML, inline CSS, Indonesian
// and English) and every feed (Statuspage v2 JSON, RSS, Atom) to a folder, so operators can host a
// copy somewhere independent of the portal. Reads the database, or the last snapshot if it is down.
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { renderAtom, renderRss } from "@/lib/status/feeds";
import { renderStatusHtml } from "@/lib/status/render-status-html";
import { getStatusState } from "@/lib/status/status-cache";
import { v2, V2_ENDPOINTS } from "@/lib/status/statuspage-v2";

const outIndex = process.argv.indexOf("--out");
const out = path.resolve(outIndex > 0 ? process.argv[outIndex + 1] : path.join(env().dataDir, "status-export"));
const state = await getStatusState({ fresh: true });

function write(rel: string, content: string) {
  const file = path.join(out, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, content);
  renameSync(`${file}.tmp`, file);
}

write("index.html", renderStatusHtml(state, { locale: "id", mode: "static" }));
write("index.en.html", renderStatusHtml(state, { locale: "en", mode: "static" }));
for (const ep of V2_ENDPOINTS) write(path.join("api/v2", ep.path), JSON.stringify(v2[ep.build](state), null, 2));
write("feed.rss", renderRss(state, `${state.page.statusUrl}/feed.rss`));
write("feed.atom", renderAtom(state, `${state.page.statusUrl}/feed.atom`));
console.log(`[status:export] wrote ${V2_ENDPOINTS.length + 4} files to ${out} (${state.source === "snapshot" ? "from the last snapshot: the database did not answer" : "live state"})`);
await db().$disconnect().catch(() => undefined);
process.exit(0);
