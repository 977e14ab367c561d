# SPDX-License-Identifier: GPL-2.0
# Sourced by the scripts/bench-*.sh: one VM run of a benchmark script on the
# fast kernel, and what else ran on the host meanwhile.
#
#   bench_run VM_SCRIPT "VAR=VALUE ..."
#     builds (once) the fast kernel, the modules and the tools, boots the VM
#     without kmemleak and runs tools/testing/selftests/cellrouter/VM_SCRIPT
#     there with the variables (and KSRC); then prints the share of the
#     host's CPUs other work took. Returns the VM run's status.
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"
. scripts/env.sh

bench_run() {
	local kdir rc=0 busy0 idle0 ours0 busy1 idle1 ours1 others
	# The fast kernel: no lock or memory checkers skewing the per-packet
	# costs.
	kdir=$(scripts/build-kernel.sh fast | tail -n 1)
	make KDIR="$kdir" modules >/dev/null
	(cd tools && cargo build --release --quiet)
	# The host's CPU time (busy, idle ticks) and ours (this shell's
	# waited-for children: the VM).
	host_ticks() { awk '$1 == "cpu" {print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6}' /proc/stat; }
	our_ticks() { awk '{print $16 + $17}' /proc/$$/stat; }
	read -r busy0 idle0 < <(host_ticks)
	ours0=$(our_ticks)
	# kmemleak (on in the test kernel) tracks every allocation with a stack
	# trace, which would dominate per-packet costs: benchmarks run without.
	CELLROUTER_VM_APPEND="kmemleak=off" scripts/vm.sh "$kdir" "${CELLROUTER_OUT:-$top/.bench-output}" \
		"$2 KSRC=$kdir tools/testing/selftests/cellrouter/$1" || rc=$?
	read -r busy1 idle1 < <(host_ticks)
	ours1=$(our_ticks)
	others=$(( (busy1 - busy0 - (ours1 - ours0)) * 100 / (busy1 - busy0 + idle1 - idle0 + 1) ))
	echo "bench: other work on the host took ${others}% of its $(nproc) CPUs during the VM run$(
		[ "$others" -lt 10 ] || echo ": the figures may be skewed; rerun on an idle host")"
	return $rc
}
