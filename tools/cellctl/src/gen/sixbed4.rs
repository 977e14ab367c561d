// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
// Do not edit directly, auto-generated from:
//	Documentation/netlink/specs/sixbed4.yaml
// YNL-GEN rust-cli
//! The sixbed4 generic netlink family, as cellctl speaks it.
//!
//! 6bed4 (draft-vanrein-6bed4) in the kernel: IPv6 carried bare in UDP over
//! IPv4 (port 25790) through NATs, the peer's public IPv4 address and UDP
//! port embedded in its IPv6 address so that the router and other peers
//! reach it statelessly. A 6bed4 device is a router, which serves a /64 and
//! hands each peer a /114 built from the UDP source it observed, or a peer,
//! which solicits a router, configures the /114 address it is given and
//! keeps its NAT mapping alive. Wire-compatible with the reference daemons
//! (6bed4router, 6bed4peer).
//!
//! Addresses are in network order (IPv4 4 bytes, IPv6 16); ports are in host
//! order. Counters are uint (4 or 8 bytes, no padding). Operations that
//! change state need CAP_NET_ADMIN in the user namespace owning the caller's
//! network namespace (uns-admin-perm, GENL_UNS_ADMIN_PERM), as rtnetlink.
//! Everything is per network namespace: the caller's.

use crate::attr::{self, Attrs, ParseError};
use crate::genl::GenlMsg;
use crate::json::Object;
use crate::schema::{AttrDesc, FamilyDesc, Notify, OpDesc, Reply, Request, SetDesc};
use crate::text::{counters, Line};
use crate::args;
use std::net::{Ipv4Addr, Ipv6Addr};

pub const NAME: &str = "sixbed4";
pub const VERSION: u8 = 1;

/// Enums: their values by name, and the table the core uses.
pub mod enums {
    use crate::schema::EnumDesc;

    /// What a 6bed4 device is.
    pub mod role {
        pub const ROUTER: u32 = 0;
        pub const PEER: u32 = 1;
    }
    pub static ROLE: EnumDesc = EnumDesc {
        name: "role",
        entries: &[("router", 0), ("peer", 1)],
    };
}

/// Command numbers (requests, replies and notifications).
pub mod cmd {
    pub const DEV_NEW: u8 = 1;
    pub const DEV_DEL: u8 = 2;
    pub const DEV_GET: u8 = 3;
    pub const STATS_RESET: u8 = 4;
    pub const PEER_GET: u8 = 5;
    pub const PEER_NEW_NTF: u8 = 6;
    pub const PEER_CHANGE_NTF: u8 = 7;
    pub const PEER_DEL_NTF: u8 = 8;
    pub const DEV_CHANGE_NTF: u8 = 9;
}

