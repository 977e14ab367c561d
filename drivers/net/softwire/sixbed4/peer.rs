// SPDX-License-Identifier: GPL-2.0

//! The 6bed4 peer.
//!
//! - Until a router advertisement arrives it solicits, after 1, 3, 7, 15
//!   ... seconds (the reference's backoff, capped at the keepalive period);
//!   then it sends a keepalive (an empty datagram with a small TTL, enough
//!   for the NATs and not for the router) every keepalive period.
//! - From the router: an advertisement gives the /114; the peer puts lanip
//!   1 of it on the device (and, when the prefix changes with a new NAT
//!   mapping, takes the old address off); other ND from it is dropped.
//!   Anything else from the router comes in on the device. From anyone
//!   else: only packets whose source embeds the UDP source, in the
//!   router's /64 (direct peering).
//! - Into the device: everything goes to the router once the peer has an
//!   address, except packets for another peer that has been heard from
//!   directly in the last [`DIRECT_TIMEOUT`] seconds: those go straight to
//!   the endpoint its address embeds. For another peer not (or no longer)
//!   heard from, the peer sends a neighbour solicitation straight to it
//!   (at most every [`PROBE_INTERVAL`] seconds), as it does for the
//!   source of a packet the router relays from another peer; the other
//!   answers straight back. Both sending opens the way through NATs that
//!   drop unsolicited input (hole punching); a NAT that changes the port
//!   per destination keeps the traffic on the router, which always works.
//!   Solicitations and advertisements straight from a peer are the
//!   module's own and do not reach the stack.

use super::device::{xmit_header, xmit_to, Bed4, TTL};
use super::instance::{Direct, Instance, PeerCfg, PeerState};
use super::peers::Endpoint;
use super::proto;
use crate::support::ipv6;
use crate::support::netdev::Device;
use crate::support::skb::SkBuff;
use crate::support::udp_tunnel::Datagram;

/// IPv6 header bytes.
const HDR: usize = 40;
/// Most bytes of an advertisement the peer reads (the /114 and routed
/// prefixes).
const RA_MAX: usize = 512;
/// Seconds a path straight to another peer is used after a packet last
/// came that way.
pub(crate) const DIRECT_TIMEOUT: u64 = 15;
/// Seconds between probes of the path to another peer.
pub(crate) const PROBE_INTERVAL: u64 = 5;

/// Where a packet for another peer goes.
enum Path {
    Direct,
    /// Through the router; and a probe goes straight to it now.
    Router {
        probe: bool,
    },
}

/// The slot of peer `ep`: its own, or else the least recently used one,
/// emptied for it.
fn slot(st: &mut PeerState, ep: Endpoint) -> Option<&mut Direct> {
    let i = match st.direct.iter().position(|d| d.ep == ep) {
        Some(i) => i,
        None => {
            let lru = |d: &Direct| {
                if d.ep.1 == 0 {
                    0
                } else {
                    1 + d.heard.max(d.probed)
                }
            };
            let i = (0..st.direct.len()).min_by_key(|&i| st.direct.get(i).map_or(0, lru))?;
            *st.direct.get_mut(i)? = Direct {
                ep,
                heard: 0,
                probed: 0,
            };
            i
        }
    };
    st.direct.get_mut(i)
}

/// The path to peer `ep` now, and whether to probe it.
fn path(st: &mut PeerState, ep: Endpoint) -> Path {
    let now = st.now;
    let Some(d) = slot(st, ep) else {
        return Path::Router { probe: false };
    };
    if d.heard != 0 && now.saturating_sub(d.heard) <= DIRECT_TIMEOUT {
        return Path::Direct;
    }
    let probe = d.probed == 0 || now.saturating_sub(d.probed) >= PROBE_INTERVAL;
    if probe {
        d.probed = now.max(1);
    }
    Path::Router { probe }
}

/// A packet came straight from peer `ep`.
fn heard_direct(st: &mut PeerState, ep: Endpoint) {
    let now = st.now.max(1);
    if let Some(d) = slot(st, ep) {
        d.heard = now;
    }
}

/// Sends an ND message (`build` writes it) straight to peer `ep`.
fn send_nd(
    inst: &Instance,
    dev: &Device<Bed4>,
    ep: Endpoint,
    build: impl FnOnce(&mut [u8]) -> Option<usize>,
) -> bool {
    let mut buf = [0u8; 64];
    let Some(pkt) = build(&mut buf).and_then(|n| buf.get(..n)) else {
        return false;
    };
    let Ok(mut skb) = SkBuff::alloc(pkt.len() as u32 + 64) else {
        return false;
    };
    if skb.put_slice(pkt).is_err() {
        return false;
    }
    inst.send(dev, skb, ep, TTL, 0).is_ok()
}

