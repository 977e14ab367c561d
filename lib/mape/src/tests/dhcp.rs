// SPDX-License-Identifier: GPL-2.0

//! RFC 7598 options: hand-laid vectors, builder, errors, round trips.

use super::*;
use std::vec;

// RFC 7598 §4.1, §4.2, laid out by hand. The example 1 rule as an FMR:
// flags 01, ea-len 16, prefix4-len 24, 192.0.2.0, prefix6-len 40, the 5
// octets of 2001:db8:00::/40; no S46_PORTPARAMS (offset 6 is the default).
const RULE_EX1: &str = concat!(
    "0059000d",       // S46_RULE, 13
    "01",             // F
    "1018c000020028", // 16, 24, 192.0.2.0, 40
    "20010db800",
);
const BR: &str = concat!("005a0010", "20010db8ffff00000000000000000001");
// v6plus's first rule: 240b:10::/32 <-> 106.72.0.0/16, o = 24, with
// S46_PORTPARAMS offset 4, PSID length 0.
const RULE_V6PLUS: &str = concat!(
    "00590014", // S46_RULE, 8 + 4 + 8
    "0118106a48000020240b0010",
    "005d0004", // S46_PORTPARAMS, 4
    "04000000",
);
// The rule without EA bits and with a provisioned PSID: 2001:db8:12:3400::/56
// <-> 192.0.2.18/32, o = 0; S46_PORTPARAMS offset 6, PSID length 8, PSID
// 0x34 left-aligned: 0x3400.
const RULE_PSID: &str = concat!(
    "00590017", // S46_RULE, 8 + 7 + 8
    "000020c000021238",
    "20010db8001234",
    "005d0004",
    "06083400",
);

fn container(body: &[&str]) -> Vec<u8> {
    let data: Vec<u8> = body.iter().flat_map(|s| hex(s)).collect();
    let mut v = vec![0x00, 0x5e];
    v.extend_from_slice(&(data.len() as u16).to_be_bytes());
    v.extend(data);
    v
}

fn parse_all(data: &[u8]) -> Result<(Vec<Rule>, Vec<Ipv6>), ParseError> {
    let mut rules = [rfc_rule(); 16];
    let mut brs = [[0u8; 16]; 4];
    let n = parse_mape(data, &mut rules, &mut brs)?;
    Ok((rules[..n.rules].to_vec(), brs[..n.brs].to_vec()))
}

fn psid_rule() -> Rule {
    Rule::new(RuleParams {
        psid_len: Some(8),
        psid: Some(0x34),
        ..params("2001:db8:12:3400::/56", "192.0.2.18/32", 0, 6)
    })
    .unwrap()
}

fn v6plus_rule() -> Rule {
    rule("240b:10::/32", "106.72.0.0/16", 24, 4).with_fmr(true)
}

#[test]
fn hand_built_container() {
    let c = container(&[RULE_EX1, RULE_V6PLUS, RULE_PSID, BR]);
    let (rules, brs) = parse_all(&c).unwrap();
    assert_eq!(
        rules,
        [rfc_rule().with_fmr(true), v6plus_rule(), psid_rule()]
    );
    assert_eq!(brs, [v6("2001:db8:ffff::1")]);
    // The builder writes the same octets.
    let mut out = [0u8; 256];
    let n = build_mape(&mut out, &rules, &brs, true).unwrap();
    assert_eq!(&out[..n], &c[..]);
    // And without the container, the bare sequence, which parses too.
    let n = build_mape(&mut out, &rules, &brs, false).unwrap();
    assert_eq!(&out[..n], &c[4..]);
    assert_eq!(parse_all(&out[..n]).unwrap(), (rules.clone(), brs.clone()));
    // The derived parameters of the explicit-PSID rule.
    let d = derive(&v6("2001:db8:12:3400::"), 56, &rules[2..]).unwrap();
    assert_eq!(
        (d.ipv4, d.psid, d.psid_left_aligned()),
        (v4("192.0.2.18"), 0x34, 0x3400)
    );
}

