#!/bin/sh
# `npm run demo`: from a fresh clone to a running portal on http://127.0.0.1:3000 with demo data,
# on the embedded SQLite database in data/. Safe to run again: it keeps existing data.
set -e
export NEXT_TELEMETRY_DISABLED=1
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "── installing dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi
echo "── building"
npm run build
echo "── migrating the database"
npm run -s db:migrate
echo "── seeding demo data"
npm run -s db:seed
echo "── starting the portal on http://127.0.0.1:${PORT:-3000}"
exec node server.mjs -H 127.0.0.1 -p "${PORT:-3000}"
