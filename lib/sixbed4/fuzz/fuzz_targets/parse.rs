// SPDX-License-Identifier: GPL-2.0
//! Any bytes, as the UDP payload a 6bed4 router or peer receives, to the
//! parsers they run on it: the IPv6 header, the ND type, the Router
//! Solicitation and Advertisement checks, the hop limit, and the
//! addresses inside. Nothing panics; what each accepts is what the bytes
//! say and agrees with the others; an accepted RA is built again from
//! what was taken from it and parses back to the same.

#![no_main]

use libfuzzer_sys::fuzz_target;
use sixbed4::*;

fuzz_target!(|input: &[u8]| {
    let h = header(input);
    rs(input, h);
    ra(input, h);
    hop_limit(input, h);
    addresses(input);
    nd(input, h);
});

/// Neighbor Solicitations (proxy ND, direct probes) and Advertisements:
/// what is taken is what the bytes say, and built again parses back.
fn nd(b: &[u8], h: Result<Ipv6Header, Malformed>) {
    if let Ok(ns) = parse_ns(b) {
        let h = h.expect("an NS is IPv6");
        assert_eq!(
            (h.next_header, h.hop_limit, b[40], b[41]),
            (58, 255, ICMPV6_NS, 0)
        );
        assert_eq!(ns.src, h.src);
        assert_eq!(&ns.target[..], &b[48..64]);
        assert_ne!(ns.target[0], 0xff);
        let _ = proxies(&ns.target, &[0x20, 1, 0xd, 0xb8, 0, 9, 0, 0x10]);
        let mut out = [0u8; 64];
        let n = build_na(&mut out, &ns.src, &ns.target).expect("fits");
        assert_eq!(parse_na(&out[..n]), Some(ns.target));
    }
    if let Some(t) = parse_na(b) {
        assert_eq!((b[6], b[7], b[40]), (58, 255, ICMPV6_NA));
        assert_eq!(&t[..], &b[48..64]);
    }
}

fn header(b: &[u8]) -> Result<Ipv6Header, Malformed> {
    let r = parse_ipv6(b);
    match r {
        Ok(h) => {
            assert_eq!(usize::from(h.payload_len) + IPV6_HEADER_LEN, b.len());
            assert_eq!(b[0] >> 4, 6);
            assert_eq!((h.next_header, h.hop_limit), (b[6], b[7]));
            assert_eq!(&h.src[..], &b[8..24]);
            assert_eq!(&h.dst[..], &b[24..40]);
            assert_eq!(h.traffic_class, (b[0] << 4) | (b[1] >> 4));
            // The head alone, with the length given, says the same.
            assert_eq!(parse_ipv6_header(&b[..IPV6_HEADER_LEN], b.len()), r);
        }
        Err(Malformed::Short) => assert!(b.len() < IPV6_HEADER_LEN),
        Err(Malformed::Version) => assert_ne!(b[0] >> 4, 6),
        Err(Malformed::Length) => {
            let pl = usize::from(u16::from_be_bytes([b[4], b[5]]));
            assert_ne!(pl + IPV6_HEADER_LEN, b.len());
        }
    }
    r
}

fn rs(b: &[u8], h: Result<Ipv6Header, Malformed>) {
    match validate_rs(b) {
        Ok(rh) => {
            assert_eq!(Ok(rh), h);
            assert_eq!((rh.next_header, rh.hop_limit), (58, 255));
            assert!(b.len() == 48 || b.len() == 56);
            assert_eq!((b[40], b[41]), (ICMPV6_RS, 0));
            if b.len() == 56 {
                assert_eq!((b[48], b[49]), (1, 1));
            }
            assert_eq!(icmpv6_checksum(&rh.src, &rh.dst, &b[40..]), 0);
            assert_eq!(nd_type(b), Some(ICMPV6_RS));
            assert!(parse_ra(b).is_err());
            let dst = ra_destination(&rh.src);
            assert!(dst == rh.src || (rh.src == UNSPECIFIED && dst == ALL_NODES));
        }
        Err(RsError::Malformed(m)) => assert_eq!(h, Err(m)),
        Err(_) => assert!(h.is_ok()),
    }
}

