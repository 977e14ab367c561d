#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (once) a test kernel: Debian's linux-source-6.12 (or 7.3), `make
# tinyconfig` plus scripts/kconfig/test-kernel.config, the architecture's and
# the flavour's fragments, built with LLVM.
#   scripts/build-kernel.sh [--kver 6.12|7.3] [--arch x86_64|arm64] [--path] [FLAVOUR]
#     debug  (default) lockdep, PROVE_RCU, object/list/net debugging and
#            kmemleak (kconfig/debug.config): the VM suites, the demo, `make`
#     fast   no checkers: the benchmarks
#     kasan  debug + KASAN + UBSAN (kconfig/kasan.config): one documented run
#     nomip6 debug without CONFIG_IPV6_MIP6 (kconfig/nomip6.config), as many
#            router and board kernels are: test_mip6 runs on both
# Defaults come from CELLROUTER_KVER (6.12), CELLROUTER_ARCH (x86_64) and
# CELLROUTER_KERNEL (debug). 6.12 is Debian's installed linux-source-6.12;
# 7.3 is linux-source-7.3 from trixie-backports, fetched into the cache with
# a private apt sources list (the machine's apt configuration is untouched).
# arm64 is cross-built (clang is a cross compiler) and booted under
# qemu-system-aarch64.
#
# The tree lives outside the work tree, in a cache keyed by the kernel source
# version, the architecture, the flavour, the config fragments, the build
# recipe below and the rustc/clang/bindgen versions. An interrupted build is
# resumed (make is incremental); a finished one is reused. Prints the path of
# the built tree on its last line of stdout (--path: only prints where the
# tree is or would be, building nothing).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/env.sh"
# Bump when the way a tree is configured or built changes (the cache key).
recipe=2

kver=${CELLROUTER_KVER:-6.12}
arch=${CELLROUTER_ARCH:-x86_64}
flavour=${CELLROUTER_KERNEL:-debug}
path_only=0
while [ $# -gt 0 ]; do
	case "$1" in
	--path) path_only=1; shift ;;
	--kver) kver=$2; shift 2 ;;
	--arch) arch=$2; shift 2 ;;
	-*) echo "build-kernel: unknown option $1" >&2; exit 2 ;;
	*) flavour=$1; shift ;;
	esac
done
case "$kver" in 6.12|7.3) ;; *) echo "build-kernel: unknown kernel '$kver' (6.12 or 7.3)" >&2; exit 2 ;; esac
case "$arch" in
x86_64) image=bzImage karch=x86 ;;
arm64) image=Image karch=arm64 ;;
*) echo "build-kernel: unknown architecture '$arch' (x86_64 or arm64)" >&2; exit 2 ;;
esac
fragments=("$here/kconfig/test-kernel.config" "$here/kconfig/$arch.config")
case "$flavour" in
fast) fragments+=("$here/kconfig/fast.config") ;;
debug) fragments+=("$here/kconfig/debug.config") ;;
kasan) fragments+=("$here/kconfig/debug.config" "$here/kconfig/kasan.config") ;;
nomip6) fragments+=("$here/kconfig/debug.config" "$here/kconfig/nomip6.config") ;;
*) echo "build-kernel: unknown flavour '$flavour' (debug, fast, kasan or nomip6)" >&2; exit 2 ;;
esac
cache=$CELLROUTER_CACHE
make_flags=(ARCH="$karch" LLVM=-19 RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc
	    BINDGEN="${BINDGEN:-$(command -v bindgen || echo "$HOME/.cargo/bin/bindgen")}")

# The kernel source tarball; prints its path.
source_tarball() {
	if [ "$kver" = 6.12 ]; then
		local t=${KERNEL_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
		[ -r "$t" ] || { echo "build-kernel: $t missing; run scripts/setup.sh" >&2; return 1; }
		echo "$t"
		return
	fi
	"$here/fetch-kernel-source.sh" "$kver"
}

tarball=$(source_tarball)
key=$( {
	echo "recipe $recipe $kver $arch $flavour"
	cat "$tarball.version" 2>/dev/null ||
		dpkg-query -W -f='${Version}' "linux-source-$kver" 2>/dev/null || stat -c %s "$tarball"
	cat "${fragments[@]}"
	/usr/bin/rustc --version; clang-19 --version | head -1; "${make_flags[4]#BINDGEN=}" --version
} | sha256sum | cut -c1-16)
name=linux-$kver-$arch-$flavour
tree=$cache/$name-$key
log=$tree.log
[ $path_only = 0 ] || { echo "$tree"; exit 0; }

if [ -e "$tree/.cellrouter-done" ]; then
	echo "build-kernel: using cached kernel" >&2
	echo "$tree"
	exit 0
fi

mkdir -p "$cache"
# Drop stale trees of this kernel, architecture and flavour: each is ~1.5 GiB.
for old in "$cache/$name"-*; do
	[ "$old" = "$tree" ] || [ "$old" = "$log" ] || rm -rf "$old"
done

start=$(date +%s)
if [ ! -e "$tree/.cellrouter-configured" ]; then
	rm -rf "$tree" "$tree.tmp"
	if [ "$flavour" = nomip6 ]; then
		# One option away from debug: start from a copy of the built
		# debug tree, so that only what depends on it is rebuilt
		# (minutes instead of a cold build).
		base=$("$0" --kver "$kver" --arch "$arch" debug | tail -n 1)
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
	# (the last fragment naming an option wins), but for options this
	# kernel does not have (gone in a later version, or of another
	# architecture): those are listed.
	known=$(cd "$tree" && {
		find . -path ./arch -prune -o -name 'Kconfig*' -print
		find arch/Kconfig arch/"$karch" -name 'Kconfig*'
	} | xargs cat |
		sed -nE 's/^[[:space:]]*(menu)?config[[:space:]]+([A-Za-z0-9_]+).*/CONFIG_\2/p' | sort -u)
	bad=0
	declare -A want=()
	while IFS= read -r line; do
		case "$line" in
		CONFIG_*=*) want[${line%%=*}]=$line ;;
		"# CONFIG_"*" is not set") opt=${line#\# }; want[${opt%% *}]=$line ;;
		esac
	done < <(cat "${fragments[@]}")
	for opt in "${!want[@]}"; do
		line=${want[$opt]}
		if ! grep -qxF "$opt" <<<"$known"; then
			echo "build-kernel: $kver/$arch has no $opt (skipped)" >&2
			continue
		fi
		case "$line" in
		CONFIG_*=*) grep -qxF "$line" "$tree/.config" || { echo "build-kernel: not set: $line" >&2; bad=1; } ;;
		*) ! grep -q "^$opt=" "$tree/.config" || { echo "build-kernel: still set: $opt" >&2; bad=1; } ;;
		esac
	done
	[ $bad -eq 0 ] || { echo "build-kernel: config fragment not satisfied (see above)" >&2; exit 1; }
	touch "$tree/.cellrouter-configured"
fi

echo "build-kernel: building the $kver $arch $flavour kernel $tree (log: $log); a cold build takes 9-13 min on 2 idle cores" >&2
if ! make -C "$tree" "${make_flags[@]}" -j"$(nproc)" "$image" modules >"$log" 2>&1; then
	tail -n 40 "$log" >&2
	echo "build-kernel: kernel build failed" >&2
	exit 1
fi
touch "$tree/.cellrouter-done"
echo "build-kernel: built in $(( $(date +%s) - start )) s" >&2
echo "$tree"
