// SPDX-License-Identifier: GPL-2.0

//! MHI bus client drivers (the host side of Qualcomm PCIe modems).
//!
//! A driver is a type implementing [`Driver`]: the channel names it binds
//! (its id table), what it keeps per bound device ([`Driver::Data`]), and the
//! callbacks of `struct mhi_driver` (probe, remove, uplink and downlink
//! transfer completions). A [`Registration`] registers it with the bus
//! (`__mhi_driver_register`) and unregisters it when dropped.
//!
//! Buffers go to the device as socket buffers ([`Device::queue_skb`]) or
//! as compound pages ([`Device::queue_pages`], `mhi_queue_buf`), and come
//! back, completed or flushed, as a [`Xfer`] in [`Driver::ul_xfer`] /
//! [`Driver::dl_xfer`]: the buffer, the bytes the device transferred and
//! the status. A driver says which kind of buffer each direction carries
//! ([`Driver::UL_BUF`], [`Driver::DL_BUF`]); the queueing functions refuse
//! the other kind, which is what makes handing buffers back sound.
//!
//! The per-device data lives in an [`Arc<Bound<T>>`](Bound), the device's
//! driver data, so that other objects (a network device the driver
//! registers, say) can hold it. Outside the bus's callbacks the device is
//! reached through [`Bound::device`], under RCU: the layer withdraws it, and
//! waits for readers, before calling [`Driver::remove`], so nothing queues
//! on a device that is going away.
//!
//! C header: [`include/linux/mhi.h`](srctree/include/linux/mhi.h).

use super::bindings;
use super::cstr;
use super::error::code::*;
use super::foreign;
use super::net::{synchronize_net, Rcu};
use super::netdev::Parent;
use super::skb::SkBuff;
use core::marker::PhantomData;
use core::ptr::NonNull;
use core::sync::atomic::{AtomicPtr, Ordering};
use kernel::alloc::KBox;
use kernel::error::{Error, Result};
use kernel::new_mutex;
use kernel::prelude::*;
use kernel::str::CStr;
use kernel::sync::{Arc, ArcBorrow, Mutex};
use kernel::types::{ForeignOwnable, Opaque};
use kernel::ThisModule;

/// Longest channel name of an id table entry (`MHI_NAME_SIZE - 1`).
pub const CHAN_NAME_MAX: usize = 31;

/// A transfer direction.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Dir {
    /// Host to device: the uplink channel.
    Ul,
    /// Device to host: the downlink channel.
    Dl,
}

impl Dir {
    fn dma(self) -> bindings::dma_data_direction {
        match self {
            Dir::Ul => bindings::dma_data_direction_DMA_TO_DEVICE,
            Dir::Dl => bindings::dma_data_direction_DMA_FROM_DEVICE,
        }
    }
}

/// How a transfer ended (`mhi_result.transaction_status`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Status {
    /// Done: for a downlink buffer, the device wrote [`Xfer::bytes`] bytes.
    Done,
    /// The device's packet did not fit: this buffer holds a first part, the
    /// next buffer(s) the rest (`-EOVERFLOW`).
    Overflow,
    /// Not transferred: the channel was reset (stop, remove) and the buffer
    /// is handed back (`-ENOTCONN`).
    Flushed,
    /// Another error (errno).
    Error(i32),
}

/// The kind of buffer a channel direction carries.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum BufKind {
    /// Socket buffers ([`Device::queue_skb`]).
    Skb,
    /// Compound pages ([`Device::queue_pages`]): downlink buffers that go
    /// up as a page fragment, which the stack can share without copying.
    Pages,
}

/// An order-N compound page allocated for a transfer buffer.
///
/// # Invariants
///
/// `page` is a compound page (or an order-0 page) of ours, one reference,
/// mapped at `addr`.
pub struct Pages {
    page: NonNull<bindings::page>,
    addr: *mut kernel::ffi::c_void,
}

// SAFETY: a page reference may be dropped on any CPU.
unsafe impl Send for Pages {}