// The container among the other options of a Reply (IA_PD, DNS servers),
// and an unknown option inside it: both skipped. Two containers count
// together.
#[test]
fn container_among_options() {
    // IA_PD (25) with IAID 1, T1 0, T2 14.
    let mut data = hex("0019000c00000001000000000000000e");
    data.extend(container(&[
        RULE_EX1,
        "005b00052020010db8", /* S46_DMR 2001:db8::/32 */
        BR,
    ]));
    data.extend(hex("0017001020010db8000000000000000000000053")); // DNS
    let (rules, brs) = parse_all(&data).unwrap();
    assert_eq!(rules, [rfc_rule().with_fmr(true)]);
    assert_eq!(brs.len(), 1);
    data.extend(container(&[RULE_V6PLUS]));
    let (rules, _) = parse_all(&data).unwrap();
    assert_eq!(rules, [rfc_rule().with_fmr(true), v6plus_rule()]);
    // Options inside the container do not count outside it: a rule next
    // to a container is skipped.
    let mut data = container(&[BR]);
    data.extend(hex(RULE_EX1));
    assert_eq!(
        parse_all(&data).unwrap(),
        (vec![], vec![v6("2001:db8:ffff::1")])
    );
    assert_eq!(parse_all(&[]).unwrap(), (vec![], vec![]));
}

#[test]
fn port_params_left_aligned() {
    let mut out = [0u8; 64];
    let n = build_s46_rule(&mut out, &psid_rule()).unwrap();
    assert_eq!(&out[..n], &hex(RULE_PSID)[..]);
    assert_eq!(&out[n - 4..n], &[6, 8, 0x34, 0x00]);
    // 21 of 6 bits: 0b010101 << 10 = 0x5400.
    let r = Rule::new(RuleParams {
        psid_len: Some(6),
        psid: Some(21),
        ..params("2001:db8::/64", "192.0.2.1/32", 0, 4)
    })
    .unwrap();
    let n = build_s46_rule(&mut out, &r).unwrap();
    assert_eq!(&out[n - 8..n], &hex("005d000404065400")[..]);
    assert_eq!(parse_s46_rule(&out[4..n]), Ok(r));
    assert_eq!(
        parse_port_params(&[4, 6, 0x54, 0x00]),
        Ok(PortParams {
            offset: 4,
            psid_len: 6,
            psid: 21
        })
    );
    // Padding bits after the PSID are ignored.
    assert_eq!(parse_port_params(&[4, 6, 0x57, 0xff]).unwrap().psid, 21);
    // An explicit length without a PSID goes out as PSID 0.
    let r = Rule::new(RuleParams {
        psid: None,
        ..r.params()
    })
    .unwrap();
    let n = build_s46_rule(&mut out, &r).unwrap();
    assert_eq!(&out[n - 4..n], &[4, 6, 0, 0]);
    assert_eq!(parse_s46_rule(&out[4..n]).unwrap().explicit_psid(), Some(0));
    // PSID length 0: no explicit PSID, whatever the field.
    let mut data = hex(RULE_PSID);
    let at = data.len() - 3;
    data[at] = 0;
    let r = parse_s46_rule(&data[4..]).unwrap();
    assert_eq!((r.psid_len(), r.explicit_psid()), (0, None));
}

#[test]
fn bad_port_params() {
    // The non-RFC 3-octet form, as odhcp6c refuses it.
    assert_eq!(
        parse_port_params(&[6, 8, 0x34]),
        Err(ParseError::BadPortParams)
    );
    assert_eq!(
        parse_port_params(&[6, 8, 0x34, 0, 0]),
        Err(ParseError::BadPortParams)
    );
    assert_eq!(parse_port_params(&[]), Err(ParseError::BadPortParams));
    assert_eq!(
        parse_port_params(&[16, 0, 0, 0]),
        Err(ParseError::BadPortParams)
    );
    assert_eq!(
        parse_port_params(&[0, 17, 0, 0]),
        Err(ParseError::BadPortParams)
    );
    assert!(parse_port_params(&[15, 16, 0xff, 0xff]).is_ok());
    let three = "00590016000020c00002123820010db8001234005d0003060834";
    assert_eq!(
        parse_s46_rule(&hex(three)[4..]),
        Err(ParseError::BadPortParams)
    );
    assert_eq!(
        parse_all(&container(&[three, BR])),
        Err(ParseError::BadPortParams)
    );
    let two = "0059001f000020c00002123820010db8001234005d000406083400005d000406083400";
    assert_eq!(
        parse_s46_rule(&hex(two)[4..]),
        Err(ParseError::DuplicatePortParams)
    );
    // A PSID length that contradicts the EA bits (16 - 8 = 8, not 6).
    let mismatch = "00590015011018c00002002820010db800005d000406060000";
    assert_eq!(
        parse_s46_rule(&hex(mismatch)[4..]),
        Err(ParseError::InvalidRule(RuleError::PsidLenMismatch))
    );
    // An unknown sub-option is skipped; a truncated one is not.
    let unknown = "00590015011018c00002002820010db8001234000400000000";
    assert_eq!(
        parse_s46_rule(&hex(unknown)[4..]),
        Ok(rfc_rule().with_fmr(true))
    );
    let cut = "00590013011018c00002002820010db800005d0004";
    assert_eq!(parse_s46_rule(&hex(cut)[4..]), Err(ParseError::Truncated));
}

