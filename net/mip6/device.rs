// SPDX-License-Identifier: GPL-2.0

//! The tunnel netdev of an instance (`ip6tnl1` in MIPL's HOWTO): ip6ip6 to
//! the care-of addresses (HA) or to the home agent (MN). Its counters show
//! what the tunnel carried; packets routed into it are encapsulated like
//! the ones the hooks intercept. Deleting it deletes the instance.

use crate::inst::Instance;
use crate::support::net::Rcu;
use crate::support::netdev::{Device, LinkOps, Operations, Setup, Tx, UnregisterQueue};
use crate::support::skb::SkBuff;
use kernel::c_str;
use kernel::prelude::*;
use kernel::sync::Arc;

/// The link kind, as `ip -d link` shows it.
pub(crate) static LINK: LinkOps<Tunnel> = LinkOps::new(c_str!("mip6"));

/// MTU of the tunnel: 1500 less the outer IPv6 header, as MIPL's ip6tnl1.
pub(crate) const MTU: u32 = 1460;

/// Private data of the tunnel netdev: its instance.
pub(crate) struct Tunnel {
    pub(crate) inst: Arc<Instance>,
}

#[vtable]
impl Operations for Tunnel {
    fn setup(dev: &mut Setup) {
        dev.set_raw_ip();
        dev.set_noarp();
        dev.set_no_queue();
        dev.set_lltx();
        dev.set_pcpu_stats();
        dev.set_mtu_range(1280, 65535 - 40);
        dev.set_mtu(MTU);
        dev.set_needed_headroom(40 + 16);
    }

    fn dellink(dev: &Device<Self>, queue: &mut UnregisterQueue<'_>) {
        // May come twice (module unload, namespace teardown): idempotent.
        dev.data().inst.shutdown(queue.rtnl());
        queue.add(dev);
    }

    fn start_xmit(dev: &Device<Self>, skb: SkBuff, rcu: &Rcu) -> Tx {
        let inst = &dev.data().inst;
        if crate::send::tunnel_xmit(inst, dev, skb, rcu).is_err() {
            dev.count_tx_dropped();
        }
        Tx::Ok
    }
}
