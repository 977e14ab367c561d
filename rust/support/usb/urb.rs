// SPDX-License-Identifier: GPL-2.0

//! Bulk transfer queues of a network device: many receive buffers in flight
//! on a bulk IN endpoint ([`BulkRx`]), one URB per transmitted buffer on a
//! bulk OUT endpoint ([`BulkTx`]).
//!
//! Receive buffers are compound pages. A completed buffer waits for the
//! queue's NAPI poll, which hands it to the device's owner as an `sk_buff`
//! whose data is a fragment of that page (an empty linear part), so that a
//! demultiplexer above can share the page between the packets it cuts out,
//! copying nothing but their headers; a new page takes its place in the
//! URB. A page that no packet kept (all copied out, or dropped) is kept for
//! the next buffer instead of going back to the page allocator. When no
//! page can be had, the data is dropped and counted and the URB goes back
//! with its old page: the number of buffers in flight never shrinks. A
//! stalled endpoint is cleared from a work item, and the URBs parked
//! meanwhile are resubmitted.
//!
//! The poll runs in softirq, or in a thread of its own when the device is
//! threaded (`/sys/class/net/DEV/threaded`): then the completions (the host
//! controller's interrupt or bottom half) and the receive processing above
//! can run on different CPUs.
//!
//! C header: [`include/linux/usb.h`](srctree/include/linux/usb.h).

use super::super::bindings;
use super::super::error::code::*;
use super::super::foreign;
use super::super::napi::{Napi, Poll};
use super::super::netdev::{Device, NetDevice, Operations};
use super::super::skb::SkBuff;
use super::super::stats::Counter;
use super::{Endpoint, InterfaceRef};
use core::marker::PhantomData;
use core::sync::atomic::{AtomicBool, AtomicPtr, AtomicU32, Ordering};
use kernel::error::{Error, Result};
use kernel::prelude::{pin_data, pinned_drop, PinInit};
use kernel::try_pin_init;
use kernel::types::Opaque;

/// Most URBs one queue keeps in flight.
pub const MAX_URBS: usize = 64;

/// The order of the smallest compound page larger than `len` bytes: a
/// transfer that fills it whole is known to be too large (see
/// [`BulkRx::start`]).
fn order_for(len: u32) -> u32 {
    let pages = (len as usize + 1).div_ceil(1 << bindings::PAGE_SHIFT);
    pages.next_power_of_two().trailing_zeros()
}

