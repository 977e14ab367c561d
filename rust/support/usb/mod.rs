// SPDX-License-Identifier: GPL-2.0

//! USB drivers: interface drivers and their id tables, the interfaces they
//! bind, bulk transfer queues for network devices ([`urb`]) and cdc-wdm
//! control ports ([`wdm`]).
//!
//! A driver is a type implementing [`Driver`]; a [`Registration`] (held by
//! the module) registers it with usbcore under the module's name. For each
//! interface its [`IdTable`] matches, usbcore calls [`Driver::probe`], whose
//! data lives until [`Driver::disconnect`] gets it back.
//!
//! C headers: [`include/linux/usb.h`](srctree/include/linux/usb.h),
//! [`include/linux/mod_devicetable.h`](srctree/include/linux/mod_devicetable.h).

pub mod urb;
pub mod wdm;

use super::bindings;
use super::cstr;
use super::netdev::Parent;
use core::marker::PhantomData;
use core::mem::MaybeUninit;
use core::pin::Pin;
use core::ptr::NonNull;
use kernel::alloc::KBox;
use kernel::error::{Error, Result};
use kernel::prelude::GFP_KERNEL;
use kernel::str::CStr;
use kernel::types::Opaque;
use kernel::ThisModule;

const MATCH_VENDOR: u16 = 0x0001;
const MATCH_PRODUCT: u16 = 0x0002;
const MATCH_INT_CLASS: u16 = 0x0080;
const MATCH_INT_SUBCLASS: u16 = 0x0100;
const MATCH_INT_PROTOCOL: u16 = 0x0200;
const MATCH_INT_NUMBER: u16 = 0x0400;

/// One entry of an id table (`struct usb_device_id`).
#[repr(transparent)]
pub struct DeviceId(bindings::usb_device_id);

// SAFETY: a plain table entry, read-only once built.
unsafe impl Sync for DeviceId {}

impl DeviceId {
    const fn zeroed() -> bindings::usb_device_id {
        // SAFETY: all-zero is a valid `usb_device_id` (matches nothing: the
        // table terminator).
        unsafe { MaybeUninit::zeroed().assume_init() }
    }

    /// Interfaces of class/subclass/protocol `class` of device
    /// `vendor:product`, at any interface number
    /// (`USB_DEVICE_AND_INTERFACE_INFO`).
    pub const fn vendor_product_class(vendor: u16, product: u16, class: [u8; 3]) -> Self {
        let mut id = Self::zeroed();
        id.match_flags = MATCH_VENDOR
            | MATCH_PRODUCT
            | MATCH_INT_CLASS
            | MATCH_INT_SUBCLASS
            | MATCH_INT_PROTOCOL;
        id.idVendor = vendor;
        id.idProduct = product;
        id.bInterfaceClass = class[0];
        id.bInterfaceSubClass = class[1];
        id.bInterfaceProtocol = class[2];
        DeviceId(id)
    }

    /// Interface number `number` of device `vendor:product`
    /// (`USB_DEVICE_INTERFACE_NUMBER`).
    pub const fn vendor_product_number(vendor: u16, product: u16, number: u8) -> Self {
        let mut id = Self::zeroed();
        id.match_flags = MATCH_VENDOR | MATCH_PRODUCT | MATCH_INT_NUMBER;
        id.idVendor = vendor;
        id.idProduct = product;
        id.bInterfaceNumber = number;
        DeviceId(id)
    }

    /// The same entry carrying `info` for the driver (its quirks).
    pub const fn with_info(mut self, info: usize) -> Self {
        self.0.driver_info = info as bindings::kernel_ulong_t;
        self
    }

    /// What the entry carries for the driver.
    pub fn info(&self) -> usize {
        self.0.driver_info
    }

    /// The vendor and product ids the entry matches (0 when it matches any).
    pub fn vendor_product(&self) -> (u16, u16) {
        (self.0.idVendor, self.0.idProduct)
    }
}

