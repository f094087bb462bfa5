/** The client's IP as the reverse proxy reports it (first x-forwarded-for entry), for rate limits and audit. */
export function clientIpFrom(h: Headers): string {
  // Behind a reverse proxy the proxy sets x-forwarded-for; its first entry is the client.
  return (h.get("x-forwarded-for")?.split(",")[0] ?? h.get("x-real-ip") ?? "local").trim().slice(0, 64);
}
