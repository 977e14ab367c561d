// SPDX-License-Identifier: GPL-2.0

//! The device: each end of a pair forwards what it transmits to the other.

use crate::netlink;
use crate::support::net::{Rcu, Rtnl};
use crate::support::netdev::{
    Device, DevicePtr, LinkOps, Operations, Setup, Stats64, Tx, UnregisterQueue,
};
use crate::support::skb::SkBuff;
use crate::support::stats::Counter;
use kernel::c_str;
use kernel::prelude::*;

/// The link kind, as `ip -d link` shows it.
pub(crate) static LINK: LinkOps<NetPair> = LinkOps::new(c_str!("netpair"));

const ETH_MIN_MTU: u32 = 68;
const ETH_MAX_MTU: u32 = 0xffff;

/// Private data of one end.
pub(crate) struct NetPair {
    /// The other end; cleared (under RTNL) before either end goes away.
    pub(crate) peer: DevicePtr<NetPair>,
    pub(crate) rx_packets: Counter,
    pub(crate) rx_bytes: Counter,
    pub(crate) tx_packets: Counter,
    pub(crate) tx_bytes: Counter,
    pub(crate) tx_dropped: Counter,
}

impl NetPair {
    pub(crate) fn new() -> impl PinInit<Self, Error> {
        kernel::try_init!(NetPair {
            peer: DevicePtr::new(),
            rx_packets: Counter::new(),
            rx_bytes: Counter::new(),
            tx_packets: Counter::new(),
            tx_bytes: Counter::new(),
            tx_dropped: Counter::new(),
        }? Error)
    }
}

#[vtable]
impl Operations for NetPair {
    fn setup(dev: &mut Setup) {
        dev.ether_setup();
        dev.random_mac();
        dev.set_no_queue();
        dev.set_mtu_range(ETH_MIN_MTU, ETH_MAX_MTU);
        // Up when both ends are up (see `open`).
        dev.carrier_off();
    }

    fn open(dev: &Device<Self>) -> Result {
        let rcu = Rcu::read_lock();
        if let Some(peer) = dev.data().peer.get(&rcu) {
            if peer.is_running() {
                dev.carrier_on();
                peer.carrier_on();
            }
        }
        Ok(())
    }

    fn stop(dev: &Device<Self>) -> Result {
        dev.carrier_off();
        let rcu = Rcu::read_lock();
        if let Some(peer) = dev.data().peer.get(&rcu) {
            peer.carrier_off();
        }
        Ok(())
    }

    fn start_xmit(dev: &Device<Self>, skb: SkBuff, rcu: &Rcu) -> Tx {
        let me = dev.data();
        let len = u64::from(skb.len());
        let Some(peer) = me.peer.get(rcu) else {
            drop(skb);
            me.tx_dropped.inc();
            return Tx::Ok;
        };
        match peer.forward(skb) {
            Ok(()) => {
                me.tx_packets.inc();
                me.tx_bytes.add(len);
                let them = peer.data();
                them.rx_packets.inc();
                them.rx_bytes.add(len);
            }
            Err(_) => {
                me.tx_dropped.inc();
            }
        }
        Tx::Ok
    }

    fn get_stats64(dev: &Device<Self>, stats: &mut Stats64<'_>) {
        let me = dev.data();
        stats.set_rx(me.rx_packets.get(), me.rx_bytes.get());
        stats.set_tx(me.tx_packets.get(), me.tx_bytes.get());
        stats.set_tx_dropped(me.tx_dropped.get());
    }

    fn dellink(dev: &Device<Self>, queue: &mut UnregisterQueue<'_>) {
        let rtnl = queue.rtnl();
        let peer = dev.data().peer.get_rtnl(rtnl);
        netlink::notify(rtnl, dev, crate::netlink_gen::cmd::DEV_DEL_NTF);
        if let Some(peer) = peer {
            netlink::notify(rtnl, peer, crate::netlink_gen::cmd::DEV_DEL_NTF);
            peer.data().peer.clear(rtnl);
            queue.add(peer);
        }
        dev.data().peer.clear(rtnl);
        queue.add(dev);
    }
}

/// Creates a pair in the namespace `net`, named `name` and `peer_name` (names
/// or `%d` patterns). Returns the first end.
pub(crate) fn create_pair<'a>(
    rtnl: &'a Rtnl,
    net: &crate::support::net::Net,
    name: &CStr,
    peer_name: &CStr,
) -> Result<&'a Device<NetPair>> {
    let a = LINK.create(rtnl, net, name, NetPair::new())?;
    let b = match LINK.create(rtnl, net, peer_name, NetPair::new()) {
        Ok(b) => b,
        Err(e) => {
            a.delete(rtnl);
            return Err(e);
        }
    };
    // Neither end is published anywhere else yet, so neither set can fail.
    if let Err(e) = a
        .data()
        .peer
        .set(rtnl, b)
        .and_then(|()| b.data().peer.set(rtnl, a))
    {
        a.delete(rtnl);
        return Err(e);
    }
    Ok(a)
}
