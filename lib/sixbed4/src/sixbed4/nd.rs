// SPDX-License-Identifier: GPL-2.0

//! Neighbor Discovery as 6bed4 uses it (RFC 4861 messages, the reference
//! implementation's choices): a peer sends a Router Solicitation, the
//! router answers with a Router Advertisement whose one /114 Prefix
//! Information option is made from the IPv4 address and port the
//! solicitation came from, and the peer takes its address from that.
//!
//! ```text
//! RS (133):  type | code 0 | checksum (16) | reserved (32)
//!            [ SLLA: 01 | 01 | link-layer address (6 octets) ]
//! RA (134):  type | code 0 | checksum (16) | cur hop limit 0 | flags 0x18 |
//!            router lifetime 0xffff | reachable 0xffffffff |
//!            retrans 0xffffffff
//! PIO (3):   03 | 04 | prefix length | L 0x80, A 0x40 | valid lifetime (32) |
//!            preferred lifetime (32) | reserved (32) | prefix (128)
//! ```
//!
//! Every message is a whole IPv6 packet with hop limit 255 and the ICMPv6
//! directly after the fixed header; the RA comes from `fe80::` (the
//! router, lanip 0, on every peer's link).

use super::{
    icmpv6_checksum, in_prefix, mask_prefix, parse_ipv6, peer_address, Ipv6, Ipv6Header, LlAddr,
    Malformed, IPV6_HEADER_LEN, NEXT_HEADER_ICMPV6, PEER_PREFIX_LEN,
};

/// ICMPv6 Router Solicitation.
pub const ICMPV6_RS: u8 = 133;
/// ICMPv6 Router Advertisement.
pub const ICMPV6_RA: u8 = 134;
/// ICMPv6 Neighbor Solicitation.
pub const ICMPV6_NS: u8 = 135;
/// ICMPv6 Neighbor Advertisement.
pub const ICMPV6_NA: u8 = 136;
/// ICMPv6 Redirect.
pub const ICMPV6_REDIRECT: u8 = 137;

/// The hop limit of every ND message: one that has crossed a router has
/// less and is refused.
pub const ND_HOP_LIMIT: u8 = 255;

/// ND option: source link-layer address.
pub const ND_OPT_SOURCE_LLADDR: u8 = 1;
/// ND option: target link-layer address.
pub const ND_OPT_TARGET_LLADDR: u8 = 2;
/// ND option: prefix information.
pub const ND_OPT_PREFIX_INFO: u8 = 3;
/// ND option: destination link-layer address. Not a standard option: 6bed4
/// takes 253, a value RFC 4727 sets aside for experiments.
pub const ND_OPT_DEST_LLADDR: u8 = 253;

/// Length of an RS without options.
pub const RS_LEN: usize = 8;
/// Length of an RS with a source link-layer address option.
pub const RS_SLLA_LEN: usize = 16;
/// Length of the fixed part of an RA, before its options.
pub const RA_HEADER_LEN: usize = 16;
/// Length of a Prefix Information option.
pub const PIO_LEN: usize = 32;

/// The RA flags byte: M = 0, O = 0, router preference low (RFC 4191).
pub const RA_FLAGS: u8 = 0x18;
/// The router lifetime of the RA (the reference's; RFC 4861 would stop at
/// 9000).
pub const RA_ROUTER_LIFETIME: u16 = 0xffff;
/// Prefix Information flag L: the prefix is on-link.
pub const PIO_FLAG_L: u8 = 0x80;
/// Prefix Information flag A: addresses may be configured from it.
pub const PIO_FLAG_A: u8 = 0x40;
/// An infinite lifetime (also the reachable and retransmit timers of the
/// RA).
pub const INFINITE: u32 = 0xffff_ffff;
/// Routed prefixes the reference router announces at most (`-R`, each an
/// extra PIO). [`build_ra`] takes more if the buffer has room.
pub const MAX_ROUTED: usize = 10;

