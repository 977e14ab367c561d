// SPDX-License-Identifier: GPL-2.0

//! A 6bed4 device's shared state: its role and configuration, its
//! counters, the device it serves, and (peer) what the router gave it. The
//! UDP socket's handler and the timer are this object.

use super::netlink_gen::attr::dev as a;
use super::proto::{Ipv4, Ipv6};
use crate::support::genl::Writer;
use crate::support::net::Rcu;
use crate::support::netdev::DevicePtr;
use crate::support::sync::SpinLockBh;
use crate::support::timer::{Timer, TimerCallback};
use crate::support::udp_tunnel::{Datagram, Handler};
use kernel::prelude::*;
use kernel::sync::Arc;

crate::counters! {
    /// The device's counters.
    Stats in super::netlink_gen::attr::dev {
    rx_keepalive => RX_KEEPALIVE,
    rs_rcvd => RS_RCVD,
    ra_sent => RA_SENT,
    ra_unsolicited => RA_UNSOLICITED,
    drop_malformed => DROP_MALFORMED,
    drop_multicast => DROP_MULTICAST,
    drop_spoof_prefix => DROP_SPOOF_PREFIX,
    drop_spoof_port => DROP_SPOOF_PORT,
    drop_spoof_ipv4 => DROP_SPOOF_IPV4,
    drop_nd => DROP_ND,
    drop_tx_native => DROP_TX_NATIVE,
    drop_tx_no_route => DROP_TX_NO_ROUTE,
    proxy_na => PROXY_NA,
    rs_sent => RS_SENT,
    ra_rcvd => RA_RCVD,
    keepalive_sent => KEEPALIVE_SENT,
    address_changes => ADDRESS_CHANGES,
    }
}

/// Router configuration.
pub(crate) struct RouterCfg {
    /// The /64 served.
    pub(crate) prefix64: [u8; 8],
}

/// Peer configuration.
pub(crate) struct PeerCfg {
    pub(crate) router: (Ipv4, u16),
    /// Seconds between keepalives (0: none).
    pub(crate) keepalive: u32,
    pub(crate) keepalive_ttl: u8,
}

/// What a device is.
pub(crate) enum Role {
    Router(RouterCfg),
    Peer(PeerCfg),
}

/// A peer's changing state.
#[derive(Default)]
pub(crate) struct PeerState {
    /// The /114 of the last advertisement, and the address in it.
    pub(crate) prefix114: Option<Ipv6>,
    /// Router solicitations sent since the last advertisement.
    pub(crate) attempts: u32,
    /// Timer ticks until the next solicitation or keepalive.
    pub(crate) wait: u32,
}

/// The timer ticks once a second.
pub(crate) const TICK_NS: u64 = 1_000_000_000;

/// A 6bed4 device's shared state.
#[pin_data]
pub(crate) struct Instance {
    pub(crate) role: Role,
    /// Local address and port of the socket.
    pub(crate) local: (Ipv4, u16),
    pub(crate) stats: Stats,
    /// The device, once registered (cleared as it goes).
    pub(crate) dev: DevicePtr<super::device::Bed4>,
    #[pin]
    pub(crate) peer: SpinLockBh<PeerState>,
    pub(crate) timer: Timer<Instance>,
}

impl Instance {
    /// A new instance (not started).
    pub(crate) fn new(role: Role, local: (Ipv4, u16)) -> Result<Arc<Self>> {
        let inst = Arc::pin_init(
            pin_init!(Instance {
                role,
                local,
                stats: Stats::default(),
                dev: DevicePtr::new(),
                peer <- crate::new_spinlock_bh!(PeerState::default(), "sixbed4_peer"),
                timer: Timer::new(),
            }),
            GFP_KERNEL,
        )?;
        inst.timer.bind(&inst);
        Ok(inst)
    }

    /// Whether the device is a router.
    pub(crate) fn is_router(&self) -> bool {
        matches!(self.role, Role::Router(_))
    }

    /// Writes the configuration, state and counters.
    pub(crate) fn fill(&self, w: &mut Writer<'_>) -> Result {
        use super::netlink_gen::role;
        let (addr, port) = self.local;
        w.put_bytes(a::LOCAL_ADDR, &addr)?;
        w.put_u32(a::LOCAL_PORT, port.into())?;
        match &self.role {
            Role::Router(r) => {
                w.put_u32(a::ROLE, role::ROUTER)?;
                let mut p = [0u8; 16];
                p[..8].copy_from_slice(&r.prefix64);
                w.put_bytes(a::PREFIX, &p)?;
            }
            Role::Peer(p) => {
                w.put_u32(a::ROLE, role::PEER)?;
                w.put_bytes(a::ROUTER_ADDR, &p.router.0)?;
                w.put_u32(a::ROUTER_PORT, p.router.1.into())?;
                w.put_u32(a::KEEPALIVE, p.keepalive)?;
                w.put_u32(a::KEEPALIVE_TTL, p.keepalive_ttl.into())?;
                if let Some(prefix) = self.peer.lock().prefix114 {
                    w.put_bytes(a::ADDRESS, &super::proto::peer_address(&prefix))?;
                }
            }
        }
        self.stats.fill(w)
    }
}

impl Handler for Instance {
    fn receive(&self, dgram: Datagram, rcu: &Rcu) {
        let Some(dev) = self.dev.get(rcu) else {
            return;
        };
        match &self.role {
            Role::Router(cfg) => super::router::receive(self, cfg, dev, dgram),
            Role::Peer(cfg) => super::peer::receive(self, cfg, dev, dgram),
        }
    }
}

impl TimerCallback for Instance {
    fn fire(&self) {
        let rcu = Rcu::read_lock();
        let Some(dev) = self.dev.get(&rcu) else {
            return;
        };
        if let Role::Peer(cfg) = &self.role {
            super::peer::tick(self, cfg, dev);
        }
        self.timer.start(TICK_NS);
    }
}
