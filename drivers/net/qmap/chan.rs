// SPDX-License-Identifier: GPL-2.0

//! The channel: the netdev of one mux id, and the uplink path.

use crate::netlink;
use crate::port::Port;
use crate::proto::{self, UlCsum};
use crate::support::gro::GroCells;
use crate::support::net::{Net, Rcu, Rtnl};
use crate::support::netdev::{Device, LinkOps, Operations, Setup, Stats64, Tx, UnregisterQueue};
use crate::support::skb::SkBuff;
use crate::support::stats::Counter;
use core::sync::atomic::{AtomicBool, Ordering::Relaxed};
use kernel::prelude::*;
use kernel::sync::Arc;
use kernel::{c_str, str::CStr};

/// The link kind, as `ip -d link` shows it.
pub(crate) static LINK: LinkOps<Chan> = LinkOps::new(c_str!("qmap"));

/// Largest channel MTU.
pub(crate) const MAX_MTU: u32 = 16384;
/// Default channel MTU (clipped to what the parent allows).
pub(crate) const DEFAULT_MTU: u32 = 1500;
/// Room for the QMAP headers in front of uplink packets (MAP + checksum).
pub(crate) const HEADROOM: u32 = 8;

/// Private data of a channel.
pub(crate) struct Chan {
    pub(crate) port: Arc<Port>,
    pub(crate) mux_id: u8,
    pub(crate) gro: GroCells,
    /// The modem disabled the flow.
    pub(crate) flow_off: AtomicBool,
    pub(crate) rx_packets: Counter,
    pub(crate) rx_bytes: Counter,
    pub(crate) rx_dropped: Counter,
    pub(crate) tx_packets: Counter,
    pub(crate) tx_bytes: Counter,
    pub(crate) tx_dropped: Counter,
}

impl Chan {
    fn new(port: Arc<Port>, mux_id: u8) -> impl PinInit<Self, Error> {
        kernel::try_init!(Chan {
            port,
            mux_id,
            gro: GroCells::new(),
            flow_off: AtomicBool::new(false),
            rx_packets: Counter::default(),
            rx_bytes: Counter::default(),
            rx_dropped: Counter::default(),
            tx_packets: Counter::default(),
            tx_bytes: Counter::default(),
            tx_dropped: Counter::default(),
        }? Error)
    }

    /// Applies a flow-control command: stops or wakes the queue, and
    /// announces the change.
    pub(crate) fn set_flow(&self, dev: &Device<Chan>, on: bool) {
        let was_off = self.flow_off.swap(!on, Relaxed);
        if on {
            dev.wake_queue();
        } else {
            dev.stop_queue();
        }
        if was_off == on {
            netlink::notify_flow(dev);
        }
    }
}

#[vtable]
impl Operations for Chan {
    fn setup(dev: &mut Setup) {
        // Raw IP, point to point, like rmnet's channels.
        dev.set_raw_ip();
        dev.set_noarp();
        // A real queue (not IFF_NO_QUEUE): while the modem has the flow
        // disabled, packets wait in the qdisc instead of being dropped.
        dev.set_tx_queue_len(1000);
        dev.set_lltx();
        dev.set_mtu(DEFAULT_MTU);
        dev.set_mtu_range(68, MAX_MTU);
        dev.set_needed_headroom(HEADROOM as u16);
    }

    fn init(dev: &Device<Self>) -> Result {
        dev.data().gro.init(dev)
    }

    fn uninit(dev: &Device<Self>) {
        dev.data().gro.destroy();
    }

    fn change_mtu(dev: &Device<Self>, mtu: u32) -> Result {
        // The parent carries the QMAP headers too.
        if mtu > dev.data().port.parent.mtu().saturating_sub(HEADROOM) {
            return Err(EINVAL);
        }
        Ok(())
    }

    fn get_iflink(dev: &Device<Self>) -> i32 {
        dev.data().port.parent.ifindex()
    }

    fn start_xmit(dev: &Device<Self>, mut skb: SkBuff, _rcu: &Rcu) -> Tx {
        let me = dev.data();
        let port = &me.port;
        let csum = port.csum();
        let hlen = proto::ul_headers_len(csum) as u32;
        let len = skb.len() as usize;
        if skb.cow_head(hlen).is_err() {
            me.tx_dropped.inc();
            return Tx::Ok;
        }
        let written = match skb.push(hlen) {
            Ok(hdr) => proto::write_ul_headers(hdr, csum, me.mux_id, len, 0, UlCsum::None).is_ok(),
            Err(_) => false,
        };
        if !written {
            me.tx_dropped.inc();
            return Tx::Ok;
        }
        match port.transmit(skb) {
            Ok(()) => {
                me.tx_packets.inc();
                me.tx_bytes.add(len as u64);
            }
            Err(_) => me.tx_dropped.inc(),
        }
        Tx::Ok
    }

    fn get_stats64(dev: &Device<Self>, stats: &mut Stats64<'_>) {
        let me = dev.data();
        stats.set_rx(me.rx_packets.get(), me.rx_bytes.get());
        stats.set_tx(me.tx_packets.get(), me.tx_bytes.get());
        stats.set_rx_dropped(me.rx_dropped.get());
        stats.set_tx_dropped(me.tx_dropped.get());
    }

    fn dellink(dev: &Device<Self>, queue: &mut UnregisterQueue<'_>) {
        let rtnl = queue.rtnl();
        let me = dev.data();
        // dellink may come twice for one device (module unload, namespace
        // teardown); only the first unpublishes it.
        if me.port.remove_chan(rtnl, dev) {
            netlink::notify_chan(rtnl, dev, netlink::CMD_CHAN_DEL_NTF);
            me.port.detach_if_unused(rtnl);
        }
        queue.add(dev);
    }
}

/// The default name of the channel of `mux_id` on `parent`: `<parent>.<n>`
/// with n = mux id - 0x80 (`rmnet_mhi0.1` for 0x81), as quectel-CM names
/// them; `qmap%d` when that does not fit.
pub(crate) fn default_name(parent: &CStr, mux_id: u8, out: &mut [u8; 16]) -> bool {
    let n = if mux_id > 0x80 { mux_id - 0x80 } else { mux_id };
    let p = parent.as_bytes();
    let mut digits = [0u8; 3];
    let mut nd = 0;
    let mut v = n;
    loop {
        digits[nd] = b'0' + v % 10;
        nd += 1;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    let len = p.len() + 1 + nd;
    if len > 15 {
        return false;
    }
    out[..p.len()].copy_from_slice(p);
    out[p.len()] = b'.';
    for i in 0..nd {
        out[p.len() + 1 + i] = digits[nd - 1 - i];
    }
    out[len] = 0;
    true
}

/// Creates the channel of `mux_id` on `port`, named `name`, in `net`.
pub(crate) fn create<'a>(
    rtnl: &'a Rtnl,
    net: &Net,
    port: &Arc<Port>,
    mux_id: u8,
    name: &CStr,
    mtu: u32,
) -> Result<&'a Device<Chan>> {
    let dev = LINK.create(rtnl, net, name, Chan::new(port.clone(), mux_id))?;
    if let Err(e) = port.add_chan(rtnl, dev) {
        dev.delete(rtnl);
        return Err(e);
    }
    if let Err(e) = dev.set_mtu(rtnl, mtu) {
        dev.delete(rtnl);
        return Err(e);
    }
    Ok(dev)
}
