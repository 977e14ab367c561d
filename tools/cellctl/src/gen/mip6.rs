// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
// Do not edit directly, auto-generated from:
//	Documentation/netlink/specs/mip6.yaml
// YNL-GEN rust-cli
//! The mip6 generic netlink family, as cellctl speaks it.
//!
//! Mobile IPv6 (RFC 6275) home registration in the kernel: a home agent (HA)
//! or a mobile node (MN) per network namespace, as MIPL's FUNCTIONALITY=ha|mn.
//! The HA keeps the binding cache, defends and proxies the home addresses on
//! the home link and tunnels their traffic (ip6ip6, RFC 2473) to the care-of
//! addresses through its tunnel netdev; the MN detects movement from router
//! advertisements, keeps its binding update list and reverse-tunnels the
//! traffic of its home address while away. Mobility headers are sent and
//! received by the module itself, on kernels with and without
//! CONFIG_IPV6_MIP6.
//!
//! Addresses are 16 bytes in network order; times are in seconds unless
//! named otherwise. Counters are uint (4 or 8 bytes, no padding). Operations
//! that change state need CAP_NET_ADMIN in the user namespace owning the
//! caller's network namespace (uns-admin-perm, GENL_UNS_ADMIN_PERM), as
//! rtnetlink. Everything is per network namespace: the caller's.

use crate::attr::{self, Attrs, ParseError};
use crate::genl::GenlMsg;
use crate::json::Object;
use crate::schema::{AttrDesc, FamilyDesc, Notify, OpDesc, Reply, Request, SetDesc};
use crate::text::{counters, Line};
use crate::args;
use std::net::Ipv6Addr;

pub const NAME: &str = "mip6";
pub const VERSION: u8 = 1;

/// Enums: their values by name, and the table the core uses.
pub mod enums {
    use crate::schema::EnumDesc;

    /// What the instance of a namespace is.
    pub mod mode {
        pub const HA: u32 = 0;
        pub const MN: u32 = 1;
    }
    pub static MODE: EnumDesc = EnumDesc {
        name: "mode",
        entries: &[("ha", 0), ("mn", 1)],
    };

    /// State of a binding cache entry (HA) or binding update list entry (MN).
    pub mod state {
        pub const DAD: u32 = 0;
        pub const ACTIVE: u32 = 1;
        pub const REGISTERING: u32 = 2;
        pub const DEREGISTERING: u32 = 3;
    }
    pub static STATE: EnumDesc = EnumDesc {
        name: "state",
        entries: &[("dad", 0), ("active", 1), ("registering", 2), ("deregistering", 3)],
    };

    /// What the HA does with a BU for a home address that has no access list entry (UMIP's DefaultBindingAclPolicy).
    pub mod acl_policy {
        pub const DENY: u32 = 0;
        pub const ALLOW: u32 = 1;
    }
    pub static ACL_POLICY: EnumDesc = EnumDesc {
        name: "acl-policy",
        entries: &[("deny", 0), ("allow", 1)],
    };
}

/// Command numbers (requests, replies and notifications).
pub mod cmd {
    pub const HA_NEW: u8 = 1;
    pub const MN_NEW: u8 = 2;
    pub const SET: u8 = 3;
    pub const DEL: u8 = 4;
    pub const GET: u8 = 5;
    pub const STATS_RESET: u8 = 6;
    pub const PREFIX_ADD: u8 = 7;
    pub const PREFIX_DEL: u8 = 8;
    pub const PREFIX_GET: u8 = 9;
    pub const ACL_ADD: u8 = 10;
    pub const ACL_DEL: u8 = 11;
    pub const ACL_GET: u8 = 12;
    pub const BINDING_GET: u8 = 13;
    pub const BINDING_DEL: u8 = 14;
    pub const BINDING_NEW_NTF: u8 = 15;
    pub const BINDING_CHANGE_NTF: u8 = 16;
    pub const BINDING_DEL_NTF: u8 = 17;
    pub const MOVE_NTF: u8 = 18;
}

/// Attribute numbers, one module per attribute set.
pub mod attrs {
    pub mod inst {
        pub const MODE: u16 = 1;
        pub const IFINDEX: u16 = 2;
        pub const IFNAME: u16 = 3;
        pub const LINK_IFINDEX: u16 = 4;
        pub const LINK_NAME: u16 = 5;
        pub const HOME_ADDR: u16 = 6;
        pub const HOME_PREFIX_LEN: u16 = 7;
        pub const HA_ADDR: u16 = 8;
        pub const COA: u16 = 9;
        pub const AT_HOME: u16 = 10;
        pub const LIFETIME: u16 = 11;
        pub const MAX_LIFETIME: u16 = 12;
        pub const DAD_TIMEOUT_MS: u16 = 13;
        pub const BINDINGS: u16 = 14;
        pub const ENCAPSULATIONS: u16 = 15;
        pub const DECAPSULATIONS: u16 = 16;
        pub const BU_RCVD: u16 = 17;
        pub const BA_RCVD: u16 = 18;
        pub const BA_NACK_RCVD: u16 = 19;
        pub const BRR_RCVD: u16 = 20;
        pub const BE_RCVD: u16 = 21;
        pub const BU_SENT: u16 = 22;
        pub const BA_SENT: u16 = 23;
        pub const BA_NACK_SENT: u16 = 24;
        pub const BRR_SENT: u16 = 25;
        pub const BE_SENT: u16 = 26;
        pub const BU_DROP_AUTH: u16 = 27;
        pub const BU_DROP_INVALID: u16 = 28;
        pub const BU_DROP_MISC: u16 = 29;
        pub const BA_DROP_AUTH: u16 = 30;
        pub const BA_DROP_INVALID: u16 = 31;
        pub const BA_DROP_MISC: u16 = 32;
        pub const BRR_DROP_AUTH: u16 = 33;
        pub const BRR_DROP_INVALID: u16 = 34;
        pub const BRR_DROP_MISC: u16 = 35;
        pub const MH_DROP_CHECKSUM: u16 = 36;
        pub const MH_DROP_MALFORMED: u16 = 37;
        pub const MH_UNKNOWN_TYPE: u16 = 38;
        pub const HAO_DROP: u16 = 39;
        pub const RH2_DROP: u16 = 40;
        pub const TUNNEL_DROP: u16 = 41;
        pub const DAD_FAILURES: u16 = 42;
        pub const MOVEMENTS: u16 = 43;
        pub const DHAAD_SENT: u16 = 44;
        pub const DHAAD_RCVD: u16 = 45;
        pub const ACL_DEFAULT: u16 = 46;
        pub const SPI: u16 = 47;
        pub const KEY: u16 = 48;
        pub const AUTH: u16 = 49;
        pub const RATELIMITED: u16 = 50;
    }
    pub mod prefix {
        pub const LINK_IFINDEX: u16 = 1;
        pub const LINK_NAME: u16 = 2;
        pub const PREFIX: u16 = 3;
        pub const PREFIX_LEN: u16 = 4;
        pub const HA_ADDR: u16 = 5;
        pub const BINDINGS: u16 = 6;
    }
    pub mod acl {
        pub const HOME_ADDR: u16 = 1;
        pub const SPI: u16 = 2;
        pub const KEY: u16 = 3;
        pub const AUTH: u16 = 4;
        pub const REPLAY_WINDOW: u16 = 5;
    }
    pub mod binding {
        pub const HOME_ADDR: u16 = 1;
        pub const COA: u16 = 2;
        pub const HA_ADDR: u16 = 3;
        pub const LINK_IFINDEX: u16 = 4;
        pub const LIFETIME: u16 = 5;
        pub const EXPIRES: u16 = 6;
        pub const SEQ: u16 = 7;
        pub const FLAGS: u16 = 8;
        pub const STATE: u16 = 9;
        pub const DELAY: u16 = 10;
        pub const MAX_DELAY: u16 = 11;
        pub const CALLBACK: u16 = 12;
        pub const SPI: u16 = 13;
    }
}

/// Multicast group names.
pub mod mcgrp {
    pub const EVENTS: &str = "events";
}

