// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
// Do not edit directly, auto-generated from:
//	Documentation/netlink/specs/mip6.yaml
// YNL-GEN rust-kernel

//! The `mip6` generic netlink family: numbers, request policies,
//! operations and multicast groups, generated from its YNL spec.

#![allow(dead_code)]

use crate::support::genl::{Family, McGroup, Op, OpFlags, Policy, Range};
use kernel::c_str;

/// What the instance of a namespace is.
pub(crate) mod mode {
    /// Home agent.
    pub(crate) const HA: u32 = 0;
    /// Mobile node.
    pub(crate) const MN: u32 = 1;
}

/// State of a binding cache entry (HA) or binding update list entry (MN).
pub(crate) mod state {
    /// HA, the home address is being checked for duplicates; no BA sent yet.
    pub(crate) const DAD: u32 = 0;
    /// The binding is in force (HA; MN, acknowledged).
    pub(crate) const ACTIVE: u32 = 1;
    /// MN, a BU was sent and its BA is awaited.
    pub(crate) const REGISTERING: u32 = 2;
    /// MN, at home, a deregistration BU was sent and its BA is awaited.
    pub(crate) const DEREGISTERING: u32 = 3;
}

/// What the HA does with a BU for a home address that has no access list entry (UMIP's DefaultBindingAclPolicy).
pub(crate) mod acl_policy {
    /// Refuse it (status 129); the default.
    pub(crate) const DENY: u32 = 0;
    /// Accept it without authentication if the home address is in a served prefix.
    pub(crate) const ALLOW: u32 = 1;
}