/// Probes the path straight to the peer at `dst` (from our address).
fn probe(inst: &Instance, dev: &Device<Bed4>, ours: &proto::Ipv6, dst: &proto::Ipv6, ep: Endpoint) {
    let src = proto::peer_address(ours);
    if send_nd(inst, dev, ep, |b| proto::build_ns(b, &src, dst)) {
        inst.stats.probes_sent.inc();
    }
}

/// The endpoint of `addr` if it is another peer's in the router's /64 of
/// our /114 `ours`.
fn other_peer(ours: &proto::Ipv6, addr: &proto::Ipv6) -> Option<Endpoint> {
    let p64 = proto::prefix64(ours);
    if !proto::in_prefix64(addr, &p64) || proto::in_prefix(addr, ours, proto::PEER_PREFIX_LEN) {
        return None;
    }
    proto::decode(addr).map(|e| (e.ipv4, e.port))
}

/// Sends `bytes` (an empty slice: a keepalive) to the router with `ttl`.
fn send_router(inst: &Instance, cfg: &PeerCfg, dev: &Device<Bed4>, bytes: &[u8], ttl: u8) -> bool {
    let Ok(mut skb) = SkBuff::alloc(bytes.len() as u32 + 64) else {
        return false;
    };
    if skb.put_slice(bytes).is_err() {
        return false;
    }
    inst.send(dev, skb, cfg.router, ttl, 0).is_ok()
}

/// Once a second: solicit or keep the mapping alive when it is time.
pub(crate) fn tick(inst: &Instance, cfg: &PeerCfg, dev: &Device<Bed4>) {
    let (solicit, keepalive) = {
        let mut st = inst.peer.lock();
        st.now = st.now.wrapping_add(1);
        if st.wait > 1 {
            st.wait -= 1;
            return;
        }
        if st.prefix114.is_none() {
            let max = if cfg.keepalive == 0 {
                proto::KEEPALIVE_PERIOD
            } else {
                cfg.keepalive
            };
            st.wait = proto::rs_backoff_max(st.attempts, max);
            st.attempts = st.attempts.saturating_add(1);
            (true, false)
        } else {
            st.wait = cfg.keepalive;
            (false, cfg.keepalive != 0)
        }
    };
    if solicit {
        let mut buf = [0u8; 64];
        if let Some(rs) =
            proto::build_rs(&mut buf, &proto::UNSPECIFIED, None).and_then(|n| buf.get(..n))
        {
            if send_router(inst, cfg, dev, rs, TTL) {
                inst.stats.rs_sent.inc();
            }
        }
    } else if keepalive && send_router(inst, cfg, dev, &[], cfg.keepalive_ttl) {
        inst.stats.keepalive_sent.inc();
    }
}

/// An advertisement from the router: the /114 (a new one replaces the
/// address).
fn advertisement(inst: &Instance, cfg: &PeerCfg, dev: &Device<Bed4>, pkt: &[u8]) {
    let Ok(ra) = proto::parse_ra(pkt) else {
        inst.stats.drop_nd.inc();
        return;
    };
    inst.stats.ra_rcvd.inc();
    let old = {
        let mut st = inst.peer.lock();
        let old = st.prefix114;
        st.prefix114 = Some(ra.prefix114);
        st.attempts = 0;
        st.wait = cfg.keepalive;
        old
    };
    if old == Some(ra.prefix114) {
        return;
    }
    let plen = proto::PEER_PREFIX_LEN;
    if ipv6::ra_addr(dev, &ra.address(), plen, u32::MAX, u32::MAX).is_err() {
        return;
    }
    if let Some(old) = old {
        let _ = ipv6::ra_addr(dev, &proto::peer_address(&old), plen, 0, 0);
    }
    inst.stats.address_changes.inc();
    super::netlink::notify_change(dev);
}

