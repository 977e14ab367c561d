// SPDX-License-Identifier: GPL-2.0

//! What the module receives, in one function per direction: the
//! netfilter hooks. At PRE_ROUTING (first, before conntrack and before the
//! stack parses extension headers, so the Home Address option and the type
//! 2 routing header reach the module whether or not the kernel has
//! CONFIG_IPV6_MIP6): mobility headers for this host, tunnelled packets of
//! bindings, neighbour discovery on home links (HA), router advertisements
//! (MN), and traffic to bound home addresses (HA). At LOCAL_OUT (MN):
//! traffic from the home address while away.

use crate::ha::{self, BuInfo, NdSeen};
use crate::inst::{Instance, Role};
use crate::mh;
use crate::mn;
use crate::send;
use crate::support::ipv6::{self, Addr};
use crate::support::net::Rcu;
use crate::support::netdev::NetDevice;
use crate::support::netfilter::{Packet, Verdict};
use crate::support::skb::SkBuff;
use kernel::alloc::{flags::GFP_ATOMIC, KVec};

/// ICMPv6 Time Exceeded and Parameter Problem.
const ICMPV6_TIME_EXCEED: u8 = 3;
const ICMPV6_PARAMPROB: u8 = 4;
/// How much of a packet the hook looks at to find its headers.
const PEEK: usize = 256;

/// The hook of an instance.
pub(crate) fn hook(inst: &Instance, pkt: Packet<'_>, rcu: &Rcu) -> Verdict {
    let mut buf = [0u8; PEEK];
    let skb = pkt.skb();
    let n = (skb.len() as usize).min(PEEK);
    if n < 40 || !skb.read(0, &mut buf[..n]) {
        return Verdict::Accept;
    }
    let peek = &buf[..n];
    match pkt.in_dev() {
        Some(dev) => input(inst, pkt, dev, peek, rcu),
        None => output(inst, pkt, peek, rcu),
    }
}

fn input(inst: &Instance, mut pkt: Packet<'_>, dev: &NetDevice, peek: &[u8], rcu: &Rcu) -> Verdict {
    let net = pkt.net();
    let h = match mh::walk(peek) {
        Ok(h) => h,
        Err(mh::WalkError::BadHao { .. }) | Err(mh::WalkError::DuplicateHao { .. }) => {
            if ipv6::is_local(net, &dst_of(peek), None) {
                inst.stats.hao_drop.inc();
                return Verdict::Drop;
            }
            return Verdict::Accept;
        }
        Err(mh::WalkError::BadRh2 { .. }) => {
            if ipv6::is_local(net, &dst_of(peek), None) {
                inst.stats.rh2_drop.inc();
                return Verdict::Drop;
            }
            return Verdict::Accept;
        }
        Err(_) => return Verdict::Accept,
    };
    match h.upper {
        mh::IPPROTO_MH => {
            if !ipv6::is_local(net, &h.dst, None) {
                return Verdict::Accept;
            }
            let (skb, stolen) = pkt.steal();
            mobility(inst, skb, dev, rcu);
            return Verdict::Stolen(stolen);
        }
        mh::IPPROTO_IPV6 => {
            let inner = h.upper_bytes(peek);
            if let Some(inner) = inner.get(..40) {
                let (inner_src, inner_dst) = (addr(&inner[8..24]), addr(&inner[24..40]));
                let ours = match &inst.role {
                    Role::Ha(_) => ha::check_reverse(inst, &h.src, &inner_src),
                    Role::Mn(_) => mn::check_tunnel(inst, &h.src, &inner_dst),
                };
                if ours && ipv6::is_local(net, &h.dst, None) {
                    let off = h.upper_offset as u32;
                    let (skb, stolen) = pkt.steal();
                    decap(inst, skb, off, rcu);
                    return Verdict::Stolen(stolen);
                }
            }
        }
        mh::IPPROTO_ICMPV6 => {
            if let Some(v) = icmp(inst, &mut pkt, dev, &h, peek) {
                return v;
            }
        }
        _ => {}
    }
    match &inst.role {
        Role::Ha(_) => {
            if h.hao.is_some() && ipv6::is_local(net, &h.dst, None) {
                // A Home Address option on anything but a BU: no route
                // optimisation here, so no binding covers it (RFC 6275
                // §9.3.1): Binding Error, status 1.
                inst.stats.hao_drop.inc();
                send::be(
                    inst,
                    net,
                    &h.dst,
                    &h.src,
                    mh::BE_UNKNOWN_BINDING,
                    &h.mh_src(),
                );
                return Verdict::Drop;
            }
            if h.routing.is_some_and(|r| r.rh_type == mh::RH_TYPE_2)
                && ipv6::is_local(net, &h.dst, None)
            {
                inst.stats.rh2_drop.inc();
                return Verdict::Drop;
            }
            if let Some((coa, ha_addr)) = ha::route(inst, &h.dst) {
                let (skb, stolen) = pkt.steal();
                intercept(inst, skb, h.hop_limit, &coa, &ha_addr, rcu);
                return Verdict::Stolen(stolen);
            }
        }
        Role::Mn(_) => {
            if let Some(r) = h.routing.filter(|r| r.rh_type == mh::RH_TYPE_2) {
                if ipv6::is_local(net, &h.dst, None) {
                    // Route optimisation is not supported: only BAs carry
                    // a type 2 routing header for this MN.
                    let _ = r;
                    inst.stats.rh2_drop.inc();
                    return Verdict::Drop;
                }
            }
        }
    }
    Verdict::Accept
}

