#!/usr/bin/env bash
# Client-side instructions per DisableSession, counted by callgrind: the overhead bench's
# variants run one at a time for a fixed number of requests, and the count of the client thread
# (thread 1: the current-thread runtime with hyper's connection task) for 200 requests is
# subtracted from the count for 1,200, which leaves 1,000 requests without the setup.
# Instruction counts do not move with machine load, unlike the CPU times of `cargo bench -p
# ory-hyper --bench overhead`; kernel time (syscalls) is not counted.
#
# Usage: bash scripts/overhead_instructions.sh [variant letters, default "a b"]
#   a: hand-written hyper-util loop, b: ory Client + HyperTransport, c..g: see the bench.
# Needs valgrind (Debian: apt-get install valgrind).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "valgrind is not installed" >&2; exit 1; }
variants=("${@:-a b}")
read -r -a variants <<<"${variants[*]}"

bin="$(cargo bench -p ory-hyper --bench overhead --no-run --message-format=json 2>/dev/null |
    sed -n 's/.*"executable":"\([^"]*overhead[^"]*\)".*/\1/p' | tail -n 1)"
[ -x "$bin" ] || { echo "could not build the overhead bench" >&2; exit 1; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

count() { # variant requests -> instructions of thread 1
    OVERHEAD_ONLY="$1" OVERHEAD_REQUESTS="$2" valgrind --tool=callgrind --separate-threads=yes \
        --callgrind-out-file="$out/$1.$2" "$bin" >/dev/null 2>&1
    awk '/^(summary|totals):/ { print $2; exit }' "$out/$1.$2-01"
}

base=""
for v in "${variants[@]}"; do
    per=$(( ($(count "$v" 1200) - $(count "$v" 200)) / 1000 ))
    [ -n "$base" ] || base=$per
    awk -v v="$v" -v n="$per" -v b="$base" \
        'BEGIN { printf "(%s) %6d instructions per request, ratio to the first: %.4f\n", v, n, n / b }'
done
