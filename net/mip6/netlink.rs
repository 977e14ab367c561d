// SPDX-License-Identifier: GPL-2.0

//! The `mip6` generic netlink family, as specified in
//! Documentation/netlink/specs/mip6.yaml.

use crate::auth::Key;
use crate::device::{self, Tunnel, MTU};
use crate::ha::{self, now_ns, Acl, Binding, Prefix};
use crate::inst::{Instance, Role};
use crate::mn;
use crate::netlink_gen::{acl_policy, attr, cmd, mcgrp, mode, Mip6Family, FAMILY};
use crate::support::error::code::*;
use crate::support::genl::{Dump, FamilyOps, Info, Writer};
use crate::support::ipv6::Addr;
use crate::support::net::{Net, Rcu, Rtnl};
use crate::support::netdev::{Device, NetDevice};
use crate::support::vec::VecExt;
use kernel::c_str;
use kernel::prelude::*;
use kernel::sync::Arc;

impl FamilyOps for Mip6Family {
    fn doit(cmd: u8, info: &Info<'_>) -> Result {
        match cmd {
            cmd::HA_NEW => ha_new(info),
            cmd::MN_NEW => mn_new(info),
            cmd::SET => set(info),
            cmd::DEL => del(info),
            cmd::GET => get(info),
            cmd::STATS_RESET => with_inst(info, |_, inst| {
                inst.stats.reset();
                Ok(())
            }),
            cmd::PREFIX_ADD => prefix_add(info),
            cmd::PREFIX_DEL => prefix_del(info),
            cmd::ACL_ADD => acl_add(info),
            cmd::ACL_DEL => acl_del(info),
            cmd::BINDING_GET => binding_get(info),
            cmd::BINDING_DEL => binding_del(info),
            _ => Err(EOPNOTSUPP),
        }
    }

