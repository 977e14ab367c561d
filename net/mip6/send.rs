// SPDX-License-Identifier: GPL-2.0

//! What the module sends: mobility headers (BU, BA, BE) in IPv6 packets it
//! builds, and tunnelled packets (RFC 2473).

use crate::auth::{self, Key};
use crate::device::Tunnel;
use crate::ha;
use crate::inst::{Instance, Role};
use crate::mh;
use crate::mn;
use crate::support::error::code::*;
use crate::support::ipv6::{self, Addr};
use crate::support::net::{Net, Rcu};
use crate::support::netdev::Device;
use crate::support::skb::SkBuff;
use kernel::prelude::*;

/// Hop limit of the packets the module originates and of outer headers.
pub(crate) const HOP_LIMIT: u8 = 64;

/// Extension header between the IPv6 header and the MH.
pub(crate) enum Ext {
    None,
    /// Home Address option (a BU from a care-of address).
    Hao(Addr),
    /// Type 2 routing header (a BA to a care-of address).
    Rh2(Addr),
}

/// Builds an IPv6 packet from `src` to `dst` with `ext` and the MH that
/// `build` writes (checksummed with the addresses RFC 6275 §6.1.1 says)
/// and sends it.
fn send_mh(
    net: &Net,
    src: &Addr,
    dst: &Addr,
    ext: Ext,
    build: impl FnOnce(&mut [u8]) -> core::result::Result<usize, mh::BuildError>,
    sign: impl FnOnce(&mut [u8]) -> bool,
) -> Result {
    let mut buf = [0u8; 40 + 24 + 256];
    let (ext_len, nh, csum_src, csum_dst) = match &ext {
        Ext::None => (0, mh::IPPROTO_MH, *src, *dst),
        Ext::Hao(hoa) => (24, mh::IPPROTO_DSTOPTS, *hoa, *dst),
        Ext::Rh2(hoa) => (24, mh::IPPROTO_ROUTING, *src, *hoa),
    };
    let off = 40 + ext_len;
    let mh_len = build(&mut buf[off..]).map_err(|_| EINVAL)?;
    if !sign(&mut buf[off..off + mh_len]) {
        return Err(EINVAL);
    }
    if !mh::fill_checksum(&csum_src, &csum_dst, &mut buf[off..off + mh_len]) {
        return Err(EINVAL);
    }
    match &ext {
        Ext::None => 0,
        Ext::Hao(hoa) => {
            mh::build_hao_destopt(&mut buf[40..], mh::IPPROTO_MH, hoa).map_err(|_| EINVAL)?
        }
        Ext::Rh2(hoa) => mh::build_rh2(&mut buf[40..], mh::IPPROTO_MH, hoa).map_err(|_| EINVAL)?,
    };
    let total = off + mh_len;
    mh::build_ipv6_header(&mut buf, src, dst, nh, (total - 40) as u16, HOP_LIMIT)
        .map_err(|_| EINVAL)?;
    let mut skb = ipv6::alloc(total as u32)?;
    skb.put_slice(&buf[..total])?;
    ipv6::send(net, skb, 0)
}

