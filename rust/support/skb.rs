// SPDX-License-Identifier: GPL-2.0

//! Socket buffers (`struct sk_buff`).
//!
//! [`SkBuff`] owns a buffer: dropping it frees the buffer as a drop
//! (`kfree_skb`), [`SkBuff::consume`] frees it as a success (`consume_skb`),
//! and passing it to the stack hands it over. [`SkBuffRef`] is a borrowed
//! buffer that may be read but not resized.

use super::bindings;
use super::error::code::*;
use core::ptr::NonNull;
use kernel::error::Result;
use kernel::types::Opaque;

/// Most slices [`Segments`] holds: the linear part and 17 fragments (the
/// default `MAX_SKB_FRAGS`); buffers with more are read through
/// `skb_copy_bits`.
const MAX_SEGS: usize = 18;

/// The data of a buffer as slices, from [`SkBuffRef::segments`].
pub struct Segments<'a> {
    skb: &'a SkBuffRef,
    segs: [&'a [u8]; MAX_SEGS],
    n: usize,
    /// Every fragment is mapped in `segs`; otherwise reads copy.
    mapped: bool,
}

impl Segments<'_> {
    /// Length of the data.
    pub fn len(&self) -> usize {
        self.skb.len() as usize
    }

    /// Whether there is no data.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Copies the `out.len()` bytes at offset `at` into `out`; false if the
    /// data is shorter.
    pub fn read(&self, mut at: usize, out: &mut [u8]) -> bool {
        if !self.mapped {
            return self.skb.read(at, out);
        }
        let mut done = 0;
        for seg in &self.segs[..self.n] {
            if done == out.len() {
                break;
            }
            if at >= seg.len() {
                at -= seg.len();
                continue;
            }
            let n = (seg.len() - at).min(out.len() - done);
            out[done..done + n].copy_from_slice(&seg[at..at + n]);
            done += n;
            at = 0;
        }
        done == out.len()
    }
}

/// Linear room of the buffers [`SkBuffRef::share`] makes: where GRO and the
/// stack pull the packet headers to.
const SHARE_HEAD: u32 = 128;

/// A borrowed socket buffer.
///
/// # Invariants
///
/// Points to a live `struct sk_buff` for the lifetime of the reference.
#[repr(transparent)]
pub struct SkBuffRef(Opaque<bindings::sk_buff>);

impl SkBuffRef {
    /// Creates a reference from a raw pointer.
    ///
    /// # Safety
    ///
    /// `ptr` points to a live `sk_buff` not freed during `'a`.
    pub(crate) unsafe fn from_raw<'a>(ptr: *const bindings::sk_buff) -> &'a SkBuffRef {
        // SAFETY: transparent wrapper; the caller guarantees liveness.
        unsafe { &*ptr.cast() }
    }

    pub(crate) fn as_ptr(&self) -> *mut bindings::sk_buff {
        self.0.get()
    }

    /// Length of the data, linear part and fragments.
    pub fn len(&self) -> u32 {
        // SAFETY: by the type invariant the buffer is live.
        unsafe { (*self.as_ptr()).len }
    }

    /// Whether the buffer holds no data.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Length of the linear part (what [`SkBuffRef::data`] returns).
    pub fn headlen(&self) -> u32 {
        // SAFETY: by the type invariant the buffer is live.
        unsafe { bindings::rsh_skb_headlen(self.as_ptr()) }
    }

    /// Free space in front of the data.
    pub fn headroom(&self) -> u32 {
        // SAFETY: by the type invariant the buffer is live.
        unsafe { bindings::rsh_skb_headroom(self.as_ptr()) }
    }

    /// Free space after the data (0 for a non-linear buffer).
    pub fn tailroom(&self) -> u32 {
        // SAFETY: by the type invariant the buffer is live.
        let room = unsafe { bindings::rsh_skb_tailroom(self.as_ptr()) };
        room.max(0) as u32
    }

    /// The linear part of the data.
    pub fn data(&self) -> &[u8] {
        let skb = self.as_ptr();
        // SAFETY: by the type invariant the buffer is live; `data` points to
        // `headlen` initialised bytes, which nobody resizes while `self` is
        // borrowed (resizing takes an owned `SkBuff` by `&mut`).
        unsafe { core::slice::from_raw_parts((*skb).data, self.headlen() as usize) }
    }

    /// Whether the data is shared with a clone (and so must not be written).
    pub fn is_cloned(&self) -> bool {
        // SAFETY: by the type invariant the buffer is live.
        unsafe { bindings::rsh_skb_cloned(self.as_ptr()) }
    }

