// SPDX-License-Identifier: GPL-2.0

//! The home agent (RFC 6275 §10): home prefixes, the access list, the
//! binding cache, binding update processing, DAD on behalf of new home
//! addresses, proxy neighbour discovery, expiry.
//!
//! Decisions are made under the instance's lock; packets are sent after it
//! is released (sending may run hooks that take it).

use crate::auth::{self, Key};
use crate::inst::{Instance, Role, EXPIRY_TICKS};
use crate::mh;
use crate::netlink;
use crate::netlink_gen::{acl_policy, attr, cmd, state};
use crate::send;
use crate::support::genl::Writer;
use crate::support::ipv6::{self, Addr};
use crate::support::net::Rcu;
use crate::support::netdev::{Device, NetDevice};
use crate::support::vec::VecExt;
use crate::table::{AddrMap, Keyed};
use kernel::alloc::{flags::GFP_ATOMIC, KVec};
use kernel::prelude::*;
use kernel::sync::Arc;

/// Most bindings (and access list entries) an HA holds.
pub(crate) const MAX_BINDINGS: usize = 1 << 20;
/// Default longest lifetime granted, in seconds.
pub(crate) const DEFAULT_MAX_LIFETIME: u32 = 262_140;
/// Default DAD wait, in milliseconds (RFC 4862 RetransTimer).
pub(crate) const DEFAULT_DAD_MS: u32 = 1000;
/// Unsolicited NAs sent when interception starts (RFC 6275 §10.4.1).
const UNSOLICITED_NAS: u8 = 3;
/// The all-nodes link-local multicast address.
const ALL_NODES: Addr = [0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];

/// The monotonic clock, in nanoseconds.
pub(crate) fn now_ns() -> u64 {
    crate::support::timer::now_ns()
}

/// HA configuration.
pub(crate) struct Config {
    /// Longest lifetime granted, in seconds.
    pub(crate) max_lifetime: u32,
    /// DAD wait, in milliseconds.
    pub(crate) dad_timeout_ms: u32,
    /// `acl_policy::ALLOW` or `DENY`: home addresses without an access
    /// list entry.
    pub(crate) acl_default: u32,
}

/// A home prefix served on an interface.
pub(crate) struct Prefix {
    pub(crate) ifindex: i32,
    pub(crate) prefix: Addr,
    pub(crate) plen: u32,
    pub(crate) ha_addr: Addr,
}

/// Whether `a` is inside `prefix/plen`.
pub(crate) fn in_prefix(a: &Addr, prefix: &Addr, plen: u32) -> bool {
    let full = (plen / 8) as usize;
    let rest = plen % 8;
    if a[..full] != prefix[..full] {
        return false;
    }
    rest == 0 || (a[full] ^ prefix[full]) & (0xffu8 << (8 - rest)) == 0
}

/// Clears the bits of `a` past `plen` (a prefix from an address).
pub(crate) fn mask(a: &mut Addr, plen: u32) {
    for (i, b) in a.iter_mut().enumerate() {
        let bit = i as u32 * 8;
        if bit >= plen {
            *b = 0;
        } else if bit + 8 > plen {
            *b &= 0xffu8 << (8 - (plen - bit));
        }
    }
}

/// An access list entry: a home address the HA registers.
pub(crate) struct Acl {
    pub(crate) hoa: Addr,
    /// RFC 4285 MN-HA key and SPI.
    pub(crate) key: Option<Arc<Key>>,
    /// Replay window for MESG-ID timestamps, seconds.
    pub(crate) window: u32,
    /// Last accepted MESG-ID timestamp.
    pub(crate) last_mesg_id: u64,
}

impl Keyed for Acl {
    fn key(&self) -> &Addr {
        &self.hoa
    }
}

/// A binding cache entry.
#[derive(Clone, Copy)]
pub(crate) struct Binding {
    pub(crate) hoa: Addr,
    pub(crate) coa: Addr,
    pub(crate) ha_addr: Addr,
    pub(crate) ifindex: i32,
    /// Lifetime granted, in seconds.
    pub(crate) lifetime: u32,
    /// Expiry (active) or DAD deadline (dad), monotonic nanoseconds.
    pub(crate) deadline: u64,
    pub(crate) seq: u16,
    pub(crate) flags: u16,
    pub(crate) state: u32,
    /// DAD saw the address in use.
    pub(crate) conflict: bool,
    /// Unsolicited NAs still to send.
    pub(crate) nas_left: u8,
    pub(crate) spi: u32,
}

