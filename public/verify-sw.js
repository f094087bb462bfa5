// Service worker of the verification page (registered by app/(site)/verify/offline-cache.ts, scope /verify).
// Keeps a copy of the page, its scripts and styles, the browser engine's worker and the published
// certificate chain, so that /verify opened again with no network still checks signatures and the chain.
// Network first for pages and the certificate (always the latest when online); the build's hashed static
// files from the copy first. Only GET requests of this origin; the registry lookup (POST) is never kept.
const CACHE = "emeterai-verify-v1";
const KEPT = [/^\/verify(\/bulk)?\/?$/, /^\/_next\/static\//, /^\/verify-engine\//, /^\/\.well-known\/meterai\/certificate\.pem$/];

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith("emeterai-verify-") && name !== CACHE) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

const isKept = (url) => url.origin === self.location.origin && KEPT.some((pattern) => pattern.test(url.pathname));
const keyOf = (url) => (url.pathname.startsWith("/_next/static/") ? url.href : url.origin + url.pathname);

async function keep(request, response) {
  if (!response.ok || response.type !== "basic" || response.redirected) return;
  const cache = await caches.open(CACHE);
  await cache.put(keyOf(new URL(request.url)), response);
}

self.addEventListener("message", (event) => {
  if (event.data?.type !== "keep" || !Array.isArray(event.data.urls)) return;
  const port = event.ports[0];
  event.waitUntil(
    (async () => {
      let kept = 0;
      let failed = 0;
      for (const raw of event.data.urls.slice(0, 500)) {
        const url = new URL(raw, self.location.origin);
        if (!isKept(url)) continue;
        try {
          const response = await fetch(url.href, { credentials: "same-origin" });
          if (!response.ok) throw new Error(String(response.status));
          await keep(new Request(url.href), response);
          kept++;
        } catch {
          failed++;
        }
      }
      port?.postMessage({ kept, failed });
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (!isKept(url) || url.searchParams.has("_rsc")) return;
  const key = keyOf(url);
  if (url.pathname.startsWith("/_next/static/")) {
    event.respondWith(
      caches.match(key).then(
        (hit) =>
          hit ||
          fetch(request).then((response) => {
            event.waitUntil(keep(request, response.clone()));
            return response;
          }),
      ),
    );
    return;
  }
  event.respondWith(
    fetch(request)
      .then((response) => {
        event.waitUntil(keep(request, response.clone()));
        return response;
      })
      .catch(async () => (await caches.match(key)) || Response.error()),
  );
});
