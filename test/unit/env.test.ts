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

test("cluster settings: the file store, the HSM and the drain are validated at start", () => {
  assert.deepEqual(loadEnv({}).fileStore, { kind: "disk" });
  const s3 = loadEnv({ FILE_STORE: "s3", S3_ENDPOINT: "http://127.0.0.1:9000/", S3_BUCKET: "emeterai-files", S3_ACCESS_KEY_ID: "a", S3_SECRET_ACCESS_KEY: "b" }).fileStore;
  assert.deepEqual(s3, { kind: "s3", s3: { endpoint: "http://127.0.0.1:9000", bucket: "emeterai-files", region: "us-east-1", accessKeyId: "a", secretAccessKey: "b" } });
  assert.throws(() => loadEnv({ FILE_STORE: "s3" }), /S3_BUCKET is required when FILE_STORE=s3/);
  assert.throws(() => loadEnv({ FILE_STORE: "s3", S3_BUCKET: "Not_A_Bucket" }), /S3_BUCKET/);
  assert.throws(() => loadEnv({ FILE_STORE: "s3", S3_BUCKET: "files", S3_ACCESS_KEY_ID: "a" }), /go together/);
  assert.throws(() => loadEnv({ SIGNING_KEY_PASSPHRASE: "short" }), /SIGNING_KEY_PASSPHRASE/);
  assert.throws(() => loadEnv({ SIGNING_PKCS11_MODULE: "/usr/lib/softhsm/libsofthsm2.so" }), /go together/);
  assert.throws(() => loadEnv({ SIGNING_PKCS11_MODULE: "/m.so", SIGNING_PKCS11_PIN: "1", SIGNING_PKCS11_KEY_LABEL: "k", SIGNING_P12_PATH: "/x.p12", SIGNING_P12_PASSWORD: "pw" }), /not both/);
  assert.deepEqual(loadEnv({ DRAIN_READY_DELAY_SECONDS: "2" }).drain, { readyDelayMs: 2000, timeoutMs: 30_000 });
  assert.throws(() => loadEnv({ DRAIN_TIMEOUT_SECONDS: "0" }), /DRAIN_TIMEOUT_SECONDS/);
});