/// The "inst" attribute set.
pub static INST_SET: SetDesc = SetDesc {
    name: "inst",
    attrs: &[
        AttrDesc { name: "mode", id: 1, min: 0, max: 1, min_len: None, max_len: None, enum_: Some(&enums::MODE), hex: false },
        AttrDesc { name: "ifindex", id: 2, min: 1, max: 2147483647, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "ifname", id: 3, min: 0, max: 0, min_len: None, max_len: Some(15), enum_: None, hex: false },
        AttrDesc { name: "link-ifindex", id: 4, min: 1, max: 2147483647, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "link-name", id: 5, min: 0, max: 0, min_len: None, max_len: Some(15), enum_: None, hex: false },
        AttrDesc { name: "home-addr", id: 6, min: 0, max: 0, min_len: Some(16), max_len: Some(16), enum_: None, hex: false },
        AttrDesc { name: "home-prefix-len", id: 7, min: 1, max: 128, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "ha-addr", id: 8, min: 0, max: 0, min_len: Some(16), max_len: Some(16), enum_: None, hex: false },
        AttrDesc { name: "coa", id: 9, min: 0, max: 0, min_len: Some(16), max_len: Some(16), enum_: None, hex: false },
        AttrDesc { name: "at-home", id: 10, min: 0, max: 4294967295, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "lifetime", id: 11, min: 4, max: 262140, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "max-lifetime", id: 12, min: 4, max: 262140, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "dad-timeout-ms", id: 13, min: 10, max: 10000, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "bindings", id: 14, min: 0, max: 4294967295, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "encapsulations", id: 15, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "decapsulations", id: 16, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "bu-rcvd", id: 17, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "ba-rcvd", id: 18, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "ba-nack-rcvd", id: 19, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "brr-rcvd", id: 20, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "be-rcvd", id: 21, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "bu-sent", id: 22, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "ba-sent", id: 23, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "ba-nack-sent", id: 24, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "brr-sent", id: 25, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "be-sent", id: 26, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "bu-drop-auth", id: 27, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "bu-drop-invalid", id: 28, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "bu-drop-misc", id: 29, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "ba-drop-auth", id: 30, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "ba-drop-invalid", id: 31, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "ba-drop-misc", id: 32, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "brr-drop-auth", id: 33, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "brr-drop-invalid", id: 34, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "brr-drop-misc", id: 35, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "mh-drop-checksum", id: 36, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "mh-drop-malformed", id: 37, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "mh-unknown-type", id: 38, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "hao-drop", id: 39, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "rh2-drop", id: 40, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "tunnel-drop", id: 41, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "dad-failures", id: 42, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "movements", id: 43, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "dhaad-sent", id: 44, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "dhaad-rcvd", id: 45, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "acl-default", id: 46, min: 0, max: 1, min_len: None, max_len: None, enum_: Some(&enums::ACL_POLICY), hex: false },
        AttrDesc { name: "spi", id: 47, min: 256, max: 4294967295, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "key", id: 48, min: 0, max: 0, min_len: Some(1), max_len: Some(64), enum_: None, hex: false },
        AttrDesc { name: "auth", id: 49, min: 0, max: 4294967295, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "ratelimited", id: 50, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
    ],
};

/// The "prefix" attribute set.
pub static PREFIX_SET: SetDesc = SetDesc {
    name: "prefix",
    attrs: &[
        AttrDesc { name: "link-ifindex", id: 1, min: 1, max: 2147483647, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "link-name", id: 2, min: 0, max: 0, min_len: None, max_len: Some(15), enum_: None, hex: false },
        AttrDesc { name: "prefix", id: 3, min: 0, max: 0, min_len: Some(16), max_len: Some(16), enum_: None, hex: false },
        AttrDesc { name: "prefix-len", id: 4, min: 1, max: 128, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "ha-addr", id: 5, min: 0, max: 0, min_len: Some(16), max_len: Some(16), enum_: None, hex: false },
        AttrDesc { name: "bindings", id: 6, min: 0, max: 4294967295, min_len: None, max_len: None, enum_: None, hex: false },
    ],
};

/// The "acl" attribute set.
pub static ACL_SET: SetDesc = SetDesc {
    name: "acl",
    attrs: &[
        AttrDesc { name: "home-addr", id: 1, min: 0, max: 0, min_len: Some(16), max_len: Some(16), enum_: None, hex: false },
        AttrDesc { name: "spi", id: 2, min: 256, max: 4294967295, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "key", id: 3, min: 0, max: 0, min_len: Some(1), max_len: Some(64), enum_: None, hex: false },
        AttrDesc { name: "auth", id: 4, min: 0, max: 4294967295, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "replay-window", id: 5, min: 1, max: 3600, min_len: None, max_len: None, enum_: None, hex: false },
    ],
};

/// The "binding" attribute set.
pub static BINDING_SET: SetDesc = SetDesc {
    name: "binding",
    attrs: &[
        AttrDesc { name: "home-addr", id: 1, min: 0, max: 0, min_len: Some(16), max_len: Some(16), enum_: None, hex: false },
        AttrDesc { name: "coa", id: 2, min: 0, max: 0, min_len: Some(16), max_len: Some(16), enum_: None, hex: false },
        AttrDesc { name: "ha-addr", id: 3, min: 0, max: 0, min_len: Some(16), max_len: Some(16), enum_: None, hex: false },
        AttrDesc { name: "link-ifindex", id: 4, min: 0, max: 4294967295, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "lifetime", id: 5, min: 0, max: 4294967295, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "expires", id: 6, min: 0, max: 4294967295, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "seq", id: 7, min: 0, max: 4294967295, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "flags", id: 8, min: 0, max: 4294967295, min_len: None, max_len: None, enum_: None, hex: true },
        AttrDesc { name: "state", id: 9, min: 0, max: 3, min_len: None, max_len: None, enum_: Some(&enums::STATE), hex: false },
        AttrDesc { name: "delay", id: 10, min: 0, max: 4294967295, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "max-delay", id: 11, min: 0, max: 4294967295, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "callback", id: 12, min: 0, max: 4294967295, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "spi", id: 13, min: 0, max: 4294967295, min_len: None, max_len: None, enum_: None, hex: false },
    ],
};

pub static OP_HA_NEW: OpDesc = OpDesc {
    family: NAME,
    name: "ha-new",
    cmd: cmd::HA_NEW,
    set: &INST_SET,
    request: &["ifname", "max-lifetime", "dad-timeout-ms", "acl-default"],
    has_do: true,
    has_dump: false,
    admin: true,
};

pub static OP_MN_NEW: OpDesc = OpDesc {
    family: NAME,
    name: "mn-new",
    cmd: cmd::MN_NEW,
    set: &INST_SET,
    request: &["ifname", "link-ifindex", "link-name", "home-addr", "home-prefix-len", "ha-addr", "lifetime", "spi", "key"],
    has_do: true,
    has_dump: false,
    admin: true,
};

pub static OP_SET: OpDesc = OpDesc {
    family: NAME,
    name: "set",
    cmd: cmd::SET,
    set: &INST_SET,
    request: &["max-lifetime", "dad-timeout-ms", "lifetime", "acl-default"],
    has_do: true,
    has_dump: false,
    admin: true,
};

pub static OP_DEL: OpDesc = OpDesc {
    family: NAME,
    name: "del",
    cmd: cmd::DEL,
    set: &INST_SET,
    request: &[],
    has_do: true,
    has_dump: false,
    admin: true,
};

pub static OP_GET: OpDesc = OpDesc {
    family: NAME,
    name: "get",
    cmd: cmd::GET,
    set: &INST_SET,
    request: &[],
    has_do: true,
    has_dump: false,
    admin: false,
};

pub static OP_STATS_RESET: OpDesc = OpDesc {
    family: NAME,
    name: "stats-reset",
    cmd: cmd::STATS_RESET,
    set: &INST_SET,
    request: &[],
    has_do: true,
    has_dump: false,
    admin: true,
};

pub static OP_PREFIX_ADD: OpDesc = OpDesc {
    family: NAME,
    name: "prefix-add",
    cmd: cmd::PREFIX_ADD,
    set: &PREFIX_SET,
    request: &["link-ifindex", "link-name", "prefix", "prefix-len", "ha-addr"],
    has_do: true,
    has_dump: false,
    admin: true,
};

pub static OP_PREFIX_DEL: OpDesc = OpDesc {
    family: NAME,
    name: "prefix-del",
    cmd: cmd::PREFIX_DEL,
    set: &PREFIX_SET,
    request: &["prefix", "prefix-len"],
    has_do: true,
    has_dump: false,
    admin: true,
};

pub static OP_PREFIX_GET: OpDesc = OpDesc {
    family: NAME,
    name: "prefix-get",
    cmd: cmd::PREFIX_GET,
    set: &PREFIX_SET,
    request: &[],
    has_do: false,
    has_dump: true,
    admin: false,
};

pub static OP_ACL_ADD: OpDesc = OpDesc {
    family: NAME,
    name: "acl-add",
    cmd: cmd::ACL_ADD,
    set: &ACL_SET,
    request: &["home-addr", "spi", "key", "replay-window"],
    has_do: true,
    has_dump: false,
    admin: true,
};

pub static OP_ACL_DEL: OpDesc = OpDesc {
    family: NAME,
    name: "acl-del",
    cmd: cmd::ACL_DEL,
    set: &ACL_SET,
    request: &["home-addr"],
    has_do: true,
    has_dump: false,
    admin: true,
};

pub static OP_ACL_GET: OpDesc = OpDesc {
    family: NAME,
    name: "acl-get",
    cmd: cmd::ACL_GET,
    set: &ACL_SET,
    request: &[],
    has_do: false,
    has_dump: true,
    admin: false,
};

pub static OP_BINDING_GET: OpDesc = OpDesc {
    family: NAME,
    name: "binding-get",
    cmd: cmd::BINDING_GET,
    set: &BINDING_SET,
    request: &["home-addr"],
    has_do: true,
    has_dump: true,
    admin: false,
};

pub static OP_BINDING_DEL: OpDesc = OpDesc {
    family: NAME,
    name: "binding-del",
    cmd: cmd::BINDING_DEL,
    set: &BINDING_SET,
    request: &["home-addr"],
    has_do: true,
    has_dump: false,
    admin: true,
};

/// The family.
pub static FAMILY: FamilyDesc = FamilyDesc {
    name: "mip6",
    version: 1,
    ops: &[&OP_HA_NEW, &OP_MN_NEW, &OP_SET, &OP_DEL, &OP_GET, &OP_STATS_RESET, &OP_PREFIX_ADD, &OP_PREFIX_DEL, &OP_PREFIX_GET, &OP_ACL_ADD, &OP_ACL_DEL, &OP_ACL_GET, &OP_BINDING_GET, &OP_BINDING_DEL],
    mcgrps: &["events"],
};

/// The instance of the namespace, its configuration and counters (MIPL's names in brackets).
///
/// Parsed from any message of the set; attributes the kernel did not send
/// are `None`, attributes this code does not know are ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inst {
    /// Home agent or mobile node.
    pub mode: Option<u32>,
    /// Index of the tunnel netdev.
    pub ifindex: Option<u32>,
    /// Name of the tunnel netdev; on creation, defaults to mip6tnl<n> (name it ip6tnl1 for MIPL's name; ip6_tunnel's own fallback device is ip6tnl0).
    pub ifname: Option<String>,
    /// MN, index of the interface that moves between links.
    pub link_ifindex: Option<u32>,
    /// MN, name of the interface that moves between links.
    pub link_name: Option<String>,
    /// MN, the home address. It must be an address of the MN (a /128 on any interface, nodad).
    pub home_addr: Option<Ipv6Addr>,
    /// MN, length of the home prefix (default 64).
    pub home_prefix_len: Option<u32>,
    /// MN, the home agent's address; all zeros (::) to discover it with DHAAD (reading back gives the one found).
    pub ha_addr: Option<Ipv6Addr>,
    /// MN, the current care-of address (absent at home and before the first router advertisement).
    pub coa: Option<Ipv6Addr>,
    /// MN, 1 while on the home link, else 0.
    pub at_home: Option<u32>,
    /// MN, the binding lifetime asked for in BUs (default 1000 s; sent in 4-second units).
    pub lifetime: Option<u32>,
    /// HA, the longest lifetime granted (default 262140 s); BAs give at most this.
    pub max_lifetime: Option<u32>,
    /// HA, how long duplicate address detection for a new home address waits for a defence (default 1000 ms, RFC 4862 RetransTimer).
    pub dad_timeout_ms: Option<u32>,
    /// Entries in the binding cache (HA) or binding update list (MN).
    pub bindings: Option<u32>,
    /// Packets tunnelled (NEncapsulations).
    pub encapsulations: Option<u64>,
    /// Packets received through the tunnel (NDecapsulations).
    pub decapsulations: Option<u64>,
    /// Binding updates received and accepted for processing (NBindUpdatesRcvd).
    pub bu_rcvd: Option<u64>,
    /// Binding acknowledgements received with status below 128 (NBindAcksRcvd).
    pub ba_rcvd: Option<u64>,
    /// Binding acknowledgements received with status 128 or more (NBindNAcksRcvd).
    pub ba_nack_rcvd: Option<u64>,
    /// Binding refresh requests received (NBindRqsRcvd).
    pub brr_rcvd: Option<u64>,
    /// Binding errors received (NBindErrorsRcvd).
    pub be_rcvd: Option<u64>,
    /// Binding updates sent, retransmissions included (NBindUpdatesSent).
    pub bu_sent: Option<u64>,
    /// Binding acknowledgements sent with status below 128 (NBindAcksSent).
    pub ba_sent: Option<u64>,
    /// Binding acknowledgements sent with status 128 or more (NBindNAcksSent).
    pub ba_nack_sent: Option<u64>,
    /// Binding refresh requests sent (NBindRqsSent).
    pub brr_sent: Option<u64>,
    /// Binding errors sent (NBindErrorsSent).
    pub be_sent: Option<u64>,
    /// Binding updates dropped for authentication (RFC 4285 option missing, wrong or replayed) (NBindUpdatesDropAuth).
    pub bu_drop_auth: Option<u64>,
    /// Binding updates dropped as malformed (bad length, options, checksum, missing home address option) (NBindUpdatesDropInvalid).
    pub bu_drop_invalid: Option<u64>,
    /// Binding updates dropped for other reasons (wrong role, rate limit, no memory) (NBindUpdatesDropMisc).
    pub bu_drop_misc: Option<u64>,
    /// Binding acknowledgements dropped for authentication (NBindAcksDropAuth).
    pub ba_drop_auth: Option<u64>,
    /// Binding acknowledgements dropped as malformed (NBindAcksDropInvalid).
    pub ba_drop_invalid: Option<u64>,
    /// Binding acknowledgements dropped for other reasons (no matching BU, stale sequence, wrong role) (NBindAcksDropMisc).
    pub ba_drop_misc: Option<u64>,
    /// Binding refresh requests dropped for authentication (NBindRqsDropAuth).
    pub brr_drop_auth: Option<u64>,
    /// Binding refresh requests dropped as malformed (NBindRqsDropInvalid).
    pub brr_drop_invalid: Option<u64>,
    /// Binding refresh requests dropped for other reasons (NBindRqsDropMisc).
    pub brr_drop_misc: Option<u64>,
    /// Mobility headers of any type dropped for a bad checksum.
    pub mh_drop_checksum: Option<u64>,
    /// Mobility headers of any type dropped as truncated, oversized, with a payload proto other than 59 or with bad options.
    pub mh_drop_malformed: Option<u64>,
    /// Mobility headers of an unknown type, answered with a binding error (status 2).
    pub mh_unknown_type: Option<u64>,
    /// Packets with a home address option but no binding update, or with a bad one; dropped (a binding error answers those for unknown bindings).
    pub hao_drop: Option<u64>,
    /// Packets with a type 2 routing header that is malformed, has segments left other than 1, or names a foreign home address; dropped.
    pub rh2_drop: Option<u64>,
    /// Tunnelled packets dropped (no binding for the outer source, inner source not the home address, malformed, no route).
    pub tunnel_drop: Option<u64>,
    /// HA, registrations refused because duplicate address detection found the home address in use (status 134).
    pub dad_failures: Option<u64>,
    /// MN, movements detected (new care-of address, or return home).
    pub movements: Option<u64>,
    /// MN, dynamic home agent address discovery requests sent.
    pub dhaad_sent: Option<u64>,
    /// DHAAD requests received (HA) or replies received (MN).
    pub dhaad_rcvd: Option<u64>,
    /// HA, the policy for home addresses without an access list entry (default deny).
    pub acl_default: Option<u32>,
    /// MN, RFC 4285 security parameter index of the MN-HA key (256 and up; 0..255 are reserved).
    pub spi: Option<u32>,
    /// MN, RFC 4285 MN-HA shared key for HMAC-SHA1-96; write only, never read back. With a key, BUs carry the MESG-ID and authentication options and BAs must too.
    pub key: Option<Vec<u8>>,
    /// MN, 1 when an MN-HA key is set, else 0.
    pub auth: Option<u32>,
    /// Error BAs and Binding Errors not sent because of the rate limit (at most 100 a second, RFC 6275 §9.3.1 and §11.3.6).
    pub ratelimited: Option<u64>,
}

