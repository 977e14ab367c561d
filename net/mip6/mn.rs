// SPDX-License-Identifier: GPL-2.0

//! The mobile node (RFC 6275 §11): movement detection from router
//! advertisements, the binding update list (one entry: the home agent),
//! binding update transmission and retransmission, BA processing, return
//! home.

use crate::auth::{self, Key};
use crate::device::Tunnel;
use crate::ha::{in_prefix, mask, now_ns};
use crate::inst::{Instance, Role};
use crate::mh;
use crate::netlink;
use crate::netlink_gen::{attr, cmd, state};
use crate::send;
use crate::support::genl::Writer;
use crate::support::ipv6::{self, Addr};
use crate::support::net::Rcu;
use crate::support::netdev::{Device, NetDevice};
use kernel::prelude::*;
use kernel::sync::Arc;

/// Default lifetime asked for, in seconds.
pub(crate) const DEFAULT_LIFETIME: u32 = 1000;
/// First retransmission timeout of a first home registration (ms), long
/// enough for the HA's DAD (RFC 6275 §11.8 InitialBindackTimeoutFirstReg).
const FIRST_REG_TIMEOUT_MS: u32 = 1500;
/// First retransmission timeout otherwise (INITIAL_BINDACK_TIMEOUT).
const INITIAL_TIMEOUT_MS: u32 = 1000;
/// First DHAAD retransmission timeout (INITIAL_DHAAD_TIMEOUT), doubling
/// up to DHAAD_RETRIES (4) times, then staying there.
const INITIAL_DHAAD_TIMEOUT_MS: u32 = 3000;
const MAX_DHAAD_TIMEOUT_MS: u32 = INITIAL_DHAAD_TIMEOUT_MS << 4;
/// Longest retransmission timeout (MAX_BINDACK_TIMEOUT).
pub(crate) const MAX_TIMEOUT_MS: u32 = 32_000;

/// MN configuration.
pub(crate) struct Config {
    pub(crate) link_ifindex: i32,
    pub(crate) hoa: Addr,
    pub(crate) plen: u32,
    pub(crate) ha: Addr,
    /// Lifetime asked for, in seconds.
    pub(crate) lifetime: u32,
    /// RFC 4285 MN-HA key: BUs are signed with it, BAs must be.
    pub(crate) key: Option<Arc<Key>>,
}

/// The binding update list entry (for the HA).
#[derive(Clone, Copy)]
pub(crate) struct Bul {
    pub(crate) coa: Addr,
    /// Sequence number of the last BU sent.
    pub(crate) seq: u16,
    pub(crate) state: u32,
    /// Lifetime granted (active) or asked (registering), seconds.
    pub(crate) lifetime: u32,
    /// Expiry of the binding, monotonic ns (active).
    pub(crate) expires: u64,
    /// Next BU (retransmission or refresh), monotonic ns.
    pub(crate) next: u64,
    /// Current retransmission timeout, ms.
    pub(crate) delay_ms: u32,
}

/// The MN's state, under the instance's lock.
pub(crate) struct State {
    pub(crate) cfg: Config,
    pub(crate) at_home: bool,
    pub(crate) coa: Option<Addr>,
    /// The last router advertisement on the link: a foreign prefix it
    /// announced, and whether it announced the home prefix.
    ra_prefix: Option<(Addr, u8)>,
    ra_home: bool,
    /// The router that sent it (its link-local address).
    ra_router: Addr,
    ra_seen: bool,
    pub(crate) bul: Option<Bul>,
    /// Next sequence number.
    next_seq: u16,
    /// A binding was ever acknowledged (later registrations are not first).
    registered_once: bool,
    /// DHAAD (the HA was configured as `::`): identifier of the request in
    /// flight, when to send the next, and its timeout.
    dhaad_id: u16,
    dhaad_next: u64,
    dhaad_delay_ms: u32,
}

impl State {
    /// A new MN state: at home until a router advertisement says otherwise.
    pub(crate) fn new(cfg: Config) -> Self {
        State {
            cfg,
            at_home: true,
            coa: None,
            ra_prefix: None,
            ra_home: false,
            ra_router: ipv6::UNSPECIFIED,
            ra_seen: false,
            bul: None,
            next_seq: 0,
            registered_once: false,
            dhaad_id: 0,
            dhaad_next: 0,
            dhaad_delay_ms: INITIAL_DHAAD_TIMEOUT_MS,
        }
    }

    /// Forgets the binding (teardown).
    pub(crate) fn clear(&mut self) {
        self.bul = None;
    }