/// Attribute numbers, per attribute set.
pub(crate) mod attr {
    /// The instance of the namespace, its configuration and counters (MIPL's names in brackets).
    pub(crate) mod inst {
        /// Home agent or mobile node.
        pub(crate) const MODE: u16 = 1;
        /// Index of the tunnel netdev.
        pub(crate) const IFINDEX: u16 = 2;
        /// Name of the tunnel netdev; on creation, defaults to mip6tnl<n> (name it ip6tnl1 for MIPL's name; ip6_tunnel's own fallback device is ip6tnl0).
        pub(crate) const IFNAME: u16 = 3;
        /// MN, index of the interface that moves between links.
        pub(crate) const LINK_IFINDEX: u16 = 4;
        /// MN, name of the interface that moves between links.
        pub(crate) const LINK_NAME: u16 = 5;
        /// MN, the home address. It must be an address of the MN (a /128 on any interface, nodad).
        pub(crate) const HOME_ADDR: u16 = 6;
        /// MN, length of the home prefix (default 64).
        pub(crate) const HOME_PREFIX_LEN: u16 = 7;
        /// MN, the home agent's address; all zeros (::) to discover it with DHAAD (reading back gives the one found).
        pub(crate) const HA_ADDR: u16 = 8;
        /// MN, the current care-of address (absent at home and before the first router advertisement).
        pub(crate) const COA: u16 = 9;
        /// MN, 1 while on the home link, else 0.
        pub(crate) const AT_HOME: u16 = 10;
        /// MN, the binding lifetime asked for in BUs (default 1000 s; sent in 4-second units).
        pub(crate) const LIFETIME: u16 = 11;
        /// HA, the longest lifetime granted (default 262140 s); BAs give at most this.
        pub(crate) const MAX_LIFETIME: u16 = 12;
        /// HA, how long duplicate address detection for a new home address waits for a defence (default 1000 ms, RFC 4862 RetransTimer).
        pub(crate) const DAD_TIMEOUT_MS: u16 = 13;
        /// Entries in the binding cache (HA) or binding update list (MN).
        pub(crate) const BINDINGS: u16 = 14;
        /// Packets tunnelled (NEncapsulations).
        pub(crate) const ENCAPSULATIONS: u16 = 15;
        /// Packets received through the tunnel (NDecapsulations).
        pub(crate) const DECAPSULATIONS: u16 = 16;
        /// Binding updates received and accepted for processing (NBindUpdatesRcvd).
        pub(crate) const BU_RCVD: u16 = 17;
        /// Binding acknowledgements received with status below 128 (NBindAcksRcvd).
        pub(crate) const BA_RCVD: u16 = 18;
        /// Binding acknowledgements received with status 128 or more (NBindNAcksRcvd).
        pub(crate) const BA_NACK_RCVD: u16 = 19;
        /// Binding refresh requests received (NBindRqsRcvd).
        pub(crate) const BRR_RCVD: u16 = 20;
        /// Binding errors received (NBindErrorsRcvd).
        pub(crate) const BE_RCVD: u16 = 21;
        /// Binding updates sent, retransmissions included (NBindUpdatesSent).
        pub(crate) const BU_SENT: u16 = 22;
        /// Binding acknowledgements sent with status below 128 (NBindAcksSent).
        pub(crate) const BA_SENT: u16 = 23;
        /// Binding acknowledgements sent with status 128 or more (NBindNAcksSent).
        pub(crate) const BA_NACK_SENT: u16 = 24;
        /// Binding refresh requests sent (NBindRqsSent).
        pub(crate) const BRR_SENT: u16 = 25;
        /// Binding errors sent (NBindErrorsSent).
        pub(crate) const BE_SENT: u16 = 26;
        /// Binding updates dropped for authentication (RFC 4285 option missing, wrong or replayed) (NBindUpdatesDropAuth).
        pub(crate) const BU_DROP_AUTH: u16 = 27;
        /// Binding updates dropped as malformed (bad length, options, checksum, missing home address option) (NBindUpdatesDropInvalid).
        pub(crate) const BU_DROP_INVALID: u16 = 28;
        /// Binding updates dropped for other reasons (wrong role, rate limit, no memory) (NBindUpdatesDropMisc).
        pub(crate) const BU_DROP_MISC: u16 = 29;
        /// Binding acknowledgements dropped for authentication (NBindAcksDropAuth).
        pub(crate) const BA_DROP_AUTH: u16 = 30;
        /// Binding acknowledgements dropped as malformed (NBindAcksDropInvalid).
        pub(crate) const BA_DROP_INVALID: u16 = 31;
        /// Binding acknowledgements dropped for other reasons (no matching BU, stale sequence, wrong role) (NBindAcksDropMisc).
        pub(crate) const BA_DROP_MISC: u16 = 32;
        /// Binding refresh requests dropped for authentication (NBindRqsDropAuth).
        pub(crate) const BRR_DROP_AUTH: u16 = 33;
        /// Binding refresh requests dropped as malformed (NBindRqsDropInvalid).
        pub(crate) const BRR_DROP_INVALID: u16 = 34;
        /// Binding refresh requests dropped for other reasons (NBindRqsDropMisc).
        pub(crate) const BRR_DROP_MISC: u16 = 35;
        /// Mobility headers of any type dropped for a bad checksum.
        pub(crate) const MH_DROP_CHECKSUM: u16 = 36;
        /// Mobility headers of any type dropped as truncated, oversized, with a payload proto other than 59 or with bad options.
        pub(crate) const MH_DROP_MALFORMED: u16 = 37;
        /// Mobility headers of an unknown type, answered with a binding error (status 2).
        pub(crate) const MH_UNKNOWN_TYPE: u16 = 38;
        /// Packets with a home address option but no binding update, or with a bad one; dropped (a binding error answers those for unknown bindings).
        pub(crate) const HAO_DROP: u16 = 39;
        /// Packets with a type 2 routing header that is malformed, has segments left other than 1, or names a foreign home address; dropped.
        pub(crate) const RH2_DROP: u16 = 40;
        /// Tunnelled packets dropped (no binding for the outer source, inner source not the home address, malformed, no route).
        pub(crate) const TUNNEL_DROP: u16 = 41;
        /// HA, registrations refused because duplicate address detection found the home address in use (status 134).
        pub(crate) const DAD_FAILURES: u16 = 42;
        /// MN, movements detected (new care-of address, or return home).
        pub(crate) const MOVEMENTS: u16 = 43;
        /// MN, dynamic home agent address discovery requests sent.
        pub(crate) const DHAAD_SENT: u16 = 44;
        /// DHAAD requests received (HA) or replies received (MN).
        pub(crate) const DHAAD_RCVD: u16 = 45;
        /// HA, the policy for home addresses without an access list entry (default deny).
        pub(crate) const ACL_DEFAULT: u16 = 46;
        /// MN, RFC 4285 security parameter index of the MN-HA key (256 and up; 0..255 are reserved).
        pub(crate) const SPI: u16 = 47;
        /// MN, RFC 4285 MN-HA shared key for HMAC-SHA1-96; write only, never read back. With a key, BUs carry the MESG-ID and authentication options and BAs must too.
        pub(crate) const KEY: u16 = 48;
        /// MN, 1 when an MN-HA key is set, else 0.
        pub(crate) const AUTH: u16 = 49;
        /// Error BAs and Binding Errors not sent because of the rate limit (at most 100 a second, RFC 6275 §9.3.1 and §11.3.6).
        pub(crate) const RATELIMITED: u16 = 50;
        /// The highest attribute number.
        pub(crate) const MAX: u16 = 50;
    }