impl Keyed for Binding {
    fn key(&self) -> &Addr {
        &self.hoa
    }
}

impl Binding {
    /// The link-local address derived from the home address (L flag).
    fn link_local(&self) -> Option<Addr> {
        (self.flags & mh::BU_FLAG_L != 0).then(|| {
            let mut ll = [0u8; 16];
            ll[0] = 0xfe;
            ll[1] = 0x80;
            ll[8..].copy_from_slice(&self.hoa[8..]);
            ll
        })
    }

    /// Writes the entry as a `binding` attribute set.
    pub(crate) fn fill(&self, w: &mut Writer<'_>, now: u64) -> Result {
        use attr::binding as a;
        w.put_bytes(a::HOME_ADDR, &self.hoa)?;
        w.put_bytes(a::COA, &self.coa)?;
        w.put_bytes(a::HA_ADDR, &self.ha_addr)?;
        w.put_u32(a::LINK_IFINDEX, self.ifindex as u32)?;
        w.put_u32(a::LIFETIME, self.lifetime)?;
        let left = if self.state == state::ACTIVE {
            self.deadline.saturating_sub(now) / 1_000_000_000
        } else {
            u64::from(self.lifetime)
        };
        w.put_u32(a::EXPIRES, left as u32)?;
        w.put_u32(a::SEQ, self.seq.into())?;
        w.put_u32(a::FLAGS, self.flags.into())?;
        w.put_u32(a::STATE, self.state)?;
        if self.spi != 0 {
            w.put_u32(a::SPI, self.spi)?;
        }
        Ok(())
    }
}

/// Slots of the timer wheel, one per tick: more than the longest DAD wait
/// (10 s) and the interval between unsolicited NAs (1 s).
const WHEEL: usize = 128;
/// Most DAD completions and unsolicited NAs handled per tick; the rest
/// wait for the next one.
const BATCH: usize = 1024;

/// What is due at a tick for a home address.
#[derive(Clone, Copy)]
enum Due {
    /// Its DAD ends.
    Dad(Addr),
    /// Its next unsolicited NA.
    Na(Addr),
}

/// The HA's state, under the instance's lock.
pub(crate) struct State {
    pub(crate) cfg: Config,
    pub(crate) prefixes: KVec<Prefix>,
    pub(crate) acl: AddrMap<Acl>,
    pub(crate) cache: AddrMap<Binding>,
    /// DAD completions and unsolicited NAs, by the tick they are due at
    /// (modulo `WHEEL`): each costs the same with 10 or 100,000 bindings.
    /// Entries of removed or renewed bindings are skipped when due.
    wheel: KVec<KVec<Due>>,
    /// The current tick.
    tick: u32,
    /// The first bucket of the cache the next expiry sweep looks at.
    sweep: usize,
}

impl State {
    /// An empty HA state. Process context.
    pub(crate) fn new(cfg: Config) -> Result<Self> {
        let mut wheel = KVec::with_capacity(WHEEL, GFP_KERNEL)?;
        for _ in 0..WHEEL {
            wheel.push(KVec::new(), GFP_KERNEL)?;
        }
        Ok(State {
            cfg,
            prefixes: KVec::new(),
            acl: AddrMap::new(MAX_BINDINGS)?,
            cache: AddrMap::new(MAX_BINDINGS)?,
            wheel,
            tick: 0,
            sweep: 0,
        })
    }

    /// Drops every binding (teardown).
    pub(crate) fn clear(&mut self) {
        self.cache.clear();
        for slot in self.wheel.iter_mut() {
            slot.clear_all();
        }
    }

    /// Schedules `due` `ticks` ticks from now (at least one).
    fn schedule(&mut self, ticks: u32, due: Due) -> Result {
        let at = self.tick.wrapping_add(ticks.clamp(1, WHEEL as u32 - 1)) as usize % WHEEL;
        self.wheel[at].push(due, GFP_ATOMIC)?;
        Ok(())
    }

