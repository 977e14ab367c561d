// SPDX-License-Identifier: GPL-2.0

//! Host tests. The hex vectors come from `testdata/vectors.py`, which lays
//! the packets out by hand from the RFC figures and computes checksums and
//! HMACs with Python's own code, independently of this crate.

extern crate std;

mod exthdr;
mod nd;

use super::*;
use hmac::{Hmac, Mac};
use sha1::Sha1;
use std::vec;
use std::vec::Vec;

pub(crate) fn hex(s: &str) -> Vec<u8> {
    assert!(s.len() % 2 == 0);
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

pub(crate) fn addr(s: &str) -> Addr {
    s.parse::<std::net::Ipv6Addr>().unwrap().octets()
}

pub(crate) fn hoa() -> Addr {
    addr("2001:db8:1::100")
}

pub(crate) fn coa() -> Addr {
    addr("2001:db8:2::5")
}

pub(crate) fn ha() -> Addr {
    addr("2001:db8:1::1")
}

const KEY: &[u8] = b"mn-ha shared key, 20";

/// testdata/vectors.py: BU from CoA to HA, HAO with HoA, 40 + 24 + 16.
pub(crate) const BU_PACKET: &str = "6000000000283c4020010db800020000000000000000000520010db8000100000000000000000001870201020000c91020010db80001000000000000000001003b0105008f571234c000006401020000";
/// BA from HA to CoA, RH2 with HoA.
pub(crate) const BA_PACKET: &str = "6000000000282b4020010db800010000000000000000000120010db8000200000000000000000005870202010000000020010db80001000000000000000001003b0106004e5800001234006401020000";
/// BE status 2 from HA to CoA.
pub(crate) const BE_PACKET: &str = "600000000018874020010db800010000000000000000000120010db80002000000000000000000053b0207003129020020010db8000100000000000000000100";
/// BU with MESG-ID and MN-HA AUTH, checksum filled (src HoA, dst HA).
const BU_AUTH_MH: &str = "3b0505001a310102c00000320104000000000a08e6a1b2c3800000000009110100000100e6c8d0b3b9c20fdbf745d88b";
const BU_AUTH_MAC: &str = "e6c8d0b3b9c20fdbf745d88b";
const BU_AUTH_TS: u64 = 0xe6a1_b2c3_8000_0000;

fn build_vec(msg: &Message, opts: &[MobOpt<'_>]) -> Vec<u8> {
    let mut b = vec![0u8; MH_MAX_LEN];
    let n = build(&mut b, msg, opts).unwrap();
    b.truncate(n);
    b
}

fn opts_of<'a>(mh: &Mh<'a>) -> Vec<(usize, MobOpt<'a>)> {
    mh.options.clone().map(|r| r.unwrap()).collect()
}

fn non_pad<'a>(mh: &Mh<'a>) -> Vec<MobOpt<'a>> {
    opts_of(mh)
        .into_iter()
        .map(|(_, o)| o)
        .filter(|o| !o.is_padding())
        .collect()
}

fn bu(seq: u16, flags: u16, lifetime: u16) -> Message {
    Message::BindingUpdate(BindingUpdate {
        seq,
        flags,
        lifetime,
    })
}

// ---- Mobility Header messages ----

#[test]
fn bu_layout_matches_vector() {
    let b = build_vec(&bu(0x1234, BU_FLAG_A | BU_FLAG_H, 100), &[]);
    let pkt = hex(BU_PACKET);
    let mut want = pkt[64..].to_vec();
    want[4] = 0;
    want[5] = 0;
    assert_eq!(b, want);
    let mh = parse(&pkt[64..]).unwrap();
    assert_eq!(mh.mh_type, MH_BU);
    assert_eq!(mh.len, 16);
    assert_eq!(mh.checksum, 0x8f57);
    assert_eq!(mh.message, bu(0x1234, 0xc000, 100));
    assert_eq!(opts_of(&mh), vec![(12, MobOpt::PadN(&[0, 0]))]);
}

#[test]
fn ba_and_be_layout_match_vectors() {
    let ba = Message::BindingAck(BindingAck {
        status: BA_ACCEPTED,
        flags: 0,
        seq: 0x1234,
        lifetime: 100,
    });
    let pkt = hex(BA_PACKET);
    let mut b = build_vec(&ba, &[]);
    assert!(fill_checksum(&ha(), &hoa(), &mut b));
    assert_eq!(b, &pkt[64..]);
    assert_eq!(parse(&b).unwrap().message, ba);

    let be = Message::BindingError(BindingError {
        status: BE_UNKNOWN_MH_TYPE,
        home_address: hoa(),
    });
    let pkt = hex(BE_PACKET);
    let mut b = build_vec(&be, &[]);
    assert!(fill_checksum(&ha(), &coa(), &mut b));
    assert_eq!(b, &pkt[40..]);
    let mh = parse(&b).unwrap();
    assert_eq!(mh.message, be);
    assert_eq!(mh.len, 24);
    assert_eq!(opts_of(&mh), vec![]);
}

