import "server-only";
// One round of probes: each result is a HealthSample; after PROBE_FAILURES_BEFORE_INCIDENT failures in
// a row the component is marked down automatically (major_outage when the probe could not reach the
// thing at all, degraded_performance when it answered wrongly) and a DRAFT incident is opened for
// operators to review and publish. When the probe passes again the component goes back to
// operational and the incident gets a note; operators resolve it (or discard it) themselves.
import { appendAudit, type TAuditActor } from "@/lib/audit/append-audit";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { STATUS_COMPONENTS } from "@/lib/status/catalog";
import { afterStatusChange, changeComponents, storedChanges } from "@/lib/status/publish-status";
import { registeredProbes } from "./probes";
import { runWithTimeout, type TProbe, type TProbeResult } from "./types";

export const proberActor: TAuditActor = { id: null, label: "system:prober" };
const PRUNE_AFTER_DAYS = 100;
const AUTO_STATUSES = ["degraded_performance", "major_outage"];

export async function runProbes(options: { probes?: [string, TProbe][]; timeoutMs?: number; failuresBeforeIncident?: number } = {}) {
  const threshold = options.failuresBeforeIncident ?? env().probe.failuresBeforeIncident;
  const list = options.probes ?? registeredProbes();
  const components = await db().statusComponent.findMany({ select: { id: true, slug: true, status: true } });
  const results: { slug: string; result: TProbeResult; changed: boolean }[] = [];
  const outcomes = await Promise.all(list.map(async ([slug, probe]) => ({ slug, result: await runWithTimeout(probe, options.timeoutMs ?? 10_000) })));
  let anyChange = false;
  for (const { slug, result } of outcomes) {
    const component = components.find((c) => c.slug === slug);
    if (!component) continue;
    await db().healthSample.create({ data: { componentId: component.id, ok: result.ok, latencyMs: result.latencyMs, detail: result.detail.slice(0, 500) }, select: { id: true } });
    const changed = await applyAutomaticStatus(component, result, threshold);
    anyChange ||= changed;
    results.push({ slug, result, changed });
  }
  if (anyChange) await afterStatusChange();
  return results;
}

async function applyAutomaticStatus(component: { id: string; slug: string; status: string }, result: TProbeResult, threshold: number): Promise<boolean> {
  const openAuto = await db().incident.findFirst({
    where: { autoOpened: true, resolvedAt: null, components: { some: { componentId: component.id } } },
    select: { id: true },
    orderBy: { createdAt: "desc" },
  });
  const names = STATUS_COMPONENTS.find((c) => c.slug === component.slug);
  if (result.ok) {
    if (!openAuto || !AUTO_STATUSES.includes(component.status)) return false;
    await db().$transaction(async (tx) => {
      const changes = await changeComponents(tx, [component.id], "operational");
      await tx.incidentUpdate.create({ data: { incidentId: openAuto.id, status: "monitoring", body: `Pemeriksaan otomatis kembali berhasil. / Probes pass again (${result.detail}).`, affectedComponents: storedChanges(changes) }, select: { id: true } });
      await tx.incident.update({ where: { id: openAuto.id }, data: { status: "monitoring" }, select: { id: true } });
      await appendAudit(tx, { actor: proberActor, action: "status.component.auto_recover", targetType: "StatusComponent", targetId: component.id, data: { incidentId: openAuto.id } });
    });
    return true;
  }
  const recent = await db().healthSample.findMany({ where: { componentId: component.id }, orderBy: { createdAt: "desc" }, take: threshold, select: { ok: true } });
  if (recent.length < threshold || recent.some((s) => s.ok)) return false;
  const target = result.unreachable ? "major_outage" : "degraded_performance";
  // An operator's own choice (maintenance, an outage they declared) is never overridden by the prober.
  const mayChange = component.status === "operational" || (AUTO_STATUSES.includes(component.status) && component.status !== target && !!openAuto);
  if (!mayChange && openAuto) return false;
  await db().$transaction(async (tx) => {
    const changes = mayChange ? await changeComponents(tx, [component.id], target) : [];
    const body = `${threshold} pemeriksaan berturut-turut gagal. / ${threshold} consecutive probe failures: ${result.detail}`;
    const now = new Date();
    let incidentId = openAuto?.id;
    if (incidentId) {
      await tx.incidentUpdate.create({ data: { incidentId, status: "investigating", body, affectedComponents: storedChanges(changes) }, select: { id: true } });
      await tx.incident.update({ where: { id: incidentId }, data: { status: "investigating" }, select: { id: true } });
    } else {
      const created = await tx.incident.create({
        data: {
          kind: "incident",
          name: `${names?.name ?? component.slug} / ${names?.nameEn ?? component.slug}: ${result.unreachable ? "tidak dapat dihubungi / unreachable" : "kinerja menurun / degraded"}`,
          status: "investigating",
          impact: result.unreachable ? "major" : "minor",
          isDraft: true,
          autoOpened: true,
          createdAt: now,
          updatedAt: now,
          startedAt: now,
          components: { create: [{ componentId: component.id }] },
          updates: { create: { status: "investigating", body, createdAt: now, displayAt: now, affectedComponents: storedChanges(changes) } },
        },
        select: { id: true },
      });
      incidentId = created.id;
    }
    await appendAudit(tx, { actor: proberActor, action: "status.component.auto_degrade", targetType: "StatusComponent", targetId: component.id, data: { to: mayChange ? target : component.status, incidentId, detail: result.detail.slice(0, 200) } });
  });
  return true;
}

/** Keeps 100 days of samples: the 90-day bar plus a margin. */
export async function pruneHealthSamples(now = new Date()) {
  const { count } = await db().healthSample.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - PRUNE_AFTER_DAYS * 86_400_000) } } });
  return count;
}