impl Reply for Inst {
    fn parse(attrs: Attrs<'_>) -> Result<Self, ParseError> {
        let mut r = Inst::default();
        for a in attrs {
            let a = a?;
            match a.ty {
                attrs::inst::MODE => r.mode = Some(a.u32()?),
                attrs::inst::IFINDEX => r.ifindex = Some(a.u32()?),
                attrs::inst::IFNAME => r.ifname = Some(a.string()),
                attrs::inst::LINK_IFINDEX => r.link_ifindex = Some(a.u32()?),
                attrs::inst::LINK_NAME => r.link_name = Some(a.string()),
                attrs::inst::HOME_ADDR => r.home_addr = Some(a.ipv6()?),
                attrs::inst::HOME_PREFIX_LEN => r.home_prefix_len = Some(a.u32()?),
                attrs::inst::HA_ADDR => r.ha_addr = Some(a.ipv6()?),
                attrs::inst::COA => r.coa = Some(a.ipv6()?),
                attrs::inst::AT_HOME => r.at_home = Some(a.u32()?),
                attrs::inst::LIFETIME => r.lifetime = Some(a.u32()?),
                attrs::inst::MAX_LIFETIME => r.max_lifetime = Some(a.u32()?),
                attrs::inst::DAD_TIMEOUT_MS => r.dad_timeout_ms = Some(a.u32()?),
                attrs::inst::BINDINGS => r.bindings = Some(a.u32()?),
                attrs::inst::ENCAPSULATIONS => r.encapsulations = Some(a.uint()?),
                attrs::inst::DECAPSULATIONS => r.decapsulations = Some(a.uint()?),
                attrs::inst::BU_RCVD => r.bu_rcvd = Some(a.uint()?),
                attrs::inst::BA_RCVD => r.ba_rcvd = Some(a.uint()?),
                attrs::inst::BA_NACK_RCVD => r.ba_nack_rcvd = Some(a.uint()?),
                attrs::inst::BRR_RCVD => r.brr_rcvd = Some(a.uint()?),
                attrs::inst::BE_RCVD => r.be_rcvd = Some(a.uint()?),
                attrs::inst::BU_SENT => r.bu_sent = Some(a.uint()?),
                attrs::inst::BA_SENT => r.ba_sent = Some(a.uint()?),
                attrs::inst::BA_NACK_SENT => r.ba_nack_sent = Some(a.uint()?),
                attrs::inst::BRR_SENT => r.brr_sent = Some(a.uint()?),
                attrs::inst::BE_SENT => r.be_sent = Some(a.uint()?),
                attrs::inst::BU_DROP_AUTH => r.bu_drop_auth = Some(a.uint()?),
                attrs::inst::BU_DROP_INVALID => r.bu_drop_invalid = Some(a.uint()?),
                attrs::inst::BU_DROP_MISC => r.bu_drop_misc = Some(a.uint()?),
                attrs::inst::BA_DROP_AUTH => r.ba_drop_auth = Some(a.uint()?),
                attrs::inst::BA_DROP_INVALID => r.ba_drop_invalid = Some(a.uint()?),
                attrs::inst::BA_DROP_MISC => r.ba_drop_misc = Some(a.uint()?),
                attrs::inst::BRR_DROP_AUTH => r.brr_drop_auth = Some(a.uint()?),
                attrs::inst::BRR_DROP_INVALID => r.brr_drop_invalid = Some(a.uint()?),
                attrs::inst::BRR_DROP_MISC => r.brr_drop_misc = Some(a.uint()?),
                attrs::inst::MH_DROP_CHECKSUM => r.mh_drop_checksum = Some(a.uint()?),
                attrs::inst::MH_DROP_MALFORMED => r.mh_drop_malformed = Some(a.uint()?),
                attrs::inst::MH_UNKNOWN_TYPE => r.mh_unknown_type = Some(a.uint()?),
                attrs::inst::HAO_DROP => r.hao_drop = Some(a.uint()?),
                attrs::inst::RH2_DROP => r.rh2_drop = Some(a.uint()?),
                attrs::inst::TUNNEL_DROP => r.tunnel_drop = Some(a.uint()?),
                attrs::inst::DAD_FAILURES => r.dad_failures = Some(a.uint()?),
                attrs::inst::MOVEMENTS => r.movements = Some(a.uint()?),
                attrs::inst::DHAAD_SENT => r.dhaad_sent = Some(a.uint()?),
                attrs::inst::DHAAD_RCVD => r.dhaad_rcvd = Some(a.uint()?),
                attrs::inst::ACL_DEFAULT => r.acl_default = Some(a.u32()?),
                attrs::inst::SPI => r.spi = Some(a.u32()?),
                attrs::inst::KEY => r.key = Some(a.binary()),
                attrs::inst::AUTH => r.auth = Some(a.u32()?),
                attrs::inst::RATELIMITED => r.ratelimited = Some(a.uint()?),
                _ => {} // a newer kernel's: ignored
            }
        }
        Ok(r)
    }

