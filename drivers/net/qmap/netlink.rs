// SPDX-License-Identifier: GPL-2.0

//! The `qmap` generic netlink family, as specified in
//! Documentation/netlink/specs/qmap.yaml.

use crate::chan::{self, Chan, LINK};
use crate::port::{csum_from_u32, csum_to_u32, Port};
use crate::proto;
use crate::support::error::code::*;
use crate::support::genl::{AttrSet, Dump, Family, FamilyOps, Info, Op, Policy, Writer};
use crate::support::net::Rtnl;
use crate::support::netdev::{Device, NetDevice, IFNAMSIZ_MAX};
use core::sync::atomic::Ordering::Relaxed;
use kernel::prelude::*;
use kernel::sync::Arc;
use kernel::{c_str, str::CStr};

pub(crate) static FAMILY: Family<QmapFamily> = Family::new();

// Commands.
const CMD_CHAN_NEW: u8 = 1;
const CMD_CHAN_DEL: u8 = 2;
const CMD_CHAN_GET: u8 = 3;
const CMD_PORT_SET: u8 = 4;
const CMD_PORT_GET: u8 = 5;
pub(crate) const CMD_CHAN_NEW_NTF: u8 = 6;
pub(crate) const CMD_CHAN_DEL_NTF: u8 = 7;
const CMD_CHAN_FLOW_NTF: u8 = 8;

// The `chan` attribute set.
const C_IFINDEX: u16 = 1;
const C_NAME: u16 = 2;
const C_PARENT_IFINDEX: u16 = 3;
const C_PARENT_NAME: u16 = 4;
const C_MUX_ID: u16 = 5;
const C_MTU: u16 = 6;
const C_FLOW_OFF: u16 = 7;
const C_RX_PACKETS: u16 = 8;
const C_RX_BYTES: u16 = 9;
const C_TX_PACKETS: u16 = 10;
const C_TX_BYTES: u16 = 11;
const C_TX_DROPPED: u16 = 12;
const C_PAD: u16 = 13;
const C_RX_DROPPED: u16 = 14;
const C_TX_CSUM_OFFLOAD: u16 = 15;

// The `port` attribute set.
const P_IFINDEX: u16 = 1;
const P_NAME: u16 = 2;
const P_CSUM: u16 = 3;
const P_DEAGGREGATION: u16 = 4;
const P_UL_AGG_MAX_DATAGRAMS: u16 = 5;
const P_UL_AGG_MAX_BYTES: u16 = 6;
const P_UL_AGG_TIME_US: u16 = 7;
const P_CHANNELS: u16 = 8;
const P_RX_BUFFERS: u16 = 9;
const P_RX_FRAMES: u16 = 10;
const P_TX_BUFFERS: u16 = 11;
const P_CMD_FLOW_DISABLE: u16 = 12;
const P_CMD_FLOW_ENABLE: u16 = 13;
const P_CMD_UNKNOWN: u16 = 14;
const P_CMD_ACKS: u16 = 15;
/// First of the per-reason drop counters, in `proto::Drop` order.
const P_DROP_FIRST: u16 = 16;
const P_PAD: u16 = 25;
const P_RX_COPIED: u16 = 26;
const P_RX_BUFFER_ERRORS: u16 = 27;
const P_CSUM_VERIFIED: u16 = 28;
/// First of the per-reason checksum counters, in `proto::TrailerFail` order.
const P_CSUM_FAIL_FIRST: u16 = 29;

const GRP_EVENTS: u32 = 0;

const NO_DEVICE: &CStr = c_str!("no such device in this namespace");

const NAME: Policy = Policy::String(IFNAMSIZ_MAX as u16);
const IFINDEX: Policy = Policy::U32Range(1, i32::MAX as u32);

