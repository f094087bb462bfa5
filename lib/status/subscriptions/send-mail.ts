// Status e-mails through nodemailer. TLS is required by default: on smtp:// the connection must be upgraded
// with STARTTLS before anything (credentials included) is sent, and smtps:// is TLS from the start. An
// operator whose relay has no TLS (a local relay on the same machine) allows plain text explicitly with
// SMTP_ALLOW_INSECURE=1.
import nodemailer from "nodemailer";

export type TMail = { from: string; to: string; subject: string; text: string; headers?: Record<string, string> };

// Bodies always in base64: a notification's long links and Indonesian text never meet line-length or
// dot-stuffing trouble in a relay, and every client decodes it.
// Our own headers are ASCII we built (List-Unsubscribe links): sent as they are, on one line each.
const message = (mail: TMail) => ({
  from: mail.from,
  to: mail.to,
  subject: mail.subject,
  text: mail.text,
  headers: { ...Object.fromEntries(Object.entries(mail.headers ?? {}).map(([name, value]) => [name, { prepared: true, value: value.replace(/[\r\n]+/g, " ") }])), "Content-Transfer-Encoding": "base64" },
  textEncoding: "base64" as const,
});

/** The message exactly as it would be sent (RFC 5322 text), for tests and previews. */
export async function composeMessage(mail: TMail): Promise<string> {
  const info = await nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "windows" }).sendMail(message(mail));
  return (info.message as Buffer).toString("utf8");
}

/** Sends one message through the SMTP server named by `url` (smtp://user:pass@host:port or smtps://…). */
export async function sendMail(url: string, mail: TMail, options: { allowInsecure: boolean; timeoutMs?: number }): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const transport = nodemailer.createTransport({
    url,
    requireTLS: !options.allowInsecure && url.startsWith("smtp:"),
    ignoreTLS: false,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    name: "meterai.local",
  });
  try {
    await transport.sendMail(message(mail));
  } finally {
    transport.close();
  }
}
