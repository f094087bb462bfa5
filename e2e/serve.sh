#!/bin/sh
# Serves the production build for the e2e tests on a fresh database in a temporary data folder.
set -e
PORT="${1:-3100}"
export DATA_DIR="${E2E_DATA_DIR:-$(mktemp -d /tmp/emeterai-e2e-XXXXXX)}"
export PUBLIC_URL="http://127.0.0.1:$PORT"
export NEXT_TELEMETRY_DISABLED=1
# GET /metrics is on for the e2e server (e2e/metrics.spec.ts reads it), with a test-only token.
export METRICS_TOKEN="${METRICS_TOKEN:-e2e-metrics-token-0123456789}"
# The test runner stands in for the proxy in front of the portal: X-Forwarded-For from 127.0.0.1 is
# believed, so each registering applicant in the suite has an address of its own (e2e/helpers.ts).
export TRUSTED_PROXIES=127.0.0.1
unset DATABASE_URL
npx tsx --conditions=react-server scripts/db/migrate.ts >/dev/null
npx tsx --conditions=react-server prisma/seed.ts >/dev/null
echo "$DATA_DIR" > "${E2E_DATA_DIR_FILE:-/tmp/emeterai-e2e-data-dir}"
exec node server.mjs -H 127.0.0.1 -p "$PORT"