/// The receive side of a device of kind `Self`: what it does with each
/// completed buffer.
pub trait RxOwner: Operations {
    /// A buffer came in on `dev` (data in one page fragment; see the
    /// module documentation). Called from the queue's NAPI poll.
    fn rx(dev: &Device<Self>, skb: SkBuff, poll: &Poll<'_>);
}

/// A buffer holds many packets (a QMAP aggregate): a poll takes at most
/// this many buffers, each counted as that share of its budget.
const BUFFERS_PER_POLL: i32 = 16;

/// An empty parking slot (a `const` item, so that arrays repeat it).
#[allow(clippy::declare_interior_mutable_const)]
const NO_URB: AtomicPtr<bindings::urb> = AtomicPtr::new(core::ptr::null_mut());

/// The receive counters of a [`BulkRx`], beyond the buffers handed up.
#[derive(Default)]
pub struct RxStats {
    /// Buffers handed to the owner.
    pub buffers: Counter,
    /// Bytes in them.
    pub bytes: Counter,
    /// Transfers completed with no data.
    pub empty: Counter,
    /// Transfers the device made longer than the buffer (babble).
    pub overflow: Counter,
    /// Transfers that failed on the bus (CRC, bit stuffing, timeouts,
    /// protocol errors).
    pub errors: Counter,
    /// Stalls of the endpoint (each cleared from the work item).
    pub stalls: Counter,
    /// Buffers dropped because no page (or sk_buff) could be allocated.
    pub nomem: Counter,
    /// URBs lost because resubmission failed (device gone, not stopped).
    pub lost: Counter,
}

/// Receive buffers of `size` bytes, `count` in flight on a bulk IN endpoint.
///
/// # Invariants
///
/// While `running`, `dev` holds a reference on a registered device of kind
/// `T`. Every URB the queue allocated and has not freed is either anchored
/// on `anchor` (submitted, or completing), anchored on `done` (completed
/// with data, waiting for the poll), in the poll's hands, or in `parked`;
/// each has `context` pointing to `self` and a transfer buffer that is the
/// address of a page of order `order` the URB owns a reference on. `spare`
/// is null or a page of order `order` the queue owns the only reference
/// on. `work` is initialised. `napi` is registered with the device of kind
/// `T` whose private data holds the queue, from [`BulkRx::attach`] to
/// [`BulkRx::detach`], with [`poll_callback::<T>`] as its poll.
#[pin_data(PinnedDrop)]
pub struct BulkRx<T: RxOwner> {
    #[pin]
    anchor: Opaque<bindings::usb_anchor>,
    /// Completed URBs with data, oldest first, for the poll.
    #[pin]
    done: Opaque<bindings::usb_anchor>,
    #[pin]
    napi: Napi,
    /// A page no packet kept, for the next buffer.
    spare: AtomicPtr<bindings::page>,
    #[pin]
    work: Opaque<bindings::work_struct>,
    /// URBs waiting, not submitted, for a stall to be cleared: lock-free
    /// slots, since completions may run in hard interrupt context.
    parked: [AtomicPtr<bindings::urb>; MAX_URBS],
    /// A transfer filled a whole buffer without ending: what follows, up to
    /// the short packet ending it, is the rest of a transfer too large.
    overrun: AtomicBool,
    intf: InterfaceRef,
    pipe: u32,
    dev: AtomicPtr<bindings::net_device>,
    running: AtomicBool,
    order: AtomicU32,
    len: AtomicU32,
    /// URBs allocated and not freed.
    live: AtomicU32,
    /// The counters.
    pub stats: RxStats,
    _p: PhantomData<T>,
}

// SAFETY: the URBs and the device are shared with interrupt context through
// atomics and the lock; `T: Send + Sync`.
unsafe impl<T: RxOwner> Send for BulkRx<T> {}
// SAFETY: as above.
unsafe impl<T: RxOwner> Sync for BulkRx<T> {}

impl<T: RxOwner> BulkRx<T> {
    /// A stopped queue for endpoint `ep` of the interface `intf` refers to.
    pub fn new(intf: InterfaceRef, ep: &Endpoint<'_>) -> impl PinInit<Self, Error> {
        // SAFETY: the device is live (the reference holds it).
        let pipe = unsafe { bindings::rsh_usb_rcvbulkpipe(intf.udev(), ep.address()) };
        try_pin_init!(BulkRx {
            // SAFETY: `init_usb_anchor` initialises the anchor in place.
            anchor <- Opaque::ffi_init(|p| unsafe { bindings::rsh_init_usb_anchor(p) }),
            // SAFETY: as above.
            done <- Opaque::ffi_init(|p| unsafe { bindings::rsh_init_usb_anchor(p) }),
            napi: Napi::new(),
            spare: AtomicPtr::new(core::ptr::null_mut()),
            // SAFETY: `INIT_WORK` initialises the work in place.
            work <- Opaque::ffi_init(|p| unsafe { bindings::rsh_init_work(p, Some(work_callback::<T>)) }),
            parked: [NO_URB; MAX_URBS],
            overrun: AtomicBool::new(false),
            intf,
            pipe,
            dev: AtomicPtr::new(core::ptr::null_mut()),
            running: AtomicBool::new(false),
            order: AtomicU32::new(0),
            len: AtomicU32::new(0),
            live: AtomicU32::new(0),
            stats: RxStats::default(),
            _p: PhantomData,
        }? Error)
    }

    /// Registers the queue's NAPI context with `dev` (from the `init` of
    /// the device whose private data holds the queue, RTNL held), which it
    /// holds until [`BulkRx::detach`]. Buffers are delivered from
    /// [`BulkRx::start`] on.
    pub fn attach(&self, dev: &Device<T>) {
        // The queue is pinned (built in place only), and its drop ends the
        // registration; `poll_callback` finds it from the context's address.
        // SAFETY: as above; callers serialise on RTNL.
        unsafe { self.napi.add(dev, poll_callback::<T>) };
    }

