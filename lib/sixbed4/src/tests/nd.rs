// SPDX-License-Identifier: GPL-2.0

use super::*;

// An RS from :: to ff02::2, no options. The checksum by hand: ff02 + 0002
// (ff02::2) + 8 (length) + 0x3a (next header) + 0x8500 (type 133, code 0)
// = 0x18446 -> 0x8447, complement 0x7bb8.
const RS_BARE: &str = "60000000 0008 3a ff
    00000000 00000000 00000000 00000000
    ff020000 00000000 00000000 00000002
    85 00 7bb8 00000000";

// An RS from fe80::c000:201:c002:1 (192.0.2.1:0xc002, lanip 1) with the
// SLLA option 01 01 and the link-layer address 02 c0 c0 00 02 01 (port
// little-endian, then the IPv4 address); checksum 0x3567 (summed by a
// separate script).
const RS_SLLA: &str = "60000000 0010 3a ff
    fe800000 00000000 c0000201 c0020001
    ff020000 00000000 00000000 00000002
    85 00 3567 00000000
    0101 02c0c0000201";

// The RA answering it when the router's /64 is 2001:db8::/64 and the RS
// came from 192.0.2.1:0xc002, with the routed prefix 2001:db8:100::/40:
// from fe80:: to the RS's source, hop limit 255, 80 octets of ICMPv6
// (16 + 2 * 32). Type 134, code 0, cur hop limit 0, flags 0x18, router
// lifetime ffff, reachable and retrans ffffffff; the /114 PIO (length
// 0x72, flags L|A = 0xc0, infinite lifetimes, prefix
// 2001:db8::c000:201:c002:0); the routed PIO (length 0x28, flags 0).
// Checksum 0x7b16 (summed by a separate script, and in the test).
const RA: &str = "60000000 0050 3a ff
    fe800000 00000000 00000000 00000000
    fe800000 00000000 c0000201 c0020001
    86 00 7b16 00 18 ffff ffffffff ffffffff
    03 04 72 c0 ffffffff ffffffff 00000000
    20010db8 00000000 c0000201 c0020000
    03 04 28 00 ffffffff ffffffff 00000000
    20010db8 01000000 00000000 00000000";

/// Recomputes the ICMPv6 checksum of a packet after a change, the plain
/// way.
fn fix(p: &mut [u8]) {
    p[42] = 0;
    p[43] = 0;
    let src: Ipv6 = p[8..24].try_into().unwrap();
    let dst: Ipv6 = p[24..40].try_into().unwrap();
    let sum = naive_checksum(&src, &dst, &p[40..]);
    p[42..44].copy_from_slice(&sum.to_be_bytes());
}

fn peer_prefix() -> Ipv6 {
    peer_prefix_114(&p64("2001:db8::"), v4("192.0.2.1"), 0xc002)
}

#[test]
fn builds_rs_as_by_hand() {
    let mut out = [0u8; 64];
    let n = build_rs(&mut out, &UNSPECIFIED, None).unwrap();
    assert_eq!(out[..n], hex(RS_BARE)[..]);
    let src = v6("fe80::c000:201:c002:1");
    let ll = encode_lladdr(v4("192.0.2.1"), 0xc002);
    let n = build_rs(&mut out, &src, Some(&ll)).unwrap();
    assert_eq!(out[..n], hex(RS_SLLA)[..]);
    let n = build_rs(&mut out, &src, None).unwrap();
    assert_eq!(n, 48);
    assert_eq!(naive_checksum(&src, &ALL_ROUTERS, &out[40..n]), 0);
    // No SLLA from ::; no room.
    assert_eq!(build_rs(&mut out, &UNSPECIFIED, Some(&ll)), None);
    for len in 0..56 {
        assert_eq!(build_rs(&mut out[..len], &src, Some(&ll)), None, "{len}");
        let fits = build_rs(&mut out[..len], &src, None);
        assert_eq!(fits, (len >= 48).then_some(48));
    }
}

#[test]
fn good_rs_pass() {
    let h = validate_rs(&hex(RS_BARE)).unwrap();
    assert_eq!((h.src, h.dst), (UNSPECIFIED, ALL_ROUTERS));
    assert_eq!(ra_destination(&h.src), ALL_NODES);
    let h = validate_rs(&hex(RS_SLLA)).unwrap();
    assert_eq!(h.src, v6("fe80::c000:201:c002:1"));
    assert_eq!(ra_destination(&h.src), h.src);
    assert_eq!(nd_type(&hex(RS_SLLA)), Some(ICMPV6_RS));
}

