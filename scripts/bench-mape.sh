#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Benchmark (not a test) of the MAP-E CE, in one VM run on the fast kernel:
# LAN -> WAN forwarding through our CE with its port mapping vs upstream
# ip6tnl plus the nft `numgen` SNAT map OpenWrt users install by hand, the
# same traffic: packets/s at 64 and 1400 bytes for one flow, and new
# connections per second (ratios mape/ip6tnl).
#   scripts/bench-mape.sh     (BENCH_SECONDS, BENCH_ROUNDS, BENCH_CONN_ROUNDS, BENCH_FLOWS)
set -euo pipefail
. "$(dirname "$0")/bench-lib.sh"
bench_run bench_mape_vm.sh "BENCH_SECONDS=${BENCH_SECONDS:-5} BENCH_ROUNDS=${BENCH_ROUNDS:-5} BENCH_FLOWS=${BENCH_FLOWS:-60000} BENCH_CONN_ROUNDS=${BENCH_CONN_ROUNDS:-9}"
