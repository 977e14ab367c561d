// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
// Do not edit directly, auto-generated from:
//	Documentation/netlink/specs/mape.yaml
// YNL-GEN rust-cli
//! The mape generic netlink family, as cellctl speaks it.
//!
//! MAP-E (RFC 7597) in the kernel: IPv4 over IPv6 with address sharing. A
//! MAP device of a customer edge (CE) carries the IPv4 traffic routed into
//! it to the border relay (BR), or straight to another CE when a forwarding
//! mapping rule (FMR) covers the destination, and source-NATs what leaves
//! through it into the CE's IPv4 address and port set by itself (no nft or
//! iptables rule needed). A BR device encapsulates to the CE that the
//! destination IPv4 address and port map to. Decapsulated packets are
//! checked as RFC 7597 §8 asks; every drop has its counter.
//!
//! The rules of a device are its basic mapping rule (BMR: the rule whose
//! IPv6 prefix is the longest match of the end-user prefix) and its FMRs;
//! each has its interface-identifier format (RFC 7597 §6, or the legacy
//! draft-03 layout Japanese ISPs use). From the end-user prefix the device
//! derives its IPv4 address, PSID, port set and CE IPv6 address.
//!
//! Addresses are in network order (IPv4 4 bytes, IPv6 16). Counters are uint
//! (4 or 8 bytes, no padding). Operations that change state need
//! CAP_NET_ADMIN in the user namespace owning the caller's network namespace
//! (uns-admin-perm, GENL_UNS_ADMIN_PERM), as rtnetlink. Everything is per
//! network namespace: the caller's.

use crate::attr::{self, Attrs, ParseError};
use crate::genl::GenlMsg;
use crate::json::Object;
use crate::schema::{AttrDesc, FamilyDesc, Notify, OpDesc, Reply, Request, SetDesc};
use crate::text::{counters, Line};
use crate::args;
use std::net::{Ipv4Addr, Ipv6Addr};

pub const NAME: &str = "mape";
pub const VERSION: u8 = 1;

/// Enums: their values by name, and the table the core uses.
pub mod enums {
    use crate::schema::EnumDesc;

    /// What a MAP device is.
    pub mod mode {
        pub const CE: u32 = 0;
        pub const BR: u32 = 1;
    }
    pub static MODE: EnumDesc = EnumDesc {
        name: "mode",
        entries: &[("ce", 0), ("br", 1)],
    };

    /// Interface identifier of a CE's IPv6 address under a rule.
    pub mod iid_format {
        pub const RFC7597: u32 = 0;
        pub const DRAFT03: u32 = 1;
    }
    pub static IID_FORMAT: EnumDesc = EnumDesc {
        name: "iid-format",
        entries: &[("rfc7597", 0), ("draft03", 1)],
    };
}

/// Command numbers (requests, replies and notifications).
pub mod cmd {
    pub const DEV_NEW: u8 = 1;
    pub const DEV_DEL: u8 = 2;
    pub const DEV_SET: u8 = 3;
    pub const DEV_GET: u8 = 4;
    pub const STATS_RESET: u8 = 5;
    pub const RULE_ADD: u8 = 6;
    pub const RULE_DEL: u8 = 7;
    pub const RULE_GET: u8 = 8;
    pub const DEV_CHANGE_NTF: u8 = 9;
}

/// Attribute numbers, one module per attribute set.
pub mod attrs {
    pub mod dev {
        pub const IFINDEX: u16 = 1;
        pub const IFNAME: u16 = 2;
        pub const LINK_IFINDEX: u16 = 3;
        pub const LINK_NAME: u16 = 4;
        pub const MODE: u16 = 5;
        pub const BR_ADDR: u16 = 6;
        pub const END_USER_PREFIX: u16 = 7;
        pub const END_USER_PREFIX_LEN: u16 = 8;
        pub const ENCAP_LIMIT: u16 = 9;
        pub const IPV4_ADDR: u16 = 10;
        pub const PSID: u16 = 11;
        pub const PSID_LEN: u16 = 12;
        pub const PSID_OFFSET: u16 = 13;
        pub const PORTS: u16 = 14;
        pub const CE_ADDR: u16 = 15;
        pub const RULES: u16 = 16;
        pub const TX_ENCAP: u16 = 17;
        pub const TX_FMR: u16 = 18;
        pub const RX_DECAP: u16 = 19;
        pub const NAT_NEW: u16 = 20;
        pub const NAT_EXHAUSTED: u16 = 21;
        pub const DROP_TX_PORT: u16 = 22;
        pub const DROP_TX_NO_ROUTE: u16 = 23;
        pub const DROP_TX_FRAG: u16 = 24;
        pub const DROP_RX_SPOOF: u16 = 25;
        pub const DROP_RX_PORT: u16 = 26;
        pub const DROP_RX_MALFORMED: u16 = 27;
        pub const ICMP_ERRORS: u16 = 28;
        pub const PMTU_UPDATES: u16 = 29;
        pub const DROP_TX_TOO_BIG: u16 = 30;
    }
    pub mod rule {
        pub const IFINDEX: u16 = 1;
        pub const IFNAME: u16 = 2;
        pub const IPV6_PREFIX: u16 = 3;
        pub const IPV6_PREFIX_LEN: u16 = 4;
        pub const IPV4_PREFIX: u16 = 5;
        pub const IPV4_PREFIX_LEN: u16 = 6;
        pub const EA_LEN: u16 = 7;
        pub const PSID_OFFSET: u16 = 8;
        pub const PSID_LEN: u16 = 9;
        pub const PSID: u16 = 10;
        pub const FMR: u16 = 11;
        pub const IID_FORMAT: u16 = 12;
        pub const BMR: u16 = 13;
    }
}

