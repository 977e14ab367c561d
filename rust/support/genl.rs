// SPDX-License-Identifier: GPL-2.0

//! Generic netlink families.
//!
//! A driver describes its family with a type implementing [`FamilyOps`]: name,
//! version, a strict attribute policy, the operations and multicast groups,
//! and two dispatch functions, [`FamilyOps::doit`] and [`FamilyOps::dumpit`],
//! that match on the command. A [`Family`], usually a `static`, registers it
//! and sends notifications. Families are namespace aware (`netnsok`); admin
//! operations require CAP_NET_ADMIN over the namespace's user namespace, as
//! rtnetlink does. Attributes are validated strictly against the policy
//! before a handler runs.
//!
//! C header: [`include/net/genetlink.h`](srctree/include/net/genetlink.h).

use super::bindings;
use super::error::code::*;
use super::net::{Net, Rtnl};
use super::netdev::NetDevice;
use core::cell::UnsafeCell;
use core::marker::PhantomData;
use core::mem::MaybeUninit;
use core::sync::atomic::{AtomicBool, Ordering};
use kernel::alloc::flags::GFP_KERNEL;
use kernel::error::{Error, Result};
use kernel::prelude::KVec;
use kernel::str::CStr;
use kernel::types::Opaque;
use kernel::ThisModule;

/// The policy of one attribute.
#[derive(Clone, Copy)]
pub enum Policy {
    /// Not accepted in requests (attributes only sent by the kernel).
    Reject,
    /// A `u8`.
    U8,
    /// A `u8` in `min..=max`.
    U8Range(u8, u8),
    /// A `u16`.
    U16,
    /// A `u32`.
    U32,
    /// A `u32` in `min..=max`.
    U32Range(u32, u32),
    /// A `u64`.
    U64,
    /// A flag (no payload).
    Flag,
    /// A NUL-terminated string of at most this many bytes before the NUL.
    String(u16),
    /// Bytes, at most this many.
    Binary(u16),
}

impl Policy {
    fn to_raw(self) -> bindings::nla_policy {
        // SAFETY: all-zero is a valid `nla_policy` (`NLA_UNSPEC`, no checks).
        let mut p: bindings::nla_policy = unsafe { MaybeUninit::zeroed().assume_init() };
        let (ty, len) = match self {
            Policy::Reject => (bindings::NLA_REJECT, 0),
            Policy::U8 => (bindings::NLA_U8, 0),
            Policy::U8Range(..) => {
                // `Family::register` points the policy at the range.
                p.validation_type = bindings::nla_policy_validation_NLA_VALIDATE_RANGE_PTR as u8;
                (bindings::NLA_U8, 0)
            }
            Policy::U16 => (bindings::NLA_U16, 0),
            Policy::U32 => (bindings::NLA_U32, 0),
            Policy::U32Range(..) => {
                // `Family::register` points the policy at the range.
                p.validation_type = bindings::nla_policy_validation_NLA_VALIDATE_RANGE_PTR as u8;
                (bindings::NLA_U32, 0)
            }
            Policy::U64 => (bindings::NLA_U64, 0),
            Policy::Flag => (bindings::NLA_FLAG, 0),
            Policy::String(max) => (bindings::NLA_NUL_STRING, max),
            Policy::Binary(max) => (bindings::NLA_BINARY, max),
        };
        p.type_ = ty as u8;
        p.len = len;
        p
    }

    fn range(self) -> Option<(u64, u64)> {
        match self {
            Policy::U8Range(min, max) => Some((min.into(), max.into())),
            Policy::U32Range(min, max) => Some((min.into(), max.into())),
            _ => None,
        }
    }
}

/// An attribute set: the policy of each attribute, indexed by attribute
/// number (index 0 is unused), and the attribute that pads 64-bit values.
pub struct AttrSet {
    /// The policies.
    pub policy: &'static [Policy],
    /// The pad attribute.
    pub pad: u16,
}

/// One operation of a family.
#[derive(Clone, Copy)]
pub struct Op {
    /// The command number.
    pub cmd: u8,
    /// Requires CAP_NET_ADMIN in the caller's network namespace.
    pub admin: bool,
    /// Has a `do` handler ([`FamilyOps::doit`]).
    pub doit: bool,
    /// Has a `dump` handler ([`FamilyOps::dumpit`]).
    pub dumpit: bool,
    /// The attributes of its requests and replies.
    pub attrs: &'static AttrSet,
}

