// SPDX-License-Identifier: GPL-2.0

//! A hash map keyed by IPv6 address, for the binding cache and the access
//! list: a fixed array of buckets (vmalloc'ed once), each a small vector,
//! so that a lookup costs the same with ten entries or a hundred thousand
//! (the buckets are sized for that many) and inserting never rehashes in
//! softirq context.

use crate::support::ipv6::Addr;
use crate::support::vec::VecExt;
use kernel::alloc::{flags::GFP_ATOMIC, KVec, VVec};
use kernel::prelude::*;

/// Number of buckets (a power of two).
const BUCKETS: usize = 1 << 15;

/// Something stored under an address.
pub(crate) trait Keyed {
    /// The entry's key.
    fn key(&self) -> &Addr;
}

/// The map.
pub(crate) struct AddrMap<V: Keyed> {
    buckets: VVec<KVec<V>>,
    len: usize,
    limit: usize,
}

fn hash(a: &Addr) -> usize {
    // Mix all four words (prefixes and interface identifiers both vary),
    // then keep the high bits of a multiplicative hash.
    let mut h: u32 = 0;
    for w in a.chunks_exact(4) {
        let w = u32::from_ne_bytes([w[0], w[1], w[2], w[3]]);
        h = (h.rotate_left(5) ^ w).wrapping_mul(0x9e37_79b9);
    }
    (h >> (32 - BUCKETS.trailing_zeros())) as usize
}

impl<V: Keyed> AddrMap<V> {
    /// An empty map holding at most `limit` entries. Process context.
    pub(crate) fn new(limit: usize) -> Result<Self> {
        let mut buckets = VVec::with_capacity(BUCKETS, GFP_KERNEL)?;
        for _ in 0..BUCKETS {
            buckets.push(KVec::new(), GFP_KERNEL)?;
        }
        Ok(AddrMap {
            buckets,
            len: 0,
            limit,
        })
    }

    /// Number of entries.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The entry for `key`.
    pub(crate) fn get(&self, key: &Addr) -> Option<&V> {
        self.buckets.get(hash(key))?.iter().find(|v| v.key() == key)
    }

    /// The entry for `key`, writable.
    pub(crate) fn get_mut(&mut self, key: &Addr) -> Option<&mut V> {
        self.buckets
            .get_mut(hash(key))?
            .iter_mut()
            .find(|v| v.key() == key)
    }

    /// Inserts `v`, replacing the entry with its key. Fails with `ENOSPC`
    /// past the limit, `ENOMEM` without memory (atomic allocation).
    pub(crate) fn insert(&mut self, v: V) -> Result {
        let bucket = self.buckets.get_mut(hash(v.key())).ok_or(EINVAL)?;
        if let Some(old) = bucket.iter_mut().find(|o| o.key() == v.key()) {
            *old = v;
            return Ok(());
        }
        if self.len >= self.limit {
            return Err(ENOSPC);
        }
        bucket.push(v, GFP_ATOMIC)?;
        self.len += 1;
        Ok(())
    }

    /// Removes and returns the entry for `key`.
    pub(crate) fn remove(&mut self, key: &Addr) -> Option<V> {
        let bucket = self.buckets.get_mut(hash(key))?;
        let i = bucket.iter().position(|v| v.key() == key)?;
        let v = bucket.swap_take(i)?;
        self.len -= 1;
        Some(v)
    }

    /// Removes every entry for which `f` returns true, calling `gone` with
    /// each removed one.
    pub(crate) fn retain(&mut self, keep: impl FnMut(&mut V) -> bool, gone: impl FnMut(V)) {
        let n = self.buckets.len();
        self.retain_range(0, n, keep, gone);
    }

    /// Number of buckets.
    pub(crate) fn buckets(&self) -> usize {
        self.buckets.len()
    }

    /// `retain` over `n` buckets from `start` (wrapping at the end);
    /// returns where the next call should start.
    pub(crate) fn retain_range(
        &mut self,
        start: usize,
        n: usize,
        mut keep: impl FnMut(&mut V) -> bool,
        mut gone: impl FnMut(V),
    ) -> usize {
        let total = self.buckets.len();
        let mut b = start % total;
        for _ in 0..n.min(total) {
            let bucket = &mut self.buckets[b];
            let mut i = 0;
            while i < bucket.len() {
                if keep(&mut bucket[i]) {
                    i += 1;
                } else if let Some(v) = bucket.swap_take(i) {
                    self.len -= 1;
                    gone(v);
                }
            }
            b = (b + 1) % total;
        }
        b
    }

    /// Calls `f` with every entry.
    pub(crate) fn for_each(&self, mut f: impl FnMut(&V)) {
        for bucket in self.buckets.iter() {
            bucket.iter().for_each(&mut f);
        }
    }

    /// The entry at position `cursor` in iteration order and the cursor of
    /// the next one, for resumable dumps; `None` at the end.
    pub(crate) fn at(&self, cursor: u64) -> Option<(&V, u64)> {
        let (mut b, mut i) = ((cursor >> 32) as usize, (cursor & 0xffff_ffff) as usize);
        while b < self.buckets.len() {
            if let Some(v) = self.buckets[b].get(i) {
                return Some((v, ((b as u64) << 32) | (i as u64 + 1)));
            }
            b += 1;
            i = 0;
        }
        None
    }

    /// Removes everything.
    pub(crate) fn clear(&mut self) {
        for bucket in self.buckets.iter_mut() {
            bucket.clear_all();
        }
        self.len = 0;
    }
}
