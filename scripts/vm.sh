#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot a kernel build tree under virtme-ng and run a command inside.
#   scripts/vm.sh KDIR OUTDIR COMMAND...
# The guest sees the host's file system read-only, OUTDIR read-write.
# TCG by default (nested KVM does not work on the project's machines);
# CELLROUTER_KVM=1 uses KVM where it works. CELLROUTER_VM_TIMEOUT bounds the
# run (seconds, default 1200).
set -euo pipefail
kdir=$1 out=$2
shift 2
kvm=(--disable-kvm)
[ "${CELLROUTER_KVM:-0}" = 1 ] && kvm=()
mkdir -p "$out"
exec timeout --kill-after=10 "${CELLROUTER_VM_TIMEOUT:-1200}" \
	vng --run "$kdir" "${kvm[@]}" --cpus 2 --memory 2G --rwdir "$out" \
	--append "panic=-1 oops=panic" --exec "$*" </dev/null
