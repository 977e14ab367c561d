#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Everything the in-VM tests need to run on an arm64 guest (qemu-system-aarch64
# under TCG, booted by virtme-ng with --arch arm64 --root), on a Debian 12
# x86_64 machine. Idempotent: packages already present are skipped, finished
# steps are reused from the cache. The arm64 kernel itself comes from
# `scripts/build-kernel.sh --arch arm64`.
#   scripts/setup-arm64.sh [--boot KERNEL]       (as root: mmdebstrap, chroot)
#   1. Installs the host packages: qemu-system-arm (qemu-system-aarch64),
#      qemu-user-static (arm64 programs run through binfmt_misc, registered
#      here when the machine has not), mmdebstrap, and the arm64 C runtime
#      (libc6-dev-arm64-cross, libgcc-12-dev-arm64-cross) for clang-19 and
#      lld, the cross linker.
#   2. The Rust standard library for aarch64-unknown-linux-gnu of the same
#      version as /usr/bin/rustc: Debian's libstd-rust-web-dev for arm64,
#      downloaded by apt-get with a private sources list, state and cache
#      directory (no `dpkg --add-architecture`; the machine's apt
#      configuration stays as it is) and unpacked into
#      $CELLROUTER_CACHE/arm64/rust-std-VERSION. Cross-builds the tools/
#      workspace against it into tools/target/aarch64-unknown-linux-gnu/release
#      (the host build's binaries stay in tools/target/release).
#   3. An arm64 Debian 12 root file system directory for `vng --root`,
#      $CELLROUTER_CACHE/rootfs-arm64-bookworm-HASH (HASH: the package list
#      and the recipe below), built by mmdebstrap; maintainer scripts run
#      under qemu-user. It holds what the suites of
#      tools/testing/selftests/cellrouter run and what virtme-ng's shell init
#      (virtme-init; its virtme-ng-init binary is x86_64) needs, plus empty
#      mount points for the work tree and the cache, which the guest
#      gets with --rodir/--rwdir GUEST=HOST (the root is read-only there and
#      virtme-init cannot create them). CELLROUTER_ARM64_EXTRA_PACKAGES adds
#      packages (e.g. linux-perf for BENCH_PERF).
#   4. Smoke-tests the root file system in a chroot (qemu-user) and the
#      cross-built binaries; with --boot KERNEL (an arm64 kernel tree or
#      Image) also boots it on the root file system as below and runs
#      `uname -a; ip link; cellctl --version` there.
# Prints the root file system and the binaries' paths at the end. CPU-heavy
# steps run under `nice -n 10`.
#
# Booting the suites on it (the guest sees only the root file system and
# what is mounted; the root is read-only):
#   vng --run KDIR --arch arm64 --root ROOTFS --disable-kvm --cpus 2 --memory 2G \
#       --rodir TOP=TOP --rodir CACHE=CACHE --rwdir /mnt=OUT --exec \
#       "CELLCTL=TOP/tools/target/aarch64-unknown-linux-gnu/release/cellctl \
#        MODEM=TOP/tools/target/aarch64-unknown-linux-gnu/release/qmap-modem \
#        KSRC=KDIR TOP/tools/testing/selftests/cellrouter/run_vm.sh /mnt"
# TOP is the work tree, CACHE $CELLROUTER_CACHE (KDIR is in it), OUT a host
# directory that the guest sees as /mnt: virtme mounts all --rwdir before
# all --rodir, so an OUT inside TOP or CACHE would be hidden.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/env.sh"
top=$(cd "$here/.." && pwd)
# Bump when the way the root file system is built changes (its cache key).
recipe=2

boot_kdir=
case "${1:-}" in
--boot) boot_kdir=$(realpath "${2:?--boot needs a kernel tree or image}") ;;
'') ;;
*) echo "setup-arm64: usage: setup-arm64.sh [--boot KERNEL-TREE-OR-IMAGE]" >&2; exit 2 ;;
esac
# mmdebstrap --mode=root and chroot, as well as apt-get and binfmt_misc.
[ "$(id -u)" -eq 0 ] || { echo "setup-arm64: run as root" >&2; exit 1; }

