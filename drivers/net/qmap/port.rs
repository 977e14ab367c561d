// SPDX-License-Identifier: GPL-2.0

//! The port: the parent netdev carrying QMAP, its settings, its channels by
//! mux id, and the downlink path (deaggregation and demultiplexing).

use crate::chan::Chan;
use crate::proto::{
    self, AggLimits, AggState, Checksum, Command, CommandName, CommandType, Data, Deaggregate,
    Frame, TrailerFail,
};
use crate::support::error::code::{EINVAL, EMSGSIZE, EOPNOTSUPP};
use crate::support::init::init_array_from_fn;
use crate::support::net::{Rcu, Rtnl};
use crate::support::netdev::{DevRef, Device, DevicePtr, NetDevice};
use crate::support::notifier::{Event, NetdevNotify, Notifier};
use crate::support::rx_handler::{self, Rx, RxHandler};
use crate::support::rx_list::RxList;
use crate::support::skb::{RxMeta, Segments, SkBuff, SkBuffRef, SHARE_HEAD};
use crate::support::stats::Counter;
use crate::support::timer::{Timer, TimerCallback};
use core::convert::Infallible;
use core::sync::atomic::{AtomicBool, AtomicU32, AtomicU8, Ordering::Relaxed};
use kernel::new_spinlock;
use kernel::prelude::*;
use kernel::sync::{Arc, SpinLock};

/// `ETH_P_MAP`: the protocol of QMAP buffers on the parent.
pub(crate) const ETH_P_MAP: u16 = 0x00f9;

/// Number of mux ids (0 and 255 are never used).
const MUX_IDS: usize = 256;

/// Counters of a port.
#[derive(Default)]
pub(crate) struct PortStats {
    pub(crate) rx_buffers: Counter,
    pub(crate) rx_frames: Counter,
    pub(crate) tx_buffers: Counter,
    pub(crate) cmd_flow_disable: Counter,
    pub(crate) cmd_flow_enable: Counter,
    pub(crate) cmd_unknown: Counter,
    pub(crate) cmd_acks: Counter,
    /// Frames copied out of their buffer (layouts pages cannot be shared in).
    pub(crate) rx_copied: Counter,
    /// Buffers dropped whole: no memory to make them linear.
    pub(crate) rx_buffer_errors: Counter,
    /// Downlink packets the modem verified (delivered as such).
    pub(crate) csum_verified: Counter,
    /// Downlink packets left for the stack to verify, by reason.
    pub(crate) csum_fail: [Counter; TrailerFail::COUNT],
    pub(crate) drops: [Counter; proto::Drop::COUNT],
}

/// The uplink buffer being aggregated.
#[derive(Default)]
struct AggBuf {
    skb: Option<SkBuff>,
    state: AggState,
}

impl AggBuf {
    fn take(&mut self) -> Option<SkBuff> {
        self.state = AggState::default();
        self.skb.take()
    }
}

/// Uplink aggregation settings: quectel-CM's negotiated values by default,
/// off until enabled.
pub(crate) const AGG_DEFAULT_BYTES: u32 = 8192;
pub(crate) const AGG_DEFAULT_TIME_US: u32 = 1000;

/// A parent netdev carrying QMAP.
#[pin_data]
pub(crate) struct Port {
    /// Flushes the uplink aggregation buffer. First field: dropping it
    /// cancels the timer before anything it uses goes.
    agg_timer: Timer<Port>,
    pub(crate) parent: DevRef,
    csum: AtomicU8,
    deaggregation: AtomicBool,
    pub(crate) stats: PortStats,
    /// Channels by mux id: set and cleared under RTNL, read under RCU.
    chans: [DevicePtr<Chan>; MUX_IDS],
    /// Number of channels (under RTNL).
    nchans: AtomicU32,
    /// Uplink aggregation limits; at most one datagram: off.
    agg_datagrams: AtomicU32,
    agg_bytes: AtomicU32,
    agg_time_us: AtomicU32,
    #[pin]
    agg: SpinLock<AggBuf>,
}

fn csum_from_u8(v: u8) -> Checksum {
    match v {
        1 => Checksum::V4,
        2 => Checksum::V5,
        _ => Checksum::None,
    }
}

