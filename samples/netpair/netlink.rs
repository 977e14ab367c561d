// SPDX-License-Identifier: GPL-2.0

//! The `netpair` generic netlink family, as specified in
//! Documentation/netlink/specs/netpair.yaml.

use crate::device::{self, NetPair};
use crate::support::error::code::*;
use crate::support::genl::{AttrSet, Dump, Family, FamilyOps, Info, Op, Policy, Writer};
use crate::support::net::Rtnl;
use crate::support::netdev::{Device, IFNAMSIZ_MAX};
use kernel::c_str;
use kernel::prelude::*;

pub(crate) static FAMILY: Family<NetPairFamily> = Family::new();

// Commands.
pub(crate) const CMD_DEV_NEW: u8 = 1;
pub(crate) const CMD_DEV_DEL: u8 = 2;
pub(crate) const CMD_DEV_GET: u8 = 3;
pub(crate) const CMD_DEV_NEW_NTF: u8 = 4;
pub(crate) const CMD_DEV_DEL_NTF: u8 = 5;

// Attributes of the `dev` set.
const A_IFINDEX: u16 = 1;
const A_NAME: u16 = 2;
const A_PEER_IFINDEX: u16 = 3;
const A_PEER_NAME: u16 = 4;
const A_RX_PACKETS: u16 = 5;
const A_RX_BYTES: u16 = 6;
const A_TX_PACKETS: u16 = 7;
const A_TX_BYTES: u16 = 8;
const A_TX_DROPPED: u16 = 9;
const A_PAD: u16 = 10;

// Multicast groups.
const GRP_EVENTS: u32 = 0;

/// The `dev` attribute set.
static DEV_ATTRS: AttrSet = AttrSet {
    policy: &[
        Policy::Reject,                       // unspec
        Policy::U32Range(1, i32::MAX as u32), // ifindex
        Policy::String(IFNAMSIZ_MAX as u16),  // name
        Policy::Reject,                       // peer-ifindex (reply only)
        Policy::String(IFNAMSIZ_MAX as u16),  // peer-name
        Policy::Reject,                       // rx-packets
        Policy::Reject,                       // rx-bytes
        Policy::Reject,                       // tx-packets
        Policy::Reject,                       // tx-bytes
        Policy::Reject,                       // tx-dropped
        Policy::Reject,                       // pad
    ],
    pad: A_PAD,
};

pub(crate) struct NetPairFamily;

impl FamilyOps for NetPairFamily {
    const NAME: &'static CStr = c_str!("netpair");
    const VERSION: u8 = 1;
    const OPS: &'static [Op] = &[
        Op {
            cmd: CMD_DEV_NEW,
            admin: true,
            doit: true,
            dumpit: false,
            attrs: &DEV_ATTRS,
        },
        Op {
            cmd: CMD_DEV_DEL,
            admin: true,
            doit: true,
            dumpit: false,
            attrs: &DEV_ATTRS,
        },
        Op {
            cmd: CMD_DEV_GET,
            admin: false,
            doit: true,
            dumpit: true,
            attrs: &DEV_ATTRS,
        },
    ];
    const MCGRPS: &'static [&'static CStr] = &[c_str!("events")];

    fn doit(cmd: u8, info: &Info<'_>) -> Result {
        match cmd {
            CMD_DEV_NEW => dev_new(info),
            CMD_DEV_DEL => dev_del(info),
            CMD_DEV_GET => dev_get(info),
            _ => Err(EOPNOTSUPP),
        }
    }

    fn dumpit(cmd: u8, dump: &mut Dump<'_>) -> Result {
        if cmd != CMD_DEV_GET {
            return Err(EOPNOTSUPP);
        }
        let rtnl = Rtnl::lock();
        let net = dump.net();
        while let Some(dev) = device::LINK.next_in(&rtnl, net, *dump.cursor()) {
            if !dump.entry(CMD_DEV_GET, |w| fill(w, &rtnl, dev))? {
                break;
            }
            *dump.cursor() = dev.ifindex() as u64 + 1;
        }
        Ok(())
    }
}

/// Writes the attributes of one device (RTNL held, so the peer is stable).
fn fill(w: &mut Writer<'_>, rtnl: &Rtnl, dev: &Device<NetPair>) -> Result {
    let me = dev.data();
    w.put_u32(A_IFINDEX, dev.ifindex() as u32)?;
    w.put_str(A_NAME, dev.name())?;
    if let Some(peer) = me.peer.get_rtnl(rtnl) {
        w.put_u32(A_PEER_IFINDEX, peer.ifindex() as u32)?;
        w.put_str(A_PEER_NAME, peer.name())?;
    }
    w.put_u64(A_RX_PACKETS, me.rx_packets.get())?;
    w.put_u64(A_RX_BYTES, me.rx_bytes.get())?;
    w.put_u64(A_TX_PACKETS, me.tx_packets.get())?;
    w.put_u64(A_TX_BYTES, me.tx_bytes.get())?;
    w.put_u64(A_TX_DROPPED, me.tx_dropped.get())?;
    Ok(())
}

/// Announces a device on the `events` group of its namespace. Best effort:
/// a notification that cannot be built is skipped, as rtnetlink does.
pub(crate) fn notify(rtnl: &Rtnl, dev: &Device<NetPair>, cmd: u8) {
    FAMILY.notify(dev.net(), GRP_EVENTS, cmd, &DEV_ATTRS, false, |w| {
        fill(w, rtnl, dev)
    });
}

/// The device a request names by `ifindex` or `name`, in the caller's namespace.
fn lookup<'a>(info: &Info<'_>, rtnl: &'a Rtnl) -> Result<&'a Device<NetPair>> {
    let not_found = c_str!("no netpair device with that ifindex or name in this namespace");
    let dev = info.device(rtnl, A_IFINDEX, A_NAME, not_found)?;
    device::LINK.downcast(dev).ok_or_else(|| {
        info.set_err_msg(not_found);
        ENODEV
    })
}

fn reply(info: &Info<'_>, rtnl: &Rtnl, dev: &Device<NetPair>) -> Result {
    let mut msg = info.new_reply(CMD_DEV_GET)?;
    fill(&mut msg.writer(), rtnl, dev)?;
    info.reply(msg)
}

fn dev_new(info: &Info<'_>) -> Result {
    let name = info.get_str(A_NAME).unwrap_or(c_str!("np%d"));
    let peer_name = info.get_str(A_PEER_NAME).unwrap_or(c_str!("np%d"));
    let rtnl = Rtnl::lock();
    let dev = device::create_pair(&rtnl, info.net(), name, peer_name).inspect_err(|e| {
        if *e == EEXIST {
            info.set_err_msg(c_str!("a device with that name exists"));
        } else if *e == EINVAL {
            info.set_err_msg(c_str!("invalid device name"));
        }
    })?;
    notify(&rtnl, dev, CMD_DEV_NEW_NTF);
    if let Some(peer) = dev.data().peer.get_rtnl(&rtnl) {
        notify(&rtnl, peer, CMD_DEV_NEW_NTF);
    }
    reply(info, &rtnl, dev)
}

fn dev_del(info: &Info<'_>) -> Result {
    let rtnl = Rtnl::lock();
    lookup(info, &rtnl)?.delete(&rtnl);
    Ok(())
}

fn dev_get(info: &Info<'_>) -> Result {
    let rtnl = Rtnl::lock();
    let dev = lookup(info, &rtnl)?;
    reply(info, &rtnl, dev)
}