/// A datagram for the peer.
pub(crate) fn receive(inst: &Instance, cfg: &PeerCfg, dev: &Device<Bed4>, d: Datagram) {
    let from = d.source();
    let len = d.skb().len() as usize;
    // The fixed header and the ICMPv6 type, if any.
    let mut head = [0u8; HDR + 1];
    let n = len.min(head.len());
    if len < HDR || !head.get_mut(..n).is_some_and(|b| d.skb().read(0, b)) {
        inst.stats.drop_malformed.inc();
        dev.count_rx_dropped();
        return;
    }
    let Ok(h) = proto::parse_ipv6_header(&head, len) else {
        inst.stats.drop_malformed.inc();
        dev.count_rx_dropped();
        return;
    };
    let nd = head.get(..n).and_then(proto::nd_type);
    if from == cfg.router {
        // ND from the router is its advertisement, taken here; the stack
        // sees none (it would act on it as on any link).
        if nd.is_some() {
            let mut buf = [0u8; RA_MAX];
            let read = match buf.get_mut(..len) {
                Some(pkt) if nd == Some(proto::ICMPV6_RA) => d.skb().read(0, pkt),
                _ => false,
            };
            match buf.get(..len) {
                Some(pkt) if read => advertisement(inst, cfg, dev, pkt),
                _ => {
                    inst.stats.drop_nd.inc();
                    dev.count_rx_dropped();
                }
            }
            return;
        }
        // Relayed from another peer: see whether it can be reached
        // straight (it probes us too when it sends through the router).
        let probe_to = {
            let mut st = inst.peer.lock();
            match st.prefix114 {
                Some(ours) => other_peer(&ours, &h.src).and_then(|ep| match path(&mut st, ep) {
                    Path::Router { probe: true } => Some((ours, ep)),
                    _ => None,
                }),
                None => None,
            }
        };
        if let Some((ours, ep)) = probe_to {
            probe(inst, dev, &ours, &h.src, ep);
        }
    } else {
        // Direct from another peer: it must be who it says.
        let ours = inst.peer.lock().prefix114;
        let Some(ours) = ours else {
            inst.stats.drop_spoof_prefix.inc();
            dev.count_rx_dropped();
            return;
        };
        let prefix64 = proto::prefix64(&ours);
        if let Err(e) = proto::validate_originator(&h.src, &prefix64, from.0, from.1) {
            match e {
                proto::OriginatorError::WrongPrefix => inst.stats.drop_spoof_prefix.inc(),
                proto::OriginatorError::WrongPort => inst.stats.drop_spoof_port.inc(),
                proto::OriginatorError::WrongIpv4 => inst.stats.drop_spoof_ipv4.inc(),
            }
            dev.count_rx_dropped();
            return;
        }
        heard_direct(&mut inst.peer.lock(), from);
        inst.stats.rx_direct.inc();
        if nd.is_some() {
            direct_nd(inst, dev, &d, &ours, from, len);
            return;
        }
    }
    if proto::is_multicast(&h.dst) {
        inst.stats.drop_multicast.inc();
        dev.count_rx_dropped();
        return;
    }
    if d.receive(dev).is_ok() {
        dev.count_rx(1, len as u32);
    } else {
        dev.count_rx_dropped();
    }
}

/// An ND message straight from peer `from` (validated): a probe is
/// answered straight back when it asks for one of our addresses; an
/// answer only marks the path (done by the caller). Neither goes to the
/// stack.
fn direct_nd(
    inst: &Instance,
    dev: &Device<Bed4>,
    d: &Datagram,
    ours: &proto::Ipv6,
    from: Endpoint,
    len: usize,
) {
    let mut buf = [0u8; 128];
    let Some(pkt) = buf.get_mut(..len) else {
        inst.stats.drop_nd.inc();
        return;
    };
    if !d.skb().read(0, pkt) {
        return;
    }
    match proto::nd_type(pkt) {
        Some(proto::ICMPV6_NS) => match proto::parse_ns(pkt) {
            Ok(ns) if proto::in_prefix(&ns.target, ours, proto::PEER_PREFIX_LEN) => {
                send_nd(inst, dev, from, |b| proto::build_na(b, &ns.src, &ns.target));
            }
            _ => inst.stats.drop_nd.inc(),
        },
        Some(proto::ICMPV6_NA) if proto::parse_na(pkt).is_some() => {}
        _ => inst.stats.drop_nd.inc(),
    }
}

/// A packet routed into the peer's device: straight to another peer when
/// that path works, else to the router.
pub(crate) fn xmit(inst: &Instance, cfg: &PeerCfg, dev: &Device<Bed4>, skb: SkBuff) {
    let Some(h) = xmit_header(inst, dev, &skb) else {
        return;
    };
    let (ours, route) = {
        let mut st = inst.peer.lock();
        let Some(ours) = st.prefix114 else {
            drop(st);
            inst.stats.drop_tx_no_route.inc();
            dev.count_tx_dropped();
            return;
        };
        let route = other_peer(&ours, &h.dst).map(|ep| (ep, path(&mut st, ep)));
        (ours, route)
    };
    match route {
        Some((ep, Path::Direct)) => {
            inst.stats.tx_direct.inc();
            xmit_to(inst, dev, skb, h.traffic_class, [0; 4], ep);
            return;
        }
        Some((ep, Path::Router { probe: true })) => probe(inst, dev, &ours, &h.dst, ep),
        _ => {}
    }
    xmit_to(inst, dev, skb, h.traffic_class, [0; 4], cfg.router);
}
