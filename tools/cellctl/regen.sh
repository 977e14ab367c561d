#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Regenerates cellctl's per-family code (src/gen/FAMILY.rs) from the YNL
# specs; needs a kernel tree for the YNL library in $KSRC.
set -e
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
for spec in Documentation/netlink/specs/*.yaml; do
	family=$(basename "$spec" .yaml)
	tools/net/ynl/ynl-gen-rust.py --mode cli --spec "$spec" \
		-o "tools/cellctl/src/gen/$family.rs" --cmp-out
done