/// The checksum variant as the netlink spec numbers it.
pub(crate) fn csum_to_u32(c: Checksum) -> u32 {
    match c {
        Checksum::None => 0,
        Checksum::V4 => 1,
        Checksum::V5 => 2,
    }
}

/// The checksum variant numbered `v` in the netlink spec.
pub(crate) fn csum_from_u32(v: u32) -> Option<Checksum> {
    match v {
        0 => Some(Checksum::None),
        1 => Some(Checksum::V4),
        2 => Some(Checksum::V5),
        _ => None,
    }
}

impl Port {
    fn new(parent: &NetDevice) -> Result<Arc<Port>> {
        let port = Arc::pin_init(
            pin_init!(Port {
                agg_timer: Timer::new(),
                parent: parent.to_ref(),
                csum: AtomicU8::new(0),
                deaggregation: AtomicBool::new(true),
                stats: PortStats::default(),
                chans <- init_array_from_fn::<_, MUX_IDS, _, Infallible>(|_| DevicePtr::new()),
                nchans: AtomicU32::new(0),
                agg_datagrams: AtomicU32::new(1),
                agg_bytes: AtomicU32::new(AGG_DEFAULT_BYTES),
                agg_time_us: AtomicU32::new(AGG_DEFAULT_TIME_US),
                agg <- new_spinlock!(AggBuf::default(), "qmap_ul_agg"),
            }),
            GFP_KERNEL,
        )?;
        port.agg_timer.bind(&port);
        Ok(port)
    }

    /// The uplink aggregation settings: (most datagrams, most bytes, longest
    /// wait in microseconds).
    pub(crate) fn agg_settings(&self) -> (u32, u32, u32) {
        (
            self.agg_datagrams.load(Relaxed),
            self.agg_bytes.load(Relaxed),
            self.agg_time_us.load(Relaxed),
        )
    }

    /// Changes the uplink aggregation settings (`None`: unchanged).
    pub(crate) fn set_agg(&self, datagrams: Option<u32>, bytes: Option<u32>, time_us: Option<u32>) {
        if let Some(v) = bytes {
            self.agg_bytes.store(v, Relaxed);
        }
        if let Some(v) = time_us {
            self.agg_time_us.store(v, Relaxed);
        }
        if let Some(v) = datagrams {
            self.agg_datagrams.store(v, Relaxed);
        }
    }

    /// Sends one uplink buffer on the parent.
    fn send(&self, mut skb: SkBuff) -> Result {
        skb.set_protocol(ETH_P_MAP);
        skb.reset_headers();
        self.parent.queue_xmit(skb)?;
        self.stats.tx_buffers.inc();
        Ok(())
    }

    /// Sends an uplink frame (QMAP headers in place): at once, or through the
    /// aggregation buffer, which goes out when full or after the wait.
    pub(crate) fn transmit(&self, mut frame: SkBuff) -> Result {
        let (datagrams, bytes, time_us) = self.agg_settings();
        if datagrams <= 1 {
            return self.send(frame);
        }
        let limits = AggLimits {
            max_datagrams: datagrams.min(u16::MAX.into()) as u16,
            max_bytes: bytes,
        };
        if frame.headlen() < frame.len() {
            frame.linearize()?;
        }
        let flen = frame.len() as usize;
        let mut out: [Option<SkBuff>; 2] = [None, None];
        {
            let mut g = self.agg.lock();
            if g.skb.is_some() && !g.state.accepts(&limits, flen) {
                out[0] = g.take();
            }
            if g.skb.is_none() {
                // Room for a full buffer, or for this frame if it is larger.
                g.skb = SkBuff::alloc(bytes.max(flen as u32)).ok();
            }
            let copied = match g.skb.as_mut() {
                Some(buf) => match (buf.put(flen as u32), frame.data()) {
                    (Ok(room), src) if room.len() == src.len() => {
                        room.copy_from_slice(src);
                        true
                    }
                    _ => false,
                },
                None => false,
            };
            if copied {
                g.state.add(flen);
                if g.state.is_full(&limits) {
                    out[1] = g.take();
                } else if g.state.datagrams == 1 {
                    self.agg_timer.start(u64::from(time_us) * 1000);
                }
            }
            if !copied {
                drop(g);
                for skb in out.into_iter().flatten() {
                    let _ = self.send(skb);
                }
                return self.send(frame);
            }
        }
        frame.consume();
        for skb in out.into_iter().flatten() {
            self.send(skb)?;
        }
        Ok(())
    }

