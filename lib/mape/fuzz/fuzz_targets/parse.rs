// SPDX-License-Identifier: GPL-2.0
//! Any bytes, to the RFC 7598 parsers: as DHCPv6 options holding MAP-E
//! containers (or a bare rule and BR sequence), as `S46_RULE` data, as
//! `S46_PORTPARAMS` data, and through the option walk. Nothing panics, the
//! walk moves forward inside the input, more room never changes what
//! parses, and whatever parses is written back by the builders and parses
//! back to the same rules and BR addresses.

#![no_main]

use libfuzzer_sys::fuzz_target;
use mape::*;

fuzz_target!(|input: &[u8]| {
    walk(input);
    mape_options(input);
    s46_rule(input);
    port_params(input);
});

fn blank() -> Rule {
    Rule::new(RuleParams::new([0; 16], 0, [0; 4], 0, 0)).expect("a /0 rule is valid")
}

fn walk(b: &[u8]) {
    let mut it = dhcp_options(b);
    let mut last = 0;
    while let Some(r) = it.next() {
        match r {
            Ok((_, body)) => {
                assert!(it.position() > last && it.position() <= b.len());
                assert_eq!(it.position() - last, body.len() + OPTION_HDR_LEN);
                last = it.position();
            }
            Err(e) => {
                assert_eq!(e, ParseError::Truncated);
                assert_eq!(it.next(), None);
                break;
            }
        }
    }
}

fn mape_options(b: &[u8]) {
    let mut rules = [blank(); 8];
    let mut brs = [[0u8; 16]; 4];
    let small = parse_mape(b, &mut rules[..2], &mut brs[..1]);
    let Ok(c) = parse_mape(b, &mut rules, &mut brs) else {
        assert!(small.is_err());
        return;
    };
    if let Ok(s) = small {
        assert_eq!(s, c);
    }
    assert!(c.rules <= rules.len() && c.brs <= brs.len());
    let (rules, brs) = (&rules[..c.rules], &brs[..c.brs]);
    for r in rules {
        assert_eq!(r.iid(), IidFormat::Rfc7597);
        assert!(r.psid_offset() <= S46_MAX_OFFSET);
        assert_eq!(Rule::new(r.params()), Ok(*r));
    }
    let mut out = [0u8; 1024];
    for container in [true, false] {
        let n = build_mape(&mut out, rules, brs, container).expect("parsed rules build");
        let mut back = [blank(); 8];
        let mut back_brs = [[0u8; 16]; 4];
        let c2 = parse_mape(&out[..n], &mut back, &mut back_brs).expect("built options parse");
        assert_eq!(c2, c);
        assert_eq!(&back[..c.rules], rules);
        assert_eq!(&back_brs[..c.brs], brs);
    }
}

fn s46_rule(b: &[u8]) {
    let Ok(r) = parse_s46_rule(b) else {
        return;
    };
    assert_eq!(Rule::new(r.params()), Ok(r));
    let mut out = [0u8; 64];
    let n = build_s46_rule(&mut out, &r).expect("a parsed rule builds");
    assert!(n >= OPTION_HDR_LEN + S46_RULE_FIXED_LEN);
    assert_eq!(u16::from_be_bytes([out[0], out[1]]), OPTION_S46_RULE);
    assert_eq!(usize::from(u16::from_be_bytes([out[2], out[3]])), n - 4);
    assert_eq!(parse_s46_rule(&out[4..n]), Ok(r));
    // The option written is never longer than the one read, bar unknown
    // sub-options and zero PORTPARAMS dropped.
    assert!(n - 4 <= b.len());
}

fn port_params(b: &[u8]) {
    let Ok(p) = parse_port_params(b) else {
        assert!(b.len() != S46_PORTPARAMS_LEN || b[0] > S46_MAX_OFFSET || b[1] > 16);
        return;
    };
    assert_eq!(b.len(), S46_PORTPARAMS_LEN);
    assert!(p.offset <= S46_MAX_OFFSET && p.psid_len <= 16);
    assert!(u32::from(p.psid) < 1u32 << p.psid_len);
    let left = psid_to_left_aligned(p.psid, p.psid_len);
    assert_eq!(psid_from_left_aligned(left, p.psid_len), p.psid);
    // Only the padding bits can differ from the input.
    let field = u16::from_be_bytes([b[2], b[3]]);
    assert_eq!(
        psid_to_left_aligned(psid_from_left_aligned(field, p.psid_len), p.psid_len),
        left
    );
}
