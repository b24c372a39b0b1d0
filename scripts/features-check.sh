#!/usr/bin/env bash
# Fails when the test build would turn on a feature the server build does not (see the
# feature-unification block in server/Cargo.toml): then `make test` compiles the dependency
# tree twice. Prints each crate whose features differ.
set -euo pipefail
cd "$(dirname "$0")/.."
tree() { cargo tree -p server -e "$1" --prefix none --no-dedupe -f '{p}|{f}' 2>/dev/null | sort -u; }
diff_out=$(python3 - <(tree normal,build) <(tree normal,build,dev) <<'PY'
import sys
def load(path):
    d = {}
    for line in open(path):
        if '|' in line:
            k, f = line.strip().split('|', 1)
            d[k.replace(' (proc-macro)', '')] = set(filter(None, f.split(',')))
    return d
server, tests = load(sys.argv[1]), load(sys.argv[2])
for k in sorted(server):
    if k in tests and server[k] != tests[k]:
        print(f"{k}: the tests add {sorted(tests[k] - server[k])}")
PY
)
if [ -n "$diff_out" ]; then
  echo "the test build and the server build differ in features (add them to server/Cargo.toml):" >&2
  echo "$diff_out" >&2
  exit 1
fi