    /// Unregisters the NAPI context (from the device's `uninit`, after it
    /// stopped). Sleeps.
    pub fn detach(&self) {
        self.napi.del();
    }

    /// Whether buffers are in flight.
    pub fn is_running(&self) -> bool {
        self.running.load(Ordering::Acquire)
    }

    /// The buffer size and the number of URBs (what the last `start` set).
    pub fn geometry(&self) -> (u32, u32) {
        (
            self.len.load(Ordering::Relaxed),
            self.live.load(Ordering::Relaxed),
        )
    }

    /// Puts `count` (at most [`MAX_URBS`]) buffers for transfers of up to
    /// `size` bytes in flight, handing what they receive to `T::rx` on
    /// `dev`. Sleeps.
    ///
    /// Each buffer is the smallest compound page larger than `size`, and
    /// the URB takes all of it: a transfer of at most `size` bytes always
    /// ends with a short packet inside it. One that fills it (the device
    /// sending more than it agreed to) is dropped and counted as an
    /// overflow, with its continuation in the next buffers. (A buffer of
    /// exactly `size` bytes, a multiple of the packet size, would take a
    /// transfer too large as a valid one and its rest as the next.)
    pub fn start(&self, dev: &Device<T>, count: u32, size: u32) -> Result {
        if count == 0 || count as usize > MAX_URBS || size == 0 || size > 1 << 20 {
            return Err(EINVAL);
        }
        if self.running.swap(true, Ordering::AcqRel) {
            return Err(EBUSY);
        }
        let order = order_for(size);
        self.order.store(order, Ordering::Relaxed);
        self.len.store(size, Ordering::Relaxed);
        // SAFETY: the device is registered; the reference is dropped in `stop`.
        unsafe { bindings::rsh_dev_hold(dev.as_ptr()) };
        self.dev.store(dev.as_ptr(), Ordering::Release);
        // SAFETY: the anchor is initialised; nothing is anchored (stopped).
        unsafe { bindings::usb_unpoison_anchored_urbs(self.anchor.get()) };
        self.napi.enable();
        for i in 0..count {
            if let Err(e) = self.add_urb() {
                if i == 0 {
                    self.stop();
                    return Err(e);
                }
                break;
            }
        }
        Ok(())
    }

    /// Allocates, fills and submits one URB.
    fn add_urb(&self) -> Result {
        // SAFETY: plain allocations; freed below on failure.
        let urb = unsafe { bindings::usb_alloc_urb(0, bindings::GFP_KERNEL) };
        if urb.is_null() {
            return Err(ENOMEM);
        }
        let order = self.order.load(Ordering::Relaxed);
        // SAFETY: as above.
        let page = unsafe { bindings::rsh_usb_rx_page_alloc(order, false) };
        if page.is_null() {
            // SAFETY: ours, never submitted.
            unsafe { bindings::usb_free_urb(urb) };
            return Err(ENOMEM);
        }
        self.live.fetch_add(1, Ordering::Relaxed);
        // SAFETY: `urb` and `page` are ours; the page's address is valid for
        // its whole size, at least `len` bytes.
        unsafe {
            bindings::rsh_usb_fill_bulk_urb(
                urb,
                self.intf.udev(),
                self.pipe,
                bindings::rsh_page_address(page),
                (bindings::PAGE_SIZE << order) as i32,
                Some(complete_callback::<T>),
                foreign::borrowed_raw(self),
            )
        };
        // SAFETY: the URB is ours and filled as the type invariant requires.
        unsafe { self.submit(urb, bindings::GFP_KERNEL) }
    }

    /// Anchors and submits `urb`; on failure frees it.
    ///
    /// # Safety
    ///
    /// `urb` is one of ours (see the type invariant), not anchored nor
    /// submitted.
    unsafe fn submit(&self, urb: *mut bindings::urb, gfp: bindings::gfp_t) -> Result {
        // SAFETY: by the function's contract; the anchor is initialised.
        let ret = unsafe {
            bindings::usb_anchor_urb(urb, self.anchor.get());
            bindings::usb_submit_urb(urb, gfp)
        };
        if ret != 0 {
            // SAFETY: as above: the URB did not go.
            unsafe {
                bindings::usb_unanchor_urb(urb);
                self.free_urb(urb);
            }
            return Err(Error::from_errno(ret));
        }
        Ok(())
    }