    /// A home prefix the HA serves on one of its interfaces.
    pub(crate) mod prefix {
        /// Index of the home link's interface.
        pub(crate) const LINK_IFINDEX: u16 = 1;
        /// Name of the home link's interface.
        pub(crate) const LINK_NAME: u16 = 2;
        /// The home prefix (bits past prefix-len must be zero).
        pub(crate) const PREFIX: u16 = 3;
        /// Length of the home prefix.
        pub(crate) const PREFIX_LEN: u16 = 4;
        /// The HA's own address in the prefix, the source of its BAs (an address of the home link's interface).
        pub(crate) const HA_ADDR: u16 = 5;
        /// Bindings of home addresses in this prefix.
        pub(crate) const BINDINGS: u16 = 6;
        /// The highest attribute number.
        pub(crate) const MAX: u16 = 6;
    }

    /// A home address the HA accepts registrations for, and its RFC 4285 MN-HA key.
    pub(crate) mod acl {
        /// The home address. BUs for home addresses without an entry are refused (status 129).
        pub(crate) const HOME_ADDR: u16 = 1;
        /// RFC 4285 security parameter index of the MN-HA key (256 and up; 0..255 are reserved).
        pub(crate) const SPI: u16 = 2;
        /// RFC 4285 MN-HA shared key for HMAC-SHA1-96; write only, never read back. With a key, BUs must carry the authentication and MESG-ID options.
        pub(crate) const KEY: u16 = 3;
        /// 1 when a key is set for the entry, else 0.
        pub(crate) const AUTH: u16 = 4;
        /// Largest difference in seconds between a MESG-ID timestamp and the HA's clock (default 7).
        pub(crate) const REPLAY_WINDOW: u16 = 5;
        /// The highest attribute number.
        pub(crate) const MAX: u16 = 5;
    }

