// SPDX-License-Identifier: GPL-2.0

//! Generic netlink families.
//!
//! A family's tables are `static`s generated from its YNL spec by
//! `tools/net/ynl/ynl-gen-rust.py --mode kernel` (the module's
//! `netlink_gen.rs`): one request [`Policy`] array per operation, the
//! [`Op`]s with their permissions, the [`McGroup`]s and the [`Family`]
//! itself. The driver writes the handlers: a type implementing [`FamilyOps`]
//! whose [`FamilyOps::doit`] and [`FamilyOps::dumpit`] match on the command.
//! Families are namespace aware (`netnsok`); every request is validated
//! strictly against its operation's policy before a handler runs.
//!
//! C header: [`include/net/genetlink.h`](srctree/include/net/genetlink.h).

use super::bindings;
use super::cstr;
use super::error::code::*;
use super::net::{Net, Rtnl};
use super::netdev::NetDevice;
use core::marker::PhantomData;
use core::mem::MaybeUninit;
use core::sync::atomic::{AtomicBool, Ordering};
use kernel::error::{Error, Result};
use kernel::str::CStr;
use kernel::types::Opaque;
use kernel::ThisModule;

/// How one attribute of an operation's requests is validated: a
/// `struct nla_policy`, built at compile time.
///
/// An operation's policy is a `static` array of these indexed by attribute
/// number (index 0 unused), generated from the family's YNL spec. An
/// attribute the operation does not take is [`Policy::UNSPEC`]: the core
/// validates every request strictly and rejects it with `EINVAL`, the extended
/// ack pointing at the attribute ("Unsupported attribute"), as for the
/// policies `ynl-gen-c` generates for C families.
///
/// # Invariants
///
/// Any pointer in the policy refers to a `'static` [`Range`].
#[repr(transparent)]
#[derive(Clone, Copy)]
pub struct Policy(bindings::nla_policy);

// SAFETY: a policy is never written after construction; the only pointer it
// holds refers to an immutable `'static` range (type invariant).
unsafe impl Sync for Policy {}

/// The bounds of an integer attribute, pointed to by its [`Policy`].
#[repr(transparent)]
pub struct Range(bindings::netlink_range_validation);

// SAFETY: plain integers, never written after construction.
unsafe impl Sync for Range {}

impl Range {
    /// Values in `min..=max`.
    pub const fn new(min: u64, max: u64) -> Range {
        Range(bindings::netlink_range_validation { min, max })
    }
}

impl Policy {
    /// Not taken by the operation: strict validation rejects it.
    // SAFETY: all-zero is a valid `nla_policy` (`NLA_UNSPEC`, no pointer).
    pub const UNSPEC: Policy = Policy(unsafe { core::mem::zeroed() });

    const fn of(ty: u32, len: u16) -> Policy {
        let mut p = Self::UNSPEC;
        p.0.type_ = ty as u8;
        p.0.len = len;
        p
    }

    const fn ranged(ty: u32, range: &'static Range) -> Policy {
        let mut p = Self::of(ty, 0);
        p.0.validation_type = bindings::nla_policy_validation_NLA_VALIDATE_RANGE_PTR as u8;
        // INVARIANT: the pointer refers to a `'static` range.
        p.0.__bindgen_anon_1.range = &range.0;
        p
    }

    /// A `u32`.
    pub const fn u32() -> Policy {
        Self::of(bindings::NLA_U32, 0)
    }

    /// A `u32` within `range`.
    pub const fn u32_range(range: &'static Range) -> Policy {
        Self::ranged(bindings::NLA_U32, range)
    }

    /// A `uint` (4 or 8 bytes).
    pub const fn uint() -> Policy {
        Self::of(bindings::NLA_UINT, 0)
    }

    /// A `uint` within `range`.
    pub const fn uint_range(range: &'static Range) -> Policy {
        Self::ranged(bindings::NLA_UINT, range)
    }

    /// A flag (no payload).
    pub const fn flag() -> Policy {
        Self::of(bindings::NLA_FLAG, 0)
    }

