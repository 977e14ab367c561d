// SPDX-License-Identifier: GPL-2.0

//! Neighbor Discovery (RFC 4861) as Mobile IPv6 uses it: Router
//! Advertisements with the home agent extensions for movement detection and
//! the home agent list (RFC 6275 §7), Neighbor Solicitations and
//! Advertisements for duplicate address detection and proxying (§10.4.1),
//! and Dynamic Home Agent Address Discovery (§6.5, §6.6; RFC 3963 §7).
//!
//! Messages start at the ICMPv6 Type octet. The parsers do not check what
//! lives in the IP header (Hop Limit 255, a link-local source for an RA,
//! RFC 4861 §6.1.2, §7.1) nor the checksum ([`verify_icmpv6`](super::verify_icmpv6)).

use super::{be16, be32, get, Addr, BuildError, Writer};

/// ICMPv6 type: Router Solicitation.
pub const ICMPV6_RS: u8 = 133;
/// ICMPv6 type: Router Advertisement (RFC 4861 §4.2).
pub const ICMPV6_RA: u8 = 134;
/// ICMPv6 type: Neighbor Solicitation (RFC 4861 §4.3).
pub const ICMPV6_NS: u8 = 135;
/// ICMPv6 type: Neighbor Advertisement (RFC 4861 §4.4).
pub const ICMPV6_NA: u8 = 136;
/// ICMPv6 type: Home Agent Address Discovery Request (RFC 6275 §6.5).
pub const ICMPV6_DHAAD_REQUEST: u8 = 144;
/// ICMPv6 type: Home Agent Address Discovery Reply (RFC 6275 §6.6).
pub const ICMPV6_DHAAD_REPLY: u8 = 145;
/// ICMPv6 type: Mobile Prefix Solicitation (RFC 6275 §6.7).
pub const ICMPV6_MPS: u8 = 146;
/// ICMPv6 type: Mobile Prefix Advertisement (RFC 6275 §6.8).
pub const ICMPV6_MPA: u8 = 147;

/// RA flag M: managed address configuration (RFC 4861 §4.2).
pub const RA_FLAG_MANAGED: u8 = 0x80;
/// RA flag O: other configuration (RFC 4861 §4.2).
pub const RA_FLAG_OTHER: u8 = 0x40;
/// RA flag H: the router is a home agent (RFC 6275 §7.1).
pub const RA_FLAG_HOME_AGENT: u8 = 0x20;

/// Prefix Information flag L: on-link (RFC 4861 §4.6.2).
pub const PIO_FLAG_ONLINK: u8 = 0x80;
/// Prefix Information flag A: autonomous address configuration.
pub const PIO_FLAG_AUTO: u8 = 0x40;
/// Prefix Information flag R: the Prefix field is the router's address
/// (RFC 6275 §7.2).
pub const PIO_FLAG_ROUTER_ADDR: u8 = 0x20;

/// NA flag R: the sender is a router (RFC 4861 §4.4).
pub const NA_FLAG_ROUTER: u8 = 0x80;
/// NA flag S: solicited.
pub const NA_FLAG_SOLICITED: u8 = 0x40;
/// NA flag O: override.
pub const NA_FLAG_OVERRIDE: u8 = 0x20;

/// Home Agent Information flag: mobile router support (RFC 3963 §7.1).
pub const HAI_FLAG_MR: u16 = 0x8000;
/// DHAAD Request/Reply flag R: mobile router (RFC 3963 §7.2, §7.3).
pub const DHAAD_FLAG_MR: u16 = 0x8000;

/// ND option: Source Link-layer Address (RFC 4861 §4.6.1).
pub const NDOPT_SOURCE_LLA: u8 = 1;
/// ND option: Target Link-layer Address (RFC 4861 §4.6.1).
pub const NDOPT_TARGET_LLA: u8 = 2;
/// ND option: Prefix Information (RFC 4861 §4.6.2).
pub const NDOPT_PREFIX_INFO: u8 = 3;
/// ND option: MTU (RFC 4861 §4.6.4).
pub const NDOPT_MTU: u8 = 5;
/// ND option: Advertisement Interval (RFC 6275 §7.3).
pub const NDOPT_ADV_INTERVAL: u8 = 7;
/// ND option: Home Agent Information (RFC 6275 §7.4).
pub const NDOPT_HOME_AGENT_INFO: u8 = 8;

