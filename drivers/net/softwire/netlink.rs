// SPDX-License-Identifier: GPL-2.0

//! The `mape` generic netlink family, as specified in
//! Documentation/netlink/specs/mape.yaml.

use crate::device::{self, LINK};
use crate::map::{Map, State, Stats, MAX_RULES};
use crate::mape::{self, IidFormat, Rule, RuleParams};
use crate::nat::Snat;
use crate::netlink_gen::{attr, cmd, iid_format, mcgrp, mode, MapeFamily, FAMILY};
use crate::support::error::code::*;
use crate::support::genl::{Dump, FamilyOps, Info, Writer};
use crate::support::ipv6::{Addr, DstCache};
use crate::support::nat;
use crate::support::net::{Net, Rtnl};
use crate::support::netdev::{Device, NetDevice};
use crate::support::vec::VecExt;
use kernel::alloc::KVec;
use kernel::c_str;
use kernel::prelude::*;
use kernel::sync::Arc;

impl FamilyOps for MapeFamily {
    fn doit(cmd: u8, info: &Info<'_>) -> Result {
        match cmd {
            cmd::DEV_NEW => dev_new(info),
            cmd::DEV_DEL => {
                let rtnl = Rtnl::lock();
                let dev = map_dev(info, &rtnl, attr::dev::IFINDEX, attr::dev::IFNAME)?;
                dev.delete(&rtnl);
                Ok(())
            }
            cmd::DEV_SET => dev_set(info),
            cmd::DEV_GET => {
                let rtnl = Rtnl::lock();
                let dev = map_dev(info, &rtnl, attr::dev::IFINDEX, attr::dev::IFNAME)?;
                reply_dev(info, dev, &rtnl)
            }
            cmd::STATS_RESET => {
                let rtnl = Rtnl::lock();
                let dev = map_dev(info, &rtnl, attr::dev::IFINDEX, attr::dev::IFNAME)?;
                dev.data().reset_counters(dev);
                Ok(())
            }
            cmd::RULE_ADD => rule_add(info),
            cmd::RULE_DEL => rule_del(info),
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
                if !dump.entry(cmd, |w| fill_dev(w, dev, &rtnl))? {
                    return Ok(());
                }
                *dump.cursor() = next;
            },
            cmd::RULE_GET => loop {
                // Cursor: device index in the high half, rule in the low.
                let cur = *dump.cursor();
                let rtnl = Rtnl::lock();
                let Some(dev) = LINK.next_in(&rtnl, dump.net(), cur >> 32) else {
                    return Ok(());
                };
                let i = if dev.ifindex() as u64 == cur >> 32 {
                    (cur & 0xffff_ffff) as usize
                } else {
                    0
                };
                let (rule, bmr) = {
                    let st = dev.data().state.lock();
                    match st.rules.get(i) {
                        Some(r) => (Some(*r), st.derived.is_some_and(|d| d.rule == *r)),
                        None => (None, false),
                    }
                };
                let Some(rule) = rule else {
                    *dump.cursor() = (dev.ifindex() as u64 + 1) << 32;
                    continue;
                };
                if !dump.entry(cmd, |w| fill_rule(w, dev, &rule, bmr))? {
                    return Ok(());
                }
                *dump.cursor() = ((dev.ifindex() as u64) << 32) | (i as u64 + 1);
            },
            _ => Ok(()),
        }
    }
}

/// The MAP device a request names (by index or name).
fn map_dev<'r>(
    info: &Info<'_>,
    rtnl: &'r Rtnl,
    ifindex: u16,
    name: u16,
) -> Result<&'r Device<Map>> {
    let dev = info.device(rtnl, ifindex, name, c_str!("no such device"))?;
    LINK.downcast(dev).ok_or_else(|| {
        info.set_err_msg(c_str!("not a MAP device"));
        ENODEV
    })
}

fn addr_attr(info: &Info<'_>, attr: u16) -> Option<Addr> {
    let b = info.get_bytes(attr)?;
    let mut a = [0u8; 16];
    a.copy_from_slice(b.get(..16)?);
    Some(a)
}

