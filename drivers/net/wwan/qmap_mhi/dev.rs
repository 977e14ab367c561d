// SPDX-License-Identifier: GPL-2.0

//! The network device of a bound `IP_HW0`: a raw-IP device (`rmnet_mhi%d`)
//! whose private data is the [`Port`], owned by the MHI driver (registered
//! in `bound`, unregistered in `remove`; `ip link del` refuses it, as it
//! refuses an `mhi_net` device).

use crate::support::error::code::ENODEV;
use crate::support::gro::GroCells;
use crate::support::mhi::{Bound, Dir};
use crate::support::net::Rcu;
use crate::support::netdev::{Device, Operations, Rings, Setup, Stats64, Tx};
use crate::support::skb::SkBuff;
use crate::support::stats::Counter;
use crate::support::timer::{Timer, TimerCallback};
use crate::QmapMhi;
use core::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use kernel::new_spinlock;
use kernel::page::PAGE_SIZE;
use kernel::prelude::*;
use kernel::sync::{Arc, SpinLock};

/// Default MTU (`mhi_net`'s): the modem's uplink datagrams are at most this.
const DEFAULT_MTU: u32 = 0x4000;
const MIN_MTU: u32 = 68;
const MAX_MTU: u32 = 0xffff;

/// Largest downlink buffer: a transfer length is 16 bits in MHI.
const MAX_MRU: u32 = 0xffff;

/// Retry after a failed downlink buffer allocation left the ring short.
pub(crate) const REFILL_RETRY_NS: u64 = 10_000_000;

/// The device's counters (what `ip -s link` shows, and a few more).
#[derive(Default)]
pub(crate) struct Stats {
    pub(crate) rx_packets: Counter,
    pub(crate) rx_bytes: Counter,
    pub(crate) rx_errors: Counter,
    pub(crate) rx_dropped: Counter,
    /// Downlink buffers holding the first part of a split transfer (the
    /// modem aggregates above the MRU).
    pub(crate) rx_overflow: Counter,
    /// Downlink buffers that could not be allocated.
    pub(crate) rx_alloc_fail: Counter,
    pub(crate) tx_packets: Counter,
    pub(crate) tx_bytes: Counter,
    pub(crate) tx_errors: Counter,
    pub(crate) tx_dropped: Counter,
}

/// The private data of a `rmnet_mhi` device.
#[pin_data]
pub(crate) struct Port {
    /// Retries downlink refills. First field: dropping it cancels the timer
    /// before what it uses goes.
    refill_timer: Timer<Port>,
    /// The MHI device (while bound) and the driver's data.
    pub(crate) bound: Arc<Bound<QmapMhi>>,
    /// Size of downlink buffers: the controller's MRU.
    pub(crate) mru: u32,
    /// Their allocation order: the smallest that holds the MRU.
    pub(crate) order: u32,
    pub(crate) gro: GroCells,
    /// The first buffers of a downlink transfer split over buffers.
    #[pin]
    pub(crate) pending: SpinLock<Option<SkBuff>>,
    pub(crate) stats: Stats,
    /// The channels are started (between `open` and `stop`).
    started: AtomicBool,
    /// Descriptors of the downlink and uplink rings (`ethtool -g`), known
    /// once the channels started.
    dl_ring: AtomicU32,
    ul_ring: AtomicU32,
}

impl Port {
    /// The port of a device whose controller's MRU is `mru` (0: none
    /// given, buffers of the default MTU as mhi_net's; at most 64 KiB - 1).
    pub(crate) fn new(bound: Arc<Bound<QmapMhi>>, mru: u32) -> impl PinInit<Self, Error> {
        let mru = if mru == 0 {
            DEFAULT_MTU
        } else {
            mru.min(MAX_MRU)
        };
        let mut order = 0;
        while (PAGE_SIZE << order) < mru as usize {
            order += 1;
        }
        try_pin_init!(Port {
            refill_timer: Timer::new(),
            bound,
            mru,
            order,
            gro: GroCells::new(),
            pending <- new_spinlock!(None, "qmap_mhi_rx_pending"),
            stats: Stats::default(),
            started: AtomicBool::new(false),
            dl_ring: AtomicU32::new(0),
            ul_ring: AtomicU32::new(0),
        })
    }