    /// Writes the configuration.
    pub(crate) fn fill(&self, w: &mut Writer<'_>) -> Result {
        use attr::inst as a;
        w.put_u32(a::MAX_LIFETIME, self.cfg.max_lifetime)?;
        w.put_u32(a::DAD_TIMEOUT_MS, self.cfg.dad_timeout_ms)?;
        w.put_u32(a::ACL_DEFAULT, self.cfg.acl_default)?;
        w.put_u32(a::BINDINGS, self.cache.len() as u32)
    }

    /// The prefix serving `hoa`.
    pub(crate) fn prefix_of(&self, hoa: &Addr) -> Option<&Prefix> {
        self.prefixes
            .iter()
            .find(|p| in_prefix(hoa, &p.prefix, p.plen))
    }

    /// Whether `a` is the HA address of a served prefix.
    pub(crate) fn is_ha_addr(&self, a: &Addr) -> bool {
        self.prefixes.iter().any(|p| &p.ha_addr == a)
    }

    /// The HA address of the served prefix whose DHAAD anycast address
    /// (RFC 2526 subnet anycast, RFC 6275 §10.5) is `dst`.
    pub(crate) fn anycast_owner(&self, dst: &Addr) -> Option<Addr> {
        self.prefixes
            .iter()
            .find(|p| p.plen == 64 && &mh::dhaad_anycast(&p.prefix) == dst)
            .map(|p| p.ha_addr)
    }

    /// Removes the binding of `hoa`.
    pub(crate) fn remove(&mut self, hoa: &Addr) -> Option<Binding> {
        self.cache.remove(hoa)
    }
}

/// What a BU asks for, parsed from the packet.
pub(crate) struct BuInfo<'a> {
    pub(crate) src: Addr,
    pub(crate) dst: Addr,
    pub(crate) hoa: Addr,
    pub(crate) bu: mh::BindingUpdate,
    pub(crate) mh: &'a mh::Mh<'a>,
}

/// What to send after a BU.
enum Answer {
    /// Nothing (a retransmission during DAD, a silent drop).
    None,
    /// A BA with this status and lifetime (units).
    Ba { status: u8, lifetime: u16, seq: u16 },
}

/// The key a BA is signed with (the BU was authenticated with it).
pub(crate) type Signer = Option<Arc<Key>>;

/// Processes a binding update for the HA.
pub(crate) fn receive_bu(inst: &Instance, rcu: &Rcu, in_dev: &NetDevice, bu: &BuInfo<'_>) {
    let Role::Ha(ha) = &inst.role else { return };
    let now = now_ns();
    let mut coa = bu.src;
    for (_, opt) in bu.mh.options.clone().flatten() {
        if let mh::MobOpt::AltCoa(a) = opt {
            coa = a;
        }
    }
    inst.stats.bu_rcvd.inc();
    let mut dad_start: Option<(i32, Addr, Option<Addr>)> = None;
    let mut event: Option<(u8, Binding)> = None;
    let mut signer: Signer = None;
    let answer = {
        let mut st = ha.lock();
        decide(
            &mut st,
            inst,
            bu,
            coa,
            now,
            &mut dad_start,
            &mut event,
            &mut signer,
        )
    };
    if let Some((ifindex, hoa, ll)) = dad_start {
        if let Some(dev) = NetDevice::get_by_index_rcu(rcu, in_dev.net(), ifindex) {
            let _ = ipv6::send_dad_ns(dev, &hoa);
            if let Some(ll) = ll {
                let _ = ipv6::send_dad_ns(dev, &ll);
            }
        }
    }
    if let Answer::Ba {
        status,
        lifetime,
        seq,
    } = answer
    {
        send::ba(
            inst,
            in_dev.net(),
            &bu.dst,
            &coa,
            &bu.hoa,
            status,
            seq,
            lifetime,
            signer.as_deref(),
        );
    }
    if let Some((c, b)) = event {
        netlink::notify_binding(in_dev.net(), c, &b, now);
    }
}