#[test]
fn every_message_round_trips() {
    let msgs = [
        Message::BindingRefreshRequest,
        Message::HomeTestInit { cookie: [1; 8] },
        Message::CareOfTestInit {
            cookie: [1, 2, 3, 4, 5, 6, 7, 8],
        },
        Message::HomeTest {
            nonce_index: 0xabcd,
            cookie: [3; 8],
            keygen_token: [4; 8],
        },
        Message::CareOfTest {
            nonce_index: 7,
            cookie: [5; 8],
            keygen_token: [6; 8],
        },
        bu(0xffff, 0xff00, 0xffff),
        Message::BindingAck(BindingAck {
            status: BA_SEQ_OUT_OF_WINDOW,
            flags: BA_FLAG_K | BA_FLAG_R | BA_FLAG_P,
            seq: 9,
            lifetime: 0,
        }),
        Message::BindingError(BindingError {
            status: BE_UNKNOWN_BINDING,
            home_address: ADDR_UNSPECIFIED,
        }),
        Message::Unknown(8),
        Message::Unknown(255),
    ];
    let want_len = [8, 16, 16, 24, 24, 16, 16, 24, 8, 8];
    for (msg, want) in msgs.iter().zip(want_len) {
        let b = build_vec(msg, &[]);
        assert_eq!(b.len(), want, "{msg:?}");
        assert_eq!(usize::from(b[1]), want / 8 - 1);
        assert_eq!(b[0], IPPROTO_NONE);
        assert_eq!(b[2], msg.mh_type());
        let mh = parse(&b).unwrap();
        assert_eq!(mh.message, *msg);
        assert_eq!(mh.len, want);
        assert_eq!(mh.bytes(), &b[..]);
        assert!(non_pad(&mh).is_empty());
        if !matches!(msg, Message::Unknown(_)) {
            assert_eq!(mh.options.start(), msg.options_offset());
        }
    }
}

#[test]
fn brr_builder_and_helpers() {
    let mut b = [0u8; 8];
    assert_eq!(build_brr(&mut b, &[]), Ok(8));
    assert_eq!(b, [59, 0, 0, 0, 0, 0, 0, 0]);
    let mut b = [0u8; 64];
    let n = build_bu(
        &mut b,
        &BindingUpdate {
            seq: 1,
            flags: 0,
            lifetime: 2,
        },
        &[],
    )
    .unwrap();
    assert_eq!(parse(&b[..n]).unwrap().mh_type, MH_BU);
    let n = build_ba(
        &mut b,
        &BindingAck {
            status: 0,
            flags: 0,
            seq: 1,
            lifetime: 2,
        },
        &[],
    )
    .unwrap();
    assert_eq!(parse(&b[..n]).unwrap().mh_type, MH_BA);
    let be = BindingError {
        status: 1,
        home_address: hoa(),
    };
    let n = build_be(&mut b, &be, &[]).unwrap();
    assert_eq!(parse(&b[..n]).unwrap().message, Message::BindingError(be));
}

#[test]
fn unknown_type_is_reported_for_a_binding_error() {
    // Type 8 with Header Len 3: any length is fine, no options parsed,
    // even if the data is not a valid TLV chain.
    let mut b = vec![0xffu8; 32];
    b[..6].copy_from_slice(&[59, 3, 8, 0, 0, 0]);
    let mh = parse(&b).unwrap();
    assert_eq!(mh.message, Message::Unknown(8));
    assert_eq!(mh.len, 32);
    assert_eq!(mh.options.clone().count(), 0);
    // The reply.
    let mut out = [0u8; 24];
    let be = BindingError {
        status: BE_UNKNOWN_MH_TYPE,
        home_address: hoa(),
    };
    assert_eq!(build_be(&mut out, &be, &[]), Ok(24));
}

#[test]
fn unknown_known_type_is_not_built() {
    let mut b = [0u8; 64];
    for t in 0..=MH_BE {
        assert_eq!(
            build(&mut b, &Message::Unknown(t), &[]),
            Err(BuildError::Invalid)
        );
    }
    assert_eq!(
        build(&mut b, &Message::Unknown(9), &[MobOpt::MesgId(1)]),
        Err(BuildError::Invalid)
    );
}

#[test]
fn trailing_octets_after_the_mh_are_ignored() {
    let mut b = build_vec(&bu(1, BU_FLAG_A, 3), &[]);
    b.extend_from_slice(&[0xff; 9]);
    let mh = parse(&b).unwrap();
    assert_eq!(mh.len, 16);
    assert_eq!(mh.bytes().len(), 16);
}

// ---- Mobility Header errors ----

#[test]
fn truncated_mh() {
    let b = build_vec(&Message::BindingRefreshRequest, &[]);
    for n in 0..8 {
        assert_eq!(parse(&b[..n]), Err(MhError::Truncated));
    }
    assert_eq!(MhError::Truncated.pointer(), None);
}

#[test]
fn header_len_past_the_slice() {
    let b = build_vec(&bu(1, 0, 0), &[]);
    assert_eq!(parse(&b[..15]), Err(MhError::BadLength));
    let mut b = b;
    b[1] = 2;
    assert_eq!(parse(&b), Err(MhError::BadLength));
    b[1] = 255;
    assert_eq!(parse(&b), Err(MhError::BadLength));
    assert_eq!(MhError::BadLength.pointer(), None);
}

#[test]
fn payload_proto_must_be_59() {
    let mut b = build_vec(&bu(1, 0, 0), &[]);
    for p in [0u8, 6, 58, 60, 135, 255] {
        b[0] = p;
        let e = parse(&b).unwrap_err();
        assert_eq!(e, MhError::BadPayloadProto);
        assert_eq!(e.pointer(), Some(0));
    }
}

