// The security headers of every response: the front door (lib/server/front-door.ts) sets them on every
// request before anyone answers it, whoever answers (Next, or the front door itself). Plain JS so
// next.config.js can import it.

/**
 * The Content-Security-Policy of one response. Scripts: our own files, and inline scripts only with this
 * response's nonce, never 'unsafe-inline': an injected <script> cannot run. Next reads the nonce from the
 * same policy on the request and puts it on its own scripts (the page must be rendered per request, which
 * every page here is: the root layout reads the language cookie). Styles keep 'unsafe-inline' (React's
 * style attributes). frame-ancestors 'none': no other site may frame the portal (clickjacking).
 * @param {string} nonce fresh for every response
 */
export function contentSecurityPolicy(nonce) {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'` + (process.env.NODE_ENV === "development" ? " 'unsafe-eval'" : ""),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * The nonce of the policy the front door put on a request, for a page that writes its own inline script.
 * @param {Headers} headers
 * @returns {string}
 */
export function scriptNonce(headers) {
  return /'nonce-([A-Za-z0-9+/=_-]+)'/.exec(headers.get("content-security-policy") ?? "")?.[1] ?? "";
}

/** The same on every response. @type {ReadonlyArray<{ key: string; value: string }>} */
export const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

// Over https only (PUBLIC_URL): browsers then never use plain http for this host again, for a year, so a
// network attacker cannot strip the https on someone's next visit. Not includeSubDomains: other hosts
// under the portal's domain are not ours to decide for.
export const strictTransportSecurity = { key: "Strict-Transport-Security", value: "max-age=31536000" };