/// Length of an RA without options.
pub const RA_LEN: usize = 16;
/// Length of an NS or NA without options.
pub const NS_LEN: usize = 24;
/// Length of a DHAAD Request, and of a Reply without addresses.
pub const DHAAD_LEN: usize = 8;
/// Interface identifier of the Mobile IPv6 Home-Agents anycast address in
/// a /64 (RFC 2526 §3, ID 0x7e; RFC 6275 §10.5).
pub const DHAAD_ANYCAST_IID: [u8; 8] = [0xfd, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe];

/// A Prefix Information option (RFC 4861 §4.6.2; RFC 6275 §7.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PrefixInfo {
    /// Prefix Length, at most 128.
    pub prefix_len: u8,
    /// Flags: `PIO_FLAG_*` (L, A, R).
    pub flags: u8,
    /// Valid Lifetime, seconds (0xffffffff: infinity).
    pub valid_lifetime: u32,
    /// Preferred Lifetime, seconds.
    pub preferred_lifetime: u32,
    /// Prefix; with the R flag, the router's full address.
    pub prefix: Addr,
}

/// A Home Agent Information option (RFC 6275 §7.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HomeAgentInfo {
    /// The Reserved field: [`HAI_FLAG_MR`] (RFC 3963 §7.1) and the rest.
    pub flags: u16,
    /// Home Agent Preference: **signed**, higher is better; 0 without the
    /// option.
    pub preference: i16,
    /// Home Agent Lifetime in seconds; 0 is not allowed. Without the
    /// option, the Router Lifetime.
    pub lifetime: u16,
}

/// A Neighbor Discovery option.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NdOpt<'a> {
    /// Source Link-layer Address: the data after type and length, padding
    /// included (6 octets and no padding on Ethernet).
    SourceLla(&'a [u8]),
    /// Target Link-layer Address, as [`NdOpt::SourceLla`].
    TargetLla(&'a [u8]),
    /// Prefix Information.
    PrefixInfo(PrefixInfo),
    /// MTU.
    Mtu(u32),
    /// Advertisement Interval, milliseconds (RFC 6275 §7.3).
    AdvInterval(u32),
    /// Home Agent Information (RFC 6275 §7.4).
    HomeAgentInfo(HomeAgentInfo),
    /// Another option, to be ignored (RFC 4861 §4.6).
    Unknown {
        /// Option Type.
        opt_type: u8,
        /// The data after type and length.
        data: &'a [u8],
    },
}

/// Why an ND or DHAAD message was refused. Offsets are from the ICMPv6
/// Type octet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NdError {
    /// Shorter than the message's fixed part.
    Truncated,
    /// Another ICMPv6 type than the parser's.
    BadType,
    /// ICMPv6 Code other than 0.
    BadCode,
    /// A length the message does not allow (a DHAAD Reply whose address
    /// list is not a multiple of 16 octets).
    BadLength,
    /// A multicast target address (RFC 4861 §7.1.1, §7.1.2).
    MulticastTarget,
    /// An option of length 0: the whole message must be discarded (RFC
    /// 4861 §4.6).
    OptionZeroLength {
        /// Offset of the option.
        offset: usize,
    },
    /// An option that runs past the end of the message.
    OptionTruncated {
        /// Offset of the option.
        offset: usize,
    },
    /// A length the option type does not allow (Prefix Information 4,
    /// MTU, Advertisement Interval and Home Agent Information 1).
    OptionBadLength {
        /// Offset of the option.
        offset: usize,
        /// Option Type.
        opt_type: u8,
    },
    /// A Prefix Information option with a prefix length over 128.
    BadPrefixLength {
        /// Offset of the option.
        offset: usize,
    },
}

