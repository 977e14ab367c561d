// SPDX-License-Identifier: GPL-2.0

//! One-shot high-resolution timers that fire in softirq context
//! (`HRTIMER_MODE_REL_SOFT`), embedded in the object they call back.
//!
//! C header: [`include/linux/hrtimer.h`](srctree/include/linux/hrtimer.h).

use super::bindings;
use core::marker::PhantomData;
use core::sync::atomic::{AtomicPtr, Ordering};
use kernel::types::Opaque;

/// The monotonic clock (`ktime_get`), in nanoseconds since boot.
pub fn now_ns() -> u64 {
    // SAFETY: `ktime_get` may be called from any context.
    let ns = unsafe { bindings::ktime_get() };
    ns as u64
}

/// What a [`Timer`] calls.
pub trait TimerCallback: Send + Sync + 'static {
    /// The timer expired (softirq context).
    fn fire(&self);
}

/// A timer embedded in an object of type `T`, which it calls back.
///
/// # Invariants
///
/// Once `owner` is non-null, `timer` is initialised with
/// `timer_callback::<T>` and `owner` points to the `T` that contains this
/// timer, which stays at that address until the timer is dropped (dropping
/// cancels it and waits for a running callback).
#[repr(C)]
pub struct Timer<T: TimerCallback> {
    // First field: the callback gets from the `hrtimer` to the `Timer`.
    timer: Opaque<bindings::hrtimer>,
    owner: AtomicPtr<T>,
    _p: PhantomData<T>,
}

// SAFETY: the hrtimer core serialises its own state; `owner` is atomic.
unsafe impl<T: TimerCallback> Send for Timer<T> {}
// SAFETY: as above.
unsafe impl<T: TimerCallback> Sync for Timer<T> {}

impl<T: TimerCallback> Timer<T> {
    /// A timer not yet bound to its owner.
    pub const fn new() -> Self {
        Timer {
            timer: Opaque::uninit(),
            owner: AtomicPtr::new(core::ptr::null_mut()),
            _p: PhantomData,
        }
    }

    /// Binds the timer to `owner`, the object that contains it, which must
    /// not move any more (it lives in an `Arc` or `Box`, say). Once only;
    /// returns whether this call did it.
    pub fn bind(&self, owner: &T) -> bool {
        let me = core::ptr::from_ref(self) as usize;
        let start = core::ptr::from_ref(owner) as usize;
        // The timer must be inside its owner: then the owner outlives it.
        if me < start || me + core::mem::size_of::<Self>() > start + core::mem::size_of::<T>() {
            return false;
        }
        if !self.owner.load(Ordering::Acquire).is_null() {
            return false;
        }
        // SAFETY: not initialised yet (owner is null); the timer does not
        // move (it is inside `owner`, which does not move).
        unsafe { bindings::rsh_hrtimer_init_soft(self.timer.get(), Some(timer_callback::<T>)) };
        self.owner
            .store(core::ptr::from_ref(owner).cast_mut(), Ordering::Release);
        true
    }

    /// Arms the timer to fire in `ns` nanoseconds (rearming if armed).
    /// Does nothing if not bound.
    pub fn start(&self, ns: u64) {
        if self.owner.load(Ordering::Acquire).is_null() {
            return;
        }
        // SAFETY: bound, hence initialised (type invariant).
        unsafe { bindings::rsh_hrtimer_start_soft(self.timer.get(), ns) };
    }

    /// Disarms the timer and waits for a running callback to return; the
    /// timer can be armed again afterwards.
    pub fn cancel(&self) {
        if self.owner.load(Ordering::Acquire).is_null() {
            return;
        }
        // SAFETY: bound, hence initialised; may sleep-wait for the callback.
        unsafe { bindings::hrtimer_cancel(self.timer.get()) };
    }

    /// Whether the timer is armed or running.
    pub fn is_active(&self) -> bool {
        // SAFETY: bound, hence initialised; reading the state is safe.
        !self.owner.load(Ordering::Acquire).is_null()
            && unsafe { bindings::hrtimer_active(self.timer.get()) }
    }
}

impl<T: TimerCallback> Drop for Timer<T> {
    fn drop(&mut self) {
        if !self.owner.load(Ordering::Acquire).is_null() {
            // SAFETY: initialised; waits for a running callback.
            unsafe { bindings::hrtimer_cancel(self.timer.get()) };
        }
    }
}

/// The hrtimer function installed by [`Timer::bind`].
///
/// # Safety
///
/// `timer` is the `hrtimer` of a bound [`Timer<T>`] whose owner is live (it
/// cancels the timer before it goes away).
unsafe extern "C" fn timer_callback<T: TimerCallback>(
    timer: *mut bindings::hrtimer,
) -> bindings::hrtimer_restart {
    // SAFETY: `timer` is the first field of a `#[repr(C)]` `Timer<T>` (only
    // `bind::<T>` installs this callback), bound to a live owner that cancels
    // the timer before it goes away.
    let owner = unsafe { (*timer.cast::<Timer<T>>()).owner.load(Ordering::Acquire) };
    // SAFETY: as above: `owner` is live while the timer can fire.
    unsafe { (*owner).fire() };
    bindings::hrtimer_restart_HRTIMER_NORESTART
}