    /// Writes the configuration.
    pub(crate) fn fill(&self, w: &mut Writer<'_>, rcu: &Rcu, inst: &Instance) -> Result {
        use attr::inst as a;
        w.put_u32(a::LINK_IFINDEX, self.cfg.link_ifindex as u32)?;
        if let Some(dev) = inst.tdev.get(rcu) {
            if let Some(link) = NetDevice::get_by_index_rcu(rcu, dev.net(), self.cfg.link_ifindex) {
                w.put_str(a::LINK_NAME, link.name())?;
            }
        }
        w.put_bytes(a::HOME_ADDR, &self.cfg.hoa)?;
        w.put_u32(a::HOME_PREFIX_LEN, self.cfg.plen)?;
        w.put_bytes(a::HA_ADDR, &self.cfg.ha)?;
        if let (false, Some(coa)) = (self.at_home, self.coa) {
            w.put_bytes(a::COA, &coa)?;
        }
        w.put_u32(a::AT_HOME, self.at_home.into())?;
        w.put_u32(a::LIFETIME, self.cfg.lifetime)?;
        w.put_u32(a::AUTH, self.cfg.key.is_some().into())?;
        w.put_u32(a::BINDINGS, self.bul.is_some().into())
    }

    /// Writes the binding update list entry.
    pub(crate) fn fill_bul(&self, w: &mut Writer<'_>, now: u64) -> Result {
        use attr::binding as a;
        let Some(b) = self.bul else { return Ok(()) };
        w.put_bytes(a::HOME_ADDR, &self.cfg.hoa)?;
        w.put_bytes(a::COA, &b.coa)?;
        w.put_bytes(a::HA_ADDR, &self.cfg.ha)?;
        w.put_u32(a::LINK_IFINDEX, self.cfg.link_ifindex as u32)?;
        w.put_u32(a::LIFETIME, b.lifetime)?;
        let expires = if b.state == state::ACTIVE {
            b.expires.saturating_sub(now) / 1_000_000_000
        } else {
            u64::from(b.lifetime)
        };
        w.put_u32(a::EXPIRES, expires as u32)?;
        w.put_u32(a::SEQ, b.seq.into())?;
        w.put_u32(a::FLAGS, u32::from(mh::BU_FLAG_A | mh::BU_FLAG_H))?;
        w.put_u32(a::STATE, b.state)?;
        w.put_u32(a::DELAY, b.delay_ms)?;
        w.put_u32(a::MAX_DELAY, MAX_TIMEOUT_MS)?;
        w.put_u32(
            a::CALLBACK,
            (b.next.saturating_sub(now) / 1_000_000_000) as u32,
        )
    }

    /// Whether traffic from the home address goes through the tunnel, and
    /// the care-of address it leaves from.
    pub(crate) fn tunnel_src(&self) -> Option<Addr> {
        if self.at_home || self.bul.is_none() {
            return None;
        }
        self.coa
    }
}

/// A router advertisement on the MN's link: its prefixes.
pub(crate) fn router_advert(inst: &Instance, router: &Addr, prefixes: &[(Addr, u8, bool)]) {
    let Role::Mn(mn) = &inst.role else { return };
    let mut st = mn.lock();
    let (hoa, plen) = (st.cfg.hoa, st.cfg.plen);
    st.ra_seen = true;
    st.ra_router = *router;
    st.ra_home = prefixes
        .iter()
        .any(|(p, l, _)| u32::from(*l) == plen && in_prefix(&hoa, p, plen));
    st.ra_prefix = prefixes
        .iter()
        .find(|(p, _, autonomous)| *autonomous && !in_prefix(p, &hoa, plen))
        .map(|(p, l, _)| (*p, *l));
}

/// What the tick decided to send.
struct Send {
    coa: Addr,
    seq: u16,
    lifetime: u16,
    home: bool,
}

