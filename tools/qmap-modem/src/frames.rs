// SPDX-License-Identifier: GPL-2.0
//! Building and parsing QMAP buffers. Pure: no system calls, unit-tested.

use qmap::{
    pad_for, write_dl_frame, Checksum, Command, CommandName, CommandType, Data, Deaggregate, Drop,
    Frame, IpVersion, MAP_HDR_LEN, V4_DL_TRAILER_LEN, V4_UL_CSUM_HDR_LEN, V5_CSUM_HDR_LEN,
};

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
    let len = len.clamp(IPV4_HDR_LEN, 0xffff);
    let mut p = vec![0u8; len];
    p[0] = 0x45;
    p[2..4].copy_from_slice(&(len as u16).to_be_bytes());
    p[6] = 0x40; // don't fragment
    p[8] = 64; // TTL
    p[9] = proto;
    p[12..16].copy_from_slice(&IPV4_SRC);
    p[16..20].copy_from_slice(&IPV4_DST);
    let c = inet_checksum(&p[..IPV4_HDR_LEN]);
    p[10..12].copy_from_slice(&c.to_be_bytes());
    p
}

/// An IPv6 packet of `len` bytes (at least 40): a header to 2001:db8::1
/// from 2001:db8::2 with no next header, then zeros.
pub fn ipv6_packet(len: usize) -> Vec<u8> {
    let len = len.clamp(IPV6_HDR_LEN, IPV6_HDR_LEN + 0xffff);
    let mut p = vec![0u8; len];
    p[0] = 0x60;
    p[4..6].copy_from_slice(&((len - IPV6_HDR_LEN) as u16).to_be_bytes());
    p[6] = NEXT_HDR_NONE;
    p[7] = 64; // hop limit
    p[8..24].copy_from_slice(&IPV6_SRC);
    p[24..40].copy_from_slice(&IPV6_DST);
    p
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
/// 4 bytes if `pad`, with the checksum-valid flag set.
pub fn build_aggregate(
    csum: Checksum,
    frames: &[(u8, &[u8])],
    pad: bool,
) -> Result<Vec<u8>, String> {
    let pads: Vec<usize> = frames
        .iter()
        .map(|(_, p)| if pad { pad_for(p.len()) } else { 0 })
        .collect();
    let total = frames
        .iter()
        .zip(&pads)
        .map(|((_, p), &pad)| dl_frame_len(csum, p.len(), pad))
        .sum();
    let mut buf = vec![0u8; total];
    let mut at = 0;
    for ((mux, p), &pad) in frames.iter().zip(&pads) {
        at += write_dl_frame(&mut buf[at..], csum, *mux, p, pad, true)
            .map_err(|e| format!("cannot build a frame of {} bytes: {e:?}", p.len()))?;
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
        }),
        None => Item::Drop(Drop::NotIp),
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
    use qmap::{write_command, write_ul_headers, UlCsum};

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
}
