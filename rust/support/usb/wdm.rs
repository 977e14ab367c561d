// SPDX-License-Identifier: GPL-2.0

//! cdc-wdm control ports: the QMI (or AT, MBIM) channel of a modem's
//! interface, exposed by the `cdc-wdm` driver as `/dev/cdc-wdmN` and as a
//! WWAN port (`/dev/wwanNqmiM`), as qmi_wwan does with
//! `usb_cdc_wdm_register`. cdc-wdm drives the interrupt endpoint and the
//! encapsulated-command control requests; the registering driver forwards
//! disconnect, suspend and resume to it.
//!
//! C header: [`include/linux/usb/cdc-wdm.h`](srctree/include/linux/usb/cdc-wdm.h).

use super::super::bindings;
use super::{Endpoint, Interface};
use kernel::error::{Error, Result};

/// The kind of port userspace sees (`/sys/class/wwan/.../type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PortType {
    /// Qualcomm MSM Interface: what libqmi and ModemManager speak.
    Qmi,
    /// AT commands.
    At,
    /// MBIM.
    Mbim,
}

/// A control port registered with cdc-wdm on a bound interface.
///
/// # Invariants
///
/// `sub` is cdc-wdm's driver structure, registered on the interface `intf`
/// (which is bound to our driver), until [`Port::disconnect`] runs.
pub struct Port {
    sub: *mut bindings::usb_driver,
    intf: *mut bindings::usb_interface,
    connected: bool,
}

// SAFETY: cdc-wdm's callbacks may be called from any thread; the pointers are
// only used by the bound driver's callbacks, which usbcore serialises.
unsafe impl Send for Port {}
// SAFETY: `&Port` exposes nothing.
unsafe impl Sync for Port {}

impl Port {
    /// Registers a port of `kind` on `intf`, whose notifications come on
    /// `int_in`, with requests and responses of at most `bufsize` bytes
    /// (4096 for QMI, as qmi_wwan). Call from `probe`; sleeps.
    pub fn register(
        intf: &Interface,
        int_in: &Endpoint<'_>,
        bufsize: u32,
        kind: PortType,
    ) -> Result<Port> {
        let t = match kind {
            PortType::Qmi => bindings::wwan_port_type_WWAN_PORT_QMI,
            PortType::At => bindings::wwan_port_type_WWAN_PORT_AT,
            PortType::Mbim => bindings::wwan_port_type_WWAN_PORT_MBIM,
        };
        // SAFETY: the interface is being bound; the endpoint descriptor is
        // one of its own; cdc-wdm copies what it needs from it.
        let sub = unsafe {
            bindings::rsh_usb_cdc_wdm_register(
                intf.as_ptr(),
                int_in.desc.as_ptr(),
                bufsize as i32,
                t,
            )
        };
        if let Some(e) = err_ptr(sub) {
            return Err(e);
        }
        // INVARIANT: registered above on `intf`.
        Ok(Port {
            sub,
            intf: intf.as_ptr(),
            connected: true,
        })
    }

    /// The interface is going: unregisters the port (the device node goes;
    /// open files get errors). Idempotent.
    pub fn disconnect(&mut self) {
        if core::mem::replace(&mut self.connected, false) {
            // SAFETY: registered and not disconnected yet (type invariant,
            // `connected`); called from the bound driver's disconnect.
            unsafe { bindings::rsh_usb_subdriver_disconnect(self.sub, self.intf) };
        }
    }

    /// Forwards a suspend to cdc-wdm.
    pub fn suspend(&self) -> Result {
        if !self.connected {
            return Ok(());
        }
        // SAFETY: registered (type invariant); all-zero is PMSG_ON's event
        // field: cdc-wdm only tests for auto-suspend.
        let msg: bindings::pm_message_t = unsafe { core::mem::zeroed() };
        // SAFETY: registered (type invariant).
        kernel::error::to_result(unsafe {
            bindings::rsh_usb_subdriver_suspend(self.sub, self.intf, msg)
        })
    }

    /// Forwards a resume to cdc-wdm.
    pub fn resume(&self) -> Result {
        if !self.connected {
            return Ok(());
        }
        // SAFETY: registered (type invariant).
        kernel::error::to_result(unsafe { bindings::rsh_usb_subdriver_resume(self.sub, self.intf) })
    }
}

impl Drop for Port {
    fn drop(&mut self) {
        self.disconnect();
    }
}

/// The error an `ERR_PTR` holds.
fn err_ptr<T>(p: *mut T) -> Option<Error> {
    let v = p as isize;
    if (-4095..0).contains(&v) {
        Some(Error::from_errno(v as i32))
    } else if p.is_null() {
        Some(Error::from_errno(-(bindings::ENOMEM as i32)))
    } else {
        None
    }
}
