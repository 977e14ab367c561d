// SPDX-License-Identifier: GPL-2.0

//! IPv4 flows: addresses and the deciding ports of packets built by hand.

use super::*;
use std::vec::Vec;

/// An IPv4 header (20 bytes, no options) for `proto`, `payload` bytes
/// after it, with fragment field `frag`.
fn ipv4(proto: u8, src: Ipv4, dst: Ipv4, frag: u16, payload: &[u8]) -> Vec<u8> {
    let total = (20 + payload.len()) as u16;
    let mut p = Vec::new();
    p.extend_from_slice(&[0x45, 0]);
    p.extend_from_slice(&total.to_be_bytes());
    p.extend_from_slice(&[0x12, 0x34]);
    p.extend_from_slice(&frag.to_be_bytes());
    p.extend_from_slice(&[64, proto, 0, 0]);
    p.extend_from_slice(&src);
    p.extend_from_slice(&dst);
    p.extend_from_slice(payload);
    p
}

const A: Ipv4 = [192, 0, 2, 18];
const B: Ipv4 = [198, 51, 100, 7];

fn udp(sport: u16, dport: u16) -> Vec<u8> {
    let mut u = Vec::new();
    u.extend_from_slice(&sport.to_be_bytes());
    u.extend_from_slice(&dport.to_be_bytes());
    u.extend_from_slice(&[0, 12, 0, 0, 1, 2, 3, 4]);
    u
}

fn flow(p: &[u8]) -> Result<Flow, Malformed> {
    parse_ipv4(&p[..p.len().min(FLOW_HEADER_BYTES)], p.len())
}

#[test]
fn transport_ports() {
    for proto in [PROTO_TCP, PROTO_UDP, PROTO_UDPLITE, PROTO_SCTP, PROTO_DCCP] {
        let f = flow(&ipv4(proto, A, B, 0, &udp(1232, 53))).unwrap();
        assert_eq!((f.src, f.dst, f.proto), (A, B, proto));
        assert_eq!(f.ports, Ports::Some { src: 1232, dst: 53 });
        assert_eq!(
            (f.ihl, f.total_len, f.fragment, f.df),
            (20, 32, false, false)
        );
    }
}

#[test]
fn icmp_query_identifier_is_both_ports() {
    // Echo request, identifier 0x1234.
    let echo = [8, 0, 0, 0, 0x12, 0x34, 0, 1];
    let f = flow(&ipv4(PROTO_ICMP, A, B, 0, &echo)).unwrap();
    assert_eq!(
        f.ports,
        Ports::Some {
            src: 0x1234,
            dst: 0x1234
        }
    );
    // Echo reply.
    let reply = [0, 0, 0, 0, 0x12, 0x35, 0, 1];
    let f = flow(&ipv4(PROTO_ICMP, B, A, 0, &reply)).unwrap();
    assert_eq!(
        f.ports,
        Ports::Some {
            src: 0x1235,
            dst: 0x1235
        }
    );
}

#[test]
fn icmp_error_quotes_the_other_direction() {
    // Port unreachable from B about A:1232 -> B:53: for the error, A's
    // port 1232 is the destination port.
    let quoted = ipv4(PROTO_UDP, A, B, 0, &udp(1232, 53));
    let mut err = std::vec![3, 3, 0, 0, 0, 0, 0, 0];
    err.extend_from_slice(&quoted[..28]);
    let f = flow(&ipv4(PROTO_ICMP, B, A, 0, &err)).unwrap();
    assert_eq!(f.ports, Ports::Some { src: 53, dst: 1232 });
    // Time exceeded about an echo request: its identifier.
    let quoted = ipv4(PROTO_ICMP, A, B, 0, &[8, 0, 0, 0, 0x0a, 0x0b, 0, 1]);
    let mut err = std::vec![11, 0, 0, 0, 0, 0, 0, 0];
    err.extend_from_slice(&quoted[..28]);
    let f = flow(&ipv4(PROTO_ICMP, B, A, 0, &err)).unwrap();
    assert_eq!(
        f.ports,
        Ports::Some {
            src: 0x0a0b,
            dst: 0x0a0b
        }
    );
    // A quoted non-first fragment carries no ports.
    let quoted = ipv4(PROTO_UDP, A, B, 185, &udp(1232, 53));
    let mut err = std::vec![3, 4, 0, 0, 0, 0, 0, 0];
    err.extend_from_slice(&quoted[..28]);
    assert_eq!(
        flow(&ipv4(PROTO_ICMP, B, A, 0, &err)).unwrap().ports,
        Ports::None
    );
    // Truncated quote.
    let err = [3, 3, 0, 0, 0, 0, 0, 0, 0x45, 0];
    assert_eq!(
        flow(&ipv4(PROTO_ICMP, B, A, 0, &err)).unwrap().ports,
        Ports::None
    );
}