impl Pages {
    /// Allocates `PAGE_SIZE << order` bytes (atomically, without warning:
    /// callers retry later).
    #[inline]
    pub fn alloc(order: u32) -> Result<Pages> {
        let mut addr = core::ptr::null_mut();
        // SAFETY: no precondition; `addr` is written on success.
        let page = unsafe { bindings::rsh_mhi_alloc_pages(order, &mut addr) };
        // INVARIANT: a fresh allocation, one reference, mapped at `addr`.
        NonNull::new(page)
            .map(|page| Pages { page, addr })
            .ok_or(ENOMEM)
    }

    /// Its size in bytes.
    #[inline]
    pub fn len(&self) -> u32 {
        // SAFETY: our page (type invariant).
        unsafe { bindings::rsh_mhi_page_size(self.page.as_ptr()) }
    }

    /// Whether it has no bytes (never).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn into_raw(self) -> *mut kernel::ffi::c_void {
        let addr = self.addr;
        core::mem::forget(self);
        addr
    }

    /// # Safety
    ///
    /// `addr` is what [`Pages::into_raw`] returned, and the reference it
    /// carried is ours again.
    #[inline]
    unsafe fn from_raw(addr: *mut kernel::ffi::c_void) -> Pages {
        // SAFETY: `addr` is the address of one of our compound pages.
        let page = unsafe { bindings::rsh_mhi_buf_page(addr) };
        // INVARIANT: the reference `into_raw` carried comes back.
        Pages {
            // SAFETY: the head page of a live allocation is not null.
            page: unsafe { NonNull::new_unchecked(page) },
            addr,
        }
    }
}

impl Drop for Pages {
    // Inline: emitted only in the modules that use pages (and link the MHI
    // helpers), not in every crate that includes the support layer.
    #[inline]
    fn drop(&mut self) {
        // SAFETY: we hold one reference (type invariant).
        unsafe { bindings::rsh_mhi_put_page(self.page.as_ptr()) };
    }
}

enum Buf {
    Skb(SkBuff),
    Pages(Pages),
}

/// A completed (or flushed) transfer: the buffer, the bytes transferred and
/// the status, as the bus reports them (`struct mhi_result`).
pub struct Xfer {
    buf: Buf,
    bytes: u32,
    status: Status,
}

impl Xfer {
    /// How the transfer ended.
    pub fn status(&self) -> Status {
        self.status
    }

    /// Bytes the device transferred (read for uplink, written for
    /// downlink; never more than the buffer's queued length).
    pub fn bytes(&self) -> u32 {
        self.bytes
    }

    /// Appends a downlink page buffer's [`bytes`](Xfer::bytes) to `skb` as
    /// its next fragment (no copy): how a packet the device split over
    /// buffers ([`Status::Overflow`]) is put back together. Hands the
    /// transfer back for socket buffers or when `skb` takes no more
    /// fragments.
    #[inline]
    pub fn append_to(self, skb: &mut SkBuff) -> Result<(), Xfer> {
        let Buf::Pages(pages) = &self.buf else {
            return Err(self);
        };
        // SAFETY: we own `skb` (exclusive borrow) and the page; `bytes` is
        // at most the page's size.
        let ret = unsafe {
            bindings::rsh_mhi_skb_add_page(skb.as_ptr(), pages.page.as_ptr(), self.bytes)
        };
        if ret != 0 {
            return Err(self);
        }
        // The page reference moved into `skb`.
        core::mem::forget(self);
        Ok(())
    }

    /// The buffer as a socket buffer: an uplink buffer as queued; a
    /// downlink one holding the [`bytes`](Xfer::bytes) the device wrote,
    /// in its linear part (`Skb`) or as its one page fragment (`Pages`, no
    /// copy; the whole page is its truesize). `ENOMEM` (the buffer freed)
    /// if no socket buffer could be had for pages.
    #[inline]
    pub fn into_skb(self) -> Result<SkBuff> {
        match self.buf {
            Buf::Skb(skb) => Ok(skb),
            Buf::Pages(pages) => {
                // SAFETY: our page; `bytes` is at most its size (the bus
                // never reports more than the queued length).
                let skb =
                    unsafe { bindings::rsh_mhi_skb_from_page(pages.page.as_ptr(), self.bytes) };
                if skb.is_null() {
                    return Err(ENOMEM);
                }
                // The page reference moved into the socket buffer.
                core::mem::forget(pages);
                // SAFETY: a fresh buffer we own.
                Ok(unsafe { SkBuff::from_raw(skb) })
            }
        }
    }
}

