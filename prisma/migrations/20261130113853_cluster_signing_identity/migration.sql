-- CreateTable
CREATE TABLE "SigningIdentity" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "source" TEXT NOT NULL,
    "certChainPem" TEXT NOT NULL,
    "leafSha256" TEXT NOT NULL,
    "encryptedKeys" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
