// SPDX-License-Identifier: GPL-2.0

//! Uplink: each buffer the stack (or qmap) sends is queued on the uplink
//! channel as it is; the queue stops while the channel's ring is full and
//! wakes when the modem completes a buffer.

use crate::dev::Port;
use crate::support::error::code::EAGAIN;
use crate::support::mhi::{self, Dir, Status, Xfer};
use crate::support::net::Rcu;
use crate::support::netdev::{Device, Tx};
use crate::support::skb::SkBuff;
use crate::QmapMhi;

/// `ndo_start_xmit`.
pub(crate) fn xmit(nd: &Device<Port>, mut skb: SkBuff, rcu: &Rcu) -> Tx {
    let port = nd.data();
    let Some(mhi) = port.bound.device(rcu) else {
        port.stats.tx_dropped.inc();
        return Tx::Ok;
    };
    // The device takes one linear buffer per transfer (the core linearises
    // for devices without scatter-gather; this is a safety net).
    if (skb.headlen() < skb.len() && skb.linearize().is_err()) || skb.is_empty() {
        port.stats.tx_dropped.inc();
        return Tx::Ok;
    }
    let len = skb.len();
    match mhi.queue_skb(Dir::Ul, skb, len) {
        Ok(()) => {}
        Err((e, skb)) if e == EAGAIN => {
            // Full ring: keep the packet, wait for a completion.
            nd.try_stop_queue(|| !mhi.queue_is_full(Dir::Ul));
            return Tx::Busy(skb);
        }
        Err((_, skb)) => {
            drop(skb);
            port.stats.tx_dropped.inc();
            return Tx::Ok;
        }
    }
    if mhi.queue_is_full(Dir::Ul) {
        // A completion may free a descriptor before it sees the stop.
        nd.try_stop_queue(|| !mhi.queue_is_full(Dir::Ul));
    }
    Tx::Ok
}

/// An uplink transfer completed (or was flushed): count it, free the
/// buffer, wake the queue if it was stopped for room.
pub(crate) fn complete(nd: &Device<Port>, mhi: &mhi::Device<QmapMhi>, xfer: Xfer) {
    let port = nd.data();
    match xfer.status() {
        Status::Done => {
            port.stats.tx_packets.inc();
            port.stats.tx_bytes.add(xfer.bytes().into());
        }
        Status::Flushed => port.stats.tx_dropped.inc(),
        Status::Overflow | Status::Error(_) => port.stats.tx_errors.inc(),
    }
    if let Ok(skb) = xfer.into_skb() {
        skb.consume();
    }
    if port.started() {
        nd.wake_queue_if(|| !mhi.queue_is_full(Dir::Ul));
    }
}
