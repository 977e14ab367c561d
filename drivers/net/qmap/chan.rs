// SPDX-License-Identifier: GPL-2.0

//! The channel: the netdev of one mux id, and the uplink path.

use crate::netlink;
use crate::port::Port;
use crate::proto::{self, Checksum, UlCsum};
use crate::support::cstr;
use crate::support::gro::GroCells;
use crate::support::net::{Net, Rcu, Rtnl};
use crate::support::netdev::{Device, LinkOps, Operations, Setup, Tx, UnregisterQueue};
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
    /// Uplink packets whose checksum the modem was asked to compute.
    pub(crate) tx_csum_offload: Counter,
}

impl Chan {
    fn new(port: Arc<Port>, mux_id: u8) -> impl PinInit<Self, Error> {
        kernel::try_init!(Chan {
            port,
            mux_id,
            gro: GroCells::new(),
            flow_off: AtomicBool::new(false),
            tx_csum_offload: Counter::default(),
        }? Error)
    }

    /// Pushes the QMAP headers of variant `csum` in front of an uplink IP
    /// packet. A transport checksum left to the device goes to the modem
    /// (MAPv4 and MAPv5 checksum offload) when the modem can do it, as
    /// upstream rmnet asks it: TCP or UDP right after the IP header. Other
    /// packets get their checksum here.
    fn ul_headers(&self, skb: &mut SkBuff, csum: Checksum) -> Result {
        let mut offload = UlCsum::None;
        if let Some((start, offset)) = skb.csum_partial() {
            let target = match csum {
                Checksum::None => None,
                Checksum::V4 | Checksum::V5 => proto::ul_offload_target(skb.data())
                    .filter(|&(s, o, _)| (s, o) == (start as usize, offset as usize)),
            };
            match target {
                Some((start, offset, udp)) => {
                    if csum == Checksum::V4 {
                        // As rmnet: a MAPv4 modem takes the field (the
                        // pseudo-header sum) complemented.
                        let at = start + offset;
                        let head = skb.writable_head(at as u32 + 2)?;
                        for b in head.iter_mut().skip(at) {
                            *b = !*b;
                        }
                    }
                    offload = UlCsum::Offload {
                        start: start as u16,
                        offset: offset as u16,
                        udp,
                    };
                    self.tx_csum_offload.inc();
                }
                None => skb.checksum_help()?,
            }
        }
        // Complete, or the modem's job now: nothing below must touch it.
        skb.set_csum_none();
        let hlen = proto::ul_headers_len(csum) as u32;
        let len = skb.len() as usize;
        skb.cow_head(hlen)?;
        let hdr = skb.push(hlen)?;
        proto::write_ul_headers(hdr, csum, self.mux_id, len, 0, offload).map_err(|_| EINVAL)?;
        Ok(())
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
        // Packet and byte counters per CPU, summed by the core.
        dev.set_pcpu_stats();
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
        let len = skb.len();
        if me.ul_headers(&mut skb, me.port.csum()).is_err() {
            dev.count_tx_dropped();
            return Tx::Ok;
        }
        match me.port.transmit(skb) {
            Ok(()) => dev.count_tx(1, len),
            Err(_) => dev.count_tx_dropped(),
        }
        Tx::Ok
    }

    fn dellink(dev: &Device<Self>, queue: &mut UnregisterQueue<'_>) {
        let rtnl = queue.rtnl();
        let me = dev.data();
        // dellink may come twice for one device (module unload, namespace
        // teardown); only the first unpublishes it.
        if me.port.remove_chan(rtnl, dev) {
            netlink::notify_chan(rtnl, dev, crate::netlink_gen::cmd::CHAN_DEL_NTF);
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
    let p = cstr::bytes(parent);
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
    dev.set_l4_csum_offload(rtnl, port.csum() != Checksum::None);
    Ok(dev)
}