/// An id table: the entries and the all-zero terminator usbcore expects.
#[repr(C)]
pub struct IdTable<const N: usize> {
    ids: [DeviceId; N],
    end: DeviceId,
}

impl<const N: usize> IdTable<N> {
    /// A table of `ids`.
    pub const fn new(ids: [DeviceId; N]) -> Self {
        IdTable {
            ids,
            end: DeviceId(DeviceId::zeroed()),
        }
    }

    /// The table as a driver names it.
    pub const fn as_ref(&'static self) -> IdTableRef {
        // INVARIANT: `ids` is followed by the terminator (`repr(C)`).
        IdTableRef(self.ids.as_ptr())
    }

    /// The entries.
    pub fn ids(&self) -> &[DeviceId] {
        &self.ids
    }
}

/// A static id table.
///
/// # Invariants
///
/// Points to a static array of entries ending with an all-zero one.
#[derive(Clone, Copy)]
pub struct IdTableRef(*const DeviceId);

// SAFETY: points to static, read-only data.
unsafe impl Sync for IdTableRef {}
// SAFETY: as above.
unsafe impl Send for IdTableRef {}

/// The speed a device runs at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Speed {
    /// Low or full speed (USB 1.1).
    Full,
    /// High speed (USB 2.0).
    High,
    /// SuperSpeed or faster (USB 3.x).
    Super,
    /// Not known (yet).
    Unknown,
}

/// An endpoint of an interface's current setting.
///
/// # Invariants
///
/// `desc` points to the descriptor, which lives as long as the interface.
#[derive(Clone, Copy)]
pub struct Endpoint<'a> {
    desc: NonNull<bindings::usb_endpoint_descriptor>,
    _p: PhantomData<&'a ()>,
}

impl Endpoint<'_> {
    fn desc(&self) -> &bindings::usb_endpoint_descriptor {
        // SAFETY: by the type invariant.
        unsafe { self.desc.as_ref() }
    }

    /// `bEndpointAddress`: the number, and bit 7 for IN.
    pub fn address(&self) -> u8 {
        self.desc().bEndpointAddress
    }

    /// The largest packet (`wMaxPacketSize`, without the multiplier bits).
    pub fn max_packet(&self) -> u16 {
        // SAFETY: the descriptor is valid (type invariant).
        unsafe { bindings::rsh_usb_endpoint_maxp(self.desc.as_ptr()) }
    }

    /// `bInterval`.
    pub fn interval(&self) -> u8 {
        self.desc().bInterval
    }
}

/// The interrupt IN, bulk IN and bulk OUT endpoints of an interface (the
/// first of each kind), as `usb_find_common_endpoints` finds them.
pub struct Endpoints<'a> {
    /// The first interrupt IN endpoint.
    pub int_in: Option<Endpoint<'a>>,
    /// The first bulk IN endpoint.
    pub bulk_in: Option<Endpoint<'a>>,
    /// The first bulk OUT endpoint.
    pub bulk_out: Option<Endpoint<'a>>,
}

/// A USB interface, as a driver's callbacks see it.
///
/// # Invariants
///
/// Wraps a live `struct usb_interface`, bound (or being bound) to the driver
/// for the lifetime of the reference.
#[repr(transparent)]
pub struct Interface(Opaque<bindings::usb_interface>);

impl Interface {
    /// # Safety
    ///
    /// `ptr` satisfies the type invariant for `'a`.
    unsafe fn from_raw<'a>(ptr: *mut bindings::usb_interface) -> &'a Interface {
        // SAFETY: transparent wrapper; the caller guarantees the invariant.
        unsafe { &*ptr.cast() }
    }

    pub(crate) fn as_ptr(&self) -> *mut bindings::usb_interface {
        self.0.get()
    }

    fn alt(&self) -> &bindings::usb_host_interface {
        // SAFETY: a bound interface has a current setting, which lives as
        // long as the interface (type invariant).
        unsafe { &*(*self.as_ptr()).cur_altsetting }
    }

    pub(crate) fn udev(&self) -> *mut bindings::usb_device {
        // SAFETY: the interface is live (type invariant).
        unsafe { bindings::rsh_interface_to_usbdev(self.as_ptr()) }
    }

