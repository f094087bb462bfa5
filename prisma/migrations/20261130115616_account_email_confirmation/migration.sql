-- AlterTable
ALTER TABLE "User" ADD COLUMN "emailConfirmTokenHash" TEXT;
ALTER TABLE "User" ADD COLUMN "emailConfirmedAt" DATETIME;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Delivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "subscriberId" TEXT,
    "recipient" TEXT,
    "event" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" DATETIME,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Delivery_subscriberId_fkey" FOREIGN KEY ("subscriberId") REFERENCES "Subscriber" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Delivery" ("attempts", "body", "createdAt", "deliveredAt", "event", "id", "lastError", "nextAttemptAt", "subject", "subscriberId") SELECT "attempts", "body", "createdAt", "deliveredAt", "event", "id", "lastError", "nextAttemptAt", "subject", "subscriberId" FROM "Delivery";
DROP TABLE "Delivery";
ALTER TABLE "new_Delivery" RENAME TO "Delivery";
CREATE INDEX "Delivery_deliveredAt_nextAttemptAt_idx" ON "Delivery"("deliveredAt", "nextAttemptAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "User_emailConfirmTokenHash_key" ON "User"("emailConfirmTokenHash");

-- Accounts made before registration needed a confirmed address keep working: they count as confirmed.
UPDATE "User" SET "emailConfirmedAt" = "createdAt";
