// SPDX-License-Identifier: GPL-2.0

//! NAPI contexts: a device's receive work, scheduled from its completion
//! path (any context, hard interrupts included) and polled in softirq, or
//! in a kernel thread of its own when the device is threaded
//! (`/sys/class/net/DEV/threaded`).
//!
//! The support layer embeds a [`Napi`] in the structure that polls it and
//! finds that structure again from the poll callback (`container_of`), so
//! registering one is unsafe and stays in this layer; what the poll hands
//! up goes to the stack through [`NetDevice::receive`] with the [`Poll`]
//! token that proves the NAPI context.
//!
//! C header: [`include/linux/netdevice.h`](srctree/include/linux/netdevice.h).

use super::bindings;
use super::netdev::NetDevice;
use super::skb::SkBuff;
use core::marker::PhantomData;
use core::sync::atomic::{AtomicBool, AtomicPtr, Ordering};
use kernel::types::Opaque;

/// The poll callback of a NAPI context: does up to the budget's work and
/// returns how much it did; below the budget, it completes the poll first.
pub(crate) type PollFn = unsafe extern "C" fn(*mut bindings::napi_struct, i32) -> i32;

/// A NAPI context, registered with a device from [`Napi::add`] to
/// [`Napi::del`], polling while enabled ([`Napi::enable`]).
///
/// # Invariants
///
/// `napi` is registered with the device `dev` while `added`, and enabled
/// while `enabled` (which implies `added`); while `added`, the context
/// holds a reference on `dev` (`dev_hold`). The C structure is the first
/// field (`repr(C)`), so that a poll callback may take a pointer to it for
/// a pointer to the `Napi`.
#[repr(C)]
pub struct Napi {
    napi: Opaque<bindings::napi_struct>,
    added: AtomicBool,
    enabled: AtomicBool,
    dev: AtomicPtr<bindings::net_device>,
}

// SAFETY: scheduling may happen from any CPU and context; registration,
// enabling and their reverse are serialised by their callers (the device's
// init, open, stop and uninit paths).
unsafe impl Send for Napi {}
// SAFETY: as above.
unsafe impl Sync for Napi {}

impl Napi {
    /// A context not registered with any device.
    pub const fn new() -> Self {
        Napi {
            napi: Opaque::uninit(),
            added: AtomicBool::new(false),
            enabled: AtomicBool::new(false),
            dev: AtomicPtr::new(core::ptr::null_mut()),
        }
    }

    /// Registers the context with `dev`, disabled, holding a reference on
    /// the device until [`Napi::del`]; does nothing when it is registered
    /// already. The device's `threaded` setting decides where `poll` runs.
    ///
    /// # Safety
    ///
    /// `poll` may be called with this context's C structure until
    /// [`Napi::del`] returns, and the context does not move until then.
    /// Calls are serialised with each other and with `del` (RTNL, or the
    /// device's registration).
    pub(crate) unsafe fn add(&self, dev: &NetDevice, poll: PollFn) {
        if self.added.load(Ordering::Acquire) {
            return;
        }
        // SAFETY: the device is live; the reference is dropped in `del`.
        unsafe { bindings::rsh_dev_hold(dev.as_ptr()) };
        self.dev.store(dev.as_ptr(), Ordering::Relaxed);
        // SAFETY: by the function's contract; not registered (checked);
        // `netif_napi_add` initialises the whole structure, disabled.
        unsafe { bindings::rsh_netif_napi_add(dev.as_ptr(), self.napi.get(), Some(poll)) };
        self.added.store(true, Ordering::Release);
    }

    /// Disables the context and unregisters it (waiting for an RCU grace
    /// period). Sleeps.
    pub fn del(&self) {
        self.disable();
        if self.added.swap(false, Ordering::AcqRel) {
            // SAFETY: registered and disabled (type invariant); then the
            // reference taken in `add` is dropped.
            unsafe {
                bindings::rsh_netif_napi_del(self.napi.get());
                bindings::rsh_dev_put(self.dev.swap(core::ptr::null_mut(), Ordering::Relaxed));
            }
        }
    }

    /// Enables polls; does nothing when not registered or already enabled.
    pub fn enable(&self) {
        if self.added.load(Ordering::Acquire) && !self.enabled.swap(true, Ordering::AcqRel) {
            // SAFETY: registered and disabled (type invariant).
            unsafe { bindings::napi_enable(self.napi.get()) };
        }
    }

    /// Disables polls, waiting for one in progress; schedules do nothing
    /// until [`Napi::enable`]. Sleeps.
    pub fn disable(&self) {
        if self.enabled.swap(false, Ordering::AcqRel) {
            // SAFETY: registered and enabled (type invariant).
            unsafe { bindings::napi_disable(self.napi.get()) };
        }
    }

    /// Schedules a poll (any context).
    pub fn schedule(&self) {
        if self.added.load(Ordering::Acquire) {
            // SAFETY: registered; scheduling a disabled or already scheduled
            // context does nothing.
            unsafe { bindings::rsh_napi_schedule(self.napi.get()) };
        }
    }

    /// Ends a poll that did `work` (less than its budget): the context may
    /// be scheduled again. Returns false when it was scheduled meanwhile
    /// and polls again.
    ///
    /// # Safety
    ///
    /// Called from this context's poll callback, at most once per poll.
    pub(crate) unsafe fn complete_done(&self, work: i32) -> bool {
        // SAFETY: by the function's contract.
        unsafe { bindings::napi_complete_done(self.napi.get(), work) }
    }
}

impl Default for Napi {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for Napi {
    fn drop(&mut self) {
        self.del();
    }
}

/// Proof that the code holding it runs in a NAPI poll (softirq context with
/// the poll's per-CPU caches, or the context's thread with bottom halves
/// off), where buffers go to the stack synchronously.
pub struct Poll<'a>(PhantomData<&'a ()>);

impl Poll<'_> {
    /// The token.
    ///
    /// # Safety
    ///
    /// Only inside a NAPI poll callback, for its duration.
    pub(crate) unsafe fn new() -> Self {
        Poll(PhantomData)
    }
}

impl NetDevice {
    /// Delivers `skb` to the stack as received on this device, now
    /// (`netif_receive_skb`: the rx handler and the protocols run before
    /// this returns).
    pub fn receive(&self, mut skb: SkBuff, _poll: &Poll<'_>) {
        skb.set_dev(self);
        // SAFETY: the device is live; in a NAPI poll (the token), so bottom
        // halves are off; the call takes the buffer whatever it returns.
        unsafe { bindings::netif_receive_skb(skb.into_raw()) };
    }
}
