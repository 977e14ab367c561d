// SPDX-License-Identifier: GPL-2.0

//! Network namespaces and the locks of the networking core (RTNL, RCU).

use super::bindings;
use core::marker::PhantomData;
use kernel::types::Opaque;

/// A network namespace.
///
/// # Invariants
///
/// A `&Net` points to a live `struct net`: it is only handed out for the
/// duration of a call in which the kernel keeps the namespace alive (a netlink
/// request from that namespace, or a device that lives in it).
#[repr(transparent)]
pub struct Net(Opaque<bindings::net>);

impl Net {
    /// Creates a reference from a raw pointer.
    ///
    /// # Safety
    ///
    /// `ptr` points to a live `struct net` that outlives `'a`.
    pub(super) unsafe fn from_raw<'a>(ptr: *const bindings::net) -> &'a Net {
        // SAFETY: `Net` is a transparent wrapper of `struct net`, and the caller
        // guarantees the pointee is alive for `'a`.
        unsafe { &*ptr.cast() }
    }

    /// The raw pointer.
    pub(super) fn as_ptr(&self) -> *mut bindings::net {
        self.0.get()
    }
}

impl PartialEq for Net {
    fn eq(&self, other: &Net) -> bool {
        core::ptr::eq(self, other)
    }
}

impl Eq for Net {}

/// Proof that the RTNL lock is held.
///
/// Functions that need the lock take `&Rtnl`; the only ways to get one are
/// [`Rtnl::lock`] and the callbacks the networking core calls with the lock held.
///
/// A token made from the claim that the caller holds the lock
/// ([`Rtnl::assume_held`], used by the callbacks) checks the claim: on a
/// kernel with lockdep (`CONFIG_PROVE_LOCKING`) it warns once if this task
/// does not hold RTNL (`lockdep_rtnl_is_held()`); on other kernels it warns
/// once if nobody holds it (`ASSERT_RTNL()`). A wrong claim splats on the debug
/// test kernel instead of going unnoticed.
pub struct Rtnl {
    _not_send: PhantomData<*mut ()>,
}

impl Rtnl {
    /// Takes the RTNL lock; it is released when the guard is dropped.
    pub fn lock() -> RtnlGuard {
        // SAFETY: `rtnl_lock` may be called from any sleepable context.
        unsafe { bindings::rtnl_lock() };
        RtnlGuard(Rtnl {
            _not_send: PhantomData,
        })
    }

    /// A token for a context in which the lock is held.
    ///
    /// Asserts the claim (see [`Rtnl`]): a splat on the kernel log, not a
    /// failure, if RTNL is not held.
    ///
    /// # Safety
    ///
    /// The RTNL lock is held for the whole lifetime `'a`.
    pub(super) unsafe fn assume_held<'a>() -> &'a Rtnl {
        // SAFETY: the check only reads lock state; callable from any context.
        unsafe { bindings::rsh_rtnl_assert_held() };
        static TOKEN: RtnlToken = RtnlToken(Rtnl {
            _not_send: PhantomData,
        });
        &TOKEN.0
    }
}

struct RtnlToken(Rtnl);
// SAFETY: `Rtnl` is a zero-sized token without state; sharing it is harmless,
// its meaning comes from the callers of `assume_held`.
unsafe impl Sync for RtnlToken {}

/// Holds the RTNL lock until dropped.
pub struct RtnlGuard(Rtnl);

impl core::ops::Deref for RtnlGuard {
    type Target = Rtnl;

    fn deref(&self) -> &Rtnl {
        &self.0
    }
}

impl Drop for RtnlGuard {
    fn drop(&mut self) {
        // SAFETY: the guard was created by `Rtnl::lock`, so this context holds the lock.
        unsafe { bindings::rtnl_unlock() };
    }
}

/// Proof that an RCU read-side critical section is open.
///
/// Functions that need one take `&Rcu`; the only ways to get one are
/// [`Rcu::read_lock`] and the callbacks the networking core calls inside a
/// read-side critical section (transmit, receive handlers).
///
/// A token made from the claim that the caller is inside one
/// ([`Rcu::assume_held`]) checks the claim on kernels with
/// `CONFIG_PROVE_RCU`: `RCU_LOCKDEP_WARN(!rcu_read_lock_any_held())`, a
/// "suspicious RCU usage" splat (once) if no reader of any flavour (RCU,
/// RCU-bh, RCU-sched, preemption or bottom halves disabled) is active. Other
/// kernels compile the check out, as the kernel's own RCU checks.
pub struct Rcu {
    _not_send: PhantomData<*mut ()>,
}

impl Rcu {
    /// Opens a read-side critical section; it closes when the guard is dropped.
    pub fn read_lock() -> RcuGuard {
        // SAFETY: `rcu_read_lock` may be called from any context.
        unsafe { bindings::rsh_rcu_read_lock() };
        RcuGuard(Rcu {
            _not_send: PhantomData,
        })
    }

    /// A token for a context that is inside a read-side critical section.
    ///
    /// Asserts the claim on `CONFIG_PROVE_RCU` kernels (see [`Rcu`]).
    ///
    /// # Safety
    ///
    /// The caller is in an RCU read-side critical section (RCU, RCU-bh or with
    /// preemption or bottom halves disabled) for the whole lifetime `'a`.
    pub(super) unsafe fn assume_held<'a>() -> &'a Rcu {
        // Without `CONFIG_PROVE_RCU` the helper is empty: skip the call on
        // the packet path.
        if cfg!(CONFIG_PROVE_RCU) {
            // SAFETY: the check only reads lock state; callable from any context.
            unsafe { bindings::rsh_rcu_assert_held() };
        }
        static TOKEN: RcuToken = RcuToken(Rcu {
            _not_send: PhantomData,
        });
        &TOKEN.0
    }
}

struct RcuToken(Rcu);
// SAFETY: as for `RtnlToken`.
unsafe impl Sync for RcuToken {}

/// Holds an RCU read-side critical section open until dropped.
pub struct RcuGuard(Rcu);

impl core::ops::Deref for RcuGuard {
    type Target = Rcu;

    fn deref(&self) -> &Rcu {
        &self.0
    }
}

impl Drop for RcuGuard {
    fn drop(&mut self) {
        // SAFETY: the guard was created by `Rcu::read_lock` in this context.
        unsafe { bindings::rsh_rcu_read_unlock() };
    }
}

/// Waits until every RCU reader in the networking core that may have started
/// before this call has finished.
pub fn synchronize_net() {
    // SAFETY: `synchronize_net` may be called from any sleepable context.
    unsafe { bindings::rsh_synchronize_net() };
}

/// A random 32-bit value from the kernel's generator (`get_random_u32`).
pub fn random_u32() -> u32 {
    // SAFETY: callable from any context.
    unsafe { bindings::rsh_random_u32() }
}
