// SPDX-License-Identifier: GPL-2.0

//! The `qmap` generic netlink family, as specified in
//! Documentation/netlink/specs/qmap.yaml.

use crate::chan::{self, Chan, LINK};
use crate::netlink_gen::{attr, cmd, mcgrp, QmapFamily, FAMILY};
use crate::port::{csum_from_u32, csum_to_u32, Port};
use crate::proto;
use crate::support::error::code::*;
use crate::support::genl::{Dump, FamilyOps, Info, Writer};
use crate::support::net::Rtnl;
use crate::support::netdev::{Device, NetDevice};
use core::sync::atomic::Ordering::Relaxed;
use kernel::prelude::*;
use kernel::sync::Arc;
use kernel::{c_str, str::CStr};

use attr::chan as c;
use attr::port as p;

const NO_DEVICE: &CStr = c_str!("no such device in this namespace");

/// The drop counters, in `proto::Drop` order.
const DROPS: [u16; proto::Drop::COUNT] = [
    p::DROP_ZERO_LENGTH,
    p::DROP_PAST_BUFFER,
    p::DROP_TRUNCATED_HEADER,
    p::DROP_PAD_TOO_LONG,
    p::DROP_MISSING_V5_HEADER,
    p::DROP_BAD_V5_HEADER,
    p::DROP_NOT_IP,
    p::DROP_SHORT_COMMAND,
    p::DROP_UNKNOWN_MUX_ID,
];

/// The checksum failure counters, in `proto::TrailerFail` order.
const CSUM_FAILS: [u16; proto::TrailerFail::COUNT] = [
    p::CSUM_FAIL_NOT_VALID,
    p::CSUM_FAIL_TRUNCATED,
    p::CSUM_FAIL_BAD_IP_HEADER,
    p::CSUM_FAIL_FRAGMENT,
    p::CSUM_FAIL_NOT_TCP_UDP,
    p::CSUM_FAIL_MISMATCH,
];

impl FamilyOps for QmapFamily {
    fn doit(cmd: u8, info: &Info<'_>) -> Result {
        match cmd {
            cmd::CHAN_NEW => chan_new(info),
            cmd::CHAN_DEL => chan_del(info),
            cmd::CHAN_GET => chan_get(info),
            cmd::PORT_SET => port_set(info),
            cmd::PORT_GET => port_get(info),
            _ => Err(EOPNOTSUPP),
        }
    }

    fn dumpit(cmd: u8, dump: &mut Dump<'_>) -> Result {
        let rtnl = Rtnl::lock();
        let net = dump.net();
        match cmd {
            cmd::CHAN_GET => {
                while let Some(dev) = LINK.next_in(&rtnl, net, *dump.cursor()) {
                    if !dump.entry(cmd::CHAN_GET, |w| fill_chan(w, dev))? {
                        break;
                    }
                    *dump.cursor() = dev.ifindex() as u64 + 1;
                }
            }
            cmd::PORT_GET => {
                while let Some(dev) = NetDevice::next_in(&rtnl, net, *dump.cursor()) {
                    if let Some(port) = Port::get(&rtnl, dev) {
                        if !dump.entry(cmd::PORT_GET, |w| fill_port(w, &port))? {
                            break;
                        }
                    }
                    *dump.cursor() = dev.ifindex() as u64 + 1;
                }
            }
            _ => return Err(EOPNOTSUPP),
        }
        Ok(())
    }
}

fn fill_chan(w: &mut Writer<'_>, dev: &Device<Chan>) -> Result {
    let me = dev.data();
    let parent = &me.port.parent;
    w.put_u32(c::IFINDEX, dev.ifindex() as u32)?;
    w.put_str(c::NAME, dev.name())?;
    w.put_u32(c::PARENT_IFINDEX, parent.ifindex() as u32)?;
    w.put_str(c::PARENT_NAME, parent.name())?;
    w.put_u32(c::MUX_ID, me.mux_id.into())?;
    w.put_u32(c::MTU, dev.mtu())?;
    w.put_u32(c::FLOW_OFF, me.flow_off.load(Relaxed).into())?;
    let st = dev.stats();
    w.put_uint(c::RX_PACKETS, st.rx_packets())?;
    w.put_uint(c::RX_BYTES, st.rx_bytes())?;
    w.put_uint(c::RX_DROPPED, st.rx_dropped())?;
    w.put_uint(c::TX_PACKETS, st.tx_packets())?;
    w.put_uint(c::TX_BYTES, st.tx_bytes())?;
    w.put_uint(c::TX_DROPPED, st.tx_dropped())?;
    w.put_uint(c::TX_CSUM_OFFLOAD, me.tx_csum_offload.get())?;
    Ok(())
}

