// SPDX-License-Identifier: GPL-2.0

//! Network device notifications (`register_netdevice_notifier`).

use super::bindings;
use super::net::Rtnl;
use super::netdev::NetDevice;
use core::marker::PhantomData;
use core::sync::atomic::{AtomicBool, Ordering};
use kernel::error::{code::EBUSY, Result};
use kernel::types::Opaque;

/// A device event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    /// The device is being unregistered.
    Unregister,
    /// Its MTU changed.
    ChangeMtu,
    /// It went down.
    Down,
}

/// Receives device events, with RTNL held.
pub trait NetdevNotify: Send + Sync + 'static {
    /// Called for each event on any device, in any namespace.
    fn event(rtnl: &Rtnl, event: Event, dev: &NetDevice);
}

/// A notifier, usually a `static`, registered by [`Notifier::register`].
///
/// # Invariants
///
/// While `claimed` is true the block is owned by its registration.
pub struct Notifier<T: NetdevNotify> {
    nb: Opaque<bindings::notifier_block>,
    claimed: AtomicBool,
    _p: PhantomData<T>,
}

// SAFETY: the block is written by `register` only, before the core sees it.
unsafe impl<T: NetdevNotify> Sync for Notifier<T> {}

/// Keeps a [`Notifier`] registered.
pub struct NotifierRegistration<T: NetdevNotify>(&'static Notifier<T>);

impl<T: NetdevNotify> Notifier<T> {
    /// A notifier not yet registered.
    pub const fn new() -> Self {
        Notifier {
            nb: Opaque::uninit(),
            claimed: AtomicBool::new(false),
            _p: PhantomData,
        }
    }

    /// Registers the notifier. Events for devices that already exist are
    /// replayed (as `register_netdevice_notifier` does, register events only).
    pub fn register(&'static self) -> Result<NotifierRegistration<T>> {
        if self.claimed.swap(true, Ordering::AcqRel) {
            return Err(EBUSY);
        }
        // SAFETY: all-zero is a valid `notifier_block`.
        let mut nb: bindings::notifier_block =
            unsafe { core::mem::MaybeUninit::zeroed().assume_init() };
        nb.notifier_call = Some(notifier_callback::<T>);
        // SAFETY: we own the block (claimed) and it is not registered; it
        // lives forever (a static).
        let ret = unsafe {
            self.nb.get().write(nb);
            bindings::register_netdevice_notifier(self.nb.get())
        };
        if ret != 0 {
            self.claimed.store(false, Ordering::Release);
            return Err(kernel::error::Error::from_errno(ret));
        }
        Ok(NotifierRegistration(self))
    }
}

impl<T: NetdevNotify> Drop for NotifierRegistration<T> {
    fn drop(&mut self) {
        // SAFETY: registered by `register`.
        unsafe { bindings::unregister_netdevice_notifier(self.0.nb.get()) };
        self.0.claimed.store(false, Ordering::Release);
    }
}

/// `notifier_block.notifier_call` of a [`Notifier<T>`].
///
/// # Safety
///
/// Called by the netdevice notifier chain, with RTNL held; `ptr` is the
/// `netdev_notifier_info` of a live device.
unsafe extern "C" fn notifier_callback<T: NetdevNotify>(
    _nb: *mut bindings::notifier_block,
    event: kernel::ffi::c_ulong,
    ptr: *mut kernel::ffi::c_void,
) -> kernel::ffi::c_int {
    let event = match event as u32 {
        bindings::netdev_cmd_NETDEV_UNREGISTER => Event::Unregister,
        bindings::netdev_cmd_NETDEV_CHANGEMTU => Event::ChangeMtu,
        bindings::netdev_cmd_NETDEV_DOWN => Event::Down,
        _ => return bindings::NOTIFY_DONE as i32,
    };
    // SAFETY: netdevice notifiers run with RTNL held and `ptr` is a
    // `netdev_notifier_info` of a live device.
    let (rtnl, dev) = unsafe {
        (
            Rtnl::assume_held(),
            NetDevice::from_raw(bindings::rsh_netdev_notifier_info_to_dev(ptr)),
        )
    };
    T::event(rtnl, event, dev);
    bindings::NOTIFY_DONE as i32
}
