// SPDX-License-Identifier: GPL-2.0

extern crate std;

use super::*;
use std::vec;
use std::vec::Vec;

fn ipv4(len: usize, fill: u8) -> Vec<u8> {
    let mut p = vec![fill; len];
    p[0] = 0x45;
    p
}

fn ipv6(len: usize, fill: u8) -> Vec<u8> {
    let mut p = vec![fill; len];
    p[0] = 0x60;
    p
}

fn aggregate(csum: Checksum, frames: &[(u8, &[u8], usize)]) -> Vec<u8> {
    let mut buf = vec![0u8; 65536];
    let mut n = 0;
    for (mux, payload, pad) in frames {
        n += write_dl_frame(&mut buf[n..], csum, *mux, payload, *pad, true).unwrap();
    }
    buf.truncate(n);
    buf
}

fn all(buf: &[u8], csum: Checksum) -> Vec<Result<Frame, Drop>> {
    Deaggregate::new(buf, csum).collect()
}

#[test]
fn map_header_layout() {
    let p = ipv4(20, 0);
    let b = aggregate(Checksum::None, &[(0x81, &p, 0)]);
    assert_eq!(&b[..4], &[0x00, 0x81, 0x00, 20]);
    let b = aggregate(Checksum::None, &[(0x82, &ipv4(21, 0), 3)]);
    assert_eq!(&b[..4], &[0x03, 0x82, 0x00, 24]);
    assert_eq!(b.len(), 28);
}

#[test]
fn deaggregates_v1_many_frames() {
    let a = ipv4(60, 1);
    let b = ipv6(1400, 2);
    let c = ipv4(41, 3);
    let buf = aggregate(
        Checksum::None,
        &[(0x81, &a, 0), (0x82, &b, 0), (0x81, &c, pad_for(41))],
    );
    let frames = all(&buf, Checksum::None);
    assert_eq!(frames.len(), 3);
    let expect = [
        (0x81, &a, IpVersion::V4),
        (0x82, &b, IpVersion::V6),
        (0x81, &c, IpVersion::V4),
    ];
    for (f, (mux, payload, ip)) in frames.iter().zip(expect) {
        let Ok(Frame::Data(d)) = f else {
            panic!("{f:?}")
        };
        assert_eq!(d.mux_id, mux);
        assert_eq!(d.ip, ip);
        assert_eq!(&buf[d.offset..d.offset + d.len], &payload[..]);
        assert!(!d.csum_valid);
    }
}

#[test]
fn deaggregates_v5_with_checksum_header() {
    let a = ipv6(100, 7);
    let buf = aggregate(Checksum::V5, &[(0x81, &a, 0), (0x83, &ipv4(33, 1), 3)]);
    assert_eq!(buf[0], 0x40, "next-header flag");
    assert_eq!(buf[4], 2 << 1, "checksum offload header type");
    let frames = all(&buf, Checksum::V5);
    let Ok(Frame::Data(d)) = frames[0] else {
        panic!()
    };
    assert_eq!((d.offset, d.len, d.csum_valid), (8, 100, true));
    assert_eq!(&buf[d.offset..d.offset + d.len], &a[..]);
    let Ok(Frame::Data(d)) = frames[1] else {
        panic!()
    };
    assert_eq!((d.mux_id, d.len), (0x83, 33));
}

#[test]
fn deaggregates_v4_with_trailer() {
    let a = ipv4(64, 9);
    let mut buf = aggregate(Checksum::V4, &[(0x81, &a, 0), (0x81, &a, 0)]);
    assert_eq!(buf.len(), 2 * (4 + 64 + 8));
    buf[4 + 64 + 1] = 0; // first frame: checksum not valid
    let frames = all(&buf, Checksum::V4);
    let Ok(Frame::Data(d0)) = frames[0] else {
        panic!()
    };
    let Ok(Frame::Data(d1)) = frames[1] else {
        panic!()
    };
    assert_eq!((d0.offset, d0.len, d0.csum_valid), (4, 64, false));
    assert_eq!((d1.offset, d1.len, d1.csum_valid), (80, 64, true));
}

#[test]
fn command_frames_and_acks() {
    for csum in [Checksum::None, Checksum::V4, Checksum::V5] {
        let mut buf = vec![0u8; 64];
        let n = write_command(
            &mut buf,
            csum,
            0x81,
            CommandName::FlowDisable,
            CommandType::Request,
            77,
        )
        .unwrap();
        let p = ipv4(20, 0);
        n.checked_add(write_dl_frame(&mut buf[n..], csum, 0x81, &p, 0, false).unwrap())
            .unwrap();
        let frames: Vec<_> = Deaggregate::new(&buf, csum).take(2).collect();
        let Ok(Frame::Command(c)) = frames[0] else {
            panic!("{csum:?} {frames:?}")
        };
        assert_eq!(c.name, CommandName::FlowDisable);
        assert_eq!(c.kind, CommandType::Request);
        assert_eq!(
            (c.mux_id, c.offset, c.len, c.transaction_id),
            (0x81, 0, 20, 77)
        );
        assert!(
            matches!(frames[1], Ok(Frame::Data(_))),
            "{csum:?}: data after the command"
        );
        assert!(set_command_type(
            &mut buf[c.offset..c.offset + c.len],
            CommandType::Ack
        ));
        let Some(Ok(Frame::Command(c))) = Deaggregate::new(&buf, csum).next() else {
            panic!()
        };
        assert_eq!(c.kind, CommandType::Ack);
    }
    assert_eq!(CommandName::from_raw(9), CommandName::Other(9));
    assert!(!set_command_type(&mut [0u8; 5], CommandType::Ack));
}

#[test]
fn drop_zero_length_stops() {
    let p = ipv4(20, 0);
    let mut buf = vec![0u8, 0x81, 0, 0];
    buf.extend(aggregate(Checksum::None, &[(0x81, &p, 0)]));
    assert_eq!(all(&buf, Checksum::None), [Err(Drop::ZeroLength)]);
}

#[test]
fn drop_length_past_buffer_stops() {
    let p = ipv4(20, 0);
    let mut buf = aggregate(Checksum::None, &[(0x81, &p, 0), (0x82, &p, 0)]);
    buf.truncate(buf.len() - 1);
    let f = all(&buf, Checksum::None);
    assert!(matches!(f[0], Ok(Frame::Data(_))));
    assert_eq!(f[1..], [Err(Drop::PastBuffer)]);
    // v4: the trailer must fit too.
    let mut buf = aggregate(Checksum::V4, &[(0x81, &p, 0)]);
    buf.truncate(buf.len() - 1);
    assert_eq!(all(&buf, Checksum::V4), [Err(Drop::PastBuffer)]);
}

