// SPDX-License-Identifier: GPL-2.0

//! IPv6 for modules that build and forward packets themselves: sending a
//! packet built in full, ip6ip6 encapsulation and decapsulation (RFC 2473),
//! neighbour discovery on behalf of another node (proxy NA, DAD probes),
//! ICMPv6 errors and address queries.
//!
//! C headers: [`include/net/ipv6.h`](srctree/include/net/ipv6.h),
//! [`include/net/ndisc.h`](srctree/include/net/ndisc.h),
//! [`include/net/addrconf.h`](srctree/include/net/addrconf.h).

use super::bindings;
use super::net::Net;
use super::netdev::NetDevice;
use super::skb::{SkBuff, SkBuffRef};
use core::ptr::NonNull;
use kernel::prelude::*;

/// An IPv6 address, in network byte order.
pub type Addr = [u8; 16];

/// The unspecified address `::`.
pub const UNSPECIFIED: Addr = [0; 16];

/// Length of the fixed IPv6 header.
pub const HDR_LEN: u32 = 40;

/// `addr` as the C type, aligned.
pub(super) fn in6(addr: &Addr) -> bindings::in6_addr {
    // SAFETY: all-zero is a valid `in6_addr` (a union of byte/word arrays).
    let mut a: bindings::in6_addr = unsafe { core::mem::zeroed() };
    a.in6_u.u6_addr8 = *addr;
    a
}

/// Allocates a buffer for an IPv6 packet of `len` bytes that the caller
/// writes with [`SkBuff::put`], with headroom for any link layer.
pub fn alloc(len: u32) -> Result<SkBuff> {
    // SAFETY: no precondition; GFP_ATOMIC allocation.
    let skb = unsafe { bindings::rsh_ip6_alloc(len) };
    if skb.is_null() {
        return Err(ENOMEM);
    }
    // SAFETY: freshly allocated, we own its only reference.
    Ok(unsafe { SkBuff::from_raw(skb) })
}

/// Sends a complete IPv6 packet (the data starts at its IPv6 header; the
/// payload length is filled in), routed by its own addresses, out of
/// interface `oif` if non-zero. Local output hooks see it.
pub fn send(net: &Net, skb: SkBuff, oif: i32) -> Result {
    // SAFETY: `net` is live; the helper consumes the buffer in all cases.
    kernel::error::to_result(unsafe { bindings::rsh_ip6_send(net.as_ptr(), skb.into_raw(), oif) })
}

/// Encapsulates the IPv6 packet `skb` (data at its header) in an outer IPv6
/// header from `src` to `dst` with next header 41 and sends it (RFC 2473),
/// routed in `net`; `tdev` is the tunnel device, which the outer packet must
/// not be routed into (`ELOOP`). GSO and checksum offload are kept for the
/// inner packet; the outer one may be fragmented.
pub fn encap_xmit(
    net: &Net,
    skb: SkBuff,
    src: &Addr,
    dst: &Addr,
    hop_limit: u8,
    tdev: &NetDevice,
) -> Result {
    encap(
        net,
        skb,
        src,
        dst,
        IPPROTO_IPV6,
        hop_limit,
        None,
        tdev,
        None,
    )
    .0
}

/// A per-CPU cache of the route to a tunnel's one remote end
/// (`struct dst_cache`): sending skips the route lookup while the route
/// stays valid. Reset it when the remote end or the local address changes.
///
/// # Invariants
///
/// `0` points to an initialised `dst_cache` this value owns.
pub struct DstCache(NonNull<bindings::dst_cache>);

// SAFETY: a `dst_cache` is per-CPU data meant for concurrent senders;
// resetting only stamps a time.
unsafe impl Send for DstCache {}
// SAFETY: as above.
unsafe impl Sync for DstCache {}

impl DstCache {
    /// An empty cache. Process context.
    pub fn new() -> Result<Self> {
        let mut err = 0;
        // SAFETY: no precondition; allocates with GFP_KERNEL.
        let c = unsafe { bindings::rsh_dst_cache_new(&mut err) };
        NonNull::new(c)
            .map(DstCache)
            .ok_or_else(|| Error::from_errno(err))
    }

