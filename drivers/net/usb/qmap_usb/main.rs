// SPDX-License-Identifier: GPL-2.0

//! qmap_usb: the USB transport of Qualcomm modems (Quectel RM500Q class)
//! for the QMAP mux.
//!
//! Binds the modem's QMI interface as upstream qmi_wwan does (vendor class
//! ff/ff/ff, the two-endpoint DIAG function refused, DTR raised), gives its
//! interrupt endpoint to cdc-wdm, so that `/dev/cdc-wdmN` and the WWAN QMI
//! port exist for qmicli, quectel-CM and ModemManager, and turns the bulk
//! pair into a raw-IP network device, `wwanN`, below the USB interface.
//!
//! The data path is built for QMAP: many receive buffers in flight, each as
//! large as the modem's downlink aggregate (not the MTU), handed up without
//! copying so that the qmap module, attached to `wwanN` as its rx handler,
//! splits each aggregate into packets sharing its pages; uplink buffers,
//! which qmap aggregates, go out one URB each. See
//! Documentation/networking/qmap_usb.rst.

#![deny(unsafe_code)]
// The receive queue's initialiser (`try_pin_init!`) has more fields than
// the default limit of macro recursion allows.
#![recursion_limit = "256"]

use kernel::c_str;
use kernel::prelude::*;

#[allow(unsafe_code)]
#[path = "../../../../rust/support/mod.rs"]
mod support;

mod device;

use support::usb::{self, DeviceId, IdTable, Interface};

/// Raise DTR at bind (`SET_CONTROL_LINE_STATE`): the modem sends nothing on
/// the QMI interface until it is set.
const QUIRK_DTR: usize = 1;

/// Quectel's vendor id.
const QUECTEL: u16 = 0x2c7c;

/// The interfaces bound: Quectel's QMI functions as qmi_wwan lists them
/// (`QMI_MATCH_FF_FF_FF`: any interface number, DTR quirk; and the older
/// ones at a fixed interface 4).
static IDS: IdTable<14> = IdTable::new([
    DeviceId::vendor_product_class(QUECTEL, 0x0122, [0xff; 3]).with_info(QUIRK_DTR), // RM2xx
    DeviceId::vendor_product_class(QUECTEL, 0x0125, [0xff; 3]).with_info(QUIRK_DTR), // EC25
    DeviceId::vendor_product_class(QUECTEL, 0x0306, [0xff; 3]).with_info(QUIRK_DTR), // EP06
    DeviceId::vendor_product_class(QUECTEL, 0x030b, [0xff; 3]).with_info(QUIRK_DTR), // EM05-G
    DeviceId::vendor_product_class(QUECTEL, 0x0512, [0xff; 3]).with_info(QUIRK_DTR), // EG12
    DeviceId::vendor_product_class(QUECTEL, 0x0620, [0xff; 3]).with_info(QUIRK_DTR), // EM160R
    DeviceId::vendor_product_class(QUECTEL, 0x0800, [0xff; 3]).with_info(QUIRK_DTR), // RM500Q-GL
    DeviceId::vendor_product_class(QUECTEL, 0x0801, [0xff; 3]).with_info(QUIRK_DTR), // RM520N
    DeviceId::vendor_product_number(QUECTEL, 0x0121, 4).with_info(QUIRK_DTR),        // EC21
    DeviceId::vendor_product_number(QUECTEL, 0x0191, 4).with_info(QUIRK_DTR),        // EG91
    DeviceId::vendor_product_number(QUECTEL, 0x0195, 4).with_info(QUIRK_DTR),        // EG95
    DeviceId::vendor_product_number(QUECTEL, 0x0296, 4).with_info(QUIRK_DTR),        // BG96
    DeviceId::vendor_product_number(QUECTEL, 0x030e, 4).with_info(QUIRK_DTR),        // EM05-G
    DeviceId::vendor_product_number(0x05c6, 0x9215, 4).with_info(QUIRK_DTR),         // EC20
]);