#[test]
fn bad_rs_fail() {
    for good in [hex(RS_BARE), hex(RS_SLLA)] {
        let mut p = good.clone();
        p[7] = 254;
        assert_eq!(validate_rs(&p), Err(RsError::HopLimit));
        let mut p = good.clone();
        p[41] = 1;
        fix(&mut p);
        assert_eq!(validate_rs(&p), Err(RsError::Code));
        let mut p = good.clone();
        p[40] = ICMPV6_RA;
        fix(&mut p);
        assert_eq!(validate_rs(&p), Err(RsError::Type));
        let mut p = good.clone();
        p[6] = 0;
        assert_eq!(validate_rs(&p), Err(RsError::NotIcmpv6));
        // Any flipped bit breaks the checksum (the reserved field too).
        for i in [42, 43, 44, 47] {
            let mut p = good.clone();
            p[i] ^= 0x10;
            assert_eq!(validate_rs(&p), Err(RsError::Checksum), "{i}");
        }
        let mut p = good.clone();
        p[8] ^= 1;
        assert_eq!(validate_rs(&p), Err(RsError::Checksum));
        // Every truncation fails, and none panics.
        for n in 0..good.len() {
            assert!(validate_rs(&good[..n]).is_err(), "{n}");
        }
    }
    // Lengths other than 8 and 16, with correct checksums.
    for len in [0usize, 4, 12, 24, 32] {
        let mut p = hex(RS_BARE);
        p.resize(40 + len.max(8), 0);
        p.truncate(40 + len);
        p[4..6].copy_from_slice(&(len as u16).to_be_bytes());
        if len >= 4 {
            fix(&mut p);
        }
        assert_eq!(validate_rs(&p), Err(RsError::Length), "{len}");
    }
    // 16 octets, but the option is no SLLA.
    let mut p = hex(RS_SLLA);
    p[48] = ND_OPT_TARGET_LLADDR;
    fix(&mut p);
    assert_eq!(validate_rs(&p), Err(RsError::BadOption));
    let mut p = hex(RS_SLLA);
    p[49] = 2;
    fix(&mut p);
    assert_eq!(validate_rs(&p), Err(RsError::BadOption));
    // The IPv6 packet itself.
    let mut p = hex(RS_BARE);
    p.push(0);
    assert_eq!(validate_rs(&p), Err(RsError::Malformed(Malformed::Length)));
    assert_eq!(validate_rs(&[]), Err(RsError::Malformed(Malformed::Short)));
}

#[test]
fn builds_ra_as_by_hand() {
    let routed = [(v6("2001:db8:100::"), 40)];
    let mut out = [0u8; 200];
    let n = build_ra(
        &mut out,
        &v6("fe80::c000:201:c002:1"),
        &peer_prefix(),
        &routed,
    )
    .unwrap();
    let want = hex(RA);
    assert_eq!(n, want.len());
    assert_eq!(n, ra_len(1).unwrap());
    assert_eq!(out[..n], want[..]);
    // The checksum, summed here: over the message with the field zeroed it
    // is what is there; over the message as it is, 0.
    let icmp = &out[40..n];
    let mut zeroed = icmp.to_vec();
    zeroed[2..4].fill(0);
    let src = v6("fe80::");
    let dst = v6("fe80::c000:201:c002:1");
    assert_eq!(naive_checksum(&src, &dst, &zeroed), 0x7b16);
    assert_eq!(naive_checksum(&src, &dst, icmp), 0);
    // Host bits of the prefixes given are not sent.
    let routed = [(v6("2001:db8:1ff:ffff::1"), 40)];
    let pre = encode(&p64("2001:db8::"), v4("192.0.2.1"), 0xc002, 0x2345);
    let mut again = [0u8; 200];
    let m = build_ra(&mut again, &dst, &pre, &routed).unwrap();
    assert_eq!(again[..m], want[..]);
}

#[test]
fn ra_to_unspecified_goes_to_all_nodes() {
    let mut out = [0u8; 200];
    let n = build_ra(&mut out, &UNSPECIFIED, &peer_prefix(), &[]).unwrap();
    assert_eq!(n, 40 + 16 + 32);
    assert_eq!(out[24..40], ALL_NODES);
    assert_eq!(
        naive_checksum(&ROUTER_LINK_LOCAL, &ALL_NODES, &out[40..n]),
        0
    );
    let ra = parse_ra(&out[..n]).unwrap();
    assert_eq!(ra.prefix114, peer_prefix());
    assert_eq!(ra.routed().count(), 0);
}