/// The timer: movement detection, BU (re)transmission, refresh.
pub(crate) fn tick(inst: &Instance, dev: &Device<Tunnel>, rcu: &Rcu) {
    let Role::Mn(mn) = &inst.role else { return };
    let net = dev.net();
    let now = now_ns();
    let mut out: Option<Send> = None;
    let mut dhaad: Option<(Addr, Addr, u16)> = None;
    let mut moved = false;
    let mut router = ipv6::UNSPECIFIED;
    let (hoa, ha, key) = {
        let mut guard = mn.lock();
        let st = &mut *guard;
        let link = NetDevice::get_by_index_rcu(rcu, net, st.cfg.link_ifindex);
        if st.ra_seen {
            if st.ra_home {
                if !st.at_home {
                    st.at_home = true;
                    moved = true;
                    if let Some(b) = st.bul.as_mut() {
                        // Deregister from home (RFC 6275 §11.5.4).
                        b.state = state::DEREGISTERING;
                        b.delay_ms = INITIAL_TIMEOUT_MS;
                        b.next = now;
                    }
                }
            } else if let (Some((p, l)), Some(link)) = (st.ra_prefix, link) {
                let current = st.coa.filter(|c| in_prefix(c, &p, l.into()));
                if st.at_home || current.is_none() {
                    if let Some(coa) = ipv6::dev_prefix_addr(link, &p, l.into()) {
                        // The home prefix is not on-link away from home: a
                        // route learnt there would swallow the BUs to the HA.
                        let mut home = st.cfg.hoa;
                        mask(&mut home, st.cfg.plen);
                        ipv6::del_ra_prefix_route(link, &home, st.cfg.plen as u8);
                        st.coa = Some(coa);
                        st.at_home = false;
                        moved = true;
                        let first = !st.registered_once;
                        st.bul = Some(Bul {
                            coa,
                            seq: st.next_seq,
                            state: state::REGISTERING,
                            lifetime: st.cfg.lifetime,
                            expires: 0,
                            next: now,
                            delay_ms: if first {
                                FIRST_REG_TIMEOUT_MS
                            } else {
                                INITIAL_TIMEOUT_MS
                            },
                        });
                    }
                }
            }
        }
        if moved {
            router = st.ra_router;
        }
        let lifetime_units = mh::lifetime_units(st.cfg.lifetime);
        if st.cfg.ha == ipv6::UNSPECIFIED {
            // The HA is found by DHAAD once away (RFC 6275 §11.4.1); BUs
            // wait for it.
            if let (false, Some(coa)) = (st.at_home, st.coa) {
                if now >= st.dhaad_next {
                    st.dhaad_id = st.dhaad_id.wrapping_add(1);
                    let mut prefix = st.cfg.hoa;
                    mask(&mut prefix, st.cfg.plen);
                    dhaad = Some((coa, mh::dhaad_anycast(&prefix), st.dhaad_id));
                    st.dhaad_next = now + u64::from(st.dhaad_delay_ms) * 1_000_000;
                    st.dhaad_delay_ms = (st.dhaad_delay_ms * 2).min(MAX_DHAAD_TIMEOUT_MS);
                }
            }
        } else if let Some(b) = st.bul.as_mut() {
            if b.state == state::ACTIVE && now >= b.expires {
                // Expired without a refresh getting through: start again.
                b.state = state::REGISTERING;
                b.delay_ms = INITIAL_TIMEOUT_MS;
                b.next = now;
            }
            if now >= b.next {
                let seq = st.next_seq;
                st.next_seq = seq.wrapping_add(1);
                b.seq = seq;
                let home = b.state == state::DEREGISTERING;
                if b.state == state::ACTIVE {
                    // Refresh before expiry.
                    b.state = state::REGISTERING;
                    b.delay_ms = INITIAL_TIMEOUT_MS;
                }
                let wait = b.delay_ms;
                b.next = now + u64::from(wait) * 1_000_000;
                b.delay_ms = (wait * 2).min(MAX_TIMEOUT_MS);
                out = Some(Send {
                    coa: b.coa,
                    seq,
                    lifetime: if home { 0 } else { lifetime_units },
                    home,
                });
            }
        }
        (st.cfg.hoa, st.cfg.ha, st.cfg.key.clone())
    };
    if moved {
        // The previous link's router is gone: without this, its default
        // route would carry the BUs until neighbour unreachability
        // detection gave up on it, seconds later (RFC 6275 §11.5.3).
        let link = NetDevice::get_by_index_rcu(rcu, net, mn.lock().cfg.link_ifindex);
        if let Some(link) = link {
            ipv6::del_ra_default_routes(link, &router);
        }
        inst.stats.movements.inc();
        netlink::notify_move(inst, net, rcu);
    }
    if let Some((coa, anycast, id)) = dhaad {
        send::dhaad_request(inst, net, &coa, &anycast, id);
    }
    if let Some(s) = out {
        let flags = mh::BU_FLAG_A | mh::BU_FLAG_H;
        let bu = mh::BindingUpdate {
            seq: s.seq,
            flags,
            lifetime: s.lifetime,
        };
        let key = key.as_deref();
        if s.home {
            send::bu(inst, net, &hoa, &ha, &hoa, &bu, false, key);
        } else {
            send::bu(inst, net, &s.coa, &ha, &hoa, &bu, true, key);
        }
    }
}

/// A binding acknowledgement received, with what authenticates it.
pub(crate) struct BaInfo<'a> {
    /// The HA (the packet's source).
    pub(crate) src: Addr,
    /// The care-of (or, at home, home) address it was sent to.
    pub(crate) dst: Addr,
    pub(crate) ba: mh::BindingAck,
    pub(crate) mh: &'a mh::Mh<'a>,
}