    fn to_json(&self) -> Object {
        let mut o = Object::new();
        o.opt_enum("mode", &enums::MODE, self.mode.map(u64::from));
        o.opt_uint("ifindex", self.ifindex.map(u64::from));
        o.opt_str("ifname", self.ifname.as_deref());
        o.opt_uint("link-ifindex", self.link_ifindex.map(u64::from));
        o.opt_str("link-name", self.link_name.as_deref());
        o.opt_ipv6("home-addr", self.home_addr);
        o.opt_uint("home-prefix-len", self.home_prefix_len.map(u64::from));
        o.opt_ipv6("ha-addr", self.ha_addr);
        o.opt_ipv6("coa", self.coa);
        o.opt_uint("at-home", self.at_home.map(u64::from));
        o.opt_uint("lifetime", self.lifetime.map(u64::from));
        o.opt_uint("max-lifetime", self.max_lifetime.map(u64::from));
        o.opt_uint("dad-timeout-ms", self.dad_timeout_ms.map(u64::from));
        o.opt_uint("bindings", self.bindings.map(u64::from));
        o.opt_uint("encapsulations", self.encapsulations);
        o.opt_uint("decapsulations", self.decapsulations);
        o.opt_uint("bu-rcvd", self.bu_rcvd);
        o.opt_uint("ba-rcvd", self.ba_rcvd);
        o.opt_uint("ba-nack-rcvd", self.ba_nack_rcvd);
        o.opt_uint("brr-rcvd", self.brr_rcvd);
        o.opt_uint("be-rcvd", self.be_rcvd);
        o.opt_uint("bu-sent", self.bu_sent);
        o.opt_uint("ba-sent", self.ba_sent);
        o.opt_uint("ba-nack-sent", self.ba_nack_sent);
        o.opt_uint("brr-sent", self.brr_sent);
        o.opt_uint("be-sent", self.be_sent);
        o.opt_uint("bu-drop-auth", self.bu_drop_auth);
        o.opt_uint("bu-drop-invalid", self.bu_drop_invalid);
        o.opt_uint("bu-drop-misc", self.bu_drop_misc);
        o.opt_uint("ba-drop-auth", self.ba_drop_auth);
        o.opt_uint("ba-drop-invalid", self.ba_drop_invalid);
        o.opt_uint("ba-drop-misc", self.ba_drop_misc);
        o.opt_uint("brr-drop-auth", self.brr_drop_auth);
        o.opt_uint("brr-drop-invalid", self.brr_drop_invalid);
        o.opt_uint("brr-drop-misc", self.brr_drop_misc);
        o.opt_uint("mh-drop-checksum", self.mh_drop_checksum);
        o.opt_uint("mh-drop-malformed", self.mh_drop_malformed);
        o.opt_uint("mh-unknown-type", self.mh_unknown_type);
        o.opt_uint("hao-drop", self.hao_drop);
        o.opt_uint("rh2-drop", self.rh2_drop);
        o.opt_uint("tunnel-drop", self.tunnel_drop);
        o.opt_uint("dad-failures", self.dad_failures);
        o.opt_uint("movements", self.movements);
        o.opt_uint("dhaad-sent", self.dhaad_sent);
        o.opt_uint("dhaad-rcvd", self.dhaad_rcvd);
        o.opt_enum("acl-default", &enums::ACL_POLICY, self.acl_default.map(u64::from));
        o.opt_uint("spi", self.spi.map(u64::from));
        o.opt_hex("key", self.key.as_deref());
        o.opt_uint("auth", self.auth.map(u64::from));
        o.opt_uint("ratelimited", self.ratelimited);
        o
    }

