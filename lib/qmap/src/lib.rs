// SPDX-License-Identifier: GPL-2.0

//! QMAP framing, for host builds (tests, fuzzing, the modem emulator).
//!
//! The kernel module compiles `qmap.rs` in directly as one of its modules;
//! this crate root only makes it a `no_std` library for the host.

#![no_std]
#![forbid(unsafe_code)]

#[path = "qmap.rs"]
mod proto;

pub use proto::*;

#[cfg(test)]
mod tests;
