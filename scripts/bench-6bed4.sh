#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Benchmark (not a test) of the 6bed4 router, in one VM run on the fast
# kernel: peer -> router -> native host forwarding through our kernel 6bed4
# device vs a userspace relay doing the same decapsulation (Debian's socat
# between UDP port 25790 and a TUN), the same traffic: packets/s at 64 and
# 1400 bytes (inner IPv6 packets), ratios kernel/socat; then the reverse
# direction, native -> router -> peer. Under TCG only the ratios mean
# something.
#   scripts/bench-6bed4.sh     (BENCH_SECONDS, BENCH_ROUNDS, BENCH_REVERSE)
set -euo pipefail
. "$(dirname "$0")/bench-lib.sh"
# The socat set-up keeps both vCPUs busy (generator and relay), the kernel
# one only one: work from elsewhere on the host slows socat more.
bench_run bench_6bed4_vm.sh "BENCH_SECONDS=${BENCH_SECONDS:-5} BENCH_ROUNDS=${BENCH_ROUNDS:-4} BENCH_REVERSE=${BENCH_REVERSE:-1}"
