// SPDX-License-Identifier: GPL-2.0

//! Host tests. The expected values come from the address layout of the
//! reference implementation worked out by hand in the comments, and from
//! checksums summed here (or by hand), not from this crate.

extern crate std;

mod ipv6;
mod nd;
mod originator;

use super::*;
use std::vec::Vec;

pub(crate) fn hex(s: &str) -> Vec<u8> {
    let s: std::string::String = s.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(s.len() % 2 == 0);
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

pub(crate) fn v6(s: &str) -> Ipv6 {
    s.parse::<std::net::Ipv6Addr>().unwrap().octets()
}

pub(crate) fn v4(s: &str) -> Ipv4 {
    s.parse::<std::net::Ipv4Addr>().unwrap().octets()
}

pub(crate) fn show6(a: &Ipv6) -> std::string::String {
    std::format!("{}", std::net::Ipv6Addr::from(*a))
}

/// The first 64 bits of an address in text.
pub(crate) fn p64(s: &str) -> [u8; 8] {
    v6(s)[..8].try_into().unwrap()
}

/// The ICMPv6 checksum, summed the plain way: every 16-bit word of the
/// pseudo-header and the message into a u64, folded at the end.
pub(crate) fn naive_checksum(src: &Ipv6, dst: &Ipv6, icmp: &[u8]) -> u16 {
    let mut b = Vec::new();
    b.extend_from_slice(src);
    b.extend_from_slice(dst);
    b.extend_from_slice(&(icmp.len() as u32).to_be_bytes());
    b.extend_from_slice(&[0, 0, 0, 58]);
    b.extend_from_slice(icmp);
    if b.len() % 2 == 1 {
        b.push(0);
    }
    let mut s: u64 = b
        .chunks(2)
        .map(|w| u64::from(u16::from_be_bytes([w[0], w[1]])))
        .sum();
    while s > 0xffff {
        s = (s & 0xffff) + (s >> 16);
    }
    !(s as u16)
}

/// A small deterministic generator (xorshift64*).
pub(crate) struct Rng(pub u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub(crate) fn bytes<const N: usize>(&mut self) -> [u8; N] {
        let mut a = [0u8; N];
        for b in a.iter_mut() {
            *b = self.next() as u8;
        }
        a
    }
}

// 192.0.2.1 = c0 00 02 01 under 2001:db8::/64. Octet 8 is 0xc0 & 0xfc =
// 0xc0, octets 9-11 are 00 02 01, the top two bits of octet 14 are
// 0xc0 & 3 = 0. Port 0x64be (25790) in octets 12-13:
//   lanip 0:      c0 00 02 01 64 be 00 00   2001:db8::c000:201:64be:0
//   lanip 1:      ...          64 be 00 01   2001:db8::c000:201:64be:1
//   lanip 0x1234: ...          64 be 12 34   2001:db8::c000:201:64be:1234
// Port 0xc002, lanip 1:   c0 00 02 01 c0 02 00 01   ...:c000:201:c002:1
#[test]
fn address_of_192_0_2_1() {
    let p = p64("2001:db8::");
    let a = v4("192.0.2.1");
    let cases = [
        (0x64be, 0, "2001:db8::c000:201:64be:0"),
        (0x64be, 1, "2001:db8::c000:201:64be:1"),
        (0x64be, 0x1234, "2001:db8::c000:201:64be:1234"),
        (0xc002, 1, "2001:db8::c000:201:c002:1"),
        (0xc002, 0x3fff, "2001:db8::c000:201:c002:3fff"),
    ];
    for (port, lanip, text) in cases {
        let addr = encode(&p, a, port, lanip);
        assert_eq!(show6(&addr), text);
        assert_eq!(addr, v6(text));
        assert_eq!(port_word(&addr), port);
        assert_eq!(self::lanip(&addr), lanip);
        assert_eq!(embedded_ipv4(&addr), a);
        assert_eq!(
            decode(&addr),
            Some(Endpoint {
                ipv4: a,
                port,
                lanip
            })
        );
    }
    assert_eq!(PORT, 0x64be);
    // Exactly the octets of the table.
    assert_eq!(
        encode(&p, a, 0x64be, 0x1234)[8..],
        hex("c0000201 64be 1234")[..]
    );
    // lanip bits above 14 are dropped.
    assert_eq!(encode(&p, a, 0x64be, 0xc001), encode(&p, a, 0x64be, 1));
}

// 203.0.113.7 = cb 00 71 07: 0xcb = 1100_1011, so octet 8 is 0xcb & 0xfc =
// 0xc8 and the low bits 0xcb & 3 = 3 go to the top of octet 14 as 0xc0:
//   port 0xc002, lanip 0:      c8 00 71 07 c0 02 c0 00   ::c800:7107:c002:c000
//   port 0xc002, lanip 1:      ...                c0 01   ...:c002:c001
//   port 0x64be, lanip 0x1234: ... 64 be c0|12=d2 34      ...:64be:d234
//   port 0x64be, lanip 0x3fff: ... 64 be ff ff            ...:64be:ffff
// 1.2.3.4 = 01 02 03 04: octet 8 is 0, octet 14 gets 1 << 6 = 0x40:
//   port 0x64be, lanip 2:      00 02 03 04 64 be 40 02   ::2:304:64be:4002
#[test]
fn address_with_low_bits_in_first_octet() {
    let p = p64("2001:db8:0:1::");
    let a = v4("203.0.113.7");
    let cases = [
        (0xc002, 0, "2001:db8:0:1:c800:7107:c002:c000"),
        (0xc002, 1, "2001:db8:0:1:c800:7107:c002:c001"),
        (0x64be, 0x1234, "2001:db8:0:1:c800:7107:64be:d234"),
        (0x64be, 0x3fff, "2001:db8:0:1:c800:7107:64be:ffff"),
    ];
    for (port, lanip, text) in cases {
        let addr = encode(&p, a, port, lanip);
        assert_eq!(show6(&addr), text);
        let e = decode(&addr).unwrap();
        assert_eq!((e.ipv4, e.port, e.lanip), (a, port, lanip));
    }
    // The IID's u/g bits (0x02, 0x01 of octet 8) stay clear.
    assert_eq!(encode(&p, a, 1, 1)[8] & 0x03, 0);
    let addr = encode(&p, v4("1.2.3.4"), 0x64be, 2);
    assert_eq!(show6(&addr), "2001:db8:0:1:2:304:64be:4002");
    assert_eq!(embedded_ipv4(&addr), v4("1.2.3.4"));
}

#[test]
fn port_word_zero_is_no_peer() {
    // 2001:db8::c000:201:0:1: 192.0.2.1 but port 0, a native host.
    let a = v6("2001:db8::c000:201:0:1");
    assert_eq!(port_word(&a), 0);
    assert_eq!(decode(&a), None);
    assert!(is_native(&a));
    assert!(!is_native(&v6("2001:db8::c000:201:64be:1")));
    assert_eq!(decode(&v6("::")), None);
}

#[test]
fn encode_decode_round_trips() {
    let mut rng = Rng(0x6bed4);
    for i in 0..20_000u32 {
        let p: [u8; 8] = rng.bytes();
        let a: Ipv4 = rng.bytes();
        // Every first octet, every low-bit pattern, and random ones.
        let a = if i < 256 {
            [i as u8, a[1], a[2], a[3]]
        } else {
            a
        };
        let port = (rng.next() as u16).max(1);
        let lanip = rng.next() as u16 & LANIP_MAX;
        let addr = encode(&p, a, port, lanip);
        assert_eq!(prefix64(&addr), p);
        assert!(in_prefix64(&addr, &p));
        assert_eq!(addr[8] & 0x03, 0);
        assert_eq!(
            decode(&addr),
            Some(Endpoint {
                ipv4: a,
                port,
                lanip
            })
        );
        // And back: any address with a port word is one encode() makes.
        let any: Ipv6 = rng.bytes();
        match decode(&any) {
            Some(e) => {
                // Except for the u/g bits of octet 8, which encode clears.
                let mut want = any;
                want[8] &= 0xfc;
                assert_eq!(encode(&prefix64(&any), e.ipv4, e.port, e.lanip), want);
            }
            None => assert_eq!(port_word(&any), 0),
        }
    }
}

#[test]
fn peer_prefix_and_address() {
    let p = p64("2001:db8::");
    let a = v4("203.0.113.7");
    // lanip 0 and 1, worked out above.
    let pre = peer_prefix_114(&p, a, 0xc002);
    assert_eq!(show6(&pre), "2001:db8::c800:7107:c002:c000");
    assert_eq!(show6(&peer_address(&pre)), "2001:db8::c800:7107:c002:c001");
    // The prefix is all but the lanip: every lanip is inside it.
    for lanip in [0, 1, 2, 0x1234, LANIP_MAX] {
        let addr = encode(&p, a, 0xc002, lanip);
        assert!(in_prefix(&addr, &pre, PEER_PREFIX_LEN));
        assert_eq!(mask_prefix(&addr, 114), pre);
        assert_eq!(peer_address(&addr), peer_address(&pre));
        assert_eq!(with_lanip(&pre, lanip), addr);
    }
    // The IPv4 low bits and the port are inside the /114.
    assert!(!in_prefix(
        &encode(&p, v4("200.0.113.7"), 0xc002, 1),
        &pre,
        114
    ));
    assert!(!in_prefix(&encode(&p, a, 0xc004, 1), &pre, 114));
}

#[test]
fn prefixes() {
    let a = v6("2001:db8:1234:5678:9abc:def0:1234:5678");
    assert!(in_prefix(&a, &v6("2001:db8::"), 32));
    assert!(in_prefix(&a, &v6("2001:db8:1234::"), 44));
    assert!(!in_prefix(&a, &v6("2001:db8:1230::"), 48));
    assert!(in_prefix(&a, &v6("::"), 0));
    assert!(in_prefix(&a, &a, 128));
    assert!(in_prefix(&a, &a, 255));
    assert!(!in_prefix(
        &a,
        &v6("2001:db8:1234:5678:9abc:def0:1234:5679"),
        200
    ));
    assert_eq!(show6(&mask_prefix(&a, 36)), "2001:db8:1000::");
    assert_eq!(show6(&mask_prefix(&a, 0)), "::");
    assert_eq!(mask_prefix(&a, 129), a);
}

// -L prefixes: /16 gets netid and router IPv4, /32 the router IPv4, /48
// netid, /64 nothing. Router 192.0.2.1 = c000:0201.
#[test]
fn router_prefixes() {
    let r = v4("192.0.2.1");
    let show = |p: [u8; 8]| {
        let mut a = [0u8; 16];
        a[..8].copy_from_slice(&p);
        show6(&a)
    };
    let d = router_prefix64(&DEFAULT_PREFIX, DEFAULT_PREFIX_LEN, DEFAULT_NETID, r);
    assert_eq!(show(d.unwrap()), "fc64:bed:c000:201::");
    let cases = [
        ("fc64:ffff::", 16, 0x1234, "fc64:1234:c000:201::"),
        ("2001:db8::", 32, 0x1234, "2001:db8:c000:201::"),
        ("2001:db8:1::", 48, 0x0bed, "2001:db8:1:bed::"),
        ("2001:db8:1:2::", 64, 0x0bed, "2001:db8:1:2::"),
    ];
    for (p, len, netid, want) in cases {
        assert_eq!(show(router_prefix64(&v6(p), len, netid, r).unwrap()), want);
    }
    for len in [0, 8, 24, 40, 56, 65, 128, 255] {
        assert_eq!(router_prefix64(&v6("2001:db8::"), len, 1, r), None);
    }
}

#[test]
fn destinations() {
    let p = p64("2001:db8::");
    assert_eq!(
        destination(&v6("2001:db8::c000:201:64be:1"), &p),
        Destination::Peer(Endpoint {
            ipv4: v4("192.0.2.1"),
            port: 0x64be,
            lanip: 1
        })
    );
    assert_eq!(
        destination(&v6("2001:db8::c000:201:0:5"), &p),
        Destination::Local
    );
    assert_eq!(destination(&v6("2001:db8::1"), &p), Destination::Local);
    assert_eq!(
        destination(&v6("2001:db8:0:1:c000:201:64be:1"), &p),
        Destination::Native
    );
    assert_eq!(destination(&v6("ff02::1"), &p), Destination::Native);
}

// 192.0.2.1 port 0xc002: port little-endian (02 c0), then c0 00 02 01.
// Port 25790 = 0x64be: be 64 c0 00 02 01; 0xbe is even, a unicast MAC.
// Port 0x64bf: bf 64 ...; 0xbf has the multicast bit.
#[test]
fn link_layer_addresses() {
    let a = v4("192.0.2.1");
    assert_eq!(
        encode_lladdr(a, 0xc002),
        [0x02, 0xc0, 0xc0, 0x00, 0x02, 0x01]
    );
    assert_eq!(encode_lladdr(a, PORT), [0xbe, 0x64, 0xc0, 0x00, 0x02, 0x01]);
    assert_eq!(
        decode_lladdr(&[0x02, 0xc0, 0xcb, 0x00, 0x71, 0x07]),
        (v4("203.0.113.7"), 0xc002)
    );
    assert!(lladdr_valid(&encode_lladdr(a, PORT)));
    assert!(lladdr_valid(&encode_lladdr(a, 0xc002)));
    assert!(!lladdr_valid(&encode_lladdr(a, 0x64bf)));
    assert!(!lladdr_valid(&encode_lladdr(a, 0)));
    assert!(!lladdr_valid(&encode_lladdr(a, 1)));
    let mut rng = Rng(25790);
    for _ in 0..5000 {
        let a: Ipv4 = rng.bytes();
        let port = rng.next() as u16;
        let ll = encode_lladdr(a, port);
        assert_eq!(decode_lladdr(&ll), (a, port));
        assert_eq!(lladdr_valid(&ll), port != 0 && port % 2 == 0);
        assert_eq!(ll[0] & 1 == 0, port % 2 == 0);
    }
}

#[test]
fn rs_backoff_sequence() {
    let s: Vec<u32> = (0..8).map(rs_backoff).collect();
    assert_eq!(s, [1, 3, 7, 15, 30, 30, 30, 30]);
    for attempt in [30, 31, 32, 33, 1000, u32::MAX] {
        assert_eq!(rs_backoff(attempt), 30);
    }
    let s: Vec<u32> = (0..8).map(|a| rs_backoff_max(a, 100)).collect();
    assert_eq!(s, [1, 3, 7, 15, 31, 63, 100, 100]);
    assert_eq!(rs_backoff_max(30, u32::MAX), 0x7fff_ffff);
    assert_eq!(rs_backoff_max(31, u32::MAX), u32::MAX);
    assert_eq!(rs_backoff_max(0, 0), 0);
    assert_eq!((KEEPALIVE_PERIOD, KEEPALIVE_TTL), (30, 3));
    assert_eq!(RS_BACKOFF_MAX, KEEPALIVE_PERIOD);
}
