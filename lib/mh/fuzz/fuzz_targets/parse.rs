// SPDX-License-Identifier: GPL-2.0
//! Any bytes, to every parser: as a Mobility Header (options, alignment,
//! authentication option, checksum), as an options area from any offset, as
//! a whole IPv6 packet (header chain walk, then the MH or ICMPv6 message it
//! ends at), and as RA, NS, NA and DHAAD messages. Nothing panics and what
//! parses stays inside the input. Then the same bytes, read as field values,
//! drive the builders: what they write parses back to the same fields.

#![no_main]

use libfuzzer_sys::fuzz_target;
use mh::*;

fuzz_target!(|input: &[u8]| {
    parse_mh(input);
    if let Some((&k, rest)) = input.split_first() {
        options_from(rest, usize::from(k));
    }
    parse_packet(input);
    parse_icmp(input);
    let mut src = Src(input);
    round_trip_mh(&mut src);
    round_trip_packet(&mut src);
    round_trip_nd(&mut src);
    let (a, b) = (src.u16(), src.u16());
    assert!(!(seq_newer(a, b) && seq_newer(b, a)));
    assert_eq!(seq_newer(a, b), a != b && a.wrapping_sub(b) < 0x8000);
});

const A1: Addr = [0x20, 1, 0xd, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0];
const A2: Addr = [0x20, 1, 0xd, 0xb8, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5];

fn parse_mh(b: &[u8]) {
    let Ok(mh) = parse(b) else {
        return;
    };
    assert!(mh.len >= MH_MIN_LEN && mh.len <= b.len() && mh.len % 8 == 0);
    assert!(mh.len >= (usize::from(min_header_len(mh.mh_type)) + 1) * 8);
    assert_eq!(mh.bytes(), &b[..mh.len]);
    let mut last = None;
    for r in mh.options.clone() {
        let (off, _) = r.expect("parse checked the options");
        assert!(off < mh.len && Some(off) > last);
        last = Some(off);
    }
    let _ = mh.options.check_alignment();
    if let Ok(Some(a)) = find_auth(&mh) {
        assert_eq!(a.mac_len, a.offset + 7);
        assert!(a.data_offset + a.data_len <= mh.len);
        let mut copy = b[..mh.len].to_vec();
        let mac = [0x5au8; 256];
        assert!(a.set_authenticator(&mut copy, &mac));
        assert_eq!(a.authenticator(&copy), &mac[..a.data_len]);
        let pieces = a.mac_input(&A2, &A1, &copy);
        let n: usize = pieces.iter().map(|p| p.len()).sum();
        assert_eq!(n, 32 + a.mac_len);
        let mut flat = [0u8; 4096];
        assert_eq!(write_mac_input(&a, &A2, &A1, &copy, &mut flat), Some(n));
        assert_eq!(&flat[36..38], &[0, 0]);
    }
    let _ = find_mesg_id(&mh);
    let mut copy = b[..mh.len].to_vec();
    assert!(fill_checksum(&A1, &A2, &mut copy));
    assert!(verify(&A1, &A2, &copy));
    assert_eq!(checksum(&A1, &A2, &copy), checksum(&A1, &A2, mh.bytes()));
}

fn options_from(b: &[u8], start: usize) {
    let o = Options::new(b, start);
    let mut last = None;
    let mut n = 0;
    for r in o.clone() {
        n += 1;
        match r {
            Ok((off, _)) => {
                assert!(off >= start && off < b.len() && Some(off) > last);
                last = Some(off);
            }
            Err(e) => assert!(e.offset() >= start && e.offset() < b.len()),
        }
    }
    assert!(n <= b.len());
    let _ = o.check_alignment();
}

