// SPDX-License-Identifier: GPL-2.0

use super::*;

// The router's /64 is 2001:db8::/64; the peer is at 203.0.113.7:0xc002
// (2001:db8::c800:7107:c002:c001, worked out in address_with_low_bits_...).
const PEER: &str = "2001:db8::c800:7107:c002:c001";

fn check(src: &str, ipv4: &str, port: u16) -> Result<(), OriginatorError> {
    validate_originator(&v6(src), &p64("2001:db8::"), v4(ipv4), port)
}

#[test]
fn truthful_sources_pass() {
    assert_eq!(check(PEER, "203.0.113.7", 0xc002), Ok(()));
    // Any host behind the peer: the lanip is not looked at.
    assert_eq!(
        check("2001:db8::c800:7107:c002:c000", "203.0.113.7", 0xc002),
        Ok(())
    );
    assert_eq!(
        check("2001:db8::c800:7107:c002:ffff", "203.0.113.7", 0xc002),
        Ok(())
    );
    // A link-local address built the same way.
    assert_eq!(
        check("fe80::c800:7107:c002:c001", "203.0.113.7", 0xc002),
        Ok(())
    );
}

#[test]
fn each_failure_has_its_error() {
    use OriginatorError::*;
    // Another /64, or fe80::1:0:0:0/64 (link-local, but not fe80::/64).
    assert_eq!(
        check("2001:db8:0:1:c800:7107:c002:c001", "203.0.113.7", 0xc002),
        Err(WrongPrefix)
    );
    assert_eq!(
        check("fe80:0:0:1:c800:7107:c002:c001", "203.0.113.7", 0xc002),
        Err(WrongPrefix)
    );
    // The NAT mapped another port than the address says.
    assert_eq!(check(PEER, "203.0.113.7", 0xc004), Err(WrongPort));
    // Port word 0 is never a peer, not even from UDP port 0.
    assert_eq!(
        check("2001:db8::c800:7107:0:c001", "203.0.113.7", 0),
        Err(WrongPort)
    );
    // Another IPv4 address: in octets 9-11 ...
    assert_eq!(check(PEER, "203.0.113.8", 0xc002), Err(WrongIpv4));
    // ... or only in the low bits of the first octet: 200 = 0xc8 has the
    // same octet 8 (0xc8) as 203 but low bits 0, not 3 (octet 14 0xc0).
    assert_eq!(check(PEER, "200.0.113.7", 0xc002), Err(WrongIpv4));
    // The prefix is checked first, then the port, then the address.
    assert_eq!(
        check("2001:db9::c800:7107:c002:c001", "1.1.1.1", 1),
        Err(WrongPrefix)
    );
    assert_eq!(check(PEER, "1.1.1.1", 1), Err(WrongPort));
}

#[test]
fn encoded_sources_always_pass() {
    let mut rng = Rng(0x0bed);
    let p = p64("2001:db8::");
    for _ in 0..5000 {
        let a: Ipv4 = rng.bytes();
        let port = (rng.next() as u16).max(1);
        let lanip = rng.next() as u16;
        for pre in [p, LINK_LOCAL_PREFIX] {
            let src = encode(&pre, a, port, lanip);
            assert_eq!(validate_originator(&src, &p, a, port), Ok(()));
            let other = [a[0] ^ 1, a[1], a[2], a[3]];
            assert_eq!(
                validate_originator(&src, &p, other, port),
                Err(OriginatorError::WrongIpv4)
            );
        }
    }
}