    /// The port on `parent`, attaching one if there is none yet.
    pub(crate) fn get_or_attach(rtnl: &Rtnl, parent: &NetDevice) -> Result<Arc<Port>> {
        if let Some(port) = rx_handler::get::<Port>(rtnl, parent) {
            return Ok(port);
        }
        let port = Port::new(parent)?;
        rx_handler::attach(rtnl, parent, port.clone())?;
        Ok(port)
    }

    /// The port on `dev`, if `dev` is a parent.
    pub(crate) fn get(rtnl: &Rtnl, dev: &NetDevice) -> Option<Arc<Port>> {
        rx_handler::get::<Port>(rtnl, dev)
    }

    /// Detaches the port from its parent if it has no channel left.
    pub(crate) fn detach_if_unused(&self, rtnl: &Rtnl) {
        if self.nchans.load(Relaxed) == 0 {
            drop(rx_handler::detach::<Port>(rtnl, &self.parent));
        }
    }

    pub(crate) fn csum(&self) -> Checksum {
        csum_from_u8(self.csum.load(Relaxed))
    }

    /// Sets the checksum variant, under RTNL: the channels offer checksum
    /// offload when the variant carries it (MAPv4, MAPv5).
    pub(crate) fn set_csum(&self, rtnl: &Rtnl, c: Checksum) {
        self.csum.store(csum_to_u32(c) as u8, Relaxed);
        for slot in self.chans.iter() {
            if let Some(dev) = slot.get_rtnl(rtnl) {
                dev.set_l4_csum_offload(rtnl, c != Checksum::None);
            }
        }
    }

    pub(crate) fn deaggregation(&self) -> bool {
        self.deaggregation.load(Relaxed)
    }

    pub(crate) fn set_deaggregation(&self, on: bool) {
        self.deaggregation.store(on, Relaxed);
    }

    pub(crate) fn channels(&self) -> u32 {
        self.nchans.load(Relaxed)
    }

