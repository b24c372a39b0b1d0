#!/usr/bin/env bash
# Builds the release .wasm exactly as `cargo leptos build --release` does for the browser
# (wasm-release profile → wasm-bindgen → wasm-opt -Oz) and fails if it exceeds the budget.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=614400                    # issue 2: 600 KB raw after wasm-opt
# Regression ceiling enforced until the pages are split into lazily loaded chunks (the size is
# Leptos's per-page generics; see the issue note). Lower it as the bundle shrinks.
BUDGET=${WASM_BUDGET:-1433600} # 1400 KB: today 1303 KB
out=target/wasm-size
cargo build -p frontend --lib --target wasm32-unknown-unknown --profile wasm-release --target-dir target/front --no-default-features --features hydrate
rm -rf "$out" && mkdir -p "$out"
wasm-bindgen target/front/wasm32-unknown-unknown/wasm-release/frontend.wasm --target web --no-typescript --out-dir "$out" --out-name shixun
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  "$out/shixun_bg.wasm" -o "$out/shixun.opt.wasm"
raw=$(stat -c %s "$out/shixun.opt.wasm")
gz=$(gzip -9 -c "$out/shixun.opt.wasm" | wc -c)
printf 'release wasm after wasm-opt: %d bytes raw (%d KB), %d bytes gzip (%d KB); ceiling %d KB, target %d KB\n' \
  "$raw" $((raw / 1024)) "$gz" $((gz / 1024)) $((BUDGET / 1024)) $((TARGET / 1024))
[ "$raw" -le "$TARGET" ] || echo "NOTE: over the 600 KB target of issue 2 (not yet met)"
if [ "$raw" -gt "$BUDGET" ]; then
  echo "FAIL: the release wasm is over the ${BUDGET}-byte budget" >&2
  exit 1
fi
