// SPDX-License-Identifier: GPL-2.0

//! IPv4 source NAT decided by a module: a function on the NAT core's
//! POST_ROUTING list of one namespace (`nf_nat_ipv4_register_fn`, where
//! nftables' `type nat` chains sit too), called for every new connection
//! that nothing has bound yet, which may bind it
//! ([`NewConn::bind`], `nf_nat_setup_info`). Conntrack then rewrites the
//! connection's packets both ways, ICMP errors included.
//!
//! C headers: [`include/net/netfilter/nf_nat.h`](srctree/include/net/netfilter/nf_nat.h),
//! [`include/net/netfilter/nf_conntrack.h`](srctree/include/net/netfilter/nf_conntrack.h).

use super::bindings;
use super::foreign;
use super::net::{Net, Rcu};
use super::netdev::NetDevice;
use core::ptr::NonNull;
use kernel::prelude::*;
use kernel::sync::Arc;

/// An IPv4 address, in network byte order.
pub type Ipv4 = [u8; 4];

/// The original direction of a new connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tuple {
    pub src: Ipv4,
    pub dst: Ipv4,
    /// IP protocol number.
    pub proto: u8,
    /// Source and destination port: the ICMP echo identifier and 0 for
    /// ICMP; `None` for protocols without ports.
    pub ports: Option<(u16, u16)>,
}

/// A new connection the NAT core offers to a [`SnatHook`].
pub struct NewConn<'a> {
    skb: NonNull<bindings::sk_buff>,
    ct: NonNull<bindings::nf_conn>,
    state: &'a bindings::nf_hook_state,
}

impl<'a> NewConn<'a> {
    /// The device the connection's first packet goes out on.
    pub fn out_dev(&self) -> Option<&'a NetDevice> {
        // SAFETY: the state is live for the call; the output device is held
        // by the packet's route for that long.
        let dev = unsafe { bindings::rsh_nf_state_out(self.state) };
        // SAFETY: as above.
        (!dev.is_null()).then(|| unsafe { NetDevice::from_raw(dev) })
    }

    /// The connection's original direction.
    pub fn tuple(&self) -> Tuple {
        let (mut src, mut dst, mut proto, mut sport, mut dport) = (0u32, 0u32, 0u8, 0u16, 0u16);
        // SAFETY: `ct` is the packet's live conntrack (held by the packet).
        let has_ports = unsafe {
            bindings::rsh_nat_ct_orig(
                self.ct.as_ptr(),
                &mut src,
                &mut dst,
                &mut proto,
                &mut sport,
                &mut dport,
            )
        };
        Tuple {
            // `__be32` as read from memory: its bytes are the address.
            src: src.to_ne_bytes(),
            dst: dst.to_ne_bytes(),
            proto,
            ports: has_ports.then_some((sport, dport)),
        }
    }

    /// Whether rewriting the source to `addr`:`port` (ICMP identifier for
    /// ICMP) would clash with a connection already in the table.
    pub fn is_taken(&self, addr: Ipv4, port: u16) -> bool {
        // SAFETY: `ct` is live (as in `tuple`); the lookup runs under the
        // RCU read lock the hook holds.
        unsafe { bindings::rsh_nat_taken(self.ct.as_ptr(), u32::from_ne_bytes(addr), port) }
    }

    /// Binds the connection's source to `addr` and, if given, to a port
    /// (ICMP identifier) in `ports` (first, last). Fails with `EBUSY` if
    /// the core refuses.
    pub fn bind(&self, addr: Ipv4, ports: Option<(u16, u16)>) -> Result {
        let (has_port, min, max) = match ports {
            Some((min, max)) => (true, min, max),
            None => (false, 0, 0),
        };
        // SAFETY: `ct` is the live, unconfirmed conntrack the core offers
        // for binding; binding it from a NAT function is what the core
        // expects.
        let v = unsafe {
            bindings::rsh_nat_bind(
                self.ct.as_ptr(),
                u32::from_ne_bytes(addr),
                has_port,
                min,
                max,
            )
        };
        if v == bindings::NF_ACCEPT {
            Ok(())
        } else {
            Err(EBUSY)
        }
    }

    /// Refuses the connection to its sender with an ICMP "communication
    /// administratively prohibited" (rate limited by the stack); the hook
    /// then returns [`SnatVerdict::Drop`].
    pub fn refuse(&self) {
        // SAFETY: the packet is live and routed (POST_ROUTING).
        unsafe { bindings::rsh_icmp4_send_prohibited(self.skb.as_ptr()) };
    }
}

/// What a [`SnatHook`] decides.
pub enum SnatVerdict {
    /// Go on: bound or not, the next NAT function (or a null binding).
    Accept,
    /// Drop the packet (and its unconfirmed connection).
    Drop,
}

