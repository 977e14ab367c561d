// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
// Do not edit directly, auto-generated from:
//	Documentation/netlink/specs/mape.yaml
// YNL-GEN rust-kernel

//! The `mape` generic netlink family: numbers, request policies,
//! operations and multicast groups, generated from its YNL spec.

#![allow(dead_code)]

use crate::support::genl::{Family, McGroup, Op, OpFlags, Policy, Range};
use kernel::c_str;

/// What a MAP device is.
pub(crate) mod mode {
    /// Customer edge (the router of a subscriber).
    pub(crate) const CE: u32 = 0;
    /// Border relay (the operator's side; encapsulates to CEs).
    pub(crate) const BR: u32 = 1;
}

/// Interface identifier of a CE's IPv6 address under a rule.
pub(crate) mod iid_format {
    /// RFC 7597 §6, 16 bits zero, IPv4 address, PSID (right-aligned).
    pub(crate) const RFC7597: u32 = 0;
    /// draft-ietf-softwire-map-03 (v6plus, OCN, BIGLOBE), 8 bits zero, IPv4 address, PSID (right-aligned), 8 bits zero.
    pub(crate) const DRAFT03: u32 = 1;
}

/// Attribute numbers, per attribute set.
pub(crate) mod attr {
    /// A MAP device, its configuration, what it derived and its counters.
    pub(crate) mod dev {
        /// Index of the MAP device.
        pub(crate) const IFINDEX: u16 = 1;
        /// Name of the MAP device; on creation, defaults to map%d.
        pub(crate) const IFNAME: u16 = 2;
        /// Index of the underlying IPv6 link (the WAN), which carries the CE IPv6 address.
        pub(crate) const LINK_IFINDEX: u16 = 3;
        /// Name of the underlying IPv6 link.
        pub(crate) const LINK_NAME: u16 = 4;
        /// CE (default) or BR; fixed at creation.
        pub(crate) const MODE: u16 = 5;
        /// The BR's IPv6 address (CE, the outer destination of everything no FMR covers; BR, its own address and the outer source).
        pub(crate) const BR_ADDR: u16 = 6;
        /// CE, the delegated (end-user) IPv6 prefix the rules map.
        pub(crate) const END_USER_PREFIX: u16 = 7;
        /// CE, length of the end-user prefix.
        pub(crate) const END_USER_PREFIX_LEN: u16 = 8;
        /// The RFC 2473 tunnel encapsulation limit option to add to outer headers; absent, none is added (RFC 7597 domains are engineered without it).
        pub(crate) const ENCAP_LIMIT: u16 = 9;
        /// CE, the IPv4 address derived from the BMR (absent until a BMR matches).
        pub(crate) const IPV4_ADDR: u16 = 10;
        /// CE, the port set identifier, right-aligned.
        pub(crate) const PSID: u16 = 11;
        /// CE, PSID length k (the sharing ratio is 2^k).
        pub(crate) const PSID_LEN: u16 = 12;
        /// CE, PSID offset a (ports below 2^(16-a) are not in the set when a > 0).
        pub(crate) const PSID_OFFSET: u16 = 13;
        /// CE, number of ports in the set.
        pub(crate) const PORTS: u16 = 14;
        /// CE, its IPv6 address (the outer source), in the BMR's interface-identifier format.
        pub(crate) const CE_ADDR: u16 = 15;
        /// Number of rules.
        pub(crate) const RULES: u16 = 16;
        /// IPv4 packets encapsulated and sent.
        pub(crate) const TX_ENCAP: u16 = 17;
        /// Of those, sent straight to another CE under an FMR.
        pub(crate) const TX_FMR: u16 = 18;
        /// IPv4 packets decapsulated and received.
        pub(crate) const RX_DECAP: u16 = 19;
        /// CE, connections source-NATed into the port set.
        pub(crate) const NAT_NEW: u16 = 20;
        /// CE, new connections dropped because no port of the set was free for their destination.
        pub(crate) const NAT_EXHAUSTED: u16 = 21;
        /// CE, packets not sent because their source address or port was outside the CE's IPv4 address and port set (after NAT).
        pub(crate) const DROP_TX_PORT: u16 = 22;
        /// Packets not sent for want of a route to the BR or CE, or of a rule (BR mode).
        pub(crate) const DROP_TX_NO_ROUTE: u16 = 23;
        /// Non-first IPv4 fragments not sent (no first fragment seen to tell their port).
        pub(crate) const DROP_TX_FRAG: u16 = 24;
        /// Decapsulated packets dropped because the outer IPv6 source does not match the inner IPv4 source and port under the rules (RFC 7597 §8.1).
        pub(crate) const DROP_RX_SPOOF: u16 = 25;
        /// CE, decapsulated packets dropped because their destination address or port is not the CE's (RFC 7597 §8.1).
        pub(crate) const DROP_RX_PORT: u16 = 26;
        /// Decapsulated packets dropped as malformed (short, bad IPv4 header, bad length).
        pub(crate) const DROP_RX_MALFORMED: u16 = 27;
        /// ICMPv6 errors about tunnelled packets turned into ICMP errors for their IPv4 source (RFC 2473 §8).
        pub(crate) const ICMP_ERRORS: u16 = 28;
        /// Path MTU changes learnt from ICMPv6 Packet Too Big.
        pub(crate) const PMTU_UPDATES: u16 = 29;
        /// IPv4 packets with Don't Fragment set that do not fit the path MTU to their tunnel end, refused with an ICMP fragmentation needed to their source.
        pub(crate) const DROP_TX_TOO_BIG: u16 = 30;
        /// The highest attribute number.
        pub(crate) const MAX: u16 = 30;
    }

