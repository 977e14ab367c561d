// SPDX-License-Identifier: GPL-2.0

//! Keyed hashes from the kernel crypto API (`crypto_shash`), for message
//! authentication (the mip6 module's RFC 4285 HMAC-SHA1-96).
//!
//! C header: [`include/crypto/hash.h`](srctree/include/crypto/hash.h).

use super::bindings;
use super::cstr;
use core::ptr::NonNull;
use kernel::prelude::*;
use kernel::str::CStr;

/// A keyed hash transform, e.g. `hmac(sha1)` with its key.
///
/// # Invariants
///
/// `tfm` is a live transform with its key set, owned by this value.
pub struct Mac {
    tfm: NonNull<bindings::crypto_shash>,
}

// SAFETY: a keyed shash transform is read-only once keyed; digests use their
// own descriptor, so it may be shared and used from any context.
unsafe impl Send for Mac {}
// SAFETY: as above.
unsafe impl Sync for Mac {}

impl Mac {
    /// Allocates algorithm `alg` (e.g. `hmac(sha1)`) keyed with `key`.
    /// Process context.
    pub fn new(alg: &CStr, key: &[u8]) -> Result<Mac> {
        let mut err = 0;
        let len = u32::try_from(key.len()).map_err(|_| EINVAL)?;
        // SAFETY: `alg` is NUL-terminated; `key` is readable for `len` bytes.
        let tfm =
            unsafe { bindings::rsh_shash_new(cstr::as_ptr(alg), key.as_ptr(), len, &mut err) };
        match NonNull::new(tfm) {
            Some(tfm) => Ok(Mac { tfm }),
            None => Err(Error::from_errno(err)),
        }
    }

    /// Length of the digest in bytes.
    pub fn len(&self) -> usize {
        // SAFETY: live transform (type invariant).
        unsafe { bindings::rsh_shash_digestsize(self.tfm.as_ptr()) as usize }
    }

    /// Computes the digest of `data` into `out`, which must hold
    /// [`Mac::len`] bytes. Any context.
    pub fn digest(&self, data: &[u8], out: &mut [u8]) -> Result {
        if out.len() < self.len() {
            return Err(EINVAL);
        }
        let len = u32::try_from(data.len()).map_err(|_| EINVAL)?;
        // SAFETY: live transform; `data` readable for `len` bytes; `out`
        // writable for the digest size (checked above).
        kernel::error::to_result(unsafe {
            bindings::rsh_shash_digest(self.tfm.as_ptr(), data.as_ptr(), len, out.as_mut_ptr())
        })
    }
}

impl Drop for Mac {
    // Inline: a non-generic `drop` would be emitted into every module that
    // includes the support layer, and only modules that link crypto.c in
    // (their helpers.c) have the helper.
    #[inline]
    fn drop(&mut self) {
        // SAFETY: owned live transform (type invariant).
        unsafe { bindings::rsh_shash_free(self.tfm.as_ptr()) };
    }
}