    /// A binding cache entry (HA) or binding update list entry (MN).
    pub(crate) mod binding {
        /// The home address, the key of the entry.
        pub(crate) const HOME_ADDR: u16 = 1;
        /// The care-of address.
        pub(crate) const COA: u16 = 2;
        /// The HA's address (the BA's source; the MN's recipient).
        pub(crate) const HA_ADDR: u16 = 3;
        /// HA, index of the home link the home address is proxied on.
        pub(crate) const LINK_IFINDEX: u16 = 4;
        /// Lifetime granted (HA) or asked for (MN), in seconds.
        pub(crate) const LIFETIME: u16 = 5;
        /// Seconds until the entry expires.
        pub(crate) const EXPIRES: u16 = 6;
        /// Sequence number of the last accepted (HA) or last sent (MN) binding update.
        pub(crate) const SEQ: u16 = 7;
        /// Flags of the binding update as on the wire (A 0x8000, H 0x4000, L 0x2000, K 0x1000).
        pub(crate) const FLAGS: u16 = 8;
        /// State of the entry.
        pub(crate) const STATE: u16 = 9;
        /// MN, the current binding update retransmission timeout, in milliseconds.
        pub(crate) const DELAY: u16 = 10;
        /// MN, the longest retransmission timeout, in milliseconds (32000).
        pub(crate) const MAX_DELAY: u16 = 11;
        /// MN, seconds until the next binding update (retransmission or refresh).
        pub(crate) const CALLBACK: u16 = 12;
        /// HA, the RFC 4285 SPI the binding was authenticated with (absent without).
        pub(crate) const SPI: u16 = 13;
        /// The highest attribute number.
        pub(crate) const MAX: u16 = 13;
    }
}

/// Command numbers (requests, replies and notifications).
pub(crate) mod cmd {
    /// Make the namespace a home agent and create its tunnel netdev. Replies as get.
    pub(crate) const HA_NEW: u8 = 1;
    /// Make the namespace a mobile node and create its tunnel netdev. Replies as get.
    pub(crate) const MN_NEW: u8 = 2;
    /// Change the configuration of the namespace's instance.
    pub(crate) const SET: u8 = 3;
    /// Delete the namespace's instance; an MN deregisters first when it can, an HA drops its bindings and stops proxying.
    pub(crate) const DEL: u8 = 4;
    /// Get the namespace's instance, its configuration and counters.
    pub(crate) const GET: u8 = 5;
    /// Set every counter of the instance to zero.
    pub(crate) const STATS_RESET: u8 = 6;
    /// HA, serve a home prefix on an interface.
    pub(crate) const PREFIX_ADD: u8 = 7;
    /// HA, stop serving a home prefix; its bindings are removed.
    pub(crate) const PREFIX_DEL: u8 = 8;
    /// HA, dump the home prefixes served.
    pub(crate) const PREFIX_GET: u8 = 9;
    /// HA, accept registrations for a home address, with an RFC 4285 key when given; replaces an existing entry.
    pub(crate) const ACL_ADD: u8 = 10;
    /// HA, stop accepting registrations for a home address; its binding is removed.
    pub(crate) const ACL_DEL: u8 = 11;
    /// HA, dump the accepted home addresses (keys are never returned).
    pub(crate) const ACL_GET: u8 = 12;
    /// Get a binding by home address, or dump the binding cache (HA) or binding update list (MN).
    pub(crate) const BINDING_GET: u8 = 13;
    /// HA, remove a binding as if it had expired.
    pub(crate) const BINDING_DEL: u8 = 14;
    /// A binding was created (HA, BU accepted; MN, first BA).
    pub(crate) const BINDING_NEW_NTF: u8 = 15;
    /// A binding changed its care-of address or was refreshed.
    pub(crate) const BINDING_CHANGE_NTF: u8 = 16;
    /// A binding was removed (deregistration, expiry, refusal, deletion).
    pub(crate) const BINDING_DEL_NTF: u8 = 17;
    /// MN, a movement was detected (new care-of address, or home).
    pub(crate) const MOVE_NTF: u8 = 18;
}

/// Multicast groups, by index.
pub(crate) mod mcgrp {
    /// The `events` group.
    pub(crate) const EVENTS: u32 = 0;
}

