# aligngraph: one-command entry points.
#
#   make run    install what is missing, build, score the demo model
#   make test   install what is missing, then fmt, clippy, tests, doc tests,
#               the Wasm build of the core, and JS tests when there are any
#   make bench  run the scale benchmark (prints a table)
#   make setup  only install/check the toolchain (scripts/setup.sh)
#   make clean  remove build output and node_modules
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

CARGO       ?= cargo
WASM_TARGET := wasm32-unknown-unknown
BIN         := target/release/aligngraph

# JS tests (node's test runner): *.test.mjs under www/ or tests/js, if any.
JS_TESTS = $(shell find www tests/js -name '*.test.mjs' -type f 2>/dev/null | sort)

.PHONY: all setup build run test bench clean \
        test-fmt test-clippy test-rust test-doc test-wasm test-js

all: build

setup:
	@bash scripts/setup.sh

build:
	$(CARGO) build --release

# For now `run` scores the built-in demo model and prints the JSON report.
# Later this becomes: build the Wasm package + web page, then serve the
# dashboard (keep the `setup build` prerequisites and replace the recipe).
run: setup build
	./$(BIN) score --demo

# Steps run in this order and stop at the first failure.
test: setup test-fmt test-clippy test-rust test-doc test-wasm test-js

test-fmt:
	@echo '==> [1/6] cargo fmt --all -- --check'
	$(CARGO) fmt --all -- --check

test-clippy:
	@echo '==> [2/6] cargo clippy --all-targets --all-features -- -D warnings'
	$(CARGO) clippy --all-targets --all-features -- -D warnings

test-rust:
	@echo '==> [3/6] cargo test --all-targets'
	$(CARGO) test --all-targets

test-doc:
	@echo '==> [4/6] cargo test --doc'
	$(CARGO) test --doc

test-wasm:
	@echo '==> [5/6] Wasm build of the core (no default features)'
	$(CARGO) build --lib --no-default-features --target $(WASM_TARGET) --release

test-js:
	@if [ -n "$(strip $(JS_TESTS))" ]; then \
		echo '==> [6/6] node --test $(JS_TESTS)'; \
		node --test $(JS_TESTS); \
	fi

bench:
	$(CARGO) bench --bench scale

clean:
	$(CARGO) clean
	rm -rf node_modules pkg dist