    /// The channel of `mux_id`, under RTNL.
    pub(crate) fn chan<'a>(
        &self,
        rtnl: &'a Rtnl,
        mux_id: u8,
    ) -> Option<&'a crate::support::netdev::Device<Chan>> {
        self.chans[mux_id as usize].get_rtnl(rtnl)
    }

    /// Publishes `dev` as the channel of its mux id. Fails with `EBUSY` if
    /// the mux id has one.
    pub(crate) fn add_chan(
        &self,
        rtnl: &Rtnl,
        dev: &crate::support::netdev::Device<Chan>,
    ) -> Result {
        self.chans[dev.data().mux_id as usize].set(rtnl, dev)?;
        self.nchans.fetch_add(1, Relaxed);
        Ok(())
    }

    /// Unpublishes `dev` from its mux id; returns whether it was published.
    pub(crate) fn remove_chan(
        &self,
        rtnl: &Rtnl,
        dev: &crate::support::netdev::Device<Chan>,
    ) -> bool {
        let slot = &self.chans[dev.data().mux_id as usize];
        match slot.get_rtnl(rtnl) {
            Some(d) if core::ptr::eq(d, dev) => {
                slot.clear(rtnl);
                self.nchans.fetch_sub(1, Relaxed);
                true
            }
            _ => false,
        }
    }

    fn drop_frame(&self, why: proto::Drop) {
        self.stats.drops[why.index()].inc();
    }

    /// Delivers data frame `d` of the buffer `src` reads to `run`'s
    /// channel without copying it (see [`Source::cut`]), through GRO or on
    /// `list`. Returns whether the frame was delivered.
    fn deliver<S: Source>(
        &self,
        src: S,
        d: &Data,
        run: &mut Run<'_>,
        list: &mut RxList,
        tally: &mut Tally,
    ) -> bool {
        let Some(dev) = run.dev else {
            self.drop_frame(proto::Drop::UnknownMuxId);
            return false;
        };
        if !run.running {
            dev.count_rx_dropped();
            return false;
        }
        // The aggregate's checksum state (a veth parent says
        // CHECKSUM_UNNECESSARY, a NIC may give CHECKSUM_COMPLETE over the
        // whole buffer) says nothing of one frame: only the modem's verdict
        // counts.
        let rx = RxMeta {
            dev,
            proto: d.ip.ethertype(),
            csum_verified: tally.modem_verified(src, d),
        };
        let Ok((frame, gro)) = src.cut(d, &rx, &self.stats) else {
            dev.count_rx_dropped();
            return false;
        };
        run.packets += 1;
        run.bytes += d.len as u32;
        if gro {
            dev.data().gro.receive(frame);
        } else {
            list.push(frame);
        }
        true
    }

    /// Walks the frames `src` reads and hands them out.
    fn walk<S: Source>(&self, src: S, rcu: &Rcu) {
        let csum = self.csum();
        let limit = if self.deaggregation() { usize::MAX } else { 1 };
        let mut list = RxList::new();
        let mut tally = Tally::new(csum);
        let mut run = Run::default();
        let mut delivered = 0;
        for item in Deaggregate::new(src, csum).take(limit) {
            match item {
                Ok(Frame::Data(d)) => {
                    if run.dev.is_none() || run.mux_id != d.mux_id {
                        run.flush();
                        let dev = self.chans[d.mux_id as usize].get(rcu);
                        run = Run {
                            mux_id: d.mux_id,
                            dev,
                            running: dev.is_some_and(|dev| dev.is_running()),
                            packets: 0,
                            bytes: 0,
                        };
                    }
                    delivered += u64::from(self.deliver(src, &d, &mut run, &mut list, &mut tally))
                }
                Ok(Frame::Command(c)) => self.command(src, &c, rcu),
                Err(why) => self.drop_frame(why),
            }
        }
        list.flush();
        run.flush();
        self.stats.rx_frames.add(delivered);
        tally.add_to(&self.stats);
    }

    /// Handles a command from the modem: flow control, then the ack.
    fn command<B: proto::Buffer>(&self, buf: B, c: &Command, rcu: &Rcu) {
        let chan = self.chans[c.mux_id as usize].get(rcu);
        match c.name {
            CommandName::FlowDisable => {
                self.stats.cmd_flow_disable.inc();
                if let Some(dev) = chan {
                    dev.data().set_flow(dev, false);
                }
            }
            CommandName::FlowEnable => {
                self.stats.cmd_flow_enable.inc();
                if let Some(dev) = chan {
                    dev.data().set_flow(dev, true);
                }
            }
            CommandName::Other(_) => {
                // As rmnet: unknown commands are not answered.
                self.stats.cmd_unknown.inc();
                return;
            }
        }
        if c.kind != CommandType::Request {
            return;
        }
        let Ok(mut ack) = copy_out(buf, c.offset as u32, c.len as u32) else {
            return;
        };
        let Ok(data) = ack.data_mut() else {
            return;
        };
        proto::set_command_type(data, CommandType::Ack);
        if self.send(ack).is_ok() {
            self.stats.cmd_acks.inc();
        }
    }
}

impl TimerCallback for Port {
    fn fire(&self) {
        let pending = self.agg.lock().take();
        if let Some(skb) = pending {
            let _ = self.send(skb);
        }
    }
}

impl RxHandler for Port {
    fn receive(&self, mut skb: SkBuff, rcu: &Rcu) -> Rx {
        // On an Ethernet parent (veth in tests) the receive path took the
        // first 14 bytes for an Ethernet header: QMAP starts before them.
        if self.parent.is_ether() {
            skb.push_mac_header();
        }
        self.stats.rx_buffers.inc();
        // Frames of a buffer in pages (page fragments, a page-fragment head)
        // become buffers sharing those pages; frames of a kmalloc'ed linear
        // buffer are copied out of it. Paged buffers whose pages cannot be
        // shared are made linear first.
        let paged = skb.headlen() < skb.len();
        if skb.pages_shareable() && (paged || skb.head_is_page()) {
            let segs = skb.segments();
            self.walk(Paged(&segs), rcu);
        } else if paged && skb.linearize().is_err() {
            self.stats.rx_buffer_errors.inc();
        } else {
            self.walk(Linear(&skb), rcu);
        }
        skb.consume();
        Rx::Consumed
    }
}

