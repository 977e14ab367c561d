// SPDX-License-Identifier: GPL-2.0

//! Port sets against a brute-force reading of RFC 7597 §5.1.

use super::*;

/// The port set by brute force: every port whose A bits are not 0 (for
/// a > 0) and whose PSID bits are `psid`, straight from RFC 7597 §5.1.
fn brute(a: u8, k: u8, psid: u16) -> Vec<u16> {
    let m = 16 - u32::from(a) - u32::from(k);
    (0..=u16::MAX)
        .filter(|&p| {
            let p = u32::from(p);
            let a_bits = p >> (16 - u32::from(a));
            let psid_bits = (p >> m) & ((1u32 << k) - 1);
            (a == 0 || a_bits != 0) && psid_bits == u32::from(psid)
        })
        .collect()
}

// Every a and k with a + k <= 16, a few PSIDs each: the count, blocks,
// numbering and PSID agree with the brute-force set.
#[test]
fn sweep_offsets_and_lengths() {
    let mut sets = 0;
    for a in 0..=16u8 {
        for k in 0..=16 - a {
            let m = 16 - a - k;
            let top = ((1u32 << k) - 1) as u16;
            for psid in [0, top / 2, top] {
                let s = PortSet::new(a, k, psid).unwrap();
                assert_eq!((s.offset(), s.psid_len(), s.psid()), (a, k, psid));
                assert_eq!(s.contiguous_bits(), m);
                let expect = if a > 0 {
                    ((1u32 << a) - 1) << m
                } else {
                    1 << m
                };
                assert_eq!(s.count(), expect, "a {a} k {k}");
                let want = brute(a, k, psid);
                assert_eq!(want.len() as u32, s.count());
                let got: Vec<u16> = (0..s.count()).map(|n| s.nth_port(n).unwrap()).collect();
                assert_eq!(got, want, "a {a} k {k} psid {psid}");
                assert_eq!(s.nth_port(s.count()), None);
                for (n, &port) in got.iter().enumerate() {
                    assert!(s.contains(port));
                    assert_eq!(s.index_of(port), Some(n as u32));
                    assert_eq!(s.psid_of(port), psid);
                    if a > 0 {
                        assert!(u32::from(port) >= 1 << (16 - a));
                    }
                }
                let members = (0..=u16::MAX).filter(|&p| s.contains(p)).count();
                assert_eq!(members as u32, s.count());
                let blocks: Vec<(u16, u16)> = s.blocks().collect();
                assert_eq!(blocks.len() as u32, s.block_count());
                assert_eq!(s.blocks().len() as u32, s.block_count());
                let flat: Vec<u16> = blocks.iter().flat_map(|&(b, e)| b..=e).collect();
                assert_eq!(flat, got);
                for (i, &(b, e)) in blocks.iter().enumerate() {
                    assert_eq!(u32::from(e - b) + 1, 1 << m);
                    assert_eq!(s.block(i as u32), Some((b, e)));
                }
                assert_eq!(s.block(s.block_count()), None);
                sets += 1;
            }
        }
    }
    assert_eq!(sets, 153 * 3);
}

#[test]
fn invalid_sets() {
    assert_eq!(PortSet::new(9, 8, 0), None);
    assert_eq!(PortSet::new(17, 0, 0), None);
    assert_eq!(PortSet::new(0, 17, 0), None);
    assert_eq!(PortSet::new(6, 8, 256), None);
    assert_eq!(PortSet::new(6, 0, 1), None);
    assert_eq!(PortSet::new(255, 255, u16::MAX), None);
    assert!(PortSet::new(0, 16, u16::MAX).is_some());
    assert!(PortSet::new(16, 0, 0).is_some());
}

#[test]
fn psid_of_and_contains() {
    // RFC 7597 example 1: 1232 = 0b000001_00110100_00.
    let s = PortSet::new(6, 8, 0x34).unwrap();
    assert_eq!(s.psid_of(1232), 0x34);
    assert!(s.contains(1232) && s.contains(1235) && !s.contains(1236));
    // A = 0: PSID 0x34 but under 1024.
    assert_eq!(s.psid_of(208), 0x34);
    assert!(!s.contains(208));
    assert_eq!(s.index_of(208), None);
    assert_eq!(s.index_of(1231), None);
    assert_eq!(s.index_of(1232), Some(0));
    assert_eq!(s.index_of(64723), Some(251));
    // a = 0: no A bits; PSID 0 of k = 8 includes port 0.
    let s = PortSet::new(0, 8, 0).unwrap();
    assert_eq!(s.blocks().collect::<Vec<_>>(), [(0, 255)]);
    assert!(s.contains(0));
    // a = 16: every port but 0, one per block.
    let s = PortSet::new(16, 0, 0).unwrap();
    assert_eq!((s.count(), s.block_count()), (65535, 65535));
    assert!(!s.contains(0) && s.contains(1) && s.contains(65535));
    assert_eq!(s.block(0), Some((1, 1)));
    assert_eq!(s.block(65534), Some((65535, 65535)));
    // k = 16, a = 0: one port.
    let s = PortSet::new(0, 16, 4321).unwrap();
    assert_eq!(s.count(), 1);
    assert_eq!(s.nth_port(0), Some(4321));
    assert_eq!(s.blocks().collect::<Vec<_>>(), [(4321, 4321)]);
    assert!(PortSet::ALL.is_all() && !s.is_all());
    assert_eq!(PortSet::ALL.count(), 65536);
    assert_eq!(PortSet::ALL.nth_port(65535), Some(65535));
    assert_eq!(PortSet::ALL.index_of(0), Some(0));
}