NICE=(nice -n 10)
mirror=${CELLROUTER_DEBIAN_MIRROR:-http://deb.debian.org/debian}
security=${CELLROUTER_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
suite=bookworm
triple=aarch64-unknown-linux-gnu
arm64=$CELLROUTER_CACHE/arm64
t_all=$(date +%s)
declare -A took=()
elapsed() { echo $(( $(date +%s) - $1 )); }

# --- 1. host packages
t=$(date +%s)
pkgs=(
	qemu-system-arm qemu-user-static mmdebstrap arch-test
	clang-19 lld-19 libc6-dev-arm64-cross libgcc-12-dev-arm64-cross
	file debian-archive-keyring
)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "setup-arm64: installing ${missing[*]}"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# arm64 ELF files through qemu-aarch64 (binfmt_misc): what installing
# qemu-user-static does where systemd-binfmt or binfmt-support run, which a
# container or a fresh boot may lack. The F flag opens the interpreter now,
# so chroots need no copy of it.
binfmt=/proc/sys/fs/binfmt_misc
mountpoint -q $binfmt || mount -t binfmt_misc binfmt_misc $binfmt
if [ ! -e $binfmt/qemu-aarch64 ]; then
	echo "setup-arm64: registering qemu-aarch64 with binfmt_misc"
	grep -v '^#' /usr/lib/binfmt.d/qemu-aarch64.conf >$binfmt/register
fi
[ "$(head -n 1 $binfmt/qemu-aarch64)" = enabled ] || echo 1 >$binfmt/qemu-aarch64
[ "$(cat $binfmt/status)" = enabled ] || echo 1 >$binfmt/status
took[packages]=$(elapsed "$t")

# --- 2. Rust std for arm64 and the cross-built tools
t=$(date +%s)
rustc_pkg=$(dpkg-query -S /usr/bin/rustc | cut -d: -f1)
rust_version=$(dpkg-query -W -f='${Version}' "$rustc_pkg")
# The package of the host's std (libstd-rust-web-dev for rustc-web), for arm64.
std_pkg=$(dpkg-query -S "/usr/lib/rustlib/$(/usr/bin/rustc -vV | sed -n 's/^host: //p')/lib/" | sed 's/[:,].*//; q')
rust_std=$arm64/rust-std-$rust_version
if [ ! -e "$rust_std/.cellrouter-done" ]; then
	echo "setup-arm64: downloading $std_pkg:arm64 $rust_version"
	apt=$arm64/apt
	mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/parts" "$apt/prefs" "$arm64/debs"
	: >"$apt/status"
	cat >"$apt/sources.list" <<-EOF
	deb [signed-by=$keyring] $mirror $suite main
	deb [signed-by=$keyring] $mirror $suite-updates main
	deb [signed-by=$keyring] $security $suite-security main
	EOF
	# arm64 as the only architecture, an empty dpkg status and no pins:
	# nothing of the machine's apt or dpkg state is read or written.
	aptopts=(-o Dir::Etc::SourceList="$apt/sources.list" -o Dir::Etc::SourceParts="$apt/parts"
		 -o Dir::Etc::Preferences="$apt/prefs/none" -o Dir::Etc::PreferencesParts="$apt/prefs"
		 -o Dir::State::Lists="$apt/lists" -o Dir::State::status="$apt/status"
		 -o Dir::Cache="$apt/cache" -o Debug::NoLocking=1 -o APT::Sandbox::User=root
		 -o APT::Architecture=arm64 -o APT::Architectures=arm64 -o Acquire::Languages=none)
	apt-get "${aptopts[@]}" -qq update
	rm -f "$arm64/debs/${std_pkg}_"*.deb
	(cd "$arm64/debs" && apt-get "${aptopts[@]}" -qq download "$std_pkg=$rust_version") ||
		{ echo "setup-arm64: $std_pkg $rust_version (arm64) not found on $mirror or $security" >&2; exit 1; }
	deb=$(ls "$arm64/debs/${std_pkg}_"*_arm64.deb)
	rm -rf "$rust_std.tmp"
	mkdir -p "$rust_std.tmp"
	dpkg-deb -x "$deb" "$rust_std.tmp"
	[ -n "$(ls "$rust_std.tmp/usr/lib/rustlib/$triple/lib/"libstd*.rlib 2>/dev/null)" ] ||
		{ echo "setup-arm64: no libstd rlib for $triple in $deb" >&2; exit 1; }
	echo "$std_pkg:arm64 $rust_version" >"$rust_std.tmp/.cellrouter-done"
	rm -f "$deb"
	rm -rf "$rust_std"
	mv "$rust_std.tmp" "$rust_std"
fi
took[rust-std]=$(elapsed "$t")

t=$(date +%s)
echo "setup-arm64: cross-building tools/ for $triple"
# Target-only flags: build scripts still run on the host with the host std.
# clang-19 links, with lld, against the arm64 glibc and libgcc of the -cross
# packages. --locked: Cargo.lock is never rewritten.
(
	cd "$top/tools"
	unset RUSTFLAGS CARGO_ENCODED_RUSTFLAGS CARGO_BUILD_TARGET
	export RUSTC=/usr/bin/rustc
	export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=clang-19
	export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUSTFLAGS="--sysroot=$rust_std/usr -Clink-arg=--target=aarch64-linux-gnu -Clink-arg=-fuse-ld=lld"
	"${NICE[@]}" cargo build --release --locked --quiet --target $triple
)
bins=("$top/tools/target/$triple/release/cellctl" "$top/tools/target/$triple/release/qmap-modem")
for b in "${bins[@]}"; do
	file -b "$b" | grep -q 'ELF 64-bit LSB .*ARM aarch64' ||
		{ echo "setup-arm64: $b is not an arm64 executable: $(file -b "$b")" >&2; exit 1; }
done
took[cargo]=$(elapsed "$t")

# --- 3. the root file system
# What the guest runs, by who needs it (keep in step with scripts/setup.sh,
# which installs the same for the x86_64 guest, which sees the host's root):
guest_pkgs=(
	# virtme-init (bash, coreutils, util-linux, grep, sed, hostname are
	# Essential), its vsock console (socat), udhcpc and poweroff (busybox)
	mount kmod socat busybox-static
	# the suites and their Python helpers, the kernel's YNL CLI (ndisc6
	# of setup.sh is left out: no suite runs it and it pulls in perl)
	iproute2 iputils-ping ethtool nftables conntrack procps mawk netbase curl
	tshark tcpdump radvd radvdump ndppd libqmi-utils
	python3 python3-yaml python3-jsonschema python3-scapy
)
# shellcheck disable=SC2206 # a list of package names
guest_pkgs+=(${CELLROUTER_ARM64_EXTRA_PACKAGES:-})
mmdebstrap_opts=(
	--mode=root --arch=arm64 --variant=essential
	# merged /usr as debootstrap makes it, without usrmerge (and perl)
	--hook-dir=/usr/share/mmdebstrap/hooks/merged-usr
	--aptopt='Acquire::Languages "none"'
	--dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/info/*'
	--dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-include=/usr/share/locale/locale.alias'
	--dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright'
	--dpkgopt='path-exclude=/usr/share/lintian/*'
)
key=$( {
	echo "recipe $recipe $suite arm64"
	printf '%s\n' "${mmdebstrap_opts[@]}"
	printf '%s\n' "${guest_pkgs[@]}" | sort -u
} | sha256sum | cut -c1-16)
rootfs=$CELLROUTER_CACHE/rootfs-arm64-$suite-$key
t=$(date +%s)
if [ ! -e "$rootfs/.cellrouter-done" ]; then
	echo "setup-arm64: building $rootfs (log: $rootfs.log)"
	tmp=$rootfs.tmp
	# An interrupted mmdebstrap may leave mounts behind: never delete
	# through them.
	if grep -q " $tmp/" /proc/mounts; then
		echo "setup-arm64: $tmp still has mounts; unmount them first:" >&2
		grep " $tmp/" /proc/mounts >&2
		exit 1
	fi
	rm -rf --one-file-system "$tmp"
	if ! "${NICE[@]}" mmdebstrap "${mmdebstrap_opts[@]}" \
		--include="$(IFS=,; echo "${guest_pkgs[*]}")" \
		"$suite" "$tmp" \
		"deb [signed-by=$keyring] $mirror $suite main" \
		"deb [signed-by=$keyring] $mirror $suite-updates main" \
		"deb [signed-by=$keyring] $security $suite-security main" \
		>"$rootfs.log" 2>&1; then
		tail -n 30 "$rootfs.log" >&2
		echo "setup-arm64: mmdebstrap failed, see $rootfs.log" >&2
		exit 1
	fi
	# The host's resolv.conf and hostname (copied in by mmdebstrap) mean
	# nothing in the guest; localhost must resolve.
	rm -f "$tmp/etc/resolv.conf"
	echo cellrouter-arm64 >"$tmp/etc/hostname"
	printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' >"$tmp/etc/hosts"
	# virtme's init binds its files over /etc/fstab and /etc/lvm.
	[ -e "$tmp/etc/fstab" ] || echo '# UNCONFIGURED FSTAB' >"$tmp/etc/fstab"
	mkdir -p "$tmp/etc/lvm"
	# virtme-init ends with `poweroff -f`; without systemd (too big for
	# this) busybox's does it.
	[ -e "$tmp/usr/sbin/poweroff" ] || ln -s /bin/busybox "$tmp/usr/sbin/poweroff"
	{
		echo "recipe $recipe, mmdebstrap $(dpkg-query -W -f='${Version}' mmdebstrap), $(date -u +%FT%TZ)"
		printf '%s\n' "${guest_pkgs[@]}"
	} >"$tmp/.cellrouter-done"
	mv "$tmp" "$rootfs"
	# Drop the root file systems of other recipes or package lists (~350
	# MiB each), as build-kernel.sh drops stale kernel trees; never
	# through a mount left by an interrupted mmdebstrap.
	for old in "$CELLROUTER_CACHE/rootfs-arm64-$suite"-*; do
		case $old in "$rootfs" | "$rootfs.log") continue ;; esac
		grep -q " ${old%.log}/" /proc/mounts || rm -rf --one-file-system "$old"
	done
fi
took[rootfs]=$(elapsed "$t")
# Mount points of the host directories the suites use (the work tree, the
# kernel trees in the cache), same paths as on the host; /mnt is there.
mkdir -p "$rootfs$top" "$rootfs$CELLROUTER_CACHE"

# --- 4. smoke tests
t=$(date +%s)
echo "setup-arm64: smoke test (chroot through qemu-user)"
# shellcheck disable=SC2016 # expanded in the chroot
chroot "$rootfs" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 /bin/bash -euc '
	echo "  $(uname -m) $(. /etc/os-release; echo "$PRETTY_NAME")"
	echo "  $(ip -V 2>/dev/null)"
	echo "  $(python3 --version); yaml $(python3 -c "import yaml; print(yaml.__version__)"), jsonschema $(python3 -c "from importlib.metadata import version; print(version(\"jsonschema\"))"), scapy $(python3 -c "import scapy.all, scapy; print(scapy.VERSION)" 2>/dev/null)"
	echo "  $(tshark --version 2>/dev/null | head -n 1)"
	echo "  $(qmicli --version | head -n 1)"
	for c in bash mount insmod rmmod ethtool socat nft conntrack tcpdump radvd ss ping sysctl pgrep awk busybox poweroff setsid timeout getconf; do
		command -v $c >/dev/null || { echo "  missing: $c"; exit 1; }
	done
'
# The binaries through binfmt_misc and qemu-aarch64, with the root file
# system's glibc.
for b in "${bins[@]}"; do
	out=$(QEMU_LD_PREFIX=$rootfs "$b" --help 2>&1) ||
		{ echo "setup-arm64: $b --help fails under qemu-aarch64: $out" >&2; exit 1; }
	echo "  $(basename "$b"): ${out%%$'\n'*}"
done
if [ -n "$boot_kdir" ]; then
	echo "setup-arm64: booting $boot_kdir (log: $arm64/boot/boot.log)"
	boot=$arm64/boot
	rm -rf "$boot"
	mkdir -p "$boot"
	# Without udev the guest has no script I/O ports and vng no exit
	# status (as scripts/vm.sh): the command writes both to /mnt.
	"${NICE[@]}" timeout --kill-after=10 900 vng --run "$boot_kdir" --arch arm64 --root "$rootfs" \
		--disable-kvm --cpus 2 --memory 2G --append "panic=-1" --verbose \
		--rodir "$top=$top" --rodir "$CELLROUTER_CACHE=$CELLROUTER_CACHE" --rwdir "/mnt=$boot" \
		--exec "{ uname -a; ip link; ${bins[0]} --version; } >/mnt/guest.log 2>&1; echo \$? >/mnt/guest.rc" \
		</dev/null >"$boot/boot.log" 2>&1 || true
	sed 's/^/  /' "$boot/guest.log" 2>/dev/null || true
	if [ "$(cat "$boot/guest.rc" 2>/dev/null)" != 0 ]; then
		echo "setup-arm64: the boot failed; end of $boot/boot.log:" >&2
		tail -n 30 "$boot/boot.log" >&2
		exit 1
	fi
fi
took[smoke]=$(elapsed "$t")

echo "setup-arm64: took ${took[packages]} s packages, ${took[rust-std]} s Rust std, ${took[cargo]} s cargo, ${took[rootfs]} s rootfs, ${took[smoke]} s smoke test ($(elapsed "$t_all") s in all)"
echo "  rust std:   $rust_std ($(cat "$rust_std/.cellrouter-done"))"
echo "  rootfs:     $rootfs ($(du -sh --one-file-system "$rootfs" | cut -f1))"
echo "  cellctl:    ${bins[0]}"
echo "  qmap-modem: ${bins[1]}"
