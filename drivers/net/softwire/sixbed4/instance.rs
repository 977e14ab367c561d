// SPDX-License-Identifier: GPL-2.0

//! A 6bed4 device's shared state: its role and configuration, its
//! counters, the device it serves, and (peer) what the router gave it. The
//! UDP socket's handler and the timer are this object.

use super::device::Bed4;
use super::netlink_gen::attr::dev as a;
use super::peers::PeerTable;
use super::proto::{Ipv4, Ipv6};
use crate::support::genl::Writer;
use crate::support::net::Rcu;
use crate::support::netdev::{Device, DevicePtr};
use crate::support::netfilter::{Hook, Packet, Verdict};
use crate::support::skb::SkBuff;
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
    tx_direct => TX_DIRECT,
    rx_direct => RX_DIRECT,
    probes_sent => PROBES_SENT,
    }
}

/// Router configuration.
pub(crate) struct RouterCfg {
    /// The /64 served.
    pub(crate) prefix64: [u8; 8],
    /// The keepalive period its peers use, seconds: a peer not heard from
    /// for three of them has gone.
    pub(crate) keepalive: u32,
    /// The uplink on which it answers neighbour solicitations for its
    /// peers' addresses (ifindex; 0: none).
    pub(crate) uplink: i32,
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
    /// Seconds since the peer started (its timer ticks once a second).
    pub(crate) now: u64,
    /// Other peers it has heard from directly or probed.
    pub(crate) direct: [Direct; DIRECT_SLOTS],
}

/// What a peer knows of a path straight to another peer.
#[derive(Clone, Copy, Default)]
pub(crate) struct Direct {
    /// The other peer's endpoint (port 0: a free slot).
    pub(crate) ep: (Ipv4, u16),
    /// When a packet last came straight from it (0: never).
    pub(crate) heard: u64,
    /// When it was last probed.
    pub(crate) probed: u64,
}

/// Other peers a peer keeps track of; the least recently used goes.
pub(crate) const DIRECT_SLOTS: usize = 16;

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
    /// Router: the peers it has heard from.
    #[pin]
    pub(crate) peers: SpinLockBh<PeerTable>,
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
                peers <- crate::new_spinlock_bh!(PeerTable::new(), "sixbed4_peers"),
                timer: Timer::new(),
            }),
            GFP_KERNEL,
        )?;
        inst.timer.bind(&inst);
        Ok(inst)
    }

    /// Sends `skb` (a bare IPv6 packet; empty: a keepalive) over the
    /// device's socket to `ep`, from the address the socket is bound to
    /// (else the one the route gives): a peer takes datagrams from its
    /// router's configured address only.
    pub(crate) fn send(
        &self,
        dev: &Device<Bed4>,
        skb: SkBuff,
        ep: (Ipv4, u16),
        ttl: u8,
        tos: u8,
    ) -> Result {
        self.send_from(dev, skb, [0; 4], ep, ttl, tos)
    }

    /// [`Self::send`] from `src` when the socket is bound to no address
    /// (`[0; 4]`: the route's source address).
    pub(crate) fn send_from(
        &self,
        dev: &Device<Bed4>,
        skb: SkBuff,
        src: Ipv4,
        ep: (Ipv4, u16),
        ttl: u8,
        tos: u8,
    ) -> Result {
        let src = if self.local.0 == [0; 4] {
            src
        } else {
            self.local.0
        };
        dev.data().sock.send4(skb, Some(dev), src, ep, ttl, tos)
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
                w.put_u32(a::KEEPALIVE, r.keepalive)?;
                if r.uplink != 0 {
                    w.put_u32(a::UPLINK_IFINDEX, r.uplink as u32)?;
                }
                w.put_u32(a::PEERS, self.peers.lock().len() as u32)?;
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

impl Hook for Instance {
    fn hook(&self, pkt: Packet<'_>, _rcu: &Rcu) -> Verdict {
        match &self.role {
            Role::Router(cfg) => super::router::proxy_nd(self, cfg, pkt),
            Role::Peer(_) => Verdict::Accept,
        }
    }
}

impl TimerCallback for Instance {
    fn fire(&self) {
        let rcu = Rcu::read_lock();
        let Some(dev) = self.dev.get(&rcu) else {
            return;
        };
        match &self.role {
            Role::Router(cfg) => super::router::tick(self, cfg, dev),
            Role::Peer(cfg) => super::peer::tick(self, cfg, dev),
        }
        self.timer.start(TICK_NS);
    }
}