static INST_MAX_LIFETIME_RANGE: Range = Range::new(4, 262140);
static INST_DAD_TIMEOUT_MS_RANGE: Range = Range::new(10, 10000);
static INST_ACL_DEFAULT_RANGE: Range = Range::new(0, 1);
static INST_LINK_IFINDEX_RANGE: Range = Range::new(1, 2147483647);
static INST_HOME_PREFIX_LEN_RANGE: Range = Range::new(1, 128);
static INST_LIFETIME_RANGE: Range = Range::new(4, 262140);
static INST_SPI_RANGE: Range = Range::new(256, 4294967295);
static PREFIX_LINK_IFINDEX_RANGE: Range = Range::new(1, 2147483647);
static PREFIX_PREFIX_LEN_RANGE: Range = Range::new(1, 128);
static ACL_SPI_RANGE: Range = Range::new(256, 4294967295);
static ACL_REPLAY_WINDOW_RANGE: Range = Range::new(1, 3600);

/// Requests of `ha-new`.
static HA_NEW_POLICY: [Policy; 47] = [
    Policy::UNSPEC,                                // unspec
    Policy::UNSPEC,                                // mode: not taken
    Policy::UNSPEC,                                // ifindex: not taken
    Policy::string(15),                            // ifname
    Policy::UNSPEC,                                // link-ifindex: not taken
    Policy::UNSPEC,                                // link-name: not taken
    Policy::UNSPEC,                                // home-addr: not taken
    Policy::UNSPEC,                                // home-prefix-len: not taken
    Policy::UNSPEC,                                // ha-addr: not taken
    Policy::UNSPEC,                                // coa: not taken
    Policy::UNSPEC,                                // at-home: not taken
    Policy::UNSPEC,                                // lifetime: not taken
    Policy::u32_range(&INST_MAX_LIFETIME_RANGE),   // max-lifetime
    Policy::u32_range(&INST_DAD_TIMEOUT_MS_RANGE), // dad-timeout-ms
    Policy::UNSPEC,                                // bindings: not taken
    Policy::UNSPEC,                                // encapsulations: not taken
    Policy::UNSPEC,                                // decapsulations: not taken
    Policy::UNSPEC,                                // bu-rcvd: not taken
    Policy::UNSPEC,                                // ba-rcvd: not taken
    Policy::UNSPEC,                                // ba-nack-rcvd: not taken
    Policy::UNSPEC,                                // brr-rcvd: not taken
    Policy::UNSPEC,                                // be-rcvd: not taken
    Policy::UNSPEC,                                // bu-sent: not taken
    Policy::UNSPEC,                                // ba-sent: not taken
    Policy::UNSPEC,                                // ba-nack-sent: not taken
    Policy::UNSPEC,                                // brr-sent: not taken
    Policy::UNSPEC,                                // be-sent: not taken
    Policy::UNSPEC,                                // bu-drop-auth: not taken
    Policy::UNSPEC,                                // bu-drop-invalid: not taken
    Policy::UNSPEC,                                // bu-drop-misc: not taken
    Policy::UNSPEC,                                // ba-drop-auth: not taken
    Policy::UNSPEC,                                // ba-drop-invalid: not taken
    Policy::UNSPEC,                                // ba-drop-misc: not taken
    Policy::UNSPEC,                                // brr-drop-auth: not taken
    Policy::UNSPEC,                                // brr-drop-invalid: not taken
    Policy::UNSPEC,                                // brr-drop-misc: not taken
    Policy::UNSPEC,                                // mh-drop-checksum: not taken
    Policy::UNSPEC,                                // mh-drop-malformed: not taken
    Policy::UNSPEC,                                // mh-unknown-type: not taken
    Policy::UNSPEC,                                // hao-drop: not taken
    Policy::UNSPEC,                                // rh2-drop: not taken
    Policy::UNSPEC,                                // tunnel-drop: not taken
    Policy::UNSPEC,                                // dad-failures: not taken
    Policy::UNSPEC,                                // movements: not taken
    Policy::UNSPEC,                                // dhaad-sent: not taken
    Policy::UNSPEC,                                // dhaad-rcvd: not taken
    Policy::u32_range(&INST_ACL_DEFAULT_RANGE),    // acl-default
];