/// Attribute numbers, one module per attribute set.
pub mod attrs {
    pub mod dev {
        pub const IFINDEX: u16 = 1;
        pub const IFNAME: u16 = 2;
        pub const ROLE: u16 = 3;
        pub const LOCAL_ADDR: u16 = 4;
        pub const LOCAL_PORT: u16 = 5;
        pub const PREFIX: u16 = 6;
        pub const UPLINK_IFINDEX: u16 = 7;
        pub const UPLINK_NAME: u16 = 8;
        pub const ROUTER_ADDR: u16 = 9;
        pub const ROUTER_PORT: u16 = 10;
        pub const KEEPALIVE: u16 = 11;
        pub const KEEPALIVE_TTL: u16 = 12;
        pub const ADDRESS: u16 = 13;
        pub const PEERS: u16 = 14;
        pub const RX_KEEPALIVE: u16 = 15;
        pub const RS_RCVD: u16 = 16;
        pub const RA_SENT: u16 = 17;
        pub const RA_UNSOLICITED: u16 = 18;
        pub const DROP_MALFORMED: u16 = 19;
        pub const DROP_MULTICAST: u16 = 20;
        pub const DROP_SPOOF_PREFIX: u16 = 21;
        pub const DROP_SPOOF_PORT: u16 = 22;
        pub const DROP_SPOOF_IPV4: u16 = 23;
        pub const DROP_ND: u16 = 24;
        pub const DROP_TX_NATIVE: u16 = 25;
        pub const DROP_TX_NO_ROUTE: u16 = 26;
        pub const PROXY_NA: u16 = 27;
        pub const RS_SENT: u16 = 28;
        pub const RA_RCVD: u16 = 29;
        pub const KEEPALIVE_SENT: u16 = 30;
        pub const ADDRESS_CHANGES: u16 = 31;
        pub const TX_DIRECT: u16 = 32;
        pub const RX_DIRECT: u16 = 33;
        pub const PROBES_SENT: u16 = 34;
    }
    pub mod peer {
        pub const IFINDEX: u16 = 1;
        pub const IFNAME: u16 = 2;
        pub const PREFIX: u16 = 3;
        pub const IPV4: u16 = 4;
        pub const PORT: u16 = 5;
        pub const OLD_IPV4: u16 = 6;
        pub const OLD_PORT: u16 = 7;
        pub const IDLE: u16 = 8;
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
        AttrDesc { name: "role", id: 3, min: 0, max: 1, min_len: None, max_len: None, enum_: Some(&enums::ROLE), hex: false },
        AttrDesc { name: "local-addr", id: 4, min: 0, max: 0, min_len: Some(4), max_len: Some(4), enum_: None, hex: false },
        AttrDesc { name: "local-port", id: 5, min: 1, max: 65535, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "prefix", id: 6, min: 0, max: 0, min_len: Some(16), max_len: Some(16), enum_: None, hex: false },
        AttrDesc { name: "uplink-ifindex", id: 7, min: 0, max: 4294967295, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "uplink-name", id: 8, min: 0, max: 0, min_len: None, max_len: Some(15), enum_: None, hex: false },
        AttrDesc { name: "router-addr", id: 9, min: 0, max: 0, min_len: Some(4), max_len: Some(4), enum_: None, hex: false },
        AttrDesc { name: "router-port", id: 10, min: 1, max: 65535, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "keepalive", id: 11, min: 0, max: 3600, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "keepalive-ttl", id: 12, min: 1, max: 255, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "address", id: 13, min: 0, max: 0, min_len: Some(16), max_len: Some(16), enum_: None, hex: false },
        AttrDesc { name: "peers", id: 14, min: 0, max: 4294967295, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "rx-keepalive", id: 15, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "rs-rcvd", id: 16, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "ra-sent", id: 17, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "ra-unsolicited", id: 18, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "drop-malformed", id: 19, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "drop-multicast", id: 20, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "drop-spoof-prefix", id: 21, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "drop-spoof-port", id: 22, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "drop-spoof-ipv4", id: 23, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "drop-nd", id: 24, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "drop-tx-native", id: 25, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "drop-tx-no-route", id: 26, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "proxy-na", id: 27, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "rs-sent", id: 28, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "ra-rcvd", id: 29, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "keepalive-sent", id: 30, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "address-changes", id: 31, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "tx-direct", id: 32, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "rx-direct", id: 33, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "probes-sent", id: 34, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
    ],
};

/// The "peer" attribute set.
pub static PEER_SET: SetDesc = SetDesc {
    name: "peer",
    attrs: &[
        AttrDesc { name: "ifindex", id: 1, min: 0, max: 4294967295, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "ifname", id: 2, min: 0, max: 0, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "prefix", id: 3, min: 0, max: 0, min_len: Some(16), max_len: Some(16), enum_: None, hex: false },
        AttrDesc { name: "ipv4", id: 4, min: 0, max: 0, min_len: Some(4), max_len: Some(4), enum_: None, hex: false },
        AttrDesc { name: "port", id: 5, min: 0, max: 4294967295, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "old-ipv4", id: 6, min: 0, max: 0, min_len: Some(4), max_len: Some(4), enum_: None, hex: false },
        AttrDesc { name: "old-port", id: 7, min: 0, max: 4294967295, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "idle", id: 8, min: 0, max: 4294967295, min_len: None, max_len: None, enum_: None, hex: false },
    ],
};

pub static OP_DEV_NEW: OpDesc = OpDesc {
    family: NAME,
    name: "dev-new",
    cmd: cmd::DEV_NEW,
    set: &DEV_SET,
    request: &["ifname", "role", "local-addr", "local-port", "prefix", "uplink-ifindex", "uplink-name", "router-addr", "router-port", "keepalive", "keepalive-ttl"],
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

pub static OP_PEER_GET: OpDesc = OpDesc {
    family: NAME,
    name: "peer-get",
    cmd: cmd::PEER_GET,
    set: &PEER_SET,
    request: &[],
    has_do: false,
    has_dump: true,
    admin: false,
};

/// The family.
pub static FAMILY: FamilyDesc = FamilyDesc {
    name: "sixbed4",
    version: 1,
    ops: &[&OP_DEV_NEW, &OP_DEV_DEL, &OP_DEV_GET, &OP_STATS_RESET, &OP_PEER_GET],
    mcgrps: &["events"],
};

/// A 6bed4 device, its configuration, its state and its counters.
///
/// Parsed from any message of the set; attributes the kernel did not send
/// are `None`, attributes this code does not know are ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dev {
    /// Index of the 6bed4 device.
    pub ifindex: Option<u32>,
    /// Name of the 6bed4 device (a pattern with %d when creating).
    pub ifname: Option<String>,
    /// Router or peer; fixed at creation.
    pub role: Option<u32>,
    /// IPv4 address the UDP socket is bound to (0.0.0.0, the default, for any).
    pub local_addr: Option<Ipv4Addr>,
    /// UDP port the socket is bound to. Router default 25790; peer default a random even port from 49152 to 65534 (even ports only, as the reference's link-layer address form needs).
    pub local_port: Option<u32>,
    /// Router, the /64 it serves (its 6bed4 part is everything whose port word is not 0).
    pub prefix: Option<Ipv6Addr>,
    /// Router, the device facing the upstream router, on which it answers neighbour solicitations for the peers' addresses (proxy ND); 0 for none.
    pub uplink_ifindex: Option<u32>,
    /// Router, the uplink by name.
    pub uplink_name: Option<String>,
    /// Peer, the router's IPv4 address.
    pub router_addr: Option<Ipv4Addr>,
    /// Peer, the router's UDP port (25790 by default).
    pub router_port: Option<u32>,
    /// Peer, seconds between keepalives (empty datagrams to the router; 30 by default, 0 for none). Router, the keepalive period its peers use (30 by default; 0 means 30); a peer not heard from for three periods is dropped from its table.
    pub keepalive: Option<u32>,
    /// Peer, IPv4 TTL of the keepalives (3 by default, enough for the NATs and not for the router).
    pub keepalive_ttl: Option<u32>,
    /// Peer, its address (lanip 1 in the /114 the router's last advertisement gave), when it has one.
    pub address: Option<Ipv6Addr>,
    /// Router, the peers it knows (heard from in the last three keepalive intervals).
    pub peers: Option<u32>,
    /// Router, empty (keepalive) datagrams received.
    pub rx_keepalive: Option<u64>,
    /// Router, router solicitations received and answered.
    pub rs_rcvd: Option<u64>,
    /// Router advertisements sent (answers and unsolicited ones).
    pub ra_sent: Option<u64>,
    /// Router, unsolicited advertisements sent to a peer whose NAT mapping changed.
    pub ra_unsolicited: Option<u64>,
    /// Datagrams dropped as too short for an IPv6 header (and not empty), not IPv6, or with a wrong length.
    pub drop_malformed: Option<u64>,
    /// Multicast packets dropped (6bed4 carries none).
    pub drop_multicast: Option<u64>,
    /// Router, packets whose source is outside its /64. Peer, packets straight from another peer whose source is outside the router's /64 (or arriving before the peer has an address).
    pub drop_spoof_prefix: Option<u64>,
    /// Packets whose source's port word is not the UDP source port.
    pub drop_spoof_port: Option<u64>,
    /// Packets whose source's embedded IPv4 address is not the UDP source address.
    pub drop_spoof_ipv4: Option<u64>,
    /// Neighbour discovery packets dropped (hop limit not 255, a router solicitation or advertisement that does not validate, or a solicitation straight from another peer that is not for one of the peer's addresses).
    pub drop_nd: Option<u64>,
    /// Packets routed into the device for an address that is not a peer's (port word 0, or outside the /64), refused with an ICMPv6 error.
    pub drop_tx_native: Option<u64>,
    /// Packets not sent for want of an IPv4 route to the peer or router.
    pub drop_tx_no_route: Option<u64>,
    /// Router, neighbour advertisements sent on the uplink for peers' addresses.
    pub proxy_na: Option<u64>,
    /// Peer, router solicitations sent.
    pub rs_sent: Option<u64>,
    /// Peer, valid router advertisements received.
    pub ra_rcvd: Option<u64>,
    /// Peer, keepalives sent.
    pub keepalive_sent: Option<u64>,
    /// Peer, times its address changed (a new NAT mapping).
    pub address_changes: Option<u64>,
    /// Peer, packets sent straight to another peer (not through the router).
    pub tx_direct: Option<u64>,
    /// Peer, packets received straight from another peer.
    pub rx_direct: Option<u64>,
    /// Peer, neighbour solicitations sent straight to another peer to find out whether it is reachable without the router.
    pub probes_sent: Option<u64>,
}

impl Reply for Dev {
    fn parse(attrs: Attrs<'_>) -> Result<Self, ParseError> {
        let mut r = Dev::default();
        for a in attrs {
            let a = a?;
            match a.ty {
                attrs::dev::IFINDEX => r.ifindex = Some(a.u32()?),
                attrs::dev::IFNAME => r.ifname = Some(a.string()),
                attrs::dev::ROLE => r.role = Some(a.u32()?),
                attrs::dev::LOCAL_ADDR => r.local_addr = Some(a.ipv4()?),
                attrs::dev::LOCAL_PORT => r.local_port = Some(a.u32()?),
                attrs::dev::PREFIX => r.prefix = Some(a.ipv6()?),
                attrs::dev::UPLINK_IFINDEX => r.uplink_ifindex = Some(a.u32()?),
                attrs::dev::UPLINK_NAME => r.uplink_name = Some(a.string()),
                attrs::dev::ROUTER_ADDR => r.router_addr = Some(a.ipv4()?),
                attrs::dev::ROUTER_PORT => r.router_port = Some(a.u32()?),
                attrs::dev::KEEPALIVE => r.keepalive = Some(a.u32()?),
                attrs::dev::KEEPALIVE_TTL => r.keepalive_ttl = Some(a.u32()?),
                attrs::dev::ADDRESS => r.address = Some(a.ipv6()?),
                attrs::dev::PEERS => r.peers = Some(a.u32()?),
                attrs::dev::RX_KEEPALIVE => r.rx_keepalive = Some(a.uint()?),
                attrs::dev::RS_RCVD => r.rs_rcvd = Some(a.uint()?),
                attrs::dev::RA_SENT => r.ra_sent = Some(a.uint()?),
                attrs::dev::RA_UNSOLICITED => r.ra_unsolicited = Some(a.uint()?),
                attrs::dev::DROP_MALFORMED => r.drop_malformed = Some(a.uint()?),
                attrs::dev::DROP_MULTICAST => r.drop_multicast = Some(a.uint()?),
                attrs::dev::DROP_SPOOF_PREFIX => r.drop_spoof_prefix = Some(a.uint()?),
                attrs::dev::DROP_SPOOF_PORT => r.drop_spoof_port = Some(a.uint()?),
                attrs::dev::DROP_SPOOF_IPV4 => r.drop_spoof_ipv4 = Some(a.uint()?),
                attrs::dev::DROP_ND => r.drop_nd = Some(a.uint()?),
                attrs::dev::DROP_TX_NATIVE => r.drop_tx_native = Some(a.uint()?),
                attrs::dev::DROP_TX_NO_ROUTE => r.drop_tx_no_route = Some(a.uint()?),
                attrs::dev::PROXY_NA => r.proxy_na = Some(a.uint()?),
                attrs::dev::RS_SENT => r.rs_sent = Some(a.uint()?),
                attrs::dev::RA_RCVD => r.ra_rcvd = Some(a.uint()?),
                attrs::dev::KEEPALIVE_SENT => r.keepalive_sent = Some(a.uint()?),
                attrs::dev::ADDRESS_CHANGES => r.address_changes = Some(a.uint()?),
                attrs::dev::TX_DIRECT => r.tx_direct = Some(a.uint()?),
                attrs::dev::RX_DIRECT => r.rx_direct = Some(a.uint()?),
                attrs::dev::PROBES_SENT => r.probes_sent = Some(a.uint()?),
                _ => {} // a newer kernel's: ignored
            }
        }
        Ok(r)
    }

