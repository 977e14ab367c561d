// SPDX-License-Identifier: GPL-2.0
//! Building and parsing QMAP buffers. Pure: no system calls, unit-tested.

use qmap::{
    apply_v4_ul_offload, pad_for, set_transport_checksum, write_dl_frame, Checksum, Command,
    CommandName, CommandType, Data, Deaggregate, Drop, Frame, IpVersion, OffloadError, UlCsum,
    UlSeed, MAP_HDR_LEN, V4_DL_TRAILER_LEN, V4_UL_CSUM_HDR_LEN, V5_CSUM_HDR_LEN,
};

use crate::args::FrameSpec;

pub const IPV4_HDR_LEN: usize = 20;
pub const IPV6_HDR_LEN: usize = 40;
/// IP protocol of the synthetic packets (RFC 3692 experimentation).
pub const PROTO_EXPERIMENTAL: u8 = 253;
/// Destination and source of synthetic IPv4 packets (TEST-NET-1).
pub const IPV4_DST: [u8; 4] = [192, 0, 2, 1];
pub const IPV4_SRC: [u8; 4] = [192, 0, 2, 2];
/// Destination and source of synthetic IPv6 packets (2001:db8::1, ::2).
pub const IPV6_DST: [u8; 16] = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
pub const IPV6_SRC: [u8; 16] = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2];
/// IPv6 "no next header".
const NEXT_HDR_NONE: u8 = 59;
pub const IPPROTO_TCP: u8 = 6;
pub const IPPROTO_UDP: u8 = 17;
pub const UDP_HDR_LEN: usize = 8;
pub const TCP_HDR_LEN: usize = 20;
/// Default ports of synthetic UDP and TCP packets.
pub const SPORT: u16 = 4000;
pub const DPORT: u16 = 9;

/// The Internet checksum (RFC 1071) of `data`.
pub fn inet_checksum(data: &[u8]) -> u16 {
    let mut sum: u32 = data
        .chunks(2)
        .map(|c| u32::from(u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)])))
        .sum();
    while sum > 0xffff {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    !(sum as u16)
}

/// An IPv4 packet of `len` bytes (at least 20): a valid header to
/// 192.0.2.1 from 192.0.2.2 with protocol `proto`, then zeros.
pub fn ipv4_packet(len: usize, proto: u8) -> Vec<u8> {
    ipv4_packet_between(len, proto, IPV4_SRC, IPV4_DST)
}

/// An IPv4 packet of `len` bytes (at least 20): a valid header to `dst`
/// from `src` with protocol `proto`, then zeros.
pub fn ipv4_packet_between(len: usize, proto: u8, src: [u8; 4], dst: [u8; 4]) -> Vec<u8> {
    let len = len.clamp(IPV4_HDR_LEN, 0xffff);
    let mut p = vec![0u8; len];
    p[0] = 0x45;
    p[2..4].copy_from_slice(&(len as u16).to_be_bytes());
    p[6] = 0x40; // don't fragment
    p[8] = 64; // TTL
    p[9] = proto;
    p[12..16].copy_from_slice(&src);
    p[16..20].copy_from_slice(&dst);
    fix_ipv4_header(&mut p);
    p
}

/// Sets the header checksum of IPv4 packet `p` right.
pub fn fix_ipv4_header(p: &mut [u8]) {
    p[10..12].fill(0);
    let c = inet_checksum(&p[..IPV4_HDR_LEN]);
    p[10..12].copy_from_slice(&c.to_be_bytes());
}

/// An IPv6 packet of `len` bytes (at least 40): a header to 2001:db8::1
/// from 2001:db8::2 with no next header, then zeros.
pub fn ipv6_packet(len: usize) -> Vec<u8> {
    ipv6_packet_between(len, NEXT_HDR_NONE, IPV6_SRC, IPV6_DST)
}

/// An IPv6 packet of `len` bytes (at least 40): a header to `dst` from
/// `src` with next header `next`, then zeros.
pub fn ipv6_packet_between(len: usize, next: u8, src: [u8; 16], dst: [u8; 16]) -> Vec<u8> {
    let len = len.clamp(IPV6_HDR_LEN, IPV6_HDR_LEN + 0xffff);
    let mut p = vec![0u8; len];
    p[0] = 0x60;
    p[4..6].copy_from_slice(&((len - IPV6_HDR_LEN) as u16).to_be_bytes());
    p[6] = next;
    p[7] = 64; // hop limit
    p[8..24].copy_from_slice(&src);
    p[24..40].copy_from_slice(&dst);
    p
}

/// What a synthetic packet carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Proto {
    /// Zeros: IPv4 protocol 253 (experimentation), IPv6 no next header.
    Raw,
    /// A UDP datagram with a right checksum.
    Udp,
    /// A TCP segment (PSH ACK, sequence 1) with a right checksum.
    Tcp,
}

impl Proto {
    /// Length of its transport header.
    pub fn header_len(self) -> usize {
        match self {
            Proto::Raw => 0,
            Proto::Udp => UDP_HDR_LEN,
            Proto::Tcp => TCP_HDR_LEN,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Proto::Raw => "raw",
            Proto::Udp => "udp",
            Proto::Tcp => "tcp",
        }
    }
}

