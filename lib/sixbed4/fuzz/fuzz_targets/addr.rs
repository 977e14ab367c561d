// SPDX-License-Identifier: GPL-2.0
//! Any bytes, read as a router prefix, IPv4 addresses, ports, lanips,
//! IPv6 addresses, prefix lengths and RS attempts: nothing panics; 6bed4
//! addresses decode to what they were made of and pass the originator
//! check for exactly their own endpoint; the /114, the peer's address and
//! the router's /64 stay inside their prefixes; link-layer addresses round
//! trip; the RS backoff grows to its cap and stays there.

#![no_main]

use libfuzzer_sys::fuzz_target;
use sixbed4::*;

fuzz_target!(|input: &[u8]| {
    let mut s = Src(input);
    let p64: [u8; 8] = s.array();
    let ipv4: Ipv4 = s.array();
    let port = s.u16();
    let lanip = s.u16();
    let any: Ipv6 = s.array();
    let len = s.u8();
    let netid = s.u16();
    let attempt = s.u32();
    let max = s.u32();
    let udp_ipv4: Ipv4 = s.array();
    let udp_port = s.u16();
    address(&p64, ipv4, port, lanip);
    originator(&any, &p64, udp_ipv4, udp_port);
    prefixes(&any, len, netid, ipv4);
    lladdr(ipv4, port);
    backoff(attempt, max);
    checksum(&any, &p64, ipv4, s.0);
});

struct Src<'a>(&'a [u8]);

impl Src<'_> {
    fn array<const N: usize>(&mut self) -> [u8; N] {
        let mut a = [0u8; N];
        let n = N.min(self.0.len());
        let (head, rest) = self.0.split_at(n);
        a[..n].copy_from_slice(head);
        self.0 = rest;
        a
    }

    fn u8(&mut self) -> u8 {
        self.array::<1>()[0]
    }

    fn u16(&mut self) -> u16 {
        u16::from_be_bytes(self.array())
    }

    fn u32(&mut self) -> u32 {
        u32::from_be_bytes(self.array())
    }
}

fn address(p64: &[u8; 8], ipv4: Ipv4, port: u16, lanip: u16) {
    let a = encode(p64, ipv4, port, lanip);
    assert_eq!(prefix64(&a), *p64);
    assert_eq!(a[8] & 0x03, 0);
    assert_eq!((port_word(&a), self::lanip(&a)), (port, lanip & LANIP_MAX));
    assert_eq!(embedded_ipv4(&a), ipv4);
    let want = Endpoint {
        ipv4,
        port,
        lanip: lanip & LANIP_MAX,
    };
    assert_eq!(decode(&a), (port != 0).then_some(want));
    assert_eq!(is_native(&a), port == 0);
    let pre = peer_prefix_114(p64, ipv4, port);
    assert!(in_prefix(&a, &pre, PEER_PREFIX_LEN));
    assert_eq!(mask_prefix(&a, PEER_PREFIX_LEN), pre);
    assert_eq!(self::lanip(&pre), LANIP_ROUTER);
    let me = peer_address(&pre);
    assert_eq!(me, encode(p64, ipv4, port, LANIP_PEER));
    assert_eq!(with_lanip(&me, lanip), a);
    match destination(&a, p64) {
        Destination::Peer(e) => assert_eq!(e, want),
        Destination::Local => assert_eq!(port, 0),
        Destination::Native => unreachable!("inside its own /64"),
    }
    // The address's own endpoint passes, from the /64 and from fe80::/64;
    // a different port or IPv4 address does not.
    for src in [a, encode(&LINK_LOCAL_PREFIX, ipv4, port, lanip)] {
        let ok = validate_originator(&src, p64, ipv4, port);
        if port == 0 {
            assert_eq!(ok, Err(OriginatorError::WrongPort));
            continue;
        }
        assert_eq!(ok, Ok(()));
        assert_eq!(
            validate_originator(&src, p64, ipv4, port.wrapping_add(1).max(1)),
            Err(OriginatorError::WrongPort)
        );
        let other = [ipv4[0] ^ 0x41, ipv4[1], ipv4[2], ipv4[3]];
        assert_eq!(
            validate_originator(&src, p64, other, port),
            Err(OriginatorError::WrongIpv4)
        );
    }
}

fn originator(src: &Ipv6, p64: &[u8; 8], ipv4: Ipv4, port: u16) {
    let r = validate_originator(src, p64, ipv4, port);
    let prefix_ok = prefix64(src) == *p64 || prefix64(src) == LINK_LOCAL_PREFIX;
    let e = decode(src);
    let want = if !prefix_ok {
        Err(OriginatorError::WrongPrefix)
    } else if e.map(|e| e.port) != Some(port) {
        Err(OriginatorError::WrongPort)
    } else if e.map(|e| e.ipv4) != Some(ipv4) {
        Err(OriginatorError::WrongIpv4)
    } else {
        Ok(())
    };
    assert_eq!(r, want);
}

fn prefixes(a: &Ipv6, len: u8, netid: u16, router: Ipv4) {
    let m = mask_prefix(a, len);
    assert!(in_prefix(a, &m, len));
    assert!(in_prefix(&m, a, len));
    assert_eq!(mask_prefix(&m, len), m);
    assert!(in_prefix(a, &[0; 16], 0));
    assert_eq!(in_prefix(a, &m, 128), *a == m);
    match router_prefix64(a, len, netid, router) {
        Some(p) => {
            assert!(matches!(len, 16 | 32 | 48 | 64));
            let mut full = [0u8; 16];
            full[..8].copy_from_slice(&p);
            assert!(in_prefix(&full, a, len));
            if len == 16 || len == 32 {
                assert_eq!(p[4..8], router);
            }
            if len == 16 || len == 48 {
                let at = usize::from(len / 8);
                assert_eq!(p[at..at + 2], netid.to_be_bytes());
            }
        }
        None => assert!(!matches!(len, 16 | 32 | 48 | 64)),
    }
}

fn lladdr(ipv4: Ipv4, port: u16) {
    let ll = encode_lladdr(ipv4, port);
    assert_eq!(decode_lladdr(&ll), (ipv4, port));
    assert_eq!(lladdr_valid(&ll), port != 0 && ll[0] & 1 == 0);
    assert_eq!(ll[0] & 1, (port & 1) as u8);
}

fn backoff(attempt: u32, max: u32) {
    let b = rs_backoff_max(attempt, max);
    assert!(b <= max);
    assert!(rs_backoff_max(attempt.saturating_add(1), max) >= b);
    assert!(rs_backoff(attempt) <= RS_BACKOFF_MAX && rs_backoff(attempt) >= 1);
    if attempt < 31 {
        assert_eq!(b, ((1u32 << (attempt + 1)) - 1).min(max));
    } else {
        assert_eq!(b, max);
    }
}

fn checksum(a: &Ipv6, p64: &[u8; 8], ipv4: Ipv4, data: &[u8]) {
    let new = encode(p64, ipv4, 1, 1);
    let data = &data[..data.len().min(256)];
    if data.len() < 4 {
        return;
    }
    let mut d = data.to_vec();
    d[2] = 0;
    d[3] = 0;
    let c = upper_layer_checksum(a, a, 17, &d);
    d[2..4].copy_from_slice(&c.to_be_bytes());
    assert_eq!(upper_layer_checksum(a, a, 17, &d), 0);
    let c2 = checksum_replace(c, a, &new);
    d[2..4].copy_from_slice(&c2.to_be_bytes());
    assert_eq!(upper_layer_checksum(a, &new, 17, &d), 0);
}
