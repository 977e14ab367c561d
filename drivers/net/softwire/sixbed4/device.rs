// SPDX-License-Identifier: GPL-2.0

//! The 6bed4 device: a raw-IP IPv6 netdev (MTU 1280, as the reference's
//! TUN) whose transmit function sends into the UDP socket and on which
//! what the socket receives comes in.

use super::instance::Instance;
use super::proto::{self, Ipv4, Ipv6Header};
use crate::support::net::Rcu;
use crate::support::netdev::{Device, LinkOps, Operations, Setup, Tx, UnregisterQueue};
use crate::support::netfilter::Registration;
use crate::support::skb::SkBuff;
use crate::support::udp_tunnel::Socket;
use kernel::c_str;
use kernel::prelude::*;
use kernel::sync::Arc;

/// The link kind, as `ip -d link` shows it.
pub(crate) static LINK: LinkOps<Bed4> = LinkOps::new(c_str!("6bed4"));

/// MTU: IPv6's minimum, what the reference uses (1280 + 28 fits any path).
pub(crate) const MTU: u32 = 1280;

/// Private data of a 6bed4 device.
pub(crate) struct Bed4 {
    pub(crate) inst: Arc<Instance>,
    /// Closed (waiting for running handlers) when the device goes.
    pub(crate) sock: Socket<Instance>,
    /// Router with an uplink: the proxy ND hook in the namespace.
    pub(crate) proxy: Option<Registration<Instance>>,
}

#[vtable]
impl Operations for Bed4 {
    fn setup(dev: &mut Setup) {
        dev.set_raw_ip();
        dev.set_noarp();
        dev.set_no_queue();
        dev.set_lltx();
        dev.set_pcpu_stats();
        // The address (peer) comes from the protocol, not from addrconf;
        // the socket is this namespace's.
        dev.set_no_addrconf();
        dev.set_netns_immutable();
        dev.set_mtu_range(1280, 65535 - 28);
        dev.set_mtu(MTU);
        dev.set_needed_headroom(20 + 8 + 16);
    }

    fn dellink(dev: &Device<Self>, queue: &mut UnregisterQueue<'_>) {
        // Unpublished first: the timer does not rearm and received
        // datagrams are dropped from here on.
        let inst = &dev.data().inst;
        inst.dev.clear(queue.rtnl());
        inst.timer.cancel();
        queue.add(dev);
    }

    fn start_xmit(dev: &Device<Self>, skb: SkBuff, _rcu: &Rcu) -> Tx {
        let b = dev.data();
        match &b.inst.role {
            super::instance::Role::Router(cfg) => super::router::xmit(&b.inst, cfg, dev, skb),
            super::instance::Role::Peer(cfg) => super::peer::xmit(&b.inst, cfg, dev, skb),
        }
        Tx::Ok
    }
}

/// The IPv6 header of a packet routed into `dev`; what is malformed or
/// multicast (the stack's ND and MLD: 6bed4 carries no multicast) is
/// counted and dropped.
pub(crate) fn xmit_header(inst: &Instance, dev: &Device<Bed4>, skb: &SkBuff) -> Option<Ipv6Header> {
    let mut head = [0u8; 40];
    let h = skb
        .read(0, &mut head)
        .then(|| proto::parse_ipv6_header(&head, skb.len() as usize).ok())
        .flatten();
    match h {
        Some(h) if !proto::is_multicast(&h.dst) => return Some(h),
        Some(_) => inst.stats.drop_multicast.inc(),
        None => inst.stats.drop_malformed.inc(),
    }
    dev.count_tx_dropped();
    None
}

/// Sends a packet routed into `dev` to `ep` over UDP (from `src` if the
/// socket is bound to no address, `[0; 4]` for the route's choice), its
/// traffic class as the IPv4 TOS (as the reference does), counted.
pub(crate) fn xmit_to(
    inst: &Instance,
    dev: &Device<Bed4>,
    skb: SkBuff,
    tos: u8,
    src: Ipv4,
    ep: (Ipv4, u16),
) {
    let len = skb.len();
    match inst.send_from(dev, skb, src, ep, TTL, tos) {
        Ok(()) => dev.count_tx(1, len),
        Err(_) => {
            inst.stats.drop_tx_no_route.inc();
            dev.count_tx_dropped();
        }
    }
}

/// IPv4 TTL of the datagrams the device sends (keepalives aside).
pub(crate) const TTL: u8 = 64;