#[test]
fn drop_truncated_header() {
    let p = ipv4(20, 0);
    let mut buf = aggregate(Checksum::None, &[(0x81, &p, 0)]);
    buf.extend([0, 0x81]);
    let f = all(&buf, Checksum::None);
    assert_eq!(f.len(), 2);
    assert_eq!(f[1], Err(Drop::TruncatedHeader));
}

#[test]
fn drop_pad_too_long_continues() {
    let p = ipv4(20, 0);
    let mut buf = aggregate(Checksum::None, &[(0x81, &p, 0), (0x82, &p, 0)]);
    buf[0] = 20; // pad == length
    let f = all(&buf, Checksum::None);
    assert_eq!(f[0], Err(Drop::PadTooLong));
    assert!(matches!(f[1], Ok(Frame::Data(Data { mux_id: 0x82, .. }))));
}

#[test]
fn drop_v5_without_or_with_bad_header_continues() {
    let p = ipv4(20, 0);
    let mut buf = aggregate(Checksum::V5, &[(0x81, &p, 0), (0x82, &p, 0), (0x83, &p, 0)]);
    buf[0] &= !0x40; // first: next-header flag clear
    buf[28 + 4] = 1 << 1; // second: coalescing header, not checksum
    let f = all(&buf, Checksum::V5);
    assert_eq!(f[0], Err(Drop::MissingV5Header));
    assert_eq!(f[1], Err(Drop::BadV5Header));
    assert!(matches!(f[2], Ok(Frame::Data(Data { mux_id: 0x83, .. }))));
}

#[test]
fn drop_not_ip_continues() {
    let mut junk = ipv4(20, 0);
    junk[0] = 0x12;
    let p = ipv6(40, 0);
    let buf = aggregate(Checksum::None, &[(0x81, &junk, 0), (0x81, &p, 0)]);
    let f = all(&buf, Checksum::None);
    assert_eq!(f[0], Err(Drop::NotIp));
    assert!(matches!(
        f[1],
        Ok(Frame::Data(Data {
            ip: IpVersion::V6,
            ..
        }))
    ));
}

#[test]
fn drop_short_command() {
    let buf = [0x80u8, 0x81, 0, 4, 1, 0, 0, 0];
    assert_eq!(all(&buf, Checksum::None), [Err(Drop::ShortCommand)]);
}

#[test]
fn drop_names_and_indexes() {
    for (i, d) in Drop::ALL.iter().enumerate() {
        assert_eq!(d.index(), i);
        assert!(!d.name().is_empty());
    }
}

#[test]
fn ul_headers() {
    let mut h = [0u8; 8];
    assert_eq!(
        write_ul_headers(&mut h, Checksum::None, 0x81, 1400, 0, UlCsum::None),
        Ok(4)
    );
    assert_eq!(&h[..4], &[0, 0x81, 0x05, 0x78]);
    assert_eq!(
        write_ul_headers(&mut h, Checksum::None, 0x81, 41, 3, UlCsum::None),
        Ok(4)
    );
    assert_eq!(&h[..4], &[3, 0x81, 0, 44]);
    // MAPv4: the checksum header is not counted in the length (as rmnet).
    let off = UlCsum::Offload {
        start: 20,
        offset: 6,
        udp: true,
    };
    assert_eq!(
        write_ul_headers(&mut h, Checksum::V4, 0x82, 100, 0, off),
        Ok(8)
    );
    assert_eq!(h, [0, 0x82, 0, 100, 0, 20, 0xc0, 6]);
    // MAPv5: flagged next header, not counted.
    assert_eq!(
        write_ul_headers(&mut h, Checksum::V5, 0x83, 100, 0, off),
        Ok(8)
    );
    assert_eq!(h, [0x40, 0x83, 0, 100, 4, 0x80, 0, 0]);
    assert_eq!(
        write_ul_headers(&mut h, Checksum::V5, 0x83, 100, 0, UlCsum::None),
        Ok(8)
    );
    assert_eq!(h[5], 0);
    assert_eq!(
        write_ul_headers(&mut h[..7], Checksum::V5, 1, 1, 0, UlCsum::None),
        Err(UlError::NoRoom)
    );
    assert_eq!(
        write_ul_headers(&mut h, Checksum::None, 1, 65536, 0, UlCsum::None),
        Err(UlError::TooLong)
    );
    assert_eq!(
        write_ul_headers(&mut h, Checksum::None, 1, 0, 0, UlCsum::None),
        Err(UlError::TooLong)
    );
    assert_eq!(
        write_ul_headers(&mut h, Checksum::None, 1, 10, 64, UlCsum::None),
        Err(UlError::BadPad)
    );
}

#[test]
fn ul_v5_frames_parse_as_downlink() {
    // MAPv5 uplink and downlink data frames have the same shape.
    let p = ipv6(61, 5);
    let pad = pad_for(p.len());
    let mut buf = vec![0u8; 8];
    write_ul_headers(&mut buf, Checksum::V5, 0x81, p.len(), pad, UlCsum::None).unwrap();
    buf.extend(&p);
    buf.extend(vec![0; pad]);
    let f = all(&buf, Checksum::V5);
    let Ok(Frame::Data(d)) = f[0] else {
        panic!("{f:?}")
    };
    assert_eq!(&buf[d.offset..d.offset + d.len], &p[..]);
}

#[test]
fn padding() {
    assert_eq!([0, 1, 2, 3, 4, 5].map(pad_for), [0, 3, 2, 1, 0, 3]);
}

#[test]
fn aggregation_limits() {
    // quectel-CM's negotiated limits.
    let l = AggLimits {
        max_datagrams: 11,
        max_bytes: 8192,
    };
    let mut s = AggState::default();
    assert!(s.accepts(&l, 9000), "an empty buffer takes any frame");
    for _ in 0..5 {
        assert!(s.accepts(&l, 1404));
        s.add(1404);
    }
    assert!(!s.accepts(&l, 1404), "6 x 1404 > 8192");
    assert!(s.accepts(&l, 1000));
    let mut s = AggState::default();
    for _ in 0..11 {
        assert!(s.accepts(&l, 68));
        s.add(68);
    }
    assert!(s.is_full(&l));
    assert!(!s.accepts(&l, 68));
}

#[test]
fn ip_versions() {
    assert_eq!(IpVersion::of(0x45), Some(IpVersion::V4));
    assert_eq!(IpVersion::of(0x60), Some(IpVersion::V6));
    assert_eq!(IpVersion::of(0x00), None);
    assert_eq!(IpVersion::V6.ethertype(), 0x86dd);
}

