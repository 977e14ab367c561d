// SPDX-License-Identifier: GPL-2.0

//! The `sixbed4` generic netlink family, as specified in
//! Documentation/netlink/specs/sixbed4.yaml.

use super::device::{Bed4, LINK};
use super::instance::{Instance, PeerCfg, Role, RouterCfg, TICK_NS};
use super::netlink_gen::{attr, cmd, mcgrp, role, Sixbed4Family, FAMILY};
use super::peers::Entry;
use super::proto;
use crate::support::error::code::*;
use crate::support::genl::{Dump, FamilyOps, Info, Writer};
use crate::support::net::{random_u32, Rtnl};
use crate::support::netdev::Device;
use crate::support::netfilter::{HookPoint, Registration};
use crate::support::udp_tunnel::Socket;
use kernel::c_str;
use kernel::prelude::*;

impl FamilyOps for Sixbed4Family {
    fn doit(cmd: u8, info: &Info<'_>) -> Result {
        match cmd {
            cmd::DEV_NEW => dev_new(info),
            cmd::DEV_DEL => {
                let rtnl = Rtnl::lock();
                let dev = bed4_dev(info, &rtnl)?;
                dev.delete(&rtnl);
                Ok(())
            }
            cmd::DEV_GET => {
                let rtnl = Rtnl::lock();
                let dev = bed4_dev(info, &rtnl)?;
                let mut msg = info.new_reply()?;
                fill_dev(&mut msg.writer(), dev)?;
                info.reply(msg)
            }
            cmd::STATS_RESET => {
                let rtnl = Rtnl::lock();
                bed4_dev(info, &rtnl)?.data().inst.stats.reset();
                Ok(())
            }
            _ => Err(EOPNOTSUPP),
        }
    }

    fn dumpit(cmd: u8, dump: &mut Dump<'_>) -> Result {
        match cmd {
            cmd::DEV_GET => loop {
                let rtnl = Rtnl::lock();
                let Some(dev) = LINK.next_in(&rtnl, dump.net(), *dump.cursor()) else {
                    return Ok(());
                };
                let next = dev.ifindex() as u64 + 1;
                if !dump.entry(cmd, |w| fill_dev(w, dev))? {
                    return Ok(());
                }
                *dump.cursor() = next;
            },
            cmd::PEER_GET => dump_peers(dump),
            _ => Err(EOPNOTSUPP),
        }
    }
}

fn bed4_dev<'r>(info: &Info<'_>, rtnl: &'r Rtnl) -> Result<&'r Device<Bed4>> {
    let dev = info.device(
        rtnl,
        attr::dev::IFINDEX,
        attr::dev::IFNAME,
        c_str!("no such device"),
    )?;
    LINK.downcast(dev).ok_or_else(|| {
        info.set_err_msg(c_str!("not a 6bed4 device"));
        ENODEV
    })
}

fn ipv4_attr(info: &Info<'_>, a: u16) -> Option<proto::Ipv4> {
    let b = info.get_bytes(a)?.get(..4)?;
    Some([b[0], b[1], b[2], b[3]])
}

fn fill_dev(w: &mut Writer<'_>, dev: &Device<Bed4>) -> Result {
    use attr::dev as a;
    w.put_u32(a::IFINDEX, dev.ifindex() as u32)?;
    w.put_str(a::IFNAME, dev.name())?;
    dev.data().inst.fill(w)
}

/// Writes peer `e` of router `dev`, with the seconds since the router last
/// heard from it.
fn fill_peer(w: &mut Writer<'_>, dev: &Device<Bed4>, e: &Entry) -> Result {
    use attr::peer as a;
    let inst = &dev.data().inst;
    let Role::Router(cfg) = &inst.role else {
        return Err(EINVAL);
    };
    let idle = inst.peers.lock().now.saturating_sub(e.seen);
    let (ipv4, port) = e.ep;
    w.put_u32(a::IFINDEX, dev.ifindex() as u32)?;
    w.put_str(a::IFNAME, dev.name())?;
    w.put_bytes(
        a::PREFIX,
        &proto::peer_prefix_114(&cfg.prefix64, ipv4, port),
    )?;
    w.put_bytes(a::IPV4, &ipv4)?;
    w.put_u32(a::PORT, port.into())?;
    if let Some((old4, oldp)) = e.old {
        w.put_bytes(a::OLD_IPV4, &old4)?;
        w.put_u32(a::OLD_PORT, oldp.into())?;
    }
    w.put_u32(a::IDLE, idle.min(u32::MAX.into()) as u32)
}

/// Announces a peer event of router `dev` (any context).
pub(crate) fn notify_peer(dev: &Device<Bed4>, cmd: u8, e: &Entry) {
    FAMILY.notify(dev.net(), mcgrp::EVENTS, cmd, true, |w| {
        fill_peer(w, dev, e)
    });
}

