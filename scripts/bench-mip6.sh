#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Benchmark (not a test) of the mip6 home agent, in one VM run on the fast
# kernel: ip6ip6 forwarding through the HA's tunnel vs the same flow through
# a plain upstream ip6tnl tunnel (packets/s at 64 and 1400 bytes, ratio),
# the per-packet cost with 10 vs 100,000 bindings (ratio), and binding
# updates processed per second from 100,000 distinct MNs.
#   scripts/bench-mip6.sh     (BENCH_SECONDS, BENCH_ROUNDS, BENCH_BINDINGS)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. scripts/env.sh
kdir=$(scripts/build-kernel.sh fast | tail -n 1)
make KDIR="$kdir" modules >/dev/null
(cd tools && cargo build --release --quiet)
# As bench-qmap.sh: no kmemleak in the per-packet costs.
CELLROUTER_VM_APPEND="kmemleak=off" scripts/vm.sh "$kdir" "${CELLROUTER_OUT:-$top/.bench-output}" \
	"BENCH_SECONDS=${BENCH_SECONDS:-5} BENCH_ROUNDS=${BENCH_ROUNDS:-3} BENCH_BINDINGS=${BENCH_BINDINGS:-100000} KSRC=$kdir tools/testing/selftests/cellrouter/bench_mip6_vm.sh"
