#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Benchmark (not a test): the same aggregated QMAP downlink stream
# demultiplexed by our qmap module and by upstream rmnet in one VM run;
# prints delivered packets/s at 64- and 1400-byte payloads and the ratios.
#   scripts/bench-qmap.sh          (BENCH_SECONDS, BENCH_ROUNDS: per run, rounds)
#   scripts/bench-qmap.sh --demux  the demultiplexing cost alone (unknown mux id)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. scripts/env.sh
script=bench_qmap_vm.sh
[ "${1:-}" = --demux ] && script=bench_demux_vm.sh
# The fast kernel: no lock or memory checkers skewing the per-packet costs.
kdir=$(scripts/build-kernel.sh fast | tail -n 1)
make KDIR="$kdir" modules >/dev/null
(cd tools && cargo build --release --quiet)
# kmemleak (on in the test kernel) tracks every allocation with a stack
# trace, which would dominate per-packet costs: benchmarks run without it.
CELLROUTER_VM_APPEND="kmemleak=off" scripts/vm.sh "$kdir" "${CELLROUTER_OUT:-$top/.bench-output}" \
	"BENCH_SECONDS=${BENCH_SECONDS:-5} BENCH_ROUNDS=${BENCH_ROUNDS:-3} KSRC=$kdir tools/testing/selftests/cellrouter/$script"
