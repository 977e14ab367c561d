// SPDX-License-Identifier: GPL-2.0

//! netpair: pairs of connected Ethernet devices, created and inspected over
//! generic netlink.
//!
//! The sample module of the project: what one end transmits the other end
//! receives, across network namespaces, like veth. It carries the support
//! layer end to end: a link kind registered with rtnetlink (`ip -d link`
//! shows `netpair`, `ip link del` deletes a pair), `net_device_ops` in Rust,
//! per-device counters, and the `netpair` generic netlink family
//! (Documentation/netlink/specs/netpair.yaml) that creates, deletes and
//! dumps pairs and announces them on the `events` group.

#![deny(unsafe_code)]

use kernel::prelude::*;

// The support layer is the one place with `unsafe` code (and the raw
// bindings, private to it); everything else here is safe Rust.
#[allow(unsafe_code)]
#[path = "../../rust/support/mod.rs"]
mod support;

mod device;
mod netlink;
mod netlink_gen;

support::module! {
    type: NetPairModule,
    name: "netpair",
    authors: ["cellrouter developers"],
    description: "Pairs of connected Ethernet devices (sample of the Rust support layer)",
    license: "GPL",
}

struct NetPairModule {
    // Dropped in this order: no new requests, then every device goes.
    _genl: support::genl::Registration<netlink_gen::NetpairFamily>,
    _link: support::netdev::LinkRegistration<device::NetPair>,
}

impl kernel::Module for NetPairModule {
    fn init(module: &'static ThisModule) -> Result<Self> {
        let link = device::LINK.register()?;
        let genl = netlink_gen::FAMILY.register(module)?;
        pr_info!("loaded\n");
        Ok(NetPairModule {
            _genl: genl,
            _link: link,
        })
    }
}