    /// A mapping rule of a MAP device.
    pub(crate) mod rule {
        /// Index of the MAP device.
        pub(crate) const IFINDEX: u16 = 1;
        /// Name of the MAP device.
        pub(crate) const IFNAME: u16 = 2;
        /// The rule IPv6 prefix (bits past its length must be zero).
        pub(crate) const IPV6_PREFIX: u16 = 3;
        /// Length of the rule IPv6 prefix.
        pub(crate) const IPV6_PREFIX_LEN: u16 = 4;
        /// The rule IPv4 prefix (bits past its length must be zero).
        pub(crate) const IPV4_PREFIX: u16 = 5;
        /// Length of the rule IPv4 prefix.
        pub(crate) const IPV4_PREFIX_LEN: u16 = 6;
        /// Length of the embedded-address bits (IPv4 suffix and PSID) in the end-user prefix.
        pub(crate) const EA_LEN: u16 = 7;
        /// PSID offset a (default 6).
        pub(crate) const PSID_OFFSET: u16 = 8;
        /// PSID length k when the EA bits carry no PSID (RFC 7598 S46_PORTPARAMS); else derived.
        pub(crate) const PSID_LEN: u16 = 9;
        /// The PSID, right-aligned, when given with psid-len.
        pub(crate) const PSID: u16 = 10;
        /// 1 when the rule is also a forwarding mapping rule (CE-to-CE traffic goes straight to the other CE).
        pub(crate) const FMR: u16 = 11;
        /// Interface-identifier format of CE addresses under this rule (default rfc7597).
        pub(crate) const IID_FORMAT: u16 = 12;
        /// 1 when the rule is the device's basic mapping rule.
        pub(crate) const BMR: u16 = 13;
        /// The highest attribute number.
        pub(crate) const MAX: u16 = 13;
    }
}

