#!/usr/bin/env bash
# Makes sure PostgreSQL answers on 127.0.0.1:5432 before the tests run: the integration tests
# run every case on SQLite and on PostgreSQL, and fail (they do not skip) when it is away.
# These machines have PostgreSQL installed; a stopped cluster is started here.
set -euo pipefail
ready() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
ready && exit 0
if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
  for version in $(ls /etc/postgresql); do
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  done
fi
for _ in $(seq 1 30); do
  ready && exit 0
  sleep 1
done
echo "PostgreSQL does not answer on 127.0.0.1:5432, and could not be started here." >&2
echo "The integration tests need it: install PostgreSQL, or start it, and run make test again." >&2
exit 1
