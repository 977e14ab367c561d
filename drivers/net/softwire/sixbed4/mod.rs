// SPDX-License-Identifier: GPL-2.0

//! 6bed4 (draft-vanrein-6bed4): IPv6 bare in UDP over IPv4 (port 25790)
//! through NATs, the second link kind of the module, wire-compatible with
//! the reference daemons (6bed4router, 6bed4peer).
//!
//! - A device is a router or a peer ([`instance`]), with a kernel UDP
//!   tunnel socket (`support::udp_tunnel`) and no userspace in the path.
//! - Router ([`router`]): answers router solicitations with an
//!   advertisement of the /114 built from the UDP source it saw, checks
//!   every packet's originator (source /64, port word and embedded IPv4
//!   against the UDP source), tells a peer whose NAT mapping changed its
//!   new prefix, and hands what passes to the stack, which forwards it
//!   (hop limit, ICMPv6 errors) natively or back into the device: what is
//!   routed into the device goes to the peer its destination embeds.
//! - Peer ([`peer`]): solicits with the reference's backoff, takes the
//!   /114 of the advertisement and puts its address on the device, keeps
//!   the NAT mapping alive, and sends through the router, or straight to
//!   another peer once that path is seen to work.
//! - The router's table of the peers it hears from, with events
//!   ([`peers`]), and its proxy ND on an uplink ([`router::proxy_nd`]).
//!
//! The address arithmetic, checks and ND messages are `lib/sixbed4`'s.

#[allow(dead_code, unused_imports, unreachable_pub)]
#[path = "../../../../lib/sixbed4/src/sixbed4.rs"]
pub(crate) mod proto;

pub(crate) mod device;
pub(crate) mod instance;
pub(crate) mod netlink;
pub(crate) mod netlink_gen;
pub(crate) mod peer;
pub(crate) mod peers;
pub(crate) mod router;