fn ipv4_attr(info: &Info<'_>, attr: u16) -> Option<mape::Ipv4> {
    let b = info.get_bytes(attr)?;
    let b = b.get(..4)?;
    Some([b[0], b[1], b[2], b[3]])
}

/// The end-user prefix of a request, if it gives one.
fn end_user(info: &Info<'_>) -> Result<Option<(Addr, u8)>> {
    use attr::dev as a;
    match (
        addr_attr(info, a::END_USER_PREFIX),
        info.get_u32(a::END_USER_PREFIX_LEN),
    ) {
        (None, None) => Ok(None),
        (Some(p), Some(l)) => {
            let l = l as u8;
            if mape::ipv6_prefix(&p, l) != p {
                info.set_bad_attr(
                    a::END_USER_PREFIX,
                    c_str!("bits set past the prefix length"),
                );
                return Err(EINVAL);
            }
            Ok(Some((p, l)))
        }
        (Some(_), None) => {
            info.set_bad_attr(
                a::END_USER_PREFIX_LEN,
                c_str!("the prefix length is required"),
            );
            Err(EINVAL)
        }
        (None, Some(_)) => {
            info.set_bad_attr(a::END_USER_PREFIX, c_str!("the prefix is required"));
            Err(EINVAL)
        }
    }
}

fn fill_dev(w: &mut Writer<'_>, dev: &Device<Map>, rtnl: &Rtnl) -> Result {
    use attr::dev as a;
    let map = dev.data();
    w.put_u32(a::IFINDEX, dev.ifindex() as u32)?;
    w.put_str(a::IFNAME, dev.name())?;
    if let Some(link) = NetDevice::get_by_index(rtnl, dev.net(), map.link) {
        w.put_str(a::LINK_NAME, link.name())?;
    }
    map.fill(w)?;
    map.fill_counters(dev, w)
}

fn reply_dev(info: &Info<'_>, dev: &Device<Map>, rtnl: &Rtnl) -> Result {
    let mut msg = info.new_reply()?;
    fill_dev(&mut msg.writer(), dev, rtnl)?;
    info.reply(msg)
}

/// Announces new derived parameters of `dev`.
fn notify_change(net: &Net, dev: &Device<Map>, rtnl: &Rtnl) {
    Map::config_changed(dev);
    FAMILY.notify(net, mcgrp::EVENTS, cmd::DEV_CHANGE_NTF, false, |w| {
        fill_dev(w, dev, rtnl)
    });
}

fn dev_new(info: &Info<'_>) -> Result {
    use attr::dev as a;
    let net = info.net();
    let mode = info.get_u32(a::MODE).unwrap_or(mode::CE);
    let Some(br) = addr_attr(info, a::BR_ADDR) else {
        info.set_bad_attr(a::BR_ADDR, c_str!("the BR address is required"));
        return Err(EINVAL);
    };
    let end_user = end_user(info)?;
    if mode == mode::BR && end_user.is_some() {
        info.set_bad_attr(a::END_USER_PREFIX, c_str!("a BR has no end-user prefix"));
        return Err(EINVAL);
    }
    let encap_limit = info.get_u32(a::ENCAP_LIMIT).map(|l| l as u8);
    let rtnl = Rtnl::lock();
    let link = info
        .device(
            &rtnl,
            a::LINK_IFINDEX,
            a::LINK_NAME,
            c_str!("no such link device"),
        )?
        .ifindex();
    let name = info.get_str(a::IFNAME).unwrap_or(c_str!("map%d"));
    let state = KBox::pin_init(
        crate::new_spinlock_bh!(
            State {
                br,
                end_user,
                encap_limit,
                rules: KVec::new(),
                derived: None,
                stale_nat: None,
            },
            "mape_state"
        ),
        GFP_KERNEL,
    )?;
    let nat = if mode == mode::CE {
        match nat::Registration::new(net, crate::nat::PRIORITY, Arc::new(Snat, GFP_KERNEL)?) {
            Ok(r) => Some(r),
            // A kernel without NAT: only sources already in the set leave.
            Err(e) if e == EOPNOTSUPP => None,
            Err(e) => return Err(e),
        }
    } else {
        None
    };
    // Without a cache (no CONFIG_DST_CACHE) every packet looks its route up.
    let br_route = (mode == mode::CE).then(|| DstCache::new().ok()).flatten();
    let dev = device::LINK
        .create(
            &rtnl,
            net,
            name,
            kernel::try_init!(Map {
                mode,
                link,
                state,
                stats: Stats::default(),
                carried_base: Default::default(),
                nat,
                br_route,
            }? Error),
        )
        .inspect_err(|e| {
            if *e == EEXIST {
                info.set_err_msg(c_str!("a device with that name exists"));
            } else if *e == EINVAL {
                info.set_err_msg(c_str!("invalid device name"));
            }
        })?;
    reply_dev(info, dev, &rtnl)
}