/// Multicast group names.
pub mod mcgrp {
    pub const EVENTS: &str = "events";
}

/// The "dev" attribute set.
pub static DEV_SET: SetDesc = SetDesc {
    name: "dev",
    attrs: &[
        AttrDesc { name: "ifindex", id: 1, min: 1, max: 2147483647, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "ifname", id: 2, min: 0, max: 0, min_len: None, max_len: Some(15), enum_: None, hex: false },
        AttrDesc { name: "link-ifindex", id: 3, min: 1, max: 2147483647, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "link-name", id: 4, min: 0, max: 0, min_len: None, max_len: Some(15), enum_: None, hex: false },
        AttrDesc { name: "mode", id: 5, min: 0, max: 1, min_len: None, max_len: None, enum_: Some(&enums::MODE), hex: false },
        AttrDesc { name: "br-addr", id: 6, min: 0, max: 0, min_len: Some(16), max_len: Some(16), enum_: None, hex: false },
        AttrDesc { name: "end-user-prefix", id: 7, min: 0, max: 0, min_len: Some(16), max_len: Some(16), enum_: None, hex: false },
        AttrDesc { name: "end-user-prefix-len", id: 8, min: 1, max: 128, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "encap-limit", id: 9, min: 0, max: 255, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "ipv4-addr", id: 10, min: 0, max: 0, min_len: Some(4), max_len: Some(4), enum_: None, hex: false },
        AttrDesc { name: "psid", id: 11, min: 0, max: 4294967295, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "psid-len", id: 12, min: 0, max: 4294967295, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "psid-offset", id: 13, min: 0, max: 4294967295, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "ports", id: 14, min: 0, max: 4294967295, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "ce-addr", id: 15, min: 0, max: 0, min_len: Some(16), max_len: Some(16), enum_: None, hex: false },
        AttrDesc { name: "rules", id: 16, min: 0, max: 4294967295, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "tx-encap", id: 17, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "tx-fmr", id: 18, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "rx-decap", id: 19, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "nat-new", id: 20, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "nat-exhausted", id: 21, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "drop-tx-port", id: 22, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "drop-tx-no-route", id: 23, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "drop-tx-frag", id: 24, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "drop-rx-spoof", id: 25, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "drop-rx-port", id: 26, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "drop-rx-malformed", id: 27, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "icmp-errors", id: 28, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "pmtu-updates", id: 29, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "drop-tx-too-big", id: 30, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
    ],
};

/// The "rule" attribute set.
pub static RULE_SET: SetDesc = SetDesc {
    name: "rule",
    attrs: &[
        AttrDesc { name: "ifindex", id: 1, min: 1, max: 2147483647, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "ifname", id: 2, min: 0, max: 0, min_len: None, max_len: Some(15), enum_: None, hex: false },
        AttrDesc { name: "ipv6-prefix", id: 3, min: 0, max: 0, min_len: Some(16), max_len: Some(16), enum_: None, hex: false },
        AttrDesc { name: "ipv6-prefix-len", id: 4, min: 0, max: 128, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "ipv4-prefix", id: 5, min: 0, max: 0, min_len: Some(4), max_len: Some(4), enum_: None, hex: false },
        AttrDesc { name: "ipv4-prefix-len", id: 6, min: 0, max: 32, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "ea-len", id: 7, min: 0, max: 48, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "psid-offset", id: 8, min: 0, max: 16, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "psid-len", id: 9, min: 0, max: 16, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "psid", id: 10, min: 0, max: 65535, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "fmr", id: 11, min: 0, max: 1, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "iid-format", id: 12, min: 0, max: 1, min_len: None, max_len: None, enum_: Some(&enums::IID_FORMAT), hex: false },
        AttrDesc { name: "bmr", id: 13, min: 0, max: 4294967295, min_len: None, max_len: None, enum_: None, hex: false },
    ],
};

pub static OP_DEV_NEW: OpDesc = OpDesc {
    family: NAME,
    name: "dev-new",
    cmd: cmd::DEV_NEW,
    set: &DEV_SET,
    request: &["ifname", "link-ifindex", "link-name", "mode", "br-addr", "end-user-prefix", "end-user-prefix-len", "encap-limit"],
    has_do: true,
    has_dump: false,
    admin: true,
};

pub static OP_DEV_DEL: OpDesc = OpDesc {
    family: NAME,
    name: "dev-del",
    cmd: cmd::DEV_DEL,
    set: &DEV_SET,
    request: &["ifindex", "ifname"],
    has_do: true,
    has_dump: false,
    admin: true,
};

pub static OP_DEV_SET: OpDesc = OpDesc {
    family: NAME,
    name: "dev-set",
    cmd: cmd::DEV_SET,
    set: &DEV_SET,
    request: &["ifindex", "ifname", "br-addr", "end-user-prefix", "end-user-prefix-len", "encap-limit"],
    has_do: true,
    has_dump: false,
    admin: true,
};

pub static OP_DEV_GET: OpDesc = OpDesc {
    family: NAME,
    name: "dev-get",
    cmd: cmd::DEV_GET,
    set: &DEV_SET,
    request: &["ifindex", "ifname"],
    has_do: true,
    has_dump: true,
    admin: false,
};

pub static OP_STATS_RESET: OpDesc = OpDesc {
    family: NAME,
    name: "stats-reset",
    cmd: cmd::STATS_RESET,
    set: &DEV_SET,
    request: &["ifindex", "ifname"],
    has_do: true,
    has_dump: false,
    admin: true,
};

pub static OP_RULE_ADD: OpDesc = OpDesc {
    family: NAME,
    name: "rule-add",
    cmd: cmd::RULE_ADD,
    set: &RULE_SET,
    request: &["ifindex", "ifname", "ipv6-prefix", "ipv6-prefix-len", "ipv4-prefix", "ipv4-prefix-len", "ea-len", "psid-offset", "psid-len", "psid", "fmr", "iid-format"],
    has_do: true,
    has_dump: false,
    admin: true,
};

pub static OP_RULE_DEL: OpDesc = OpDesc {
    family: NAME,
    name: "rule-del",
    cmd: cmd::RULE_DEL,
    set: &RULE_SET,
    request: &["ifindex", "ifname", "ipv6-prefix", "ipv6-prefix-len"],
    has_do: true,
    has_dump: false,
    admin: true,
};

pub static OP_RULE_GET: OpDesc = OpDesc {
    family: NAME,
    name: "rule-get",
    cmd: cmd::RULE_GET,
    set: &RULE_SET,
    request: &[],
    has_do: false,
    has_dump: true,
    admin: false,
};

/// The family.
pub static FAMILY: FamilyDesc = FamilyDesc {
    name: "mape",
    version: 1,
    ops: &[&OP_DEV_NEW, &OP_DEV_DEL, &OP_DEV_SET, &OP_DEV_GET, &OP_STATS_RESET, &OP_RULE_ADD, &OP_RULE_DEL, &OP_RULE_GET],
    mcgrps: &["events"],
};

/// A MAP device, its configuration, what it derived and its counters.
///
/// Parsed from any message of the set; attributes the kernel did not send
/// are `None`, attributes this code does not know are ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dev {
    /// Index of the MAP device.
    pub ifindex: Option<u32>,
    /// Name of the MAP device; on creation, defaults to map%d.
    pub ifname: Option<String>,
    /// Index of the underlying IPv6 link (the WAN), which carries the CE IPv6 address.
    pub link_ifindex: Option<u32>,
    /// Name of the underlying IPv6 link.
    pub link_name: Option<String>,
    /// CE (default) or BR; fixed at creation.
    pub mode: Option<u32>,
    /// The BR's IPv6 address (CE, the outer destination of everything no FMR covers; BR, its own address and the outer source).
    pub br_addr: Option<Ipv6Addr>,
    /// CE, the delegated (end-user) IPv6 prefix the rules map.
    pub end_user_prefix: Option<Ipv6Addr>,
    /// CE, length of the end-user prefix.
    pub end_user_prefix_len: Option<u32>,
    /// The RFC 2473 tunnel encapsulation limit option to add to outer headers; absent, none is added (RFC 7597 domains are engineered without it).
    pub encap_limit: Option<u32>,
    /// CE, the IPv4 address derived from the BMR (absent until a BMR matches).
    pub ipv4_addr: Option<Ipv4Addr>,
    /// CE, the port set identifier, right-aligned.
    pub psid: Option<u32>,
    /// CE, PSID length k (the sharing ratio is 2^k).
    pub psid_len: Option<u32>,
    /// CE, PSID offset a (ports below 2^(16-a) are not in the set when a > 0).
    pub psid_offset: Option<u32>,
    /// CE, number of ports in the set.
    pub ports: Option<u32>,
    /// CE, its IPv6 address (the outer source), in the BMR's interface-identifier format.
    pub ce_addr: Option<Ipv6Addr>,
    /// Number of rules.
    pub rules: Option<u32>,
    /// IPv4 packets encapsulated and sent.
    pub tx_encap: Option<u64>,
    /// Of those, sent straight to another CE under an FMR.
    pub tx_fmr: Option<u64>,
    /// IPv4 packets decapsulated and received.
    pub rx_decap: Option<u64>,
    /// CE, connections source-NATed into the port set.
    pub nat_new: Option<u64>,
    /// CE, new connections dropped because no port of the set was free for their destination.
    pub nat_exhausted: Option<u64>,
    /// CE, packets not sent because their source address or port was outside the CE's IPv4 address and port set (after NAT).
    pub drop_tx_port: Option<u64>,
    /// Packets not sent for want of a route to the BR or CE, or of a rule (BR mode).
    pub drop_tx_no_route: Option<u64>,
    /// Non-first IPv4 fragments not sent (no first fragment seen to tell their port).
    pub drop_tx_frag: Option<u64>,
    /// Decapsulated packets dropped because the outer IPv6 source does not match the inner IPv4 source and port under the rules (RFC 7597 §8.1).
    pub drop_rx_spoof: Option<u64>,
    /// CE, decapsulated packets dropped because their destination address or port is not the CE's (RFC 7597 §8.1).
    pub drop_rx_port: Option<u64>,
    /// Decapsulated packets dropped as malformed (short, bad IPv4 header, bad length).
    pub drop_rx_malformed: Option<u64>,
    /// ICMPv6 errors about tunnelled packets turned into ICMP errors for their IPv4 source (RFC 2473 §8).
    pub icmp_errors: Option<u64>,
    /// Path MTU changes learnt from ICMPv6 Packet Too Big.
    pub pmtu_updates: Option<u64>,
    /// IPv4 packets with Don't Fragment set that do not fit the path MTU to their tunnel end, refused with an ICMP fragmentation needed to their source.
    pub drop_tx_too_big: Option<u64>,
}

