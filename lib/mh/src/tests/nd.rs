// SPDX-License-Identifier: GPL-2.0

//! Router Advertisements, NS/NA, DHAAD.

use super::*;

const MAC: [u8; 6] = [0x02, 0x11, 0x22, 0x33, 0x44, 0x55];

/// An RA as radvd sends it with AdvHomeAgentFlag, AdvHomeAgentInfo
/// (preference -10, lifetime 3600), AdvIntervalOpt and a prefix with
/// AdvRouterAddr, plus an RDNSS option (25) the parser does not know.
fn ra_bytes() -> Vec<u8> {
    let mut b = vec![134, 0, 0, 0, 64, RA_FLAG_HOME_AGENT | RA_FLAG_OTHER];
    b.extend_from_slice(&1800u16.to_be_bytes());
    b.extend_from_slice(&30_000u32.to_be_bytes());
    b.extend_from_slice(&1_000u32.to_be_bytes());
    b.extend_from_slice(&[1, 1]);
    b.extend_from_slice(&MAC);
    b.extend_from_slice(&[5, 1, 0, 0, 0, 0, 0x05, 0xdc]);
    b.extend_from_slice(&[3, 4, 64, 0xe0]);
    b.extend_from_slice(&86_400u32.to_be_bytes());
    b.extend_from_slice(&14_400u32.to_be_bytes());
    b.extend_from_slice(&[0; 4]);
    b.extend_from_slice(&ha());
    b.extend_from_slice(&[7, 1, 0, 0, 0, 0, 0x0b, 0xb8]);
    b.extend_from_slice(&[8, 1, 0x80, 0, 0xff, 0xf6, 0x0e, 0x10]);
    b.extend_from_slice(&[25, 3, 0, 0, 0, 0, 0x0e, 0x10]);
    b.extend_from_slice(&ha());
    b
}

#[test]
fn router_advertisement_with_home_agent_options() {
    let b = ra_bytes();
    let ra = parse_ra(&b).unwrap();
    assert_eq!(ra.cur_hop_limit, 64);
    assert_eq!(ra.flags, RA_FLAG_HOME_AGENT | RA_FLAG_OTHER);
    assert_eq!(ra.router_lifetime, 1800);
    assert_eq!(ra.reachable_time, 30_000);
    assert_eq!(ra.retrans_timer, 1_000);
    let o: Vec<_> = ra.options.clone().map(|r| r.unwrap()).collect();
    assert_eq!(o.len(), 6);
    assert_eq!(o[0], (16, NdOpt::SourceLla(&MAC)));
    assert_eq!(o[1], (24, NdOpt::Mtu(1500)));
    assert_eq!(
        o[2],
        (
            32,
            NdOpt::PrefixInfo(PrefixInfo {
                prefix_len: 64,
                flags: PIO_FLAG_ONLINK | PIO_FLAG_AUTO | PIO_FLAG_ROUTER_ADDR,
                valid_lifetime: 86_400,
                preferred_lifetime: 14_400,
                prefix: ha(),
            })
        )
    );
    assert_eq!(o[3], (64, NdOpt::AdvInterval(3000)));
    let hai = HomeAgentInfo {
        flags: HAI_FLAG_MR,
        preference: -10,
        lifetime: 3600,
    };
    assert_eq!(o[4], (72, NdOpt::HomeAgentInfo(hai)));
    assert!(matches!(o[5], (80, NdOpt::Unknown { opt_type: 25, data }) if data.len() == 22));
    assert_eq!(ra.home_agent_info(), Some(hai));
    assert_eq!(ra.options.source_lla(), Some(&MAC[..]));
    assert_eq!(ra.options.target_lla(), None);
}

#[test]
fn home_agent_info_defaults() {
    // H without the option: preference 0, lifetime = router lifetime.
    let b = ra_bytes();
    let mut short = b[..72].to_vec();
    let ra = parse_ra(&short).unwrap();
    assert_eq!(
        ra.home_agent_info(),
        Some(HomeAgentInfo {
            flags: 0,
            preference: 0,
            lifetime: 1800
        })
    );
    // No H: not a home agent, option or not.
    short[5] = RA_FLAG_MANAGED;
    assert_eq!(parse_ra(&short).unwrap().home_agent_info(), None);
    let mut b = b;
    b[5] = 0;
    assert_eq!(parse_ra(&b).unwrap().home_agent_info(), None);
    // The preference is signed: 0x7fff is the best, 0x8000 the worst.
    let mut b = ra_bytes();
    b[76] = 0x80;
    b[77] = 0x00;
    let ra = parse_ra(&b).unwrap();
    assert_eq!(ra.home_agent_info().unwrap().preference, i16::MIN);
    // A bare RA.
    let bare = ra_bytes();
    let ra = parse_ra(&bare[..16]).unwrap();
    assert_eq!(ra.options.clone().count(), 0);
}