    /// The link-layer protocol, in host byte order (e.g. 0x0800 for IPv4).
    pub fn protocol(&self) -> u16 {
        // SAFETY: by the type invariant the buffer is live.
        u16::from_be(unsafe { bindings::rsh_skb_protocol(self.as_ptr()) })
    }

    /// Copies the `out.len()` bytes at offset `at` of the data, linear part
    /// and fragments, into `out`; false if the data is shorter.
    pub fn read(&self, at: usize, out: &mut [u8]) -> bool {
        let Some(end) = at.checked_add(out.len()) else {
            return false;
        };
        if let Some(bytes) = self.data().get(at..end) {
            out.copy_from_slice(bytes);
            return true;
        }
        if end > self.len() as usize {
            return false;
        }
        // SAFETY: the buffer is live and holds `end` bytes (checked above),
        // offsets within an `sk_buff` fit in `c_int`, and
        // `out` has room for `out.len()` bytes.
        unsafe {
            bindings::skb_copy_bits(
                self.as_ptr(),
                at as i32,
                out.as_mut_ptr().cast(),
                out.len() as i32,
            ) == 0
        }
    }

    /// For a buffer whose transport checksum is left to the device
    /// (`CHECKSUM_PARTIAL`): where the checksummed data starts, counted from
    /// the start of the data, and where the checksum goes, counted from
    /// there. `None` when the checksum is complete or not needed.
    pub fn csum_partial(&self) -> Option<(u32, u32)> {
        let (mut start, mut offset) = (0u32, 0u32);
        // SAFETY: by the type invariant the buffer is live.
        unsafe { bindings::rsh_skb_csum_partial(self.as_ptr(), &mut start, &mut offset) }
            .then_some((start, offset))
    }

    /// Whether the linear part lives in a page fragment (not `kmalloc`ed),
    /// so that [`SkBuffRef::share`] can reference it.
    pub fn head_is_page(&self) -> bool {
        let mut off = 0u32;
        // SAFETY: by the type invariant the buffer is live.
        !unsafe { bindings::rsh_skb_head_page(self.as_ptr(), &mut off) }.is_null()
    }

    /// The data as the slices it lies in (linear part, then fragments), to
    /// read headers from without copying through `skb_copy_bits`.
    pub fn segments(&self) -> Segments<'_> {
        let skb = self.as_ptr();
        let mut segs = Segments {
            skb: self,
            segs: [&[]; MAX_SEGS],
            n: 1,
            mapped: true,
        };
        segs.segs[0] = self.data();
        // SAFETY: by the type invariant the buffer is live.
        let nr = unsafe { bindings::rsh_skb_nr_frags(skb) } as usize;
        if nr + 1 > MAX_SEGS {
            segs.mapped = false;
            return segs;
        }
        for i in 0..nr {
            let mut size = 0u32;
            // SAFETY: the buffer is live and `i < nr_frags`.
            let p = unsafe { bindings::rsh_skb_frag_address(skb, i as u32, &mut size) };
            if p.is_null() {
                segs.mapped = false;
                return segs;
            }
            // SAFETY: fragment `i` maps `size` bytes at `p`, which stay while
            // the buffer is borrowed (nobody resizes it through `&self`).
            segs.segs[i + 1] =
                unsafe { core::slice::from_raw_parts(p.cast::<u8>(), size as usize) };
            segs.n += 1;
        }
        segs
    }

    /// Whether [`SkBuffRef::share`] may reference the pages of this buffer:
    /// no frag list, no page-pool, zero-copy or user-shared pages.
    pub fn pages_shareable(&self) -> bool {
        // SAFETY: by the type invariant the buffer is live.
        unsafe { bindings::rsh_skb_pages_shareable(self.as_ptr()) }
    }

    /// A new buffer holding the `len` bytes at offset `off` of this one's
    /// data without copying them: its fragments reference the pages they
    /// live in (page-fragment heads and page fragments). Bytes in a
    /// `kmalloc`ed linear part cannot be shared: up to `copy_max` of them at
    /// the start of the range are copied into the new buffer's head, more
    /// fail with `EOPNOTSUPP`, as do buffers that are not
    /// [`SkBuffRef::pages_shareable`] and ranges needing more fragments
    /// than a buffer holds (`EMSGSIZE`).
    ///
    /// The new buffer is not a clone: it has a head of its own, so it may
    /// go through GRO.
    pub fn share(&self, off: u32, len: u32, copy_max: u32) -> Result<SkBuff> {
        let end = off
            .checked_add(len)
            .filter(|&e| e <= self.len())
            .ok_or(EINVAL)?;
        if !self.pages_shareable() {
            return Err(EOPNOTSUPP);
        }
        let skb = self.as_ptr();
        let headlen = self.headlen();
        let mut head_off = 0u32;
        // SAFETY: the buffer is live; `head_off` is written when a page is
        // returned.
        let head_page = unsafe { bindings::rsh_skb_head_page(skb, &mut head_off) };
        let copy = if off < headlen && head_page.is_null() {
            headlen.min(end) - off
        } else {
            0
        };
        if copy > copy_max {
            return Err(EOPNOTSUPP);
        }
        let mut new = SkBuff::alloc_rx(copy_max.max(SHARE_HEAD))?;
        if copy > 0 {
            let (a, b) = (off as usize, (off + copy) as usize);
            let src = self.data().get(a..b).ok_or(EINVAL)?;
            new.put(copy)?.copy_from_slice(src);
        }
        let mut pos = off + copy;
        // The rest of the linear part, in a page-fragment head.
        if pos < headlen.min(end) {
            let n = headlen.min(end) - pos;
            // SAFETY: `head_page` (non-null, or `copy` covered this) holds the
            // linear part, byte `pos` at `head_off + pos`; the call takes a
            // page reference for `new`.
            unsafe { new.add_shared_frag(head_page, head_off + pos, n)? };
            pos += n;
        }
        let mut frag_start = headlen;
        // SAFETY: the buffer is live.
        let nr_frags = unsafe { bindings::rsh_skb_nr_frags(skb) };
        for i in 0..nr_frags {
            if pos >= end {
                break;
            }
            let (mut foff, mut fsize) = (0u32, 0u32);
            // SAFETY: the buffer is live and `i < nr_frags`.
            let page = unsafe { bindings::rsh_skb_frag_page(skb, i, &mut foff, &mut fsize) };
            let frag_end = frag_start + fsize;
            if pos < frag_end {
                if page.is_null() {
                    return Err(EOPNOTSUPP);
                }
                let n = frag_end.min(end) - pos;
                // SAFETY: `page` backs fragment `i`, which holds data bytes
                // `frag_start..frag_end` from offset `foff`; the call takes
                // a page reference for `new`.
                unsafe { new.add_shared_frag(page, foff + (pos - frag_start), n)? };
                pos += n;
            }
            frag_start = frag_end;
        }
        if pos != end {
            return Err(EINVAL);
        }
        Ok(new)
    }
}

