// SPDX-License-Identifier: GPL-2.0

//! A spinlock taken with bottom halves disabled (`spin_lock_bh`), for data
//! shared between process context (netlink requests) and softirq context
//! (packet hooks, timers). The `kernel` crate of 6.12 has only `spin_lock`,
//! which would deadlock when a softirq interrupts a holder on its own CPU.
//!
//! C header: [`include/linux/spinlock.h`](srctree/include/linux/spinlock.h).

use super::bindings;
use kernel::sync::lock::{Backend, Lock};

/// A spinlock that disables bottom halves while held; create it with
/// [`new_spinlock_bh!`](crate::new_spinlock_bh).
pub type SpinLockBh<T> = Lock<T, SpinLockBhBackend>;

/// A guard of a [`SpinLockBh`].
pub type SpinLockBhGuard<'a, T> = kernel::sync::lock::Guard<'a, T, SpinLockBhBackend>;

/// The lock backend of [`SpinLockBh`].
pub struct SpinLockBhBackend;

// SAFETY: `spin_lock_bh` gives mutual exclusion between CPUs and against
// softirqs on the holder's CPU; `relock` uses the default (the same method).
unsafe impl Backend for SpinLockBhBackend {
    type State = kernel::bindings::spinlock_t;
    type GuardState = ();

    unsafe fn init(
        ptr: *mut Self::State,
        name: *const kernel::ffi::c_char,
        key: *mut kernel::bindings::lock_class_key,
    ) {
        // SAFETY: the caller guarantees `ptr` is valid for writes and `name`
        // and `key` live forever.
        unsafe { kernel::bindings::__spin_lock_init(ptr, name, key) }
    }

    unsafe fn lock(ptr: *mut Self::State) -> Self::GuardState {
        // SAFETY: the caller guarantees the lock is initialised; the two
        // bindings name the same C type.
        unsafe { bindings::rsh_spin_lock_bh(ptr.cast()) }
    }

    unsafe fn unlock(ptr: *mut Self::State, _guard_state: &Self::GuardState) {
        // SAFETY: the caller owns the lock, initialised.
        unsafe { bindings::rsh_spin_unlock_bh(ptr.cast()) }
    }

    // 7.x's `Backend` also asks for these two.
    #[cfg(kernel_7)]
    unsafe fn try_lock(ptr: *mut Self::State) -> Option<Self::GuardState> {
        // SAFETY: the caller guarantees the lock is initialised.
        (unsafe { bindings::rsh_spin_trylock_bh(ptr.cast()) } != 0).then_some(())
    }

    #[cfg(kernel_7)]
    unsafe fn assert_is_held(ptr: *mut Self::State) {
        // SAFETY: the caller guarantees the lock is initialised.
        unsafe { bindings::rsh_spin_assert_held(ptr.cast()) }
    }
}

/// Creates a [`SpinLockBh`] initialiser with a lock class of its own for
/// lockdep, as `kernel::new_spinlock!` does.
#[macro_export]
macro_rules! new_spinlock_bh {
    ($inner:expr, $name:literal) => {
        kernel::sync::lock::Lock::<_, $crate::support::sync::SpinLockBhBackend>::new(
            $inner,
            kernel::c_str!($name),
            kernel::static_lock_class!(),
        )
    };
}