/// Description and handlers of a generic netlink family.
pub trait FamilyOps: Sized + Send + Sync + 'static {
    /// The family name (at most 15 bytes).
    const NAME: &'static CStr;
    /// The family version.
    const VERSION: u8;
    /// The operations.
    const OPS: &'static [Op];
    /// Names of the multicast groups; a group is referred to by its index.
    const MCGRPS: &'static [&'static CStr];

    /// Handles a `do` request for `cmd`.
    fn doit(cmd: u8, info: &Info<'_>) -> Result;

    /// Handles one round of a dump for `cmd`: add entries until one does not
    /// fit, saving the position in [`Dump::cursor`]; the dump ends when a
    /// round adds nothing.
    fn dumpit(_cmd: u8, _dump: &mut Dump<'_>) -> Result {
        Err(EOPNOTSUPP)
    }
}

/// Heap storage the registered `genl_family` points to.
struct Storage {
    ops: KVec<bindings::genl_ops>,
    /// One policy per operation; the `genl_ops` point into them.
    policies: KVec<KVec<bindings::nla_policy>>,
    /// The ranges the policies point to.
    ranges: KVec<KVec<bindings::netlink_range_validation>>,
    mcgrps: KVec<bindings::genl_multicast_group>,
}

/// Builds the raw policy of `set`; its range entries point into `ranges`,
/// whose buffer must not move afterwards (it is not grown again).
fn build_policy(
    set: &AttrSet,
    ranges: &mut KVec<bindings::netlink_range_validation>,
) -> Result<KVec<bindings::nla_policy>> {
    let mut policy = KVec::new();
    let nranges = set.policy.iter().filter(|p| p.range().is_some()).count();
    ranges.reserve(nranges, GFP_KERNEL)?;
    for (i, p) in set.policy.iter().enumerate() {
        let p = if i == 0 { Policy::Reject } else { *p };
        let mut raw = p.to_raw();
        if let Some((min, max)) = p.range() {
            // SAFETY: all-zero is a valid `netlink_range_validation`.
            let mut r: bindings::netlink_range_validation =
                unsafe { MaybeUninit::zeroed().assume_init() };
            r.min = min;
            r.max = max;
            // Within the reserved capacity: the buffer does not move.
            ranges.push(r, GFP_KERNEL)?;
            raw.__bindgen_anon_1.range = &ranges[ranges.len() - 1];
        }
        policy.push(raw, GFP_KERNEL)?;
    }
    Ok(policy)
}

/// A generic netlink family, registered by [`Family::register`].
///
/// # Invariants
///
/// While `registered` is true, `family` is an initialised `genl_family`
/// registered with generic netlink whose pointers refer to `storage`, and the
/// handlers of `F` serve it.
pub struct Family<F: FamilyOps> {
    family: Opaque<bindings::genl_family>,
    storage: UnsafeCell<Option<Storage>>,
    registered: AtomicBool,
    /// Set while a registration is made or held: only its owner writes
    /// `family` and `storage`.
    claimed: AtomicBool,
    _p: PhantomData<F>,
}

// SAFETY: `family` and `storage` are written only by `register` and the drop
// of the registration, which the module's init and exit serialise; in between
// they are only read.
unsafe impl<F: FamilyOps> Sync for Family<F> {}