/// An owned socket buffer.
///
/// # Invariants
///
/// `self.0` points to a live `sk_buff` that this value owns (one reference).
pub struct SkBuff(NonNull<bindings::sk_buff>);

// SAFETY: an owned `sk_buff` may be freed or handed on from any thread.
unsafe impl Send for SkBuff {}

impl SkBuff {
    /// Takes ownership of a raw buffer.
    ///
    /// # Safety
    ///
    /// `ptr` points to a live `sk_buff` whose reference the caller gives away.
    pub(crate) unsafe fn from_raw(ptr: *mut bindings::sk_buff) -> SkBuff {
        // SAFETY: the caller guarantees `ptr` is valid, hence non-null.
        SkBuff(unsafe { NonNull::new_unchecked(ptr) })
    }

    /// Gives up ownership, returning the raw pointer.
    pub(crate) fn into_raw(self) -> *mut bindings::sk_buff {
        let ptr = self.0.as_ptr();
        core::mem::forget(self);
        ptr
    }

    /// Allocates an empty buffer with room for `len` bytes after the usual
    /// headroom (`netdev_alloc_skb`); fill it with [`SkBuff::put`].
    pub fn alloc(len: u32) -> Result<SkBuff> {
        // SAFETY: a null device is allowed; the size is checked by the allocator.
        let skb = unsafe {
            bindings::__netdev_alloc_skb(core::ptr::null_mut(), len, bindings::GFP_ATOMIC)
        };
        if skb.is_null() {
            return Err(ENOMEM);
        }
        // SAFETY: freshly allocated, we own its only reference.
        Ok(unsafe { SkBuff::from_raw(skb) })
    }

    /// Allocates an empty receive buffer with room for `len` bytes; in
    /// softirq context from the per-CPU NAPI cache (as `napi_alloc_skb`).
    pub fn alloc_rx(len: u32) -> Result<SkBuff> {
        // SAFETY: no precondition; the helper picks the cache by context.
        let skb = unsafe { bindings::rsh_alloc_skb_rx(len) };
        if skb.is_null() {
            return Err(ENOMEM);
        }
        // SAFETY: freshly allocated, we own its only reference.
        Ok(unsafe { SkBuff::from_raw(skb) })
    }