/// An MHI device bound to driver `T`: the channel pair it drives
/// (`struct mhi_device`).
///
/// # Invariants
///
/// Points to an `mhi_device` bound to driver `T` of this layer, valid for
/// the lifetime of the reference; its driver data is null or the foreign
/// form of an `Arc<Bound<T>>`; every buffer queued on its channels is of
/// the kind `T` declares for that direction.
#[repr(transparent)]
pub struct Device<T: Driver>(Opaque<bindings::mhi_device>, PhantomData<T>);

impl<T: Driver> Device<T> {
    /// # Safety
    ///
    /// `ptr` satisfies the type invariant for `'a`.
    unsafe fn from_raw<'a>(ptr: *mut bindings::mhi_device) -> &'a Device<T> {
        // SAFETY: transparent wrapper; the caller guarantees the invariant.
        unsafe { &*ptr.cast() }
    }

    fn as_ptr(&self) -> *mut bindings::mhi_device {
        self.0.get()
    }

    fn kind(dir: Dir) -> BufKind {
        match dir {
            Dir::Ul => T::UL_BUF,
            Dir::Dl => T::DL_BUF,
        }
    }

    /// The device's name: its channel's (`IP_HW0`).
    pub fn name(&self) -> &CStr {
        // SAFETY: a bound device's name is its channel's, a NUL-terminated
        // string of the controller's configuration, which outlives it.
        unsafe { cstr::from_ptr((*self.as_ptr()).name) }
    }

    /// The controller's maximum receive unit: the size downlink buffers
    /// should have.
    pub fn mru(&self) -> u32 {
        // SAFETY: a bound device has a live controller.
        unsafe { bindings::rsh_mhi_mru(self.as_ptr()) }
    }

    fn has_chan(&self, dir: Dir) -> bool {
        // SAFETY: the device is live; the helper reads its channel pointers.
        unsafe { bindings::rsh_mhi_has_chan(self.as_ptr(), dir == Dir::Ul) }
    }

    /// Starts the device's channels (`mhi_prepare_for_transfer`): the
    /// device is told to start them and the call waits for it. Sleeps.
    pub fn prepare_for_transfer(&self) -> Result {
        // SAFETY: bound device, process context (the function sleeps, as
        // its callers do).
        kernel::error::to_result(unsafe { bindings::mhi_prepare_for_transfer(self.as_ptr()) })
    }

    /// Resets the device's channels (`mhi_unprepare_from_transfer`): the
    /// buffers still queued come back through the transfer callbacks with
    /// [`Status::Flushed`] before this returns. Sleeps.
    pub fn unprepare_from_transfer(&self) {
        // SAFETY: bound device, process context.
        unsafe { bindings::mhi_unprepare_from_transfer(self.as_ptr()) };
    }

    /// Queues `skb` on the `dir` channel (`mhi_queue_skb`, end of
    /// transfer): an uplink buffer's `len` first bytes go to the device;
    /// a downlink buffer must be empty and gets up to `len` bytes, at most
    /// its tailroom. The buffer comes back in the transfer callback; on
    /// error it is handed back at once (`EAGAIN`: the ring is full,
    /// `ENODEV`: the channel is not started, `EINVAL`: bad buffer).
    pub fn queue_skb(&self, dir: Dir, skb: SkBuff, len: u32) -> Result<(), (Error, SkBuff)> {
        let ok = match dir {
            Dir::Ul => len <= skb.headlen(),
            Dir::Dl => skb.is_empty() && !skb.is_cloned() && len <= skb.tailroom(),
        };
        if !ok || len == 0 || Self::kind(dir) != BufKind::Skb || !self.has_chan(dir) {
            return Err((EINVAL, skb));
        }
        let raw = skb.into_raw();
        // SAFETY: bound device, channel checked; `len` bytes at `data` are the
        // buffer's (checked), ours until the callback hands it back; the
        // direction carries socket buffers (checked), as the invariant says.
        let ret = unsafe {
            bindings::mhi_queue_skb(
                self.as_ptr(),
                dir.dma(),
                raw,
                len as usize,
                bindings::mhi_flags_MHI_EOT,
            )
        };
        if ret != 0 {
            // SAFETY: the bus did not take the buffer: it is ours again.
            return Err((Error::from_errno(ret), unsafe { SkBuff::from_raw(raw) }));
        }
        Ok(())
    }