/// Addresses and ports of synthetic packets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Endpoints {
    pub src4: [u8; 4],
    pub dst4: [u8; 4],
    pub src6: [u8; 16],
    pub dst6: [u8; 16],
    pub sport: u16,
    pub dport: u16,
}

impl Default for Endpoints {
    /// The documentation addresses, port 4000 to port 9 (discard).
    fn default() -> Self {
        Endpoints {
            src4: IPV4_SRC,
            dst4: IPV4_DST,
            src6: IPV6_SRC,
            dst6: IPV6_DST,
            sport: SPORT,
            dport: DPORT,
        }
    }
}

/// Length of the IP header of version `ip` (no options).
pub fn ip_header_len(ip: IpVersion) -> usize {
    match ip {
        IpVersion::V4 => IPV4_HDR_LEN,
        IpVersion::V6 => IPV6_HDR_LEN,
    }
}

/// The payload of synthetic UDP and TCP packets: "abc...xyzabc...".
fn fill_payload(p: &mut [u8]) {
    for (i, b) in p.iter_mut().enumerate() {
        *b = b'a' + (i % 26) as u8;
    }
}

/// A synthetic packet of version `ip`, `len` bytes, carrying `proto`
/// between `ends` (addresses of the packet's version), with a right
/// transport checksum. `len` must leave room for the transport header.
pub fn transport_packet(ip: IpVersion, len: usize, proto: Proto, ends: &Endpoints) -> Vec<u8> {
    let number = match proto {
        Proto::Raw => return synthetic_between(ip, len, ends),
        Proto::Udp => IPPROTO_UDP,
        Proto::Tcp => IPPROTO_TCP,
    };
    let mut p = match ip {
        IpVersion::V4 => ipv4_packet_between(len, number, ends.src4, ends.dst4),
        IpVersion::V6 => ipv6_packet_between(len, number, ends.src6, ends.dst6),
    };
    let hl = ip_header_len(ip);
    let seg = &mut p[hl..];
    seg[0..2].copy_from_slice(&ends.sport.to_be_bytes());
    seg[2..4].copy_from_slice(&ends.dport.to_be_bytes());
    match proto {
        Proto::Udp => {
            let l = seg.len() as u16;
            seg[4..6].copy_from_slice(&l.to_be_bytes());
            fill_payload(&mut seg[UDP_HDR_LEN..]);
        }
        _ => {
            seg[4..8].copy_from_slice(&1u32.to_be_bytes()); // sequence
            seg[12] = 5 << 4; // data offset
            seg[13] = 0x18; // PSH ACK
            seg[14..16].copy_from_slice(&0xffffu16.to_be_bytes()); // window
            fill_payload(&mut seg[TCP_HDR_LEN..]);
        }
    }
    // A UDP length over 16 bits, or a too short segment, is refused by the
    // command line; the checksum is then left 0.
    let _ = set_transport_checksum(&mut p);
    p
}

fn synthetic_between(ip: IpVersion, len: usize, ends: &Endpoints) -> Vec<u8> {
    match ip {
        IpVersion::V4 => ipv4_packet_between(len, PROTO_EXPERIMENTAL, ends.src4, ends.dst4),
        IpVersion::V6 => ipv6_packet_between(len, NEXT_HDR_NONE, ends.src6, ends.dst6),
    }
}

/// Makes IPv4 packet `p` a first fragment: more-fragments set, don't
/// fragment clear (its checksums are left as they are).
pub fn make_fragment(p: &mut [u8]) {
    p[6] = 0x20;
    p[7] = 0;
    fix_ipv4_header(p);
}

/// Breaks the header checksum of IPv4 packet `p`.
pub fn break_ipv4_header(p: &mut [u8]) {
    p[11] ^= 0x01;
}

/// Flips one bit of the last byte of `p`, a payload byte.
pub fn corrupt_payload(p: &mut [u8]) {
    if let Some(b) = p.last_mut() {
        *b ^= 0x01;
    }
}

/// A synthetic packet of version `ip` and `len` bytes.
pub fn synthetic(ip: IpVersion, len: usize) -> Vec<u8> {
    match ip {
        IpVersion::V4 => ipv4_packet(len, PROTO_EXPERIMENTAL),
        IpVersion::V6 => ipv6_packet(len),
    }
}

/// Length of a downlink data frame carrying `len` bytes with `pad` bytes of
/// padding.
pub fn dl_frame_len(csum: Checksum, len: usize, pad: usize) -> usize {
    let extra = match csum {
        Checksum::None => 0,
        Checksum::V4 => V4_DL_TRAILER_LEN,
        Checksum::V5 => V5_CSUM_HDR_LEN,
    };
    MAP_HDR_LEN + len + pad + extra
}

/// One downlink buffer of data frames `(mux id, IP packet)`, each padded to
/// 4 bytes if `pad`, with the checksum-valid flag set (and for MAPv4 the
/// trailer's checksum of the packet, as a modem computes it).
pub fn build_aggregate(
    csum: Checksum,
    frames: &[(u8, &[u8])],
    pad: bool,
) -> Result<Vec<u8>, String> {
    let frames: Vec<DlFrame> = frames
        .iter()
        .map(|&(mux, pkt)| DlFrame {
            mux,
            pkt,
            summed: pkt,
            valid: true,
        })
        .collect();
    build_dl(csum, &frames, pad)
}