    /// Forgets the cached routes (the remote end or source changed).
    pub fn reset(&self) {
        // SAFETY: initialised (type invariant); callable concurrently with
        // senders.
        unsafe { bindings::rsh_dst_cache_reset(self.0.as_ptr()) };
    }
}

impl Drop for DstCache {
    fn drop(&mut self) {
        // SAFETY: ours (type invariant); no sender uses it any more (its
        // device is gone).
        unsafe { bindings::rsh_dst_cache_free(self.0.as_ptr()) };
    }
}

/// IPv6 in IPv6.
pub(super) const IPPROTO_IPV6: u8 = 41;
/// IPv4 in IPv6.
pub(super) const IPPROTO_IPIP: u8 = 4;

/// Sends `skb` (of `inner_proto`) in IPv6 from `src` to `dst` (RFC 2473),
/// with a tunnel encapsulation limit option if `encap_limit` is given;
/// returns the result and the inner MTU the outer route allows (0 if
/// unknown). `cache`, if given, holds the route to `dst` (always the same
/// for that cache).
#[allow(clippy::too_many_arguments)]
pub(super) fn encap(
    net: &Net,
    skb: SkBuff,
    src: &Addr,
    dst: &Addr,
    inner_proto: u8,
    hop_limit: u8,
    encap_limit: Option<u8>,
    tdev: &NetDevice,
    cache: Option<&DstCache>,
) -> (Result, u32) {
    let (s, d) = (in6(src), in6(dst));
    let mut mtu = 0u32;
    let limit = encap_limit.map_or(-1, i32::from);
    // SAFETY: live namespace and device; the addresses are on our stack for
    // the call; the helper consumes the buffer in all cases.
    let r = unsafe {
        bindings::rsh_ip6_encap_xmit(
            net.as_ptr(),
            skb.into_raw(),
            &s,
            &d,
            inner_proto,
            hop_limit,
            limit,
            tdev.as_ptr(),
            cache.map_or(core::ptr::null_mut(), |c| c.0.as_ptr()),
            &mut mtu,
        )
    };
    (kernel::error::to_result(r), mtu)
}

/// Removes the first `off` bytes (the outer IPv6 header and any extension
/// headers before the inner packet) and receives the inner IPv6 packet on
/// `tdev`, as a tunnel device does (`netif_rx`).
pub fn decap_rx(skb: SkBuff, off: u32, tdev: &NetDevice) -> Result {
    // SAFETY: live device; the helper consumes the buffer in all cases.
    kernel::error::to_result(unsafe {
        bindings::rsh_ip6_decap_rx(skb.into_raw(), off, tdev.as_ptr())
    })
}

/// Sends a Neighbour Advertisement for `target` on `dev` to `daddr` (RFC
/// 4861 §7.2.4), with the device's link-layer address as the target
/// link-layer address option, as a proxy does.
pub fn send_na(
    dev: &NetDevice,
    daddr: &Addr,
    target: &Addr,
    router: bool,
    solicited: bool,
    override_: bool,
) {
    let (d, t) = (in6(daddr), in6(target));
    // SAFETY: live device; the addresses are on our stack for the call.
    unsafe { bindings::rsh_ndisc_send_na(dev.as_ptr(), &d, &t, router, solicited, override_) };
}

/// Sends a duplicate address detection probe for `target` on `dev`: a
/// Neighbour Solicitation from `::` to the target's solicited-node group.
pub fn send_dad_ns(dev: &NetDevice, target: &Addr) -> Result {
    let t = in6(target);
    // SAFETY: live device; the address is on our stack for the call.
    kernel::error::to_result(unsafe { bindings::rsh_ndisc_send_dad_ns(dev.as_ptr(), &t) })
}

/// Whether `addr` is an address of this host in `net` (of `dev` only, if
/// given); tentative addresses included.
pub fn is_local(net: &Net, addr: &Addr, dev: Option<&NetDevice>) -> bool {
    let a = in6(addr);
    let dev = dev.map_or(core::ptr::null(), |d| d.as_ptr().cast_const());
    // SAFETY: live namespace and device; the address is on our stack.
    unsafe { bindings::rsh_ipv6_chk_addr(net.as_ptr(), &a, dev) }
}

