// SPDX-License-Identifier: GPL-2.0

//! softwire: IPv4/IPv6 transition netdevs in the kernel. The first link
//! kind is MAP-E (RFC 7597): a customer edge (CE) or border relay (BR)
//! device that carries IPv4 in IPv6, with the CE's port set enforced.
//!
//! - Rules, the BR address and the end-user prefix are set over generic
//!   netlink (Documentation/netlink/specs/mape.yaml); the device derives
//!   its IPv4 address, PSID, port set and CE IPv6 address from them with
//!   `lib/mape`, whose arithmetic host tests and fuzzers check.
//! - Sending ([`send`]): IPv4 routed into the device goes in IPv6 to the
//!   BR, or straight to another CE under a forwarding mapping rule.
//! - Receiving ([`receive`]): IPv4-in-IPv6 packets come from tunnel6.ko's
//!   chain and are checked as RFC 7597 §8.1 asks before the stack sees
//!   them on the device.
//!
//! - 6bed4 ([`sixbed4`]): IPv6 in UDP over IPv4 through NATs, router and
//!   peer, as the second link kind.
//!
//! Documentation/networking/mape.rst explains the MAP-E design.

#![deny(unsafe_code)]

use kernel::prelude::*;

// The support layer is the one place with `unsafe` code (and the raw
// bindings, private to it); everything else here is safe Rust.
#[allow(unsafe_code)]
#[path = "../../../rust/support/mod.rs"]
mod support;

// MAP-E arithmetic, shared with host tests, fuzzers and cellctl; the
// module uses part of it.
#[allow(dead_code, unused_imports, unreachable_pub)]
#[path = "../../../lib/mape/src/mape.rs"]
mod mape;

mod device;
mod map;
mod nat;
mod netlink;
mod netlink_gen;
mod receive;
mod send;
mod sixbed4;

support::module! {
    type: SoftwireModule,
    name: "softwire",
    authors: ["cellrouter developers"],
    description: "IPv4/IPv6 transition netdevs: MAP-E (RFC 7597) and 6bed4",
    license: "GPL",
}

/// Priority on tunnel6's IPv4-in-IPv6 chain: before ip6_vti (0) and
/// ip6_tunnel (1), which would take (and drop) what matches their devices.
const TUNNEL6_PRIORITY: i32 = -1;

struct SoftwireModule {
    // Dropped in this order: no new requests, no received packets, then
    // every device goes.
    _genl: support::genl::Registration<netlink_gen::MapeFamily>,
    _genl6: support::genl::Registration<sixbed4::netlink_gen::Sixbed4Family>,
    _rx: support::tunnel6::Registration<receive::Receiver>,
    _link: support::netdev::LinkRegistration<map::Map>,
    _link6: support::netdev::LinkRegistration<sixbed4::device::Bed4>,
}

impl kernel::Module for SoftwireModule {
    fn init(module: &'static ThisModule) -> Result<Self> {
        let link = device::LINK.register()?;
        let link6 = sixbed4::device::LINK.register()?;
        let rx = support::tunnel6::Registration::new(TUNNEL6_PRIORITY)?;
        let genl = netlink_gen::FAMILY.register(module)?;
        let genl6 = sixbed4::netlink_gen::FAMILY.register(module)?;
        Ok(SoftwireModule {
            _genl: genl,
            _genl6: genl6,
            _rx: rx,
            _link: link,
            _link6: link6,
        })
    }
}