/// Keeps a [`Family`] registered.
pub struct Registration<F: FamilyOps>(&'static Family<F>);

impl<F: FamilyOps> Drop for Registration<F> {
    fn drop(&mut self) {
        let fam = self.0;
        fam.registered.store(false, Ordering::Release);
        // SAFETY: registered in `register` (type invariant); after this call
        // no handler runs and nothing points into `storage`.
        unsafe {
            bindings::genl_unregister_family(fam.family.get());
            *fam.storage.get() = None;
        }
        fam.claimed.store(false, Ordering::Release);
    }
}

impl<F: FamilyOps> Family<F> {
    /// A family not yet registered.
    pub const fn new() -> Self {
        Self {
            family: Opaque::uninit(),
            storage: UnsafeCell::new(None),
            registered: AtomicBool::new(false),
            claimed: AtomicBool::new(false),
            _p: PhantomData,
        }
    }

    fn build_storage() -> Result<Storage> {
        let mut st = Storage {
            ops: KVec::new(),
            policies: KVec::new(),
            ranges: KVec::new(),
            mcgrps: KVec::new(),
        };
        for op in F::OPS {
            let mut ranges = KVec::new();
            let policy = build_policy(op.attrs, &mut ranges)?;
            // SAFETY: all-zero is a valid `genl_ops` (no handlers).
            let mut raw: bindings::genl_ops = unsafe { MaybeUninit::zeroed().assume_init() };
            raw.cmd = op.cmd;
            if op.admin {
                raw.flags = bindings::GENL_UNS_ADMIN_PERM as u8;
            }
            if op.doit {
                raw.doit = Some(doit_callback::<F>);
            }
            if op.dumpit {
                raw.dumpit = Some(dumpit_callback::<F>);
            }
            // Moving a vector into `st` does not move its buffer.
            raw.policy = policy.as_ptr();
            raw.maxattr = (policy.len() as u32).saturating_sub(1);
            st.ops.push(raw, GFP_KERNEL)?;
            st.policies.push(policy, GFP_KERNEL)?;
            st.ranges.push(ranges, GFP_KERNEL)?;
        }
        for name in F::MCGRPS {
            // SAFETY: all-zero is a valid `genl_multicast_group`.
            let mut raw: bindings::genl_multicast_group =
                unsafe { MaybeUninit::zeroed().assume_init() };
            copy_name(&mut raw.name, name)?;
            st.mcgrps.push(raw, GFP_KERNEL)?;
        }
        Ok(st)
    }

    /// Registers the family.
    pub fn register(&'static self, module: &'static ThisModule) -> Result<Registration<F>> {
        if self.claimed.swap(true, Ordering::AcqRel) {
            return Err(EBUSY);
        }
        if let Err(e) = self.try_register(module) {
            // SAFETY: we hold the claim and the family is not registered, so
            // nothing points into `storage`.
            unsafe { *self.storage.get() = None };
            self.claimed.store(false, Ordering::Release);
            return Err(e);
        }
        self.registered.store(true, Ordering::Release);
        Ok(Registration(self))
    }

    /// Fills `family` and `storage` and registers. The caller holds the claim.
    fn try_register(&'static self, module: &'static ThisModule) -> Result {
        let st = Self::build_storage()?;
        // SAFETY: all-zero is a valid `genl_family`.
        let mut fam: bindings::genl_family = unsafe { MaybeUninit::zeroed().assume_init() };
        copy_name(&mut fam.name, F::NAME)?;
        fam.version = F::VERSION as u32;
        // Each operation has its own policy.
        fam.maxattr = st.ops.iter().map(|o| o.maxattr).max().unwrap_or(0);
        fam.set_netnsok(1);
        fam.set_parallel_ops(1);
        fam.ops = st.ops.as_ptr();
        fam.n_ops = u8::try_from(st.ops.len()).map_err(|_| EINVAL)?;
        fam.mcgrps = st.mcgrps.as_ptr();
        fam.n_mcgrps = u8::try_from(st.mcgrps.len()).map_err(|_| EINVAL)?;
        fam.module = module.as_ptr().cast();
        // Every command gets strict header and attribute validation.
        fam.resv_start_op = 1;
        // SAFETY: the caller holds the claim and the family is not registered,
        // so we are the only user of `family` and `storage`. Moving `st` into
        // `storage` does not move the vectors' buffers `fam` points to.
        unsafe {
            self.family.get().write(fam);
            *self.storage.get() = Some(st);
        }
        // SAFETY: `family` and what it points to live in a static; `storage`
        // is only freed after unregistering.
        kernel::error::to_result(unsafe { bindings::genl_register_family(self.family.get()) })
    }

    fn event(&self, cmd: u8, attrs: &AttrSet, gfp: bindings::gfp_t) -> Result<Message> {
        if !self.registered.load(Ordering::Acquire) {
            return Err(ENODEV);
        }
        // SAFETY: registered (checked above), so `family` is initialised.
        unsafe { Message::new(self.family.get(), 0, 0, 0, cmd, attrs.pad, gfp) }
    }

    /// Sends `msg` to the listeners of multicast group `group` (an index into
    /// [`FamilyOps::MCGRPS`]) in namespace `net`. Having no listener is not
    /// an error.
    pub fn multicast(&self, net: &Net, group: u32, msg: Message) -> Result {
        if !self.registered.load(Ordering::Acquire) || group as usize >= F::MCGRPS.len() {
            return Err(EINVAL);
        }
        let gfp = msg.gfp;
        let skb = msg.finish();
        // SAFETY: registered family; `skb` is a finished message we own;
        // `genlmsg_multicast_netns` consumes it.
        let ret = unsafe {
            bindings::rsh_genlmsg_multicast_netns(
                self.family.get(),
                net.as_ptr(),
                skb,
                0,
                group,
                gfp,
            )
        };
        match ret {
            0 => Ok(()),
            e if e == ESRCH.to_errno() => Ok(()),
            e => Err(Error::from_errno(e)),
        }
    }

    /// Announces something on multicast group `group` of namespace `net`:
    /// when anybody listens there, builds a `cmd` message with attributes of
    /// `attrs` filled by `fill` and sends it. Best effort, as rtnetlink's
    /// notifications: a message that cannot be built or sent is skipped.
    /// `atomic` for callers that must not sleep (softirq).
    pub fn notify(
        &self,
        net: &Net,
        group: u32,
        cmd: u8,
        attrs: &AttrSet,
        atomic: bool,
        fill: impl FnOnce(&mut Writer<'_>) -> Result,
    ) {
        if !self.has_listeners(net, group) {
            return;
        }
        let gfp = if atomic {
            bindings::GFP_ATOMIC
        } else {
            bindings::GFP_KERNEL
        };
        let Ok(mut msg) = self.event(cmd, attrs, gfp) else {
            return;
        };
        if fill(&mut msg.writer()).is_ok() {
            let _ = self.multicast(net, group, msg);
        }
    }

    /// Whether anybody in `net` listens to `group`.
    pub fn has_listeners(&self, net: &Net, group: u32) -> bool {
        // SAFETY: registered family, valid namespace.
        self.registered.load(Ordering::Acquire)
            && unsafe { bindings::rsh_genl_has_listeners(self.family.get(), net.as_ptr(), group) }
    }
}

fn copy_name(dst: &mut [kernel::ffi::c_char; 16], name: &CStr) -> Result {
    let bytes = name.as_bytes();
    if bytes.len() >= dst.len() {
        return Err(EINVAL);
    }
    for (d, s) in dst.iter_mut().zip(bytes) {
        *d = *s as kernel::ffi::c_char;
    }
    dst[bytes.len()] = 0;
    Ok(())
}

/// Writes attributes into a netlink message.
///
/// # Invariants
///
/// `skb` is a netlink message buffer the writer may append to for `'a`.
pub struct Writer<'a> {
    skb: *mut bindings::sk_buff,
    pad: u16,
    _p: PhantomData<&'a mut ()>,
}

impl Writer<'_> {
    fn check(ret: kernel::ffi::c_int) -> Result {
        if ret == 0 {
            Ok(())
        } else {
            Err(EMSGSIZE)
        }
    }

    /// Appends a `u8` attribute.
    pub fn put_u8(&mut self, attr: u16, value: u8) -> Result {
        self.put_bytes(attr, &[value])
    }

    /// Appends a `u32` attribute.
    pub fn put_u32(&mut self, attr: u16, value: u32) -> Result {
        // SAFETY: by the type invariant we may append to `skb`.
        Self::check(unsafe { bindings::rsh_nla_put_u32(self.skb, attr as i32, value) })
    }

    /// Appends a `u64` attribute, 64-bit aligned with the family's pad attribute.
    pub fn put_u64(&mut self, attr: u16, value: u64) -> Result {
        // SAFETY: by the type invariant we may append to `skb`.
        Self::check(unsafe {
            bindings::nla_put_64bit(
                self.skb,
                attr as i32,
                8,
                (&value as *const u64).cast(),
                self.pad as i32,
            )
        })
    }

    /// Appends a NUL-terminated string attribute.
    pub fn put_str(&mut self, attr: u16, value: &CStr) -> Result {
        // SAFETY: by the type invariant we may append to `skb`; the string is
        // NUL-terminated.
        Self::check(unsafe {
            bindings::rsh_nla_put_string(self.skb, attr as i32, value.as_char_ptr())
        })
    }

    /// Appends a flag attribute.
    pub fn put_flag(&mut self, attr: u16) -> Result {
        // SAFETY: by the type invariant we may append to `skb`.
        Self::check(unsafe { bindings::nla_put(self.skb, attr as i32, 0, core::ptr::null()) })
    }

    /// Appends an attribute holding `data`.
    pub fn put_bytes(&mut self, attr: u16, data: &[u8]) -> Result {
        let len = i32::try_from(data.len()).map_err(|_| EMSGSIZE)?;
        // SAFETY: by the type invariant we may append to `skb`; `data` is valid.
        Self::check(unsafe { bindings::nla_put(self.skb, attr as i32, len, data.as_ptr().cast()) })
    }
}