/// Requests of `mn-new`.
static MN_NEW_POLICY: [Policy; 49] = [
    Policy::UNSPEC,                                 // unspec
    Policy::UNSPEC,                                 // mode: not taken
    Policy::UNSPEC,                                 // ifindex: not taken
    Policy::string(15),                             // ifname
    Policy::u32_range(&INST_LINK_IFINDEX_RANGE),    // link-ifindex
    Policy::string(15),                             // link-name
    Policy::binary_exact(16),                       // home-addr
    Policy::u32_range(&INST_HOME_PREFIX_LEN_RANGE), // home-prefix-len
    Policy::binary_exact(16),                       // ha-addr
    Policy::UNSPEC,                                 // coa: not taken
    Policy::UNSPEC,                                 // at-home: not taken
    Policy::u32_range(&INST_LIFETIME_RANGE),        // lifetime
    Policy::UNSPEC,                                 // max-lifetime: not taken
    Policy::UNSPEC,                                 // dad-timeout-ms: not taken
    Policy::UNSPEC,                                 // bindings: not taken
    Policy::UNSPEC,                                 // encapsulations: not taken
    Policy::UNSPEC,                                 // decapsulations: not taken
    Policy::UNSPEC,                                 // bu-rcvd: not taken
    Policy::UNSPEC,                                 // ba-rcvd: not taken
    Policy::UNSPEC,                                 // ba-nack-rcvd: not taken
    Policy::UNSPEC,                                 // brr-rcvd: not taken
    Policy::UNSPEC,                                 // be-rcvd: not taken
    Policy::UNSPEC,                                 // bu-sent: not taken
    Policy::UNSPEC,                                 // ba-sent: not taken
    Policy::UNSPEC,                                 // ba-nack-sent: not taken
    Policy::UNSPEC,                                 // brr-sent: not taken
    Policy::UNSPEC,                                 // be-sent: not taken
    Policy::UNSPEC,                                 // bu-drop-auth: not taken
    Policy::UNSPEC,                                 // bu-drop-invalid: not taken
    Policy::UNSPEC,                                 // bu-drop-misc: not taken
    Policy::UNSPEC,                                 // ba-drop-auth: not taken
    Policy::UNSPEC,                                 // ba-drop-invalid: not taken
    Policy::UNSPEC,                                 // ba-drop-misc: not taken
    Policy::UNSPEC,                                 // brr-drop-auth: not taken
    Policy::UNSPEC,                                 // brr-drop-invalid: not taken
    Policy::UNSPEC,                                 // brr-drop-misc: not taken
    Policy::UNSPEC,                                 // mh-drop-checksum: not taken
    Policy::UNSPEC,                                 // mh-drop-malformed: not taken
    Policy::UNSPEC,                                 // mh-unknown-type: not taken
    Policy::UNSPEC,                                 // hao-drop: not taken
    Policy::UNSPEC,                                 // rh2-drop: not taken
    Policy::UNSPEC,                                 // tunnel-drop: not taken
    Policy::UNSPEC,                                 // dad-failures: not taken
    Policy::UNSPEC,                                 // movements: not taken
    Policy::UNSPEC,                                 // dhaad-sent: not taken
    Policy::UNSPEC,                                 // dhaad-rcvd: not taken
    Policy::UNSPEC,                                 // acl-default: not taken
    Policy::u32_range(&INST_SPI_RANGE),             // spi
    Policy::binary_range(1, 64),                    // key
];