/// A binding acknowledgement from `ba.src` for the MN.
pub(crate) fn receive_ba(inst: &Instance, rcu: &Rcu, ba: &BaInfo<'_>) {
    let Role::Mn(mn) = &inst.role else { return };
    let now = now_ns();
    let event: Option<u8>;
    let (src, ba, msg) = (&ba.src, &ba.ba, ba);
    {
        let mut st = mn.lock();
        if src != &st.cfg.ha {
            inst.stats.ba_drop_misc.inc();
            return;
        }
        if let Some(key) = &st.cfg.key {
            // RFC 4285: an accepted BA, or one that moves the sequence
            // number, must be the HA's (refusals before the HA found the
            // key cannot be signed; they change nothing here).
            let needs = ba.status < 128 || ba.status == mh::BA_SEQ_OUT_OF_WINDOW;
            if needs && !auth::check_ba(key, &msg.dst, &st.cfg.hoa, msg.mh) {
                inst.stats.ba_drop_auth.inc();
                return;
            }
        }
        let Some(mut b) = st.bul else {
            inst.stats.ba_drop_misc.inc();
            return;
        };
        if ba.status == mh::BA_SEQ_OUT_OF_WINDOW {
            // Resynchronise on the last accepted number and resend now.
            inst.stats.ba_nack_rcvd.inc();
            st.next_seq = ba.seq.wrapping_add(1);
            b.next = now;
            st.bul = Some(b);
            return;
        }
        if ba.seq != b.seq {
            inst.stats.ba_drop_misc.inc();
            return;
        }
        if ba.status >= 128 {
            inst.stats.ba_nack_rcvd.inc();
            if b.state == state::DEREGISTERING {
                // The HA has no binding to remove (133): nothing left to do.
                st.bul = None;
            }
            // Otherwise keep retrying with the backoff already scheduled.
            return;
        }
        inst.stats.ba_rcvd.inc();
        if b.state == state::DEREGISTERING {
            st.bul = None;
            event = Some(cmd::BINDING_DEL_NTF);
        } else {
            let granted = mh::lifetime_secs(ba.lifetime);
            let new = b.state == state::REGISTERING && !st.registered_once;
            b.state = state::ACTIVE;
            b.lifetime = granted;
            b.expires = now + u64::from(granted) * 1_000_000_000;
            // Refresh when 80% of the lifetime has passed.
            b.next = now + u64::from(granted) * 800_000_000;
            b.delay_ms = INITIAL_TIMEOUT_MS;
            st.bul = Some(b);
            st.registered_once = true;
            event = Some(if new {
                cmd::BINDING_NEW_NTF
            } else {
                cmd::BINDING_CHANGE_NTF
            });
        }
    }
    if let (Some(c), Some(dev)) = (event, inst.tdev.get(rcu)) {
        netlink::notify_bul(inst, dev.net(), c, now);
    }
}

/// A DHAAD reply with identifier `id` naming `ha` first: the HA to
/// register with. Returns whether the reply was for this MN.
pub(crate) fn dhaad_reply(inst: &Instance, id: u16, ha: &Addr) -> bool {
    let Role::Mn(mn) = &inst.role else {
        return false;
    };
    let mut st = mn.lock();
    if st.cfg.ha != ipv6::UNSPECIFIED || id != st.dhaad_id {
        return false;
    }
    inst.stats.dhaad_rcvd.inc();
    st.cfg.ha = *ha;
    st.dhaad_delay_ms = INITIAL_DHAAD_TIMEOUT_MS;
    if let Some(b) = st.bul.as_mut() {
        b.next = now_ns();
    }
    true
}

/// A binding refresh request: send a BU now.
pub(crate) fn receive_brr(inst: &Instance) {
    let Role::Mn(mn) = &inst.role else { return };
    let mut st = mn.lock();
    if let Some(b) = st.bul.as_mut() {
        b.next = now_ns();
    }
}

/// Whether `dst` is the MN's home address and `outer_src` its HA (for
/// decapsulation).
pub(crate) fn check_tunnel(inst: &Instance, outer_src: &Addr, inner_dst: &Addr) -> bool {
    let Role::Mn(mn) = &inst.role else {
        return false;
    };
    let st = mn.lock();
    outer_src == &st.cfg.ha && inner_dst == &st.cfg.hoa
}

/// The home address and the home prefix length.
pub(crate) fn home(inst: &Instance) -> Option<(Addr, u32)> {
    let Role::Mn(mn) = &inst.role else {
        return None;
    };
    let st = mn.lock();
    Some((st.cfg.hoa, st.cfg.plen))
}

/// The home address, the HA, and the care-of address to tunnel from when
/// away.
pub(crate) fn addrs(inst: &Instance) -> Option<(Addr, Addr, Option<Addr>, i32)> {
    let Role::Mn(mn) = &inst.role else {
        return None;
    };
    let st = mn.lock();
    Some((st.cfg.hoa, st.cfg.ha, st.tunnel_src(), st.cfg.link_ifindex))
}