/// Every frame of any buffer lies inside it, the walk always ends and only
/// moves forward: checked over a million pseudo-random buffers biased
/// towards plausible headers.
#[test]
fn any_input_is_safe() {
    let mut x: u64 = 0x9e3779b97f4a7c15;
    let mut rnd = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut buf = [0u8; 96];
    for i in 0..1_000_000u32 {
        let len = (rnd() % 97) as usize;
        for b in buf[..len].iter_mut() {
            *b = rnd() as u8;
        }
        // Plausible lengths make the walk go deeper than random bytes would.
        let mut at = 0;
        while at + 4 <= len && !rnd().is_multiple_of(4) {
            let l = (rnd() % 40) as u16;
            buf[at + 2..at + 4].copy_from_slice(&l.to_be_bytes());
            at += 4 + l as usize;
        }
        let csum = [Checksum::None, Checksum::V4, Checksum::V5][(i % 3) as usize];
        let mut walk = Deaggregate::new(&buf[..len], csum);
        let mut last = 0;
        let mut steps = 0;
        while let Some(f) = walk.next() {
            steps += 1;
            assert!(walk.position() > last && walk.position() <= len);
            last = walk.position();
            match f {
                Ok(Frame::Data(d)) => {
                    assert!(d.len >= 1 && d.offset + d.len <= len);
                    assert!(IpVersion::of(buf[d.offset]).is_some());
                    let pkt = &buf[d.offset..d.offset + d.len];
                    let head = &pkt[..pkt.len().min(TRAILER_HEAD_LEN)];
                    let _ = check_v4_trailer(head, d.len, d.csum_valid, d.csum_value);
                    if i % 8 == 0 {
                        let mut copy = [0u8; 96];
                        let copy = &mut copy[..pkt.len()];
                        copy.copy_from_slice(pkt);
                        let _ = set_transport_checksum(copy);
                        let (a, b) = (rnd() as usize % 100, rnd() as usize % 100);
                        let _ = apply_v4_ul_offload(copy, a, b, a % 2 == 0, UlSeed::PseudoSum);
                    }
                }
                Ok(Frame::Command(c)) => assert!(c.offset + c.len <= len),
                Err(_) => {}
            }
        }
        assert!(steps <= len / 4 + 1);
    }
}

// Non-contiguous buffers.

/// A buffer in pieces, as an `sk_buff` with page fragments.
struct Pieces<'a>(Vec<&'a [u8]>);

impl Buffer for Pieces<'_> {
    fn len(&self) -> usize {
        self.0.iter().map(|p| p.len()).sum()
    }

    fn read(&self, mut at: usize, out: &mut [u8]) -> bool {
        let mut done = 0;
        for p in &self.0 {
            if done == out.len() {
                break;
            }
            if at >= p.len() {
                at -= p.len();
                continue;
            }
            let n = (p.len() - at).min(out.len() - done);
            out[done..done + n].copy_from_slice(&p[at..at + n]);
            done += n;
            at = 0;
        }
        done == out.len()
    }
}

/// Cuts `buf` at `cuts` (sorted, within it).
fn pieces<'a>(buf: &'a [u8], cuts: &[usize]) -> Pieces<'a> {
    let mut v = Vec::new();
    let mut from = 0;
    for &c in cuts {
        v.push(&buf[from..c]);
        from = c;
    }
    v.push(&buf[from..]);
    Pieces(v)
}

fn xorshift(seed: u64) -> impl FnMut() -> u64 {
    let mut x = seed;
    move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    }
}

#[test]
fn buffer_reads_across_pieces() {
    let data: Vec<u8> = (0..20).collect();
    let b = pieces(&data, &[3, 3, 10]);
    assert_eq!(Buffer::len(&b), 20);
    let mut out = [0u8; 9];
    assert!(b.read(2, &mut out));
    assert_eq!(out, [2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert!(b.read(11, &mut out));
    assert!(!b.read(12, &mut out));
    assert!(b.read(20, &mut []));
    let s: &[u8] = &data;
    assert!(!s.read(usize::MAX, &mut out), "no overflow");
    assert!(!s.read(15, &mut out));
    assert!(s.read(11, &mut out));
    assert_eq!(out[0], 11);
    assert!(!Buffer::is_empty(&s));
}

/// The walk yields the same frames and positions whether the buffer is one
/// slice or 1 to 4 pieces cut anywhere (empty pieces included).
#[test]
fn pieces_walk_like_a_slice() {
    let mut rnd = xorshift(0x2545f4914f6cdd1d);
    let mut buf = [0u8; 128];
    for i in 0..300_000u32 {
        let len = (rnd() % 129) as usize;
        for b in buf[..len].iter_mut() {
            *b = rnd() as u8;
        }
        let mut at = 0;
        while at + 4 <= len && !rnd().is_multiple_of(4) {
            let l = (rnd() % 40) as u16;
            buf[at + 2..at + 4].copy_from_slice(&l.to_be_bytes());
            if rnd().is_multiple_of(2) {
                buf[at] &= 0xc3; // little padding
            }
            if rnd().is_multiple_of(2) && at + 4 < len {
                buf[at + 4] = 0x45; // IPv4 first
            }
            at += 4 + l as usize;
        }
        let mut cuts: Vec<usize> = (0..rnd() % 4)
            .map(|_| (rnd() % (len as u64 + 1)) as usize)
            .collect();
        cuts.sort();
        let csum = [Checksum::None, Checksum::V4, Checksum::V5][(i % 3) as usize];
        let mut a = Deaggregate::new(&buf[..len], csum);
        let mut b = Deaggregate::new(pieces(&buf[..len], &cuts), csum);
        loop {
            let (x, y) = (a.next(), b.next());
            assert_eq!(x, y, "{csum:?} cuts {cuts:?} {:?}", &buf[..len]);
            assert_eq!(a.position(), b.position());
            if x.is_none() {
                break;
            }
        }
    }
}

/// A buffer that claims more than it has: the walk still ends, without
/// panicking, and drops what it cannot read.
#[test]
fn lying_buffer_is_safe() {
    struct Liar<'a>(&'a [u8], usize);
    impl Buffer for Liar<'_> {
        fn len(&self) -> usize {
            self.1
        }
        fn read(&self, at: usize, out: &mut [u8]) -> bool {
            self.0.read(at, out)
        }
    }
    let p = ipv4(20, 0);
    let buf = aggregate(Checksum::V4, &[(0x81, &p, 0), (0x82, &p, 0)]);
    let f: Vec<_> = Deaggregate::new(Liar(&buf[..40], buf.len()), Checksum::V4).collect();
    assert!(matches!(f[0], Ok(Frame::Data(_))));
    assert_eq!(f[1], Err(Drop::PastBuffer), "trailer unreadable");
    assert_eq!(f.len(), 2);
    let f: Vec<_> = Deaggregate::new(Liar(&buf[..34], buf.len()), Checksum::V4).collect();
    assert_eq!(f[1], Err(Drop::TruncatedHeader), "MAP header unreadable");
    assert_eq!(f.len(), 2);
}

// Checksums: known answers, computed independently (Python's struct and
// ipaddress modules, RFC 1071 sum).

