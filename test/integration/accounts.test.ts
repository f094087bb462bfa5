import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { useTestDatabase } from "@/test/helpers/test-database";
import { makeUser, uniqueEmail } from "@/test/helpers/factories";
import { createApiToken, findTokenUser, revokeApiToken, listApiTokens } from "@/lib/auth/api-tokens";
import { clearCredentialCache } from "@/lib/auth/credential-cache";
import { disableUser } from "@/lib/users/disable-user";
import { createSession, findSessionUser, SESSION_COOKIE } from "@/lib/auth/session";
import { signIn } from "@/lib/auth/sign-in";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { db } from "@/lib/db/client";
import { registerApplicant } from "@/lib/users/register-applicant";
import { AppError } from "@/lib/errors";
import { POST as signOut } from "@/app/sign-out/route";

const database = useTestDatabase();

describe(`accounts and authorization (${database.kind})`, () => {
  test("passwords are stored as scrypt hashes and checked", async () => {
    const hash = await hashPassword("a long passphrase");
    assert.match(hash, /^scrypt\$32768\$8\$1\$/);
    assert.ok(!hash.includes("a long passphrase"));
    assert.equal(await verifyPassword("a long passphrase", hash), true);
    assert.equal(await verifyPassword("a long passphrasE", hash), false);
  });

  test("an applicant registers and signs in; a wrong password is refused with the same message as an unknown e-mail", async () => {
    const email = uniqueEmail("applicant");
    await registerApplicant({ email, password: "right password 1" });
    const ok = await signIn({ email, password: "right password 1", ip: "10.0.0.1" });
    assert.equal(ok.user.email, email);
    assert.equal((await findSessionUser(ok.token))?.email, email);

    const wrong = await signIn({ email, password: "wrong password", ip: "10.0.0.1" }).catch((e) => e);
    const unknown = await signIn({ email: uniqueEmail("nobody"), password: "wrong password", ip: "10.0.0.1" }).catch((e) => e);
    assert.ok(wrong instanceof AppError && unknown instanceof AppError);
    assert.equal(wrong.code, "INVALID_CREDENTIALS");
    assert.equal(wrong.status, 401);
    assert.deepEqual(wrong.userMessage, unknown.userMessage);
  });

  test("wrong passwords from a few addresses do not lock the owner out (no lockout by strangers)", async () => {
    const user = await makeUser("OPERATOR");
    for (let i = 0; i < 5; i++) {
      const e = await signIn({ email: user.email, password: `guess ${i}`, ip: `10.1.0.${i}` }).catch((err) => err);
      assert.equal(e.code, "INVALID_CREDENTIALS");
    }
    const owner = await signIn({ email: user.email, password: user.password, ip: "10.1.0.99" });
    assert.equal(owner.user.id, user.id);
  });

  test("an address hammering an account is limited on that account, while the owner signs in from their own address", async () => {
    const user = await makeUser("APPLICANT");
    await signIn({ email: user.email, password: user.password, ip: "10.3.0.1" });
    for (let i = 0; i < 5; i++) {
      const e = await signIn({ email: user.email, password: `guess ${i}`, ip: "10.3.0.66" }).catch((err) => err);
      assert.equal(e.code, "INVALID_CREDENTIALS");
    }
    // Even the right password is refused from the hammering address: its attempts on this account are used up.
    const limited = await signIn({ email: user.email, password: user.password, ip: "10.3.0.66" }).catch((e) => e);
    assert.equal(limited.code, "RATE_LIMITED");
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.details.retryAfterSeconds) > 0);
    assert.equal((await signIn({ email: user.email, password: user.password, ip: "10.3.0.1" })).user.id, user.id);
  });

  test("guesses spread over many addresses stop new addresses, never the owner's known one", async () => {
    const user = await makeUser("APPLICANT");
    await signIn({ email: user.email, password: user.password, ip: "10.4.1.1" });
    for (let i = 0; i < 50; i++) {
      const e = await signIn({ email: user.email, password: `guess ${i}`, ip: `10.4.0.${i}` }).catch((err) => err);
      assert.equal(e.code, "INVALID_CREDENTIALS");
    }
    const fromNew = await signIn({ email: user.email, password: user.password, ip: "10.4.2.1" }).catch((e) => e);
    assert.equal(fromNew.code, "RATE_LIMITED");
    assert.equal((await signIn({ email: user.email, password: user.password, ip: "10.4.1.1" })).user.id, user.id);
  });

  test("many accounts guessed from one IP are rate-limited per IP", async () => {
    let limited: AppError | null = null;
    for (let i = 0; i < 40 && !limited; i++) {
      const e = await signIn({ email: uniqueEmail("spray"), password: "guess", ip: "10.2.0.1" }).catch((err) => err);
      if (e.code === "RATE_LIMITED") limited = e;
    }
    assert.ok(limited, "the per-IP limit should trigger within 40 attempts");
  });

  test("an expired session is refused and removed", async () => {
    const user = await makeUser("APPLICANT");
    const session = await createSession({ userId: user.id });
    assert.equal((await findSessionUser(session.token))?.id, user.id);
    await db().session.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    // As if its time had come: the few seconds for which a session's owner is remembered are over too.
    clearCredentialCache();
    assert.equal(await findSessionUser(session.token), null);
    assert.equal(await db().session.count({ where: { userId: user.id } }), 0);
  });

  test("API tokens are stored hashed, work as Bearer tokens, and stop working once revoked", async () => {
    const user = await makeUser("VERIFIER");
    const token = await createApiToken({ userId: user.id, name: "committee system", actor: { id: user.id, label: user.email } });
    const row = await db().apiToken.findUniqueOrThrow({ where: { id: token.id } });
    assert.notEqual(row.tokenHash, token.secret);
    assert.ok(!JSON.stringify(row).includes(token.secret));
    assert.deepEqual(await findTokenUser(`Bearer ${token.secret}`), { id: user.id, email: user.email, role: "VERIFIER", tokenId: token.id });
    assert.equal(await findTokenUser(`Bearer ${token.secret}x`), null);
    // Last use is recorded, then written again only after a minute: a busy client does not write on every call.
    const firstUse = (await db().apiToken.findUniqueOrThrow({ where: { id: token.id } })).lastUsedAt;
    assert.ok(firstUse && Date.now() - firstUse.getTime() < 10_000);
    await findTokenUser(`Bearer ${token.secret}`);
    assert.equal((await db().apiToken.findUniqueOrThrow({ where: { id: token.id } })).lastUsedAt?.getTime(), firstUse.getTime());
    await db().apiToken.update({ where: { id: token.id }, data: { lastUsedAt: new Date(Date.now() - 120_000) } });
    // Two minutes later: the few seconds for which a token's owner is remembered have long passed.
    clearCredentialCache();
    await findTokenUser(`Bearer ${token.secret}`);
    assert.ok(Date.now() - (await db().apiToken.findUniqueOrThrow({ where: { id: token.id } })).lastUsedAt!.getTime() < 10_000);
    await revokeApiToken({ userId: user.id, tokenId: token.id, actor: { id: user.id, label: user.email } });
    assert.equal(await findTokenUser(`Bearer ${token.secret}`), null);
  });

  test("a disabled account's API tokens stop working, and its sessions end", async () => {
    const user = await makeUser("APPLICANT");
    const token = await createApiToken({ userId: user.id, name: "script", actor: { id: user.id, label: user.email } });
    const session = await createSession({ userId: user.id });
    assert.equal((await findTokenUser(`Bearer ${token.secret}`))?.id, user.id);
    assert.equal((await findSessionUser(session.token))?.id, user.id);
    await disableUser({ userId: user.id, actor: { id: null, label: "operator" } });
    assert.equal(await findTokenUser(`Bearer ${token.secret}`), null);
    assert.equal(await findSessionUser(session.token), null);
  });

  test("nobody can revoke or list another account's tokens", async () => {
    const owner = await makeUser("VERIFIER");
    const other = await makeUser("APPLICANT");
    const token = await createApiToken({ userId: owner.id, name: "mine", actor: { id: owner.id, label: owner.email } });
    const error = await revokeApiToken({ userId: other.id, tokenId: token.id, actor: { id: other.id, label: other.email } }).catch((e) => e);
    assert.equal(error.code, "NOT_FOUND");
    assert.equal((await findTokenUser(`Bearer ${token.secret}`))?.id, owner.id);
    assert.deepEqual(await listApiTokens(other.id), []);
  });

  test("signing out needs a request from the portal's own pages: another site's form cannot sign people out", async () => {
    const user = await makeUser("APPLICANT");
    const session = await createSession({ userId: user.id });
    const post = (headers: Record<string, string>) =>
      signOut(new Request("http://127.0.0.1:3000/sign-out", { method: "POST", headers: { host: "127.0.0.1:3000", cookie: `${SESSION_COOKIE}=${session.token}`, ...headers } }));

    for (const headers of [{ origin: "https://evil.example" }, { origin: "null" }, {}] as Record<string, string>[]) {
      const refused = await post(headers);
      assert.equal(refused.status, 403, JSON.stringify(headers));
      assert.equal(refused.headers.get("set-cookie"), null);
    }
    clearCredentialCache();
    assert.equal((await findSessionUser(session.token))?.id, user.id);

    const ok = await post({ origin: "http://127.0.0.1:3000" });
    assert.equal(ok.status, 303);
    assert.match(ok.headers.get("set-cookie") ?? "", /Max-Age=0/);
    clearCredentialCache();
    assert.equal(await findSessionUser(session.token), null);
  });
});