    /// `bInterfaceNumber`.
    pub fn number(&self) -> u8 {
        self.alt().desc.bInterfaceNumber
    }

    /// Class, subclass and protocol.
    pub fn class(&self) -> [u8; 3] {
        let d = &self.alt().desc;
        [
            d.bInterfaceClass,
            d.bInterfaceSubClass,
            d.bInterfaceProtocol,
        ]
    }

    /// `bNumEndpoints` of the current setting.
    pub fn num_endpoints(&self) -> u8 {
        self.alt().desc.bNumEndpoints
    }

    /// The interrupt IN, bulk IN and bulk OUT endpoints.
    pub fn endpoints(&self) -> Endpoints<'_> {
        let mut int_in = core::ptr::null_mut();
        let mut bulk_in = core::ptr::null_mut();
        let mut bulk_out = core::ptr::null_mut();
        // SAFETY: the setting is live (type invariant); the out pointers are
        // valid; the function only reads the descriptors.
        let _ = unsafe {
            bindings::usb_find_common_endpoints(
                (*self.as_ptr()).cur_altsetting,
                &mut bulk_in,
                &mut bulk_out,
                &mut int_in,
                core::ptr::null_mut(),
            )
        };
        // INVARIANT: descriptors of the current setting live as long as the
        // interface, which outlives `'_`.
        let ep = |p: *mut bindings::usb_endpoint_descriptor| {
            NonNull::new(p).map(|desc| Endpoint {
                desc,
                _p: PhantomData,
            })
        };
        Endpoints {
            int_in: ep(int_in),
            bulk_in: ep(bulk_in),
            bulk_out: ep(bulk_out),
        }
    }

    /// The device's `bcdUSB` (0x0200 for USB 2.0, 0x0201 with LPM, 0x0320).
    pub fn bcd_usb(&self) -> u16 {
        // SAFETY: the device outlives its interfaces.
        u16::from_le(unsafe { (*self.udev()).descriptor.bcdUSB })
    }

    /// The speed the device runs at.
    pub fn speed(&self) -> Speed {
        // SAFETY: the device outlives its interfaces.
        let s = unsafe { (*self.udev()).speed };
        match s {
            bindings::usb_device_speed_USB_SPEED_LOW
            | bindings::usb_device_speed_USB_SPEED_FULL => Speed::Full,
            bindings::usb_device_speed_USB_SPEED_HIGH => Speed::High,
            bindings::usb_device_speed_USB_SPEED_UNKNOWN => Speed::Unknown,
            _ => Speed::Super,
        }
    }

    /// Sends a class request without data to this interface (request type
    /// 0x21: host to device, class, interface; `wIndex` is the interface
    /// number), waiting at most `timeout_ms`. Sleeps.
    pub fn class_request_out(&self, request: u8, value: u16, timeout_ms: i32) -> Result {
        // SAFETY: the device is live; no data stage.
        let ret = unsafe {
            bindings::usb_control_msg(
                self.udev(),
                bindings::rsh_usb_sndctrlpipe(self.udev()),
                request,
                0x21,
                value,
                self.number().into(),
                core::ptr::null_mut(),
                0,
                timeout_ms,
            )
        };
        if ret < 0 {
            Err(Error::from_errno(ret))
        } else {
            Ok(())
        }
    }

    /// The interface as the device-model parent of a network device.
    pub fn as_parent(&self) -> Parent<'_> {
        // SAFETY: the interface's device lives as long as the interface.
        unsafe { Parent::from_raw(&mut (*self.as_ptr()).dev) }.expect("interface device")
    }

    /// A counted reference to the interface and its device.
    pub fn to_ref(&self) -> InterfaceRef {
        // SAFETY: the interface and its device are live; the references are
        // dropped by `InterfaceRef::drop`.
        unsafe {
            bindings::usb_get_intf(self.as_ptr());
            bindings::usb_get_dev(self.udev());
        }
        // INVARIANT: references taken above.
        InterfaceRef(NonNull::from(self))
    }
}

