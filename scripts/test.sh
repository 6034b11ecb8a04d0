#!/usr/bin/env bash
# The single test command for a fresh machine: installs the pinned Prism mock server into
# tools/prism (npm ci) when it is missing or stale, then runs every test of the workspace with
# the contract tests required (ORY_CONTRACT_TESTS=required: a missing Node or Prism fails them
# instead of skipping them).
#
# Extra arguments go to `cargo test`, e.g. `scripts/test.sh --test contract -- --nocapture`.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
prism="$root/tools/prism"
cd "$root"

fail() {
    echo "scripts/test.sh: $*" >&2
    exit 1
}

command -v cargo >/dev/null 2>&1 || fail "cargo is not on PATH: install Rust (https://rustup.rs)."
command -v node >/dev/null 2>&1 ||
    fail "Node.js is not on PATH. The contract tests run Ory's OpenAPI spec in the Prism mock server, which needs Node.js 20 or newer and npm."
command -v npm >/dev/null 2>&1 ||
    fail "npm is not on PATH. It installs the Prism mock server (tools/prism) for the contract tests; install it with Node.js 20 or newer."
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" -ge 20 ] || fail "Node.js 20 or newer is needed, found $(node --version)."

# node_modules is current when it was installed from this exact lock file (a hash written
# after each install) and Prism's entry point is there.
lock_hash="$(node -e 'const c=require("crypto"),f=require("fs");process.stdout.write(c.createHash("sha256").update(f.readFileSync(process.argv[1])).digest("hex"))' "$prism/package-lock.json")"
stamp="$prism/node_modules/.ory-rs-lock-sha256"
if [ ! -f "$prism/node_modules/@stoplight/prism-cli/dist/index.js" ] ||
    [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_hash" ]; then
    echo "scripts/test.sh: installing Prism from tools/prism/package-lock.json (npm ci --ignore-scripts)"
    started="$(date +%s)"
    # --loglevel=error hides the engine warning: Prism 5.16 declares node >= 24.18 but runs on 20.
    (cd "$prism" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
    printf '%s' "$lock_hash" >"$stamp"
    echo "scripts/test.sh: Prism installed in $(($(date +%s) - started)) s"
fi

export ORY_CONTRACT_TESTS=required
exec cargo test --workspace --all-features "$@"
