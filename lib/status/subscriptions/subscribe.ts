import "server-only";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { appendAudit, systemActor } from "@/lib/audit/append-audit";
import { hashSecret, newSecret } from "@/lib/auth/tokens";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { resolvePublicAddress } from "@/lib/http/outbound-request";
import { kickDeliveries } from "./process-deliveries";

export const ZSubscribe = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("EMAIL"), target: z.email().max(254).transform((s) => s.toLowerCase()) }),
  z.object({ kind: z.literal("WEBHOOK"), target: z.url({ protocol: /^https?$/ }).max(500) }),
]);
export type TSubscribe = z.infer<typeof ZSubscribe>;

export function parseSubscription(raw: { kind: unknown; target: unknown }): TSubscribe {
  const parsed = ZSubscribe.safeParse({ kind: raw.kind, target: typeof raw.target === "string" ? raw.target.trim() : raw.target });
  if (!parsed.success) {
    throw new AppError("INVALID_INPUT", { id: "Alamat e-mail atau URL webhook tidak valid.", en: "Invalid e-mail address or webhook URL." }, { details: { issues: parsed.error.issues.map((i) => ({ field: i.path.join("."), message: i.message })) } });
  }
  return parsed.data;
}

/**
 * Double opt-in: records an unconfirmed subscriber and queues a message with a confirmation link
 * (its token is stored hashed). Subscribing again re-sends the link; an already confirmed address
 * gets the same answer, so the form does not reveal who is subscribed.
 */
export async function subscribe(input: TSubscribe) {
  // Refused at once, with a reason, when the webhook's host is not on the public internet (checked again
  // at every delivery: DNS may change).
  if (input.kind === "WEBHOOK") await resolvePublicAddress(new URL(input.target));
  const confirm = newSecret("c_");
  const secret = input.kind === "WEBHOOK" ? `whsec_${randomBytes(24).toString("base64url")}` : null;
  const confirmUrl = `${env().publicUrl}/status/confirm?token=${encodeURIComponent(confirm.secret)}`;
  const result = await db().$transaction(async (tx) => {
    const existing = await tx.subscriber.findUnique({ where: { kind_target: { kind: input.kind, target: input.target } }, select: { id: true, confirmedAt: true } });
    if (existing?.confirmedAt) return { subscriberId: existing.id, secret: null as string | null, alreadyConfirmed: true };
    const subscriber = existing
      ? await tx.subscriber.update({ where: { id: existing.id }, data: { confirmTokenHash: confirm.hash, ...(secret ? { secret } : {}) }, select: { id: true } })
      : await tx.subscriber.create({
          data: { kind: input.kind, target: input.target, secret, confirmTokenHash: confirm.hash, unsubscribeToken: `u_${randomBytes(24).toString("base64url")}` },
          select: { id: true },
        });
    const body =
      input.kind === "WEBHOOK"
        ? JSON.stringify({ event: "subscription.confirm", confirm_url: confirmUrl, page: { url: `${env().publicUrl}/status` } })
        : `Konfirmasi langganan status Portal e-Meterai / Confirm your status subscription:\n\n${confirmUrl}\n\nAbaikan pesan ini jika Anda tidak mendaftar. / Ignore this message if you did not sign up.`;
    await tx.delivery.create({ data: { subscriberId: subscriber.id, event: "subscription.confirm", subject: "Konfirmasi langganan / Confirm subscription", body } });
    await appendAudit(tx, { actor: systemActor, action: "status.subscriber.create", targetType: "Subscriber", targetId: subscriber.id, data: { kind: input.kind } });
    return { subscriberId: subscriber.id, secret, alreadyConfirmed: false };
  });
  kickDeliveries();
  return result;
}

export async function confirmSubscription(token: string) {
  if (!token || token.length > 200) return false;
  const { count } = await db().subscriber.updateMany({ where: { confirmTokenHash: hashSecret(token), confirmedAt: null }, data: { confirmedAt: new Date(), confirmTokenHash: null } });
  return count === 1;
}

/** One-click unsubscribe (RFC 8058): the token in the link is all it takes. */
export async function unsubscribe(token: string) {
  if (!token || token.length > 200) return false;
  const { count } = await db().subscriber.deleteMany({ where: { unsubscribeToken: token } });
  return count === 1;
}