#[test]
fn router_advertisement_errors() {
    let b = ra_bytes();
    for n in 0..16 {
        assert_eq!(parse_ra(&b[..n]), Err(NdError::Truncated), "{n}");
    }
    let mut x = b.clone();
    x[0] = 133;
    assert_eq!(parse_ra(&x), Err(NdError::BadType));
    let mut x = b.clone();
    x[1] = 1;
    assert_eq!(parse_ra(&x), Err(NdError::BadCode));
    // Option length 0 anywhere discards the whole message.
    for at in [16usize, 24, 32, 64, 72, 80] {
        let mut x = b.clone();
        x[at + 1] = 0;
        assert_eq!(parse_ra(&x), Err(NdError::OptionZeroLength { offset: at }));
    }
    // Lengths the types do not allow.
    for (at, t, len) in [(24usize, NDOPT_MTU, 2u8), (32, NDOPT_PREFIX_INFO, 3)] {
        let mut x = b.clone();
        x[at + 1] = len;
        assert_eq!(
            parse_ra(&x),
            Err(NdError::OptionBadLength {
                offset: at,
                opt_type: t
            })
        );
    }
    let mut x = b[..80].to_vec();
    x[72 + 1] = 2;
    x.extend_from_slice(&[0; 8]);
    assert_eq!(
        parse_ra(&x),
        Err(NdError::OptionBadLength {
            offset: 72,
            opt_type: NDOPT_HOME_AGENT_INFO
        })
    );
    let mut x = b[..72].to_vec();
    x.extend_from_slice(&[7, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!(
        parse_ra(&x),
        Err(NdError::OptionBadLength {
            offset: 72,
            opt_type: NDOPT_ADV_INTERVAL
        })
    );
    // Prefix length over 128.
    let mut x = b.clone();
    x[34] = 129;
    assert_eq!(parse_ra(&x), Err(NdError::BadPrefixLength { offset: 32 }));
    // Past the end.
    let mut x = b.clone();
    x[81] = 4;
    assert_eq!(parse_ra(&x), Err(NdError::OptionTruncated { offset: 80 }));
    assert_eq!(
        parse_ra(&b[..b.len() - 1]),
        Err(NdError::OptionTruncated { offset: 80 })
    );
    assert_eq!(
        parse_ra(&b[..81]),
        Err(NdError::OptionTruncated { offset: 80 })
    );
}

#[test]
fn neighbor_solicitation_round_trip() {
    let mut b = [0u8; 64];
    // DAD: no option.
    let n = build_ns(&mut b, &hoa(), None).unwrap();
    assert_eq!(n, NS_LEN);
    let ns = parse_ns(&b[..n]).unwrap();
    assert_eq!(ns.target, hoa());
    assert_eq!(ns.options.clone().count(), 0);
    assert_eq!(ns.options.source_lla(), None);
    // With a source link-layer address.
    let n = build_ns(&mut b, &hoa(), Some(&MAC)).unwrap();
    assert_eq!(n, 32);
    assert_eq!(&b[24..32], &[1, 1, 2, 0x11, 0x22, 0x33, 0x44, 0x55]);
    let ns = parse_ns(&b[..n]).unwrap();
    assert_eq!(ns.options.source_lla(), Some(&MAC[..]));
    // A longer link-layer address is padded to 8n.
    let n = build_ns(&mut b, &hoa(), Some(&[7; 7])).unwrap();
    assert_eq!(n, 40);
    assert_eq!(b[25], 2);
    let ns = parse_ns(&b[..n]).unwrap();
    assert_eq!(
        ns.options.source_lla(),
        Some(&[7, 7, 7, 7, 7, 7, 7, 0, 0, 0, 0, 0, 0, 0][..])
    );
    assert_eq!(
        build_ns(&mut b, &hoa(), Some(&[])),
        Err(BuildError::Invalid)
    );
    assert_eq!(
        build_ns(&mut b[..30], &hoa(), Some(&MAC)),
        Err(BuildError::NoRoom)
    );
    assert_eq!(
        build_ns(&mut [0u8; 4096], &hoa(), Some(&[1; 2039])),
        Err(BuildError::TooLong)
    );
    // Errors.
    assert_eq!(parse_ns(&b[..23]), Err(NdError::Truncated));
    let n = build_ns(&mut b, &addr("ff02::1"), None).unwrap();
    assert_eq!(parse_ns(&b[..n]), Err(NdError::MulticastTarget));
    let n = build_na(&mut b, 0, &hoa(), None).unwrap();
    assert_eq!(parse_ns(&b[..n]), Err(NdError::BadType));
}

#[test]
fn neighbor_advertisement_round_trip() {
    let mut b = [0u8; 64];
    for flags in [
        NA_FLAG_OVERRIDE,
        NA_FLAG_SOLICITED,
        NA_FLAG_ROUTER | NA_FLAG_OVERRIDE,
        0,
    ] {
        let n = build_na(&mut b, flags, &hoa(), Some(&MAC)).unwrap();
        assert_eq!(n, 32);
        let na = parse_na(&b[..n]).unwrap();
        assert_eq!((na.flags, na.target), (flags, hoa()));
        assert_eq!(na.options.target_lla(), Some(&MAC[..]));
        assert_eq!(na.options.source_lla(), None);
    }
    let n = build_na(&mut b, NA_FLAG_OVERRIDE, &hoa(), None).unwrap();
    assert_eq!(n, 24);
    assert_eq!(b[4], 0x20);
    // A zero-length option.
    let mut x = b[..24].to_vec();
    x.extend_from_slice(&[2, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!(parse_na(&x), Err(NdError::OptionZeroLength { offset: 24 }));
    x[0] = ICMPV6_NS;
    assert_eq!(parse_ns(&x), Err(NdError::OptionZeroLength { offset: 24 }));
    let mut x = b[..24].to_vec();
    x[1] = 3;
    assert_eq!(parse_na(&x), Err(NdError::BadCode));
}

#[test]
fn dhaad_round_trip() {
    let mut b = [0u8; 128];
    let n = build_dhaad_request(&mut b, 0xbeef, DHAAD_FLAG_MR).unwrap();
    assert_eq!(n, DHAAD_LEN);
    assert_eq!(&b[..8], &[144, 0, 0, 0, 0xbe, 0xef, 0x80, 0]);
    assert_eq!(
        parse_dhaad_request(&b[..n]),
        Ok(DhaadRequest {
            identifier: 0xbeef,
            flags: DHAAD_FLAG_MR
        })
    );
    assert_eq!(parse_dhaad_request(&b[..7]), Err(NdError::Truncated));
    assert_eq!(parse_dhaad_reply(&b[..n]), Err(NdError::BadType));
    let has = [ha(), addr("2001:db8:1::2"), addr("2001:db8:1::3")];
    for k in 0..=has.len() {
        let n = build_dhaad_reply(&mut b, 7, 0, &has[..k]).unwrap();
        assert_eq!(n, 8 + 16 * k);
        let r = parse_dhaad_reply(&b[..n]).unwrap();
        assert_eq!((r.identifier, r.flags), (7, 0));
        assert_eq!(r.addrs.len(), k);
        assert_eq!(r.addrs.is_empty(), k == 0);
        assert_eq!(r.addrs.collect::<Vec<_>>(), &has[..k]);
        if k > 0 {
            assert_eq!(parse_dhaad_reply(&b[..n - 1]), Err(NdError::BadLength));
        }
    }
    assert_eq!(
        build_dhaad_reply(&mut b[..40], 7, 0, &has),
        Err(BuildError::NoRoom)
    );
    assert_eq!(parse_dhaad_request(&b[..8]), Err(NdError::BadType));
    b[1] = 1;
    assert_eq!(parse_dhaad_reply(&b[..8]), Err(NdError::BadCode));
    b[0] = ICMPV6_DHAAD_REQUEST;
    assert_eq!(parse_dhaad_request(&b[..8]), Err(NdError::BadCode));
}

#[test]
fn addresses() {
    let p = addr("2001:db8:1::");
    assert_eq!(dhaad_anycast(&p), addr("2001:db8:1:0:fdff:ffff:ffff:fffe"));
    assert_eq!(dhaad_anycast(&hoa()), dhaad_anycast(&p));
    assert_eq!(
        solicited_node(&addr("fe80::2:abcd:ef01")),
        addr("ff02::1:ffcd:ef01")
    );
    assert!(is_link_local(&addr("fe80::1")));
    assert!(is_link_local(&addr("febf::1")));
    assert!(!is_link_local(&addr("fec0::1")));
    assert!(!is_link_local(&hoa()));
}

#[test]
fn mangled_nd_messages_do_not_panic() {
    let mut b = [0u8; 64];
    let n = build_ns(&mut b, &hoa(), Some(&MAC)).unwrap();
    let ns = b[..n].to_vec();
    let n = build_dhaad_reply(&mut b, 1, 0, &[ha(), hoa()]).unwrap();
    let reply = b[..n].to_vec();
    let mut rng = Rng(0xfeed_f00d_1234_5678);
    for s in [ra_bytes(), ns, reply] {
        for n in 0..=s.len() {
            parse_everything(&s[..n]);
        }
        for _ in 0..3000 {
            let mut m = s.clone();
            for _ in 0..1 + rng.next() % 4 {
                let i = (rng.next() as usize) % m.len();
                m[i] = rng.next() as u8;
            }
            // Now and then as another message type.
            if rng.next() % 4 == 0 {
                m[0] = [134, 135, 136, 144, 145][(rng.next() % 5) as usize];
                m[1] = 0;
            }
            parse_everything(&m);
        }
    }
}
