// The closed sets of the status page, named exactly as Atlassian Statuspage names them (its public
// /api/v2 format is what existing tools read), and the six components of the portal.
import { z } from "zod";

export const COMPONENT_STATUSES = ["operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance"] as const;
export const INCIDENT_STATUSES = ["investigating", "identified", "monitoring", "resolved", "postmortem"] as const;
export const MAINTENANCE_STATUSES = ["scheduled", "in_progress", "verifying", "completed"] as const;
export const IMPACTS = ["none", "minor", "major", "critical"] as const;
/** Statuspage's overall indicator: "maintenance" while maintenance is under way and nothing is worse. */
export const INDICATORS = ["none", "minor", "major", "critical", "maintenance"] as const;

export const ZComponentStatus = z.enum(COMPONENT_STATUSES);
export const ZIncidentStatus = z.enum(INCIDENT_STATUSES);
export const ZMaintenanceStatus = z.enum(MAINTENANCE_STATUSES);
export const ZImpact = z.enum(IMPACTS);

export type TComponentStatus = z.infer<typeof ZComponentStatus>;
export type TIncidentStatus = z.infer<typeof ZIncidentStatus>;
export type TMaintenanceStatus = z.infer<typeof ZMaintenanceStatus>;
export type TImpact = z.infer<typeof ZImpact>;
export type TIndicator = (typeof INDICATORS)[number];
/** A day of the uptime bar: a component status, or no samples at all that day. */
export type TDayStatus = TComponentStatus | "no_data";

export const STATUS_COMPONENTS = [
  { slug: "purchase", name: "Pembelian", nameEn: "Purchase", description: "Pembelian kuota meterai / Buying stamp quota" },
  { slug: "payments", name: "Pembayaran", nameEn: "Payments", description: "Pembayaran QRIS dan lainnya / QRIS and other payments" },
  { slug: "affixing", name: "Pembubuhan", nameEn: "Affixing", description: "Pembubuhan e-Meterai pada PDF / Affixing e-Meterai to PDFs" },
  { slug: "verification", name: "Verifikasi", nameEn: "Verification", description: "Verifikasi dokumen bermeterai / Verifying stamped documents" },
  { slug: "api", name: "API", nameEn: "API", description: "API untuk sistem panitia / API for committees' systems" },
  { slug: "queue", name: "Antrean", nameEn: "Queue", description: "Ruang tunggu saat permintaan tinggi / Waiting room at peak demand" },
] as const;
export type TComponentSlug = (typeof STATUS_COMPONENTS)[number]["slug"];

/** Worst first: used to colour a day and to pick the overall indicator. */
const SEVERITY: Record<TDayStatus, number> = {
  no_data: -1,
  operational: 0,
  under_maintenance: 1,
  degraded_performance: 2,
  partial_outage: 3,
  major_outage: 4,
};

export function worstStatus(a: TDayStatus, b: TDayStatus): TDayStatus {
  return SEVERITY[b] > SEVERITY[a] ? b : a;
}

/** What an incident's impact means for the components it names, when the operator does not say. */
export function statusForImpact(impact: TImpact): TComponentStatus | null {
  return ({ none: null, minor: "degraded_performance", major: "partial_outage", critical: "major_outage" } as const)[impact];
}

export const TIME_ZONE = "Asia/Jakarta";
const JAKARTA_OFFSET_MS = 7 * 3600_000; // WIB has no daylight saving time

/** The calendar day (YYYY-MM-DD) of an instant in Asia/Jakarta. */
export function jakartaDay(at: Date | number): string {
  return new Date(+at + JAKARTA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a Jakarta calendar day starts. */
export function jakartaDayStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) - JAKARTA_OFFSET_MS);
}