#[test]
fn left_aligned_psid() {
    assert_eq!(psid_to_left_aligned(0x34, 8), 0x3400);
    assert_eq!(psid_from_left_aligned(0x3400, 8), 0x34);
    // 21 = 0b010101 of 6 bits: 0b010101_0000000000.
    assert_eq!(psid_to_left_aligned(21, 6), 0x5400);
    assert_eq!(psid_from_left_aligned(0x5400, 6), 21);
    // Padding bits are ignored; bits over k dropped.
    assert_eq!(psid_from_left_aligned(0x54ff, 6), 21);
    assert_eq!(psid_to_left_aligned(0x1ff, 8), 0xff00);
    assert_eq!(psid_to_left_aligned(0xabcd, 16), 0xabcd);
    assert_eq!(psid_from_left_aligned(0xabcd, 16), 0xabcd);
    assert_eq!(psid_to_left_aligned(1, 1), 0x8000);
    assert_eq!(psid_from_left_aligned(0x8000, 1), 1);
    assert_eq!(psid_to_left_aligned(0xffff, 0), 0);
    assert_eq!(psid_from_left_aligned(0xffff, 0), 0);
    assert_eq!(psid_to_left_aligned(0xabcd, 200), 0xabcd);
    for k in 0..=16u8 {
        for psid in [0u16, 1, 0x55, 0xffff] {
            let psid = psid & ((1u32 << k) - 1) as u16;
            assert_eq!(
                psid_from_left_aligned(psid_to_left_aligned(psid, k), k),
                psid
            );
        }
    }
    assert_eq!(
        PortSet::new(6, 8, 0x34).unwrap().psid_left_aligned(),
        0x3400
    );
}

// The fragment identifier rewrite: every identifier lands in the set, and
// the identifiers 0..count map one to one onto it.
#[test]
fn fragment_ids_land_in_the_set() {
    for (a, k, psid) in [
        (6, 8, 0x34),
        (4, 8, 0x9a),
        (0, 8, 3),
        (0, 0, 0),
        (16, 0, 0),
        (0, 16, 7),
        (6, 6, 63),
    ] {
        let s = PortSet::new(a, k, psid).unwrap();
        let mut seen = std::vec![false; 65536];
        for id in 0..=u16::MAX {
            let f = s.frag_id(id);
            assert!(s.contains(f), "{a} {k} {psid} {id}");
            if u32::from(id) < s.count() {
                assert_eq!(s.index_of(f), Some(u32::from(id)));
                assert!(!seen[usize::from(f)]);
                seen[usize::from(f)] = true;
            } else {
                assert_eq!(f, s.frag_id((u32::from(id) % s.count()) as u16));
            }
        }
    }
    // Example 1: the identifiers run through the blocks.
    let s = PortSet::new(6, 8, 0x34).unwrap();
    let ids: Vec<u16> = (0..6).map(|id| s.frag_id(id)).collect();
    assert_eq!(ids, [1232, 1233, 1234, 1235, 2256, 2257]);
    assert_eq!(s.frag_id(252), 1232);
}

// OpenWrt mapcalc's RULE_n_PORTSETS: the blocks, port 0 left out.
#[test]
fn mapcalc_ranges() {
    let s = PortSet::new(0, 8, 0).unwrap();
    assert_eq!(s.mapcalc_ranges().collect::<Vec<_>>(), [(1, 255)]);
    let s = PortSet::new(0, 16, 0).unwrap();
    assert_eq!(s.mapcalc_ranges().count(), 0);
    let s = PortSet::new(0, 8, 1).unwrap();
    assert_eq!(s.mapcalc_ranges().collect::<Vec<_>>(), [(256, 511)]);
    // v6plus PSID 0x9a: 15 blocks from 6560-6575; start as mapcalc
    // computes it, (A << (16 - a)) | (psid16 >> a) with psid16 left-aligned.
    let s = PortSet::new(4, 8, 0x9a).unwrap();
    let r: Vec<(u16, u16)> = s.mapcalc_ranges().collect();
    assert_eq!(r.len(), 15);
    for (i, &(b, e)) in r.iter().enumerate() {
        let start = ((i as u32 + 1) << 12) | u32::from(s.psid_left_aligned() >> 4);
        assert_eq!((u32::from(b), u32::from(e)), (start, start + 15));
    }
    assert_eq!(r[0], (6560, 6575));
}