    /// Frees `urb` and its page.
    ///
    /// # Safety
    ///
    /// `urb` is one of ours, not anchored nor submitted.
    unsafe fn free_urb(&self, urb: *mut bindings::urb) {
        // SAFETY: by the function's contract the buffer is a page address we
        // hold a reference on.
        unsafe {
            bindings::rsh_put_page(bindings::rsh_virt_to_head_page((*urb).transfer_buffer));
            bindings::usb_free_urb(urb);
        }
        self.live.fetch_sub(1, Ordering::Relaxed);
    }

    /// Cancels every buffer in flight and waits for their completions; frees
    /// the URBs. Sleeps.
    pub fn stop(&self) {
        if !self.running.swap(false, Ordering::AcqRel) {
            return;
        }
        // SAFETY: the anchor is initialised; poisoning kills every anchored
        // URB, waiting for its completion, and makes resubmissions fail.
        unsafe { bindings::usb_poison_anchored_urbs(self.anchor.get()) };
        // SAFETY: initialised; waits for a running stall recovery.
        unsafe { bindings::cancel_work_sync(self.work.get()) };
        // No poll runs after this; the buffers it did not take are freed.
        self.napi.disable();
        while let Some(urb) = self.take_done() {
            // SAFETY: ours, completed, not submitted.
            unsafe { self.free_urb(urb) };
        }
        let spare = self.spare.swap(core::ptr::null_mut(), Ordering::AcqRel);
        if !spare.is_null() {
            // SAFETY: the queue's own reference (type invariant).
            unsafe { bindings::rsh_put_page(spare) };
        }
        for slot in &self.parked {
            let urb = slot.swap(core::ptr::null_mut(), Ordering::AcqRel);
            if !urb.is_null() {
                // SAFETY: a parked URB is ours and not submitted.
                unsafe { self.free_urb(urb) };
            }
        }
        let dev = self.dev.swap(core::ptr::null_mut(), Ordering::AcqRel);
        if !dev.is_null() {
            // SAFETY: the reference taken in `start`.
            unsafe { bindings::rsh_dev_put(dev) };
        }
    }

    /// What to do with a completed URB (the completion callback).
    ///
    /// # Safety
    ///
    /// `urb` is one of ours whose transfer just completed (unanchored).
    unsafe fn complete(&self, urb: *mut bindings::urb) {
        // SAFETY: by the function's contract.
        let (status, len) = unsafe { ((*urb).status, (*urb).actual_length) };
        if !self.running.load(Ordering::Acquire) {
            // SAFETY: completed and not ours to resubmit: stopping.
            unsafe { self.free_urb(urb) };
            return;
        }
        // SAFETY: by the function's contract.
        let full = len == unsafe { (*urb).transfer_buffer_length };
        match -status as u32 {
            // The rest of a transfer larger than the buffer: dropped, up to
            // and with the short packet that ends it.
            0 if self.overrun.load(Ordering::Relaxed) => {
                if !full {
                    self.overrun.store(false, Ordering::Relaxed);
                }
            }
            0 if len == 0 => self.stats.empty.inc(),
            // A transfer as large as the buffer, which is larger than any
            // the modem may send: it does not end here.
            0 if full => {
                self.stats.overflow.inc();
                self.overrun.store(true, Ordering::Relaxed);
            }
            0 => {
                // The poll hands it up and resubmits it.
                // SAFETY: the anchor is initialised; the URB is ours,
                // completed and unanchored.
                unsafe { bindings::usb_anchor_urb(urb, self.done.get()) };
                self.napi.schedule();
                return;
            }
            bindings::EPIPE => {
                // SAFETY: by the function's contract.
                if unsafe { self.park(urb) } {
                    return;
                }
            }
            // Killed, unlinked, or the device is gone: not resubmitted.
            bindings::ENOENT | bindings::ECONNRESET | bindings::ESHUTDOWN | bindings::ENODEV => {
                self.stats.lost.inc();
                // SAFETY: completed and not resubmitted.
                unsafe { self.free_urb(urb) };
                return;
            }
            bindings::EOVERFLOW => self.stats.overflow.inc(),
            _ => self.stats.errors.inc(),
        }
        // SAFETY: completed, ours, unanchored.
        if unsafe { self.submit(urb, bindings::GFP_ATOMIC) }.is_err() {
            self.stats.lost.inc();
        }
    }