#[test]
fn header_len_under_the_type_minimum() {
    let min = [
        (MH_BRR, 0u8),
        (MH_HOTI, 1),
        (MH_COTI, 1),
        (MH_HOT, 2),
        (MH_COT, 2),
    ];
    let min = min
        .iter()
        .chain(&[(MH_BU, 1), (MH_BA, 1), (MH_BE, 2), (8, 0), (200, 0)]);
    for &(t, m) in min {
        assert_eq!(min_header_len(t), m);
        let mut b = vec![0u8; 64];
        b[0] = 59;
        b[2] = t;
        for hl in 0..m {
            b[1] = hl;
            let e = parse(&b).unwrap_err();
            assert_eq!(e, MhError::TooShortForType, "type {t} len {hl}");
            assert_eq!(e.pointer(), Some(1));
        }
        b[1] = m;
        // Zero octets are padding (Pad1): valid at the minimum.
        let mh = parse(&b).unwrap();
        assert_eq!(mh.len, (usize::from(m) + 1) * 8);
    }
    // Linux order: the type's minimum before Payload Proto.
    let mut b = vec![0u8; 8];
    b[2] = MH_BE;
    assert_eq!(parse(&b), Err(MhError::TooShortForType));
}

// ---- Mobility options ----

fn all_options<'a>() -> Vec<MobOpt<'a>> {
    vec![
        MobOpt::BindingRefreshAdvice(0x0102),
        MobOpt::AltCoa(coa()),
        MobOpt::NonceIndices {
            home: 0x1111,
            care_of: 0x2222,
        },
        MobOpt::BindingAuthData([0xba; 12]),
        MobOpt::MobileNetworkPrefix {
            prefix_len: 48,
            prefix: addr("2001:db8:99::"),
        },
        MobOpt::LinkLayerAddress {
            option_code: 2,
            address: &[0, 0x11, 0x22, 0x33, 0x44, 0x55],
        },
        MobOpt::MnId {
            subtype: MN_ID_SUBTYPE_NAI,
            id: b"mn1@example.net",
        },
        MobOpt::Unknown {
            opt_type: 42,
            data: &[1, 2, 3],
        },
        MobOpt::MesgId(0x0123_4567_89ab_cdef),
        MobOpt::Auth {
            subtype: AUTH_SUBTYPE_MN_HA,
            spi: 0xdead_beef,
            data: &[0; 12],
        },
    ]
}

#[test]
fn every_option_round_trips_aligned() {
    let opts = all_options();
    let b = build_vec(&bu(7, BU_FLAG_A | BU_FLAG_H | BU_FLAG_R, 10), &opts);
    assert_eq!(b.len() % 8, 0);
    assert_eq!(usize::from(b[1]), b.len() / 8 - 1);
    let mh = parse(&b).unwrap();
    assert_eq!(non_pad(&mh), opts);
    mh.options.check_alignment().unwrap();
    for (off, o) in opts_of(&mh) {
        if let Some((x, y)) = option_alignment(o.opt_type()) {
            assert_eq!(off % x, y, "{o:?} at {off}");
        }
    }
    let a = find_auth(&mh).unwrap().unwrap();
    assert_eq!(a.spi, 0xdead_beef);
    assert_eq!(find_mesg_id(&mh), Some(0x0123_4567_89ab_cdef));
}

#[test]
fn each_option_after_each_offset_is_aligned() {
    // Every option type after 0..8 octets of leading options, in every
    // message type that has options.
    let msgs = [
        Message::BindingRefreshRequest,
        bu(1, 0, 1),
        Message::BindingAck(BindingAck {
            status: 0,
            flags: 0,
            seq: 1,
            lifetime: 1,
        }),
        Message::BindingError(BindingError {
            status: 1,
            home_address: hoa(),
        }),
        Message::HomeTestInit { cookie: [0; 8] },
    ];
    for msg in &msgs {
        for lead in 0..8usize {
            for opt in all_options() {
                let filler = vec![0xaau8; lead];
                let mut list = vec![];
                if lead > 0 {
                    list.push(MobOpt::MnId {
                        subtype: 1,
                        id: &filler[..lead - 1],
                    });
                }
                if lead == 1 {
                    list[0] = MobOpt::Pad1;
                }
                list.push(opt);
                let b = build_vec(msg, &list);
                let mh = parse(&b).unwrap();
                mh.options.check_alignment().unwrap();
                assert_eq!(non_pad(&mh).last(), Some(&opt));
                assert_eq!(b.len() % 8, 0);
            }
        }
    }
}

#[test]
fn padding_is_pad1_or_padn() {
    // BU options start at 12; an Alt-CoA at 8n+6 needs 2 octets: PadN(0).
    let b = build_vec(&bu(1, 0, 1), &[MobOpt::AltCoa(coa())]);
    assert_eq!(&b[12..14], &[1, 0]);
    assert_eq!(&b[14..16], &[3, 16]);
    assert_eq!(b.len(), 32);
    // AUTH at 4n+1 after 12: Pad1.
    let b = build_vec(
        &bu(1, 0, 1),
        &[MobOpt::Auth {
            subtype: 1,
            spi: 1,
            data: &[0; 12],
        }],
    );
    assert_eq!(b[12], 0);
    assert_eq!(&b[13..15], &[9, 17]);
    assert_eq!(b.len(), 32);
    // A BRA at 2n after 12 needs none, and ends at 16.
    let b = build_vec(&bu(1, 0, 1), &[MobOpt::BindingRefreshAdvice(5)]);
    assert_eq!(&b[12..16], &[2, 2, 0, 5]);
    assert_eq!(b.len(), 16);
    // In a BRR (options at 8): then 4 octets to 8n, PadN(2).
    let b = build_vec(
        &Message::BindingRefreshRequest,
        &[MobOpt::BindingRefreshAdvice(5)],
    );
    assert_eq!(&b[8..16], &[2, 2, 0, 5, 1, 2, 0, 0]);
    // Padding passed by the caller is written as given.
    let b = build_vec(
        &Message::BindingRefreshRequest,
        &[MobOpt::Pad1, MobOpt::PadN(&[9, 9, 9])],
    );
    assert_eq!(&b[8..14], &[0, 1, 3, 9, 9, 9]);
    assert_eq!(&b[14..16], &[1, 0]);
}

