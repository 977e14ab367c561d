// SPDX-License-Identifier: GPL-2.0
//! The simulated modem's data plane, independent of the transport: uplink
//! transfers (QMAP, aggregated or not, or plain IP in raw-IP mode) split
//! to the TUN of each PDN, downlink packets from the TUNs aggregated into
//! transfers within the negotiated limits, the fault frames, and the
//! counters. The USB gadget (gadget.rs) moves the transfers.

use std::collections::{BTreeMap, VecDeque};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use qmap::{pad_for, write_dl_frame, Checksum, Drop};

use crate::frames::{apply_offload, dl_frame_len, for_each_frame, ul_offload, Item};
use crate::responder::{Format, Responder};
use crate::sys::Tun;

/// Per-mux counters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MuxStats {
    pub ul_packets: u64,
    pub ul_bytes: u64,
    pub dl_packets: u64,
    pub dl_bytes: u64,
    /// Uplink packets for a PDN without a call.
    pub ul_not_connected: u64,
    /// Uplink packets the TUN refused.
    pub ul_write_errors: u64,
    /// Downlink packets read while the PDN had no call.
    pub dl_not_connected: u64,
    /// Downlink packets larger than an aggregate may be.
    pub dl_too_big: u64,
    /// Downlink packets of a PDN other than the first in raw-IP mode.
    pub dl_no_mux: u64,
    /// Downlink packets lost with a transfer that failed.
    pub dl_write_errors: u64,
}

/// The faults [`Core`] counts, in the order of the stats' "faults" object.
pub const FAULT_NAMES: [&str; 9] = [
    "short",
    "truncated",
    "garbage",
    "zlp",
    "oversize",
    "full",
    "stall",
    "disconnect",
    "call-fail",
];

/// All counters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub ul_transfers: u64,
    pub ul_bytes: u64,
    /// Zero-length uplink transfers.
    pub ul_empty: u64,
    /// Uplink transfers over the negotiated size or datagram count (the
    /// host broke the limits; still processed).
    pub ul_over_size: u64,
    pub ul_over_datagrams: u64,
    /// QMAP parse errors, by [`qmap::Drop`] reason.
    pub ul_drops: [u64; Drop::COUNT],
    /// Data frames of a mux id the modem has no PDN for.
    pub ul_unknown_mux: u64,
    /// Raw-IP transfers that are not IP packets.
    pub ul_not_ip: u64,
    pub ul_commands: u64,
    pub ul_csum_offload: u64,
    pub dl_transfers: u64,
    pub dl_bytes: u64,
    /// Zero-length packets sent after a transfer that is a multiple of the
    /// endpoint's max packet size.
    pub dl_zlps: u64,
    pub dl_write_errors: u64,
    /// Faults carried out, indexed like [`FAULT_NAMES`].
    pub faults: [u64; FAULT_NAMES.len()],
    /// USB events (gadget only).
    pub setups: u64,
    pub enables: u64,
    pub disables: u64,
    pub stalls: u64,
    /// SET_CONTROL_LINE_STATE requests (DTR).
    pub dtr: u64,
    pub notifications: u64,
    pub mux: BTreeMap<u8, MuxStats>,
}

fn obj(fields: &[(&str, u64)]) -> String {
    let f: Vec<String> = fields.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
    format!("{{{}}}", f.join(","))
}

impl Stats {
    pub fn new(muxes: impl Iterator<Item = u8>) -> Stats {
        Stats {
            mux: muxes.map(|m| (m, MuxStats::default())).collect(),
            ..Stats::default()
        }
    }

    pub fn fault(&mut self, name: &str) {
        if let Some(i) = FAULT_NAMES.iter().position(|n| *n == name) {
            self.faults[i] += 1;
        }
    }

