import assert from "node:assert/strict";
import http from "node:http";
import net from "node:net";
import { after, before, describe, test } from "node:test";
import { freePort } from "@/test/helpers/free-port";
import { useTestDatabase } from "@/test/helpers/test-database";

// A tiny SMTP listener on 127.0.0.1 (node:net) receives real e-mail from the portal's SMTP client.
const smtpPort = await freePort();
process.env.SMTP_URL = `smtp://127.0.0.1:${smtpPort}`;
// This listener offers no STARTTLS: plain text has to be allowed explicitly (test/unit/status covers the refusal).
process.env.SMTP_ALLOW_INSECURE = "1";
// The test's receiver listens on 127.0.0.1, a private address: allowed explicitly, as an operator would
// for an internal receiver. 127.0.0.2 (loopback too) stands for the portal's internal services.
process.env.WEBHOOK_ALLOWED_NETWORKS = "127.0.0.1";
const database = useTestDatabase();

const { db } = await import("@/lib/db/client");
const { ensureStatusComponents } = await import("@/lib/status/ensure-components");
const { createIncident } = await import("@/lib/status/create-incident");
const { postIncidentUpdate } = await import("@/lib/status/post-incident-update");
const { subscribe, confirmSubscription, unsubscribe, parseSubscription } = await import("@/lib/status/subscriptions/subscribe");
const { processDeliveries } = await import("@/lib/status/subscriptions/process-deliveries");
const { verifyWebhookSignature } = await import("@/lib/status/subscriptions/webhook-signature");

type TMailReceived = { from: string; to: string; data: string };
const mails: TMailReceived[] = [];
const smtp = net.createServer((socket) => {
  let buffer = "";
  let inData = false;
  let current: TMailReceived = { from: "", to: "", data: "" };
  socket.write("220 test ESMTP\r\n");
  socket.on("data", (chunk) => {
    buffer += chunk.toString("utf8");
    let i;
    while ((i = buffer.indexOf("\r\n")) >= 0) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 2);
      if (inData) {
        if (line === ".") {
          inData = false;
          mails.push(current);
          current = { from: "", to: "", data: "" };
          socket.write("250 queued\r\n");
        } else current.data += `${line.startsWith("..") ? line.slice(1) : line}\r\n`;
        continue;
      }
      if (/^EHLO/i.test(line)) socket.write("250-test\r\n250 8BITMIME\r\n");
      else if (/^MAIL FROM:/i.test(line)) (current.from = line.slice(10)), socket.write("250 ok\r\n");
      else if (/^RCPT TO:/i.test(line)) (current.to = line.slice(8)), socket.write("250 ok\r\n");
      else if (/^DATA/i.test(line)) (inData = true), socket.write("354 go\r\n");
      else if (/^QUIT/i.test(line)) socket.end("221 bye\r\n");
      else socket.write("502 no\r\n");
    }
  });
});

type THook = { headers: http.IncomingHttpHeaders; body: string };
const hooks: THook[] = [];
let hookStatus = 200;
const receiver = http.createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    if (req.url === "/redirect") return void res.writeHead(307, { Location: internalUrl }).end();
    if (req.url === "/moved") return void res.writeHead(308, { Location: "/hook" }).end();
    hooks.push({ headers: req.headers, body });
    res.writeHead(hookStatus).end("ok");
  });
});
let hookUrl = "";
/** An internal service nobody outside should reach through the portal. */
let internalCalls = 0;
const internal = http.createServer((_req, res) => {
  internalCalls++;
  res.end("deleted");
});
let internalUrl = "";

before(async () => {
  await new Promise<void>((r) => smtp.listen(smtpPort, "127.0.0.1", r));
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  hookUrl = `http://127.0.0.1:${(receiver.address() as net.AddressInfo).port}/hook`;
  await new Promise<void>((r) => internal.listen(0, "127.0.0.2", r));
  internalUrl = `http://127.0.0.2:${(internal.address() as net.AddressInfo).port}/internal-admin?action=delete`;
});
after(() => {
  smtp.close();
  receiver.close();
  internal.close();
});

const actor = { id: null, label: "test" };