/// [`send_mh`] of the MH that `build` writes with the options it is given:
/// with `key`, a MESG-ID (now) and the MN-HA authentication option, signed
/// over the care-of and home addresses `over` (RFC 4285); without, none.
fn send_mh_signed(
    net: &Net,
    src: &Addr,
    dst: &Addr,
    ext: Ext,
    over: (&Addr, &Addr),
    key: Option<&Key>,
    build: impl FnOnce(&mut [u8], &[mh::MobOpt<'_>]) -> core::result::Result<usize, mh::BuildError>,
) -> Result {
    let Some(key) = key else {
        return send_mh(net, src, dst, ext, |out| build(out, &[]), |_| true);
    };
    let zero = [0u8; 12];
    let opts = [
        mh::MobOpt::MesgId(auth::now_mesg_id()),
        mh::MobOpt::Auth {
            subtype: mh::AUTH_SUBTYPE_MN_HA,
            spi: key.spi,
            data: &zero,
        },
    ];
    let (coa, hoa) = over;
    send_mh(
        net,
        src,
        dst,
        ext,
        |out| build(out, &opts),
        |m| auth::sign(key, coa, hoa, m),
    )
}

/// Sends a binding acknowledgement from `ha_addr` to `coa` for `hoa`
/// (with a type 2 routing header unless the MN is at home).
#[allow(clippy::too_many_arguments)]
pub(crate) fn ba(
    inst: &Instance,
    net: &Net,
    ha_addr: &Addr,
    coa: &Addr,
    hoa: &Addr,
    status: u8,
    seq: u16,
    lifetime: u16,
    key: Option<&Key>,
) {
    if status >= 128 && !inst.errors.allow(ha::now_ns()) {
        inst.stats.ratelimited.inc();
        return;
    }
    let ba = mh::BindingAck {
        status,
        flags: 0,
        seq,
        lifetime,
    };
    let ext = if coa == hoa {
        Ext::None
    } else {
        Ext::Rh2(*hoa)
    };
    // RFC 4285: a BA to an authenticated MN is signed over the care-of and
    // home addresses.
    let r = send_mh_signed(net, ha_addr, coa, ext, (coa, hoa), key, |out, opts| {
        mh::build_ba(out, &ba, opts)
    });
    if r.is_ok() {
        if status < 128 {
            inst.stats.ba_sent.inc();
        } else {
            inst.stats.ba_nack_sent.inc();
        }
    }
}

/// Sends a binding update from `src` to the HA `ha` for `hoa`, with a Home
/// Address option when `hao` (away from home), signed with `key` (RFC 4285:
/// a MESG-ID and the MN-HA option, over the care-of address `src`).
#[allow(clippy::too_many_arguments)]
pub(crate) fn bu(
    inst: &Instance,
    net: &Net,
    src: &Addr,
    ha: &Addr,
    hoa: &Addr,
    bu: &mh::BindingUpdate,
    hao: bool,
    key: Option<&Key>,
) {
    let ext = if hao { Ext::Hao(*hoa) } else { Ext::None };
    let r = send_mh_signed(net, src, ha, ext, (src, hoa), key, |out, opts| {
        mh::build_bu(out, bu, opts)
    });
    if r.is_ok() {
        inst.stats.bu_sent.inc();
    }
}

/// Sends a binding error with `status` about `hoa` from `src` to `dst`.
pub(crate) fn be(inst: &Instance, net: &Net, src: &Addr, dst: &Addr, status: u8, hoa: &Addr) {
    if !inst.errors.allow(ha::now_ns()) {
        inst.stats.ratelimited.inc();
        return;
    }
    let be = mh::BindingError {
        status,
        home_address: *hoa,
    };
    if send_mh(
        net,
        src,
        dst,
        Ext::None,
        |out| mh::build_be(out, &be, &[]),
        |_| true,
    )
    .is_ok()
    {
        inst.stats.be_sent.inc();
    }
}

/// Builds an ICMPv6 message with `build` and sends it from `src` to `dst`.
fn send_icmp(
    net: &Net,
    src: &Addr,
    dst: &Addr,
    build: impl FnOnce(&mut [u8]) -> core::result::Result<usize, mh::BuildError>,
) -> Result {
    let mut buf = [0u8; 40 + 8 + 16 * 8];
    let len = build(&mut buf[40..]).map_err(|_| EINVAL)?;
    if !mh::fill_icmpv6_checksum(src, dst, &mut buf[40..40 + len]) {
        return Err(EINVAL);
    }
    mh::build_ipv6_header(
        &mut buf,
        src,
        dst,
        mh::IPPROTO_ICMPV6,
        len as u16,
        HOP_LIMIT,
    )
    .map_err(|_| EINVAL)?;
    let mut skb = ipv6::alloc(40 + len as u32)?;
    skb.put_slice(&buf[..40 + len])?;
    ipv6::send(net, skb, 0)
}

/// MN: a Home Agent Address Discovery Request from the care-of address to
/// the home prefix's anycast address (RFC 6275 §11.4.1).
pub(crate) fn dhaad_request(inst: &Instance, net: &Net, coa: &Addr, anycast: &Addr, id: u16) {
    if send_icmp(net, coa, anycast, |out| mh::build_dhaad_request(out, id, 0)).is_ok() {
        inst.stats.dhaad_sent.inc();
    }
}

/// HA: a Home Agent Address Discovery Reply listing `has` (RFC 6275
/// §10.5).
pub(crate) fn dhaad_reply(net: &Net, src: &Addr, dst: &Addr, id: u16, has: &[Addr]) {
    let _ = send_icmp(net, src, dst, |out| mh::build_dhaad_reply(out, id, 0, has));
}

/// Encapsulates `skb` from `src` to `dst` and sends it, counting it on the
/// tunnel netdev.
pub(crate) fn encap(
    inst: &Instance,
    tdev: &Device<Tunnel>,
    skb: SkBuff,
    src: &Addr,
    dst: &Addr,
) -> Result {
    let len = skb.len();
    match ipv6::encap_xmit(tdev.net(), skb, src, dst, HOP_LIMIT, tdev) {
        Ok(()) => {
            tdev.count_tx(1, len);
            inst.stats.encapsulations.inc();
            Ok(())
        }
        Err(e) => {
            tdev.count_tx_dropped();
            inst.stats.tunnel_drop.inc();
            Err(e)
        }
    }
}

/// A packet routed into the tunnel netdev: to the binding's care-of
/// address (HA) or to the HA (MN away).
pub(crate) fn tunnel_xmit(
    inst: &Instance,
    dev: &Device<Tunnel>,
    skb: SkBuff,
    _rcu: &Rcu,
) -> Result {
    let mut hdr = [0u8; 40];
    if !skb.read(0, &mut hdr) || hdr[0] >> 4 != 6 {
        return Err(EINVAL);
    }
    let mut dst = [0u8; 16];
    dst.copy_from_slice(&hdr[24..40]);
    match &inst.role {
        Role::Ha(_) => {
            let (coa, ha_addr) = ha::route(inst, &dst).ok_or(EHOSTUNREACH)?;
            encap(inst, dev, skb, &ha_addr, &coa)
        }
        Role::Mn(_) => {
            let (_, ha, coa, _) = mn::addrs(inst).ok_or(EINVAL)?;
            let coa = coa.ok_or(ENETUNREACH)?;
            encap(inst, dev, skb, &coa, &ha)
        }
    }
}
