// SPDX-License-Identifier: GPL-2.0

//! Downlink: buffers of the controller's MRU stay queued on the downlink
//! channel; each one the modem fills goes up whole (no copy) through the
//! device's GRO cells, and a fresh buffer takes its place.

use crate::dev::Port;
use crate::support::mhi::{self, Dir, Status, Xfer};
use crate::support::netdev::Device;
use crate::support::skb::{RxMeta, SkBuff};

const ETH_P_IP: u16 = 0x0800;
const ETH_P_IPV6: u16 = 0x86dd;
/// `ETH_P_MAP`: QMAP; the qmap module's rx handler takes these.
const ETH_P_MAP: u16 = 0x00f9;

/// A downlink transfer completed (or was flushed): deliver it, refill.
pub(crate) fn receive(nd: &Device<Port>, mhi: &mhi::Device, xfer: Xfer) {
    let port = nd.data();
    match xfer.status() {
        Status::Done if xfer.bytes() > 0 => {
            let len = xfer.bytes();
            let mut skb = xfer.into_skb();
            // As mhi_net: raw IP when the first nibble says so, else QMAP.
            let proto = match skb.data().first().map(|b| b >> 4) {
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
pub(crate) fn refill(port: &Port, mhi: &mhi::Device) {
    let mut room = mhi.free_desc_count(Dir::Dl);
    while room > 0 {
        let skb = match SkBuff::alloc(port.mru) {
            Ok(skb) => skb,
            Err(_) => {
                port.stats.rx_alloc_fail.inc();
                port.refill_later();
                return;
            }
        };
        if let Err((_, skb)) = mhi.queue_skb(Dir::Dl, skb, port.mru) {
            // Ring full or channel stopped meanwhile.
            drop(skb);
            return;
        }
        room -= 1;
    }
}