#[test]
fn padn_contents_are_ignored() {
    let mut b = build_vec(&bu(1, 0, 1), &[]);
    b[14] = 0xff;
    b[15] = 0x55;
    let mh = parse(&b).unwrap();
    assert_eq!(opts_of(&mh), vec![(12, MobOpt::PadN(&[0xff, 0x55]))]);
    mh.options.check_alignment().unwrap();
}

#[test]
fn unknown_options_are_skipped() {
    // BRR: options at 8; an unknown option 200 with 4 octets, then a BRA.
    let b = [
        59, 2, 0, 0, 0, 0, 0, 0, 200, 4, 1, 2, 3, 4, 2, 2, 0, 9, 1, 4, 0, 0, 0, 0,
    ];
    let mh = parse(&b).unwrap();
    let o = opts_of(&mh);
    assert_eq!(
        o[0],
        (
            8,
            MobOpt::Unknown {
                opt_type: 200,
                data: &[1, 2, 3, 4]
            }
        )
    );
    assert_eq!(o[1], (14, MobOpt::BindingRefreshAdvice(9)));
}

/// A BRR whose options are `opts` (padded with Pad1 to 8n).
fn brr_with(opts: &[u8]) -> Vec<u8> {
    let mut b = vec![59, 0, 0, 0, 0, 0, 0, 0];
    b.extend_from_slice(opts);
    while b.len() % 8 != 0 {
        b.push(0);
    }
    b[1] = (b.len() / 8 - 1) as u8;
    b
}

#[test]
fn option_with_bad_length() {
    let fixed = [
        (MOPT_BRA, 2usize),
        (MOPT_ALT_COA, 16),
        (MOPT_NONCE_INDICES, 4),
        (MOPT_BAD, 12),
        (MOPT_MNP, 18),
        (MOPT_MESG_ID, 8),
    ];
    for (t, len) in fixed {
        for l in [0, len - 1, len + 1] {
            let mut o = vec![t, l as u8];
            o.resize(2 + l, 0);
            let e = parse(&brr_with(&o)).unwrap_err();
            let want = OptError::BadLength {
                offset: 8,
                opt_type: t,
            };
            assert_eq!(e, MhError::BadOption(want), "type {t} len {l}");
            assert_eq!(want.offset(), 8);
        }
        let mut o = vec![t, len as u8];
        o.resize(2 + len, 0);
        assert!(parse(&brr_with(&o)).is_ok());
    }
    for (t, min) in [(MOPT_LLA, 1usize), (MOPT_MN_ID, 1), (MOPT_AUTH, 5)] {
        let mut o = vec![t, (min - 1) as u8];
        o.resize(1 + min, 0);
        assert_eq!(
            parse(&brr_with(&o)),
            Err(MhError::BadOption(OptError::BadLength {
                offset: 8,
                opt_type: t
            }))
        );
        let mut o = vec![t, min as u8];
        o.resize(2 + min, 0);
        assert!(parse(&brr_with(&o)).is_ok());
    }
}

#[test]
fn option_running_past_the_mh() {
    // Length octet past the end: the type is the last octet.
    let b = [59, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, MOPT_BRA];
    assert_eq!(
        parse(&b),
        Err(MhError::BadOption(OptError::Truncated { offset: 15 }))
    );
    // Data past the end.
    let b = brr_with(&[MOPT_PADN, 200]);
    assert_eq!(
        parse(&b),
        Err(MhError::BadOption(OptError::Truncated { offset: 8 }))
    );
    let e = OptError::Truncated { offset: 8 };
    let mh_opts = Options::new(&b, 8);
    assert_eq!(mh_opts.clone().collect::<Vec<_>>(), vec![Err(e)]);
    assert_eq!(mh_opts.check(), Err(e));
}

#[test]
fn mnp_prefix_len_over_128() {
    let mut o = vec![MOPT_MNP, 18, 0, 129];
    o.resize(20, 0);
    assert_eq!(
        parse(&brr_with(&o)),
        Err(MhError::BadOption(OptError::BadPrefixLength { offset: 8 }))
    );
    let mut b = [0u8; 64];
    let mnp = MobOpt::MobileNetworkPrefix {
        prefix_len: 129,
        prefix: [0; 16],
    };
    assert_eq!(build_brr(&mut b, &[mnp]), Err(BuildError::Invalid));
}