#[test]
fn bad_rules_and_brs() {
    let parse = |s: &str| parse_s46_rule(&hex(s));
    assert_eq!(parse(""), Err(ParseError::BadRule));
    assert_eq!(parse("011018c0000200"), Err(ParseError::BadRule));
    // Prefix length 40 but 4 octets of prefix; prefix length 129.
    assert_eq!(parse("011018c00002002820010db8"), Err(ParseError::BadRule));
    assert_eq!(parse("011018c00002008120010db8"), Err(ParseError::BadRule));
    // prefix4-len 33, ea-len 49, ea-len 30 on a /24 (k = 22).
    assert_eq!(
        parse("011021c00002002820010db800"),
        Err(ParseError::InvalidRule(RuleError::Ipv4Len))
    );
    assert_eq!(
        parse("013118c00002002820010db800"),
        Err(ParseError::InvalidRule(RuleError::EaLen))
    );
    assert_eq!(
        parse("011e18c00002002820010db800"),
        Err(ParseError::InvalidRule(RuleError::PsidLen))
    );
    // Prefix length 0: no prefix octets; 128: all 16.
    let r = parse("0000000000000000").unwrap();
    assert_eq!((r.ipv6_len(), r.ipv4_len(), r.ea_len()), (0, 0, 0));
    let r = parse("000020c00002018020010db8000000000000000000000001").unwrap();
    assert_eq!((r.ipv6_len(), r.ipv6_prefix()), (128, &v6("2001:db8::1")));
    // Flags other than F are ignored; host bits of the prefixes cleared.
    let r = parse("ff1018c00002ff2420010db80f").unwrap();
    assert_eq!(
        r,
        rule("2001:db8::/36", "192.0.2.0/24", 16, 6).with_fmr(true)
    );
    let r = parse("fe1018c00002002820010db800").unwrap();
    assert!(!r.is_fmr());

    assert_eq!(
        parse_all(&container(&["005a000f20010db8ffff000000000000000000"])),
        Err(ParseError::BadBr)
    );
    assert_eq!(
        parse_all(&container(&["005a001120010db8ffff00000000000000000001ff"])),
        Err(ParseError::BadBr)
    );
}

// Any cut of a container runs its length past the end; cuts of a bare
// sequence between options leave the options before.
#[test]
fn truncated_options() {
    let c = container(&[RULE_EX1, RULE_V6PLUS, RULE_PSID, BR]);
    for n in 1..c.len() {
        assert_eq!(parse_all(&c[..n]), Err(ParseError::Truncated), "{n}");
    }
    let bare = &c[4..];
    let ends = [17, 17 + 24, 17 + 24 + 27];
    for n in 1..bare.len() {
        match parse_all(&bare[..n]) {
            Ok((rules, brs)) => {
                assert!(brs.is_empty());
                assert_eq!(rules.len(), ends.iter().position(|&e| e == n).unwrap() + 1);
            }
            Err(e) => {
                assert!(!ends.contains(&n));
                assert!(
                    matches!(e, ParseError::Truncated | ParseError::BadRule),
                    "{n} {e:?}"
                );
            }
        }
    }
    let two = hex("00010002aaaa00020003bb");
    let mut it = dhcp_options(&two);
    assert_eq!(it.next(), Some(Ok((1, &[0xaa, 0xaa][..]))));
    assert_eq!(it.position(), 6);
    assert_eq!(it.next(), Some(Err(ParseError::Truncated)));
    assert_eq!(it.next(), None);
    assert_eq!(
        dhcp_options(&[0, 1, 0]).next(),
        Some(Err(ParseError::Truncated))
    );
    assert_eq!(dhcp_options(&[]).next(), None);
}

