// SPDX-License-Identifier: GPL-2.0

//! Port mapping (RFC 7597 §8.2, §9): every new IPv4 connection leaving
//! through a CE device is source-NATed into the CE's IPv4 address and port
//! set here, by conntrack, so that replies, ICMP errors and later packets
//! follow the binding with no nft or iptables rule.
//!
//! - The function runs first among the namespace's NAT functions (before
//!   any nftables `type nat` chain): a user's masquerade or SNAT rule on
//!   the device finds the connection bound and leaves it alone.
//! - The source port (ICMP echo identifier) is kept when it is in the set
//!   and free; otherwise the search starts at a random port and visits the
//!   blocks of the set in turn, so that flows spread over all of them.
//!   Each candidate is checked against the conntrack table first (the
//!   core's own search would stay inside one range and, once that is full,
//!   bind a clashing tuple that conntrack then drops).
//! - With no free port left the connection is refused: an ICMP
//!   "administratively prohibited" to the sender (a TCP connect fails at
//!   once) and `nat-exhausted` counts it.
//! - Protocols without ports can use the address only when it is not
//!   shared (PSID length 0); otherwise they are dropped (`drop-tx-port`).

use crate::device::LINK;
use crate::mape::PortSet;
use crate::support::nat::{NewConn, SnatHook, SnatVerdict};
use crate::support::net::{random_u32, Rcu};

/// Before every nftables NAT chain (whose priorities go down to `-400`
/// in practice, `srcnat` being 100).
pub(crate) const PRIORITY: i32 = i32::MIN + 1;

/// Most candidate ports checked for one connection: a bound on the work
/// done in softirq for sets larger than this.
const MAX_PROBES: u32 = 1024;

/// The NAT function of the CE devices of a namespace (each CE device holds
/// a registration; any of them binds a connection for any CE device).
pub(crate) struct Snat;

/// A free port of `set` for `conn`'s source `addr`: `orig` if it is one,
/// else the first free one from a random start, one block after the other.
fn choose(conn: &NewConn<'_>, addr: [u8; 4], set: PortSet, orig: u16) -> Option<u16> {
    if set.contains(orig) && !conn.is_taken(addr, orig) {
        return Some(orig);
    }
    let count = set.count();
    let blocks = set.block_count();
    // Written without a path to a panic (softirq): checked divisions (the
    // set is never empty, but the compiler cannot know), and m <= 16, so
    // the block size is a power of two from 1 to 65536.
    let m = u32::from(set.contiguous_bits()).min(16);
    let mask = (1u32 << m).wrapping_sub(1);
    let start = random_u32().checked_rem(count)?;
    let (b0, o0) = ((start >> m).checked_rem(blocks)?, start & mask);
    // Probe i visits block b0 + i at offset o0 + i / blocks: over `count`
    // probes, every port once.
    (0..count.min(MAX_PROBES))
        .filter_map(|i| {
            let b = b0.wrapping_add(i).checked_rem(blocks)?;
            let o = o0.wrapping_add(i.checked_div(blocks)?) & mask;
            set.nth_port((b << m) | o)
        })
        .find(|&p| !conn.is_taken(addr, p))
}

impl SnatHook for Snat {
    fn snat(&self, conn: &NewConn<'_>, _rcu: &Rcu) -> SnatVerdict {
        let Some(dev) = conn.out_dev().and_then(|d| LINK.downcast(d)) else {
            return SnatVerdict::Accept;
        };
        let map = dev.data();
        if !map.is_ce() {
            return SnatVerdict::Accept;
        }
        let (addr, set) = {
            let st = map.state.lock();
            match st.derived.as_ref() {
                Some(d) => (d.ipv4, d.port_set),
                // Not configured yet: transmit drops and counts it.
                None => return SnatVerdict::Accept,
            }
        };
        let t = conn.tuple();
        let ports = match t.ports {
            Some((sport, _)) => match choose(conn, addr, set, sport) {
                Some(p) => Some((p, p)),
                None => {
                    map.stats.nat_exhausted.inc();
                    conn.refuse();
                    return SnatVerdict::Drop;
                }
            },
            None if set.psid_len() == 0 => None,
            None => {
                map.stats.drop_tx_port.inc();
                return SnatVerdict::Drop;
            }
        };
        match conn.bind(addr, ports) {
            Ok(()) => {
                map.stats.nat_new.inc();
                SnatVerdict::Accept
            }
            Err(_) => {
                map.stats.nat_exhausted.inc();
                SnatVerdict::Drop
            }
        }
    }
}
