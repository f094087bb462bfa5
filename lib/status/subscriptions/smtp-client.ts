// A minimal SMTP client (RFC 5321) over node:net / node:tls: EHLO, optional STARTTLS and AUTH PLAIN,
// one message per connection. Enough for status notifications without another dependency.
import net from "node:net";
import tls from "node:tls";

export type TMail = { from: string; to: string; subject: string; text: string; headers?: Record<string, string> };

function encodeHeader(value: string) {
  return /^[\x20-\x7e]*$/.test(value) ? value : `=?UTF-8?B?${Buffer.from(value, "utf8").toString("base64")}?=`;
}

export function buildMessage(mail: TMail, now = new Date()): string {
  const domain = mail.from.split("@")[1] ?? "localhost";
  const headers: Record<string, string> = {
    From: mail.from,
    To: mail.to,
    Subject: encodeHeader(mail.subject),
    Date: now.toUTCString().replace("GMT", "+0000"),
    "Message-ID": `<${now.getTime()}.${Math.random().toString(36).slice(2)}@${domain}>`,
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Transfer-Encoding": "base64",
    ...mail.headers,
  };
  const body = Buffer.from(mail.text, "utf8").toString("base64").replace(/.{76}/g, "$&\r\n");
  return `${Object.entries(headers).map(([k, v]) => `${k}: ${v.replace(/[\r\n]+/g, " ")}`).join("\r\n")}\r\n\r\n${body}`;
}

/** Sends one message through the SMTP server named by `url` (smtp://user:pass@host:port or smtps://…). */
export async function sendMail(url: string, mail: TMail, timeoutMs = 15_000): Promise<void> {
  const u = new URL(url);
  const implicitTls = u.protocol === "smtps:";
  const port = Number(u.port || (implicitTls ? 465 : 25));
  let socket: net.Socket = implicitTls ? tls.connect({ host: u.hostname, port, servername: u.hostname }) : net.connect({ host: u.hostname, port });
  socket.setTimeout(timeoutMs);
  let buffer = "";
  let waiting: { resolve: (r: { code: number; lines: string[] }) => void; reject: (e: Error) => void } | null = null;
  let failure: Error | null = null;
  const lines: string[] = [];

  const attach = (s: net.Socket) => {
    s.setEncoding("utf8");
    s.on("data", (chunk: string) => {
      buffer += chunk;
      let i;
      while ((i = buffer.indexOf("\r\n")) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        lines.push(line);
        // The last line of a reply has a space after the code ("250 OK"); others a hyphen ("250-SIZE").
        if (/^\d{3} /.test(line) || /^\d{3}$/.test(line)) {
          const reply = { code: Number(line.slice(0, 3)), lines: lines.splice(0) };
          const w = waiting;
          waiting = null;
          w?.resolve(reply);
        }
      }
    });
    s.on("timeout", () => s.destroy(new Error("SMTP timeout")));
    s.on("error", (e) => {
      failure = e;
      waiting?.reject(e);
    });
    s.on("close", () => waiting?.reject(failure ?? new Error("SMTP connection closed")));
  };
  attach(socket);

  const reply = () => new Promise<{ code: number; lines: string[] }>((resolve, reject) => (failure ? reject(failure) : (waiting = { resolve, reject })));
  const expect = async (ok: number[], command?: string) => {
    const wait = reply();
    if (command !== undefined) socket.write(`${command}\r\n`);
    const r = await wait;
    if (!ok.includes(r.code)) throw new Error(`SMTP ${command?.split(" ")[0] ?? "greeting"} refused: ${r.lines.join(" | ")}`);
    return r;
  };

  try {
    await expect([220]);
    let ehlo = await expect([250], "EHLO meterai.local");
    if (!implicitTls && ehlo.lines.some((l) => /STARTTLS/i.test(l))) {
      await expect([220], "STARTTLS");
      socket.removeAllListeners("data");
      socket = tls.connect({ socket, servername: u.hostname });
      attach(socket);
      ehlo = await expect([250], "EHLO meterai.local");
    }
    if (u.username) {
      const token = Buffer.from(`\0${decodeURIComponent(u.username)}\0${decodeURIComponent(u.password)}`).toString("base64");
      await expect([235], `AUTH PLAIN ${token}`);
    }
    await expect([250], `MAIL FROM:<${mail.from}>`);
    await expect([250, 251], `RCPT TO:<${mail.to}>`);
    await expect([354], "DATA");
    // Dot-stuffing (RFC 5321 §4.5.2): a line starting with "." gets another one.
    const data = buildMessage(mail).replace(/\r\n\./g, "\r\n..");
    await expect([250], `${data}\r\n.`);
    await expect([221], "QUIT").catch(() => {});
  } finally {
    socket.destroy();
  }
}
