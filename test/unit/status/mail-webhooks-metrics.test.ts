import assert from "node:assert/strict";
import net from "node:net";
import { test } from "node:test";
import { observeRequest, renderMetrics, routePattern } from "@/lib/metrics";
import { composeMessage, sendMail } from "@/lib/status/subscriptions/send-mail";
import { signWebhook, verifyWebhookSignature } from "@/lib/status/subscriptions/webhook-signature";

test("webhook signatures are HMAC-SHA256 over timestamp and body, and any change breaks them", () => {
  const sig = signWebhook("whsec_abc", "1700000000", '{"a":1}');
  assert.match(sig, /^sha256=[0-9a-f]{64}$/);
  assert.equal(verifyWebhookSignature("whsec_abc", "1700000000", '{"a":1}', sig), true);
  assert.equal(verifyWebhookSignature("whsec_abc", "1700000001", '{"a":1}', sig), false);
  assert.equal(verifyWebhookSignature("whsec_abd", "1700000000", '{"a":1}', sig), false);
  assert.equal(verifyWebhookSignature("whsec_abc", "1700000000", '{"a":2}', sig), false);
});

test("an e-mail carries RFC 8058 headers, an encoded subject and a base64 body", async () => {
  const msg = await composeMessage({ from: "s@x.local", to: "a@b.local", subject: "Gangguan — pembubuhan", text: "Halo\n.\nbaris", headers: { "List-Unsubscribe": "<https://x/u?t=1>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" } });
  assert.match(msg, /^Subject: =\?UTF-8\?B\?/m);
  assert.match(msg, /^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
  const body = msg.split("\r\n\r\n")[1];
  assert.equal(Buffer.from(body.replace(/\r\n/g, ""), "base64").toString("utf8"), "Halo\n.\nbaris");
});

/** A plain-text SMTP server that offers AUTH but no STARTTLS, and records every command it receives. */
async function plainSmtpServer() {
  const commands: string[] = [];
  const server = net.createServer((socket) => {
    let buffer = "";
    socket.write("220 plain ESMTP\r\n");
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      for (let i; (i = buffer.indexOf("\r\n")) >= 0; ) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        commands.push(line);
        if (/^EHLO/i.test(line)) socket.write("250-plain\r\n250 AUTH PLAIN LOGIN\r\n");
        else if (/^QUIT/i.test(line)) socket.end("221 bye\r\n");
        else socket.write("250 ok\r\n");
      }
    });
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { commands, port: (server.address() as net.AddressInfo).port, close: () => new Promise((resolve) => server.close(resolve)) };
}

test("without STARTTLS from the server, nothing is sent (no credentials in clear text) unless plain text is allowed", async () => {
  const server = await plainSmtpServer();
  const mail = { from: "s@x.local", to: "a@b.local", subject: "s", text: "t" };
  try {
    await assert.rejects(sendMail(`smtp://user:secret@127.0.0.1:${server.port}`, mail, { allowInsecure: false, timeoutMs: 5000 }));
    assert.ok(server.commands.some((c) => /^EHLO/i.test(c)), "the client did talk to the server");
    assert.deepEqual(server.commands.filter((c) => /^(AUTH|MAIL|RCPT|DATA)/i.test(c) || c.includes(Buffer.from("\0user\0secret").toString("base64"))), []);
  } finally {
    await server.close();
  }
});

test("metrics: routes are patterns, and the text format has counters and histograms", async () => {
  assert.equal(routePattern("/api/v1/admin/incidents/cmabc1234567890abcdefghij/updates"), "/api/v1/admin/incidents/:id/updates");
  observeRequest("GET /unit-test", 200, 0.02);
  observeRequest("GET /unit-test", 500, 0.2);
  const text = await renderMetrics();
  assert.match(text, /portal_http_requests_total\{route="GET \/unit-test",status="200"\} 1/);
  assert.match(text, /portal_http_request_duration_seconds_bucket\{le="0.025",route="GET \/unit-test"\} 1/);
  assert.match(text, /portal_http_request_duration_seconds_count\{route="GET \/unit-test"\} 2/);
  assert.match(text, /portal_errors_total\{kind="http_5xx"\} 1/);
  // The process's own metrics come along (prom-client's defaults).
  assert.match(text, /^process_cpu_user_seconds_total \d/m);
  assert.match(text, /^nodejs_eventloop_lag_seconds /m);
});