// Publishing also wakes the background sender, which may hold a delivery for a moment: drain until the expected count arrives.
async function drainUntil(done: () => boolean, now?: Date) {
  for (let i = 0; i < 50 && !done(); i++) {
    await processDeliveries(now ? { now } : {});
    if (!done()) await new Promise((r) => setTimeout(r, 100));
  }
}

function mailText(m: TMailReceived) {
  const [head, body] = m.data.split("\r\n\r\n");
  return { head, text: Buffer.from(body.replace(/\r\n/g, ""), "base64").toString("utf8") };
}

describe(`status subscriptions (${database.kind})`, () => {
  test("e-mail: double opt-in through a real SMTP conversation, notification with one-click unsubscribe headers", async () => {
    await ensureStatusComponents();
    const sub = await subscribe(parseSubscription({ kind: "EMAIL", target: " Warga@Example.TEST " }));
    await drainUntil(() => mails.length >= 1);
    assert.equal(mails.length, 1);
    assert.equal(mails[0].to, "<warga@example.test>");
    const confirm = /\/status\/confirm\?token=([\w-]+)/.exec(mailText(mails[0]).text)![1];
    const stored = await db().subscriber.findUnique({ where: { id: sub.subscriberId }, select: { confirmTokenHash: true } });
    assert.ok(stored?.confirmTokenHash && !stored.confirmTokenHash.includes(confirm), "the token is stored hashed");
    // Unconfirmed subscribers hear nothing.
    const before = await createIncident({ name: "Before confirming", status: "investigating", impact: "minor", body: "b", componentIds: [], isDraft: false, actor });
    await processDeliveries();
    assert.equal(mails.length, 1);
    assert.equal(await confirmSubscription(confirm), true);
    assert.equal(await confirmSubscription(confirm), false);
    await postIncidentUpdate({ incidentId: before.id, status: "resolved", body: "Sudah pulih.", actor });
    await drainUntil(() => mails.length >= 2);
    assert.equal(mails.length, 2);
    const { head, text } = mailText(mails[1]);
    assert.match(text, /Sudah pulih\./);
    assert.match(head, /^List-Unsubscribe: <http:\/\/[^>]+\/status\/unsubscribe\/one-click\?token=u_[\w-]+>$/m);
    assert.match(head, /^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
    const token = /token=(u_[\w-]+)/.exec(head)![1];
    assert.equal(await unsubscribe(token), true);
    assert.equal(await db().subscriber.count({ where: { kind: "EMAIL" } }), 0);
  });

  test("webhook: signed confirmation, then signed incident notifications; a failing receiver is retried with backoff and never blocks publishing", async () => {
    const sub = await subscribe(parseSubscription({ kind: "WEBHOOK", target: hookUrl }));
    assert.match(sub.secret!, /^whsec_/);
    await drainUntil(() => hooks.length >= 1);
    assert.equal(hooks.length, 1);
    const first = hooks[0];
    assert.ok(verifyWebhookSignature(sub.secret!, String(first.headers["x-meterai-timestamp"]), first.body, String(first.headers["x-meterai-signature"])));
    const confirmUrl = JSON.parse(first.body).confirm_url as string;
    assert.equal(await confirmSubscription(new URL(confirmUrl).searchParams.get("token")!), true);

    const incident = await createIncident({ name: "Pembayaran gagal", status: "investigating", impact: "major", body: "QRIS tidak merespons.", componentIds: ["payments"], isDraft: false, actor });
    await drainUntil(() => hooks.length >= 2);
    const note = hooks[1];
    assert.equal(note.headers["x-meterai-event"], "incident.created");
    assert.ok(verifyWebhookSignature(sub.secret!, String(note.headers["x-meterai-timestamp"]), note.body, String(note.headers["x-meterai-signature"])));
    assert.equal(verifyWebhookSignature("whsec_wrong", String(note.headers["x-meterai-timestamp"]), note.body, String(note.headers["x-meterai-signature"])), false);
    const payload = JSON.parse(note.body);
    assert.equal(payload.incident.name, "Pembayaran gagal");
    assert.equal(payload.update.status, "investigating");

    hookStatus = 500;
    const started = Date.now();
    await postIncidentUpdate({ incidentId: incident.id, status: "resolved", body: "Pulih.", actor });
    assert.ok(Date.now() - started < 3000, "publishing does not wait for the receiver");
    await drainUntil(() => hooks.length >= 3);
    await new Promise((r) => setTimeout(r, 200));
    const failed = await db().delivery.findFirst({ where: { event: "incident.resolved" }, select: { attempts: true, deliveredAt: true, lastError: true, nextAttemptAt: true } });
    assert.equal(failed?.attempts, 1);
    assert.equal(failed?.deliveredAt, null);
    assert.match(failed!.lastError!, /HTTP 500/);
    assert.ok(failed!.nextAttemptAt.getTime() > Date.now() + 20_000);
    hookStatus = 200;
    // Once the backoff has passed, it goes out.
    await drainUntil(() => hooks.length >= 4, new Date(Date.now() + 10 * 60_000));
    assert.equal(JSON.parse(hooks.at(-1)!.body).event, "incident.resolved");
  });

  test("invalid subscriptions are refused with a reason", () => {
    assert.throws(() => parseSubscription({ kind: "EMAIL", target: "not-an-address" }), /INVALID_INPUT/);
    assert.throws(() => parseSubscription({ kind: "WEBHOOK", target: "ftp://x" }), /INVALID_INPUT/);
    assert.throws(() => parseSubscription({ kind: "SMS", target: "+62" }), /INVALID_INPUT/);
  });

  test("a webhook on a private, local or metadata address is refused at once with a reason, and never called", async () => {
    const port = new URL(internalUrl).port;
    for (const target of [
      internalUrl,
      `http://[::1]:${port}/`,
      `http://0.0.0.0:${port}/`,
      `http://[::ffff:127.0.0.2]:${port}/`,
      "http://169.254.169.254/latest/meta-data/",
      "http://10.0.0.1/",
      "http://100.100.100.200/",
      "http://[fd00:ec2::254]/",
      "http://[fe80::1]/",
    ]) {
      const error = await subscribe(parseSubscription({ kind: "WEBHOOK", target })).catch((e) => e);
      assert.equal(error.code, "ADDRESS_NOT_ALLOWED", target);
      assert.equal(error.status, 400);
      assert.match(error.userMessage.en, /private or local network/);
      assert.match(error.userMessage.id, /jaringan privat/);
    }
    assert.equal(await db().subscriber.count({ where: { target: internalUrl } }), 0);
    await processDeliveries();
    assert.equal(internalCalls, 0);
  });

  test("a redirect to a private address, or a host that resolves to one later, is refused at delivery", async () => {
    // Subscribing also wakes the background sender: wait until one of them has tried.
    const settled = async (subscriberId: string) => {
      for (let i = 0; ; i++) {
        await processDeliveries();
        const d = await db().delivery.findFirstOrThrow({ where: { subscriberId }, select: { deliveredAt: true, lastError: true } });
        if (d.deliveredAt || d.lastError || i >= 50) return d;
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const redirecting = hookUrl.replace("/hook", "/redirect");
    const sub = await subscribe(parseSubscription({ kind: "WEBHOOK", target: redirecting }));
    const viaRedirect = await settled(sub.subscriberId);
    assert.equal(viaRedirect.deliveredAt, null);
    assert.match(viaRedirect.lastError ?? "", /private or local network/);

    // A subscriber whose address now leads inside (its DNS changed since it subscribed): checked again at every delivery.
    const later = await db().subscriber.create({ data: { kind: "WEBHOOK", target: internalUrl, secret: "whsec_test", unsubscribeToken: "u_later" }, select: { id: true } });
    await db().delivery.create({ data: { subscriberId: later.id, event: "incident.created", subject: "s", body: "{}" } });
    const rebound = await settled(later.id);
    assert.equal(rebound.deliveredAt, null);
    assert.match(rebound.lastError ?? "", /private or local network/);
    assert.equal(internalCalls, 0);

    // A redirect to an allowed address is followed, the POST repeated (308).
    const received = hooks.length;
    const moved = await subscribe(parseSubscription({ kind: "WEBHOOK", target: hookUrl.replace("/hook", "/moved") }));
    assert.ok((await settled(moved.subscriberId)).deliveredAt);
    assert.equal(JSON.parse(hooks[received].body).event, "subscription.confirm");
  });
});
