import "server-only";
// The delivery queue: due Delivery rows are claimed (a conditional update, so two processes never
// send the same one), sent, and either marked delivered or rescheduled with exponential backoff.
// Without SMTP_URL, e-mail stays in the outbox (/admin/outbox) for operators to read.
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { postToPublicUrl } from "@/lib/http/outbound-request";
import { sendMail } from "./send-mail";
import { signWebhook, SIGNATURE_HEADER, TIMESTAMP_HEADER } from "./webhook-signature";
import { processSingleton } from "@/lib/process-singleton";

export const MAX_ATTEMPTS = 8;
const LEASE_MS = 2 * 60_000;

export function backoffMs(attempts: number) {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 6 * 3600_000);
}

export async function processDeliveries(options: { now?: Date; limit?: number; timeoutMs?: number } = {}) {
  const now = options.now ?? new Date();
  const smtpUrl = env().smtp.url;
  const due = await db().delivery.findMany({
    // Without SMTP only webhooks go out; e-mail (subscribers' and accounts') stays in the outbox.
    where: { deliveredAt: null, nextAttemptAt: { lte: now }, attempts: { lt: MAX_ATTEMPTS }, ...(smtpUrl ? {} : { subscriber: { is: { kind: "WEBHOOK" } } }) },
    orderBy: { nextAttemptAt: "asc" },
    take: options.limit ?? 50,
    select: { id: true, event: true, subject: true, body: true, attempts: true, nextAttemptAt: true, recipient: true, subscriber: { select: { kind: true, target: true, secret: true, unsubscribeToken: true } } },
  });
  let sent = 0;
  let failed = 0;
  for (const d of due) {
    const claim = await db().delivery.updateMany({ where: { id: d.id, deliveredAt: null, nextAttemptAt: d.nextAttemptAt }, data: { nextAttemptAt: new Date(now.getTime() + LEASE_MS) } });
    if (claim.count === 0) continue;
    try {
      if (d.subscriber?.kind === "WEBHOOK") await sendWebhook(d.subscriber.target, d.subscriber.secret ?? "", d.event, d.body, options.timeoutMs ?? 10_000);
      else if (d.subscriber) await sendEmail(smtpUrl!, d.subscriber.target, d.subject, d.body, d.subscriber.unsubscribeToken);
      else if (d.recipient) await sendEmail(smtpUrl!, d.recipient, d.subject, d.body, null);
      else throw new Error("delivery without a recipient");
      await db().delivery.update({ where: { id: d.id }, data: { deliveredAt: new Date(), attempts: d.attempts + 1, lastError: null }, select: { id: true } });
      sent++;
    } catch (error) {
      const attempts = d.attempts + 1;
      await db().delivery.update({
        where: { id: d.id },
        data: { attempts, lastError: (error as Error).message.slice(0, 500), nextAttemptAt: new Date(Date.now() + backoffMs(attempts)) },
        select: { id: true },
      });
      failed++;
    }
  }
  return { sent, failed };
}

async function sendWebhook(url: string, secret: string, event: string, body: string, timeoutMs: number) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  // Only to public addresses, redirects checked hop by hop (lib/http/outbound-request.ts).
  const response = await postToPublicUrl(url, {
    headers: { "Content-Type": "application/json", "User-Agent": "meterai-status-webhook/1", "X-Meterai-Event": event, [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: signWebhook(secret, timestamp, body) },
    body,
    timeoutMs,
  });
  if (response.status < 200 || response.status >= 300) throw new Error(`webhook answered HTTP ${response.status}`);
}

export function unsubscribeUrl(token: string) {
  return `${env().publicUrl}/status/unsubscribe?token=${encodeURIComponent(token)}`;
}

/** `unsubscribeToken`: a subscriber's; null for account e-mail, which is not a list one leaves. */
async function sendEmail(smtpUrl: string, to: string, subject: string, text: string, unsubscribeToken: string | null) {
  if (!unsubscribeToken) return sendMail(smtpUrl, { from: env().smtp.from, to, subject, text }, { allowInsecure: env().smtp.allowInsecure });
  const link = unsubscribeUrl(unsubscribeToken);
  await sendMail(smtpUrl, {
    from: env().smtp.from,
    to,
    subject,
    text: `${text}\n\n--\nBerhenti berlangganan / Unsubscribe: ${link}`,
    // RFC 8058: mail clients offer a one-click button that POSTs List-Unsubscribe=One-Click to the link.
    headers: { "List-Unsubscribe": `<${env().publicUrl}/status/unsubscribe/one-click?token=${encodeURIComponent(unsubscribeToken)}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
  }, { allowInsecure: env().smtp.allowInsecure });
}

const delivery = processSingleton("status-delivery", () => ({ running: false, again: false }));

/** Runs the queue soon, in the background; never throws and never blocks the caller. */
export function kickDeliveries() {
  if (delivery.running) {
    delivery.again = true;
    return;
  }
  delivery.running = true;
  setImmediate(async () => {
    try {
      do {
        delivery.again = false;
        await processDeliveries();
      } while (delivery.again);
    } catch (error) {
      console.error(`[status] delivery queue: ${(error as Error).message}`);
    } finally {
      delivery.running = false;
    }
  });
}
