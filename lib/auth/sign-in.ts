import "server-only";
import { appendAudit } from "@/lib/audit/append-audit";
import { db } from "@/lib/db/client";
import { AppError, commonErrors } from "@/lib/errors";
import { processSingleton } from "@/lib/process-singleton";
import { hit, isOverLimit, limits, reset } from "@/lib/rate-limit";
import { dummyPasswordHash, verifyPassword } from "./password";
import { createSession } from "./session";

export const invalidCredentials = () =>
  new AppError(
    "INVALID_CREDENTIALS",
    // One message for an unknown e-mail and a wrong password: the form must not reveal who is registered.
    { id: "E-mail atau kata sandi salah.", en: "Wrong e-mail or password." },
    { status: 401 },
  );

export async function signIn(input: { email: string; password: string; ip: string; userAgent?: string | null }) {
  const email = input.email.trim().toLowerCase();
  const pairKey = `signin:pair:${email}|${input.ip}`;
  const newAddressesKey = `signin:new-addresses:${email}`;
  // Counted before the password is checked, so guessing costs the attacker a slot either way. Per address
  // and per (account, address): one address hammering an account uses up its own attempts, not the owner's.
  for (const [key, rule] of [
    [`signin:ip:${input.ip}`, limits.signInPerIp],
    [pairKey, limits.signInPerAccountAndIp],
  ] as const) {
    const r = hit(key, rule);
    if (!r.allowed) throw commonErrors.rateLimited(r.retryAfterSeconds);
  }
  const user = await db().user.findUnique({ where: { email }, select: { id: true, email: true, role: true, passwordHash: true, disabledAt: true } });
  // Guesses spread over many addresses: once too many failed from new addresses, only the addresses the
  // account has signed in from may still try. Keyed by the e-mail, known or not, so it reveals nothing.
  const spread = isOverLimit(newAddressesKey, limits.signInFailuresFromNewAddresses);
  if (spread.limited && !(user && (await isKnownAddress(user.id, input.ip)))) throw commonErrors.rateLimited(spread.retryAfterSeconds);
  const ok = await verifyPassword(input.password, user?.passwordHash ?? (await dummyPasswordHash()));
  if (!user || !ok || user.disabledAt) {
    if (!(user && (await isKnownAddress(user.id, input.ip)))) hit(newAddressesKey, limits.signInFailuresFromNewAddresses);
    throw invalidCredentials();
  }
  reset(pairKey);
  rememberAddress(user.id, input.ip);
  const session = await createSession({ userId: user.id, ip: input.ip, userAgent: input.userAgent });
  await db().$transaction((tx) => appendAudit(tx, { actor: { id: user.id, label: user.email }, action: "user.sign_in", targetType: "User", targetId: user.id }));
  return { user: { id: user.id, email: user.email, role: user.role }, ...session };
}

const KNOWN_ADDRESS_DAYS = 90;
const KNOWN_ADDRESSES_MAX = 100_000;
/** Addresses an account signed in from (this process, oldest first), with when that stops counting. */
const knownAddresses = processSingleton("signin-known-addresses", () => new Map<string, number>());

function rememberAddress(userId: string, ip: string) {
  const key = `${userId}|${ip}`;
  knownAddresses.delete(key);
  knownAddresses.set(key, Date.now() + KNOWN_ADDRESS_DAYS * 86_400_000);
  if (knownAddresses.size > KNOWN_ADDRESSES_MAX) knownAddresses.delete(knownAddresses.keys().next().value!);
}

/** Whether the account signed in from this address before: remembered here, or a session of it (after a restart, or on another process). */
async function isKnownAddress(userId: string, ip: string): Promise<boolean> {
  const until = knownAddresses.get(`${userId}|${ip}`);
  if (until && until > Date.now()) return true;
  return (await db().session.count({ where: { userId, ip } })) > 0;
}
