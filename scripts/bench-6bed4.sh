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
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. scripts/env.sh
kdir=$(scripts/build-kernel.sh fast | tail -n 1)
make KDIR="$kdir" modules >/dev/null
(cd tools && cargo build --release --quiet)
# The host's CPU time (busy, idle ticks) and ours (this shell's waited-for
# children: the VM): what else ran on the host during the run.
host_ticks() { awk '$1 == "cpu" {print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6}' /proc/stat; }
our_ticks() { awk '{print $16 + $17}' /proc/$$/stat; }
read -r busy0 idle0 < <(host_ticks)
ours0=$(our_ticks)
rc=0
# As bench-qmap.sh: no kmemleak in the per-packet costs.
CELLROUTER_VM_APPEND="kmemleak=off" scripts/vm.sh "$kdir" "${CELLROUTER_OUT:-$top/.bench-output}" \
	"BENCH_SECONDS=${BENCH_SECONDS:-5} BENCH_ROUNDS=${BENCH_ROUNDS:-4} BENCH_REVERSE=${BENCH_REVERSE:-1} KSRC=$kdir tools/testing/selftests/cellrouter/bench_6bed4_vm.sh" || rc=$?
read -r busy1 idle1 < <(host_ticks)
ours1=$(our_ticks)
# The socat set-up keeps both vCPUs busy (generator and relay), the kernel
# one only one: work from elsewhere on the host slows socat more.
others=$(( (busy1 - busy0 - (ours1 - ours0)) * 100 / (busy1 - busy0 + idle1 - idle0 + 1) ))
echo "bench: other work on the host took ${others}% of its $(nproc) CPUs during the VM run$(
	[ "$others" -lt 10 ] || echo ": socat's figures may be low and the ratios high; rerun on an idle host")"
exit $rc