/// The options of an ND message: an iterator of `(offset, option)`, offsets
/// from the ICMPv6 Type octet. It stops after the first error, which it
/// yields; the parsers have already walked them all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NdOptions<'a> {
    msg: &'a [u8],
    start: usize,
    pos: usize,
    failed: bool,
}

impl<'a> NdOptions<'a> {
    /// The options of `msg` from offset `start`.
    pub fn new(msg: &'a [u8], start: usize) -> Self {
        NdOptions {
            msg,
            start,
            pos: start,
            failed: false,
        }
    }

    /// The first error of a walk over all the options, if any.
    pub fn check(&self) -> Result<(), NdError> {
        NdOptions::new(self.msg, self.start).try_for_each(|r| r.map(|_| ()))
    }

    /// The first Source Link-layer Address option's data.
    pub fn source_lla(&self) -> Option<&'a [u8]> {
        NdOptions::new(self.msg, self.start).find_map(|r| match r {
            Ok((_, NdOpt::SourceLla(a))) => Some(a),
            _ => None,
        })
    }

    /// The first Target Link-layer Address option's data.
    pub fn target_lla(&self) -> Option<&'a [u8]> {
        NdOptions::new(self.msg, self.start).find_map(|r| match r {
            Ok((_, NdOpt::TargetLla(a))) => Some(a),
            _ => None,
        })
    }

    fn option(&mut self, offset: usize) -> Result<(usize, NdOpt<'a>), NdError> {
        let [opt_type, units] =
            get::<2>(self.msg, offset).ok_or(NdError::OptionTruncated { offset })?;
        if units == 0 {
            return Err(NdError::OptionZeroLength { offset });
        }
        let end = offset
            .checked_add(usize::from(units) * 8)
            .ok_or(NdError::OptionTruncated { offset })?;
        let data = self
            .msg
            .get(offset + 2..end)
            .ok_or(NdError::OptionTruncated { offset })?;
        self.pos = end;
        let bad = NdError::OptionBadLength { offset, opt_type };
        let want = match opt_type {
            NDOPT_PREFIX_INFO => 4,
            NDOPT_MTU | NDOPT_ADV_INTERVAL | NDOPT_HOME_AGENT_INFO => 1,
            _ => units,
        };
        if units != want {
            return Err(bad);
        }
        let opt = match opt_type {
            NDOPT_SOURCE_LLA => NdOpt::SourceLla(data),
            NDOPT_TARGET_LLA => NdOpt::TargetLla(data),
            NDOPT_PREFIX_INFO => {
                let [prefix_len, flags] = get(data, 0).ok_or(bad)?;
                if prefix_len > 128 {
                    return Err(NdError::BadPrefixLength { offset });
                }
                NdOpt::PrefixInfo(PrefixInfo {
                    prefix_len,
                    flags,
                    valid_lifetime: be32(data, 2).ok_or(bad)?,
                    preferred_lifetime: be32(data, 6).ok_or(bad)?,
                    prefix: get(data, 14).ok_or(bad)?,
                })
            }
            NDOPT_MTU => NdOpt::Mtu(be32(data, 2).ok_or(bad)?),
            NDOPT_ADV_INTERVAL => NdOpt::AdvInterval(be32(data, 2).ok_or(bad)?),
            NDOPT_HOME_AGENT_INFO => NdOpt::HomeAgentInfo(HomeAgentInfo {
                flags: be16(data, 0).ok_or(bad)?,
                preference: be16(data, 2).ok_or(bad)? as i16,
                lifetime: be16(data, 4).ok_or(bad)?,
            }),
            _ => NdOpt::Unknown { opt_type, data },
        };
        Ok((offset, opt))
    }
}

impl<'a> Iterator for NdOptions<'a> {
    type Item = Result<(usize, NdOpt<'a>), NdError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.pos >= self.msg.len() {
            return None;
        }
        let r = self.option(self.pos);
        if r.is_err() {
            self.failed = true;
        }
        Some(r)
    }
}

