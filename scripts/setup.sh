#!/usr/bin/env bash
# Installs everything `make run`, `make test` and the (later) web build need,
# on a fresh Debian 12 machine that has only rustup/cargo and Node/npm.
#
# Idempotent: every step first checks cheaply (installed targets, tool
# versions, file hashes) and only installs what is missing or wrong, so a
# second run takes about a second and installs nothing.
#
#   1. Rust: wasm32-unknown-unknown target, rustfmt and clippy components.
#   2. wasm-bindgen CLI at exactly the version of the `wasm-bindgen` crate in
#      Cargo.lock (the CLI and the crate must match or wasm-bindgen refuses).
#   3. npm devDependencies (package.json / package-lock.json) via `npm ci`:
#      binaryen (wasm-opt), esbuild, playwright-core.
#   4. Debian's chromium + chromium-driver and firefox-esr for the browser
#      tests (the test libraries' own browser downloads are not possible here).
#   5. Debian's firefox-esr for the browser tests of the single file.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
export PATH="$CARGO_BIN:$ROOT/node_modules/.bin:$PATH"

# Record of what the last successful run verified (informational, and the npm
# step uses the lockfile hash in it); every run re-checks the real state.
STAMP_DIR="$ROOT/target"
STAMP="$STAMP_DIR/.setup-stamp"
NPM_STAMP="$ROOT/node_modules/.aligngraph-lock.sha256"

log() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

need() {
    command -v "$1" >/dev/null 2>&1 || die "'$1' not found on PATH; $2"
}

START_MS=$(date +%s%3N)
INSTALLED=()

# --------------------------------------------------------------------------
# 1. Rust target and components
# --------------------------------------------------------------------------
need rustup "install the Rust toolchain with rustup (https://rustup.rs) first"
need cargo "install the Rust toolchain with rustup first"

WASM_TARGET=wasm32-unknown-unknown
if rustup target list --installed | grep -qx "$WASM_TARGET"; then
    log "rust target $WASM_TARGET: present"
else
    log "rust target $WASM_TARGET: missing -> rustup target add $WASM_TARGET"
    rustup target add "$WASM_TARGET"
    INSTALLED+=("rust target $WASM_TARGET")
fi

COMPONENTS_INSTALLED="$(rustup component list --installed)"
MISSING_COMPONENTS=()
for comp in rustfmt clippy; do
    if grep -q "^${comp}\(-\|$\)" <<<"$COMPONENTS_INSTALLED"; then
        log "rust component $comp: present"
    else
        MISSING_COMPONENTS+=("$comp")
    fi