fn fill_port(w: &mut Writer<'_>, port: &Port) -> Result {
    let s = &port.stats;
    w.put_u32(p::IFINDEX, port.parent.ifindex() as u32)?;
    w.put_str(p::NAME, port.parent.name())?;
    w.put_u32(p::CSUM, csum_to_u32(port.csum()))?;
    w.put_u32(p::DEAGGREGATION, port.deaggregation().into())?;
    let (datagrams, bytes, time_us) = port.agg_settings();
    w.put_u32(p::UL_AGG_MAX_DATAGRAMS, datagrams)?;
    w.put_u32(p::UL_AGG_MAX_BYTES, bytes)?;
    w.put_u32(p::UL_AGG_TIME_US, time_us)?;
    w.put_u32(p::CHANNELS, port.channels())?;
    w.put_uint(p::RX_BUFFERS, s.rx_buffers.get())?;
    w.put_uint(p::RX_FRAMES, s.rx_frames.get())?;
    w.put_uint(p::RX_COPIED, s.rx_copied.get())?;
    w.put_uint(p::RX_BUFFER_ERRORS, s.rx_buffer_errors.get())?;
    w.put_uint(p::TX_BUFFERS, s.tx_buffers.get())?;
    w.put_uint(p::CMD_FLOW_DISABLE, s.cmd_flow_disable.get())?;
    w.put_uint(p::CMD_FLOW_ENABLE, s.cmd_flow_enable.get())?;
    w.put_uint(p::CMD_UNKNOWN, s.cmd_unknown.get())?;
    w.put_uint(p::CMD_ACKS, s.cmd_acks.get())?;
    for (attr, counter) in DROPS.iter().zip(s.drops.iter()) {
        w.put_uint(*attr, counter.get())?;
    }
    w.put_uint(p::CSUM_VERIFIED, s.csum_verified.get())?;
    for (attr, counter) in CSUM_FAILS.iter().zip(s.csum_fail.iter()) {
        w.put_uint(*attr, counter.get())?;
    }
    Ok(())
}

/// Announces a channel on the `events` group of its namespace (best effort).
pub(crate) fn notify_chan(_rtnl: &Rtnl, dev: &Device<Chan>, cmd: u8) {
    FAMILY.notify(dev.net(), mcgrp::EVENTS, cmd, false, |w| fill_chan(w, dev));
}

/// Announces that the modem disabled or enabled a channel's flow. Called
/// from the receive path (softirq): allocates atomically.
pub(crate) fn notify_flow(dev: &Device<Chan>) {
    FAMILY.notify(dev.net(), mcgrp::EVENTS, cmd::CHAN_FLOW_NTF, true, |w| {
        fill_chan(w, dev)
    });
}

fn lookup_chan<'a>(info: &Info<'_>, rtnl: &'a Rtnl) -> Result<&'a Device<Chan>> {
    let dev = info.device(rtnl, c::IFINDEX, c::NAME, NO_DEVICE)?;
    LINK.downcast(dev).ok_or_else(|| {
        info.set_err_msg(c_str!("not a qmap channel"));
        ENODEV
    })
}

fn lookup_port(info: &Info<'_>, rtnl: &Rtnl) -> Result<Arc<Port>> {
    let dev = info.device(rtnl, p::IFINDEX, p::NAME, NO_DEVICE)?;
    Port::get(rtnl, dev).ok_or_else(|| {
        info.set_err_msg(c_str!(
            "no qmap port on that device (create a channel first)"
        ));
        ENODEV
    })
}

