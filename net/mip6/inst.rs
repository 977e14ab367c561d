// SPDX-License-Identifier: GPL-2.0

//! The instance of a namespace: its role (HA or MN), counters, state, the
//! netfilter hooks that feed it and the timer that drives it.

use crate::device::Tunnel;
use crate::ha;
use crate::mn;
use crate::netlink_gen::{attr::inst as a, mode};
use crate::support::genl::Writer;
use crate::support::net::{Net, Rcu, Rtnl};
use crate::support::netdev::DevicePtr;
use crate::support::netfilter::{Hook, HookPoint, Packet, Registration, Verdict};
use crate::support::sync::SpinLockBh;
use crate::support::timer::{Timer, TimerCallback};
use core::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use kernel::prelude::*;
use kernel::sync::{Arc, Mutex};

/// Period of the instance's timer: DAD deadlines, BU retransmissions,
/// movement detection.
pub(crate) const TICK_NS: u64 = 100_000_000;
/// Binding expiry is checked every this many ticks (one second).
pub(crate) const EXPIRY_TICKS: u32 = 10;

crate::counters! {
    /// The instance's counters (MIPL's names in the spec's docs).
    Stats in crate::netlink_gen::attr::inst {
    encapsulations => ENCAPSULATIONS,
    decapsulations => DECAPSULATIONS,
    bu_rcvd => BU_RCVD,
    ba_rcvd => BA_RCVD,
    ba_nack_rcvd => BA_NACK_RCVD,
    brr_rcvd => BRR_RCVD,
    be_rcvd => BE_RCVD,
    bu_sent => BU_SENT,
    ba_sent => BA_SENT,
    ba_nack_sent => BA_NACK_SENT,
    brr_sent => BRR_SENT,
    be_sent => BE_SENT,
    bu_drop_auth => BU_DROP_AUTH,
    bu_drop_invalid => BU_DROP_INVALID,
    bu_drop_misc => BU_DROP_MISC,
    ba_drop_auth => BA_DROP_AUTH,
    ba_drop_invalid => BA_DROP_INVALID,
    ba_drop_misc => BA_DROP_MISC,
    brr_drop_auth => BRR_DROP_AUTH,
    brr_drop_invalid => BRR_DROP_INVALID,
    brr_drop_misc => BRR_DROP_MISC,
    mh_drop_checksum => MH_DROP_CHECKSUM,
    mh_drop_malformed => MH_DROP_MALFORMED,
    mh_unknown_type => MH_UNKNOWN_TYPE,
    hao_drop => HAO_DROP,
    rh2_drop => RH2_DROP,
    tunnel_drop => TUNNEL_DROP,
    dad_failures => DAD_FAILURES,
    movements => MOVEMENTS,
    dhaad_sent => DHAAD_SENT,
    dhaad_rcvd => DHAAD_RCVD,
    ratelimited => RATELIMITED,
    }
}

/// Error messages (refusing BAs, Binding Errors) sent at most this many
/// times a second: a flood of bad BUs must not turn the node into a
/// reflector (RFC 6275 §9.3.1 asks it of Binding Errors).
pub(crate) const ERRORS_PER_SEC: u32 = 100;

/// A one-second window counter for `ERRORS_PER_SEC`.
#[derive(Default)]
pub(crate) struct RateLimit {
    /// The current window, in seconds of the monotonic clock.
    window: AtomicU64,
    used: AtomicU32,
}

impl RateLimit {
    /// Whether one more message may go out now (`now` in monotonic ns).
    /// Concurrent callers may let a few more through at a window's start.
    pub(crate) fn allow(&self, now: u64) -> bool {
        let w = now / 1_000_000_000;
        if self.window.load(Ordering::Relaxed) != w {
            self.window.store(w, Ordering::Relaxed);
            self.used.store(0, Ordering::Relaxed);
        }
        self.used.fetch_add(1, Ordering::Relaxed) < ERRORS_PER_SEC
    }
}

/// The role of an instance and its state.
pub(crate) enum Role {
    /// Home agent.
    Ha(Pin<KBox<SpinLockBh<ha::State>>>),
    /// Mobile node.
    Mn(Pin<KBox<SpinLockBh<mn::State>>>),
}

/// The hooks an instance registered.
struct Hooks {
    _pre: Registration<Instance>,
    _out: Option<Registration<Instance>>,
}

