// SPDX-License-Identifier: GPL-2.0

//! Socket buffers (`struct sk_buff`).
//!
//! [`SkBuff`] owns a buffer: dropping it frees the buffer as a drop
//! (`kfree_skb`), [`SkBuff::consume`] frees it as a success (`consume_skb`),
//! and passing it to the stack hands it over. [`SkBuffRef`] is a borrowed
//! buffer that may be read but not resized.

use super::bindings;
use super::error::code::*;
use core::cell::Cell;
use core::ptr::NonNull;
use kernel::error::Result;
use kernel::types::Opaque;

/// Most slices [`Segments`] holds: the linear part and 17 fragments (the
/// default `MAX_SKB_FRAGS`); buffers with more are read through
/// `skb_copy_bits`.
const MAX_SEGS: usize = 18;

/// One slice of a buffer's data: the linear part or a fragment.
#[derive(Clone, Copy)]
struct Seg<'a> {
    bytes: &'a [u8],
    /// The page holding `bytes` (null for a `kmalloc`ed linear part), and
    /// where in it they start.
    page: *mut bindings::page,
    page_off: u32,
}

impl Seg<'_> {
    const EMPTY: Self = Seg {
        bytes: &[],
        page: core::ptr::null_mut(),
        page_off: 0,
    };
}

/// The data of a buffer as slices, from [`SkBuffRef::segments`]: reads
/// headers without `skb_copy_bits`, and cuts packets out of the buffer
/// sharing its pages ([`Segments::share`]).
///
/// Reads usually walk forward through the buffer: the segment of the last
/// read is remembered, so that the next one usually finds its bytes there
/// without a walk.
///
/// # Invariants
///
/// `segs[..n]` are the buffer's data in order from offset 0 (all of it when
/// `mapped`), and `hint` names one of them with its offset. A segment's
/// non-null `page` holds its bytes from `page_off`; `shareable` only if
/// every segment's page may take references (`rsh_skb_pages_shareable`),
/// or its bytes lie in a `kmalloc`ed linear part (null page, segment 0).
/// The buffer, hence the pages, stay for `'a` and are not resized.
pub struct Segments<'a> {
    skb: &'a SkBuffRef,
    segs: [Seg<'a>; MAX_SEGS],
    n: usize,
    /// Every fragment is mapped in `segs`; otherwise reads copy.
    mapped: bool,
    /// The pages of every segment may be referenced (see [`Segments::share`]).
    shareable: bool,
    /// The segment of the last read, and the data offset where it starts.
    hint: Cell<(usize, usize)>,
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
    #[inline]
    pub fn read(&self, at: usize, out: &mut [u8]) -> bool {
        let (i, start) = self.hint.get();
        if let Some(rel) = at.checked_sub(start) {
            if let Some(src) = rel
                .checked_add(out.len())
                .and_then(|end| self.segs[i].bytes.get(rel..end))
            {
                out.copy_from_slice(src);
                return true;
            }
        }
        self.read_walk(at, out)
    }

    /// The segment holding data offset `at`, and the offset it starts at.
    fn locate(&self, at: usize) -> Option<(usize, usize)> {
        let (mut i, mut start) = self.hint.get();
        if at < start {
            (i, start) = (0, 0);
        }
        while i < self.n {
            let len = self.segs[i].bytes.len();
            if at < start + len {
                return Some((i, start));
            }
            start += len;
            i += 1;
        }
        None
    }

    #[inline(never)]
    fn read_walk(&self, at: usize, out: &mut [u8]) -> bool {
        if !self.mapped {
            return self.skb.read(at, out);
        }
        if out.is_empty() {
            return at <= self.len();
        }
        let Some((mut i, mut start)) = self.locate(at) else {
            return false;
        };
        self.hint.set((i, start));
        let mut done = 0;
        while done < out.len() && i < self.n {
            let seg = self.segs[i].bytes;
            let from = at + done - start;
            let n = (seg.len() - from).min(out.len() - done);
            let (Some(dst), Some(src)) = (out.get_mut(done..done + n), seg.get(from..from + n))
            else {
                return false;
            };
            dst.copy_from_slice(src);
            done += n;
            start += seg.len();
            i += 1;
        }
        done == out.len()
    }

    /// The `n` bytes at offset `at`, when they lie in one segment.
    #[inline]
    pub fn slice(&self, at: usize, n: usize) -> Option<&[u8]> {
        let (mut i, mut start) = self.hint.get();
        if at < start || at - start >= self.segs[i].bytes.len() {
            (i, start) = self.locate(at)?;
            self.hint.set((i, start));
        }
        let rel = at - start;
        self.segs[i].bytes.get(rel..rel.checked_add(n)?)
    }

    /// A new buffer holding the `len` bytes at offset `off` of the data,
    /// sharing the pages they are in: its first `head` bytes (at most
    /// [`SHARE_HEAD`]: the packet headers, which the stack reads from the
    /// linear part) are copied to its linear part, the rest become
    /// fragments referencing the pages. Bytes in a `kmalloc`ed linear part
    /// are copied too, and must fit in [`SHARE_HEAD`] with the rest of the
    /// copy (`EOPNOTSUPP` otherwise).
    ///
    /// Fails with `EOPNOTSUPP` on buffers whose pages may not be shared (a
    /// frag list, page-pool, zero-copy or user-shared pages, unmapped
    /// fragments), `EINVAL` on an empty range or one past the data,
    /// `EMSGSIZE` when the range needs more fragments than a buffer holds.
    ///
    /// The new buffer is not a clone: it has a head of its own, so it may
    /// go through GRO.
    pub fn share(&self, off: u32, len: u32, head: u32) -> Result<SkBuff> {
        if !self.shareable {
            return Err(EOPNOTSUPP);
        }
        let (off, end) = (off as usize, off as usize + len as usize);
        if end > self.len() || len == 0 {
            return Err(EINVAL);
        }
        let (mut i, mut start) = self.locate(off).ok_or(EINVAL)?;
        self.hint.set((i, start));
        let copy_end = off + head.min(SHARE_HEAD) as usize;
        let mut new = SkBuff::alloc_rx(SHARE_HEAD)?;
        let mut pos = off;
        while pos < end && i < self.n {
            let seg = self.segs[i];
            let from = pos - start;
            let left = seg.bytes.len() - from;
            if left == 0 {
                i += 1;
                continue;
            }
            if seg.page.is_null() || pos < copy_end {
                // Copies come first: only the linear part may lack a page,
                // and `copy_end` is reached before any fragment is added.
                let n = if seg.page.is_null() {
                    left.min(end - pos)
                } else {
                    left.min(copy_end - pos)
                };
                if pos + n - off > SHARE_HEAD as usize {
                    return Err(EOPNOTSUPP);
                }
                new.put_slice(seg.bytes.get(from..from + n).ok_or(EINVAL)?)?;
                pos += n;
            } else {
                let (n, page_off) = (left.min(end - pos), seg.page_off + from as u32);
                // SAFETY: by the type invariant `seg.page` holds the
                // segment's bytes from `seg.page_off`, and may be shared
                // (`shareable`); nobody writes them while borrowed.
                unsafe { new.add_shared_frag(seg.page, page_off, n as u32)? };
                pos += n;
            }
            if pos - start == seg.bytes.len() {
                start += seg.bytes.len();
                i += 1;
            }
        }
        if pos != end {
            return Err(EINVAL);
        }
        Ok(new)
    }
}

