// SPDX-License-Identifier: GPL-2.0

//! IPv4 in IPv6 (RFC 2473, next header 4): a handler on tunnel6.ko's chain
//! for received packets (`xfrm6_tunnel_register` with `AF_INET`, where
//! ip6_tunnel's ipip6 devices and xfrm hook in), and sending IPv4 packets
//! in IPv6. For MAP-E (RFC 7597), whose devices are not ip6_tunnel's.
//!
//! The chain is global: a handler finds its device from the packet (its
//! namespace and outer addresses), and passes what is not its own to the
//! next handler.
//!
//! C header: [`include/net/xfrm.h`](srctree/include/net/xfrm.h).

use super::bindings;
use super::ipv6::{self, in6, Addr};
use super::net::{Net, Rcu};
use super::netdev::NetDevice;
use super::skb::{SkBuff, SkBuffRef};
use core::marker::PhantomData;
use core::ptr::NonNull;
use kernel::prelude::*;

/// What a handler did with a packet.
pub enum Rx {
    /// The packet was the handler's: it received or dropped it.
    Taken,
    /// Not the handler's: the next handler of the chain gets it.
    Pass(SkBuff),
}

/// A received IPv4-in-IPv6 packet: the data starts at the inner IPv4
/// header (the outer headers were processed and pulled).
pub struct Packet {
    skb: SkBuff,
}

impl Packet {
    /// The inner packet.
    pub fn skb(&self) -> &SkBuffRef {
        &self.skb
    }

    /// The outer IPv6 source and destination addresses.
    pub fn outer(&self) -> (Addr, Addr) {
        let (mut s, mut d) = (in6(&[0; 16]), in6(&[0; 16]));
        // SAFETY: a tunnel handler's buffer still has its IPv6 header at the
        // network header offset (tunnel6 only pulls past it).
        unsafe { bindings::rsh_tunnel6_outer(self.skb.as_ptr(), &mut s, &mut d) };
        // SAFETY: reading the byte view of a C union of byte/word arrays.
        unsafe { (s.in6_u.u6_addr8, d.in6_u.u6_addr8) }
    }

    /// The device the packet came in on.
    pub fn in_dev(&self) -> Option<&NetDevice> {
        self.skb.dev()
    }

    /// Receives the inner IPv4 packet on `dev` (the tunnel device): the
    /// outer state is scrubbed, the stack sees it come in on `dev`.
    pub fn receive(self, dev: &NetDevice) -> Result {
        let skb = self.skb.into_raw();
        // SAFETY: we own `skb`, which the helper consumes; `dev` is live.
        let r = unsafe { bindings::rsh_tunnel6_rx4(skb, dev.as_ptr()) };
        kernel::error::to_result(r)
    }

    /// Gives the packet back (to pass it on, or to drop it).
    pub fn into_skb(self) -> SkBuff {
        self.skb
    }
}

/// The handler of a [`Registration<T>`]: functions, not an object (the
/// chain passes no context).
pub trait Handler: 'static {
    /// An IPv4-in-IPv6 packet for this host, in softirq context under RCU.
    fn receive(pkt: Packet, rcu: &Rcu) -> Rx;

    /// An ICMPv6 error about a packet this host sent in IPv6 (`skb` holds
    /// the quoted packet from its IPv6 header on; `offset` is where the
    /// inner packet starts in it). Returns whether it was the handler's.
    fn error(skb: &SkBuffRef, icmp_type: u8, code: u8, offset: u32, info: u32, rcu: &Rcu) -> bool;
}

/// A handler on the IPv4-in-IPv6 chain; deregistered (waiting for running
/// calls) on drop.
///
/// # Invariants
///
/// `t` is a registered `xfrm6_tunnel` whose callbacks are `T`'s.
pub struct Registration<T: Handler> {
    t: NonNull<bindings::xfrm6_tunnel>,
    _p: PhantomData<T>,
}

// SAFETY: deregistering on drop is thread-safe; nothing else is done.
unsafe impl<T: Handler> Send for Registration<T> {}
// SAFETY: no methods.
unsafe impl<T: Handler> Sync for Registration<T> {}

impl<T: Handler> Registration<T> {
    /// Registers `T` at `priority` (ascending; ip6_vti is 0, ip6_tunnel 1,
    /// xfrm_interface 2, xfrm6_tunnel 3: below 0 sees packets first).
    /// Fails with `EEXIST` if the priority is taken. Process context.
    pub fn new(priority: i32) -> Result<Self> {
        let mut err = 0;
        // SAFETY: the callbacks match the C types and stay valid while the
        // module is loaded (the registration is dropped before unloading).
        let t = unsafe {
            bindings::rsh_tunnel46_register(
                Some(rx_callback::<T>),
                Some(err_callback::<T>),
                priority,
                &mut err,
            )
        };
        match NonNull::new(t) {
            Some(t) => Ok(Registration { t, _p: PhantomData }),
            None => Err(Error::from_errno(err)),
        }
    }
}

