// SPDX-License-Identifier: GPL-2.0
//! Any bytes, read as what a router answers an RS with (the observed
//! endpoint, the destination, routed prefixes) and as what a peer
//! solicits with, into buffers of any size: nothing panics; what is built
//! fits its buffer, has its length and checksum right, and is taken by
//! the other side as what was meant.

#![no_main]

use libfuzzer_sys::fuzz_target;
use sixbed4::*;

fuzz_target!(|input: &[u8]| {
    let mut s = Src(input);
    let p64: [u8; 8] = s.array();
    let ipv4: Ipv4 = s.array();
    let port = u16::from_be_bytes(s.array());
    let flags: [u8; 1] = s.array();
    let room = usize::from(u16::from_be_bytes(s.array())) % 1024;
    let mut dst: Ipv6 = s.array();
    match flags[0] & 3 {
        0 => dst = UNSPECIFIED,
        1 => dst[..8].copy_from_slice(&LINK_LOCAL_PREFIX),
        _ => {}
    }
    let mut routed = [([0u8; 16], 0u8); 24];
    let mut n = 0;
    while n < routed.len() {
        let (Some(p), Some(len)) = (s.take::<16>(), s.take::<1>()) else {
            break;
        };
        routed[n] = (p, len[0]);
        n += 1;
    }
    let routed = &routed[..n];
    let pre = peer_prefix_114(&p64, ipv4, port);
    ra(&pre, &dst, routed, room);
    rs(&dst, flags[0], ipv4, port, room);
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

    fn take<const N: usize>(&mut self) -> Option<[u8; N]> {
        (self.0.len() >= N).then(|| self.array())
    }
}

fn ra(pre: &Ipv6, dst: &Ipv6, routed: &[(Ipv6, u8)], room: usize) {
    let mut out = [0u8; 1024];
    let built = build_ra(&mut out[..room], dst, pre, routed);
    let need = ra_len(routed.len()).expect("small");
    let too_long = routed.iter().any(|&(_, l)| l > 128);
    let Some(n) = built else {
        assert!(too_long || room < need);
        return;
    };
    assert!(!too_long && n == need && n <= room);
    let p = &out[..n];
    let h = parse_ipv6(p).expect("an RA is IPv6");
    assert_eq!(h.dst, ra_destination(dst));
    assert_eq!(icmpv6_checksum(&h.src, &h.dst, &p[40..]), 0);
    let r = parse_ra(p);
    let link = *dst == UNSPECIFIED || in_prefix(dst, &ROUTER_LINK_LOCAL, 64) || *dst == ALL_NODES;
    if !link {
        assert_eq!(r, Err(RaError::Destination));
        return;
    }
    let r = r.expect("a peer takes a router's RA");
    assert_eq!(r.prefix114, mask_prefix(pre, PEER_PREFIX_LEN));
    assert!(r
        .routed()
        .eq(routed.iter().map(|&(p, l)| (mask_prefix(&p, l), l))));
}

fn rs(src: &Ipv6, flags: u8, ipv4: Ipv4, port: u16, room: usize) {
    let ll = encode_lladdr(ipv4, port);
    let slla = (flags & 4 != 0).then_some(&ll);
    let mut out = [0u8; 1024];
    let Some(n) = build_rs(&mut out[..room], src, slla) else {
        assert!(room < 40 + RS_SLLA_LEN || slla.is_some() && *src == UNSPECIFIED);
        return;
    };
    assert_eq!(n, if slla.is_some() { 56 } else { 48 });
    let h = validate_rs(&out[..n]).expect("a built RS is valid");
    assert_eq!((h.src, h.dst), (*src, ALL_ROUTERS));
    if slla.is_some() {
        assert_eq!(out[50..56], ll);
    }
}
