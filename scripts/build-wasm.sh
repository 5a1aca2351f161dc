#!/usr/bin/env bash
# Builds the Wasm package pkg/ (aligngraph.js + aligngraph_bg.wasm) without wasm-pack:
#   1. cargo build --profile wasm-release --target wasm32-unknown-unknown (library only, no CLI;
#      the release profile with link-time optimisation and one codegen unit: Cargo.toml)
#   2. wasm-bindgen --target web --out-dir pkg, with `__wbg_reset_state()`, which instantiates the
#      module afresh after a trap (the page's engine recovery, www/app/engine.js)
#   3. scripts/slim-glue.mjs: the glue's per-method instance check written once
#   4. wasm-opt -O3 from the npm `binaryen` package (Debian's wasm-opt 108 corrupts the output);
#      the engine is built with 128-bit SIMD (.cargo/config.toml)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$ROOT/node_modules/.bin:$PATH"

WASM="${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/wasm-release/aligngraph.wasm"
cargo build --lib --profile wasm-release --no-default-features --target wasm32-unknown-unknown
rm -rf pkg
wasm-bindgen --target web --no-typescript --experimental-reset-state-function --out-dir pkg "$WASM"
node scripts/slim-glue.mjs pkg/aligngraph.js
# The bulk-memory and nontrapping-float features are what rustc emits for wasm32 by default; simd
# is the engine's own (.cargo/config.toml).
wasm-opt -O3 --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue --enable-simd \
    --strip-debug --strip-producers pkg/aligngraph_bg.wasm -o pkg/aligngraph_bg.wasm
printf '[build-wasm] pkg/aligngraph_bg.wasm: %s bytes\n' "$(stat -c %s pkg/aligngraph_bg.wasm)"