/// IPv4 UDP 192.0.2.2:4000 -> 192.0.2.1:9, "hello"; UDP checksum 0x2855.
const UDP4: [u8; 33] = [
    0x45, 0x00, 0x00, 0x21, 0x12, 0x34, 0x40, 0x00, 0x40, 0x11, 0xa4, 0x94, 0xc0, 0x00, 0x02, 0x02,
    0xc0, 0x00, 0x02, 0x01, 0x0f, 0xa0, 0x00, 0x09, 0x00, 0x0d, 0x28, 0x55, 0x68, 0x65, 0x6c, 0x6c,
    0x6f,
];
/// IPv6 UDP [2001:db8::2]:4000 -> [2001:db8::1]:9, "hello"; checksum 0x50e4.
const UDP6: [u8; 53] = [
    0x60, 0x00, 0x00, 0x00, 0x00, 0x0d, 0x11, 0x40, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x0f, 0xa0, 0x00, 0x09, 0x00, 0x0d, 0x50, 0xe4,
    0x68, 0x65, 0x6c, 0x6c, 0x6f,
];
/// IPv4 TCP 192.0.2.2:4000 -> 192.0.2.1:80, PSH ACK, "abcd"; checksum 0x570b.
const TCP4: [u8; 44] = [
    0x45, 0x00, 0x00, 0x2c, 0x12, 0x34, 0x40, 0x00, 0x40, 0x06, 0xa4, 0x94, 0xc0, 0x00, 0x02, 0x02,
    0xc0, 0x00, 0x02, 0x01, 0x0f, 0xa0, 0x00, 0x50, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02,
    0x50, 0x18, 0xff, 0xff, 0x57, 0x0b, 0x00, 0x00, 0x61, 0x62, 0x63, 0x64,
];
/// IPv6 TCP [2001:db8::2]:4000 -> [2001:db8::1]:80, "abcd"; checksum 0x7f9a.
const TCP6: [u8; 64] = [
    0x60, 0x00, 0x00, 0x00, 0x00, 0x18, 0x06, 0x40, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x0f, 0xa0, 0x00, 0x50, 0x00, 0x00, 0x00, 0x01,
    0x00, 0x00, 0x00, 0x02, 0x50, 0x18, 0xff, 0xff, 0x7f, 0x9a, 0x00, 0x00, 0x61, 0x62, 0x63, 0x64,
];

/// (packet, offset of its transport checksum, that checksum, the Internet
/// checksum of the whole packet: its MAPv4 trailer value).
const KNOWN: [(&[u8], usize, u16, u16); 4] = [
    (&UDP4, 26, 0x2855, 0x8422),
    (&UDP6, 46, 0x50e4, 0x8ed0),
    (&TCP4, 36, 0x570b, 0x8422),
    (&TCP6, 56, 0x7f9a, 0x99c5),
];

// A reference implementation, written from RFC 1071, 768, 793 and 8200
// rather than from rmnet's code: plain sums of big-endian words.

fn ref_sum(data: &[u8]) -> u64 {
    data.chunks(2)
        .map(|c| u64::from(c[0]) << 8 | u64::from(*c.get(1).unwrap_or(&0)))
        .sum()
}

/// Folds to 16 bits: 1..=0xffff for a non-zero sum.
fn ref_fold(s: u64) -> u16 {
    if s == 0 {
        0
    } else {
        ((s - 1) % 0xffff + 1) as u16
    }
}

fn ref_pseudo(pkt: &[u8]) -> Vec<u8> {
    if pkt[0] >> 4 == 4 {
        let hl = usize::from(pkt[0] & 15) * 4;
        let len = u16::from_be_bytes([pkt[2], pkt[3]]) - hl as u16;
        let mut v = pkt[12..20].to_vec();
        v.extend([0, pkt[9]]);
        v.extend(len.to_be_bytes());
        v
    } else {
        let mut v = pkt[8..40].to_vec();
        v.extend([0, 0, pkt[4], pkt[5], 0, 0, 0, pkt[6]]);
        v
    }
}

/// Whether the transport checksum of `pkt` verifies (pseudo header and
/// segment sum to ones'-complement zero).
fn ref_transport_ok(pkt: &[u8]) -> bool {
    let hl = if pkt[0] >> 4 == 4 {
        usize::from(pkt[0] & 15) * 4
    } else {
        40
    };
    ref_fold(ref_sum(&ref_pseudo(pkt)) + ref_sum(&pkt[hl..])) == 0xffff
}

/// rmnet's verdict, from its comments: the trailer holds the checksum of
/// the whole packet; less the IP header's part, it must be the negated
/// pseudo-header checksum, i.e. the folded pseudo-header sum.
/// `None` for an IPv4 header longer than its total length (where the
/// kernel's result depends on its byte order).
fn ref_rmnet(pkt: &[u8], valid: bool, trailer: u16) -> Option<Result<TrailerOk, TrailerFail>> {
    if !valid {
        return Some(Err(TrailerFail::NotValid));
    }
    let version = pkt.first().map(|b| b >> 4);
    if version == Some(4) {
        if pkt.len() < 20 {
            return Some(Err(TrailerFail::Truncated));
        }
        let hl = usize::from(pkt[0] & 15) * 4;
        if hl < 20 {
            return Some(Err(TrailerFail::BadIpHeader));
        }
        if pkt.len() < hl {
            return Some(Err(TrailerFail::Truncated));
        }
        if ref_fold(ref_sum(&pkt[..hl])) != 0xffff {
            return Some(Err(TrailerFail::BadIpHeader));
        }
        if u16::from_be_bytes([pkt[6], pkt[7]]) & 0x3fff != 0 {
            return Some(Err(TrailerFail::Fragment));
        }
        match pkt[9] {
            6 => {}
            17 if pkt.len() < hl + 8 => return Some(Err(TrailerFail::Truncated)),
            17 if pkt[hl + 6] == 0 && pkt[hl + 7] == 0 => {
                return Some(Ok(TrailerOk::NoUdpChecksum))
            }
            17 => {}
            _ => return Some(Err(TrailerFail::NotTcpUdp)),
        }
        if usize::from(u16::from_be_bytes([pkt[2], pkt[3]])) < hl {
            return None;
        }
        let pseudo = ref_fold(ref_sum(&ref_pseudo(pkt)));
        if trailer != pseudo {
            return Some(Err(TrailerFail::Mismatch));
        }
    } else if version == Some(6) {
        if pkt.len() < 40 {
            return Some(Err(TrailerFail::Truncated));
        }
        if pkt[6] != 6 && pkt[6] != 17 {
            return Some(Err(TrailerFail::NotTcpUdp));
        }
        let pseudo = ref_fold(ref_sum(&ref_pseudo(pkt)));
        // The trailer plus the IP header's sum, 16-bit end-around carry.
        let t = u32::from(trailer) + u32::from(ref_fold(ref_sum(&pkt[..40])));
        let payload = if t > 0xffff { t - 0xffff } else { t } as u16;
        if payload != pseudo {
            return Some(Err(TrailerFail::Mismatch));
        }
    } else if version.is_none() {
        return Some(Err(TrailerFail::Truncated));
    } else {
        return Some(Err(TrailerFail::BadIpHeader));
    }
    Some(Ok(TrailerOk::Verified))
}