    /// A NUL-terminated string of at most `max_len` bytes before the NUL
    /// (no limit if 0).
    pub const fn string(max_len: u16) -> Policy {
        Self::of(bindings::NLA_NUL_STRING, max_len)
    }

    /// Bytes, at most `max_len` of them (no limit if 0).
    pub const fn binary(max_len: u16) -> Policy {
        Self::of(bindings::NLA_BINARY, max_len)
    }

    /// Bytes, exactly `len` of them (`NLA_POLICY_EXACT_LEN`), e.g. 16 for an
    /// IPv6 address. `len` is at most `i16::MAX`: larger fails to compile.
    pub const fn binary_exact(len: u16) -> Policy {
        Self::binary_range(len, len)
    }

    /// Bytes, `min_len..=max_len` of them
    /// (`NLA_POLICY_RANGE(NLA_BINARY, min_len, max_len)`). Both are at most
    /// `i16::MAX` and `min_len <= max_len`: otherwise it fails to compile.
    pub const fn binary_range(min_len: u16, max_len: u16) -> Policy {
        assert!(
            min_len <= max_len && max_len <= i16::MAX as u16,
            "binary length range out of bounds"
        );
        let mut p = Self::of(bindings::NLA_BINARY, 0);
        p.0.validation_type = bindings::nla_policy_validation_NLA_VALIDATE_RANGE as u8;
        p.0.__bindgen_anon_1.__bindgen_anon_1 = bindings::nla_policy__bindgen_ty_1__bindgen_ty_1 {
            min: min_len as i16,
            max: max_len as i16,
        };
        p
    }

    /// Bytes, at least `min_len` of them (`NLA_POLICY_MIN_LEN`). `min_len`
    /// is at most `i16::MAX`: larger fails to compile.
    pub const fn binary_min(min_len: u16) -> Policy {
        assert!(min_len <= i16::MAX as u16, "binary length out of bounds");
        let mut p = Self::of(bindings::NLA_BINARY, 0);
        p.0.validation_type = bindings::nla_policy_validation_NLA_VALIDATE_MIN as u8;
        p.0.__bindgen_anon_1.__bindgen_anon_1 = bindings::nla_policy__bindgen_ty_1__bindgen_ty_1 {
            min: min_len as i16,
            max: 0,
        };
        p
    }

    fn kind(&self) -> u32 {
        u32::from(self.0.type_)
    }
}

/// Permission flags of an operation.
#[derive(Clone, Copy)]
pub struct OpFlags(u8);

impl OpFlags {
    /// Anybody may call the operation.
    pub const NONE: OpFlags = OpFlags(0);
    /// CAP_NET_ADMIN in the initial user namespace (`GENL_ADMIN_PERM`).
    pub const ADMIN_PERM: OpFlags = OpFlags(bindings::GENL_ADMIN_PERM as u8);
    /// CAP_NET_ADMIN in the user namespace owning the caller's network
    /// namespace (`GENL_UNS_ADMIN_PERM`), as rtnetlink requires.
    pub const UNS_ADMIN_PERM: OpFlags = OpFlags(bindings::GENL_UNS_ADMIN_PERM as u8);
}

/// One operation of a family: a `struct genl_ops`, built at compile time.
///
/// # Invariants
///
/// `policy`, when not null, points to `maxattr + 1` [`Policy`] entries of a
/// `'static` array; the handlers are those of the family type the operation
/// was built for.
#[repr(transparent)]
pub struct Op(bindings::genl_ops);

// SAFETY: never written after construction; its pointers refer to `'static`
// immutable policies and to functions.
unsafe impl Sync for Op {}

impl Op {
    /// Operation `cmd` of family `F` with request policy `policy` (indexed by
    /// attribute number; empty when requests take no attribute): `doit` and
    /// `dumpit` say which of [`FamilyOps::doit`] and [`FamilyOps::dumpit`]
    /// serve it.
    pub const fn new<F: FamilyOps>(
        cmd: u8,
        flags: OpFlags,
        doit: bool,
        dumpit: bool,
        policy: &'static [Policy],
    ) -> Op {
        // SAFETY: all-zero is a valid `genl_ops` (no handler, no policy).
        let mut op: bindings::genl_ops = unsafe { core::mem::zeroed() };
        op.cmd = cmd;
        op.flags = flags.0;
        if doit {
            op.doit = Some(doit_callback::<F>);
        }
        if dumpit {
            op.dumpit = Some(dumpit_callback::<F>);
        }
        if !policy.is_empty() {
            // INVARIANT: `maxattr + 1` entries of a `'static` array.
            op.policy = policy.as_ptr().cast();
            op.maxattr = (policy.len() - 1) as u32;
        }
        Op(op)
    }
}

