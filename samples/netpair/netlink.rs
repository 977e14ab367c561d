// SPDX-License-Identifier: GPL-2.0

//! The `netpair` generic netlink family, as specified in
//! Documentation/netlink/specs/netpair.yaml.

use crate::device::{self, NetPair};
use crate::netlink_gen::{attr::dev as a, cmd, mcgrp, NetpairFamily, FAMILY};
use crate::support::error::code::*;
use crate::support::genl::{Dump, FamilyOps, Info, Writer};
use crate::support::net::Rtnl;
use crate::support::netdev::Device;
use kernel::c_str;
use kernel::prelude::*;

impl FamilyOps for NetpairFamily {
    fn doit(cmd: u8, info: &Info<'_>) -> Result {
        match cmd {
            cmd::DEV_NEW => dev_new(info),
            cmd::DEV_DEL => dev_del(info),
            cmd::DEV_GET => dev_get(info),
            _ => Err(EOPNOTSUPP),
        }
    }

    fn dumpit(cmd: u8, dump: &mut Dump<'_>) -> Result {
        if cmd != cmd::DEV_GET {
            return Err(EOPNOTSUPP);
        }
        let rtnl = Rtnl::lock();
        let net = dump.net();
        while let Some(dev) = device::LINK.next_in(&rtnl, net, *dump.cursor()) {
            if !dump.entry(cmd::DEV_GET, |w| fill(w, &rtnl, dev))? {
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
    w.put_u32(a::IFINDEX, dev.ifindex() as u32)?;
    w.put_str(a::NAME, dev.name())?;
    if let Some(peer) = me.peer.get_rtnl(rtnl) {
        w.put_u32(a::PEER_IFINDEX, peer.ifindex() as u32)?;
        w.put_str(a::PEER_NAME, peer.name())?;
    }
    w.put_uint(a::RX_PACKETS, me.rx_packets.get())?;
    w.put_uint(a::RX_BYTES, me.rx_bytes.get())?;
    w.put_uint(a::TX_PACKETS, me.tx_packets.get())?;
    w.put_uint(a::TX_BYTES, me.tx_bytes.get())?;
    w.put_uint(a::TX_DROPPED, me.tx_dropped.get())?;
    Ok(())
}

/// Announces a device on the `events` group of its namespace. Best effort:
/// a notification that cannot be built is skipped, as rtnetlink does.
pub(crate) fn notify(rtnl: &Rtnl, dev: &Device<NetPair>, cmd: u8) {
    FAMILY.notify(dev.net(), mcgrp::EVENTS, cmd, false, |w| fill(w, rtnl, dev));
}

/// The device a request names by `ifindex` or `name`, in the caller's namespace.
fn lookup<'a>(info: &Info<'_>, rtnl: &'a Rtnl) -> Result<&'a Device<NetPair>> {
    let not_found = c_str!("no netpair device with that ifindex or name in this namespace");
    let dev = info.device(rtnl, a::IFINDEX, a::NAME, not_found)?;
    device::LINK.downcast(dev).ok_or_else(|| {
        info.set_err_msg(not_found);
        ENODEV
    })
}

fn reply(info: &Info<'_>, rtnl: &Rtnl, dev: &Device<NetPair>) -> Result {
    let mut msg = info.new_reply()?;
    fill(&mut msg.writer(), rtnl, dev)?;
    info.reply(msg)
}

fn dev_new(info: &Info<'_>) -> Result {
    let name = info.get_str(a::NAME).unwrap_or(c_str!("np%d"));
    let peer_name = info.get_str(a::PEER_NAME).unwrap_or(c_str!("np%d"));
    let rtnl = Rtnl::lock();
    let dev = device::create_pair(&rtnl, info.net(), name, peer_name).inspect_err(|e| {
        if *e == EEXIST {
            info.set_err_msg(c_str!("a device with that name exists"));
        } else if *e == EINVAL {
            info.set_err_msg(c_str!("invalid device name"));
        }
    })?;
    notify(&rtnl, dev, cmd::DEV_NEW_NTF);
    if let Some(peer) = dev.data().peer.get_rtnl(&rtnl) {
        notify(&rtnl, peer, cmd::DEV_NEW_NTF);
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
