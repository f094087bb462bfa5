-- AlterTable
ALTER TABLE "AuditEntry" ADD COLUMN     "chainSeq" INTEGER,
ALTER COLUMN "prevHash" DROP NOT NULL,
ALTER COLUMN "hash" DROP NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "AuditEntry_chainSeq_key" ON "AuditEntry"("chainSeq");

-- Entries written before the sequencer keep their order: chain positions 1, 2, 3… by insertion.
UPDATE "AuditEntry" SET "chainSeq" = r."n" FROM (SELECT "seq", ROW_NUMBER() OVER (ORDER BY "seq") AS "n" FROM "AuditEntry") AS r WHERE "AuditEntry"."seq" = r."seq";
-- The recorded head named an insertion number; it now names a chain position (a head whose entry is gone stays broken).
UPDATE "KeyValue" SET "value" = COALESCE((SELECT e."chainSeq" || ':' || e."hash" FROM "AuditEntry" e WHERE e."seq" = CAST(split_part("KeyValue"."value", ':', 1) AS INTEGER)), 'missing:' || "value") WHERE "key" = 'audit.head';
