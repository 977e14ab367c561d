// SPDX-License-Identifier: GPL-2.0

//! 6bed4 arithmetic, for host builds (tests, fuzzing, tools).
//!
//! The 6bed4 kernel module compiles `sixbed4.rs` (and its children under
//! `sixbed4/`) in directly as one of its modules; this crate root only makes
//! it a `no_std` library for the host.

#![no_std]
#![forbid(unsafe_code)]

#[path = "sixbed4.rs"]
mod proto;

pub use proto::*;

#[cfg(test)]
mod tests;