fn addr(b: &[u8]) -> Addr {
    let mut a = [0u8; 16];
    a.copy_from_slice(&b[..16]);
    a
}

fn dst_of(peek: &[u8]) -> Addr {
    addr(&peek[24..40])
}

/// Neighbour discovery on a home link (HA) and router advertisements
/// (MN). `None` lets the caller go on.
fn icmp(
    inst: &Instance,
    pkt: &mut Packet<'_>,
    dev: &NetDevice,
    h: &mh::Ipv6Headers,
    peek: &[u8],
) -> Option<Verdict> {
    let msg = h.upper_bytes(peek);
    let t = *msg.first()?;
    match (&inst.role, t) {
        (Role::Ha(_), mh::ICMPV6_NS) | (Role::Ha(_), mh::ICMPV6_NA) => {
            // RFC 4861 §7.1: hop limit 255, checksum, no extension headers
            // that change that; the whole message must be in `peek`.
            if h.hop_limit != 255 || !mh::verify_icmpv6(&h.src, &h.dst, msg) {
                return None;
            }
            let seen = if t == mh::ICMPV6_NS {
                let ns = mh::parse_ns(msg).ok()?;
                NdSeen::Ns {
                    target: ns.target,
                    src: h.src,
                }
            } else {
                NdSeen::Na {
                    target: mh::parse_na(msg).ok()?.target,
                }
            };
            if ha::neighbour(inst, dev, seen) {
                return Some(Verdict::Drop);
            }
            None
        }
        (Role::Ha(_), mh::ICMPV6_DHAAD_REQUEST) => {
            let ha_addr = ha::dhaad(inst, &h.dst)?;
            if !mh::verify_icmpv6(&h.src, &h.dst, msg) {
                return None;
            }
            let req = mh::parse_dhaad_request(msg).ok()?;
            inst.stats.dhaad_rcvd.inc();
            send::dhaad_reply(pkt.net(), &ha_addr, &h.src, req.identifier, &[ha_addr]);
            Some(Verdict::Drop)
        }
        (Role::Mn(_), mh::ICMPV6_DHAAD_REPLY) => {
            if !mh::verify_icmpv6(&h.src, &h.dst, msg) {
                return None;
            }
            let reply = mh::parse_dhaad_reply(msg).ok()?;
            let first = reply.addrs.clone().next()?;
            if mn::dhaad_reply(inst, reply.identifier, &first) {
                return Some(Verdict::Drop);
            }
            None
        }
        (Role::Mn(_), mh::ICMPV6_RA) => {
            let (_, _, _, link) = mn::addrs(inst)?;
            if dev.ifindex() != link
                || h.hop_limit != 255
                || !mh::verify_icmpv6(&h.src, &h.dst, msg)
            {
                return None;
            }
            let ra = mh::parse_ra(msg).ok()?;
            let (hoa, plen) = mn::home(inst)?;
            let mut prefixes: KVec<(Addr, u8, bool)> = KVec::new();
            let mut home_onlink: Option<usize> = None;
            for (off, opt) in ra.options.clone().flatten() {
                if let mh::NdOpt::PrefixInfo(p) = opt {
                    if p.flags & mh::PIO_FLAG_ONLINK != 0 && p.valid_lifetime > 0 {
                        let auto = p.flags & mh::PIO_FLAG_AUTO != 0 && p.prefix_len == 64;
                        let mut prefix = p.prefix;
                        ha::mask(&mut prefix, p.prefix_len.into());
                        if u32::from(p.prefix_len) == plen
                            && crate::ha::in_prefix(&hoa, &prefix, plen)
                        {
                            home_onlink = Some(off);
                        }
                        let _ = prefixes.push((prefix, p.prefix_len, auto), GFP_ATOMIC);
                    }
                }
            }
            mn::router_advert(inst, &h.src, &prefixes);
            if let Some(off) = home_onlink {
                // The home prefix is never on-link for the MN: once away, an
                // on-link route to it (learnt at home, valid for hours)
                // would swallow the BUs and tunnelled packets to the HA.
                // Clear L in the PIO (addresses are still autoconfigured);
                // at home the router reaches the neighbours (and redirects).
                let (start, end) = (h.upper_offset, h.end);
                let head = pkt.writable_head(end as u32).ok()?;
                let m = head.get_mut(start..end)?;
                *m.get_mut(off + 3)? &= !mh::PIO_FLAG_ONLINK;
                let _ = mh::fill_icmpv6_checksum(&h.src, &h.dst, m);
            }
            None
        }
        _ => None,
    }
}

