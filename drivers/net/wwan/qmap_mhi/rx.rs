// SPDX-License-Identifier: GPL-2.0

//! Downlink: buffers of the controller's MRU (compound pages) stay queued
//! on the downlink channel; each one the modem fills goes up whole, as the
//! one page fragment of a socket buffer (no copy), through the device's GRO
//! cells, and a fresh buffer takes its place.

use crate::dev::Port;
use crate::support::mhi::{self, Dir, Pages, Status, Xfer};
use crate::support::netdev::Device;
use crate::support::skb::RxMeta;
use crate::QmapMhi;

const ETH_P_IP: u16 = 0x0800;
const ETH_P_IPV6: u16 = 0x86dd;
/// `ETH_P_MAP`: QMAP; the qmap module's rx handler takes these.
const ETH_P_MAP: u16 = 0x00f9;

/// A downlink transfer completed (or was flushed): deliver it, refill.
pub(crate) fn receive(nd: &Device<Port>, mhi: &mhi::Device<QmapMhi>, xfer: Xfer) {
    let port = nd.data();
    match xfer.status() {
        Status::Done if xfer.bytes() > 0 => {
            let len = xfer.bytes();
            match xfer.into_skb() {
                Ok(mut skb) => {
                    // As mhi_net: raw IP when the first nibble says so,
                    // else QMAP.
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
                    port.stats.rx_bytes.add(len.into());
                    port.gro.receive(skb);
                }
                Err(_) => port.stats.rx_dropped.inc(),
            }
        }
        // Channel reset (down, removal): the buffer is just handed back.
        Status::Flushed => {
            drop(xfer);
            return;
        }
        Status::Overflow => {
            // A packet larger than the MRU, split over buffers: the modem's
            // aggregation limit exceeds what we queue. Not reassembled.
            port.stats.rx_overflow.inc();
            port.stats.rx_errors.inc();
            drop(xfer);
        }
        Status::Done | Status::Error(_) => {
            port.stats.rx_errors.inc();
            drop(xfer);
        }
    }
    if port.started() {
        refill(port, mhi);
    }
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
