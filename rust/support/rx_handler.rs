// SPDX-License-Identifier: GPL-2.0

//! Receive handlers: taking over what a device receives (`rx_handler`), the
//! way bridges, macvlan and rmnet sit on a lower device.
//!
//! A handler is a value of a type implementing [`RxHandler`], shared as an
//! [`Arc`]: [`attach`] installs it on a device, [`get`] finds it again (for
//! instance to add a channel to an existing port), [`detach`] removes it and
//! gives the `Arc` back once no packet can be using it any more.

use super::bindings;
use super::foreign;
use super::net::{Rcu, Rtnl};
use super::netdev::NetDevice;
use super::skb::SkBuff;
use kernel::error::Result;
use kernel::sync::{Arc, ArcBorrow};
use kernel::types::ForeignOwnable;

/// What [`RxHandler::receive`] did with a buffer.
pub enum Rx {
    /// Taken: delivered, queued or dropped and counted.
    Consumed,
    /// Not ours: the stack goes on with it as if no handler were there.
    Pass(SkBuff),
}

/// Takes the packets a device receives.
pub trait RxHandler: Send + Sync + 'static {
    /// Handles one received buffer, in softirq context, under RCU. The
    /// buffer is not shared (it was unshared if a packet tap held it).
    fn receive(&self, skb: SkBuff, rcu: &Rcu) -> Rx;
}

/// The `rx_handler` installed by [`attach::<T>`](attach).
///
/// # Safety
///
/// Called by `__netif_receive_skb_core` under `rcu_read_lock`, with `pskb`
/// holding a valid buffer of a device this handler is attached to, whose
/// `rx_handler_data` is the `Arc<T>` given to [`attach`].
unsafe extern "C" fn rx_handler_callback<T: RxHandler>(
    pskb: *mut *mut bindings::sk_buff,
) -> bindings::rx_handler_result_t {
    // SAFETY: the core passes a valid buffer pointer; the buffer's device
    // is the one the handler is attached to.
    let skb = unsafe { bindings::rsh_skb_share_check(*pskb) };
    if skb.is_null() {
        return bindings::rx_handler_result_RX_HANDLER_CONSUMED;
    }
    // SAFETY: this callback is only installed by `attach::<T>`, with the data
    // pointer of an `Arc<T>`, which `detach` takes back only after the
    // handler is unregistered and RCU readers are gone; we run under RCU.
    let data = unsafe {
        <Arc<T> as ForeignOwnable>::borrow(bindings::rsh_rx_handler_data(bindings::rsh_skb_dev(
            skb,
        )))
    };
    // SAFETY: `skb_share_check` gave us a buffer we own.
    let skb = unsafe { SkBuff::from_raw(skb) };
    // SAFETY: rx handlers run under rcu_read_lock.
    let rcu = unsafe { Rcu::assume_held() };
    match data.receive(skb, rcu) {
        Rx::Consumed => bindings::rx_handler_result_RX_HANDLER_CONSUMED,
        Rx::Pass(skb) => {
            // SAFETY: `pskb` is the core's slot for the buffer it goes on with.
            unsafe { *pskb = skb.into_raw() };
            bindings::rx_handler_result_RX_HANDLER_PASS
        }
    }
}

/// Installs `handler` on `dev`. Fails with `EBUSY` if the device already has
/// a receive handler (another module's, or this one's).
pub fn attach<T: RxHandler>(_rtnl: &Rtnl, dev: &NetDevice, handler: Arc<T>) -> Result {
    let data = foreign::into_raw(handler);
    // SAFETY: RTNL is held; `data` is an `Arc<T>` the callback borrows.
    let ret = unsafe {
        bindings::netdev_rx_handler_register(dev.as_ptr(), Some(rx_handler_callback::<T>), data)
    };
    if ret != 0 {
        // SAFETY: not registered, so we take back the reference we gave.
        drop(unsafe { <Arc<T> as ForeignOwnable>::from_foreign(data) });
    }
    kernel::error::to_result(ret)
}

fn is_ours<T: RxHandler>(dev: &NetDevice) -> bool {
    // SAFETY: the device is live; only the pointer value is compared.
    unsafe { bindings::rsh_rx_handler_is(dev.as_ptr(), Some(rx_handler_callback::<T>)) }
}

/// The handler of type `T` attached to `dev`, if any (a new reference).
pub fn get<T: RxHandler>(_rtnl: &Rtnl, dev: &NetDevice) -> Option<Arc<T>> {
    if !is_ours::<T>(dev) {
        return None;
    }
    // SAFETY: RTNL is held, which keeps the handler and its data in place.
    let data = unsafe { (*dev.as_ptr()).rx_handler_data };
    // SAFETY: the handler is ours, so `data` is an `Arc<T>` from `attach`; it
    // can only be detached under RTNL, which we hold; the borrow ends here.
    let borrowed: ArcBorrow<'_, T> = unsafe { Arc::<T>::borrow(data) };
    Some(borrowed.into())
}

/// Removes the handler of type `T` from `dev` and returns it, once no packet
/// is being handled any more. `None` if `dev` has no such handler.
pub fn detach<T: RxHandler>(_rtnl: &Rtnl, dev: &NetDevice) -> Option<Arc<T>> {
    if !is_ours::<T>(dev) {
        return None;
    }
    // SAFETY: RTNL is held and the handler is ours.
    let data = unsafe { (*dev.as_ptr()).rx_handler_data };
    // SAFETY: RTNL is held; this waits for running handlers (synchronize_net).
    unsafe { bindings::netdev_rx_handler_unregister(dev.as_ptr()) };
    // SAFETY: `data` came from `attach`; the handler is gone and no borrow
    // outlives the RCU grace period waited for above.
    Some(unsafe { <Arc<T> as ForeignOwnable>::from_foreign(data) })
}
