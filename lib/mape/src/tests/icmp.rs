// SPDX-License-Identifier: GPL-2.0

use super::*;

fn udp_packet(total: usize, frag: u16) -> std::vec::Vec<u8> {
    let mut p = std::vec![0u8; total];
    p[0] = 0x45;
    p[2..4].copy_from_slice(&(total as u16).to_be_bytes());
    p[6..8].copy_from_slice(&frag.to_be_bytes());
    p[8] = 64;
    p[9] = PROTO_UDP;
    p[12..16].copy_from_slice(&[106, 72, 0, 175]);
    p[16..20].copy_from_slice(&[198, 51, 100, 7]);
    p[20..24].copy_from_slice(&[0x19, 0xa0, 0x00, 0x35]);
    for (i, b) in p.iter_mut().enumerate().skip(28) {
        *b = i as u8;
    }
    p
}

#[test]
fn frag_needed_quotes_up_to_576_bytes() {
    let q = udp_packet(1460, 0x4000);
    // An ICMPv6 error quotes at most 1280 bytes: the inner packet is cut.
    let quoted = &q[..1280 - 48];
    let mut out = [0u8; 1500];
    let n = build_icmp4_error(
        &mut out,
        [198, 51, 100, 7],
        [106, 72, 0, 175],
        ICMP_DEST_UNREACH,
        ICMP_FRAG_NEEDED,
        1412,
        quoted,
    )
    .unwrap();
    assert_eq!(n, ICMP4_ERROR_MAX);
    let p = &out[..n];
    assert_eq!(u16::from_be_bytes([p[2], p[3]]) as usize, n);
    assert_eq!(inet_checksum(&p[..20]), 0);
    assert_eq!(inet_checksum(&p[20..]), 0);
    assert_eq!((p[20], p[21]), (3, 4));
    assert_eq!(u16::from_be_bytes([p[26], p[27]]), 1412);
    assert_eq!(&p[28..], &q[..n - 28]);
    let f = parse_ipv4(p, n).unwrap();
    assert_eq!((f.src, f.dst), ([198, 51, 100, 7], [106, 72, 0, 175]));
    // The error's ports are the quoted packet's, swapped.
    assert_eq!(f.ports, Ports::Some { src: 53, dst: 6560 });
}

#[test]
fn small_packets_are_quoted_whole() {
    let q = udp_packet(41, 0);
    let mut out = [0u8; 576];
    let n = build_icmp4_error(&mut out, [1; 4], [2; 4], 3, 1, 0, &q).unwrap();
    assert_eq!(n, 28 + 41);
    assert_eq!(inet_checksum(&out[20..n]), 0);
}

#[test]
fn no_error_about_errors_fragments_or_garbage() {
    let mut out = [0u8; 576];
    // A non-first fragment.
    assert!(
        build_icmp4_error(&mut out, [1; 4], [2; 4], 3, 1, 0, &udp_packet(100, 0x0010)).is_none()
    );
    // An ICMP error.
    let mut e = udp_packet(100, 0);
    e[9] = PROTO_ICMP;
    e[20] = 11;
    assert!(!may_quote(&e));
    // An ICMP echo request may be answered.
    e[20] = 8;
    assert!(may_quote(&e));
    // Too short to quote 8 bytes past the header; not IPv4; room for nothing.
    assert!(
        build_icmp4_error(&mut out, [1; 4], [2; 4], 3, 1, 0, &udp_packet(100, 0)[..27]).is_none()
    );
    assert!(build_icmp4_error(&mut out, [1; 4], [2; 4], 3, 1, 0, &[0x60; 40]).is_none());
    assert!(
        build_icmp4_error(&mut out[..40], [1; 4], [2; 4], 3, 1, 0, &udp_packet(100, 0)).is_none()
    );
    // Every truncation: no panic.
    let q = udp_packet(100, 0);
    for n in 0..q.len() {
        let _ = build_icmp4_error(&mut out, [1; 4], [2; 4], 3, 1, 0, &q[..n]);
        let _ = build_icmp4_error(&mut out[..n], [1; 4], [2; 4], 3, 1, 0, &q);
    }
}
