// SPDX-License-Identifier: GPL-2.0

//! The project's support layer over what the `kernel` crate of 6.12 lacks:
//! network devices, socket buffers, rtnetlink link types and generic netlink.
//!
//! A module includes it as a module of its own crate:
//!
//! ```ignore
//! #[path = "../../rust/support/mod.rs"]
//! mod support;
//! ```
//!
//! and links `rust/helpers/helpers.c` in (a one-line `helpers.c` in its folder).
//! All `unsafe` code of the project lives here; modules use the safe API only.
//! Kernel-version differences are kept in this folder too.
//!
//! The rules are enforced by the compiler: `bindings` is private to this
//! layer (a module naming `support::bindings::...` fails with E0603), and each
//! module's crate root denies `unsafe_code` except on its `mod support;`:
//!
//! ```ignore
//! #![deny(unsafe_code)]
//!
//! #[allow(unsafe_code)]
//! #[path = "../../rust/support/mod.rs"]
//! mod support;
//! ```
//!
//! `scripts/check-layering.sh` proves both with throwaway modules.

#![allow(dead_code, unreachable_pub)]
// Subsystems a module opts into (`rustflags-y += --cfg support_usb` in its
// Kbuild, with the matching helpers in its helpers.c): their code calls
// functions of other modules (usbcore, cdc-wdm), which must not become
// dependencies of the modules that do not use them.
#![allow(unknown_lints, unexpected_cfgs)]

mod bindings;
pub mod crypto;
pub mod cstr;
pub mod error;
mod foreign;
pub mod genl;
pub mod gro;
pub mod init;
pub mod ipv6;
pub mod mhi;
mod module;
pub mod napi;
pub mod nat;
pub mod net;
pub mod netdev;
pub mod netfilter;
pub mod notifier;
pub mod rx_handler;
pub mod rx_list;
pub mod skb;
pub mod stats;
pub mod sync;
pub mod timer;
pub mod tunnel6;
pub mod udp_tunnel;
#[cfg(support_usb)]
pub mod usb;
pub mod vec;

pub(crate) use self::module::module;
