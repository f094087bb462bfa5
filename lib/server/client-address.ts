// The client's address, as far as it can be known. X-Forwarded-For is written by whoever sent the request:
// a client can put anything there, so its entries are believed only as far as they were added by proxies
// the operator trusts (TRUSTED_PROXIES), read from the right: the socket's peer first; while that hop is a
// trusted proxy, the entry it appended names the hop before it. Without TRUSTED_PROXIES the client is
// the socket's peer. The front door then replaces the header with this one address, so everything
// behind it (rate limits, the waiting room's per-IP cap, sessions, the audit log) reads a value it can trust.
import { BlockList, isIP } from "node:net";

export type TTrustedProxies = BlockList;

/** TRUSTED_PROXIES' entries (addresses or CIDR ranges, checked by lib/env.ts) as a list to match against. */
export function trustedProxyList(entries: readonly string[]): TTrustedProxies {
  const list = new BlockList();
  for (const raw of entries) {
    const [address, bits] = raw.split("/");
    const family = isIP(normalize(address));
    if (!family) throw new Error(`TRUSTED_PROXIES: '${raw}' is not an IP address or CIDR range`);
    const type = family === 6 ? "ipv6" : "ipv4";
    if (bits === undefined) list.addAddress(normalize(address), type);
    else {
      const prefix = Number(bits);
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 6 ? 128 : 32)) throw new Error(`TRUSTED_PROXIES: '${raw}' has a bad prefix length`);
      list.addSubnet(normalize(address), prefix, type);
    }
  }
  return list;
}

/** IPv4 addresses reach Node as ::ffff:a.b.c.d on dual-stack sockets. */
function normalize(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1] : address;
}

function isTrusted(list: TTrustedProxies, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 6 ? "ipv6" : "ipv4");
}

/** The first hop, from the right, that is not a trusted proxy. */
export function clientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined, trusted: TTrustedProxies): string {
  let hop = normalize(peer ?? "");
  if (!hop) return "unknown";
  const entries = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? "")).split(",").map((s) => normalize(s.trim())).filter(Boolean);
  while (isTrusted(trusted, hop) && entries.length > 0) {
    const previous = entries.pop()!;
    // A malformed entry from a trusted proxy: stop at the proxy rather than believe garbage.
    if (!isIP(previous)) break;
    hop = previous;
  }
  return hop;
}
