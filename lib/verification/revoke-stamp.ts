import "server-only";
import { appendAudit, type TAuditActor } from "@/lib/audit/append-audit";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { isWellFormedSerial, normalizeSerial } from "@/lib/pdf/serial";
import { serialErrors } from "./lookup-serial";

/** An operator revokes a serial with a reason; the change and its audit entry land together. Revoking twice is refused. */
export async function revokeStamp({ serial, reason, actor }: { serial: string; reason: string; actor: TAuditActor }): Promise<{ serial: string; revokedAt: Date }> {
  const normalized = normalizeSerial(serial);
  if (!isWellFormedSerial(normalized)) throw serialErrors.malformed();
  const why = reason.trim();
  if (why.length < 5 || why.length > 300) {
    throw new AppError("INVALID_INPUT", { id: "Tuliskan alasan pencabutan (5–300 karakter, tanpa data pribadi).", en: "Give a reason for the revocation (5 to 300 characters, no personal data)." });
  }
  const revokedAt = new Date();
  return db().$transaction(async (tx) => {
    const { count } = await tx.stamp.updateMany({ where: { serial: normalized, status: "ACTIVE" }, data: { status: "REVOKED", revokedAt, revokedReason: why } });
    if (count === 0) {
      const exists = await tx.stamp.findUnique({ where: { serial: normalized }, select: { status: true } });
      if (!exists) throw serialErrors.unknown();
      throw new AppError("CONFLICT", { id: "Nomor seri ini sudah dicabut.", en: "This serial is already revoked." });
    }
    await appendAudit(tx, { actor, action: "stamp.revoke", targetType: "Stamp", targetId: normalized, data: { reason: why } });
    return { serial: normalized, revokedAt };
  });
}
