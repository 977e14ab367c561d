// SPDX-License-Identifier: GPL-2.0

//! 6bed4 (draft-vanrein-6bed4): IPv6 carried bare in UDP over IPv4, on
//! port 25790 ([`PORT`]), between peers behind NATs and a router that
//! gives each of them a /114. The arithmetic of its addresses, the checks
//! on what arrives, and the Router Solicitation and Advertisement that
//! hand out the /114.
//!
//! A 6bed4 address keeps the peer's public IPv4 address and UDP port (as
//! its NAT shows them to the router) in the interface identifier, so that
//! the endpoint of any 6bed4 destination is computed from the address
//! alone, statelessly ([`encode`], [`decode`]):
//!
//! ```text
//! | /64 prefix (64) | IPv4[0] & 0xfc (8) | IPv4[1..3] (24) | port (16) |
//! | IPv4[0] & 0x03 (2) | lanip (14) |
//! ```
//!
//! The two low bits of the first IPv4 octet move to the end so that the
//! interface identifier's u/g bits stay clear. lanip 0 is the router, 1
//! the peer itself, the rest hosts behind the peer: a peer owns the /114
//! of everything but lanip ([`peer_prefix_114`], [`peer_address`]). A
//! port word (octets 12-13) of 0 is never a 6bed4 peer: it marks native
//! hosts in the router's /64 ([`is_native`], [`destination`]).
//!
//! What comes in over UDP must name its sender truthfully: its source
//! address must embed the IPv4 address and port the datagram came from
//! ([`validate_originator`]); ND messages must have hop limit 255,
//! multicast is dropped, and the hop limit goes down by one on the way
//! through ([`parse_ipv6`], [`nd_type`], [`is_multicast`],
//! [`decrement_hop_limit`]). A peer asks with a Router Solicitation
//! ([`build_rs`], [`validate_rs`], retried after [`rs_backoff`] seconds)
//! and learns its /114 from the router's Advertisement ([`build_ra`],
//! [`parse_ra`]); it keeps its NAT mapping alive with empty datagrams
//! ([`KEEPALIVE_PERIOD`], [`KEEPALIVE_TTL`]).
//!
//! The wire behaviour is that of the reference implementation
//! (`vanrein/6bed4`, the draft's own), not checked against the draft's
//! text. Addresses are octet arrays in network order ([`Ipv4`],
//! [`Ipv6`]); ports and lanips are native numbers.
//!
//! This file and its children under `sixbed4/` are `no_std`, alloc-free
//! and panic-free on any input (no slice indexing that can fail, no
//! arithmetic that can overflow, no shift by the width of its type or
//! more, no floating point, no 128-bit integers): the 6bed4 kernel module
//! compiles them in with `#[path = ".../lib/sixbed4/src/sixbed4.rs"] mod
//! sixbed4;`, host tests and fuzzers exercise them. Children are named
//! with explicit `#[path]` attributes so that both that include and the
//! host crate root find them in `sixbed4/`. They refer to each other
//! through `super::`, never `crate::`.

#[path = "sixbed4/addr.rs"]
mod addr;
#[path = "sixbed4/ipv6.rs"]
mod ipv6;
#[path = "sixbed4/keepalive.rs"]
mod keepalive;
#[path = "sixbed4/nd.rs"]
mod nd;
#[path = "sixbed4/originator.rs"]
mod originator;

// One flat namespace. A module that includes this file and uses only part
// of it must not be told that the rest is unused.
#[allow(unused_imports)]
pub use self::addr::*;
#[allow(unused_imports)]
pub use self::ipv6::*;
#[allow(unused_imports)]
pub use self::keepalive::*;
#[allow(unused_imports)]
pub use self::nd::*;
#[allow(unused_imports)]
pub use self::originator::*;
