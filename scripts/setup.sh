#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Install everything the project needs on a Debian 12 machine. Idempotent:
# packages already present are skipped, pinned tools are only installed when
# the pinned version is missing. Prints the versions it found at the end.
set -euo pipefail
. "$(dirname "$0")/env.sh"

BINDGEN_VERSION=${BINDGEN_VERSION:-0.72.1}
VIRTME_NG_VERSION=${VIRTME_NG_VERSION:-1.42}

SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo

pkgs=(
	linux-source-6.12
	rustc-web rust-web-src rust-web-clippy
	clang-19 lld-19 llvm-19 libclang-19-dev
	bc bison flex libelf-dev libssl-dev cpio xz-utils make kmod
	python3 python3-venv python3-yaml python3-jsonschema python3-docutils
	iproute2 iputils-ping ethtool socat busybox-static curl
	radvd radvdump ndisc6 tshark tcpdump python3-scapy nftables conntrack
	libqmi-utils ndppd
)

missing=()
for p in "${pkgs[@]}" qemu-system-x86; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "setup: installing ${missing[*]}"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! bindgen --version 2>/dev/null | grep -q " $BINDGEN_VERSION\$"; then
	echo "setup: installing bindgen-cli $BINDGEN_VERSION"
	cargo install --quiet --locked --version "$BINDGEN_VERSION" bindgen-cli
fi

if ! "$CELLROUTER_VENV/bin/pip" show virtme-ng 2>/dev/null | grep -q "^Version: $VIRTME_NG_VERSION\$"; then
	echo "setup: installing virtme-ng $VIRTME_NG_VERSION in $CELLROUTER_VENV"
	mkdir -p "$CELLROUTER_CACHE"
	[ -x "$CELLROUTER_VENV/bin/pip" ] || /usr/bin/python3 -m venv "$CELLROUTER_VENV"
	"$CELLROUTER_VENV/bin/pip" install --quiet "virtme-ng==$VIRTME_NG_VERSION"
fi

echo "setup: versions"
echo "  linux-source: $(dpkg-query -W -f='${Version}' linux-source-6.12)"
echo "  rustc:        $(/usr/bin/rustc --version)"
echo "  clippy:       $(/usr/bin/clippy-driver --version)"
echo "  clang:        $(clang-19 --version | head -1)"
echo "  bindgen:      $(bindgen --version)"
echo "  qemu:         $(qemu-system-x86_64 --version | head -1)"
echo "  virtme-ng:    $("$CELLROUTER_VENV/bin/vng" --version 2>&1 | head -1)"
