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

/// Declares a struct of [`Counter`]s, each the value of a `uint` attribute
/// of a generic netlink family, with `fill` (writes every counter as its
/// attribute) and `reset` (sets them all to zero):
///
/// ```ignore
/// crate::counters! {
///     /// The device's counters.
///     Stats in attr::dev {
///         tx_encap => TX_ENCAP,
///         rx_decap => RX_DECAP,
///     }
/// }
/// ```
#[macro_export]
macro_rules! counters {
    ($(#[$meta:meta])* $name:ident in $($attrs:ident)::+ {
        $($field:ident => $attr:ident,)*
    }) => {
        $(#[$meta])*
        #[derive(Default)]
        pub(crate) struct $name {
            $(pub(crate) $field: $crate::support::stats::Counter,)*
        }

        impl $name {
            /// Writes every counter as its attribute.
            pub(crate) fn fill(
                &self,
                w: &mut $crate::support::genl::Writer<'_>,
            ) -> kernel::error::Result {
                use $($attrs)::+ as attrs;
                $(w.put_uint(attrs::$attr, self.$field.get())?;)*
                Ok(())
            }

            /// Sets every counter to zero.
            pub(crate) fn reset(&self) {
                $(self.$field.reset();)*
            }
        }
    };
}
