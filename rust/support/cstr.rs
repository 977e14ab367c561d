// SPDX-License-Identifier: GPL-2.0

//! C strings, the same calls on every kernel the project builds on.
//!
//! `kernel::str::CStr` is the kernel crate's own type on 6.12 (`as_bytes`,
//! `as_char_ptr`, `from_char_ptr` inherent) and `core::ffi::CStr` on 7.x
//! (`to_bytes` inherent, the pointer conversions in the `CStrExt` trait).

use kernel::ffi::c_char;
use kernel::str::CStr;

/// The string's bytes, without the terminating NUL.
#[cfg(kernel_7)]
#[inline]
pub fn bytes(s: &CStr) -> &[u8] {
    s.to_bytes()
}

/// The string's bytes, without the terminating NUL.
#[cfg(not(kernel_7))]
#[inline]
pub fn bytes(s: &CStr) -> &[u8] {
    s.as_bytes()
}

/// A pointer to the string's first byte, for C.
#[inline]
pub fn as_ptr(s: &CStr) -> *const c_char {
    #[cfg(kernel_7)]
    use kernel::str::CStrExt;
    s.as_char_ptr()
}

/// The C string at `ptr`.
///
/// # Safety
///
/// `ptr` points to a NUL-terminated string that stays valid and unchanged
/// for `'a`.
#[inline]
pub unsafe fn from_ptr<'a>(ptr: *const c_char) -> &'a CStr {
    #[cfg(kernel_7)]
    use kernel::str::CStrExt;
    // SAFETY: as the caller guarantees.
    unsafe { CStr::from_char_ptr(ptr) }
}