/// The frame `--frame` `spec` makes: the packet sent, what the MAPv4
/// trailer sums, and the valid flag or bit.
pub struct Synthetic {
    pub mux: u8,
    pub pkt: Vec<u8>,
    pub summed: Vec<u8>,
    pub valid: bool,
}

impl Synthetic {
    /// The frame to build.
    pub fn frame(&self) -> DlFrame<'_> {
        DlFrame {
            mux: self.mux,
            pkt: &self.pkt,
            summed: &self.summed,
            valid: self.valid,
        }
    }
}

/// Builds the packet of `--frame` `spec` for variant `csum`, between
/// `ends`: see `aggregate` in [`crate::args::HELP`].
pub fn synthetic_frame(spec: &FrameSpec, ends: &Endpoints, csum: Checksum) -> Synthetic {
    let f = spec.flags;
    let mut pkt = transport_packet(spec.ip, spec.len, spec.proto, ends);
    if spec.ip == IpVersion::V4 {
        if f.frag {
            make_fragment(&mut pkt);
        }
        if f.badhdr {
            break_ipv4_header(&mut pkt);
        }
    }
    let intact = pkt.clone();
    if f.corrupt {
        corrupt_payload(&mut pkt);
    }
    let summed = if f.lie { intact } else { pkt.clone() };
    // An honest MAPv5 modem does not vouch for a packet it found corrupt.
    let honest_v5_corrupt = csum == Checksum::V5 && f.corrupt && !f.lie;
    let valid = !f.novalid && !honest_v5_corrupt;
    Synthetic {
        mux: spec.mux,
        pkt,
        summed,
        valid,
    }
}

/// One downlink data frame to build.
#[derive(Clone, Copy, Debug)]
pub struct DlFrame<'a> {
    pub mux: u8,
    /// The IP packet sent.
    pub pkt: &'a [u8],
    /// What the MAPv4 trailer's checksum is computed over: `pkt` for an
    /// honest modem; the packet before it was corrupted (as long) for a
    /// lying one.
    pub summed: &'a [u8],
    /// The MAPv4 trailer's valid flag, or the MAPv5 header's valid bit.
    pub valid: bool,
}

/// One downlink buffer of data frames, each padded to 4 bytes if `pad`.
pub fn build_dl(csum: Checksum, frames: &[DlFrame], pad: bool) -> Result<Vec<u8>, String> {
    let pads: Vec<usize> = frames
        .iter()
        .map(|f| if pad { pad_for(f.pkt.len()) } else { 0 })
        .collect();
    let total = frames
        .iter()
        .zip(&pads)
        .map(|(f, &pad)| dl_frame_len(csum, f.pkt.len(), pad))
        .sum();
    let mut buf = vec![0u8; total];
    let mut at = 0;
    for (f, &pad) in frames.iter().zip(&pads) {
        if f.summed.len() != f.pkt.len() {
            return Err("the summed packet differs in length".into());
        }
        let n = write_dl_frame(&mut buf[at..], csum, f.mux, f.summed, pad, f.valid)
            .map_err(|e| format!("cannot build a frame of {} bytes: {e:?}", f.pkt.len()))?;
        // The packet sent over the one summed: after the MAP and MAPv5 headers.
        let head = MAP_HDR_LEN
            + if csum == Checksum::V5 {
                V5_CSUM_HDR_LEN
            } else {
                0
            };
        buf[at + head..at + head + f.pkt.len()].copy_from_slice(f.pkt);
        at += n;
    }
    buf.truncate(at);
    Ok(buf)
}

/// One item of a received buffer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Item {
    Data(Data),
    Command(Command),
    Drop(Drop),
}

impl From<Result<Frame, Drop>> for Item {
    fn from(r: Result<Frame, Drop>) -> Item {
        match r {
            Ok(Frame::Data(d)) => Item::Data(d),
            Ok(Frame::Command(c)) => Item::Command(c),
            Err(d) => Item::Drop(d),
        }
    }
}

/// Calls `f` for each frame of `buf`. `uplink` picks the direction of the
/// format. MAPv1 and MAPv5 frames look the same both ways, but the MAPv4
/// uplink format differs from the downlink one that [`qmap::Deaggregate`]
/// parses: a 4-byte checksum header after the MAP header instead of a
/// trailer, not counted in the length either (upstream rmnet:
/// `rmnet_map_add_map_header(skb, sizeof(struct rmnet_map_ul_csum_header),
/// ...)` excludes it), and commands without trailer (rmnet trims it off the
/// acks it sends). Its frame boundaries are those of MAPv5, so it is walked
/// as MAPv5 and each data frame parsed here.
pub fn for_each_frame(buf: &[u8], csum: Checksum, uplink: bool, mut f: impl FnMut(Item)) {
    if !(uplink && csum == Checksum::V4) {
        Deaggregate::new(buf, csum).for_each(|r| f(r.into()));
        return;
    }
    let mut it = Deaggregate::new(buf, Checksum::V5);
    loop {
        let start = it.position();
        let Some(r) = it.next() else { break };
        f(match r {
            Ok(Frame::Command(c)) => Item::Command(c),
            Err(
                d @ (Drop::ZeroLength
                | Drop::PastBuffer
                | Drop::TruncatedHeader
                | Drop::ShortCommand
                | Drop::PadTooLong),
            ) => Item::Drop(d),
            // A data frame; the MAPv5 checks do not apply.
            Ok(Frame::Data(_)) | Err(_) => v4_ul_data(buf, start),
        });
    }
}

