// SPDX-License-Identifier: GPL-2.0

//! MAP-E, Mapping of Address and Port with Encapsulation (RFC 7597): the
//! arithmetic of mapping rules, port sets and CE addresses, and the DHCPv6
//! options that carry the rules (RFC 7598).
//!
//! A mapping rule ([`Rule`]) ties an IPv6 prefix `P6/n` to an IPv4 prefix
//! `P4/r` through `o` embedded-address (EA) bits: in an end-user IPv6 prefix
//! of at least `n + o` bits, bits `[n, n + o)` are the IPv4 suffix (`p = 32 -
//! r` bits) followed by the port set identifier, PSID (`k = o - p` bits). A
//! PSID and the PSID offset `a` select a set of ports ([`PortSet`]):
//!
//! ```text
//! port = | A (a bits) | PSID (k bits) | j (m bits) |   m = 16 - a - k
//! ```
//!
//! with `A` from 1 to `2^a - 1` when `a > 0` (ports under `2^(16-a)` belong
//! to nobody). The CE's own parameters come from its end-user prefix and the
//! basic mapping rule ([`derive()`]); the IPv6 address of another CE from an
//! IPv4 address and port under a forwarding mapping rule
//! ([`ce_address_for`], [`find_rule`], [`check_source`]). The CE's IPv6
//! address puts the IPv4 address and PSID in the interface identifier, as
//! RFC 7597 §6 says or as the legacy draft-ietf-softwire-map-03 did
//! ([`IidFormat`]), which Japanese ISPs still use.
//!
//! Addresses are octet arrays in network order ([`Ipv4`], [`Ipv6`]); ports,
//! PSIDs and lengths are native numbers, PSIDs right-aligned (the value of
//! the `k` bits) unless a name says left-aligned (the RFC 7598 and OpenWrt
//! `mapcalc` form, [`psid_to_left_aligned`]).
//!
//! This file and its children under `mape/` are `no_std`, alloc-free and
//! panic-free on any input (no slice indexing that can fail, no arithmetic
//! that can overflow, no shift by the width of its type or more, no
//! floating point, no 128-bit integers): the MAP-E kernel module compiles
//! them in with `#[path = ".../lib/mape/src/mape.rs"] mod mape;`, host tests
//! and fuzzers exercise them. Children are named with explicit `#[path]`
//! attributes so that both that include and the host crate root find them
//! in `mape/`. They refer to each other through `super::`, never `crate::`.

#[path = "mape/addr.rs"]
mod addr;
#[path = "mape/dhcp.rs"]
mod dhcp;
#[path = "mape/flow.rs"]
mod flow;
#[path = "mape/icmp.rs"]
mod icmp;
#[path = "mape/portset.rs"]
mod portset;
#[path = "mape/rule.rs"]
mod rule;

// One flat namespace. A module that includes this file and uses only part
// of it must not be told that the rest is unused.
#[allow(unused_imports)]
pub use self::addr::*;
#[allow(unused_imports)]
pub use self::dhcp::*;
#[allow(unused_imports)]
pub use self::flow::*;
#[allow(unused_imports)]
pub use self::icmp::*;
#[allow(unused_imports)]
pub use self::portset::*;
#[allow(unused_imports)]
pub use self::rule::*;