impl Reply for Dev {
    fn parse(attrs: Attrs<'_>) -> Result<Self, ParseError> {
        let mut r = Dev::default();
        for a in attrs {
            let a = a?;
            match a.ty {
                attrs::dev::IFINDEX => r.ifindex = Some(a.u32()?),
                attrs::dev::IFNAME => r.ifname = Some(a.string()),
                attrs::dev::LINK_IFINDEX => r.link_ifindex = Some(a.u32()?),
                attrs::dev::LINK_NAME => r.link_name = Some(a.string()),
                attrs::dev::MODE => r.mode = Some(a.u32()?),
                attrs::dev::BR_ADDR => r.br_addr = Some(a.ipv6()?),
                attrs::dev::END_USER_PREFIX => r.end_user_prefix = Some(a.ipv6()?),
                attrs::dev::END_USER_PREFIX_LEN => r.end_user_prefix_len = Some(a.u32()?),
                attrs::dev::ENCAP_LIMIT => r.encap_limit = Some(a.u32()?),
                attrs::dev::IPV4_ADDR => r.ipv4_addr = Some(a.ipv4()?),
                attrs::dev::PSID => r.psid = Some(a.u32()?),
                attrs::dev::PSID_LEN => r.psid_len = Some(a.u32()?),
                attrs::dev::PSID_OFFSET => r.psid_offset = Some(a.u32()?),
                attrs::dev::PORTS => r.ports = Some(a.u32()?),
                attrs::dev::CE_ADDR => r.ce_addr = Some(a.ipv6()?),
                attrs::dev::RULES => r.rules = Some(a.u32()?),
                attrs::dev::TX_ENCAP => r.tx_encap = Some(a.uint()?),
                attrs::dev::TX_FMR => r.tx_fmr = Some(a.uint()?),
                attrs::dev::RX_DECAP => r.rx_decap = Some(a.uint()?),
                attrs::dev::NAT_NEW => r.nat_new = Some(a.uint()?),
                attrs::dev::NAT_EXHAUSTED => r.nat_exhausted = Some(a.uint()?),
                attrs::dev::DROP_TX_PORT => r.drop_tx_port = Some(a.uint()?),
                attrs::dev::DROP_TX_NO_ROUTE => r.drop_tx_no_route = Some(a.uint()?),
                attrs::dev::DROP_TX_FRAG => r.drop_tx_frag = Some(a.uint()?),
                attrs::dev::DROP_RX_SPOOF => r.drop_rx_spoof = Some(a.uint()?),
                attrs::dev::DROP_RX_PORT => r.drop_rx_port = Some(a.uint()?),
                attrs::dev::DROP_RX_MALFORMED => r.drop_rx_malformed = Some(a.uint()?),
                attrs::dev::ICMP_ERRORS => r.icmp_errors = Some(a.uint()?),
                attrs::dev::PMTU_UPDATES => r.pmtu_updates = Some(a.uint()?),
                attrs::dev::DROP_TX_TOO_BIG => r.drop_tx_too_big = Some(a.uint()?),
                _ => {} // a newer kernel's: ignored
            }
        }
        Ok(r)
    }