/// A generic netlink message being built (a reply or a notification).
///
/// # Invariants
///
/// `skb` is a netlink buffer we own with a generic netlink header at `hdr`.
pub struct Message {
    skb: *mut bindings::sk_buff,
    hdr: *mut kernel::ffi::c_void,
    pad: u16,
    /// How to allocate when sending (atomic from softirq).
    gfp: bindings::gfp_t,
}

impl Message {
    /// # Safety
    ///
    /// `family` is a registered family.
    unsafe fn new(
        family: *const bindings::genl_family,
        portid: u32,
        seq: u32,
        flags: i32,
        cmd: u8,
        pad: u16,
        gfp: bindings::gfp_t,
    ) -> Result<Message> {
        // NLMSG_GOODSIZE: one page minus the headers, what most replies use.
        let size = kernel::page::PAGE_SIZE - 512;
        // SAFETY: plain allocation.
        let skb = unsafe { bindings::rsh_genlmsg_new(size, gfp) };
        if skb.is_null() {
            return Err(ENOMEM);
        }
        // SAFETY: fresh buffer of `size` bytes; `family` is registered.
        let hdr = unsafe { bindings::genlmsg_put(skb, portid, seq, family, flags, cmd) };
        if hdr.is_null() {
            // SAFETY: we own `skb`.
            unsafe { bindings::rsh_nlmsg_free(skb) };
            return Err(EMSGSIZE);
        }
        // INVARIANT: `skb` is ours, with a header at `hdr`.
        Ok(Message { skb, hdr, pad, gfp })
    }