/// `::`, the source of an RS from a peer without an address yet.
pub const UNSPECIFIED: Ipv6 = [0; 16];
/// `fe80::`, the router's link-local address and the source of every RA.
pub const ROUTER_LINK_LOCAL: Ipv6 = [0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
/// `ff02::1`, all nodes.
pub const ALL_NODES: Ipv6 = [0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
/// `ff02::2`, all routers: the destination of an RS.
pub const ALL_ROUTERS: Ipv6 = [0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2];

/// Whether ICMPv6 type `t` is an ND message (133 to 137), which must have
/// hop limit 255 and which a router drops from its native side.
pub fn is_nd_type(t: u8) -> bool {
    (ICMPV6_RS..=ICMPV6_REDIRECT).contains(&t)
}

/// The ICMPv6 type of the IPv6 packet `pkt` (at least its fixed header and
/// one octet more) if it is an ND message: ICMPv6 directly after the fixed
/// header, of a type [`is_nd_type`] takes. The version is not looked at
/// ([`parse_ipv6`] does that).
pub fn nd_type(pkt: &[u8]) -> Option<u8> {
    let (h, icmp) = pkt.split_first_chunk::<IPV6_HEADER_LEN>()?;
    let t = *icmp.first()?;
    (h[6] == NEXT_HEADER_ICMPV6 && is_nd_type(t)).then_some(t)
}

/// Copies `src` into `b` from octet `at` on, as much as fits.
fn put(b: &mut [u8], at: usize, src: &[u8]) {
    for (d, s) in b.iter_mut().skip(at).zip(src) {
        *d = *s;
    }
}

/// Writes the fixed header of an ND message from `src` to `dst` with
/// `payload_len` octets of ICMPv6.
fn put_ipv6_header(h: &mut [u8; IPV6_HEADER_LEN], payload_len: u16, src: &Ipv6, dst: &Ipv6) {
    let [l0, l1] = payload_len.to_be_bytes();
    put(
        h,
        0,
        &[0x60, 0, 0, 0, l0, l1, NEXT_HEADER_ICMPV6, ND_HOP_LIMIT],
    );
    put(h, 8, src);
    put(h, 24, dst);
}

/// Fills in the checksum of the ICMPv6 message `icmp` from `src` to `dst`.
fn put_icmpv6_checksum(icmp: &mut [u8], src: &Ipv6, dst: &Ipv6) {
    put(icmp, 2, &[0, 0]);
    let sum = icmpv6_checksum(src, dst, icmp);
    put(icmp, 2, &sum.to_be_bytes());
}

/// Splits off `out` a packet of `payload_len` octets past the fixed
/// header, with that header written: the packet and its ICMPv6 part.
fn nd_packet<'a>(
    out: &'a mut [u8],
    payload_len: usize,
    src: &Ipv6,
    dst: &Ipv6,
) -> Option<(usize, &'a mut [u8])> {
    let total = IPV6_HEADER_LEN.checked_add(payload_len)?;
    let payload_len = u16::try_from(payload_len).ok()?;
    let (h, icmp) = out.get_mut(..total)?.split_first_chunk_mut()?;
    put_ipv6_header(h, payload_len, src, dst);
    Some((total, icmp))
}

/// Writes into `out` a Router Solicitation from `src` (`::`, or the peer's
/// link-local address) to `ff02::2`, with a source link-layer address
/// option if `slla` is given. Returns its length; `None` if `out` is too
/// small, or for an `slla` from `::` (RFC 4861 §4.1 forbids it).
pub fn build_rs(out: &mut [u8], src: &Ipv6, slla: Option<&LlAddr>) -> Option<usize> {
    let len = match slla {
        Some(_) if *src == UNSPECIFIED => return None,
        Some(_) => RS_SLLA_LEN,
        None => RS_LEN,
    };
    let (total, icmp) = nd_packet(out, len, src, &ALL_ROUTERS)?;
    put(icmp, 0, &[ICMPV6_RS, 0, 0, 0, 0, 0, 0, 0]);
    if let Some(ll) = slla {
        put(icmp, RS_LEN, &[ND_OPT_SOURCE_LLADDR, 1]);
        put(icmp, RS_LEN.saturating_add(2), ll);
    }
    put_icmpv6_checksum(icmp, src, &ALL_ROUTERS);
    Some(total)
}

/// Why a router refuses a Router Solicitation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RsError {
    /// Not an IPv6 packet ([`parse_ipv6`]).
    Malformed(Malformed),
    /// No ICMPv6 directly after the fixed header.
    NotIcmpv6,
    /// An ICMPv6 message other than an RS.
    Type,
    /// Code not 0.
    Code,
    /// Hop limit not 255.
    HopLimit,
    /// ICMPv6 length neither 8 nor 16.
    Length,
    /// 16 octets whose last 8 are not a source link-layer address option.
    BadOption,
    /// A wrong ICMPv6 checksum.
    Checksum,
}

