-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_AuditEntry" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "chainSeq" INTEGER,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT,
    "actorLabel" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "targetType" TEXT,
    "targetId" TEXT,
    "data" TEXT NOT NULL DEFAULT '{}',
    "prevHash" TEXT,
    "hash" TEXT
);
INSERT INTO "new_AuditEntry" ("action", "actorId", "actorLabel", "at", "data", "hash", "prevHash", "seq", "targetId", "targetType") SELECT "action", "actorId", "actorLabel", "at", "data", "hash", "prevHash", "seq", "targetId", "targetType" FROM "AuditEntry";
DROP TABLE "AuditEntry";
ALTER TABLE "new_AuditEntry" RENAME TO "AuditEntry";
CREATE UNIQUE INDEX "AuditEntry_chainSeq_key" ON "AuditEntry"("chainSeq");
CREATE UNIQUE INDEX "AuditEntry_hash_key" ON "AuditEntry"("hash");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- Entries written before the sequencer keep their order: chain positions 1, 2, 3… by insertion.
UPDATE "AuditEntry" SET "chainSeq" = r."n" FROM (SELECT "seq", ROW_NUMBER() OVER (ORDER BY "seq") AS "n" FROM "AuditEntry") AS r WHERE "AuditEntry"."seq" = r."seq";
-- The recorded head named an insertion number; it now names a chain position (a head whose entry is gone stays broken).
UPDATE "KeyValue" SET "value" = COALESCE((SELECT e."chainSeq" || ':' || e."hash" FROM "AuditEntry" e WHERE e."seq" = CAST(substr("KeyValue"."value", 1, instr("KeyValue"."value", ':') - 1) AS INTEGER)), 'missing:' || "value") WHERE "key" = 'audit.head';