    /// Queues `pages` on the `dir` channel (`mhi_queue_buf`, end of
    /// transfer) for `len` bytes, at most their size: the device writes
    /// (downlink) or reads (uplink) them. The pages come back in the
    /// transfer callback; on error they are handed back at once (as for
    /// [`Device::queue_skb`]).
    pub fn queue_pages(&self, dir: Dir, pages: Pages, len: u32) -> Result<(), (Error, Pages)> {
        if len == 0 || len > pages.len() || Self::kind(dir) != BufKind::Pages || !self.has_chan(dir)
        {
            return Err((EINVAL, pages));
        }
        let addr = pages.into_raw();
        // SAFETY: bound device, channel checked; `len` bytes at `addr` are the
        // pages' (checked), ours until the callback hands them back; the
        // direction carries pages (checked), as the invariant says.
        let ret = unsafe {
            bindings::mhi_queue_buf(
                self.as_ptr(),
                dir.dma(),
                addr,
                len as usize,
                bindings::mhi_flags_MHI_EOT,
            )
        };
        if ret != 0 {
            // SAFETY: the bus did not take the buffer: the reference is ours.
            return Err((Error::from_errno(ret), unsafe { Pages::from_raw(addr) }));
        }
        Ok(())
    }

    /// Free descriptors of the `dir` channel (`mhi_get_free_desc_count`):
    /// how many more buffers it takes now.
    pub fn free_desc_count(&self, dir: Dir) -> u32 {
        if !self.has_chan(dir) {
            return 0;
        }
        // SAFETY: bound device with that channel.
        let n = unsafe { bindings::mhi_get_free_desc_count(self.as_ptr(), dir.dma()) };
        n.max(0) as u32
    }

    /// Whether the `dir` channel's ring is full (`mhi_queue_is_full`).
    pub fn queue_is_full(&self, dir: Dir) -> bool {
        if !self.has_chan(dir) {
            return true;
        }
        // SAFETY: bound device with that channel.
        unsafe { bindings::mhi_queue_is_full(self.as_ptr(), dir.dma()) }
    }

    /// The device as the device-model parent of a network device
    /// (`SET_NETDEV_DEV`: `/sys/class/net/NAME/device` leads here, as for
    /// upstream `mhi_net`); see [`Registration`](super::netdev::Registration).
    pub fn as_parent(&self) -> Parent<'_> {
        // SAFETY: the device's struct device lives as long as it does.
        unsafe { Parent::from_raw(bindings::rsh_mhi_dev(self.as_ptr())) }.expect("mhi device")
    }
}

/// What a driver keeps per bound device: its data, and the device for as
/// long as it is bound.
///
/// # Invariants
///
/// `dev` is null or points to the bound `mhi_device` whose driver data is
/// this value. It is cleared with `gate` held, and RCU readers are waited
/// for, before the driver's `remove` is called; it is never set again.
#[pin_data]
pub struct Bound<T: Driver> {
    dev: AtomicPtr<bindings::mhi_device>,
    #[pin]
    gate: Mutex<()>,
    data: T::Data,
}

impl<T: Driver> Bound<T> {
    /// The driver's data.
    pub fn data(&self) -> &T::Data {
        &self.data
    }

    /// The device, while it is bound, in an RCU read-side section (packet
    /// paths: queueing buffers).
    pub fn device<'a>(&self, _rcu: &'a Rcu) -> Option<&'a Device<T>> {
        let p = self.dev.load(Ordering::Acquire);
        // SAFETY: by the type invariant a non-null pointer is the bound
        // device, which stays bound until an RCU grace period after it is
        // cleared.
        (!p.is_null()).then(|| unsafe { Device::from_raw(p) })
    }

    /// Calls `f` with the device if it is still bound, keeping it bound
    /// meanwhile; `f` may sleep (starting or stopping channels from
    /// `ndo_open`/`ndo_stop`). `None` once the device is going away.
    pub fn with_device<R>(&self, f: impl FnOnce(&Device<T>) -> R) -> Option<R> {
        let _g = self.gate.lock();
        let p = self.dev.load(Ordering::Acquire);
        // SAFETY: by the type invariant a non-null pointer read with the
        // gate held is the bound device, and stays so while we hold it.
        (!p.is_null()).then(|| f(unsafe { Device::from_raw(p) }))
    }

    /// Withdraws the device: `device` and `with_device` give `None` once
    /// this returns. Sleeps.
    fn withdraw(&self) {
        {
            let _g = self.gate.lock();
            self.dev.store(core::ptr::null_mut(), Ordering::Release);
        }
        synchronize_net();
    }
}