/// The MAPv4 uplink data frame at `start`, whose boundary and padding the
/// MAPv5 walk checked.
fn v4_ul_data(buf: &[u8], start: usize) -> Item {
    let flags = buf[start];
    let pkt_len = usize::from(u16::from_be_bytes([buf[start + 2], buf[start + 3]]));
    let len = pkt_len - usize::from(flags & 0x3f);
    let hdr = start + MAP_HDR_LEN;
    let offset = hdr + V4_UL_CSUM_HDR_LEN;
    match IpVersion::of(buf[offset]) {
        Some(ip) => Item::Data(Data {
            mux_id: buf[start + 1],
            offset,
            len,
            ip,
            // Bit 15 of the checksum info: offload asked.
            csum_valid: buf[hdr + 2] & 0x80 != 0,
            csum_value: 0,
        }),
        None => Item::Drop(Drop::NotIp),
    }
}

/// The checksum offload an uplink data frame asks of the modem.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Offload {
    /// MAPv4 checksum header: sum from `start` (from the IP header) to the
    /// end, store at `start + offset`; `udp`: a zero result goes as 0xffff.
    V4 { start: u16, offset: u16, udp: bool },
    /// MAPv5 header's valid bit: compute the TCP or UDP checksum.
    V5,
}

/// The offload uplink data frame `d` of `buf` (as [`for_each_frame`] found
/// it with `uplink` set) asks for, if any.
pub fn ul_offload(buf: &[u8], csum: Checksum, d: &Data) -> Option<Offload> {
    match csum {
        Checksum::None => None,
        Checksum::V5 => d.csum_valid.then_some(Offload::V5),
        Checksum::V4 => {
            let h = buf.get(d.offset.checked_sub(V4_UL_CSUM_HDR_LEN)?..d.offset)?;
            match UlCsum::from_v4_header([h[0], h[1], h[2], h[3]]) {
                UlCsum::None => None,
                UlCsum::Offload { start, offset, udp } => Some(Offload::V4 { start, offset, udp }),
            }
        }
    }
}

/// Carries out offload request `req` on IP packet `pkt`, in place, as a
/// modem does; `seed` says how a MAPv4 request's checksum field is seeded.
/// Returns the checksum stored.
pub fn apply_offload(pkt: &mut [u8], req: Offload, seed: UlSeed) -> Result<u16, OffloadError> {
    match req {
        Offload::V4 { start, offset, udp } => {
            apply_v4_ul_offload(pkt, start.into(), offset.into(), udp, seed)
        }
        Offload::V5 => set_transport_checksum(pkt),
    }
}

pub fn kind_name(k: CommandType) -> &'static str {
    match k {
        CommandType::Request => "request",
        CommandType::Ack => "ack",
        CommandType::Unsupported => "unsupported",
        CommandType::Invalid => "invalid",
    }
}

/// The command's name as the command line spells it.
pub fn command_name(n: CommandName) -> String {
    match n {
        CommandName::FlowDisable => "flow-disable".into(),
        CommandName::FlowEnable => "flow-enable".into(),
        CommandName::Other(v) => format!("raw:{v}"),
    }
}

fn ip_name(ip: IpVersion) -> &'static str {
    match ip {
        IpVersion::V4 => "ipv4",
        IpVersion::V6 => "ipv6",
    }
}

/// The line `listen` prints for an item of `buf`: [`describe`], and for
/// an uplink data frame asking for checksum offload " csum-offload".
pub fn listen_line(buf: &[u8], csum: Checksum, uplink: bool, item: &Item) -> String {
    let mut l = describe(item);
    if let Item::Data(d) = item {
        if uplink && ul_offload(buf, csum, d).is_some() {
            l.push_str(" csum-offload");
        }
    }
    l
}

/// The line `listen` prints for an item.
pub fn describe(item: &Item) -> String {
    match item {
        Item::Data(d) => format!("data mux {:#04x} len {} {}", d.mux_id, d.len, ip_name(d.ip)),
        Item::Command(c) => format!(
            "cmd mux {:#04x} {} {} txn {}",
            c.mux_id,
            kind_name(c.kind),
            command_name(c.name),
            c.transaction_id
        ),
        Item::Drop(d) => format!("drop {}", d.name()),
    }
}