#[test]
fn misaligned_option() {
    // A BRR with an Alt-CoA right at 8 (wants 8n+6).
    let mut o = vec![MOPT_ALT_COA, 16];
    o.extend_from_slice(&coa());
    let b = brr_with(&o);
    let mh = parse(&b).unwrap();
    assert_eq!(
        mh.options.check_alignment(),
        Err(OptError::Misaligned {
            offset: 8,
            opt_type: MOPT_ALT_COA
        })
    );
    // A MESG-ID at 8n+3.
    let b = brr_with(&[0, MOPT_MESG_ID, 8, 1, 2, 3, 4, 5, 6, 7, 8]);
    let mh = parse(&b).unwrap();
    assert_eq!(
        mh.options.check_alignment(),
        Err(OptError::Misaligned {
            offset: 9,
            opt_type: MOPT_MESG_ID
        })
    );
    // Every aligned type at every wrong offset.
    for t in 0..=255u8 {
        let Some((x, y)) = option_alignment(t) else {
            continue;
        };
        let (min, _) = match t {
            MOPT_BRA => (2, ()),
            MOPT_ALT_COA => (16, ()),
            MOPT_NONCE_INDICES => (4, ()),
            MOPT_BAD => (12, ()),
            MOPT_MNP => (18, ()),
            MOPT_AUTH => (17, ()),
            _ => (8, ()),
        };
        for lead in 0..8usize {
            let mut o = vec![0u8; lead];
            o.push(t);
            o.push(min as u8);
            o.resize(lead + 2 + min, 0);
            let mh_b = brr_with(&o);
            let mh = parse(&mh_b).unwrap();
            let off = 8 + lead;
            let r = mh.options.check_alignment();
            if off % x == y {
                assert_eq!(r, Ok(()));
            } else {
                assert_eq!(
                    r,
                    Err(OptError::Misaligned {
                        offset: off,
                        opt_type: t
                    })
                );
            }
        }
    }
}

#[test]
fn build_errors() {
    let msg = bu(1, 0, 1);
    // Every buffer too small says NoRoom.
    let opts = all_options();
    let full = build_vec(&msg, &opts);
    for n in 0..full.len() {
        let mut b = vec![0u8; n];
        assert_eq!(build(&mut b, &msg, &opts), Err(BuildError::NoRoom), "{n}");
    }
    // Past 2048 octets.
    let big = [0u8; 250];
    let id = MobOpt::MnId {
        subtype: 1,
        id: &big,
    };
    let mut b = vec![0u8; 4096];
    assert_eq!(build(&mut b, &msg, &[id; 8]), Ok(2040));
    assert_eq!(build(&mut b, &msg, &[id; 9]), Err(BuildError::TooLong));
    // An option past 255 octets of data.
    let huge = [0u8; 255];
    let id = MobOpt::MnId {
        subtype: 1,
        id: &huge,
    };
    assert_eq!(build(&mut b, &msg, &[id]), Err(BuildError::TooLong));
    assert_eq!(build(&mut b, &msg, &[MobOpt::PadN(&huge)]), Ok(272));
    let auth = MobOpt::Auth {
        subtype: 1,
        spi: 1,
        data: &[0; 12],
    };
    assert_eq!(
        build(&mut b, &msg, &[auth, MobOpt::MesgId(1)]),
        Err(BuildError::AuthNotLast)
    );
    assert_eq!(
        build(&mut b, &msg, &[auth, auth]),
        Err(BuildError::AuthNotLast)
    );
    assert!(build(&mut b, &msg, &[auth, MobOpt::Pad1, MobOpt::PadN(&[])]).is_ok());
    for t in 0..=MOPT_MESG_ID {
        let u = MobOpt::Unknown {
            opt_type: t,
            data: &[],
        };
        assert_eq!(build(&mut b, &msg, &[u]), Err(BuildError::Invalid));
    }
}

// ---- Checksum ----

#[test]
fn ones_sum_rfc1071_example() {
    // RFC 1071 §3: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2.
    assert_eq!(ones_sum(&[0, 1, 0xf2, 3, 0xf4, 0xf5, 0xf6, 0xf7]), 0xddf2);
    assert_eq!(ones_sum(&[]), 0);
    assert_eq!(ones_sum(&[0x12]), 0x1200);
    assert_eq!(ones_sum(&[0xff, 0xff, 0xff, 0xff]), 0xffff);
    assert_eq!(csum_add(0xffff, 1), 1);
    // Large input, crossing the 64 KiB chunks, odd length.
    let big = vec![0xffu8; 200_001];
    assert_eq!(ones_sum(&big), csum_add(0xffff, 0xff00));
}

fn naive_checksum(src: &Addr, dst: &Addr, nh: u8, data: &[u8], at: usize) -> u16 {
    let mut b = Vec::new();
    b.extend_from_slice(src);
    b.extend_from_slice(dst);
    b.extend_from_slice(&(data.len() as u32).to_be_bytes());
    b.extend_from_slice(&[0, 0, 0, nh]);
    let mut d = data.to_vec();
    d[at] = 0;
    d[at + 1] = 0;
    b.extend_from_slice(&d);
    if b.len() % 2 == 1 {
        b.push(0);
    }
    let mut s: u32 = 0;
    for w in b.chunks(2) {
        s += u32::from(w[0]) << 8 | u32::from(w[1]);
    }
    while s >> 16 != 0 {
        s = (s & 0xffff) + (s >> 16);
    }
    !(s as u16)
}