    fn to_json(&self) -> Object {
        let mut o = Object::new();
        o.opt_uint("ifindex", self.ifindex.map(u64::from));
        o.opt_str("ifname", self.ifname.as_deref());
        o.opt_uint("link-ifindex", self.link_ifindex.map(u64::from));
        o.opt_str("link-name", self.link_name.as_deref());
        o.opt_enum("mode", &enums::MODE, self.mode.map(u64::from));
        o.opt_ipv6("br-addr", self.br_addr);
        o.opt_ipv6("end-user-prefix", self.end_user_prefix);
        o.opt_uint("end-user-prefix-len", self.end_user_prefix_len.map(u64::from));
        o.opt_uint("encap-limit", self.encap_limit.map(u64::from));
        o.opt_ipv4("ipv4-addr", self.ipv4_addr);
        o.opt_uint("psid", self.psid.map(u64::from));
        o.opt_uint("psid-len", self.psid_len.map(u64::from));
        o.opt_uint("psid-offset", self.psid_offset.map(u64::from));
        o.opt_uint("ports", self.ports.map(u64::from));
        o.opt_ipv6("ce-addr", self.ce_addr);
        o.opt_uint("rules", self.rules.map(u64::from));
        o.opt_uint("tx-encap", self.tx_encap);
        o.opt_uint("tx-fmr", self.tx_fmr);
        o.opt_uint("rx-decap", self.rx_decap);
        o.opt_uint("nat-new", self.nat_new);
        o.opt_uint("nat-exhausted", self.nat_exhausted);
        o.opt_uint("drop-tx-port", self.drop_tx_port);
        o.opt_uint("drop-tx-no-route", self.drop_tx_no_route);
        o.opt_uint("drop-tx-frag", self.drop_tx_frag);
        o.opt_uint("drop-rx-spoof", self.drop_rx_spoof);
        o.opt_uint("drop-rx-port", self.drop_rx_port);
        o.opt_uint("drop-rx-malformed", self.drop_rx_malformed);
        o.opt_uint("icmp-errors", self.icmp_errors);
        o.opt_uint("pmtu-updates", self.pmtu_updates);
        o.opt_uint("drop-tx-too-big", self.drop_tx_too_big);
        o
    }

    fn format_brief(&self) -> String {
        let mut t = Line::new(self.ifname.as_deref());
        t.num("ifindex", self.ifindex.map(u64::from));
        t.dev("link", self.link_name.as_deref(), self.link_ifindex.map(u64::from));
        t.enum_("mode", &enums::MODE, self.mode.map(u64::from));
        t.ipv6("br-addr", self.br_addr);
        t.ipv6("end-user-prefix", self.end_user_prefix);
        t.num("end-user-prefix-len", self.end_user_prefix_len.map(u64::from));
        t.num("encap-limit", self.encap_limit.map(u64::from));
        t.ipv4("ipv4-addr", self.ipv4_addr);
        t.num("psid", self.psid.map(u64::from));
        t.num("psid-len", self.psid_len.map(u64::from));
        t.num("psid-offset", self.psid_offset.map(u64::from));
        t.num("ports", self.ports.map(u64::from));
        t.ipv6("ce-addr", self.ce_addr);
        t.num("rules", self.rules.map(u64::from));
        t.finish()
    }

