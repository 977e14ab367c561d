// SPDX-License-Identifier: GPL-2.0

//! qmap: QMAP multiplexing for Qualcomm modems.
//!
//! A Qualcomm modem carries all its PDN connections over one raw-IP pipe
//! (MHI channel IP_HW0, USB bulk endpoints), each packet framed with a QMAP
//! header naming its mux id. This module attaches to such a pipe's netdev
//! (the *port*, through an rx handler, as upstream `rmnet` does) and gives
//! each mux id a netdev of its own (a *channel*: `rmnet_mhi0.1` for mux id
//! 0x81). Downlink buffers holding many frames are split: a frame of a
//! paged buffer becomes a buffer sharing its pages (small ones are copied
//! whole), a frame of a `kmalloc`ed linear buffer a copy; TCP goes to GRO
//! on its channel, the rest to the stack with the buffer's other frames as
//! one list. Uplink packets get their QMAP header (MAPv1, MAPv4 or
//! MAPv5 checksum variants, with checksum offload) pushed in front and go
//! out on the port. Flow-control commands from the modem stop and wake the
//! channel's queue and are acked. Malformed frames are dropped and counted
//! per reason. Control is the `qmap` generic netlink family
//! (Documentation/netlink/specs/qmap.yaml); `ip link del` deletes channels.
//!
//! The framing itself is `lib/qmap/src/qmap.rs`, shared with host tests and
//! fuzzers.

#![deny(unsafe_code)]

use kernel::prelude::*;

// The support layer is the one place with `unsafe` code (and the raw
// bindings, private to it); everything else here is safe Rust.
#[allow(unsafe_code)]
#[path = "../../../rust/support/mod.rs"]
mod support;

#[allow(dead_code, unreachable_pub)]
#[path = "../../../lib/qmap/src/qmap.rs"]
mod proto;

mod chan;
mod netlink;
mod netlink_gen;
mod port;

support::module! {
    type: QmapModule,
    name: "qmap",
    authors: ["cellrouter developers"],
    description: "QMAP mux/demux for Qualcomm modems (rmnet-like, in Rust)",
    license: "GPL",
}

struct QmapModule {
    // Dropped in this order: no new requests, no parent events, then every
    // channel goes (and with the last channel of a port, the port).
    _genl: support::genl::Registration<netlink_gen::QmapFamily>,
    _notifier: support::notifier::NotifierRegistration<port::ParentEvents>,
    _link: support::netdev::LinkRegistration<chan::Chan>,
}

impl kernel::Module for QmapModule {
    fn init(module: &'static ThisModule) -> Result<Self> {
        let link = chan::LINK.register()?;
        let notifier = port::NOTIFIER.register()?;
        let genl = netlink_gen::FAMILY.register(module)?;
        Ok(QmapModule {
            _genl: genl,
            _notifier: notifier,
            _link: link,
        })
    }
}
