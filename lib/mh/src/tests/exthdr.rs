// SPDX-License-Identifier: GPL-2.0

//! IPv6 header chain walker and the HAO, RH2 and encapsulation limit
//! builders.

use super::*;

/// An IPv6 packet from `src` to `dst` whose header chain starts with
/// `nh` and holds `parts` back to back.
fn packet(src: &Addr, dst: &Addr, nh: u8, parts: &[&[u8]]) -> Vec<u8> {
    let payload: Vec<u8> = parts.concat();
    let mut p = vec![0u8; 40];
    let n = build_ipv6_header(&mut p, src, dst, nh, payload.len() as u16, 64).unwrap();
    assert_eq!(n, IPV6_HDR_LEN);
    p.extend_from_slice(&payload);
    p
}

fn hao_hdr(nh: u8, home: &Addr) -> Vec<u8> {
    let mut b = vec![0u8; HAO_DESTOPT_LEN];
    assert_eq!(build_hao_destopt(&mut b, nh, home), Ok(24));
    b
}

fn rh2_hdr(nh: u8, home: &Addr) -> Vec<u8> {
    let mut b = vec![0u8; RH2_LEN];
    assert_eq!(build_rh2(&mut b, nh, home), Ok(24));
    b
}

fn mh_bytes() -> Vec<u8> {
    let mut b = vec![0u8; 64];
    let n = build_bu(
        &mut b,
        &BindingUpdate {
            seq: 1,
            flags: BU_FLAG_A | BU_FLAG_H,
            lifetime: 10,
        },
        &[],
    )
    .unwrap();
    b.truncate(n);
    b
}

#[test]
fn builders_write_the_rfc_layouts() {
    let h = hao_hdr(IPPROTO_MH, &hoa());
    assert_eq!(&h[..8], &[135, 2, 1, 2, 0, 0, 201, 16]);
    assert_eq!(&h[8..], &hoa());
    let r = rh2_hdr(IPPROTO_MH, &hoa());
    assert_eq!(&r[..8], &[135, 2, 2, 1, 0, 0, 0, 0]);
    assert_eq!(&r[8..], &hoa());
    let mut e = [0u8; 8];
    assert_eq!(build_encap_limit_destopt(&mut e, IPPROTO_IPV6, 4), Ok(8));
    assert_eq!(e, [41, 0, 4, 1, 4, 1, 1, 0]);
    // The vectors' headers are the same.
    let bu = hex(BU_PACKET);
    assert_eq!(&bu[40..64], &h[..]);
    let ba = hex(BA_PACKET);
    assert_eq!(&ba[40..64], &r[..]);
    assert_eq!(&bu[..40], &packet(&coa(), &ha(), 60, &[&[0; 40]])[..40]);
    // Buffers too small.
    for n in 0..24 {
        let mut b = vec![0u8; n];
        assert_eq!(
            build_hao_destopt(&mut b, 0, &hoa()),
            Err(BuildError::NoRoom)
        );
        assert_eq!(build_rh2(&mut b, 0, &hoa()), Err(BuildError::NoRoom));
    }
    for n in 0..8 {
        let mut b = vec![0u8; n];
        assert_eq!(
            build_encap_limit_destopt(&mut b, 0, 0),
            Err(BuildError::NoRoom)
        );
    }
    assert_eq!(
        build_ipv6_header(&mut [0u8; 39], &hoa(), &ha(), 0, 0, 0),
        Err(BuildError::NoRoom)
    );
}