/// Checks the IPv6 packet `pkt` (a whole UDP payload) as the reference
/// router takes a Router Solicitation: ICMPv6 type 133, code 0, hop limit
/// 255, 8 octets of ICMPv6 or 16 with a source link-layer address option,
/// a valid checksum. Returns its header: the RA goes to its source
/// ([`ra_destination`]). Neither the destination (`ff02::2`, multicast:
/// RSes are taken before multicast is dropped) nor the link-layer
/// address is looked at: the router answers the UDP endpoint the RS came
/// from.
pub fn validate_rs(pkt: &[u8]) -> Result<Ipv6Header, RsError> {
    let h = parse_ipv6(pkt).map_err(RsError::Malformed)?;
    if h.next_header != NEXT_HEADER_ICMPV6 {
        return Err(RsError::NotIcmpv6);
    }
    let icmp = pkt.get(IPV6_HEADER_LEN..).unwrap_or(&[]);
    let &[t, code] = icmp.first_chunk::<2>().ok_or(RsError::Length)?;
    if t != ICMPV6_RS {
        return Err(RsError::Type);
    }
    if code != 0 {
        return Err(RsError::Code);
    }
    if h.hop_limit != ND_HOP_LIMIT {
        return Err(RsError::HopLimit);
    }
    match icmp.len() {
        RS_LEN => {}
        RS_SLLA_LEN => {
            if icmp.get(RS_LEN..RS_LEN.saturating_add(2)) != Some(&[ND_OPT_SOURCE_LLADDR, 1]) {
                return Err(RsError::BadOption);
            }
        }
        _ => return Err(RsError::Length),
    }
    if icmpv6_checksum(&h.src, &h.dst, icmp) != 0 {
        return Err(RsError::Checksum);
    }
    Ok(h)
}

/// Where the RA answering an RS from `rs_src` goes: back to it, or to
/// `ff02::1` if it was `::`.
pub fn ra_destination(rs_src: &Ipv6) -> Ipv6 {
    if *rs_src == UNSPECIFIED {
        ALL_NODES
    } else {
        *rs_src
    }
}

/// Length of an RA packet with `routed` routed prefixes (the IPv6 header
/// included).
pub fn ra_len(routed: usize) -> Option<usize> {
    let pios = routed.checked_add(1)?.checked_mul(PIO_LEN)?;
    IPV6_HEADER_LEN
        .checked_add(RA_HEADER_LEN)?
        .checked_add(pios)
}

/// Writes a Prefix Information option for `prefix/len` (bits after `len`
/// cleared) with `flags` and infinite lifetimes.
fn put_pio(pio: &mut [u8], prefix: &Ipv6, len: u8, flags: u8) {
    let life = INFINITE.to_be_bytes();
    put(pio, 0, &[ND_OPT_PREFIX_INFO, 4, len, flags]);
    put(pio, 4, &life);
    put(pio, 8, &life);
    put(pio, 12, &[0; 4]);
    put(pio, 16, &mask_prefix(prefix, len));
}