/// Requests of `set`.
static SET_POLICY: [Policy; 47] = [
    Policy::UNSPEC,                                // unspec
    Policy::UNSPEC,                                // mode: not taken
    Policy::UNSPEC,                                // ifindex: not taken
    Policy::UNSPEC,                                // ifname: not taken
    Policy::UNSPEC,                                // link-ifindex: not taken
    Policy::UNSPEC,                                // link-name: not taken
    Policy::UNSPEC,                                // home-addr: not taken
    Policy::UNSPEC,                                // home-prefix-len: not taken
    Policy::UNSPEC,                                // ha-addr: not taken
    Policy::UNSPEC,                                // coa: not taken
    Policy::UNSPEC,                                // at-home: not taken
    Policy::u32_range(&INST_LIFETIME_RANGE),       // lifetime
    Policy::u32_range(&INST_MAX_LIFETIME_RANGE),   // max-lifetime
    Policy::u32_range(&INST_DAD_TIMEOUT_MS_RANGE), // dad-timeout-ms
    Policy::UNSPEC,                                // bindings: not taken
    Policy::UNSPEC,                                // encapsulations: not taken
    Policy::UNSPEC,                                // decapsulations: not taken
    Policy::UNSPEC,                                // bu-rcvd: not taken
    Policy::UNSPEC,                                // ba-rcvd: not taken
    Policy::UNSPEC,                                // ba-nack-rcvd: not taken
    Policy::UNSPEC,                                // brr-rcvd: not taken
    Policy::UNSPEC,                                // be-rcvd: not taken
    Policy::UNSPEC,                                // bu-sent: not taken
    Policy::UNSPEC,                                // ba-sent: not taken
    Policy::UNSPEC,                                // ba-nack-sent: not taken
    Policy::UNSPEC,                                // brr-sent: not taken
    Policy::UNSPEC,                                // be-sent: not taken
    Policy::UNSPEC,                                // bu-drop-auth: not taken
    Policy::UNSPEC,                                // bu-drop-invalid: not taken
    Policy::UNSPEC,                                // bu-drop-misc: not taken
    Policy::UNSPEC,                                // ba-drop-auth: not taken
    Policy::UNSPEC,                                // ba-drop-invalid: not taken
    Policy::UNSPEC,                                // ba-drop-misc: not taken
    Policy::UNSPEC,                                // brr-drop-auth: not taken
    Policy::UNSPEC,                                // brr-drop-invalid: not taken
    Policy::UNSPEC,                                // brr-drop-misc: not taken
    Policy::UNSPEC,                                // mh-drop-checksum: not taken
    Policy::UNSPEC,                                // mh-drop-malformed: not taken
    Policy::UNSPEC,                                // mh-unknown-type: not taken
    Policy::UNSPEC,                                // hao-drop: not taken
    Policy::UNSPEC,                                // rh2-drop: not taken
    Policy::UNSPEC,                                // tunnel-drop: not taken
    Policy::UNSPEC,                                // dad-failures: not taken
    Policy::UNSPEC,                                // movements: not taken
    Policy::UNSPEC,                                // dhaad-sent: not taken
    Policy::UNSPEC,                                // dhaad-rcvd: not taken
    Policy::u32_range(&INST_ACL_DEFAULT_RANGE),    // acl-default
];

/// Requests of `prefix-add`.
static PREFIX_ADD_POLICY: [Policy; 6] = [
    Policy::UNSPEC,                                // unspec
    Policy::u32_range(&PREFIX_LINK_IFINDEX_RANGE), // link-ifindex
    Policy::string(15),                            // link-name
    Policy::binary_exact(16),                      // prefix
    Policy::u32_range(&PREFIX_PREFIX_LEN_RANGE),   // prefix-len
    Policy::binary_exact(16),                      // ha-addr
];

/// Requests of `prefix-del`.
static PREFIX_DEL_POLICY: [Policy; 5] = [
    Policy::UNSPEC,                              // unspec
    Policy::UNSPEC,                              // link-ifindex: not taken
    Policy::UNSPEC,                              // link-name: not taken
    Policy::binary_exact(16),                    // prefix
    Policy::u32_range(&PREFIX_PREFIX_LEN_RANGE), // prefix-len
];