#[test]
fn checksum_vectors() {
    // BU: a HAO is present, so the pseudo source is the HoA.
    let pkt = hex(BU_PACKET);
    let mh = &pkt[64..];
    assert!(verify(&hoa(), &ha(), mh));
    assert!(!verify(&coa(), &ha(), mh), "the on-wire source is not it");
    assert_eq!(checksum(&hoa(), &ha(), mh), 0x8f57);
    // BA: an RH2 is present, so the pseudo destination is the HoA.
    let pkt = hex(BA_PACKET);
    let mh = &pkt[64..];
    assert!(verify(&ha(), &hoa(), mh));
    assert!(!verify(&ha(), &coa(), mh));
    // BE: plain addresses.
    let pkt = hex(BE_PACKET);
    let mh = &pkt[40..];
    assert!(verify(&ha(), &coa(), mh));
    assert_eq!(checksum(&ha(), &coa(), mh), 0x3129);
    // Auth vector.
    let mh = hex(BU_AUTH_MH);
    assert!(verify(&hoa(), &ha(), &mh));
}

#[test]
fn checksum_matches_a_naive_sum() {
    let opts = all_options();
    let mut b = build_vec(&bu(0xfffe, 0xffff, 0xffff), &opts);
    assert!(fill_checksum(&coa(), &ha(), &mut b));
    let c = u16::from_be_bytes([b[4], b[5]]);
    assert_eq!(c, naive_checksum(&coa(), &ha(), 135, &b, 4));
    assert_eq!(checksum(&coa(), &ha(), &b), c, "field counted as zero");
    assert!(verify(&coa(), &ha(), &b));
    for i in 0..b.len() {
        let mut x = b.clone();
        x[i] ^= 0x10;
        assert!(!verify(&coa(), &ha(), &x), "flip at {i}");
    }
    // Odd lengths and short slices do not panic.
    for n in 0..9 {
        let c = checksum(&coa(), &ha(), &b[..n]);
        if n >= 6 {
            assert_eq!(c, naive_checksum(&coa(), &ha(), 135, &b[..n], 4));
        }
        let _ = icmpv6_checksum(&coa(), &ha(), &b[..n]);
    }
    assert!(!fill_checksum(&coa(), &ha(), &mut [0u8; 5]));
    assert!(!fill_icmpv6_checksum(&coa(), &ha(), &mut [0u8; 3]));
}

#[test]
fn icmpv6_checksum_vector() {
    // A DAD NS from :: to the solicited-node address of the HoA.
    let want = hex("87004aee0000000020010db8000100000000000000000100");
    let sn = solicited_node(&hoa());
    assert_eq!(sn, addr("ff02::1:ff00:100"));
    let mut b = [0u8; 24];
    assert_eq!(build_ns(&mut b, &hoa(), None), Ok(24));
    assert!(fill_icmpv6_checksum(&ADDR_UNSPECIFIED, &sn, &mut b));
    assert_eq!(&b[..], &want[..]);
    assert!(verify_icmpv6(&ADDR_UNSPECIFIED, &sn, &b));
    assert_eq!(icmpv6_checksum(&ADDR_UNSPECIFIED, &sn, &b), 0x4aee);
    assert_eq!(
        pseudo_header_sum(&ADDR_UNSPECIFIED, &sn, 24, 58),
        ones_sum(&{
            let mut p = [0u8; 40];
            p[16..32].copy_from_slice(&sn);
            p[35] = 24;
            p[39] = 58;
            p
        })
    );
}

// ---- RFC 4285 authentication ----

fn hmac96(key: &[u8], pieces: &[&[u8]]) -> [u8; 12] {
    let mut m = <Hmac<Sha1> as Mac>::new_from_slice(key).unwrap();
    for p in pieces {
        m.update(p);
    }
    let out = m.finalize().into_bytes();
    let mut a = [0u8; 12];
    a.copy_from_slice(&out[..12]);
    a
}

#[test]
fn auth_vector_from_python_hmac() {
    let b = hex(BU_AUTH_MH);
    let mh = parse(&b).unwrap();
    assert_eq!(mh.message, bu(0x0102, BU_FLAG_A | BU_FLAG_H, 50));
    assert_eq!(find_mesg_id(&mh), Some(BU_AUTH_TS));
    let a = find_auth(&mh).unwrap().unwrap();
    assert_eq!(
        a,
        AuthOption {
            offset: 29,
            subtype: AUTH_SUBTYPE_MN_HA,
            spi: 0x100,
            data_offset: 36,
            data_len: 12,
            mac_len: 36,
        }
    );
    assert_eq!(a.authenticator(&b), &hex(BU_AUTH_MAC)[..]);
    // The receiver MACs with the checksum field zeroed, although it is set.
    assert_ne!(&b[4..6], &[0, 0]);
    let (c, h) = (coa(), hoa());
    let pieces = a.mac_input(&c, &h, &b);
    let mac = hmac96(KEY, &pieces);
    assert_eq!(&mac[..], a.authenticator(&b));
    assert!(auth_eq(&mac, a.authenticator(&b)));
    // The same input, copied.
    let mut flat = [0u8; 128];
    let n = write_mac_input(&a, &c, &h, &b, &mut flat).unwrap();
    assert_eq!(n, 32 + 36);
    assert_eq!(hmac96(KEY, &[&flat[..n]]), mac);
    assert_eq!(&flat[32..36], &b[..4]);
    assert_eq!(&flat[36..38], &[0, 0]);
    assert_eq!(&flat[38..n], &b[6..36]);
    assert_eq!(write_mac_input(&a, &c, &h, &b, &mut flat[..67]), None);
    // A wrong key or address fails.
    assert!(!auth_eq(&hmac96(b"other key", &pieces), &mac));
    let other = ha();
    assert!(!auth_eq(&hmac96(KEY, &a.mac_input(&other, &h, &b)), &mac));
}

