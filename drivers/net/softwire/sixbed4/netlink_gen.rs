// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
// Do not edit directly, auto-generated from:
//	Documentation/netlink/specs/sixbed4.yaml
// YNL-GEN rust-kernel

//! The `sixbed4` generic netlink family: numbers, request policies,
//! operations and multicast groups, generated from its YNL spec.

#![allow(dead_code)]

use crate::support::genl::{Family, McGroup, Op, OpFlags, Policy, Range};
use kernel::c_str;

/// What a 6bed4 device is.
pub(crate) mod role {
    /// Serves a /64 to peers and forwards between them and native IPv6.
    pub(crate) const ROUTER: u32 = 0;
    /// Gets a /114 from a router and sends through it, or straight to another peer once that path is seen to work.
    pub(crate) const PEER: u32 = 1;
}

/// Attribute numbers, per attribute set.
pub(crate) mod attr {
    /// A 6bed4 device, its configuration, its state and its counters.
    pub(crate) mod dev {
        /// Index of the 6bed4 device.
        pub(crate) const IFINDEX: u16 = 1;
        /// Name of the 6bed4 device (a pattern with %d when creating).
        pub(crate) const IFNAME: u16 = 2;
        /// Router or peer; fixed at creation.
        pub(crate) const ROLE: u16 = 3;
        /// IPv4 address the UDP socket is bound to (0.0.0.0, the default, for any).
        pub(crate) const LOCAL_ADDR: u16 = 4;
        /// UDP port the socket is bound to. Router default 25790; peer default a random even port from 49152 to 65534 (even ports only, as the reference's link-layer address form needs).
        pub(crate) const LOCAL_PORT: u16 = 5;
        /// Router, the /64 it serves (its 6bed4 part is everything whose port word is not 0).
        pub(crate) const PREFIX: u16 = 6;
        /// Router, the device facing the upstream router, on which it answers neighbour solicitations for the peers' addresses (proxy ND); 0 for none.
        pub(crate) const UPLINK_IFINDEX: u16 = 7;
        /// Router, the uplink by name.
        pub(crate) const UPLINK_NAME: u16 = 8;
        /// Peer, the router's IPv4 address.
        pub(crate) const ROUTER_ADDR: u16 = 9;
        /// Peer, the router's UDP port (25790 by default).
        pub(crate) const ROUTER_PORT: u16 = 10;
        /// Peer, seconds between keepalives (empty datagrams to the router; 30 by default, 0 for none). Router, the keepalive period its peers use (30 by default; 0 means 30); a peer not heard from for three periods is dropped from its table.
        pub(crate) const KEEPALIVE: u16 = 11;
        /// Peer, IPv4 TTL of the keepalives (3 by default, enough for the NATs and not for the router).
        pub(crate) const KEEPALIVE_TTL: u16 = 12;
        /// Peer, its address (lanip 1 in the /114 the router's last advertisement gave), when it has one.
        pub(crate) const ADDRESS: u16 = 13;
        /// Router, the peers it knows (heard from in the last three keepalive intervals).
        pub(crate) const PEERS: u16 = 14;
        /// Router, empty (keepalive) datagrams received.
        pub(crate) const RX_KEEPALIVE: u16 = 15;
        /// Router, router solicitations received and answered.
        pub(crate) const RS_RCVD: u16 = 16;
        /// Router advertisements sent (answers and unsolicited ones).
        pub(crate) const RA_SENT: u16 = 17;
        /// Router, unsolicited advertisements sent to a peer whose NAT mapping changed.
        pub(crate) const RA_UNSOLICITED: u16 = 18;
        /// Datagrams dropped as too short for an IPv6 header (and not empty), not IPv6, or with a wrong length.
        pub(crate) const DROP_MALFORMED: u16 = 19;
        /// Multicast packets dropped (6bed4 carries none).
        pub(crate) const DROP_MULTICAST: u16 = 20;
        /// Router, packets whose source is outside its /64. Peer, packets straight from another peer whose source is outside the router's /64 (or arriving before the peer has an address).
        pub(crate) const DROP_SPOOF_PREFIX: u16 = 21;
        /// Packets whose source's port word is not the UDP source port.
        pub(crate) const DROP_SPOOF_PORT: u16 = 22;
        /// Packets whose source's embedded IPv4 address is not the UDP source address.
        pub(crate) const DROP_SPOOF_IPV4: u16 = 23;
        /// Neighbour discovery packets dropped (hop limit not 255, a router solicitation or advertisement that does not validate, or a solicitation straight from another peer that is not for one of the peer's addresses).
        pub(crate) const DROP_ND: u16 = 24;
        /// Packets routed into the device for an address that is not a peer's (port word 0, or outside the /64), refused with an ICMPv6 error.
        pub(crate) const DROP_TX_NATIVE: u16 = 25;
        /// Packets not sent for want of an IPv4 route to the peer or router.
        pub(crate) const DROP_TX_NO_ROUTE: u16 = 26;
        /// Router, neighbour advertisements sent on the uplink for peers' addresses.
        pub(crate) const PROXY_NA: u16 = 27;
        /// Peer, router solicitations sent.
        pub(crate) const RS_SENT: u16 = 28;
        /// Peer, valid router advertisements received.
        pub(crate) const RA_RCVD: u16 = 29;
        /// Peer, keepalives sent.
        pub(crate) const KEEPALIVE_SENT: u16 = 30;
        /// Peer, times its address changed (a new NAT mapping).
        pub(crate) const ADDRESS_CHANGES: u16 = 31;
        /// Peer, packets sent straight to another peer (not through the router).
        pub(crate) const TX_DIRECT: u16 = 32;
        /// Peer, packets received straight from another peer.
        pub(crate) const RX_DIRECT: u16 = 33;
        /// Peer, neighbour solicitations sent straight to another peer to find out whether it is reachable without the router.
        pub(crate) const PROBES_SENT: u16 = 34;
        /// The highest attribute number.
        pub(crate) const MAX: u16 = 34;
    }