/// Checks type, code and minimum length; returns the options of `msg`.
fn fixed(msg: &[u8], icmp_type: u8, min: usize) -> Result<NdOptions<'_>, NdError> {
    let [t, code] = get::<2>(msg, 0).ok_or(NdError::Truncated)?;
    if t != icmp_type {
        return Err(NdError::BadType);
    }
    if code != 0 {
        return Err(NdError::BadCode);
    }
    if msg.len() < min {
        return Err(NdError::Truncated);
    }
    let o = NdOptions::new(msg, min);
    o.check()?;
    Ok(o)
}

/// A Router Advertisement (RFC 4861 §4.2; RFC 6275 §7.1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouterAdvert<'a> {
    /// Cur Hop Limit.
    pub cur_hop_limit: u8,
    /// Flags: `RA_FLAG_*` (M, O, H) and the rest.
    pub flags: u8,
    /// Router Lifetime, seconds.
    pub router_lifetime: u16,
    /// Reachable Time, milliseconds.
    pub reachable_time: u32,
    /// Retrans Timer, milliseconds.
    pub retrans_timer: u32,
    /// The options, all already checked.
    pub options: NdOptions<'a>,
}

impl RouterAdvert<'_> {
    /// The router's home agent information (RFC 6275 §7.4, §10.5.1):
    /// `None` without the H flag; without the option, preference 0 and
    /// the Router Lifetime.
    pub fn home_agent_info(&self) -> Option<HomeAgentInfo> {
        if self.flags & RA_FLAG_HOME_AGENT == 0 {
            return None;
        }
        let found = self.options.clone().find_map(|r| match r {
            Ok((_, NdOpt::HomeAgentInfo(h))) => Some(h),
            _ => None,
        });
        Some(found.unwrap_or(HomeAgentInfo {
            flags: 0,
            preference: 0,
            lifetime: self.router_lifetime,
        }))
    }
}

/// Parses a Router Advertisement and checks all its options.
pub fn parse_ra(msg: &[u8]) -> Result<RouterAdvert<'_>, NdError> {
    let options = fixed(msg, ICMPV6_RA, RA_LEN)?;
    let [_, _, _, _, cur_hop_limit, flags] = get::<6>(msg, 0).ok_or(NdError::Truncated)?;
    Ok(RouterAdvert {
        cur_hop_limit,
        flags,
        router_lifetime: be16(msg, 6).ok_or(NdError::Truncated)?,
        reachable_time: be32(msg, 8).ok_or(NdError::Truncated)?,
        retrans_timer: be32(msg, 12).ok_or(NdError::Truncated)?,
        options,
    })
}

/// A Neighbor Solicitation (RFC 4861 §4.3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NeighborSolicit<'a> {
    /// Target Address.
    pub target: Addr,
    /// The options, all already checked.
    pub options: NdOptions<'a>,
}

/// A Neighbor Advertisement (RFC 4861 §4.4).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NeighborAdvert<'a> {
    /// Flags: `NA_FLAG_*` (R, S, O) and the rest of that octet.
    pub flags: u8,
    /// Target Address.
    pub target: Addr,
    /// The options, all already checked.
    pub options: NdOptions<'a>,
}

/// Parses the common part of NS and NA.
fn ns_na(msg: &[u8], icmp_type: u8) -> Result<(u8, Addr, NdOptions<'_>), NdError> {
    let options = fixed(msg, icmp_type, NS_LEN)?;
    let target: Addr = get(msg, 8).ok_or(NdError::Truncated)?;
    if target[0] == 0xff {
        return Err(NdError::MulticastTarget);
    }
    Ok((*msg.get(4).ok_or(NdError::Truncated)?, target, options))
}

