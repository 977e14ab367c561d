// SPDX-License-Identifier: GPL-2.0

//! IPv6 header chains (RFC 8200 §4): a walker that finds what Mobile IPv6
//! cares about (the Home Address option, RFC 6275 §6.3; the type 2 routing
//! header, §6.4; the Tunnel Encapsulation Limit option before an inner IPv6
//! header, RFC 2473 §5.1; a fragment header; the upper-layer protocol), and
//! builders for the headers a mobile node and a home agent add.

use super::{get, Addr, BuildError, Writer, IPPROTO_MH};

/// Length of the fixed IPv6 header.
pub const IPV6_HDR_LEN: usize = 40;
/// Next Header: Hop-by-Hop Options.
pub const IPPROTO_HOPOPTS: u8 = 0;
/// Next Header: TCP.
pub const IPPROTO_TCP: u8 = 6;
/// Next Header: UDP.
pub const IPPROTO_UDP: u8 = 17;
/// Next Header: IPv6 (IPv6-in-IPv6 tunnel, RFC 2473).
pub const IPPROTO_IPV6: u8 = 41;
/// Next Header: Routing header.
pub const IPPROTO_ROUTING: u8 = 43;
/// Next Header: Fragment header.
pub const IPPROTO_FRAGMENT: u8 = 44;
/// Next Header: Destination Options.
pub const IPPROTO_DSTOPTS: u8 = 60;

/// Most extension headers [`walk`] goes through before giving up.
pub const MAX_EXT_HEADERS: usize = 8;
/// Routing type of the Mobile IPv6 type 2 routing header (RFC 6275 §6.4).
pub const RH_TYPE_2: u8 = 2;
/// Length of the type 2 routing header.
pub const RH2_LEN: usize = 24;
/// Destination option type of the Home Address option (RFC 6275 §6.3).
pub const IPV6_TLV_HAO: u8 = 201;
/// Destination option type of the Tunnel Encapsulation Limit (RFC 2473
/// §5.1).
pub const IPV6_TLV_ENCAP_LIMIT: u8 = 4;
/// Length of the destination options header [`build_hao_destopt`] writes.
pub const HAO_DESTOPT_LEN: usize = 24;
/// Length of the destination options header
/// [`build_encap_limit_destopt`] writes.
pub const ENCAP_LIMIT_DESTOPT_LEN: usize = 8;

/// A routing header found by [`walk`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RoutingHeader {
    /// Offset of the header in the packet.
    pub offset: usize,
    /// Routing Type.
    pub rh_type: u8,
    /// Segments Left.
    pub segments_left: u8,
    /// For type 2, the home address it carries (checked: Hdr Ext Len 2,
    /// Segments Left 1).
    pub home_address: Option<Addr>,
}

/// A Home Address option found by [`walk`] (RFC 6275 §6.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HomeAddressOption {
    /// Offset of the option's Type octet in the packet; the address is 2
    /// octets further.
    pub offset: usize,
    /// The home address.
    pub home_address: Addr,
}

/// A fragment header found by [`walk`] (RFC 8200 §4.5).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FragmentHeader {
    /// Offset of the header in the packet.
    pub offset: usize,
    /// Next Header of the fragmented part.
    pub next_header: u8,
    /// Fragment Offset, in 8-octet units.
    pub frag_offset: u16,
    /// M flag: more fragments follow.
    pub more: bool,
    /// Identification.
    pub id: u32,
}