/// An instance (one per namespace), shared by its tunnel netdev, its hooks
/// and its timer.
#[pin_data]
pub(crate) struct Instance {
    /// `mode::HA` or `mode::MN`.
    pub(crate) mode: u32,
    pub(crate) role: Role,
    pub(crate) stats: Stats,
    /// Error messages sent.
    pub(crate) errors: RateLimit,
    /// The tunnel netdev, published once registered, cleared on teardown.
    pub(crate) tdev: DevicePtr<Tunnel>,
    #[pin]
    hooks: Mutex<Option<Hooks>>,
    timer: Timer<Instance>,
    /// Ticks since creation.
    pub(crate) ticks: AtomicU32,
}

impl Instance {
    /// A new HA instance.
    pub(crate) fn new_ha(cfg: ha::Config) -> Result<Arc<Instance>> {
        let state = ha::State::new(cfg)?;
        let lock = KBox::pin_init(crate::new_spinlock_bh!(state, "mip6_ha"), GFP_KERNEL)?;
        Self::new(mode::HA, Role::Ha(lock))
    }

    /// A new MN instance.
    pub(crate) fn new_mn(cfg: mn::Config) -> Result<Arc<Instance>> {
        let state = mn::State::new(cfg);
        let lock = KBox::pin_init(crate::new_spinlock_bh!(state, "mip6_mn"), GFP_KERNEL)?;
        Self::new(mode::MN, Role::Mn(lock))
    }

    fn new(mode: u32, role: Role) -> Result<Arc<Instance>> {
        let inst = Arc::pin_init(
            pin_init!(Instance {
                mode,
                role,
                stats: Stats::default(),
                errors: RateLimit::default(),
                tdev: DevicePtr::new(),
                hooks <- kernel::new_mutex!(None, "mip6_hooks"),
                timer: Timer::new(),
                ticks: AtomicU32::new(0),
            }),
            GFP_KERNEL,
        )?;
        inst.timer.bind(&inst);
        Ok(inst)
    }

    /// Starts the instance in `net`: registers its hooks and arms its timer.
    /// Process context.
    pub(crate) fn start(self: &Arc<Self>, net: &Net) -> Result {
        let pre = Registration::new(net, HookPoint::PreRouting, self.clone())?;
        let out = match self.role {
            Role::Mn(_) => Some(Registration::new(net, HookPoint::LocalOut, self.clone())?),
            Role::Ha(_) => None,
        };
        *self.hooks.lock() = Some(Hooks {
            _pre: pre,
            _out: out,
        });
        self.timer.start(TICK_NS);
        Ok(())
    }

    /// Stops the instance (its tunnel netdev is being deleted): unhooks,
    /// stops the timer, drops all bindings (and with them proxy ND).
    /// Idempotent.
    pub(crate) fn shutdown(&self, rtnl: &Rtnl) {
        let hooks = self.hooks.lock().take();
        // Unregistering waits for running hooks.
        drop(hooks);
        // The timer does not rearm once the device is unpublished.
        self.tdev.clear(rtnl);
        self.timer.cancel();
        match &self.role {
            Role::Ha(ha) => ha.lock().clear(),
            Role::Mn(mn) => mn.lock().clear(),
        }
    }

    /// Writes the instance's configuration and counters.
    pub(crate) fn fill(&self, w: &mut Writer<'_>, rcu: &Rcu) -> Result {
        w.put_u32(a::MODE, self.mode)?;
        if let Some(dev) = self.tdev.get(rcu) {
            w.put_u32(a::IFINDEX, dev.ifindex() as u32)?;
            w.put_str(a::IFNAME, dev.name())?;
        }
        match &self.role {
            Role::Ha(ha) => ha.lock().fill(w)?,
            Role::Mn(mn) => mn.lock().fill(w, rcu, self)?,
        }
        self.stats.fill(w)
    }
}

impl Hook for Instance {
    fn hook(&self, pkt: Packet<'_>, rcu: &Rcu) -> Verdict {
        crate::receive::hook(self, pkt, rcu)
    }
}

impl TimerCallback for Instance {
    fn fire(&self) {
        let rcu = Rcu::read_lock();
        let Some(dev) = self.tdev.get(&rcu) else {
            return;
        };
        let tick = self.ticks.fetch_add(1, Ordering::Relaxed).wrapping_add(1);
        match &self.role {
            Role::Ha(_) => ha::tick(self, dev, tick, &rcu),
            Role::Mn(_) => mn::tick(self, dev, &rcu),
        }
        self.timer.start(TICK_NS);
    }
}
