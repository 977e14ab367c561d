// SPDX-License-Identifier: GPL-2.0

//! Network devices.
//!
//! A driver describes a kind of device with a type `T` that implements
//! [`Operations`]: `T` is the device's private data, and the trait's methods
//! are its `net_device_ops` and `rtnl_link_ops` callbacks. A [`LinkOps<T>`],
//! usually a `static`, registers the kind with rtnetlink (so that `ip -d link`
//! shows it and `ip link del` deletes it) and creates, finds and iterates
//! devices of that kind.
//!
//! C headers: [`include/linux/netdevice.h`](srctree/include/linux/netdevice.h),
//! [`include/net/rtnetlink.h`](srctree/include/net/rtnetlink.h).

use super::bindings;
use super::cstr;
use super::error::code::*;
use super::net::{synchronize_net, Net, Rcu, Rtnl};
use super::skb::SkBuff;
use core::marker::PhantomData;
use core::mem::MaybeUninit;
use core::ptr::NonNull;
use core::sync::atomic::{AtomicBool, AtomicPtr, Ordering};
use kernel::error::{Error, Result};
use kernel::prelude::{vtable, PinInit};
use kernel::str::CStr;
use kernel::types::Opaque;

/// Largest interface name, without the terminating NUL.
pub const IFNAMSIZ_MAX: usize = bindings::IFNAMSIZ as usize - 1;

/// What [`Operations::start_xmit`] did with a packet.
pub enum Tx {
    /// The packet was taken (sent, queued or dropped and counted).
    Ok,
    /// The device cannot take it now: the core keeps it and retries later.
    /// Only for devices with a queue that the driver has stopped.
    Busy(SkBuff),
}

/// A device's statistics, read with [`NetDevice::stats`].
pub struct LinkStats(bindings::rtnl_link_stats64);

impl LinkStats {
    /// Packets received.
    pub fn rx_packets(&self) -> u64 {
        self.0.rx_packets
    }
    /// Bytes received.
    pub fn rx_bytes(&self) -> u64 {
        self.0.rx_bytes
    }
    /// Received packets dropped.
    pub fn rx_dropped(&self) -> u64 {
        self.0.rx_dropped
    }
    /// Packets sent.
    pub fn tx_packets(&self) -> u64 {
        self.0.tx_packets
    }
    /// Bytes sent.
    pub fn tx_bytes(&self) -> u64 {
        self.0.tx_bytes
    }
    /// Packets dropped on transmit.
    pub fn tx_dropped(&self) -> u64 {
        self.0.tx_dropped
    }
}

/// The statistics `ip -s link` shows, filled by [`Operations::get_stats64`].
///
/// The block may be only 4-byte aligned (rtnetlink reserves it in a message
/// without padding where unaligned access is cheap), so it is written field
/// by field with unaligned stores, never through a reference.
///
/// # Invariants
///
/// `0` points to a statistics block the holder may write for `'a`.
pub struct Stats64<'a>(*mut bindings::rtnl_link_stats64, PhantomData<&'a mut ()>);

macro_rules! stats64_set {
    ($self:ident, $($field:ident = $value:expr),+) => {
        $(
            // SAFETY: writable for `'a` by the type invariant; unaligned
            // store, as the block may be misaligned.
            unsafe { core::ptr::addr_of_mut!((*$self.0).$field).write_unaligned($value) };
        )+
    };
}

impl Stats64<'_> {
    /// Sets the received packets and bytes.
    pub fn set_rx(&mut self, packets: u64, bytes: u64) {
        stats64_set!(self, rx_packets = packets, rx_bytes = bytes);
    }

    /// Sets the transmitted packets and bytes.
    pub fn set_tx(&mut self, packets: u64, bytes: u64) {
        stats64_set!(self, tx_packets = packets, tx_bytes = bytes);
    }

    /// Sets the packets dropped on receive.
    pub fn set_rx_dropped(&mut self, packets: u64) {
        stats64_set!(self, rx_dropped = packets);
    }

    /// Sets the packets dropped on transmit.
    pub fn set_tx_dropped(&mut self, packets: u64) {
        stats64_set!(self, tx_dropped = packets);
    }

    /// Sets the receive errors.
    pub fn set_rx_errors(&mut self, packets: u64) {
        stats64_set!(self, rx_errors = packets);
    }

    /// Sets the transmit errors.
    pub fn set_tx_errors(&mut self, packets: u64) {
        stats64_set!(self, tx_errors = packets);
    }
}

/// A device being set up, before its private data exists (the `setup`
/// callback of `alloc_netdev`).
///
/// # Invariants
///
/// Points to a `net_device` that is allocated but not registered, to which the
/// holder has exclusive access.
#[repr(transparent)]
pub struct Setup(Opaque<bindings::net_device>);

impl Setup {
    fn raw(&mut self) -> *mut bindings::net_device {
        self.0.get()
    }

    /// Makes it an Ethernet device (`ether_setup`): type, header length,
    /// address length, MTU 1500, broadcast and multicast flags.
    pub fn ether_setup(&mut self) {
        // SAFETY: by the type invariant we have exclusive access to an
        // unregistered device, which `ether_setup` initialises.
        unsafe { bindings::ether_setup(self.raw()) };
    }

    /// Gives the device a random locally administered MAC address.
    pub fn random_mac(&mut self) {
        // SAFETY: as above; the device has an Ethernet address length.
        unsafe { bindings::rsh_eth_hw_addr_random(self.raw()) };
    }

    /// Sets the range `ip link set mtu` accepts.
    pub fn set_mtu_range(&mut self, min: u32, max: u32) {
        let dev = self.raw();
        // SAFETY: exclusive access by the type invariant.
        unsafe {
            (*dev).min_mtu = min;
            (*dev).max_mtu = max;
        }
    }

    /// Sets the MTU.
    pub fn set_mtu(&mut self, mtu: u32) {
        // SAFETY: exclusive access by the type invariant.
        unsafe { (*self.raw()).mtu = mtu };
    }

    /// Sets the length of the transmit queue (packets the qdisc holds).
    pub fn set_tx_queue_len(&mut self, len: u32) {
        // SAFETY: exclusive access by the type invariant.
        unsafe { (*self.raw()).tx_queue_len = len };
    }

    /// Sets the headroom the device needs in front of packets it transmits.
    pub fn set_needed_headroom(&mut self, len: u16) {
        // SAFETY: exclusive access by the type invariant.
        unsafe { (*self.raw()).needed_headroom = len };
    }

    /// The device has no transmit queue discipline (like veth or tunnels).
    pub fn set_no_queue(&mut self) {
        // SAFETY: exclusive access by the type invariant.
        unsafe {
            bindings::rsh_netdev_add_priv_flags(
                self.raw(),
                u64::from(bindings::netdev_priv_flags_IFF_NO_QUEUE),
            )
        };
    }

    /// Offers what an IP tunnel device takes as ip6_tunnel does: scatter
    /// gather and fragment lists, software GSO and checksum offload
    /// (`NETIF_F_SG | NETIF_F_FRAGLIST | NETIF_F_HIGHDMA |
    /// NETIF_F_GSO_SOFTWARE | NETIF_F_HW_CSUM`): packets come to
    /// `start_xmit` unlinearised, unsegmented and with checksums left to the
    /// device that finally sends them.
    pub fn set_tunnel_features(&mut self) {
        // SAFETY: exclusive access by the type invariant.
        unsafe { bindings::rsh_netdev_set_tunnel_features(self.raw()) };
    }

    /// Packets keep their route into `start_xmit` (`netif_keep_dst`), as a
    /// tunnel that answers with ICMP errors (`icmp_ndo_send`) needs.
    pub fn keep_dst(&mut self) {
        // SAFETY: exclusive access by the type invariant.
        unsafe { bindings::rsh_netif_keep_dst(self.raw()) };
    }