impl<T: Handler> Drop for Registration<T> {
    fn drop(&mut self) {
        // SAFETY: registered in `new` (type invariant); the helper waits
        // for running handlers before freeing.
        unsafe { bindings::rsh_tunnel46_deregister(self.t.as_ptr()) };
    }
}

/// The `handler` of a [`Registration<T>`]: 0 when the packet was taken.
///
/// # Safety
///
/// `skb` is a live buffer the tunnel6 chain passes, in an RCU read-side
/// section; a zero return gives its reference to us.
unsafe extern "C" fn rx_callback<T: Handler>(skb: *mut bindings::sk_buff) -> i32 {
    // SAFETY: tunnel6's receive path runs under RCU (ip6_input).
    let rcu = unsafe { Rcu::assume_held() };
    // SAFETY: the buffer is ours if we return 0; if we pass it, it is
    // released from our ownership below without being freed.
    let skb = unsafe { SkBuff::from_raw(skb) };
    let pkt = Packet { skb };
    match T::receive(pkt, rcu) {
        Rx::Taken => 0,
        Rx::Pass(skb) => {
            // The next handler owns it: do not free it.
            let _ = skb.into_raw();
            1
        }
    }
}

/// The `err_handler` of a [`Registration<T>`]: 0 when the error was ours.
///
/// # Safety
///
/// `skb` is the live ICMPv6 error buffer tunnel6 passes, under RCU.
unsafe extern "C" fn err_callback<T: Handler>(
    skb: *mut bindings::sk_buff,
    _opt: *mut bindings::inet6_skb_parm,
    icmp_type: u8,
    code: u8,
    offset: i32,
    info: u32,
) -> i32 {
    // SAFETY: ICMPv6 error handlers run under RCU (icmpv6_notify).
    let rcu = unsafe { Rcu::assume_held() };
    // SAFETY: the buffer is live for the call and stays the caller's.
    let skb = unsafe { SkBuffRef::from_raw(skb) };
    let info = u32::from_be(info);
    if T::error(skb, icmp_type, code, offset.max(0) as u32, info, rcu) {
        0
    } else {
        -(bindings::ENOENT as i32)
    }
}

/// Records `mtu` as the path MTU to the destination of the IPv6 packet
/// `skb` holds (the quoted packet of an ICMPv6 Packet Too Big that a
/// handler's [`Handler::error`] got): later packets to it are sent, or
/// refused, by that MTU.
pub fn update_pmtu(skb: &SkBuffRef, mtu: u32) {
    // SAFETY: the error handler's buffer is live for the call, its data at
    // the quoted IPv6 header, its device set (the ICMPv6 input path).
    unsafe { bindings::rsh_tunnel6_update_pmtu(skb.as_ptr(), mtu) };
}

/// Receives `data`, an IPv4 packet the caller made (an ICMP error for a
/// tunnelled packet's source, RFC 2473 §8), on the tunnel device `dev` as if
/// it had been decapsulated there: the stack routes it (and conntrack
/// translates it) like any packet from the tunnel.
pub fn receive4(dev: &NetDevice, data: &[u8]) -> Result {
    let mut skb = SkBuff::alloc(data.len() as u32)?;
    skb.put_slice(data)?;
    skb.set_dev(dev);
    // SAFETY: we own the new buffer, which the helper consumes; `dev` is
    // live.
    let r = unsafe {
        bindings::rsh_skb_tunnel_rx(skb.into_raw(), dev.as_ptr(), bindings::ETH_P_IP as u16)
    };
    kernel::error::to_result(r)
}

/// Sends the IPv4 packet `skb` in IPv6 from `src` to `dst` (RFC 2473), with
/// a tunnel encapsulation limit option if `encap_limit` is given, hop limit
/// `hop_limit`, and the outer flow label from the inner flow. `tdev` is the
/// tunnel device (a route back into it is refused with `ELOOP`). Returns
/// the inner MTU the outer route allows (`Ok` or not: a caller may turn an
/// oversized packet into an ICMP error next time). `cache` holds the route
/// to `dst` for a tunnel that always sends there (see [`ipv6::DstCache`]).
#[allow(clippy::too_many_arguments)]
pub fn xmit4(
    net: &Net,
    skb: SkBuff,
    src: &Addr,
    dst: &Addr,
    hop_limit: u8,
    encap_limit: Option<u8>,
    tdev: &NetDevice,
    cache: Option<&ipv6::DstCache>,
) -> (Result, u32) {
    ipv6::encap(
        net,
        skb,
        src,
        dst,
        ipv6::IPPROTO_IPIP,
        hop_limit,
        encap_limit,
        tdev,
        cache,
    )
}
