// SPDX-License-Identifier: GPL-2.0

//! The Internet checksum over the IPv6 pseudo-header (RFC 8200 §8.1, RFC
//! 1071) for the Mobility Header (RFC 6275 §6.1.1) and ICMPv6 (RFC 4443
//! §2.3).
//!
//! Which addresses go into the pseudo-header: for the Mobility Header the
//! source is the **home address** when the packet carries a Home Address
//! option, and the destination is the **home address** (the final
//! destination) when it carries a type 2 routing header, not the care-of
//! addresses on the wire ([`Ipv6Headers::mh_src`](super::Ipv6Headers::mh_src),
//! [`Ipv6Headers::mh_dst`](super::Ipv6Headers::mh_dst)). ICMPv6 follows the
//! same rule (RFC 6275 §6.3, §6.4).

use super::{Addr, IPPROTO_MH, MH_CSUM_OFFSET};

/// IPv6 Next Header value of ICMPv6.
pub const IPPROTO_ICMPV6: u8 = 58;
/// Offset of the ICMPv6 Checksum field.
pub const ICMPV6_CSUM_OFFSET: usize = 2;

/// Folds a sum of 16-bit words to 16 bits with end-around carries.
fn fold(mut s: u64) -> u16 {
    while s > 0xffff {
        s = (s & 0xffff) + (s >> 16);
    }
    s as u16
}

/// The ones' complement sum of `data` as big-endian 16-bit words, an odd
/// last octet padded with a zero (RFC 1071), folded to 16 bits and not
/// complemented. Sums of pieces split at even offsets add up with
/// [`csum_add`].
pub fn ones_sum(data: &[u8]) -> u16 {
    let mut total: u16 = 0;
    // 64 KiB at a time: 16384 32-bit words cannot carry out of a u64 (the
    // additions cannot wrap).
    for chunk in data.chunks(0x10000) {
        let mut s: u64 = 0;
        let mut words = chunk.chunks_exact(4);
        for w in &mut words {
            if let [a, b, c, d] = *w {
                s = s.wrapping_add(u64::from(u32::from_be_bytes([a, b, c, d])));
            }
        }
        let mut rest = words.remainder().chunks(2);
        for w in &mut rest {
            s = s.wrapping_add(u64::from(match *w {
                [a, b] => u16::from_be_bytes([a, b]),
                [a] => u16::from_be_bytes([a, 0]),
                _ => 0,
            }));
        }
        total = csum_add(total, fold(s));
    }
    total
}

/// Ones' complement addition of two 16-bit sums.
pub fn csum_add(a: u16, b: u16) -> u16 {
    fold(u64::from(a) + u64::from(b))
}

/// The ones' complement sum of the IPv6 pseudo-header (RFC 8200 §8.1):
/// source, destination, upper-layer packet length, next header.
pub fn pseudo_header_sum(src: &Addr, dst: &Addr, upper_len: u32, next_header: u8) -> u16 {
    let mut s = csum_add(ones_sum(src), ones_sum(dst));
    s = csum_add(s, ones_sum(&upper_len.to_be_bytes()));
    csum_add(s, u16::from(next_header))
}

/// The checksum of upper-layer `data` (all of it, to the end of the IPv6
/// payload) with the 2 octets at `csum_at` (even) counted as zero.
fn upper_checksum(src: &Addr, dst: &Addr, next_header: u8, data: &[u8], csum_at: usize) -> u16 {
    // A length beyond u32 cannot be an IPv6 packet; truncating it only
    // makes a wrong checksum, never a panic.
    let mut s = pseudo_header_sum(src, dst, data.len() as u32, next_header);
    match (data.get(..csum_at), data.get(csum_at.saturating_add(2)..)) {
        (Some(head), Some(tail)) => {
            s = csum_add(s, ones_sum(head));
            s = csum_add(s, ones_sum(tail));
        }
        _ => s = csum_add(s, ones_sum(data.get(..csum_at).unwrap_or(data))),
    }
    !s
}

/// Whether `data` with its checksum field sums to all ones.
fn upper_verify(src: &Addr, dst: &Addr, next_header: u8, data: &[u8]) -> bool {
    let s = pseudo_header_sum(src, dst, data.len() as u32, next_header);
    csum_add(s, ones_sum(data)) == 0xffff
}

/// The Mobility Header checksum (RFC 6275 §6.1.1) of `mh`, the whole upper
/// layer packet (normally exactly the MH), with its Checksum field counted
/// as zero. `src` is the home address when a Home Address option is
/// present, `dst` the home address when a type 2 routing header is (module
/// docs).
pub fn checksum(src: &Addr, dst: &Addr, mh: &[u8]) -> u16 {
    upper_checksum(src, dst, IPPROTO_MH, mh, MH_CSUM_OFFSET)
}

/// Whether the checksum of `mh` is correct (RFC 6275 §9.2: if not, discard
/// silently). Addresses as for [`checksum`]. A sum check, as the kernel's
/// `csum_ipv6_magic`: it accepts either encoding of a zero checksum.
pub fn verify(src: &Addr, dst: &Addr, mh: &[u8]) -> bool {
    upper_verify(src, dst, IPPROTO_MH, mh)
}

/// Computes the checksum of `mh` ([`checksum`]) and stores it in its
/// Checksum field; false if `mh` is too short to have one.
pub fn fill_checksum(src: &Addr, dst: &Addr, mh: &mut [u8]) -> bool {
    let c = checksum(src, dst, mh);
    match mh.get_mut(MH_CSUM_OFFSET..MH_CSUM_OFFSET + 2) {
        Some(f) => {
            f.copy_from_slice(&c.to_be_bytes());
            true
        }
        None => false,
    }
}

/// The ICMPv6 checksum (RFC 4443 §2.3) of message `msg` (from its Type
/// octet to the end of the packet) with its Checksum field counted as zero.
pub fn icmpv6_checksum(src: &Addr, dst: &Addr, msg: &[u8]) -> u16 {
    upper_checksum(src, dst, IPPROTO_ICMPV6, msg, ICMPV6_CSUM_OFFSET)
}

/// Whether the ICMPv6 checksum of `msg` is correct.
pub fn verify_icmpv6(src: &Addr, dst: &Addr, msg: &[u8]) -> bool {
    upper_verify(src, dst, IPPROTO_ICMPV6, msg)
}

/// Computes the ICMPv6 checksum of `msg` and stores it; false if `msg` is
/// too short to have a Checksum field.
pub fn fill_icmpv6_checksum(src: &Addr, dst: &Addr, msg: &mut [u8]) -> bool {
    let c = icmpv6_checksum(src, dst, msg);
    match msg.get_mut(ICMPV6_CSUM_OFFSET..ICMPV6_CSUM_OFFSET + 2) {
        Some(f) => {
            f.copy_from_slice(&c.to_be_bytes());
            true
        }
        None => false,
    }
}
