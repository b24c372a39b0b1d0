#!/usr/bin/env bash
# Installs every tool `make run` / `make test` need, skipping what is present at the right version.
# Safe to run again: each step checks first.
set -euo pipefail
cd "$(dirname "$0")/.."

LEPTOS_VERSION=0.3.10
# Must equal the wasm-bindgen crate version in Cargo.lock.
BINDGEN_VERSION=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock 2>/dev/null | sed -n 's/^version = "\(.*\)"/\1/p' | head -1 || true)
BINDGEN_VERSION=${BINDGEN_VERSION:-0.2.130}
BINARYEN_VERSION=132
export CARGO_BUILD_JOBS=${CARGO_BUILD_JOBS:-2}

say() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }

if ! rustup target list --installed | grep -q '^wasm32-unknown-unknown$'; then
  say "adding the wasm32 target"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo leptos --version 2>/dev/null | grep -q "$LEPTOS_VERSION"; then
  say "installing cargo-leptos $LEPTOS_VERSION (about 15 min on 2 cores)"
  cargo install cargo-leptos --locked --version "$LEPTOS_VERSION" --features no_downloads
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$BINDGEN_VERSION"; then
  say "installing wasm-bindgen-cli $BINDGEN_VERSION (about 6 min)"
  CARGO_RESOLVER_INCOMPATIBLE_RUST_VERSIONS=fallback \
    cargo install wasm-bindgen-cli --version "$BINDGEN_VERSION" --force
fi

# wasm-opt from npm's binaryen: Debian's older binaryen breaks hydration at run time.
if ! .tools/node_modules/.bin/wasm-opt --version 2>/dev/null | grep -q "version $BINARYEN_VERSION"; then
  say "installing binaryen@$BINARYEN_VERSION (wasm-opt) into .tools/"
  mkdir -p .tools
  npm install --silent --no-audit --no-fund --prefix .tools "binaryen@$BINARYEN_VERSION"
fi

# A real SMTP server for the integration tests' e-mail round trip (server/tests/api/helpers/providers.py).
if ! PYTHONPATH=.tools/python python3 -c 'import aiosmtpd' 2>/dev/null; then
  say "installing aiosmtpd into .tools/python"
  python3 -m pip install --quiet --disable-pip-version-check --target .tools/python 'aiosmtpd==1.4.6'
fi

need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
command -v pdftoppm >/dev/null || need_apt+=(poppler-utils)
[ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || need_apt+=(fonts-noto-cjk)
if [ ${#need_apt[@]} -gt 0 ]; then
  say "installing ${need_apt[*]} from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if [ -f end2end/package.json ] && [ ! -d end2end/node_modules/@axe-core/playwright ]; then
  say "installing the end-to-end test dependencies"
  (cd end2end && npm ci --silent --no-audit --no-fund)
fi
say "tools ready"
