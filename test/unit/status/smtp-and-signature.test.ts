import assert from "node:assert/strict";
import { test } from "node:test";
import { routePattern, observeRequest, renderMetrics, observeAffix, setQueueLength } from "@/lib/metrics";
import { buildMessage } from "@/lib/status/subscriptions/smtp-client";
import { signWebhook, verifyWebhookSignature } from "@/lib/status/subscriptions/webhook-signature";

test("webhook signatures are HMAC-SHA256 over timestamp and body, and any change breaks them", () => {
  const sig = signWebhook("whsec_abc", "1700000000", '{"a":1}');
  assert.match(sig, /^sha256=[0-9a-f]{64}$/);
  assert.equal(verifyWebhookSignature("whsec_abc", "1700000000", '{"a":1}', sig), true);
  assert.equal(verifyWebhookSignature("whsec_abc", "1700000001", '{"a":1}', sig), false);
  assert.equal(verifyWebhookSignature("whsec_abd", "1700000000", '{"a":1}', sig), false);
  assert.equal(verifyWebhookSignature("whsec_abc", "1700000000", '{"a":2}', sig), false);
});

test("an e-mail carries RFC 8058 headers, an encoded subject and a base64 body", () => {
  const msg = buildMessage({ from: "s@x.local", to: "a@b.local", subject: "Gangguan — pembubuhan", text: "Halo\n.\nbaris", headers: { "List-Unsubscribe": "<https://x/u?t=1>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" } });
  assert.match(msg, /^Subject: =\?UTF-8\?B\?/m);
  assert.match(msg, /^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
  const body = msg.split("\r\n\r\n")[1];
  assert.equal(Buffer.from(body.replace(/\r\n/g, ""), "base64").toString("utf8"), "Halo\n.\nbaris");
});

test("metrics: routes are patterns, and the text format has counters and histograms", () => {
  assert.equal(routePattern("/api/v1/admin/incidents/cmabc1234567890abcdefghij/updates"), "/api/v1/admin/incidents/:id/updates");
  observeRequest("GET /unit-test", 200, 0.02);
  observeRequest("GET /unit-test", 500, 0.2);
  observeAffix(1.5, true);
  setQueueLength("affix", 42);
  const text = renderMetrics();
  assert.match(text, /portal_http_requests_total\{route="GET \/unit-test",status="200"\} 1/);
  assert.match(text, /portal_http_request_duration_seconds_bucket\{route="GET \/unit-test",le="0.025"\} 1/);
  assert.match(text, /portal_http_request_duration_seconds_count\{route="GET \/unit-test"\} 2/);
  assert.match(text, /portal_errors_total\{kind="http_5xx"\} 1/);
  assert.match(text, /portal_affix_duration_seconds_bucket\{le="2.5"\} 1/);
  assert.match(text, /portal_queue_length\{area="affix"\} 42/);
});