impl<T: Driver> core::ops::Deref for Bound<T> {
    type Target = T::Data;

    fn deref(&self) -> &T::Data {
        &self.data
    }
}

/// An MHI client driver.
pub trait Driver: Sized + Send + Sync + 'static {
    /// What the driver keeps per bound device.
    type Data: Send + Sync + 'static;

    /// The driver's name (`/sys/bus/mhi/drivers/NAME`).
    const NAME: &'static CStr;

    /// The channel names the driver binds (its id table); `probe` gets the
    /// index of the one that matched.
    const CHANNELS: &'static [&'static CStr];

    /// The buffers of the uplink channel.
    const UL_BUF: BufKind = BufKind::Skb;

    /// The buffers of the downlink channel.
    const DL_BUF: BufKind = BufKind::Skb;

    /// A device matched: make its data. No transfer callback runs before
    /// this returns; queue nothing here (do it in [`Driver::bound`]).
    fn probe(dev: &Device<Self>, id: usize) -> Result<Self::Data>;

    /// The data is the device's now (transfer callbacks find it): start
    /// channels, register network devices. On error the device is
    /// unbound; stop what was started first.
    fn bound(dev: &Device<Self>, bound: &Arc<Bound<Self>>) -> Result {
        let _ = (dev, bound);
        Ok(())
    }

    /// The device goes away (unbinding, controller removal). The bus has
    /// reset the channels (every queued buffer came back through the
    /// transfer callbacks) and [`Bound::device`] gives `None` from now on.
    fn remove(dev: &Device<Self>, bound: &Arc<Bound<Self>>);

    /// An uplink buffer completed or was flushed (softirq context, or
    /// process context with bottom halves disabled when flushed).
    fn ul_xfer(dev: &Device<Self>, bound: &Bound<Self>, xfer: Xfer);

    /// A downlink buffer completed or was flushed (same contexts).
    fn dl_xfer(dev: &Device<Self>, bound: &Bound<Self>, xfer: Xfer);
}

/// The `mhi_driver` and id table of a registered driver; they do not move.
struct Raw {
    drv: Opaque<bindings::mhi_driver>,
    ids: KVec<bindings::mhi_device_id>,
}

/// Keeps driver `T` registered with the MHI bus; dropping it unregisters
/// the driver (each bound device is removed first).
pub struct Registration<T: Driver> {
    raw: Pin<KBox<Raw>>,
    _p: PhantomData<T>,
}

// SAFETY: the bus serialises registration; the value is only dropped.
unsafe impl<T: Driver> Send for Registration<T> {}
// SAFETY: no method reads or writes through a shared reference.
unsafe impl<T: Driver> Sync for Registration<T> {}

impl<T: Driver> Registration<T> {
    /// Registers `T` with the bus (`mhi_driver_register`).
    pub fn new(module: &'static ThisModule) -> Result<Self> {
        let mut ids = KVec::with_capacity(T::CHANNELS.len() + 1, GFP_KERNEL)?;
        for (i, name) in T::CHANNELS.iter().enumerate() {
            let mut id = bindings::mhi_device_id::default();
            let bytes = cstr::bytes(name);
            if bytes.len() > CHAN_NAME_MAX || bytes.len() >= id.chan.len() {
                return Err(EINVAL);
            }
            for (d, s) in id.chan.iter_mut().zip(bytes) {
                *d = kernel::ffi::c_char::from_ne_bytes([*s]);
            }
            id.driver_data = i as bindings::kernel_ulong_t;
            ids.push(id, GFP_KERNEL)?;
        }
        // The terminating empty entry.
        ids.push(bindings::mhi_device_id::default(), GFP_KERNEL)?;
        let raw = KBox::pin(
            Raw {
                drv: Opaque::uninit(),
                ids,
            },
            GFP_KERNEL,
        )?;
        let mut drv = bindings::mhi_driver {
            id_table: raw.ids.as_ptr(),
            probe: Some(probe_callback::<T>),
            remove: Some(remove_callback::<T>),
            ul_xfer_cb: Some(ul_xfer_callback::<T>),
            dl_xfer_cb: Some(dl_xfer_callback::<T>),
            ..Default::default()
        };
        drv.driver.name = cstr::as_ptr(T::NAME);
        // SAFETY: `raw` is pinned and not registered yet: we are the only
        // user of `drv`.
        unsafe { raw.drv.get().write(drv) };
        // SAFETY: `drv` is initialised, does not move (pinned box) and
        // stays registered until `drop`; `module` owns the callbacks.
        kernel::error::to_result(unsafe {
            bindings::__mhi_driver_register(raw.drv.get(), module.as_ptr().cast())
        })?;
        Ok(Registration {
            raw,
            _p: PhantomData,
        })
    }
}