    /// The counters as one line of JSON, with the QMI counters and the data
    /// format.
    pub fn json(&self, qmi: &str, format: &str) -> String {
        let drops: Vec<(&str, u64)> = Drop::ALL
            .iter()
            .map(|d| (d.name(), self.ul_drops[d.index()]))
            .collect();
        let faults: Vec<(&str, u64)> = FAULT_NAMES
            .iter()
            .zip(self.faults)
            .map(|(n, v)| (*n, v))
            .collect();
        let mux: Vec<String> = self
            .mux
            .iter()
            .map(|(id, m)| {
                format!(
                    "\"{id}\":{}",
                    obj(&[
                        ("ul-packets", m.ul_packets),
                        ("ul-bytes", m.ul_bytes),
                        ("dl-packets", m.dl_packets),
                        ("dl-bytes", m.dl_bytes),
                        ("ul-not-connected", m.ul_not_connected),
                        ("ul-write-errors", m.ul_write_errors),
                        ("dl-not-connected", m.dl_not_connected),
                        ("dl-too-big", m.dl_too_big),
                        ("dl-no-mux", m.dl_no_mux),
                        ("dl-write-errors", m.dl_write_errors),
                    ])
                )
            })
            .collect();
        format!(
            "{{\"ul-transfers\":{},\"ul-bytes\":{},\"ul-empty\":{},\"ul-over-size\":{},\
             \"ul-over-datagrams\":{},\"ul-unknown-mux\":{},\"ul-not-ip\":{},\"ul-commands\":{},\
             \"ul-csum-offload\":{},\"dl-transfers\":{},\"dl-bytes\":{},\"dl-zlps\":{},\
             \"dl-write-errors\":{},\"ul-drops\":{},\"faults\":{},\"usb\":{},\"mux\":{{{}}},\
             \"qmi\":{qmi},\"format\":{format}}}",
            self.ul_transfers,
            self.ul_bytes,
            self.ul_empty,
            self.ul_over_size,
            self.ul_over_datagrams,
            self.ul_unknown_mux,
            self.ul_not_ip,
            self.ul_commands,
            self.ul_csum_offload,
            self.dl_transfers,
            self.dl_bytes,
            self.dl_zlps,
            self.dl_write_errors,
            obj(&drops),
            obj(&faults),
            obj(&[
                ("setups", self.setups),
                ("enables", self.enables),
                ("disables", self.disables),
                ("stalls", self.stalls),
                ("dtr", self.dtr),
                ("notifications", self.notifications),
            ]),
            mux.join(","),
        )
    }
}

/// A fault asked for on the control socket, carried out by the downlink
/// thread (it owns the bulk IN endpoint).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Transfers of 3 bytes: shorter than a QMAP header.
    Short(u32),
    /// Transfers whose QMAP header says 100 bytes but carry 24.
    Truncated(u32),
    /// Transfers with a valid QMAP header and a payload that is not IP.
    Garbage(u32),
    /// Zero-length transfers.
    Zlp(u32),
    /// Transfers of valid QMAP frames, 1024 bytes over the negotiated
    /// downlink size.
    Oversize(u32),
    /// Transfers of valid QMAP frames that fill the negotiated downlink
    /// size exactly: legal, and a multiple of the packet size at every
    /// usual size (16384, 31744), so the host must take a transfer ended by
    /// a ZLP that its buffer could hold no byte more of.
    Full(u32),
    /// Halt bulk IN once (the host must clear it).
    Stall,
}

impl Fault {
    pub fn name(&self) -> &'static str {
        match self {
            Fault::Short(_) => "short",
            Fault::Truncated(_) => "truncated",
            Fault::Garbage(_) => "garbage",
            Fault::Zlp(_) => "zlp",
            Fault::Oversize(_) => "oversize",
            Fault::Full(_) => "full",
            Fault::Stall => "stall",
        }
    }
}

/// The number of frames of a [`Fault::Full`] transfer: frames of at most
/// 1504 bytes, as many as the datagram limit allows.
pub fn full_frames(dl_max: usize, dl_max_datagrams: usize) -> usize {
    dl_max
        .div_ceil(4 + MAX_FULL_PACKET)
        .clamp(1, dl_max_datagrams.max(1))
}

/// The largest IP packet of a [`Fault::Full`] transfer, unless the datagram
/// limit needs larger ones.
const MAX_FULL_PACKET: usize = 1500;

