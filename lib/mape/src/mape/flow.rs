// SPDX-License-Identifier: GPL-2.0

//! What a MAP node needs to know of an IPv4 packet: its addresses, and
//! the port that decides where it goes or whose it is (RFC 7597 §5.1,
//! §8.2): the transport port for TCP, UDP, UDP-Lite, SCTP and DCCP, the
//! identifier for ICMP queries, the embedded header's for ICMP errors
//! (with the roles swapped: an error about a packet is addressed to that
//! packet's source), none for non-first fragments.

use super::Ipv4;

/// IPv4 protocol numbers with ports (or, for ICMP, identifiers).
pub const PROTO_ICMP: u8 = 1;
/// TCP.
pub const PROTO_TCP: u8 = 6;
/// UDP.
pub const PROTO_UDP: u8 = 17;
/// DCCP.
pub const PROTO_DCCP: u8 = 33;
/// SCTP.
pub const PROTO_SCTP: u8 = 132;
/// UDP-Lite.
pub const PROTO_UDPLITE: u8 = 136;

/// Bytes of a packet [`parse_ipv4`] needs at most: the IPv4 header (up to 60
/// bytes), an ICMP header (8), the embedded IPv4 header (up to 60) and its
/// ports (4).
pub const FLOW_HEADER_BYTES: usize = 60 + 8 + 60 + 4;

/// Ports of a packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ports {
    /// Source and destination port (or twice the ICMP identifier).
    Some { src: u16, dst: u16 },
    /// A non-first fragment: no ports in it.
    Fragment,
    /// A protocol without ports (GRE, ESP, ...).
    None,
}

/// An IPv4 packet's flow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Flow {
    /// Source address.
    pub src: Ipv4,
    /// Destination address.
    pub dst: Ipv4,
    /// Protocol.
    pub proto: u8,
    /// The ports that decide where the packet goes and whose it is.
    pub ports: Ports,
    /// Header length in bytes.
    pub ihl: usize,
    /// Total length from the header.
    pub total_len: usize,
    /// A fragment (first or not): MF set or a non-zero offset.
    pub fragment: bool,
    /// Don't Fragment set.
    pub df: bool,
}

/// Why a packet is not IPv4 as a MAP node takes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Malformed {
    /// Shorter than its headers.
    Short,
    /// Not version 4.
    Version,
    /// A header length under 20 bytes.
    HeaderLength,
    /// A total length under the header length or past the packet's end.
    TotalLength,
}

fn addr(b: &[u8], at: usize) -> Option<Ipv4> {
    let s = b.get(at..at + 4)?;
    Some([s[0], s[1], s[2], s[3]])
}

fn be16(b: &[u8], at: usize) -> Option<u16> {
    let s = b.get(at..at + 2)?;
    Some(u16::from_be_bytes([s[0], s[1]]))
}

fn has_ports(proto: u8) -> bool {
    matches!(
        proto,
        PROTO_TCP | PROTO_UDP | PROTO_UDPLITE | PROTO_SCTP | PROTO_DCCP
    )
}

/// Whether ICMP `t` is an error (quoting the packet it is about).
fn icmp_error(t: u8) -> bool {
    // Destination unreachable, source quench, redirect, time exceeded,
    // parameter problem.
    matches!(t, 3 | 4 | 5 | 11 | 12)
}

/// Whether ICMP `t` is a query with an identifier (echo, timestamp,
/// information, address mask; requests and replies).
fn icmp_query(t: u8) -> bool {
    matches!(t, 0 | 8 | 13 | 14 | 15 | 16 | 17 | 18)
}

/// The flow of the packet whose first bytes are `b` (`len` in all).
/// `b` holds up to [`FLOW_HEADER_BYTES`] bytes or the whole packet.
pub fn parse_ipv4(b: &[u8], len: usize) -> Result<Flow, Malformed> {
    let v = *b.first().ok_or(Malformed::Short)?;
    if v >> 4 != 4 {
        return Err(Malformed::Version);
    }
    let ihl = usize::from(v & 0xf) * 4;
    if ihl < 20 {
        return Err(Malformed::HeaderLength);
    }
    if b.len() < ihl {
        return Err(Malformed::Short);
    }
    let total_len = usize::from(be16(b, 2).ok_or(Malformed::Short)?);
    if total_len < ihl || total_len > len {
        return Err(Malformed::TotalLength);
    }
    let frag = be16(b, 6).ok_or(Malformed::Short)?;
    let (offset, mf, df) = (frag & 0x1fff, frag & 0x2000 != 0, frag & 0x4000 != 0);
    let proto = b.get(9).copied().ok_or(Malformed::Short)?;
    let src = addr(b, 12).ok_or(Malformed::Short)?;
    let dst = addr(b, 16).ok_or(Malformed::Short)?;
    let ports = if offset != 0 {
        Ports::Fragment
    } else {
        let l4 = b.get(ihl..total_len.min(b.len())).unwrap_or(&[]);
        transport_ports(proto, l4)
    };
    Ok(Flow {
        src,
        dst,
        proto,
        ports,
        ihl,
        total_len,
        fragment: mf || offset != 0,
        df,
    })
}

fn transport_ports(proto: u8, l4: &[u8]) -> Ports {
    if has_ports(proto) {
        return match (be16(l4, 0), be16(l4, 2)) {
            (Some(src), Some(dst)) => Ports::Some { src, dst },
            _ => Ports::None,
        };
    }
    if proto != PROTO_ICMP {
        return Ports::None;
    }
    let Some(&t) = l4.first() else {
        return Ports::None;
    };
    if icmp_query(t) {
        return match be16(l4, 4) {
            Some(id) => Ports::Some { src: id, dst: id },
            None => Ports::None,
        };
    }
    if icmp_error(t) {
        // The quoted packet went the other way: its source port is the
        // error's destination port, and the other way round.
        let q = l4.get(8..).unwrap_or(&[]);
        let Some(&qv) = q.first() else {
            return Ports::None;
        };
        let qihl = usize::from(qv & 0xf) * 4;
        let qproto = q.get(9).copied().unwrap_or(0);
        let qoff = be16(q, 6).map_or(1, |f| f & 0x1fff);
        if qv >> 4 != 4 || qihl < 20 || qoff != 0 {
            return Ports::None;
        }
        let ql4 = q.get(qihl..).unwrap_or(&[]);
        return match transport_ports(qproto, ql4) {
            Ports::Some { src, dst } => Ports::Some { src: dst, dst: src },
            p => p,
        };
    }
    Ports::None
}

/// Sets the identification field of the IPv4 header at the start of `hdr`
/// to `id`, updating the header checksum incrementally (RFC 1624, eqn. 3);
/// returns the previous identifier, or `None` if `hdr` is shorter than the
/// fixed header. A MAP CE that shares its address rewrites the identifiers
/// of what it sends into its port set (RFC 7597 §8.3.3, with
/// [`PortSet::frag_id`](super::PortSet::frag_id)).
pub fn set_ipv4_id(hdr: &mut [u8], id: u16) -> Option<u16> {
    let old = be16(hdr, 4)?;
    let sum = be16(hdr, 10)?;
    // ~HC' = ~HC + ~m + m', folded.
    let mut acc = u32::from(!sum) + u32::from(!old) + u32::from(id);
    acc = (acc & 0xffff) + (acc >> 16);
    acc = (acc & 0xffff) + (acc >> 16);
    let new_sum = !(acc as u16);
    hdr.get_mut(4..6)?.copy_from_slice(&id.to_be_bytes());
    hdr.get_mut(10..12)?.copy_from_slice(&new_sum.to_be_bytes());
    Some(old)
}