    /// IPv6 does not configure the device (no link-local address, no
    /// router solicitations): a device that carries IPv4 only.
    pub fn set_no_addrconf(&mut self) {
        // SAFETY: exclusive access by the type invariant.
        unsafe {
            bindings::rsh_netdev_add_priv_flags(
                self.raw(),
                u64::from(bindings::netdev_priv_flags_IFF_NO_ADDRCONF),
            )
        };
    }

    /// The device stays in the namespace it was created in (its
    /// configuration refers to that namespace's devices and hooks).
    pub fn set_netns_immutable(&mut self) {
        // SAFETY: exclusive access by the type invariant.
        unsafe { bindings::rsh_netdev_set_netns_immutable(self.raw()) };
    }

    /// Starts with the link down, until the driver calls
    /// [`Device::carrier_on`].
    pub fn carrier_off(&mut self) {
        // SAFETY: exclusive access by the type invariant; on an unregistered
        // device `netif_carrier_off` only sets the state bit.
        unsafe { bindings::netif_carrier_off(self.raw()) };
    }

    /// Transmit needs no lock: `start_xmit` may run on several CPUs at once
    /// (stacked devices that hand packets to another device).
    pub fn set_lltx(&mut self) {
        // SAFETY: exclusive access by the type invariant.
        unsafe { bindings::rsh_netdev_set_lltx(self.raw()) };
    }

    /// Keeps the packet and byte counters per CPU (`NETDEV_PCPU_STAT_TSTATS`):
    /// the core allocates them at registration and sums them for
    /// `ip -s link` when the kind has no [`Operations::get_stats64`].
    /// Count with [`NetDevice::count_rx`] and [`NetDevice::count_tx`].
    pub fn set_pcpu_stats(&mut self) {
        // SAFETY: exclusive access by the type invariant.
        unsafe { bindings::rsh_netdev_set_pcpu_tstats(self.raw()) };
    }

    /// Offers TCP/UDP checksum offload over IPv4 and IPv6
    /// (`NETIF_F_IP_CSUM | NETIF_F_IPV6_CSUM`), on by default; see
    /// [`SkBuffRef::csum_partial`](super::skb::SkBuffRef::csum_partial).
    pub fn set_l4_csum_offload(&mut self, on: bool) {
        // SAFETY: exclusive access to the unregistered device by the type
        // invariant.
        unsafe { bindings::rsh_netdev_set_l4_csum(self.raw(), on) };
    }

    /// Makes it a raw-IP device (`ARPHRD_RAWIP`): no link-layer header.
    pub fn set_raw_ip(&mut self) {
        let dev = self.raw();
        // SAFETY: exclusive access by the type invariant.
        unsafe {
            (*dev).type_ = bindings::ARPHRD_RAWIP as u16;
            (*dev).hard_header_len = 0;
            (*dev).addr_len = 0;
        }
    }

    /// The device does not use ARP (point-to-point and raw-IP devices).
    pub fn set_noarp(&mut self) {
        // SAFETY: exclusive access by the type invariant.
        unsafe { bindings::rsh_netdev_add_flags(self.raw(), bindings::net_device_flags_IFF_NOARP) };
    }
}

/// The callbacks of a kind of network device whose private data is `Self`.
#[vtable]
pub trait Operations: Sized + Send + Sync + 'static {
    /// Sets a newly allocated device up (type, MTU, flags), before the
    /// private data is initialised.
    fn setup(dev: &mut Setup);

    /// The device is being registered (`ndo_init`), its private data ready.
    fn init(_dev: &Device<Self>) -> Result {
        Ok(())
    }

    /// The device was unregistered (`ndo_uninit`); undo `init`.
    fn uninit(_dev: &Device<Self>) {}

    /// Index of the device this one sits on (`ndo_get_iflink`), shown by
    /// `ip link` as `dev@parent`.
    fn get_iflink(dev: &Device<Self>) -> i32 {
        dev.ifindex()
    }

    /// Checks a new MTU (`ndo_change_mtu`), already within the device's
    /// MTU range; the core sets it when this returns `Ok`.
    fn change_mtu(_dev: &Device<Self>, _mtu: u32) -> Result {
        Ok(())
    }

    /// The device is brought up (`ndo_open`).
    fn open(_dev: &Device<Self>) -> Result {
        Ok(())
    }

    /// The device is brought down (`ndo_stop`).
    fn stop(_dev: &Device<Self>) -> Result {
        Ok(())
    }

    /// Transmits a packet (`ndo_start_xmit`), inside an RCU read-side section.
    fn start_xmit(dev: &Device<Self>, skb: SkBuff, rcu: &Rcu) -> Tx;

    /// Fills the statistics (`ndo_get_stats64`).
    fn get_stats64(_dev: &Device<Self>, _stats: &mut Stats64<'_>) {}

    /// Names of the kind's own counters (`ethtool -S`), each shorter than
    /// 32 bytes; [`Operations::stats`] gives their values in this order.
    const STAT_NAMES: &'static [&'static str] = &[];

    /// The values of the counters [`Operations::STAT_NAMES`] names, one per
    /// slot of `out`.
    fn stats(_dev: &Device<Self>, _out: &mut [u64]) {}

    /// The device's ring sizes (`ethtool -g`). A kind that implements it
    /// (or names counters) gets ethtool operations: rings, counters, and
    /// the link state.
    fn get_rings(_dev: &Device<Self>) -> Rings {
        Rings::default()
    }

    /// Changes the ring sizes (`ethtool -G`), with RTNL held; the values
    /// are within the maxima [`Operations::get_rings`] gave.
    fn set_rings(_dev: &Device<Self>, _rings: &Rings) -> Result {
        Err(EOPNOTSUPP)
    }

    /// The device is deleted (`ip link del`, its namespace goes away, the
    /// module is unloaded), with RTNL held. Queue it, and any device that must
    /// go with it, on `queue`. The default queues the device alone.
    fn dellink(dev: &Device<Self>, queue: &mut UnregisterQueue<'_>) {
        queue.add(dev);
    }
}

/// Ring sizes (`ethtool -g`/`-G`): buffers in flight and, for receive,
/// the size of each buffer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rings {
    /// Receive buffers in flight.
    pub rx: u32,
    /// Most receive buffers.
    pub rx_max: u32,
    /// Transmit buffers in flight.
    pub tx: u32,
    /// Most transmit buffers.
    pub tx_max: u32,
    /// Size of each receive buffer (`rx-buf-len`).
    pub rx_buf_len: u32,
}

/// A registered network device of any kind.
///
/// # Invariants
///
/// Points to a registered (or being unregistered, with RTNL held) `net_device`,
/// alive for the lifetime of the reference.
#[repr(transparent)]
pub struct NetDevice(Opaque<bindings::net_device>);

impl NetDevice {
    /// # Safety
    ///
    /// `ptr` satisfies the type invariant for `'a`.
    pub(super) unsafe fn from_raw<'a>(ptr: *const bindings::net_device) -> &'a NetDevice {
        // SAFETY: transparent wrapper; the caller guarantees the invariant.
        unsafe { &*ptr.cast() }
    }

    pub(super) fn as_ptr(&self) -> *mut bindings::net_device {
        self.0.get()
    }