static CHAN_ATTRS: AttrSet = AttrSet {
    policy: &[
        Policy::Reject,                      // unspec
        IFINDEX,                             // ifindex
        NAME,                                // name
        IFINDEX,                             // parent-ifindex
        NAME,                                // parent-name
        Policy::U8Range(1, 254),             // mux-id
        Policy::U32Range(68, chan::MAX_MTU), // mtu
        Policy::Reject,                      // flow-off
        Policy::Reject,                      // rx-packets
        Policy::Reject,                      // rx-bytes
        Policy::Reject,                      // tx-packets
        Policy::Reject,                      // tx-bytes
        Policy::Reject,                      // tx-dropped
        Policy::Reject,                      // pad
        Policy::Reject,                      // rx-dropped
        Policy::Reject,                      // tx-csum-offload
    ],
    pad: C_PAD,
};

static PORT_ATTRS: AttrSet = AttrSet {
    policy: &[
        Policy::Reject,                 // unspec
        IFINDEX,                        // ifindex
        NAME,                           // name
        Policy::U32Range(0, 2),         // csum
        Policy::U8Range(0, 1),          // deaggregation
        Policy::U32Range(0, 64),        // ul-agg-max-datagrams
        Policy::U32Range(64, 65535),    // ul-agg-max-bytes
        Policy::U32Range(0, 1_000_000), // ul-agg-time-us
        Policy::Reject,                 // channels
        Policy::Reject,                 // rx-buffers
        Policy::Reject,                 // rx-frames
        Policy::Reject,                 // tx-buffers
        Policy::Reject,                 // cmd-flow-disable
        Policy::Reject,                 // cmd-flow-enable
        Policy::Reject,                 // cmd-unknown
        Policy::Reject,                 // cmd-acks
        Policy::Reject,                 // drop-zero-length
        Policy::Reject,                 // drop-past-buffer
        Policy::Reject,                 // drop-truncated-header
        Policy::Reject,                 // drop-pad-too-long
        Policy::Reject,                 // drop-missing-v5-header
        Policy::Reject,                 // drop-bad-v5-header
        Policy::Reject,                 // drop-not-ip
        Policy::Reject,                 // drop-short-command
        Policy::Reject,                 // drop-unknown-mux-id
        Policy::Reject,                 // pad
        Policy::Reject,                 // rx-copied
        Policy::Reject,                 // rx-buffer-errors
        Policy::Reject,                 // csum-verified
        Policy::Reject,                 // csum-fail-not-valid
        Policy::Reject,                 // csum-fail-truncated
        Policy::Reject,                 // csum-fail-bad-ip-header
        Policy::Reject,                 // csum-fail-fragment
        Policy::Reject,                 // csum-fail-not-tcp-udp
        Policy::Reject,                 // csum-fail-mismatch
    ],
    pad: P_PAD,
};

pub(crate) struct QmapFamily;