    fn to_json(&self) -> Object {
        let mut o = Object::new();
        o.opt_uint("ifindex", self.ifindex.map(u64::from));
        o.opt_str("ifname", self.ifname.as_deref());
        o.opt_enum("role", &enums::ROLE, self.role.map(u64::from));
        o.opt_ipv4("local-addr", self.local_addr);
        o.opt_uint("local-port", self.local_port.map(u64::from));
        o.opt_ipv6("prefix", self.prefix);
        o.opt_uint("uplink-ifindex", self.uplink_ifindex.map(u64::from));
        o.opt_str("uplink-name", self.uplink_name.as_deref());
        o.opt_ipv4("router-addr", self.router_addr);
        o.opt_uint("router-port", self.router_port.map(u64::from));
        o.opt_uint("keepalive", self.keepalive.map(u64::from));
        o.opt_uint("keepalive-ttl", self.keepalive_ttl.map(u64::from));
        o.opt_ipv6("address", self.address);
        o.opt_uint("peers", self.peers.map(u64::from));
        o.opt_uint("rx-keepalive", self.rx_keepalive);
        o.opt_uint("rs-rcvd", self.rs_rcvd);
        o.opt_uint("ra-sent", self.ra_sent);
        o.opt_uint("ra-unsolicited", self.ra_unsolicited);
        o.opt_uint("drop-malformed", self.drop_malformed);
        o.opt_uint("drop-multicast", self.drop_multicast);
        o.opt_uint("drop-spoof-prefix", self.drop_spoof_prefix);
        o.opt_uint("drop-spoof-port", self.drop_spoof_port);
        o.opt_uint("drop-spoof-ipv4", self.drop_spoof_ipv4);
        o.opt_uint("drop-nd", self.drop_nd);
        o.opt_uint("drop-tx-native", self.drop_tx_native);
        o.opt_uint("drop-tx-no-route", self.drop_tx_no_route);
        o.opt_uint("proxy-na", self.proxy_na);
        o.opt_uint("rs-sent", self.rs_sent);
        o.opt_uint("ra-rcvd", self.ra_rcvd);
        o.opt_uint("keepalive-sent", self.keepalive_sent);
        o.opt_uint("address-changes", self.address_changes);
        o.opt_uint("tx-direct", self.tx_direct);
        o.opt_uint("rx-direct", self.rx_direct);
        o.opt_uint("probes-sent", self.probes_sent);
        o
    }