/// A mobility header for this host (the packet is ours).
fn mobility(inst: &Instance, mut skb: SkBuff, dev: &NetDevice, rcu: &Rcu) {
    if skb.linearize().is_err() {
        inst.stats.mh_drop_malformed.inc();
        return;
    }
    let data = skb.data();
    let Ok(h) = mh::walk(data) else {
        inst.stats.mh_drop_malformed.inc();
        return;
    };
    let bytes = h.upper_bytes(data);
    let mh_type = bytes.get(2).copied().unwrap_or(0xff);
    let msg = match mh::parse(bytes) {
        Ok(m) => m,
        Err(e) => {
            inst.stats.mh_drop_malformed.inc();
            count_invalid(inst, mh_type);
            if let Some(p) = e.pointer() {
                // RFC 6275 §9.2: Parameter Problem, code 0, at the field.
                ipv6::icmp6_error(&skb, ICMPV6_PARAMPROB, 0, (h.upper_offset + p) as u32);
            }
            return;
        }
    };
    if !mh::verify(&h.mh_src(), &h.mh_dst(), msg.bytes()) {
        inst.stats.mh_drop_checksum.inc();
        count_invalid(inst, mh_type);
        return;
    }
    if msg.options.check_alignment().is_err() {
        inst.stats.mh_drop_malformed.inc();
        count_invalid(inst, mh_type);
        return;
    }
    let net = dev.net();
    match (&inst.role, msg.message) {
        (Role::Ha(_), mh::Message::BindingUpdate(bu)) => {
            let info = BuInfo {
                src: h.src,
                dst: h.dst,
                hoa: h.mh_src(),
                bu,
                mh: &msg,
            };
            ha::receive_bu(inst, rcu, dev, &info);
        }
        (Role::Mn(_), mh::Message::BindingAck(ba)) => {
            let info = mn::BaInfo {
                src: h.src,
                dst: h.dst,
                ba,
                mh: &msg,
            };
            mn::receive_ba(inst, rcu, &info);
        }
        (Role::Mn(_), mh::Message::BindingRefreshRequest) => {
            inst.stats.brr_rcvd.inc();
            mn::receive_brr(inst);
        }
        (_, mh::Message::BindingError(_)) => inst.stats.be_rcvd.inc(),
        (Role::Mn(_), mh::Message::BindingUpdate(_)) => inst.stats.bu_drop_misc.inc(),
        (Role::Ha(_), mh::Message::BindingAck(_)) => inst.stats.ba_drop_misc.inc(),
        (Role::Ha(_), mh::Message::BindingRefreshRequest) => inst.stats.brr_drop_misc.inc(),
        _ => {
            // Unknown, or return routability which this node does not do:
            // Binding Error, status 2 (RFC 6275 §9.2).
            inst.stats.mh_unknown_type.inc();
            let hoa = if h.hao.is_some() {
                h.mh_src()
            } else {
                ipv6::UNSPECIFIED
            };
            send::be(inst, net, &h.dst, &h.src, mh::BE_UNKNOWN_MH_TYPE, &hoa);
        }
    }
    skb.consume();
}

