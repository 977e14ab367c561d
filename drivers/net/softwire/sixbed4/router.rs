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
//! - Bookkeeping: the peers heard from, with events ([`super::peers`]).
//! - Proxy ND on the uplink, when one is given ([`proxy_nd`]).

use super::device::{xmit_header, xmit_to, Bed4, TTL};
use super::instance::{Instance, RouterCfg};
use super::netlink::notify_peer;
use super::netlink_gen::cmd;
use super::peers::{Endpoint, Seen, EXPIRE_BATCH};
use super::proto::{self, Destination, OriginatorError};
use crate::support::ipv6;
use crate::support::netdev::Device;
use crate::support::netfilter::{Packet, Verdict};
use crate::support::skb::SkBuff;
use crate::support::udp_tunnel::Datagram;

/// IPv6 header bytes.
const HDR: usize = 40;
/// Longest neighbour solicitation the proxy reads (header, NS, options).
const NS_MAX: usize = 256;
/// ICMPv6 destination unreachable, address unreachable.
const ICMPV6_DEST_UNREACH: u8 = 1;
const ICMPV6_ADDR_UNREACH: u8 = 3;

/// Sends an advertisement of the /114 of (`ipv4`, `port`) to that
/// endpoint, to `dst` (the solicitation's source, or `::` for all nodes),
/// from `local` (where the datagram it answers was sent to).
fn send_ra(
    inst: &Instance,
    cfg: &RouterCfg,
    dev: &Device<Bed4>,
    dst: &proto::Ipv6,
    local: proto::Ipv4,
    (ipv4, port): Endpoint,
) -> bool {
    let prefix = proto::peer_prefix_114(&cfg.prefix64, ipv4, port);
    let mut buf = [0u8; 128];
    let Some(n) = proto::build_ra(&mut buf, &proto::ra_destination(dst), &prefix, &[]) else {
        return false;
    };
    let Some(ra) = buf.get(..n) else {
        return false;
    };
    let Ok(mut skb) = SkBuff::alloc(n as u32 + 64) else {
        return false;
    };
    if skb.put_slice(ra).is_err() {
        return false;
    }
    let sent = inst
        .send_from(dev, skb, local, (ipv4, port), TTL, 0)
        .is_ok();
    if sent {
        inst.stats.ra_sent.inc();
    }
    sent
}

/// Announces what a packet did to the peer table.
fn announce(dev: &Device<Bed4>, seen: Seen) {
    match seen {
        Seen::Known => {}
        Seen::New(e) => notify_peer(dev, cmd::PEER_NEW_NTF, &e),
        Seen::Changed(e) => notify_peer(dev, cmd::PEER_CHANGE_NTF, &e),
    }
}

/// Records a packet from `ep` in the peer table (`add`: may be a new
/// peer) and announces a new one.
fn heard(inst: &Instance, dev: &Device<Bed4>, d: &Datagram, add: bool) {
    let seen = inst.peers.lock().touch(d.source(), d.local(), add);
    announce(dev, seen);
}

/// A datagram for the router.
pub(crate) fn receive(inst: &Instance, cfg: &RouterCfg, dev: &Device<Bed4>, d: Datagram) {
    let (ipv4, port) = d.source();
    let len = d.skb().len() as usize;
    if len == 0 {
        inst.stats.rx_keepalive.inc();
        heard(inst, dev, &d, false);
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
                let _ = send_ra(inst, cfg, dev, &rs.src, d.local(), (ipv4, port));
                heard(inst, dev, &d, true);
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
            let (seen, may_ra) = {
                let mut t = inst.peers.lock();
                let seen = match proto::decode(&h.src) {
                    Some(old) => t.moved((old.ipv4, old.port), (ipv4, port), d.local()),
                    None => Seen::Known,
                };
                (seen, t.take_ra())
            };
            if may_ra && send_ra(inst, cfg, dev, &proto::UNSPECIFIED, d.local(), (ipv4, port)) {
                inst.stats.ra_unsolicited.inc();
            }
            announce(dev, seen);
        }
        return;
    }
    if proto::nd_type(&head[..n]).is_some() && h.hop_limit != proto::ND_HOP_LIMIT {
        inst.stats.drop_nd.inc();
        dev.count_rx_dropped();
        return;
    }
    heard(inst, dev, &d, true);
    if d.receive(dev).is_ok() {
        dev.count_rx(1, len as u32);
    } else {
        dev.count_rx_dropped();
    }
}

/// Once a second: peers not heard from for three keepalive periods go.
pub(crate) fn tick(inst: &Instance, cfg: &RouterCfg, dev: &Device<Bed4>) {
    let mut gone = [None; EXPIRE_BATCH];
    let max_idle = u64::from(cfg.keepalive).saturating_mul(3);
    let n = inst.peers.lock().tick(max_idle, &mut gone);
    for e in gone.iter().take(n).flatten() {
        notify_peer(dev, cmd::PEER_DEL_NTF, e);
    }
}

/// The router's netfilter hook on its namespace's IPv6 input: on the
/// uplink, a neighbour solicitation for a peer's address (in the /64,
/// port word not 0) is answered with the uplink's link-layer address, so
/// that an upstream router that treats the /64 as on-link still reaches
/// the peers (proxy ND). Solicitations for other addresses, the native
/// hosts' among them, go on to the stack.
pub(crate) fn proxy_nd(inst: &Instance, cfg: &RouterCfg, pkt: Packet<'_>) -> Verdict {
    let Some(uplink) = pkt.in_dev().filter(|d| d.ifindex() == cfg.uplink) else {
        return Verdict::Accept;
    };
    let skb = pkt.skb();
    let len = skb.len() as usize;
    let mut buf = [0u8; NS_MAX];
    let Some(p) = buf.get_mut(..len) else {
        return Verdict::Accept;
    };
    if len < HDR + proto::NS_LEN || !skb.read(0, p) || proto::nd_type(p) != Some(proto::ICMPV6_NS) {
        return Verdict::Accept;
    }
    let Ok(ns) = proto::parse_ns(p) else {
        return Verdict::Accept;
    };
    if !proto::proxies(&ns.target, &cfg.prefix64) {
        return Verdict::Accept;
    }
    if ns.src == proto::UNSPECIFIED {
        // Someone probes a peer's address for duplicates: defend it.
        ipv6::send_na(uplink, &proto::ALL_NODES, &ns.target, false, false, false);
    } else {
        // A solicited proxy advertisement: Override clear (RFC 4861
        // §7.2.8).
        ipv6::send_na(uplink, &ns.src, &ns.target, false, true, false);
    }
    inst.stats.proxy_na.inc();
    Verdict::Drop
}

/// A packet routed into the router's device.
pub(crate) fn xmit(inst: &Instance, cfg: &RouterCfg, dev: &Device<Bed4>, skb: SkBuff) {
    let Some(h) = xmit_header(inst, dev, &skb) else {
        return;
    };
    match proto::destination(&h.dst, &cfg.prefix64) {
        Destination::Peer(ep) => {
            // From the address the peer sends to (a router bound to none
            // on a host with several).
            let ep = (ep.ipv4, ep.port);
            let src = if inst.local.0 == [0; 4] {
                inst.peers.lock().local_of(ep).unwrap_or([0; 4])
            } else {
                inst.local.0
            };
            xmit_to(inst, dev, skb, h.traffic_class, src, ep)
        }
        _ => {
            inst.stats.drop_tx_native.inc();
            ipv6::icmp6_error(&skb, ICMPV6_DEST_UNREACH, ICMPV6_ADDR_UNREACH, 0);
            dev.count_tx_dropped();
        }
    }
}