/// The peers of every router of the namespace. The cursor holds the
/// ifindex (high half) and the index in its table (low half).
fn dump_peers(dump: &mut Dump<'_>) -> Result {
    loop {
        let rtnl = Rtnl::lock();
        let cur = *dump.cursor();
        let (ifindex, mut i) = ((cur >> 32) as i32, cur as u32 as usize);
        let Some(dev) = LINK.next_in(&rtnl, dump.net(), ifindex.max(0) as u64) else {
            return Ok(());
        };
        if dev.ifindex() != ifindex {
            i = 0;
        }
        let inst = &dev.data().inst;
        loop {
            let Some(e) = inst.peers.lock().get(i) else {
                break;
            };
            if !dump.entry(cmd::PEER_GET, |w| fill_peer(w, dev, &e))? {
                *dump.cursor() = ((dev.ifindex() as u64) << 32) | i as u64;
                return Ok(());
            }
            i += 1;
        }
        *dump.cursor() = (dev.ifindex() as u64 + 1) << 32;
    }
}

/// Announces a peer's new address (any context).
pub(crate) fn notify_change(dev: &Device<Bed4>) {
    FAMILY.notify(dev.net(), mcgrp::EVENTS, cmd::DEV_CHANGE_NTF, true, |w| {
        fill_dev(w, dev)
    });
}

/// A random even port from 49152 to 65534, as the reference peer picks.
fn random_even_port() -> u16 {
    (49152 + (random_u32() % 8192) * 2) as u16
}

/// A router's uplink (by index or name; 0: none).
fn uplink(info: &Info<'_>) -> Result<i32> {
    use attr::dev as a;
    if info.get_u32(a::UPLINK_IFINDEX).is_none() && info.get_str(a::UPLINK_NAME).is_none() {
        return Ok(0);
    }
    let rtnl = Rtnl::lock();
    let dev = info.device(
        &rtnl,
        a::UPLINK_IFINDEX,
        a::UPLINK_NAME,
        c_str!("no such uplink"),
    )?;
    Ok(dev.ifindex())
}

fn dev_new(info: &Info<'_>) -> Result {
    use attr::dev as a;
    let net = info.net();
    let local_addr = ipv4_attr(info, a::LOCAL_ADDR).unwrap_or([0; 4]);
    let (role_cfg, default_port) = match info.get_u32(a::ROLE).unwrap_or(role::ROUTER) {
        role::ROUTER => {
            let Some(p) = info.get_bytes(a::PREFIX).and_then(|b| b.get(..8)) else {
                info.set_bad_attr(a::PREFIX, c_str!("a router needs its /64"));
                return Err(EINVAL);
            };
            let mut prefix64 = [0u8; 8];
            prefix64.copy_from_slice(p);
            let keepalive = match info.get_u32(a::KEEPALIVE) {
                Some(0) | None => proto::KEEPALIVE_PERIOD,
                Some(k) => k,
            };
            let uplink = uplink(info)?;
            (
                Role::Router(RouterCfg {
                    prefix64,
                    keepalive,
                    uplink,
                }),
                proto::PORT,
            )
        }
        _ => {
            let Some(router) = ipv4_attr(info, a::ROUTER_ADDR) else {
                info.set_bad_attr(a::ROUTER_ADDR, c_str!("a peer needs its router"));
                return Err(EINVAL);
            };
            let router_port = info
                .get_u32(a::ROUTER_PORT)
                .map_or(proto::PORT, |p| p as u16);
            let cfg = PeerCfg {
                router: (router, router_port),
                keepalive: info
                    .get_u32(a::KEEPALIVE)
                    .unwrap_or(proto::KEEPALIVE_PERIOD),
                keepalive_ttl: info
                    .get_u32(a::KEEPALIVE_TTL)
                    .map_or(proto::KEEPALIVE_TTL, |t| t as u8),
            };
            (Role::Peer(cfg), random_even_port())
        }
    };
    let port = info
        .get_u32(a::LOCAL_PORT)
        .map_or(default_port, |p| p as u16);
    if !matches!(role_cfg, Role::Router(_)) && port % 2 != 0 {
        info.set_bad_attr(
            a::LOCAL_PORT,
            c_str!("a peer's port must be even (its link-layer address form)"),
        );
        return Err(EINVAL);
    }
    let inst = Instance::new(role_cfg, (local_addr, port))?;
    let proxy = match &inst.role {
        Role::Router(r) if r.uplink != 0 => {
            Some(Registration::new(net, HookPoint::PreRouting, inst.clone())?)
        }
        _ => None,
    };
    let sock = Socket::bind4(net, local_addr, port, inst.clone()).inspect_err(|e| {
        if *e == EADDRINUSE {
            info.set_err_msg(c_str!("the UDP port is in use"));
        }
    })?;
    let name = info.get_str(a::IFNAME).unwrap_or(c_str!("6bed4%d"));
    let rtnl = Rtnl::lock();
    let dev_inst = inst.clone();
    let dev = LINK
        .create(
            &rtnl,
            net,
            name,
            kernel::try_init!(Bed4 {
                inst: dev_inst,
                sock,
                proxy,
            }? Error),
        )
        .inspect_err(|e| {
            if *e == EEXIST {
                info.set_err_msg(c_str!("a device with that name exists"));
            }
        })?;
    inst.dev.set(&rtnl, dev)?;
    dev.open(&rtnl)?;
    // A peer's first solicitation goes at once; a router's clock starts.
    inst.timer.start(if inst.is_router() {
        TICK_NS
    } else {
        TICK_NS / 100
    });
    let mut msg = info.new_reply()?;
    fill_dev(&mut msg.writer(), dev)?;
    info.reply(msg)
}
