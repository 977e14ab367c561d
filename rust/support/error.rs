// SPDX-License-Identifier: GPL-2.0

//! Error codes networking code returns that the 6.12 `kernel` crate does not
//! define, next to those it does.

pub mod code {
    pub use kernel::error::code::*;
    use kernel::error::Error;

    macro_rules! declare_err {
        ($($name:ident),* $(,)?) => {$(
            #[doc = concat!("`", stringify!($name), "` from `include/uapi/asm-generic/errno.h`.")]
            pub const $name: Error = {
                const _: () = assert!(
                    core::mem::size_of::<Error>() == core::mem::size_of::<core::num::NonZeroI32>()
                );
                const ERRNO: i32 = -(super::super::bindings::$name as i32);
                // The value is a valid, non-zero errno, as `Error` requires.
                const _: () = assert!(ERRNO < 0 && ERRNO >= -4095);
                // SAFETY: `Error` is a newtype over `NonZeroI32` holding a
                // negative errno (its invariant, checked above); a newtype with
                // one field has that field's layout (size asserted above).
                unsafe { core::mem::transmute::<i32, Error>(ERRNO) }
            };
        )*};
    }

    declare_err!(
        EOPNOTSUPP,
        EMSGSIZE,
        ENOBUFS,
        EPROTO,
        EADDRINUSE,
        EADDRNOTAVAIL,
        EAFNOSUPPORT,
        ENETDOWN,
        ENETUNREACH,
        EHOSTUNREACH,
        ENOTCONN,
        ETIMEDOUT,
        EPROTONOSUPPORT,
    );
}
