#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Regenerate everything the YNL specs (Documentation/netlink/specs/*.yaml)
# are the source of, as the kernel's tools/net/ynl/ynl-regen.sh does:
#   - the module's tables: the file under drivers/, net/ or samples/ whose
#     header says "YNL-GEN rust-kernel" for that spec
#     (drivers/net/qmap/netlink_gen.rs, net/mip6/netlink_gen.rs, ...),
#     tools/net/ynl/ynl-gen-rust.py --mode kernel; a new family's is
#     created once by hand (the error for a spec without one tells how)
#   - cellctl's code: tools/cellctl/src/gen/FAMILY.rs, --mode cli
#   - the uapi header: include/uapi/linux/FAMILY.h, the kernel's own
#     tools/net/ynl/ynl-gen-c.py --mode uapi
#
#   scripts/ynl-regen.sh           rewrite what changed
#   scripts/ynl-regen.sh --check   write nothing; fail on any difference (a
#                                  spec edited without regenerating, or a
#                                  generated file edited by hand), on a spec
#                                  missing one of its outputs, on a uapi
#                                  header that does not compile, and on a
#                                  spec whose ynl-gen-rst.py rendering is not
#                                  clean reStructuredText (docutils warnings)
#
# Needs a kernel tree for the YNL tools and schemas: $KSRC, else the
# tools/net/ynl and Documentation/netlink of linux-source-6.12, extracted
# once into the cache.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. scripts/env.sh

check=0
case "${1:-}" in
--check) check=1 ;;
"") ;;
*) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

ksrc=${KSRC:-}
if [ -z "$ksrc" ]; then
	ksrc=$CELLROUTER_CACHE/ynl-6.12
	if [ ! -e "$ksrc/.done" ]; then
		tarball=${KERNEL_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
		rm -rf "$ksrc"; mkdir -p "$ksrc"
		tar -xJf "$tarball" -C "$ksrc" --strip-components=1 \
			--wildcards '*/tools/net/ynl/*' '*/Documentation/netlink/*'
		touch "$ksrc/.done"
	fi
fi
[ -e "$ksrc/tools/net/ynl/ynl-gen-c.py" ] || { echo "ynl-regen: no YNL tools in $ksrc" >&2; exit 1; }
export KSRC=$ksrc

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# ynl-gen-c.py looks for the schema beside the specs' folder and for the
# kernel root (MAINTAINERS) above them: give it a tree of its own.
mkdir -p "$work/uapi/Documentation/netlink/specs"
touch "$work/uapi/MAINTAINERS"
for schema in "$ksrc"/Documentation/netlink/*.yaml; do
	ln -s "$schema" "$work/uapi/Documentation/netlink/"
done

fail=0
# gen OUT COMMAND...: COMMAND writes to the file given as its last argument.
gen() {
	local out=$1; shift
	local tmp=$work/out/$out
	mkdir -p "$(dirname "$tmp")"
	if ! "$@" "$tmp"; then
		echo "ynl-regen: generating $out failed" >&2; fail=1; return
	fi
	if cmp -s "$tmp" "$out"; then
		return
	fi
	if [ $check = 1 ]; then
		echo "ynl-regen: $out differs from what its spec generates:" >&2
		diff -u "$out" "$tmp" 2>&1 | head -n 20 >&2 || true
		fail=1
	else
		mkdir -p "$(dirname "$out")"
		cp "$tmp" "$out"
		echo "	GEN $out"
	fi
}

uapi() { # uapi SPEC OUT
	cp "$1" "$work/uapi/Documentation/netlink/specs/"
	(cd "$work/uapi" && python3 "$ksrc/tools/net/ynl/ynl-gen-c.py" --mode uapi --header \
		--spec "$work/uapi/Documentation/netlink/specs/$(basename "$1")" -o "$2")
}

for spec in Documentation/netlink/specs/*.yaml; do
	family=$(basename "$spec" .yaml)
	kernel=$(grep -rlF --include='*.rs' -e "//	$spec" drivers net samples 2>/dev/null |
		xargs -r grep -l '^// YNL-GEN rust-kernel$' || true)
	if [ -z "$kernel" ]; then
		echo "ynl-regen: $spec: no kernel file (create one with tools/net/ynl/ynl-gen-rust.py --mode kernel --spec $spec -o DIR/netlink_gen.rs)" >&2
		fail=1
	fi
	for k in $kernel; do
		gen "$k" tools/net/ynl/ynl-gen-rust.py --mode kernel --spec "$spec" -o
	done
	gen "tools/cellctl/src/gen/$family.rs" tools/net/ynl/ynl-gen-rust.py --mode cli --spec "$spec" -o
	gen "include/uapi/linux/$family.h" uapi "$spec"
	if [ $check = 1 ]; then
		if ! printf '#include "%s"\nint main(void) { return 0; }\n' "include/uapi/linux/$family.h" |
			${CC:-cc} -fsyntax-only -Wall -Werror -x c - 2>"$work/cc.log"; then
			echo "ynl-regen: include/uapi/linux/$family.h does not compile:" >&2
			cat "$work/cc.log" >&2; fail=1
		fi
		warn=$(python3 "$ksrc/tools/net/ynl/ynl-gen-rst.py" -i "$spec" -o "$work/$family.rst" 2>&1 &&
			python3 tools/net/ynl/ynl-rst-check.py "$work/$family.rst" 2>&1) ||
			warn="rendering failed: $warn"
		if [ -n "$warn" ]; then
			echo "ynl-regen: $spec: ynl-gen-rst.py: $warn" >&2; fail=1
		fi
	fi
done

for f in $(grep -rlE '^// YNL-GEN rust-(kernel|cli)$' drivers net samples tools/cellctl/src 2>/dev/null || true); do
	spec=$(sed -n '3s|^//\t||p' "$f")
	[ -e "$spec" ] || { echo "ynl-regen: $f: generated from $spec, which is gone" >&2; fail=1; }
done

exit $fail