    /// The attribute writer.
    pub fn writer(&mut self) -> Writer<'_> {
        // INVARIANT: we own `skb` and lend it for the writer's lifetime.
        Writer {
            skb: self.skb,
            pad: self.pad,
            _p: PhantomData,
        }
    }

    /// Ends the message and gives the buffer away.
    fn finish(self) -> *mut bindings::sk_buff {
        // SAFETY: by the type invariant `hdr` is the header in `skb`.
        unsafe { bindings::rsh_genlmsg_end(self.skb, self.hdr) };
        let skb = self.skb;
        core::mem::forget(self);
        skb
    }
}

impl Drop for Message {
    fn drop(&mut self) {
        // SAFETY: we own the buffer.
        unsafe { bindings::rsh_nlmsg_free(self.skb) };
    }
}

/// A `do` request.
///
/// # Invariants
///
/// `info` is the request the core passed to a `doit` handler of a family of
/// type `F`, valid for `'a`, with attributes validated against its policy.
pub struct Info<'a> {
    info: *mut bindings::genl_info,
    pad: u16,
    policy: &'static [Policy],
    _p: PhantomData<&'a ()>,
}

impl<'a> Info<'a> {
    /// The attribute `attr` if the request carries it and `accept` takes its
    /// policy (which the core validated it against).
    fn attr(&self, attr: u16, accept: fn(&Policy) -> bool) -> Option<*mut bindings::nlattr> {
        if !accept(self.policy.get(attr as usize)?) {
            return None;
        }
        // SAFETY: `attrs` has one entry per policy entry (`maxattr + 1`), by
        // the type invariant.
        let a = unsafe { *(*self.info).attrs.add(attr as usize) };
        (!a.is_null()).then_some(a)
    }

    /// Whether the request carries `attr`.
    pub fn has(&self, attr: u16) -> bool {
        self.attr(attr, |_| true).is_some()
    }