fn parse_packet(b: &[u8]) {
    let Ok(h) = walk(b) else {
        return;
    };
    assert!(h.end <= b.len() && h.upper_offset <= h.end);
    assert!(h.upper_offset >= IPV6_HDR_LEN);
    if let Some(hao) = h.hao {
        assert!(hao.offset + 18 <= h.upper_offset);
        assert_eq!(&b[hao.offset + 2..hao.offset + 18], &hao.home_address);
    }
    if let Some(r) = h.routing {
        assert!(r.offset < h.upper_offset);
        if r.rh_type == 2 {
            assert_eq!(
                r.home_address
                    .map(|a| a[..] == b[r.offset + 8..r.offset + 24]),
                Some(true)
            );
        }
    }
    if let Some(f) = h.fragment {
        assert_eq!((h.upper, f.offset), (IPPROTO_FRAGMENT, h.upper_offset));
    }
    let upper = h.upper_bytes(b);
    match h.upper {
        IPPROTO_MH => {
            parse_mh(upper);
            let _ = verify(&h.mh_src(), &h.mh_dst(), upper);
        }
        IPPROTO_ICMPV6 => {
            parse_icmp(upper);
            let _ = verify_icmpv6(&h.mh_src(), &h.mh_dst(), upper);
        }
        IPPROTO_IPV6 => {
            if let Ok(inner) = walk(upper) {
                assert!(inner.end <= upper.len());
            }
        }
        _ => {}
    }
}

fn nd_options(o: &NdOptions<'_>, len: usize) {
    let mut last = None;
    for r in o.clone() {
        let (off, _) = r.expect("the parser checked the options");
        assert!(off < len && Some(off) > last);
        last = Some(off);
    }
    let _ = (o.source_lla(), o.target_lla());
}

fn parse_icmp(b: &[u8]) {
    if let Ok(ra) = parse_ra(b) {
        nd_options(&ra.options, b.len());
        if let Some(hai) = ra.home_agent_info() {
            assert!(ra.flags & RA_FLAG_HOME_AGENT != 0);
            let _ = hai.preference;
        }
    }
    if let Ok(ns) = parse_ns(b) {
        assert_eq!(&ns.target[..], &b[8..24]);
        nd_options(&ns.options, b.len());
    }
    if let Ok(na) = parse_na(b) {
        assert_eq!(na.flags, b[4]);
        nd_options(&na.options, b.len());
    }
    let _ = parse_dhaad_request(b);
    if let Ok(r) = parse_dhaad_reply(b) {
        assert_eq!(r.addrs.len(), (b.len() - 8) / 16);
        assert_eq!(r.addrs.count(), (b.len() - 8) / 16);
    }
    let mut copy = b.to_vec();
    if fill_icmpv6_checksum(&A1, &A2, &mut copy) {
        assert!(verify_icmpv6(&A1, &A2, &copy));
    }
}

/// The input read as field values; zeros once it runs out.
struct Src<'a>(&'a [u8]);

impl<'a> Src<'a> {
    fn bytes(&mut self, n: usize) -> &'a [u8] {
        let n = n.min(self.0.len());
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        a
    }

    fn array<const N: usize>(&mut self) -> [u8; N] {
        let mut a = [0u8; N];
        let b = self.bytes(N);
        a[..b.len()].copy_from_slice(b);
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

    fn u64(&mut self) -> u64 {
        u64::from_be_bytes(self.array())
    }

    fn addr(&mut self) -> Addr {
        self.array()
    }
}

fn message(s: &mut Src<'_>) -> Message {
    match s.u8() % 10 {
        0 => Message::BindingRefreshRequest,
        1 => Message::HomeTestInit { cookie: s.array() },
        2 => Message::CareOfTestInit { cookie: s.array() },
        3 => Message::HomeTest {
            nonce_index: s.u16(),
            cookie: s.array(),
            keygen_token: s.array(),
        },
        4 => Message::CareOfTest {
            nonce_index: s.u16(),
            cookie: s.array(),
            keygen_token: s.array(),
        },
        5 => Message::BindingUpdate(BindingUpdate {
            seq: s.u16(),
            flags: s.u16(),
            lifetime: s.u16(),
        }),
        6 => Message::BindingAck(BindingAck {
            status: s.u8(),
            flags: s.u8(),
            seq: s.u16(),
            lifetime: s.u16(),
        }),
        7 => Message::BindingError(BindingError {
            status: s.u8(),
            home_address: s.addr(),
        }),
        _ => Message::Unknown(s.u8()),
    }
}