    fn format_brief(&self) -> String {
        let mut t = Line::new(self.ifname.as_deref());
        t.enum_("mode", &enums::MODE, self.mode.map(u64::from));
        t.num("ifindex", self.ifindex.map(u64::from));
        t.dev("link", self.link_name.as_deref(), self.link_ifindex.map(u64::from));
        t.ipv6("home-addr", self.home_addr);
        t.num("home-prefix-len", self.home_prefix_len.map(u64::from));
        t.ipv6("ha-addr", self.ha_addr);
        t.ipv6("coa", self.coa);
        t.num("at-home", self.at_home.map(u64::from));
        t.num("lifetime", self.lifetime.map(u64::from));
        t.num("max-lifetime", self.max_lifetime.map(u64::from));
        t.num("dad-timeout-ms", self.dad_timeout_ms.map(u64::from));
        t.num("bindings", self.bindings.map(u64::from));
        t.enum_("acl-default", &enums::ACL_POLICY, self.acl_default.map(u64::from));
        t.num("spi", self.spi.map(u64::from));
        t.hex_bytes("key", self.key.as_deref());
        t.num("auth", self.auth.map(u64::from));
        t.finish()
    }

    fn format_show(&self) -> String {
        let mut s = self.format_brief();
        counters(&mut s, "encapsulations", &[("", self.encapsulations)]);
        counters(&mut s, "decapsulations", &[("", self.decapsulations)]);
        counters(&mut s, "bu", &[("rcvd", self.bu_rcvd), ("sent", self.bu_sent), ("drop-auth", self.bu_drop_auth), ("drop-invalid", self.bu_drop_invalid), ("drop-misc", self.bu_drop_misc)]);
        counters(&mut s, "ba", &[("rcvd", self.ba_rcvd), ("nack-rcvd", self.ba_nack_rcvd), ("sent", self.ba_sent), ("nack-sent", self.ba_nack_sent), ("drop-auth", self.ba_drop_auth), ("drop-invalid", self.ba_drop_invalid), ("drop-misc", self.ba_drop_misc)]);
        counters(&mut s, "brr", &[("rcvd", self.brr_rcvd), ("sent", self.brr_sent), ("drop-auth", self.brr_drop_auth), ("drop-invalid", self.brr_drop_invalid), ("drop-misc", self.brr_drop_misc)]);
        counters(&mut s, "be", &[("rcvd", self.be_rcvd), ("sent", self.be_sent)]);
        counters(&mut s, "mh", &[("drop-checksum", self.mh_drop_checksum), ("drop-malformed", self.mh_drop_malformed), ("unknown-type", self.mh_unknown_type)]);
        counters(&mut s, "hao", &[("drop", self.hao_drop)]);
        counters(&mut s, "rh2", &[("drop", self.rh2_drop)]);
        counters(&mut s, "tunnel", &[("drop", self.tunnel_drop)]);
        counters(&mut s, "dad", &[("failures", self.dad_failures)]);
        counters(&mut s, "movements", &[("", self.movements)]);
        counters(&mut s, "dhaad", &[("sent", self.dhaad_sent), ("rcvd", self.dhaad_rcvd)]);
        counters(&mut s, "ratelimited", &[("", self.ratelimited)]);
        s
    }
}

/// A home prefix the HA serves on one of its interfaces.
///
/// Parsed from any message of the set; attributes the kernel did not send
/// are `None`, attributes this code does not know are ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prefix {
    /// Index of the home link's interface.
    pub link_ifindex: Option<u32>,
    /// Name of the home link's interface.
    pub link_name: Option<String>,
    /// The home prefix (bits past prefix-len must be zero).
    pub prefix: Option<Ipv6Addr>,
    /// Length of the home prefix.
    pub prefix_len: Option<u32>,
    /// The HA's own address in the prefix, the source of its BAs (an address of the home link's interface).
    pub ha_addr: Option<Ipv6Addr>,
    /// Bindings of home addresses in this prefix.
    pub bindings: Option<u32>,
}

impl Reply for Prefix {
    fn parse(attrs: Attrs<'_>) -> Result<Self, ParseError> {
        let mut r = Prefix::default();
        for a in attrs {
            let a = a?;
            match a.ty {
                attrs::prefix::LINK_IFINDEX => r.link_ifindex = Some(a.u32()?),
                attrs::prefix::LINK_NAME => r.link_name = Some(a.string()),
                attrs::prefix::PREFIX => r.prefix = Some(a.ipv6()?),
                attrs::prefix::PREFIX_LEN => r.prefix_len = Some(a.u32()?),
                attrs::prefix::HA_ADDR => r.ha_addr = Some(a.ipv6()?),
                attrs::prefix::BINDINGS => r.bindings = Some(a.u32()?),
                _ => {} // a newer kernel's: ignored
            }
        }
        Ok(r)
    }

    fn to_json(&self) -> Object {
        let mut o = Object::new();
        o.opt_uint("link-ifindex", self.link_ifindex.map(u64::from));
        o.opt_str("link-name", self.link_name.as_deref());
        o.opt_ipv6("prefix", self.prefix);
        o.opt_uint("prefix-len", self.prefix_len.map(u64::from));
        o.opt_ipv6("ha-addr", self.ha_addr);
        o.opt_uint("bindings", self.bindings.map(u64::from));
        o
    }

    fn format_brief(&self) -> String {
        let mut t = Line::plain();
        t.dev("link", self.link_name.as_deref(), self.link_ifindex.map(u64::from));
        t.ipv6("prefix", self.prefix);
        t.num("prefix-len", self.prefix_len.map(u64::from));
        t.ipv6("ha-addr", self.ha_addr);
        t.num("bindings", self.bindings.map(u64::from));
        t.finish()
    }

    fn format_show(&self) -> String {
        self.format_brief()
    }
}

/// A home address the HA accepts registrations for, and its RFC 4285 MN-HA key.
///
/// Parsed from any message of the set; attributes the kernel did not send
/// are `None`, attributes this code does not know are ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Acl {
    /// The home address. BUs for home addresses without an entry are refused (status 129).
    pub home_addr: Option<Ipv6Addr>,
    /// RFC 4285 security parameter index of the MN-HA key (256 and up; 0..255 are reserved).
    pub spi: Option<u32>,
    /// RFC 4285 MN-HA shared key for HMAC-SHA1-96; write only, never read back. With a key, BUs must carry the authentication and MESG-ID options.
    pub key: Option<Vec<u8>>,
    /// 1 when a key is set for the entry, else 0.
    pub auth: Option<u32>,
    /// Largest difference in seconds between a MESG-ID timestamp and the HA's clock (default 7).
    pub replay_window: Option<u32>,
}

