// GET /metrics on the running server: the series are fed by the real code paths (an affix through the
// API, a verification through the public endpoint, the waiting room's lengths), next to the process's
// own metrics. e2e/serve.sh turns the endpoint on with a test-only token.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { readFileSync } from "node:fs";
import path from "node:path";
import { affixWithSession, buyQuota, register, uniqueEmail } from "./helpers";
import { corpusPath } from "@/test/helpers/corpus";

const TOKEN = process.env.METRICS_TOKEN ?? "e2e-metrics-token-0123456789";

async function scrape(request: APIRequestContext): Promise<string> {
  const response = await request.get("/metrics", { headers: { Authorization: `Bearer ${TOKEN}` } });
  expect(response.status()).toBe(200);
  return response.text();
}

/** The value of one series (0 when it does not exist yet). */
function value(text: string, series: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

test("/metrics counts real affixing, verification and queue lengths, with the process's own metrics", async ({ page, baseURL }) => {
  expect((await page.request.get("/metrics")).status()).toBe(401);
  const before = await scrape(page.request);

  await register(page, uniqueEmail("metrics"));
  await buyQuota(page, 1);
  const stamped = await affixWithSession(page, baseURL!, readFileSync(corpusPath("normal.pdf")), "MET/1");
  expect(stamped.status()).toBe(200);
  const verified = await page.request.post("/api/v1/verify/public", {
    multipart: { file: { name: "surat-bermeterai.pdf", mimeType: "application/pdf", buffer: Buffer.from(await stamped.body()) } },
  });
  expect(verified.status()).toBe(200);
  expect((await verified.json()).result.verdict).toBe("VALID");

  const after = await scrape(page.request);
  expect(value(after, 'portal_affix_total{outcome="ok"}') - value(before, 'portal_affix_total{outcome="ok"}')).toBe(1);
  expect(value(after, "portal_affix_duration_seconds_count") - value(before, "portal_affix_duration_seconds_count")).toBe(1);
  expect(value(after, 'portal_affix_duration_seconds_bucket{le="+Inf"}')).toBe(value(after, "portal_affix_duration_seconds_count"));
  expect(value(after, 'portal_verify_total{verdict="VALID"}') - value(before, 'portal_verify_total{verdict="VALID"}')).toBe(1);
  expect(value(after, 'portal_http_requests_total{route="POST /api/v1/affix",status="200"}') - value(before, 'portal_http_requests_total{route="POST /api/v1/affix",status="200"}')).toBe(1);

  // Queue lengths are the waiting room's own numbers, the same the public queue API gives.
  const queue = (await (await page.request.get("/api/v1/queue")).json()) as { areas: { area: string; waiting: number }[] };
  const lengths = await scrape(page.request);
  for (const { area, waiting } of queue.areas) expect(value(lengths, `portal_queue_length{area="${area}"}`), area).toBe(waiting);
  expect(lengths).toMatch(/^process_cpu_user_seconds_total \d/m);
  expect(lengths).toMatch(/^nodejs_heap_size_used_bytes \d/m);
});
