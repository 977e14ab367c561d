// SPDX-License-Identifier: GPL-2.0

//! What 6bed4 needs to know of the IPv6 packet a UDP datagram carries: its
//! fixed header, checked against the datagram; its hop limit, which a
//! router decrements; and the checksum of what follows the header, over
//! the IPv6 pseudo-header (RFC 8200 §8.1).
//!
//! ```text
//! octet  0      version (4) | traffic class, high 4 bits
//! octet  1      traffic class, low 4 bits | flow label, high 4 bits
//! octets 2-3    flow label, low 16 bits
//! octets 4-5    payload length
//! octet  6      next header
//! octet  7      hop limit
//! octets 8-23   source address
//! octets 24-39  destination address
//! ```

use super::Ipv6;

/// Length of the fixed IPv6 header, and the least a router takes from UDP:
/// shorter datagrams (the peers' empty keepalives among them) are dropped
/// without a word.
pub const IPV6_HEADER_LEN: usize = 40;

/// Next header: ICMPv6.
pub const NEXT_HEADER_ICMPV6: u8 = 58;

/// The fixed IPv6 header of a packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Ipv6Header {
    /// Traffic class (DSCP and ECN).
    pub traffic_class: u8,
    /// Payload length: what follows the fixed header.
    pub payload_len: u16,
    /// Next header.
    pub next_header: u8,
    /// Hop limit.
    pub hop_limit: u8,
    /// Source address.
    pub src: Ipv6,
    /// Destination address.
    pub dst: Ipv6,
}

/// Why a datagram is not an IPv6 packet as 6bed4 takes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Malformed {
    /// Shorter than the fixed header (keepalives are empty).
    Short,
    /// Not version 6.
    Version,
    /// The payload length and the datagram's length disagree.
    Length,
}

/// The header of the IPv6 packet that is the whole of `pkt`, a UDP
/// payload. The payload length must account for the datagram exactly:
/// UDP carries no link-layer padding, so trailing octets mean a broken or
/// forged packet, and are refused like missing ones (a jumbogram, payload
/// length 0, cannot fit in UDP over IPv4 either).
pub fn parse_ipv6(pkt: &[u8]) -> Result<Ipv6Header, Malformed> {
    parse_ipv6_header(pkt, pkt.len())
}

/// [`parse_ipv6`] for a packet of `len` octets in all of which `head` holds
/// the first ones, at least the fixed header (a socket buffer whose head
/// is all that is linear). Only the first [`IPV6_HEADER_LEN`] octets of
/// `head` are read.
pub fn parse_ipv6_header(head: &[u8], len: usize) -> Result<Ipv6Header, Malformed> {
    let short = Malformed::Short;
    let (fixed, rest) = head.split_first_chunk::<8>().ok_or(short)?;
    let (src, rest) = rest.split_first_chunk::<16>().ok_or(short)?;
    let (dst, _) = rest.split_first_chunk::<16>().ok_or(short)?;
    if len < IPV6_HEADER_LEN {
        return Err(short);
    }
    let [v_tc, tc_fl, _, _, len_hi, len_lo, next_header, hop_limit] = *fixed;
    if v_tc >> 4 != 6 {
        return Err(Malformed::Version);
    }
    let payload_len = u16::from_be_bytes([len_hi, len_lo]);
    if usize::from(payload_len).checked_add(IPV6_HEADER_LEN) != Some(len) {
        return Err(Malformed::Length);
    }
    Ok(Ipv6Header {
        traffic_class: (v_tc << 4) | (tc_fl >> 4),
        payload_len,
        next_header,
        hop_limit,
        src: *src,
        dst: *dst,
    })
}

/// Whether `addr` is multicast (ff00::/8). A 6bed4 router drops multicast
/// both ways (ND messages are handled before).
pub fn is_multicast(addr: &Ipv6) -> bool {
    addr[0] == 0xff
}

