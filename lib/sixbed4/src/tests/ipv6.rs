// SPDX-License-Identifier: GPL-2.0

use super::*;

/// An IPv6 packet with `payload` after the fixed header: traffic class
/// 0xb8, flow label 0x12345, next header 17, hop limit 64,
/// 2001:db8::c000:201:64be:1 -> 2001:db8::c800:7107:c002:c001.
fn packet(payload: &[u8]) -> Vec<u8> {
    let mut p = hex("6b812345 0000 11 40
         20010db8 00000000 c0000201 64be0001
         20010db8 00000000 c8007107 c002c001");
    let n = payload.len() as u16;
    p[4..6].copy_from_slice(&n.to_be_bytes());
    p.extend_from_slice(payload);
    p
}

#[test]
fn parses_the_fixed_header() {
    let p = packet(&[1, 2, 3, 4, 5]);
    assert_eq!(p.len(), 45);
    let h = parse_ipv6(&p).unwrap();
    assert_eq!(
        h,
        Ipv6Header {
            traffic_class: 0xb8,
            payload_len: 5,
            next_header: 17,
            hop_limit: 64,
            src: v6("2001:db8::c000:201:64be:1"),
            dst: v6("2001:db8::c800:7107:c002:c001"),
        }
    );
    assert_eq!(parse_ipv6_header(&p[..40], 45), Ok(h));
    assert_eq!(parse_ipv6(&p[..40]).unwrap_err(), Malformed::Length);
    assert_eq!(parse_ipv6(&packet(&[])).unwrap().payload_len, 0);
}

#[test]
fn refuses_what_is_not_one_packet() {
    let p = packet(&[0; 8]);
    // Keepalives (empty) and anything shorter than the header.
    for n in 0..40 {
        assert_eq!(parse_ipv6(&p[..n]), Err(Malformed::Short), "{n}");
        assert_eq!(parse_ipv6_header(&p[..n], 48), Err(Malformed::Short));
    }
    assert_eq!(parse_ipv6_header(&p, 39), Err(Malformed::Short));
    // Every truncation past the header: the payload length disagrees.
    for n in 40..p.len() {
        assert_eq!(parse_ipv6(&p[..n]), Err(Malformed::Length), "{n}");
    }
    // Trailing octets are refused as well.
    let mut long = p.clone();
    long.push(0);
    assert_eq!(parse_ipv6(&long), Err(Malformed::Length));
    // IPv4, or any other version.
    for v in [0u8, 4, 5, 7, 15] {
        let mut q = p.clone();
        q[0] = (v << 4) | (q[0] & 0xf);
        assert_eq!(parse_ipv6(&q), Err(Malformed::Version));
    }
}

#[test]
fn hop_limit_goes_down_by_one() {
    let mut p = packet(&[0; 4]);
    assert_eq!(decrement_hop_limit(&mut p), Ok(64));
    assert_eq!(p[7], 63);
    p[7] = 1;
    assert_eq!(decrement_hop_limit(&mut p), Ok(1));
    assert_eq!(p[7], 0);
    assert_eq!(decrement_hop_limit(&mut p), Ok(0));
    assert_eq!(p[7], 0);
    // Only the hop limit changes.
    let mut q = packet(&[0; 4]);
    q[7] = 0;
    assert_eq!(p, q);
    assert_eq!(decrement_hop_limit(&mut p[..39]), Err(Malformed::Short));
    p[0] = 0x45;
    assert_eq!(decrement_hop_limit(&mut p), Err(Malformed::Version));
}

#[test]
fn multicast() {
    assert!(is_multicast(&v6("ff02::1")));
    assert!(is_multicast(&v6("ff0e::1234")));
    assert!(!is_multicast(&v6("fe80::")));
    assert!(!is_multicast(&v6("2001:db8::c000:201:64be:1")));
}

// An echo request (128) from :: to ::1, id 0, seq 0, no data: the sum is
// 0x0001 (::1) + 8 (length) + 0x3a (next header) + 0x8000 = 0x8043, the
// checksum its complement 0x7fbc.
#[test]
fn checksum_by_hand() {
    let mut icmp = [0x80, 0, 0, 0, 0, 0, 0, 0];
    let (src, dst) = (v6("::"), v6("::1"));
    assert_eq!(icmpv6_checksum(&src, &dst, &icmp), 0x7fbc);
    icmp[2..4].copy_from_slice(&0x7fbcu16.to_be_bytes());
    assert_eq!(icmpv6_checksum(&src, &dst, &icmp), 0);
    // An odd length is padded with zero: one more octet 0xff adds 0xff00
    // and 1 to the length: 0x8043 + 0xff00 + 1 = 0x17f44 -> 0x7f45,
    // complement 0x80ba.
    let odd = [0x80, 0, 0, 0, 0, 0, 0, 0, 0xff];
    assert_eq!(icmpv6_checksum(&src, &dst, &odd), 0x80ba);
    assert_eq!(upper_layer_checksum(&src, &dst, 58, &odd), 0x80ba);
}

#[test]
fn checksums_agree_with_plain_sums() {
    let mut rng = Rng(58);
    for len in 0..600 {
        let src: Ipv6 = rng.bytes();
        let dst: Ipv6 = rng.bytes();
        let data: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        let sum = icmpv6_checksum(&src, &dst, &data);
        let naive = naive_checksum(&src, &dst, &data);
        // 0 and 0xffff are the same one's complement number.
        assert!(sum == naive || (sum | naive) == 0xffff && sum & naive == 0);
        // All-ones octets: the sums carry all the way.
        let ones = std::vec![0xff; len];
        let a = icmpv6_checksum(&[0xff; 16], &[0xff; 16], &ones);
        let b = naive_checksum(&[0xff; 16], &[0xff; 16], &ones);
        assert!(a == b || (a | b) == 0xffff && a & b == 0);
    }
}

#[test]
fn checksum_after_an_address_rewrite() {
    let mut rng = Rng(1624);
    for len in [8usize, 9, 20, 64] {
        let src: Ipv6 = rng.bytes();
        let old: Ipv6 = rng.bytes();
        let new: Ipv6 = rng.bytes();
        let mut data: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        data[2] = 0;
        data[3] = 0;
        let check = upper_layer_checksum(&src, &old, 6, &data);
        data[2..4].copy_from_slice(&check.to_be_bytes());
        let adjusted = checksum_replace(check, &old, &new);
        data[2..4].copy_from_slice(&adjusted.to_be_bytes());
        assert_eq!(upper_layer_checksum(&src, &new, 6, &data), 0);
        assert_eq!(checksum_replace(check, &old, &old), check);
    }
}