    fn format_brief(&self) -> String {
        let mut t = Line::new(self.ifname.as_deref());
        t.num("ifindex", self.ifindex.map(u64::from));
        t.enum_("role", &enums::ROLE, self.role.map(u64::from));
        t.ipv4("local-addr", self.local_addr);
        t.num("local-port", self.local_port.map(u64::from));
        t.ipv6("prefix", self.prefix);
        t.dev("uplink", self.uplink_name.as_deref(), self.uplink_ifindex.map(u64::from));
        t.ipv4("router-addr", self.router_addr);
        t.num("router-port", self.router_port.map(u64::from));
        t.num("keepalive", self.keepalive.map(u64::from));
        t.num("keepalive-ttl", self.keepalive_ttl.map(u64::from));
        t.ipv6("address", self.address);
        t.num("peers", self.peers.map(u64::from));
        t.finish()
    }

    fn format_show(&self) -> String {
        let mut s = self.format_brief();
        counters(&mut s, "rx", &[("keepalive", self.rx_keepalive), ("direct", self.rx_direct)]);
        counters(&mut s, "rs", &[("rcvd", self.rs_rcvd), ("sent", self.rs_sent)]);
        counters(&mut s, "ra", &[("sent", self.ra_sent), ("unsolicited", self.ra_unsolicited), ("rcvd", self.ra_rcvd)]);
        counters(&mut s, "drop", &[("malformed", self.drop_malformed), ("multicast", self.drop_multicast), ("spoof-prefix", self.drop_spoof_prefix), ("spoof-port", self.drop_spoof_port), ("spoof-ipv4", self.drop_spoof_ipv4), ("nd", self.drop_nd), ("tx-native", self.drop_tx_native), ("tx-no-route", self.drop_tx_no_route)]);
        counters(&mut s, "proxy", &[("na", self.proxy_na)]);
        counters(&mut s, "keepalive", &[("sent", self.keepalive_sent)]);
        counters(&mut s, "address", &[("changes", self.address_changes)]);
        counters(&mut s, "tx", &[("direct", self.tx_direct)]);
        counters(&mut s, "probes", &[("sent", self.probes_sent)]);
        s
    }
}

/// A peer a router has heard from.
///
/// Parsed from any message of the set; attributes the kernel did not send
/// are `None`, attributes this code does not know are ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Peer {
    /// Index of the router's 6bed4 device.
    pub ifindex: Option<u32>,
    /// Name of the router's 6bed4 device.
    pub ifname: Option<String>,
    /// The peer's /114.
    pub prefix: Option<Ipv6Addr>,
    /// Its public IPv4 address (the UDP source the router saw).
    pub ipv4: Option<Ipv4Addr>,
    /// Its public UDP port.
    pub port: Option<u32>,
    /// In a change event, the IPv4 address it had.
    pub old_ipv4: Option<Ipv4Addr>,
    /// In a change event, the port it had.
    pub old_port: Option<u32>,
    /// Seconds since the router last heard from it.
    pub idle: Option<u32>,
}

