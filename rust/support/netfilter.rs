// SPDX-License-Identifier: GPL-2.0

//! Netfilter hooks in one network namespace (`nf_register_net_hook`), for
//! modules that must see IPv6 packets before the stack's own processing of
//! extension headers (the mip6 module's Home Address option and type 2
//! routing header, which stacks without CONFIG_IPV6_MIP6 reject and stacks
//! with it drop without an xfrm state).
//!
//! C header: [`include/linux/netfilter.h`](srctree/include/linux/netfilter.h).

use super::bindings;
use super::foreign;
use super::net::{Net, Rcu};
use super::netdev::NetDevice;
use super::skb::{SkBuff, SkBuffRef};
use core::ptr::NonNull;
use kernel::prelude::*;
use kernel::sync::Arc;

/// Where in the IPv6 path a hook runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HookPoint {
    /// Every received packet, before routing and before extension headers
    /// are processed (`NF_INET_PRE_ROUTING`).
    PreRouting,
    /// Received packets for this host (`NF_INET_LOCAL_IN`).
    LocalIn,
    /// Locally generated packets, routed (`NF_INET_LOCAL_OUT`).
    LocalOut,
    /// Packets leaving the host (`NF_INET_POST_ROUTING`).
    PostRouting,
}

impl HookPoint {
    fn num(self) -> u32 {
        match self {
            HookPoint::PreRouting => bindings::NF_INET_PRE_ROUTING,
            HookPoint::LocalIn => bindings::NF_INET_LOCAL_IN,
            HookPoint::LocalOut => bindings::NF_INET_LOCAL_OUT,
            HookPoint::PostRouting => bindings::NF_INET_POST_ROUTING,
        }
    }
}

/// Proof that a hook took a packet over ([`Packet::steal`]).
pub struct Stolen(());

/// What a hook decides for a packet.
pub enum Verdict {
    /// The packet goes on.
    Accept,
    /// The packet is dropped (and freed by the core).
    Drop,
    /// The hook took the packet over and has sent or freed it.
    Stolen(Stolen),
}

/// A packet offered to a hook.
pub struct Packet<'a> {
    skb: NonNull<bindings::sk_buff>,
    state: &'a bindings::nf_hook_state,
}

impl<'a> Packet<'a> {
    /// The packet's data, starting at its IPv6 header.
    pub fn skb(&self) -> &SkBuffRef {
        // SAFETY: the core passes a live buffer that stays ours for the call.
        unsafe { SkBuffRef::from_raw(self.skb.as_ptr()) }
    }

    /// The device the packet came in on (receive hooks).
    pub fn in_dev(&self) -> Option<&'a NetDevice> {
        // SAFETY: the state is live for the call; the device, if any, is held
        // by the packet's path for that long.
        let dev = unsafe { bindings::rsh_nf_state_in(self.state) };
        // SAFETY: as above.
        (!dev.is_null()).then(|| unsafe { NetDevice::from_raw(dev) })
    }

    /// The device the packet goes out on (send hooks).
    pub fn out_dev(&self) -> Option<&'a NetDevice> {
        // SAFETY: as in `in_dev`.
        let dev = unsafe { bindings::rsh_nf_state_out(self.state) };
        // SAFETY: as above.
        (!dev.is_null()).then(|| unsafe { NetDevice::from_raw(dev) })
    }

    /// The namespace the hook runs in.
    pub fn net(&self) -> &'a Net {
        // SAFETY: the state and its namespace are live for the call.
        unsafe { Net::from_raw(bindings::rsh_nf_state_net(self.state)) }
    }

    /// The first `len` bytes of the packet, linear and writable (unshared
    /// from clones, `skb_ensure_writable`), for a hook that rewrites a
    /// header and lets the packet go on. The checksum state is reset: the
    /// stack verifies transport checksums in software, so fix any checksum
    /// the change affects. Fails with `EINVAL` past the end, `ENOMEM`.
    pub fn writable_head(&mut self, len: u32) -> Result<&mut [u8]> {
        if len > self.skb().len() {
            return Err(EINVAL);
        }
        // SAFETY: the buffer is ours for the call; making it writable is
        // what netfilter's mangling targets do in hooks.
        kernel::error::to_result(unsafe { bindings::skb_ensure_writable(self.skb.as_ptr(), len) })?;
        // SAFETY: as above.
        unsafe { bindings::rsh_skb_set_csum_none(self.skb.as_ptr()) };
        // SAFETY: `skb_ensure_writable` made `len` bytes at `data` linear
        // and private to this buffer; `&mut self` keeps other views away.
        Ok(unsafe { core::slice::from_raw_parts_mut((*self.skb.as_ptr()).data, len as usize) })
    }

    /// Takes the packet over: the hook then returns `Verdict::Stolen`.
    pub fn steal(self) -> (SkBuff, Stolen) {
        // SAFETY: returning `NF_STOLEN` (which only this `Stolen` allows)
        // gives the buffer's reference to us.
        (unsafe { SkBuff::from_raw(self.skb.as_ptr()) }, Stolen(()))
    }
}