fn dev_set(info: &Info<'_>) -> Result {
    use attr::dev as a;
    let end_user = end_user(info)?;
    let rtnl = Rtnl::lock();
    let dev = map_dev(info, &rtnl, a::IFINDEX, a::IFNAME)?;
    let map = dev.data();
    if !map.is_ce() && end_user.is_some() {
        info.set_bad_attr(a::END_USER_PREFIX, c_str!("a BR has no end-user prefix"));
        return Err(EINVAL);
    }
    let changed = {
        let mut st = map.state.lock();
        let mut changed = false;
        if let Some(br) = addr_attr(info, a::BR_ADDR) {
            changed |= st.br != br;
            st.br = br;
        }
        if let Some(l) = info.get_u32(a::ENCAP_LIMIT) {
            st.encap_limit = Some(l as u8);
        }
        if end_user.is_some() {
            st.end_user = end_user;
        }
        st.rederive() || changed
    };
    if changed {
        notify_change(info.net(), dev, &rtnl);
    }
    Ok(())
}

fn fill_rule(w: &mut Writer<'_>, dev: &Device<Map>, r: &Rule, bmr: bool) -> Result {
    use attr::rule as a;
    let p = r.params();
    w.put_u32(a::IFINDEX, dev.ifindex() as u32)?;
    w.put_str(a::IFNAME, dev.name())?;
    w.put_bytes(a::IPV6_PREFIX, &p.ipv6_prefix)?;
    w.put_u32(a::IPV6_PREFIX_LEN, p.ipv6_len.into())?;
    w.put_bytes(a::IPV4_PREFIX, &p.ipv4_prefix)?;
    w.put_u32(a::IPV4_PREFIX_LEN, p.ipv4_len.into())?;
    w.put_u32(a::EA_LEN, p.ea_len.into())?;
    w.put_u32(a::PSID_OFFSET, p.psid_offset.into())?;
    w.put_u32(a::PSID_LEN, r.psid_len().into())?;
    if let Some(psid) = r.explicit_psid() {
        w.put_u32(a::PSID, psid.into())?;
    }
    w.put_u32(a::FMR, p.fmr.into())?;
    let iid = match p.iid {
        IidFormat::Rfc7597 => iid_format::RFC7597,
        IidFormat::Draft03 => iid_format::DRAFT03,
    };
    w.put_u32(a::IID_FORMAT, iid)?;
    w.put_u32(a::BMR, bmr.into())
}

/// The IPv6 prefix of a rule request.
fn rule_prefix(info: &Info<'_>) -> Result<(Addr, u8)> {
    use attr::rule as a;
    let Some(p) = addr_attr(info, a::IPV6_PREFIX) else {
        info.set_bad_attr(a::IPV6_PREFIX, c_str!("the rule IPv6 prefix is required"));
        return Err(EINVAL);
    };
    let Some(l) = info.get_u32(a::IPV6_PREFIX_LEN) else {
        info.set_bad_attr(
            a::IPV6_PREFIX_LEN,
            c_str!("the rule IPv6 prefix length is required"),
        );
        return Err(EINVAL);
    };
    let l = l as u8;
    if mape::ipv6_prefix(&p, l) != p {
        info.set_bad_attr(a::IPV6_PREFIX, c_str!("bits set past the prefix length"));
        return Err(EINVAL);
    }
    Ok((p, l))
}