#[test]
fn ra_round_trips() {
    let mut rng = Rng(134);
    let mut out = [0u8; 1024];
    for i in 0..2000usize {
        let prefix64: [u8; 8] = rng.bytes();
        let ipv4: Ipv4 = rng.bytes();
        let port = rng.next() as u16 | 2;
        let pre = peer_prefix_114(&prefix64, ipv4, port);
        let routed: Vec<(Ipv6, u8)> = (0..i % 12)
            .map(|_| (rng.bytes(), (rng.next() % 129) as u8))
            .collect();
        let mut dst: Ipv6 = rng.bytes();
        dst[..8].copy_from_slice(&LINK_LOCAL_PREFIX);
        let dst = if i % 3 == 0 { UNSPECIFIED } else { dst };
        let n = build_ra(&mut out, &dst, &pre, &routed).unwrap();
        assert_eq!(Some(n), ra_len(routed.len()));
        let p = &out[..n];
        let ra = parse_ra(p).unwrap();
        assert_eq!(ra.prefix114, pre);
        assert_eq!(ra.address(), encode(&prefix64, ipv4, port, 1));
        let got: Vec<(Ipv6, u8)> = ra.routed().collect();
        let want: Vec<(Ipv6, u8)> = routed
            .iter()
            .map(|(p, l)| (mask_prefix(p, *l), *l))
            .collect();
        assert_eq!(got, want);
        let h = parse_ipv6(p).unwrap();
        assert_eq!(h.hop_limit, 255);
        assert_eq!(h.src, ROUTER_LINK_LOCAL);
        assert_eq!(naive_checksum(&h.src, &h.dst, &p[40..]), 0);
        assert_eq!(nd_type(p), Some(ICMPV6_RA));
        // An RA is no RS.
        assert_eq!(validate_rs(p), Err(RsError::Type));
    }
    // A routed prefix longer than 128; no room.
    let pre = peer_prefix();
    assert_eq!(
        build_ra(&mut out, &ALL_NODES, &pre, &[([0; 16], 129)]),
        None
    );
    let routed = [(v6("2001:db8:100::"), 40); 3];
    let need = ra_len(3).unwrap();
    for len in 0..need {
        assert_eq!(build_ra(&mut out[..len], &ALL_NODES, &pre, &routed), None);
    }
    assert_eq!(
        build_ra(&mut out[..need], &ALL_NODES, &pre, &routed),
        Some(need)
    );
}