    /// The device named `name` in `net`.
    pub fn get_by_name<'a>(_rtnl: &'a Rtnl, net: &Net, name: &CStr) -> Option<&'a NetDevice> {
        // SAFETY: RTNL is held, as `__dev_get_by_name` requires.
        let dev = unsafe { bindings::__dev_get_by_name(net.as_ptr(), cstr::as_ptr(name)) };
        // SAFETY: a registered device stays so while RTNL is held.
        (!dev.is_null()).then(|| unsafe { NetDevice::from_raw(dev) })
    }

    /// The device with index `ifindex` in `net`, in an RCU read-side section.
    pub fn get_by_index_rcu<'a>(_rcu: &'a Rcu, net: &Net, ifindex: i32) -> Option<&'a NetDevice> {
        // SAFETY: live namespace; under RCU the device is not freed.
        let dev = unsafe { bindings::rsh_dev_get_by_index_rcu(net.as_ptr(), ifindex) };
        // SAFETY: a registered device, live until the RCU section ends.
        (!dev.is_null()).then(|| unsafe { NetDevice::from_raw(dev) })
    }

    /// The device with index `ifindex` in `net`.
    pub fn get_by_index<'a>(_rtnl: &'a Rtnl, net: &Net, ifindex: i32) -> Option<&'a NetDevice> {
        // SAFETY: RTNL is held, as `__dev_get_by_index` requires.
        let dev = unsafe { bindings::__dev_get_by_index(net.as_ptr(), ifindex) };
        // SAFETY: a registered device stays so while RTNL is held.
        (!dev.is_null()).then(|| unsafe { NetDevice::from_raw(dev) })
    }

    /// A counted reference that keeps the device from being freed.
    pub fn to_ref(&self) -> DevRef {
        // SAFETY: the device is live; the reference is dropped by `DevRef`.
        unsafe { bindings::rsh_dev_hold(self.as_ptr()) };
        // INVARIANT: we took a reference above.
        DevRef(NonNull::from(self))
    }

    /// The device of `net` with the lowest index `>= from`, for resumable
    /// iteration: continue from its index plus one.
    pub fn next_in<'a>(_rtnl: &'a Rtnl, net: &Net, from: u64) -> Option<&'a NetDevice> {
        let mut idx = from as kernel::ffi::c_ulong;
        // SAFETY: RTNL is held, which keeps the index stable.
        let dev = unsafe { bindings::rsh_netdev_next(net.as_ptr(), &mut idx) };
        // SAFETY: a registered device stays so while RTNL is held.
        (!dev.is_null()).then(|| unsafe { NetDevice::from_raw(dev) })
    }

    /// Sets the MTU (`dev_set_mtu`: checks the range, notifies).
    pub fn set_mtu(&self, _rtnl: &Rtnl, mtu: u32) -> Result {
        // SAFETY: RTNL is held and the device is registered.
        kernel::error::to_result(unsafe { bindings::dev_set_mtu(self.as_ptr(), mtu as i32) })
    }

    /// The hardware type (`ARPHRD_*`).
    pub fn hw_type(&self) -> u16 {
        // SAFETY: the device is live by the type invariant.
        unsafe { (*self.as_ptr()).type_ }
    }

    /// Whether it is an Ethernet device (whose receive path pulled an
    /// Ethernet header off each frame).
    pub fn is_ether(&self) -> bool {
        self.hw_type() == bindings::ARPHRD_ETHER as u16
    }

    /// Transmits `skb` on this device through its queue (`dev_queue_xmit`).
    /// The buffer is always consumed; `Err` means it was dropped.
    pub fn queue_xmit(&self, mut skb: SkBuff) -> Result {
        skb.set_dev(self);
        // SAFETY: the buffer is ours and its device is set to this live device;
        // `dev_queue_xmit` consumes it whatever it returns.
        let ret = unsafe { bindings::__dev_queue_xmit(skb.into_raw(), core::ptr::null_mut()) };
        if ret == bindings::NET_XMIT_SUCCESS as i32 {
            Ok(())
        } else {
            Err(ENOBUFS)
        }
    }

    /// The interface name.
    pub fn name(&self) -> &CStr {
        // SAFETY: `name` is a NUL-terminated array inside the live device.
        unsafe { cstr::from_ptr((*self.as_ptr()).name.as_ptr()) }
    }

    /// The interface index, unique in the device's namespace.
    pub fn ifindex(&self) -> i32 {
        // SAFETY: the device is live by the type invariant.
        unsafe { (*self.as_ptr()).ifindex }
    }

    /// The MTU.
    pub fn mtu(&self) -> u32 {
        // SAFETY: the device is live by the type invariant.
        unsafe { core::ptr::read_volatile(&(*self.as_ptr()).mtu) }
    }

    /// The network namespace the device lives in.
    pub fn net(&self) -> &Net {
        // SAFETY: a device keeps its namespace alive while it exists.
        unsafe { Net::from_raw(bindings::rsh_dev_net(self.as_ptr())) }
    }

    /// Whether the device is up.
    pub fn is_running(&self) -> bool {
        // SAFETY: the device is live by the type invariant.
        unsafe { bindings::rsh_netif_running(self.as_ptr()) }
    }

    /// Signals that the link is up.
    pub fn carrier_on(&self) {
        // SAFETY: the device is live and registered.
        unsafe { bindings::netif_carrier_on(self.as_ptr()) };
    }

    /// Signals that the link is down.
    pub fn carrier_off(&self) {
        // SAFETY: the device is live and registered.
        unsafe { bindings::netif_carrier_off(self.as_ptr()) };
    }

    /// Counts `packets` received packets of `len` bytes in all in the
    /// per-CPU counters (see [`Setup::set_pcpu_stats`]; a no-op on devices
    /// without them).
    pub fn count_rx(&self, packets: u32, len: u32) {
        // SAFETY: the device is live; the helper checks for the counters.
        unsafe { bindings::rsh_dev_sw_netstats_rx_add(self.as_ptr(), packets, len) };
    }

    /// Counts `packets` sent packets of `len` bytes in all, per CPU.
    pub fn count_tx(&self, packets: u32, len: u32) {
        // SAFETY: the device is live; the helper checks for the counters.
        unsafe { bindings::rsh_dev_sw_netstats_tx_add(self.as_ptr(), packets, len) };
    }

    /// Counts a packet dropped on receive (per-CPU core counters).
    pub fn count_rx_dropped(&self) {
        // SAFETY: the device is live.
        unsafe { bindings::rsh_dev_core_stats_rx_dropped_inc(self.as_ptr()) };
    }

    /// Counts a packet dropped on transmit (per-CPU core counters).
    pub fn count_tx_dropped(&self) {
        // SAFETY: the device is live.
        unsafe { bindings::rsh_dev_core_stats_tx_dropped_inc(self.as_ptr()) };
    }

    /// The device's statistics as `ip -s link` shows them (`dev_get_stats`).
    pub fn stats(&self) -> LinkStats {
        let mut s = bindings::rtnl_link_stats64::default();
        // SAFETY: the device is live; `dev_get_stats` fills `s` and returns it.
        unsafe { bindings::dev_get_stats(self.as_ptr(), &mut s) };
        LinkStats(s)
    }

    /// Allows the core to call `start_xmit`.
    pub fn start_queue(&self) {
        // SAFETY: the device is live and registered.
        unsafe { bindings::rsh_netif_start_queue(self.as_ptr()) };
    }

    /// Stops the core from calling `start_xmit` (flow control).
    pub fn stop_queue(&self) {
        // SAFETY: the device is live and registered.
        unsafe { bindings::rsh_netif_stop_queue(self.as_ptr()) };
    }

    /// Stops the queues and waits for a `start_xmit` in progress to return
    /// (`netif_tx_disable`): after this, none runs until the queues are
    /// woken. Takes the transmit locks: not from `start_xmit`.
    pub fn tx_disable(&self) {
        // SAFETY: the device is live and registered. (Called from its own
        // `start_xmit` it would deadlock, which is not unsafe.)
        unsafe { bindings::rsh_netif_tx_disable(self.as_ptr()) };
    }

    /// The stop half of the lockless stop/wake pattern (as
    /// `netif_txq_try_stop`): stops the queue, then, after a full barrier,
    /// asks `room` again and wakes the queue if there is room after all (a
    /// completion freed some before it could see the queue stopped).
    /// Returns whether the queue stays stopped. Pairs with
    /// [`NetDevice::wake_queue_if`] in the completion path.
    pub fn try_stop_queue(&self, room: impl FnOnce() -> bool) -> bool {
        self.stop_queue();
        // Orders the stop before reading the ring; pairs with the fence in
        // `wake_queue_if` (smp_mb__after_atomic: set_bit is relaxed on
        // arm64).
        core::sync::atomic::fence(core::sync::atomic::Ordering::SeqCst);
        if room() {
            self.wake_queue();
            false
        } else {
            true
        }
    }

    /// The wake half (as `netif_txq_completed_wake`), after the caller
    /// freed room: wakes the queue if it is stopped and `room` says there
    /// is room.
    pub fn wake_queue_if(&self, room: impl FnOnce() -> bool) {
        // Orders the freeing before reading the stopped bit; pairs with the
        // fence in `try_stop_queue`, so that one of the two sides sees the
        // other and the queue is never left stopped with room.
        core::sync::atomic::fence(core::sync::atomic::Ordering::SeqCst);
        if self.is_queue_stopped() && room() {
            self.wake_queue();
        }
    }

    /// Lets the core call `start_xmit` again and reschedules the queue.
    pub fn wake_queue(&self) {
        // SAFETY: the device is live and registered.
        unsafe { bindings::rsh_netif_wake_queue(self.as_ptr()) };
    }

    /// Whether the queue is stopped.
    pub fn is_queue_stopped(&self) -> bool {
        // SAFETY: the device is live and registered.
        unsafe { bindings::rsh_netif_queue_stopped(self.as_ptr()) }
    }

    /// Whether a handler (a bridge, a mux: see `rx_handler`) takes what the
    /// device receives.
    pub fn has_rx_handler(&self) -> bool {
        // SAFETY: the device is live; the pointer is only compared.
        unsafe { bindings::rsh_netdev_has_rx_handler(self.as_ptr()) }
    }

    /// Delivers `skb` to the stack as received on this device (`netif_rx`:
    /// queued to the current CPU's backlog, processed in softirq).
    pub fn rx(&self, mut skb: SkBuff) {
        skb.set_dev(self);
        // SAFETY: the device is live; `netif_rx` takes the buffer whatever it
        // returns and may be called from any context.
        unsafe { bindings::netif_rx(skb.into_raw()) };
    }

    /// Receives an Ethernet frame on this device as if it came off the wire,
    /// scrubbing it when it crosses namespaces (`dev_forward_skb`). The
    /// buffer is always consumed; `Err` means it was dropped.
    pub fn forward(&self, skb: SkBuff) -> Result {
        // SAFETY: the device is live; `dev_forward_skb` takes the buffer's
        // reference whatever it returns.
        let ret = unsafe { bindings::dev_forward_skb(self.as_ptr(), skb.into_raw()) };
        if ret == bindings::NET_RX_SUCCESS as i32 {
            Ok(())
        } else {
            Err(ENOBUFS)
        }
    }
}

