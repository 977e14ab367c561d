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
        while at + 4 <= len && rnd() % 4 != 0 {
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
                }
                Ok(Frame::Command(c)) => assert!(c.offset + c.len <= len),
                Err(_) => {}
            }
        }
        assert!(steps <= len / 4 + 1);
    }
}
