#!/usr/bin/env bash
# Starts the built app on a fresh demo database with the test captcha switch, runs the
# browser tests, and stops the server.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${E2E_PORT:-3210}
DB=$(mktemp -d)/e2e.db
mkdir -p end2end/screenshots
export LEPTOS_OUTPUT_NAME=shixun LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg LEPTOS_ENV=PROD
LEPTOS_SITE_ADDR=127.0.0.1:$PORT DATABASE_URL="sqlite://$DB?mode=rwc" SHIXUN_MODE=demo SHIXUN_TEST_CAPTCHA=1 \
  RUST_LOG=warn ./target/debug/server > target/e2e-server.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  kill -0 $SERVER 2>/dev/null || { cat target/e2e-server.log; exit 1; }
  sleep 0.5
done
cd end2end
[ -d node_modules/@axe-core/playwright ] || npm ci --silent --no-audit --no-fund
set +e
BASE_URL="http://127.0.0.1:$PORT" npx playwright test "$@" 2>&1 | tee ../target/e2e.log
status=${PIPESTATUS[0]}
set -e
passed=$(grep -oE '^ +[0-9]+ passed' ../target/e2e.log | tail -1 | tr -dc '0-9' || true)
failed=$(grep -oE '^ +[0-9]+ failed' ../target/e2e.log | tail -1 | tr -dc '0-9' || true)
echo "e2e: ${passed:-0} passed, ${failed:-0} failed"
exit "$status"
