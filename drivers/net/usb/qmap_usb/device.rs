// SPDX-License-Identifier: GPL-2.0

//! The modem's data pipe as a network device, `wwanN`: raw IP, or QMAP
//! aggregates for a mux attached to it.

use crate::support::napi::Poll;
use crate::support::net::Rcu;
use crate::support::netdev::{Device, Operations, Rings, Setup, Stats64, Tx};
use crate::support::skb::SkBuff;
use crate::support::usb::urb::{BulkRx, BulkTx, RxOwner, MAX_URBS};
use crate::support::usb::{Endpoint, InterfaceRef};
use core::sync::atomic::{AtomicU32, Ordering::Relaxed};
use kernel::prelude::*;

/// Receive buffer size: the largest downlink aggregate of the SDX55/SDX6x
/// modems (RM500Q, RM520N: 31 KiB of QMAPv5); each buffer is an order-3
/// page (32 KiB), the smallest larger than that.
pub(crate) const RX_BUF_SIZE: u32 = 31744;
/// Receive buffers in flight.
pub(crate) const RX_URBS: u32 = 16;
/// Transmit buffers in flight before the queue stops.
const TX_URBS: u32 = 64;
/// Receive buffer sizes accepted: the smallest aggregate modems negotiate
/// (4 KiB on MDM9x07) to the largest known (48 KiB) with room.
const RX_BUF_MIN: u32 = 2048;
const RX_BUF_MAX: u32 = 65536;
/// Default MTU: room for QMAP channels of up to 16 KiB below (mhi_net's
/// default too).
const DEFAULT_MTU: u32 = 16384;

/// `ETH_P_MAP`: QMAP buffers, for the mux attached to the device.
const ETH_P_MAP: u16 = 0x00f9;
const ETH_P_IP: u16 = 0x0800;
const ETH_P_IPV6: u16 = 0x86dd;

/// The private data of `wwanN`.
#[pin_data]
pub(crate) struct Wwan {
    #[pin]
    rx: BulkRx<Wwan>,
    #[pin]
    tx: BulkTx,
    rx_urbs: AtomicU32,
    rx_size: AtomicU32,
}

impl Wwan {
    pub(crate) fn new(
        intf: InterfaceRef,
        bulk_in: &Endpoint<'_>,
        bulk_out: &Endpoint<'_>,
    ) -> impl PinInit<Self, Error> {
        let tx = BulkTx::new(intf.clone(), bulk_out, TX_URBS);
        let rx = BulkRx::new(intf, bulk_in);
        try_pin_init!(Wwan {
            rx <- rx,
            tx <- tx,
            rx_urbs: AtomicU32::new(RX_URBS),
            rx_size: AtomicU32::new(RX_BUF_SIZE),
        }? Error)
    }
}

impl Wwan {
    /// The system suspends: the transfers stop (the host controller would
    /// cancel them anyway), the device stays up.
    pub(crate) fn suspend(dev: &Device<Self>) {
        let w = dev.data();
        // Not just stopped: a transmit in progress could submit a URB after
        // the transfers are stopped below.
        dev.tx_disable();
        w.rx.stop();
        w.tx.stop();
    }

    /// The system resumed: transfers start again if the device is up.
    pub(crate) fn resume(dev: &Device<Self>) -> Result {
        if !dev.is_running() {
            return Ok(());
        }
        let w = dev.data();
        w.tx.start(dev)?;
        w.rx.start(dev, w.rx_urbs.load(Relaxed), w.rx_size.load(Relaxed))?;
        dev.wake_queue();
        Ok(())
    }
}

impl RxOwner for Wwan {
    fn rx(dev: &Device<Self>, mut skb: SkBuff, poll: &Poll<'_>) {
        // A mux attached to the device (qmap, rmnet) takes every buffer as
        // QMAP (qmi_wwan's pass_through); alone, the device carries raw IP,
        // the protocol read from the version nibble (as mhi_net).
        let proto = if dev.has_rx_handler() {
            ETH_P_MAP
        } else {
            let mut b = [0u8; 1];
            match skb.read(0, &mut b).then_some(b[0] >> 4) {
                Some(4) => ETH_P_IP,
                Some(6) => ETH_P_IPV6,
                _ => ETH_P_MAP,
            }
        };
        skb.set_protocol(proto);
        skb.reset_headers();
        dev.receive(skb, poll);
    }
}