impl<T: Driver> Drop for Registration<T> {
    fn drop(&mut self) {
        // SAFETY: registered in `new`; unregistering removes every bound
        // device (calling `remove`) before it returns.
        unsafe { bindings::mhi_driver_unregister(self.raw.drv.get()) };
    }
}

/// The device's data, borrowed, or `None` (not set yet, or cleared).
///
/// # Safety
///
/// `mhi_dev` is a live device of driver `T`, and the borrow does not
/// outlive the callback that the bus is making on it (which keeps the
/// driver data from being dropped: `remove` runs after the callbacks).
unsafe fn bound_of<'a, T: Driver>(
    mhi_dev: *mut bindings::mhi_device,
) -> Option<ArcBorrow<'a, Bound<T>>> {
    // SAFETY: live device (caller).
    let p = unsafe { bindings::rsh_mhi_get_drvdata(mhi_dev) };
    // SAFETY: by the `Device` invariant a non-null driver data is an
    // `Arc<Bound<T>>` in foreign form, dropped only in `remove`.
    (!p.is_null()).then(|| unsafe { <Arc<Bound<T>> as ForeignOwnable>::borrow(p) })
}

/// `mhi_driver.probe` of `T`.
///
/// # Safety
///
/// Called by the bus on a device matching `T`'s id table, with `id` an
/// entry of it.
unsafe extern "C" fn probe_callback<T: Driver>(
    mhi_dev: *mut bindings::mhi_device,
    id: *const bindings::mhi_device_id,
) -> kernel::ffi::c_int {
    // SAFETY: the bus passes a live device that is being bound to `T`; its
    // driver data is not set (null) until below.
    let dev = unsafe { Device::from_raw(mhi_dev) };
    // SAFETY: `id` is an entry of our table; `driver_data` is its index.
    let idx = unsafe { (*id).driver_data };
    let data = match T::probe(dev, idx) {
        Ok(d) => d,
        Err(e) => return e.to_errno(),
    };
    let bound: Arc<Bound<T>> = match Arc::pin_init(
        pin_init!(Bound {
            dev: AtomicPtr::new(mhi_dev),
            gate <- new_mutex!(()),
            data,
        }),
        GFP_KERNEL,
    ) {
        Ok(b) => b,
        Err(_) => return ENOMEM.to_errno(),
    };
    // SAFETY: the device is live; the foreign form is taken back in
    // `remove` (or below on error).
    unsafe { bindings::rsh_mhi_set_drvdata(mhi_dev, foreign::into_raw(bound.clone())) };
    if let Err(e) = T::bound(dev, &bound) {
        bound.withdraw();
        release::<T>(mhi_dev);
        return e.to_errno();
    }
    0
}

/// Takes the driver data back from the device.
fn release<T: Driver>(mhi_dev: *mut bindings::mhi_device) {
    // SAFETY: the device is live (we are in one of its bus callbacks).
    let p = unsafe { bindings::rsh_mhi_get_drvdata(mhi_dev) };
    // SAFETY: as above.
    unsafe { bindings::rsh_mhi_set_drvdata(mhi_dev, core::ptr::null_mut()) };
    if !p.is_null() {
        // SAFETY: `p` is the foreign form set in `probe_callback`; the bus
        // makes no transfer callback any more (channels reset or never
        // started), so nothing borrows it.
        drop(unsafe { <Arc<Bound<T>> as ForeignOwnable>::from_foreign(p) });
    }
}