#[test]
fn peers_refuse_other_ras() {
    let good = hex(RA);
    assert!(parse_ra(&good).is_ok());
    let with = |at: usize, v: u8| {
        let mut p = good.clone();
        p[at] = v;
        fix(&mut p);
        // The prefix and the routed prefixes, owned.
        parse_ra(&p).map(|ra| (ra.prefix114, ra.routed().collect::<Vec<_>>()))
    };
    assert_eq!(with(7, 64), Err(RaError::HopLimit));
    // From fe80::1, or from 2001:db8::.
    assert_eq!(with(23, 1), Err(RaError::Source));
    assert_eq!(with(8, 0x20), Err(RaError::Source));
    // To a global address, to fe80:0:0:1::/64, to ff02::2.
    assert_eq!(with(24, 0x20), Err(RaError::Destination));
    assert_eq!(with(31, 1), Err(RaError::Destination));
    let mut p = good.clone();
    p[24..40].copy_from_slice(&ALL_ROUTERS);
    fix(&mut p);
    assert_eq!(parse_ra(&p), Err(RaError::Destination));
    // To ff02::1, or any fe80::/64 address: fine.
    p[24..40].copy_from_slice(&ALL_NODES);
    fix(&mut p);
    assert!(parse_ra(&p).is_ok());
    assert!(with(39, 0x77).is_ok());
    assert_eq!(with(40, ICMPV6_RS), Err(RaError::Type));
    assert_eq!(with(41, 1), Err(RaError::Code));
    assert_eq!(with(6, 17), Err(RaError::NotIcmpv6));
    let mut p = good.clone();
    p[42] ^= 1;
    assert_eq!(parse_ra(&p), Err(RaError::Checksum));
    // Options: length 0, past the end, a PIO of 24 or 40 octets, a prefix
    // length over 128.
    assert_eq!(with(57, 0), Err(RaError::BadOption));
    assert_eq!(with(89, 3), Err(RaError::BadOption));
    assert_eq!(with(89, 5), Err(RaError::BadOption));
    assert_eq!(with(57, 3), Err(RaError::BadOption));
    assert_eq!(with(90, 129), Err(RaError::BadOption));
    // No /114 with L and A: the first PIO without A, without L, as a /112.
    assert_eq!(with(59, 0x80), Err(RaError::NoPrefix));
    assert_eq!(with(59, 0x40), Err(RaError::NoPrefix));
    assert_eq!(with(58, 112), Err(RaError::NoPrefix));
    // Other flag bits do not matter; a PIO with only L or A is no routed
    // prefix either.
    let (prefix, routed) = with(59, 0xe0).unwrap();
    assert_eq!(prefix, peer_prefix());
    assert_eq!(routed, [(v6("2001:db8:100::"), 40)]);
    let mut p = good.clone();
    p[91] = 0x80;
    fix(&mut p);
    assert_eq!(parse_ra(&p).unwrap().routed().count(), 0);
    // Shorter than an RA.
    let mut p = good[..40 + 12].to_vec();
    p[4..6].copy_from_slice(&12u16.to_be_bytes());
    fix(&mut p);
    assert_eq!(parse_ra(&p), Err(RaError::Length));
    // Every truncation fails, and none panics.
    for n in 0..good.len() {
        assert!(parse_ra(&good[..n]).is_err(), "{n}");
    }
    // Truncations with the lengths fixed up: the options run short.
    for n in 40 + 16..good.len() {
        let mut p = good[..n].to_vec();
        p[4..6].copy_from_slice(&((n - 40) as u16).to_be_bytes());
        fix(&mut p);
        let r = parse_ra(&p);
        match n {
            88 => assert_eq!(r.map(|ra| ra.routed().count()), Ok(0)),
            56 => assert_eq!(r, Err(RaError::NoPrefix)),
            _ => assert_eq!(r, Err(RaError::BadOption), "{n}"),
        }
    }
}

#[test]
fn other_options_are_skipped() {
    // An SLLA option (8 octets) and an MTU option (8 octets) around the
    // PIOs, and a second /114 with L and A, which is not taken.
    let good = hex(RA);
    let mut p = good[..56].to_vec();
    p.extend_from_slice(&hex("0101 02c0c0000201"));
    p.extend_from_slice(&good[56..]);
    p.extend_from_slice(&hex("0501 0000 000004d8"));
    let mut second = good[56..88].to_vec();
    second[16] = 0x30;
    p.extend_from_slice(&second);
    let len = (p.len() - 40) as u16;
    p[4..6].copy_from_slice(&len.to_be_bytes());
    fix(&mut p);
    let ra = parse_ra(&p).unwrap();
    assert_eq!(ra.prefix114, peer_prefix());
    let routed: Vec<(Ipv6, u8)> = ra.routed().collect();
    assert_eq!(routed, [(v6("2001:db8:100::"), 40)]);
}

#[test]
fn nd_types() {
    assert!((133..=137).all(is_nd_type));
    assert!(!is_nd_type(128) && !is_nd_type(132) && !is_nd_type(138));
    let mut p = hex(RS_BARE);
    assert_eq!(nd_type(&p[..40]), None);
    for t in [128, 129, 1, 143] {
        p[40] = t;
        assert_eq!(nd_type(&p), None);
    }
    for t in 133..=137 {
        p[40] = t;
        assert_eq!(nd_type(&p), Some(t));
    }
    p[6] = 17;
    assert_eq!(nd_type(&p), None);
    assert_eq!(ND_OPT_DEST_LLADDR, 253);
    assert_eq!(
        (ICMPV6_RS, ICMPV6_RA, ICMPV6_NS, ICMPV6_NA, ICMPV6_REDIRECT),
        (133, 134, 135, 136, 137)
    );
}

/// An NS from `src` to `dst` for `target`, with a source link-layer
/// address option, checksum filled in.
fn ns(src: &Ipv6, dst: &Ipv6, target: &Ipv6) -> Vec<u8> {
    let mut p = Vec::from([0x60, 0, 0, 0, 0, 32, 58, 255]);
    p.extend_from_slice(src);
    p.extend_from_slice(dst);
    p.extend_from_slice(&[135, 0, 0, 0, 0, 0, 0, 0]);
    p.extend_from_slice(target);
    p.extend_from_slice(&[1, 1, 2, 0, 0, 0, 0, 1]);
    let sum = icmpv6_checksum(src, dst, &p[40..]);
    p[42..44].copy_from_slice(&sum.to_be_bytes());
    p
}

