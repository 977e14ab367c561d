// SPDX-License-Identifier: GPL-2.0

//! ICMPv4 errors a MAP node makes itself: RFC 2473 §8 has a tunnel entry
//! point turn an ICMPv6 error about a tunnelled packet into an error for the
//! inner packet's source (the path to the tunnel end is gone, or a link of
//! it is smaller than the packet).

use super::{parse_ipv4, Ipv4, Ports, PROTO_ICMP};

/// ICMP Destination Unreachable.
pub const ICMP_DEST_UNREACH: u8 = 3;
/// Its code "host unreachable".
pub const ICMP_HOST_UNREACH: u8 = 1;
/// Its code "fragmentation needed and DF set", with the next-hop MTU.
pub const ICMP_FRAG_NEEDED: u8 = 4;
/// The most an ICMP error may take, IPv4 header included (RFC 1812
/// §4.3.2.3).
pub const ICMP4_ERROR_MAX: usize = 576;
/// IPv4 header (20) and ICMP header (8) of an error.
pub const ICMP4_ERROR_HEADER: usize = 28;

/// The one's complement sum of `data` as 16-bit words (RFC 1071), an odd
/// last byte padded with zero, not folded.
fn sum16(data: &[u8]) -> u32 {
    let mut acc: u32 = 0;
    let mut words = data.chunks_exact(2);
    for w in &mut words {
        acc = acc.wrapping_add(u32::from(u16::from_be_bytes([w[0], w[1]])));
    }
    if let [last] = words.remainder() {
        acc = acc.wrapping_add(u32::from(*last) << 8);
    }
    acc
}

/// Folds a sum into 16 bits and complements it.
fn fold(mut acc: u32) -> u16 {
    while acc > 0xffff {
        acc = (acc & 0xffff).wrapping_add(acc >> 16);
    }
    !(acc as u16)
}

/// The Internet checksum of `data` (RFC 1071).
pub fn inet_checksum(data: &[u8]) -> u16 {
    fold(sum16(data))
}

/// Whether an ICMP error may be sent about the IPv4 packet starting with
/// `quoted` (RFC 1122 §3.2.2): not about an ICMP error, a non-first
/// fragment, or what does not parse as IPv4.
pub fn may_quote(quoted: &[u8]) -> bool {
    // A quote may be cut short of the packet's total length.
    let Ok(f) = parse_ipv4(quoted, usize::from(u16::MAX)) else {
        return false;
    };
    if f.ports == Ports::Fragment {
        return false;
    }
    if f.proto == PROTO_ICMP {
        // Only queries (echo and the like) may be answered with errors.
        let t = quoted.get(f.ihl).copied().unwrap_or(3);
        return matches!(t, 0 | 8 | 13 | 14 | 15 | 16 | 17 | 18);
    }
    true
}

/// Writes into `out` an IPv4 ICMP error from `src` to `dst`, of type
/// `icmp_type` and code `code`, with `mtu` as next-hop MTU (fragmentation
/// needed; 0 otherwise), quoting as much of `quoted` as fits in
/// [`ICMP4_ERROR_MAX`] bytes and in `out`. Returns its length; `None` if
/// [`may_quote`] refuses `quoted` or `out` cannot hold the IPv4 header and
/// 8 bytes past it.
pub fn build_icmp4_error(
    out: &mut [u8],
    src: Ipv4,
    dst: Ipv4,
    icmp_type: u8,
    code: u8,
    mtu: u16,
    quoted: &[u8],
) -> Option<usize> {
    if !may_quote(quoted) {
        return None;
    }
    let f = parse_ipv4(quoted, usize::from(u16::MAX)).ok()?;
    let room = out
        .len()
        .min(ICMP4_ERROR_MAX)
        .checked_sub(ICMP4_ERROR_HEADER)?;
    let n = quoted.len().min(f.total_len).min(room);
    if n < f.ihl.checked_add(8)? {
        return None;
    }
    let total = ICMP4_ERROR_HEADER.checked_add(n)?;
    let pkt = out.get_mut(..total)?;
    let (ip, rest) = pkt.split_first_chunk_mut::<20>()?;
    let (icmp, body) = rest.split_first_chunk_mut::<8>()?;
    *ip = [
        0x45, 0, 0, 0, // version, IHL, TOS, total length (below)
        0, 0, 0, 0, // identification, flags, fragment offset
        64, PROTO_ICMP, 0, 0, // TTL, protocol, checksum (below)
        src[0], src[1], src[2], src[3], dst[0], dst[1], dst[2], dst[3],
    ];
    [ip[2], ip[3]] = (total as u16).to_be_bytes();
    [ip[10], ip[11]] = inet_checksum(ip).to_be_bytes();
    let mtu = mtu.to_be_bytes();
    *icmp = [icmp_type, code, 0, 0, 0, 0, mtu[0], mtu[1]];
    body.copy_from_slice(quoted.get(..n)?);
    // The ICMP header has an even length: the body's words line up.
    let sum = fold(sum16(icmp).wrapping_add(sum16(body)));
    [icmp[2], icmp[3]] = sum.to_be_bytes();
    Some(total)
}
