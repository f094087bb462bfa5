// Registration proves the address (issue 17.14): the same answer whether or not the address has an
// account, a confirmation link through the outbox, no buying before confirming, and nothing gained by
// registering someone else's address.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, test } from "node:test";
import { useTestDatabase } from "@/test/helpers/test-database";
import { makeUser, uniqueEmail } from "@/test/helpers/factories";
import { createSession, findSessionUser } from "@/lib/auth/session";
import { signIn } from "@/lib/auth/sign-in";
import { db } from "@/lib/db/client";
import { createOrder } from "@/lib/orders/create-order";
import { processDeliveries } from "@/lib/status/subscriptions/process-deliveries";
import { confirmEmail } from "@/lib/users/confirm-email";
import { registerApplicant } from "@/lib/users/register-applicant";
import { seedDemo } from "@/lib/seed/seed-demo";

const database = useTestDatabase();

/** The outbox's mail to an address, oldest first (what an operator reads at /admin/outbox without SMTP). */
const outbox = (to: string) => db().delivery.findMany({ where: { recipient: to }, orderBy: { createdAt: "asc" }, select: { event: true, subject: true, body: true, deliveredAt: true } });
const linkToken = (body: string) => /\/confirm-email\?token=([\w-]+)/.exec(body)?.[1] ?? "";
const order = (userId: string) => createOrder({ userId, actor: { id: userId, label: "test" }, quantity: 1, idempotencyKey: `test-${randomUUID()}` });

describe(`registration with e-mail confirmation (${database.kind})`, () => {
  test("the answer is the same whether or not the address has an account; the new address gets a link, the owner of the other a notice", async () => {
    const owner = await makeUser("APPLICANT");
    const fresh = uniqueEmail("fresh");
    const forExisting = await registerApplicant({ email: owner.email, password: "someone else's 1" });
    const forNew = await registerApplicant({ email: fresh, password: "my own password 1" });
    assert.deepEqual(forExisting, forNew);

    const [notice, ...moreToOwner] = await outbox(owner.email);
    assert.equal(moreToOwner.length, 0);
    assert.equal(notice.event, "account.already_registered");
    assert.match(notice.body, /Someone tried to register .* with this address/);
    assert.match(notice.body, /Seseorang mencoba mendaftar/);
    assert.equal(linkToken(notice.body), "");
    // The owner's account is untouched: the old password still works, the other one does not.
    assert.equal((await signIn({ email: owner.email, password: owner.password, ip: "10.6.0.1" })).user.id, owner.id);
    assert.equal((await signIn({ email: owner.email, password: "someone else's 1", ip: "10.6.0.1" }).catch((e) => e)).code, "INVALID_CREDENTIALS");

    const [confirmation] = await outbox(fresh);
    assert.equal(confirmation.event, "account.confirm");
    assert.match(confirmation.body, /^Buka tautan ini/);
    assert.ok(linkToken(confirmation.body).length > 30);
    // Without SMTP it waits in the outbox, as subscribers' e-mail does.
    await processDeliveries();
    assert.equal((await outbox(fresh))[0].deliveredAt, null);
    const stored = await db().user.findUniqueOrThrow({ where: { email: fresh }, select: { emailConfirmedAt: true, emailConfirmTokenHash: true } });
    assert.equal(stored.emailConfirmedAt, null);
    assert.ok(stored.emailConfirmTokenHash && !stored.emailConfirmTokenHash.includes(linkToken(confirmation.body)), "the token is stored hashed");
  });

  test("an unconfirmed account signs in but cannot buy; confirming with the link and its password lets it buy, in its open session at once", async () => {
    const email = uniqueEmail("unconfirmed");
    await registerApplicant({ email, password: "applicant pass 1" });
    const { user, token } = await signIn({ email, password: "applicant pass 1", ip: "10.6.1.1" });
    assert.equal((await findSessionUser(token))?.emailConfirmed, false);
    const refused = await order(user.id).catch((e) => e);
    assert.equal(refused.code, "EMAIL_NOT_CONFIRMED");
    assert.equal(refused.status, 403);
    assert.match(refused.userMessage.id, /Konfirmasi alamat e-mail/);

    const link = linkToken((await outbox(email))[0].body);
    assert.equal((await confirmEmail({ token: link, password: "not the password" }).catch((e) => e)).code, "CONFIRMATION_WRONG_PASSWORD");
    assert.equal((await confirmEmail({ token: `${link}x`, password: "applicant pass 1" }).catch((e) => e)).code, "CONFIRMATION_LINK_INVALID");
    assert.equal((await confirmEmail({ token: link, password: "applicant pass 1" })).id, user.id);
    // The session's cached owner was forgotten: no waiting for the cache to expire.
    assert.equal((await findSessionUser(token))?.emailConfirmed, true);
    assert.equal((await order(user.id)).created, true);
    assert.equal((await confirmEmail({ token: link, password: "applicant pass 1" }).catch((e) => e)).code, "CONFIRMATION_LINK_INVALID");
    // Registering the now confirmed address again changes nothing.
    await registerApplicant({ email, password: "a takeover try 1" });
    assert.equal((await signIn({ email, password: "applicant pass 1", ip: "10.6.1.1" })).user.id, user.id);
  });

  test("registering an address one does not own gains nothing: its owner's registration ends the squatter's sessions and link", async () => {
    const victim = uniqueEmail("victim");
    await registerApplicant({ email: victim, password: "squatter pass 1" });
    const squatterLink = linkToken((await outbox(victim))[0].body);
    const squatter = await signIn({ email: victim, password: "squatter pass 1", ip: "10.6.2.1" });
    assert.ok(await findSessionUser(squatter.token));

    await registerApplicant({ email: victim, password: "owner's pass 1" });
    assert.equal(await findSessionUser(squatter.token), null);
    assert.equal((await confirmEmail({ token: squatterLink, password: "squatter pass 1" }).catch((e) => e)).code, "CONFIRMATION_LINK_INVALID");
    const ownerLink = linkToken((await outbox(victim))[1].body);
    // The owner's link is useless with the squatter's password, and confirms with the owner's.
    assert.equal((await confirmEmail({ token: ownerLink, password: "squatter pass 1" }).catch((e) => e)).code, "CONFIRMATION_WRONG_PASSWORD");
    const confirmed = await confirmEmail({ token: ownerLink, password: "owner's pass 1" });
    assert.equal(confirmed.email, victim);
  });

  test("accounts made by operators (and the admin command) and the demo accounts are confirmed", async () => {
    const made = await makeUser("APPLICANT");
    const session = await createSession({ userId: made.id });
    assert.equal((await findSessionUser(session.token))?.emailConfirmed, true);
    assert.equal((await order(made.id)).created, true);
    await seedDemo();
    const demo = await db().user.findUniqueOrThrow({ where: { email: "pemohon@demo.local" }, select: { emailConfirmedAt: true } });
    assert.ok(demo.emailConfirmedAt);
  });
});
