// SPDX-License-Identifier: GPL-2.0

//! The router's peer table: the endpoints (public IPv4 address and UDP
//! port, i.e. /114s) it has heard from, for `peer-get`, the `peers`
//! count and the peer events. The data path does not need it (a peer's
//! endpoint is in its address); it is bookkeeping, bounded in size.
//!
//! - A solicitation or a valid packet from an endpoint not in the table
//!   adds it (`peer-new-ntf`); keepalives and valid packets refresh it.
//! - A packet whose source is a /114 of the router's /64 but which comes
//!   from another endpoint is a peer whose NAT mapping changed: the new
//!   endpoint is added with the old one recorded (`peer-change-ntf`).
//!   The old entry stays until it ages out: nothing proves the packet
//!   came from its owner.
//! - An entry not heard from for three keepalive periods goes
//!   (`peer-del-ntf`).

use super::proto::Ipv4;
use crate::support::vec::VecExt;
use kernel::alloc::{flags::GFP_ATOMIC, KVec};

/// A peer's public IPv4 address and UDP port, as the router sees them.
pub(crate) type Endpoint = (Ipv4, u16);

/// Most peers tracked; beyond, new ones are served but not listed.
pub(crate) const MAX_PEERS: usize = 4096;

/// Most entries aged out per timer tick (the rest go on the next ones).
pub(crate) const EXPIRE_BATCH: usize = 16;

/// Most unsolicited advertisements per second: each answers a datagram
/// whose IPv4 source may be forged, so the router must not become a
/// reflector.
pub(crate) const UNSOLICITED_RA_PER_SEC: u32 = 16;

/// One peer.
#[derive(Clone, Copy)]
pub(crate) struct Entry {
    pub(crate) ep: Endpoint,
    /// When the router last heard from it (table clock, seconds).
    pub(crate) seen: u64,
    /// The endpoint it had before its NAT mapping changed.
    pub(crate) old: Option<Endpoint>,
    /// The router's address it sends to: what the router answers from
    /// when its socket is bound to none.
    pub(crate) local: Ipv4,
}

/// What a packet from an endpoint did to the table.
#[derive(Clone, Copy)]
pub(crate) enum Seen {
    /// Known, or not to be added: nothing to announce.
    Known,
    /// Added.
    New(Entry),
    /// Added, as the new endpoint of a peer whose mapping changed.
    Changed(Entry),
}

/// The table, sorted by endpoint.
pub(crate) struct PeerTable {
    entries: KVec<Entry>,
    /// Seconds since the router started (its timer ticks once a second).
    pub(crate) now: u64,
    /// Unsolicited advertisements still allowed this second.
    ra_budget: u32,
}

impl PeerTable {
    /// An empty table.
    pub(crate) const fn new() -> Self {
        PeerTable {
            entries: KVec::new(),
            now: 0,
            ra_budget: UNSOLICITED_RA_PER_SEC,
        }
    }

    /// How many peers are known.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// Entry `i` in endpoint order.
    pub(crate) fn get(&self, i: usize) -> Option<Entry> {
        self.entries.get(i).copied()
    }

    fn insert(&mut self, at: usize, e: Entry) -> bool {
        if self.entries.len() >= MAX_PEERS || self.entries.push(e, GFP_ATOMIC).is_err() {
            return false;
        }
        if let Some(tail) = self.entries.get_mut(at..) {
            tail.rotate_right(1);
        }
        true
    }

    /// The router's address peer `ep` last sent to, if it is known.
    pub(crate) fn local_of(&self, ep: Endpoint) -> Option<Ipv4> {
        let i = self.entries.binary_search_by(|e| e.ep.cmp(&ep)).ok()?;
        self.entries.get(i).map(|e| e.local)
    }

    /// A packet from `ep` to the router's address `local`: refreshes its
    /// entry, or adds one when `add`.
    pub(crate) fn touch(&mut self, ep: Endpoint, local: Ipv4, add: bool) -> Seen {
        let now = self.now;
        match self.entries.binary_search_by(|e| e.ep.cmp(&ep)) {
            Ok(i) => {
                if let Some(e) = self.entries.get_mut(i) {
                    e.seen = now;
                    e.local = local;
                }
                Seen::Known
            }
            Err(i) if add => {
                let e = Entry {
                    ep,
                    seen: now,
                    old: None,
                    local,
                };
                if self.insert(i, e) {
                    Seen::New(e)
                } else {
                    Seen::Known
                }
            }
            Err(_) => Seen::Known,
        }
    }

    /// A packet from `ep` (to `local`) whose source address is that of
    /// `old`'s /114.
    pub(crate) fn moved(&mut self, old: Endpoint, ep: Endpoint, local: Ipv4) -> Seen {
        match self.touch(ep, local, true) {
            Seen::New(_) => {
                let now = self.now;
                match self.entries.binary_search_by(|e| e.ep.cmp(&ep)) {
                    Ok(i) => match self.entries.get_mut(i) {
                        Some(e) => {
                            e.old = Some(old);
                            e.seen = now;
                            Seen::Changed(*e)
                        }
                        None => Seen::Known,
                    },
                    Err(_) => Seen::Known,
                }
            }
            s => s,
        }
    }

    /// Whether an unsolicited advertisement may go now (taking it from
    /// this second's budget).
    pub(crate) fn take_ra(&mut self) -> bool {
        let ok = self.ra_budget > 0;
        self.ra_budget = self.ra_budget.saturating_sub(1);
        ok
    }

    /// Advances the clock by a second and takes out up to
    /// [`EXPIRE_BATCH`] entries not heard from for more than `max_idle`
    /// seconds into `out`; returns how many.
    pub(crate) fn tick(&mut self, max_idle: u64, out: &mut [Option<Entry>; EXPIRE_BATCH]) -> usize {
        self.now = self.now.wrapping_add(1);
        self.ra_budget = UNSOLICITED_RA_PER_SEC;
        let now = self.now;
        let mut n = 0;
        let mut i = 0;
        while n < EXPIRE_BATCH {
            let Some(e) = self.entries.get(i).copied() else {
                break;
            };
            if now.saturating_sub(e.seen) <= max_idle {
                i += 1;
                continue;
            }
            if let Some(tail) = self.entries.get_mut(i..) {
                tail.rotate_left(1);
            }
            self.entries.pop_last();
            if let Some(slot) = out.get_mut(n) {
                *slot = Some(e);
            }
            n += 1;
        }
        n
    }
}