/// Parses a Neighbor Solicitation and checks all its options.
pub fn parse_ns(msg: &[u8]) -> Result<NeighborSolicit<'_>, NdError> {
    let (_, target, options) = ns_na(msg, ICMPV6_NS)?;
    Ok(NeighborSolicit { target, options })
}

/// Parses a Neighbor Advertisement and checks all its options.
pub fn parse_na(msg: &[u8]) -> Result<NeighborAdvert<'_>, NdError> {
    let (flags, target, options) = ns_na(msg, ICMPV6_NA)?;
    Ok(NeighborAdvert {
        flags,
        target,
        options,
    })
}

/// Writes a link-layer address option, padded to 8 octets.
fn lla_option(w: &mut Writer<'_>, opt_type: u8, lla: &[u8]) -> Result<(), BuildError> {
    if lla.is_empty() {
        return Err(BuildError::Invalid);
    }
    let used = lla.len().checked_add(2).ok_or(BuildError::TooLong)?;
    let pad = (8 - used % 8) % 8;
    let total = used.checked_add(pad).ok_or(BuildError::TooLong)?;
    let units = u8::try_from(total / 8).map_err(|_| BuildError::TooLong)?;
    w.put(&[opt_type, units])?;
    w.put(lla)?;
    w.zeros(pad)
}

/// Writes a Neighbor Solicitation for `target` (RFC 4861 §4.3), with a
/// Source Link-layer Address option if `source_lla` is given; returns its
/// length. For duplicate address detection (sent from `::` to the
/// solicited-node address, [`solicited_node`]) give none (§7.2.2). The
/// checksum is left zero: [`fill_icmpv6_checksum`](super::fill_icmpv6_checksum).
pub fn build_ns(
    out: &mut [u8],
    target: &Addr,
    source_lla: Option<&[u8]>,
) -> Result<usize, BuildError> {
    let mut w = Writer::new(out);
    w.put(&[ICMPV6_NS, 0, 0, 0])?;
    w.zeros(4)?;
    w.put(target)?;
    if let Some(lla) = source_lla {
        lla_option(&mut w, NDOPT_SOURCE_LLA, lla)?;
    }
    Ok(w.pos)
}

/// Writes a Neighbor Advertisement for `target` with `flags` (`NA_FLAG_*`;
/// RFC 4861 §4.4), with a Target Link-layer Address option if `target_lla`
/// is given; returns its length. Checksum left zero.
pub fn build_na(
    out: &mut [u8],
    flags: u8,
    target: &Addr,
    target_lla: Option<&[u8]>,
) -> Result<usize, BuildError> {
    let mut w = Writer::new(out);
    w.put(&[ICMPV6_NA, 0, 0, 0, flags, 0, 0, 0])?;
    w.put(target)?;
    if let Some(lla) = target_lla {
        lla_option(&mut w, NDOPT_TARGET_LLA, lla)?;
    }
    Ok(w.pos)
}

/// A Home Agent Address Discovery Request (RFC 6275 §6.5; RFC 3963 §7.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DhaadRequest {
    /// Identifier, echoed in the Reply.
    pub identifier: u16,
    /// The Reserved field: [`DHAAD_FLAG_MR`] and the rest.
    pub flags: u16,
}

/// A Home Agent Address Discovery Reply (RFC 6275 §6.6; RFC 3963 §7.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DhaadReply<'a> {
    /// Identifier of the Request.
    pub identifier: u16,
    /// The Reserved field: [`DHAAD_FLAG_MR`] and the rest.
    pub flags: u16,
    /// The home agents, most preferred first.
    pub addrs: AddrList<'a>,
}

/// A list of addresses packed 16 octets each; iterates over them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AddrList<'a> {
    rest: &'a [u8],
}

impl AddrList<'_> {
    /// Number of addresses left.
    pub fn len(&self) -> usize {
        self.rest.len() / 16
    }

    /// Whether no address is left.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Iterator for AddrList<'_> {
    type Item = Addr;

    fn next(&mut self) -> Option<Addr> {
        let a = get(self.rest, 0)?;
        self.rest = self.rest.get(16..).unwrap_or(&[]);
        Some(a)
    }
}