/// One fault transfer for `mux`, given the downlink size and datagram
/// limits; an error if its frames cannot be built (a packet over 64 KiB).
pub fn fault_transfer(
    f: Fault,
    mux: u8,
    (dl_max, dl_max_datagrams): (usize, usize),
    dst: [u8; 4],
    src: [u8; 4],
) -> Result<Vec<u8>, String> {
    let v1 = |pkts: &[Vec<u8>]| {
        let frames: Vec<(u8, &[u8])> = pkts.iter().map(|p| (mux, p.as_slice())).collect();
        crate::frames::build_aggregate(Checksum::None, &frames, true)
    };
    Ok(match f {
        Fault::Short(_) => vec![0x00, mux, 0x00],
        Fault::Truncated(_) => {
            let mut t = vec![0x00, mux, 0x00, 100];
            let mut p = crate::frames::ipv4_packet_between(100, 253, src, dst);
            p.truncate(24);
            t.extend_from_slice(&p);
            t
        }
        Fault::Garbage(_) => {
            let mut t = vec![0x00, mux, 0x00, 60];
            t.extend_from_slice(&[0xa5; 60]);
            t
        }
        Fault::Zlp(_) => vec![],
        Fault::Oversize(_) => {
            // Frames of 1004 bytes, at least 1024 bytes over the limit.
            let p = crate::frames::ipv4_packet_between(1000, 253, src, dst);
            v1(&vec![p; (dl_max + 1024).div_ceil(1004)])?
        }
        Fault::Full(_) => {
            // QMAP v1 headers of 4 bytes and packets of whole 4-byte words
            // (no padding), the words shared out evenly: dl_max bytes
            // exactly when it is a multiple of 4.
            let k = full_frames(dl_max, dl_max_datagrams);
            let words = dl_max.saturating_sub(4 * k) / 4;
            let pkts: Vec<Vec<u8>> = (0..k)
                .map(|i| 4 * (words / k + usize::from(i < words % k)))
                .map(|len| crate::frames::ipv4_packet_between(len, 253, src, dst))
                .collect();
            v1(&pkts)?
        }
        Fault::Stall => vec![],
    })
}

/// A job for the downlink thread, with where to report it done.
/// Work for the downlink thread, which owns bulk IN.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Work {
    Fault(Fault),
    /// The benchmark's downlink: the largest aggregate of `size`-byte IPv4
    /// packets to 192.0.2.1 the format allows, written again and again for
    /// `secs` with `depth` transfers in flight.
    Flood {
        secs: Duration,
        size: usize,
        depth: usize,
    },
}

pub struct Job {
    pub work: Work,
    pub mux: u8,
    pub done: std::sync::mpsc::Sender<Result<String, String>>,
}

/// What the transports share.
pub struct Core {
    pub qmi: Mutex<Responder>,
    pub stats: Mutex<Stats>,
    /// One TUN per PDN, in the responder's PDN order.
    pub tuns: Vec<Tun>,
    /// Responses and indications waiting for GET_ENCAPSULATED_RESPONSE,
    /// and the count of RESPONSE_AVAILABLE notifications still to send.
    pub responses: Mutex<(VecDeque<Vec<u8>>, u64)>,
    pub responses_cv: Condvar,
    /// Faults for the downlink thread.
    pub jobs: Mutex<VecDeque<Job>>,
    /// Uplink packets are counted, not written to the PDNs (benchmarks).
    pub ul_sink: AtomicBool,
}

impl Core {
    pub fn new(qmi: Responder, tuns: Vec<Tun>) -> Arc<Core> {
        let stats = Stats::new(qmi.pdns().iter().map(|p| p.mux));
        Arc::new(Core {
            qmi: Mutex::new(qmi),
            stats: Mutex::new(stats),
            tuns,
            responses: Mutex::new((VecDeque::new(), 0)),
            responses_cv: Condvar::new(),
            jobs: Mutex::new(VecDeque::new()),
            ul_sink: AtomicBool::new(false),
        })
    }

    /// Handles one QMI request; queues what it produced.
    pub fn qmi_request(&self, req: &[u8]) {
        let out = self.qmi.lock().unwrap().handle(req);
        self.queue(out);
    }

    /// Queues responses or indications, one notification each.
    pub fn queue(&self, out: Vec<Vec<u8>>) {
        if out.is_empty() {
            return;
        }
        let mut q = self.responses.lock().unwrap();
        q.1 += out.len() as u64;
        q.0.extend(out);
        self.responses_cv.notify_all();
    }

    /// The next queued response, if any.
    pub fn next_response(&self) -> Option<Vec<u8>> {
        self.responses.lock().unwrap().0.pop_front()
    }

    /// Forgets queued responses and notifications (the host went away).
    pub fn clear_responses(&self) {
        let mut q = self.responses.lock().unwrap();
        q.0.clear();
        q.1 = 0;
    }

    pub fn json(&self) -> String {
        let (qmi, format) = {
            let r = self.qmi.lock().unwrap();
            (r.stats.json(), r.format().json())
        };
        self.stats.lock().unwrap().json(&qmi, &format)
    }