    fn format_show(&self) -> String {
        let mut s = self.format_brief();
        counters(&mut s, "tx", &[("encap", self.tx_encap), ("fmr", self.tx_fmr)]);
        counters(&mut s, "rx", &[("decap", self.rx_decap)]);
        counters(&mut s, "nat", &[("new", self.nat_new), ("exhausted", self.nat_exhausted)]);
        counters(&mut s, "drop", &[("tx-port", self.drop_tx_port), ("tx-no-route", self.drop_tx_no_route), ("tx-frag", self.drop_tx_frag), ("rx-spoof", self.drop_rx_spoof), ("rx-port", self.drop_rx_port), ("rx-malformed", self.drop_rx_malformed), ("tx-too-big", self.drop_tx_too_big)]);
        counters(&mut s, "icmp", &[("errors", self.icmp_errors)]);
        counters(&mut s, "pmtu", &[("updates", self.pmtu_updates)]);
        s
    }
}

/// A mapping rule of a MAP device.
///
/// Parsed from any message of the set; attributes the kernel did not send
/// are `None`, attributes this code does not know are ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rule {
    /// Index of the MAP device.
    pub ifindex: Option<u32>,
    /// Name of the MAP device.
    pub ifname: Option<String>,
    /// The rule IPv6 prefix (bits past its length must be zero).
    pub ipv6_prefix: Option<Ipv6Addr>,
    /// Length of the rule IPv6 prefix.
    pub ipv6_prefix_len: Option<u32>,
    /// The rule IPv4 prefix (bits past its length must be zero).
    pub ipv4_prefix: Option<Ipv4Addr>,
    /// Length of the rule IPv4 prefix.
    pub ipv4_prefix_len: Option<u32>,
    /// Length of the embedded-address bits (IPv4 suffix and PSID) in the end-user prefix.
    pub ea_len: Option<u32>,
    /// PSID offset a (default 6).
    pub psid_offset: Option<u32>,
    /// PSID length k when the EA bits carry no PSID (RFC 7598 S46_PORTPARAMS); else derived.
    pub psid_len: Option<u32>,
    /// The PSID, right-aligned, when given with psid-len.
    pub psid: Option<u32>,
    /// 1 when the rule is also a forwarding mapping rule (CE-to-CE traffic goes straight to the other CE).
    pub fmr: Option<u32>,
    /// Interface-identifier format of CE addresses under this rule (default rfc7597).
    pub iid_format: Option<u32>,
    /// 1 when the rule is the device's basic mapping rule.
    pub bmr: Option<u32>,
}

impl Reply for Rule {
    fn parse(attrs: Attrs<'_>) -> Result<Self, ParseError> {
        let mut r = Rule::default();
        for a in attrs {
            let a = a?;
            match a.ty {
                attrs::rule::IFINDEX => r.ifindex = Some(a.u32()?),
                attrs::rule::IFNAME => r.ifname = Some(a.string()),
                attrs::rule::IPV6_PREFIX => r.ipv6_prefix = Some(a.ipv6()?),
                attrs::rule::IPV6_PREFIX_LEN => r.ipv6_prefix_len = Some(a.u32()?),
                attrs::rule::IPV4_PREFIX => r.ipv4_prefix = Some(a.ipv4()?),
                attrs::rule::IPV4_PREFIX_LEN => r.ipv4_prefix_len = Some(a.u32()?),
                attrs::rule::EA_LEN => r.ea_len = Some(a.u32()?),
                attrs::rule::PSID_OFFSET => r.psid_offset = Some(a.u32()?),
                attrs::rule::PSID_LEN => r.psid_len = Some(a.u32()?),
                attrs::rule::PSID => r.psid = Some(a.u32()?),
                attrs::rule::FMR => r.fmr = Some(a.u32()?),
                attrs::rule::IID_FORMAT => r.iid_format = Some(a.u32()?),
                attrs::rule::BMR => r.bmr = Some(a.u32()?),
                _ => {} // a newer kernel's: ignored
            }
        }
        Ok(r)
    }

    fn to_json(&self) -> Object {
        let mut o = Object::new();
        o.opt_uint("ifindex", self.ifindex.map(u64::from));
        o.opt_str("ifname", self.ifname.as_deref());
        o.opt_ipv6("ipv6-prefix", self.ipv6_prefix);
        o.opt_uint("ipv6-prefix-len", self.ipv6_prefix_len.map(u64::from));
        o.opt_ipv4("ipv4-prefix", self.ipv4_prefix);
        o.opt_uint("ipv4-prefix-len", self.ipv4_prefix_len.map(u64::from));
        o.opt_uint("ea-len", self.ea_len.map(u64::from));
        o.opt_uint("psid-offset", self.psid_offset.map(u64::from));
        o.opt_uint("psid-len", self.psid_len.map(u64::from));
        o.opt_uint("psid", self.psid.map(u64::from));
        o.opt_uint("fmr", self.fmr.map(u64::from));
        o.opt_enum("iid-format", &enums::IID_FORMAT, self.iid_format.map(u64::from));
        o.opt_uint("bmr", self.bmr.map(u64::from));
        o
    }