done
if ((${#MISSING_COMPONENTS[@]})); then
    log "rust components missing -> rustup component add ${MISSING_COMPONENTS[*]}"
    rustup component add "${MISSING_COMPONENTS[@]}"
    INSTALLED+=("rust components ${MISSING_COMPONENTS[*]}")
fi

# --------------------------------------------------------------------------
# 2. wasm-bindgen CLI, same version as the wasm-bindgen crate in Cargo.lock
# --------------------------------------------------------------------------
[[ -f Cargo.lock ]] || die "Cargo.lock not found in $ROOT"
WB_WANT="$(awk '
    /^\[\[package\]\]/ { in_wb = 0 }
    $0 == "name = \"wasm-bindgen\"" { in_wb = 1; next }
    in_wb && /^version = / { gsub(/"/, "", $3); print $3; exit }
' Cargo.lock)"
if [[ -z "$WB_WANT" ]]; then
    die "no [[package]] named \"wasm-bindgen\" in Cargo.lock; cannot pick the wasm-bindgen CLI version"
fi

WB_HAVE=""
if command -v wasm-bindgen >/dev/null 2>&1; then
    # prints e.g. "wasm-bindgen 0.2.130"
    WB_HAVE="$(wasm-bindgen --version 2>/dev/null | awk '{print $2; exit}')" || WB_HAVE=""
fi
if [[ "$WB_HAVE" == "$WB_WANT" ]]; then
    log "wasm-bindgen CLI $WB_WANT: present ($(command -v wasm-bindgen))"
else
    log "wasm-bindgen CLI: have '${WB_HAVE:-none}', Cargo.lock wants $WB_WANT"
    log "  -> cargo install wasm-bindgen-cli --version =$WB_WANT --force (takes a few minutes)"
    # No --locked: the CLI's own lockfile does not build on these machines.
    # --force so a stale binary of another version is replaced in any case.
    cargo install wasm-bindgen-cli --version "=$WB_WANT" --force
    hash -r
    WB_HAVE="$(wasm-bindgen --version 2>/dev/null | awk '{print $2; exit}')" || WB_HAVE=""
    [[ "$WB_HAVE" == "$WB_WANT" ]] \
        || die "wasm-bindgen --version reports '${WB_HAVE:-nothing}' after install, expected $WB_WANT (is another wasm-bindgen earlier on PATH?)"
    INSTALLED+=("wasm-bindgen-cli $WB_WANT")
fi

# --------------------------------------------------------------------------
# 3. npm devDependencies
# --------------------------------------------------------------------------
need node "install Node.js 20+ (Debian: apt-get install nodejs npm)"
need npm "install npm"

if [[ -f package-lock.json ]]; then
    LOCK_SHA="$(sha256sum package-lock.json | awk '{print $1}')"
    NPM_REASON=""
    if [[ ! -d node_modules ]]; then
        NPM_REASON="node_modules missing"
    elif [[ ! -f node_modules/.package-lock.json ]]; then
        NPM_REASON="node_modules incomplete"
    elif [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
        # A fresh checkout also makes the lockfile newer: only reinstall when
        # its content differs from what was installed last time.
        if [[ "$(cat "$NPM_STAMP" 2>/dev/null || true)" != "$LOCK_SHA" ]]; then
            NPM_REASON="package-lock.json newer than node_modules"
        fi
    fi
    if [[ -n "$NPM_REASON" ]]; then
        log "npm packages: $NPM_REASON -> npm ci"
        npm ci --no-audit --no-fund
        printf '%s\n' "$LOCK_SHA" >"$NPM_STAMP"
        touch node_modules/.package-lock.json
        INSTALLED+=("npm packages (npm ci)")
    else
        [[ -f "$NPM_STAMP" ]] || printf '%s\n' "$LOCK_SHA" >"$NPM_STAMP"
        log "npm packages: node_modules up to date with package-lock.json"
    fi
elif [[ -f package.json ]]; then
    log "npm packages: no package-lock.json -> npm install (commit the lockfile it writes)"
    npm install --no-audit --no-fund
    INSTALLED+=("npm packages (npm install)")
fi

if [[ -f package.json ]]; then
    [[ -x node_modules/.bin/wasm-opt ]] \
        || die "node_modules/.bin/wasm-opt missing after npm install (binaryen devDependency?)"
    # stderr kept apart: npm prints config warnings there on some machines.
    NPX_ERR="$(mktemp)"
    if ! WASM_OPT_VERSION="$(npx --no-install wasm-opt --version 2>"$NPX_ERR")"; then
        cat "$NPX_ERR" >&2
        rm -f "$NPX_ERR"
        die "'npx wasm-opt --version' failed"
    fi
    rm -f "$NPX_ERR"
    log "wasm-opt: $WASM_OPT_VERSION (node_modules/.bin)"
fi

# --------------------------------------------------------------------------
# 4. Browsers for the browser tests, from Debian's packages (the test libraries'
#    own downloads are not possible here): Chromium (playwright-core) and
#    Firefox ESR (puppeteer-core over WebDriver BiDi, for the single file)
# --------------------------------------------------------------------------
# apt_tool NAME BINARY PACKAGE...: installs the packages unless BINARY exists.
apt_tool() {
    local name="$1" bin="$2"
    shift 2
    if [[ -x "$bin" ]]; then
        log "$name: present ($bin)"
        return
    fi
    local sudo=()
    if [[ "$(id -u)" -ne 0 ]]; then
        command -v sudo >/dev/null 2>&1 \
            || die "$name is missing and installing it needs root: run as root, install sudo, or run 'apt-get install -y --no-install-recommends $*' yourself"
        sudo=(sudo)
    fi
    need apt-get "$name must come from Debian's packages (apt-get install $*)"
    log "$name: missing -> apt-get update && apt-get install -y --no-install-recommends $*"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y --no-install-recommends "$@"
    [[ -x "$bin" ]] || die "apt-get finished but $bin is still missing"
    log "$name: $("$bin" --version 2>/dev/null || echo installed)"
    INSTALLED+=("$* (apt)")
}

apt_tool chromium /usr/bin/chromium chromium chromium-driver
apt_tool firefox-esr /usr/bin/firefox-esr firefox-esr

# --------------------------------------------------------------------------
mkdir -p "$STAMP_DIR"
{
    echo "# written by scripts/setup.sh; informational, every run re-checks"
    echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "rustc=$(rustc --version 2>/dev/null || echo unknown)"
    echo "wasm_target=$WASM_TARGET"
    echo "wasm_bindgen=$WB_WANT"
    echo "package_lock_sha256=${LOCK_SHA:-none}"
    echo "wasm_opt=${WASM_OPT_VERSION:-none}"
    echo "chromium=/usr/bin/chromium"
    echo "firefox=/usr/bin/firefox-esr"
} >"$STAMP"

ELAPSED_MS=$(($(date +%s%3N) - START_MS))
ELAPSED="$((ELAPSED_MS / 1000)).$(printf '%03d' $((ELAPSED_MS % 1000)))"
if ((${#INSTALLED[@]})); then
    log "done in ${ELAPSED}s; installed: $(IFS=','; echo "${INSTALLED[*]}" | sed 's/,/, /g')"
else
    log "done in ${ELAPSED}s; everything already installed"
fi
