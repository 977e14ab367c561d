// SPDX-License-Identifier: GPL-2.0

//! Receiving: IPv4-in-IPv6 packets for this host come from tunnel6.ko's
//! chain. One addressed to a MAP device's CE address (CE) or BR address
//! (BR) is that device's: checked as RFC 7597 §8.1 asks, then received on
//! the device. A CE takes only its own address and ports, from the BR (any
//! source, when the inner source is outside the domain: replies may come
//! from another BR address) or from the CE an FMR maps the inner source
//! and port to; a BR takes only what the rules map back to the sender.
//!
//! ICMPv6 errors about what a device tunnelled come back here too: Packet
//! Too Big sets the path MTU to the tunnel end, and errors are relayed to
//! the inner packet's IPv4 source as ICMP errors (RFC 2473 §8.3).

use crate::device::LINK;
use crate::map::{Map, State};
use crate::mape::{self, Flow, Ports, Rule, FLOW_HEADER_BYTES};
use crate::support::ipv6::Addr;
use crate::support::net::{Net, Rcu};
use crate::support::netdev::Device;
use crate::support::skb::SkBuffRef;
use crate::support::tunnel6::{self, Handler, Packet, Rx};

/// The handler on the IPv4-in-IPv6 chain.
pub(crate) struct Receiver;

/// Why a packet is refused (each has its counter).
enum Drop {
    Malformed,
    Spoof,
    Port,
}

/// Whether `outer_src` is the CE that `rule` maps the source of `f` to.
fn from_mapped_ce(rule: &Rule, outer_src: &Addr, f: &Flow) -> bool {
    match f.ports {
        Ports::Some { src, .. } => rule.ce_address_for(f.src, src) == Some(*outer_src),
        // No port to check: the sender must at least be a CE of that
        // address.
        Ports::Fragment | Ports::None => rule
            .decode_ce_address(outer_src)
            .is_some_and(|(v4, _)| v4 == f.src),
    }
}

fn check(map: &Map, st: &State, outer_src: &Addr, f: &Flow) -> Result<(), Drop> {
    if !map.is_ce() {
        let rule = mape::find_any_rule(&st.rules, f.src).ok_or(Drop::Spoof)?;
        return if from_mapped_ce(rule, outer_src, f) {
            Ok(())
        } else {
            Err(Drop::Spoof)
        };
    }
    let d = st.derived.as_ref().ok_or(Drop::Port)?;
    if !mape::ipv4_in_prefix(f.dst, d.ipv4, d.ipv4_len) {
        return Err(Drop::Port);
    }
    let ours = match f.ports {
        Ports::Some { dst, .. } => d.port_set.contains(dst),
        Ports::Fragment => true,
        Ports::None => d.rule.psid_len() == 0,
    };
    if !ours {
        return Err(Drop::Port);
    }
    match mape::find_rule(&st.rules, f.src) {
        // From a CE of the domain: it must be the one the source maps to.
        Some(rule) if !from_mapped_ce(rule, outer_src, f) => Err(Drop::Spoof),
        // Outside the domain: through a BR, whichever address it used.
        _ => Ok(()),
    }
}

/// The device whose tunnel endpoint is `addr` in `net`.
fn device_for<'a>(net: &Net, addr: &Addr, rcu: &'a Rcu) -> Option<&'a Device<Map>> {
    LINK.find_rcu(rcu, net, |dev: &'a Device<Map>| {
        let map = dev.data();
        let st = map.state.lock();
        let ours = if map.is_ce() {
            st.derived.as_ref().is_some_and(|d| &d.ce_address == addr)
        } else {
            &st.br == addr
        };
        ours.then_some(dev)
    })
}

/// ICMPv6 types and codes (RFC 4443) an error handler sees.
const ICMPV6_DEST_UNREACH: u8 = 1;
const ICMPV6_PKT_TOOBIG: u8 = 2;
const ICMPV6_TIME_EXCEED: u8 = 3;
/// Bytes of the quoted outer header: IPv6, and the destination options
/// header with the encapsulation limit when the device sends one.
const IPV6_HEADER: usize = 40;