impl Reply for Peer {
    fn parse(attrs: Attrs<'_>) -> Result<Self, ParseError> {
        let mut r = Peer::default();
        for a in attrs {
            let a = a?;
            match a.ty {
                attrs::peer::IFINDEX => r.ifindex = Some(a.u32()?),
                attrs::peer::IFNAME => r.ifname = Some(a.string()),
                attrs::peer::PREFIX => r.prefix = Some(a.ipv6()?),
                attrs::peer::IPV4 => r.ipv4 = Some(a.ipv4()?),
                attrs::peer::PORT => r.port = Some(a.u32()?),
                attrs::peer::OLD_IPV4 => r.old_ipv4 = Some(a.ipv4()?),
                attrs::peer::OLD_PORT => r.old_port = Some(a.u32()?),
                attrs::peer::IDLE => r.idle = Some(a.u32()?),
                _ => {} // a newer kernel's: ignored
            }
        }
        Ok(r)
    }

    fn to_json(&self) -> Object {
        let mut o = Object::new();
        o.opt_uint("ifindex", self.ifindex.map(u64::from));
        o.opt_str("ifname", self.ifname.as_deref());
        o.opt_ipv6("prefix", self.prefix);
        o.opt_ipv4("ipv4", self.ipv4);
        o.opt_uint("port", self.port.map(u64::from));
        o.opt_ipv4("old-ipv4", self.old_ipv4);
        o.opt_uint("old-port", self.old_port.map(u64::from));
        o.opt_uint("idle", self.idle.map(u64::from));
        o
    }