    /// Handles one uplink transfer.
    pub fn uplink(&self, buf: &mut [u8]) {
        let (format, conn, mux_of): (Format, Vec<bool>, Vec<u8>) = {
            let r = self.qmi.lock().unwrap();
            let n = r.pdns().len();
            (
                r.format(),
                (0..n).map(|i| r.connected(i)).collect(),
                r.pdns().iter().map(|p| p.mux).collect(),
            )
        };
        let mut st = self.stats.lock().unwrap();
        st.ul_transfers += 1;
        st.ul_bytes += buf.len() as u64;
        if buf.is_empty() {
            st.ul_empty += 1;
            return;
        }
        if buf.len() > format.ul_max_size as usize && format.ul_protocol != 0 {
            st.ul_over_size += 1;
        }
        let Some(csum) = Format::qmap(format.ul_protocol) else {
            // Raw IP: one packet, for the first PDN.
            if qmap::IpVersion::of(buf[0]).is_none() {
                st.ul_not_ip += 1;
                return;
            }
            self.to_tun(&mut st, 0, mux_of[0], conn[0], buf);
            return;
        };
        let mut items = Vec::new();
        for_each_frame(buf, csum, true, |i| items.push(i));
        let datagrams = items.iter().filter(|i| matches!(i, Item::Data(_))).count();
        if datagrams > format.ul_max_datagrams as usize {
            st.ul_over_datagrams += 1;
        }
        for item in items {
            match item {
                Item::Data(d) => {
                    let Some(i) = mux_of.iter().position(|&m| m == d.mux_id) else {
                        st.ul_unknown_mux += 1;
                        continue;
                    };
                    if let Some(req) = ul_offload(buf, csum, &d) {
                        st.ul_csum_offload += 1;
                        let _ = apply_offload(
                            &mut buf[d.offset..d.offset + d.len],
                            req,
                            qmap::UlSeed::Complemented,
                        );
                    }
                    let pkt = &buf[d.offset..d.offset + d.len];
                    self.to_tun(&mut st, i, d.mux_id, conn[i], pkt);
                }
                Item::Command(_) => st.ul_commands += 1,
                Item::Drop(d) => st.ul_drops[d.index()] += 1,
            }
        }
    }

    fn to_tun(&self, st: &mut Stats, i: usize, mux: u8, connected: bool, pkt: &[u8]) {
        let m = st.mux.entry(mux).or_default();
        if !connected {
            m.ul_not_connected += 1;
            return;
        }
        if self.ul_sink.load(Ordering::Relaxed) {
            m.ul_packets += 1;
            m.ul_bytes += pkt.len() as u64;
            return;
        }
        match self.tuns.get(i).map(|t| t.write(pkt)) {
            Some(Ok(_)) => {
                m.ul_packets += 1;
                m.ul_bytes += pkt.len() as u64;
            }
            _ => m.ul_write_errors += 1,
        }
    }
}

/// The benchmark's downlink transfer (see [`Work::Flood`]) and its packet
/// count: as many frames as `f`'s downlink limits allow, one fewer when
/// that makes a multiple of `mps` (which a zero-length packet would have
/// to end).
pub fn flood_transfer(
    f: &Format,
    mux: u8,
    size: usize,
    mps: usize,
) -> Result<(Vec<u8>, usize), String> {
    let pkt = crate::frames::synthetic(qmap::IpVersion::V4, size);
    let Some(csum) = Format::qmap(f.dl_protocol) else {
        return Ok((pkt, 1));
    };
    let max = (f.dl_max_datagrams.max(1) as usize).min(1024);
    let mut k = max;
    loop {
        let frames: Vec<(u8, &[u8])> = (0..k).map(|_| (mux, pkt.as_slice())).collect();
        let t = crate::frames::build_aggregate(csum, &frames, true)?;
        if t.len() <= f.dl_max_size as usize && !t.len().is_multiple_of(mps.max(1)) {
            return Ok((t, k));
        }
        if k == 1 {
            return Err(format!(
                "a {size}-byte packet does not fit the {}-byte downlink aggregate",
                f.dl_max_size
            ));
        }
        // Jump close to the size limit first.
        let per = t.len() / k;
        k = if t.len() > f.dl_max_size as usize {
            (f.dl_max_size as usize / per.max(1)).clamp(1, k - 1)
        } else {
            k - 1
        };
    }
}

/// A finished downlink transfer and the (mux id, length) of its packets.
pub type Transfer = (Vec<u8>, Vec<(u8, usize)>);

/// Builds downlink transfers within the negotiated limits.
pub struct DlAggregator {
    /// None: raw IP, one packet per transfer.
    pub csum: Option<Checksum>,
    pub max_datagrams: usize,
    pub max_size: usize,
    pub buf: Vec<u8>,
    pub used: usize,
    /// The mux ids of the packets in `buf`, with their lengths.
    pub packets: Vec<(u8, usize)>,
}