/// `check_v4_trailer` of a whole packet (or of what there is of it).
fn chk(pkt: &[u8], valid: bool, value: u16) -> Result<TrailerOk, TrailerFail> {
    check_v4_trailer(head(pkt), pkt.len(), valid, value)
}

fn head(pkt: &[u8]) -> &[u8] {
    &pkt[..pkt.len().min(TRAILER_HEAD_LEN)]
}

#[test]
fn known_answers() {
    // The classic example header.
    let h = [
        0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0x00, 0x00, 0xc0, 0xa8, 0x00,
        0x01, 0xc0, 0xa8, 0x00, 0xc7,
    ];
    assert_eq!(internet_checksum(&h), 0xb861);
    assert_eq!(internet_checksum(&[]), 0xffff);
    assert_eq!(internet_checksum(&[0x12]), !0x1200);
    assert_eq!(internet_checksum(&UDP4[..20]), 0, "header checksum right");
    for (pkt, at, transport, trailer) in KNOWN {
        assert_eq!(u16::from_be_bytes([pkt[at], pkt[at + 1]]), transport);
        assert!(ref_transport_ok(pkt));
        assert_eq!(dl_trailer_csum(pkt), trailer);
        assert_eq!(chk(head(pkt), true, trailer), Ok(TrailerOk::Verified));
        // From scratch, whatever the field held.
        for junk in [0, 0xffff, 0x1234] {
            let mut p = pkt.to_vec();
            p[at..at + 2].copy_from_slice(&u16::to_be_bytes(junk));
            assert_eq!(set_transport_checksum(&mut p), Ok(transport));
            assert_eq!(p, pkt);
        }
    }
}

/// A data frame's trailer, end to end: written by `write_dl_frame`, parsed
/// by `Deaggregate`, checked by `check_v4_trailer`.
fn trailer_verdict(pkt: &[u8], valid: bool) -> Result<TrailerOk, TrailerFail> {
    let mut buf = vec![0u8; pkt.len() + 16];
    let n = write_dl_frame(&mut buf, Checksum::V4, 1, pkt, pad_for(pkt.len()), valid).unwrap();
    let f: Vec<_> = Deaggregate::new(&buf[..n], Checksum::V4).collect();
    let [Ok(Frame::Data(d))] = f[..] else {
        panic!("{f:?}")
    };
    assert_eq!(d.csum_valid, valid);
    assert_eq!(d.csum_value, if valid { dl_trailer_csum(pkt) } else { 0 });
    let t = &buf[d.offset + d.len + pad_for(pkt.len())..n];
    if valid {
        assert_eq!(
            t[..6],
            [0, 1, 0, 0, (pkt.len() >> 8) as u8, pkt.len() as u8],
            "start 0, length of the packet"
        );
    } else {
        assert_eq!(t, [0; 8]);
    }
    let v = check_v4_trailer(
        head(&buf[d.offset..d.offset + d.len]),
        d.len,
        d.csum_valid,
        d.csum_value,
    );
    assert_eq!(Some(v), ref_rmnet(pkt, valid, d.csum_value), "{pkt:02x?}");
    v
}

fn with(pkt: &[u8], f: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
    let mut p = pkt.to_vec();
    f(&mut p);
    p
}

/// Sets the IPv4 header checksum right.
fn fix_ip4(p: &mut [u8]) {
    let hl = usize::from(p[0] & 15) * 4;
    p[10] = 0;
    p[11] = 0;
    let c = internet_checksum(&p[..hl]);
    p[10..12].copy_from_slice(&c.to_be_bytes());
}

#[test]
fn trailer_intact_and_corrupt() {
    for (pkt, _, _, _) in KNOWN {
        assert_eq!(trailer_verdict(pkt, true), Ok(TrailerOk::Verified));
        assert_eq!(trailer_verdict(pkt, false), Err(TrailerFail::NotValid));
        // One payload byte flipped: the honest trailer no longer matches.
        let bad = with(pkt, |p| *p.last_mut().unwrap() ^= 0x20);
        assert!(!ref_transport_ok(&bad));
        assert_eq!(trailer_verdict(&bad, true), Err(TrailerFail::Mismatch));
        // A trailer computed before the corruption vouches for it anyway:
        // the check is the trailer's word against the pseudo header.
        assert_eq!(
            chk(head(&bad), true, dl_trailer_csum(pkt)),
            Ok(TrailerOk::Verified)
        );
        // A wrong transport checksum, honestly summed, is caught too.
        let at = pkt.len() - 5;
        let bad = with(pkt, |p| p[at] ^= 1);
        assert_eq!(trailer_verdict(&bad, true), Err(TrailerFail::Mismatch));
    }
}

