// SPDX-License-Identifier: GPL-2.0

//! Receiving: IPv4-in-IPv6 packets for this host come from tunnel6.ko's
//! chain. One addressed to a MAP device's CE address (CE) or BR address
//! (BR) is that device's: checked as RFC 7597 §8.1 asks, then received on
//! the device. A CE takes only its own address and ports, from the BR (any
//! source, when the inner source is outside the domain: replies may come
//! from another BR address) or from the CE an FMR maps the inner source
//! and port to; a BR takes only what the rules map back to the sender.

use crate::device::LINK;
use crate::map::{Map, State};
use crate::mape::{self, Flow, Ports, Rule, FLOW_HEADER_BYTES};
use crate::support::ipv6::Addr;
use crate::support::net::Rcu;
use crate::support::netdev::Device;
use crate::support::skb::SkBuffRef;
use crate::support::tunnel6::{Handler, Packet, Rx};

/// The handler on the IPv4-in-IPv6 chain.
pub(crate) struct Receiver;

/// Why a packet is refused (each has its counter).
enum Drop {
    Malformed,
    Spoof,
    Port,
}

/// The rule with the longest IPv4 prefix containing `ipv4` (any rule).
fn rule_for(rules: &[Rule], ipv4: mape::Ipv4) -> Option<&Rule> {
    let mut best: Option<&Rule> = None;
    for r in rules {
        if r.contains_ipv4(ipv4) && best.map_or(true, |b| r.ipv4_len() > b.ipv4_len()) {
            best = Some(r);
        }
    }
    best
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
        let rule = rule_for(&st.rules, f.src).ok_or(Drop::Spoof)?;
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

/// The device whose tunnel endpoint `dst` is, in the packet's namespace.
fn device_for<'a>(pkt: &Packet, dst: &Addr, rcu: &'a Rcu) -> Option<&'a Device<Map>> {
    let net = pkt.in_dev()?.net();
    LINK.find_rcu(rcu, net, |dev: &'a Device<Map>| {
        let map = dev.data();
        let st = map.state.lock();
        let ours = if map.is_ce() {
            st.derived.as_ref().is_some_and(|d| &d.ce_address == dst)
        } else {
            &st.br == dst
        };
        ours.then_some(dev)
    })
}

impl Handler for Receiver {
    fn receive(pkt: Packet, rcu: &Rcu) -> Rx {
        let (src, dst) = pkt.outer();
        let Some(dev) = device_for(&pkt, &dst, rcu) else {
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
                    map.stats.rx_decap.inc();
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

    fn error(
        _skb: &SkBuffRef,
        _icmp_type: u8,
        _code: u8,
        _offset: u32,
        _info: u32,
        _rcu: &Rcu,
    ) -> bool {
        // Packet Too Big and the relay of errors to IPv4 sources (RFC 2473
        // §8) are not handled yet.
        false
    }
}
