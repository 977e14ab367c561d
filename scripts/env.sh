# SPDX-License-Identifier: GPL-2.0
# Sourced by the scripts in this folder: where things live.
CELLROUTER_CACHE=${CELLROUTER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cellrouter}
# virtme-ng lives in its own virtualenv (Debian's python refuses system-wide pip).
CELLROUTER_VENV=$CELLROUTER_CACHE/venv
# Debian's rustc (1.96, with rust-src) for the kernel; rustup's cargo for host crates.
export PATH=/usr/bin:/usr/sbin:/bin:/sbin:$HOME/.cargo/bin:$CELLROUTER_VENV/bin:$PATH
