#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Fuzz the protocol crates with cargo-fuzz (libFuzzer):
#   scripts/fuzz.sh [SECONDS]      default 60 per target
# Prints the executions each target ran. A crash leaves its input under
# lib/*/fuzz/artifacts/ and fails the script.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
# rustup's toolchain: it ships the sanitizer runtimes that Debian's rustc lacks.
export PATH=$HOME/.cargo/bin:$PATH
secs=${1:-60}
CARGO_FUZZ_VERSION=0.13.1
cargo fuzz --version 2>/dev/null | grep -q " $CARGO_FUZZ_VERSION\$" ||
	cargo install --locked --quiet "cargo-fuzz@$CARGO_FUZZ_VERSION"
# cargo-fuzz needs nightly flags (sanitizers); the stable compiler accepts
# them with RUSTC_BOOTSTRAP.
export RUSTC_BOOTSTRAP=1
for dir in "$top"/lib/*/fuzz; do
	for target in $(cd "$dir" && cargo fuzz list --fuzz-dir .); do
		log=$(mktemp)
		if ! (cd "$dir" && cargo fuzz run "$target" --fuzz-dir . -- \
			-max_total_time="$secs" -max_len=4096) >"$log" 2>&1; then
			tail -n 30 "$log"; echo "fuzz: $dir $target failed"; exit 1
		fi
		echo "fuzz: ${dir#"$top"/} $target: $(grep -Eo 'Done [0-9]+ runs in [0-9]+ second' "$log")"
		rm -f "$log"
	done
done
