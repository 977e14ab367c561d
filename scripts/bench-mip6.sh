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
. "$(dirname "$0")/bench-lib.sh"
bench_run bench_mip6_vm.sh "BENCH_SECONDS=${BENCH_SECONDS:-5} BENCH_ROUNDS=${BENCH_ROUNDS:-3} BENCH_BINDINGS=${BENCH_BINDINGS:-100000}"