impl FamilyOps for QmapFamily {
    const NAME: &'static CStr = c_str!("qmap");
    const VERSION: u8 = 1;
    const OPS: &'static [Op] = &[
        Op {
            cmd: CMD_CHAN_NEW,
            admin: true,
            doit: true,
            dumpit: false,
            attrs: &CHAN_ATTRS,
        },
        Op {
            cmd: CMD_CHAN_DEL,
            admin: true,
            doit: true,
            dumpit: false,
            attrs: &CHAN_ATTRS,
        },
        Op {
            cmd: CMD_CHAN_GET,
            admin: false,
            doit: true,
            dumpit: true,
            attrs: &CHAN_ATTRS,
        },
        Op {
            cmd: CMD_PORT_SET,
            admin: true,
            doit: true,
            dumpit: false,
            attrs: &PORT_ATTRS,
        },
        Op {
            cmd: CMD_PORT_GET,
            admin: false,
            doit: true,
            dumpit: true,
            attrs: &PORT_ATTRS,
        },
    ];
    const MCGRPS: &'static [&'static CStr] = &[c_str!("events")];

    fn doit(cmd: u8, info: &Info<'_>) -> Result {
        match cmd {
            CMD_CHAN_NEW => chan_new(info),
            CMD_CHAN_DEL => chan_del(info),
            CMD_CHAN_GET => chan_get(info),
            CMD_PORT_SET => port_set(info),
            CMD_PORT_GET => port_get(info),
            _ => Err(EOPNOTSUPP),
        }
    }

    fn dumpit(cmd: u8, dump: &mut Dump<'_>) -> Result {
        let rtnl = Rtnl::lock();
        let net = dump.net();
        match cmd {
            CMD_CHAN_GET => {
                while let Some(dev) = LINK.next_in(&rtnl, net, *dump.cursor()) {
                    if !dump.entry(CMD_CHAN_GET, |w| fill_chan(w, dev))? {
                        break;
                    }
                    *dump.cursor() = dev.ifindex() as u64 + 1;
                }
            }
            CMD_PORT_GET => {
                while let Some(dev) = NetDevice::next_in(&rtnl, net, *dump.cursor()) {
                    if let Some(port) = Port::get(&rtnl, dev) {
                        if !dump.entry(CMD_PORT_GET, |w| fill_port(w, &port))? {
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
    w.put_u32(C_IFINDEX, dev.ifindex() as u32)?;
    w.put_str(C_NAME, dev.name())?;
    w.put_u32(C_PARENT_IFINDEX, parent.ifindex() as u32)?;
    w.put_str(C_PARENT_NAME, parent.name())?;
    w.put_u8(C_MUX_ID, me.mux_id)?;
    w.put_u32(C_MTU, dev.mtu())?;
    w.put_u8(C_FLOW_OFF, me.flow_off.load(Relaxed) as u8)?;
    let st = dev.stats();
    w.put_u64(C_RX_PACKETS, st.rx_packets())?;
    w.put_u64(C_RX_BYTES, st.rx_bytes())?;
    w.put_u64(C_TX_PACKETS, st.tx_packets())?;
    w.put_u64(C_TX_BYTES, st.tx_bytes())?;
    w.put_u64(C_TX_DROPPED, st.tx_dropped())?;
    w.put_u64(C_RX_DROPPED, st.rx_dropped())?;
    w.put_u64(C_TX_CSUM_OFFLOAD, me.tx_csum_offload.get())?;
    Ok(())
}

fn fill_port(w: &mut Writer<'_>, port: &Port) -> Result {
    let s = &port.stats;
    w.put_u32(P_IFINDEX, port.parent.ifindex() as u32)?;
    w.put_str(P_NAME, port.parent.name())?;
    w.put_u32(P_CSUM, csum_to_u32(port.csum()))?;
    w.put_u8(P_DEAGGREGATION, port.deaggregation() as u8)?;
    let (datagrams, bytes, time_us) = port.agg_settings();
    w.put_u32(P_UL_AGG_MAX_DATAGRAMS, datagrams)?;
    w.put_u32(P_UL_AGG_MAX_BYTES, bytes)?;
    w.put_u32(P_UL_AGG_TIME_US, time_us)?;
    w.put_u32(P_CHANNELS, port.channels())?;
    w.put_u64(P_RX_BUFFERS, s.rx_buffers.get())?;
    w.put_u64(P_RX_FRAMES, s.rx_frames.get())?;
    w.put_u64(P_TX_BUFFERS, s.tx_buffers.get())?;
    w.put_u64(P_CMD_FLOW_DISABLE, s.cmd_flow_disable.get())?;
    w.put_u64(P_CMD_FLOW_ENABLE, s.cmd_flow_enable.get())?;
    w.put_u64(P_CMD_UNKNOWN, s.cmd_unknown.get())?;
    w.put_u64(P_CMD_ACKS, s.cmd_acks.get())?;
    for d in proto::Drop::ALL {
        w.put_u64(P_DROP_FIRST + d.index() as u16, s.drops[d.index()].get())?;
    }
    w.put_u64(P_RX_COPIED, s.rx_copied.get())?;
    w.put_u64(P_RX_BUFFER_ERRORS, s.rx_buffer_errors.get())?;
    w.put_u64(P_CSUM_VERIFIED, s.csum_verified.get())?;
    for (i, c) in s.csum_fail.iter().enumerate() {
        w.put_u64(P_CSUM_FAIL_FIRST + i as u16, c.get())?;
    }
    Ok(())
}

/// Announces a channel on the `events` group of its namespace (best effort).
pub(crate) fn notify_chan(_rtnl: &Rtnl, dev: &Device<Chan>, cmd: u8) {
    FAMILY.notify(dev.net(), GRP_EVENTS, cmd, &CHAN_ATTRS, false, |w| {
        fill_chan(w, dev)
    });
}

/// Announces that the modem disabled or enabled a channel's flow. Called
/// from the receive path (softirq): allocates atomically.
pub(crate) fn notify_flow(dev: &Device<Chan>) {
    FAMILY.notify(
        dev.net(),
        GRP_EVENTS,
        CMD_CHAN_FLOW_NTF,
        &CHAN_ATTRS,
        true,
        |w| fill_chan(w, dev),
    );
}

fn lookup_chan<'a>(info: &Info<'_>, rtnl: &'a Rtnl) -> Result<&'a Device<Chan>> {
    let dev = info.device(rtnl, C_IFINDEX, C_NAME, NO_DEVICE)?;
    LINK.downcast(dev).ok_or_else(|| {
        info.set_err_msg(c_str!("not a qmap channel"));
        ENODEV
    })
}

fn lookup_port(info: &Info<'_>, rtnl: &Rtnl) -> Result<Arc<Port>> {
    let dev = info.device(rtnl, P_IFINDEX, P_NAME, NO_DEVICE)?;
    Port::get(rtnl, dev).ok_or_else(|| {
        info.set_err_msg(c_str!(
            "no qmap port on that device (create a channel first)"
        ));
        ENODEV
    })
}

fn chan_new(info: &Info<'_>) -> Result {
    let Some(mux_id) = info.get_u8(C_MUX_ID) else {
        info.set_bad_attr(C_MUX_ID, c_str!("mux-id required"));
        return Err(EINVAL);
    };
    let rtnl = Rtnl::lock();
    let parent = info.device(&rtnl, C_PARENT_IFINDEX, C_PARENT_NAME, NO_DEVICE)?;
    if LINK.downcast(parent).is_some() {
        info.set_err_msg(c_str!("a qmap channel cannot be a parent"));
        return Err(EINVAL);
    }
    let max_mtu = parent
        .mtu()
        .saturating_sub(chan::HEADROOM)
        .min(chan::MAX_MTU);
    let mtu = info
        .get_u32(C_MTU)
        .unwrap_or(chan::DEFAULT_MTU.min(max_mtu));
    if mtu > max_mtu || mtu < 68 {
        info.set_bad_attr(
            C_MTU,
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
        info.set_bad_attr(C_MUX_ID, c_str!("that mux id has a channel on this parent"));
        port.detach_if_unused(&rtnl);
        return Err(EEXIST);
    }
    let mut buf = [0u8; 16];
    let name = match info.get_str(C_NAME) {
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
    notify_chan(&rtnl, dev, CMD_CHAN_NEW_NTF);
    let mut msg = info.new_reply(CMD_CHAN_GET)?;
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
    let mut msg = info.new_reply(CMD_CHAN_GET)?;
    fill_chan(&mut msg.writer(), dev)?;
    info.reply(msg)
}

fn port_set(info: &Info<'_>) -> Result {
    let rtnl = Rtnl::lock();
    let port = lookup_port(info, &rtnl)?;
    let csum = match info.get_u32(P_CSUM) {
        Some(v) => Some(csum_from_u32(v).ok_or(EINVAL)?),
        None => None,
    };
    if let Some(c) = csum {
        port.set_csum(&rtnl, c);
    }
    if let Some(d) = info.get_u8(P_DEAGGREGATION) {
        port.set_deaggregation(d != 0);
    }
    port.set_agg(
        info.get_u32(P_UL_AGG_MAX_DATAGRAMS),
        info.get_u32(P_UL_AGG_MAX_BYTES),
        info.get_u32(P_UL_AGG_TIME_US),
    );
    Ok(())
}

fn port_get(info: &Info<'_>) -> Result {
    let rtnl = Rtnl::lock();
    let port = lookup_port(info, &rtnl)?;
    let mut msg = info.new_reply(CMD_PORT_GET)?;
    fill_port(&mut msg.writer(), &port)?;
    info.reply(msg)
}
