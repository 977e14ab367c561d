// SPDX-License-Identifier: GPL-2.0

//! UDP tunnel sockets: a kernel UDP/IPv4 socket whose datagrams go to a
//! handler in softirq instead of a socket queue (`setup_udp_tunnel_sock`
//! with an `encap_rcv` callback, as VXLAN and WireGuard do), and sending
//! datagrams from it (`udp_tunnel_xmit_skb`). For 6bed4 (IPv6 bare in UDP).
//!
//! C header: [`include/net/udp_tunnel.h`](srctree/include/net/udp_tunnel.h).

use super::bindings;
use super::foreign;
use super::net::{synchronize_net, Net, Rcu};
use super::netdev::NetDevice;
use super::skb::{SkBuff, SkBuffRef};
use core::ptr::NonNull;
use kernel::prelude::*;
use kernel::sync::Arc;

/// An IPv4 address, in network order.
pub type Ipv4 = [u8; 4];

/// A datagram for a tunnel socket: the data starts at the UDP payload (the
/// IP and UDP headers were processed and pulled).
pub struct Datagram {
    skb: SkBuff,
    src: (Ipv4, u16),
    dst: Ipv4,
}

impl Datagram {
    /// The sender's address and port.
    pub fn source(&self) -> (Ipv4, u16) {
        self.src
    }

    /// The local address it was sent to: the one to answer from, so that
    /// the sender sees the answer come from where it sent (a host with
    /// several addresses, a socket bound to none).
    pub fn local(&self) -> Ipv4 {
        self.dst
    }

    /// The payload.
    pub fn skb(&self) -> &SkBuffRef {
        &self.skb
    }

    /// The payload as a buffer of its own.
    pub fn into_skb(self) -> SkBuff {
        self.skb
    }

    /// Receives the payload, an IPv6 packet, on `dev` (the tunnel device):
    /// the outer state is scrubbed, the stack sees it come in on `dev`.
    pub fn receive(self, dev: &NetDevice) -> Result {
        // SAFETY: we own the buffer, which the helper consumes; `dev` is
        // live.
        let r = unsafe {
            bindings::rsh_skb_tunnel_rx(
                self.skb.into_raw(),
                dev.as_ptr(),
                bindings::ETH_P_IPV6 as u16,
            )
        };
        kernel::error::to_result(r)
    }
}

/// The handler of a [`Socket<T>`]: `Self` is its context.
pub trait Handler: Send + Sync + 'static {
    /// A datagram for the socket, in softirq context under RCU. It is
    /// consumed: received somewhere, or dropped with it.
    fn receive(&self, dgram: Datagram, rcu: &Rcu);
}

/// A UDP tunnel socket; closed on drop (after which no `receive` runs).
///
/// # Invariants
///
/// `sock` is an open UDP tunnel socket whose `sk_user_data` is `ctx`'s
/// pointer and whose `encap_rcv` is [`rcv_callback::<T>`].
pub struct Socket<T: Handler> {
    sock: NonNull<bindings::socket>,
    ctx: Arc<T>,
}

// SAFETY: the socket is used through thread-safe kernel functions only.
unsafe impl<T: Handler> Send for Socket<T> {}
// SAFETY: as above; sending from several CPUs at once is what the UDP
// tunnel API is for.
unsafe impl<T: Handler> Sync for Socket<T> {}

impl<T: Handler> Socket<T> {
    /// Opens a socket in `net` bound to `addr`:`port` (`[0; 4]` for any
    /// address, port 0 for an ephemeral one) whose datagrams go to `ctx`.
    /// Process context.
    pub fn bind4(net: &Net, addr: Ipv4, port: u16, ctx: Arc<T>) -> Result<Self> {
        let mut err = 0;
        let user = foreign::borrowed_raw::<T>(&ctx);
        // SAFETY: `net` is live; the callback matches `encap_rcv`; `user`
        // stays valid while `ctx` is held, i.e. until after closing (drop)
        // and a grace period.
        let sock = unsafe {
            bindings::rsh_udp4_tunnel_open(
                net.as_ptr(),
                u32::from_ne_bytes(addr),
                port.to_be(),
                Some(rcv_callback::<T>),
                user,
                &mut err,
            )
        };
        match NonNull::new(sock) {
            Some(sock) => Ok(Socket { sock, ctx }),
            None => Err(Error::from_errno(err)),
        }
    }

