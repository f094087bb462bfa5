import "server-only";
import { db } from "@/lib/db/client";
import { AppError, commonErrors } from "@/lib/errors";
import { isWellFormedSerial, normalizeSerial } from "@/lib/pdf/serial";

/** What anyone may learn about a serial: status, when it was affixed, on which page, and a revocation's when and why. Never the owner. */
export type TPublicStamp = {
  serial: string;
  status: "ACTIVE" | "REVOKED";
  affixedAt: string;
  page: number;
  signedRevisionSha256: string;
  revokedAt: string | null;
  revokedReason: string | null;
};

export const serialErrors = {
  malformed: () =>
    new AppError("INVALID_SERIAL", {
      id: "Nomor seri tidak valid: harus 22 karakter dan karakter pemeriksanya harus cocok. Periksa kembali ketikan Anda.",
      en: "Invalid serial: it must be 22 characters and its check character must match. Check what you typed.",
    }),
  unknown: () =>
    new AppError("SERIAL_NOT_FOUND", { id: "Nomor seri ini tidak pernah diterbitkan oleh portal.", en: "This serial was never issued by the portal." }, { status: 404 }),
};

export async function lookupSerial({ serial }: { serial: string }): Promise<TPublicStamp> {
  const normalized = normalizeSerial(serial);
  if (!isWellFormedSerial(normalized)) throw serialErrors.malformed();
  const row = await db().stamp.findUnique({
    where: { serial: normalized },
    select: { serial: true, status: true, affixedAt: true, page: true, signedRevisionSha256: true, revokedAt: true, revokedReason: true },
  });
  if (!row) throw serialErrors.unknown();
  const revoked = row.status === "REVOKED";
  return {
    serial: row.serial,
    status: revoked ? "REVOKED" : "ACTIVE",
    affixedAt: row.affixedAt.toISOString(),
    page: row.page,
    signedRevisionSha256: row.signedRevisionSha256,
    revokedAt: revoked ? (row.revokedAt?.toISOString() ?? null) : null,
    revokedReason: revoked ? row.revokedReason : null,
  };
}

export { commonErrors };
