import "server-only";
// The built-in probes, one per component. Each is a small function; registerProbe() lets another
// area replace one (the waiting room, for instance) without touching the prober.
import { PDFDocument, StandardFonts } from "pdf-lib";
import { env } from "@/lib/env";
import { checkDatabase } from "@/lib/health/check-database";
import { readSignatures } from "@/lib/pdf/read-signatures";
import { stampPdf } from "@/lib/pdf/stamp-pdf";
import { getSigningIdentity, signerFor } from "@/lib/signing/signing-identity";
import type { TComponentSlug } from "@/lib/status/catalog";
import { measure, type TProbe } from "./types";

// A fixed, well-formed serial that the issuer never hands out: the probe signs for real but issues
// nothing, touches no quota and writes nothing to the stamp registry.
export const PROBE_SERIAL = "0000000000000000000000";

const databaseProbe: TProbe = async () => {
  const r = await checkDatabase(2_000);
  return { ok: r.ok, latencyMs: r.latencyMs, detail: r.ok ? "database answered" : `database: ${r.error}`, unreachable: !r.ok };
};

const paymentsProbe: TProbe = () =>
  measure(async () => {
    const { provider, midtransApiUrl } = env().payment;
    if (provider === "simulator") return { ok: true, detail: "payment simulator (built in)" };
    try {
      const response = await fetch(midtransApiUrl, { method: "HEAD", signal: AbortSignal.timeout(5_000), redirect: "manual" });
      // Any answer below 500 means the provider is up; authentication is not what is being probed.
      return { ok: response.status < 500, detail: `payment provider HTTP ${response.status}` };
    } catch (error) {
      return { ok: false, unreachable: true, detail: `payment provider unreachable: ${(error as Error).message}` };
    }
  });

const queueProbe: TProbe = () =>
  measure(async () => {
    const url = env().redisUrl;
    if (!url) return { ok: true, detail: "in-process waiting room" };
    const { Redis } = await import("ioredis");
    const redis = new Redis(url, { lazyConnect: true, connectTimeout: 2_000, maxRetriesPerRequest: 0, enableOfflineQueue: false });
    try {
      await redis.connect();
      const pong = await redis.ping();
      return { ok: pong === "PONG", detail: `redis ${pong}` };
    } catch (error) {
      return { ok: false, unreachable: true, detail: `redis: ${(error as Error).message}` };
    } finally {
      redis.disconnect();
    }
  });

let probePdf: Uint8Array | null = null;
let stampedProbePdf: Uint8Array | null = null;

async function smallPdf() {
  if (!probePdf) {
    const doc = await PDFDocument.create();
    const page = doc.addPage([300, 300]);
    page.drawText("status probe", { x: 20, y: 260, size: 12, font: await doc.embedFont(StandardFonts.Helvetica) });
    probePdf = await doc.save();
  }
  return probePdf;
}

async function stampProbe() {
  const identity = await getSigningIdentity();
  const result = await stampPdf({
    pdf: await smallPdf(),
    stamps: [{ serial: PROBE_SERIAL, page: 1, x: 150, y: 20, width: 100, verifyUrl: `${env().publicUrl}/verify` }],
    signer: signerFor(identity),
    signedAt: new Date(),
    reason: () => "e-Meterai status probe (no serial issued)",
  });
  return result;
}

const affixProbe: TProbe = () =>
  measure(async () => {
    const result = await stampProbe();
    stampedProbePdf = result.pdf;
    return { ok: result.revisions.length === 1, detail: `signed probe PDF, ${result.pdf.length} bytes` };
  });

const verifyProbe: TProbe = () =>
  measure(async () => {
    stampedProbePdf ??= (await stampProbe()).pdf;
    const { signatures } = readSignatures(stampedProbePdf);
    const s = signatures[0];
    const ok = signatures.length === 1 && s.signatureValid && s.digestMatches && s.byteRangeMatchesFile;
    return { ok, detail: ok ? "known stamped document verified" : `known stamped document failed: ${s?.problem ?? "no signature found"}` };
  });

const probes = new Map<TComponentSlug, TProbe>([
  ["purchase", databaseProbe],
  ["payments", paymentsProbe],
  ["affixing", affixProbe],
  ["verification", verifyProbe],
  ["api", databaseProbe],
  ["queue", queueProbe],
]);

export function registerProbe(slug: TComponentSlug, probe: TProbe) {
  probes.set(slug, probe);
}

export function registeredProbes(): [TComponentSlug, TProbe][] {
  return [...probes.entries()];
}