#[test]
fn fragments() {
    // First fragment (MF): ports, and a fragment.
    let f = flow(&ipv4(PROTO_UDP, A, B, 0x2000, &udp(1232, 53))).unwrap();
    assert_eq!(f.ports, Ports::Some { src: 1232, dst: 53 });
    assert!(f.fragment);
    // Non-first: no ports, whatever the bytes say.
    let f = flow(&ipv4(PROTO_UDP, A, B, 185, &udp(1232, 53))).unwrap();
    assert_eq!(f.ports, Ports::Fragment);
    assert!(f.fragment);
    // DF.
    let f = flow(&ipv4(PROTO_TCP, A, B, 0x4000, &udp(1, 2))).unwrap();
    assert!(f.df && !f.fragment);
}

#[test]
fn no_ports() {
    // GRE.
    let f = flow(&ipv4(47, A, B, 0, &[0; 8])).unwrap();
    assert_eq!(f.ports, Ports::None);
    // UDP too short for its ports.
    let f = flow(&ipv4(PROTO_UDP, A, B, 0, &[0, 1])).unwrap();
    assert_eq!(f.ports, Ports::None);
}

#[test]
fn malformed() {
    assert_eq!(flow(&[]), Err(Malformed::Short));
    let good = ipv4(PROTO_UDP, A, B, 0, &udp(1, 2));
    let mut p = good.clone();
    p[0] = 0x65;
    assert_eq!(flow(&p), Err(Malformed::Version));
    let mut p = good.clone();
    p[0] = 0x44;
    assert_eq!(flow(&p), Err(Malformed::HeaderLength));
    let mut p = good.clone();
    p[0] = 0x4f;
    assert_eq!(flow(&p), Err(Malformed::Short));
    let mut p = good.clone();
    p[2..4].copy_from_slice(&100u16.to_be_bytes());
    assert_eq!(flow(&p), Err(Malformed::TotalLength));
    let mut p = good.clone();
    p[2..4].copy_from_slice(&19u16.to_be_bytes());
    assert_eq!(flow(&p), Err(Malformed::TotalLength));
    // Every truncation of a good packet: an error or a flow, no panic.
    for n in 0..good.len() {
        let _ = parse_ipv4(&good[..n], good.len());
        let _ = parse_ipv4(&good[..n], n);
    }
}

#[test]
fn options_move_the_ports() {
    // IHL 6: 4 bytes of options (NOP NOP NOP EOL).
    let mut p = ipv4(PROTO_UDP, A, B, 0, &[]);
    p[0] = 0x46;
    p.extend_from_slice(&[1, 1, 1, 0]);
    p.extend_from_slice(&udp(4321, 80));
    let total = p.len() as u16;
    p[2..4].copy_from_slice(&total.to_be_bytes());
    let f = flow(&p).unwrap();
    assert_eq!((f.ihl, f.ports), (24, Ports::Some { src: 4321, dst: 80 }));
}

/// The IPv4 header checksum of `h`, computed from scratch.
fn header_sum(h: &[u8]) -> u16 {
    let mut acc: u32 = 0;
    for (i, w) in h.chunks(2).enumerate() {
        if i != 5 {
            acc += u32::from(u16::from_be_bytes([w[0], w[1]]));
        }
    }
    while acc > 0xffff {
        acc = (acc & 0xffff) + (acc >> 16);
    }
    !(acc as u16)
}

#[test]
fn set_id_keeps_the_header_checksum_right() {
    let mut p = ipv4(PROTO_UDP, A, B, 0x2000, &udp(1, 2));
    let s = header_sum(&p[..20]);
    p[10..12].copy_from_slice(&s.to_be_bytes());
    for id in [0u16, 1, 0x1234, 0x8000, 0xfffe, 0xffff, 4660, 6560] {
        let before = u16::from_be_bytes([p[4], p[5]]);
        assert_eq!(set_ipv4_id(&mut p, id), Some(before));
        assert_eq!(u16::from_be_bytes([p[4], p[5]]), id);
        // One's complement has two zeros: compare the sums' values.
        let got = u16::from_be_bytes([p[10], p[11]]);
        let want = header_sum(&p[..20]);
        assert!(got == want || (got, want) == (0, 0xffff) || (got, want) == (0xffff, 0));
    }
    assert_eq!(set_ipv4_id(&mut [0u8; 11], 1), None);
}

#[test]
fn frag_ids_of_a_shared_address_stay_in_its_set() {
    // v6plus: a = 4, k = 8, PSID 0x9a.
    let set = PortSet::new(4, 8, 0x9a).unwrap();
    for id in 0..=u16::MAX {
        assert!(set.contains(set.frag_id(id)));
    }
}
