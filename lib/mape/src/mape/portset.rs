// SPDX-License-Identifier: GPL-2.0

//! Port sets (RFC 7597 §5.1): which transport ports (and ICMP identifiers,
//! and rewritten IPv4 fragment identifiers) belong to a CE that shares its
//! IPv4 address.
//!
//! ```text
//! port = | A (a bits) | PSID (k bits) | j (m bits) |
//!      = A·2^(16-a) + PSID·2^m + j,   m = 16 - a - k,   j in [0, 2^m - 1]
//! ```
//!
//! With `a > 0`, `A` runs from 1 to `2^a - 1`: `A = 0`, the ports under
//! `2^(16-a)` (the system ports, with the default `a = 6`), belongs to no
//! CE. With `a = 0` there are no `A` bits, and the set is one block. The set
//! is laid out as `2^a - 1` blocks (one when `a = 0`) of `2^m` contiguous
//! ports, and numbered from 0 in increasing port order
//! ([`PortSet::nth_port`], [`PortSet::index_of`]): the NAT's allocator and
//! the fragment identifier rewrite work on that numbering.

use super::addr::low_mask;

/// The PSID offset RFC 7597 §5.1 recommends and RFC 7598 assumes when a
/// rule carries no `S46_PORTPARAMS`.
pub const DEFAULT_PSID_OFFSET: u8 = 6;

/// A port set: PSID offset `a`, PSID length `k`, PSID.
///
/// Invariants, checked by [`PortSet::new`]: `a + k <= 16`, and the PSID
/// fits in `k` bits. `m = 16 - a - k` follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PortSet {
    a: u8,
    k: u8,
    psid: u16,
}

impl PortSet {
    /// Every port, 0 to 65535: no PSID, no offset (an IPv4 address or
    /// prefix not shared).
    pub const ALL: PortSet = PortSet {
        a: 0,
        k: 0,
        psid: 0,
    };

    /// The set of PSID `psid` (right-aligned) of length `k` after `a`
    /// offset bits; `None` if `a + k > 16` or `psid` has bits over `k`.
    pub fn new(a: u8, k: u8, psid: u16) -> Option<PortSet> {
        if u32::from(a) + u32::from(k) > 16 || u64::from(psid) > low_mask(u32::from(k)) {
            return None;
        }
        Some(PortSet { a, k, psid })
    }

    /// The PSID offset `a`.
    pub fn offset(self) -> u8 {
        self.a
    }

    /// The PSID length `k`: the address is shared by `2^k` CEs.
    pub fn psid_len(self) -> u8 {
        self.k
    }

    /// The PSID, right-aligned.
    pub fn psid(self) -> u16 {
        self.psid
    }

    /// The PSID left-aligned in 16 bits, as RFC 7598 `S46_PORTPARAMS` and
    /// OpenWrt `mapcalc`'s `psid=` carry it.
    pub fn psid_left_aligned(self) -> u16 {
        psid_to_left_aligned(self.psid, self.k)
    }

    /// `m`: the log2 of the number of contiguous ports in a block.
    pub fn contiguous_bits(self) -> u8 {
        16u8.saturating_sub(self.a).saturating_sub(self.k)
    }

    /// `16 - a`: ports are `A << (16 - a) | ...`.
    fn a_shift(self) -> u32 {
        16u32.saturating_sub(u32::from(self.a))
    }

    fn m(self) -> u32 {
        u32::from(self.contiguous_bits())
    }

    /// Whether this is every port (no PSID and no offset).
    pub fn is_all(self) -> bool {
        self.a == 0 && self.k == 0
    }

    /// The PSID the `k` bits after the `a` offset bits of `port` hold,
    /// whether or not `port` is in this set.
    pub fn psid_of(self, port: u16) -> u16 {
        // m <= 16 and k <= 16: shifts of a u32, and a mask of 16 bits at most.
        let v = (u32::from(port) >> self.m()) & (low_mask(u32::from(self.k)) as u32);
        v as u16
    }

    /// Whether `port` is in the set: the right PSID, and for `a > 0` not
    /// under `2^(16-a)`.
    pub fn contains(self, port: u16) -> bool {
        (self.a == 0 || u32::from(port) >> self.a_shift() != 0) && self.psid_of(port) == self.psid
    }

    /// The number of blocks: `2^a - 1`, or 1 when `a = 0`.
    pub fn block_count(self) -> u32 {
        match self.a {
            0 => 1,
            // a <= 16: at most 65535.
            a => (1u32 << a) - 1,
        }
    }

    /// The number of ports: `(2^a - 1)·2^m`, or `2^m` when `a = 0` (65536
    /// for [`PortSet::ALL`]).
    pub fn count(self) -> u32 {
        // block_count() < 2^a and m = 16 - a - k: under 2^17.
        self.block_count() << self.m()
    }

