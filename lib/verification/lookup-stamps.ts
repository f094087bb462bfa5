import "server-only";
import { AppError } from "@/lib/errors";
import { isWellFormedSerial } from "@/lib/pdf/serial";
import { copiedOrTampered } from "./judge-document";
import { lookupRegistry } from "./lookup-registry";
import type { TStampLookupItem, TStampLookupResult } from "./stamp-lookup";

export const stampLookupErrors = {
  malformedSerials: (indexes: number[]) =>
    new AppError(
      "INVALID_SERIAL",
      {
        id: `Nomor seri tidak valid pada butir ${indexes.slice(0, 10).join(", ")}: harus tepat 22 karakter dan karakter pemeriksanya harus cocok.`,
        en: `Invalid serial at item(s) ${indexes.slice(0, 10).join(", ")}: it must be exactly 22 characters and its check character must match.`,
      },
      { details: { items: indexes.slice(0, 100) } },
    ),
};

/**
 * The registry's answer about stamps a browser found: one registry query for the batch, then per item
 * what judgeDocument needs, as booleans wherever it compares the document with the registry's hashes
 * (see stamp-lookup.ts). Serials must be exact and well formed: the browser only sends those, and a
 * malformed one is the caller's mistake, so the whole request is refused with the items named.
 */
export async function lookupStamps({ stamps }: { stamps: TStampLookupItem[] }): Promise<TStampLookupResult[]> {
  const malformed = stamps.flatMap((item, index) => (isWellFormedSerial(item.serial) ? [] : [index]));
  if (malformed.length > 0) throw stampLookupErrors.malformedSerials(malformed);
  const registry = await lookupRegistry(stamps.map((item) => item.serial));
  return stamps.map((item): TStampLookupResult => {
    const row = registry.get(item.serial);
    if (!row) return { serial: item.serial, registered: false };
    const revoked = row.status === "REVOKED";
    const length = item.signedRevisionLength;
    return {
      serial: row.serial,
      registered: true,
      status: row.status,
      affixedAt: row.affixedAt.toISOString(),
      revokedAt: revoked ? (row.revokedAt?.toISOString() ?? null) : null,
      revokedReason: revoked ? row.revokedReason : null,
      page: row.page,
      rect: row.rect,
      signedRevisionMatches: item.signedRevisionSha256 ? item.signedRevisionSha256 === row.signedRevisionSha256 : null,
      signatureFromOtherDocument:
        length === null || length === undefined
          ? null
          : copiedOrTampered({ serial: item.serial, baseSha256: item.baseSha256 ?? null, revisionEnd: length, page: item.page ?? null, rect: item.rect ?? null }, row) !== undefined,
    };
  });
}