impl DlAggregator {
    pub fn new(f: &Format) -> DlAggregator {
        DlAggregator {
            csum: Format::qmap(f.dl_protocol),
            max_datagrams: f.dl_max_datagrams.max(1) as usize,
            max_size: f.dl_max_size as usize,
            buf: vec![0; f.dl_max_size as usize + 0x10000 + 64],
            used: 0,
            packets: Vec::new(),
        }
    }

    /// Whether a packet of `len` bytes can ever go out.
    pub fn fits(&self, len: usize) -> bool {
        match self.csum {
            None => len <= 0xffff,
            Some(c) => dl_frame_len(c, len, pad_for(len)) <= self.max_size,
        }
    }

    /// Adds a packet; returns a finished transfer to send first when the
    /// packet does not fit in the one being built. The caller checks
    /// [`Self::fits`] first.
    pub fn push(&mut self, mux: u8, pkt: &[u8]) -> Option<Transfer> {
        let Some(c) = self.csum else {
            return Some((pkt.to_vec(), vec![(mux, pkt.len())]));
        };
        let pad = pad_for(pkt.len());
        let flen = dl_frame_len(c, pkt.len(), pad);
        let out = if self.used > 0 && self.used + flen > self.max_size {
            self.take()
        } else {
            None
        };
        match write_dl_frame(&mut self.buf[self.used..], c, mux, pkt, pad, true) {
            Ok(n) => {
                self.used += n;
                self.packets.push((mux, pkt.len()));
            }
            Err(e) => eprintln!(
                "qmap-modem: cannot frame a packet of {} bytes: {e:?}",
                pkt.len()
            ),
        }
        out
    }

    /// Whether the transfer being built is full by count.
    pub fn full(&self) -> bool {
        self.packets.len() >= self.max_datagrams
    }

