import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "node:test";
import { useTestDatabase } from "@/test/helpers/test-database";

useTestDatabase();

test("GET /api/health answers 200 with the version and database reachability", async () => {
  const { GET } = await import("@/app/api/health/route");
  const response = await GET();
  assert.equal(response.status, 200);
  const body = await response.json();
  assert.equal(body.status, "ok");
  assert.equal(body.database.ok, true);
  assert.match(body.version, /^\d+\.\d+\.\d+/);
});

/**
 * Runs `script` (ESM, from the repository root) in a separate process whose DATABASE_URL names a port
 * where nothing listens, as with a stopped database server; returns the JSON it prints last.
 */
function withUnreachableDatabase(script: string) {
  const out = execFileSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "--input-type=module", "-e", `${script}; process.exit(0);`], {
    env: { ...process.env, DATABASE_URL: "postgresql://postgres@127.0.0.1:1/nothing" },
    encoding: "utf8",
    timeout: 30_000,
  });
  return JSON.parse(out.trim().split("\n").pop()!);
}

test("GET /api/health answers 503 when the database cannot be reached", () => {
  const result = withUnreachableDatabase(`const { GET } = await import("./app/api/health/route.ts"); const r = await GET(); console.log(JSON.stringify({ status: r.status, body: await r.json() }))`);
  assert.equal(result.status, 503);
  assert.equal(result.body.status, "unavailable");
  assert.equal(result.body.database.ok, false);
});

test("an API call answers 503 with Retry-After, not a 500, when the database cannot be reached", () => {
  const result = withUnreachableDatabase(`const { GET } = await import("./app/api/v1/quota/route.ts"); const r = await GET(new Request("http://127.0.0.1/api/v1/quota", { headers: { authorization: "Bearer mtr_0123456789abcdefghij" } })); console.log(JSON.stringify({ status: r.status, retryAfter: r.headers.get("retry-after"), body: await r.json() }))`);
  assert.equal(result.status, 503);
  assert.equal(result.retryAfter, "5");
  assert.equal(result.body.error.code, "UNAVAILABLE");
});
