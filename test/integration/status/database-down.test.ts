import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { describe, test } from "node:test";
import pg from "pg";
import { useTestDatabase } from "@/test/helpers/test-database";
import { db } from "@/lib/db/client";
import { ensureStatusComponents } from "@/lib/status/ensure-components";
import { createIncident } from "@/lib/status/create-incident";
import { invalidateStatus } from "@/lib/status/status-cache";
import { statusPageRoute, v2Route, atomRoute } from "@/lib/status/routes";

const database = useTestDatabase();
const base = "http://127.0.0.1:3000";

/** Really takes the database away: DROP DATABASE on PostgreSQL, delete the file on SQLite. */
async function killDatabase() {
  if (database.kind === "postgresql") {
    const name = new URL(database.url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: database.url.replace(/\/[^/]*$/, "/postgres") });
    await admin.connect();
    await admin.query(`DROP DATABASE "${name}" WITH (FORCE)`);
    await admin.end();
  } else {
    await db().$disconnect();
    const file = database.url.slice("file:".length);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  }
}

describe(`status page with the database down (${database.kind})`, () => {
  test("/status, the JSON and the feeds keep serving the last published state, with a visible note", async () => {
    await ensureStatusComponents();
    await createIncident({ name: "Gangguan pembayaran QRIS", status: "identified", impact: "critical", body: "Penyedia pembayaran tidak merespons.", componentIds: ["payments"], isDraft: false, actor: { id: null, label: "test" } });
    const live = await (await statusPageRoute(new Request(`${base}/status`))).text();
    assert.doesNotMatch(live, /data terakhir yang diterbitkan/);

    await killDatabase();
    invalidateStatus();

    const page = await statusPageRoute(new Request(`${base}/status`));
    assert.equal(page.status, 200);
    assert.equal(page.headers.get("x-status-source"), "snapshot");
    const html = await page.text();
    assert.match(html, /Ini data terakhir yang diterbitkan/);
    assert.match(html, /Gangguan pembayaran QRIS/);
    const en = await (await statusPageRoute(new Request(`${base}/status?lang=en`))).text();
    assert.match(en, /This is the last published state/);

    const summary = await v2Route("summary", "summary.json")(new Request(`${base}/api/v2/summary.json`));
    assert.equal(summary.status, 200);
    assert.equal(summary.headers.get("x-status-source"), "snapshot");
    const json = await summary.json();
    assert.equal(json.status.indicator, "critical");
    assert.equal(json.incidents[0].name, "Gangguan pembayaran QRIS");
    const atom = await atomRoute(new Request(`${base}/status/feed.atom`));
    assert.equal(atom.status, 200);
    assert.match(await atom.text(), /Gangguan pembayaran QRIS/);
  });
});