    /// Parks `urb` until the stall is cleared, and schedules the clearing
    /// (counted once per stall). Returns false when no slot is free.
    ///
    /// # Safety
    ///
    /// `urb` is one of ours that completed, unanchored.
    unsafe fn park(&self, urb: *mut bindings::urb) -> bool {
        let mut first = true;
        for slot in &self.parked {
            match slot.compare_exchange(
                core::ptr::null_mut(),
                urb,
                Ordering::AcqRel,
                Ordering::Acquire,
            ) {
                Ok(_) => {
                    if first {
                        self.stats.stalls.inc();
                    }
                    // SAFETY: initialised; the work is cancelled in `stop`.
                    unsafe { bindings::rsh_schedule_work(self.work.get()) };
                    return true;
                }
                Err(_) => first = false,
            }
        }
        false
    }

    /// The oldest completed URB waiting for the poll, unanchored.
    fn take_done(&self) -> Option<*mut bindings::urb> {
        // SAFETY: the anchor is initialised; the URB comes with the anchor's
        // reference, dropped at once (the queue's own remains).
        let urb = unsafe { bindings::usb_get_from_anchor(self.done.get()) };
        if urb.is_null() {
            return None;
        }
        // SAFETY: as above.
        unsafe { bindings::usb_free_urb(urb) };
        Some(urb)
    }

    /// The NAPI poll: hands up to `budget` completed buffers to the
    /// owner, oldest first, and resubmits their URBs.
    fn poll(&self, budget: i32) -> i32 {
        // SAFETY: this is the queue's NAPI poll.
        let poll = unsafe { Poll::new() };
        let cost = (budget / BUFFERS_PER_POLL).max(1);
        let mut work = 0;
        while work < budget {
            let Some(urb) = self.take_done() else {
                break;
            };
            work += cost;
            if !self.running.load(Ordering::Acquire) {
                // SAFETY: completed and not ours to resubmit: stopping.
                unsafe { self.free_urb(urb) };
                continue;
            }
            // SAFETY: a completed URB of ours, unanchored.
            unsafe { self.hand_up(urb, &poll) };
        }
        // Below the budget, every completed buffer was taken: the poll
        // ends. At the budget, NAPI polls again.
        let work = work.min(budget);
        if work < budget {
            // SAFETY: in the context's poll, once.
            unsafe { self.napi.complete_done(work) };
        }
        work
    }

