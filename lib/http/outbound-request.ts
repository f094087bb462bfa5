import "server-only";
// Requests the portal makes to addresses that strangers chose (status webhooks). Without care, anyone
// could make the server call its own admin endpoints, the database, the cloud's metadata service, or
// anything else on the private network (server-side request forgery). So the host is resolved here, every
// address it resolves to is checked, and the connection goes to exactly the address that was checked
// (pinned, so DNS cannot answer differently a moment later: rebinding). Redirects are followed here, a
// few at most, each new host checked the same way.
import { lookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import { BlockList, isIP, type LookupFunction } from "node:net";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

const MAX_REDIRECTS = 3;
const MAX_RESPONSE_BYTES = 64 * 1024;

/** Addresses that are not on the public internet, or are this machine, or its cloud's metadata service. */
const notPublic = (() => {
  const list = new BlockList();
  for (const [network, bits] of [
    ["0.0.0.0", 8], // "this network", unspecified
    ["10.0.0.0", 8], // private (RFC 1918)
    ["100.64.0.0", 10], // carrier-grade NAT (RFC 6598); Alibaba's metadata service is 100.100.100.200
    ["127.0.0.0", 8], // loopback
    ["169.254.0.0", 16], // link-local: AWS, GCP and Azure metadata (169.254.169.254)
    ["172.16.0.0", 12], // private
    ["192.0.0.0", 24], // IETF protocol assignments
    ["192.0.2.0", 24], // documentation
    ["192.168.0.0", 16], // private
    ["198.18.0.0", 15], // benchmarking
    ["198.51.100.0", 24], // documentation
    ["203.0.113.0", 24], // documentation
    ["224.0.0.0", 4], // multicast
    ["240.0.0.0", 4], // reserved, and broadcast
  ] as const)
    list.addSubnet(network, bits, "ipv4");
  for (const [network, bits] of [
    ["::", 128], // unspecified
    ["::1", 128], // loopback
    ["100::", 64], // discard
    ["2001:db8::", 32], // documentation
    ["fc00::", 7], // unique local (AWS's IPv6 metadata service is fd00:ec2::254)
    ["fe80::", 10], // link-local
    ["ff00::", 8], // multicast
  ] as const)
    list.addSubnet(network, bits, "ipv6");
  // IPv4-mapped IPv6 addresses (::ffff:127.0.0.1) are matched against the IPv4 ranges by BlockList itself.
  return list;
})();

let allowedCache: { source: readonly string[]; list: BlockList } | null = null;

/** WEBHOOK_ALLOWED_NETWORKS: private addresses an operator explicitly lets webhooks reach (an internal receiver, tests). */
function allowedNetworks(): BlockList {
  const source = env().webhookAllowedNetworks;
  if (allowedCache?.source === source) return allowedCache.list;
  const list = new BlockList();
  for (const entry of source) {
    const [address, bits] = entry.split("/");
    const type = isIP(address) === 6 ? "ipv6" : "ipv4";
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  allowedCache = { source, list };
  return list;
}

/** Whether the portal may connect to this address (an IP, as DNS or a URL gives it). */
export function isPublicAddress(address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const family = isIP(ip);
  if (!family) return false;
  const type = family === 6 ? "ipv6" : "ipv4";
  if (allowedNetworks().check(ip, type)) return true;
  if (notPublic.check(ip, type)) return false;
  // NAT64 (64:ff9b::/96) carries an IPv4 address in its last 32 bits: judged by that address.
  const nat64 = family === 6 ? /^64:ff9b::(?:ffff:)?([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(new URL(`http://[${ip}]/`).hostname.slice(1, -1)) : null;
  if (nat64) {
    const [high, low] = [parseInt(nat64[1], 16), parseInt(nat64[2], 16)];
    return isPublicAddress(`${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`);
  }
  return true;
}

export const outboundErrors = {
  notPublic: (host: string) =>
    new AppError(
      "ADDRESS_NOT_ALLOWED",
      {
        id: `Alamat ${host} mengarah ke jaringan privat, lokal, atau layanan metadata; portal tidak mengirim ke sana. Gunakan alamat yang dapat dijangkau dari internet.`,
        en: `The address ${host} points to a private or local network or a metadata service; the portal does not send there. Use an address reachable from the internet.`,
      },
      { status: 400 },
    ),
  unresolvable: (host: string) =>
    new AppError("ADDRESS_UNRESOLVABLE", { id: `Nama host ${host} tidak dapat ditemukan.`, en: `The host name ${host} could not be found.` }, { status: 400 }),
};

/**
 * The one address to connect to for a URL's host: resolved, and every address it resolves to checked
 * (a name that resolves to one public and one private address is refused, not half trusted).
 */
export async function resolvePublicAddress(url: URL): Promise<{ address: string; family: 4 | 6 }> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const literal = isIP(host);
  let addresses: { address: string; family: number }[];
  if (literal) addresses = [{ address: host, family: literal }];
  else {
    try {
      addresses = await lookup(host, { all: true, verbatim: true });
    } catch {
      throw outboundErrors.unresolvable(host);
    }
  }
  if (!addresses.length) throw outboundErrors.unresolvable(host);
  if (!addresses.every((a) => isPublicAddress(a.address))) throw outboundErrors.notPublic(host);
  return { address: addresses[0].address, family: addresses[0].family === 6 ? 6 : 4 };
}

export type TOutboundResponse = { status: number; url: string };

/**
 * POSTs `body` to a URL that someone outside chose: only to public addresses, redirects followed by hand
 * (at most three, each target checked), the response body read up to 64 KB and dropped.
 */
export async function postToPublicUrl(target: string, options: { headers: Record<string, string>; body: string; timeoutMs: number }): Promise<TOutboundResponse> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  let url = new URL(target);
  let method = "POST";
  for (let hop = 0; ; hop++) {
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`redirected to a ${url.protocol} URL`);
    const pinned = await resolvePublicAddress(url);
    const response = await requestPinned(url, pinned, { method, headers: options.headers, body: method === "POST" ? options.body : undefined, signal });
    const location = response.location;
    if (![301, 302, 303, 307, 308].includes(response.status) || !location) return { status: response.status, url: url.href };
    if (hop >= MAX_REDIRECTS) throw new Error(`more than ${MAX_REDIRECTS} redirects`);
    // As browsers do: 307 and 308 repeat the POST, the others continue with a GET.
    if (response.status !== 307 && response.status !== 308) method = "GET";
    url = new URL(location, url);
  }
}

function requestPinned(
  url: URL,
  pinned: { address: string; family: 4 | 6 },
  options: { method: string; headers: Record<string, string>; body?: string; signal: AbortSignal },
): Promise<{ status: number; location?: string }> {
  // Whatever name the connection asks for, it gets the address checked above.
  const pinnedLookup: LookupFunction = (_hostname, lookupOptions, callback) => {
    if (lookupOptions.all) (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
  const client = url.protocol === "https:" ? https : http;
  const headers: Record<string, string> = { ...options.headers };
  if (options.body === undefined) for (const name of Object.keys(headers)) if (name.toLowerCase() === "content-type") delete headers[name];
  if (options.body !== undefined) headers["Content-Length"] = String(Buffer.byteLength(options.body));
  return new Promise((resolve, reject) => {
    const request = client.request(url, { method: options.method, headers, lookup: pinnedLookup, agent: false, signal: options.signal }, (response) => {
      let received = 0;
      response.on("data", (chunk: Buffer) => {
        received += chunk.length;
        if (received > MAX_RESPONSE_BYTES) response.destroy();
      });
      const done = () => resolve({ status: response.statusCode ?? 0, location: typeof response.headers.location === "string" ? response.headers.location : undefined });
      response.on("end", done);
      response.on("close", done);
      response.on("error", done);
    });
    request.on("error", reject);
    request.end(options.body);
  });
}