fn option<'a>(s: &mut Src<'a>) -> MobOpt<'a> {
    let sel = s.u8();
    let len = usize::from(s.u8() % 24);
    match sel % 13 {
        0 => MobOpt::Pad1,
        1 => MobOpt::PadN(s.bytes(len)),
        2 => MobOpt::BindingRefreshAdvice(s.u16()),
        3 => MobOpt::AltCoa(s.addr()),
        4 => MobOpt::NonceIndices {
            home: s.u16(),
            care_of: s.u16(),
        },
        5 => MobOpt::BindingAuthData(s.array()),
        6 => MobOpt::MobileNetworkPrefix {
            prefix_len: s.u8(),
            prefix: s.addr(),
        },
        7 => MobOpt::LinkLayerAddress {
            option_code: s.u8(),
            address: s.bytes(len),
        },
        8 => MobOpt::MnId {
            subtype: s.u8(),
            id: s.bytes(len),
        },
        9 => MobOpt::Auth {
            subtype: s.u8(),
            spi: s.u32(),
            data: s.bytes(len),
        },
        10 => MobOpt::MesgId(s.u64()),
        _ => MobOpt::Unknown {
            opt_type: s.u8(),
            data: s.bytes(len),
        },
    }
}

fn round_trip_mh(s: &mut Src<'_>) {
    let msg = message(s);
    let mut opts = [MobOpt::Pad1; 6];
    let n = usize::from(s.u8()) % (opts.len() + 1);
    for o in opts.iter_mut().take(n) {
        *o = option(s);
    }
    let opts = &opts[..n];
    let mut out = [0u8; 4096];
    let len = match build(&mut out, &msg, opts) {
        Ok(len) => len,
        Err(e) => {
            let bad_value = opts.iter().any(|o| match *o {
                MobOpt::MobileNetworkPrefix { prefix_len, .. } => prefix_len > 128,
                MobOpt::Unknown { opt_type, .. } => opt_type <= MOPT_MESG_ID,
                _ => false,
            });
            let auth_pos = opts.iter().position(|o| matches!(o, MobOpt::Auth { .. }));
            let auth_not_last =
                auth_pos.is_some_and(|p| opts[p + 1..].iter().any(|o| !o.is_padding()));
            match e {
                BuildError::Invalid => {
                    assert!(bad_value || matches!(msg, Message::Unknown(t) if t <= MH_BE || n > 0))
                }
                BuildError::AuthNotLast => assert!(auth_not_last),
                BuildError::TooLong => {}
                BuildError::NoRoom => panic!("4096 octets are enough"),
            }
            return;
        }
    };
    assert!(len % 8 == 0 && len <= MH_MAX_LEN);
    let mh = parse(&out[..len]).expect("what the builder writes parses");
    assert_eq!(mh.message, msg);
    assert_eq!(mh.len, len);
    assert_eq!(mh.checksum, 0);
    mh.options.check_alignment().expect("the builder aligns");
    let mut got = mh
        .options
        .clone()
        .map(|r| r.unwrap().1)
        .filter(|o| !o.is_padding());
    for o in opts.iter().filter(|o| !o.is_padding()) {
        assert_eq!(got.next().as_ref(), Some(o));
    }
    assert_eq!(got.next(), None);
    let auth = find_auth(&mh).expect("auth is last");
    match opts.iter().find(|o| matches!(o, MobOpt::Auth { .. })) {
        Some(&MobOpt::Auth { subtype, spi, data }) => {
            let a = auth.expect("an auth option");
            assert_eq!((a.subtype, a.spi, a.data_len), (subtype, spi, data.len()));
            assert_eq!(a.offset % 4, 1);
        }
        _ => assert_eq!(auth, None),
    }
    let (src, dst) = (s.addr(), s.addr());
    let b = &mut out[..len];
    assert!(fill_checksum(&src, &dst, b));
    assert!(verify(&src, &dst, b));
}

/// Makes the Next Header field of the header at `prev` (of the IPv6 header,
/// `first`, if none) say `nh`, the header about to be written at `at`.
fn chain(p: &mut [u8], prev: &mut Option<usize>, at: usize, nh: u8, first: &mut u8) {
    match *prev {
        Some(i) => p[i] = nh,
        None => *first = nh,
    }
    *prev = Some(at);
}

