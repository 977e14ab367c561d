// SPDX-License-Identifier: GPL-2.0

//! Mobile IPv6 codec, for host builds (tests, fuzzing).
//!
//! The mip6 kernel module compiles `mh.rs` (and its children under `mh/`) in
//! directly as one of its modules; this crate root only makes it a `no_std`
//! library for the host.

#![no_std]
#![forbid(unsafe_code)]

#[path = "mh.rs"]
mod proto;

pub use proto::*;

#[cfg(test)]
mod tests;
