// SPDX-License-Identifier: GPL-2.0

//! Batched delivery of received packets to the stack
//! (`netif_receive_skb_list`): one pass through the protocol handlers for
//! many packets, with the route of one reused for the next (IPv4 and IPv6
//! route hints), for packets that cannot go through GRO (clones).

use super::bindings;
use super::skb::SkBuff;

/// Packets handed to the stack at once.
const BATCH: usize = 64;

/// Received packets waiting to be delivered together. Delivered when full,
/// on [`RxList::flush`], and when dropped.
///
/// Use from a receive context (softirq), such as an rx handler.
///
/// # Invariants
///
/// `skbs[..n]` are buffers this list owns, each with its device set.
pub struct RxList {
    skbs: [*mut bindings::sk_buff; BATCH],
    n: usize,
}

impl RxList {
    /// An empty list.
    pub fn new() -> Self {
        RxList {
            skbs: [core::ptr::null_mut(); BATCH],
            n: 0,
        }
    }

    /// Adds `skb`, received on the device it names (`SkBuff::set_dev`).
    pub fn push(&mut self, skb: SkBuff) {
        if self.n == BATCH {
            self.flush();
        }
        self.skbs[self.n] = skb.into_raw();
        self.n += 1;
    }

    /// Delivers the packets added so far.
    pub fn flush(&mut self) {
        if self.n == 0 {
            return;
        }
        // SAFETY: by the type invariant the first `n` pointers are buffers we
        // own, which the call consumes; the list is empty afterwards.
        unsafe { bindings::rsh_netif_receive_skb_array(self.skbs.as_mut_ptr(), self.n as u32) };
        self.n = 0;
    }
}

impl Default for RxList {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for RxList {
    fn drop(&mut self) {
        self.flush();
    }
}