fn rule_add(info: &Info<'_>) -> Result {
    use attr::rule as a;
    let (ipv6_prefix, ipv6_len) = rule_prefix(info)?;
    let Some(ipv4_prefix) = ipv4_attr(info, a::IPV4_PREFIX) else {
        info.set_bad_attr(a::IPV4_PREFIX, c_str!("the rule IPv4 prefix is required"));
        return Err(EINVAL);
    };
    let Some(ipv4_len) = info.get_u32(a::IPV4_PREFIX_LEN).map(|l| l as u8) else {
        info.set_bad_attr(
            a::IPV4_PREFIX_LEN,
            c_str!("the rule IPv4 prefix length is required"),
        );
        return Err(EINVAL);
    };
    if mape::ipv4_prefix(ipv4_prefix, ipv4_len) != ipv4_prefix {
        info.set_bad_attr(a::IPV4_PREFIX, c_str!("bits set past the prefix length"));
        return Err(EINVAL);
    }
    let Some(ea_len) = info.get_u32(a::EA_LEN).map(|l| l as u8) else {
        info.set_bad_attr(a::EA_LEN, c_str!("the EA-bits length is required"));
        return Err(EINVAL);
    };
    let mut p = RuleParams::new(ipv6_prefix, ipv6_len, ipv4_prefix, ipv4_len, ea_len);
    if let Some(o) = info.get_u32(a::PSID_OFFSET) {
        p.psid_offset = o as u8;
    }
    p.psid_len = info.get_u32(a::PSID_LEN).map(|l| l as u8);
    p.psid = info.get_u32(a::PSID).map(|v| v as u16);
    if p.psid.is_some() && p.psid_len.is_none() {
        info.set_bad_attr(a::PSID_LEN, c_str!("a PSID needs its length"));
        return Err(EINVAL);
    }
    p.fmr = info.get_u32(a::FMR) == Some(1);
    p.iid = match info.get_u32(a::IID_FORMAT) {
        Some(iid_format::DRAFT03) => IidFormat::Draft03,
        _ => IidFormat::Rfc7597,
    };
    let rule = Rule::new(p).map_err(|_| {
        info.set_err_msg(c_str!(
            "inconsistent rule (EA bits, prefix lengths, PSID offset and length)"
        ));
        EINVAL
    })?;
    let rtnl = Rtnl::lock();
    let dev = map_dev(info, &rtnl, a::IFINDEX, a::IFNAME)?;
    let changed = {
        let mut st = dev.data().state.lock();
        let same = st
            .rules
            .iter()
            .position(|r| r.ipv6_prefix() == &ipv6_prefix && r.ipv6_len() == ipv6_len);
        match same {
            Some(i) => st.rules[i] = rule,
            None => {
                if st.rules.len() >= MAX_RULES {
                    drop(st);
                    info.set_err_msg(c_str!("too many rules"));
                    return Err(ENOSPC);
                }
                // Under a spinlock: no sleeping allocation.
                st.rules.push(rule, GFP_ATOMIC)?;
            }
        }
        st.rederive()
    };
    if changed {
        notify_change(info.net(), dev, &rtnl);
    }
    Ok(())
}

fn rule_del(info: &Info<'_>) -> Result {
    use attr::rule as a;
    let (ipv6_prefix, ipv6_len) = rule_prefix(info)?;
    let rtnl = Rtnl::lock();
    let dev = map_dev(info, &rtnl, a::IFINDEX, a::IFNAME)?;
    let changed = {
        let mut st = dev.data().state.lock();
        let Some(i) = st
            .rules
            .iter()
            .position(|r| r.ipv6_prefix() == &ipv6_prefix && r.ipv6_len() == ipv6_len)
        else {
            drop(st);
            info.set_err_msg(c_str!("no such rule"));
            return Err(ENOENT);
        };
        st.rules.swap_take(i);
        st.rederive()
    };
    if changed {
        notify_change(info.net(), dev, &rtnl);
    }
    Ok(())
}
