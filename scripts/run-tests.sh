#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Every test of the project, from a fresh Debian 12 machine:
#   1. installs the toolchain (scripts/setup.sh, idempotent),
#   2. builds (or reuses from the cache) the default test kernel,
#   3. builds the modules against it and the CLI,
#   4. runs the host tests (cargo test, rustfmt),
#   5. boots the kernel in QEMU (virtme-ng) and runs the in-VM suites of
#      tools/testing/selftests/cellrouter/, which load the modules, move
#      packets between namespaces, drive the CLI, unload, and check the kernel
#      log and kmemleak.
#   6. runs test_mip6 again on a debug kernel without CONFIG_IPV6_MIP6,
#   7. on the other targets (Linux 7.3 on x86_64, 6.12 on arm64): builds
#      their kernels (in the background, at low priority, from step 3 on)
#      and every module against each, and runs the smoke suite there (each
#      module loaded, one data path through it, unloaded; no splat); a
#      target whose kernel is not ready in time for the run to end within
#      CELLROUTER_BUDGET seconds (4800; empty: no limit) is deferred, its
#      kernel build resumed by the next run.
# Ends with "N passed, N failed"; exits non-zero if anything failed.
#   scripts/run-tests.sh [--kernel FLAVOUR] [--kver 6.12|7.3] [--arch x86_64|arm64] [SUITE...]
# The primary target is 6.12 on x86_64; --kver/--arch run the full suites
# (or the SUITEs named, e.g. test_netpair) on another one instead, with the
# host tests and step 7 left out. CELLROUTER_TARGETS lists step 7's targets
# ("7.3/x86_64 6.12/arm64"; empty: none).
# The VM suites run on the debug kernel (lockdep, PROVE_RCU, object and net
# debugging, kmemleak; scripts/kconfig/debug.config); `--kernel kasan` runs
# them on the KASAN + UBSAN kernel instead (scripts/kconfig/kasan.config,
# built on first use, ~20 min), a run several times slower under TCG.
set -uo pipefail
flavour=debug kver=6.12 arch=x86_64
while [ $# -gt 0 ]; do
	case "$1" in
	--kernel) flavour=${2:?--kernel needs a flavour (debug, kasan)}; shift 2 ;;
	--kver) kver=${2:?--kver needs a version (6.12, 7.3)}; shift 2 ;;
	--arch) arch=${2:?--arch needs an architecture (x86_64, arm64)}; shift 2 ;;
	*) break ;;
	esac
done
primary=0
[ "$kver/$arch" = 6.12/x86_64 ] && primary=1
targets=
if [ $primary = 1 ] && [ "$flavour" = debug ]; then
	# By default on a full run only; a CELLROUTER_TARGETS given is run too
	# after the SUITEs named.
	if [ $# -eq 0 ]; then targets=${CELLROUTER_TARGETS-7.3/x86_64 6.12/arm64}; else targets=${CELLROUTER_TARGETS:-}; fi
fi
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. scripts/env.sh
out=${CELLROUTER_OUT:-$top/.test-output}
rm -rf "$out"; mkdir -p "$out"
passed=0 failed=0
t0=$(date +%s)
step() { echo "== $* ($(( $(date +%s) - t0 )) s)"; }
fail_all() { echo "run-tests: $*" >&2; echo "$passed passed, $((failed + 1)) failed"; exit 1; }

step setup
scripts/setup.sh >"$out/setup.log" 2>&1 || { cat "$out/setup.log"; fail_all "setup failed"; }
tail -n 8 "$out/setup.log"
if [ "$arch" = arm64 ]; then
	scripts/setup-arm64.sh >"$out/setup-arm64.log" 2>&1 || { tail -n 30 "$out/setup-arm64.log"; fail_all "arm64 setup failed"; }
	tail -n 5 "$out/setup-arm64.log"
fi

# The image of a built tree, per architecture.
kimage() { case "$1" in *-arm64-*) echo "$1/arch/arm64/boot/Image" ;; *) echo "$1/arch/x86/boot/bzImage" ;; esac; }

step "test kernel ($kver $arch $flavour)"
kdir=$(scripts/build-kernel.sh --kver "$kver" --arch "$arch" "$flavour" | tail -n 1) || fail_all "kernel build failed"
[ -e "$(kimage "$kdir")" ] || fail_all "no kernel at $kdir"

