import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { loadEnv } from "@/lib/env";

test("defaults: SQLite in data/, port 3000, public URL from the port", () => {
  const e = loadEnv({});
  assert.equal(e.databaseKind, "sqlite");
  assert.equal(e.databaseUrl, `file:${path.resolve("data", "portal.db")}`);
  assert.equal(e.port, 3000);
  assert.equal(e.publicUrl, "http://127.0.0.1:3000");
  assert.equal(e.secureCookies, false);
});

test("a PostgreSQL URL selects PostgreSQL; an https public URL makes cookies Secure", () => {
  const e = loadEnv({ DATABASE_URL: "postgresql://u@db:5432/x", PUBLIC_URL: "https://meterai.example/" });
  assert.equal(e.databaseKind, "postgresql");
  assert.equal(e.publicUrl, "https://meterai.example");
  assert.equal(e.secureCookies, true);
});

test("empty values count as unset", () => {
  assert.equal(loadEnv({ PORT: "", DATABASE_URL: "" }).port, 3000);
});

for (const [name, value] of [
  ["DATABASE_URL", "mysql://x"],
  ["PORT", "70000"],
  ["PORT", "abc"],
  ["PUBLIC_URL", "ftp://x"],
  ["UPLOAD_MAX_MB", "0"],
  ["PAYMENT_PROVIDER", "paypal"],
  ["REDIS_URL", "localhost:6379"],
  ["METRICS_TOKEN", "short"],
] as const) {
  test(`a bad ${name} (${value}) stops the start with a message naming it`, () => {
    assert.throws(() => loadEnv({ [name]: value }), (error: Error) => error.message.includes(name));
  });
}

test("Midtrans needs its server key", () => {
  assert.throws(() => loadEnv({ PAYMENT_PROVIDER: "midtrans" }), /MIDTRANS_SERVER_KEY/);
});