#[test]
fn bu_with_hao_vector() {
    let pkt = hex(BU_PACKET);
    let h = walk(&pkt).unwrap();
    assert_eq!(h.src, coa());
    assert_eq!(h.dst, ha());
    assert_eq!(h.payload_len, 40);
    assert_eq!(h.hop_limit, 64);
    assert_eq!(h.end, 80);
    assert_eq!(h.dest_opts, [Some(40), None]);
    assert_eq!(
        h.hao,
        Some(HomeAddressOption {
            offset: 46,
            home_address: hoa()
        })
    );
    assert_eq!(h.routing, None);
    assert_eq!((h.upper, h.upper_offset), (IPPROTO_MH, 64));
    assert!(h.is_mh());
    assert_eq!(h.mh_src(), hoa());
    assert_eq!(h.mh_dst(), ha());
    let mh = h.upper_bytes(&pkt);
    assert!(verify(&h.mh_src(), &h.mh_dst(), mh));
    assert_eq!(parse(mh).unwrap().mh_type, MH_BU);
}

#[test]
fn ba_with_rh2_vector() {
    let pkt = hex(BA_PACKET);
    let h = walk(&pkt).unwrap();
    assert_eq!(
        h.routing,
        Some(RoutingHeader {
            offset: 40,
            rh_type: 2,
            segments_left: 1,
            home_address: Some(hoa())
        })
    );
    assert_eq!(h.hao, None);
    assert_eq!(h.mh_src(), ha());
    assert_eq!(h.mh_dst(), hoa());
    assert!(verify(&h.mh_src(), &h.mh_dst(), h.upper_bytes(&pkt)));
    let pkt = hex(BE_PACKET);
    let h = walk(&pkt).unwrap();
    assert_eq!((h.upper, h.upper_offset), (IPPROTO_MH, 40));
    assert_eq!((h.mh_src(), h.mh_dst()), (ha(), coa()));
}

#[test]
fn a_second_hao_is_refused() {
    let mh = mh_bytes();
    // Two destination options headers with one HAO each.
    let p = packet(
        &coa(),
        &ha(),
        IPPROTO_DSTOPTS,
        &[
            &hao_hdr(IPPROTO_DSTOPTS, &hoa()),
            &hao_hdr(IPPROTO_MH, &ha()),
            &mh,
        ],
    );
    assert_eq!(walk(&p), Err(WalkError::DuplicateHao { offset: 70 }));
    // Two HAOs in one header (at 6 and 30, both 8n+6).
    let mut d = vec![IPPROTO_MH, 5, 1, 2, 0, 0, 201, 16];
    d.extend_from_slice(&hoa());
    d.extend_from_slice(&[1, 4, 0, 0, 0, 0, 201, 16]);
    d.extend_from_slice(&hoa());
    assert_eq!(d.len(), 48);
    let p = packet(&coa(), &ha(), IPPROTO_DSTOPTS, &[&d, &mh]);
    assert_eq!(walk(&p), Err(WalkError::DuplicateHao { offset: 40 + 30 }));
}

#[test]
fn a_bad_hao_is_refused() {
    let mh = mh_bytes();
    // Misaligned: PadN(0) then the HAO at 4, then PadN(0).
    let mut d = vec![IPPROTO_MH, 2, 1, 0, 201, 16];
    d.extend_from_slice(&hoa());
    d.extend_from_slice(&[1, 0]);
    let p = packet(&coa(), &ha(), IPPROTO_DSTOPTS, &[&d, &mh]);
    assert_eq!(walk(&p), Err(WalkError::BadHao { offset: 44 }));
    // Length 15.
    let mut d = hao_hdr(IPPROTO_MH, &hoa());
    d[7] = 15;
    d[23] = 0; // a Pad1 after it
    let p = packet(&coa(), &ha(), IPPROTO_DSTOPTS, &[&d, &mh]);
    assert_eq!(walk(&p), Err(WalkError::BadHao { offset: 46 }));
    // Multicast and unspecified home addresses.
    for a in [addr("ff02::1"), ADDR_UNSPECIFIED] {
        let d = hao_hdr(IPPROTO_MH, &a);
        let p = packet(&coa(), &ha(), IPPROTO_DSTOPTS, &[&d, &mh]);
        assert_eq!(walk(&p), Err(WalkError::BadHao { offset: 46 }));
    }
    // A HAO in a hop-by-hop header is just an unknown option.
    let mut d = hao_hdr(IPPROTO_MH, &hoa());
    d[0] = IPPROTO_MH;
    let p = packet(&coa(), &ha(), IPPROTO_HOPOPTS, &[&d, &mh]);
    let h = walk(&p).unwrap();
    assert_eq!(h.hao, None);
    assert_eq!(h.hop_by_hop, Some(40));
    assert_eq!(h.discard_option, Some((46, 201)));
}