# The other targets' kernels (and the arm64 guest's root file system) build
# in the background while the primary target is tested, at the lowest
# priority, so that they take only the CPU time the tests leave. In a
# process group of their own: what is not done when the run ends is stopped
# there, and resumed by the next run (make is incremental).
if [ -n "$targets" ]; then
	set -m
	(
		for t in $targets; do
			s=$(date +%s)
			if [ "${t#*/}" = arm64 ] && ! nice -n 19 scripts/setup-arm64.sh >"$out/setup-arm64.log" 2>&1; then
				echo "$t setup failed (setup-arm64.sh)"
			fi
			if nice -n 19 scripts/build-kernel.sh --kver "${t%/*}" --arch "${t#*/}" debug >"$out/kernel-${t/\//-}.log" 2>&1; then
				echo "$t ready after $(( $(date +%s) - s )) s"
			else
				echo "$t failed: kernel build"
			fi
		done
	) >"$out/targets-build.log" 2>&1 &
	targets_pid=$!
	set +m
	# Also when the run is interrupted.
	trap 'kill -TERM -- -"$targets_pid" 2>/dev/null' EXIT
fi

if [ $primary = 1 ]; then
step "specs"
# The specs are the one source: what they generate must be what is committed.
if KSRC=$kdir scripts/ynl-regen.sh --check >"$out/ynl-regen.log" 2>&1; then
	echo "ok - generated netlink code and uapi headers match the specs (ynl-regen.sh --check)"; passed=$((passed + 1))
else
	head -n 40 "$out/ynl-regen.log"
	echo "not ok - generated netlink code and uapi headers match the specs (ynl-regen.sh --check)"; failed=$((failed + 1))
fi
if KSRC=$kdir python3 -m unittest discover -s tools/net/ynl -p 'test_*.py' >"$out/ynl-gen-test.log" 2>&1; then
	echo "ok - ynl-gen-rust unit tests"; passed=$((passed + 1))
else
	tail -n 30 "$out/ynl-gen-test.log"
	echo "not ok - ynl-gen-rust unit tests"; failed=$((failed + 1))
fi
fi

# Before the plain build, which then rebuilds what the VM tests load.
step "clippy"
# From clean objects: up-to-date ones would skip clippy and hide warnings.
make clean >/dev/null 2>&1
make KDIR="$kdir" CLIPPY=1 modules >"$out/clippy.log" 2>&1
clippy_rc=$? clippy_warnings=$(grep -E '^warning' "$out/clippy.log" | grep -cvE 'warnings? emitted')
if [ $clippy_rc = 0 ] && [ "$clippy_warnings" = 0 ]; then
	echo "ok - clippy (make CLIPPY=1) without warnings"; passed=$((passed + 1))
else
	grep -E -A6 '^(warning|error)' "$out/clippy.log" | head -n 60
	echo "not ok - clippy (make CLIPPY=1) without warnings ($clippy_warnings, exit $clippy_rc)"; failed=$((failed + 1))
fi

step "modules"
s=$(date +%s)
make KDIR="$kdir" modules >"$out/modules.log" 2>&1 || { tail -n 40 "$out/modules.log"; fail_all "module build failed"; }
echo "modules built in $(( $(date +%s) - s )) s"
if grep -E '^(warning|error)' "$out/modules.log"; then
	echo "not ok - modules build without warnings"; failed=$((failed + 1))
else
	echo "ok - modules build without warnings"; passed=$((passed + 1))
fi

step "layering"
if scripts/check-layering.sh "$kdir" >"$out/layering.log" 2>&1; then
	echo "ok - a module reaching support::bindings or using unsafe fails to build"; passed=$((passed + 1))
else
	tail -n 30 "$out/layering.log"
	echo "not ok - a module reaching support::bindings or using unsafe fails to build"; failed=$((failed + 1))
fi

