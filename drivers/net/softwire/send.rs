// SPDX-License-Identifier: GPL-2.0

//! Sending: an IPv4 packet routed into a MAP device leaves in IPv6 (RFC
//! 2473), to the BR or to the CE an FMR maps its destination to (CE), or
//! to the CE its destination address and port map to (BR). A CE sends
//! nothing whose source is outside its IPv4 address and port set.

use crate::map::{Map, State};
use crate::mape::{self, Flow, Ports, Rule, FLOW_HEADER_BYTES};
use crate::support::error::code::EMSGSIZE;
use crate::support::ipv6::Addr;
use crate::support::net::Rcu;
use crate::support::netdev::Device;
use crate::support::skb::SkBuff;
use crate::support::tunnel6;

/// Hop limit of the outer header.
const HOP_LIMIT: u8 = 64;
/// EtherType of IPv4.
const ETH_P_IP: u16 = 0x0800;

/// Why a packet is not sent (each has its counter).
enum Drop {
    Malformed,
    Port,
    NoRoute,
    Fragment,
}

/// Where a packet goes.
struct Route {
    src: Addr,
    dst: Addr,
    encap_limit: Option<u8>,
    fmr: bool,
    /// CE sharing its address: the identifier to give the packet, inside
    /// the port set (RFC 7597 §8.3.3), if it may be fragmented.
    frag_id: Option<u16>,
}

/// The CE address `rule` maps the destination of `f` to.
fn mapped_dst(rule: &Rule, f: &Flow) -> Result<Addr, Drop> {
    let port = match f.ports {
        Ports::Some { dst, .. } => dst,
        // Without a port only an unshared address maps to one CE.
        Ports::Fragment if rule.psid_len() != 0 => return Err(Drop::Fragment),
        Ports::None if rule.psid_len() != 0 => return Err(Drop::NoRoute),
        _ => 0,
    };
    rule.ce_address_for(f.dst, port).ok_or(Drop::NoRoute)
}

fn route(map: &Map, st: &State, f: &Flow, id: u16) -> Result<Route, Drop> {
    if !map.is_ce() {
        let rule = mape::find_any_rule(&st.rules, f.dst).ok_or(Drop::NoRoute)?;
        return Ok(Route {
            src: st.br,
            dst: mapped_dst(rule, f)?,
            encap_limit: st.encap_limit,
            fmr: false,
            frag_id: None,
        });
    }
    let d = st.derived.as_ref().ok_or(Drop::NoRoute)?;
    // RFC 7597 §8.1 the other way: only the CE's address and ports leave.
    if !mape::ipv4_in_prefix(f.src, d.ipv4, d.ipv4_len) {
        return Err(Drop::Port);
    }
    let ours = match f.ports {
        Ports::Some { src, .. } => d.port_set.contains(src),
        // The first fragment was checked.
        Ports::Fragment => true,
        // A protocol without ports can only use an unshared address.
        Ports::None => d.rule.psid_len() == 0,
    };
    if !ours {
        return Err(Drop::Port);
    }
    let (dst, fmr) = match mape::find_rule(&st.rules, f.dst) {
        Some(rule) => (mapped_dst(rule, f)?, true),
        None => (st.br, false),
    };
    // A datagram that is or may become fragments: its identifier, the same
    // for all of its fragments, maps into the set so that CEs sharing the
    // address cannot mix their fragments at the receiver.
    let frag_id = (!f.df && d.rule.psid_len() != 0).then(|| d.port_set.frag_id(id));
    Ok(Route {
        src: d.ce_address,
        dst,
        encap_limit: st.encap_limit,
        fmr,
        frag_id,
    })
}

/// Transmits `skb` (an IPv4 packet routed into `dev`).
pub(crate) fn xmit(dev: &Device<Map>, mut skb: SkBuff, _rcu: &Rcu) {
    let map = dev.data();
    let len = skb.len();
    let mut copy = [0u8; FLOW_HEADER_BYTES];
    let n = (len as usize).min(FLOW_HEADER_BYTES);
    // The headers, read in place when linear (as they nearly always are).
    let head = match skb.data().get(..n) {
        Some(h) => h,
        None if skb.read(0, &mut copy[..n]) => &copy[..n],
        None => &[],
    };
    let parsed = if skb.protocol() == ETH_P_IP {
        mape::parse_ipv4(head, len as usize).map_err(|_| Drop::Malformed)
    } else {
        Err(Drop::Malformed)
    };
    let id = head
        .get(4..6)
        .map_or(0, |b| u16::from_be_bytes([b[0], b[1]]));
    let r = parsed.and_then(|f| {
        let st = map.state.lock();
        route(map, &st, &f, id)
    });
    let r = match r {
        Ok(r) => r,
        Err(why) => {
            match why {
                Drop::Malformed => {}
                Drop::Port => map.stats.drop_tx_port.inc(),
                Drop::NoRoute => map.stats.drop_tx_no_route.inc(),
                Drop::Fragment => map.stats.drop_tx_frag.inc(),
            }
            dev.count_tx_dropped();
            return;
        }
    };
    if let Some(new) = r.frag_id.filter(|&n| n != id) {
        match skb.writable_head(20) {
            Ok(h) => {
                mape::set_ipv4_id(h, new);
            }
            Err(_) => {
                dev.count_tx_dropped();
                return;
            }
        }
    }
    // Only the BR's route is cached (FMR peers are many).
    let cache = if r.fmr { None } else { map.br_route.as_ref() };
    let (res, _mtu) = tunnel6::xmit4(
        dev.net(),
        skb,
        &r.src,
        &r.dst,
        HOP_LIMIT,
        r.encap_limit,
        dev,
        cache,
    );
    match res {
        Ok(()) => {
            dev.count_tx(1, len);
            if r.fmr {
                map.stats.tx_fmr.inc();
            }
        }
        Err(e) => {
            if e == EMSGSIZE {
                map.stats.drop_tx_too_big.inc();
            } else {
                map.stats.drop_tx_no_route.inc();
            }
            dev.count_tx_dropped();
        }
    }
}
