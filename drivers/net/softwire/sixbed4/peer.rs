// SPDX-License-Identifier: GPL-2.0

//! The 6bed4 peer.
//!
//! - Until a router advertisement arrives it solicits, after 1, 3, 7, 15
//!   ... seconds (the reference's backoff, capped at the keepalive period);
//!   then it sends a keepalive (an empty datagram with a small TTL, enough
//!   for the NATs and not for the router) every keepalive period.
//! - From the router: an advertisement gives the /114; the peer puts lanip
//!   1 of it on the device (and, when the prefix changes with a new NAT
//!   mapping, takes the old address off). Anything else from the router
//!   comes in on the device. From anyone else: only packets whose source
//!   embeds the UDP source, in the router's /64 (direct peering).
//! - Into the device: everything goes to the router, once the peer has an
//!   address.

use super::device::{xmit_header, xmit_to, Bed4, TTL};
use super::instance::{Instance, PeerCfg};
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

/// Sends `bytes` (an empty slice: a keepalive) to the router with `ttl`.
fn send_router(cfg: &PeerCfg, dev: &Device<Bed4>, bytes: &[u8], ttl: u8) -> bool {
    let Ok(mut skb) = SkBuff::alloc(bytes.len() as u32 + 64) else {
        return false;
    };
    if skb.put_slice(bytes).is_err() {
        return false;
    }
    let (ipv4, port) = cfg.router;
    dev.data()
        .sock
        .send4(skb, Some(dev), [0; 4], ipv4, port, ttl)
        .is_ok()
}

/// Once a second: solicit or keep the mapping alive when it is time.
pub(crate) fn tick(inst: &Instance, cfg: &PeerCfg, dev: &Device<Bed4>) {
    let (solicit, keepalive) = {
        let mut st = inst.peer.lock();
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
            if send_router(cfg, dev, rs, TTL) {
                inst.stats.rs_sent.inc();
            }
        }
    } else if keepalive && send_router(cfg, dev, &[], cfg.keepalive_ttl) {
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
    let mut head = [0u8; HDR];
    if len < HDR || !d.skb().read(0, &mut head) {
        inst.stats.drop_malformed.inc();
        dev.count_rx_dropped();
        return;
    }
    let Ok(h) = proto::parse_ipv6_header(&head, len) else {
        inst.stats.drop_malformed.inc();
        dev.count_rx_dropped();
        return;
    };
    if from == cfg.router {
        if h.next_header == proto::NEXT_HEADER_ICMPV6 && len <= RA_MAX {
            let mut buf = [0u8; RA_MAX];
            if let Some(pkt) = buf.get_mut(..len) {
                if d.skb().read(0, pkt) && proto::nd_type(pkt) == Some(proto::ICMPV6_RA) {
                    advertisement(inst, cfg, dev, pkt);
                    return;
                }
            }
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

/// A packet routed into the peer's device: to the router.
pub(crate) fn xmit(inst: &Instance, cfg: &PeerCfg, dev: &Device<Bed4>, skb: SkBuff) {
    if xmit_header(inst, dev, &skb).is_none() {
        return;
    }
    if inst.peer.lock().prefix114.is_none() {
        inst.stats.drop_tx_no_route.inc();
        dev.count_tx_dropped();
        return;
    }
    let (ipv4, port) = cfg.router;
    xmit_to(inst, dev, skb, ipv4, port);
}
