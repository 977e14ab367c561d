// SPDX-License-Identifier: GPL-2.0

//! Host tests. The expected values come from RFC 7597 Appendix A and from
//! the bit layouts worked out by hand in the comments, not from this
//! crate.

extern crate std;

mod dhcp;
mod flow;
mod icmp;
mod portset;

use super::*;
use std::vec::Vec;

pub(crate) fn hex(s: &str) -> Vec<u8> {
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

/// A rule from text: `"2001:db8::/40"`, `"192.0.2.0/24"`, EA bits, offset.
pub(crate) fn params(p6: &str, p4: &str, ea_len: u8, offset: u8) -> RuleParams {
    let (a6, l6) = p6.split_once('/').unwrap();
    let (a4, l4) = p4.split_once('/').unwrap();
    RuleParams {
        psid_offset: offset,
        ..RuleParams::new(
            v6(a6),
            l6.parse().unwrap(),
            v4(a4),
            l4.parse().unwrap(),
            ea_len,
        )
    }
}

pub(crate) fn rule(p6: &str, p4: &str, ea_len: u8, offset: u8) -> Rule {
    Rule::new(params(p6, p4, ea_len, offset)).unwrap()
}

/// RFC 7597 Appendix A, the BMR of examples 1 and 2:
/// {2001:db8:0000::/40, 192.0.2.0/24, o = 16}, a = 6.
pub(crate) fn rfc_rule() -> Rule {
    rule("2001:db8::/40", "192.0.2.0/24", 16, 6)
}

fn derive1(eup: &str, rules: &[Rule]) -> Result<Derived, DeriveError> {
    let (a, l) = eup.split_once('/').unwrap();
    derive(&v6(a), l.parse().unwrap(), rules)
}

// RFC 7597 Appendix A, example 1: end-user prefix 2001:db8:0012:3400::/56.
// k = 16 - (32 - 24) = 8, m = 16 - 6 - 8 = 2; the EA bits are bits 40..56,
// octets 5 and 6 of the prefix, 0x12 0x34: IPv4 suffix 0x12 (192.0.2.18),
// PSID 0x34.
#[test]
fn rfc7597_example1_bmr() {
    let r = rfc_rule();
    assert_eq!(
        (r.ipv4_suffix_len(), r.psid_len(), r.contiguous_bits()),
        (8, 8, 2)
    );
    assert_eq!(r.sharing_ratio(), 256);
    assert_eq!((r.block_count(), r.port_count()), (63, 252));
    let d = derive1("2001:db8:0012:3400::/56", &[r]).unwrap();
    assert_eq!(d.ipv4, v4("192.0.2.18"));
    assert_eq!(d.ipv4_len, 32);
    assert_eq!(d.psid, 0x34);
    assert_eq!(d.psid_left_aligned(), 0x3400);
    assert_eq!(d.rule, r);
    assert_eq!(d.end_user_prefix, v6("2001:db8:12:3400::"));
    assert_eq!(show6(&d.ce_address), "2001:db8:12:3400:0:c000:212:34");
    let s = d.port_set;
    assert_eq!((s.offset(), s.psid_len(), s.psid()), (6, 8, 0x34));
    assert_eq!(s.count(), 252);
    let blocks: Vec<(u16, u16)> = s.blocks().collect();
    assert_eq!(blocks.len(), 63);
    assert_eq!(&blocks[..2], &[(1232, 1235), (2256, 2259)]);
    assert_eq!(&blocks[61..], &[(63696, 63699), (64720, 64723)]);
    for (i, (start, end)) in blocks.iter().enumerate() {
        assert_eq!(u32::from(*start), (i as u32 + 1) * 1024 + 0x34 * 4);
        assert_eq!(end - start, 3);
    }
    // mapcalc prints the same blocks (none starts at port 0).
    assert!(s.mapcalc_ranges().eq(s.blocks()));
    // Host bits of the end-user prefix do not matter.
    let d2 = derive1("2001:db8:12:3400::1/56", &[r]).unwrap();
    assert_eq!(d2, d);
}

// RFC 7597 Appendix A, example 2: a BR (or CE with the FMR) sending to
// 192.0.2.18 port 1232 finds PSID 0x34 (1232 = 0b000001_00110100_00: A = 1,
// PSID 0x34, j = 0) and the CE of example 1.
#[test]
fn rfc7597_example2_fmr() {
    let r = rfc_rule().with_fmr(true);
    let rules = [r];
    let ce = v6("2001:db8:12:3400:0:c000:212:34");
    for port in [1232, 1235, 2256, 64723] {
        assert_eq!(r.ce_address_for(v4("192.0.2.18"), port), Some(ce), "{port}");
        assert_eq!(ce_address_for(&rules, v4("192.0.2.18"), port), Some(ce));
    }
    // 1236 = 0b000001_00110101_00: PSID 0x35, the next CE.
    assert_eq!(
        show6(&r.ce_address_for(v4("192.0.2.18"), 1236).unwrap()),
        "2001:db8:12:3500:0:c000:212:35"
    );
    // 9030 = 0x2346 = 0b001000_11010001_10: PSID 0xd1.
    assert_eq!(
        show6(&r.ce_address_for(v4("192.0.2.18"), 9030).unwrap()),
        "2001:db8:12:d100:0:c000:212:d1"
    );
    // Ports under 2^10 belong to no CE; addresses outside the rule neither.
    assert_eq!(r.ce_address_for(v4("192.0.2.18"), 1023), None);
    assert_eq!(r.ce_address_for(v4("192.0.2.18"), 0), None);
    assert_eq!(r.ce_address_for(v4("192.0.3.18"), 1232), None);
    assert_eq!(r.decode_ce_address(&ce), Some((v4("192.0.2.18"), 0x34)));
    assert!(check_source(&rules, &ce, v4("192.0.2.18"), 1234));
    // Without the F flag, the rule is no FMR.
    assert_eq!(ce_address_for(&[rfc_rule()], v4("192.0.2.18"), 1232), None);
}

// The same CE with the legacy interface identifier: 0x00, the IPv4 address
// in octets 9-12 (c0 00 02 12), the PSID in 13-14 (00 34), octet 15 zero:
// 00c0:0002:1200:3400.
#[test]
fn rfc7597_example1_draft03_iid() {
    let r = rfc_rule().with_iid(IidFormat::Draft03).with_fmr(true);
    let d = derive1("2001:db8:12:3400::/56", &[r]).unwrap();
    assert_eq!(show6(&d.ce_address), "2001:db8:12:3400:c0:2:1200:3400");
    assert_eq!(d.ce_address[9..13], v4("192.0.2.18"));
    assert_eq!(d.ce_address[13..15], [0x00, 0x34]);
    assert_eq!(d.ce_address[15], 0);
    assert_eq!(r.ce_address_for(v4("192.0.2.18"), 1232), Some(d.ce_address));
    assert_eq!(
        r.decode_ce_address(&d.ce_address),
        Some((v4("192.0.2.18"), 0x34))
    );
    // An RFC address does not decode under the legacy format.
    assert_eq!(
        r.decode_ce_address(&v6("2001:db8:12:3400:0:c000:212:34")),
        None
    );
}

// RFC 7597 Appendix A, the rules without EA bits (o = 0) on end-user prefix
// 2001:db8:0012:3400::/56 with a /56 rule IPv6 prefix.
#[test]
fn rfc7597_rules_without_ea_bits() {
    // No address sharing: 192.0.2.18/32, every port, PSID field 0.
    let r = rule("2001:db8:12:3400::/56", "192.0.2.18/32", 0, 6);
    assert_eq!(
        (r.psid_len(), r.port_count(), r.block_count()),
        (0, 65536, 1)
    );
    let d = derive1("2001:db8:0012:3400::/56", &[r]).unwrap();
    assert_eq!(d.ipv4, v4("192.0.2.18"));
    assert_eq!(d.port_set, PortSet::ALL);
    assert_eq!(show6(&d.ce_address), "2001:db8:12:3400:0:c000:212:0");
    // Address sharing: PSID length 8 and PSID 0x34 provisioned (RFC 7598
    // S46_PORTPARAMS): the ports of example 1, the PSID in the IID only.
    let p = RuleParams {
        psid_len: Some(8),
        psid: Some(0x34),
        ..params("2001:db8:12:3400::/56", "192.0.2.18/32", 0, 6)
    };
    let r = Rule::new(p).unwrap();
    assert_eq!(r.params(), p);
    let d = derive1("2001:db8:0012:3400::/56", &[r]).unwrap();
    assert_eq!((d.ipv4, d.psid), (v4("192.0.2.18"), 0x34));
    assert_eq!(d.port_set.blocks().next(), Some((1232, 1235)));
    assert_eq!(d.port_set.count(), 252);
    assert_eq!(show6(&d.ce_address), "2001:db8:12:3400:0:c000:212:34");
    let r = r.with_fmr(true);
    assert_eq!(r.ce_address_for(v4("192.0.2.18"), 1232), Some(d.ce_address));
    assert_eq!(
        r.decode_ce_address(&d.ce_address),
        Some((v4("192.0.2.18"), 0x34))
    );
    // The PSID length without a PSID: no BMR parameters.
    let r = Rule::new(RuleParams { psid: None, ..p }).unwrap();
    assert_eq!(
        derive1("2001:db8:12:3400::/56", &[r]),
        Err(DeriveError::NoPsid)
    );
}

// v6plus (JPNE): 240b:10::/32 <-> 106.72.0.0/16, o = 24, a = 4: p = 16,
// k = 8, m = 4, 15 blocks of 16 ports, ports 0-4095 unused. The EA bits are
// bits 32..56, octets 4, 5 and 6 of the prefix.
//
// 240b:10:af:9a00::/56 is 240b 0010 00af 9a00: EA 0x00_af_9a, IPv4 suffix
// 0x00af (106.72.0.175), PSID 0x9a. The ports are A·4096 + 0x9a·16 + j:
// 6560-6575 (A = 1) ... 63904-63919 (A = 15). Legacy IID: 00 | 6a 48 00 af |
// 00 9a | 00.
//
// 106.72.175.154 with PSID 0x00 needs EA 0xaf_9a_00: 240b:10:af9a::/56.
// Ports 4096-4111 ... 61440-61455. Legacy IID: 00 | 6a 48 af 9a | 00 00 | 00.
#[test]
fn v6plus() {
    let mut p = params("240b:10::/32", "106.72.0.0/16", 24, 4);
    p.iid = IidFormat::Draft03;
    p.fmr = true;
    let r = Rule::new(p).unwrap();
    assert_eq!(
        (
            r.psid_len(),
            r.contiguous_bits(),
            r.block_count(),
            r.port_count()
        ),
        (8, 4, 15, 240)
    );
    assert_eq!(r.end_user_prefix_len(), 56);
    assert_eq!(IidFormat::Draft03.mapcalc_default_offset(), 4);

    let d = derive1("240b:10:af:9a00::/56", &[r]).unwrap();
    assert_eq!((d.ipv4, d.psid), (v4("106.72.0.175"), 0x9a));
    assert_eq!(show6(&d.ce_address), "240b:10:af:9a00:6a:4800:af00:9a00");
    let b: Vec<(u16, u16)> = d.port_set.blocks().collect();
    assert_eq!(b.len(), 15);
    assert_eq!((b[0], b[14]), ((6560, 6575), (63904, 63919)));
    assert!((0..4096).all(|port| !d.port_set.contains(port)));
    assert_eq!(r.ce_address_for(d.ipv4, 6560), Some(d.ce_address));

    let d = derive1("240b:10:af9a::/56", &[r]).unwrap();
    assert_eq!((d.ipv4, d.psid), (v4("106.72.175.154"), 0));
    assert_eq!(d.psid_left_aligned(), 0);
    assert_eq!(show6(&d.ce_address), "240b:10:af9a:0:6a:48af:9a00:0");
    let b: Vec<(u16, u16)> = d.port_set.blocks().collect();
    assert_eq!(
        (b[0], b[1], b[14]),
        ((4096, 4111), (8192, 8207), (61440, 61455))
    );
    assert_eq!(r.ce_address_for(d.ipv4, 4111), Some(d.ce_address));
    // Port 4095 has PSID 0xff but A = 0: nobody's.
    assert_eq!(r.ce_address_for(d.ipv4, 4095), None);
}

// The publicly circulated v6plus FMR table (JPNE's rule API as calculators
// reproduce it; not authoritative): eight /32 <-> /16 rules, a = 4, o = 24,
// BR 2404:9200:225:100::64, legacy IIDs.
pub(crate) const V6PLUS_FMRS: [(&str, &str); 8] = [
    ("240b:10::/32", "106.72.0.0/16"),
    ("240b:11::/32", "106.73.0.0/16"),
    ("240b:12::/32", "14.8.0.0/16"),
    ("240b:13::/32", "14.9.0.0/16"),
    ("240b:250::/32", "14.10.0.0/16"),
    ("240b:251::/32", "14.11.0.0/16"),
    ("240b:252::/32", "14.12.0.0/16"),
    ("240b:253::/32", "14.13.0.0/16"),
];
pub(crate) const V6PLUS_BR: &str = "2404:9200:225:100::64";

pub(crate) fn v6plus_rules() -> Vec<Rule> {
    V6PLUS_FMRS
        .iter()
        .map(|(p6, p4)| {
            let mut p = params(p6, p4, 24, 4);
            p.fmr = true;
            p.iid = IidFormat::Draft03;
            Rule::new(p).unwrap()
        })
        .collect()
}

#[test]
fn v6plus_fmr_table() {
    let rules = v6plus_rules();
    for r in &rules {
        assert_eq!(
            (r.ipv6_len(), r.ipv4_len(), r.psid_len(), r.port_count()),
            (32, 16, 8, 240)
        );
    }
    // 14.10.1.2: 240b:250::/32; suffix 0x0102, PSID of port 0x5a35 (A = 5,
    // PSID 0xa3, j = 5): EA 01 02 a3, prefix 240b:250:102:a300::/56, legacy
    // IID 00 | 0e 0a 01 02 | 00 a3 | 00.
    let r = find_rule(&rules, v4("14.10.1.2")).unwrap();
    assert_eq!(r.ipv6_prefix(), &v6("240b:250::"));
    let ce = ce_address_for(&rules, v4("14.10.1.2"), 0x5a35).unwrap();
    assert_eq!(show6(&ce), "240b:250:102:a300:e:a01:200:a300");
    let d = derive1("240b:250:102:a300::/56", &rules).unwrap();
    assert_eq!((d.ipv4, d.psid, d.ce_address), (v4("14.10.1.2"), 0xa3, ce));
    assert!(d.port_set.contains(0x5a35));
    assert!(check_source(&rules, &ce, v4("14.10.1.2"), 0x5a35));
    // Outside the domain: no FMR, the BR's business.
    assert_eq!(find_rule(&rules, v4("14.14.0.1")), None);
    assert_eq!(ce_address_for(&rules, v4("8.8.8.8"), 53), None);
    assert!(!check_source(&rules, &v6(V6PLUS_BR), v4("8.8.8.8"), 53));
    // Every rule maps its first and last addresses.
    for r in &rules {
        let first = r.ipv4_prefix();
        let last = ipv4_from_u32(ipv4_to_u32(first) | 0xffff);
        for a in [first, last] {
            let ce = r.ce_address_for(a, 0xfff0).unwrap();
            let d = derive(&ce, 56, &rules).unwrap();
            assert_eq!((d.ipv4, d.psid, d.rule), (a, 0xff, *r));
        }
    }
}

// A draft-03 domain sized for a /30 <-> /12 rule (o = 26, a = 6: p = 20,
// k = 6, m = 4). 10.1.85.85 is suffix 0x15555 in 10.0.0.0/12; with PSID
// 21 = 0b010101 the EA bits are 0b00_0101..0101 (26 bits): the 2 bits
// after /30 are 00 and bits 32..56 are 0x555555, so the end-user prefix is
// 2001:db8:5555:5500::/56 and the legacy IID 00 | 0a 01 55 55 | 00 15 | 00.
#[test]
fn draft03_wide_domain() {
    let mut p = params("2001:db8::/30", "10.0.0.0/12", 26, 6);
    p.iid = IidFormat::Draft03;
    p.fmr = true;
    let r = Rule::new(p).unwrap();
    assert_eq!(
        (r.psid_len(), r.contiguous_bits(), r.port_count()),
        (6, 4, 1008)
    );
    let ce = r.ce_address_for(v4("10.1.85.85"), 1024 + 21 * 16).unwrap();
    assert_eq!(show6(&ce), "2001:db8:5555:5500:a:155:5500:1500");
    let d = r.derive(&v6("2001:db8:5555:5500::"), 56).unwrap();
    assert_eq!((d.ipv4, d.psid, d.ce_address), (v4("10.1.85.85"), 21, ce));
    // PSID 0: 1024-1039, 2048-2063, ..., 64512-64527.
    let s = r.port_set(0).unwrap();
    let b: Vec<(u16, u16)> = s.blocks().collect();
    assert_eq!(
        (b.len(), b[0], b[1], b[62]),
        (63, (1024, 1039), (2048, 2063), (64512, 64527))
    );
    assert_eq!(s.psid_of(21845), 21);
}

// OCN-like: /38 rules, o = 18, a = 6, k = 6, IPv4 /20: 1008 ports.
#[test]
fn ocn_like_profile() {
    let r = rule("2001:db8:4000::/38", "198.51.96.0/20", 18, 6);
    assert_eq!(
        (
            r.psid_len(),
            r.contiguous_bits(),
            r.block_count(),
            r.port_count()
        ),
        (6, 4, 63, 1008)
    );
}

// An IPv4-prefix rule (o < p): 2001:db8::/40 <-> 192.0.2.0/24 with o = 4
// gives each CE a /28. End-user prefix 2001:db8:a0::/44: EA bits 40..44 =
// 0xa, the CE prefix 192.0.2.160/28; the IID holds the prefix, zero padded,
// and PSID 0.
#[test]
fn ipv4_prefix_rule() {
    let r = rule("2001:db8::/40", "192.0.2.0/24", 4, 6).with_fmr(true);
    assert!(r.is_prefix_rule());
    assert_eq!(
        (r.psid_len(), r.ce_ipv4_len(), r.port_count()),
        (0, 28, 65536)
    );
    let d = derive1("2001:db8:a0::/44", &[r]).unwrap();
    assert_eq!((d.ipv4, d.ipv4_len, d.psid), (v4("192.0.2.160"), 28, 0));
    assert_eq!(d.port_set, PortSet::ALL);
    assert_eq!(show6(&d.ce_address), "2001:db8:a0::c000:2a0:0");
    for host in ["192.0.2.160", "192.0.2.170", "192.0.2.175"] {
        for port in [0, 80, 65535] {
            assert_eq!(r.ce_address_for(v4(host), port), Some(d.ce_address));
        }
    }
    assert_ne!(r.ce_address_for(v4("192.0.2.176"), 80), Some(d.ce_address));
    assert_eq!(
        r.decode_ce_address(&d.ce_address),
        Some((v4("192.0.2.160"), 0))
    );
    // A longer end-user prefix keeps its bits; those after n + o are zero
    // for the FMR side.
    let d = derive1("2001:db8:a1::/48", &[r]).unwrap();
    assert_eq!(d.ipv4, v4("192.0.2.160"));
    assert_eq!(show6(&d.ce_address), "2001:db8:a1::c000:2a0:0");
}

// o = 0 edges: a rule with no EA bits over a whole /24 gives the /24 to
// the single CE; over 0.0.0.0/0 everything (p = 32, the suffix shift by
// 32 of a 64-bit value).
#[test]
fn no_ea_bits_edges() {
    let r = rule("2001:db8:12:3400::/56", "192.0.2.0/24", 0, 6);
    let d = derive1("2001:db8:12:3400::/56", &[r]).unwrap();
    assert_eq!((d.ipv4, d.ipv4_len), (v4("192.0.2.0"), 24));
    assert_eq!(show6(&d.ce_address), "2001:db8:12:3400:0:c000:200:0");
    let r = rule("2001:db8::/32", "0.0.0.0/0", 0, 0);
    let d = derive1("2001:db8::/32", &[r]).unwrap();
    assert_eq!((d.ipv4, d.ipv4_len), ([0; 4], 0));
    assert_eq!(show6(&d.ce_address), "2001:db8::");
    assert_eq!(r.ce_address_for(v4("203.0.113.9"), 7), Some(d.ce_address));
    // A /0 rule with 32 EA bits: the IPv4 address is the EA bits.
    let r = rule("2001:db8::/32", "0.0.0.0/0", 32, 0);
    let d = derive1("2001:db8:cb00:7109::/64", &[r]).unwrap();
    assert_eq!(d.ipv4, v4("203.0.113.9"));
    assert_eq!(show6(&d.ce_address), "2001:db8:cb00:7109:0:cb00:7109:0");
}

// n + o = 64: no subnet ID. n + o = 72: the EA bits run into the IID. Rule
// 2001:db8:0:100::/56, o = 16: EA 0x1234 is octets 7 and 8, the end-user
// prefix 2001:db8:0:112:3400::/72. RFC IID 00 00 c0 00 02 12 00 34 with
// octet 8 replaced by 0x34; legacy IID 00 c0 00 02 12 00 34 00 likewise.
#[test]
fn ea_bits_reaching_the_iid() {
    let r = rule("2001:db8:1::/48", "192.0.2.0/24", 16, 6).with_fmr(true);
    let d = derive1("2001:db8:1:1234::/64", &[r]).unwrap();
    assert_eq!((d.ipv4, d.psid), (v4("192.0.2.18"), 0x34));
    assert_eq!(show6(&d.ce_address), "2001:db8:1:1234:0:c000:212:34");
    assert_eq!(r.ce_address_for(d.ipv4, 1232), Some(d.ce_address));

    let r = rule("2001:db8:0:100::/56", "192.0.2.0/24", 16, 6).with_fmr(true);
    assert_eq!(r.end_user_prefix_len(), 72);
    let d = derive1("2001:db8:0:112:3400::/72", &[r]).unwrap();
    assert_eq!((d.ipv4, d.psid), (v4("192.0.2.18"), 0x34));
    assert_eq!(show6(&d.ce_address), "2001:db8:0:112:3400:c000:212:34");
    assert_eq!(r.ce_address_for(d.ipv4, 1232), Some(d.ce_address));
    assert_eq!(r.decode_ce_address(&d.ce_address), Some((d.ipv4, 0x34)));
    let r = r.with_iid(IidFormat::Draft03);
    let d = derive1("2001:db8:0:112:3400::/72", &[r]).unwrap();
    assert_eq!(show6(&d.ce_address), "2001:db8:0:112:34c0:2:1200:3400");
    assert_eq!(r.ce_address_for(d.ipv4, 1232), Some(d.ce_address));
    assert_eq!(r.decode_ce_address(&d.ce_address), Some((d.ipv4, 0x34)));
    // A /80 end-user prefix overwrites two octets of the IID.
    let d = derive1("2001:db8:0:112:34ff::/80", &[r]).unwrap();
    assert_eq!(show6(&d.ce_address), "2001:db8:0:112:34ff:2:1200:3400");
}

// A /64 end-user prefix under a rule needing /56: the BMR applies, the bits
// 56..64 (the subnet ID the RFC zeroes) stay in the CE address, as mapcalc
// copies the whole prefix; the FMR side cannot know them.
#[test]
fn end_user_prefix_longer_than_needed() {
    let r = rfc_rule().with_fmr(true);
    let d = derive1("2001:db8:12:3401::/64", &[r]).unwrap();
    assert_eq!((d.ipv4, d.psid), (v4("192.0.2.18"), 0x34));
    assert_eq!(show6(&d.ce_address), "2001:db8:12:3401:0:c000:212:34");
    assert_ne!(r.ce_address_for(d.ipv4, 1232), Some(d.ce_address));
    let d = derive1("2001:db8:12:3400::/64", &[r]).unwrap();
    assert_eq!(r.ce_address_for(d.ipv4, 1232), Some(d.ce_address));
}

#[test]
fn bmr_selection() {
    let wide = rfc_rule();
    let narrow = rule("2001:db8:12::/48", "198.51.100.0/24", 16, 6);
    let rules = [wide, narrow];
    // The longest rule prefix wins: EA bits 48..64 are 0x3400, suffix 0x34.
    let d = derive1("2001:db8:12:3400::/64", &rules).unwrap();
    assert_eq!(d.rule, narrow);
    assert_eq!((d.ipv4, d.psid), (v4("198.51.100.52"), 0));
    assert_eq!(select_bmr(&rules, &v6("2001:db8:12:3400::"), 64), Some(1));
    assert_eq!(select_bmr(&rules, &v6("2001:db8:13:3400::"), 64), Some(0));
    // An end-user prefix too short for a rule's EA bits does not match it.
    assert_eq!(select_bmr(&rules, &v6("2001:db8:12:3400::"), 56), Some(0));
    assert_eq!(select_bmr(&rules, &v6("2001:db8:12:3400::"), 55), None);
    assert_eq!(select_bmr(&rules, &v6("2001:db8:12:3400::"), 129), None);
    assert_eq!(
        derive1("2001:db8:12::/48", &rules),
        Err(DeriveError::NoRule)
    );
    assert_eq!(derive1("2001:db9::/56", &rules), Err(DeriveError::NoRule));
    assert_eq!(derive(&[0; 16], 129, &rules), Err(DeriveError::PrefixLen));
    assert_eq!(wide.derive(&[0; 16], 200), Err(DeriveError::PrefixLen));
    assert_eq!(derive1("2001:db8::/56", &[]), Err(DeriveError::NoRule));
    // Equals: the first.
    let twin = rule("2001:db8::/40", "203.0.113.0/24", 16, 6);
    assert_eq!(
        select_bmr(&[wide, twin], &v6("2001:db8:12:3400::"), 56),
        Some(0)
    );
}

#[test]
fn find_rule_longest_ipv4_match() {
    let wide = rule("2001:db8::/40", "192.0.2.0/24", 16, 6).with_fmr(true);
    let narrow = rule("2001:db8:100::/40", "192.0.2.128/25", 15, 6).with_fmr(true);
    let not_fmr = rule("2001:db8:200::/40", "192.0.2.192/26", 14, 6);
    let rules = [wide, narrow, not_fmr];
    assert_eq!(find_rule(&rules, v4("192.0.2.1")), Some(&wide));
    assert_eq!(find_rule(&rules, v4("192.0.2.129")), Some(&narrow));
    assert_eq!(find_rule(&rules, v4("192.0.2.200")), Some(&narrow));
    assert_eq!(find_rule(&rules, v4("192.0.3.1")), None);
    assert_eq!(find_any_rule(&rules, v4("192.0.2.200")), Some(&not_fmr));
    assert_eq!(find_any_rule(&rules, v4("192.0.2.129")), Some(&narrow));
    assert_eq!(find_any_rule(&rules, v4("192.0.3.1")), None);
}

// Two CEs behind 192.0.2.18, PSIDs 0x34 and 0x35: each is reachable at its
// own address for its own ports only, and a packet from one with a port of
// the other fails the source check, in both IID formats.
#[test]
fn two_ces_share_an_address() {
    for iid in [IidFormat::Rfc7597, IidFormat::Draft03] {
        let r = rfc_rule().with_fmr(true).with_iid(iid);
        let rules = [r];
        let a = derive1("2001:db8:12:3400::/56", &rules).unwrap();
        let b = derive1("2001:db8:12:3500::/56", &rules).unwrap();
        assert_eq!(a.ipv4, b.ipv4);
        assert_eq!((a.psid, b.psid), (0x34, 0x35));
        assert_ne!(a.ce_address, b.ce_address);
        for (own, other) in [(&a, &b), (&b, &a)] {
            for n in [0, 1, 3, 4, 100, 251] {
                let port = own.port_set.nth_port(n).unwrap();
                assert!(!other.port_set.contains(port));
                assert_eq!(r.ce_address_for(own.ipv4, port), Some(own.ce_address));
                assert!(check_source(&rules, &own.ce_address, own.ipv4, port));
                assert!(!check_source(&rules, &other.ce_address, own.ipv4, port));
            }
            let port = own.port_set.nth_port(0).unwrap();
            assert!(!check_source(
                &rules,
                &own.ce_address,
                v4("192.0.2.19"),
                port
            ));
            assert!(!check_source(
                &rules,
                &own.ce_address,
                v4("198.51.100.1"),
                port
            ));
            assert!(!check_source(&rules, &own.ce_address, own.ipv4, 80));
            assert_eq!(
                r.decode_ce_address(&own.ce_address),
                Some((own.ipv4, own.psid))
            );
        }
        // The other format's address is refused.
        let other_iid = match iid {
            IidFormat::Rfc7597 => IidFormat::Draft03,
            IidFormat::Draft03 => IidFormat::Rfc7597,
        };
        let foreign = derive1("2001:db8:12:3400::/56", &[r.with_iid(other_iid)]).unwrap();
        assert!(!check_source(&rules, &foreign.ce_address, a.ipv4, 1232));
    }
}

#[test]
fn invalid_rules() {
    let ok = params("2001:db8::/40", "192.0.2.0/24", 16, 6);
    let bad = |f: &dyn Fn(&mut RuleParams)| {
        let mut p = ok;
        f(&mut p);
        Rule::new(p).unwrap_err()
    };
    assert!(Rule::new(ok).is_ok());
    assert_eq!(bad(&|p| p.ipv6_len = 129), RuleError::Ipv6Len);
    assert_eq!(bad(&|p| p.ipv4_len = 33), RuleError::Ipv4Len);
    assert_eq!(bad(&|p| p.ea_len = 49), RuleError::EaLen);
    assert_eq!(
        bad(&|p| {
            p.ipv6_len = 96;
            p.ea_len = 40;
            p.ipv4_len = 0;
        }),
        RuleError::EaPastAddress
    );
    // k = 25 - 8 = 17.
    assert_eq!(bad(&|p| p.ea_len = 25), RuleError::PsidLen);
    // a + k = 9 + 8.
    assert_eq!(bad(&|p| p.psid_offset = 9), RuleError::OffsetPlusPsidLen);
    assert_eq!(bad(&|p| p.psid_offset = 17), RuleError::Offset);
    assert_eq!(bad(&|p| p.psid_len = Some(7)), RuleError::PsidLenMismatch);
    assert_eq!(
        bad(&|p| {
            p.ea_len = 4;
            p.psid_len = Some(4);
        }),
        RuleError::PsidLenMismatch
    );
    assert_eq!(bad(&|p| p.psid = Some(0x100)), RuleError::Psid);
    assert_eq!(
        bad(&|p| {
            p.ea_len = 8;
            p.psid_len = Some(17);
        }),
        RuleError::PsidLen
    );
    assert_eq!(
        bad(&|p| {
            p.ea_len = 8;
            p.psid_len = Some(4);
            p.psid = Some(16);
        }),
        RuleError::Psid
    );
    assert_eq!(
        bad(&|p| {
            p.ea_len = 8;
            p.psid = Some(1);
        }),
        RuleError::Psid
    );
    // Limits that are fine: a = 16 without a PSID, k = 16 with a = 0,
    // n + o = 128, o = 48.
    let fine = |f: &dyn Fn(&mut RuleParams)| {
        let mut p = ok;
        f(&mut p);
        Rule::new(p).unwrap()
    };
    let r = fine(&|p| {
        p.ea_len = 8;
        p.psid_offset = 16;
    });
    assert_eq!(r.port_set(0), Some(PortSet::ALL));
    let r = fine(&|p| {
        p.ea_len = 24;
        p.psid_offset = 0;
    });
    assert_eq!((r.psid_len(), r.port_count()), (16, 1));
    fine(&|p| {
        p.ipv6_len = 80;
        p.ea_len = 48;
        p.ipv4_len = 0;
        p.psid_offset = 0;
    });
    // The explicit length may repeat the EA bits' PSID length; the explicit
    // PSID is then dropped.
    let r = fine(&|p| {
        p.psid_len = Some(8);
        p.psid = Some(0x12);
    });
    assert_eq!(r, Rule::new(ok).unwrap());
    assert_eq!(r.explicit_psid(), None);
    assert_eq!(fine(&|p| p.psid_len = Some(0)), r);
}

#[test]
fn rule_normalizes_prefixes() {
    let r = rule("2001:db8:ff:ffff::1/40", "192.0.2.77/24", 16, 6);
    assert_eq!(r, rfc_rule());
    assert_eq!(r.params().ipv6_prefix, v6("2001:db8::"));
    assert_eq!(r.params().ipv4_prefix, v4("192.0.2.0"));
    assert_eq!(Rule::new(r.params()), Ok(r));
}

// Random rules and prefixes (a fixed xorshift): the CE found by derive()
// from an end-user prefix of exactly n + o bits is the one ce_address_for()
// finds for each of its ports, and decode_ce_address() inverts both.
#[test]
fn derive_and_fmr_agree() {
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut checked = 0;
    while checked < 3000 {
        let ipv6_len = (next() % 97) as u8;
        let ipv4_len = (next() % 33) as u8;
        let ea_len = (next() % 49) as u8;
        let mut p = RuleParams::new(
            (u128::from(next()) << 64 | u128::from(next())).to_be_bytes(),
            ipv6_len,
            (next() as u32).to_be_bytes(),
            ipv4_len,
            ea_len,
        );
        p.psid_offset = (next() % 17) as u8;
        p.fmr = true;
        p.iid = if next() & 1 == 0 {
            IidFormat::Rfc7597
        } else {
            IidFormat::Draft03
        };
        if next() % 4 == 0 {
            let k = (next() % 17) as u8;
            p.psid_len = Some(k);
            p.psid = Some((next() as u16) & ((1u32 << k) - 1) as u16);
        }
        let Ok(r) = Rule::new(p) else { continue };
        let mut eup = (u128::from(next()) << 64 | u128::from(next())).to_be_bytes();
        ipv6_copy_prefix(&mut eup, r.ipv6_prefix(), r.ipv6_len());
        let len = r.end_user_prefix_len();
        let Ok(d) = r.derive(&eup, len) else {
            assert!(r.psid_len() > 0 && r.ea_psid_bits() == 0 && r.explicit_psid().is_none());
            continue;
        };
        assert!(r.contains_ipv4(d.ipv4));
        assert_eq!(d.port_set.psid(), d.psid);
        for n in [0, d.port_set.count() / 2, d.port_set.count() - 1] {
            let port = d.port_set.nth_port(n).unwrap();
            // The port's PSID wins over the explicit one on the FMR side.
            assert_eq!(
                r.ce_address_for(d.ipv4, port),
                Some(d.ce_address),
                "{r:?} {port}"
            );
        }
        // Unless an end-user prefix over /64 covers the PSID field of an
        // explicit PSID, which nothing else holds.
        if r.ea_psid_bits() > 0 || r.psid_len() == 0 || len <= 64 {
            assert_eq!(
                r.decode_ce_address(&d.ce_address),
                Some((d.ipv4, d.psid)),
                "{r:?}"
            );
        }
        checked += 1;
    }
}

#[test]
fn address_helpers() {
    assert_eq!(ipv4_mask(0), 0);
    assert_eq!(ipv4_mask(1), 0x8000_0000);
    assert_eq!(ipv4_mask(24), 0xffff_ff00);
    assert_eq!(ipv4_mask(32), u32::MAX);
    assert_eq!(ipv4_mask(200), u32::MAX);
    assert_eq!(ipv4_prefix(v4("192.0.2.130"), 25), v4("192.0.2.128"));
    assert!(ipv4_in_prefix(v4("192.0.2.130"), v4("192.0.2.128"), 25));
    assert!(!ipv4_in_prefix(v4("192.0.2.127"), v4("192.0.2.128"), 25));
    assert!(ipv4_in_prefix(v4("1.2.3.4"), v4("9.9.9.9"), 0));
    let a = v6("2001:db8:ffff:ffff::1");
    assert_eq!(ipv6_prefix(&a, 0), [0; 16]);
    assert_eq!(ipv6_prefix(&a, 36), v6("2001:db8:f000::"));
    assert_eq!(ipv6_prefix(&a, 128), a);
    assert_eq!(ipv6_prefix(&a, 255), a);
    assert!(ipv6_in_prefix(&a, &v6("2001:db8:f000::"), 36));
    assert!(!ipv6_in_prefix(&a, &v6("2001:db8:e000::"), 36));
    assert!(ipv6_in_prefix(&a, &[0; 16], 0));
    let mut d = [0xffu8; 16];
    ipv6_copy_prefix(&mut d, &[0; 16], 12);
    assert_eq!(show6(&d), "f:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
    // Bits at any alignment.
    let b = v6("2001:db8:12:3400::");
    assert_eq!(get_bits(&b, 40, 16), 0x1234);
    assert_eq!(get_bits(&b, 43, 9), 0x1234 >> 4 & 0x1ff);
    assert_eq!(get_bits(&b, 0, 48), 0x2001_0db8_0012);
    assert_eq!(get_bits(&b, 120, 16), 0);
    assert_eq!(get_bits(&b, u32::MAX, 64), 0);
    assert_eq!(get_bits(&b, 0, 0), 0);
    let mut c = [0u8; 16];
    set_bits(&mut c, 43, 9, 0x123);
    assert_eq!(get_bits(&c, 43, 9), 0x123);
    assert_eq!(get_bits(&c, 0, 43), 0);
    assert_eq!(get_bits(&c, 52, 76), 0);
    set_bits(&mut c, 120, 16, 0xffff);
    assert_eq!(c[15], 0xff);
    set_bits(&mut c, u32::MAX - 3, 64, u64::MAX);
    set_bits(&mut c, 0, 80, u64::MAX);
    assert_eq!(get_bits(&c, 0, 64), u64::MAX);
}