/// The channel consecutive data frames go to, and what was delivered to it:
/// counted in its statistics once per run of frames.
#[derive(Default)]
struct Run<'a> {
    mux_id: u8,
    dev: Option<&'a Device<Chan>>,
    running: bool,
    packets: u32,
    bytes: u32,
}

impl Run<'_> {
    fn flush(&mut self) {
        if let Some(dev) = self.dev {
            if self.packets > 0 {
                dev.count_rx(self.packets, self.bytes);
            }
        }
        self.packets = 0;
        self.bytes = 0;
    }
}

/// A downlink buffer as the parser reads it, and how its frames are cut
/// out of it without copying them.
trait Source: proto::Buffer + Copy {
    /// The `n` bytes at `at`, in place, when they lie in one piece.
    fn peek(&self, at: usize, n: usize) -> Option<&[u8]>;

    /// The `out.len()` bytes at `at`: in place when they lie in one piece,
    /// else copied into `out`. `None` past the buffer.
    fn bytes<'s>(&'s self, at: usize, out: &'s mut [u8]) -> Option<&'s [u8]> {
        match self.peek(at, out.len()) {
            Some(b) => Some(b),
            None => self.read(at, out).then_some(&*out),
        }
    }

    /// The packet of data frame `d` as a buffer of its own, received as
    /// `rx` says, and whether it should go through GRO.
    fn cut(&self, d: &Data, rx: &RxMeta<'_>, stats: &PortStats) -> Result<(SkBuff, bool)>;
}

/// A `kmalloc`ed linear buffer (usbnet's, AF_PACKET's under a page):
/// packets are copied out of it, as rmnet does. A clone would be cheaper
/// here and dearer everywhere after: forwarding writes the IP header, so
/// `skb_cow` copies the clone's whole head (the aggregate up to the
/// packet's end) per packet, and a socket charges the whole buffer's
/// truesize per packet. Pages can be shared; slab memory cannot.
#[derive(Clone, Copy)]
struct Linear<'a>(&'a SkBuffRef);

impl proto::Buffer for Linear<'_> {
    fn len(&self) -> usize {
        self.0.headlen() as usize
    }

    #[inline]
    fn read(&self, at: usize, out: &mut [u8]) -> bool {
        (&self.0.data()).read(at, out)
    }
}

impl Source for Linear<'_> {
    #[inline]
    fn peek(&self, at: usize, n: usize) -> Option<&[u8]> {
        self.0.data().get(at..at.checked_add(n)?)
    }

    /// A copy is a buffer of its own: TCP may go through GRO.
    fn cut(&self, d: &Data, rx: &RxMeta<'_>, _stats: &PortStats) -> Result<(SkBuff, bool)> {
        let pkt = self.peek(d.offset, d.len).ok_or(EINVAL)?;
        Ok((SkBuff::copy_rx(pkt, rx)?, proto::is_tcp(pkt)))
    }
}

/// A buffer in pages: packets are new buffers holding their headers and
/// referencing the pages for the rest.
#[derive(Clone, Copy)]
struct Paged<'a, 'b>(&'b Segments<'a>);

impl proto::Buffer for Paged<'_, '_> {
    fn len(&self) -> usize {
        self.0.len()
    }

    #[inline]
    fn read(&self, at: usize, out: &mut [u8]) -> bool {
        self.0.read(at, out)
    }
}

impl Source for Paged<'_, '_> {
    #[inline]
    fn peek(&self, at: usize, n: usize) -> Option<&[u8]> {
        self.0.slice(at, n)
    }