fn count_invalid(inst: &Instance, mh_type: u8) {
    match mh_type {
        mh::MH_BU => inst.stats.bu_drop_invalid.inc(),
        mh::MH_BA => inst.stats.ba_drop_invalid.inc(),
        mh::MH_BRR => inst.stats.brr_drop_invalid.inc(),
        _ => {}
    }
}

/// A tunnelled packet of a binding: received on the tunnel netdev.
fn decap(inst: &Instance, skb: SkBuff, off: u32, rcu: &Rcu) {
    let Some(tdev) = inst.tdev.get(rcu) else {
        inst.stats.tunnel_drop.inc();
        return;
    };
    let len = skb.len().saturating_sub(off);
    match ipv6::decap_rx(skb, off, tdev) {
        Ok(()) => {
            tdev.count_rx(1, len);
            inst.stats.decapsulations.inc();
        }
        Err(_) => {
            tdev.count_rx_dropped();
            inst.stats.tunnel_drop.inc();
        }
    }
}

/// Traffic to a bound home address, intercepted by the HA (forwarded into
/// the tunnel: the hop limit goes down by one, as in a router).
fn intercept(
    inst: &Instance,
    mut skb: SkBuff,
    hop_limit: u8,
    coa: &Addr,
    ha_addr: &Addr,
    rcu: &Rcu,
) {
    let Some(tdev) = inst.tdev.get(rcu) else {
        inst.stats.tunnel_drop.inc();
        return;
    };
    if hop_limit <= 1 {
        ipv6::icmp6_error(&skb, ICMPV6_TIME_EXCEED, 0, 0);
        tdev.count_tx_dropped();
        return;
    }
    match skb.writable_head(8) {
        Ok(head) => head[7] = hop_limit - 1,
        Err(_) => {
            tdev.count_tx_dropped();
            return;
        }
    }
    let _ = send::encap(inst, tdev, skb, ha_addr, coa);
}

/// MN, locally generated traffic: from the home address while away, it
/// goes through the reverse tunnel to the HA (RFC 6275 §11.3.1).
fn output(inst: &Instance, pkt: Packet<'_>, peek: &[u8], rcu: &Rcu) -> Verdict {
    let Some((hoa, ha, Some(coa), _)) = mn::addrs(inst) else {
        return Verdict::Accept;
    };
    if peek[8..24] != hoa {
        return Verdict::Accept;
    }
    let Some(tdev) = inst.tdev.get(rcu) else {
        return Verdict::Accept;
    };
    if pkt.out_dev().is_some_and(|d| d.ifindex() == tdev.ifindex()) {
        // Routed into the tunnel: its transmit function encapsulates.
        return Verdict::Accept;
    }
    let dst = &peek[24..40];
    if dst[0] == 0xff || (dst[0] == 0xfe && dst[1] & 0xc0 == 0x80) {
        return Verdict::Accept;
    }
    let (skb, stolen) = pkt.steal();
    let _ = send::encap(inst, tdev, skb, &coa, &ha);
    Verdict::Stolen(stolen)
}