    /// Hands the data of completed `urb` to the owner and resubmits the
    /// URB with a new page; keeps the old page (dropping the data) when
    /// there is none.
    ///
    /// # Safety
    ///
    /// `urb` is one of ours that completed with data, unanchored.
    unsafe fn hand_up(&self, urb: *mut bindings::urb, poll: &Poll<'_>) {
        // SAFETY: by the function's contract.
        let len = unsafe { (*urb).actual_length };
        let order = self.order.load(Ordering::Relaxed);
        let mut fresh = self.spare.swap(core::ptr::null_mut(), Ordering::Acquire);
        if fresh.is_null() {
            // SAFETY: plain allocation.
            fresh = unsafe { bindings::rsh_usb_rx_page_alloc(order, true) };
        }
        if fresh.is_null() {
            self.stats.nomem.inc();
            // SAFETY: completed, ours, unanchored.
            if unsafe { self.submit(urb, bindings::GFP_ATOMIC) }.is_err() {
                self.stats.lost.inc();
            }
            return;
        }
        // SAFETY: the URB's buffer is a page address we hold a reference on;
        // the URB is ours and not submitted, and takes the new page's
        // reference; the old one's passes to us.
        let page = unsafe {
            let page = bindings::rsh_virt_to_head_page((*urb).transfer_buffer);
            (*urb).transfer_buffer = bindings::rsh_page_address(fresh);
            page
        };
        // The URB goes back before the data is processed.
        // SAFETY: completed, ours, unanchored, with its new page.
        if unsafe { self.submit(urb, bindings::GFP_ATOMIC) }.is_err() {
            self.stats.lost.inc();
        }
        let dev = self.dev.load(Ordering::Acquire);
        // SAFETY: `dev` is held while running; on success the skb takes our
        // page reference.
        let skb = unsafe { bindings::rsh_usb_rx_skb(dev, page, order, len) };
        if skb.is_null() {
            self.stats.nomem.inc();
        } else {
            // One more for the recycling below, taken while the skb holds
            // one.
            // SAFETY: the page is live (the skb's reference).
            unsafe { bindings::rsh_get_page(page) };
            self.stats.buffers.inc();
            self.stats.bytes.add(len.into());
            // SAFETY: running, so `dev` is a registered device of kind `T`
            // (type invariant); the skb is ours to give.
            unsafe { T::rx(Device::from_raw(dev), SkBuff::from_raw(skb), poll) };
        }
        // The owner processed the buffer: when no packet kept a reference
        // on the page (all copied out, or dropped), it serves again.
        // SAFETY: we hold one reference here, either way.
        unsafe {
            if !bindings::rsh_usb_rx_page_reusable(page)
                || self
                    .spare
                    .compare_exchange(
                        core::ptr::null_mut(),
                        page,
                        Ordering::Release,
                        Ordering::Relaxed,
                    )
                    .is_err()
            {
                bindings::rsh_put_page(page);
            }
        }
    }

