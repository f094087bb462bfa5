// Issue 13: graceful drain and a rolling restart. Three nodes behind HAProxy under steady load (buy,
// pay, affix, download); each node in turn gets SIGTERM, drains and starts again. No request may fail.
import { expect, test } from "@playwright/test";
import { ApplicantClient, makeAccounts, onePagePdf, sameBytes } from "./cluster-client";
import { balancerView, freshCluster, waitFor } from "./cluster-helpers";

test.setTimeout(420_000);

test("a rolling restart of every node under steady load loses no request, and a draining node finishes what it holds", async () => {
  // Every affix holds its node for 1.5 s after reserving: there is always work in hand when a node drains.
  const cluster = await freshCluster({ env: { AFFIX_FAILPOINT: "afterReserve:1500" } });
  try {
    const [holder, ...clients] = makeAccounts(cluster, 5, "rolling").map((a) => new ApplicantClient(cluster.url, a.token));
    const pdf = await onePagePdf("Surat lamaran CASN");
    const holderOrder = await holder.order("holder-order");
    expect(holderOrder && (await holder.pay(holderOrder)), JSON.stringify(holder.calls)).toBe(true);
    let stopLoad = false;
    const load = clients.map(async (client, c) => {
      for (let n = 0; !stopLoad; n++) {
        const orderId = await client.order(`order-${c}-${n}`);
        if (!orderId || !(await client.pay(orderId))) continue;
        const stamped = await client.affix(pdf, `affix-${c}-${n}`);
        if (stamped) await client.download(stamped.jobId);
      }
    });

    await new Promise((resolve) => setTimeout(resolve, 5_000));
    for (const [index, node] of cluster.nodes.entries()) {
      let inHand: Promise<unknown> | null = null;
      if (index === 0) {
        // Straight to the node, not through HAProxy: a request it holds when SIGTERM arrives.
        inHand = holder.affix(pdf, "in-hand-at-drain", node.url);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      const stopped = node.stop();
      if (index === 0) {
        await waitFor(async () => {
          const health = await fetch(`${node.url}/api/health`);
          const body = (await health.json()) as { status: string };
          return health.status === 503 && body.status === "draining";
        }, 5_000, "the draining node's readiness to flip");
        await waitFor(async () => (await balancerView(cluster))[node.name]?.startsWith("DOWN") ?? false, 10_000, "HAProxy to take the node out");
        const held = (await inHand) as Awaited<ReturnType<ApplicantClient["affix"]>>;
        expect(held?.serials.length, `the request in hand finished: ${JSON.stringify(holder.calls.at(-1))}`).toBe(1);
      }
      expect(await stopped, `${node.name} exited cleanly after draining`).toBe(0);
      await node.start();
      await waitFor(async () => (await balancerView(cluster))[node.name] === "UP", 20_000, `${node.name} back in rotation`);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
    }
    stopLoad = true;
    await Promise.all(load);

    const calls = clients.flatMap((c) => c.calls);
    const failed = clients.flatMap((c) => c.failed());
    expect(failed, JSON.stringify(failed.slice(0, 5))).toEqual([]);
    expect(calls.filter((c) => c.op === "affix").length).toBeGreaterThan(10);
    // A file stamped before the restarts still downloads, the same bytes, through every node.
    const first = clients[0].calls.find((c) => c.op === "download")!;
    const bytes = await clients[0].download(first.key);
    for (const node of cluster.nodes) expect(sameBytes(await clients[0].download(first.key, node.url), bytes)).toBe(true);
  } finally {
    await cluster.dispose();
  }
});
