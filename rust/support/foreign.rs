// SPDX-License-Identifier: GPL-2.0

//! [`ForeignOwnable`] pointers, the same on every supported kernel.
//!
//! 6.12's `ForeignOwnable::into_foreign` returns a `*const c_void`, 7.x's a
//! `*mut c_void`; the C side (driver data, handler data) stores `void *`.
//! Both versions' `from_foreign` and `borrow` take the pointer this returns.
//! Also the `void *` of an object C only borrows.

use kernel::ffi::c_void;
use kernel::types::ForeignOwnable;

/// Gives up ownership of `p`, as the `void *` C stores; returned by
/// `ForeignOwnable::from_foreign`.
#[cfg(kernel_7)]
pub(crate) fn into_raw<P: ForeignOwnable>(p: P) -> *mut c_void {
    p.into_foreign()
}

/// Gives up ownership of `p`, as the `void *` C stores; returned by
/// `ForeignOwnable::from_foreign`.
#[cfg(not(kernel_7))]
pub(crate) fn into_raw<P: ForeignOwnable>(p: P) -> *mut c_void {
    p.into_foreign().cast_mut()
}

/// `r` as the `void *` private data a C callback is registered with; the
/// caller keeps `*r` alive until the callback can no longer run.
pub(crate) fn borrowed_raw<T>(r: &T) -> *mut c_void {
    core::ptr::from_ref(r).cast_mut().cast()
}
