// The security headers of every response: Next adds them through next.config.js, and the front door
// (lib/server/front-door.ts) adds them to what it answers itself. Plain JS so next.config.js can import it.
//
// Next's bootstrap needs inline scripts, so script-src allows 'unsafe-inline'; everything else is
// locked to this origin. frame-ancestors 'none': no other site may frame the portal (clickjacking).
const csp = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'" + (process.env.NODE_ENV === "development" ? " 'unsafe-eval'" : ""),
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

/** @type {ReadonlyArray<{ key: string; value: string }>} */
export const securityHeaders = [
  { key: "Content-Security-Policy", value: csp },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

// Over https only (PUBLIC_URL): browsers then never use plain http for this host again, for a year, so a
// network attacker cannot strip the https on someone's next visit. Not includeSubDomains: other hosts
// under the portal's domain are not ours to decide for.
export const strictTransportSecurity = { key: "Strict-Transport-Security", value: "max-age=31536000" };

