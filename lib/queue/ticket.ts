// Signed queue tickets and admitted-session tokens.
// Format: "q1.<payload base64url>.<HMAC-SHA256 base64url>". The payload carries no secrets and no
// raw IP: the binding (account, or browser id + IP) is stored as a keyed hash, so a token copied to
// another device fails the binding check without revealing what it was bound to.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { isArea, type Area, type Visitor } from "./types";

const VERSION = "q1";
const MIN_SECRET_BYTES = 32;

export type TokenKind = "ticket" | "session";

interface TokenPayload {
  /** t = waiting ticket, s = admitted session (a ticket cannot be used as a session). */
  k: "t" | "s";
  a: Area;
  id: string;
  /** u = bound to the account, b = bound to the browser (and IP). */
  m: "u" | "b";
  /** Keyed hash of the binding. */
  h: string;
}

export interface TokenKeys {
  signKey: Buffer;
  bindKey: Buffer;
  bindAnonymousToIp: boolean;
}

export type VerifiedToken = { ok: true; ticketId: string } | { ok: false; reason: "forged" | "binding_mismatch" };

/** Derives separate keys for signing and for binding hashes so neither use can forge the other. */
export function deriveTokenKeys(options: { secret: string | Uint8Array; bindAnonymousToIp: boolean }): TokenKeys {
  const secret = typeof options.secret === "string" ? Buffer.from(options.secret, "utf8") : Buffer.from(options.secret);
  if (secret.length < MIN_SECRET_BYTES) {
    throw new Error(`queue secret must be at least ${MIN_SECRET_BYTES} bytes`);
  }
  return {
    signKey: createHmac("sha256", secret).update("emeterai-queue/sign").digest(),
    bindKey: createHmac("sha256", secret).update("emeterai-queue/binding").digest(),
    bindAnonymousToIp: options.bindAnonymousToIp,
  };
}

/** 128 random bits, URL- and Redis-key-safe. Used for ticket ids and browser ids. */
export function createRandomId(): string {
  return randomBytes(16).toString("base64url");
}

/** A fresh browser id for the browser cookie (random per browser). */
export const createBrowserId = createRandomId;

/**
 * The identity a ticket belongs to, also used as the "one ticket per owner" key in the store.
 * With IP binding on, a browser whose IP changed is a new owner: it gets a new place at the back
 * rather than being locked out, and a copied cookie gains nothing.
 */
export function ownerKeyFor(visitor: Visitor, bindAnonymousToIp: boolean): string {
  if (visitor.userId) return `u:${visitor.userId}`;
  return bindAnonymousToIp ? `b:${visitor.browserId}|${visitor.ip}` : `b:${visitor.browserId}`;
}

function anonymousBinding(visitor: Visitor, keys: TokenKeys): string {
  return keys.bindAnonymousToIp ? `b:${visitor.browserId}|${visitor.ip}` : `b:${visitor.browserId}`;
}

function bindingHash(binding: string, keys: TokenKeys): string {
  return createHmac("sha256", keys.bindKey).update(binding).digest("base64url").slice(0, 22);
}

function sign(data: string, keys: TokenKeys): Buffer {
  return createHmac("sha256", keys.signKey).update(data).digest();
}

export function signToken(options: { kind: TokenKind; area: Area; ticketId: string; visitor: Visitor; keys: TokenKeys }): string {
  const { visitor, keys } = options;
  const mode = visitor.userId ? "u" : "b";
  const binding = visitor.userId ? `u:${visitor.userId}` : anonymousBinding(visitor, keys);
  const payload: TokenPayload = {
    k: options.kind === "ticket" ? "t" : "s",
    a: options.area,
    id: options.ticketId,
    m: mode,
    h: bindingHash(binding, keys),
  };
  const body = `${VERSION}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}`;
  return `${body}.${sign(body, keys).toString("base64url")}`;
}

function parsePayload(encoded: string): TokenPayload | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(encoded, "base64url").toString("utf8"));
    if (typeof value !== "object" || value === null) return null;
    const p = value as Record<string, unknown>;
    const validShape =
      (p.k === "t" || p.k === "s") &&
      isArea(p.a) &&
      typeof p.id === "string" &&
      /^[A-Za-z0-9_-]{16,64}$/.test(p.id) &&
      (p.m === "u" || p.m === "b") &&
      typeof p.h === "string";
    return validShape ? (p as unknown as TokenPayload) : null;
  } catch {
    return null;
  }
}

function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Checks signature, kind, area and binding. A user-bound token needs the same signed-in account;
 * a browser-bound token needs the same browser (and IP), even if the person signed in meanwhile.
 */
export function verifyToken(options: {
  token: string;
  kind: TokenKind;
  area: Area;
  visitor: Visitor;
  keys: TokenKeys;
}): VerifiedToken {
  const { token, keys, visitor } = options;
  const parts = token.split(".");
  if (parts.length !== 3 || parts[0] !== VERSION) return { ok: false, reason: "forged" };
  const body = `${parts[0]}.${parts[1]}`;
  const presented = Buffer.from(parts[2], "base64url");
  if (!sameBytes(presented, sign(body, keys))) return { ok: false, reason: "forged" };

  const payload = parsePayload(parts[1]);
  const expectedKind = options.kind === "ticket" ? "t" : "s";
  if (!payload || payload.k !== expectedKind || payload.a !== options.area) return { ok: false, reason: "forged" };

  let binding: string | null;
  if (payload.m === "u") binding = visitor.userId ? `u:${visitor.userId}` : null;
  else binding = anonymousBinding(visitor, keys);
  const matches = binding !== null && sameBytes(Buffer.from(bindingHash(binding, keys)), Buffer.from(payload.h));
  return matches ? { ok: true, ticketId: payload.id } : { ok: false, reason: "binding_mismatch" };
}
