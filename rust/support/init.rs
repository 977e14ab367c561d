// SPDX-License-Identifier: GPL-2.0

//! In-place initialisers that moved or changed between kernel versions:
//! 6.12's `kernel::init` has them, 7.x has them in the `pin_init` crate.

use kernel::prelude::PinInit;

#[cfg(kernel_7)]
#[allow(unused_imports)]
pub use pin_init::init_array_from_fn;

#[cfg(not(kernel_7))]
#[allow(unused_imports)]
pub use kernel::init::init_array_from_fn;

/// Initialises `slot` in place with `init` (`PinInit::__pinned_init` on
/// 6.12, `PinInit::__init` on 7.x).
///
/// # Safety
///
/// `slot` is valid for writes and stays pinned; on error it is left
/// uninitialised (and must not be dropped), as `PinInit` specifies.
#[cfg(kernel_7)]
pub unsafe fn pinned_init<T, E>(init: impl PinInit<T, E>, slot: *mut T) -> Result<(), E> {
    // SAFETY: as the caller guarantees.
    unsafe { init.__init(slot) }
}

/// Initialises `slot` in place with `init` (`PinInit::__pinned_init` on
/// 6.12, `PinInit::__init` on 7.x).
///
/// # Safety
///
/// `slot` is valid for writes and stays pinned; on error it is left
/// uninitialised (and must not be dropped), as `PinInit` specifies.
#[cfg(not(kernel_7))]
pub unsafe fn pinned_init<T, E>(init: impl PinInit<T, E>, slot: *mut T) -> Result<(), E> {
    // SAFETY: as the caller guarantees.
    unsafe { init.__pinned_init(slot) }
}