    /// The local port (host order).
    pub fn port(&self) -> u16 {
        // SAFETY: open (type invariant).
        unsafe { bindings::rsh_udp_tunnel_port(self.sock.as_ptr()) }
    }

    /// The handler's context.
    pub fn ctx(&self) -> &Arc<T> {
        &self.ctx
    }

    /// Sends `skb` (the payload; empty for a keepalive) to `to` (address,
    /// port) with `ttl` and `tos`, from `src` (`[0; 4]`: the route's source
    /// address), routed in the socket's namespace; a route back into `dev`
    /// (the tunnel device, if any) is refused (`ELOOP`). The caller counts
    /// it.
    pub fn send4(
        &self,
        skb: SkBuff,
        dev: Option<&NetDevice>,
        src: Ipv4,
        to: (Ipv4, u16),
        ttl: u8,
        tos: u8,
    ) -> Result {
        let (dst, dport) = to;
        // SAFETY: open socket (type invariant); the helper consumes the
        // buffer in all cases; `dev`, if any, is live.
        let r = unsafe {
            bindings::rsh_udp4_tunnel_xmit(
                self.sock.as_ptr(),
                skb.into_raw(),
                dev.map_or(core::ptr::null_mut(), |d| d.as_ptr()),
                u32::from_ne_bytes(src),
                u32::from_ne_bytes(dst),
                dport.to_be(),
                ttl,
                tos,
            )
        };
        kernel::error::to_result(r)
    }
}

impl<T: Handler> Drop for Socket<T> {
    fn drop(&mut self) {
        // SAFETY: open (type invariant); closing clears sk_user_data and
        // unhashes the socket.
        unsafe { bindings::rsh_udp_tunnel_close(self.sock.as_ptr()) };
        // A handler that started before may still run: wait for it before
        // `ctx` can go.
        synchronize_net();
    }
}

/// The `encap_rcv` of a [`Socket<T>`]: 0, the datagram consumed.
///
/// # Safety
///
/// `sk` is a tunnel socket opened by [`Socket::bind4`] for `T`, `skb` a
/// datagram for it (data at the UDP header), in softirq under RCU.
unsafe extern "C" fn rcv_callback<T: Handler>(
    sk: *mut bindings::sock,
    skb: *mut bindings::sk_buff,
) -> i32 {
    // SAFETY: the UDP core hands us the buffer.
    let skb = unsafe { SkBuff::from_raw(skb) };
    // SAFETY: `sk` is live for the call; its user data is `T`'s context or
    // NULL once closing started.
    let user = unsafe { bindings::rsh_udp_tunnel_user(sk) } as *const T;
    if user.is_null() {
        drop(skb);
        return 0;
    }
    // SAFETY: the socket's owner keeps the context until a grace period
    // after closing (drop).
    let ctx = unsafe { &*user };
    let (mut addr, mut port, mut local) = (0u32, 0u16, 0u32);
    // SAFETY: the buffer is ours; the helper pulls the UDP header.
    if unsafe { bindings::rsh_udp_tunnel_pull(skb.as_ptr(), &mut addr, &mut port, &mut local) } != 0
    {
        drop(skb);
        return 0;
    }
    // SAFETY: encap_rcv runs under rcu_read_lock (udp_rcv).
    let rcu = unsafe { Rcu::assume_held() };
    ctx.receive(
        Datagram {
            skb,
            src: (addr.to_ne_bytes(), u16::from_be(port)),
            dst: local.to_ne_bytes(),
        },
        rcu,
    );
    0
}
