// SPDX-License-Identifier: GPL-2.0

//! QMI framing, for host builds (the simulated modem, tests, fuzzing).
//!
//! `qmi.rs` is `no_std`, alloc-free and panic-free on any input, so that a
//! kernel module can compile it in directly as one of its modules, as the
//! qmap module does with `lib/qmap/src/qmap.rs`.

#![no_std]
#![forbid(unsafe_code)]

#[path = "qmi.rs"]
mod proto;

pub use proto::*;

#[cfg(test)]
mod tests;
