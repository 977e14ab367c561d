// SPDX-License-Identifier: GPL-2.0

//! The MAP device: a raw-IP netdev whose transmit function encapsulates
//! (`send`) and on which decapsulated packets are received (`receive`).

use crate::map::Map;
use crate::support::net::Rcu;
use crate::support::netdev::{Device, LinkOps, Operations, Setup, Tx, UnregisterQueue};
use crate::support::skb::SkBuff;
use kernel::c_str;
use kernel::prelude::*;

/// The link kind, as `ip -d link` shows it.
pub(crate) static LINK: LinkOps<Map> = LinkOps::new(c_str!("mape"));

/// Default MTU: 1500 less the outer IPv6 header (RFC 7597 §8.3, and what
/// Japanese ISPs' MAP-E domains expect).
pub(crate) const MTU: u32 = 1460;

#[vtable]
impl Operations for Map {
    fn setup(dev: &mut Setup) {
        dev.set_raw_ip();
        dev.set_noarp();
        // IPv4 only; the NAT function and the underlying link are this
        // namespace's.
        dev.set_no_addrconf();
        dev.set_netns_immutable();
        // As ip6_tunnel: GSO packets and pending checksums go through whole
        // (encapsulation keeps them); the route stays for ICMP errors.
        dev.set_tunnel_features();
        dev.keep_dst();
        dev.set_no_queue();
        dev.set_lltx();
        dev.set_pcpu_stats();
        dev.set_mtu_range(576, 65535 - 48);
        dev.set_mtu(MTU);
        dev.set_needed_headroom(40 + 8 + 16);
    }

    fn uninit(dev: &Device<Self>) {
        // The connections bound through the device go with it.
        Map::flush_nat(dev, true);
    }

    fn dellink(dev: &Device<Self>, queue: &mut UnregisterQueue<'_>) {
        queue.add(dev);
    }

    fn start_xmit(dev: &Device<Self>, skb: SkBuff, rcu: &Rcu) -> Tx {
        crate::send::xmit(dev, skb, rcu);
        Tx::Ok
    }
}