/// Parses a Home Agent Address Discovery Request.
pub fn parse_dhaad_request(msg: &[u8]) -> Result<DhaadRequest, NdError> {
    let [t, code, _, _, i0, i1, f0, f1] = get::<8>(msg, 0).ok_or(NdError::Truncated)?;
    if t != ICMPV6_DHAAD_REQUEST {
        return Err(NdError::BadType);
    }
    if code != 0 {
        return Err(NdError::BadCode);
    }
    Ok(DhaadRequest {
        identifier: u16::from_be_bytes([i0, i1]),
        flags: u16::from_be_bytes([f0, f1]),
    })
}

/// Parses a Home Agent Address Discovery Reply: the address list must be a
/// whole number of addresses.
pub fn parse_dhaad_reply(msg: &[u8]) -> Result<DhaadReply<'_>, NdError> {
    let [t, code, _, _, i0, i1, f0, f1] = get::<8>(msg, 0).ok_or(NdError::Truncated)?;
    if t != ICMPV6_DHAAD_REPLY {
        return Err(NdError::BadType);
    }
    if code != 0 {
        return Err(NdError::BadCode);
    }
    let rest = msg.get(DHAAD_LEN..).unwrap_or(&[]);
    if rest.len() % 16 != 0 {
        return Err(NdError::BadLength);
    }
    Ok(DhaadReply {
        identifier: u16::from_be_bytes([i0, i1]),
        flags: u16::from_be_bytes([f0, f1]),
        addrs: AddrList { rest },
    })
}

/// Writes a Home Agent Address Discovery Request (RFC 6275 §6.5); returns
/// its length, [`DHAAD_LEN`]. Checksum left zero. Send it to
/// [`dhaad_anycast`] of the home prefix.
pub fn build_dhaad_request(
    out: &mut [u8],
    identifier: u16,
    flags: u16,
) -> Result<usize, BuildError> {
    let mut w = Writer::new(out);
    w.put(&[ICMPV6_DHAAD_REQUEST, 0, 0, 0])?;
    w.u16(identifier)?;
    w.u16(flags)?;
    Ok(w.pos)
}

/// Writes a Home Agent Address Discovery Reply listing `addrs` (RFC 6275
/// §6.6, in preference order); returns its length. Checksum left zero.
pub fn build_dhaad_reply(
    out: &mut [u8],
    identifier: u16,
    flags: u16,
    addrs: &[Addr],
) -> Result<usize, BuildError> {
    let mut w = Writer::new(out);
    w.put(&[ICMPV6_DHAAD_REPLY, 0, 0, 0])?;
    w.u16(identifier)?;
    w.u16(flags)?;
    for a in addrs {
        w.put(a)?;
    }
    Ok(w.pos)
}

/// The solicited-node multicast address of `addr`, `ff02::1:ffXX:XXXX`
/// (RFC 4291 §2.7.1), where DAD and address resolution solicit it.
pub fn solicited_node(addr: &Addr) -> Addr {
    let mut a = [0u8; 16];
    a[0] = 0xff;
    a[1] = 0x02;
    a[11] = 0x01;
    a[12] = 0xff;
    a[13] = addr[13];
    a[14] = addr[14];
    a[15] = addr[15];
    a
}

/// The Mobile IPv6 Home-Agents anycast address of the /64 of `prefix`
/// (RFC 2526 §3; RFC 6275 §10.5): `prefix::fdff:ffff:ffff:fffe`.
pub fn dhaad_anycast(prefix: &Addr) -> Addr {
    let mut a = *prefix;
    for (d, s) in a.iter_mut().skip(8).zip(DHAAD_ANYCAST_IID) {
        *d = s;
    }
    a
}

/// Whether `addr` is link-local unicast, `fe80::/10`.
pub fn is_link_local(addr: &Addr) -> bool {
    addr[0] == 0xfe && addr[1] & 0xc0 == 0x80
}