/// A counted reference to a network device (`dev_hold`/`dev_put`).
///
/// # Invariants
///
/// Holds one reference on a device that was registered when it was taken.
pub struct DevRef(NonNull<NetDevice>);

// SAFETY: device references may be taken and dropped from any thread.
unsafe impl Send for DevRef {}
// SAFETY: `NetDevice` methods are safe to call concurrently.
unsafe impl Sync for DevRef {}

impl core::ops::Deref for DevRef {
    type Target = NetDevice;

    fn deref(&self) -> &NetDevice {
        // SAFETY: the reference keeps the device's memory alive.
        unsafe { self.0.as_ref() }
    }
}

impl Clone for DevRef {
    fn clone(&self) -> DevRef {
        self.to_ref()
    }
}

impl Drop for DevRef {
    fn drop(&mut self) {
        // SAFETY: we own one reference (type invariant).
        unsafe { bindings::rsh_dev_put(self.0.as_ptr().cast()) };
    }
}

/// The private data area: `T` and whether it is initialised.
#[repr(C)]
struct Priv<T> {
    ready: bool,
    data: MaybeUninit<T>,
}

/// A registered network device of the kind described by `T`.
///
/// # Invariants
///
/// Points to a `net_device` whose `netdev_ops` and `rtnl_link_ops` are those of
/// `T` (no `rtnl_link_ops` for a driver's device, see [`Registration`]) and
/// whose private area holds an initialised `Priv<T>` (`ready`), alive
/// for the lifetime of the reference.
#[repr(transparent)]
pub struct Device<T>(Opaque<bindings::net_device>, PhantomData<T>);

impl<T: Operations> Device<T> {
    /// # Safety
    ///
    /// `ptr` satisfies the type invariant for `'a`.
    pub(crate) unsafe fn from_raw<'a>(ptr: *const bindings::net_device) -> &'a Device<T> {
        // SAFETY: transparent wrapper; the caller guarantees the invariant.
        unsafe { &*ptr.cast() }
    }

    pub(crate) fn as_ptr(&self) -> *mut bindings::net_device {
        self.0.get()
    }

    fn priv_ptr(dev: *const bindings::net_device) -> *mut Priv<T> {
        // SAFETY: every device of kind `T` is allocated with a private area of
        // `size_of::<Priv<T>>()` bytes; `netdev_priv` only computes an address.
        unsafe { bindings::rsh_netdev_priv(dev).cast() }
    }

    /// The private data.
    pub fn data(&self) -> &T {
        let p = Self::priv_ptr(self.as_ptr());
        // SAFETY: by the type invariant the private data is initialised, and it
        // lives as long as the device.
        unsafe { (*p).data.assume_init_ref() }
    }

    /// Offers or withdraws TCP/UDP checksum offload (see
    /// [`Setup::set_l4_csum_offload`]) and announces the change.
    pub fn set_l4_csum_offload(&self, _rtnl: &Rtnl, on: bool) {
        // SAFETY: RTNL is held (the token proves it), which serialises
        // feature changes of a registered device.
        unsafe { bindings::rsh_netdev_set_l4_csum(self.as_ptr(), on) };
    }

    /// Brings the device up (`dev_open`), as `ip link set DEV up`.
    pub fn open(&self, _rtnl: &Rtnl) -> Result {
        // SAFETY: RTNL is held (the token proves it); the device is registered.
        kernel::error::to_result(unsafe {
            bindings::dev_open(self.as_ptr(), core::ptr::null_mut())
        })
    }

    /// Deletes the device, and whatever [`Operations::dellink`] takes with it.
    /// A device owned by a driver ([`Registration`]) goes only when its
    /// driver lets it go: this does nothing to it.
    pub fn delete(&self, _rtnl: &Rtnl) {
        // SAFETY: the device is registered, so its fields may be read.
        if unsafe { (*self.as_ptr()).rtnl_link_ops.is_null() } {
            return;
        }
        // SAFETY: RTNL is held (the token proves it) and the device is
        // registered; a null queue unregisters at once, as `dellink` allows.
        unsafe { dellink_callback::<T>(self.as_ptr(), core::ptr::null_mut()) };
    }
}

impl<T> core::ops::Deref for Device<T> {
    type Target = NetDevice;

    fn deref(&self) -> &NetDevice {
        // SAFETY: a `Device<T>` is a registered `net_device`.
        unsafe { NetDevice::from_raw(self.0.get()) }
    }
}

/// Devices queued for unregistration in one batch (`dellink`'s list).
///
/// # Invariants
///
/// `head` is null (unregister at once) or the list the core passed to
/// `dellink`; RTNL is held for `'a`.
pub struct UnregisterQueue<'a> {
    head: *mut bindings::list_head,
    _rtnl: PhantomData<&'a Rtnl>,
}

impl<'a> UnregisterQueue<'a> {
    /// Proof that RTNL is held, for the duration of the `dellink` callback.
    pub fn rtnl(&self) -> &'a Rtnl {
        // SAFETY: by the type invariant RTNL is held while `self` lives.
        unsafe { Rtnl::assume_held() }
    }

    /// Queues a device for unregistration.
    pub fn add<T: Operations>(&mut self, dev: &Device<T>) {
        // SAFETY: RTNL is held and `head` is valid, by the type invariant; the
        // device is registered.
        unsafe { bindings::unregister_netdevice_queue(dev.as_ptr(), self.head) };
    }
}

