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
});