/// Command numbers (requests, replies and notifications).
pub(crate) mod cmd {
    /// Create a MAP device. Replies as dev-get.
    pub(crate) const DEV_NEW: u8 = 1;
    /// Delete a MAP device (by index or name).
    pub(crate) const DEV_DEL: u8 = 2;
    /// Change a MAP device's BR address or end-user prefix (the derived parameters follow).
    pub(crate) const DEV_SET: u8 = 3;
    /// Get a MAP device by index or name, or dump them all.
    pub(crate) const DEV_GET: u8 = 4;
    /// Set every counter of a MAP device to zero.
    pub(crate) const STATS_RESET: u8 = 5;
    /// Add a rule to a MAP device (replacing the one with the same IPv6 prefix).
    pub(crate) const RULE_ADD: u8 = 6;
    /// Remove the rule with this IPv6 prefix from a MAP device.
    pub(crate) const RULE_DEL: u8 = 7;
    /// Dump the rules of every MAP device.
    pub(crate) const RULE_GET: u8 = 8;
    /// A MAP device's derived parameters changed (a rule, the end-user prefix or the BR address changed).
    pub(crate) const DEV_CHANGE_NTF: u8 = 9;
}

/// Multicast groups, by index.
pub(crate) mod mcgrp {
    /// The `events` group.
    pub(crate) const EVENTS: u32 = 0;
}

static DEV_LINK_IFINDEX_RANGE: Range = Range::new(1, 2147483647);
static DEV_MODE_RANGE: Range = Range::new(0, 1);
static DEV_END_USER_PREFIX_LEN_RANGE: Range = Range::new(1, 128);
static DEV_ENCAP_LIMIT_RANGE: Range = Range::new(0, 255);
static DEV_IFINDEX_RANGE: Range = Range::new(1, 2147483647);
static RULE_IFINDEX_RANGE: Range = Range::new(1, 2147483647);
static RULE_IPV6_PREFIX_LEN_RANGE: Range = Range::new(0, 128);
static RULE_IPV4_PREFIX_LEN_RANGE: Range = Range::new(0, 32);
static RULE_EA_LEN_RANGE: Range = Range::new(0, 48);
static RULE_PSID_OFFSET_RANGE: Range = Range::new(0, 16);
static RULE_PSID_LEN_RANGE: Range = Range::new(0, 16);
static RULE_PSID_RANGE: Range = Range::new(0, 65535);
static RULE_FMR_RANGE: Range = Range::new(0, 1);
static RULE_IID_FORMAT_RANGE: Range = Range::new(0, 1);

/// Requests of `dev-new`.
static DEV_NEW_POLICY: [Policy; 10] = [
    Policy::UNSPEC,                                    // unspec
    Policy::UNSPEC,                                    // ifindex: not taken
    Policy::string(15),                                // ifname
    Policy::u32_range(&DEV_LINK_IFINDEX_RANGE),        // link-ifindex
    Policy::string(15),                                // link-name
    Policy::u32_range(&DEV_MODE_RANGE),                // mode
    Policy::binary_exact(16),                          // br-addr
    Policy::binary_exact(16),                          // end-user-prefix
    Policy::u32_range(&DEV_END_USER_PREFIX_LEN_RANGE), // end-user-prefix-len
    Policy::u32_range(&DEV_ENCAP_LIMIT_RANGE),         // encap-limit
];

/// Requests of `dev-del`.
static DEV_DEL_POLICY: [Policy; 3] = [
    Policy::UNSPEC,                        // unspec
    Policy::u32_range(&DEV_IFINDEX_RANGE), // ifindex
    Policy::string(15),                    // ifname
];

/// Requests of `dev-set`.
static DEV_SET_POLICY: [Policy; 10] = [
    Policy::UNSPEC,                                    // unspec
    Policy::u32_range(&DEV_IFINDEX_RANGE),             // ifindex
    Policy::string(15),                                // ifname
    Policy::UNSPEC,                                    // link-ifindex: not taken
    Policy::UNSPEC,                                    // link-name: not taken
    Policy::UNSPEC,                                    // mode: not taken
    Policy::binary_exact(16),                          // br-addr
    Policy::binary_exact(16),                          // end-user-prefix
    Policy::u32_range(&DEV_END_USER_PREFIX_LEN_RANGE), // end-user-prefix-len
    Policy::u32_range(&DEV_ENCAP_LIMIT_RANGE),         // encap-limit
];