fn ra(b: &[u8], h: Result<Ipv6Header, Malformed>) {
    let r = match parse_ra(b) {
        Ok(r) => r,
        Err(RaError::Malformed(m)) => return assert_eq!(h, Err(m)),
        Err(_) => return assert!(h.is_ok()),
    };
    let h = h.expect("an RA is an IPv6 packet");
    assert_eq!((h.next_header, h.hop_limit), (58, 255));
    assert_eq!(h.src, ROUTER_LINK_LOCAL);
    assert!(h.dst == ALL_NODES || in_prefix(&h.dst, &ROUTER_LINK_LOCAL, 64));
    assert_eq!((b[40], b[41]), (ICMPV6_RA, 0));
    assert_eq!(icmpv6_checksum(&h.src, &h.dst, &b[40..]), 0);
    assert_eq!(nd_type(b), Some(ICMPV6_RA));
    assert!(validate_rs(b).is_err());
    assert_eq!(mask_prefix(&r.prefix114, PEER_PREFIX_LEN), r.prefix114);
    assert_eq!(lanip(&r.prefix114), LANIP_ROUTER);
    assert_eq!(lanip(&r.address()), LANIP_PEER);
    assert!(in_prefix(&r.address(), &r.prefix114, PEER_PREFIX_LEN));
    // Every routed prefix is a PIO of 32 octets: no more than fit.
    let mut routed = [([0u8; 16], 0u8); 64];
    let mut n = 0;
    for (p, len) in r.routed() {
        assert!(len <= 128);
        assert_eq!(mask_prefix(&p, len), p);
        if let Some(slot) = routed.get_mut(n) {
            *slot = (p, len);
        }
        n += 1;
    }
    assert!(n * PIO_LEN + RA_HEADER_LEN + PIO_LEN <= b.len() - IPV6_HEADER_LEN);
    if n > routed.len() {
        return;
    }
    let routed = &routed[..n];
    // What the peer took, sent again by a router, is taken the same way.
    let mut out = [0u8; 2200];
    let m = build_ra(&mut out, &h.dst, &r.prefix114, routed).expect("room for 64 PIOs");
    assert!(m <= b.len());
    let again = parse_ra(&out[..m]).expect("a built RA parses");
    assert_eq!(again.prefix114, r.prefix114);
    assert!(again.routed().eq(routed.iter().copied()));
}

fn hop_limit(b: &[u8], h: Result<Ipv6Header, Malformed>) {
    let mut c = [0u8; 64];
    let n = b.len().min(c.len());
    c[..n].copy_from_slice(&b[..n]);
    let c = &mut c[..n];
    match decrement_hop_limit(c) {
        Ok(old) => {
            assert_eq!(old, b[7]);
            assert_eq!(c[7], old.saturating_sub(1));
            assert_eq!(&c[..7], &b[..7]);
            assert_eq!(&c[8..], &b[8..n]);
            if let Ok(h) = h {
                assert_eq!(h.hop_limit, old);
            }
        }
        Err(Malformed::Short) => assert!(n < IPV6_HEADER_LEN),
        Err(Malformed::Version) => assert_ne!(b[0] >> 4, 6),
        Err(Malformed::Length) => unreachable!("no length to disagree with"),
    }
    if let Some(t) = nd_type(b) {
        assert!(is_nd_type(t));
        assert_eq!((b[6], b[40]), (58, t));
    }
}

fn addresses(b: &[u8]) {
    for w in b.windows(16).step_by(3).take(32) {
        let a: Ipv6 = w.try_into().expect("16 octets");
        match decode(&a) {
            Some(e) => {
                assert_ne!(e.port, 0);
                assert!(!is_native(&a));
                let mut want = a;
                want[8] &= 0xfc;
                assert_eq!(encode(&prefix64(&a), e.ipv4, e.port, e.lanip), want);
                let udp = (e.ipv4, e.port);
                assert_eq!(validate_originator(&a, &prefix64(&a), udp.0, udp.1), Ok(()));
                let other = u16::from(a[0]) ^ e.port;
                if other != e.port {
                    assert_eq!(
                        validate_originator(&a, &prefix64(&a), udp.0, other),
                        Err(OriginatorError::WrongPort)
                    );
                }
            }
            None => {
                assert!(is_native(&a));
                assert_eq!(port_word(&a), 0);
            }
        }
        assert_eq!(
            decode(&with_lanip(&a, 5)).map(|e| e.lanip),
            decode(&a).map(|_| 5)
        );
        assert!(in_prefix(&a, &mask_prefix(&a, a[0]), a[0]));
    }
}
