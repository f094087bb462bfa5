-- CreateTable
CREATE TABLE "SigningIdentity" (
    "id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "certChainPem" TEXT NOT NULL,
    "leafSha256" TEXT NOT NULL,
    "encryptedKeys" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SigningIdentity_pkey" PRIMARY KEY ("id")
);