/// A multicast group of a family: a `struct genl_multicast_group`.
#[repr(transparent)]
pub struct McGroup(bindings::genl_multicast_group);

// SAFETY: plain data, never written after construction.
unsafe impl Sync for McGroup {}

impl McGroup {
    /// The group `name` (at most 15 bytes: longer fails to compile).
    pub const fn new(name: &str) -> McGroup {
        // SAFETY: all-zero is a valid `genl_multicast_group`.
        let mut g: bindings::genl_multicast_group = unsafe { core::mem::zeroed() };
        let bytes = name.as_bytes();
        assert!(bytes.len() < g.name.len(), "multicast group name too long");
        let mut i = 0;
        while i < bytes.len() {
            g.name[i] = bytes[i] as kernel::ffi::c_char;
            i += 1;
        }
        McGroup(g)
    }
}

/// The handlers of a generic netlink family. Its tables (operations,
/// policies, multicast groups) are generated from its YNL spec as statics
/// and given to [`Family::new`].
pub trait FamilyOps: Sized + Send + Sync + 'static {
    /// Handles a `do` request for `cmd`.
    fn doit(cmd: u8, info: &Info<'_>) -> Result;

    /// Handles one round of a dump for `cmd`: add entries until one does not
    /// fit, saving the position in [`Dump::cursor`]; the dump ends when a
    /// round adds nothing.
    fn dumpit(_cmd: u8, _dump: &mut Dump<'_>) -> Result {
        Err(EOPNOTSUPP)
    }
}

/// A generic netlink family, registered by [`Family::register`]. Families
/// are namespace aware (`netnsok`) and validate every command strictly.
///
/// # Invariants
///
/// While `registered` is true, `family` is an initialised `genl_family`
/// registered with generic netlink, whose operations and groups are `ops`
/// and `mcgrps`, served by the handlers of `F`.
pub struct Family<F: FamilyOps> {
    family: Opaque<bindings::genl_family>,
    name: &'static CStr,
    version: u8,
    ops: &'static [Op],
    mcgrps: &'static [McGroup],
    registered: AtomicBool,
    /// Set while a registration is made or held: only its owner writes
    /// `family`.
    claimed: AtomicBool,
    _p: PhantomData<F>,
}

// SAFETY: `family` is written only by `register` (under the claim) and by the
// core while it registers and unregisters it; otherwise it is only read. The
// tables are immutable statics.
unsafe impl<F: FamilyOps> Sync for Family<F> {}