/// A counted reference to an interface and its USB device (`usb_get_intf`,
/// `usb_get_dev`): their memory stays valid after a disconnect, though
/// transfers to them fail.
///
/// # Invariants
///
/// Holds one reference on the interface and one on its device.
pub struct InterfaceRef(NonNull<Interface>);

// SAFETY: reference counts are atomic; `Interface` only reads descriptors.
unsafe impl Send for InterfaceRef {}
// SAFETY: as above.
unsafe impl Sync for InterfaceRef {}

impl Clone for InterfaceRef {
    fn clone(&self) -> InterfaceRef {
        self.to_ref()
    }
}

impl core::ops::Deref for InterfaceRef {
    type Target = Interface;
    fn deref(&self) -> &Interface {
        // SAFETY: the reference keeps the interface's memory valid.
        unsafe { self.0.as_ref() }
    }
}

impl Drop for InterfaceRef {
    fn drop(&mut self) {
        let udev = self.udev();
        // SAFETY: drops the references taken in `Interface::to_ref`.
        unsafe {
            bindings::usb_put_intf(self.0.as_ref().as_ptr());
            bindings::usb_put_dev(udev);
        }
    }
}

/// A USB interface driver.
pub trait Driver: 'static {
    /// What a bound interface keeps until it is disconnected.
    type Data: Send + Sync + 'static;

    /// Binds `intf`, matched by `id`; sleeps allowed.
    fn probe(intf: &Interface, id: &DeviceId) -> Result<Pin<KBox<Self::Data>>>;

    /// `intf` is going (unplugged, unbound, module unloaded): stop using it
    /// before returning.
    fn disconnect(intf: &Interface, data: Pin<KBox<Self::Data>>);

    /// The system suspends: stop transfers.
    fn suspend(_intf: &Interface, _data: &Self::Data) -> Result {
        Ok(())
    }

    /// The system resumed: restart transfers.
    fn resume(_intf: &Interface, _data: &Self::Data) -> Result {
        Ok(())
    }
}

/// Keeps driver `T` registered with usbcore.
///
/// # Invariants
///
/// `drv` is an initialised `usb_driver` registered with usbcore until the
/// registration is dropped.
pub struct Registration<T: Driver> {
    drv: Pin<KBox<Opaque<bindings::usb_driver>>>,
    _p: PhantomData<T>,
}

// SAFETY: usbcore serialises its use of the driver structure.
unsafe impl<T: Driver> Send for Registration<T> {}
// SAFETY: as above; `&Registration` exposes nothing.
unsafe impl<T: Driver> Sync for Registration<T> {}

impl<T: Driver> Registration<T> {
    /// Registers driver `T` as `name` (what `/sys/bus/usb/drivers/` lists),
    /// matching `ids`.
    pub fn new(name: &'static CStr, ids: IdTableRef, module: &'static ThisModule) -> Result<Self> {
        // SAFETY: all-zero is a valid `usb_driver` (no callbacks).
        let mut d: bindings::usb_driver = unsafe { MaybeUninit::zeroed().assume_init() };
        d.name = cstr::as_ptr(name);
        d.probe = Some(probe_callback::<T>);
        d.disconnect = Some(disconnect_callback::<T>);
        d.suspend = Some(suspend_callback::<T>);
        d.resume = Some(resume_callback::<T>);
        d.reset_resume = Some(resume_callback::<T>);
        d.id_table = ids.0.cast();
        d.set_disable_hub_initiated_lpm(1);
        let drv = KBox::pin(Opaque::new(d), GFP_KERNEL)?;
        // SAFETY: `drv` is initialised and pinned in memory until dropped,
        // after `usb_deregister`; `module` and `name` are static.
        let ret = unsafe {
            bindings::usb_register_driver(drv.get(), module.as_ptr().cast(), cstr::as_ptr(name))
        };
        if ret != 0 {
            return Err(Error::from_errno(ret));
        }
        Ok(Registration {
            drv,
            _p: PhantomData,
        })
    }
}