#[test]
fn trailer_reasons() {
    // UDP over IPv4 without checksum: nothing to verify, whatever the value.
    let nocsum = with(&UDP4, |p| p[26..28].fill(0));
    assert_eq!(trailer_verdict(&nocsum, true), Ok(TrailerOk::NoUdpChecksum));
    assert_eq!(chk(&nocsum, true, 0x1234), Ok(TrailerOk::NoUdpChecksum));
    // IPv6 UDP with a zero checksum is checked like any other.
    let v6zero = with(&UDP6, |p| p[46..48].fill(0));
    assert_eq!(trailer_verdict(&v6zero, true), Err(TrailerFail::Mismatch));
    // Fragments: more-fragments flag, or an offset.
    for frag in [0x2000u16, 0x0001, 0x4001] {
        for pkt in [&UDP4[..], &TCP4[..]] {
            let p = with(pkt, |p| {
                p[6..8].copy_from_slice(&frag.to_be_bytes());
                fix_ip4(p)
            });
            assert_eq!(trailer_verdict(&p, true), Err(TrailerFail::Fragment));
        }
    }
    // Not TCP or UDP: ICMP, IPv6 with a hop-by-hop header.
    let icmp = with(&UDP4, |p| {
        p[9] = 1;
        fix_ip4(p)
    });
    assert_eq!(trailer_verdict(&icmp, true), Err(TrailerFail::NotTcpUdp));
    let hbh = with(&TCP6, |p| p[6] = 0);
    assert_eq!(trailer_verdict(&hbh, true), Err(TrailerFail::NotTcpUdp));
    let icmp6 = with(&TCP6, |p| p[6] = 58);
    assert_eq!(trailer_verdict(&icmp6, true), Err(TrailerFail::NotTcpUdp));
    // A bad IPv4 header checksum, checked before anything else.
    let badhdr = with(&TCP4, |p| {
        p[10] ^= 1;
        p[6] = 0x20;
        p[9] = 1
    });
    assert_eq!(chk(&badhdr, true, 0), Err(TrailerFail::BadIpHeader));
    let ihl4 = with(&TCP4, |p| {
        p[0] = 0x44;
        fix_ip4(p)
    });
    assert_eq!(chk(&ihl4, true, 0), Err(TrailerFail::BadIpHeader));
    assert_eq!(
        chk(&[0x15; 30], true, 0),
        Err(TrailerFail::BadIpHeader),
        "not IP"
    );
    // Options: a 24-byte header is fine.
    let mut opt = TCP4[..20].to_vec();
    opt.extend([1, 1, 1, 0]); // NOP NOP NOP EOL
    opt.extend(&TCP4[20..]);
    opt[0] = 0x46;
    opt[3] += 4;
    fix_ip4(&mut opt);
    assert!(ref_transport_ok(&opt));
    assert_eq!(trailer_verdict(&opt, true), Ok(TrailerOk::Verified));
    // Truncated heads.
    assert_eq!(chk(&[], true, 0), Err(TrailerFail::Truncated));
    assert_eq!(chk(&UDP4[..19], true, 0), Err(TrailerFail::Truncated));
    assert_eq!(chk(&opt[..22], true, 0), Err(TrailerFail::Truncated));
    assert_eq!(
        chk(&UDP4[..27], true, 0x8422),
        Err(TrailerFail::Truncated),
        "UDP checksum field cut"
    );
    assert_eq!(chk(&UDP4[..28], true, 0x8422), Ok(TrailerOk::Verified));
    assert_eq!(
        chk(&TCP4[..20], true, 0x8422),
        Ok(TrailerOk::Verified),
        "TCP: only the IP header is read"
    );
    assert_eq!(chk(&UDP6[..39], true, 0), Err(TrailerFail::Truncated));
    assert_eq!(
        chk(&UDP6[..40], true, 0x8ed0),
        Ok(TrailerOk::Verified),
        "IPv6: only the IP header is read"
    );
    // The framed length cuts the head.
    assert_eq!(
        check_v4_trailer(&UDP4, 27, true, 0x8422),
        Err(TrailerFail::Truncated)
    );
    assert_eq!(
        check_v4_trailer(&UDP4, 28, true, 0x8422),
        Ok(TrailerOk::Verified)
    );
    assert_eq!(
        check_v4_trailer(&UDP6, 39, true, 0x8ed0),
        Err(TrailerFail::Truncated)
    );
    assert_eq!(
        check_v4_trailer(&UDP4[..24], 1000, true, 0x8422),
        Err(TrailerFail::Truncated),
        "head shorter than it should be"
    );
    // Not valid comes first.
    assert_eq!(chk(&[], false, 0), Err(TrailerFail::NotValid));
}

/// rmnet compares the trailer with the folded pseudo-header sum: when
/// that sum is ones'-complement zero (0xffff), the Internet checksum of an
/// intact packet (0) does not match it. One IPv4 packet in 65535; IPv6 is
/// immune (its header's sum is added back first).
#[test]
fn trailer_pseudo_zero_corner() {
    let mut p = UDP4.to_vec();
    // Make saddr + daddr + proto + UDP length sum to 0xffff.
    let rest = ref_sum(&p[12..18]) + 17 + 13;
    let need = 0xffff - ref_fold(rest);
    p[18..20].copy_from_slice(&need.to_be_bytes());
    fix_ip4(&mut p);
    set_transport_checksum(&mut p).unwrap();
    assert!(ref_transport_ok(&p));
    assert_eq!(ref_fold(ref_sum(&ref_pseudo(&p))), 0xffff);
    assert_eq!(dl_trailer_csum(&p), 0);
    assert_eq!(trailer_verdict(&p, true), Err(TrailerFail::Mismatch));
    assert_eq!(chk(&p, true, 0xffff), Ok(TrailerOk::Verified));
}

#[test]
fn trailer_names_and_indexes() {
    for (i, r) in TrailerFail::ALL.iter().enumerate() {
        assert_eq!(r.index(), i);
    }
    let names: Vec<_> = TrailerFail::ALL.iter().map(|r| r.name()).collect();
    assert_eq!(
        names,
        [
            "not-valid",
            "truncated",
            "bad-ip-header",
            "fragment",
            "not-tcp-udp",
            "mismatch"
        ]
    );
    assert_eq!(TrailerOk::Verified.name(), "verified");
    assert_eq!(TrailerOk::NoUdpChecksum.name(), "no-udp-checksum");
}

/// A plausible random IP packet: IPv4 or IPv6, TCP, UDP or other, mostly
/// right checksums, sometimes broken fields.
fn random_packet(rnd: &mut impl FnMut() -> u64, flip: bool) -> Vec<u8> {
    let v6 = rnd().is_multiple_of(2);
    let proto = [6u8, 17, 17, 6, 1, 0, 58][(rnd() % 7) as usize];
    let hl = if v6 {
        40
    } else {
        20 + 4 * (rnd() % 3) as usize
    };
    let min = hl + if proto == 6 { 20 } else { 8 };
    let len = min + (rnd() % 64) as usize;
    let mut p: Vec<u8> = (0..len).map(|_| rnd() as u8).collect();
    if v6 {
        p[0] = 0x60;
        p[4..6].copy_from_slice(&((len - 40) as u16).to_be_bytes());
        p[6] = proto;
    } else {
        p[0] = 0x40 | (hl / 4) as u8;
        p[2..4].copy_from_slice(&(len as u16).to_be_bytes());
        p[6] = if rnd().is_multiple_of(8) {
            rnd() as u8
        } else {
            0x40
        };
        p[7] = if rnd().is_multiple_of(8) {
            rnd() as u8
        } else {
            0
        };
        p[9] = proto;
        fix_ip4(&mut p);
    }
    if !rnd().is_multiple_of(8) {
        let _ = set_transport_checksum(&mut p);
    }
    if rnd().is_multiple_of(16) {
        p[hl + 6] = 0;
        p[hl + 7] = 0;
    }
    if flip && rnd().is_multiple_of(8) {
        let i = (rnd() % len as u64) as usize;
        p[i] ^= 1 << (rnd() % 8);
    }
    p
}

