#!/bin/sh
# Until the first release lands, the schema is still being shaped: this rewrites the single initial
# migration from prisma/schema.prisma and regenerates the clients. Never use it once migrations have landed.
set -e
rm -rf prisma/migrations prisma/postgres/migrations
npx tsx scripts/db/create-migration.ts init >/dev/null
for d in prisma/migrations prisma/postgres/migrations; do mv "$d"/*_init "$d/20261127000000_init"; done
npx tsx scripts/db/generate.ts >/dev/null 2>&1
echo "initial migration and clients regenerated"
