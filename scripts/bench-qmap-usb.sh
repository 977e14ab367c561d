#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Benchmark (not a test) of the modem transports, in one VM run on the fast
# kernel: the simulated RM500Q (qmap-modem gadget on dummy_hcd, QMAP, a
# call on mux 0x81) carried by our qmap_usb + qmap, by upstream qmi_wwan +
# rmnet and by qmi_wwan + our qmap; downlink and uplink at 64 and 1400
# bytes: packets/s, Mbit/s, host CPU time per packet, and the ratios
# against qmi_wwan + rmnet. Under TCG only the ratios mean something.
#   scripts/bench-qmap-usb.sh     (BENCH_SECONDS, BENCH_ROUNDS, BENCH_PASSES, BENCH_SIZES, BENCH_AGG,
#                                  BENCH_DEPTH, BENCH_SINKS, BENCH_PERF, BENCH_THREADED)
set -euo pipefail
. "$(dirname "$0")/bench-lib.sh"
bench_run bench_qmap_usb_vm.sh "BENCH_SECONDS=${BENCH_SECONDS:-5} BENCH_ROUNDS=${BENCH_ROUNDS:-2} BENCH_PASSES=${BENCH_PASSES:-2} BENCH_SIZES='${BENCH_SIZES:-64 1400}' BENCH_AGG=${BENCH_AGG:-16384} BENCH_DEPTH=${BENCH_DEPTH:-8} BENCH_PERF=${BENCH_PERF:-} BENCH_SINKS='${BENCH_SINKS:-forward blackhole}' BENCH_THREADED=${BENCH_THREADED:-}"