impl<T: Driver> Drop for Registration<T> {
    fn drop(&mut self) {
        // SAFETY: registered (type invariant); this disconnects every bound
        // interface before returning.
        unsafe { bindings::usb_deregister(self.drv.get()) };
    }
}

/// `usb_driver.probe` of driver `T`.
///
/// # Safety
///
/// Called by usbcore with a live interface being bound and the matched entry
/// of `T`'s table.
unsafe extern "C" fn probe_callback<T: Driver>(
    intf: *mut bindings::usb_interface,
    id: *const bindings::usb_device_id,
) -> kernel::ffi::c_int {
    // SAFETY: as the function's contract says; `DeviceId` is transparent.
    let (i, id) = unsafe { (Interface::from_raw(intf), &*id.cast::<DeviceId>()) };
    match T::probe(i, id) {
        Ok(data) => {
            // SAFETY: the data is pinned and handed to the interface until
            // `disconnect_callback` takes it back with `from_raw`.
            let p = KBox::into_raw(unsafe { Pin::into_inner_unchecked(data) });
            // SAFETY: the interface is being bound to us.
            unsafe { bindings::rsh_usb_set_intfdata(intf, p.cast()) };
            0
        }
        Err(e) => e.to_errno(),
    }
}

/// The data `probe_callback` stored on `intf`.
///
/// # Safety
///
/// `intf` is bound to driver `T`.
unsafe fn data<'a, T: Driver>(intf: *mut bindings::usb_interface) -> Option<&'a T::Data> {
    // SAFETY: a bound interface's data is what `probe_callback` stored:
    // a `KBox<T::Data>` that lives until `disconnect_callback`.
    unsafe {
        bindings::rsh_usb_get_intfdata(intf)
            .cast::<T::Data>()
            .as_ref()
    }
}

/// `usb_driver.disconnect` of driver `T`.
///
/// # Safety
///
/// Called by usbcore on an interface bound to `T` that is going.
unsafe extern "C" fn disconnect_callback<T: Driver>(intf: *mut bindings::usb_interface) {
    // SAFETY: as the function's contract says.
    let p = unsafe { bindings::rsh_usb_get_intfdata(intf) }.cast::<T::Data>();
    // SAFETY: the interface stays live during the callback.
    unsafe { bindings::rsh_usb_set_intfdata(intf, core::ptr::null_mut()) };
    if p.is_null() {
        return;
    }
    // SAFETY: `p` came from `KBox::into_raw` of pinned data in
    // `probe_callback` and is taken back once (cleared above).
    let data = unsafe { Pin::new_unchecked(KBox::from_raw(p)) };
    // SAFETY: as the function's contract says.
    T::disconnect(unsafe { Interface::from_raw(intf) }, data);
}

/// `usb_driver.suspend` of driver `T`.
///
/// # Safety
///
/// Called by usbcore on an interface bound to `T`.
unsafe extern "C" fn suspend_callback<T: Driver>(
    intf: *mut bindings::usb_interface,
    _msg: bindings::pm_message_t,
) -> kernel::ffi::c_int {
    // SAFETY: as the function's contract says.
    match unsafe { data::<T>(intf) } {
        // SAFETY: as above.
        Some(d) => match T::suspend(unsafe { Interface::from_raw(intf) }, d) {
            Ok(()) => 0,
            Err(e) => e.to_errno(),
        },
        None => 0,
    }
}

/// `usb_driver.resume` and `reset_resume` of driver `T`.
///
/// # Safety
///
/// Called by usbcore on an interface bound to `T`.
unsafe extern "C" fn resume_callback<T: Driver>(
    intf: *mut bindings::usb_interface,
) -> kernel::ffi::c_int {
    // SAFETY: as the function's contract says.
    match unsafe { data::<T>(intf) } {
        // SAFETY: as above.
        Some(d) => match T::resume(unsafe { Interface::from_raw(intf) }, d) {
            Ok(()) => 0,
            Err(e) => e.to_errno(),
        },
        None => 0,
    }
}
