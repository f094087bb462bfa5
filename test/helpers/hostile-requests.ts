// The hostile requests of issue 17, built in the test itself (what each costs a running server is read
// with test/helpers/process-usage.ts): used by the hostile-input suite (e2e/hostile-inputs.spec.ts) and
// its benchmark (bench/hostile.ts). Raw sockets where a client would misbehave (slow, or announcing a body it never
// sends), so that the client's own cost is nothing and every byte the server reads is counted.
import { connect } from "node:net";

export type TRawAnswer = { status: number; ms: number; headers: Record<string, string>; body: string };

/**
 * One request over a raw socket: `head` and as much of `body` as `send` says, at the pace it says.
 * Resolves when the server answers (or closes); the client stops sending as soon as an answer comes.
 */
export function rawRequest(url: string, options: { method: string; path: string; headers: Record<string, string>; body?: Uint8Array; trickle?: { bytes: number; everyMs: number } ; timeoutMs?: number }): Promise<TRawAnswer> {
  const { hostname, port } = new URL(url);
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let answer = "";
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timeout);
      clearInterval(trickle);
      socket.destroy();
      const head = /^HTTP\/1\.1 (\d{3})[^\r]*\r\n([\s\S]*?)\r\n\r\n/.exec(answer);
      const headers: Record<string, string> = {};
      for (const line of (head?.[2] ?? "").split("\r\n")) {
        const at = line.indexOf(":");
        if (at > 0) headers[line.slice(0, at).toLowerCase()] = line.slice(at + 1).trim();
      }
      resolve({ status: head ? Number(head[1]) : 0, ms: performance.now() - started, headers, body: head ? answer.slice(head[0].length) : "" });
    };
    const timeout = setTimeout(finish, options.timeoutMs ?? 60_000);
    let trickle: NodeJS.Timeout | undefined;
    socket.on("connect", () => {
      const head = `${options.method} ${options.path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\n${Object.entries(options.headers).map(([k, v]) => `${k}: ${v}\r\n`).join("")}\r\n`;
      socket.write(head);
      const body = options.body ?? Buffer.alloc(0);
      if (options.trickle) {
        let at = 0;
        const step = options.trickle;
        trickle = setInterval(() => {
          if (at >= body.length || socket.destroyed) return clearInterval(trickle);
          socket.write(body.subarray(at, at + step.bytes));
          at += step.bytes;
        }, step.everyMs);
        return;
      }
      // As fast as the connection takes it, until the answer comes.
      let at = 0;
      const pump = () => {
        while (at < body.length && !socket.destroyed && !done) {
          const piece = body.subarray(at, at + 64 * 1024);
          at += piece.length;
          if (!socket.write(piece)) return void socket.once("drain", pump);
        }
      };
      pump();
    });
    socket.on("data", (chunk) => {
      answer += chunk.toString("latin1");
      const head = /\r\n\r\n/.exec(answer);
      const length = Number(/content-length:\s*(\d+)/i.exec(answer)?.[1] ?? -1);
      if (head && length >= 0 && answer.length >= head.index + 4 + length) finish();
    });
    socket.on("error", () => undefined);
    socket.on("close", finish);
  });
}

/** A multipart body with one PDF part (and text fields), as a browser or program sends it. */
export function multipartBody(file: Buffer, fields: Record<string, string> = {}, fileName = "dokumen.pdf"): { body: Uint8Array<ArrayBuffer>; contentType: string } {
  const boundary = `----hostile${Date.now().toString(16)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/pdf\r\n\r\n`), file, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { body: new Uint8Array(Buffer.concat(parts)), contentType: `multipart/form-data; boundary=${boundary}` };
}

export const affixFields = { placements: JSON.stringify([{ page: 1, x: 40, y: 40 }]), documentType: "Surat Pernyataan", documentNumber: "HOSTILE/1", documentDate: "2026-09-06" };