/// A global address of `dev` inside `prefix/plen` whose duplicate address
/// detection has completed.
pub fn dev_prefix_addr(dev: &NetDevice, prefix: &Addr, plen: u32) -> Option<Addr> {
    let p = in6(prefix);
    let mut out = in6(&UNSPECIFIED);
    // SAFETY: live device; `p` and `out` are on our stack for the call.
    let found = unsafe { bindings::rsh_ipv6_dev_prefix_addr(dev.as_ptr(), &p, plen, &mut out) };
    if !found {
        return None;
    }
    // SAFETY: every member of the union covers the same 16 bytes.
    Some(unsafe { out.in6_u.u6_addr8 })
}

/// Sends an ICMPv6 error about the received packet `skb` to its source
/// (rate limited as the stack's own errors).
pub fn icmp6_error(skb: &SkBuffRef, icmp_type: u8, code: u8, info: u32) {
    // SAFETY: a received IPv6 packet (network header set by the stack).
    unsafe { bindings::rsh_icmpv6_send(skb.as_ptr(), icmp_type, code, info) };
}

/// Puts `addr`/`plen` on `dev` as an address learnt from a router
/// advertisement (no DAD; lifetimes in seconds, `u32::MAX` infinite), or
/// sets the lifetimes of the one there; a valid lifetime of 0 removes it.
/// For a device that learns its address by a protocol of its own (a 6bed4
/// peer's /114, which SLAAC cannot take). Any context.
pub fn ra_addr(dev: &NetDevice, addr: &Addr, plen: u8, valid: u32, preferred: u32) -> Result {
    let a = in6(addr);
    // SAFETY: the device is live; the helper takes the RCU read lock.
    kernel::error::to_result(unsafe {
        bindings::rsh_ip6_ra_addr(dev.as_ptr(), &a, plen, valid, preferred)
    })
}

/// The route deletions of [`del_ra_prefix_route`] and
/// [`del_ra_default_routes`] still under way: on 7.x they are requests to
/// rtnetlink run by a work item. A module that deletes routes holds one of
/// these and drops it after whatever could ask for more (its devices, its
/// hooks): dropping waits for them.
pub struct RouteWork(());

impl RouteWork {
    /// A new guard.
    pub fn new() -> Self {
        RouteWork(())
    }
}

impl Default for RouteWork {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for RouteWork {
    // Inline: emitted only in the modules that hold one (those linking the
    // IPv6 helpers in).
    #[inline]
    fn drop(&mut self) {
        // SAFETY: process context (module unload); waits for the module's
        // own work items only.
        unsafe { bindings::rsh_ip6_route_work_flush() }
    }
}

/// Deletes the on-link route to `prefix/plen` through `dev` that router
/// advertisements installed (as an RA with a zero valid lifetime would);
/// routes the user added are left alone. Returns whether there was one.
pub fn del_ra_prefix_route(dev: &NetDevice, prefix: &Addr, plen: u8) -> bool {
    let p = in6(prefix);
    // SAFETY: live device and its namespace; the address is on our stack.
    unsafe {
        bindings::rsh_ip6_del_ra_prefix_route(dev.net().as_ptr(), dev.as_ptr(), &p, plen.into())
    }
}

/// Deletes the default routes through `dev` that router advertisements
/// installed, except the one through router `keep` (a link-local address):
/// after a move, the previous link's router must not be used until
/// neighbour unreachability detection gives up on it. Routes the user
/// added are left alone. Returns how many went.
pub fn del_ra_default_routes(dev: &NetDevice, keep: &Addr) -> u32 {
    let k = in6(keep);
    // SAFETY: live device and its namespace; the address is on our stack.
    let n =
        unsafe { bindings::rsh_ip6_del_ra_default_routes(dev.net().as_ptr(), dev.as_ptr(), &k) };
    n.max(0) as u32
}

/// The wall-clock time in nanoseconds since the Unix epoch.
pub fn real_time_ns() -> u64 {
    // SAFETY: no precondition.
    unsafe { bindings::rsh_ktime_get_real_ns() }
}