#[test]
fn a_bad_rh2_is_refused() {
    let mh = mh_bytes();
    for sl in [0u8, 2, 255] {
        let mut r = rh2_hdr(IPPROTO_MH, &hoa());
        r[3] = sl;
        let p = packet(&ha(), &coa(), IPPROTO_ROUTING, &[&r, &mh]);
        assert_eq!(walk(&p), Err(WalkError::BadRh2 { pointer: 43 }), "{sl}");
    }
    let mut r = rh2_hdr(IPPROTO_MH, &hoa());
    r[1] = 4;
    r.extend_from_slice(&[0; 16]);
    let p = packet(&ha(), &coa(), IPPROTO_ROUTING, &[&r, &mh]);
    assert_eq!(walk(&p), Err(WalkError::BadRh2 { pointer: 41 }));
    let mut r = rh2_hdr(IPPROTO_MH, &hoa());
    r[1] = 1;
    r.truncate(16);
    let p = packet(&ha(), &coa(), IPPROTO_ROUTING, &[&r, &mh]);
    assert_eq!(walk(&p), Err(WalkError::BadRh2 { pointer: 41 }));
    // Another routing type is reported as it is.
    let mut r = rh2_hdr(IPPROTO_MH, &hoa());
    r[2] = 4;
    r[3] = 0;
    let p = packet(&ha(), &coa(), IPPROTO_ROUTING, &[&r, &mh]);
    let h = walk(&p).unwrap();
    let rh = h.routing.unwrap();
    assert_eq!(
        (rh.rh_type, rh.segments_left, rh.home_address),
        (4, 0, None)
    );
    assert_eq!(h.mh_dst(), coa());
    // Two routing headers.
    let r1 = rh2_hdr(IPPROTO_ROUTING, &hoa());
    let r2 = rh2_hdr(IPPROTO_MH, &ha());
    let p = packet(&ha(), &coa(), IPPROTO_ROUTING, &[&r1, &r2, &mh]);
    assert_eq!(walk(&p), Err(WalkError::DuplicateHeader { offset: 64 }));
}

#[test]
fn encapsulation_limit_before_an_inner_packet() {
    let inner = hex(BE_PACKET);
    let mut e = [0u8; 8];
    build_encap_limit_destopt(&mut e, IPPROTO_IPV6, 4).unwrap();
    let p = packet(&ha(), &coa(), IPPROTO_DSTOPTS, &[&e, &inner]);
    let h = walk(&p).unwrap();
    assert_eq!(h.encap_limit, Some(4));
    assert_eq!((h.upper, h.upper_offset), (IPPROTO_IPV6, 48));
    assert_eq!(h.upper_bytes(&p), &inner[..]);
    let ih = walk(h.upper_bytes(&p)).unwrap();
    assert_eq!((ih.upper, ih.src), (IPPROTO_MH, ha()));
    // Plain IPv6-in-IPv6.
    let p = packet(&ha(), &coa(), IPPROTO_IPV6, &[&inner]);
    let h = walk(&p).unwrap();
    assert_eq!((h.upper, h.upper_offset, h.encap_limit), (41, 40, None));
    // A limit option of length 2 is malformed.
    let d = [IPPROTO_IPV6, 0, 4, 2, 4, 0, 1, 0];
    let p = packet(&ha(), &coa(), IPPROTO_DSTOPTS, &[&d, &inner]);
    assert_eq!(walk(&p), Err(WalkError::BadOption { offset: 42 }));
}

