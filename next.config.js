// @ts-check

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

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // Lets parallel checkouts or test runs build side by side (NEXT_DIST_DIR=.next-e2e …).
  distDir: process.env.NEXT_DIST_DIR || ".next",
  reactStrictMode: true,
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "pg", "@prisma/adapter-pg", "ioredis", "pdf-lib", "node-forge"],
  experimental: {
    serverActions: { bodySizeLimit: "25mb" },
    // The proxy (waiting room) sees /api/v1/affix*: Next buffers a proxied body up to this size and cuts
    // it beyond, so it must cover the upload limit (UPLOAD_MAX_MB, read here at build and at start).
    proxyClientMaxBodySize: ((Number(process.env.UPLOAD_MAX_MB) || 20) + 1) * 1024 * 1024,
  },
  // The test command runs `tsc --noEmit` over the whole project once; building does not repeat it.
  typescript: { ignoreBuildErrors: true },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "Content-Security-Policy", value: csp },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
        ],
      },
    ];
  },
};

export default nextConfig;
