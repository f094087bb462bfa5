// The waiting room over real HTTP in one process: the front door (guard, waiting page, queue routes)
// and the admin route, with the memory store, SQLite or PostgreSQL for the settings, and real cookies.
import assert from "node:assert/strict";
import type { Server } from "node:http";
import { after, afterEach, before, describe, test } from "node:test";
import { freePort } from "@/test/helpers/free-port";
import { useTestDatabase } from "@/test/helpers/test-database";
import { makeUser } from "@/test/helpers/factories";
import { queueMessages } from "@/lib/i18n/messages/queue";
import { Browser } from "./client";

/** Every simulated browser of a test leaves at its end, so each test starts with an empty area. */
const opened: Browser[] = [];
function browser(ip: string): Browser {
  const b = new Browser(base, { "x-forwarded-for": ip });
  opened.push(b);
  return b;
}
const path = (location: string | null) => (location ? new URL(location, base).pathname + new URL(location, base).search : null);

const database = useTestDatabase();
process.env.QUEUE_MAX_TICKETS_PER_IP = "3";
const PORT = await freePort();
const base = `http://127.0.0.1:${PORT}`;

describe(`waiting room over HTTP (${database.kind}, memory store)`, () => {
  let server: Server;
  let operatorToken: string;
  let applicantToken: string;

  before(async () => {
    const { startQueueHttpServer } = await import("./server");
    const { createApiToken } = await import("@/lib/auth/api-tokens");
    server = await startQueueHttpServer(PORT);
    const operator = await makeUser("OPERATOR");
    const applicant = await makeUser("APPLICANT");
    operatorToken = (await createApiToken({ userId: operator.id, name: "queue test", actor: { id: operator.id, label: "test" } })).secret;
    applicantToken = (await createApiToken({ userId: applicant.id, name: "queue test", actor: { id: applicant.id, label: "test" } })).secret;
  });

  afterEach(async () => {
    for (const b of opened.splice(0)) await b.request("/api/v1/queue/leave?area=buy", { method: "POST" });
  });

  after(async () => {
    const { closePortalQueue } = await import("@/lib/queue/portal-waiting-room");
    await closePortalQueue();
    await new Promise((resolve) => server.close(resolve));
  });

  const put = (area: string, body: unknown, token = operatorToken) =>
    fetch(`${base}/api/v1/admin/queue/${area}`, { method: "PUT", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) });

  test("settings: only operators change them; they are stored with an audit entry and take effect at once", async () => {
    assert.equal((await fetch(`${base}/api/v1/admin/queue/buy`, { method: "PUT" })).status, 401);
    assert.equal((await put("buy", { enabled: true }, applicantToken)).status, 403);
    assert.equal((await put("verify", { enabled: true })).status, 404);
    const invalid = await put("buy", { maxActiveUsers: -1 });
    assert.equal(invalid.status, 400);
    assert.equal(((await invalid.json()) as { error: { code: string } }).error.code, "INVALID_INPUT");

    // Disabled by default: the page is reached without a queue.
    const visitor = new Browser(base);
    assert.equal((await visitor.request("/buy")).status, 200);

    const saved = await put("buy", { enabled: true, maxActiveUsers: 1, admitPerMinute: 600, sessionMinutes: 5, opensAt: null });
    assert.equal(saved.status, 200);
    assert.deepEqual(await saved.json(), { area: "buy", enabled: true, maxActiveUsers: 1, admitPerMinute: 600, sessionMinutes: 5, opensAt: null });
    const { db } = await import("@/lib/db/client");
    const row = await db().queueSetting.findUnique({ where: { area: "buy" } });
    assert.equal(row?.maxActiveUsers, 1);
    const audit = await db().auditEntry.findFirst({ where: { action: "queue.settings.update", targetId: "buy" } });
    assert.ok(audit);
    const summary = (await (await fetch(`${base}/api/v1/queue`)).json()) as { areas: { area: string; enabled: boolean; maxActiveUsers: number }[] };
    assert.deepEqual(summary.areas.find((a) => a.area === "buy") && { enabled: true, max: 1 }, { enabled: true, max: summary.areas.find((a) => a.area === "buy")!.maxActiveUsers });
  });

  test("a full area sends the second browser to the waiting page; it goes on when the first leaves", async () => {
    const first = browser("10.1.0.1");
    const second = browser("10.1.0.2");
    const entered = await first.request("/buy/checkout?step=1");
    assert.equal(entered.status, 200);
    assert.ok(first.cookies.get("mtr_qs_buy"), "admitted session cookie");
    assert.ok(first.cookies.get("mtr_qb"), "browser id cookie");

    const sent = await second.request("/buy/checkout?step=1");
    assert.equal(sent.status, 303);
    assert.equal(path(sent.headers.get("location")), "/queue?area=buy&next=%2Fbuy%2Fcheckout%3Fstep%3D1");
    assert.ok(second.cookies.get("mtr_qt_buy"), "ticket cookie");

    const page = await (await second.request("/queue?area=buy&next=%2Fbuy%2Fcheckout%3Fstep%3D1")).text();
    assert.match(page, /data-testid="queue-position">1</);
    assert.match(page, /data-testid="queue-ahead">0</);
    assert.match(page, /data-next="\/buy\/checkout\?step=1"/);
    const polled = (await (await second.request("/api/v1/queue/ticket?area=buy")).json()) as { state: string; position: number; pollAfterSeconds: number; updatedAt: string };
    assert.equal(polled.state, "waiting");
    assert.equal(polled.position, 1);
    assert.ok(polled.pollAfterSeconds > 0 && polled.pollAfterSeconds <= 20);

    // The first browser keeps working (its session is touched), then leaves.
    assert.equal((await first.request("/buy")).status, 200);
    const left = (await (await first.request("/api/v1/queue/leave?area=buy", { method: "POST" })).json()) as { released: boolean };
    assert.equal(left.released, true);

    const admitted = (await (await second.request("/api/v1/queue/ticket?area=buy&next=%2Fbuy%2Fcheckout")).json()) as { state: string; next: string; admissionNumber: number };
    assert.equal(typeof admitted.admissionNumber, "number");
    assert.deepEqual(admitted, { state: "admitted", area: "buy", next: "/buy/checkout", admissionNumber: admitted.admissionNumber });
    assert.ok(second.cookies.get("mtr_qs_buy"));
    assert.equal(second.cookies.get("mtr_qt_buy"), undefined);
    assert.equal((await second.request("/buy/checkout")).status, 200);
    await second.request("/api/v1/queue/leave?area=buy", { method: "POST" });
  });

  test("forged and copied tickets are refused and cleared; 'next' only goes to a same-site path in the area", async () => {
    const holder = browser("10.2.0.1");
    const waiter = browser("10.2.0.2");
    await holder.request("/buy");
    await waiter.request("/buy");
    const ticket = waiter.cookies.get("mtr_qt_buy")!;
    assert.ok(ticket);

    // Copied to another browser (other browser id and IP): refused, cookie cleared, reason shown.
    const thief = browser("10.2.0.3");
    thief.cookies.set("mtr_qt_buy", ticket);
    const stolen = await thief.request("/buy");
    assert.equal(stolen.status, 303);
    assert.match(path(stolen.headers.get("location")) ?? "", /refused=binding_mismatch/);
    assert.notEqual(thief.cookies.get("mtr_qt_buy"), ticket);

    // Tampered payload (another ticket id): the signature no longer matches.
    const [version, payload, signature] = ticket.split(".");
    const altered = JSON.parse(Buffer.from(payload, "base64url").toString());
    altered.id = "AAAAAAAAAAAAAAAAAAAAAA";
    waiter.cookies.set("mtr_qt_buy", `${version}.${Buffer.from(JSON.stringify(altered)).toString("base64url")}.${signature}`);
    const forged = await (await waiter.request("/queue?area=buy")).text();
    assert.ok(forged.includes(queueMessages.id.refused_forged), "the waiting page explains the forged ticket");
    assert.doesNotMatch(forged, /queue-position/);
    assert.equal(waiter.cookies.get("mtr_qt_buy"), undefined);
    waiter.cookies.set("mtr_qt_buy", ticket); // the genuine ticket still holds its place (left after the test)

    // An admitted visitor on the waiting page goes on, but never off-site or out of the area.
    const offSite = await holder.request("/queue?area=buy&next=%2F%2Fevil.example%2Fbuy");
    assert.equal(path(offSite.headers.get("location")), "/buy");
    const otherArea = await holder.request("/queue?area=buy&next=%2Fadmin");
    assert.equal(path(otherArea.headers.get("location")), "/buy");
    await holder.request("/api/v1/queue/leave?area=buy", { method: "POST" });
  });

  test("one ticket per browser; anonymous tickets per IP are capped", async () => {
    const holder = browser("10.3.0.1");
    await holder.request("/buy");
    const sameBrowser = browser("10.3.0.9");
    await sameBrowser.request("/buy");
    const firstTicket = sameBrowser.cookies.get("mtr_qt_buy");
    sameBrowser.cookies.delete("mtr_qt_buy"); // lost the ticket cookie, kept the browser id
    await sameBrowser.request("/buy");
    assert.equal(sameBrowser.cookies.get("mtr_qt_buy")?.split(".")[1], firstTicket?.split(".")[1], "same place, not a second one");

    // QUEUE_MAX_TICKETS_PER_IP=3 in this test: a 4th browser from one address is refused.
    const results: (string | null)[] = [];
    for (let i = 0; i < 3; i += 1) results.push((await browser("10.3.0.9").request("/buy")).headers.get("location"));
    assert.match(results[1] ?? "", /\/queue\?area=buy&next=%2Fbuy$/);
    assert.match(results[2] ?? "", /refused=ip_limit/);
    await holder.request("/api/v1/queue/leave?area=buy", { method: "POST" });
  });

  test("programs get 503 + Retry-After + {position, ahead, estimatedWaitSeconds} and a ticket to send back", async () => {
    const holder = browser("10.4.0.1");
    await holder.request("/buy");
    const headers = { authorization: `Bearer ${applicantToken}`, "content-type": "application/json" };
    const program = new Browser(base);
    const waiting = await fetch(`${base}/api/v1/orders`, { method: "POST", headers, body: "{}" });
    assert.equal(waiting.status, 503);
    assert.ok(Number(waiting.headers.get("retry-after")) >= 1);
    const body = (await waiting.json()) as { position: number; ahead: number; estimatedWaitSeconds: number; error: { code: string } };
    assert.equal(body.position, 1);
    assert.equal(body.ahead, 0);
    assert.equal(typeof body.estimatedWaitSeconds, "number");
    assert.equal(body.error.code, "QUEUE_WAITING");
    const ticket = waiting.headers.get("x-queue-ticket")!;
    assert.match(ticket, /^q1\./);

    // Sending it back keeps the same place; a different token cannot use it.
    const again = await fetch(`${base}/api/v1/orders`, { method: "POST", headers: { ...headers, "x-queue-ticket": ticket }, body: "{}" });
    assert.equal(again.status, 503);
    assert.equal(((await again.json()) as { position: number }).position, 1);
    const other = await fetch(`${base}/api/v1/orders`, { method: "POST", headers: { ...headers, authorization: `Bearer ${operatorToken}`, "x-queue-ticket": ticket }, body: "{}" });
    assert.equal(other.status, 403);
    assert.equal(((await other.json()) as { error: { code: string } }).error.code, "QUEUE_TICKET_REFUSED");

    await holder.request("/api/v1/queue/leave?area=buy", { method: "POST" });
    const admitted = await fetch(`${base}/api/v1/orders`, { method: "POST", headers: { ...headers, "x-queue-ticket": ticket }, body: "{}" });
    assert.equal(admitted.status, 201, "reaches the endpoint");
    const session = admitted.headers.get("x-queue-ticket")!;
    assert.match(session, /^q1\./);
    assert.notEqual(session, ticket);
    const next = await fetch(`${base}/api/v1/orders`, { method: "POST", headers: { ...headers, "x-queue-ticket": session }, body: "{}" });
    assert.equal(next.status, 201);
    void program;
    await fetch(`${base}/api/v1/queue/leave?area=buy`, { method: "POST", headers: { ...headers, "x-queue-ticket": session } });
  });

  test("overload: admitted users continue, queue entry stays open, other heavy requests get 503 + Retry-After", async () => {
    const admitted = browser("10.5.0.1");
    assert.equal((await admitted.request("/buy")).status, 200);
    // The database layer reports a connection it could not get in time: the process counts as overloaded.
    const { asDatabaseUnavailable } = await import("@/lib/db/database-errors");
    asDatabaseUnavailable(new Error("timeout exceeded when trying to connect"));
    await new Promise((resolve) => setTimeout(resolve, 20));

    const shed = await fetch(`${base}/api/v1/affix/preflight`, { method: "POST" });
    assert.equal(shed.status, 503);
    // Retry-After carries jitter around 10 s, so that refused clients do not come back in lockstep.
    assert.ok(Number(shed.headers.get("retry-after")) >= 5 && Number(shed.headers.get("retry-after")) <= 15, shed.headers.get("retry-after") ?? "");
    assert.equal(((await shed.json()) as { error: { code: string } }).error.code, "OVERLOADED");
    assert.equal((await admitted.request("/buy")).status, 200, "admitted user keeps working");
    const newcomer = browser("10.5.0.2");
    const joined = await newcomer.request("/buy");
    assert.equal(joined.status, 303, "still joins the queue");
    assert.ok(newcomer.cookies.get("mtr_qt_buy"));

    // An area without a queue has nobody admitted: under overload its pages are shed too.
    assert.equal((await put("affix", { enabled: false })).status, 200);
    const affix = await new Browser(base).request("/affix");
    assert.equal(affix.status, 503);
    assert.ok(Number(affix.headers.get("retry-after")) >= 5 && Number(affix.headers.get("retry-after")) <= 15);
    assert.equal((await fetch(`${base}/api/v1/queue`)).status, 200, "the queue's own numbers still answer");
  });
});