/// A source NAT function: `Self` is the per-registration context.
pub trait SnatHook: Send + Sync + 'static {
    /// Called for every new IPv4 connection leaving through any device of
    /// the namespace that no earlier function has bound, in softirq or
    /// process context with bottom halves disabled, inside an RCU read-side
    /// section.
    fn snat(&self, conn: &NewConn<'_>, rcu: &Rcu) -> SnatVerdict;
}

/// A registered source NAT function; unregistering on drop waits for
/// running calls.
///
/// # Invariants
///
/// `ops` is registered in `net` (with a conntrack reference on its IPv4
/// hooks), which it holds no reference on: the owner drops the registration
/// before the namespace goes (with a device of it, or at module exit).
pub struct Registration<T: SnatHook> {
    ops: NonNull<bindings::nf_hook_ops>,
    net: NonNull<bindings::net>,
    ctx: Arc<T>,
}

// SAFETY: the registration only unregisters on drop, which is thread-safe.
unsafe impl<T: SnatHook> Send for Registration<T> {}
// SAFETY: no shared-reference methods mutate.
unsafe impl<T: SnatHook> Sync for Registration<T> {}

impl<T: SnatHook> Registration<T> {
    /// Registers `ctx`'s function in `net` at `priority` (nftables' NAT
    /// chains run by theirs: `srcnat` is 100); turns conntrack on in `net`.
    /// Fails with `EOPNOTSUPP` on a kernel without NAT. Process context.
    pub fn new(net: &Net, priority: i32, ctx: Arc<T>) -> Result<Self> {
        let mut err = 0;
        let priv_ = foreign::borrowed_raw::<T>(&ctx);
        // SAFETY: `net` is live; `snat_callback::<T>` matches `nf_hookfn`;
        // `priv_` stays valid while `ctx` is held, i.e. until after
        // unregistering (drop).
        let ops = unsafe {
            bindings::rsh_nat4_register(
                net.as_ptr(),
                priority,
                Some(snat_callback::<T>),
                priv_,
                &mut err,
            )
        };
        match NonNull::new(ops) {
            Some(ops) => Ok(Registration {
                ops,
                // SAFETY: `net.as_ptr()` is non-null.
                net: unsafe { NonNull::new_unchecked(net.as_ptr()) },
                ctx,
            }),
            None => Err(Error::from_errno(err)),
        }
    }

    /// The function's context.
    pub fn ctx(&self) -> &Arc<T> {
        &self.ctx
    }
}

impl<T: SnatHook> Drop for Registration<T> {
    fn drop(&mut self) {
        // SAFETY: registered in `new` in this live namespace (type
        // invariant); the helper waits for running calls before freeing.
        unsafe { bindings::rsh_nat4_unregister(self.net.as_ptr(), self.ops.as_ptr()) };
    }
}

/// Deletes the connections of `net` whose replies go to `addr`: those
/// [`NewConn::bind`] bound to it, when the address goes (with its device,
/// or as the configuration changes). Process context.
pub fn flush(net: &Net, addr: Ipv4) {
    // SAFETY: `net` is live; the helper only iterates its conntrack table.
    unsafe { bindings::rsh_nat_flush(net.as_ptr(), u32::from_ne_bytes(addr)) };
}

/// The `nf_hookfn` of a [`Registration<T>`].
///
/// # Safety
///
/// `priv_` is the `Arc<T>` pointer of a live registration; `skb` and `state`
/// are the live packet and hook state the NAT core passes.
unsafe extern "C" fn snat_callback<T: SnatHook>(
    priv_: *mut core::ffi::c_void,
    skb: *mut bindings::sk_buff,
    state: *const bindings::nf_hook_state,
) -> u32 {
    // SAFETY: the registration holds the `Arc` until after unregistering.
    let ctx = unsafe { &*(priv_ as *const T) };
    let Some(skb) = NonNull::new(skb) else {
        return bindings::NF_ACCEPT;
    };
    // SAFETY: the packet is live for the call.
    let Some(ct) = NonNull::new(unsafe { bindings::rsh_nat_ct(skb.as_ptr()) }) else {
        return bindings::NF_ACCEPT;
    };
    // SAFETY: NAT functions run inside an RCU read-side section
    // (nf_hook_slow).
    let rcu = unsafe { Rcu::assume_held() };
    // SAFETY: the core passes a live state for the call.
    let state = unsafe { &*state };
    let conn = NewConn { skb, ct, state };
    match ctx.snat(&conn, rcu) {
        SnatVerdict::Accept => bindings::NF_ACCEPT,
        SnatVerdict::Drop => bindings::NF_DROP,
    }
}