/// `check_v4_trailer` agrees with the reference on random packets, with
/// right and random trailers.
#[test]
fn trailer_matches_reference() {
    let mut rnd = xorshift(0x853c49e6748fea9b);
    let (mut verified, mut skipped) = (0, 0);
    for _ in 0..300_000 {
        let p = random_packet(&mut rnd, true);
        let trailer = match rnd() % 4 {
            0 => rnd() as u16,
            // The pseudo-header sum: what rmnet expects of IPv4.
            1 if p[0] == 0x45 && u16::from_be_bytes([p[2], p[3]]) >= 20 => {
                ref_fold(ref_sum(&ref_pseudo(&p)))
            }
            _ => dl_trailer_csum(&p),
        };
        let valid = !rnd().is_multiple_of(16);
        let got = check_v4_trailer(head(&p), p.len(), valid, trailer);
        if let Some(r) = ref_rmnet(&p, valid, trailer) {
            assert_eq!(got, r, "{p:02x?} {trailer:#x}");
        } else {
            skipped += 1;
        }
        if got == Ok(TrailerOk::Verified) {
            verified += 1;
            // An honest trailer only vouches for a right transport checksum
            // (but for the pseudo-header corner of IPv4).
            if trailer == dl_trailer_csum(&p) {
                assert!(ref_transport_ok(&p));
            }
        }
    }
    assert!(verified > 50_000, "{verified}");
    assert!(skipped < 3000, "{skipped}");
}

// Uplink checksum offload.

#[test]
fn ul_v4_header_round_trip() {
    let mut h = [0u8; 8];
    for req in [
        UlCsum::None,
        UlCsum::Offload {
            start: 20,
            offset: 6,
            udp: true,
        },
        UlCsum::Offload {
            start: 40,
            offset: 16,
            udp: false,
        },
        UlCsum::Offload {
            start: 0xffff,
            offset: 0x3fff,
            udp: false,
        },
    ] {
        write_ul_headers(&mut h, Checksum::V4, 1, 100, 0, req).unwrap();
        assert_eq!(UlCsum::from_v4_header([h[4], h[5], h[6], h[7]]), req);
    }
    // Disabled: whatever else is set, no request.
    assert_eq!(UlCsum::from_v4_header([0, 20, 0x7f, 0xff]), UlCsum::None);
}

/// The host's side of an offload request, as Linux leaves the packet for
/// CHECKSUM_PARTIAL: the checksum field holds the folded pseudo-header sum
/// (`~csum_tcpudp_magic(..., 0)`), complemented again if `rmnet`.
fn partial(pkt: &[u8], at: usize, rmnet: bool) -> Vec<u8> {
    let mut p = pkt.to_vec();
    let seed = ref_fold(ref_sum(&ref_pseudo(pkt)));
    let seed = if rmnet { !seed } else { seed };
    p[at..at + 2].copy_from_slice(&seed.to_be_bytes());
    p
}

#[test]
fn ul_v4_offload() {
    for (pkt, at, transport, _) in KNOWN {
        let hl = if pkt[0] >> 4 == 4 { 20 } else { 40 };
        let udp = pkt[at - hl] == 0 || at - hl == 6;
        for (rmnet, seed) in [(false, UlSeed::PseudoSum), (true, UlSeed::Complemented)] {
            let mut p = partial(pkt, at, rmnet);
            assert_eq!(
                apply_v4_ul_offload(&mut p, hl, at - hl, udp, seed),
                Ok(transport)
            );
            assert_eq!(p, pkt);
        }
        // The wrong seed gives a wrong checksum.
        let mut p = partial(pkt, at, true);
        apply_v4_ul_offload(&mut p, hl, at - hl, udp, UlSeed::PseudoSum).unwrap();
        assert!(!ref_transport_ok(&p));
        // Out of the packet: nothing changes.
        let mut p = partial(pkt, at, false);
        let before = p.clone();
        let n = p.len();
        for (start, off) in [
            (n - 1, 0),
            (n, 0),
            (hl, n),
            (usize::MAX, 2),
            (2, usize::MAX),
        ] {
            assert_eq!(
                apply_v4_ul_offload(&mut p, start, off, udp, UlSeed::PseudoSum),
                Err(OffloadError::Truncated)
            );
            assert_eq!(p, before);
        }
        assert!(apply_v4_ul_offload(&mut p, n - 2, 0, udp, UlSeed::PseudoSum).is_ok());
    }
}

/// A UDP packet whose checksum computes to 0 goes out as 0xffff; TCP keeps
/// the 0.
#[test]
fn ul_zero_checksum() {
    // Choose two payload bytes so that pseudo header and segment sum to
    // 0xffff with a zero checksum field.
    let mut p = UDP4.to_vec();
    p.extend([0, 0, 0]);
    p[3] = 36;
    p[25] = 16;
    fix_ip4(&mut p);
    p[26] = 0;
    p[27] = 0;
    let s = ref_fold(ref_sum(&ref_pseudo(&p)) + ref_sum(&p[20..]));
    let fill = 0xffff - s;
    p[34..36].copy_from_slice(&fill.to_be_bytes());
    assert_eq!(
        ref_fold(ref_sum(&ref_pseudo(&p)) + ref_sum(&p[20..])),
        0xffff
    );
    let mut q = p.clone();
    assert_eq!(set_transport_checksum(&mut q), Ok(0xffff));
    assert!(ref_transport_ok(&q));
    let mut q = partial(&p, 26, false);
    assert_eq!(
        apply_v4_ul_offload(&mut q, 20, 6, true, UlSeed::PseudoSum),
        Ok(0xffff)
    );
    let mut q = partial(&p, 26, false);
    assert_eq!(
        apply_v4_ul_offload(&mut q, 20, 6, false, UlSeed::PseudoSum),
        Ok(0),
        "no UDP flag: zero stays"
    );
}

#[test]
fn ul_v5_offload_errors() {
    let mut p = with(&UDP4, |p| p.truncate(27));
    assert_eq!(set_transport_checksum(&mut p), Err(OffloadError::Truncated));
    let mut p = with(&TCP4, |p| {
        p[3] = 37;
        p.truncate(37);
        fix_ip4(p)
    });
    assert_eq!(
        set_transport_checksum(&mut p),
        Err(OffloadError::Truncated),
        "TCP checksum field past the end"
    );
    let mut p = with(&TCP4, |p| p[3] = 45);
    assert_eq!(
        set_transport_checksum(&mut p),
        Err(OffloadError::Truncated),
        "total length past the packet"
    );
    let mut p = with(&TCP4, |p| p[3] = 19);
    assert_eq!(
        set_transport_checksum(&mut p),
        Err(OffloadError::BadIpHeader)
    );
    let mut p = with(&TCP4, |p| p[0] = 0x44);
    assert_eq!(
        set_transport_checksum(&mut p),
        Err(OffloadError::BadIpHeader)
    );
    let mut p = with(&TCP4, |p| p[6] = 0x20);
    assert_eq!(set_transport_checksum(&mut p), Err(OffloadError::Fragment));
    let mut p = with(&TCP4, |p| p[9] = 1);
    assert_eq!(set_transport_checksum(&mut p), Err(OffloadError::NotTcpUdp));
    let mut p = with(&TCP6, |p| p[6] = 0);
    assert_eq!(set_transport_checksum(&mut p), Err(OffloadError::NotTcpUdp));
    let mut p = with(&TCP6, |p| p[5] = 0x19);
    assert_eq!(set_transport_checksum(&mut p), Err(OffloadError::Truncated));
    let mut p = with(&TCP6, |p| p.truncate(39));
    assert_eq!(set_transport_checksum(&mut p), Err(OffloadError::Truncated));
    assert_eq!(
        set_transport_checksum(&mut []),
        Err(OffloadError::Truncated)
    );
    assert_eq!(
        set_transport_checksum(&mut [0x12; 64]),
        Err(OffloadError::BadIpHeader)
    );
    // Bytes past the IP length are not summed (layer-2 padding).
    let mut p = with(&TCP4, |p| {
        p[36] = 0;
        p.extend([0xaa; 6])
    });
    assert_eq!(set_transport_checksum(&mut p), Ok(0x570b));
}

