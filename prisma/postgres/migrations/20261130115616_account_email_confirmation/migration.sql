-- AlterTable
ALTER TABLE "User" ADD COLUMN     "emailConfirmTokenHash" TEXT,
ADD COLUMN     "emailConfirmedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN     "recipient" TEXT,
ALTER COLUMN "subscriberId" DROP NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "User_emailConfirmTokenHash_key" ON "User"("emailConfirmTokenHash");

-- Accounts made before registration needed a confirmed address keep working: they count as confirmed.
UPDATE "User" SET "emailConfirmedAt" = "createdAt";