#[vtable]
impl Operations for Wwan {
    fn setup(dev: &mut Setup) {
        dev.set_raw_ip();
        dev.set_noarp();
        dev.set_mtu_range(68, 65535);
        dev.set_mtu(DEFAULT_MTU);
        dev.set_tx_queue_len(1000);
        dev.set_no_addrconf();
    }

    fn init(dev: &Device<Self>) -> Result {
        dev.data().rx.attach(dev);
        Ok(())
    }

    fn uninit(dev: &Device<Self>) {
        dev.data().rx.detach();
    }

    fn open(dev: &Device<Self>) -> Result {
        let w = dev.data();
        w.tx.start(dev)?;
        w.rx.start(dev, w.rx_urbs.load(Relaxed), w.rx_size.load(Relaxed))?;
        dev.start_queue();
        dev.carrier_on();
        Ok(())
    }

    fn stop(dev: &Device<Self>) -> Result {
        let w = dev.data();
        dev.stop_queue();
        dev.carrier_off();
        w.rx.stop();
        w.tx.stop();
        Ok(())
    }

    fn start_xmit(dev: &Device<Self>, skb: SkBuff, _rcu: &Rcu) -> Tx {
        // The buffer is consumed either way; failures are counted.
        let _ = dev.data().tx.submit(skb);
        Tx::Ok
    }

    const STAT_NAMES: &'static [&'static str] = &[
        "rx_buffers",
        "rx_bytes",
        "rx_empty",
        "rx_overflow",
        "rx_errors",
        "rx_stalls",
        "rx_nomem",
        "rx_urbs_lost",
        "tx_buffers",
        "tx_bytes",
        "tx_errors",
        "tx_dropped",
    ];

    fn stats(dev: &Device<Self>, out: &mut [u64]) {
        let w = dev.data();
        let (r, t) = (&w.rx.stats, &w.tx.stats);
        let values = [
            r.buffers.get(),
            r.bytes.get(),
            r.empty.get(),
            r.overflow.get(),
            r.errors.get(),
            r.stalls.get(),
            r.nomem.get(),
            r.lost.get(),
            t.buffers.get(),
            t.bytes.get(),
            t.errors.get(),
            t.dropped.get(),
        ];
        for (o, v) in out.iter_mut().zip(values) {
            *o = v;
        }
    }

    fn get_rings(dev: &Device<Self>) -> Rings {
        let w = dev.data();
        Rings {
            rx: w.rx_urbs.load(Relaxed),
            rx_max: MAX_URBS as u32,
            tx: TX_URBS,
            tx_max: TX_URBS,
            rx_buf_len: w.rx_size.load(Relaxed),
        }
    }

    /// `ethtool -G wwanN rx-buf-len BYTES rx COUNT`: the receive buffers
    /// follow the downlink aggregate size the QMI client negotiated (WDA
    /// Set Data Format); running transfers restart with the new geometry.
    fn set_rings(dev: &Device<Self>, r: &Rings) -> Result {
        let w = dev.data();
        if r.tx != TX_URBS
            || r.rx == 0
            || r.rx as usize > MAX_URBS
            || !(RX_BUF_MIN..=RX_BUF_MAX).contains(&r.rx_buf_len)
        {
            return Err(EINVAL);
        }
        w.rx_urbs.store(r.rx, Relaxed);
        w.rx_size.store(r.rx_buf_len, Relaxed);
        if w.rx.is_running() {
            w.rx.stop();
            w.rx.start(dev, r.rx, r.rx_buf_len)?;
        }
        Ok(())
    }

    fn get_stats64(dev: &Device<Self>, stats: &mut Stats64<'_>) {
        let w = dev.data();
        let (r, t) = (&w.rx.stats, &w.tx.stats);
        stats.set_rx(r.buffers.get(), r.bytes.get());
        stats.set_tx(t.buffers.get(), t.bytes.get());
        stats.set_rx_dropped(r.nomem.get());
        stats.set_rx_errors(r.overflow.get() + r.errors.get() + r.stalls.get());
        stats.set_tx_dropped(t.dropped.get() + t.errors.get());
    }
}
