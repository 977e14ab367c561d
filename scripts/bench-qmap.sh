#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Benchmark (not a test): the same aggregated QMAP downlink stream
# demultiplexed by our qmap module and by upstream rmnet in one VM run;
# prints delivered packets/s at 64- and 1400-byte payloads and the ratios.
#   scripts/bench-qmap.sh          (BENCH_SECONDS, BENCH_ROUNDS: per run, rounds)
#   scripts/bench-qmap.sh --demux  the demultiplexing cost alone (unknown mux id)
set -euo pipefail
. "$(dirname "$0")/bench-lib.sh"
script=bench_qmap_vm.sh
[ "${1:-}" = --demux ] && script=bench_demux_vm.sh
bench_run "$script" "BENCH_SECONDS=${BENCH_SECONDS:-5} BENCH_ROUNDS=${BENCH_ROUNDS:-3}"