/// Writes into `out` the Router Advertisement of the router: from
/// `fe80::` to `dst` (the RS's source; `::` becomes `ff02::1`, see
/// [`ra_destination`]), hop limit 255, cur hop limit 0, flags
/// [`RA_FLAGS`], router lifetime 0xffff, reachable and retransmit timers
/// 0xffffffff; then the peer's /114 `peer_prefix` (its lanip cleared) in
/// a Prefix Information option with L and A; then each of `routed`
/// (prefix, length) in one with neither L nor A. All prefixes have
/// infinite lifetimes. Returns its length ([`ra_len`]); `None` if `out`
/// is too small or a routed prefix is longer than 128.
///
/// An unsolicited RA (to a peer whose NAT mapping changed) has to go to
/// `ff02::1` (pass [`UNSPECIFIED`]) or a link-local address: a peer takes
/// no other ([`parse_ra`]).
pub fn build_ra(
    out: &mut [u8],
    dst: &Ipv6,
    peer_prefix: &Ipv6,
    routed: &[(Ipv6, u8)],
) -> Option<usize> {
    if routed.iter().any(|&(_, len)| len > 128) {
        return None;
    }
    let dst = ra_destination(dst);
    let total = ra_len(routed.len())?;
    let (total, icmp) = nd_packet(
        out,
        total.checked_sub(IPV6_HEADER_LEN)?,
        &ROUTER_LINK_LOCAL,
        &dst,
    )?;
    let [f0, f1, f2, f3] = INFINITE.to_be_bytes();
    let [l0, l1] = RA_ROUTER_LIFETIME.to_be_bytes();
    put(
        icmp,
        0,
        &[
            ICMPV6_RA, 0, 0, 0, 0, RA_FLAGS, l0, l1, f0, f1, f2, f3, f0, f1, f2, f3,
        ],
    );
    let mut pios = icmp
        .get_mut(RA_HEADER_LEN..)
        .unwrap_or(&mut [])
        .chunks_exact_mut(PIO_LEN);
    put_pio(
        pios.next()?,
        peer_prefix,
        PEER_PREFIX_LEN,
        PIO_FLAG_L | PIO_FLAG_A,
    );
    for ((prefix, len), pio) in routed.iter().zip(pios) {
        put_pio(pio, prefix, *len, 0);
    }
    put_icmpv6_checksum(icmp, &ROUTER_LINK_LOCAL, &dst);
    Some(total)
}

/// Why a peer refuses a Router Advertisement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RaError {
    /// Not an IPv6 packet ([`parse_ipv6`]).
    Malformed(Malformed),
    /// No ICMPv6 directly after the fixed header.
    NotIcmpv6,
    /// An ICMPv6 message other than an RA.
    Type,
    /// Code not 0.
    Code,
    /// Hop limit not 255.
    HopLimit,
    /// Not from `fe80::`.
    Source,
    /// Neither to fe80::/64 nor to `ff02::1`.
    Destination,
    /// Shorter than the fixed part of an RA.
    Length,
    /// A wrong ICMPv6 checksum.
    Checksum,
    /// An option of length 0 or past the end, or a Prefix Information
    /// option not 32 octets long or with a prefix length over 128.
    BadOption,
    /// No /114 Prefix Information option with L and A.
    NoPrefix,
}

/// A Router Advertisement as a peer takes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Ra<'a> {
    /// The peer's /114, lanip 0: from the first Prefix Information option
    /// of length 114 with L and A.
    pub prefix114: Ipv6,
    /// The options, checked.
    options: &'a [u8],
}

impl<'a> Ra<'a> {
    /// The peer's own address: lanip 1 in its /114 ([`peer_address`]).
    pub fn address(&self) -> Ipv6 {
        peer_address(&self.prefix114)
    }

    /// The routed prefixes: those of the Prefix Information options with
    /// neither L nor A, as (prefix, length), bits after the length cleared.
    pub fn routed(&self) -> RoutedPrefixes<'a> {
        RoutedPrefixes {
            options: self.options,
        }
    }
}

/// The routed prefixes of an RA ([`Ra::routed`]).
#[derive(Clone, Debug)]
pub struct RoutedPrefixes<'a> {
    /// The options not walked yet.
    options: &'a [u8],
}

impl Iterator for RoutedPrefixes<'_> {
    type Item = (Ipv6, u8);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let (t, opt, rest) = split_option(self.options)?;
            self.options = rest;
            if t != ND_OPT_PREFIX_INFO {
                continue;
            }
            if let Some((prefix, len, flags)) = pio(opt) {
                if flags & (PIO_FLAG_L | PIO_FLAG_A) == 0 {
                    return Some((prefix, len));
                }
            }
        }
    }
}

/// The first ND option of `opts`: its type, its octets (type and length
/// included) and the options after it. `None` at the end, or for an
/// option of length 0 or past the end.
fn split_option(opts: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let &[t, units] = opts.first_chunk::<2>()?;
    let n = usize::from(units).saturating_mul(8);
    if n == 0 {
        return None;
    }
    Some((t, opts.get(..n)?, opts.get(n..)?))
}