/// What [`walk`] found in an IPv6 packet. Offsets are from the start of the
/// IPv6 header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ipv6Headers {
    /// Source address, as on the wire.
    pub src: Addr,
    /// Destination address, as on the wire.
    pub dst: Addr,
    /// Payload Length (0 for a jumbogram).
    pub payload_len: u16,
    /// Hop Limit.
    pub hop_limit: u8,
    /// Where the packet ends for the walk: the smaller of the slice and the
    /// Payload Length (the slice, for a jumbogram).
    pub end: usize,
    /// Offset of the Hop-by-Hop Options header.
    pub hop_by_hop: Option<usize>,
    /// The routing header.
    pub routing: Option<RoutingHeader>,
    /// Offsets of the first two Destination Options headers, in packet
    /// order (RFC 8200 §4.1 expects at most two: before a routing header
    /// and before the upper layer; more are walked, not recorded).
    pub dest_opts: [Option<usize>; 2],
    /// The Home Address option.
    pub hao: Option<HomeAddressOption>,
    /// The Tunnel Encapsulation Limit of a destination option (RFC 2473
    /// §5.1).
    pub encap_limit: Option<u8>,
    /// The first destination or hop-by-hop option of an unknown type whose
    /// action bits (the two high bits) say to discard the packet (RFC 8200
    /// §4.2): its offset and type. The walk goes on; the caller decides.
    pub discard_option: Option<(usize, u8)>,
    /// The fragment header: the walk stopped there.
    pub fragment: Option<FragmentHeader>,
    /// The Next Header value the walk stopped at: the upper-layer protocol
    /// (135 Mobility Header, 58 ICMPv6, 41 inner IPv6, 6, 17, 59...), 44 for
    /// a fragment, or any header the walker does not go through (ESP, AH).
    pub upper: u8,
    /// Offset of what `upper` names: the MH, the ICMPv6 message, the inner
    /// IPv6 header (after any Tunnel Encapsulation Limit option), the
    /// fragment header.
    pub upper_offset: usize,
}

impl Ipv6Headers {
    /// The source address of the Mobility Header and ICMPv6 pseudo-header:
    /// the home address of a Home Address option, else the source (RFC 6275
    /// §6.1.1, §6.3).
    pub fn mh_src(&self) -> Addr {
        self.hao.map_or(self.src, |h| h.home_address)
    }

    /// The destination address of the pseudo-header: the home address of a
    /// type 2 routing header, else the destination (RFC 6275 §6.1.1, §6.4).
    pub fn mh_dst(&self) -> Addr {
        self.routing
            .and_then(|r| r.home_address)
            .unwrap_or(self.dst)
    }

    /// The upper-layer octets of `pkt` (the packet walked): from
    /// `upper_offset` to `end`.
    pub fn upper_bytes<'a>(&self, pkt: &'a [u8]) -> &'a [u8] {
        pkt.get(self.upper_offset..self.end).unwrap_or(&[])
    }

    /// Whether the walk stopped at a Mobility Header.
    pub fn is_mh(&self) -> bool {
        self.upper == IPPROTO_MH
    }
}

/// Why [`walk`] refused a packet. Offsets are from the start of the IPv6
/// header: where a Parameter Problem would point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WalkError {
    /// Shorter than an IPv6 header, or a header runs past the end.
    Truncated,
    /// Version other than 6.
    NotIpv6,
    /// A Hop-by-Hop header not right after the IPv6 header (RFC 8200 §4.3).
    HopByHopNotFirst {
        /// The Next Header field that names it.
        pointer: usize,
    },
    /// A second routing header (it could carry a second home address).
    DuplicateHeader {
        /// Offset of that header.
        offset: usize,
    },
    /// An option of a hop-by-hop or destination options header runs past
    /// the header, or a Tunnel Encapsulation Limit of length other than 1.
    BadOption {
        /// Offset of the option's Type octet.
        offset: usize,
    },
    /// A Home Address option of length other than 16, not at 8n+6 from the
    /// start of its header (RFC 6275 §6.3), or carrying a multicast or
    /// unspecified address (Linux `ipv6_dest_hao`).
    BadHao {
        /// Offset of the option's Type octet.
        offset: usize,
    },
    /// A second Home Address option (RFC 6275 §6.3; Linux drops it).
    DuplicateHao {
        /// Offset of the second option's Type octet.
        offset: usize,
    },
    /// A type 2 routing header with Hdr Ext Len other than 2 or Segments
    /// Left other than 1 (RFC 6275 §6.4; Linux `ipv6_rthdr_rcv` drops it).
    BadRh2 {
        /// The offending field.
        pointer: usize,
    },
    /// More than [`MAX_EXT_HEADERS`] extension headers.
    TooManyHeaders,
}