    /// Clears a stall and resubmits the parked URBs (from the work item).
    fn recover(&self) {
        // SAFETY: the device is live (the reference holds its memory; a
        // disconnected device fails the request). Sleeps: work context.
        let _ = unsafe { bindings::usb_clear_halt(self.intf.udev(), self.pipe as i32) };
        for slot in &self.parked {
            if !self.running.load(Ordering::Acquire) {
                return;
            }
            let urb = slot.swap(core::ptr::null_mut(), Ordering::AcqRel);
            // SAFETY: a parked URB is ours, unanchored and not submitted.
            if !urb.is_null() && unsafe { self.submit(urb, bindings::GFP_KERNEL) }.is_err() {
                self.stats.lost.inc();
            }
        }
    }
}

#[pinned_drop]
impl<T: RxOwner> PinnedDrop for BulkRx<T> {
    fn drop(self: core::pin::Pin<&mut Self>) {
        self.stop();
    }
}

/// The completion of a receive URB.
///
/// # Safety
///
/// `urb` is a URB of a [`BulkRx<T>`] (its `context`), completing.
unsafe extern "C" fn complete_callback<T: RxOwner>(urb: *mut bindings::urb) {
    // SAFETY: the context is the queue, which outlives its URBs (`stop`
    // waits for them before it may be dropped).
    let q = unsafe { &*(*urb).context.cast::<BulkRx<T>>() };
    // SAFETY: as the function's contract says.
    unsafe { q.complete(urb) };
}

/// The NAPI poll of a [`BulkRx<T>`].
///
/// # Safety
///
/// `napi` is the NAPI context of a live [`BulkRx<T>`], registered by
/// [`BulkRx::attach`]; called by the NAPI core.
unsafe extern "C" fn poll_callback<T: RxOwner>(
    napi: *mut bindings::napi_struct,
    budget: i32,
) -> i32 {
    // SAFETY: `napi` is the C structure of the queue's `Napi` (`repr(C)`),
    // embedded in the queue, which outlives the registration.
    let q = unsafe { &*kernel::container_of!(napi.cast::<Napi>(), BulkRx<T>, napi) };
    q.poll(budget)
}

/// The stall-recovery work of a [`BulkRx<T>`].
///
/// # Safety
///
/// `work` is the `work` field of a live [`BulkRx<T>`].
unsafe extern "C" fn work_callback<T: RxOwner>(work: *mut bindings::work_struct) {
    // SAFETY: `work` is embedded in a queue that `stop` keeps alive until the
    // work is cancelled.
    let q = unsafe {
        &*kernel::container_of!(
            work.cast::<Opaque<bindings::work_struct>>(),
            BulkRx<T>,
            work
        )
    };
    q.recover();
}

/// The transmit counters of a [`BulkTx`].
#[derive(Default)]
pub struct TxStats {
    /// Buffers the device took.
    pub buffers: Counter,
    /// Bytes in them.
    pub bytes: Counter,
    /// Buffers that failed on the bus or were cancelled.
    pub errors: Counter,
    /// Buffers never submitted (no memory, device gone).
    pub dropped: Counter,
}

/// One URB per transmitted buffer on a bulk OUT endpoint, at most `limit` in
/// flight: the device's queue is stopped at the limit and woken below it.
///
/// # Invariants
///
/// While `dev` is not null it holds a reference on a registered device. Every
/// URB in flight is anchored on `anchor`, has `context` pointing to its
/// `sk_buff`, whose control buffer starts with a pointer to `self`.
#[pin_data(PinnedDrop)]
pub struct BulkTx {
    #[pin]
    anchor: Opaque<bindings::usb_anchor>,
    intf: InterfaceRef,
    pipe: u32,
    max_packet: u32,
    dev: AtomicPtr<bindings::net_device>,
    inflight: AtomicU32,
    limit: u32,
    /// The counters.
    pub stats: TxStats,
}

// SAFETY: shared with interrupt context through atomics only.
unsafe impl Send for BulkTx {}
// SAFETY: as above.
unsafe impl Sync for BulkTx {}

impl BulkTx {
    /// A stopped queue for endpoint `ep`, with at most `limit` URBs in
    /// flight.
    pub fn new(intf: InterfaceRef, ep: &Endpoint<'_>, limit: u32) -> impl PinInit<Self, Error> {
        // SAFETY: the device is live (the reference holds it).
        let pipe = unsafe { bindings::rsh_usb_sndbulkpipe(intf.udev(), ep.address()) };
        let max_packet = u32::from(ep.max_packet()).max(1);
        try_pin_init!(BulkTx {
            // SAFETY: `init_usb_anchor` initialises the anchor in place.
            anchor <- Opaque::ffi_init(|p| unsafe { bindings::rsh_init_usb_anchor(p) }),
            intf,
            pipe,
            max_packet,
            dev: AtomicPtr::new(core::ptr::null_mut()),
            inflight: AtomicU32::new(0),
            limit: limit.max(1),
            stats: TxStats::default(),
        }? Error)
    }

    /// Starts serving `dev` (whose queue is stopped and woken).
    pub fn start(&self, dev: &NetDevice) -> Result {
        // SAFETY: the device is registered; the reference is dropped in `stop`.
        unsafe { bindings::rsh_dev_hold(dev.as_ptr()) };
        let old = self.dev.swap(dev.as_ptr(), Ordering::AcqRel);
        if !old.is_null() {
            // SAFETY: the reference of a previous `start`.
            unsafe { bindings::rsh_dev_put(old) };
        }
        Ok(())
    }

    /// Cancels the buffers in flight and waits for their completions. Sleeps.
    pub fn stop(&self) {
        // SAFETY: the anchor is initialised; kills and waits for every URB.
        unsafe { bindings::usb_kill_anchored_urbs(self.anchor.get()) };
        let dev = self.dev.swap(core::ptr::null_mut(), Ordering::AcqRel);
        if !dev.is_null() {
            // SAFETY: the reference taken in `start`.
            unsafe { bindings::rsh_dev_put(dev) };
        }
    }