impl Reply for Acl {
    fn parse(attrs: Attrs<'_>) -> Result<Self, ParseError> {
        let mut r = Acl::default();
        for a in attrs {
            let a = a?;
            match a.ty {
                attrs::acl::HOME_ADDR => r.home_addr = Some(a.ipv6()?),
                attrs::acl::SPI => r.spi = Some(a.u32()?),
                attrs::acl::KEY => r.key = Some(a.binary()),
                attrs::acl::AUTH => r.auth = Some(a.u32()?),
                attrs::acl::REPLAY_WINDOW => r.replay_window = Some(a.u32()?),
                _ => {} // a newer kernel's: ignored
            }
        }
        Ok(r)
    }

    fn to_json(&self) -> Object {
        let mut o = Object::new();
        o.opt_ipv6("home-addr", self.home_addr);
        o.opt_uint("spi", self.spi.map(u64::from));
        o.opt_hex("key", self.key.as_deref());
        o.opt_uint("auth", self.auth.map(u64::from));
        o.opt_uint("replay-window", self.replay_window.map(u64::from));
        o
    }

    fn format_brief(&self) -> String {
        let mut t = Line::plain();
        t.ipv6("home-addr", self.home_addr);
        t.num("spi", self.spi.map(u64::from));
        t.hex_bytes("key", self.key.as_deref());
        t.num("auth", self.auth.map(u64::from));
        t.num("replay-window", self.replay_window.map(u64::from));
        t.finish()
    }

    fn format_show(&self) -> String {
        self.format_brief()
    }
}

/// A binding cache entry (HA) or binding update list entry (MN).
///
/// Parsed from any message of the set; attributes the kernel did not send
/// are `None`, attributes this code does not know are ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Binding {
    /// The home address, the key of the entry.
    pub home_addr: Option<Ipv6Addr>,
    /// The care-of address.
    pub coa: Option<Ipv6Addr>,
    /// The HA's address (the BA's source; the MN's recipient).
    pub ha_addr: Option<Ipv6Addr>,
    /// HA, index of the home link the home address is proxied on.
    pub link_ifindex: Option<u32>,
    /// Lifetime granted (HA) or asked for (MN), in seconds.
    pub lifetime: Option<u32>,
    /// Seconds until the entry expires.
    pub expires: Option<u32>,
    /// Sequence number of the last accepted (HA) or last sent (MN) binding update.
    pub seq: Option<u32>,
    /// Flags of the binding update as on the wire (A 0x8000, H 0x4000, L 0x2000, K 0x1000).
    pub flags: Option<u32>,
    /// State of the entry.
    pub state: Option<u32>,
    /// MN, the current binding update retransmission timeout, in milliseconds.
    pub delay: Option<u32>,
    /// MN, the longest retransmission timeout, in milliseconds (32000).
    pub max_delay: Option<u32>,
    /// MN, seconds until the next binding update (retransmission or refresh).
    pub callback: Option<u32>,
    /// HA, the RFC 4285 SPI the binding was authenticated with (absent without).
    pub spi: Option<u32>,
}

impl Reply for Binding {
    fn parse(attrs: Attrs<'_>) -> Result<Self, ParseError> {
        let mut r = Binding::default();
        for a in attrs {
            let a = a?;
            match a.ty {
                attrs::binding::HOME_ADDR => r.home_addr = Some(a.ipv6()?),
                attrs::binding::COA => r.coa = Some(a.ipv6()?),
                attrs::binding::HA_ADDR => r.ha_addr = Some(a.ipv6()?),
                attrs::binding::LINK_IFINDEX => r.link_ifindex = Some(a.u32()?),
                attrs::binding::LIFETIME => r.lifetime = Some(a.u32()?),
                attrs::binding::EXPIRES => r.expires = Some(a.u32()?),
                attrs::binding::SEQ => r.seq = Some(a.u32()?),
                attrs::binding::FLAGS => r.flags = Some(a.u32()?),
                attrs::binding::STATE => r.state = Some(a.u32()?),
                attrs::binding::DELAY => r.delay = Some(a.u32()?),
                attrs::binding::MAX_DELAY => r.max_delay = Some(a.u32()?),
                attrs::binding::CALLBACK => r.callback = Some(a.u32()?),
                attrs::binding::SPI => r.spi = Some(a.u32()?),
                _ => {} // a newer kernel's: ignored
            }
        }
        Ok(r)
    }

    fn to_json(&self) -> Object {
        let mut o = Object::new();
        o.opt_ipv6("home-addr", self.home_addr);
        o.opt_ipv6("coa", self.coa);
        o.opt_ipv6("ha-addr", self.ha_addr);
        o.opt_uint("link-ifindex", self.link_ifindex.map(u64::from));
        o.opt_uint("lifetime", self.lifetime.map(u64::from));
        o.opt_uint("expires", self.expires.map(u64::from));
        o.opt_uint("seq", self.seq.map(u64::from));
        o.opt_uint("flags", self.flags.map(u64::from));
        o.opt_enum("state", &enums::STATE, self.state.map(u64::from));
        o.opt_uint("delay", self.delay.map(u64::from));
        o.opt_uint("max-delay", self.max_delay.map(u64::from));
        o.opt_uint("callback", self.callback.map(u64::from));
        o.opt_uint("spi", self.spi.map(u64::from));
        o
    }

    fn format_brief(&self) -> String {
        let mut t = Line::plain();
        t.ipv6("home-addr", self.home_addr);
        t.ipv6("coa", self.coa);
        t.ipv6("ha-addr", self.ha_addr);
        t.num("link-ifindex", self.link_ifindex.map(u64::from));
        t.num("lifetime", self.lifetime.map(u64::from));
        t.num("expires", self.expires.map(u64::from));
        t.num("seq", self.seq.map(u64::from));
        t.hex("flags", self.flags.map(u64::from));
        t.enum_("state", &enums::STATE, self.state.map(u64::from));
        t.num("delay", self.delay.map(u64::from));
        t.num("max-delay", self.max_delay.map(u64::from));
        t.num("callback", self.callback.map(u64::from));
        t.num("spi", self.spi.map(u64::from));
        t.finish()
    }

    fn format_show(&self) -> String {
        self.format_brief()
    }
}

/// A ha-new request: Make the namespace a home agent and create its tunnel netdev. Replies as get.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HaNewRequest {
    pub ifname: Option<String>,
    pub max_lifetime: Option<u32>,
    pub dad_timeout_ms: Option<u32>,
    pub acl_default: Option<u32>,
}

impl Request for HaNewRequest {
    const OP: &'static OpDesc = &OP_HA_NEW;
    type Reply = Inst;

    fn encode(&self, buf: &mut Vec<u8>) {
        if let Some(v) = &self.ifname {
            attr::put_str(buf, attrs::inst::IFNAME, v);
        }
        if let Some(v) = self.max_lifetime {
            attr::put_u32(buf, attrs::inst::MAX_LIFETIME, v);
        }
        if let Some(v) = self.dad_timeout_ms {
            attr::put_u32(buf, attrs::inst::DAD_TIMEOUT_MS, v);
        }
        if let Some(v) = self.acl_default {
            attr::put_u32(buf, attrs::inst::ACL_DEFAULT, v);
        }
    }

    fn set(&mut self, key: &str, value: &str) -> Result<bool, String> {
        let set = &INST_SET;
        match key {
            "ifname" => args::once(&mut self.ifname, args::string(value, set.attr("ifname"))?, key)?,
            "max-lifetime" => args::once(&mut self.max_lifetime, args::uint(value, set.attr("max-lifetime"))? as u32, key)?,
            "dad-timeout-ms" => args::once(&mut self.dad_timeout_ms, args::uint(value, set.attr("dad-timeout-ms"))? as u32, key)?,
            "acl-default" => args::once(&mut self.acl_default, args::uint(value, set.attr("acl-default"))? as u32, key)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn is_empty(&self) -> bool {
        *self == HaNewRequest::default()
    }
}

/// A mn-new request: Make the namespace a mobile node and create its tunnel netdev. Replies as get.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MnNewRequest {
    pub ifname: Option<String>,
    pub link_ifindex: Option<u32>,
    pub link_name: Option<String>,
    pub home_addr: Option<Ipv6Addr>,
    pub home_prefix_len: Option<u32>,
    pub ha_addr: Option<Ipv6Addr>,
    pub lifetime: Option<u32>,
    pub spi: Option<u32>,
    pub key: Option<Vec<u8>>,
}

impl Request for MnNewRequest {
    const OP: &'static OpDesc = &OP_MN_NEW;
    type Reply = Inst;