    /// A `u32` attribute; `None` if absent or not a `u32` in the policy.
    pub fn get_u32(&self, attr: u16) -> Option<u32> {
        let a = self.attr(attr, |p| matches!(p, Policy::U32 | Policy::U32Range(..)))?;
        // SAFETY: the policy validated a 4-byte payload.
        Some(unsafe { (bindings::rsh_nla_data(a) as *const u32).read_unaligned() })
    }

    /// A `u8` attribute; `None` if absent or not a `u8` in the policy.
    pub fn get_u8(&self, attr: u16) -> Option<u8> {
        let a = self.attr(attr, |p| matches!(p, Policy::U8 | Policy::U8Range(..)))?;
        // SAFETY: the policy validated a payload of at least one byte.
        Some(unsafe { *(bindings::rsh_nla_data(a) as *const u8) })
    }

    /// A `u64` attribute; `None` if absent or not a `u64` in the policy.
    pub fn get_u64(&self, attr: u16) -> Option<u64> {
        let a = self.attr(attr, |p| matches!(p, Policy::U64))?;
        // SAFETY: the policy validated an 8-byte payload.
        Some(unsafe { (bindings::rsh_nla_data(a) as *const u64).read_unaligned() })
    }

    /// A string attribute; `None` if absent or not a string in the policy.
    pub fn get_str(&self, attr: u16) -> Option<&'a CStr> {
        let a = self.attr(attr, |p| matches!(p, Policy::String(_)))?;
        // SAFETY: the `String` policy validated a NUL-terminated payload that
        // lives as long as the request.
        Some(unsafe { CStr::from_char_ptr(bindings::rsh_nla_data(a).cast()) })
    }

    /// The requester's network namespace.
    pub fn net(&self) -> &'a Net {
        // SAFETY: the request keeps its namespace alive.
        unsafe { Net::from_raw(bindings::rsh_genl_info_net(self.info)) }
    }

    /// The device of the requester's namespace the request names by its
    /// `ifindex` attribute, else by its `name` attribute. Fails with
    /// `EINVAL` (naming the missing attribute) when it names none, and with
    /// `ENODEV` and `not_found` as the message when there is no such device.
    pub fn device<'r>(
        &self,
        rtnl: &'r Rtnl,
        ifindex: u16,
        name: u16,
        not_found: &'static CStr,
    ) -> Result<&'r NetDevice> {
        let net = self.net();
        let dev = if let Some(i) = self.get_u32(ifindex) {
            NetDevice::get_by_index(rtnl, net, i as i32)
        } else if let Some(n) = self.get_str(name) {
            NetDevice::get_by_name(rtnl, net, n)
        } else {
            self.set_bad_attr(ifindex, kernel::c_str!("ifindex or name required"));
            return Err(EINVAL);
        };
        dev.ok_or_else(|| {
            self.set_err_msg(not_found);
            ENODEV
        })
    }

    /// Sets the message the requester sees with the error (extended ack).
    pub fn set_err_msg(&self, msg: &'static CStr) {
        // SAFETY: valid request; the message is static.
        unsafe { bindings::rsh_genl_set_err_msg(self.info, msg.as_char_ptr()) };
    }

    /// Sets the error message and points at the attribute at fault (or says
    /// it is missing).
    pub fn set_bad_attr(&self, attr: u16, msg: &'static CStr) {
        // SAFETY: valid request; the message is static.
        unsafe { bindings::rsh_genl_set_bad_attr(self.info, attr as i32, msg.as_char_ptr()) };
    }

    /// A reply message for `cmd`, to fill and pass to [`Info::reply`].
    pub fn new_reply(&self, cmd: u8) -> Result<Message> {
        // SAFETY: valid request of a registered family.
        unsafe {
            let info = &*self.info;
            Message::new(
                info.family,
                info.snd_portid,
                info.snd_seq,
                0,
                cmd,
                self.pad,
                bindings::GFP_KERNEL,
            )
        }
    }

    /// Sends `msg` back to the requester.
    pub fn reply(&self, msg: Message) -> Result {
        let skb = msg.finish();
        // SAFETY: valid request; `genlmsg_reply` consumes the buffer.
        kernel::error::to_result(unsafe { bindings::rsh_genlmsg_reply(skb, self.info) })
    }
}