#[test]
fn hop_by_hop_only_first() {
    let mh = mh_bytes();
    let hbh = [IPPROTO_MH, 0, 1, 4, 0, 0, 0, 0];
    let p = packet(&coa(), &ha(), IPPROTO_HOPOPTS, &[&hbh, &mh]);
    let h = walk(&p).unwrap();
    assert_eq!((h.hop_by_hop, h.upper_offset), (Some(40), 48));
    let d = [IPPROTO_HOPOPTS, 0, 1, 4, 0, 0, 0, 0];
    let p = packet(&coa(), &ha(), IPPROTO_DSTOPTS, &[&d, &hbh, &mh]);
    assert_eq!(walk(&p), Err(WalkError::HopByHopNotFirst { pointer: 40 }));
    let hbh2 = [IPPROTO_HOPOPTS, 0, 1, 4, 0, 0, 0, 0];
    let p = packet(&coa(), &ha(), IPPROTO_HOPOPTS, &[&hbh2, &hbh, &mh]);
    assert_eq!(walk(&p), Err(WalkError::HopByHopNotFirst { pointer: 40 }));
}

#[test]
fn all_headers_in_order() {
    // HbH, DestOpt (before RH), RH2, DestOpt with HAO, MH.
    let mh = mh_bytes();
    let hbh = [IPPROTO_DSTOPTS, 0, 1, 4, 0, 0, 0, 0];
    let d1 = [IPPROTO_ROUTING, 0, 0x3e, 4, 0, 0, 0, 0];
    let r = rh2_hdr(IPPROTO_DSTOPTS, &hoa());
    let d2 = hao_hdr(IPPROTO_MH, &hoa());
    let p = packet(&coa(), &ha(), IPPROTO_HOPOPTS, &[&hbh, &d1, &r, &d2, &mh]);
    let h = walk(&p).unwrap();
    assert_eq!(h.hop_by_hop, Some(40));
    assert_eq!(h.dest_opts, [Some(48), Some(80)]);
    assert_eq!(h.routing.unwrap().offset, 56);
    assert_eq!(h.hao.unwrap().offset, 86);
    assert_eq!((h.upper, h.upper_offset), (IPPROTO_MH, 104));
    // Type 0x3e: action bits 00, skipped silently.
    assert_eq!(h.discard_option, None);
    assert_eq!((h.mh_src(), h.mh_dst()), (hoa(), hoa()));
}

#[test]
fn unknown_options_with_discard_action_are_reported() {
    let mh = mh_bytes();
    let d = [IPPROTO_MH, 0, 0x3f, 0, 0x80, 0, 0xc2, 0];
    let p = packet(&coa(), &ha(), IPPROTO_DSTOPTS, &[&d, &mh]);
    let h = walk(&p).unwrap();
    assert_eq!(h.discard_option, Some((44, 0x80)));
}

#[test]
fn fragment_stops_the_walk() {
    let frag = [IPPROTO_MH, 0, 0x01, 0x09, 0xde, 0xad, 0xbe, 0xef];
    let p = packet(&coa(), &ha(), IPPROTO_FRAGMENT, &[&frag, &mh_bytes()]);
    let h = walk(&p).unwrap();
    assert_eq!(
        h.fragment,
        Some(FragmentHeader {
            offset: 40,
            next_header: IPPROTO_MH,
            frag_offset: 0x21,
            more: true,
            id: 0xdead_beef
        })
    );
    assert_eq!((h.upper, h.upper_offset), (IPPROTO_FRAGMENT, 40));
    assert_eq!(walk(&p[..47]), Err(WalkError::Truncated));
}