step "CLI"
(cd tools && cargo build --release --quiet) >"$out/cli.log" 2>&1 || { cat "$out/cli.log"; fail_all "CLI build failed"; }
# On arm64 the guest runs the tools cross-built by setup-arm64.sh.
tools_env() { # tools_env ARCH: CELLCTL= and MODEM= for run_vm.sh
	local d=$top/tools/target/release
	[ "$1" != arm64 ] || d=$top/tools/target/aarch64-unknown-linux-gnu/release
	echo "CELLCTL=$d/cellctl MODEM=$d/qmap-modem"
}
# Another kernel than the run's own: other_kernel TAG KDIR OUTDIR SUITE...
# builds every module from a copy of the tracked tree against KDIR (its
# ARCH read from its .config), boots KDIR and runs SUITE... there, TAP
# lines marked with TAG. Returns non-zero if the modules did not build.
other_kernel() {
	local tag=$1 kd=$2 o=$3 s vp vf ka=x86_64
	shift 3
	grep -q '^CONFIG_ARM64=y' "$kd/.config" && ka=arm64
	mkdir -p "$o/src"
	if [ "$(git rev-parse --show-toplevel 2>/dev/null)" = "$top" ]; then
		git ls-files -z | xargs -0 cp --parents -t "$o/src"
	else
		# Not a git checkout (a tarball): all but what .gitignore names
		# and the cargo target folders.
		tar --exclude-vcs --exclude-vcs-ignores --exclude=target -cf - . | tar -C "$o/src" -xf -
	fi
	s=$(date +%s)
	if make -C "$o/src" KDIR="$kd" modules >"$o/modules.log" 2>&1 &&
		! grep -qE '^(warning|error)' "$o/modules.log"; then
		echo "ok - $tag every module builds without warnings ($(( $(date +%s) - s )) s)"; passed=$((passed + 1))
	else
		grep -E -A6 '^(warning|error)' "$o/modules.log" | head -n 40; tail -n 20 "$o/modules.log"
		echo "not ok - $tag every module builds without warnings"; failed=$((failed + 1))
		return 1
	fi
	s=$(date +%s)
	scripts/vm.sh "$kd" "$o" "$(tools_env "$ka") KSRC=$kd \
		$o/src/tools/testing/selftests/cellrouter/run_vm.sh $o $*" >"$o/vm.log" 2>&1
	vm_results "$o" "$tag" $? "$s"
}
# vm_results OUTDIR TAG EXIT START: prints the VM run's TAP lines from
# OUTDIR/vm.log (marked with TAG, which may be empty) and adds its
# results to the counts; a run that did not reach its end is a failure.
vm_results() {
	local o=$1 tag=${2:+$2 } rc=$3 s=$4 vp vf
	grep -E '^(ok|not ok|#)' "$o/vm.log" | sed "s/^\(not \)\?ok [0-9]* - /&$tag/" || true
	vp=$(grep -c '^ok ' "$o/results.tap" 2>/dev/null); vf=$(grep -c '^not ok ' "$o/results.tap" 2>/dev/null)
	passed=$((passed + ${vp:-0})); failed=$((failed + ${vf:-0}))
	if grep -q '^# done' "$o/vm.log"; then
		echo "# ${tag}VM run: $(( $(date +%s) - s )) s"
	else
		echo "not ok - ${tag}the VM run completed (exit $rc; last lines of $o/vm.log:)"
		tail -n 40 "$o/vm.log" | sed 's/^/#   /'
		failed=$((failed + 1))
	fi
}