    fn format_brief(&self) -> String {
        let mut t = Line::new(self.ifname.as_deref());
        t.num("ifindex", self.ifindex.map(u64::from));
        t.ipv6("prefix", self.prefix);
        t.ipv4("ipv4", self.ipv4);
        t.num("port", self.port.map(u64::from));
        t.ipv4("old-ipv4", self.old_ipv4);
        t.num("old-port", self.old_port.map(u64::from));
        t.num("idle", self.idle.map(u64::from));
        t.finish()
    }

    fn format_show(&self) -> String {
        self.format_brief()
    }
}

/// A dev-new request: Create a 6bed4 device (router or peer). Replies as dev-get.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DevNewRequest {
    pub ifname: Option<String>,
    pub role: Option<u32>,
    pub local_addr: Option<Ipv4Addr>,
    pub local_port: Option<u32>,
    pub prefix: Option<Ipv6Addr>,
    pub uplink_ifindex: Option<u32>,
    pub uplink_name: Option<String>,
    pub router_addr: Option<Ipv4Addr>,
    pub router_port: Option<u32>,
    pub keepalive: Option<u32>,
    pub keepalive_ttl: Option<u32>,
}

impl Request for DevNewRequest {
    const OP: &'static OpDesc = &OP_DEV_NEW;
    type Reply = Dev;