    /// The linear data, writable. Fails with `EBUSY` on a cloned buffer.
    pub fn data_mut(&mut self) -> Result<&mut [u8]> {
        if self.is_cloned() {
            return Err(EBUSY);
        }
        let len = self.headlen() as usize;
        // SAFETY: we own the buffer and it is not shared with a clone, so its
        // `headlen` bytes at `data` are ours to write while `self` is borrowed.
        Ok(unsafe { core::slice::from_raw_parts_mut((*self.0.as_ptr()).data, len) })
    }

    /// The first `len` bytes of the data, writable: pulled into the linear
    /// part and unshared from clones where needed (`skb_ensure_writable`),
    /// as a driver rewriting headers needs. Fails with `EINVAL` when the
    /// data is shorter, `ENOMEM` when copying fails.
    pub fn writable_head(&mut self, len: u32) -> Result<&mut [u8]> {
        if len > self.len() {
            return Err(EINVAL);
        }
        // SAFETY: we own the buffer.
        kernel::error::to_result(unsafe { bindings::skb_ensure_writable(self.0.as_ptr(), len) })?;
        // SAFETY: `skb_ensure_writable` made the first `len` bytes linear and
        // private to this buffer; nothing resizes it while `self` is borrowed.
        Ok(unsafe { core::slice::from_raw_parts_mut((*self.0.as_ptr()).data, len as usize) })
    }

    /// Extends the data at the front by `len` bytes, returning them.
    /// Fails with `ENOSPC` when the headroom is too small or the header area
    /// is shared with a clone (see [`SkBuff::cow_head`]).
    pub fn push(&mut self, len: u32) -> Result<&mut [u8]> {
        // SAFETY: the buffer is live.
        if self.headroom() < len || unsafe { bindings::rsh_skb_header_cloned(self.0.as_ptr()) } {
            return Err(ENOSPC);
        }
        // SAFETY: there is enough headroom, checked above, and we own the buffer.
        let p: *mut u8 = unsafe { bindings::skb_push(self.0.as_ptr(), len).cast() };
        // SAFETY: `skb_push` returned the start of `len` bytes inside the buffer.
        Ok(unsafe { core::slice::from_raw_parts_mut(p, len as usize) })
    }

    /// Removes `len` bytes from the front of the data.
    /// Fails with `EINVAL` when the linear part is shorter.
    pub fn pull(&mut self, len: u32) -> Result {
        if self.headlen() < len {
            return Err(EINVAL);
        }
        // SAFETY: the linear part holds at least `len` bytes, checked above.
        unsafe { bindings::skb_pull(self.0.as_ptr(), len) };
        Ok(())
    }

    /// Extends the data at the end by `len` bytes, returning them.
    /// Fails with `ENOSPC` when the tailroom is too small.
    pub fn put(&mut self, len: u32) -> Result<&mut [u8]> {
        if self.tailroom() < len || self.is_cloned() {
            return Err(ENOSPC);
        }
        // SAFETY: there is enough tailroom, checked above, and we own the buffer.
        let p: *mut u8 = unsafe { bindings::skb_put(self.0.as_ptr(), len).cast() };
        // SAFETY: `skb_put` returned the start of `len` bytes inside the buffer.
        Ok(unsafe { core::slice::from_raw_parts_mut(p, len as usize) })
    }

    /// Makes the whole data linear, so that [`SkBuffRef::data`] covers it.
    pub fn linearize(&mut self) -> Result {
        // SAFETY: we own the buffer.
        let ret = unsafe { bindings::rsh_skb_linearize(self.0.as_ptr()) };
        kernel::error::to_result(ret)
    }

    /// Sets the link-layer protocol, in host byte order.
    pub fn set_protocol(&mut self, proto: u16) {
        // SAFETY: we own the buffer.
        unsafe { bindings::rsh_skb_set_protocol(self.0.as_ptr(), proto.to_be()) };
    }

    /// Marks the current data start as the MAC and the network header.
    pub fn reset_headers(&mut self) {
        // SAFETY: we own the buffer.
        unsafe {
            bindings::rsh_skb_reset_mac_header(self.0.as_ptr());
            bindings::rsh_skb_reset_network_header(self.0.as_ptr());
        }
    }

    /// A clone sharing the data (`skb_clone`): its own head and length over
    /// the same bytes, to pull and trim independently. No data is copied.
    pub fn try_clone(&self) -> Result<SkBuff> {
        // SAFETY: the buffer is live; the clone is a new buffer we own.
        let c = unsafe { bindings::skb_clone(self.0.as_ptr(), bindings::GFP_ATOMIC) };
        if c.is_null() {
            return Err(ENOMEM);
        }
        // SAFETY: freshly allocated, we own its only reference.
        Ok(unsafe { SkBuff::from_raw(c) })
    }