/// Relays an ICMPv6 error about a packet `dev` tunnelled to the inner
/// packet's source (RFC 2473 §8.3), as an ICMP error that comes in on the
/// device: conntrack matches it to the connection (undoing the CE's NAT)
/// and the stack routes it to the source. `quoted` is the inner packet as
/// the error quoted it.
fn relay(dev: &Device<Map>, quoted: &[u8], icmp_type: u8, code: u8, mtu: u16) -> bool {
    let Ok(f) = mape::parse_ipv4(quoted, usize::from(u16::MAX)) else {
        return false;
    };
    let mut out = [0u8; mape::ICMP4_ERROR_MAX];
    // From the destination the packet did not reach: a source that routes
    // back through the device, which the stack takes (its own address, the
    // tunnel entry point's, would be a martian).
    let Some(n) = mape::build_icmp4_error(&mut out, f.dst, f.src, icmp_type, code, mtu, quoted)
    else {
        return false;
    };
    out.get(..n)
        .is_some_and(|p| tunnel6::receive4(dev, p).is_ok())
}
impl Handler for Receiver {
    fn receive(pkt: Packet, rcu: &Rcu) -> Rx {
        let (src, dst) = pkt.outer();
        let Some(dev) = pkt.in_dev().and_then(|d| device_for(d.net(), &dst, rcu)) else {
            return Rx::Pass(pkt.into_skb());
        };
        let map = dev.data();
        let len = pkt.skb().len();
        let mut head = [0u8; FLOW_HEADER_BYTES];
        let n = (len as usize).min(FLOW_HEADER_BYTES);
        let verdict = if pkt.skb().read(0, &mut head[..n]) {
            match mape::parse_ipv4(&head[..n], len as usize) {
                Ok(f) => {
                    let st = map.state.lock();
                    check(map, &st, &src, &f)
                }
                Err(_) => Err(Drop::Malformed),
            }
        } else {
            Err(Drop::Malformed)
        };
        match verdict {
            Ok(()) => {
                if pkt.receive(dev).is_ok() {
                    dev.count_rx(1, len);
                } else {
                    dev.count_rx_dropped();
                }
            }
            Err(why) => {
                match why {
                    Drop::Malformed => map.stats.drop_rx_malformed.inc(),
                    Drop::Spoof => map.stats.drop_rx_spoof.inc(),
                    Drop::Port => map.stats.drop_rx_port.inc(),
                }
                dev.count_rx_dropped();
                drop(pkt);
            }
        }
        Rx::Taken
    }

    fn error(skb: &SkBuffRef, icmp_type: u8, _code: u8, offset: u32, info: u32, rcu: &Rcu) -> bool {
        // The quoted packet: our outer IPv6 header (its source is the
        // device's tunnel end), then the inner IPv4 packet at `offset`.
        let mut q6 = [0u8; IPV6_HEADER];
        if !skb.read(0, &mut q6) {
            return false;
        }
        let mut src: Addr = [0; 16];
        src.copy_from_slice(&q6[8..24]);
        let Some(dev) = skb.dev().and_then(|d| device_for(d.net(), &src, rcu)) else {
            return false;
        };
        let map = dev.data();
        let off = offset as usize;
        let mut quoted = [0u8; mape::ICMP4_ERROR_MAX];
        let n = (skb.len() as usize).saturating_sub(off).min(quoted.len());
        if off < IPV6_HEADER || !skb.read(off, &mut quoted[..n]) {
            map.stats.drop_rx_malformed.inc();
            return true;
        }
        let quoted = &quoted[..n];
        let relayed = match icmp_type {
            ICMPV6_PKT_TOOBIG => {
                // The path to the tunnel end is smaller: later packets are
                // sent by it (or refused, with Don't Fragment set).
                let mtu = info.max(1280);
                tunnel6::update_pmtu(skb, mtu);
                map.stats.pmtu_updates.inc();
                let inner_mtu = mtu.saturating_sub(offset).min(u32::from(u16::MAX)) as u16;
                let too_big = mape::parse_ipv4(quoted, usize::from(u16::MAX))
                    .is_ok_and(|f| f.df && f.total_len > usize::from(inner_mtu));
                too_big
                    && relay(
                        dev,
                        quoted,
                        mape::ICMP_DEST_UNREACH,
                        mape::ICMP_FRAG_NEEDED,
                        inner_mtu,
                    )
            }
            ICMPV6_DEST_UNREACH | ICMPV6_TIME_EXCEED => relay(
                dev,
                quoted,
                mape::ICMP_DEST_UNREACH,
                mape::ICMP_HOST_UNREACH,
                0,
            ),
            _ => false,
        };
        if relayed {
            map.stats.icmp_errors.inc();
        }
        true
    }
}
