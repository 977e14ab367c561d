#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (once) a test kernel: Debian's linux-source-6.12, `make tinyconfig`
# plus scripts/kconfig/test-kernel.config and the flavour's fragment, built
# with LLVM.
#   scripts/build-kernel.sh [debug|fast|kasan|nomip6]
#     debug  (default) lockdep, PROVE_RCU, object/list/net debugging and
#            kmemleak (kconfig/debug.config): the VM suites, the demo, `make`
#     fast   no checkers: the benchmarks
#     kasan  debug + KASAN + UBSAN (kconfig/kasan.config): one documented run
#     nomip6 debug without CONFIG_IPV6_MIP6 (kconfig/nomip6.config), as many
#            router and board kernels are: test_mip6 runs on both
#
# The tree lives outside the work tree, in a cache keyed by the kernel source
# version, the config fragment, this script and the rustc/clang versions. An
# interrupted build is resumed (make is incremental); a finished one is reused.
# Prints the path of the built tree on its last line of stdout.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
flavour=${1:-${CELLROUTER_KERNEL:-debug}}
fragments=("$here/kconfig/test-kernel.config")
case "$flavour" in
fast) fragments+=("$here/kconfig/fast.config") ;;
debug) fragments+=("$here/kconfig/debug.config") ;;
kasan) fragments+=("$here/kconfig/debug.config" "$here/kconfig/kasan.config") ;;
nomip6) fragments+=("$here/kconfig/debug.config" "$here/kconfig/nomip6.config") ;;
*) echo "build-kernel: unknown flavour '$flavour' (debug, fast, kasan or nomip6)" >&2; exit 2 ;;
esac
tarball=${KERNEL_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
cache=${CELLROUTER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cellrouter}
export PATH=/usr/bin:$PATH
make_flags=(LLVM=-19 RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc
	    BINDGEN="${BINDGEN:-$(command -v bindgen || echo "$HOME/.cargo/bin/bindgen")}")

[ -r "$tarball" ] || { echo "build-kernel: $tarball missing; run scripts/setup.sh" >&2; exit 1; }

key=$( {
	dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null || stat -c %s "$tarball"
	echo "$flavour"; cat "${fragments[@]}" "$0"
	/usr/bin/rustc --version; clang-19 --version | head -1
} | sha256sum | cut -c1-16)
tree=$cache/linux-6.12-$flavour-$key
log=$tree.log

if [ -e "$tree/.cellrouter-done" ]; then
	echo "build-kernel: using cached kernel" >&2
	echo "$tree"
	exit 0
fi

mkdir -p "$cache"
# Drop stale trees of this flavour: each is ~1.5 GiB.
for old in "$cache"/linux-6.12-"$flavour"-*; do
	[ "$old" = "$tree" ] || [ "$old" = "$log" ] || rm -rf "$old"
done

start=$(date +%s)
if [ ! -e "$tree/.cellrouter-configured" ]; then
	rm -rf "$tree" "$tree.tmp"
	if [ "$flavour" = nomip6 ]; then
		# One option away from debug: start from a copy of the built
		# debug tree, so that only what depends on it is rebuilt
		# (minutes instead of a cold build).
		base=$("$0" debug | tail -n 1)
		echo "build-kernel: copying $base" >&2
		cp -a "$base" "$tree.tmp"
		rm -f "$tree.tmp/.cellrouter-done" "$tree.tmp/.cellrouter-configured"
		# Commands recorded with the tree's absolute path (objtool's,
		# the Rust crates') would differ and rebuild everything.
		grep -rlZF --include='.*.cmd' --include='*.d' "$base" "$tree.tmp" |
			xargs -0 -r sed -i "s|$base|$tree|g"
		mv "$tree.tmp" "$tree"
		(
			cd "$tree"
			scripts/kconfig/merge_config.sh -m .config "${fragments[@]: -1}" >/dev/null
			make "${make_flags[@]}" olddefconfig >/dev/null
		)
	else
		mkdir -p "$tree.tmp"
		echo "build-kernel: extracting $tarball" >&2
		tar -xJf "$tarball" -C "$tree.tmp" --strip-components=1
		mv "$tree.tmp" "$tree"
		(
			cd "$tree"
			make "${make_flags[@]}" tinyconfig >/dev/null
			scripts/kconfig/merge_config.sh -m .config "${fragments[@]}" >/dev/null
			make "${make_flags[@]}" olddefconfig >/dev/null
		)
	fi
	# Every option the fragments ask for must have survived olddefconfig
	# (the last fragment naming an option wins).
	bad=0
	declare -A want=()
	while IFS= read -r line; do
		case "$line" in
		CONFIG_*=*) want[${line%%=*}]=$line ;;
		"# CONFIG_"*" is not set") opt=${line#\# }; want[${opt%% *}]=$line ;;
		esac
	done < <(cat "${fragments[@]}")
	while IFS= read -r line; do
		case "$line" in
		CONFIG_*=*) grep -qxF "$line" "$tree/.config" || { echo "build-kernel: not set: $line" >&2; bad=1; } ;;
		"# CONFIG_"*" is not set")
			opt=${line#\# }; opt=${opt%% *}
			! grep -q "^$opt=" "$tree/.config" || { echo "build-kernel: still set: $opt" >&2; bad=1; } ;;
		esac
	done < <(printf '%s\n' "${want[@]}")
	[ $bad -eq 0 ] || { echo "build-kernel: config fragment not satisfied (see above)" >&2; exit 1; }
	touch "$tree/.cellrouter-configured"
fi

echo "build-kernel: building the $flavour kernel $tree (log: $log); a cold build takes ~20 min on 2 cores" >&2
if ! make -C "$tree" "${make_flags[@]}" -j"$(nproc)" bzImage modules >"$log" 2>&1; then
	tail -n 40 "$log" >&2
	echo "build-kernel: kernel build failed" >&2
	exit 1
fi
touch "$tree/.cellrouter-done"
echo "build-kernel: built in $(( $(date +%s) - start )) s" >&2
echo "$tree"