    fn encode(&self, buf: &mut Vec<u8>) {
        if let Some(v) = &self.ifname {
            attr::put_str(buf, attrs::dev::IFNAME, v);
        }
        if let Some(v) = self.role {
            attr::put_u32(buf, attrs::dev::ROLE, v);
        }
        if let Some(v) = self.local_addr {
            attr::put_ipv4(buf, attrs::dev::LOCAL_ADDR, v);
        }
        if let Some(v) = self.local_port {
            attr::put_u32(buf, attrs::dev::LOCAL_PORT, v);
        }
        if let Some(v) = self.prefix {
            attr::put_ipv6(buf, attrs::dev::PREFIX, v);
        }
        if let Some(v) = self.uplink_ifindex {
            attr::put_u32(buf, attrs::dev::UPLINK_IFINDEX, v);
        }
        if let Some(v) = &self.uplink_name {
            attr::put_str(buf, attrs::dev::UPLINK_NAME, v);
        }
        if let Some(v) = self.router_addr {
            attr::put_ipv4(buf, attrs::dev::ROUTER_ADDR, v);
        }
        if let Some(v) = self.router_port {
            attr::put_u32(buf, attrs::dev::ROUTER_PORT, v);
        }
        if let Some(v) = self.keepalive {
            attr::put_u32(buf, attrs::dev::KEEPALIVE, v);
        }
        if let Some(v) = self.keepalive_ttl {
            attr::put_u32(buf, attrs::dev::KEEPALIVE_TTL, v);
        }
    }

