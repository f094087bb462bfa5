import "server-only";
// Account e-mail (registration), written to the outbox (the Delivery table) in the caller's transaction:
// the status delivery queue sends it through SMTP, or without SMTP it waits on the operators' outbox
// page, as status subscription e-mail does. Bilingual, like every message to people.
import type { TTx } from "@/lib/db/client";
import { env } from "@/lib/env";

export type TAccountMailEvent = "account.confirm" | "account.already_registered";

export function confirmEmailUrl(token: string): string {
  return `${env().publicUrl}/confirm-email?token=${encodeURIComponent(token)}`;
}

export async function queueConfirmationMail(tx: TTx, input: { to: string; token: string }) {
  const link = confirmEmailUrl(input.token);
  await tx.delivery.create({
    data: {
      recipient: input.to,
      event: "account.confirm" satisfies TAccountMailEvent,
      subject: "Konfirmasi e-mail akun Portal e-Meterai / Confirm your e-Meterai Portal e-mail",
      body:
        `Buka tautan ini untuk mengonfirmasi alamat e-mail akun Anda, lalu masukkan kata sandi yang Anda pilih saat mendaftar:\n${link}\n\n` +
        `Open this link to confirm your account's e-mail address, then enter the password you chose when registering:\n${link}\n\n` +
        "Abaikan pesan ini jika Anda tidak mendaftar. / Ignore this message if you did not register.",
    },
    select: { id: true },
  });
}

export async function queueAlreadyRegisteredMail(tx: TTx, input: { to: string }) {
  const signIn = `${env().publicUrl}/sign-in`;
  await tx.delivery.create({
    data: {
      recipient: input.to,
      event: "account.already_registered" satisfies TAccountMailEvent,
      subject: "Percobaan pendaftaran dengan e-mail Anda / Someone tried to register with your e-mail",
      body:
        `Seseorang mencoba mendaftar di Portal e-Meterai dengan alamat ini, yang sudah memiliki akun. Tidak ada yang berubah pada akun Anda. Jika itu Anda, silakan masuk: ${signIn}\n\n` +
        `Someone tried to register at the e-Meterai Portal with this address, which already has an account. Nothing changed on your account. If it was you, sign in: ${signIn}`,
    },
    select: { id: true },
  });
}