/// Prefix (bits after its length cleared), length and flags of the Prefix
/// Information option `opt`; `None` if it is not 32 octets long or its
/// length is over 128.
fn pio(opt: &[u8]) -> Option<(Ipv6, u8, u8)> {
    let opt: &[u8; PIO_LEN] = opt.try_into().ok()?;
    let (len, flags) = (opt[2], opt[3]);
    if len > 128 {
        return None;
    }
    let prefix = opt.last_chunk::<16>()?;
    Some((mask_prefix(prefix, len), len, flags))
}

/// Checks the IPv6 packet `pkt` (a whole UDP payload, from the configured
/// router) as the reference peer takes a Router Advertisement: from
/// `fe80::` to fe80::/64 or `ff02::1`, hop limit 255, ICMPv6 type 134 code
/// 0, a valid checksum, well-formed options, among them a /114 Prefix
/// Information option with L and A. Lifetimes and the other fields are
/// not looked at (the router sends only infinite ones), nor options other
/// than Prefix Information, nor Prefix Information options with only one
/// of L and A, or with both and another length.
pub fn parse_ra(pkt: &[u8]) -> Result<Ra<'_>, RaError> {
    let h = parse_ipv6(pkt).map_err(RaError::Malformed)?;
    if h.next_header != NEXT_HEADER_ICMPV6 {
        return Err(RaError::NotIcmpv6);
    }
    if h.hop_limit != ND_HOP_LIMIT {
        return Err(RaError::HopLimit);
    }
    if h.src != ROUTER_LINK_LOCAL {
        return Err(RaError::Source);
    }
    if !in_prefix(&h.dst, &ROUTER_LINK_LOCAL, 64) && h.dst != ALL_NODES {
        return Err(RaError::Destination);
    }
    let icmp = pkt.get(IPV6_HEADER_LEN..).unwrap_or(&[]);
    let (fixed, options) = icmp
        .split_first_chunk::<RA_HEADER_LEN>()
        .ok_or(RaError::Length)?;
    if fixed[0] != ICMPV6_RA {
        return Err(RaError::Type);
    }
    if fixed[1] != 0 {
        return Err(RaError::Code);
    }
    if icmpv6_checksum(&h.src, &h.dst, icmp) != 0 {
        return Err(RaError::Checksum);
    }
    let mut prefix114 = None;
    let mut rest = options;
    while !rest.is_empty() {
        let (t, opt, next) = split_option(rest).ok_or(RaError::BadOption)?;
        rest = next;
        if t != ND_OPT_PREFIX_INFO {
            continue;
        }
        let (prefix, len, flags) = pio(opt).ok_or(RaError::BadOption)?;
        let la = PIO_FLAG_L | PIO_FLAG_A;
        if prefix114.is_none() && len == PEER_PREFIX_LEN && flags & la == la {
            prefix114 = Some(prefix);
        }
    }
    Ok(Ra {
        prefix114: prefix114.ok_or(RaError::NoPrefix)?,
        options,
    })
}

/// Fixed part of a Neighbor Solicitation: type, code, checksum, reserved,
/// target address.
pub const NS_LEN: usize = 24;

/// Why a router proxying ND on its uplink leaves a packet alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NsError {
    /// Not an IPv6 packet ([`parse_ipv6`]).
    Malformed(Malformed),
    /// No ICMPv6 directly after the fixed header.
    NotIcmpv6,
    /// An ICMPv6 message other than an NS.
    Type,
    /// Code not 0.
    Code,
    /// Hop limit not 255.
    HopLimit,
    /// Shorter than the fixed part of an NS.
    Length,
    /// A wrong ICMPv6 checksum.
    Checksum,
    /// A multicast target (RFC 4861 §7.1.1).
    Target,
}

/// A Neighbor Solicitation as a proxy takes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Ns {
    /// Its source: `::` for duplicate address detection, which the
    /// proxy answers to `ff02::1`.
    pub src: Ipv6,
    /// The address asked for.
    pub target: Ipv6,
}

