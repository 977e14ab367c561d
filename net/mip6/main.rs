// SPDX-License-Identifier: GPL-2.0

//! mip6: Mobile IPv6 (RFC 6275) home registration in the kernel.
//!
//! One instance per network namespace, a home agent (HA) or a mobile node
//! (MN), as MIPL's FUNCTIONALITY=ha|mn, created over generic netlink
//! (Documentation/netlink/specs/mip6.yaml) with its tunnel netdev.
//!
//! - The HA keeps the binding cache (home address -> care-of address),
//!   checks new home addresses with DAD, defends and proxies them on the
//!   home link, and carries their traffic through the ip6ip6 tunnel
//!   (RFC 2473) to the care-of addresses and back.
//! - The MN detects movement from router advertisements, registers its
//!   care-of address with binding updates, and reverse-tunnels the traffic
//!   of its home address to the HA while away.
//!
//! Mobility headers are received by netfilter hooks that run before the
//! stack parses extension headers, so the Home Address option and the type
//! 2 routing header reach the module on kernels with and without
//! CONFIG_IPV6_MIP6, with no xfrm state. The protocol codec is `lib/mh`.
//! Documentation/networking/mip6.rst explains the design.

#![deny(unsafe_code)]

use kernel::prelude::*;

// The support layer is the one place with `unsafe` code (and the raw
// bindings, private to it); everything else here is safe Rust.
#[allow(unsafe_code)]
#[path = "../../rust/support/mod.rs"]
mod support;

// The Mobility Header codec, shared with host tests and fuzzers; the
// module uses part of it.
#[allow(dead_code, unused_imports, unreachable_pub)]
#[path = "../../lib/mh/src/mh.rs"]
mod mh;

mod auth;
mod device;
mod ha;
mod inst;
mod mn;
mod netlink;
mod netlink_gen;
mod receive;
mod send;
mod table;

support::module! {
    type: Mip6Module,
    name: "mipv6",
    authors: ["cellrouter developers"],
    description: "Mobile IPv6 home agent and mobile node (RFC 6275)",
    license: "GPL",
}

struct Mip6Module {
    // Dropped in this order: no new requests, then every instance goes,
    // then the route deletions they asked for are waited for.
    _genl: support::genl::Registration<netlink_gen::Mip6Family>,
    _link: support::netdev::LinkRegistration<device::Tunnel>,
    _routes: support::ipv6::RouteWork,
}

impl kernel::Module for Mip6Module {
    fn init(module: &'static ThisModule) -> Result<Self> {
        let link = device::LINK.register()?;
        let genl = netlink_gen::FAMILY.register(module)?;
        Ok(Mip6Module {
            _genl: genl,
            _link: link,
            _routes: support::ipv6::RouteWork::new(),
        })
    }
}