/// A reference to another device of the same kind (say, the peer of a
/// pair), readable under RCU or RTNL, written under RTNL.
///
/// # Invariants
///
/// The pointer is null or points to a device of kind `T` on which this value
/// holds a reference (`dev_hold`), so the device is not freed while published;
/// a reference is dropped only after an RCU grace period following the
/// pointer's removal.
pub struct DevicePtr<T> {
    ptr: AtomicPtr<bindings::net_device>,
    _p: PhantomData<T>,
}

// SAFETY: the pointer is only dereferenced under RCU or RTNL, and devices are
// usable from any thread.
unsafe impl<T> Send for DevicePtr<T> {}
// SAFETY: as above; updates are atomic and happen under RTNL.
unsafe impl<T> Sync for DevicePtr<T> {}

impl<T: Operations> DevicePtr<T> {
    /// An empty pointer.
    pub const fn new() -> Self {
        Self {
            ptr: AtomicPtr::new(core::ptr::null_mut()),
            _p: PhantomData,
        }
    }

    /// The device, in an RCU read-side section.
    pub fn get<'a>(&self, _rcu: &'a Rcu) -> Option<&'a Device<T>> {
        let p = self.ptr.load(Ordering::Acquire);
        // SAFETY: by the type invariant a non-null pointer is a device of kind
        // `T` that is not freed before the grace period ends.
        (!p.is_null()).then(|| unsafe { Device::from_raw(p) })
    }

    /// The device, with RTNL held.
    pub fn get_rtnl<'a>(&self, _rtnl: &'a Rtnl) -> Option<&'a Device<T>> {
        let p = self.ptr.load(Ordering::Acquire);
        // SAFETY: by the type invariant a non-null pointer holds a reference,
        // and only RTNL holders (excluded while we hold it) drop it.
        (!p.is_null()).then(|| unsafe { Device::from_raw(p) })
    }

    /// Publishes `dev`, taking a reference on it. Fails with `EBUSY` if a
    /// device is already published.
    pub fn set(&self, _rtnl: &Rtnl, dev: &Device<T>) -> Result {
        if !self.ptr.load(Ordering::Relaxed).is_null() {
            return Err(EBUSY);
        }
        // SAFETY: the device is live; the reference is dropped by `clear`.
        unsafe { bindings::rsh_dev_hold(dev.as_ptr()) };
        self.ptr.store(dev.as_ptr(), Ordering::Release);
        Ok(())
    }

    /// Removes the device, if any, waiting for RCU readers before dropping the
    /// reference. Returns whether a device was published.
    pub fn clear(&self, _rtnl: &Rtnl) -> bool {
        let p = self.ptr.swap(core::ptr::null_mut(), Ordering::AcqRel);
        if p.is_null() {
            return false;
        }
        synchronize_net();
        // SAFETY: `p` carried the reference taken in `set`; readers that could
        // see it have finished.
        unsafe { bindings::rsh_dev_put(p) };
        true
    }
}

impl<T> Drop for DevicePtr<T> {
    fn drop(&mut self) {
        let p = *self.ptr.get_mut();
        if !p.is_null() {
            // Only reachable if a driver forgot to clear: the device keeps an
            // extra reference, so it is leaked rather than freed under a reader.
            kernel::pr_warn!("support: DevicePtr dropped while set\n");
        }
    }
}

/// A kind of network device, registered with rtnetlink.
///
/// # Invariants
///
/// Once `registered` is true, `ops` is an initialised `rtnl_link_ops` of kind
/// `T` registered with rtnetlink; it stays so until the [`LinkRegistration`]
/// is dropped.
pub struct LinkOps<T: Operations> {
    ops: Opaque<bindings::rtnl_link_ops>,
    kind: &'static CStr,
    registered: AtomicBool,
    /// Set while a registration is made or held: only its owner writes `ops`.
    claimed: AtomicBool,
    _p: PhantomData<T>,
}

// SAFETY: `ops` is written once before registration, then only by rtnetlink
// under its own locks.
unsafe impl<T: Operations> Sync for LinkOps<T> {}

