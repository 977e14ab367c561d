// SPDX-License-Identifier: GPL-2.0

//! IPv4 and IPv6 addresses, prefixes, and bit fields inside them.
//!
//! Bit positions count from the most significant bit of the first octet
//! (bit 0), as prefix lengths do: bits `[n, n + o)` of an address are the
//! `o` bits after a `/n` prefix.

/// An IPv4 address, in network order.
pub type Ipv4 = [u8; 4];

/// An IPv6 address, in network order.
pub type Ipv6 = [u8; 16];

/// The IPv4 address as a number (`192.0.2.1` is `0xc000_0201`).
pub fn ipv4_to_u32(a: Ipv4) -> u32 {
    u32::from_be_bytes(a)
}

/// The IPv4 address of a number.
pub fn ipv4_from_u32(v: u32) -> Ipv4 {
    v.to_be_bytes()
}

/// The netmask of a `/len` IPv4 prefix as a number; lengths over 32 count
/// as 32.
pub fn ipv4_mask(len: u8) -> u32 {
    match 32u32.checked_sub(u32::from(len)) {
        // `checked_shl` refuses the shift by 32 of `/0`.
        Some(host_bits) => u32::MAX.checked_shl(host_bits).unwrap_or(0),
        None => u32::MAX,
    }
}

/// `a` with the bits after its first `len` cleared.
pub fn ipv4_prefix(a: Ipv4, len: u8) -> Ipv4 {
    ipv4_from_u32(ipv4_to_u32(a) & ipv4_mask(len))
}

/// Whether `a` is inside `prefix/len` (bits of `prefix` after `len` do not
/// matter).
pub fn ipv4_in_prefix(a: Ipv4, prefix: Ipv4, len: u8) -> bool {
    (ipv4_to_u32(a) ^ ipv4_to_u32(prefix)) & ipv4_mask(len) == 0
}

/// Octet `i` of the netmask of a `/len` prefix (any address family).
fn mask_octet(len: u8, i: usize) -> u8 {
    let first_bit = i.saturating_mul(8);
    let n = usize::from(len).saturating_sub(first_bit).min(8);
    // n in 1..=8: a shift by 0..=7.
    match n {
        0 => 0,
        _ => 0xffu8 << (8 - n),
    }
}

/// `a` with the bits after its first `len` cleared (lengths over 128 count
/// as 128).
pub fn ipv6_prefix(a: &Ipv6, len: u8) -> Ipv6 {
    let mut out = *a;
    for (i, o) in out.iter_mut().enumerate() {
        *o &= mask_octet(len, i);
    }
    out
}

/// Whether `a` is inside `prefix/len` (bits of `prefix` after `len` do not
/// matter; lengths over 128 count as 128).
pub fn ipv6_in_prefix(a: &Ipv6, prefix: &Ipv6, len: u8) -> bool {
    a.iter()
        .zip(prefix.iter())
        .enumerate()
        .all(|(i, (x, y))| (x ^ y) & mask_octet(len, i) == 0)
}

/// `dst` with its first `len` bits replaced by those of `src` (lengths over
/// 128 count as 128).
pub fn ipv6_copy_prefix(dst: &mut Ipv6, src: &Ipv6, len: u8) {
    for (i, (d, s)) in dst.iter_mut().zip(src.iter()).enumerate() {
        let m = mask_octet(len, i);
        *d = (*d & !m) | (*s & m);
    }
}

/// Bit `pos` of `b`; 0 past its end.
fn bit(b: &[u8], pos: u32) -> u64 {
    let Ok(i) = usize::try_from(pos / 8) else {
        return 0;
    };
    match b.get(i) {
        // pos % 8 in 0..=7: a shift by 0..=7.
        Some(&o) => u64::from((o >> (7 - pos % 8)) & 1),
        None => 0,
    }
}

/// The `len` bits of `b` from bit `start`, as a number: its most
/// significant bit is bit `start`. Bits past the end of `b` read as 0; only
/// the last 64 of more than 64 bits remain.
pub fn get_bits(b: &[u8], start: u32, len: u32) -> u64 {
    let mut v = 0u64;
    for i in 0..len {
        v = (v << 1) | bit(b, start.saturating_add(i));
    }
    v
}

/// Writes the low `len` bits of `value` (up to 64) into `b` from bit
/// `start`, most significant first. Bits that would land past the end of
/// `b` are dropped.
pub fn set_bits(b: &mut [u8], start: u32, len: u32, value: u64) {
    let len = len.min(64);
    for i in 0..len {
        // len - 1 - i in 0..=63.
        let v = (value >> (len - 1 - i)) & 1;
        let pos = start.saturating_add(i);
        let Ok(at) = usize::try_from(pos / 8) else {
            return;
        };
        let Some(o) = b.get_mut(at) else {
            return;
        };
        let m = 0x80u8 >> (pos % 8);
        if v == 0 {
            *o &= !m;
        } else {
            *o |= m;
        }
    }
}

/// A mask of the low `bits` bits (all 64 for 64 and more).
pub(super) fn low_mask(bits: u32) -> u64 {
    match 1u64.checked_shl(bits) {
        Some(v) => v.wrapping_sub(1),
        None => u64::MAX,
    }
}
