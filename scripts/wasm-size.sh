#!/usr/bin/env bash
# Builds the release .wasm exactly as `cargo leptos build --release` does for the browser
# (wasm-release profile → wasm-bindgen → wasm-opt -Oz) and fails if it exceeds the budget.
set -euo pipefail
cd "$(dirname "$0")/.."
BUDGET=${WASM_BUDGET:-614400}   # 600 KB raw
out=target/wasm-size
cargo build -p frontend --lib --target wasm32-unknown-unknown --profile wasm-release
rm -rf "$out" && mkdir -p "$out"
wasm-bindgen target/wasm32-unknown-unknown/wasm-release/frontend.wasm --target web --no-typescript --out-dir "$out" --out-name shixun
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  "$out/shixun_bg.wasm" -o "$out/shixun.opt.wasm"
raw=$(stat -c %s "$out/shixun.opt.wasm")
gz=$(gzip -9 -c "$out/shixun.opt.wasm" | wc -c)
printf 'release wasm after wasm-opt: %d bytes raw (%d KB), %d bytes gzip (%d KB); budget %d KB\n' \
  "$raw" $((raw / 1024)) "$gz" $((gz / 1024)) $((BUDGET / 1024))
if [ "$raw" -gt "$BUDGET" ]; then
  echo "FAIL: the release wasm is over the ${BUDGET}-byte budget" >&2
  exit 1
fi