/// Walks the header chain of the IPv6 packet `pkt` (from its IPv6 header)
/// through Hop-by-Hop, Routing and Destination Options headers, at most
/// [`MAX_EXT_HEADERS`] of them, to the first other Next Header value; stops
/// at a fragment header. Inside option headers it finds the Home Address
/// and Tunnel Encapsulation Limit options; for a type 2 routing header, its
/// home address. Does not check that the payload length fits the slice:
/// the walk stops at the end of whichever is shorter.
pub fn walk(pkt: &[u8]) -> Result<Ipv6Headers, WalkError> {
    let hdr: [u8; IPV6_HDR_LEN] = get(pkt, 0).ok_or(WalkError::Truncated)?;
    let [first, _, _, _, l0, l1, mut nh, hop_limit, ..] = hdr;
    if first >> 4 != 6 {
        return Err(WalkError::NotIpv6);
    }
    let payload_len = u16::from_be_bytes([l0, l1]);
    let end = match payload_len {
        0 => pkt.len(),
        n => pkt.len().min(IPV6_HDR_LEN + usize::from(n)),
    };
    let pkt = pkt.get(..end).ok_or(WalkError::Truncated)?;
    let mut h = Ipv6Headers {
        src: get(&hdr, 8).ok_or(WalkError::Truncated)?,
        dst: get(&hdr, 24).ok_or(WalkError::Truncated)?,
        payload_len,
        hop_limit,
        end,
        hop_by_hop: None,
        routing: None,
        dest_opts: [None; 2],
        hao: None,
        encap_limit: None,
        discard_option: None,
        fragment: None,
        upper: nh,
        upper_offset: IPV6_HDR_LEN,
    };
    let mut off = IPV6_HDR_LEN;
    let mut nh_field = 6usize;
    let mut count = 0usize;
    loop {
        match nh {
            IPPROTO_HOPOPTS | IPPROTO_ROUTING | IPPROTO_DSTOPTS => {}
            IPPROTO_FRAGMENT => {
                let f: [u8; 8] = get(pkt, off).ok_or(WalkError::Truncated)?;
                let [next_header, _, o0, o1, i0, i1, i2, i3] = f;
                let fo = u16::from_be_bytes([o0, o1]);
                h.fragment = Some(FragmentHeader {
                    offset: off,
                    next_header,
                    frag_offset: fo >> 3,
                    more: fo & 1 != 0,
                    id: u32::from_be_bytes([i0, i1, i2, i3]),
                });
                break;
            }
            _ => break,
        }
        if count == MAX_EXT_HEADERS {
            return Err(WalkError::TooManyHeaders);
        }
        count += 1;
        let [next, hlen] = get::<2>(pkt, off).ok_or(WalkError::Truncated)?;
        let hend = off
            .checked_add((usize::from(hlen) + 1) * 8)
            .filter(|&e| e <= pkt.len())
            .ok_or(WalkError::Truncated)?;
        let header = pkt.get(off..hend).ok_or(WalkError::Truncated)?;
        match nh {
            IPPROTO_HOPOPTS => {
                if off != IPV6_HDR_LEN {
                    return Err(WalkError::HopByHopNotFirst { pointer: nh_field });
                }
                h.hop_by_hop = Some(off);
                options(&mut h, header, off, false)?;
            }
            IPPROTO_ROUTING => {
                if h.routing.is_some() {
                    return Err(WalkError::DuplicateHeader { offset: off });
                }
                h.routing = Some(routing(header, off)?);
            }
            _ => {
                if let Some(slot) = h.dest_opts.iter_mut().find(|s| s.is_none()) {
                    *slot = Some(off);
                }
                options(&mut h, header, off, true)?;
            }
        }
        nh_field = off;
        nh = next;
        off = hend;
    }
    h.upper = nh;
    h.upper_offset = off;
    Ok(h)
}

/// Checks a routing header, `rh` at `off`.
fn routing(rh: &[u8], off: usize) -> Result<RoutingHeader, WalkError> {
    let [_, hlen, rh_type, segments_left] = get::<4>(rh, 0).ok_or(WalkError::Truncated)?;
    let mut home_address = None;
    if rh_type == RH_TYPE_2 {
        if hlen != 2 {
            return Err(WalkError::BadRh2 { pointer: off + 1 });
        }
        if segments_left != 1 {
            return Err(WalkError::BadRh2 { pointer: off + 3 });
        }
        home_address = Some(get(rh, 8).ok_or(WalkError::Truncated)?);
    }
    Ok(RoutingHeader {
        offset: off,
        rh_type,
        segments_left,
        home_address,
    })
}