#[allow(clippy::too_many_arguments)]
fn decide(
    st: &mut State,
    inst: &Instance,
    bu: &BuInfo<'_>,
    coa: Addr,
    now: u64,
    dad_start: &mut Option<(i32, Addr, Option<Addr>)>,
    event: &mut Option<(u8, Binding)>,
    signer: &mut Signer,
) -> Answer {
    let seq = bu.bu.seq;
    let nack = |status: u8| Answer::Ba {
        status,
        lifetime: 0,
        seq,
    };
    let flags = bu.bu.flags;
    if flags & mh::BU_FLAG_H == 0 {
        // No route optimisation: only home registrations.
        inst.stats.bu_drop_misc.inc();
        return nack(mh::BA_PROHIBITED);
    }
    let Some(prefix) = st.prefix_of(&bu.hoa) else {
        return nack(mh::BA_NOT_HOME_SUBNET);
    };
    let (ifindex, ha_addr) = (prefix.ifindex, prefix.ha_addr);
    if !st.is_ha_addr(&bu.dst) {
        // Sent to another address of this host.
        return nack(mh::BA_NOT_HOME_AGENT);
    }
    let allow = st.cfg.acl_default == acl_policy::ALLOW;
    let spi = match st.acl.get_mut(&bu.hoa) {
        None if allow => 0,
        None => {
            inst.stats.bu_drop_misc.inc();
            return nack(mh::BA_PROHIBITED);
        }
        Some(acl) => match auth::check_bu(acl, bu) {
            Ok(Some((key, _))) => {
                let spi = key.spi;
                *signer = Some(key);
                spi
            }
            Ok(None) => 0,
            Err(status) => {
                inst.stats.bu_drop_auth.inc();
                return nack(status);
            }
        },
    };
    let existing = st.cache.get(&bu.hoa).copied();
    if let Some(b) = existing {
        if !mh::seq_newer(seq, b.seq) {
            inst.stats.bu_drop_misc.inc();
            return Answer::Ba {
                status: mh::BA_SEQ_OUT_OF_WINDOW,
                lifetime: 0,
                seq: b.seq,
            };
        }
    }
    let dereg = bu.bu.lifetime == 0 || coa == bu.hoa;
    if dereg {
        return match st.remove(&bu.hoa) {
            Some(b) => {
                *event = Some((cmd::BINDING_DEL_NTF, b));
                Answer::Ba {
                    status: mh::BA_ACCEPTED,
                    lifetime: 0,
                    seq,
                }
            }
            None => nack(mh::BA_NOT_HOME_AGENT),
        };
    }
    if !is_unicast(&coa) {
        inst.stats.bu_drop_invalid.inc();
        return nack(mh::BA_INVALID_COA);
    }
    let asked = mh::lifetime_secs(bu.bu.lifetime);
    let lifetime = asked.min(st.cfg.max_lifetime);
    let units = mh::lifetime_units(lifetime);
    let lifetime = mh::lifetime_secs(units);
    match existing {
        Some(mut b) => {
            b.coa = coa;
            b.seq = seq;
            b.flags = flags;
            b.lifetime = lifetime;
            b.spi = spi;
            if b.state == state::DAD {
                // A retransmission while DAD runs: the BA comes when it ends,
                // with this sequence number.
                let _ = st.cache.insert(b);
                return Answer::None;
            }
            b.deadline = now + u64::from(lifetime) * 1_000_000_000;
            let _ = st.cache.insert(b);
            *event = Some((cmd::BINDING_CHANGE_NTF, b));
            Answer::Ba {
                status: mh::BA_ACCEPTED,
                lifetime: units,
                seq,
            }
        }
        None => {
            let b = Binding {
                hoa: bu.hoa,
                coa,
                ha_addr,
                ifindex,
                lifetime,
                deadline: now + u64::from(st.cfg.dad_timeout_ms) * 1_000_000,
                seq,
                flags,
                state: state::DAD,
                conflict: false,
                nas_left: 0,
                spi,
            };
            // The DAD wait, in ticks, rounded up.
            let wait = st.cfg.dad_timeout_ms.div_ceil(100);
            if st.cache.insert(b).is_err() || st.schedule(wait, Due::Dad(b.hoa)).is_err() {
                st.cache.remove(&b.hoa);
                inst.stats.bu_drop_misc.inc();
                return nack(mh::BA_INSUFFICIENT_RESOURCES);
            }
            *dad_start = Some((ifindex, b.hoa, b.link_local()));
            Answer::None
        }
    }
}

/// Whether `a` can be a care-of address: global or unique-local unicast.
fn is_unicast(a: &Addr) -> bool {
    a[0] != 0xff
        && *a != ipv6::UNSPECIFIED
        && a[..15] != [0; 15]
        && !(a[0] == 0xfe && a[1] & 0xc0 == 0x80)
}