/// Keeps a [`LinkOps`] registered; unregistering deletes every device of the
/// kind, in all namespaces.
pub struct LinkRegistration<T: Operations>(&'static LinkOps<T>);

impl<T: Operations> Drop for LinkRegistration<T> {
    fn drop(&mut self) {
        self.0.registered.store(false, Ordering::Release);
        // SAFETY: registered in `LinkOps::register`, by the type invariant.
        unsafe { bindings::rtnl_link_unregister(self.0.ops.get()) };
        self.0.claimed.store(false, Ordering::Release);
    }
}

struct VTable<T>(PhantomData<T>);

impl<T: Operations> VTable<T> {
    const NETDEV_OPS: bindings::net_device_ops = bindings::net_device_ops {
        ndo_init: Some(init_callback::<T>),
        ndo_uninit: Some(uninit_callback::<T>),
        ndo_get_iflink: if T::HAS_GET_IFLINK {
            Some(get_iflink_callback::<T>)
        } else {
            None
        },
        ndo_change_mtu: if T::HAS_CHANGE_MTU {
            Some(change_mtu_callback::<T>)
        } else {
            None
        },
        ndo_open: Some(open_callback::<T>),
        ndo_stop: Some(stop_callback::<T>),
        ndo_start_xmit: Some(start_xmit_callback::<T>),
        ndo_get_stats64: if T::HAS_GET_STATS64 {
            Some(get_stats64_callback::<T>)
        } else {
            None
        },
        // SAFETY: all-zero is a valid `net_device_ops` (no callbacks).
        ..unsafe { MaybeUninit::zeroed().assume_init() }
    };

    const ETHTOOL_OPS: bindings::ethtool_ops = bindings::ethtool_ops {
        supported_ring_params: bindings::ethtool_supported_ring_param_ETHTOOL_RING_USE_RX_BUF_LEN,
        get_link: Some(bindings::ethtool_op_get_link),
        get_ringparam: if T::HAS_GET_RINGS {
            Some(get_ringparam_callback::<T>)
        } else {
            None
        },
        get_sset_count: Some(get_sset_count_callback::<T>),
        get_strings: Some(get_strings_callback::<T>),
        get_ethtool_stats: Some(get_ethtool_stats_callback::<T>),
        set_ringparam: if T::HAS_SET_RINGS {
            Some(set_ringparam_callback::<T>)
        } else {
            None
        },
        // SAFETY: all-zero is a valid `ethtool_ops` (no callbacks).
        ..unsafe { MaybeUninit::zeroed().assume_init() }
    };
}

impl<T: Operations> LinkOps<T> {
    /// A link kind named `kind` (what `ip -d link` prints), not yet registered.
    pub const fn new(kind: &'static CStr) -> Self {
        Self {
            ops: Opaque::uninit(),
            kind,
            registered: AtomicBool::new(false),
            claimed: AtomicBool::new(false),
            _p: PhantomData,
        }
    }

    /// Registers the kind with rtnetlink.
    pub fn register(&'static self) -> Result<LinkRegistration<T>> {
        if self.claimed.swap(true, Ordering::AcqRel) {
            return Err(EBUSY);
        }
        kernel::prelude::build_assert!(core::mem::align_of::<Priv<T>>() <= 32);
        // SAFETY: all-zero is a valid `rtnl_link_ops`.
        let mut ops: bindings::rtnl_link_ops = unsafe { MaybeUninit::zeroed().assume_init() };
        ops.kind = cstr::as_ptr(self.kind);
        ops.priv_size = core::mem::size_of::<Priv<T>>();
        ops.setup = Some(setup_callback::<T>);
        ops.newlink = Some(newlink_callback);
        ops.dellink = Some(dellink_callback::<T>);
        // SAFETY: we claimed `ops` and it is not registered, so nobody else
        // reads or writes it; it lives forever (a static).
        unsafe { self.ops.get().write(ops) };
        // SAFETY: `ops` is initialised and lives forever.
        let ret = unsafe { bindings::rtnl_link_register(self.ops.get()) };
        if ret != 0 {
            self.claimed.store(false, Ordering::Release);
            return Err(Error::from_errno(ret));
        }
        self.registered.store(true, Ordering::Release);
        Ok(LinkRegistration(self))
    }

    fn owns(&self, dev: *const bindings::net_device) -> bool {
        // SAFETY: the caller passes a live device.
        let ops = unsafe { (*dev).rtnl_link_ops };
        self.registered.load(Ordering::Acquire) && core::ptr::eq(ops, self.ops.get())
    }

    /// Allocates a device named `name` (or a pattern with `%d`) in `net`,
    /// initialises its private data with `init` and registers it.
    pub fn create<'a>(
        &'static self,
        _rtnl: &'a Rtnl,
        net: &Net,
        name: &CStr,
        init: impl PinInit<T, Error>,
    ) -> Result<&'a Device<T>> {
        if !self.registered.load(Ordering::Acquire) {
            return Err(ENODEV);
        }
        let net = net.as_ptr();
        let dev = new_device(name, bindings::NET_NAME_USER, init, |dev| {
            // SAFETY: `dev` is new and ours; the ops and the namespace
            // outlive it.
            unsafe {
                (*dev).rtnl_link_ops = self.ops.get();
                bindings::rsh_dev_net_set(dev, net);
            }
        })?;
        // SAFETY: RTNL is held (token); the device is fully initialised.
        let ret = unsafe { bindings::register_netdevice(dev) };
        // SAFETY: `dev` came from `new_device` and `ret` is its registration.
        unsafe { registered::<T>(dev, ret) }?;
        // SAFETY: registered with our ops and initialised private data; it
        // cannot be unregistered before RTNL (held for `'a`) is released.
        Ok(unsafe { Device::from_raw(dev) })
    }

    /// `dev` as a device of this kind, if it is one.
    pub fn downcast<'a>(&self, dev: &'a NetDevice) -> Option<&'a Device<T>> {
        // SAFETY: a registered device whose `rtnl_link_ops` are ours was
        // created by `create`, with initialised private data.
        self.owns(dev.as_ptr())
            .then(|| unsafe { Device::from_raw(dev.as_ptr()) })
    }

    /// The device of this kind named `name` in `net`.
    pub fn get_by_name<'a>(&self, rtnl: &'a Rtnl, net: &Net, name: &CStr) -> Option<&'a Device<T>> {
        NetDevice::get_by_name(rtnl, net, name).and_then(|d| self.downcast(d))
    }

    /// The device of this kind with index `ifindex` in `net`.
    pub fn get_by_index<'a>(
        &self,
        rtnl: &'a Rtnl,
        net: &Net,
        ifindex: i32,
    ) -> Option<&'a Device<T>> {
        NetDevice::get_by_index(rtnl, net, ifindex).and_then(|d| self.downcast(d))
    }

    /// The first device of this kind in `net` for which `f` returns
    /// something, and that something; in an RCU read-side section (packet
    /// paths: a module has few devices of its kind per namespace).
    pub fn find_rcu<'a, R>(
        &self,
        _rcu: &'a Rcu,
        net: &Net,
        mut f: impl FnMut(&'a Device<T>) -> Option<R>,
    ) -> Option<R> {
        let mut dev = core::ptr::null_mut();
        loop {
            // SAFETY: `net` is live and we are in an RCU read-side section,
            // which keeps the list's devices from being freed.
            dev = unsafe { bindings::rsh_next_netdev_rcu(net.as_ptr(), dev) };
            if dev.is_null() {
                return None;
            }
            if self.owns(dev) {
                // SAFETY: a device with our ops was created by `create`, with
                // initialised private data; RCU keeps it for `'a`.
                if let Some(r) = f(unsafe { Device::from_raw(dev) }) {
                    return Some(r);
                }
            }
        }
    }

    /// The device of this kind in `net` with the lowest index `>= from`, for
    /// resumable iteration (dumps): continue from its index plus one.
    pub fn next_in<'a>(&self, rtnl: &'a Rtnl, net: &Net, mut from: u64) -> Option<&'a Device<T>> {
        loop {
            let dev = NetDevice::next_in(rtnl, net, from)?;
            if let Some(d) = self.downcast(dev) {
                return Some(d);
            }
            from = (dev.ifindex() as u64).checked_add(1)?;
        }
    }
}

/// The device a network device sits on in the device model (a USB
/// interface, an MHI device): what `SET_NETDEV_DEV` sets, shown as
/// `/sys/class/net/DEV/device`.
///
/// # Invariants
///
/// Points to a live `struct device` for `'a`.
pub struct Parent<'a>(NonNull<bindings::device>, PhantomData<&'a ()>);

impl Parent<'_> {
    /// # Safety
    ///
    /// `dev` points to a `struct device` that lives for `'a`.
    pub(crate) unsafe fn from_raw<'a>(dev: *mut bindings::device) -> Option<Parent<'a>> {
        // INVARIANT: guaranteed by the caller.
        NonNull::new(dev).map(|d| Parent(d, PhantomData))
    }
}

/// A network device owned by a driver rather than by a link kind: a
/// modem's data pipe, created when the hardware is bound and gone when it
/// is unbound. It has no `rtnl_link_ops` (`ip link del` refuses it, as it
/// refuses any hardware device); it is registered by [`Registration::new`]
/// and unregistered when the registration is dropped.
///
/// # Invariants
///
/// `dev` is a registered device of kind `T` (netdev ops of `T`, initialised
/// private data, no `rtnl_link_ops`) until `self` is dropped.
pub struct Registration<T: Operations> {
    dev: NonNull<bindings::net_device>,
    _p: PhantomData<T>,
}

// SAFETY: the device is shared with the networking core, which may use it
// from any context; `T: Send + Sync`.
unsafe impl<T: Operations> Send for Registration<T> {}
// SAFETY: as above.
unsafe impl<T: Operations> Sync for Registration<T> {}

// Moving the registration does not move the device.
impl<T: Operations> Unpin for Registration<T> {}

impl<T: Operations> Registration<T> {
    /// Allocates a device named `name` (or a pattern with `%d`) in the
    /// initial namespace, below `parent`, initialises its private data with
    /// `init` and registers it. Takes RTNL.
    pub fn new(parent: Parent<'_>, name: &CStr, init: impl PinInit<T, Error>) -> Result<Self> {
        let parent = parent.0.as_ptr();
        let dev = new_device(name, bindings::NET_NAME_PREDICTABLE, init, |dev| {
            // SAFETY: `dev` is new and ours; `parent` lives at least until
            // `dev` is unregistered (the driver core keeps a reference to it
            // from the device).
            unsafe { (*dev).dev.parent = parent };
        })?;
        // SAFETY: the device is fully initialised; `register_netdev` takes
        // RTNL itself.
        let ret = unsafe { bindings::register_netdev(dev) };
        // SAFETY: `dev` came from `new_device` and `ret` is its registration.
        unsafe { registered::<T>(dev, ret) }?;
        // INVARIANT: registered above, with the ops and data of `T`.
        Ok(Registration {
            // SAFETY: `new_device` never returns a null device.
            dev: unsafe { NonNull::new_unchecked(dev) },
            _p: PhantomData,
        })
    }

    /// The device.
    pub fn device(&self) -> &Device<T> {
        // SAFETY: registered until `self` is dropped (type invariant).
        unsafe { Device::from_raw(self.dev.as_ptr()) }
    }
}

impl<T: Operations> Drop for Registration<T> {
    fn drop(&mut self) {
        // SAFETY: registered (type invariant) and only unregistered here;
        // `unregister_netdev` takes RTNL, closes the device and frees it
        // once the last reference goes (`needs_free_netdev`).
        unsafe { bindings::unregister_netdev(self.dev.as_ptr()) };
    }
}

