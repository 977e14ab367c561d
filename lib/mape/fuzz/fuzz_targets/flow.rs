// SPDX-License-Identifier: GPL-2.0
//! Any bytes, as an IPv4 packet, to the flow parser the MAP module runs on
//! every packet: nothing panics, and what parses is consistent with the
//! bytes (header length inside them, total length inside the packet).

#![no_main]

use libfuzzer_sys::fuzz_target;
use mape::*;

fuzz_target!(|input: &[u8]| {
    let head = &input[..input.len().min(FLOW_HEADER_BYTES)];
    for len in [input.len(), head.len(), input.len().saturating_add(100)] {
        if let Ok(f) = parse_ipv4(head, len) {
            assert!(f.ihl >= 20 && f.ihl <= head.len());
            assert!(f.total_len >= f.ihl && f.total_len <= len);
            if f.ports == Ports::Fragment {
                assert!(f.fragment);
            }
        }
    }
    // An ICMP error quoting the input: well formed whenever it is made.
    let mut out = [0u8; ICMP4_ERROR_MAX];
    if let Some(n) = build_icmp4_error(
        &mut out,
        [192, 0, 2, 1],
        [198, 51, 100, 2],
        3,
        4,
        1400,
        input,
    ) {
        assert!(n >= ICMP4_ERROR_HEADER + 28 && n <= ICMP4_ERROR_MAX);
        assert_eq!(inet_checksum(&out[..20]), 0);
        assert_eq!(inet_checksum(&out[20..n]), 0);
    }
});