/// One round of a dump.
///
/// # Invariants
///
/// `skb` and `cb` are what the core passed to a `dumpit` handler, valid for `'a`.
pub struct Dump<'a> {
    skb: *mut bindings::sk_buff,
    cb: *mut bindings::netlink_callback,
    pad: u16,
    _p: PhantomData<&'a mut ()>,
}

impl<'a> Dump<'a> {
    /// The requester's network namespace.
    pub fn net(&self) -> &'a Net {
        // SAFETY: the dump's socket keeps its namespace alive.
        unsafe { Net::from_raw(bindings::rsh_dump_net(self.cb)) }
    }

    /// Where the previous round stopped; zero at the start. Kept across rounds.
    pub fn cursor(&mut self) -> &mut u64 {
        // SAFETY: `ctx` is 48 bytes of per-dump scratch space, zeroed at the
        // start, aligned for `long` (hence `u64`), and ours for the call.
        unsafe { &mut *(*self.cb).__bindgen_anon_1.args.as_mut_ptr().cast::<u64>() }
    }

    /// Adds one entry with header `cmd`, filled by `fill`. Returns `Ok(false)`,
    /// with nothing added, when the entry does not fit in this round.
    pub fn entry(&mut self, cmd: u8, fill: impl FnOnce(&mut Writer<'_>) -> Result) -> Result<bool> {
        // SAFETY: valid `skb` and `cb` (type invariant); the family is the
        // dump's own (the core looked it up for this callback).
        let hdr = unsafe {
            bindings::genlmsg_put(
                self.skb,
                bindings::rsh_dump_portid(self.cb),
                bindings::rsh_dump_seq(self.cb),
                bindings::rsh_dump_family(self.cb),
                bindings::NLM_F_MULTI as i32,
                cmd,
            )
        };
        if hdr.is_null() {
            return Ok(false);
        }
        let mut w = Writer {
            skb: self.skb,
            pad: self.pad,
            _p: PhantomData,
        };
        match fill(&mut w) {
            Ok(()) => {
                // SAFETY: `hdr` is the header just put in `skb`.
                unsafe { bindings::rsh_genlmsg_end(self.skb, hdr) };
                Ok(true)
            }
            Err(e) => {
                // SAFETY: as above; removes the partial entry.
                unsafe { bindings::rsh_genlmsg_cancel(self.skb, hdr) };
                if e == EMSGSIZE {
                    Ok(false)
                } else {
                    Err(e)
                }
            }
        }
    }
}

unsafe extern "C" fn doit_callback<F: FamilyOps>(
    _skb: *mut bindings::sk_buff,
    info: *mut bindings::genl_info,
) -> kernel::ffi::c_int {
    // SAFETY: the core calls `doit` with a valid request whose header is set.
    let cmd = unsafe { (*(*info).genlhdr).cmd };
    let Some(op) = F::OPS.iter().find(|o| o.cmd == cmd) else {
        return EOPNOTSUPP.to_errno();
    };
    // INVARIANT: a request of family `F`, validated against the policy of `op`.
    let info = Info {
        info,
        pad: op.attrs.pad,
        policy: op.attrs.policy,
        _p: PhantomData,
    };
    match F::doit(cmd, &info) {
        Ok(()) => 0,
        Err(e) => e.to_errno(),
    }
}

unsafe extern "C" fn dumpit_callback<F: FamilyOps>(
    skb: *mut bindings::sk_buff,
    cb: *mut bindings::netlink_callback,
) -> kernel::ffi::c_int {
    // SAFETY: the core calls `dumpit` with a valid callback whose request
    // carries a generic netlink header.
    let cmd = unsafe { bindings::rsh_dump_cmd(cb) };
    let Some(op) = F::OPS.iter().find(|o| o.cmd == cmd) else {
        return EOPNOTSUPP.to_errno();
    };
    // INVARIANT: the buffer and callback of this round.
    let mut dump = Dump {
        skb,
        cb,
        pad: op.attrs.pad,
        _p: PhantomData,
    };
    match F::dumpit(cmd, &mut dump) {
        // SAFETY: valid buffer.
        Ok(()) => unsafe { (*skb).len as kernel::ffi::c_int },
        Err(e) => e.to_errno(),
    }
}