    fn format_brief(&self) -> String {
        let mut t = Line::new(self.ifname.as_deref());
        t.num("ifindex", self.ifindex.map(u64::from));
        t.ipv6("ipv6-prefix", self.ipv6_prefix);
        t.num("ipv6-prefix-len", self.ipv6_prefix_len.map(u64::from));
        t.ipv4("ipv4-prefix", self.ipv4_prefix);
        t.num("ipv4-prefix-len", self.ipv4_prefix_len.map(u64::from));
        t.num("ea-len", self.ea_len.map(u64::from));
        t.num("psid-offset", self.psid_offset.map(u64::from));
        t.num("psid-len", self.psid_len.map(u64::from));
        t.num("psid", self.psid.map(u64::from));
        t.on_off("fmr", self.fmr.map(u64::from));
        t.enum_("iid-format", &enums::IID_FORMAT, self.iid_format.map(u64::from));
        t.num("bmr", self.bmr.map(u64::from));
        t.finish()
    }

    fn format_show(&self) -> String {
        self.format_brief()
    }
}

/// A dev-new request: Create a MAP device. Replies as dev-get.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DevNewRequest {
    pub ifname: Option<String>,
    pub link_ifindex: Option<u32>,
    pub link_name: Option<String>,
    pub mode: Option<u32>,
    pub br_addr: Option<Ipv6Addr>,
    pub end_user_prefix: Option<Ipv6Addr>,
    pub end_user_prefix_len: Option<u32>,
    pub encap_limit: Option<u32>,
}

impl Request for DevNewRequest {
    const OP: &'static OpDesc = &OP_DEV_NEW;
    type Reply = Dev;

    fn encode(&self, buf: &mut Vec<u8>) {
        if let Some(v) = &self.ifname {
            attr::put_str(buf, attrs::dev::IFNAME, v);
        }
        if let Some(v) = self.link_ifindex {
            attr::put_u32(buf, attrs::dev::LINK_IFINDEX, v);
        }
        if let Some(v) = &self.link_name {
            attr::put_str(buf, attrs::dev::LINK_NAME, v);
        }
        if let Some(v) = self.mode {
            attr::put_u32(buf, attrs::dev::MODE, v);
        }
        if let Some(v) = self.br_addr {
            attr::put_ipv6(buf, attrs::dev::BR_ADDR, v);
        }
        if let Some(v) = self.end_user_prefix {
            attr::put_ipv6(buf, attrs::dev::END_USER_PREFIX, v);
        }
        if let Some(v) = self.end_user_prefix_len {
            attr::put_u32(buf, attrs::dev::END_USER_PREFIX_LEN, v);
        }
        if let Some(v) = self.encap_limit {
            attr::put_u32(buf, attrs::dev::ENCAP_LIMIT, v);
        }
    }

    fn set(&mut self, key: &str, value: &str) -> Result<bool, String> {
        let set = &DEV_SET;
        match key {
            "ifname" => args::once(&mut self.ifname, args::string(value, set.attr("ifname"))?, key)?,
            "link-ifindex" => args::once(&mut self.link_ifindex, args::uint(value, set.attr("link-ifindex"))? as u32, key)?,
            "link-name" => args::once(&mut self.link_name, args::string(value, set.attr("link-name"))?, key)?,
            "mode" => args::once(&mut self.mode, args::uint(value, set.attr("mode"))? as u32, key)?,
            "br-addr" => args::once(&mut self.br_addr, args::ipv6(value, set.attr("br-addr"))?, key)?,
            "end-user-prefix" => args::once(&mut self.end_user_prefix, args::ipv6(value, set.attr("end-user-prefix"))?, key)?,
            "end-user-prefix-len" => args::once(&mut self.end_user_prefix_len, args::uint(value, set.attr("end-user-prefix-len"))? as u32, key)?,
            "encap-limit" => args::once(&mut self.encap_limit, args::uint(value, set.attr("encap-limit"))? as u32, key)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn is_empty(&self) -> bool {
        *self == DevNewRequest::default()
    }
}

/// A dev-del request: Delete a MAP device (by index or name).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DevDelRequest {
    pub ifindex: Option<u32>,
    pub ifname: Option<String>,
}

impl Request for DevDelRequest {
    const OP: &'static OpDesc = &OP_DEV_DEL;
    type Reply = Dev;

    fn encode(&self, buf: &mut Vec<u8>) {
        if let Some(v) = self.ifindex {
            attr::put_u32(buf, attrs::dev::IFINDEX, v);
        }
        if let Some(v) = &self.ifname {
            attr::put_str(buf, attrs::dev::IFNAME, v);
        }
    }

    fn set(&mut self, key: &str, value: &str) -> Result<bool, String> {
        let set = &DEV_SET;
        match key {
            "ifindex" => args::once(&mut self.ifindex, args::uint(value, set.attr("ifindex"))? as u32, key)?,
            "ifname" => args::once(&mut self.ifname, args::string(value, set.attr("ifname"))?, key)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn is_empty(&self) -> bool {
        *self == DevDelRequest::default()
    }
}

/// A dev-set request: Change a MAP device's BR address or end-user prefix (the derived parameters follow).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DevSetRequest {
    pub ifindex: Option<u32>,
    pub ifname: Option<String>,
    pub br_addr: Option<Ipv6Addr>,
    pub end_user_prefix: Option<Ipv6Addr>,
    pub end_user_prefix_len: Option<u32>,
    pub encap_limit: Option<u32>,
}

impl Request for DevSetRequest {
    const OP: &'static OpDesc = &OP_DEV_SET;
    type Reply = Dev;