    /// Cuts the data to `len` bytes (no-op when already shorter).
    pub fn trim(&mut self, len: u32) -> Result {
        if len >= self.len() {
            return Ok(());
        }
        // SAFETY: we own the buffer; `pskb_trim` handles linear and paged data.
        kernel::error::to_result(unsafe { bindings::rsh_pskb_trim(self.0.as_ptr(), len) })
    }

    /// Puts back in front of the data what the receive path pulled as a
    /// link-layer header (`eth_type_trans` on an Ethernet device), so the data
    /// starts at the first byte off the wire again. Returns how many bytes.
    pub fn push_mac_header(&mut self) -> u32 {
        // SAFETY: we own the buffer.
        let len = unsafe { bindings::rsh_skb_mac_header_len(self.0.as_ptr()) };
        if len > 0 {
            // SAFETY: the `len` bytes before `data` are the MAC header, inside
            // the buffer's head.
            unsafe { bindings::skb_push(self.0.as_ptr(), len) };
        }
        len
    }

    /// Makes sure `len` bytes of headroom exist and the header area is not
    /// shared with a clone, reallocating the head if needed (`skb_cow_head`).
    pub fn cow_head(&mut self, len: u32) -> Result {
        // SAFETY: we own the buffer.
        kernel::error::to_result(unsafe { bindings::rsh_skb_cow_head(self.0.as_ptr(), len) })
    }

    /// Computes the transport checksum a `CHECKSUM_PARTIAL` buffer left to
    /// the device, in software (`skb_checksum_help`).
    pub fn checksum_help(&mut self) -> Result {
        // SAFETY: we own the buffer.
        kernel::error::to_result(unsafe { bindings::skb_checksum_help(self.0.as_ptr()) })
    }

    /// Nothing is known of the transport checksum: the stack verifies it.
    /// (A buffer cut out of a larger one must not keep the larger one's
    /// checksum state.)
    pub fn set_csum_none(&mut self) {
        // SAFETY: we own the buffer.
        unsafe { bindings::rsh_skb_set_csum_none(self.0.as_ptr()) };
    }

    /// The transport checksum was verified (by the hardware or the modem).
    pub fn set_csum_unnecessary(&mut self) {
        // SAFETY: we own the buffer.
        unsafe { bindings::rsh_skb_set_csum_unnecessary(self.0.as_ptr()) };
    }

    /// Addressed to this host (`PACKET_HOST`): what a frame demultiplexed
    /// off a lower device's buffer is, whatever that buffer's link-layer
    /// destination said.
    pub fn set_pkt_type_host(&mut self) {
        // SAFETY: we own the buffer.
        unsafe { bindings::rsh_skb_set_pkt_type_host(self.0.as_ptr()) };
    }

    /// Sets the device the buffer is received on or sent through.
    pub fn set_dev(&mut self, dev: &super::netdev::NetDevice) {
        // SAFETY: we own the buffer; the device is live.
        unsafe { bindings::rsh_skb_set_dev(self.0.as_ptr(), dev.as_ptr()) };
    }

    /// Appends `size` bytes at `off` in `page` as a fragment, taking a page
    /// reference.
    ///
    /// # Safety
    ///
    /// `page` is a live page holding those bytes, which nobody writes while
    /// the buffer may be read.
    unsafe fn add_shared_frag(&mut self, page: *mut bindings::page, off: u32, size: u32) -> Result {
        // SAFETY: we own the buffer; the caller vouches for the page.
        kernel::error::to_result(unsafe {
            bindings::rsh_skb_add_shared_frag(self.0.as_ptr(), page, off, size)
        })
    }

    /// Frees the buffer as successfully processed (not counted as a drop).
    pub fn consume(self) {
        // SAFETY: we own the buffer and give up our reference here.
        unsafe { bindings::rsh_consume_skb(self.into_raw()) };
    }
}

impl core::ops::Deref for SkBuff {
    type Target = SkBuffRef;

    fn deref(&self) -> &SkBuffRef {
        // SAFETY: by the type invariant the buffer is live while `self` is.
        unsafe { SkBuffRef::from_raw(self.0.as_ptr()) }
    }
}

impl Drop for SkBuff {
    fn drop(&mut self) {
        // SAFETY: we own the buffer; dropping it frees it as a drop.
        unsafe { bindings::rsh_kfree_skb(self.0.as_ptr()) };
    }
}