    fn encode(&self, buf: &mut Vec<u8>) {
        if let Some(v) = &self.ifname {
            attr::put_str(buf, attrs::inst::IFNAME, v);
        }
        if let Some(v) = self.link_ifindex {
            attr::put_u32(buf, attrs::inst::LINK_IFINDEX, v);
        }
        if let Some(v) = &self.link_name {
            attr::put_str(buf, attrs::inst::LINK_NAME, v);
        }
        if let Some(v) = self.home_addr {
            attr::put_ipv6(buf, attrs::inst::HOME_ADDR, v);
        }
        if let Some(v) = self.home_prefix_len {
            attr::put_u32(buf, attrs::inst::HOME_PREFIX_LEN, v);
        }
        if let Some(v) = self.ha_addr {
            attr::put_ipv6(buf, attrs::inst::HA_ADDR, v);
        }
        if let Some(v) = self.lifetime {
            attr::put_u32(buf, attrs::inst::LIFETIME, v);
        }
        if let Some(v) = self.spi {
            attr::put_u32(buf, attrs::inst::SPI, v);
        }
        if let Some(v) = &self.key {
            attr::put_bytes(buf, attrs::inst::KEY, v);
        }
    }

    fn set(&mut self, key: &str, value: &str) -> Result<bool, String> {
        let set = &INST_SET;
        match key {
            "ifname" => args::once(&mut self.ifname, args::string(value, set.attr("ifname"))?, key)?,
            "link-ifindex" => args::once(&mut self.link_ifindex, args::uint(value, set.attr("link-ifindex"))? as u32, key)?,
            "link-name" => args::once(&mut self.link_name, args::string(value, set.attr("link-name"))?, key)?,
            "home-addr" => args::once(&mut self.home_addr, args::ipv6(value, set.attr("home-addr"))?, key)?,
            "home-prefix-len" => args::once(&mut self.home_prefix_len, args::uint(value, set.attr("home-prefix-len"))? as u32, key)?,
            "ha-addr" => args::once(&mut self.ha_addr, args::ipv6(value, set.attr("ha-addr"))?, key)?,
            "lifetime" => args::once(&mut self.lifetime, args::uint(value, set.attr("lifetime"))? as u32, key)?,
            "spi" => args::once(&mut self.spi, args::uint(value, set.attr("spi"))? as u32, key)?,
            "key" => args::once(&mut self.key, args::binary(value, set.attr("key"))?, key)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn is_empty(&self) -> bool {
        *self == MnNewRequest::default()
    }
}

/// A set request: Change the configuration of the namespace's instance.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SetRequest {
    pub max_lifetime: Option<u32>,
    pub dad_timeout_ms: Option<u32>,
    pub lifetime: Option<u32>,
    pub acl_default: Option<u32>,
}

impl Request for SetRequest {
    const OP: &'static OpDesc = &OP_SET;
    type Reply = Inst;

    fn encode(&self, buf: &mut Vec<u8>) {
        if let Some(v) = self.max_lifetime {
            attr::put_u32(buf, attrs::inst::MAX_LIFETIME, v);
        }
        if let Some(v) = self.dad_timeout_ms {
            attr::put_u32(buf, attrs::inst::DAD_TIMEOUT_MS, v);
        }
        if let Some(v) = self.lifetime {
            attr::put_u32(buf, attrs::inst::LIFETIME, v);
        }
        if let Some(v) = self.acl_default {
            attr::put_u32(buf, attrs::inst::ACL_DEFAULT, v);
        }
    }

    fn set(&mut self, key: &str, value: &str) -> Result<bool, String> {
        let set = &INST_SET;
        match key {
            "max-lifetime" => args::once(&mut self.max_lifetime, args::uint(value, set.attr("max-lifetime"))? as u32, key)?,
            "dad-timeout-ms" => args::once(&mut self.dad_timeout_ms, args::uint(value, set.attr("dad-timeout-ms"))? as u32, key)?,
            "lifetime" => args::once(&mut self.lifetime, args::uint(value, set.attr("lifetime"))? as u32, key)?,
            "acl-default" => args::once(&mut self.acl_default, args::uint(value, set.attr("acl-default"))? as u32, key)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn is_empty(&self) -> bool {
        *self == SetRequest::default()
    }
}

/// A del request: Delete the namespace's instance; an MN deregisters first when it can, an HA drops its bindings and stops proxying.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DelRequest {
}

impl Request for DelRequest {
    const OP: &'static OpDesc = &OP_DEL;
    type Reply = Inst;

    fn encode(&self, _buf: &mut Vec<u8>) {
    }

    fn set(&mut self, _key: &str, _value: &str) -> Result<bool, String> {
        Ok(false)
    }

    fn is_empty(&self) -> bool {
        *self == DelRequest::default()
    }
}

/// A get request: Get the namespace's instance, its configuration and counters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GetRequest {
}

impl Request for GetRequest {
    const OP: &'static OpDesc = &OP_GET;
    type Reply = Inst;

    fn encode(&self, _buf: &mut Vec<u8>) {
    }

    fn set(&mut self, _key: &str, _value: &str) -> Result<bool, String> {
        Ok(false)
    }

    fn is_empty(&self) -> bool {
        *self == GetRequest::default()
    }
}

/// A stats-reset request: Set every counter of the instance to zero.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatsResetRequest {
}

impl Request for StatsResetRequest {
    const OP: &'static OpDesc = &OP_STATS_RESET;
    type Reply = Inst;

    fn encode(&self, _buf: &mut Vec<u8>) {
    }

    fn set(&mut self, _key: &str, _value: &str) -> Result<bool, String> {
        Ok(false)
    }

    fn is_empty(&self) -> bool {
        *self == StatsResetRequest::default()
    }
}

/// A prefix-add request: HA, serve a home prefix on an interface.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PrefixAddRequest {
    pub link_ifindex: Option<u32>,
    pub link_name: Option<String>,
    pub prefix: Option<Ipv6Addr>,
    pub prefix_len: Option<u32>,
    pub ha_addr: Option<Ipv6Addr>,
}

impl Request for PrefixAddRequest {
    const OP: &'static OpDesc = &OP_PREFIX_ADD;
    type Reply = Prefix;

    fn encode(&self, buf: &mut Vec<u8>) {
        if let Some(v) = self.link_ifindex {
            attr::put_u32(buf, attrs::prefix::LINK_IFINDEX, v);
        }
        if let Some(v) = &self.link_name {
            attr::put_str(buf, attrs::prefix::LINK_NAME, v);
        }
        if let Some(v) = self.prefix {
            attr::put_ipv6(buf, attrs::prefix::PREFIX, v);
        }
        if let Some(v) = self.prefix_len {
            attr::put_u32(buf, attrs::prefix::PREFIX_LEN, v);
        }
        if let Some(v) = self.ha_addr {
            attr::put_ipv6(buf, attrs::prefix::HA_ADDR, v);
        }
    }

    fn set(&mut self, key: &str, value: &str) -> Result<bool, String> {
        let set = &PREFIX_SET;
        match key {
            "link-ifindex" => args::once(&mut self.link_ifindex, args::uint(value, set.attr("link-ifindex"))? as u32, key)?,
            "link-name" => args::once(&mut self.link_name, args::string(value, set.attr("link-name"))?, key)?,
            "prefix" => args::once(&mut self.prefix, args::ipv6(value, set.attr("prefix"))?, key)?,
            "prefix-len" => args::once(&mut self.prefix_len, args::uint(value, set.attr("prefix-len"))? as u32, key)?,
            "ha-addr" => args::once(&mut self.ha_addr, args::ipv6(value, set.attr("ha-addr"))?, key)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn is_empty(&self) -> bool {
        *self == PrefixAddRequest::default()
    }
}

/// A prefix-del request: HA, stop serving a home prefix; its bindings are removed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PrefixDelRequest {
    pub prefix: Option<Ipv6Addr>,
    pub prefix_len: Option<u32>,
}

impl Request for PrefixDelRequest {
    const OP: &'static OpDesc = &OP_PREFIX_DEL;
    type Reply = Prefix;