const ROUTER64: [u8; 8] = [0x20, 0x01, 0x0d, 0xb8, 0, 9, 0, 0x10];

#[test]
fn neighbor_solicitations() {
    let src = v6("2001:db8:9:10::1");
    let peer = v6("2001:db8:9:10:c000:202:c350:1");
    let group = v6("ff02::1:ff50:1");
    let p = ns(&src, &group, &peer);
    assert_eq!(parse_ns(&p), Ok(Ns { src, target: peer }));
    // DAD: from ::.
    let p = ns(&UNSPECIFIED, &group, &peer);
    assert_eq!(parse_ns(&p).map(|n| n.src), Ok(UNSPECIFIED));
    // Hop limit, code, type, checksum, length, multicast target.
    let mut p = ns(&src, &group, &peer);
    p[7] = 254;
    assert_eq!(parse_ns(&p), Err(NsError::HopLimit));
    let mut p = ns(&src, &group, &peer);
    p[41] = 1;
    assert_eq!(parse_ns(&p), Err(NsError::Code));
    let mut p = ns(&src, &group, &peer);
    p[40] = 136;
    assert_eq!(parse_ns(&p), Err(NsError::Type));
    let mut p = ns(&src, &group, &peer);
    p[70] ^= 1;
    assert_eq!(parse_ns(&p), Err(NsError::Checksum));
    let mut p = ns(&src, &group, &peer);
    p.truncate(60);
    p[5] = 20;
    assert_eq!(parse_ns(&p), Err(NsError::Length));
    let mut p = ns(&src, &group, &peer);
    p[6] = 17;
    assert_eq!(parse_ns(&p), Err(NsError::NotIcmpv6));
    let p = ns(&src, &group, &group);
    assert_eq!(parse_ns(&p), Err(NsError::Target));
    let p = ns(&src, &group, &peer);
    assert!(matches!(parse_ns(&p[..70]), Err(NsError::Malformed(_))));
}

#[test]
fn proxied_targets() {
    // A peer's addresses, any lanip.
    assert!(proxies(&v6("2001:db8:9:10:c000:202:c350:1"), &ROUTER64));
    assert!(proxies(&v6("2001:db8:9:10:c000:202:c350:3fff"), &ROUTER64));
    // Port word 0: the seed's native ::11 and ::30 (/128, /112).
    assert!(!proxies(&v6("2001:db8:9:10::11"), &ROUTER64));
    assert!(!proxies(&v6("2001:db8:9:10::30"), &ROUTER64));
    assert!(!proxies(&v6("2001:db8:9:10:c000:202:0:1"), &ROUTER64));
    // Another /64.
    assert!(!proxies(&v6("2001:db8:9:11:c000:202:c350:1"), &ROUTER64));
}

#[test]
fn direct_probes_and_answers() {
    let a = v6("2001:db8:9:10:c000:202:c350:1");
    let b = v6("2001:db8:9:10:c000:203:c352:1");
    let mut out = [0u8; 64];
    let n = build_ns(&mut out, &a, &b).unwrap();
    assert_eq!(n, 64);
    let h = parse_ipv6(&out[..n]).unwrap();
    assert_eq!((h.src, h.dst, h.hop_limit), (a, b, 255));
    assert_eq!(parse_ns(&out[..n]), Ok(Ns { src: a, target: b }));
    assert_eq!(nd_type(&out[..n]), Some(ICMPV6_NS));
    let mut out = [0u8; 64];
    let n = build_na(&mut out, &a, &b).unwrap();
    let h = parse_ipv6(&out[..n]).unwrap();
    assert_eq!((h.src, h.dst, h.hop_limit), (b, a, 255));
    assert_eq!(out[44], NA_FLAG_SOLICITED | NA_FLAG_OVERRIDE);
    assert_eq!(parse_na(&out[..n]), Some(b));
    assert_eq!(parse_ns(&out[..n]), Err(NsError::Type));
    let mut bad = out;
    bad[7] = 64;
    assert_eq!(parse_na(&bad[..n]), None);
    bad = out;
    bad[60] ^= 1;
    assert_eq!(parse_na(&bad[..n]), None);
    assert_eq!(build_ns(&mut [0u8; 63], &a, &b), None);
    assert_eq!(build_na(&mut [0u8; 63], &a, &b), None);
}