/// A neighbour solicitation or advertisement seen on a home link.
pub(crate) enum NdSeen {
    /// NS for `target` from `src` (`::` for DAD).
    Ns { target: Addr, src: Addr },
    /// NA for `target`.
    Na { target: Addr },
}

/// Handles ND on a home link: defends and proxies bound home addresses,
/// notes DAD conflicts. Returns whether the packet was for the HA.
pub(crate) fn neighbour(inst: &Instance, dev: &NetDevice, nd: NdSeen) -> bool {
    let Role::Ha(ha) = &inst.role else {
        return false;
    };
    let ifindex = dev.ifindex();
    let target = match &nd {
        NdSeen::Ns { target, .. } | NdSeen::Na { target } => *target,
    };
    let mut st = ha.lock();
    if let NdSeen::Ns { src, .. } = &nd {
        // The home agents' anycast address of a prefix served on this link.
        let anycast = st.prefixes.iter().any(|p| {
            p.ifindex == ifindex && p.plen == 64 && mh::dhaad_anycast(&p.prefix) == target
        });
        if anycast && *src != ipv6::UNSPECIFIED {
            drop(st);
            // An anycast address: Override clear (RFC 4861 §7.2.7).
            ipv6::send_na(dev, src, &target, true, true, false);
            return true;
        }
    }
    let key = if st.cache.get(&target).is_some() {
        target
    } else {
        // A link-local address proxied for an L-flag binding.
        match link_local_owner(&st, &target) {
            Some(k) => k,
            None => return false,
        }
    };
    let Some(b) = st.cache.get_mut(&key) else {
        return false;
    };
    if b.ifindex != ifindex {
        return false;
    }
    match nd {
        NdSeen::Na { .. } => {
            if b.state == state::DAD {
                b.conflict = true;
            }
            false
        }
        NdSeen::Ns { src, .. } => {
            if b.state == state::DAD {
                if src == ipv6::UNSPECIFIED {
                    // Someone else probes the same address.
                    b.conflict = true;
                }
                return false;
            }
            drop(st);
            if src == ipv6::UNSPECIFIED {
                // Defend the address against another node's DAD.
                ipv6::send_na(dev, &ALL_NODES, &target, false, false, false);
            } else {
                // A solicited proxy NA: Override clear (RFC 4861 §7.2.8).
                ipv6::send_na(dev, &src, &target, false, true, false);
            }
            true
        }
    }
}

fn link_local_owner(st: &State, ll: &Addr) -> Option<Addr> {
    if ll[0] != 0xfe || ll[1] != 0x80 {
        return None;
    }
    // Bindings with L set own fe80::IID; find one by the prefixes served.
    for p in st.prefixes.iter() {
        let mut hoa = p.prefix;
        hoa[8..].copy_from_slice(&ll[8..]);
        if let Some(b) = st.cache.get(&hoa) {
            if b.flags & mh::BU_FLAG_L != 0 {
                return Some(hoa);
            }
        }
    }
    None
}