fn round_trip_packet(s: &mut Src<'_>) {
    let (coa, ha, hoa) = (s.addr(), s.addr(), s.addr());
    let sel = s.u8();
    let bu = BindingUpdate {
        seq: s.u16(),
        flags: s.u16(),
        lifetime: s.u16(),
    };
    let mut p = [0u8; 256];
    let mut at = IPV6_HDR_LEN;
    let mut first = IPPROTO_MH;
    let mut prev: Option<usize> = None;
    let with_rh2 = sel & 1 != 0;
    let with_hao = sel & 2 != 0;
    let with_encap = sel & 4 != 0;
    if with_rh2 {
        chain(&mut p, &mut prev, at, IPPROTO_ROUTING, &mut first);
        at += build_rh2(&mut p[at..], IPPROTO_MH, &hoa).unwrap();
    }
    if with_hao {
        chain(&mut p, &mut prev, at, IPPROTO_DSTOPTS, &mut first);
        at += build_hao_destopt(&mut p[at..], IPPROTO_MH, &hoa).unwrap();
    }
    if with_encap {
        chain(&mut p, &mut prev, at, IPPROTO_DSTOPTS, &mut first);
        at += build_encap_limit_destopt(&mut p[at..], IPPROTO_MH, sel).unwrap();
    }
    let upper = at;
    let n = build_bu(&mut p[at..], &bu, &[]).unwrap();
    at += n;
    let payload = (at - IPV6_HDR_LEN) as u16;
    build_ipv6_header(&mut p, &coa, &ha, first, payload, 64).unwrap();
    let pkt = &mut p[..at];
    let h = match walk(pkt) {
        Ok(h) => h,
        Err(e) => {
            // Only a home address the HAO may not carry.
            assert!(with_hao && (hoa[0] == 0xff || hoa == [0; 16]), "{e:?}");
            return;
        }
    };
    assert_eq!((h.upper, h.upper_offset, h.end), (IPPROTO_MH, upper, at));
    assert_eq!(h.hao.map(|x| x.home_address), with_hao.then_some(hoa));
    assert_eq!(
        h.routing.and_then(|r| r.home_address),
        with_rh2.then_some(hoa)
    );
    assert_eq!(h.encap_limit, with_encap.then_some(sel));
    assert_eq!(h.mh_src(), if with_hao { hoa } else { coa });
    assert_eq!(h.mh_dst(), if with_rh2 { hoa } else { ha });
    let (ms, md) = (h.mh_src(), h.mh_dst());
    assert!(fill_checksum(&ms, &md, &mut pkt[upper..]));
    let h = walk(pkt).unwrap();
    assert!(verify(&h.mh_src(), &h.mh_dst(), h.upper_bytes(pkt)));
    assert_eq!(
        parse(h.upper_bytes(pkt)).unwrap().message,
        Message::BindingUpdate(bu)
    );
}

fn round_trip_nd(s: &mut Src<'_>) {
    let target = s.addr();
    let flags = s.u8();
    let want = usize::from(s.u8() % 20);
    let lla = s.bytes(want);
    let lla_len = lla.len();
    let lla = (!lla.is_empty()).then_some(lla);
    let mut b = [0u8; 64];
    let n = build_ns(&mut b, &target, lla).unwrap();
    match parse_ns(&b[..n]) {
        Ok(ns) => {
            assert_eq!(ns.target, target);
            let got = ns.options.source_lla();
            assert_eq!(got.map(|g| &g[..lla_len]), lla);
            assert!(got.map_or(0, |g| g.len() + 2) % 8 == 0);
        }
        Err(e) => assert!(e == NdError::MulticastTarget && target[0] == 0xff),
    }
    let n = build_na(&mut b, flags, &target, lla).unwrap();
    match parse_na(&b[..n]) {
        Ok(na) => {
            assert_eq!((na.flags, na.target), (flags, target));
            assert_eq!(na.options.target_lla().map(|g| &g[..lla_len]), lla);
        }
        Err(e) => assert!(e == NdError::MulticastTarget && target[0] == 0xff),
    }
    let (id, fl) = (s.u16(), s.u16());
    let n = build_dhaad_request(&mut b, id, fl).unwrap();
    assert_eq!(
        parse_dhaad_request(&b[..n]),
        Ok(DhaadRequest {
            identifier: id,
            flags: fl
        })
    );
    let addrs = [s.addr(), s.addr(), s.addr()];
    let k = usize::from(s.u8() % 4);
    let n = build_dhaad_reply(&mut b, id, fl, &addrs[..k]).unwrap();
    let r = parse_dhaad_reply(&b[..n]).unwrap();
    assert_eq!((r.identifier, r.flags, r.addrs.len()), (id, fl, k));
    assert!(r.addrs.eq(addrs[..k].iter().copied()));
    let (x, y) = (s.addr(), s.addr());
    assert!(fill_icmpv6_checksum(&x, &y, &mut b[..n]));
    assert!(verify_icmpv6(&x, &y, &b[..n]));
}