    /// Sends `skb` as one transfer (with a zero-length packet after it when
    /// its length is a multiple of the endpoint's packet size). The buffer
    /// is consumed whatever happens; failures are counted.
    pub fn submit(&self, mut skb: SkBuff) -> Result {
        let dev = self.dev.load(Ordering::Acquire);
        if dev.is_null() {
            self.stats.dropped.inc();
            return Err(ENETDOWN);
        }
        if skb.headlen() < skb.len() && skb.linearize().is_err() {
            self.stats.dropped.inc();
            return Err(ENOMEM);
        }
        // SAFETY: plain allocation.
        let urb = unsafe { bindings::usb_alloc_urb(0, bindings::GFP_ATOMIC) };
        if urb.is_null() {
            self.stats.dropped.inc();
            return Err(ENOMEM);
        }
        let len = skb.len();
        let raw = skb.into_raw();
        // SAFETY: `raw` is ours and linear; its control buffer is ours while
        // it is in the driver; the URB is ours.
        unsafe {
            (*raw)
                .cb
                .as_mut_ptr()
                .cast::<*const BulkTx>()
                .write_unaligned(self);
            bindings::rsh_usb_fill_bulk_urb(
                urb,
                self.intf.udev(),
                self.pipe,
                (*raw).data.cast(),
                len as i32,
                Some(tx_complete_callback),
                raw.cast(),
            );
            if len % self.max_packet == 0 {
                (*urb).transfer_flags |= bindings::URB_ZERO_PACKET;
            }
            bindings::usb_anchor_urb(urb, self.anchor.get());
        }
        let n = self.inflight.fetch_add(1, Ordering::AcqRel) + 1;
        if n >= self.limit {
            // SAFETY: `dev` is held (type invariant).
            unsafe { bindings::rsh_netif_stop_queue(dev) };
            // A completion may have run before the stop: look again, after
            // a full barrier (set_bit is relaxed on arm64; pairs with the
            // one in `done`), so that one side always sees the other.
            core::sync::atomic::fence(Ordering::SeqCst);
            if self.inflight.load(Ordering::Acquire) < self.limit {
                // SAFETY: as above.
                unsafe { bindings::rsh_netif_wake_queue(dev) };
            }
        }
        // SAFETY: filled and anchored above.
        let ret = unsafe { bindings::usb_submit_urb(urb, bindings::GFP_ATOMIC) };
        if ret != 0 {
            // SAFETY: the URB did not go: it and the buffer are still ours.
            unsafe {
                bindings::usb_unanchor_urb(urb);
                bindings::usb_free_urb(urb);
                bindings::rsh_kfree_skb(raw);
            }
            self.stats.dropped.inc();
            self.done();
            return Err(Error::from_errno(ret));
        }
        Ok(())
    }

    /// One URB fewer in flight: wakes the queue below the limit.
    fn done(&self) {
        let n = self.inflight.fetch_sub(1, Ordering::AcqRel) - 1;
        let dev = self.dev.load(Ordering::Acquire);
        // Pairs with the fence after the stop in `submit`.
        core::sync::atomic::fence(Ordering::SeqCst);
        if n < self.limit && !dev.is_null() {
            // SAFETY: `dev` is held (type invariant).
            unsafe {
                if bindings::rsh_netif_queue_stopped(dev) {
                    bindings::rsh_netif_wake_queue(dev);
                }
            }
        }
    }
}

#[pinned_drop]
impl PinnedDrop for BulkTx {
    fn drop(self: core::pin::Pin<&mut Self>) {
        self.stop();
    }
}

/// The completion of a transmit URB.
///
/// # Safety
///
/// `urb` is a URB submitted by [`BulkTx::submit`], completing.
unsafe extern "C" fn tx_complete_callback(urb: *mut bindings::urb) {
    // SAFETY: by the type invariant of `BulkTx` the context is the buffer,
    // whose control buffer names the queue; the queue waits for its URBs
    // before it goes (`stop`).
    let (skb, status, len) = unsafe {
        (
            (*urb).context.cast::<bindings::sk_buff>(),
            (*urb).status,
            (*urb).actual_length,
        )
    };
    // SAFETY: as above.
    let q = unsafe { &*(*skb).cb.as_ptr().cast::<*const BulkTx>().read_unaligned() };
    if status == 0 {
        q.stats.buffers.inc();
        q.stats.bytes.add(u64::from(len));
    } else {
        q.stats.errors.inc();
    }
    // SAFETY: the buffer and our reference on the URB are ours again.
    unsafe {
        bindings::rsh_dev_consume_skb_any(skb);
        bindings::usb_free_urb(urb);
    }
    q.done();
}