/// The timer: DAD completions, unsolicited NAs, expiry.
pub(crate) fn tick(inst: &Instance, dev: &Device<crate::device::Tunnel>, tick: u32, rcu: &Rcu) {
    let Role::Ha(ha) = &inst.role else { return };
    let now = now_ns();
    let net = dev.net();
    let mut done: KVec<(Binding, bool, Signer)> = KVec::new();
    let mut nas: KVec<Binding> = KVec::new();
    let mut expired: KVec<Binding> = KVec::new();
    {
        let mut guard = ha.lock();
        let st = &mut *guard;
        st.tick = tick;
        let slot = tick as usize % WHEEL;
        let due = core::mem::replace(&mut st.wheel[slot], KVec::new());
        let mut handled = 0;
        for d in due.iter().copied() {
            if handled == BATCH {
                // Later, in order.
                let _ = st.schedule(1, d);
                continue;
            }
            match d {
                Due::Dad(hoa) => {
                    let Some(b) = st.cache.get_mut(&hoa) else {
                        continue;
                    };
                    if b.state != state::DAD {
                        continue;
                    }
                    if b.deadline > now {
                        // Scheduled early by rounding, or renewed.
                        let _ = st.schedule(1, d);
                        continue;
                    }
                    handled += 1;
                    let signer = st.acl.get(&hoa).and_then(|a| a.key.clone());
                    let Some(b) = st.cache.get_mut(&hoa) else {
                        continue;
                    };
                    if b.conflict {
                        let b = *b;
                        st.cache.remove(&hoa);
                        let _ = done.push((b, false, signer), GFP_ATOMIC);
                    } else {
                        b.state = state::ACTIVE;
                        b.deadline = now + u64::from(b.lifetime) * 1_000_000_000;
                        b.nas_left = UNSOLICITED_NAS;
                        let _ = done.push((*b, true, signer), GFP_ATOMIC);
                        let _ = st.schedule(0, Due::Na(hoa));
                    }
                }
                Due::Na(hoa) => {
                    let Some(b) = st.cache.get_mut(&hoa) else {
                        continue;
                    };
                    if b.state != state::ACTIVE || b.nas_left == 0 {
                        continue;
                    }
                    handled += 1;
                    b.nas_left -= 1;
                    let (b, more) = (*b, b.nas_left > 0);
                    let _ = nas.push(b, GFP_ATOMIC);
                    if more {
                        // One a second (RFC 6275 §10.4.1).
                        let _ = st.schedule(EXPIRY_TICKS, Due::Na(hoa));
                    }
                }
            }
        }
        drop(due);
        // Expiry: a tenth of the cache per tick, all of it each second, so
        // that the lock is never held for a sweep of every binding.
        let step = st.cache.buckets().div_ceil(EXPIRY_TICKS as usize);
        st.sweep = st.cache.retain_range(
            st.sweep,
            step,
            |b| !(b.state == state::ACTIVE && b.deadline <= now),
            |b| {
                let _ = expired.push(b, GFP_ATOMIC);
            },
        );
    }
    for (b, ok, signer) in done.iter() {
        let (status, units) = if *ok {
            (mh::BA_ACCEPTED, mh::lifetime_units(b.lifetime))
        } else {
            inst.stats.dad_failures.inc();
            (mh::BA_DAD_FAILED, 0)
        };
        let (ha_addr, coa, hoa) = (&b.ha_addr, &b.coa, &b.hoa);
        send::ba(
            inst,
            net,
            ha_addr,
            coa,
            hoa,
            status,
            b.seq,
            units,
            signer.as_deref(),
        );
        if *ok {
            crate::netlink::notify_binding(net, cmd::BINDING_NEW_NTF, b, now);
        }
    }
    for b in nas.iter() {
        if let Some(link) = NetDevice::get_by_index_rcu(rcu, net, b.ifindex) {
            // Interception starts: Override set (RFC 6275 §10.4.1).
            ipv6::send_na(link, &ALL_NODES, &b.hoa, false, false, true);
            if let Some(ll) = b.link_local() {
                ipv6::send_na(link, &ALL_NODES, &ll, false, false, true);
            }
        }
    }
    for b in expired.iter() {
        crate::netlink::notify_binding(net, cmd::BINDING_DEL_NTF, b, now);
    }
}

/// A DHAAD request to `dst`: the HA address to answer from, if `dst` is the
/// anycast address of a served prefix.
pub(crate) fn dhaad(inst: &Instance, dst: &Addr) -> Option<Addr> {
    let Role::Ha(ha) = &inst.role else {
        return None;
    };
    let st = ha.lock();
    st.anycast_owner(dst)
}

/// The care-of address and HA address for traffic to `dst`, if it is an
/// active binding's home address.
pub(crate) fn route(inst: &Instance, dst: &Addr) -> Option<(Addr, Addr)> {
    let Role::Ha(ha) = &inst.role else {
        return None;
    };
    let st = ha.lock();
    let b = st.cache.get(dst)?;
    (b.state == state::ACTIVE).then_some((b.coa, b.ha_addr))
}

/// The home address bound to care-of address `coa`, if the binding is
/// active (reverse tunnel check: the inner source must be it).
pub(crate) fn check_reverse(inst: &Instance, coa: &Addr, inner_src: &Addr) -> bool {
    let Role::Ha(ha) = &inst.role else {
        return false;
    };
    let st = ha.lock();
    matches!(st.cache.get(inner_src), Some(b) if b.state == state::ACTIVE && &b.coa == coa)
}
