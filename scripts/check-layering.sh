#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Proves the support layer's rules are enforced by the compiler, not by
# review: builds two throwaway external modules that include the support
# layer exactly as the project's modules do (`#[path] mod support;` under
# `#[allow(unsafe_code)]`, `#![deny(unsafe_code)]` at the crate root, the
# helpers linked in through a one-line helpers.c) and expects both to fail:
#   bindings/  names `support::bindings::...`  -> E0603, `bindings` is private
#   unsafe/    has an `unsafe {}` block in a module file -> the crate's deny
# and that no module source tests the kernel-version switch (cfg(kernel_7),
# RSH_KERNEL_7, LINUX_VERSION_CODE): version differences live in rust/.
# Reuses the bindings of the last `make modules` (rust/bindings_generated.rs),
# so it takes seconds.
#   scripts/check-layering.sh KDIR
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/env.sh"
kdir=${1:?usage: check-layering.sh KDIR}
[ -e "$top/rust/bindings_generated.rs" ] ||
	{ echo "check-layering: no rust/bindings_generated.rs, run make KDIR=$kdir modules first" >&2; exit 1; }

tmp=$(mktemp -d /tmp/check-layering.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# module NAME BODY [FILE CONTENTS]: a module crate like samples/netpair.
module() {
	local name=$1 body=$2 d=$tmp/$1
	mkdir -p "$d"
	printf 'obj-m += %s.o\n%s-y := main.o helpers.o\n' "layering_$name" "layering_$name" >"$d/Kbuild"
	printf '#include "%s/rust/helpers/helpers.c"\n' "$top" >"$d/helpers.c"
	cat >"$d/main.rs" <<-EOF
	//! Throwaway module of scripts/check-layering.sh.
	#![deny(unsafe_code)]

	use kernel::prelude::*;

	#[allow(unsafe_code)]
	#[path = "$top/rust/support/mod.rs"]
	mod support;

	mod code;

	module! {
	    type: M,
	    name: "layering_$name",
	    license: "GPL",
	}

	struct M;

	impl kernel::Module for M {
	    fn init(_module: &'static ThisModule) -> Result<Self> {
	        code::run();
	        Ok(M)
	    }
	}
	EOF
	printf '%s\n' "$body" >"$d/code.rs"
	echo "obj-m += $name/" >>"$tmp/Kbuild"
}

# The same switch as the top-level Kbuild.
echo 'subdir-rustflags-y += $(if $(filter-out 6,$(VERSION)),--cfg kernel_7)' >"$tmp/Kbuild"
module bindings 'pub(crate) fn run() {
    let _ = crate::support::bindings::IFNAMSIZ;
}'
module unsafe 'pub(crate) fn run() {
    let x = 0u32;
    // SAFETY: none; this must not compile.
    let _ = unsafe { core::ptr::read_volatile(&x) };
}'

# -k: both modules are compiled even though the first one fails.
arch=$(sed -n 's/^CONFIG_ARM64=y$/arm64/p' "$kdir/.config")
make -k -j"$(nproc)" -C "$kdir" M="$tmp" LLVM=-19 RUSTC=/usr/bin/rustc ${arch:+ARCH=$arch} modules >"$tmp/build.log" 2>&1 && {
	cat "$tmp/build.log"; echo "check-layering: the throwaway modules built, they must not" >&2; exit 1; }

ok=1
expect() { # expect FILE PATTERN WHAT: an error matching PATTERN, located in FILE
	# 6.12 names the file by its absolute path, 7.x relative to M=.
	if grep -A1 -E "$2" "$tmp/build.log" | grep -qE -- "--> ($tmp/)?$1:"; then
		echo "check-layering: $3: fails as expected"
	else
		echo "check-layering: $3: did not fail with the expected error" >&2; ok=0
	fi
}
expect bindings/code.rs 'error\[E0603\]: module `bindings` is private' "a module naming support::bindings"
expect unsafe/code.rs 'error: usage of an `unsafe` block' "a module with an unsafe block"
# Nothing else may fail: the only errors are the two expected ones.
others=$(grep -E '^error(\[|:)' "$tmp/build.log" | grep -vE 'E0603\]: module `bindings` is private|usage of an `unsafe` block|aborting due to' || true)
if [ -n "$others" ]; then
	echo "check-layering: unexpected errors:" >&2; echo "$others" >&2; ok=0
fi
[ $ok = 1 ] || { cat "$tmp/build.log" >&2; exit 1; }

switch=$(cd "$top" && grep -rnE --include='*.rs' --include='*.[ch]' --exclude='*.mod.c' \
	'kernel_7|RSH_KERNEL_7|LINUX_VERSION_CODE|KERNEL_VERSION' samples drivers net || true)
if [ -n "$switch" ]; then
	echo "check-layering: module code tests the kernel version (keep that in rust/):" >&2
	echo "$switch" >&2
	exit 1
fi
echo "check-layering: no module source tests the kernel version"