support::module! {
    type: QmapUsbModule,
    name: "qmap_usb",
    authors: ["cellrouter developers"],
    description: "USB transport of Qualcomm QMI/QMAP modems (qmi_wwan-like, for the qmap mux)",
    license: "GPL",
    alias: [
        "usb:v2C7Cp0122d*dc*dsc*dp*icFFiscFFipFFin*",
        "usb:v2C7Cp0125d*dc*dsc*dp*icFFiscFFipFFin*",
        "usb:v2C7Cp0306d*dc*dsc*dp*icFFiscFFipFFin*",
        "usb:v2C7Cp030Bd*dc*dsc*dp*icFFiscFFipFFin*",
        "usb:v2C7Cp0512d*dc*dsc*dp*icFFiscFFipFFin*",
        "usb:v2C7Cp0620d*dc*dsc*dp*icFFiscFFipFFin*",
        "usb:v2C7Cp0800d*dc*dsc*dp*icFFiscFFipFFin*",
        "usb:v2C7Cp0801d*dc*dsc*dp*icFFiscFFipFFin*",
        "usb:v2C7Cp0121d*dc*dsc*dp*ic*isc*ip*in04*",
        "usb:v2C7Cp0191d*dc*dsc*dp*ic*isc*ip*in04*",
        "usb:v2C7Cp0195d*dc*dsc*dp*ic*isc*ip*in04*",
        "usb:v2C7Cp0296d*dc*dsc*dp*ic*isc*ip*in04*",
        "usb:v2C7Cp030Ed*dc*dsc*dp*ic*isc*ip*in04*",
        "usb:v05C6p9215d*dc*dsc*dp*ic*isc*ip*in04*"
    ],
}

struct QmapUsbModule {
    _driver: usb::Registration<QmapUsb>,
}

impl kernel::Module for QmapUsbModule {
    fn init(module: &'static ThisModule) -> Result<Self> {
        Ok(QmapUsbModule {
            _driver: usb::Registration::new(c_str!("qmap_usb"), IDS.as_ref(), module)?,
        })
    }
}

/// The driver.
struct QmapUsb;

/// A bound modem interface: its network device and its control port
/// (dropped in this order).
struct Bound {
    net: support::netdev::Registration<device::Wwan>,
    port: usb::wdm::Port,
}

impl usb::Driver for QmapUsb {
    type Data = Bound;

    fn probe(intf: &Interface, id: &DeviceId) -> Result<Pin<KBox<Bound>>> {
        // DIAG is ff/ff/ff too, with a bulk pair only; QMI has an interrupt
        // endpoint as well (qmi_wwan refuses two-endpoint functions alike).
        if intf.num_endpoints() == 2 {
            return Err(ENODEV);
        }
        let eps = intf.endpoints();
        let (Some(int_in), Some(bulk_in), Some(bulk_out)) = (eps.int_in, eps.bulk_in, eps.bulk_out)
        else {
            return Err(ENODEV);
        };
        if id.info() & QUIRK_DTR != 0 || intf.bcd_usb() >= 0x0201 {
            // As qmi_wwan: the result does not matter, a modem that does not
            // answer has its data flowing anyway.
            let _ = intf.class_request_out(USB_CDC_REQ_SET_CONTROL_LINE_STATE, 1, 5000);
        }
        let port = usb::wdm::Port::register(intf, &int_in, 4096, usb::wdm::PortType::Qmi)?;
        let net = support::netdev::Registration::new(
            intf.as_parent(),
            c_str!("wwan%d"),
            device::Wwan::new(intf.to_ref(), &bulk_in, &bulk_out),
        )?;
        pr_info!(
            "{}: QMI on interface {} of {:04x}:{:04x}\n",
            net.device().name(),
            intf.number(),
            id.vendor_product().0,
            id.vendor_product().1
        );
        Ok(KBox::pin(Bound { net, port }, GFP_KERNEL)?)
    }

    fn suspend(_intf: &Interface, b: &Bound) -> Result {
        b.port.suspend()?;
        device::Wwan::suspend(b.net.device());
        Ok(())
    }

    fn resume(_intf: &Interface, b: &Bound) -> Result {
        let r = device::Wwan::resume(b.net.device());
        b.port.resume()?;
        r
    }

    fn disconnect(_intf: &Interface, data: Pin<KBox<Bound>>) {
        // Fields go in order: the network device first (its transfers
        // stop), then the control port.
        drop(data);
    }
}

/// `SET_CONTROL_LINE_STATE` (CDC PSTN): bit 0 of the value is DTR.
const USB_CDC_REQ_SET_CONTROL_LINE_STATE: u8 = 0x22;