    fn encode(&self, buf: &mut Vec<u8>) {
        if let Some(v) = self.ifindex {
            attr::put_u32(buf, attrs::dev::IFINDEX, v);
        }
        if let Some(v) = &self.ifname {
            attr::put_str(buf, attrs::dev::IFNAME, v);
        }
        if let Some(v) = self.br_addr {
            attr::put_ipv6(buf, attrs::dev::BR_ADDR, v);
        }
        if let Some(v) = self.end_user_prefix {
            attr::put_ipv6(buf, attrs::dev::END_USER_PREFIX, v);
        }
        if let Some(v) = self.end_user_prefix_len {
            attr::put_u32(buf, attrs::dev::END_USER_PREFIX_LEN, v);
        }
        if let Some(v) = self.encap_limit {
            attr::put_u32(buf, attrs::dev::ENCAP_LIMIT, v);
        }
    }

    fn set(&mut self, key: &str, value: &str) -> Result<bool, String> {
        let set = &DEV_SET;
        match key {
            "ifindex" => args::once(&mut self.ifindex, args::uint(value, set.attr("ifindex"))? as u32, key)?,
            "ifname" => args::once(&mut self.ifname, args::string(value, set.attr("ifname"))?, key)?,
            "br-addr" => args::once(&mut self.br_addr, args::ipv6(value, set.attr("br-addr"))?, key)?,
            "end-user-prefix" => args::once(&mut self.end_user_prefix, args::ipv6(value, set.attr("end-user-prefix"))?, key)?,
            "end-user-prefix-len" => args::once(&mut self.end_user_prefix_len, args::uint(value, set.attr("end-user-prefix-len"))? as u32, key)?,
            "encap-limit" => args::once(&mut self.encap_limit, args::uint(value, set.attr("encap-limit"))? as u32, key)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn is_empty(&self) -> bool {
        *self == DevSetRequest::default()
    }
}

/// A dev-get request: Get a MAP device by index or name, or dump them all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DevGetRequest {
    pub ifindex: Option<u32>,
    pub ifname: Option<String>,
}

impl Request for DevGetRequest {
    const OP: &'static OpDesc = &OP_DEV_GET;
    type Reply = Dev;

    fn encode(&self, buf: &mut Vec<u8>) {
        if let Some(v) = self.ifindex {
            attr::put_u32(buf, attrs::dev::IFINDEX, v);
        }
        if let Some(v) = &self.ifname {
            attr::put_str(buf, attrs::dev::IFNAME, v);
        }
    }

    fn set(&mut self, key: &str, value: &str) -> Result<bool, String> {
        let set = &DEV_SET;
        match key {
            "ifindex" => args::once(&mut self.ifindex, args::uint(value, set.attr("ifindex"))? as u32, key)?,
            "ifname" => args::once(&mut self.ifname, args::string(value, set.attr("ifname"))?, key)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn is_empty(&self) -> bool {
        *self == DevGetRequest::default()
    }
}

/// A stats-reset request: Set every counter of a MAP device to zero.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatsResetRequest {
    pub ifindex: Option<u32>,
    pub ifname: Option<String>,
}

impl Request for StatsResetRequest {
    const OP: &'static OpDesc = &OP_STATS_RESET;
    type Reply = Dev;

    fn encode(&self, buf: &mut Vec<u8>) {
        if let Some(v) = self.ifindex {
            attr::put_u32(buf, attrs::dev::IFINDEX, v);
        }
        if let Some(v) = &self.ifname {
            attr::put_str(buf, attrs::dev::IFNAME, v);
        }
    }

    fn set(&mut self, key: &str, value: &str) -> Result<bool, String> {
        let set = &DEV_SET;
        match key {
            "ifindex" => args::once(&mut self.ifindex, args::uint(value, set.attr("ifindex"))? as u32, key)?,
            "ifname" => args::once(&mut self.ifname, args::string(value, set.attr("ifname"))?, key)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn is_empty(&self) -> bool {
        *self == StatsResetRequest::default()
    }
}

/// A rule-add request: Add a rule to a MAP device (replacing the one with the same IPv6 prefix).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleAddRequest {
    pub ifindex: Option<u32>,
    pub ifname: Option<String>,
    pub ipv6_prefix: Option<Ipv6Addr>,
    pub ipv6_prefix_len: Option<u32>,
    pub ipv4_prefix: Option<Ipv4Addr>,
    pub ipv4_prefix_len: Option<u32>,
    pub ea_len: Option<u32>,
    pub psid_offset: Option<u32>,
    pub psid_len: Option<u32>,
    pub psid: Option<u32>,
    pub fmr: Option<u32>,
    pub iid_format: Option<u32>,
}

impl Request for RuleAddRequest {
    const OP: &'static OpDesc = &OP_RULE_ADD;
    type Reply = Rule;

    fn encode(&self, buf: &mut Vec<u8>) {
        if let Some(v) = self.ifindex {
            attr::put_u32(buf, attrs::rule::IFINDEX, v);
        }
        if let Some(v) = &self.ifname {
            attr::put_str(buf, attrs::rule::IFNAME, v);
        }
        if let Some(v) = self.ipv6_prefix {
            attr::put_ipv6(buf, attrs::rule::IPV6_PREFIX, v);
        }
        if let Some(v) = self.ipv6_prefix_len {
            attr::put_u32(buf, attrs::rule::IPV6_PREFIX_LEN, v);
        }
        if let Some(v) = self.ipv4_prefix {
            attr::put_ipv4(buf, attrs::rule::IPV4_PREFIX, v);
        }
        if let Some(v) = self.ipv4_prefix_len {
            attr::put_u32(buf, attrs::rule::IPV4_PREFIX_LEN, v);
        }
        if let Some(v) = self.ea_len {
            attr::put_u32(buf, attrs::rule::EA_LEN, v);
        }
        if let Some(v) = self.psid_offset {
            attr::put_u32(buf, attrs::rule::PSID_OFFSET, v);
        }
        if let Some(v) = self.psid_len {
            attr::put_u32(buf, attrs::rule::PSID_LEN, v);
        }
        if let Some(v) = self.psid {
            attr::put_u32(buf, attrs::rule::PSID, v);
        }
        if let Some(v) = self.fmr {
            attr::put_u32(buf, attrs::rule::FMR, v);
        }
        if let Some(v) = self.iid_format {
            attr::put_u32(buf, attrs::rule::IID_FORMAT, v);
        }
    }

