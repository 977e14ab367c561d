// SPDX-License-Identifier: GPL-2.0

//! A MAP device's configuration (rules, BR address, end-user prefix),
//! what it derives from them (`lib/mape`), and its counters.

use crate::mape::{self, Derived, Ipv4, Rule};
use crate::nat::Snat;
use crate::netlink_gen::{attr::dev as a, mode};
use crate::support::genl::Writer;
use crate::support::ipv6::{Addr, DstCache};
use crate::support::nat;
use crate::support::netdev::Device;
use crate::support::sync::SpinLockBh;
use core::sync::atomic::{AtomicU64, Ordering::Relaxed};
use kernel::alloc::KVec;
use kernel::prelude::*;

/// Most rules a device holds (OCN circulates 428, BIGLOBE 258).
pub(crate) const MAX_RULES: usize = 1024;

crate::counters! {
    /// The device's counters (`tx-encap` and `rx-decap` are the device's
    /// packet counts: see [`Map::fill_counters`]).
    Stats in crate::netlink_gen::attr::dev {
    tx_fmr => TX_FMR,
    nat_new => NAT_NEW,
    nat_exhausted => NAT_EXHAUSTED,
    drop_tx_port => DROP_TX_PORT,
    drop_tx_no_route => DROP_TX_NO_ROUTE,
    drop_tx_frag => DROP_TX_FRAG,
    drop_rx_spoof => DROP_RX_SPOOF,
    drop_rx_port => DROP_RX_PORT,
    drop_rx_malformed => DROP_RX_MALFORMED,
    icmp_errors => ICMP_ERRORS,
    pmtu_updates => PMTU_UPDATES,
    drop_tx_too_big => DROP_TX_TOO_BIG,
    }
}

/// The configuration and derived parameters, under the device's lock.
pub(crate) struct State {
    /// The BR's address (CE: where traffic no FMR covers goes; BR: its own).
    pub(crate) br: Addr,
    /// CE: the end-user prefix and its length.
    pub(crate) end_user: Option<(Addr, u8)>,
    /// The tunnel encapsulation limit option to send, if any.
    pub(crate) encap_limit: Option<u8>,
    pub(crate) rules: KVec<Rule>,
    /// CE: what the BMR gives for the end-user prefix.
    pub(crate) derived: Option<Derived>,
    /// CE: an IPv4 address that connections were bound to before the
    /// derived parameters changed, whose bindings are to go.
    pub(crate) stale_nat: Option<Ipv4>,
}

impl State {
    /// Recomputes the derived parameters; returns whether they changed.
    pub(crate) fn rederive(&mut self) -> bool {
        let new = self
            .end_user
            .and_then(|(p, l)| mape::derive(&p, l, &self.rules).ok());
        let changed = new != self.derived;
        if changed {
            if let Some(old) = &self.derived {
                self.stale_nat = Some(old.ipv4);
            }
        }
        self.derived = new;
        changed
    }
}

/// Private data of a MAP device.
pub(crate) struct Map {
    /// `mode::CE` or `mode::BR`, fixed at creation.
    pub(crate) mode: u32,
    /// The underlying IPv6 link.
    pub(crate) link: i32,
    pub(crate) state: Pin<KBox<SpinLockBh<State>>>,
    pub(crate) stats: Stats,
    /// The device's sent and received packet counts at the last reset.
    pub(crate) carried_base: [AtomicU64; 2],
    /// CE: the port mapping's NAT function in the device's namespace
    /// (`None` on a kernel without NAT).
    pub(crate) nat: Option<nat::Registration<Snat>>,
    /// CE: the route to the BR (reset when the BR or CE address changes).
    pub(crate) br_route: Option<DstCache>,
}

impl Map {
    /// Whether the device is a CE.
    pub(crate) fn is_ce(&self) -> bool {
        self.mode == mode::CE
    }

    /// Deletes the connections bound through `dev` to an address it no
    /// longer has (`all`: to its current one too, the device going away).
    /// Process context.
    /// The configuration changed: routes and bindings that depended on it go.
    /// Process context.
    pub(crate) fn config_changed(dev: &Device<Map>) {
        if let Some(c) = &dev.data().br_route {
            c.reset();
        }
        Map::flush_nat(dev, false);
    }

    pub(crate) fn flush_nat(dev: &Device<Map>, all: bool) {
        let map = dev.data();
        let (stale, current) = {
            let mut st = map.state.lock();
            (st.stale_nat.take(), st.derived.as_ref().map(|d| d.ipv4))
        };
        if map.nat.is_none() {
            return;
        }
        for addr in [stale, current.filter(|_| all)].into_iter().flatten() {
            nat::flush(dev.net(), addr);
        }
    }

    /// Writes the counters. Packets encapsulated and decapsulated are the
    /// device's own (per-CPU) packet counts since the last reset, not
    /// counters of their own: nothing shared is written per packet.
    pub(crate) fn fill_counters(&self, dev: &Device<Map>, w: &mut Writer<'_>) -> Result {
        let s = dev.stats();
        let [tx0, rx0] = &self.carried_base;
        w.put_uint(
            a::TX_ENCAP,
            s.tx_packets().saturating_sub(tx0.load(Relaxed)),
        )?;
        w.put_uint(
            a::RX_DECAP,
            s.rx_packets().saturating_sub(rx0.load(Relaxed)),
        )?;
        self.stats.fill(w)
    }

    /// Sets every counter back to zero.
    pub(crate) fn reset_counters(&self, dev: &Device<Map>) {
        let s = dev.stats();
        let [tx0, rx0] = &self.carried_base;
        tx0.store(s.tx_packets(), Relaxed);
        rx0.store(s.rx_packets(), Relaxed);
        self.stats.reset();
    }

    /// Writes the configuration and derived parameters (not the device's
    /// names and counters).
    pub(crate) fn fill(&self, w: &mut Writer<'_>) -> Result {
        w.put_u32(a::MODE, self.mode)?;
        w.put_u32(a::LINK_IFINDEX, self.link as u32)?;
        let st = self.state.lock();
        w.put_bytes(a::BR_ADDR, &st.br)?;
        if let Some((p, l)) = st.end_user {
            w.put_bytes(a::END_USER_PREFIX, &p)?;
            w.put_u32(a::END_USER_PREFIX_LEN, l.into())?;
        }
        if let Some(l) = st.encap_limit {
            w.put_u32(a::ENCAP_LIMIT, l.into())?;
        }
        if let Some(d) = &st.derived {
            w.put_bytes(a::IPV4_ADDR, &d.ipv4)?;
            w.put_u32(a::PSID, d.psid.into())?;
            w.put_u32(a::PSID_LEN, d.rule.psid_len().into())?;
            w.put_u32(a::PSID_OFFSET, d.rule.psid_offset().into())?;
            w.put_u32(a::PORTS, d.port_set.count())?;
            w.put_bytes(a::CE_ADDR, &d.ce_address)?;
        }
        w.put_u32(a::RULES, st.rules.len() as u32)
    }
}
