# Shixun 师训 — the two commands: `make run` and `make test`. Both install what is missing.
SHELL := /bin/bash
export CARGO_BUILD_JOBS ?= 2
# scripts/bin first: its wasm-opt caches binaryen's output by input (see the script).
export PATH := $(CURDIR)/scripts/bin:$(CURDIR)/.tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
# Leptos reads this at compile time: one value for every cargo call, so that tests, lints and
# cargo-leptos share their build artefacts instead of rebuilding each other's.
export LEPTOS_OUTPUT_NAME := shixun

ADDR ?= 127.0.0.1:3000
DB   ?= data/shixun.db
# What the server needs when started outside `cargo leptos serve`.
LEPTOS_ENV = LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg \
             LEPTOS_ENV=PROD

.PHONY: run test setup build site reset-demo lint unit postgres e2e wasm-size clean

setup:
	@bash scripts/setup.sh

## The browser bundle is always the release one, split by area (what users get and what the
## size budget measures), with content-hashed names and brotli/gzip copies; the server is a
## debug build. The bundle is rebuilt only when one of its inputs changed since the last build
## (target/site/hash.txt is written last, and the build empties target/site first).
SITE := target/site/hash.txt
SITE_INPUTS := $(shell find app/src frontend/src style public -type f 2>/dev/null) \
	Cargo.toml Cargo.lock app/Cargo.toml frontend/Cargo.toml .cargo/config.toml

site: setup $(SITE)

$(SITE): $(SITE_INPUTS)
	cargo leptos build --release --split --precompress --frontend-only
	@test -f $@ || { echo "the site build wrote no $@" >&2; exit 1; }

## The server is built by plain cargo, not `cargo leptos build --server-only`: cargo-leptos's
## environment gives its dependencies other fingerprints, and the build after `cargo test` then
## compiled app again (a minute); this way it reuses the test build's and links the binary.
build: site
	cargo build -p server --bin server

## make run: build, migrate, seed the demo province on first start, serve on $(ADDR).
## RESET=1 (or `make reset-demo`) rebuilds the demo database from scratch; SEED=province
## seeds a full-size province (600,000 teachers) instead of the small demo.
run: build
	@if [ "$(RESET)" = "1" ]; then rm -f $(DB) $(DB)-wal $(DB)-shm; echo "demo database removed"; fi
	$(LEPTOS_ENV) LEPTOS_SITE_ADDR=$${LEPTOS_SITE_ADDR:-$(ADDR)} \
	  DATABASE_URL=$${DATABASE_URL:-sqlite://$(DB)?mode=rwc} SHIXUN_MODE=$${SHIXUN_MODE:-demo} \
	  SHIXUN_SEED=$${SHIXUN_SEED:-$(SEED)} \
	  ./target/debug/server

reset-demo:
	$(MAKE) run RESET=1

## make test: formatting, lints (ssr and hydrate), unit + integration tests (each on SQLite and
## on PostgreSQL, started here when it is stopped), the wasm size budget, end-to-end tests.
test: setup lint unit wasm-size e2e

lint:
	cargo fmt --all -- --check
	bash scripts/features-check.sh
	cargo clippy --workspace --exclude frontend --all-targets -- -D warnings
	cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

unit: postgres
	cargo test --workspace --exclude frontend

postgres:
	@bash scripts/postgres.sh

e2e: build
	bash end2end/run.sh

wasm-size: site
	bash scripts/wasm-size.sh

clean:
	cargo clean