#[test]
fn capacity() {
    let c = container(&[RULE_EX1, RULE_V6PLUS, BR, BR]);
    let mut rules = [rfc_rule(); 2];
    let mut brs = [[0u8; 16]; 2];
    assert_eq!(
        parse_mape(&c, &mut rules, &mut brs),
        Ok(MapeCounts { rules: 2, brs: 2 })
    );
    assert_eq!(
        parse_mape(&c, &mut rules[..1], &mut brs),
        Err(ParseError::TooManyRules)
    );
    assert_eq!(
        parse_mape(&c, &mut rules, &mut brs[..1]),
        Err(ParseError::TooManyBrs)
    );
}

#[test]
fn build_errors() {
    let rules = [rfc_rule(), v6plus_rule(), psid_rule()];
    let brs = [v6(V6PLUS_BR)];
    let mut out = [0u8; 256];
    let n = build_mape(&mut out, &rules, &brs, true).unwrap();
    for short in 0..n {
        assert_eq!(
            build_mape(&mut out[..short], &rules, &brs, true),
            Err(BuildError::NoRoom)
        );
    }
    // Offset 16 is a valid rule but no S46_PORTPARAMS.
    let r = rule("2001:db8::/40", "192.0.2.0/24", 8, 16);
    assert_eq!(build_s46_rule(&mut out, &r), Err(BuildError::Offset));
    // Over 65535 octets of container.
    let many = vec![rfc_rule(); 65535 / 17 + 1];
    let mut big = vec![0u8; 70000];
    assert_eq!(
        build_mape(&mut big, &many, &[], true),
        Err(BuildError::TooLong)
    );
    let n = build_mape(&mut big, &many, &[], false).unwrap();
    assert_eq!(n, many.len() * 17);
}

// The v6plus table with its BR, over RFC 7598 and back (DHCPv6 carries no
// IID format: the legacy one is set again).
#[test]
fn v6plus_table_round_trip() {
    let rules = v6plus_rules();
    let mut out = [0u8; 1024];
    let n = build_mape(&mut out, &rules, &[v6(V6PLUS_BR)], true).unwrap();
    assert_eq!(n, 4 + 8 * (4 + 20) + 20);
    let (parsed, brs) = parse_all(&out[..n]).unwrap();
    let parsed: Vec<Rule> = parsed
        .iter()
        .map(|r| r.with_iid(IidFormat::Draft03))
        .collect();
    assert_eq!(parsed, rules);
    assert_eq!(brs, [v6(V6PLUS_BR)]);
}

// Random rules (a fixed xorshift) survive encode and parse.
#[test]
fn random_round_trip() {
    let mut x = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut rules = Vec::new();
    while rules.len() < 2000 {
        let mut p = RuleParams::new(
            (u128::from(next()) << 64 | u128::from(next())).to_be_bytes(),
            (next() % 129) as u8,
            (next() as u32).to_be_bytes(),
            (next() % 33) as u8,
            (next() % 49) as u8,
        );
        p.psid_offset = (next() % 16) as u8;
        p.fmr = next() & 1 == 1;
        if next() & 1 == 1 {
            let k = (next() % 17) as u8;
            p.psid_len = Some(k);
            p.psid = Some((next() as u16) & ((1u32 << k) - 1) as u16);
        }
        if let Ok(r) = Rule::new(p) {
            rules.push(r);
        }
    }
    let mut out = vec![0u8; 65536];
    for chunk in rules.chunks(1000) {
        let n = build_mape(&mut out, chunk, &[], true).unwrap();
        let mut back = vec![rfc_rule(); 1000];
        let c = parse_mape(&out[..n], &mut back, &mut []).unwrap();
        assert_eq!(&back[..c.rules], chunk);
    }
}