/// The line `run` prints to stderr for a received command.
pub fn command_line(c: &Command) -> String {
    format!(
        "cmd {} {} mux {:#04x} txn {}",
        kind_name(c.kind),
        command_name(c.name),
        c.mux_id,
        c.transaction_id
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::parse_frame_spec;
    use qmap::{
        check_v4_trailer, dl_trailer_csum, write_command, write_ul_headers, TrailerFail, TrailerOk,
        TRAILER_HEAD_LEN,
    };

    fn items(buf: &[u8], csum: Checksum, uplink: bool) -> Vec<Item> {
        let mut v = vec![];
        for_each_frame(buf, csum, uplink, |i| v.push(i));
        v
    }

    #[test]
    fn checksum_known_header() {
        // The classic example header (checksum 0xb861).
        let mut h = [
            0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0x00, 0x00, 0xc0, 0xa8,
            0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7,
        ];
        assert_eq!(inet_checksum(&h), 0xb861);
        h[10..12].copy_from_slice(&0xb861u16.to_be_bytes());
        assert_eq!(inet_checksum(&h), 0);
        // Odd lengths pad with a zero byte.
        assert_eq!(inet_checksum(&[0x12]), !0x1200);
    }

    #[test]
    fn synthetic_ipv4() {
        for len in [20, 21, 84, 1500, 65535] {
            let p = ipv4_packet(len, PROTO_EXPERIMENTAL);
            assert_eq!(p.len(), len);
            assert_eq!(p[0], 0x45);
            assert_eq!(usize::from(u16::from_be_bytes([p[2], p[3]])), len);
            assert_eq!(p[9], 253);
            assert_eq!(&p[12..16], &[192, 0, 2, 2]);
            assert_eq!(&p[16..20], &[192, 0, 2, 1]);
            assert_eq!(inet_checksum(&p[..20]), 0, "header checksum verifies");
            assert!(p[20..].iter().all(|&b| b == 0));
        }
        // 84 bytes, DF, TTL 64, proto 253: checksum computed by hand.
        let p = ipv4_packet(84, 253);
        assert_eq!(u16::from_be_bytes([p[10], p[11]]), 0xb5a9);
    }

    #[test]
    fn synthetic_ipv6() {
        let p = ipv6_packet(100);
        assert_eq!(p.len(), 100);
        assert_eq!(p[0] >> 4, 6);
        assert_eq!(u16::from_be_bytes([p[4], p[5]]), 60);
        assert_eq!(p[6], 59);
        assert_eq!(ipv6_packet(40).len(), 40);
        assert_eq!(
            IpVersion::of(synthetic(IpVersion::V6, 40)[0]),
            Some(IpVersion::V6)
        );
        assert_eq!(
            IpVersion::of(synthetic(IpVersion::V4, 20)[0]),
            Some(IpVersion::V4)
        );
    }

    #[test]
    fn aggregate_round_trip() {
        let pkts = [
            (0x81u8, synthetic(IpVersion::V4, 84)),
            (0x82, synthetic(IpVersion::V6, 41)),
            (0x81, synthetic(IpVersion::V4, 21)),
            (0x01, synthetic(IpVersion::V6, 1280)),
        ];
        let frames: Vec<(u8, &[u8])> = pkts.iter().map(|(m, p)| (*m, p.as_slice())).collect();
        for csum in [Checksum::None, Checksum::V4, Checksum::V5] {
            for pad in [false, true] {
                let buf = build_aggregate(csum, &frames, pad).unwrap();
                let expect: usize = pkts
                    .iter()
                    .map(|(_, p)| {
                        dl_frame_len(csum, p.len(), if pad { pad_for(p.len()) } else { 0 })
                    })
                    .sum();
                assert_eq!(buf.len(), expect);
                let got = items(&buf, csum, false);
                assert_eq!(got.len(), pkts.len(), "{csum:?} pad {pad}");
                for (item, (mux, p)) in got.iter().zip(&pkts) {
                    let Item::Data(d) = item else {
                        panic!("{csum:?}: {item:?}")
                    };
                    assert_eq!(d.mux_id, *mux);
                    assert_eq!(&buf[d.offset..d.offset + d.len], p.as_slice());
                    assert_eq!(d.ip, IpVersion::of(p[0]).unwrap());
                    assert_eq!(d.csum_valid, csum != Checksum::None);
                    if csum == Checksum::V4 {
                        assert_eq!(d.csum_value, inet_checksum(p));
                    }
                    if pad {
                        assert_eq!(d.offset % 4, 0, "padded frames stay aligned");
                    }
                }
            }
        }
    }

    #[test]
    fn aggregate_too_long() {
        let big = vec![0x45u8; 0x10000];
        assert!(build_aggregate(Checksum::None, &[(1, &big)], false).is_err());
    }

    /// An uplink frame as upstream rmnet writes it.
    fn ul_frame(csum: Checksum, mux: u8, p: &[u8], offload: UlCsum) -> Vec<u8> {
        let pad = pad_for(p.len());
        let mut out = vec![0u8; 16];
        let h = write_ul_headers(&mut out, csum, mux, p.len(), pad, offload).unwrap();
        out.truncate(h);
        out.extend_from_slice(p);
        out.resize(out.len() + pad, 0);
        out
    }

    #[test]
    fn uplink_all_variants() {
        let a = synthetic(IpVersion::V4, 84);
        let b = synthetic(IpVersion::V6, 43);
        let off = UlCsum::Offload {
            start: 20,
            offset: 6,
            udp: true,
        };
        for csum in [Checksum::None, Checksum::V4, Checksum::V5] {
            let mut buf = ul_frame(csum, 0x81, &a, UlCsum::None);
            buf.extend(ul_frame(csum, 0x82, &b, off));
            let mut cmd = [0u8; 32];
            // Acks go back without the MAPv4 trailer (rmnet trims it).
            let n = write_command(
                &mut cmd,
                Checksum::None,
                0x81,
                CommandName::FlowDisable,
                CommandType::Ack,
                7,
            )
            .unwrap();
            buf.extend_from_slice(&cmd[..n]);
            let got = items(&buf, csum, true);
            assert_eq!(got.len(), 3, "{csum:?}: {got:?}");
            let Item::Data(d) = got[0] else { panic!() };
            assert_eq!((d.mux_id, d.len, d.ip), (0x81, 84, IpVersion::V4));
            assert_eq!(&buf[d.offset..d.offset + d.len], a.as_slice());
            let Item::Data(d) = got[1] else { panic!() };
            assert_eq!((d.mux_id, d.len, d.ip), (0x82, 43, IpVersion::V6));
            assert_eq!(&buf[d.offset..d.offset + d.len], b.as_slice());
            assert_eq!(d.csum_valid, csum != Checksum::None);
            let Item::Command(c) = got[2] else { panic!() };
            assert_eq!(describe(&got[2]), "cmd mux 0x81 ack flow-disable txn 7");
            assert_eq!(command_line(&c), "cmd ack flow-disable mux 0x81 txn 7");
        }
    }

    #[test]
    fn uplink_v4_rmnet_bytes() {
        // What rmnet sends for an 84-byte ping without offload: the length
        // covers the IP packet only.
        let p = synthetic(IpVersion::V4, 84);
        let mut buf = vec![0x00, 0x81, 0x00, 84, 0, 0, 0, 0];
        buf.extend_from_slice(&p);
        let got = items(&buf, Checksum::V4, true);
        assert_eq!(got.len(), 1);
        assert_eq!(describe(&got[0]), "data mux 0x81 len 84 ipv4");
        let Item::Data(d) = got[0] else { panic!() };
        assert_eq!((d.offset, d.csum_valid), (8, false));
    }

    #[test]
    fn uplink_v4_malformed() {
        // No room for the checksum header.
        let buf = [0x00, 0x81, 0x00, 0x04, 0x45, 0, 0, 0];
        assert_eq!(
            items(&buf, Checksum::V4, true),
            [Item::Drop(Drop::PastBuffer)]
        );
        // Padding eats the packet.
        let buf = [0x02, 0x81, 0x00, 0x02, 0, 0, 0, 0, 0x45, 0];
        assert_eq!(
            items(&buf, Checksum::V4, true),
            [Item::Drop(Drop::PadTooLong)]
        );
        // Not IP after the checksum header, then a good frame with the
        // MAPv5 next-header flag set (meaningless in MAPv4).
        let mut buf = vec![0x00, 0x81, 0x00, 0x01, 0x45, 0, 0, 0, 0x12];
        let mut good = ul_frame(Checksum::V4, 3, &synthetic(IpVersion::V4, 20), UlCsum::None);
        good[0] |= 0x40;
        buf.extend(good);
        let got = items(&buf, Checksum::V4, true);
        assert_eq!(got[0], Item::Drop(Drop::NotIp));
        assert!(matches!(
            got[1],
            Item::Data(Data {
                mux_id: 3,
                len: 20,
                ..
            })
        ));
        assert_eq!(got.len(), 2);
        // Zero length ends the walk.
        assert_eq!(
            items(&[0, 1, 0, 0, 0x45], Checksum::V4, true),
            [Item::Drop(Drop::ZeroLength)]
        );
    }

    #[test]
    fn describe_lines() {
        let buf = build_aggregate(
            Checksum::None,
            &[(0x81, &synthetic(IpVersion::V4, 84))],
            false,
        )
        .unwrap();
        let got = items(&buf, Checksum::None, false);
        assert_eq!(describe(&got[0]), "data mux 0x81 len 84 ipv4");
        assert_eq!(describe(&Item::Drop(Drop::PastBuffer)), "drop past-buffer");
        let mut cmd = [0u8; 32];
        let n = write_command(
            &mut cmd,
            Checksum::V4,
            5,
            CommandName::Other(9),
            CommandType::Request,
            0xdead,
        )
        .unwrap();
        let got = items(&cmd[..n], Checksum::V4, false);
        assert_eq!(describe(&got[0]), "cmd mux 0x05 request raw:9 txn 57005");
    }

    /// An independent check of a transport checksum: the pseudo header
    /// and segment, as RFC 768/793/8200 define them, sum to zero.
    fn transport_ok(p: &[u8]) -> bool {
        let (hl, proto, mut pseudo) = if p[0] >> 4 == 4 {
            (20, p[9], p[12..20].to_vec())
        } else {
            (40, p[6], p[8..40].to_vec())
        };
        let seg = &p[hl..];
        pseudo.extend((seg.len() as u32).to_be_bytes());
        pseudo.extend([0, 0, 0, proto]);
        pseudo.extend(seg);
        inet_checksum(&pseudo) == 0
    }

    #[test]
    fn transport_packets() {
        let ends = Endpoints {
            src4: [10, 81, 0, 2],
            dst4: [10, 81, 0, 1],
            dport: 5555,
            ..Endpoints::default()
        };
        for ip in [IpVersion::V4, IpVersion::V6] {
            let hl = ip_header_len(ip);
            for (proto, number) in [(Proto::Udp, 17), (Proto::Tcp, 6)] {
                for len in [hl + proto.header_len(), hl + 100, 1500] {
                    let p = transport_packet(ip, len, proto, &ends);
                    assert_eq!(p.len(), len);
                    assert_eq!(IpVersion::of(p[0]), Some(ip));
                    assert!(transport_ok(&p), "{ip:?} {proto:?} {len}");
                    let seg = &p[hl..];
                    assert_eq!(&seg[..4], &[0x0f, 0xa0, 0x15, 0xb3], "4000 -> 5555");
                    match ip {
                        IpVersion::V4 => {
                            assert_eq!(p[9], number);
                            assert_eq!(inet_checksum(&p[..20]), 0);
                            assert_eq!(&p[12..20], &[10, 81, 0, 2, 10, 81, 0, 1]);
                        }
                        IpVersion::V6 => {
                            assert_eq!(p[6], number);
                            assert_eq!(&p[24..40], &IPV6_DST);
                        }
                    }
                    if proto == Proto::Udp {
                        assert_eq!(usize::from(u16::from_be_bytes([seg[4], seg[5]])), len - hl);
                    } else {
                        assert_eq!((seg[12], seg[13]), (0x50, 0x18));
                    }
                    assert!(seg[proto.header_len()..]
                        .iter()
                        .zip((b'a'..=b'z').cycle())
                        .all(|(a, b)| *a == b));
                }
            }
            // Raw: the synthetic packets of old.
            assert_eq!(
                transport_packet(ip, 84, Proto::Raw, &Endpoints::default()),
                synthetic(ip, 84)
            );
        }
    }

    /// The verdict a host's MAPv4 check gives the one frame of `spec`, and
    /// the frame's MAPv5 valid bit.
    fn verdicts(spec: &str) -> (Result<TrailerOk, TrailerFail>, bool, Vec<u8>) {
        let spec = parse_frame_spec(spec).unwrap();
        let ends = Endpoints::default();
        let mut out = vec![];
        for csum in [Checksum::V4, Checksum::V5] {
            let s = synthetic_frame(&spec, &ends, csum);
            let buf = build_dl(csum, &[s.frame()], true).unwrap();
            let got = items(&buf, csum, false);
            let [Item::Data(d)] = got[..] else {
                panic!("{got:?}")
            };
            assert_eq!(&buf[d.offset..d.offset + d.len], s.pkt.as_slice());
            assert_eq!(d.mux_id, spec.mux);
            let pkt = &buf[d.offset..d.offset + d.len];
            let head = &pkt[..pkt.len().min(TRAILER_HEAD_LEN)];
            out.push((
                check_v4_trailer(head, d.len, d.csum_valid, d.csum_value),
                d.csum_valid,
                pkt.to_vec(),
            ));
        }
        let (v5, v4) = (out.pop().unwrap(), out.pop().unwrap());
        assert_eq!(v4.2, v5.2);
        (v4.0, v5.1, v4.2)
    }

    #[test]
    fn synthetic_frames_and_their_verdicts() {
        use TrailerFail::*;
        for ip in ["4", "6"] {
            for proto in ["udp", "tcp"] {
                let f = |flags: &str| verdicts(&format!("0x81:{ip}:100:{proto}{flags}"));
                let (v, valid, p) = f("");
                assert_eq!((v, valid), (Ok(TrailerOk::Verified), true));
                assert!(transport_ok(&p));
                // Honest modem, corrupted packet: the host sees a mismatch.
                let (v, valid, p) = f(":corrupt");
                assert_eq!((v, valid), (Err(Mismatch), false));
                assert!(!transport_ok(&p));
                // Lying modem: the host's check passes on the corrupted packet.
                let (v, valid, p) = f(":corrupt:lie");
                assert_eq!((v, valid), (Ok(TrailerOk::Verified), true));
                assert!(!transport_ok(&p));
                assert_eq!(f(":novalid").0, Err(NotValid));
                assert!(!f(":novalid").1);
                assert_eq!(f(":corrupt:lie:novalid").0, Err(NotValid));
            }
            assert_eq!(verdicts(&format!("1:{ip}:100")).0, Err(NotTcpUdp));
            assert_eq!(
                verdicts(&format!("1:{ip}:100:raw:corrupt")).0,
                Err(NotTcpUdp)
            );
        }
        let (v, valid, p) = verdicts("1:4:100:udp:frag");
        assert_eq!((v, valid), (Err(Fragment), true));
        assert_eq!(u16::from_be_bytes([p[6], p[7]]), 0x2000);
        assert_eq!(inet_checksum(&p[..20]), 0);
        let (v, _, p) = verdicts("1:4:100:tcp:badhdr");
        assert_eq!(v, Err(BadIpHeader));
        assert_ne!(inet_checksum(&p[..20]), 0);
        // The lying trailer is the honest one of the intact packet.
        let spec = parse_frame_spec("1:4:64:udp:corrupt:lie").unwrap();
        let s = synthetic_frame(&spec, &Endpoints::default(), Checksum::V4);
        let intact = transport_packet(IpVersion::V4, 64, Proto::Udp, &Endpoints::default());
        assert_eq!(s.summed, intact);
        assert_eq!(dl_trailer_csum(&s.summed), inet_checksum(&intact));
        assert_eq!(s.pkt[..63], intact[..63]);
        assert_eq!(s.pkt[63], intact[63] ^ 1);
    }

    #[test]
    fn build_dl_checks_lengths() {
        let a = [0x45u8; 20];
        let f = DlFrame {
            mux: 1,
            pkt: &a,
            summed: &a[..19],
            valid: true,
        };
        assert!(build_dl(Checksum::V4, &[f], false).is_err());
    }

    /// What a host asks for a packet `p` with CHECKSUM_PARTIAL: the
    /// checksum field seeded (folded pseudo-header sum, complemented for
    /// rmnet), and the uplink frame carrying it.
    fn ul_partial(csum: Checksum, p: &[u8], rmnet: bool) -> (Vec<u8>, u16) {
        let v4 = p[0] >> 4 == 4;
        let (hl, proto) = if v4 { (20, p[9]) } else { (40, p[6]) };
        let off = if proto == 17 { 6 } else { 16 };
        let mut q = p.to_vec();
        let (mut pseudo, seg_len) = if v4 {
            (q[12..20].to_vec(), q.len() - 20)
        } else {
            (q[8..40].to_vec(), q.len() - 40)
        };
        pseudo.extend((seg_len as u32).to_be_bytes());
        pseudo.extend([0, 0, 0, proto]);
        let seed = !inet_checksum(&pseudo);
        let seed = if rmnet { !seed } else { seed };
        q[hl + off..hl + off + 2].copy_from_slice(&seed.to_be_bytes());
        let req = UlCsum::Offload {
            start: hl as u16,
            offset: off as u16,
            udp: proto == 17,
        };
        (
            ul_frame(csum, 0x81, &q, req),
            u16::from_be_bytes([p[hl + off], p[hl + off + 1]]),
        )
    }

    #[test]
    fn uplink_offload() {
        let ends = Endpoints::default();
        for ip in [IpVersion::V4, IpVersion::V6] {
            for proto in [Proto::Udp, Proto::Tcp] {
                let p = transport_packet(ip, 77, proto, &ends);
                for csum in [Checksum::V4, Checksum::V5] {
                    for (rmnet, seed) in [(false, UlSeed::PseudoSum), (true, UlSeed::Complemented)]
                    {
                        let (mut buf, want) = ul_partial(csum, &p, rmnet);
                        let got = items(&buf, csum, true);
                        let [Item::Data(d)] = got[..] else {
                            panic!("{got:?}")
                        };
                        let req = ul_offload(&buf, csum, &d).unwrap();
                        assert_eq!(
                            listen_line(&buf, csum, true, &got[0]),
                            format!("{} csum-offload", describe(&got[0]))
                        );
                        assert_eq!(listen_line(&buf, csum, false, &got[0]), describe(&got[0]));
                        if csum == Checksum::V4 {
                            let hl = ip_header_len(ip) as u16;
                            let off = if proto == Proto::Udp { 6 } else { 16 };
                            assert_eq!(
                                req,
                                Offload::V4 {
                                    start: hl,
                                    offset: off,
                                    udp: proto == Proto::Udp
                                }
                            );
                        } else {
                            assert_eq!(req, Offload::V5);
                        }
                        let pkt = &mut buf[d.offset..d.offset + d.len];
                        assert!(!transport_ok(pkt));
                        assert_eq!(apply_offload(pkt, req, seed), Ok(want));
                        assert_eq!(pkt, p.as_slice(), "{ip:?} {proto:?} {csum:?} {seed:?}");
                    }
                }
            }
        }
        // No request: no offload, no suffix.
        let p = transport_packet(IpVersion::V4, 60, Proto::Udp, &ends);
        for csum in [Checksum::None, Checksum::V4, Checksum::V5] {
            let buf = ul_frame(csum, 1, &p, UlCsum::None);
            let got = items(&buf, csum, true);
            let Item::Data(d) = got[0] else { panic!() };
            assert_eq!(ul_offload(&buf, csum, &d), None);
            assert_eq!(
                listen_line(&buf, csum, true, &got[0]),
                "data mux 0x01 len 60 ipv4"
            );
        }
        // A request the packet cannot satisfy.
        let raw = synthetic(IpVersion::V4, 40);
        let buf = ul_frame(
            Checksum::V5,
            1,
            &raw,
            UlCsum::Offload {
                start: 20,
                offset: 6,
                udp: true,
            },
        );
        let got = items(&buf, Checksum::V5, true);
        let Item::Data(d) = got[0] else { panic!() };
        let mut pkt = raw.clone();
        assert_eq!(
            apply_offload(
                &mut pkt,
                ul_offload(&buf, Checksum::V5, &d).unwrap(),
                UlSeed::PseudoSum
            ),
            Err(OffloadError::NotTcpUdp)
        );
        assert_eq!(pkt, raw);
        let req = Offload::V4 {
            start: 30,
            offset: 9,
            udp: false,
        };
        assert_eq!(
            apply_offload(&mut pkt, req, UlSeed::PseudoSum),
            Err(OffloadError::Truncated)
        );
    }
}