/// Keeps a [`Family`] registered.
pub struct Registration<F: FamilyOps>(&'static Family<F>);

impl<F: FamilyOps> Drop for Registration<F> {
    fn drop(&mut self) {
        let fam = self.0;
        fam.registered.store(false, Ordering::Release);
        // SAFETY: registered in `register` (type invariant); after this call
        // no handler runs.
        unsafe { bindings::genl_unregister_family(fam.family.get()) };
        fam.claimed.store(false, Ordering::Release);
    }
}

impl<F: FamilyOps> Family<F> {
    /// The family `name` (at most 15 bytes), `version`, with operations
    /// `ops` and multicast groups `mcgrps` (referred to by index).
    pub const fn new(
        name: &'static CStr,
        version: u8,
        ops: &'static [Op],
        mcgrps: &'static [McGroup],
    ) -> Self {
        Self {
            family: Opaque::uninit(),
            name,
            version,
            ops,
            mcgrps,
            registered: AtomicBool::new(false),
            claimed: AtomicBool::new(false),
            _p: PhantomData,
        }
    }

    /// Registers the family.
    pub fn register(&'static self, module: &'static ThisModule) -> Result<Registration<F>> {
        if self.claimed.swap(true, Ordering::AcqRel) {
            return Err(EBUSY);
        }
        if let Err(e) = self.try_register(module) {
            self.claimed.store(false, Ordering::Release);
            return Err(e);
        }
        self.registered.store(true, Ordering::Release);
        Ok(Registration(self))
    }

    /// Fills `family` and registers it. The caller holds the claim.
    fn try_register(&'static self, module: &'static ThisModule) -> Result {
        // SAFETY: all-zero is a valid `genl_family`.
        let mut fam: bindings::genl_family = unsafe { MaybeUninit::zeroed().assume_init() };
        copy_name(&mut fam.name, self.name)?;
        fam.version = u32::from(self.version);
        // Each operation has its own policy; this is the largest.
        fam.maxattr = self.ops.iter().map(|o| o.0.maxattr).max().unwrap_or(0);
        fam.set_netnsok(1);
        fam.set_parallel_ops(1);
        // `Op` and `McGroup` are transparent over the C types.
        fam.ops = self.ops.as_ptr().cast();
        fam.n_ops = u8::try_from(self.ops.len()).map_err(|_| EINVAL)?;
        fam.mcgrps = self.mcgrps.as_ptr().cast();
        fam.n_mcgrps = u8::try_from(self.mcgrps.len()).map_err(|_| EINVAL)?;
        fam.module = module.as_ptr().cast();
        // Every command gets strict header and attribute validation.
        fam.resv_start_op = 1;
        // SAFETY: the caller holds the claim and the family is not registered,
        // so we are the only user of `family`.
        unsafe { self.family.get().write(fam) };
        // SAFETY: `family` and the tables it points to are statics.
        kernel::error::to_result(unsafe { bindings::genl_register_family(self.family.get()) })
    }

    fn event(&self, cmd: u8, gfp: bindings::gfp_t) -> Result<Message> {
        if !self.registered.load(Ordering::Acquire) {
            return Err(ENODEV);
        }
        // SAFETY: registered (checked above), so `family` is initialised.
        unsafe { Message::new(self.family.get(), 0, 0, 0, cmd, gfp) }
    }

    /// Sends `msg` to the listeners of multicast group `group` (an index into
    /// the family's groups) in namespace `net`. Having no listener is not an
    /// error.
    pub fn multicast(&self, net: &Net, group: u32, msg: Message) -> Result {
        if !self.registered.load(Ordering::Acquire) || group as usize >= self.mcgrps.len() {
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
    /// when anybody listens there, builds a `cmd` message filled by `fill`
    /// and sends it. Best effort, as rtnetlink's notifications: a message
    /// that cannot be built or sent is skipped. `atomic` for callers that
    /// must not sleep (softirq).
    pub fn notify(
        &self,
        net: &Net,
        group: u32,
        cmd: u8,
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
        let Ok(mut msg) = self.event(cmd, gfp) else {
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
    let bytes = cstr::bytes(name);
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

    /// Appends a `u32` attribute.
    pub fn put_u32(&mut self, attr: u16, value: u32) -> Result {
        // SAFETY: by the type invariant we may append to `skb`.
        Self::check(unsafe { bindings::rsh_nla_put_u32(self.skb, i32::from(attr), value) })
    }

    /// Appends a `uint` attribute: 4 bytes when the value fits, else 8 (no
    /// padding needed, as `nla_put_uint`).
    pub fn put_uint(&mut self, attr: u16, value: u64) -> Result {
        match u32::try_from(value) {
            Ok(v) => self.put_u32(attr, v),
            Err(_) => self.put_bytes(attr, &value.to_ne_bytes()),
        }
    }

    /// Appends a NUL-terminated string attribute.
    pub fn put_str(&mut self, attr: u16, value: &CStr) -> Result {
        // SAFETY: by the type invariant we may append to `skb`; the string is
        // NUL-terminated.
        Self::check(unsafe {
            bindings::rsh_nla_put_string(self.skb, i32::from(attr), cstr::as_ptr(value))
        })
    }

    /// Appends a flag attribute.
    pub fn put_flag(&mut self, attr: u16) -> Result {
        // SAFETY: by the type invariant we may append to `skb`.
        Self::check(unsafe { bindings::nla_put(self.skb, i32::from(attr), 0, core::ptr::null()) })
    }

    /// Appends an attribute holding `data`.
    pub fn put_bytes(&mut self, attr: u16, data: &[u8]) -> Result {
        let len = i32::try_from(data.len()).map_err(|_| EMSGSIZE)?;
        // SAFETY: by the type invariant we may append to `skb`; `data` is valid.
        Self::check(unsafe {
            bindings::nla_put(self.skb, i32::from(attr), len, data.as_ptr().cast())
        })
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
        Ok(Message { skb, hdr, gfp })
    }

    /// The attribute writer.
    pub fn writer(&mut self) -> Writer<'_> {
        // INVARIANT: we own `skb` and lend it for the writer's lifetime.
        Writer {
            skb: self.skb,
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
/// `info` is the request the core passed to a `doit` handler, valid for
/// `'a`, with attributes validated against `policy`, its operation's policy
/// (`attrs` has one entry per policy entry).
pub struct Info<'a> {
    info: *mut bindings::genl_info,
    policy: &'static [Policy],
    _p: PhantomData<&'a ()>,
}

impl<'a> Info<'a> {
    /// The attribute `attr` if the request carries it and its policy is of
    /// type `kind` (the core validated it against that policy).
    fn attr(&self, attr: u16, kind: u32) -> Option<*mut bindings::nlattr> {
        if self.policy.get(attr as usize)?.kind() != kind {
            return None;
        }
        // SAFETY: `attrs` has one entry per policy entry, by the type
        // invariant, and `attr` indexes the policy.
        let a = unsafe { *(*self.info).attrs.add(attr as usize) };
        (!a.is_null()).then_some(a)
    }

    /// Whether the request carries `attr` (of any type the operation takes).
    pub fn has(&self, attr: u16) -> bool {
        match self.policy.get(attr as usize) {
            Some(p) if p.kind() != bindings::NLA_UNSPEC => self.attr(attr, p.kind()).is_some(),
            _ => false,
        }
    }

    /// A `u32` attribute; `None` if absent or not a `u32` in the policy.
    pub fn get_u32(&self, attr: u16) -> Option<u32> {
        let a = self.attr(attr, bindings::NLA_U32)?;
        // SAFETY: the policy validated a 4-byte payload.
        Some(unsafe { (bindings::rsh_nla_data(a) as *const u32).read_unaligned() })
    }

    /// A `uint` attribute; `None` if absent or not a `uint` in the policy.
    pub fn get_uint(&self, attr: u16) -> Option<u64> {
        let a = self.attr(attr, bindings::NLA_UINT)?;
        // SAFETY: the policy validated a 4- or 8-byte payload.
        unsafe {
            let data = bindings::rsh_nla_data(a);
            Some(if bindings::rsh_nla_len(a) == 4 {
                (data as *const u32).read_unaligned().into()
            } else {
                (data as *const u64).read_unaligned()
            })
        }
    }

    /// Whether the flag attribute `attr` is set.
    pub fn get_flag(&self, attr: u16) -> bool {
        self.attr(attr, bindings::NLA_FLAG).is_some()
    }

    /// A string attribute; `None` if absent or not a string in the policy.
    pub fn get_str(&self, attr: u16) -> Option<&'a CStr> {
        let a = self.attr(attr, bindings::NLA_NUL_STRING)?;
        // SAFETY: the `NLA_NUL_STRING` policy validated a NUL-terminated
        // payload that lives as long as the request.
        Some(unsafe { cstr::from_ptr(bindings::rsh_nla_data(a).cast()) })
    }

    /// A binary attribute; `None` if absent or not binary in the policy.
    pub fn get_bytes(&self, attr: u16) -> Option<&'a [u8]> {
        let a = self.attr(attr, bindings::NLA_BINARY)?;
        // SAFETY: the payload is `nla_len` bytes that live as long as the
        // request.
        Some(unsafe {
            core::slice::from_raw_parts(
                bindings::rsh_nla_data(a).cast(),
                bindings::rsh_nla_len(a) as usize,
            )
        })
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
        unsafe { bindings::rsh_genl_set_err_msg(self.info, cstr::as_ptr(msg)) };
    }

    /// Sets the error message and points at the attribute at fault (or says
    /// it is missing).
    pub fn set_bad_attr(&self, attr: u16, msg: &'static CStr) {
        // SAFETY: valid request; the message is static.
        unsafe { bindings::rsh_genl_set_bad_attr(self.info, i32::from(attr), cstr::as_ptr(msg)) };
    }

    /// A reply message, to fill and pass to [`Info::reply`]. It carries the
    /// request's command, as YNL specs (one command number per operation,
    /// for its requests and its replies) and their clients expect.
    pub fn new_reply(&self) -> Result<Message> {
        // SAFETY: valid request of a registered family, whose header is set.
        unsafe {
            let info = &*self.info;
            Message::new(
                info.family,
                info.snd_portid,
                info.snd_seq,
                0,
                (*info.genlhdr).cmd,
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
        // INVARIANT: we may append to the round's buffer while we hold it.
        let mut w = Writer {
            skb: self.skb,
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

/// The policy of operation `cmd` of the registered `family`.
///
/// # Safety
///
/// `family` is a registered family whose operations are [`Op`]s.
unsafe fn op_policy(family: *const bindings::genl_family, cmd: u8) -> Option<&'static [Policy]> {
    // SAFETY: a registered family built by `Family::register` points to its
    // `'static` array of `n_ops` `Op`s (transparent over `genl_ops`).
    let ops = unsafe {
        core::slice::from_raw_parts((*family).ops.cast::<Op>(), (*family).n_ops as usize)
    };
    let op = &ops.iter().find(|o| o.0.cmd == cmd)?.0;
    if op.policy.is_null() {
        return Some(&[]);
    }
    // SAFETY: by the invariant of `Op`, `policy` points to `maxattr + 1`
    // entries of a `'static` `Policy` array.
    Some(unsafe {
        core::slice::from_raw_parts(op.policy.cast::<Policy>(), op.maxattr as usize + 1)
    })
}

/// The `doit` handler of every operation of family `F`.
///
/// # Safety
///
/// Called by the generic netlink core with a valid request of a registered
/// family of type `F`, its attributes validated against the operation's
/// policy.
unsafe extern "C" fn doit_callback<F: FamilyOps>(
    _skb: *mut bindings::sk_buff,
    info: *mut bindings::genl_info,
) -> kernel::ffi::c_int {
    // SAFETY: the core calls `doit` with a valid request whose header is set.
    let (cmd, family) = unsafe { ((*(*info).genlhdr).cmd, (*info).family) };
    // SAFETY: the request is for our registered family.
    let Some(policy) = (unsafe { op_policy(family, cmd) }) else {
        return EOPNOTSUPP.to_errno();
    };
    // INVARIANT: a request validated against `policy`, whose `attrs` has
    // one entry per policy entry.
    let info = Info {
        info,
        policy,
        _p: PhantomData,
    };
    match F::doit(cmd, &info) {
        Ok(()) => 0,
        Err(e) => e.to_errno(),
    }
}

/// The `dumpit` handler of every operation of family `F`.
///
/// # Safety
///
/// Called by the generic netlink core with a valid buffer and callback of a
/// dump of a registered family of type `F`.
unsafe extern "C" fn dumpit_callback<F: FamilyOps>(
    skb: *mut bindings::sk_buff,
    cb: *mut bindings::netlink_callback,
) -> kernel::ffi::c_int {
    // SAFETY: the core calls `dumpit` with a valid callback whose request
    // carries a generic netlink header.
    let cmd = unsafe { bindings::rsh_dump_cmd(cb) };
    // INVARIANT: the buffer and callback of this round.
    let mut dump = Dump {
        skb,
        cb,
        _p: PhantomData,
    };
    match F::dumpit(cmd, &mut dump) {
        // SAFETY: valid buffer.
        Ok(()) => unsafe { (*skb).len as kernel::ffi::c_int },
        Err(e) => e.to_errno(),
    }
}