/// `mhi_driver.remove` of `T`.
///
/// # Safety
///
/// Called by the bus on a device bound to `T`, after resetting its
/// channels.
unsafe extern "C" fn remove_callback<T: Driver>(mhi_dev: *mut bindings::mhi_device) {
    // SAFETY: a live device bound to `T` (bus).
    let dev = unsafe { Device::from_raw(mhi_dev) };
    // SAFETY: as above; we are in a bus callback.
    let Some(b) = (unsafe { bound_of::<T>(mhi_dev) }) else {
        return;
    };
    let bound: Arc<Bound<T>> = b.into();
    bound.withdraw();
    T::remove(dev, &bound);
    release::<T>(mhi_dev);
}

/// Turns an `mhi_result` into a [`Xfer`].
///
/// # Safety
///
/// `res` is the valid result of a transfer of `dir` on a device bound to
/// `T`: its buffer is of the kind `T` declares for `dir`, queued by
/// [`Device::queue_skb`] or [`Device::queue_pages`], and ours again.
unsafe fn xfer_of<T: Driver>(res: *mut bindings::mhi_result, dir: Dir) -> Xfer {
    // SAFETY: valid result (caller).
    let (buf, bytes, status) = unsafe {
        (
            (*res).buf_addr,
            (*res).bytes_xferd as u32,
            (*res).transaction_status,
        )
    };
    let status = match status {
        0 => Status::Done,
        s if s == -(bindings::EOVERFLOW as i32) => Status::Overflow,
        s if s == -(bindings::ENOTCONN as i32) => Status::Flushed,
        s => Status::Error(s),
    };
    let mut bytes = bytes;
    let buf = match Device::<T>::kind(dir) {
        BufKind::Skb => {
            // SAFETY: a socket buffer we queued and own again (caller).
            let mut skb = unsafe { SkBuff::from_raw(buf.cast()) };
            if dir == Dir::Dl {
                // The bus never reports more than the queued length, at
                // most the tailroom of the (empty) buffer.
                bytes = bytes.min(skb.tailroom());
                if bytes > 0 && skb.put(bytes).is_err() {
                    bytes = 0;
                }
            }
            Buf::Skb(skb)
        }
        BufKind::Pages => {
            // SAFETY: pages we queued, ours again (caller).
            let pages = unsafe { Pages::from_raw(buf) };
            bytes = bytes.min(pages.len());
            Buf::Pages(pages)
        }
    };
    Xfer { buf, bytes, status }
}

/// `mhi_driver.ul_xfer_cb` of `T`.
///
/// # Safety
///
/// Called by the bus on a device bound to `T` with the result of one of
/// its uplink transfers.
unsafe extern "C" fn ul_xfer_callback<T: Driver>(
    mhi_dev: *mut bindings::mhi_device,
    res: *mut bindings::mhi_result,
) {
    // SAFETY: uplink result of a device of this layer (bus).
    let xfer = unsafe { xfer_of::<T>(res, Dir::Ul) };
    // SAFETY: a bus callback on a live device of `T`.
    let (dev, b) = unsafe { (Device::from_raw(mhi_dev), bound_of::<T>(mhi_dev)) };
    if let Some(b) = b {
        T::ul_xfer(dev, &b, xfer);
    }
}

/// `mhi_driver.dl_xfer_cb` of `T`.
///
/// # Safety
///
/// Called by the bus on a device bound to `T` with the result of one of
/// its downlink transfers.
unsafe extern "C" fn dl_xfer_callback<T: Driver>(
    mhi_dev: *mut bindings::mhi_device,
    res: *mut bindings::mhi_result,
) {
    // SAFETY: downlink result of a device of this layer (bus).
    let xfer = unsafe { xfer_of::<T>(res, Dir::Dl) };
    // SAFETY: a bus callback on a live device of `T`.
    let (dev, b) = unsafe { (Device::from_raw(mhi_dev), bound_of::<T>(mhi_dev)) };
    if let Some(b) = b {
        T::dl_xfer(dev, &b, xfer);
    }
}