fn chan_new(info: &Info<'_>) -> Result {
    // The policy bounds it to 1..=254.
    let Some(mux_id) = info.get_u32(c::MUX_ID).and_then(|m| u8::try_from(m).ok()) else {
        info.set_bad_attr(c::MUX_ID, c_str!("mux-id required"));
        return Err(EINVAL);
    };
    let rtnl = Rtnl::lock();
    let parent = info.device(&rtnl, c::PARENT_IFINDEX, c::PARENT_NAME, NO_DEVICE)?;
    if LINK.downcast(parent).is_some() {
        info.set_err_msg(c_str!("a qmap channel cannot be a parent"));
        return Err(EINVAL);
    }
    let max_mtu = parent
        .mtu()
        .saturating_sub(chan::HEADROOM)
        .min(chan::MAX_MTU);
    let mtu = info
        .get_u32(c::MTU)
        .unwrap_or(chan::DEFAULT_MTU.min(max_mtu));
    if mtu > max_mtu || mtu < 68 {
        info.set_bad_attr(
            c::MTU,
            c_str!("MTU above the parent's MTU minus 8 bytes of QMAP headers"),
        );
        return Err(EINVAL);
    }
    let port = Port::get_or_attach(&rtnl, parent).inspect_err(|e| {
        if *e == EBUSY {
            info.set_err_msg(c_str!(
                "the parent already has a receive handler (bridge, bond, rmnet...)"
            ));
        }
    })?;
    if port.chan(&rtnl, mux_id).is_some() {
        info.set_bad_attr(
            c::MUX_ID,
            c_str!("that mux id has a channel on this parent"),
        );
        port.detach_if_unused(&rtnl);
        return Err(EEXIST);
    }
    let mut buf = [0u8; 16];
    let name = match info.get_str(c::NAME) {
        Some(n) => n,
        None if chan::default_name(parent.name(), mux_id, &mut buf) => {
            let end = buf.iter().position(|&b| b == 0).map_or(0, |p| p + 1);
            CStr::from_bytes_with_nul(&buf[..end]).map_err(|_| EINVAL)?
        }
        None => c_str!("qmap%d"),
    };
    let dev = match chan::create(&rtnl, info.net(), &port, mux_id, name, mtu) {
        Ok(dev) => dev,
        Err(e) => {
            if e == EEXIST {
                info.set_err_msg(c_str!("a device with that name exists"));
            } else if e == EINVAL {
                info.set_err_msg(c_str!("invalid device name"));
            }
            port.detach_if_unused(&rtnl);
            return Err(e);
        }
    };
    notify_chan(&rtnl, dev, cmd::CHAN_NEW_NTF);
    let mut msg = info.new_reply()?;
    fill_chan(&mut msg.writer(), dev)?;
    info.reply(msg)
}

fn chan_del(info: &Info<'_>) -> Result {
    let rtnl = Rtnl::lock();
    lookup_chan(info, &rtnl)?.delete(&rtnl);
    Ok(())
}

fn chan_get(info: &Info<'_>) -> Result {
    let rtnl = Rtnl::lock();
    let dev = lookup_chan(info, &rtnl)?;
    let mut msg = info.new_reply()?;
    fill_chan(&mut msg.writer(), dev)?;
    info.reply(msg)
}

fn port_set(info: &Info<'_>) -> Result {
    let rtnl = Rtnl::lock();
    let port = lookup_port(info, &rtnl)?;
    let csum = match info.get_u32(p::CSUM) {
        Some(v) => Some(csum_from_u32(v).ok_or(EINVAL)?),
        None => None,
    };
    if let Some(c) = csum {
        port.set_csum(&rtnl, c);
    }
    if let Some(d) = info.get_u32(p::DEAGGREGATION) {
        port.set_deaggregation(d != 0);
    }
    port.set_agg(
        info.get_u32(p::UL_AGG_MAX_DATAGRAMS),
        info.get_u32(p::UL_AGG_MAX_BYTES),
        info.get_u32(p::UL_AGG_TIME_US),
    );
    Ok(())
}

fn port_get(info: &Info<'_>) -> Result {
    let rtnl = Rtnl::lock();
    let port = lookup_port(info, &rtnl)?;
    let mut msg = info.new_reply()?;
    fill_port(&mut msg.writer(), &port)?;
    info.reply(msg)
}