/// Whether `a` may be a home address: not multicast, not unspecified.
fn unicast(a: &Addr) -> bool {
    a[0] != 0xff && *a != [0; 16]
}

/// Walks the options of an options header `header` at `off` (RFC 8200
/// §4.2); `dest` for a destination options header.
fn options(h: &mut Ipv6Headers, header: &[u8], off: usize, dest: bool) -> Result<(), WalkError> {
    let mut i = 2usize;
    while let Some(&t) = header.get(i) {
        let at = off + i;
        if t == 0 {
            i += 1;
            continue;
        }
        let bad = WalkError::BadOption { offset: at };
        let len = usize::from(*header.get(i + 1).ok_or(bad)?);
        let data = header.get(i + 2..i + 2 + len).ok_or(bad)?;
        match t {
            1 => {}
            IPV6_TLV_HAO if dest => {
                let hao_bad = WalkError::BadHao { offset: at };
                let home_address: Addr = get(data, 0).ok_or(hao_bad)?;
                if len != 16 || i % 8 != 6 || !unicast(&home_address) {
                    return Err(hao_bad);
                }
                if h.hao.is_some() {
                    return Err(WalkError::DuplicateHao { offset: at });
                }
                h.hao = Some(HomeAddressOption {
                    offset: at,
                    home_address,
                });
            }
            IPV6_TLV_ENCAP_LIMIT if dest => {
                let [limit] = get::<1>(data, 0).filter(|_| len == 1).ok_or(bad)?;
                h.encap_limit = Some(limit);
            }
            _ => {
                if t >> 6 != 0 && h.discard_option.is_none() {
                    h.discard_option = Some((at, t));
                }
            }
        }
        i += 2 + len;
    }
    Ok(())
}

/// Writes a fixed IPv6 header (traffic class and flow label 0); returns
/// [`IPV6_HDR_LEN`].
pub fn build_ipv6_header(
    out: &mut [u8],
    src: &Addr,
    dst: &Addr,
    next_header: u8,
    payload_len: u16,
    hop_limit: u8,
) -> Result<usize, BuildError> {
    let mut w = Writer::new(out);
    w.put(&[0x60, 0, 0, 0])?;
    w.u16(payload_len)?;
    w.put(&[next_header, hop_limit])?;
    w.put(src)?;
    w.put(dst)?;
    Ok(w.pos)
}

/// Writes the destination options header a mobile node adds to a packet
/// sent from its care-of address (RFC 6275 §6.3, as Linux): 24 octets,
/// Next Header, Hdr Ext Len 2, PadN of 2 zero octets, then the Home Address
/// option (type 201, length 16) at offset 6, its 8n+6 alignment.
pub fn build_hao_destopt(out: &mut [u8], next_header: u8, hoa: &Addr) -> Result<usize, BuildError> {
    let mut w = Writer::new(out);
    w.put(&[next_header, 2])?;
    w.pad(4)?;
    w.put(&[IPV6_TLV_HAO, 16])?;
    w.put(hoa)?;
    Ok(w.pos)
}

/// Writes the type 2 routing header a home agent adds to a packet for a
/// mobile node away (RFC 6275 §6.4): 24 octets, Next Header, Hdr Ext Len 2,
/// Routing Type 2, Segments Left 1, 4 reserved octets, home address.
pub fn build_rh2(out: &mut [u8], next_header: u8, hoa: &Addr) -> Result<usize, BuildError> {
    let mut w = Writer::new(out);
    w.put(&[next_header, 2, RH_TYPE_2, 1])?;
    w.zeros(4)?;
    w.put(hoa)?;
    Ok(w.pos)
}

/// Writes the 8-octet destination options header a tunnel entry point puts
/// before the inner IPv6 header (RFC 2473 §5.1, as Linux `ip6_tnl_xmit`):
/// Next Header, Hdr Ext Len 0, Tunnel Encapsulation Limit option `limit`,
/// PadN of 1 octet.
pub fn build_encap_limit_destopt(
    out: &mut [u8],
    next_header: u8,
    limit: u8,
) -> Result<usize, BuildError> {
    let mut w = Writer::new(out);
    w.put(&[next_header, 0, IPV6_TLV_ENCAP_LIMIT, 1, limit])?;
    w.pad(3)?;
    Ok(w.pos)
}