#[test]
fn mn_builds_an_authenticated_bu() {
    // What the MN does: build with zeros, MAC, store, then checksum.
    let opts = [
        MobOpt::MesgId(BU_AUTH_TS),
        MobOpt::Auth {
            subtype: AUTH_SUBTYPE_MN_HA,
            spi: 0x100,
            data: &[0; AUTH_DATA_LEN],
        },
    ];
    let mut b = build_vec(&bu(0x0102, BU_FLAG_A | BU_FLAG_H, 50), &opts);
    let a = find_auth(&parse(&b).unwrap()).unwrap().unwrap();
    let (c, h) = (coa(), hoa());
    let full = {
        let mut m = <Hmac<Sha1> as Mac>::new_from_slice(KEY).unwrap();
        for p in a.mac_input(&c, &h, &b) {
            m.update(p);
        }
        m.finalize().into_bytes()
    };
    // The whole 20-octet HMAC: its first 12 octets are stored.
    assert!(a.set_authenticator(&mut b, &full));
    assert!(fill_checksum(&hoa(), &ha(), &mut b));
    assert_eq!(b, hex(BU_AUTH_MH), "the python vector");
    assert!(!a.set_authenticator(&mut b, &full[..11]));
    assert!(!a.set_authenticator(&mut b[..40], &full));
}

#[test]
fn ha_authenticates_a_ba() {
    let opts = [
        MobOpt::MesgId(5),
        MobOpt::Auth {
            subtype: AUTH_SUBTYPE_MN_HA,
            spi: 7,
            data: &[0; 12],
        },
    ];
    let ba = BindingAck {
        status: BA_ACCEPTED,
        flags: BA_FLAG_K,
        seq: 3,
        lifetime: 30,
    };
    let mut b = [0u8; 64];
    let n = build_ba(&mut b, &ba, &opts).unwrap();
    let b = &mut b[..n];
    let a = find_auth(&parse(b).unwrap()).unwrap().unwrap();
    assert_eq!(a.offset % 4, 1);
    let (c, h) = (coa(), hoa());
    let mac = hmac96(b"k", &a.mac_input(&c, &h, b));
    assert!(a.set_authenticator(b, &mac));
    assert!(fill_checksum(&ha(), &hoa(), b));
    let mh = parse(b).unwrap();
    mh.options.check_alignment().unwrap();
    let a2 = find_auth(&mh).unwrap().unwrap();
    assert_eq!(a2, a);
    assert_eq!(hmac96(b"k", &a2.mac_input(&c, &h, b)), mac);
}

#[test]
fn auth_must_be_last() {
    // Auth followed by a MESG-ID.
    let mut o = vec![0u8, MOPT_AUTH, 17, 1, 0, 0, 0, 1];
    o.extend_from_slice(&[0; 12]);
    o.extend_from_slice(&[0, 0, MOPT_MESG_ID, 8, 1, 2, 3, 4, 5, 6, 7, 8]);
    let b = brr_with(&o);
    let mh = parse(&b).unwrap();
    assert_eq!(find_auth(&mh), Err(OptError::AuthNotLast { offset: 9 }));
    assert_eq!(OptError::AuthNotLast { offset: 9 }.offset(), 9);
    // Two auth options.
    let mut o = vec![
        0u8, MOPT_AUTH, 5, 1, 0, 0, 0, 1, MOPT_AUTH, 5, 1, 0, 0, 0, 1,
    ];
    o.push(0);
    let mh_b = brr_with(&o);
    let mh = parse(&mh_b).unwrap();
    assert_eq!(find_auth(&mh), Err(OptError::AuthNotLast { offset: 9 }));
    // Followed only by padding: fine.
    let mut o = vec![0u8, MOPT_AUTH, 5, 2, 0, 0, 0, 9, 0, 1, 1, 0];
    o.extend_from_slice(&[0; 4]);
    let mh_b = brr_with(&o);
    let mh = parse(&mh_b).unwrap();
    let a = find_auth(&mh).unwrap().unwrap();
    assert_eq!((a.subtype, a.spi, a.data_len), (AUTH_SUBTYPE_MN_AAA, 9, 0));
    // None at all.
    let b = build_vec(&bu(1, 0, 1), &[]);
    assert_eq!(find_auth(&parse(&b).unwrap()), Ok(None));
    assert_eq!(find_mesg_id(&parse(&b).unwrap()), None);
}

#[test]
fn ntp_timestamps_and_replay_window() {
    // 2024-01-01T00:00:00.5Z.
    let ts = ntp_timestamp(1_704_067_200, 500_000_000);
    assert_eq!(ts >> 32, 1_704_067_200 + NTP_UNIX_OFFSET);
    assert_eq!(ts & 0xffff_ffff, 0x8000_0000);
    assert_eq!(ntp_timestamp(0, 0), NTP_UNIX_OFFSET << 32);
    assert_eq!(ntp_timestamp(0, 2_000_000_000) & 0xffff_ffff, 0xffff_fffb);
    // The era wraps in 2036.
    let wrap = (1u64 << 32) - NTP_UNIX_OFFSET;
    assert_eq!(ntp_timestamp(wrap, 0), 0);
    let now = ntp_timestamp(1_704_067_200, 0);
    let w = MESG_ID_WINDOW_SECS;
    assert!(mesg_id_fresh(now, now, w));
    assert!(mesg_id_fresh(ntp_timestamp(1_704_067_207, 0), now, w));
    assert!(mesg_id_fresh(ntp_timestamp(1_704_067_193, 0), now, w));
    assert!(!mesg_id_fresh(ntp_timestamp(1_704_067_207, 1), now, w));
    assert!(!mesg_id_fresh(
        ntp_timestamp(1_704_067_192, 999_999_999),
        now,
        w
    ));
    assert!(mesg_id_fresh(
        ntp_timestamp(wrap + 3, 0),
        ntp_timestamp(wrap - 3, 0),
        w
    ));
    assert!(!mesg_id_fresh(u64::MAX / 2, 0, w));
}

