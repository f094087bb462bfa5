// The verification page for use without a network: public/verify-sw.js (scope /verify) keeps what the page
// needs (this page, its scripts and styles, the engine's worker, the published certificate) and answers
// from that copy when the network is down. The engine then still checks signatures and the chain; the
// registry lookup fails and the verdict says the registry was not consulted.

export const SERVICE_WORKER_URL = "/verify-sw.js";

/** Registers the service worker and has it keep this page's files plus `extra`; true once they are kept. */
export async function keepForOffline(extra: string[]): Promise<boolean> {
  if (!("serviceWorker" in navigator)) return false;
  await navigator.serviceWorker.register(SERVICE_WORKER_URL, { scope: "/verify" });
  const registration = await navigator.serviceWorker.ready;
  const worker = registration.active;
  if (!worker) return false;
  const own = (url: string) => new URL(url, location.href).origin === location.origin;
  const files = performance
    .getEntriesByType("resource")
    .map((entry) => entry.name)
    .filter((url) => own(url) && /\/_next\/static\//.test(new URL(url).pathname));
  const urls = [...new Set([location.pathname, ...files, ...extra])];
  return new Promise<boolean>((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(false), 30_000);
    channel.port1.onmessage = (event: MessageEvent<{ kept: number; failed: number }>) => {
      clearTimeout(timer);
      resolve(event.data.failed === 0);
    };
    worker.postMessage({ type: "keep", urls }, [channel.port2]);
  });
}