/// Allocates a device of kind `T` named `name` (a pattern with `%d`, or a
/// name assigned as `assign` says), lets `prepare` set it up, and
/// initialises its private data with `init`. Not registered yet: pass it to
/// [`registered`] after registering it.
fn new_device<T: Operations>(
    name: &CStr,
    assign: u32,
    init: impl PinInit<T, Error>,
    prepare: impl FnOnce(*mut bindings::net_device),
) -> Result<*mut bindings::net_device> {
    if name.is_empty() || cstr::bytes(name).len() > IFNAMSIZ_MAX {
        return Err(EINVAL);
    }
    kernel::prelude::build_assert!(core::mem::align_of::<Priv<T>>() <= 32);
    let assign = if cstr::bytes(name).contains(&b'%') {
        bindings::NET_NAME_ENUM
    } else {
        assign
    };
    // SAFETY: the name fits `IFNAMSIZ` (checked above); the setup callback
    // matches the private size.
    let dev = unsafe {
        bindings::alloc_netdev_mqs(
            core::mem::size_of::<Priv<T>>() as i32,
            cstr::as_ptr(name),
            assign as u8,
            Some(setup_callback::<T>),
            1,
            1,
        )
    };
    if dev.is_null() {
        return Err(ENOMEM);
    }
    prepare(dev);
    let p = Device::<T>::priv_ptr(dev);
    // SAFETY: `dev` is ours until registered; the private area is zeroed
    // memory of the right size and alignment for `Priv<T>`.
    unsafe {
        if let Err(e) = super::init::pinned_init(init, (*p).data.as_mut_ptr()) {
            bindings::free_netdev(dev);
            return Err(e);
        }
        (*p).ready = true;
    }
    Ok(dev)
}

/// The outcome `ret` of registering `dev`; on failure, drops its private
/// data and frees it, as `rtnl_newlink` does.
///
/// # Safety
///
/// `dev` comes from [`new_device`] and `ret` is what registering it returned.
unsafe fn registered<T: Operations>(dev: *mut bindings::net_device, ret: i32) -> Result {
    if ret != 0 {
        // SAFETY: registration failed: the private data is dropped
        // (idempotent if the core already did) and the device freed.
        unsafe {
            priv_destructor_callback::<T>(dev);
            bindings::free_netdev(dev);
        }
        return Err(Error::from_errno(ret));
    }
    Ok(())
}

/// `rtnl_link_ops.setup` of kind `T`, called by `alloc_netdev_mqs`.
///
/// # Safety
///
/// `dev` is a newly allocated device, not shared yet, whose private area is a
/// `Device<T>`'s.
unsafe extern "C" fn setup_callback<T: Operations>(dev: *mut bindings::net_device) {
    // SAFETY: the core calls `setup` on a new device that it does not share yet.
    unsafe {
        (*dev).netdev_ops = &VTable::<T>::NETDEV_OPS;
        (*dev).priv_destructor = Some(priv_destructor_callback::<T>);
        bindings::rsh_set_needs_free_netdev(dev);
        if T::HAS_GET_RINGS || !T::STAT_NAMES.is_empty() {
            (*dev).ethtool_ops = &VTable::<T>::ETHTOOL_OPS;
        }
        T::setup(&mut *dev.cast::<Setup>());
    }
}

/// `net_device.priv_destructor` of kind `T`, set by [`setup_callback`].
///
/// # Safety
///
/// `dev` is a device of kind `T` that is unregistered (or never was), whose
/// private data nothing uses any more.
unsafe extern "C" fn priv_destructor_callback<T: Operations>(dev: *mut bindings::net_device) {
    let p = Device::<T>::priv_ptr(dev);
    // SAFETY: called once the device is unregistered (or failed to register),
    // when nothing else uses the private data; `ready` makes it idempotent.
    unsafe {
        if (*p).ready {
            (*p).ready = false;
            (*p).data.assume_init_drop();
        }
    }
}

/// `rtnl_link_ops.newlink` (6.12's arguments): devices are created by the
/// families, not by `ip link add`.
///
/// # Safety
///
/// `extack` is null or a valid extended ack of the request.
#[cfg(not(kernel_7))]
unsafe extern "C" fn newlink_callback(
    _src_net: *mut bindings::net,
    _dev: *mut bindings::net_device,
    _tb: *mut *mut bindings::nlattr,
    _data: *mut *mut bindings::nlattr,
    extack: *mut bindings::netlink_ext_ack,
) -> kernel::ffi::c_int {
    // SAFETY: as this function's caller guarantees.
    unsafe { refuse_newlink(extack) }
}

/// `rtnl_link_ops.newlink` (7.x's arguments, `struct rtnl_newlink_params`):
/// devices are created by the families, not by `ip link add`.
///
/// # Safety
///
/// `extack` is null or a valid extended ack of the request.
#[cfg(kernel_7)]
unsafe extern "C" fn newlink_callback(
    _dev: *mut bindings::net_device,
    _params: *mut bindings::rtnl_newlink_params,
    extack: *mut bindings::netlink_ext_ack,
) -> kernel::ffi::c_int {
    // SAFETY: as this function's caller guarantees.
    unsafe { refuse_newlink(extack) }
}

/// Refuses an `ip link add` of a family's kind, saying why in `extack`.
///
/// # Safety
///
/// `extack` is null or a valid extended ack of the request.
unsafe fn refuse_newlink(extack: *mut bindings::netlink_ext_ack) -> kernel::ffi::c_int {
    if !extack.is_null() {
        // SAFETY: the core passes a valid extack; the message is static.
        unsafe {
            (*extack)._msg = cstr::as_ptr(kernel::c_str!(
                "create this kind of device with its generic netlink family"
            ))
        };
    }
    EOPNOTSUPP.to_errno()
}

/// `rtnl_link_ops.dellink` of kind `T`.
///
/// # Safety
///
/// Called with RTNL held; `dev` is a registered device of kind `T`; `head` is
/// null or the unregistration list of the batch, valid while RTNL is held.
unsafe extern "C" fn dellink_callback<T: Operations>(
    dev: *mut bindings::net_device,
    head: *mut bindings::list_head,
) {
    // SAFETY: the core calls `dellink` with RTNL held on a registered device of
    // this kind (its `rtnl_link_ops` are ours).
    let (dev, mut queue) = unsafe {
        (
            Device::<T>::from_raw(dev),
            UnregisterQueue {
                head,
                _rtnl: PhantomData,
            },
        )
    };
    T::dellink(dev, &mut queue);
}

/// `ndo_init` of kind `T`.
///
/// # Safety
///
/// `dev` is a device of kind `T` being registered, whose private data
/// [`LinkOps::create`] initialised.
unsafe extern "C" fn init_callback<T: Operations>(
    dev: *mut bindings::net_device,
) -> kernel::ffi::c_int {
    // SAFETY: `ndo_init` is called by `register_netdevice` on a device of
    // this kind whose private data `LinkOps::create` initialised.
    let dev = unsafe { Device::<T>::from_raw(dev) };
    match T::init(dev) {
        Ok(()) => 0,
        Err(e) => e.to_errno(),
    }
}

/// `ndo_uninit` of kind `T`.
///
/// # Safety
///
/// `dev` is a device of kind `T` whose private data is not dropped yet.
unsafe extern "C" fn uninit_callback<T: Operations>(dev: *mut bindings::net_device) {
    // SAFETY: `ndo_uninit` is called on a device of this kind, before its
    // private data is dropped by the destructor.
    let dev = unsafe { Device::<T>::from_raw(dev) };
    T::uninit(dev);
}

/// `ndo_get_iflink` of kind `T`.
///
/// # Safety
///
/// `dev` is a registered device of kind `T`.
unsafe extern "C" fn get_iflink_callback<T: Operations>(
    dev: *const bindings::net_device,
) -> kernel::ffi::c_int {
    // SAFETY: called on a registered device of this kind.
    let dev = unsafe { Device::<T>::from_raw(dev) };
    T::get_iflink(dev)
}

