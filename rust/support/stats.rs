// SPDX-License-Identifier: GPL-2.0

//! Statistics counters.

use core::sync::atomic::{AtomicU64, Ordering::Relaxed};

/// A counter updated without locks from any context (relaxed atomics: each
/// value is exact, reads of several counters are not a snapshot).
#[derive(Default)]
pub struct Counter(AtomicU64);

impl Counter {
    /// A counter at zero.
    pub const fn new() -> Self {
        Counter(AtomicU64::new(0))
    }

    /// Adds one.
    pub fn inc(&self) {
        self.0.fetch_add(1, Relaxed);
    }

    /// Adds `n`.
    pub fn add(&self, n: u64) {
        self.0.fetch_add(n, Relaxed);
    }

    /// Sets the counter back to zero.
    pub fn reset(&self) {
        self.0.store(0, Relaxed);
    }

    /// The current value.
    pub fn get(&self) -> u64 {
        self.0.load(Relaxed)
    }
}