    fn set(&mut self, key: &str, value: &str) -> Result<bool, String> {
        let set = &RULE_SET;
        match key {
            "ifindex" => args::once(&mut self.ifindex, args::uint(value, set.attr("ifindex"))? as u32, key)?,
            "ifname" => args::once(&mut self.ifname, args::string(value, set.attr("ifname"))?, key)?,
            "ipv6-prefix" => args::once(&mut self.ipv6_prefix, args::ipv6(value, set.attr("ipv6-prefix"))?, key)?,
            "ipv6-prefix-len" => args::once(&mut self.ipv6_prefix_len, args::uint(value, set.attr("ipv6-prefix-len"))? as u32, key)?,
            "ipv4-prefix" => args::once(&mut self.ipv4_prefix, args::ipv4(value, set.attr("ipv4-prefix"))?, key)?,
            "ipv4-prefix-len" => args::once(&mut self.ipv4_prefix_len, args::uint(value, set.attr("ipv4-prefix-len"))? as u32, key)?,
            "ea-len" => args::once(&mut self.ea_len, args::uint(value, set.attr("ea-len"))? as u32, key)?,
            "psid-offset" => args::once(&mut self.psid_offset, args::uint(value, set.attr("psid-offset"))? as u32, key)?,
            "psid-len" => args::once(&mut self.psid_len, args::uint(value, set.attr("psid-len"))? as u32, key)?,
            "psid" => args::once(&mut self.psid, args::uint(value, set.attr("psid"))? as u32, key)?,
            "fmr" => args::once(&mut self.fmr, args::uint(value, set.attr("fmr"))? as u32, key)?,
            "iid-format" => args::once(&mut self.iid_format, args::uint(value, set.attr("iid-format"))? as u32, key)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn is_empty(&self) -> bool {
        *self == RuleAddRequest::default()
    }
}

/// A rule-del request: Remove the rule with this IPv6 prefix from a MAP device.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleDelRequest {
    pub ifindex: Option<u32>,
    pub ifname: Option<String>,
    pub ipv6_prefix: Option<Ipv6Addr>,
    pub ipv6_prefix_len: Option<u32>,
}

impl Request for RuleDelRequest {
    const OP: &'static OpDesc = &OP_RULE_DEL;
    type Reply = Rule;

    fn encode(&self, buf: &mut Vec<u8>) {
        if let Some(v) = self.ifindex {
            attr::put_u32(buf, attrs::rule::IFINDEX, v);
        }
        if let Some(v) = &self.ifname {
            attr::put_str(buf, attrs::rule::IFNAME, v);
        }
        if let Some(v) = self.ipv6_prefix {
            attr::put_ipv6(buf, attrs::rule::IPV6_PREFIX, v);
        }
        if let Some(v) = self.ipv6_prefix_len {
            attr::put_u32(buf, attrs::rule::IPV6_PREFIX_LEN, v);
        }
    }

    fn set(&mut self, key: &str, value: &str) -> Result<bool, String> {
        let set = &RULE_SET;
        match key {
            "ifindex" => args::once(&mut self.ifindex, args::uint(value, set.attr("ifindex"))? as u32, key)?,
            "ifname" => args::once(&mut self.ifname, args::string(value, set.attr("ifname"))?, key)?,
            "ipv6-prefix" => args::once(&mut self.ipv6_prefix, args::ipv6(value, set.attr("ipv6-prefix"))?, key)?,
            "ipv6-prefix-len" => args::once(&mut self.ipv6_prefix_len, args::uint(value, set.attr("ipv6-prefix-len"))? as u32, key)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn is_empty(&self) -> bool {
        *self == RuleDelRequest::default()
    }
}

/// A rule-get request: Dump the rules of every MAP device.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleGetRequest {
}

impl Request for RuleGetRequest {
    const OP: &'static OpDesc = &OP_RULE_GET;
    type Reply = Rule;

    fn encode(&self, _buf: &mut Vec<u8>) {
    }

    fn set(&mut self, _key: &str, _value: &str) -> Result<bool, String> {
        Ok(false)
    }

    fn is_empty(&self) -> bool {
        *self == RuleGetRequest::default()
    }
}

/// The notifications of the family's multicast groups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notification {
    /// A MAP device's derived parameters changed (a rule, the end-user prefix or the BR address changed).
    DevChangeNtf(Dev),
}

impl Notify for Notification {
    const FAMILY: &'static FamilyDesc = &FAMILY;

    fn parse(msg: &GenlMsg) -> Option<Result<Self, ParseError>> {
        Some(match msg.cmd {
            cmd::DEV_CHANGE_NTF => Dev::parse(msg.attrs()).map(Notification::DevChangeNtf),
            _ => return None,
        })
    }

    fn event(&self) -> &'static str {
        match self {
            Notification::DevChangeNtf(_) => "change",
        }
    }

    fn reply(&self) -> &dyn Reply {
        match self {
            Notification::DevChangeNtf(r) => r,
        }
    }
}
