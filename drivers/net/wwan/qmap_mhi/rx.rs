// SPDX-License-Identifier: GPL-2.0

//! Downlink: buffers of the controller's MRU (compound pages) stay queued
//! on the downlink channel; each one the modem fills goes up whole, as the
//! one page fragment of a socket buffer (no copy), through the device's GRO
//! cells, and a fresh buffer takes its place. A packet the modem split
//! over buffers (`-EOVERFLOW`) is put back together as page fragments.

use crate::dev::Port;
use crate::support::mhi::{self, Dir, Pages, Status, Xfer};
use crate::support::netdev::Device;
use crate::support::skb::{RxMeta, SkBuff};
use crate::QmapMhi;

const ETH_P_IP: u16 = 0x0800;
const ETH_P_IPV6: u16 = 0x86dd;
/// `ETH_P_MAP`: QMAP; the qmap module's rx handler takes these.
const ETH_P_MAP: u16 = 0x00f9;

/// A downlink transfer completed (or was flushed): deliver it, refill.
pub(crate) fn receive(nd: &Device<Port>, mhi: &mhi::Device<QmapMhi>, xfer: Xfer) {
    let port = nd.data();
    match xfer.status() {
        Status::Done | Status::Overflow if xfer.bytes() > 0 => {
            let last = xfer.status() == Status::Done;
            // Callbacks of one channel do not overlap: the lock is never
            // contended, it only makes the sharing visible.
            let mut pending = port.pending.lock();
            let skb = match pending.take() {
                // The rest of a buffer the modem split (mhi_net's
                // re-aggregation): one more page fragment.
                Some(mut head) => match xfer.append_to(&mut head) {
                    Ok(()) => Some(head),
                    Err(xfer) => {
                        drop((head, xfer));
                        None
                    }
                },
                None => xfer.into_skb().ok(),
            };
            match skb {
                Some(skb) if !last => {
                    port.stats.rx_overflow.inc();
                    *pending = Some(skb);
                }
                Some(skb) => {
                    drop(pending);
                    deliver(nd, port, skb);
                }
                None => port.stats.rx_dropped.inc(),
            }
        }
        // Channel reset (down, removal): the buffer is just handed back,
        // with the start of a split one.
        Status::Flushed => {
            drop(xfer);
            drop(port.pending.lock().take());
            return;
        }
        Status::Done | Status::Overflow | Status::Error(_) => {
            port.stats.rx_errors.inc();
            drop(xfer);
        }
    }
    if port.started() {
        refill(port, mhi);
    }
}

/// Hands a downlink buffer to the stack through the GRO cells.
fn deliver(nd: &Device<Port>, port: &Port, mut skb: SkBuff) {
    // As mhi_net: raw IP when the first nibble says so, else QMAP.
    let mut first = [0u8; 1];
    let proto = match skb.read(0, &mut first).then(|| first[0] >> 4) {
        Some(4) => ETH_P_IP,
        Some(6) => ETH_P_IPV6,
        _ => ETH_P_MAP,
    };
    skb.set_rx(&RxMeta {
        dev: nd,
        proto,
        csum_verified: false,
    });
    port.stats.rx_packets.inc();
    port.stats.rx_bytes.add(skb.len().into());
    port.gro.receive(skb);
}

/// Tops the downlink ring up with empty buffers of the MRU; on allocation
/// failure retries later.
pub(crate) fn refill(port: &Port, mhi: &mhi::Device<QmapMhi>) {
    let mut room = mhi.free_desc_count(Dir::Dl);
    while room > 0 {
        let pages = match Pages::alloc(port.order) {
            Ok(pages) => pages,
            Err(_) => {
                port.stats.rx_alloc_fail.inc();
                port.refill_later();
                return;
            }
        };
        if let Err((_, pages)) = mhi.queue_pages(Dir::Dl, pages, port.mru) {
            // Ring full or channel stopped meanwhile.
            drop(pages);
            return;
        }
        room -= 1;
    }
}
