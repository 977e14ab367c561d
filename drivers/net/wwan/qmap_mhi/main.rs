// SPDX-License-Identifier: GPL-2.0

//! qmap_mhi: the MHI transport of the QMAP mux.
//!
//! Binds the `IP_HW0` channel pair of a Qualcomm PCIe modem (as upstream
//! `mhi_net` does) and gives it a raw-IP network device, `rmnet_mhi%d`,
//! whose parent is the MHI device. The device is the *port* the `qmap`
//! module attaches to (`cellctl qmap add rmnet_mhi0 0x81` makes
//! `rmnet_mhi0.1`): downlink buffers of the controller's MRU (32 KiB, the
//! modem's aggregates) stay queued on the downlink channel, and each one the
//! modem fills goes up whole, without a copy, as an `ETH_P_MAP` buffer
//! (raw IPv4/IPv6 when its first nibble says so, as `mhi_net` does) through
//! per-CPU NAPI (GRO cells), where qmap's rx handler takes it. Uplink
//! buffers (QMAP frames or aggregates from qmap) are queued on the uplink
//! channel; the queue stops while the channel's ring is full and wakes as
//! the modem completes them.
//!
//! The channels run while the device is up: `ip link set up` starts them
//! (and fills the downlink ring), `down` resets them (queued buffers come
//! back and are freed). Removing the modem or unloading the module
//! unregisters the device under traffic.
//!
//! Files: `dev.rs` the network device, `rx.rs` downlink, `tx.rs` uplink.

#![deny(unsafe_code)]

use kernel::c_str;
use kernel::new_mutex;
use kernel::prelude::*;
use kernel::sync::{Arc, Mutex};

// The support layer is the one place with `unsafe` code (and the raw
// bindings, private to it); everything else here is safe Rust.
#[allow(unsafe_code)]
#[path = "../../../../rust/support/mod.rs"]
mod support;

mod dev;
mod rx;
mod tx;

use support::mhi;
use support::net::{Rcu, Rtnl};
use support::netdev::{self, DevicePtr};

support::module! {
    type: QmapMhiModule,
    name: "qmap_mhi",
    authors: ["cellrouter developers"],
    description: "MHI transport for the QMAP mux (IP_HW0 as a raw-IP netdev)",
    license: "GPL",
    // MODULE_DEVICE_TABLE(mhi, ...): the bus's uevents ask for mhi:<channel>.
    alias: ["mhi:IP_HW0"],
}

/// The MHI client driver.
pub(crate) struct QmapMhi;

/// What the driver keeps per bound MHI device: its network device.
pub(crate) struct Binding {
    /// The device, for the transfer callbacks (under RCU); set under RTNL
    /// once registered.
    pub(crate) netdev: DevicePtr<dev::Port>,
    /// Its registration: dropping it unregisters the device (`remove`).
    reg: Pin<KBox<Mutex<Option<netdev::Registration<dev::Port>>>>>,
}

impl mhi::Driver for QmapMhi {
    type Data = Binding;
    const NAME: &'static CStr = c_str!("qmap_mhi");
    const CHANNELS: &'static [&'static CStr] = &[c_str!("IP_HW0")];
    // Downlink buffers are pages: the aggregates go up as page fragments,
    // which qmap shares frame by frame (and hands TCP to GRO).
    const DL_BUF: mhi::BufKind = mhi::BufKind::Pages;

    fn probe(_mhi: &mhi::Device<Self>, _id: usize) -> Result<Binding> {
        Ok(Binding {
            netdev: DevicePtr::new(),
            reg: KBox::pin_init(new_mutex!(None), GFP_KERNEL)?,
        })
    }

    fn bound(mhi: &mhi::Device<Self>, bound: &Arc<mhi::Bound<Self>>) -> Result {
        let reg = netdev::Registration::new(
            mhi.as_parent(),
            c_str!("rmnet_mhi%d"),
            dev::Port::new(bound.clone(), mhi.mru()),
        )?;
        bound.netdev.set(&Rtnl::lock(), reg.device())?;
        pr_info!(
            "{}: on {}, MRU {}\n",
            reg.device().name(),
            mhi.name(),
            mhi.mru()
        );
        *bound.reg.lock() = Some(reg);
        Ok(())
    }

    fn remove(mhi: &mhi::Device<Self>, bound: &Arc<mhi::Bound<Self>>) {
        let started = {
            let rtnl = Rtnl::lock();
            let started = bound
                .netdev
                .get_rtnl(&rtnl)
                .is_some_and(|nd| nd.data().started());
            bound.netdev.clear(&rtnl);
            started
        };
        // Unregisters the device (RTNL taken again, its `ndo_stop` runs).
        drop(bound.reg.lock().take());
        // The MHI device was withdrawn before `remove`: `ndo_stop` could
        // not reset the channels; tell the modem here, as mhi_net does.
        if started {
            mhi.unprepare_from_transfer();
        }
    }

    fn ul_xfer(mhi: &mhi::Device<Self>, bound: &mhi::Bound<Self>, xfer: mhi::Xfer) {
        let rcu = Rcu::read_lock();
        match bound.netdev.get(&rcu) {
            Some(nd) => tx::complete(nd, mhi, xfer),
            None => drop(xfer),
        }
    }

    fn dl_xfer(mhi: &mhi::Device<Self>, bound: &mhi::Bound<Self>, xfer: mhi::Xfer) {
        let rcu = Rcu::read_lock();
        match bound.netdev.get(&rcu) {
            Some(nd) => rx::receive(nd, mhi, xfer),
            None => drop(xfer),
        }
    }
}

struct QmapMhiModule {
    // Dropping it removes every bound device (its network device
    // unregistered).
    _driver: mhi::Registration<QmapMhi>,
}

impl kernel::Module for QmapMhiModule {
    fn init(module: &'static ThisModule) -> Result<Self> {
        Ok(QmapMhiModule {
            _driver: mhi::Registration::new(module)?,
        })
    }
}
