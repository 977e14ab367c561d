// SPDX-License-Identifier: GPL-2.0

//! The 6bed4 router's data path.
//!
//! - From UDP: an empty datagram is a peer's keepalive (counted, dropped).
//!   A router solicitation is answered with an advertisement of the /114
//!   built from the UDP source the router saw. Anything else must be
//!   unicast, come from a source in the router's /64 whose port word and
//!   embedded IPv4 address are the UDP source's (a source in the /64 that
//!   fails this is a peer whose NAT mapping changed: it gets an unsolicited
//!   advertisement of its new prefix), and be ND with hop limit 255 if it
//!   is ND. What passes comes in on the device: the stack forwards it,
//!   natively or back into the device (peer to peer), decrementing the hop
//!   limit and answering with ICMPv6 errors where the reference is silent.
//! - Into the device: a packet for a peer's address (in the /64, port word
//!   not 0) goes to the IPv4 address and port it embeds; one for another
//!   address is refused with ICMPv6 address unreachable (addresses with
//!   port word 0 are native: more specific routes take them elsewhere).

use super::device::{xmit_header, xmit_to, Bed4, TTL};
use super::instance::{Instance, RouterCfg};
use super::proto::{self, Destination, OriginatorError};
use crate::support::ipv6;
use crate::support::netdev::Device;
use crate::support::skb::SkBuff;
use crate::support::udp_tunnel::Datagram;

/// IPv6 header bytes.
const HDR: usize = 40;
/// ICMPv6 destination unreachable, address unreachable.
const ICMPV6_DEST_UNREACH: u8 = 1;
const ICMPV6_ADDR_UNREACH: u8 = 3;

/// Sends an advertisement of the /114 of (`ipv4`, `port`) to that
/// endpoint, to `dst` (the solicitation's source, or `::` for all nodes).
fn send_ra(
    inst: &Instance,
    cfg: &RouterCfg,
    dev: &Device<Bed4>,
    dst: &proto::Ipv6,
    ipv4: proto::Ipv4,
    port: u16,
) {
    let prefix = proto::peer_prefix_114(&cfg.prefix64, ipv4, port);
    let mut buf = [0u8; 128];
    let Some(n) = proto::build_ra(&mut buf, &proto::ra_destination(dst), &prefix, &[]) else {
        return;
    };
    let Some(ra) = buf.get(..n) else {
        return;
    };
    let Ok(mut skb) = SkBuff::alloc(n as u32 + 64) else {
        return;
    };
    if skb.put_slice(ra).is_err() {
        return;
    }
    if dev
        .data()
        .sock
        .send4(skb, Some(dev), [0; 4], ipv4, port, TTL)
        .is_ok()
    {
        inst.stats.ra_sent.inc();
    }
}

/// A datagram for the router.
pub(crate) fn receive(inst: &Instance, cfg: &RouterCfg, dev: &Device<Bed4>, d: Datagram) {
    let (ipv4, port) = d.source();
    let len = d.skb().len() as usize;
    if len == 0 {
        inst.stats.rx_keepalive.inc();
        return;
    }
    // Enough for the IPv6 header and an RS with its option.
    let mut head = [0u8; 64];
    let n = len.min(head.len());
    if len < HDR || !d.skb().read(0, &mut head[..n]) {
        inst.stats.drop_malformed.inc();
        dev.count_rx_dropped();
        return;
    }
    let Ok(h) = proto::parse_ipv6_header(&head[..n], len) else {
        inst.stats.drop_malformed.inc();
        dev.count_rx_dropped();
        return;
    };
    if proto::nd_type(&head[..n]) == Some(proto::ICMPV6_RS) {
        match head.get(..len).map(proto::validate_rs) {
            Some(Ok(rs)) => {
                inst.stats.rs_rcvd.inc();
                send_ra(inst, cfg, dev, &rs.src, ipv4, port);
            }
            _ => {
                inst.stats.drop_nd.inc();
                dev.count_rx_dropped();
            }
        }
        return;
    }
    if proto::is_multicast(&h.dst) {
        inst.stats.drop_multicast.inc();
        dev.count_rx_dropped();
        return;
    }
    if let Err(e) = proto::validate_originator(&h.src, &cfg.prefix64, ipv4, port) {
        match e {
            OriginatorError::WrongPrefix => inst.stats.drop_spoof_prefix.inc(),
            OriginatorError::WrongPort => inst.stats.drop_spoof_port.inc(),
            OriginatorError::WrongIpv4 => inst.stats.drop_spoof_ipv4.inc(),
        }
        dev.count_rx_dropped();
        if e != OriginatorError::WrongPrefix {
            // A peer of the /64 from another endpoint: its NAT mapping
            // changed. It learns its new prefix (reference behaviour).
            send_ra(inst, cfg, dev, &proto::UNSPECIFIED, ipv4, port);
            inst.stats.ra_unsolicited.inc();
        }
        return;
    }
    if proto::nd_type(&head[..n]).is_some() && h.hop_limit != proto::ND_HOP_LIMIT {
        inst.stats.drop_nd.inc();
        dev.count_rx_dropped();
        return;
    }
    if d.receive(dev).is_ok() {
        dev.count_rx(1, len as u32);
    } else {
        dev.count_rx_dropped();
    }
}

/// A packet routed into the router's device.
pub(crate) fn xmit(inst: &Instance, cfg: &RouterCfg, dev: &Device<Bed4>, skb: SkBuff) {
    let Some(h) = xmit_header(inst, dev, &skb) else {
        return;
    };
    match proto::destination(&h.dst, &cfg.prefix64) {
        Destination::Peer(ep) => xmit_to(inst, dev, skb, ep.ipv4, ep.port),
        _ => {
            inst.stats.drop_tx_native.inc();
            ipv6::icmp6_error(&skb, ICMPV6_DEST_UNREACH, ICMPV6_ADDR_UNREACH, 0);
            dev.count_tx_dropped();
        }
    }
}