    fn encode(&self, buf: &mut Vec<u8>) {
        if let Some(v) = self.prefix {
            attr::put_ipv6(buf, attrs::prefix::PREFIX, v);
        }
        if let Some(v) = self.prefix_len {
            attr::put_u32(buf, attrs::prefix::PREFIX_LEN, v);
        }
    }

    fn set(&mut self, key: &str, value: &str) -> Result<bool, String> {
        let set = &PREFIX_SET;
        match key {
            "prefix" => args::once(&mut self.prefix, args::ipv6(value, set.attr("prefix"))?, key)?,
            "prefix-len" => args::once(&mut self.prefix_len, args::uint(value, set.attr("prefix-len"))? as u32, key)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn is_empty(&self) -> bool {
        *self == PrefixDelRequest::default()
    }
}

/// A prefix-get request: HA, dump the home prefixes served.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PrefixGetRequest {
}

impl Request for PrefixGetRequest {
    const OP: &'static OpDesc = &OP_PREFIX_GET;
    type Reply = Prefix;

    fn encode(&self, _buf: &mut Vec<u8>) {
    }

    fn set(&mut self, _key: &str, _value: &str) -> Result<bool, String> {
        Ok(false)
    }

    fn is_empty(&self) -> bool {
        *self == PrefixGetRequest::default()
    }
}

/// A acl-add request: HA, accept registrations for a home address, with an RFC 4285 key when given; replaces an existing entry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AclAddRequest {
    pub home_addr: Option<Ipv6Addr>,
    pub spi: Option<u32>,
    pub key: Option<Vec<u8>>,
    pub replay_window: Option<u32>,
}

impl Request for AclAddRequest {
    const OP: &'static OpDesc = &OP_ACL_ADD;
    type Reply = Acl;

    fn encode(&self, buf: &mut Vec<u8>) {
        if let Some(v) = self.home_addr {
            attr::put_ipv6(buf, attrs::acl::HOME_ADDR, v);
        }
        if let Some(v) = self.spi {
            attr::put_u32(buf, attrs::acl::SPI, v);
        }
        if let Some(v) = &self.key {
            attr::put_bytes(buf, attrs::acl::KEY, v);
        }
        if let Some(v) = self.replay_window {
            attr::put_u32(buf, attrs::acl::REPLAY_WINDOW, v);
        }
    }

    fn set(&mut self, key: &str, value: &str) -> Result<bool, String> {
        let set = &ACL_SET;
        match key {
            "home-addr" => args::once(&mut self.home_addr, args::ipv6(value, set.attr("home-addr"))?, key)?,
            "spi" => args::once(&mut self.spi, args::uint(value, set.attr("spi"))? as u32, key)?,
            "key" => args::once(&mut self.key, args::binary(value, set.attr("key"))?, key)?,
            "replay-window" => args::once(&mut self.replay_window, args::uint(value, set.attr("replay-window"))? as u32, key)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn is_empty(&self) -> bool {
        *self == AclAddRequest::default()
    }
}

/// A acl-del request: HA, stop accepting registrations for a home address; its binding is removed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AclDelRequest {
    pub home_addr: Option<Ipv6Addr>,
}

impl Request for AclDelRequest {
    const OP: &'static OpDesc = &OP_ACL_DEL;
    type Reply = Acl;

    fn encode(&self, buf: &mut Vec<u8>) {
        if let Some(v) = self.home_addr {
            attr::put_ipv6(buf, attrs::acl::HOME_ADDR, v);
        }
    }

    fn set(&mut self, key: &str, value: &str) -> Result<bool, String> {
        let set = &ACL_SET;
        match key {
            "home-addr" => args::once(&mut self.home_addr, args::ipv6(value, set.attr("home-addr"))?, key)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn is_empty(&self) -> bool {
        *self == AclDelRequest::default()
    }
}

/// A acl-get request: HA, dump the accepted home addresses (keys are never returned).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AclGetRequest {
}

impl Request for AclGetRequest {
    const OP: &'static OpDesc = &OP_ACL_GET;
    type Reply = Acl;

    fn encode(&self, _buf: &mut Vec<u8>) {
    }

    fn set(&mut self, _key: &str, _value: &str) -> Result<bool, String> {
        Ok(false)
    }

    fn is_empty(&self) -> bool {
        *self == AclGetRequest::default()
    }
}

/// A binding-get request: Get a binding by home address, or dump the binding cache (HA) or binding update list (MN).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BindingGetRequest {
    pub home_addr: Option<Ipv6Addr>,
}

impl Request for BindingGetRequest {
    const OP: &'static OpDesc = &OP_BINDING_GET;
    type Reply = Binding;

    fn encode(&self, buf: &mut Vec<u8>) {
        if let Some(v) = self.home_addr {
            attr::put_ipv6(buf, attrs::binding::HOME_ADDR, v);
        }
    }

    fn set(&mut self, key: &str, value: &str) -> Result<bool, String> {
        let set = &BINDING_SET;
        match key {
            "home-addr" => args::once(&mut self.home_addr, args::ipv6(value, set.attr("home-addr"))?, key)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn is_empty(&self) -> bool {
        *self == BindingGetRequest::default()
    }
}

/// A binding-del request: HA, remove a binding as if it had expired.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BindingDelRequest {
    pub home_addr: Option<Ipv6Addr>,
}

impl Request for BindingDelRequest {
    const OP: &'static OpDesc = &OP_BINDING_DEL;
    type Reply = Binding;

    fn encode(&self, buf: &mut Vec<u8>) {
        if let Some(v) = self.home_addr {
            attr::put_ipv6(buf, attrs::binding::HOME_ADDR, v);
        }
    }

    fn set(&mut self, key: &str, value: &str) -> Result<bool, String> {
        let set = &BINDING_SET;
        match key {
            "home-addr" => args::once(&mut self.home_addr, args::ipv6(value, set.attr("home-addr"))?, key)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn is_empty(&self) -> bool {
        *self == BindingDelRequest::default()
    }
}

/// The notifications of the family's multicast groups.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(clippy::large_enum_variant)]
pub enum Notification {
    /// A binding was created (HA, BU accepted; MN, first BA).
    BindingNewNtf(Binding),
    /// A binding changed its care-of address or was refreshed.
    BindingChangeNtf(Binding),
    /// A binding was removed (deregistration, expiry, refusal, deletion).
    BindingDelNtf(Binding),
    /// MN, a movement was detected (new care-of address, or home).
    MoveNtf(Inst),
}

impl Notify for Notification {
    const FAMILY: &'static FamilyDesc = &FAMILY;

    fn parse(msg: &GenlMsg) -> Option<Result<Self, ParseError>> {
        Some(match msg.cmd {
            cmd::BINDING_NEW_NTF => Binding::parse(msg.attrs()).map(Notification::BindingNewNtf),
            cmd::BINDING_CHANGE_NTF => Binding::parse(msg.attrs()).map(Notification::BindingChangeNtf),
            cmd::BINDING_DEL_NTF => Binding::parse(msg.attrs()).map(Notification::BindingDelNtf),
            cmd::MOVE_NTF => Inst::parse(msg.attrs()).map(Notification::MoveNtf),
            _ => return None,
        })
    }

    fn event(&self) -> &'static str {
        match self {
            Notification::BindingNewNtf(_) => "new",
            Notification::BindingChangeNtf(_) => "change",
            Notification::BindingDelNtf(_) => "del",
            Notification::MoveNtf(_) => "move",
        }
    }

    fn reply(&self) -> &dyn Reply {
        match self {
            Notification::BindingNewNtf(r) | Notification::BindingChangeNtf(r) | Notification::BindingDelNtf(r) => r,
            Notification::MoveNtf(r) => r,
        }
    }
}