#[test]
fn upper_layers_stop_the_walk() {
    for nh in [
        IPPROTO_TCP,
        IPPROTO_UDP,
        IPPROTO_ICMPV6,
        IPPROTO_NONE,
        50,
        51,
        IPPROTO_IPV6,
        IPPROTO_MH,
    ] {
        let d = [nh, 0, 1, 4, 0, 0, 0, 0];
        let p = packet(&coa(), &ha(), IPPROTO_DSTOPTS, &[&d, &[1, 2, 3]]);
        let h = walk(&p).unwrap();
        assert_eq!((h.upper, h.upper_offset), (nh, 48));
        assert_eq!(h.upper_bytes(&p), &[1, 2, 3]);
    }
    let p = packet(&coa(), &ha(), IPPROTO_NONE, &[]);
    let h = walk(&p).unwrap();
    assert_eq!((h.upper, h.upper_offset, h.end), (IPPROTO_NONE, 40, 40));
}

#[test]
fn too_many_headers() {
    let mut parts: Vec<Vec<u8>> = Vec::new();
    for _ in 0..MAX_EXT_HEADERS {
        parts.push(vec![IPPROTO_DSTOPTS, 0, 1, 4, 0, 0, 0, 0]);
    }
    let last = parts.len() - 1;
    parts[last][0] = IPPROTO_MH;
    let refs: Vec<&[u8]> = parts.iter().map(|p| &p[..]).collect();
    let p = packet(&coa(), &ha(), IPPROTO_DSTOPTS, &refs);
    let h = walk(&p).unwrap();
    assert_eq!(h.dest_opts, [Some(40), Some(48)]);
    assert_eq!(h.upper_offset, 40 + 8 * MAX_EXT_HEADERS);
    parts[last][0] = IPPROTO_DSTOPTS;
    parts.push(vec![IPPROTO_MH, 0, 1, 4, 0, 0, 0, 0]);
    let refs: Vec<&[u8]> = parts.iter().map(|p| &p[..]).collect();
    let p = packet(&coa(), &ha(), IPPROTO_DSTOPTS, &refs);
    assert_eq!(walk(&p), Err(WalkError::TooManyHeaders));
}

#[test]
fn truncated_and_not_ipv6() {
    let pkt = hex(BU_PACKET);
    for n in 0..40 {
        assert_eq!(walk(&pkt[..n]), Err(WalkError::Truncated));
    }
    // Within the destination options header.
    for n in 40..64 {
        assert_eq!(walk(&pkt[..n]), Err(WalkError::Truncated), "{n}");
    }
    // The MH itself is not the walker's business.
    assert_eq!(walk(&pkt[..64]).unwrap().upper_offset, 64);
    let mut p = pkt.clone();
    p[0] = 0x45;
    assert_eq!(walk(&p), Err(WalkError::NotIpv6));
    // Payload Length shorter than the headers: truncated.
    let mut p = pkt.clone();
    p[5] = 10;
    assert_eq!(walk(&p), Err(WalkError::Truncated));
    // Longer than the slice: the slice bounds the walk.
    let mut p = pkt.clone();
    p[4] = 1;
    let h = walk(&p).unwrap();
    assert_eq!(h.end, 80);
    // Octets past Payload Length are not walked.
    let mut p = pkt.clone();
    p.extend_from_slice(&[0xee; 16]);
    let h = walk(&p).unwrap();
    assert_eq!(h.end, 80);
    assert_eq!(h.upper_bytes(&p).len(), 16);
    // A jumbogram (Payload Length 0) runs to the end of the slice.
    let mut p = pkt.clone();
    p[4] = 0;
    p[5] = 0;
    assert_eq!(walk(&p).unwrap().end, 80);
    // An option running past its header.
    let d = [IPPROTO_MH, 0, 1, 7, 0, 0, 0, 0];
    let p = packet(&coa(), &ha(), IPPROTO_DSTOPTS, &[&d, &mh_bytes()]);
    assert_eq!(walk(&p), Err(WalkError::BadOption { offset: 42 }));
    let d = [IPPROTO_MH, 0, 1, 3, 0, 0, 0, 0x33];
    let p = packet(&coa(), &ha(), IPPROTO_DSTOPTS, &[&d, &mh_bytes()]);
    assert_eq!(walk(&p), Err(WalkError::BadOption { offset: 47 }));
}