    /// GRO only pays for TCP (UDP is coalesced only for sockets that ask,
    /// other protocols never).
    fn cut(&self, d: &Data, rx: &RxMeta<'_>, stats: &PortStats) -> Result<(SkBuff, bool)> {
        // A packet that fits the linear room is copied whole: cheaper than
        // a page reference taken now and dropped at free (a copybreak).
        // In one piece (the usual case), in one call.
        if d.len <= SHARE_HEAD as usize {
            if let Some(pkt) = self.peek(d.offset, d.len) {
                return Ok((SkBuff::copy_rx(pkt, rx)?, proto::is_tcp(pkt)));
            }
        }
        // The headers go to the linear part, where the stack reads them.
        let n = d.len.min(proto::HEADERS_PROBE_LEN);
        let probe = |p: &[u8]| (proto::headers_len(p, d.len).unwrap_or(0), proto::is_tcp(p));
        let (head, tcp) = match self.peek(d.offset, n) {
            Some(p) => probe(p),
            None => {
                let mut copy = [0u8; proto::HEADERS_PROBE_LEN];
                if proto::Buffer::read(self, d.offset, &mut copy[..n]) {
                    probe(&copy[..n])
                } else {
                    (0, false)
                }
            }
        };
        let (off, len) = (d.offset as u32, d.len as u32);
        let head = if len <= SHARE_HEAD { len } else { head as u32 };
        let mut skb = match self.0.share(off, len, head) {
            // A layout sharing cannot handle (a large kmalloc'ed head in
            // front of page fragments, too many fragments): copy this one.
            Err(e) if e == EOPNOTSUPP || e == EMSGSIZE => {
                stats.rx_copied.inc();
                copy_out(*self, off, len)?
            }
            r => r?,
        };
        skb.set_rx(rx);
        Ok((skb, tcp))
    }
}

/// What the frames of one buffer said of their checksums, added to the
/// port's counters once per buffer.
struct Tally {
    csum: Checksum,
    verified: u64,
    fail: [u64; TrailerFail::COUNT],
}

impl Tally {
    fn new(csum: Checksum) -> Tally {
        Tally {
            csum,
            verified: 0,
            fail: [0; TrailerFail::COUNT],
        }
    }

    /// Whether the modem verified the frame's transport checksum: the
    /// MAPv5 header's valid bit, or a MAPv4 trailer that checks out (as
    /// rmnet checks it). Tallied either way.
    fn modem_verified<S: Source>(&mut self, src: S, d: &Data) -> bool {
        let verdict = match self.csum {
            Checksum::None => return false,
            Checksum::V5 if d.csum_valid => Ok(()),
            Checksum::V5 => Err(TrailerFail::NotValid),
            Checksum::V4 => {
                let mut copy = [0u8; proto::TRAILER_HEAD_LEN];
                let n = d.len.min(copy.len());
                match src.bytes(d.offset, &mut copy[..n]) {
                    Some(h) => {
                        proto::check_v4_trailer(h, d.len, d.csum_valid, d.csum_value).map(|_| ())
                    }
                    None => Err(TrailerFail::Truncated),
                }
            }
        };
        match verdict {
            Ok(()) => {
                self.verified += 1;
                true
            }
            Err(why) => {
                self.fail[why.index()] += 1;
                false
            }
        }
    }

    fn add_to(&self, stats: &PortStats) {
        if self.verified > 0 {
            stats.csum_verified.add(self.verified);
        }
        for (c, &n) in stats.csum_fail.iter().zip(self.fail.iter()) {
            if n > 0 {
                c.add(n);
            }
        }
    }
}

/// A new buffer holding a copy of the `len` bytes at `off` of `buf`.
fn copy_out<B: proto::Buffer>(buf: B, off: u32, len: u32) -> Result<SkBuff> {
    let mut new = SkBuff::alloc(len)?;
    if !buf.read(off as usize, new.put(len)?) {
        return Err(EINVAL);
    }
    Ok(new)
}

/// Deletes a parent's channels when the parent goes away.
pub(crate) struct ParentEvents;

pub(crate) static NOTIFIER: Notifier<ParentEvents> = Notifier::new();

impl NetdevNotify for ParentEvents {
    fn event(rtnl: &Rtnl, event: Event, dev: &NetDevice) {
        if event != Event::Unregister {
            return;
        }
        let Some(port) = Port::get(rtnl, dev) else {
            return;
        };
        for mux in 1..=254u8 {
            if let Some(chan) = port.chan(rtnl, mux) {
                chan.delete(rtnl);
            }
        }
        // The last channel's deletion detached the port; make sure.
        port.detach_if_unused(rtnl);
    }
}
