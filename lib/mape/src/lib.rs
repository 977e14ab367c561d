// SPDX-License-Identifier: GPL-2.0

//! MAP-E arithmetic, for host builds (tests, fuzzing, the CLI).
//!
//! The MAP-E kernel module compiles `mape.rs` (and its children under
//! `mape/`) in directly as one of its modules; this crate root only makes it
//! a `no_std` library for the host.

#![no_std]
#![forbid(unsafe_code)]

#[path = "mape.rs"]
mod proto;

pub use proto::*;

#[cfg(test)]
mod tests;
