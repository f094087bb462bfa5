// Service worker of the verification page (registered by app/(site)/verify/offline-cache.ts, scope /verify).
// Keeps a copy of the page, its scripts and styles, the browser engine's worker and the published
// certificate chain, so that /verify opened again with no network still checks signatures and the chain.
// Network first for the page, the engine and the certificate (always the latest when online), falling back
// to the copy when the network fails, the portal answers 5xx, or nothing comes within NETWORK_WAIT_MS; the
// build's hashed static files from the copy first. Only GET requests of this origin; the registry lookup
// (POST) is never kept. The page is kept as an anonymous visitor sees it (fetched without cookies), so a
// copy never shows who was signed in; /verify/bulk (signed-in committees, their batch history) is not kept.
const CACHE = "emeterai-verify-v2";
const PAGE = /^\/verify\/?$/;
const KEPT = [PAGE, /^\/_next\/static\//, /^\/verify-engine\//, /^\/\.well-known\/meterai\/certificate\.pem$/];
const NETWORK_WAIT_MS = 4000;

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
          const response = await fetch(url.href, { credentials: "omit" });
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
  if (!isKept(url) || url.searchParams.has("_rsc") || request.headers.has("RSC")) return;
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
    (async () => {
      const copy = await caches.match(key);
      const network = fetch(request);
      network.catch(() => undefined); // answered from the copy after a timeout: a later failure is nobody's
      let response;
      try {
        response = copy ? await Promise.race([network, new Promise((resolve) => setTimeout(() => resolve(null), NETWORK_WAIT_MS))]) : await network;
      } catch {
        return copy || Response.error();
      }
      if (!response) return copy; // the portal did not answer in time: the copy now
      if (response.status >= 500 && copy) return copy;
      if (response.ok && !response.redirected) {
        // The page is kept as fetched without cookies; the engine and the certificate as they came.
        const kept = PAGE.test(url.pathname) ? fetch(url.href, { credentials: "omit" }).then((anonymous) => keep(request, anonymous)) : keep(request, response.clone());
        event.waitUntil(kept.catch(() => undefined));
      }
      return response;
    })(),
  );
});