    fn dumpit(cmd: u8, dump: &mut Dump<'_>) -> Result {
        let rtnl = Rtnl::lock();
        let Some(dev) = instance(&rtnl, dump.net()) else {
            return Ok(());
        };
        let inst = dev.data().inst.clone();
        drop(rtnl);
        match (cmd, &inst.role) {
            (cmd::PREFIX_GET, Role::Ha(ha)) => {
                loop {
                    let i = *dump.cursor() as usize;
                    let st = ha.lock();
                    let Some(p) = st.prefixes.get(i) else { break };
                    let n = count_in_prefix(&st, p);
                    let (ifindex, prefix, plen, ha_addr) = (p.ifindex, p.prefix, p.plen, p.ha_addr);
                    drop(st);
                    let net = dump.net();
                    let added = dump.entry(cmd, |w| {
                        use attr::prefix as a;
                        w.put_u32(a::LINK_IFINDEX, ifindex as u32)?;
                        let rcu = Rcu::read_lock();
                        if let Some(d) = NetDevice::get_by_index_rcu(&rcu, net, ifindex) {
                            w.put_str(a::LINK_NAME, d.name())?;
                        }
                        w.put_bytes(a::PREFIX, &prefix)?;
                        w.put_u32(a::PREFIX_LEN, plen)?;
                        w.put_bytes(a::HA_ADDR, &ha_addr)?;
                        w.put_u32(a::BINDINGS, n)
                    })?;
                    if !added {
                        break;
                    }
                    *dump.cursor() += 1;
                }
                Ok(())
            }
            (cmd::ACL_GET, Role::Ha(ha)) => loop {
                let cur = *dump.cursor();
                let st = ha.lock();
                let Some((e, next)) = st.acl.at(cur) else {
                    return Ok(());
                };
                let (hoa, spi, window) = (e.hoa, e.key.as_ref().map(|k| k.spi), e.window);
                let auth = spi.is_some();
                drop(st);
                let added = dump.entry(cmd, |w| {
                    use attr::acl as a;
                    w.put_bytes(a::HOME_ADDR, &hoa)?;
                    if let Some(spi) = spi {
                        w.put_u32(a::SPI, spi)?;
                    }
                    w.put_u32(a::AUTH, auth.into())?;
                    w.put_u32(a::REPLAY_WINDOW, window)
                })?;
                if !added {
                    return Ok(());
                }
                *dump.cursor() = next;
            },
            (cmd::BINDING_GET, Role::Ha(ha)) => loop {
                let cur = *dump.cursor();
                let st = ha.lock();
                let Some((b, next)) = st.cache.at(cur) else {
                    return Ok(());
                };
                let b = *b;
                drop(st);
                let now = now_ns();
                if !dump.entry(cmd, |w| b.fill(w, now))? {
                    return Ok(());
                }
                *dump.cursor() = next;
            },
            (cmd::BINDING_GET, Role::Mn(mn)) => {
                if *dump.cursor() == 0 {
                    let now = now_ns();
                    let st = mn.lock();
                    if st.bul.is_some() {
                        // The list entry is small: fill it under the lock.
                        if !dump.entry(cmd, |w| st.fill_bul(w, now))? {
                            return Ok(());
                        }
                    }
                    *dump.cursor() = 1;
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }
}

fn count_in_prefix(st: &ha::State, p: &Prefix) -> u32 {
    let mut n = 0u32;
    st.cache.for_each(|b| {
        if ha::in_prefix(&b.hoa, &p.prefix, p.plen) {
            n += 1;
        }
    });
    n
}

/// The instance of namespace `net`: its tunnel netdev.
fn instance<'a>(rtnl: &'a Rtnl, net: &Net) -> Option<&'a Device<Tunnel>> {
    device::LINK.next_in(rtnl, net, 0)
}

fn no_instance(info: &Info<'_>) -> Error {
    info.set_err_msg(c_str!("no mip6 instance in this namespace"));
    ENOENT
}

/// Runs `f` with the namespace's instance.
fn with_inst(info: &Info<'_>, f: impl FnOnce(&Rtnl, &Arc<Instance>) -> Result) -> Result {
    let rtnl = Rtnl::lock();
    let dev = instance(&rtnl, info.net()).ok_or_else(|| no_instance(info))?;
    let inst = dev.data().inst.clone();
    f(&rtnl, &inst)
}

/// The HA state of the namespace's instance.
fn with_ha<R>(info: &Info<'_>, f: impl FnOnce(&mut ha::State) -> Result<R>) -> Result<R> {
    let rtnl = Rtnl::lock();
    let dev = instance(&rtnl, info.net()).ok_or_else(|| no_instance(info))?;
    let Role::Ha(ha) = &dev.data().inst.role else {
        info.set_err_msg(c_str!(
            "the mip6 instance of this namespace is not a home agent"
        ));
        return Err(EOPNOTSUPP);
    };
    let mut st = ha.lock();
    f(&mut st)
}

fn addr_attr(info: &Info<'_>, attr: u16, what: &'static CStr) -> Result<Addr> {
    let Some(b) = info.get_bytes(attr) else {
        info.set_bad_attr(attr, what);
        return Err(EINVAL);
    };
    let mut a = [0u8; 16];
    if b.len() != 16 {
        info.set_bad_attr(attr, c_str!("an IPv6 address is 16 bytes"));
        return Err(EINVAL);
    }
    a.copy_from_slice(b);
    Ok(a)
}

fn reply_inst(info: &Info<'_>, inst: &Instance) -> Result {
    let mut msg = info.new_reply()?;
    {
        let rcu = Rcu::read_lock();
        inst.fill(&mut msg.writer(), &rcu)?;
    }
    info.reply(msg)
}

fn create(info: &Info<'_>, inst: Arc<Instance>) -> Result {
    let rtnl = Rtnl::lock();
    let net = info.net();
    if instance(&rtnl, net).is_some() {
        info.set_err_msg(c_str!("this namespace already has a mip6 instance"));
        return Err(EEXIST);
    }
    let name = info
        .get_str(attr::inst::IFNAME)
        .unwrap_or(c_str!("mip6tnl%d"));
    let data = inst.clone();
    let dev = device::LINK
        .create(
            &rtnl,
            net,
            name,
            kernel::try_init!(Tunnel { inst: data }? Error),
        )
        .inspect_err(|e| {
            if *e == EEXIST {
                info.set_err_msg(c_str!("a device with that name exists"));
            } else if *e == EINVAL {
                info.set_err_msg(c_str!("invalid device name"));
            }
        })?;
    inst.tdev.set(&rtnl, dev)?;
    // Up at once, as MIPL's ip6tnl1: it carries the tunnel from the start.
    let _ = dev.open(&rtnl);
    if let Err(e) = inst.start(net) {
        dev.delete(&rtnl);
        return Err(e);
    }
    let _ = MTU;
    drop(rtnl);
    reply_inst(info, &inst)
}

fn ha_new(info: &Info<'_>) -> Result {
    use attr::inst as a;
    let cfg = ha::Config {
        max_lifetime: info
            .get_u32(a::MAX_LIFETIME)
            .unwrap_or(ha::DEFAULT_MAX_LIFETIME),
        dad_timeout_ms: info
            .get_u32(a::DAD_TIMEOUT_MS)
            .unwrap_or(ha::DEFAULT_DAD_MS),
        acl_default: info.get_u32(a::ACL_DEFAULT).unwrap_or(acl_policy::DENY),
    };
    create(info, Instance::new_ha(cfg)?)
}

/// The index of the link device a request names (by index or name).
fn link_ifindex(info: &Info<'_>, ifindex: u16, name: u16) -> Result<i32> {
    let rtnl = Rtnl::lock();
    let msg = c_str!("no such link device in this namespace");
    Ok(info.device(&rtnl, ifindex, name, msg)?.ifindex())
}

fn mn_new(info: &Info<'_>) -> Result {
    use attr::inst as a;
    let link = link_ifindex(info, a::LINK_IFINDEX, a::LINK_NAME)?;
    let hoa = addr_attr(info, a::HOME_ADDR, c_str!("the home address is required"))?;
    let ha = addr_attr(
        info,
        a::HA_ADDR,
        c_str!("the home agent address is required"),
    )?;
    let lifetime = info.get_u32(a::LIFETIME).unwrap_or(mn::DEFAULT_LIFETIME);
    let key = match (info.get_u32(a::SPI), info.get_bytes(a::KEY)) {
        (Some(spi), Some(key)) => Some(Key::new(spi, key)?),
        (None, None) => None,
        (None, Some(_)) => {
            info.set_bad_attr(a::KEY, c_str!("a key needs its SPI"));
            return Err(EINVAL);
        }
        (Some(_), None) => {
            info.set_bad_attr(a::SPI, c_str!("an SPI needs its key"));
            return Err(EINVAL);
        }
    };
    let cfg = mn::Config {
        link_ifindex: link,
        hoa,
        plen: info.get_u32(a::HOME_PREFIX_LEN).unwrap_or(64),
        ha,
        lifetime,
        key,
    };
    create(info, Instance::new_mn(cfg)?)
}

fn set(info: &Info<'_>) -> Result {
    use attr::inst as a;
    with_inst(info, |_, inst| {
        match &inst.role {
            Role::Ha(ha) => {
                if info.has(a::LIFETIME) {
                    info.set_bad_attr(a::LIFETIME, c_str!("lifetime is a mobile node setting"));
                    return Err(EINVAL);
                }
                let mut st = ha.lock();
                if let Some(v) = info.get_u32(a::MAX_LIFETIME) {
                    st.cfg.max_lifetime = v;
                }
                if let Some(v) = info.get_u32(a::DAD_TIMEOUT_MS) {
                    st.cfg.dad_timeout_ms = v;
                }
                if let Some(v) = info.get_u32(a::ACL_DEFAULT) {
                    st.cfg.acl_default = v;
                }
            }
            Role::Mn(mn) => {
                for attr in [a::MAX_LIFETIME, a::DAD_TIMEOUT_MS, a::ACL_DEFAULT] {
                    if info.has(attr) {
                        info.set_bad_attr(attr, c_str!("a home agent setting"));
                        return Err(EINVAL);
                    }
                }
                if let Some(v) = info.get_u32(a::LIFETIME) {
                    mn.lock().cfg.lifetime = v;
                }
            }
        }
        Ok(())
    })
}

fn del(info: &Info<'_>) -> Result {
    let rtnl = Rtnl::lock();
    let dev = instance(&rtnl, info.net()).ok_or_else(|| no_instance(info))?;
    dev.delete(&rtnl);
    Ok(())
}

fn get(info: &Info<'_>) -> Result {
    with_inst(info, |_, inst| reply_inst(info, inst))
}

fn prefix_add(info: &Info<'_>) -> Result {
    use attr::prefix as a;
    let ifindex = link_ifindex(info, a::LINK_IFINDEX, a::LINK_NAME)?;
    let prefix = addr_attr(info, a::PREFIX, c_str!("the prefix is required"))?;
    let Some(plen) = info.get_u32(a::PREFIX_LEN) else {
        info.set_bad_attr(a::PREFIX_LEN, c_str!("the prefix length is required"));
        return Err(EINVAL);
    };
    let ha_addr = addr_attr(info, a::HA_ADDR, c_str!("the HA address is required"))?;
    if !ha::in_prefix(&ha_addr, &prefix, plen) {
        info.set_bad_attr(a::HA_ADDR, c_str!("the HA address is not in the prefix"));
        return Err(EINVAL);
    }
    let mut masked = prefix;
    ha::mask(&mut masked, plen);
    if masked != prefix {
        info.set_bad_attr(a::PREFIX, c_str!("bits set past the prefix length"));
        return Err(EINVAL);
    }
    with_ha(info, |st| {
        if st
            .prefixes
            .iter()
            .any(|p| ha::in_prefix(&prefix, &p.prefix, p.plen.min(plen)))
        {
            info.set_err_msg(c_str!("the prefix overlaps one already served"));
            return Err(EEXIST);
        }
        // Under a spinlock: no sleeping allocation.
        st.prefixes.push(
            Prefix {
                ifindex,
                prefix,
                plen,
                ha_addr,
            },
            GFP_ATOMIC,
        )?;
        Ok(())
    })
}

fn prefix_del(info: &Info<'_>) -> Result {
    use attr::prefix as a;
    let prefix = addr_attr(info, a::PREFIX, c_str!("the prefix is required"))?;
    let Some(plen) = info.get_u32(a::PREFIX_LEN) else {
        info.set_bad_attr(a::PREFIX_LEN, c_str!("the prefix length is required"));
        return Err(EINVAL);
    };
    let net = info.net();
    let mut gone: KVec<Binding> = KVec::new();
    with_ha(info, |st| {
        let i = st
            .prefixes
            .iter()
            .position(|p| p.prefix == prefix && p.plen == plen)
            .ok_or_else(|| {
                info.set_err_msg(c_str!("no such home prefix"));
                ENOENT
            })?;
        st.prefixes.swap_take(i);
        st.cache.retain(
            |b| !ha::in_prefix(&b.hoa, &prefix, plen),
            |b| {
                let _ = gone.push(b, GFP_ATOMIC);
            },
        );
        Ok(())
    })?;
    let now = now_ns();
    for b in gone.iter() {
        notify_binding(net, cmd::BINDING_DEL_NTF, b, now);
    }
    Ok(())
}

fn acl_add(info: &Info<'_>) -> Result {
    use attr::acl as a;
    let hoa = addr_attr(info, a::HOME_ADDR, c_str!("the home address is required"))?;
    let mut e = Acl {
        hoa,
        key: None,
        window: info.get_u32(a::REPLAY_WINDOW).unwrap_or(7),
        last_mesg_id: 0,
    };
    match (info.get_u32(a::SPI), info.get_bytes(a::KEY)) {
        (Some(spi), Some(key)) => {
            e.key = Some(Key::new(spi, key).inspect_err(|_| {
                info.set_err_msg(c_str!(
                    "hmac(sha1) is not available (CONFIG_CRYPTO_HMAC, CONFIG_CRYPTO_SHA1)"
                ));
            })?);
        }
        (None, None) => {}
        (None, Some(_)) => {
            info.set_bad_attr(a::SPI, c_str!("a key needs its SPI"));
            return Err(EINVAL);
        }
        (Some(_), None) => {
            info.set_bad_attr(a::KEY, c_str!("an SPI needs its key"));
            return Err(EINVAL);
        }
    }
    with_ha(info, |st| st.acl.insert(e))
}

fn acl_del(info: &Info<'_>) -> Result {
    use attr::acl as a;
    let hoa = addr_attr(info, a::HOME_ADDR, c_str!("the home address is required"))?;
    let net = info.net();
    let gone = with_ha(info, |st| {
        if st.acl.remove(&hoa).is_none() {
            info.set_err_msg(c_str!("no access list entry for that home address"));
            return Err(ENOENT);
        }
        Ok(st.remove(&hoa))
    })?;
    if let Some(b) = gone {
        notify_binding(net, cmd::BINDING_DEL_NTF, &b, now_ns());
    }
    Ok(())
}

fn binding_get(info: &Info<'_>) -> Result {
    use attr::binding as a;
    let hoa = addr_attr(info, a::HOME_ADDR, c_str!("the home address is required"))?;
    let now = now_ns();
    with_inst(info, |_, inst| {
        let mut msg = info.new_reply()?;
        match &inst.role {
            Role::Ha(ha) => {
                let b = ha.lock().cache.get(&hoa).copied();
                let b = b.ok_or_else(|| {
                    info.set_err_msg(c_str!("no binding for that home address"));
                    ENOENT
                })?;
                b.fill(&mut msg.writer(), now)?;
            }
            Role::Mn(mn) => {
                let st = mn.lock();
                if st.cfg.hoa != hoa || st.bul.is_none() {
                    info.set_err_msg(c_str!("no binding for that home address"));
                    return Err(ENOENT);
                }
                st.fill_bul(&mut msg.writer(), now)?;
            }
        }
        info.reply(msg)
    })
}

fn binding_del(info: &Info<'_>) -> Result {
    use attr::binding as a;
    let hoa = addr_attr(info, a::HOME_ADDR, c_str!("the home address is required"))?;
    let net = info.net();
    let b = with_ha(info, |st| {
        st.remove(&hoa).ok_or_else(|| {
            info.set_err_msg(c_str!("no binding for that home address"));
            ENOENT
        })
    })?;
    notify_binding(net, cmd::BINDING_DEL_NTF, &b, now_ns());
    Ok(())
}

/// Announces an HA binding event (any context).
pub(crate) fn notify_binding(net: &Net, c: u8, b: &Binding, now: u64) {
    FAMILY.notify(net, mcgrp::EVENTS, c, true, |w| b.fill(w, now));
}

/// Announces an MN binding update list event (any context).
pub(crate) fn notify_bul(inst: &Instance, net: &Net, c: u8, now: u64) {
    let Role::Mn(mn) = &inst.role else { return };
    FAMILY.notify(net, mcgrp::EVENTS, c, true, |w| {
        let st = mn.lock();
        if st.bul.is_none() {
            // Deregistered: the home address alone says which.
            w.put_bytes(attr::binding::HOME_ADDR, &st.cfg.hoa)?;
            return w.put_bytes(attr::binding::HA_ADDR, &st.cfg.ha);
        }
        st.fill_bul(w, now)
    });
}

/// Announces a movement (any context).
pub(crate) fn notify_move(inst: &Instance, net: &Net, rcu: &Rcu) {
    FAMILY.notify(
        net,
        mcgrp::EVENTS,
        cmd::MOVE_NTF,
        true,
        |w: &mut Writer<'_>| inst.fill(w, rcu),
    );
    let _ = mode::HA;
}
