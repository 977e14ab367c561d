// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
// Do not edit directly, auto-generated from:
//	Documentation/netlink/specs/netpair.yaml
// YNL-GEN rust-kernel

//! The `netpair` generic netlink family: numbers, request policies,
//! operations and multicast groups, generated from its YNL spec.

#![allow(dead_code)]

use crate::support::genl::{Family, McGroup, Op, OpFlags, Policy, Range};
use kernel::c_str;

/// Attribute numbers, per attribute set.
pub(crate) mod attr {
    /// One end of a pair.
    pub(crate) mod dev {
        /// Index of the device.
        pub(crate) const IFINDEX: u16 = 1;
        /// Name of the device; on creation, a name or a pattern with %d.
        pub(crate) const NAME: u16 = 2;
        /// Index of the other end, in the namespace where the other end lives.
        pub(crate) const PEER_IFINDEX: u16 = 3;
        /// Name of the other end; on creation, a name or a pattern with %d.
        pub(crate) const PEER_NAME: u16 = 4;
        /// Packets received from the other end.
        pub(crate) const RX_PACKETS: u16 = 5;
        /// Bytes received from the other end.
        pub(crate) const RX_BYTES: u16 = 6;
        /// Packets sent to the other end.
        pub(crate) const TX_PACKETS: u16 = 7;
        /// Bytes sent to the other end.
        pub(crate) const TX_BYTES: u16 = 8;
        /// Packets dropped on transmit because the peer was gone or refused them.
        pub(crate) const TX_DROPPED: u16 = 9;
        /// The highest attribute number.
        pub(crate) const MAX: u16 = 9;
    }
}

/// Command numbers (requests, replies and notifications).
pub(crate) mod cmd {
    /// Create a pair. Replies with the new device as dev-get does.
    pub(crate) const DEV_NEW: u8 = 1;
    /// Delete a pair, given either end by ifindex or name.
    pub(crate) const DEV_DEL: u8 = 2;
    /// Get one device (by ifindex or name) or dump all pair ends in the namespace.
    pub(crate) const DEV_GET: u8 = 3;
    /// A pair end was created.
    pub(crate) const DEV_NEW_NTF: u8 = 4;
    /// A pair end was deleted.
    pub(crate) const DEV_DEL_NTF: u8 = 5;
}

/// Multicast groups, by index.
pub(crate) mod mcgrp {
    /// The `events` group.
    pub(crate) const EVENTS: u32 = 0;
}

static DEV_IFINDEX_RANGE: Range = Range::new(1, 2147483647);

/// Requests of `dev-new`.
static DEV_NEW_POLICY: [Policy; 5] = [
    Policy::UNSPEC,     // unspec
    Policy::UNSPEC,     // ifindex: not taken
    Policy::string(15), // name
    Policy::UNSPEC,     // peer-ifindex: not taken
    Policy::string(15), // peer-name
];

/// Requests of `dev-del`.
static DEV_DEL_POLICY: [Policy; 3] = [
    Policy::UNSPEC,                        // unspec
    Policy::u32_range(&DEV_IFINDEX_RANGE), // ifindex
    Policy::string(15),                    // name
];

/// Requests of `dev-get`.
static DEV_GET_POLICY: [Policy; 3] = [
    Policy::UNSPEC,                        // unspec
    Policy::u32_range(&DEV_IFINDEX_RANGE), // ifindex
    Policy::string(15),                    // name
];

/// The handlers: the module implements `FamilyOps` for it.
pub(crate) struct NetpairFamily;

static OPS: [Op; 3] = [
    Op::new::<NetpairFamily>(
        cmd::DEV_NEW,
        OpFlags::UNS_ADMIN_PERM,
        true,
        false,
        &DEV_NEW_POLICY,
    ),
    Op::new::<NetpairFamily>(
        cmd::DEV_DEL,
        OpFlags::UNS_ADMIN_PERM,
        true,
        false,
        &DEV_DEL_POLICY,
    ),
    Op::new::<NetpairFamily>(cmd::DEV_GET, OpFlags::NONE, true, true, &DEV_GET_POLICY),
];

static MCGRPS: [McGroup; 1] = [McGroup::new("events")];

/// The `netpair` family.
pub(crate) static FAMILY: Family<NetpairFamily> = Family::new(c_str!("netpair"), 1, &OPS, &MCGRPS);