    /// The transfer being built, if any.
    pub fn take(&mut self) -> Option<Transfer> {
        if self.used == 0 {
            return None;
        }
        let t = self.buf[..self.used].to_vec();
        self.used = 0;
        Some((t, std::mem::take(&mut self.packets)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frames::ipv4_packet;

    fn format(dl: u32, dgrams: u32, size: u32) -> Format {
        Format {
            dl_protocol: dl,
            dl_max_datagrams: dgrams,
            dl_max_size: size,
            ..Format::default()
        }
    }

    #[test]
    fn flood_fills_the_aggregate() {
        // 32 datagrams of 64 bytes: the datagram limit.
        let (t, k) = flood_transfer(&format(qmi::wda::AGG_QMAP, 32, 31744), 0x81, 64, 512).unwrap();
        assert_eq!((k, t.len()), (32, 32 * 68));
        // 1400 bytes: the size limit, 22 frames of 1404 bytes.
        let (t, k) =
            flood_transfer(&format(qmi::wda::AGG_QMAP, 32, 31744), 0x81, 1400, 512).unwrap();
        assert_eq!((k, t.len()), (22, 22 * 1404));
        // Never a multiple of the max packet size: 8 x 64 = 512.
        let (t, k) = flood_transfer(&format(qmi::wda::AGG_QMAP, 8, 31744), 1, 60, 512).unwrap();
        assert_eq!((k, t.len()), (7, 7 * 64));
        // Raw IP: the packet alone.
        let (t, k) = flood_transfer(&Format::default(), 1, 100, 512).unwrap();
        assert_eq!((k, t.len()), (1, 100));
        assert!(flood_transfer(&format(qmi::wda::AGG_QMAP, 32, 1000), 1, 1400, 512).is_err());
    }

    #[test]
    fn aggregates_within_limits() {
        let mut a = DlAggregator::new(&format(qmi::wda::AGG_QMAP, 3, 1000));
        let p = ipv4_packet(300, 253);
        assert!(a.fits(300) && !a.fits(997));
        assert!(a.push(1, &p).is_none());
        assert!(a.push(2, &p).is_none());
        assert!(!a.full());
        assert!(a.push(1, &p).is_none());
        assert!(a.full());
        let (t, pk) = a.take().unwrap();
        assert_eq!(t.len(), 3 * 304);
        assert_eq!(pk, vec![(1, 300), (2, 300), (1, 300)]);
        let mut n = 0;
        for_each_frame(&t, Checksum::None, false, |i| {
            assert!(matches!(i, Item::Data(_)));
            n += 1;
        });
        assert_eq!(n, 3);
        assert!(a.take().is_none());
        // By size: the fourth 304-byte frame of a 1000-byte limit waits.
        let mut a = DlAggregator::new(&format(qmi::wda::AGG_QMAP, 32, 1000));
        for _ in 0..3 {
            assert!(a.push(1, &p).is_none());
        }
        let (t, pk) = a.push(1, &p).unwrap();
        assert_eq!((t.len(), pk.len()), (912, 3));
        assert_eq!(a.take().unwrap().0.len(), 304);
    }

    #[test]
    fn raw_ip_one_per_transfer() {
        let mut a = DlAggregator::new(&Format::default());
        let p = ipv4_packet(100, 253);
        assert_eq!(a.push(1, &p).unwrap().0, p);
        assert!(a.take().is_none());
        // QMAPv5: headers of 8 bytes.
        let mut a = DlAggregator::new(&format(qmi::wda::AGG_QMAPV5, 32, 4096));
        a.push(1, &p);
        assert_eq!(a.take().unwrap().0.len(), 108);
    }

    #[test]
    fn fault_frames() {
        let (d, s) = ([10, 64, 1, 2], [10, 64, 1, 1]);
        let mut drops = vec![];
        for f in [Fault::Short(1), Fault::Truncated(1), Fault::Garbage(1)] {
            let t = fault_transfer(f, 1, (4096, 32), d, s).unwrap();
            for_each_frame(&t, Checksum::None, false, |i| drops.push(i));
        }
        assert_eq!(
            drops,
            vec![
                Item::Drop(Drop::TruncatedHeader),
                Item::Drop(Drop::PastBuffer),
                Item::Drop(Drop::NotIp)
            ]
        );
        assert!(fault_transfer(Fault::Zlp(1), 1, (4096, 32), d, s)
            .unwrap()
            .is_empty());
        let t = fault_transfer(Fault::Oversize(1), 1, (4096, 32), d, s).unwrap();
        assert!(t.len() > 4096 + 1024);
        let mut n = 0;
        for_each_frame(&t, Checksum::None, false, |i| {
            assert!(matches!(i, Item::Data(_)));
            n += 1
        });
        assert_eq!(n, 6);
    }

    #[test]
    fn full_transfers_fill_the_size_exactly() {
        let (d, s) = ([10, 64, 1, 2], [10, 64, 1, 1]);
        // (size, datagrams) -> frames: 1504 bytes at most, unless the
        // datagram limit needs larger ones.
        for (limits, frames) in [
            ((16384, 32), 11),
            ((31744, 32), 22),
            ((4096, 1), 1),
            ((4096, 2), 2),
            ((1504, 32), 1),
            ((1508, 32), 2),
        ] {
            let t = fault_transfer(Fault::Full(1), 0x81, limits, d, s).unwrap();
            assert_eq!(t.len(), limits.0, "{limits:?}");
            assert_eq!(full_frames(limits.0, limits.1), frames);
            let mut lens = vec![];
            for_each_frame(&t, Checksum::None, false, |i| match i {
                Item::Data(f) => {
                    assert_eq!(f.mux_id, 0x81);
                    lens.push(f.len);
                }
                i => panic!("{limits:?}: {i:?}"),
            });
            assert_eq!(lens.len(), frames, "{limits:?}");
            assert!(lens.iter().max().unwrap() - lens.iter().min().unwrap() <= 4);
        }
        // Not a multiple of 4: the largest multiple of 4 below.
        assert_eq!(
            fault_transfer(Fault::Full(1), 1, (16383, 32), d, s)
                .unwrap()
                .len(),
            16380
        );
        // One datagram of over 64 KiB: no such QMAP frame.
        assert!(fault_transfer(Fault::Full(1), 1, (200_000, 1), d, s).is_err());
    }

    #[test]
    fn stats_json_shape() {
        let mut s = Stats::new([1u8, 2].into_iter());
        s.fault("zlp");
        s.ul_drops[Drop::NotIp.index()] = 2;
        s.mux.get_mut(&1).unwrap().dl_packets = 5;
        let j = s.json("{}", "{}");
        assert!(j.contains("\"zlp\":1"));
        assert!(j.contains("\"not-ip\":2"));
        assert!(j.contains("\"mux\":{\"1\":{\"ul-packets\":0"));
        assert!(j.contains("\"dl-packets\":5"));
        assert!(j.ends_with("\"qmi\":{},\"format\":{}}"));
    }
}
