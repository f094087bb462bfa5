// Issue 13: a rush with a node killed. Three nodes behind HAProxy; for RUSH_SECONDS (60) applicants
// buy, pay through the simulator, affix, download and verify. At a third of the time one node gets
// SIGKILL; at two thirds it starts again. Afterwards nothing paid or spent is lost or doubled.
import { expect, test } from "@playwright/test";
import pg from "pg";
import { ApplicantClient, makeAccounts, onePagePdf, sameBytes } from "./cluster-client";
import { freshCluster, waitFor } from "./cluster-helpers";

const RUSH_MS = Number(process.env.RUSH_SECONDS ?? 60) * 1000;
test.setTimeout(RUSH_MS + 480_000);

type TStamped = { client: ApplicantClient; jobId: string; serials: string[]; bytes: Uint8Array };

test("a node killed mid-rush loses nothing: orders credited once, quota spent equals stamps, every stamp valid everywhere, one probe series", async () => {
  const cluster = await freshCluster({
    env: {
      // A short task timeout makes the lease of a job cut off by the kill end soon (timeout + 10 s).
      PDF_TASK_TIMEOUT_MS: "5000",
      // Each affix holds its reservation 1 s before stamping: some are surely in flight on the node killed.
      AFFIX_FAILPOINT: "afterReserve:1000",
      PROBE_INTERVAL_SECONDS: "5",
      RECONCILE_INTERVAL_SECONDS: "5",
    },
  });
  const database = new pg.Client({ connectionString: cluster.nodeEnv.DATABASE_URL });
  try {
    await database.connect();
    const clients = makeAccounts(cluster, 6, "rush").map((a) => new ApplicantClient(cluster.url, a.token));
    const pdf = await onePagePdf("Surat pernyataan CASN 2026");
    const stamped: TStamped[] = [];
    const started = Date.now();
    let stop = false;
    const rush = clients.map(async (client, c) => {
      for (let n = 0; !stop; n++) {
        const orderId = await client.order(`order-${c}-${n}`);
        if (!orderId || !(await client.pay(orderId))) continue;
        const result = await client.affix(pdf, `affix-${c}-${n}`);
        if (!result) continue;
        stamped.push({ client, ...result });
        const downloaded = await client.download(result.jobId);
        expect(sameBytes(downloaded, result.bytes) || downloaded === null).toBe(true);
        await client.verify(result.bytes, result.jobId);
      }
    });
    const victim = cluster.nodes[1];
    await new Promise((resolve) => setTimeout(resolve, RUSH_MS / 3));
    const killedAt = Date.now();
    await victim.kill();
    await new Promise((resolve) => setTimeout(resolve, RUSH_MS / 3));
    await victim.start();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + RUSH_MS - Date.now())));
    stop = true;
    await Promise.all(rush);

    // The only failures: requests in flight on the killed node (begun before the kill, answered just after).
    const failed = clients.flatMap((client) => client.failed().map((call) => ({ client, call })));
    console.log(`[rush] ${clients.reduce((n, c) => n + c.calls.length, 0)} requests, ${stamped.length} stamps, ${failed.length} failed (in flight on the killed node): ${failed.map(({ call }) => `${call.op} → ${call.status}`).join(", ") || "none"}`);
    for (const { call } of failed) {
      expect(call.at, `failed long after the kill: ${JSON.stringify(call)}`).toBeLessThan(killedAt + 15_000);
      expect(call.at, `failed before the kill: ${JSON.stringify(call)}`).toBeGreaterThanOrEqual(killedAt - 1_000);
    }
    // A retry of each with the same Idempotency-Key succeeds or replays (once the cut-off job's lease has ended).
    for (const { client, call } of failed) {
      await waitFor(async () => {
        if (call.op === "order") return (await client.order(call.key)) !== null;
        if (call.op === "pay") return client.pay(call.key);
        if (call.op === "affix") {
          const retried = await client.affix(pdf, call.key);
          if (retried) stamped.push({ client, ...retried });
          return retried !== null;
        }
        if (call.op === "download") return (await client.download(call.key)) !== null;
        return true; // verify: no state; nothing to retry
      }, 60_000, `a retry of ${call.op} ${call.key}`);
    }

    // Every paid order credited exactly once (the reconciler completes any whose notification was cut off).
    await waitFor(async () => (await database.query(`SELECT count(*)::int AS n FROM "Order" WHERE "paidAt" IS NOT NULL AND status <> 'CREDITED'`)).rows[0].n === 0, 60_000, "every paid order credited");
    const credits = await database.query(`SELECT o.id, count(q.id)::int AS credits FROM "Order" o LEFT JOIN "QuotaEntry" q ON q."orderId" = o.id AND q.kind = 'CREDIT' WHERE o.status = 'CREDITED' GROUP BY o.id`);
    expect(credits.rows.length).toBeGreaterThan(0);
    expect(credits.rows.filter((r) => r.credits !== 1)).toEqual([]);

    // Quota spent equals stamps handed out; no reservation remains once leases have run out (the sweeper).
    await waitFor(async () => (await database.query(`SELECT coalesce(sum(reserved), 0)::int AS n FROM "QuotaAccount"`)).rows[0].n === 0, 120_000, "no reservation left");
    const spent = (await database.query(`SELECT coalesce(sum(consumed), 0)::int AS n FROM "QuotaAccount"`)).rows[0].n;
    const stamps = (await database.query(`SELECT count(*)::int AS n FROM "Stamp"`)).rows[0].n;
    expect(spent).toBe(stamps);
    const handedOut = new Set(stamped.flatMap((s) => s.serials));
    expect(handedOut.size).toBe(stamps);

    // Every stamp handed out verifies VALID and downloads, the same bytes, through each node.
    for (const item of stamped) {
      for (const node of cluster.nodes) {
        expect(sameBytes(await item.client.download(item.jobId, node.url), item.bytes), `${item.jobId} through ${node.name}`).toBe(true);
      }
      expect(await item.client.verify(item.bytes, item.jobId, cluster.nodes[item.serials.length % 3].url)).toBe("VALID");
    }

    // One probe series: each component sampled at most once per probe interval (5 s) over the run; two
    // nodes probing would sample it about twice as often.
    const series = await database.query(
      `SELECT "componentId", count(*)::int AS samples, extract(epoch FROM max("createdAt") - min("createdAt"))::float AS seconds FROM "HealthSample" GROUP BY "componentId"`,
    );
    expect(series.rows.length).toBeGreaterThan(0);
    for (const row of series.rows) expect(row.samples, JSON.stringify(row)).toBeLessThanOrEqual(Math.floor(row.seconds / 5) + 2);
  } finally {
    await database.end().catch(() => {});
    await cluster.dispose();
  }
});