    fn set(&mut self, key: &str, value: &str) -> Result<bool, String> {
        let set = &DEV_SET;
        match key {
            "ifname" => args::once(&mut self.ifname, args::string(value, set.attr("ifname"))?, key)?,
            "role" => args::once(&mut self.role, args::uint(value, set.attr("role"))? as u32, key)?,
            "local-addr" => args::once(&mut self.local_addr, args::ipv4(value, set.attr("local-addr"))?, key)?,
            "local-port" => args::once(&mut self.local_port, args::uint(value, set.attr("local-port"))? as u32, key)?,
            "prefix" => args::once(&mut self.prefix, args::ipv6(value, set.attr("prefix"))?, key)?,
            "uplink-ifindex" => args::once(&mut self.uplink_ifindex, args::uint(value, set.attr("uplink-ifindex"))? as u32, key)?,
            "uplink-name" => args::once(&mut self.uplink_name, args::string(value, set.attr("uplink-name"))?, key)?,
            "router-addr" => args::once(&mut self.router_addr, args::ipv4(value, set.attr("router-addr"))?, key)?,
            "router-port" => args::once(&mut self.router_port, args::uint(value, set.attr("router-port"))? as u32, key)?,
            "keepalive" => args::once(&mut self.keepalive, args::uint(value, set.attr("keepalive"))? as u32, key)?,
            "keepalive-ttl" => args::once(&mut self.keepalive_ttl, args::uint(value, set.attr("keepalive-ttl"))? as u32, key)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn is_empty(&self) -> bool {
        *self == DevNewRequest::default()
    }
}

/// A dev-del request: Delete a 6bed4 device (by index or name).
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

/// A dev-get request: Get a 6bed4 device by index or name, or dump them all.
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

/// A stats-reset request: Set every counter of a 6bed4 device to zero.
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

/// A peer-get request: Dump the peers of every 6bed4 router.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeerGetRequest {
}

impl Request for PeerGetRequest {
    const OP: &'static OpDesc = &OP_PEER_GET;
    type Reply = Peer;

    fn encode(&self, _buf: &mut Vec<u8>) {
    }

    fn set(&mut self, _key: &str, _value: &str) -> Result<bool, String> {
        Ok(false)
    }

    fn is_empty(&self) -> bool {
        *self == PeerGetRequest::default()
    }
}

/// The notifications of the family's multicast groups.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(clippy::large_enum_variant)]
pub enum Notification {
    /// A router heard from a new peer.
    PeerNewNtf(Peer),
    /// A peer's NAT mapping changed (the router saw its /64 source from another IPv4 address or port).
    PeerChangeNtf(Peer),
    /// A router has not heard from a peer for three keepalive intervals.
    PeerDelNtf(Peer),
    /// A peer's address changed (a router advertisement with another /114).
    DevChangeNtf(Dev),
}

impl Notify for Notification {
    const FAMILY: &'static FamilyDesc = &FAMILY;

    fn parse(msg: &GenlMsg) -> Option<Result<Self, ParseError>> {
        Some(match msg.cmd {
            cmd::PEER_NEW_NTF => Peer::parse(msg.attrs()).map(Notification::PeerNewNtf),
            cmd::PEER_CHANGE_NTF => Peer::parse(msg.attrs()).map(Notification::PeerChangeNtf),
            cmd::PEER_DEL_NTF => Peer::parse(msg.attrs()).map(Notification::PeerDelNtf),
            cmd::DEV_CHANGE_NTF => Dev::parse(msg.attrs()).map(Notification::DevChangeNtf),
            _ => return None,
        })
    }

    fn event(&self) -> &'static str {
        match self {
            Notification::PeerNewNtf(_) => "new",
            Notification::PeerChangeNtf(_) => "change",
            Notification::PeerDelNtf(_) => "del",
            Notification::DevChangeNtf(_) => "change",
        }
    }

    fn reply(&self) -> &dyn Reply {
        match self {
            Notification::PeerNewNtf(r) | Notification::PeerChangeNtf(r) | Notification::PeerDelNtf(r) => r,
            Notification::DevChangeNtf(r) => r,
        }
    }
}