#[test]
fn auth_eq_lengths() {
    assert!(auth_eq(&[], &[]));
    assert!(auth_eq(&[1, 2], &[1, 2]));
    assert!(!auth_eq(&[1, 2], &[1, 3]));
    assert!(!auth_eq(&[1, 2], &[1, 2, 3]));
}

// ---- Sequence numbers and lifetimes ----

#[test]
fn sequence_numbers_wrap() {
    assert!(seq_newer(1, 0));
    assert!(!seq_newer(0, 0));
    assert!(!seq_newer(0, 1));
    assert!(seq_newer(0, 0xffff));
    assert!(seq_newer(5, 0xfff0));
    assert!(!seq_newer(0xfff0, 5));
    assert!(seq_newer(0x7fff, 0));
    assert!(!seq_newer(0x8000, 0), "32768 apart: not newer");
    assert!(!seq_newer(0, 0x8000), "either way");
    assert!(seq_newer(0x8000, 1));
    assert!(!seq_newer(0xffff, 0xffff));
    assert!(seq_newer(0x7ffe, 0xffff));
    assert!(!seq_newer(0x7fff, 0xffff));
    for last in [0u16, 1, 0x7fff, 0x8000, 0xfffe, 0xffff] {
        for d in 1..0x8000u16 {
            assert!(seq_newer(last.wrapping_add(d), last));
            assert!(!seq_newer(last.wrapping_sub(d), last));
        }
    }
}

#[test]
fn lifetimes_in_4_second_units() {
    assert_eq!(lifetime_secs(0), 0);
    assert_eq!(lifetime_secs(1), 4);
    assert_eq!(lifetime_secs(0xffff), MAX_LIFETIME_SECS);
    assert_eq!(MAX_LIFETIME_SECS, 262_140);
    assert_eq!(lifetime_units(0), 0);
    assert_eq!(lifetime_units(7), 1);
    assert_eq!(lifetime_units(400), 100);
    assert_eq!(lifetime_units(MAX_LIFETIME_SECS), 0xffff);
    assert_eq!(lifetime_units(u32::MAX), 0xffff);
}

// ---- No panics on mangled input ----

/// xorshift64*: a fixed sequence of mangled inputs.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

/// Every parser on `b`; consistency checks where something parses.
pub(crate) fn parse_everything(b: &[u8]) {
    if let Ok(mh) = parse(b) {
        assert!(mh.len <= b.len() && mh.len % 8 == 0);
        for r in mh.options.clone() {
            let (off, _) = r.unwrap();
            assert!(off < mh.len);
        }
        let _ = mh.options.check_alignment();
        if let Ok(Some(a)) = find_auth(&mh) {
            assert!(a.mac_len <= mh.len);
            assert_eq!(a.authenticator(mh.bytes()).len(), a.data_len);
            let (c, h) = (coa(), hoa());
            let n: usize = a
                .mac_input(&c, &h, mh.bytes())
                .iter()
                .map(|p| p.len())
                .sum();
            assert_eq!(n, 32 + a.mac_len);
        }
        let _ = verify(&coa(), &ha(), b);
    }
    let _ = Options::new(b, 0).check();
    if let Ok(h) = walk(b) {
        assert!(h.upper_offset <= h.end && h.end <= b.len());
        if h.is_mh() {
            parse_everything_icmp(h.upper_bytes(b));
            let _ = parse(h.upper_bytes(b));
        }
    }
    parse_everything_icmp(b);
}

fn parse_everything_icmp(b: &[u8]) {
    if let Ok(ra) = parse_ra(b) {
        assert!(ra.options.clone().all(|r| r.is_ok()));
        let _ = ra.home_agent_info();
    }
    if let Ok(ns) = parse_ns(b) {
        let _ = ns.options.source_lla();
    }
    if let Ok(na) = parse_na(b) {
        let _ = na.options.target_lla();
    }
    let _ = parse_dhaad_request(b);
    if let Ok(r) = parse_dhaad_reply(b) {
        assert_eq!(r.addrs.count(), (b.len() - 8) / 16);
    }
    let _ = icmpv6_checksum(&coa(), &ha(), b);
}

#[test]
fn mangled_inputs_do_not_panic() {
    let mut seeds: Vec<Vec<u8>> = vec![
        hex(BU_PACKET),
        hex(BA_PACKET),
        hex(BE_PACKET),
        hex(BU_AUTH_MH),
        build_vec(&bu(1, 2, 3), &all_options()),
    ];
    seeds.push(seeds[0][64..].to_vec());
    seeds.push(seeds[1][64..].to_vec());
    let mut rng = Rng(0x1234_5678_9abc_def1);
    for s in &seeds {
        for n in 0..=s.len() {
            parse_everything(&s[..n]);
        }
        for _ in 0..3000 {
            let mut m = s.clone();
            for _ in 0..1 + rng.next() % 4 {
                let i = (rng.next() as usize) % m.len();
                m[i] = rng.next() as u8;
            }
            parse_everything(&m);
        }
    }
}