    /// Whether the channels run (the device is up).
    pub(crate) fn started(&self) -> bool {
        self.started.load(Ordering::Acquire)
    }

    /// Retries the downlink refill later.
    pub(crate) fn refill_later(&self) {
        if self.started() {
            self.refill_timer.start(REFILL_RETRY_NS);
        }
    }
}

impl TimerCallback for Port {
    fn fire(&self) {
        let rcu = Rcu::read_lock();
        if let Some(mhi) = self.bound.device(&rcu) {
            if self.started() {
                crate::rx::refill(self, mhi);
            }
        }
    }
}

#[vtable]
impl Operations for Port {
    fn setup(dev: &mut Setup) {
        dev.set_raw_ip();
        dev.set_noarp();
        dev.set_mtu(DEFAULT_MTU);
        dev.set_mtu_range(MIN_MTU, MAX_MTU);
        dev.set_tx_queue_len(1000);
        dev.set_netns_immutable();
        dev.carrier_off();
    }

    fn init(dev: &Device<Self>) -> Result {
        let port = dev.data();
        port.refill_timer.bind(port);
        port.gro.init(dev)
    }

    fn uninit(dev: &Device<Self>) {
        dev.data().gro.destroy();
    }

    /// Starts the channels and fills the downlink ring.
    fn open(dev: &Device<Self>) -> Result {
        let port = dev.data();
        port.bound
            .with_device(|mhi| -> Result {
                mhi.prepare_for_transfer()?;
                // Empty rings: their free descriptors are their sizes.
                port.dl_ring
                    .store(mhi.free_desc_count(Dir::Dl), Ordering::Relaxed);
                port.ul_ring
                    .store(mhi.free_desc_count(Dir::Ul), Ordering::Relaxed);
                port.started.store(true, Ordering::Release);
                crate::rx::refill(port, mhi);
                Ok(())
            })
            .unwrap_or(Err(ENODEV))?;
        dev.carrier_on();
        dev.start_queue();
        Ok(())
    }

    /// Resets the channels: queued buffers come back and are freed.
    fn stop(dev: &Device<Self>) -> Result {
        let port = dev.data();
        dev.stop_queue();
        dev.carrier_off();
        port.refill_timer.cancel();
        // While the MHI device goes away it is withdrawn already: `remove`
        // resets the channels then.
        port.bound.with_device(|mhi| {
            port.started.store(false, Ordering::Release);
            port.refill_timer.cancel();
            mhi.unprepare_from_transfer();
        });
        Ok(())
    }

    fn start_xmit(dev: &Device<Self>, skb: SkBuff, rcu: &Rcu) -> Tx {
        crate::tx::xmit(dev, skb, rcu)
    }

    fn get_stats64(dev: &Device<Self>, stats: &mut Stats64<'_>) {
        let s = &dev.data().stats;
        stats.set_rx(s.rx_packets.get(), s.rx_bytes.get());
        stats.set_rx_errors(s.rx_errors.get());
        stats.set_rx_dropped(s.rx_dropped.get());
        stats.set_tx(s.tx_packets.get(), s.tx_bytes.get());
        stats.set_tx_errors(s.tx_errors.get());
        stats.set_tx_dropped(s.tx_dropped.get());
    }

    const STAT_NAMES: &'static [&'static str] = &["rx_split", "rx_alloc_fail"];

    fn stats(dev: &Device<Self>, out: &mut [u64]) {
        let s = &dev.data().stats;
        for (o, v) in out
            .iter_mut()
            .zip([s.rx_overflow.get(), s.rx_alloc_fail.get()])
        {
            *o = v;
        }
    }

    /// `ethtool -g`: the channels' rings, and the downlink buffers' size
    /// (the controller's MRU).
    fn get_rings(dev: &Device<Self>) -> Rings {
        let port = dev.data();
        let (dl, ul) = (
            port.dl_ring.load(Ordering::Relaxed),
            port.ul_ring.load(Ordering::Relaxed),
        );
        Rings {
            rx: dl,
            rx_max: dl,
            tx: ul,
            tx_max: ul,
            rx_buf_len: port.mru,
        }
    }
}