    /// A peer a router has heard from.
    pub(crate) mod peer {
        /// Index of the router's 6bed4 device.
        pub(crate) const IFINDEX: u16 = 1;
        /// Name of the router's 6bed4 device.
        pub(crate) const IFNAME: u16 = 2;
        /// The peer's /114.
        pub(crate) const PREFIX: u16 = 3;
        /// Its public IPv4 address (the UDP source the router saw).
        pub(crate) const IPV4: u16 = 4;
        /// Its public UDP port.
        pub(crate) const PORT: u16 = 5;
        /// In a change event, the IPv4 address it had.
        pub(crate) const OLD_IPV4: u16 = 6;
        /// In a change event, the port it had.
        pub(crate) const OLD_PORT: u16 = 7;
        /// Seconds since the router last heard from it.
        pub(crate) const IDLE: u16 = 8;
        /// The highest attribute number.
        pub(crate) const MAX: u16 = 8;
    }
}

/// Command numbers (requests, replies and notifications).
pub(crate) mod cmd {
    /// Create a 6bed4 device (router or peer). Replies as dev-get.
    pub(crate) const DEV_NEW: u8 = 1;
    /// Delete a 6bed4 device (by index or name).
    pub(crate) const DEV_DEL: u8 = 2;
    /// Get a 6bed4 device by index or name, or dump them all.
    pub(crate) const DEV_GET: u8 = 3;
    /// Set every counter of a 6bed4 device to zero.
    pub(crate) const STATS_RESET: u8 = 4;
    /// Dump the peers of every 6bed4 router.
    pub(crate) const PEER_GET: u8 = 5;
    /// A router heard from a new peer.
    pub(crate) const PEER_NEW_NTF: u8 = 6;
    /// A peer's NAT mapping changed (the router saw its /64 source from another IPv4 address or port).
    pub(crate) const PEER_CHANGE_NTF: u8 = 7;
    /// A router has not heard from a peer for three keepalive intervals.
    pub(crate) const PEER_DEL_NTF: u8 = 8;
    /// A peer's address changed (a router advertisement with another /114).
    pub(crate) const DEV_CHANGE_NTF: u8 = 9;
}

/// Multicast groups, by index.
pub(crate) mod mcgrp {
    /// The `events` group.
    pub(crate) const EVENTS: u32 = 0;
}

static DEV_ROLE_RANGE: Range = Range::new(0, 1);
static DEV_LOCAL_PORT_RANGE: Range = Range::new(1, 65535);
static DEV_ROUTER_PORT_RANGE: Range = Range::new(1, 65535);
static DEV_KEEPALIVE_RANGE: Range = Range::new(0, 3600);
static DEV_KEEPALIVE_TTL_RANGE: Range = Range::new(1, 255);
static DEV_IFINDEX_RANGE: Range = Range::new(1, 2147483647);

/// Requests of `dev-new`.
static DEV_NEW_POLICY: [Policy; 13] = [
    Policy::UNSPEC,                              // unspec
    Policy::UNSPEC,                              // ifindex: not taken
    Policy::string(15),                          // ifname
    Policy::u32_range(&DEV_ROLE_RANGE),          // role
    Policy::binary_exact(4),                     // local-addr
    Policy::u32_range(&DEV_LOCAL_PORT_RANGE),    // local-port
    Policy::binary_exact(16),                    // prefix
    Policy::u32(),                               // uplink-ifindex
    Policy::string(15),                          // uplink-name
    Policy::binary_exact(4),                     // router-addr
    Policy::u32_range(&DEV_ROUTER_PORT_RANGE),   // router-port
    Policy::u32_range(&DEV_KEEPALIVE_RANGE),     // keepalive
    Policy::u32_range(&DEV_KEEPALIVE_TTL_RANGE), // keepalive-ttl
];

/// Requests of `dev-del`.
static DEV_DEL_POLICY: [Policy; 3] = [
    Policy::UNSPEC,                        // unspec
    Policy::u32_range(&DEV_IFINDEX_RANGE), // ifindex
    Policy::string(15),                    // ifname
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

/// The handlers: the module implements `FamilyOps` for it.
pub(crate) struct Sixbed4Family;

static OPS: [Op; 5] = [
    Op::new::<Sixbed4Family>(
        cmd::DEV_NEW,
        OpFlags::UNS_ADMIN_PERM,
        true,
        false,
        &DEV_NEW_POLICY,
    ),
    Op::new::<Sixbed4Family>(
        cmd::DEV_DEL,
        OpFlags::UNS_ADMIN_PERM,
        true,
        false,
        &DEV_DEL_POLICY,
    ),
    Op::new::<Sixbed4Family>(cmd::DEV_GET, OpFlags::NONE, true, true, &DEV_GET_POLICY),
    Op::new::<Sixbed4Family>(
        cmd::STATS_RESET,
        OpFlags::UNS_ADMIN_PERM,
        true,
        false,
        &STATS_RESET_POLICY,
    ),
    Op::new::<Sixbed4Family>(cmd::PEER_GET, OpFlags::NONE, false, true, &[]),
];

static MCGRPS: [McGroup; 1] = [McGroup::new("events")];

/// The `sixbed4` family.
pub(crate) static FAMILY: Family<Sixbed4Family> = Family::new(c_str!("sixbed4"), 1, &OPS, &MCGRPS);