if [ $primary = 1 ]; then
step "host tests"
host_crates=(tools lib/qmap lib/qmi lib/mh lib/mape lib/sixbed4)
for crate in "${host_crates[@]}"; do
	log=$out/cargo-test-${crate//\//-}.log
	(cd "$crate" && cargo test --release --quiet 2>&1) >"$log"
	echo "$crate: $(grep -E '^test result' "$log" | head -n 1)"
	grep -E 'FAILED|panicked' "$log" || true
	while read -r p f; do
		passed=$((passed + p)); failed=$((failed + f))
	done < <(sed -nE 's/^test result: [a-zA-Z]+\. ([0-9]+) passed; ([0-9]+) failed.*/\1 \2/p' "$log")
	grep -q '^test result' "$log" || { echo "not ok - cargo test ran in $crate"; failed=$((failed + 1)); }
done
fmt_ok=1
rustfmt --edition 2021 --check --config-path "$kdir/.rustfmt.toml" \
	rust/support/*.rs rust/support/*/*.rs samples/*/*.rs drivers/net/*/*.rs drivers/net/*/*/*.rs \
	net/*/*.rs >"$out/rustfmt.log" 2>&1 || fmt_ok=0
for crate in "${host_crates[@]}" lib/qmap/fuzz lib/qmi/fuzz lib/mh/fuzz lib/mape/fuzz lib/sixbed4/fuzz; do
	(cd "$crate" && cargo fmt --check) >>"$out/rustfmt.log" 2>&1 || fmt_ok=0
done
if [ $fmt_ok = 1 ]; then
	echo "ok - rustfmt"; passed=$((passed + 1))
else
	head -n 30 "$out/rustfmt.log"; echo "not ok - rustfmt"; failed=$((failed + 1))
fi
fi

step "VM tests"
# The suites take ~40 min on the debug kernel under TCG on 2 idle cores
# (about 60 when the cores are shared); KASAN is slower.
if [ "$flavour" = kasan ]; then
	export CELLROUTER_VM_TIMEOUT=${CELLROUTER_VM_TIMEOUT:-7200}
else
	export CELLROUTER_VM_TIMEOUT=${CELLROUTER_VM_TIMEOUT:-5400}
fi
s=$(date +%s)
scripts/vm.sh "$kdir" "$out" \
	"$(tools_env "$arch") KSRC=$kdir $top/tools/testing/selftests/cellrouter/run_vm.sh $out $*" >"$out/vm.log" 2>&1
vm_results "$out" "" $? "$s"

# mip6 must work on kernels without CONFIG_IPV6_MIP6 too (many router and
# board kernels): its suite again on such a debug kernel, with modules built
# for it in a copy of the tree.
if [ $primary = 1 ] && [ "$flavour" = debug ] && { [ $# -eq 0 ] || [[ " $* " == *" test_mip6 "* ]]; }; then
	step "VM tests without CONFIG_IPV6_MIP6"
	if kdir2=$(scripts/build-kernel.sh nomip6 | tail -n 1) && [ -e "$kdir2/arch/x86/boot/bzImage" ]; then
		other_kernel "[no MIP6]" "$kdir2" "$out/nomip6" test_mip6
	else
		echo "not ok - the nomip6 kernel builds"; failed=$((failed + 1))
	fi
fi

# The other targets: every module built against each, and the smoke suite.
# Within the run's time budget (CELLROUTER_BUDGET seconds, 80 min by
# default; empty: none): a target whose kernel is not built in time is
# deferred. On 2 cores a cold run cannot build three kernels and run the
# primary suites in 80 min; a warm one (kernels cached) runs every target.
budget=${CELLROUTER_BUDGET-4800} deferred=
# target_ready T ALLOWANCE: waits for T's background build while ALLOWANCE
# seconds (its module build and smoke run) still fit in the budget.
target_ready() {
	while ! grep -qF "$1 ready" "$out/targets-build.log"; do
		grep -qF "$1 failed" "$out/targets-build.log" && return 1
		[ -z "$budget" ] || [ $(( $(date +%s) + $2 )) -lt $(( t0 + budget )) ] || return 2
		sleep 10
	done
}
for t in $targets; do
	tk=${t%/*} ta=${t#*/} tag="[$tk $ta]"
	step "smoke on $tk $ta"
	allowance=600
	[ "$ta" != arm64 ] || allowance=1200
	target_ready "$t" "$allowance"
	case $? in
	1)
		grep -F "$t" "$out/targets-build.log" | sed 's/^/# /'
		tail -n 20 "$out/kernel-${t/\//-}.log" "$out/setup-arm64.log" 2>/dev/null | sed 's/^/#   /'
		echo "not ok - $tag the kernel builds"; failed=$((failed + 1))
		continue ;;
	2)
		echo "# $tag deferred: its kernel is not built yet and the smoke run would end past the time budget ($budget s)"
		deferred="$deferred $t"
		continue ;;
	esac
	grep -F "$t" "$out/targets-build.log" | sed 's/^/# /'
	tdir=$(scripts/build-kernel.sh --kver "$tk" --arch "$ta" --path debug)
	other_kernel "$tag" "$tdir" "$out/smoke-$tk-$ta" smoke
done
if [ -n "$targets" ] && kill -0 "$targets_pid" 2>/dev/null; then
	kill -TERM -- -"$targets_pid" 2>/dev/null
	wait "$targets_pid" 2>/dev/null
fi
[ -z "$deferred" ] || echo "# deferred to the next run (their kernels are resumed there):$deferred"

step "done"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