/// How a packet demultiplexed off a lower device's buffer is received
/// ([`SkBuff::set_rx`], [`SkBuff::copy_rx`]).
pub struct RxMeta<'a> {
    /// The device it is received on.
    pub dev: &'a super::netdev::NetDevice,
    /// Its link-layer protocol, in host byte order (e.g. 0x0800 for IPv4).
    pub proto: u16,
    /// Its transport checksum was verified (by the hardware or the modem);
    /// otherwise the stack verifies it. A packet cut out of a larger buffer
    /// must not keep that buffer's checksum state.
    pub csum_verified: bool,
}

/// Linear room of the buffers [`Segments::share`] makes: where the packet
/// headers go (at most 60 bytes of IPv4 header and 60 of TCP header).
pub const SHARE_HEAD: u32 = 128;

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
    pub(super) unsafe fn from_raw<'a>(ptr: *const bindings::sk_buff) -> &'a SkBuffRef {
        // SAFETY: transparent wrapper; the caller guarantees liveness.
        unsafe { &*ptr.cast() }
    }

    pub(super) fn as_ptr(&self) -> *mut bindings::sk_buff {
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
        unsafe { (*self.as_ptr()).len - (*self.as_ptr()).data_len }
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

    /// The device the buffer was received on or is sent through, if any
    /// (live while the buffer is in a receive or transmit path).
    pub fn dev(&self) -> Option<&super::netdev::NetDevice> {
        // SAFETY: by the type invariant the buffer is live.
        let dev = unsafe { bindings::rsh_skb_dev(self.as_ptr()) };
        // SAFETY: a buffer in a packet path holds its device for as long as
        // the path has the buffer, i.e. while `self` is borrowed.
        (!dev.is_null()).then(|| unsafe { super::netdev::NetDevice::from_raw(dev) })
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

    /// Whether [`Segments::share`] may reference the pages of this buffer:
    /// no frag list, no page-pool, zero-copy or user-shared pages.
    pub fn pages_shareable(&self) -> bool {
        // SAFETY: by the type invariant the buffer is live.
        unsafe { bindings::rsh_skb_pages_shareable(self.as_ptr()) }
    }

    /// The data as the slices it lies in (linear part, then fragments), to
    /// read headers from and share pages of.
    pub fn segments(&self) -> Segments<'_> {
        let skb = self.as_ptr();
        // SAFETY: by the type invariant the buffer is live.
        let shareable = unsafe { bindings::rsh_skb_pages_shareable(skb) };
        let mut head_off = 0u32;
        // SAFETY: the buffer is live; `head_off` is written when a page is
        // returned.
        let head_page = unsafe { bindings::rsh_skb_head_page(skb, &mut head_off) };
        let mut segs = Segments {
            skb: self,
            segs: [Seg::EMPTY; MAX_SEGS],
            n: 1,
            mapped: true,
            shareable,
            hint: Cell::new((0, 0)),
        };
        segs.segs[0] = Seg {
            bytes: self.data(),
            page: head_page,
            page_off: head_off,
        };
        // SAFETY: by the type invariant the buffer is live.
        let nr = unsafe { bindings::rsh_skb_nr_frags(skb) } as usize;
        if nr + 1 > MAX_SEGS {
            segs.mapped = false;
            segs.shareable = false;
            return segs;
        }
        for i in 0..nr {
            let (mut size, mut page, mut page_off) = (0u32, core::ptr::null_mut(), 0u32);
            // SAFETY: the buffer is live and `i < nr_frags`.
            let p = unsafe {
                bindings::rsh_skb_frag(skb, i as u32, &mut size, &mut page, &mut page_off)
            };
            if p.is_null() || page.is_null() {
                segs.mapped = false;
                segs.shareable = false;
                return segs;
            }
            segs.segs[i + 1] = Seg {
                // SAFETY: fragment `i` maps `size` bytes at `p`, which stay
                // while the buffer is borrowed (nobody resizes it through
                // `&self`).
                bytes: unsafe { core::slice::from_raw_parts(p.cast::<u8>(), size as usize) },
                page,
                page_off,
            };
            segs.n += 1;
        }
        segs
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
    pub(super) unsafe fn from_raw(ptr: *mut bindings::sk_buff) -> SkBuff {
        // SAFETY: the caller guarantees `ptr` is valid, hence non-null.
        SkBuff(unsafe { NonNull::new_unchecked(ptr) })
    }

    /// Gives up ownership, returning the raw pointer.
    pub(super) fn into_raw(self) -> *mut bindings::sk_buff {
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
    /// softirq context from the per-CPU NAPI caches (`sk_buff` and a head
    /// from the page-fragment cache, as `napi_alloc_skb` does).
    pub fn alloc_rx(len: u32) -> Result<SkBuff> {
        // SAFETY: no precondition; the helper picks the cache by context.
        let skb = unsafe { bindings::rsh_alloc_skb_rx(len) };
        if skb.is_null() {
            return Err(ENOMEM);
        }
        // SAFETY: freshly allocated, we own its only reference.
        Ok(unsafe { SkBuff::from_raw(skb) })
    }

    /// A new receive buffer holding a copy of `data`, received as `rx`
    /// says: [`SkBuff::alloc_rx`], the copy and [`SkBuff::set_rx`] in one
    /// call. Fails with `ENOMEM` when out of memory.
    pub fn copy_rx(data: &[u8], rx: &RxMeta<'_>) -> Result<SkBuff> {
        let len = u32::try_from(data.len()).map_err(|_| EMSGSIZE)?;
        // SAFETY: `data` is readable for `len` bytes during the call; the
        // device is live.
        let skb = unsafe {
            bindings::rsh_skb_copy_rx(
                data.as_ptr().cast(),
                len,
                rx.dev.as_ptr(),
                rx.proto.to_be(),
                rx.csum_verified,
            )
        };
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

    /// Appends a copy of `data` to the linear part. Fails with `ENOSPC`
    /// when the tailroom is too small, the buffer is a clone or it has
    /// fragments.
    pub fn put_slice(&mut self, data: &[u8]) -> Result {
        let len = u32::try_from(data.len()).map_err(|_| ENOSPC)?;
        // SAFETY: we own the buffer; `data` is readable for `len` bytes; the
        // helper checks the room.
        kernel::error::to_result(unsafe {
            bindings::rsh_skb_put_data(self.0.as_ptr(), data.as_ptr().cast(), len)
        })
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

    /// Makes the buffer a packet received as `rx` says: MAC and network
    /// header at the start of the data, addressed to this host
    /// (`PACKET_HOST`, whatever a lower device's link-layer header said).
    pub fn set_rx(&mut self, rx: &RxMeta<'_>) {
        // SAFETY: we own the buffer; the device is live.
        unsafe {
            bindings::rsh_skb_set_rx(
                self.0.as_ptr(),
                rx.dev.as_ptr(),
                rx.proto.to_be(),
                rx.csum_verified,
            )
        };
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