/// `ndo_change_mtu` of kind `T`.
///
/// # Safety
///
/// Called with RTNL held; `dev` is a registered device of kind `T`.
unsafe extern "C" fn change_mtu_callback<T: Operations>(
    dev: *mut bindings::net_device,
    new_mtu: kernel::ffi::c_int,
) -> kernel::ffi::c_int {
    // SAFETY: called with RTNL held on a registered device of this kind.
    let d = unsafe { Device::<T>::from_raw(dev) };
    match T::change_mtu(d, new_mtu as u32) {
        Ok(()) => {
            // SAFETY: as above; `ndo_change_mtu` is where drivers set the MTU.
            unsafe { core::ptr::write_volatile(&mut (*dev).mtu, new_mtu as u32) };
            0
        }
        Err(e) => e.to_errno(),
    }
}

/// `ndo_open` of kind `T`.
///
/// # Safety
///
/// Called with RTNL held; `dev` is a registered device of kind `T`.
unsafe extern "C" fn open_callback<T: Operations>(
    dev: *mut bindings::net_device,
) -> kernel::ffi::c_int {
    // SAFETY: `ndo_open` is only called on registered devices of this kind.
    let dev = unsafe { Device::<T>::from_raw(dev) };
    match T::open(dev) {
        Ok(()) => 0,
        Err(e) => e.to_errno(),
    }
}

/// `ndo_stop` of kind `T`.
///
/// # Safety
///
/// Called with RTNL held; `dev` is a registered device of kind `T`.
unsafe extern "C" fn stop_callback<T: Operations>(
    dev: *mut bindings::net_device,
) -> kernel::ffi::c_int {
    // SAFETY: `ndo_stop` is only called on registered devices of this kind.
    let dev = unsafe { Device::<T>::from_raw(dev) };
    match T::stop(dev) {
        Ok(()) => 0,
        Err(e) => e.to_errno(),
    }
}

/// `ndo_start_xmit` of kind `T`.
///
/// # Safety
///
/// Called inside an RCU-bh read-side critical section (`__dev_queue_xmit`);
/// `dev` is a registered device of kind `T`; `skb` is a buffer whose ownership
/// passes to the callee.
unsafe extern "C" fn start_xmit_callback<T: Operations>(
    skb: *mut bindings::sk_buff,
    dev: *mut bindings::net_device,
) -> bindings::netdev_tx_t {
    // SAFETY: the core calls `ndo_start_xmit` on a registered device of this
    // kind, giving us the buffer, inside rcu_read_lock_bh.
    let (dev, skb, rcu) = unsafe {
        (
            Device::<T>::from_raw(dev),
            SkBuff::from_raw(skb),
            Rcu::assume_held(),
        )
    };
    match T::start_xmit(dev, skb, rcu) {
        Tx::Ok => bindings::netdev_tx_NETDEV_TX_OK,
        Tx::Busy(skb) => {
            // The core keeps the buffer and retries it.
            let _ = skb.into_raw();
            bindings::netdev_tx_NETDEV_TX_BUSY
        }
    }
}

/// `ndo_get_stats64` of kind `T`.
///
/// # Safety
///
/// `dev` is a registered device of kind `T`; `stats` is a valid, exclusively
/// borrowed statistics block for the duration of the call.
unsafe extern "C" fn get_stats64_callback<T: Operations>(
    dev: *mut bindings::net_device,
    stats: *mut bindings::rtnl_link_stats64,
) {
    // SAFETY: the core passes a registered device of this kind.
    let dev = unsafe { Device::<T>::from_raw(dev) };
    // INVARIANT: the core passes a zero-initialised statistics block that it
    // owns for the call (possibly misaligned: see `Stats64`).
    let mut stats = Stats64(stats, PhantomData);
    T::get_stats64(dev, &mut stats);
}

/// `ethtool_ops.get_ringparam` of kind `T`.
///
/// # Safety
///
/// Called with RTNL held on a registered device of kind `T`, with valid
/// parameter blocks to fill.
unsafe extern "C" fn get_ringparam_callback<T: Operations>(
    dev: *mut bindings::net_device,
    ring: *mut bindings::ethtool_ringparam,
    kring: *mut bindings::kernel_ethtool_ringparam,
    _extack: *mut bindings::netlink_ext_ack,
) {
    // SAFETY: as the function's contract says.
    let r = T::get_rings(unsafe { Device::<T>::from_raw(dev) });
    // SAFETY: valid blocks, ours to fill for the call.
    unsafe {
        (*ring).rx_max_pending = r.rx_max;
        (*ring).rx_pending = r.rx;
        (*ring).tx_max_pending = r.tx_max;
        (*ring).tx_pending = r.tx;
        (*kring).rx_buf_len = r.rx_buf_len;
    }
}

/// `ethtool_ops.set_ringparam` of kind `T`.
///
/// # Safety
///
/// Called with RTNL held on a registered device of kind `T`, with valid
/// parameter blocks.
unsafe extern "C" fn set_ringparam_callback<T: Operations>(
    dev: *mut bindings::net_device,
    ring: *mut bindings::ethtool_ringparam,
    kring: *mut bindings::kernel_ethtool_ringparam,
    _extack: *mut bindings::netlink_ext_ack,
) -> kernel::ffi::c_int {
    // SAFETY: valid blocks for the call.
    let r = unsafe {
        Rings {
            rx: (*ring).rx_pending,
            rx_max: (*ring).rx_max_pending,
            tx: (*ring).tx_pending,
            tx_max: (*ring).tx_max_pending,
            rx_buf_len: (*kring).rx_buf_len,
        }
    };
    // SAFETY: as the function's contract says.
    match T::set_rings(unsafe { Device::<T>::from_raw(dev) }, &r) {
        Ok(()) => 0,
        Err(e) => e.to_errno(),
    }
}

/// `ethtool_ops.get_sset_count` of kind `T`: the counters `T` names.
///
/// # Safety
///
/// Called on a registered device of kind `T`.
unsafe extern "C" fn get_sset_count_callback<T: Operations>(
    _dev: *mut bindings::net_device,
    sset: kernel::ffi::c_int,
) -> kernel::ffi::c_int {
    if sset == bindings::ethtool_stringset_ETH_SS_STATS as i32 {
        T::STAT_NAMES.len() as i32
    } else {
        EOPNOTSUPP.to_errno()
    }
}

/// `ethtool_ops.get_strings` of kind `T`.
///
/// # Safety
///
/// `buf` has room for `ETH_GSTRING_LEN` bytes per string of the set, as
/// many as `get_sset_count_callback` said.
unsafe extern "C" fn get_strings_callback<T: Operations>(
    _dev: *mut bindings::net_device,
    sset: u32,
    buf: *mut u8,
) {
    if sset != bindings::ethtool_stringset_ETH_SS_STATS {
        return;
    }
    const LEN: usize = bindings::ETH_GSTRING_LEN as usize;
    for (i, name) in T::STAT_NAMES.iter().enumerate() {
        let n = name.len().min(LEN - 1);
        // SAFETY: slot `i` of `LEN` bytes is within `buf` (the contract);
        // the name is copied truncated, NUL-padded.
        unsafe {
            let slot = buf.add(i * LEN);
            core::ptr::write_bytes(slot, 0, LEN);
            core::ptr::copy_nonoverlapping(name.as_ptr(), slot, n);
        }
    }
}

/// `ethtool_ops.get_ethtool_stats` of kind `T`.
///
/// # Safety
///
/// Called on a registered device of kind `T`; `data` has room for as many
/// values as `get_sset_count_callback` said.
unsafe extern "C" fn get_ethtool_stats_callback<T: Operations>(
    dev: *mut bindings::net_device,
    _stats: *mut bindings::ethtool_stats,
    data: *mut u64,
) {
    // SAFETY: as the function's contract says.
    let out = unsafe { core::slice::from_raw_parts_mut(data, T::STAT_NAMES.len()) };
    out.fill(0);
    // SAFETY: as above.
    T::stats(unsafe { Device::<T>::from_raw(dev) }, out);
}