/// A hook function: `Self` is the per-registration context.
pub trait Hook: Send + Sync + 'static {
    /// Called for every IPv6 packet at the hook point, in softirq or
    /// process context with bottom halves disabled, inside an RCU read-side
    /// section.
    fn hook(&self, pkt: Packet<'_>, rcu: &Rcu) -> Verdict;
}

/// A registered hook; unregistering on drop waits for running calls.
///
/// # Invariants
///
/// `ops` is registered in `net`, which it holds no reference on: the owner
/// drops the registration before the namespace goes (from a device's
/// `uninit` or the module's exit).
pub struct Registration<T: Hook> {
    ops: NonNull<bindings::nf_hook_ops>,
    net: NonNull<bindings::net>,
    ctx: Arc<T>,
}

// SAFETY: the registration only unregisters on drop, which is thread-safe.
unsafe impl<T: Hook> Send for Registration<T> {}
// SAFETY: no shared-reference methods mutate.
unsafe impl<T: Hook> Sync for Registration<T> {}

impl<T: Hook> Registration<T> {
    /// Registers `ctx`'s hook for IPv6 at `point` in `net`, before every
    /// other hook (`NF_IP6_PRI_FIRST`, so before conntrack and defrag).
    /// Process context.
    pub fn new(net: &Net, point: HookPoint, ctx: Arc<T>) -> Result<Self> {
        let mut err = 0;
        let priv_ = foreign::borrowed_raw::<T>(&ctx);
        // SAFETY: `net` is live; `hook_callback::<T>` matches `nf_hookfn`;
        // `priv_` stays valid while `ctx` is held, i.e. until after
        // unregistering (drop).
        let ops = unsafe {
            bindings::rsh_nf_hook_register(
                net.as_ptr(),
                bindings::NFPROTO_IPV6 as u8,
                point.num(),
                bindings::NF_IP6_PRI_FIRST,
                Some(hook_callback::<T>),
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

    /// The hook's context.
    pub fn ctx(&self) -> &Arc<T> {
        &self.ctx
    }
}

impl<T: Hook> Drop for Registration<T> {
    fn drop(&mut self) {
        // SAFETY: registered in `new` in this live namespace (type
        // invariant); the helper waits for running hooks before freeing.
        unsafe { bindings::rsh_nf_hook_unregister(self.net.as_ptr(), self.ops.as_ptr()) };
    }
}

/// The `nf_hookfn` of a [`Registration<T>`].
///
/// # Safety
///
/// `priv_` is the `Arc<T>` pointer of a live registration; `skb` and `state`
/// are the live packet and hook state the core passes.
unsafe extern "C" fn hook_callback<T: Hook>(
    priv_: *mut core::ffi::c_void,
    skb: *mut bindings::sk_buff,
    state: *const bindings::nf_hook_state,
) -> u32 {
    // SAFETY: the registration holds the `Arc` until after unregistering.
    let ctx = unsafe { &*(priv_ as *const T) };
    let Some(skb) = NonNull::new(skb) else {
        return bindings::NF_ACCEPT;
    };
    // SAFETY: hooks run inside an RCU read-side section (nf_hook_slow).
    let rcu = unsafe { Rcu::assume_held() };
    // SAFETY: the core passes a live state for the call.
    let state = unsafe { &*state };
    let pkt = Packet { skb, state };
    match ctx.hook(pkt, rcu) {
        Verdict::Accept => bindings::NF_ACCEPT,
        Verdict::Drop => bindings::NF_DROP,
        Verdict::Stolen(_) => bindings::NF_STOLEN,
    }
}
