// SPDX-License-Identifier: GPL-2.0
//! The code generated from the YNL specs, one file per family:
//!
//! ```text
//! tools/net/ynl/ynl-gen-rust.py --mode cli \
//!     --spec Documentation/netlink/specs/FAMILY.yaml \
//!     -o tools/cellctl/src/gen/FAMILY.rs --cmp-out
//! ```
//!
//! (scripts/ynl-regen.sh runs it for every family, with the kernel side and
//! the uapi header; `scripts/ynl-regen.sh --check` fails on any drift.) Each file is the
//! family's whole API, whether the module's verbs use it all or not.

#[rustfmt::skip]
pub mod netpair;
#[rustfmt::skip]
pub mod qmap;
#[rustfmt::skip]
pub mod mip6;
#[rustfmt::skip]
pub mod mape;
#[rustfmt::skip]
pub mod sixbed4;
