import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createBrowserId, deriveTokenKeys, ownerKeyFor, signToken, verifyToken } from "@/lib/queue/ticket";
import type { Visitor } from "@/lib/queue/types";

const keys = deriveTokenKeys({ secret: "0123456789abcdef0123456789abcdef", bindAnonymousToIp: true });
const anonymous: Visitor = { userId: null, browserId: "browser-aaaaaaaaaaaa", ip: "203.0.113.1" };
const member: Visitor = { userId: "user-1", browserId: "browser-bbbbbbbbbbbb", ip: "203.0.113.2" };
const TICKET_ID = "AbCdEfGhIjKlMnOpQrStUv";

describe("queue tokens", () => {
  it("round-trips a ticket for the visitor it was issued to", () => {
    const token = signToken({ kind: "ticket", area: "buy", ticketId: TICKET_ID, visitor: anonymous, keys });
    assert.deepEqual(verifyToken({ token, kind: "ticket", area: "buy", visitor: anonymous, keys }), { ok: true, ticketId: TICKET_ID });
  });

  it("does not reveal the browser id or IP it is bound to", () => {
    const token = signToken({ kind: "ticket", area: "buy", ticketId: TICKET_ID, visitor: anonymous, keys });
    const payload = Buffer.from(token.split(".")[1], "base64url").toString();
    assert.ok(!payload.includes(anonymous.browserId) && !payload.includes(anonymous.ip));
  });

  it("refuses tampering, other secrets, other kinds and other areas as forged", () => {
    const token = signToken({ kind: "ticket", area: "buy", ticketId: TICKET_ID, visitor: anonymous, keys });
    const other = deriveTokenKeys({ secret: "another-secret-another-secret-12", bindAnonymousToIp: true });
    const flipped = token.slice(0, 10) + (token[10] === "A" ? "B" : "A") + token.slice(11);
    const cases = [
      verifyToken({ token: flipped, kind: "ticket", area: "buy", visitor: anonymous, keys }),
      verifyToken({ token, kind: "ticket", area: "buy", visitor: anonymous, keys: other }),
      verifyToken({ token, kind: "session", area: "buy", visitor: anonymous, keys }),
      verifyToken({ token, kind: "ticket", area: "affix", visitor: anonymous, keys }),
      verifyToken({ token: "q1.e30.", kind: "ticket", area: "buy", visitor: anonymous, keys }),
      verifyToken({ token: "garbage", kind: "ticket", area: "buy", visitor: anonymous, keys }),
    ];
    for (const result of cases) assert.deepEqual(result, { ok: false, reason: "forged" });
  });

  it("refuses a copy presented by another browser, IP or account", () => {
    const anonToken = signToken({ kind: "ticket", area: "buy", ticketId: TICKET_ID, visitor: anonymous, keys });
    const memberToken = signToken({ kind: "session", area: "buy", ticketId: TICKET_ID, visitor: member, keys });
    const mismatch = { ok: false, reason: "binding_mismatch" };
    assert.deepEqual(verifyToken({ token: anonToken, kind: "ticket", area: "buy", visitor: { ...anonymous, browserId: "x".repeat(20) }, keys }), mismatch);
    assert.deepEqual(verifyToken({ token: anonToken, kind: "ticket", area: "buy", visitor: { ...anonymous, ip: "198.51.100.9" }, keys }), mismatch);
    assert.deepEqual(verifyToken({ token: memberToken, kind: "session", area: "buy", visitor: { ...member, userId: "user-2" }, keys }), mismatch);
    assert.deepEqual(verifyToken({ token: memberToken, kind: "session", area: "buy", visitor: { ...member, userId: null }, keys }), mismatch);
    // The account follows its owner to another browser; an anonymous ticket survives signing in.
    assert.ok(verifyToken({ token: memberToken, kind: "session", area: "buy", visitor: { ...member, browserId: "y".repeat(20), ip: "192.0.2.1" }, keys }).ok);
    assert.ok(verifyToken({ token: anonToken, kind: "ticket", area: "buy", visitor: { ...anonymous, userId: "user-3" }, keys }).ok);
  });

  it("can bind anonymous tickets to the browser only", () => {
    const browserOnly = deriveTokenKeys({ secret: "0123456789abcdef0123456789abcdef", bindAnonymousToIp: false });
    const token = signToken({ kind: "ticket", area: "buy", ticketId: TICKET_ID, visitor: anonymous, keys: browserOnly });
    assert.ok(verifyToken({ token, kind: "ticket", area: "buy", visitor: { ...anonymous, ip: "198.51.100.9" }, keys: browserOnly }).ok);
    assert.equal(ownerKeyFor(anonymous, false), `b:${anonymous.browserId}`);
    assert.equal(ownerKeyFor(anonymous, true), `b:${anonymous.browserId}|${anonymous.ip}`);
    assert.equal(ownerKeyFor(member, true), "u:user-1");
  });

  it("rejects short secrets and makes unguessable browser ids", () => {
    assert.throws(() => deriveTokenKeys({ secret: "short", bindAnonymousToIp: true }));
    const ids = new Set(Array.from({ length: 100 }, () => createBrowserId()));
    assert.equal(ids.size, 100);
    for (const id of ids) assert.match(id, /^[A-Za-z0-9_-]{22}$/);
  });
});