    /// Block `i` (from 0, in port order) as its first and last port; `None`
    /// past the last.
    pub fn block(self, i: u32) -> Option<(u16, u16)> {
        if i >= self.block_count() {
            return None;
        }
        let a = if self.a == 0 { 0 } else { i + 1 };
        // A < 2^a, PSID < 2^k: start = A·2^(16-a) + PSID·2^m and
        // start + 2^m - 1 <= 2^16 - 2^(16-a) + 2^(k+m) - 1 = 65535.
        let start = (a << self.a_shift()) | (u32::from(self.psid) << self.m());
        let end = start + (low_mask(self.m()) as u32);
        Some((start as u16, end as u16))
    }

    /// The blocks in port order, as first and last port.
    pub fn blocks(self) -> Blocks {
        Blocks { set: self, next: 0 }
    }

    /// The `n`th port of the set (from 0, in increasing order); `None` for
    /// `n >= count()`. The inverse of [`PortSet::index_of`].
    pub fn nth_port(self, n: u32) -> Option<u16> {
        let m = self.m();
        let (start, _) = self.block(n >> m)?;
        // j < 2^m: inside the block.
        let j = n & (low_mask(m) as u32);
        Some(start | j as u16)
    }

    /// The position of `port` in the set (from 0, in increasing order);
    /// `None` if it is not in the set. The inverse of
    /// [`PortSet::nth_port`].
    pub fn index_of(self, port: u16) -> Option<u32> {
        if !self.contains(port) {
            return None;
        }
        let port = u32::from(port);
        let block = match self.a {
            0 => 0,
            // contains(): A >= 1.
            _ => (port >> self.a_shift()).saturating_sub(1),
        };
        Some((block << self.m()) | (port & (low_mask(self.m()) as u32)))
    }

    /// A value of the set for any 16-bit IPv4 fragment identifier: the port
    /// at position `id mod count()`.
    ///
    /// RFC 7597 §8.3.3 has a CE that shares its address rewrite the
    /// identifier of the fragments it sends to "a value equivalent to a port
    /// of its allocated port set", so that datagrams of the CEs sharing the
    /// address cannot collide at the receiver. The mapping is deterministic,
    /// lands in the set for every `id`, and is a bijection from `0..count()`
    /// onto the set (identifiers from `count()` on wrap around): feeding it a
    /// per-destination counter, rather than the original identifiers, keeps
    /// consecutive datagrams distinct for `count()` of them.
    pub fn frag_id(self, id: u16) -> u16 {
        let count = self.count();
        let n = u32::from(id).checked_rem(count).unwrap_or(0);
        self.nth_port(n).unwrap_or(id)
    }

    /// The blocks as OpenWrt `mapcalc` prints them in `RULE_n_PORTSETS`
    /// (and `map.sh` turns into SNAT rules): the same blocks, except that a
    /// block starting at port 0 starts at 1, and the block `0-0` is left
    /// out. `mapcalc` prints them only for a PSID length over 0.
    pub fn mapcalc_ranges(self) -> MapcalcRanges {
        MapcalcRanges(self.blocks())
    }
}

/// The blocks of a [`PortSet`], as first and last port, in port order.
#[derive(Clone, Debug)]
pub struct Blocks {
    set: PortSet,
    next: u32,
}

impl Iterator for Blocks {
    type Item = (u16, u16);

    fn next(&mut self) -> Option<(u16, u16)> {
        let b = self.set.block(self.next)?;
        self.next = self.next.saturating_add(1);
        Some(b)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.set.block_count().saturating_sub(self.next);
        let n = usize::try_from(n).unwrap_or(usize::MAX);
        (n, Some(n))
    }
}

impl ExactSizeIterator for Blocks {}

/// The port ranges of a [`PortSet`] as OpenWrt `mapcalc` prints them
/// ([`PortSet::mapcalc_ranges`]).
#[derive(Clone, Debug)]
pub struct MapcalcRanges(Blocks);

impl Iterator for MapcalcRanges {
    type Item = (u16, u16);

    fn next(&mut self) -> Option<(u16, u16)> {
        loop {
            let (start, end) = self.0.next()?;
            let start = start.max(1);
            if start <= end {
                return Some((start, end));
            }
        }
    }
}

/// A right-aligned PSID of length `k` left-aligned in 16 bits (its top
/// `k` bits), the form of RFC 7598 `S46_PORTPARAMS` and of OpenWrt
/// `mapcalc`'s `psid=`: PSID 0x34 of length 8 is 0x3400. Bits of `psid`
/// over `k` are dropped; `k` over 16 counts as 16, 0 gives 0.
pub fn psid_to_left_aligned(psid: u16, k: u8) -> u16 {
    let k = u32::from(k.min(16));
    let v = (u64::from(psid) & low_mask(k)) << (16 - k);
    (v & 0xffff) as u16
}

/// The right-aligned PSID of length `k` in a left-aligned 16-bit field (its
/// top `k` bits; the rest, zero padding on the wire, is ignored). `k` over
/// 16 counts as 16, 0 gives 0.
pub fn psid_from_left_aligned(field: u16, k: u8) -> u16 {
    let k = u32::from(k.min(16));
    let v = u64::from(field) >> (16 - k);
    (v & low_mask(k)) as u16
}