/// Requests of `dev-get`.
static DEV_GET_POLICY: [Policy; 3] = [
    Policy::UNSPEC,                        // unspec
    Policy::u32_range(&DEV_IFINDEX_RANGE), // ifindex
    Policy::string(15),                    // ifname
];

/// Requests of `stats-reset`.
static STATS_RESET_POLICY: [Policy; 3] = [
    Policy::UNSPEC,                        // unspec
    Policy::u32_range(&DEV_IFINDEX_RANGE), // ifindex
    Policy::string(15),                    // ifname
];

/// Requests of `rule-add`.
static RULE_ADD_POLICY: [Policy; 13] = [
    Policy::UNSPEC,                                 // unspec
    Policy::u32_range(&RULE_IFINDEX_RANGE),         // ifindex
    Policy::string(15),                             // ifname
    Policy::binary_exact(16),                       // ipv6-prefix
    Policy::u32_range(&RULE_IPV6_PREFIX_LEN_RANGE), // ipv6-prefix-len
    Policy::binary_exact(4),                        // ipv4-prefix
    Policy::u32_range(&RULE_IPV4_PREFIX_LEN_RANGE), // ipv4-prefix-len
    Policy::u32_range(&RULE_EA_LEN_RANGE),          // ea-len
    Policy::u32_range(&RULE_PSID_OFFSET_RANGE),     // psid-offset
    Policy::u32_range(&RULE_PSID_LEN_RANGE),        // psid-len
    Policy::u32_range(&RULE_PSID_RANGE),            // psid
    Policy::u32_range(&RULE_FMR_RANGE),             // fmr
    Policy::u32_range(&RULE_IID_FORMAT_RANGE),      // iid-format
];

/// Requests of `rule-del`.
static RULE_DEL_POLICY: [Policy; 5] = [
    Policy::UNSPEC,                                 // unspec
    Policy::u32_range(&RULE_IFINDEX_RANGE),         // ifindex
    Policy::string(15),                             // ifname
    Policy::binary_exact(16),                       // ipv6-prefix
    Policy::u32_range(&RULE_IPV6_PREFIX_LEN_RANGE), // ipv6-prefix-len
];

/// The handlers: the module implements `FamilyOps` for it.
pub(crate) struct MapeFamily;

static OPS: [Op; 8] = [
    Op::new::<MapeFamily>(
        cmd::DEV_NEW,
        OpFlags::UNS_ADMIN_PERM,
        true,
        false,
        &DEV_NEW_POLICY,
    ),
    Op::new::<MapeFamily>(
        cmd::DEV_DEL,
        OpFlags::UNS_ADMIN_PERM,
        true,
        false,
        &DEV_DEL_POLICY,
    ),
    Op::new::<MapeFamily>(
        cmd::DEV_SET,
        OpFlags::UNS_ADMIN_PERM,
        true,
        false,
        &DEV_SET_POLICY,
    ),
    Op::new::<MapeFamily>(cmd::DEV_GET, OpFlags::NONE, true, true, &DEV_GET_POLICY),
    Op::new::<MapeFamily>(
        cmd::STATS_RESET,
        OpFlags::UNS_ADMIN_PERM,
        true,
        false,
        &STATS_RESET_POLICY,
    ),
    Op::new::<MapeFamily>(
        cmd::RULE_ADD,
        OpFlags::UNS_ADMIN_PERM,
        true,
        false,
        &RULE_ADD_POLICY,
    ),
    Op::new::<MapeFamily>(
        cmd::RULE_DEL,
        OpFlags::UNS_ADMIN_PERM,
        true,
        false,
        &RULE_DEL_POLICY,
    ),
    Op::new::<MapeFamily>(cmd::RULE_GET, OpFlags::NONE, false, true, &[]),
];

static MCGRPS: [McGroup; 1] = [McGroup::new("events")];

/// The `mape` family.
pub(crate) static FAMILY: Family<MapeFamily> = Family::new(c_str!("mape"), 1, &OPS, &MCGRPS);