/// Offload on random packets: the result always verifies, both ways.
#[test]
fn ul_offload_random() {
    let mut rnd = xorshift(0xda942042e4dd58b5);
    for _ in 0..100_000 {
        let mut p = random_packet(&mut rnd, false);
        let v4 = p[0] >> 4 == 4;
        let proto = if v4 { p[9] } else { p[6] };
        let hl = if v4 { usize::from(p[0] & 15) * 4 } else { 40 };
        let at = hl + if proto == 6 { 16 } else { 6 };
        let frag = v4 && u16::from_be_bytes([p[6], p[7]]) & 0x3fff != 0;
        let ok = (proto == 6 || proto == 17) && !frag;
        let mut q = p.clone();
        match set_transport_checksum(&mut q) {
            Ok(c) => {
                assert!(ok);
                assert!(ref_transport_ok(&q));
                assert_eq!(u16::from_be_bytes([q[at], q[at + 1]]), c);
            }
            Err(e) => {
                assert!(!ok, "{e:?} {p:02x?}");
                assert_eq!(q, p);
            }
        }
        if proto == 6 || proto == 17 {
            let rmnet = rnd().is_multiple_of(2);
            let seed = if rmnet {
                UlSeed::Complemented
            } else {
                UlSeed::PseudoSum
            };
            p = partial(&p, at, rmnet);
            apply_v4_ul_offload(&mut p, hl, at - hl, proto == 17, seed).unwrap();
            assert!(ref_transport_ok(&p));
        }
    }
}

#[test]
fn ul_offload_targets() {
    let mut v4 = [0u8; 40];
    v4[0] = 0x45;
    v4[9] = 6;
    assert_eq!(ul_offload_target(&v4), Some((20, 16, false)));
    v4[0] = 0x46;
    v4[9] = 17;
    assert_eq!(ul_offload_target(&v4), Some((24, 6, true)));
    v4[9] = 1;
    assert_eq!(ul_offload_target(&v4), None);
    v4[0] = 0x44;
    v4[9] = 6;
    assert_eq!(ul_offload_target(&v4), None);
    let mut v6 = [0u8; 40];
    v6[0] = 0x60;
    v6[6] = 17;
    assert_eq!(ul_offload_target(&v6), Some((40, 6, true)));
    v6[6] = 0; // hop-by-hop options first: not offloaded
    assert_eq!(ul_offload_target(&v6), None);
    assert_eq!(ul_offload_target(&v6[..5]), None);
    assert_eq!(ul_offload_target(&[]), None);
    assert_eq!(ul_offload_target(&[0x20, 0, 0]), None);
}

#[test]
fn transport_of_ip_packets() {
    let mut v4 = [0u8; 10];
    v4[0] = 0x45;
    v4[9] = 6;
    assert_eq!(ip_transport(&v4), Some((20, 6)));
    assert!(is_tcp(&v4));
    v4[9] = 17;
    assert!(!is_tcp(&v4));
    assert_eq!(ip_transport(&v4[..9]), None);
    let mut v6 = [0u8; 7];
    v6[0] = 0x60;
    v6[6] = 6;
    assert_eq!(ip_transport(&v6), Some((40, 6)));
    assert!(is_tcp(&v6));
    assert_eq!(ip_transport(&[0x41; 10]), None);
    assert!(!is_tcp(&[]));
}

#[test]
fn headers_len_covers_ip_and_transport_headers() {
    // IPv4, 20-byte header, TCP with 12 bytes of options (data offset 8).
    let mut v4 = [0u8; 100];
    v4[0] = 0x45;
    v4[9] = 6;
    v4[20 + 12] = 8 << 4;
    assert_eq!(headers_len(&v4, v4.len()), Some(52));
    assert_eq!(headers_len(&v4[..HEADERS_PROBE_LEN], 100), Some(52));
    // A bogus data offset below 5 counts as the minimal header.
    v4[20 + 12] = 2 << 4;
    assert_eq!(headers_len(&v4, v4.len()), Some(40));
    // Cut before the data offset: the minimal TCP header; never past the
    // packet.
    assert_eq!(headers_len(&v4[..30], 100), Some(40));
    assert_eq!(headers_len(&v4, 30), Some(30));
    // IPv4 with options (ihl 15), UDP.
    v4[0] = 0x4f;
    v4[9] = 17;
    assert_eq!(headers_len(&v4, v4.len()), Some(68));
    // ICMP, then a protocol whose header length is unknown (GRE).
    v4[0] = 0x45;
    v4[9] = 1;
    assert_eq!(headers_len(&v4, v4.len()), Some(28));
    v4[9] = 47;
    assert_eq!(headers_len(&v4, v4.len()), Some(20));
    // IPv6 with ICMPv6, UDP, and an extension header (not followed).
    let mut v6 = [0u8; 64];
    v6[0] = 0x60;
    v6[6] = 58;
    assert_eq!(headers_len(&v6, v6.len()), Some(48));
    v6[6] = 17;
    assert_eq!(headers_len(&v6[..44], 44), Some(44));
    v6[6] = 0;
    assert_eq!(headers_len(&v6, v6.len()), Some(40));
    // Not IP, or too short to say.
    assert_eq!(headers_len(&[0x10; 20], 20), None);
    assert_eq!(headers_len(&[0x45; 5], 64), None);
    assert_eq!(headers_len(&[], 0), None);
    // The worst case fits in the probe.
    let mut worst = [0u8; HEADERS_PROBE_LEN];
    worst[0] = 0x4f;
    worst[9] = 6;
    worst[60 + 12] = 15 << 4;
    assert_eq!(headers_len(&worst, 1500), Some(120));
    assert_eq!(headers_len(&worst[..HEADERS_PROBE_LEN - 1], 1500), Some(80));
}
