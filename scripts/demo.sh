#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The main job, from a fresh Debian 12 machine: install the toolchain, build
# the default test kernel (cached), the modules and the CLI, boot the kernel in
# QEMU with the modules loaded and run the demo (scripts/demo-vm.sh).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. scripts/env.sh
out=${CELLROUTER_OUT:-$top/.demo-output}
mkdir -p "$out"
scripts/setup.sh | tail -n 7
kdir=$(scripts/build-kernel.sh | tail -n 1)
make KDIR="$kdir" modules >"$out/modules.log" 2>&1 || { tail -n 40 "$out/modules.log"; exit 1; }
(cd tools && cargo build --release --quiet)
echo "== booting $kdir under QEMU"
scripts/vm.sh "$kdir" "$out" "KSRC=$kdir scripts/demo-vm.sh"