/// Decrements the hop limit of the IPv6 packet starting `pkt` (at least
/// its fixed header) and returns the old one; a hop limit of 0 stays 0.
/// Dropping what arrives with 1 or less, before or after, is the caller's
/// decision (the reference drops it, without an ICMPv6 error). IPv6 has no
/// header checksum to fix.
pub fn decrement_hop_limit(pkt: &mut [u8]) -> Result<u8, Malformed> {
    let (h, _) = pkt
        .split_first_chunk_mut::<IPV6_HEADER_LEN>()
        .ok_or(Malformed::Short)?;
    if h[0] >> 4 != 6 {
        return Err(Malformed::Version);
    }
    let old = h[7];
    h[7] = old.saturating_sub(1);
    Ok(old)
}

/// Adds the 16-bit word `w` to the one's complement sum `acc` (at most
/// 0xffff), carrying around the end: never more than 0xffff again.
fn add16(acc: u32, w: u16) -> u32 {
    let s = acc.saturating_add(u32::from(w));
    if s > 0xffff {
        s.saturating_sub(0xffff)
    } else {
        s
    }
}

/// The one's complement sum (RFC 1071) of `data` as 16-bit words onto
/// `acc`, an odd last octet padded with zero.
fn sum16(mut acc: u32, data: &[u8]) -> u32 {
    let mut words = data.chunks_exact(2);
    for w in &mut words {
        if let [a, b] = *w {
            acc = add16(acc, u16::from_be_bytes([a, b]));
        }
    }
    if let [last] = *words.remainder() {
        acc = add16(acc, u16::from_be_bytes([last, 0]));
    }
    acc
}

/// The checksum of upper-layer `data` of protocol `next_header` from `src`
/// to `dst` (RFC 8200 §8.1: over the pseudo-header of both addresses, the
/// upper-layer length and the next header, then `data`). With the
/// checksum field in `data` zeroed, this is the value to put there; with a
/// correct one in place, it is 0.
pub fn upper_layer_checksum(src: &Ipv6, dst: &Ipv6, next_header: u8, data: &[u8]) -> u16 {
    let len = u32::try_from(data.len()).unwrap_or(u32::MAX).to_be_bytes();
    let mut acc = sum16(0, src);
    acc = sum16(acc, dst);
    acc = sum16(acc, &len);
    acc = add16(acc, u16::from(next_header));
    acc = sum16(acc, data);
    // acc <= 0xffff: the fallback never happens.
    !u16::try_from(acc).unwrap_or(0xffff)
}

/// The ICMPv6 checksum of the ICMPv6 message `icmp` from `src` to `dst`
/// (RFC 4443 §2.3): [`upper_layer_checksum`] with next header 58.
pub fn icmpv6_checksum(src: &Ipv6, dst: &Ipv6, icmp: &[u8]) -> u16 {
    upper_layer_checksum(src, dst, NEXT_HEADER_ICMPV6, icmp)
}

/// The checksum `check` of an upper-layer header after an address in its
/// pseudo-header went from `old` to `new` (RFC 1624, eqn. 3: `HC' = ~(~HC +
/// ~m + m')` over the eight words of each): what a router that rewrites a
/// destination puts into TCP, UDP or ICMPv6. A UDP checksum of 0 (none)
/// is the caller's to leave alone, and a result of 0 the caller's to send
/// as 0xffff in UDP.
pub fn checksum_replace(check: u16, old: &Ipv6, new: &Ipv6) -> u16 {
    let mut acc = u32::from(!check);
    for (o, n) in old.chunks_exact(2).zip(new.chunks_exact(2)) {
        if let (&[o0, o1], &[n0, n1]) = (o, n) {
            acc = add16(acc, !u16::from_be_bytes([o0, o1]));
            acc = add16(acc, u16::from_be_bytes([n0, n1]));
        }
    }
    // acc <= 0xffff: the fallback never happens.
    !u16::try_from(acc).unwrap_or(0xffff)
}
