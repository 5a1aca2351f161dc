# aligngraph: one-command entry points.
#
#   make run     install what is missing, build the CLI, the Wasm package and the page,
#                write the single-file dashboard dist/aligngraph.html, and serve dist/web/
#                on http://127.0.0.1:8080
#   make test    install what is missing, then every test: fmt, clippy (native and Wasm),
#                Rust tests, doc tests, wasm-bindgen tests, the JS contract tests and the
#                browser end-to-end tests (Chromium and Firefox)
#   make bench   the scale, import and optimiser benchmarks, the Wasm engine in Node, and the
#                first-render and Monte Carlo benchmarks of the single file, and the side-by-side
#                benchmark (native, Wasm in Node and Chromium, two JS baselines: target/bench/report.json)
#   make bundle MODEL=board.json OUT=board.html [ARGS='--title "Q1 board" --view matrix']
#                the single-file dashboard with another model embedded (and its static picture)
#   make setup   only install/check the toolchain (scripts/setup.sh)
#   make clean   remove build output and node_modules
#
# Every target is safe to repeat; `make setup` is quick once all is installed.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := run
# Order matters (setup before build, test steps in sequence): never run
# prerequisites in parallel, even under `make -j`. Cargo parallelises itself.
.NOTPARALLEL:

# Tools installed by `cargo install` (wasm-bindgen) and npm (wasm-opt, esbuild)
# must be found even when the login shell has not put them on PATH.
CARGO_BIN := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin
export PATH := $(CARGO_BIN):$(CURDIR)/node_modules/.bin:$(PATH)
# Browser tests and number formatting do not depend on the machine's zone or locale.
export TZ := UTC
export LANG := C.UTF-8

CARGO       ?= cargo
WASM_TARGET := wasm32-unknown-unknown
BIN         := target/release/aligngraph
PORT        ?= 8080

# JS tests (node's test runner): the Wasm module's contract (tests/js) and page units (www).
JS_TESTS = $(shell find tests/js www -name '*.test.mjs' -type f 2>/dev/null | sort)
BROWSER_TESTS = $(shell find tests/browser -name '*.test.mjs' -type f 2>/dev/null | sort)

.PHONY: all setup build pkg page run serve bundle test bench clean \
        test-fmt test-clippy test-rust test-doc test-wasm test-bundle test-js test-browser

all: build page

setup:
	@bash scripts/setup.sh

build:
	$(CARGO) build --release

# The Wasm package pkg/ (the page and the JS contract tests load the same files).
pkg:
	bash scripts/build-wasm.sh

# dist/web/ (served), dist/aligngraph.html (one offline file, with the demo's static picture from
# the CLI) and the custom element (dist/aligngraph-element.js, dist/element/).
page: pkg build
	node scripts/build-page.mjs

run: setup build page
	node scripts/serve.mjs --port $(PORT)

serve:
	node scripts/serve.mjs --port $(PORT)

# The single file with another model embedded (checked by the CLI first).
bundle: setup build page
	@[ -n "$(MODEL)" ] || { echo 'usage: make bundle MODEL=model.json OUT=board.html' >&2; exit 2; }
	./$(BIN) bundle "$(MODEL)" --template dist/aligngraph.html -o "$(or $(OUT),dist/board.html)" $(ARGS)

# Steps run in this order and stop at the first failure.
test: setup test-fmt test-clippy test-rust test-doc test-wasm build page test-bundle test-js test-browser

test-fmt:
	@echo '==> [1/8] cargo fmt --all -- --check'
	$(CARGO) fmt --all -- --check

test-clippy:
	@echo '==> [2/8] cargo clippy (native, all targets; Wasm library with the bindings)'
	$(CARGO) clippy --all-targets --all-features -- -D warnings
	$(CARGO) clippy --lib --test bindings --no-default-features --target $(WASM_TARGET) -- -D warnings

test-rust:
	@echo '==> [3/8] cargo test --all-targets'
	$(CARGO) test --all-targets

test-doc:
	@echo '==> [4/8] cargo test --doc'
	$(CARGO) test --doc

# wasm-bindgen-test tests of the bindings, run in Node by wasm-bindgen-test-runner.
test-wasm:
	@echo '==> [5/8] wasm-bindgen-test (tests/bindings.rs, in Node)'
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
		$(CARGO) test --no-default-features --target $(WASM_TARGET) --test bindings

# `make bundle` exactly as a publisher runs it, on the single file this build wrote (the browser
# tests open such bundles in Chromium and Firefox).
test-bundle:
	@echo '==> [6/8] make bundle on the real dist/aligngraph.html'
	$(MAKE) --no-print-directory bundle MODEL=data/demo-model.json OUT=target/bundle-check.html ARGS='--title "Board pack" --view matrix'
	@for id in aligngraph-model aligngraph-config aligngraph-wasm aligngraph-fallback; do \
		grep -q "id=\"$$id\"" target/bundle-check.html || { echo "target/bundle-check.html: no element with id $$id" >&2; exit 1; }; \
	done
	@echo 'target/bundle-check.html: model, settings, engine and static picture present'

test-js:
	@echo '==> [7/8] node --test (JS contract of the Wasm module)'
	node --test $(JS_TESTS)

test-browser:
	@echo '==> [8/8] browser end-to-end tests (Chromium, Firefox)'
	node --test --test-concurrency=1 $(BROWSER_TESTS)

bench: setup build page
	$(CARGO) bench --bench scale
	$(CARGO) bench --bench import
	$(CARGO) bench --bench decide
	node benches/wasm.mjs
	node benches/hostile.mjs
	node tests/browser/bench-first-render.mjs
	node tests/browser/bench-simulation.mjs
	node tests/browser/bench-page-scale.mjs
	node tests/browser/bench-archi-import.mjs
	node tests/browser/bench-page-1m.mjs
	node tests/browser/bench-graph.mjs
	node tests/browser/bench-decide.mjs
	node tests/browser/bench-views.mjs
	node benches/side-by-side.mjs
	$(CARGO) bench --bench memory
	node benches/first-score.mjs --file target/bench/models/layered-1000000-e5-s1.json

clean:
	$(CARGO) clean
	rm -rf node_modules pkg dist