/// Checks the IPv6 packet `pkt` (all of it) as a Neighbor Solicitation
/// (RFC 4861 §7.1.1): ICMPv6 directly after the fixed header, type 135,
/// code 0, hop limit 255, at least 24 octets, a valid checksum, a unicast
/// target. Options are not looked at: the advertisement a proxy sends
/// carries its own link-layer address and goes to the source address.
pub fn parse_ns(pkt: &[u8]) -> Result<Ns, NsError> {
    let h = parse_ipv6(pkt).map_err(NsError::Malformed)?;
    if h.next_header != NEXT_HEADER_ICMPV6 {
        return Err(NsError::NotIcmpv6);
    }
    let icmp = pkt.get(IPV6_HEADER_LEN..).unwrap_or(&[]);
    let (fixed, _) = icmp.split_first_chunk::<NS_LEN>().ok_or(NsError::Length)?;
    if fixed[0] != ICMPV6_NS {
        return Err(NsError::Type);
    }
    if fixed[1] != 0 {
        return Err(NsError::Code);
    }
    if h.hop_limit != ND_HOP_LIMIT {
        return Err(NsError::HopLimit);
    }
    if icmpv6_checksum(&h.src, &h.dst, icmp) != 0 {
        return Err(NsError::Checksum);
    }
    let target = *fixed.last_chunk::<16>().ok_or(NsError::Length)?;
    if target[0] == 0xff {
        return Err(NsError::Target);
    }
    Ok(Ns { src: h.src, target })
}

/// Whether a router serving `prefix64` answers neighbor solicitations
/// for `target` on its uplink (proxy ND): a 6bed4 address of its /64, port
/// word not 0. Addresses with port word 0 are native hosts, which answer
/// for themselves.
pub fn proxies(target: &Ipv6, prefix64: &[u8; 8]) -> bool {
    super::in_prefix64(target, prefix64) && !super::is_native(target) && target[0] != 0xff
}

/// Neighbor Advertisement flags: Solicited and Override (RFC 4861 §4.4).
pub const NA_FLAG_SOLICITED: u8 = 0x40;
/// Override.
pub const NA_FLAG_OVERRIDE: u8 = 0x20;

/// Writes into `out` a Neighbor Solicitation from `src` to `target` (sent
/// to the target itself, not to its solicited-node group: over 6bed4 it
/// goes straight to the endpoint the target embeds), hop limit 255, no
/// options. A peer sends it to another peer to find out whether it can
/// reach it directly. Returns its length; `None` if `out` is too small.
pub fn build_ns(out: &mut [u8], src: &Ipv6, target: &Ipv6) -> Option<usize> {
    let (total, icmp) = nd_packet(out, NS_LEN, src, target)?;
    put(icmp, 0, &[ICMPV6_NS, 0, 0, 0, 0, 0, 0, 0]);
    put(icmp, 8, target);
    put_icmpv6_checksum(icmp, src, target);
    Some(total)
}

/// Writes into `out` the solicited Neighbor Advertisement for `target`
/// from `target` to `dst` (the solicitation's source), flags Solicited
/// and Override, hop limit 255, no options (the link-layer address over
/// 6bed4 is the UDP endpoint the answer comes from). Returns its length;
/// `None` if `out` is too small.
pub fn build_na(out: &mut [u8], dst: &Ipv6, target: &Ipv6) -> Option<usize> {
    let (total, icmp) = nd_packet(out, NS_LEN, target, dst)?;
    put(
        icmp,
        0,
        &[
            ICMPV6_NA,
            0,
            0,
            0,
            NA_FLAG_SOLICITED | NA_FLAG_OVERRIDE,
            0,
            0,
            0,
        ],
    );
    put(icmp, 8, target);
    put_icmpv6_checksum(icmp, target, dst);
    Some(total)
}

/// The target of the Neighbor Advertisement `pkt` (all of it): ICMPv6
/// type 136 directly after the fixed header, code 0, hop limit 255, at
/// least 24 octets, a valid checksum. `None` otherwise.
pub fn parse_na(pkt: &[u8]) -> Option<Ipv6> {
    let h = parse_ipv6(pkt).ok()?;
    let icmp = pkt.get(IPV6_HEADER_LEN..)?;
    let (fixed, _) = icmp.split_first_chunk::<NS_LEN>()?;
    let ok = h.next_header == NEXT_HEADER_ICMPV6
        && fixed[0] == ICMPV6_NA
        && fixed[1] == 0
        && h.hop_limit == ND_HOP_LIMIT
        && icmpv6_checksum(&h.src, &h.dst, icmp) == 0;
    ok.then(|| fixed.last_chunk::<16>().copied()).flatten()
}
