#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot a kernel build tree under virtme-ng and run a command inside.
#   scripts/vm.sh KDIR OUTDIR COMMAND...
# The guest sees the host's file system read-only, OUTDIR read-write. The
# command's output is written to OUTDIR/guest.log and printed afterwards (the
# guest's script I/O ports need udev, which minimal hosts lack); the boot log
# goes to OUTDIR/boot.log. Exits with the command's status.
# TCG by default (nested KVM does not work on the project's machines);
# CELLROUTER_KVM=1 uses KVM where it works. CELLROUTER_VM_TIMEOUT bounds the
# run (seconds, default 1200); CELLROUTER_VM_APPEND adds kernel parameters.
# An arm64 tree boots under qemu-system-aarch64 on the arm64 root file system
# of scripts/setup-arm64.sh: the guest sees the work tree and the cache at
# their host paths (read-only) and OUTDIR as /mnt (COMMAND's mentions of
# OUTDIR are rewritten).
set -uo pipefail
. "$(dirname "$0")/env.sh"
kdir=$1 out=$(realpath -m "$2")
shift 2
kvm=(--disable-kvm)
[ "${CELLROUTER_KVM:-0}" = 1 ] && kvm=()
mkdir -p "$out"
rm -f "$out/guest.log" "$out/guest.rc"
cmd=$* gout=$out
guest=(--rwdir "$out")
if [ -e "$kdir/arch/arm64/boot/Image" ]; then
	top=$(cd "$(dirname "$0")/.." && pwd)
	# The newest finished one (not one being built).
	rootfs=$(ls -dt "$CELLROUTER_CACHE"/rootfs-arm64-*/.cellrouter-done 2>/dev/null | head -n 1)
	[ -n "$rootfs" ] || { echo "vm: no arm64 root file system; run scripts/setup-arm64.sh" >&2; exit 1; }
	rootfs=${rootfs%/.cellrouter-done}
	mkdir -p "$rootfs$top" "$rootfs$CELLROUTER_CACHE"
	guest=(--arch arm64 --root "$rootfs" --rodir "$top=$top"
	       --rodir "$CELLROUTER_CACHE=$CELLROUTER_CACHE" --rwdir "/mnt=$out")
	cmd=${cmd//$out//mnt} gout=/mnt
fi
timeout --kill-after=10 "${CELLROUTER_VM_TIMEOUT:-1200}" \
	vng --run "$kdir" "${kvm[@]}" "${guest[@]}" --cpus 2 --memory 2G --verbose \
	--append "panic=-1 oops=panic ${CELLROUTER_VM_APPEND:-}" \
	--exec "{ $cmd; } >$gout/guest.log 2>&1; echo \$? >$gout/guest.rc" \
	</dev/null >"$out/boot.log" 2>&1
vmrc=$?
cat "$out/guest.log" 2>/dev/null
if [ ! -s "$out/guest.rc" ]; then
	echo "vm: the guest did not finish (exit $vmrc); end of $out/boot.log:" >&2
	tail -n 30 "$out/boot.log" >&2
	exit 1
fi
exit "$(cat "$out/guest.rc")"