/// Requests of `acl-add`.
static ACL_ADD_POLICY: [Policy; 6] = [
    Policy::UNSPEC,                              // unspec
    Policy::binary_exact(16),                    // home-addr
    Policy::u32_range(&ACL_SPI_RANGE),           // spi
    Policy::binary_range(1, 64),                 // key
    Policy::UNSPEC,                              // auth: not taken
    Policy::u32_range(&ACL_REPLAY_WINDOW_RANGE), // replay-window
];

/// Requests of `acl-del`.
static ACL_DEL_POLICY: [Policy; 2] = [
    Policy::UNSPEC,           // unspec
    Policy::binary_exact(16), // home-addr
];

/// Requests of `binding-get`.
static BINDING_GET_POLICY: [Policy; 2] = [
    Policy::UNSPEC,           // unspec
    Policy::binary_exact(16), // home-addr
];

/// Requests of `binding-del`.
static BINDING_DEL_POLICY: [Policy; 2] = [
    Policy::UNSPEC,           // unspec
    Policy::binary_exact(16), // home-addr
];

/// The handlers: the module implements `FamilyOps` for it.
pub(crate) struct Mip6Family;

static OPS: [Op; 14] = [
    Op::new::<Mip6Family>(
        cmd::HA_NEW,
        OpFlags::UNS_ADMIN_PERM,
        true,
        false,
        &HA_NEW_POLICY,
    ),
    Op::new::<Mip6Family>(
        cmd::MN_NEW,
        OpFlags::UNS_ADMIN_PERM,
        true,
        false,
        &MN_NEW_POLICY,
    ),
    Op::new::<Mip6Family>(cmd::SET, OpFlags::UNS_ADMIN_PERM, true, false, &SET_POLICY),
    Op::new::<Mip6Family>(cmd::DEL, OpFlags::UNS_ADMIN_PERM, true, false, &[]),
    Op::new::<Mip6Family>(cmd::GET, OpFlags::NONE, true, false, &[]),
    Op::new::<Mip6Family>(cmd::STATS_RESET, OpFlags::UNS_ADMIN_PERM, true, false, &[]),
    Op::new::<Mip6Family>(
        cmd::PREFIX_ADD,
        OpFlags::UNS_ADMIN_PERM,
        true,
        false,
        &PREFIX_ADD_POLICY,
    ),
    Op::new::<Mip6Family>(
        cmd::PREFIX_DEL,
        OpFlags::UNS_ADMIN_PERM,
        true,
        false,
        &PREFIX_DEL_POLICY,
    ),
    Op::new::<Mip6Family>(cmd::PREFIX_GET, OpFlags::NONE, false, true, &[]),
    Op::new::<Mip6Family>(
        cmd::ACL_ADD,
        OpFlags::UNS_ADMIN_PERM,
        true,
        false,
        &ACL_ADD_POLICY,
    ),
    Op::new::<Mip6Family>(
        cmd::ACL_DEL,
        OpFlags::UNS_ADMIN_PERM,
        true,
        false,
        &ACL_DEL_POLICY,
    ),
    Op::new::<Mip6Family>(cmd::ACL_GET, OpFlags::NONE, false, true, &[]),
    Op::new::<Mip6Family>(
        cmd::BINDING_GET,
        OpFlags::NONE,
        true,
        true,
        &BINDING_GET_POLICY,
    ),
    Op::new::<Mip6Family>(
        cmd::BINDING_DEL,
        OpFlags::UNS_ADMIN_PERM,
        true,
        false,
        &BINDING_DEL_POLICY,
    ),
];

static MCGRPS: [McGroup; 1] = [McGroup::new("events")];

/// The `mip6` family.
pub(crate) static FAMILY: Family<Mip6Family> = Family::new(c_str!("mip6"), 1, &OPS, &MCGRPS);
