// SPDX-License-Identifier: GPL-2.0

extern crate std;

use super::*;
use std::vec;
use std::vec::Vec;

fn build(f: impl FnOnce(&mut Builder<'_>), mk: impl FnOnce(&mut [u8]) -> Builder<'_>) -> Vec<u8> {
    let mut buf = vec![0u8; 512];
    let mut b = mk(&mut buf);
    f(&mut b);
    let n = b.finish().unwrap();
    buf.truncate(n);
    buf
}

fn request(svc: u8, client: u8, txn: u16, msg: u16, f: impl FnOnce(&mut Builder<'_>)) -> Vec<u8> {
    let header = if svc == service::CTL {
        Header::Ctl {
            flags: ctl_flags::REQUEST,
            txn: txn as u8,
        }
    } else {
        Header::Service {
            flags: svc_flags::REQUEST,
            txn,
        }
    };
    build(f, |b| {
        Builder::new(b, qmux_flags::HOST, svc, client, header, msg)
    })
}

#[test]
fn ctl_allocate_cid_bytes() {
    // What libqmi sends to allocate a WDS client, transaction 1.
    let m = request(service::CTL, 0, 1, ctl::ALLOCATE_CID, |b| {
        b.u8(ctl::TLV_SERVICE, service::WDS);
    });
    assert_eq!(
        m,
        [
            0x01, 0x0f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x22, 0x00, 0x04, 0x00, 0x01, 0x01,
            0x00, 0x01
        ]
    );
    let (p, n) = parse(&m).unwrap();
    assert_eq!(n, m.len());
    assert!(p.is_ctl() && p.is_request() && !p.is_response() && !p.is_indication());
    assert_eq!(
        (p.service, p.client, p.txn, p.msg_id),
        (0, 0, 1, ctl::ALLOCATE_CID)
    );
    assert_eq!(p.tlv(ctl::TLV_SERVICE), Some(&[1u8][..]));
    assert_eq!(p.result(), None);
}

#[test]
fn service_response_bytes() {
    // DMS Get Revision response to client 2, transaction 0x1234.
    let (req, _) = {
        let r = request(service::DMS, 2, 0x1234, dms::GET_REVISION, |_| {});
        let mut keep = [0u8; 13];
        keep.copy_from_slice(&r);
        (keep, ())
    };
    let (rq, _) = parse(&req).unwrap();
    assert_eq!(
        rq.header(),
        Header::Service {
            flags: 0,
            txn: 0x1234
        }
    );
    let m = build(
        |b| {
            b.tlv(dms::TLV_VALUE, b"RM500Q");
        },
        |buf| Builder::response(buf, &rq, QmiResult::SUCCESS),
    );
    assert_eq!(
        m,
        [
            0x01, 0x1c, 0x00, 0x80, 0x02, 0x02, 0x02, 0x34, 0x12, 0x23, 0x00, 0x10, 0x00, 0x02,
            0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x06, 0x00, b'R', b'M', b'5', b'0', b'0',
            b'Q'
        ]
    );
    let (p, n) = parse(&m).unwrap();
    assert_eq!(n, m.len());
    assert!(p.is_response() && !p.is_request());
    assert_eq!(p.qmux_flags, qmux_flags::MODEM);
    assert_eq!(p.result(), Some(QmiResult::SUCCESS));
    assert!(p.result().unwrap().is_success());
    assert_eq!(p.tlv(dms::TLV_VALUE), Some(&b"RM500Q"[..]));
    assert!(p.tlvs_ok());
}

#[test]
fn ctl_response_and_indication_flags() {
    let req = request(service::CTL, 0, 7, ctl::SYNC, |_| {});
    let (rq, _) = parse(&req).unwrap();
    let m = build(
        |_| {},
        |b| Builder::response(b, &rq, QmiResult::failure(error::INTERNAL)),
    );
    let (p, _) = parse(&m).unwrap();
    assert_eq!(p.header(), Header::Ctl { flags: 1, txn: 7 });
    assert!(p.is_response());
    assert_eq!(
        p.result(),
        Some(QmiResult {
            status: 1,
            error: 3
        })
    );
    let ind = build(
        |_| {},
        |b| Builder::indication(b, service::CTL, 0, ctl::SYNC),
    );
    let (p, _) = parse(&ind).unwrap();
    assert!(p.is_indication() && !p.is_response());
    let ind = build(
        |_| {},
        |b| Builder::indication(b, service::WDS, 0xff, wds::PACKET_SERVICE_STATUS_IND),
    );
    let (p, _) = parse(&ind).unwrap();
    assert!(p.is_indication() && !p.is_response() && !p.is_request());
    assert_eq!((p.client, p.flags), (0xff, svc_flags::INDICATION));
}

#[test]
fn parse_errors() {
    let good = request(service::WDS, 1, 2, wds::START_NETWORK, |b| {
        b.u8(wds::TLV_START_IP_FAMILY, 4);
    });
    assert_eq!(parse(&[]), Err(Error::TooShort));
    assert_eq!(parse(&[0x02, 5, 0]), Err(Error::BadMarker));
    assert_eq!(parse(&[0x01, 5]), Err(Error::TooShort));
    assert_eq!(parse(&[0x01, 3, 0, 0]), Err(Error::TooShort));
    assert_eq!(parse(&good[..good.len() - 1]), Err(Error::Truncated));
    // QMUX length covering only part of the service header.
    let mut m = good.clone();
    m[1] = 8;
    assert_eq!(parse(&m[..9]), Err(Error::TooShort));
    // TLV length disagreeing.
    let mut m = good.clone();
    m[11] += 1;
    assert_eq!(parse(&m), Err(Error::LengthMismatch));
    // A CTL message too short for its header.
    assert_eq!(
        parse(&[0x01, 8, 0, 0, 0, 0, 0, 1, 0x22]),
        Err(Error::TooShort)
    );
    // Trailing bytes are not ours.
    let mut m = good.clone();
    m.extend_from_slice(&[0xde, 0xad]);
    let (_, n) = parse(&m).unwrap();
    assert_eq!(n, good.len());
}

#[test]
fn message_len_of_stream() {
    let a = request(service::CTL, 0, 1, ctl::SYNC, |_| {});
    let b = request(service::WDS, 3, 9, wds::GET_PACKET_SERVICE_STATUS, |_| {});
    let mut s = a.clone();
    s.extend_from_slice(&b);
    assert_eq!(message_len(&s), Ok(Some(a.len())));
    assert_eq!(message_len(&s[a.len()..]), Ok(Some(b.len())));
    assert_eq!(message_len(&[]), Ok(None));
    assert_eq!(message_len(&[1, 2]), Ok(None));
    assert_eq!(message_len(&[9]), Err(Error::BadMarker));
}

#[test]
fn tlv_iteration() {
    let area = [
        0x01, 0x01, 0x00, 0xaa, 0x10, 0x00, 0x00, 0x11, 0x02, 0x00, 1, 2,
    ];
    let v: Vec<_> = Tlvs::new(&area).collect();
    assert_eq!(
        v,
        [
            Ok(Tlv {
                ty: 1,
                value: &[0xaa][..]
            }),
            Ok(Tlv {
                ty: 0x10,
                value: &[][..]
            }),
            Ok(Tlv {
                ty: 0x11,
                value: &[1, 2][..]
            }),
        ]
    );
    assert_eq!(find_tlv(&area, 0x11), Some(&[1u8, 2][..]));
    assert_eq!(find_tlv(&area, 0x12), None);
    // An overrun ends the walk with one error; TLVs after it are not found.
    let bad = [
        0x01, 0x01, 0x00, 0xaa, 0x02, 0x05, 0x00, 1, 0x03, 0x00, 0x00,
    ];
    let v: Vec<_> = Tlvs::new(&bad).collect();
    assert_eq!(v.len(), 2);
    assert_eq!(v[1], Err(Error::TlvOverrun));
    assert_eq!(find_tlv(&bad, 0x03), None);
    assert_eq!(find_tlv(&bad, 0x01), Some(&[0xaa][..]));
    // A lone type byte, or a type and one length byte.
    assert_eq!(Tlvs::new(&[0x01]).next(), Some(Err(Error::TlvOverrun)));
    assert_eq!(
        Tlvs::new(&[0x01, 0x00]).next(),
        Some(Err(Error::TlvOverrun))
    );
    let m = request(service::WDS, 1, 1, 0x20, |b| {
        b.tlv(1, &[]);
    });
    let (mut p, _) = parse(&m).unwrap();
    assert!(p.tlvs_ok());
    p.tlvs = &bad;
    assert!(!p.tlvs_ok());
}

#[test]
fn values() {
    assert_eq!(value_u8(&[]), Err(Error::ShortValue));
    assert_eq!(value_u8(&[7, 8]), Ok(7));
    assert_eq!(value_u16(&[1]), Err(Error::ShortValue));
    assert_eq!(value_u16(&[0x34, 0x12]), Ok(0x1234));
    assert_eq!(value_u32(&[1, 2, 3]), Err(Error::ShortValue));
    assert_eq!(value_u32(&[0x78, 0x56, 0x34, 0x12, 9]), Ok(0x1234_5678));
    assert_eq!(QmiResult::parse(&[0, 0, 0]), Err(Error::ShortValue));
    assert_eq!(
        QmiResult::parse(&[1, 0, 71, 0]),
        Ok(QmiResult::failure(error::INVALID_QMI_COMMAND))
    );
    assert_eq!(QmiResult::failure(94).encode(), [1, 0, 94, 0]);
}

#[test]
fn addresses() {
    // transports.md: 10.64.0.2 travels as 02 00 40 0a.
    assert_eq!(ipv4_value([10, 64, 0, 2]), [0x02, 0x00, 0x40, 0x0a]);
    assert_eq!(
        ipv4_from_value(&[0x02, 0x00, 0x40, 0x0a]),
        Ok([10, 64, 0, 2])
    );
    assert_eq!(ipv4_from_value(&[1, 2]), Err(Error::ShortValue));
    let a = [0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2];
    let v = ipv6_value(a, 64);
    assert_eq!(&v[..16], &a);
    assert_eq!(v[16], 64);
    assert_eq!(ipv6_from_value(&v), Ok((a, 64)));
    assert_eq!(ipv6_from_value(&v[..16]), Err(Error::ShortValue));
    assert_eq!(ipv4_mask(30), [255, 255, 255, 252]);
    assert_eq!(ipv4_mask(0), [0, 0, 0, 0]);
    assert_eq!(ipv4_mask(32), [255; 4]);
    assert_eq!(ipv4_mask(40), [255; 4]);
    assert_eq!(ipv4_mask(8), [255, 0, 0, 0]);
}

#[test]
fn wda_set_data_format_ids_differ() {
    // qmicli's QMAP request: the uplink limits in 0x1B/0x1C.
    let want = DataFormat {
        link_layer: Some(wda::LINK_RAW_IP),
        ul_protocol: Some(wda::AGG_QMAP),
        dl_protocol: Some(wda::AGG_QMAP),
        dl_max_datagrams: Some(32),
        dl_max_size: Some(16384),
        endpoint: Some(Endpoint {
            ep_type: wda::EP_HSUSB,
            iface: 4,
        }),
        ul_max_datagrams: Some(11),
        ul_max_size: Some(8192),
        ..DataFormat::default()
    };
    let m = request(service::WDA, 1, 1, wda::SET_DATA_FORMAT, |b| {
        want.write_set_request(b)
    });
    let (p, _) = parse(&m).unwrap();
    assert_eq!(p.tlv(0x1b), Some(&11u32.to_le_bytes()[..]));
    assert_eq!(p.tlv(0x1c), Some(&8192u32.to_le_bytes()[..]));
    assert_eq!(p.tlv(0x17), Some(&[2, 0, 0, 0, 4, 0, 0, 0][..]));
    assert_eq!(DataFormat::parse_set_request(p.tlvs), Ok(want));
    // The response: uplink limits in 0x17/0x18, no endpoint.
    let rsp = DataFormat {
        endpoint: None,
        dl_min_padding: Some(0),
        flow_control: Some(0),
        qos: Some(0),
        ndp_signature: Some(0),
        ..want
    };
    let m = build(
        |b| rsp.write_response(b),
        |b| Builder::response(b, &p, QmiResult::SUCCESS),
    );
    let (r, _) = parse(&m).unwrap();
    assert_eq!(r.tlv(0x17), Some(&11u32.to_le_bytes()[..]));
    assert_eq!(r.tlv(0x18), Some(&8192u32.to_le_bytes()[..]));
    assert_eq!(r.tlv(0x1b), Some(&[0u8][..]));
    assert_eq!(r.tlv(0x1c), None);
    assert_eq!(DataFormat::parse_response(r.tlvs), Ok(rsp));
    // A malformed value is an error, not a silent default.
    let m = request(service::WDA, 1, 1, wda::SET_DATA_FORMAT, |b| {
        b.tlv(wda::TLV_LINK_LAYER, &[2]);
    });
    let (p, _) = parse(&m).unwrap();
    assert_eq!(
        DataFormat::parse_set_request(p.tlvs),
        Err(Error::ShortValue)
    );
    assert_eq!(
        DataFormat::parse_set_request(&[0x11, 9, 0]),
        Err(Error::TlvOverrun)
    );
    let m = request(service::WDA, 1, 1, wda::SET_DATA_FORMAT, |b| {
        b.tlv(wda::TLV_SET_ENDPOINT, &[2, 0, 0, 0]);
    });
    let (p, _) = parse(&m).unwrap();
    assert_eq!(
        DataFormat::parse_set_request(p.tlvs),
        Err(Error::ShortValue)
    );
    assert_eq!(
        DataFormat::parse_set_request(&[]),
        Ok(DataFormat::default())
    );
}

#[test]
fn wds_requests() {
    let m = request(service::WDS, 5, 3, wds::START_NETWORK, |b| {
        b.tlv(wds::TLV_START_APN, b"internet")
            .u8(wds::TLV_START_IP_FAMILY, wds::FAMILY_IPV6)
            .u8(wds::TLV_START_PROFILE_3GPP, 1)
            .u8(wds::TLV_START_AUTOCONNECT, 0)
            .tlv(wds::TLV_START_USERNAME, b"u");
    });
    let (p, _) = parse(&m).unwrap();
    let s = StartNetwork::parse(p.tlvs).unwrap();
    assert_eq!(s.apn, Some(&b"internet"[..]));
    assert_eq!(s.ip_family, Some(6));
    assert_eq!(s.profile_3gpp, Some(1));
    assert_eq!(s.autoconnect, Some(0));
    assert_eq!(s.username, Some(&b"u"[..]));
    assert_eq!(StartNetwork::parse(&[]), Ok(StartNetwork::default()));
    assert_eq!(StartNetwork::parse(&[0x19, 0, 0]), Err(Error::ShortValue));
    assert_eq!(StartNetwork::parse(&[0x19, 2, 0]), Err(Error::TlvOverrun));

    let m = request(service::WDS, 5, 4, wds::BIND_MUX_DATA_PORT, |b| {
        b.tlv(
            wds::TLV_BIND_ENDPOINT,
            &Endpoint {
                ep_type: 2,
                iface: 4,
            }
            .encode(),
        )
        .u8(wds::TLV_BIND_MUX_ID, 0x81)
        .u8(wds::TLV_BIND_REVERSED, 0)
        .u32(wds::TLV_BIND_CLIENT_TYPE, 1);
    });
    let (p, _) = parse(&m).unwrap();
    let b = BindMux::parse(p.tlvs).unwrap();
    assert_eq!(
        b,
        BindMux {
            endpoint: Some(Endpoint {
                ep_type: 2,
                iface: 4
            }),
            mux_id: Some(0x81),
            reversed: Some(0),
            client_type: Some(1),
        }
    );
    assert_eq!(BindMux::parse(&[0x10, 1, 0, 2]), Err(Error::ShortValue));
    assert_eq!(BindMux::parse(&[0x10, 1]), Err(Error::TlvOverrun));
    assert_eq!(Endpoint::parse(&[0; 7]), Err(Error::ShortValue));
}

#[test]
fn builder_limits() {
    // Too small for the headers.
    let mut buf = [0u8; 12];
    let b = Builder::new(
        &mut buf,
        0,
        1,
        1,
        Header::Service { flags: 0, txn: 1 },
        0x20,
    );
    assert_eq!(b.finish(), Err(Error::NoRoom));
    // Room for the headers, not for a TLV; the error sticks.
    let mut buf = [0u8; 20];
    let mut b = Builder::new(
        &mut buf,
        0,
        1,
        1,
        Header::Service { flags: 0, txn: 1 },
        0x20,
    );
    b.u8(1, 1).u8(2, 2);
    assert_eq!(b.finish(), Err(Error::NoRoom));
    let mut buf = [0u8; 17];
    let mut b = Builder::new(
        &mut buf,
        0,
        1,
        1,
        Header::Service { flags: 0, txn: 1 },
        0x20,
    );
    b.u8(1, 1);
    assert_eq!(b.finish(), Ok(17));
    // A value longer than a TLV can say.
    let mut buf = vec![0u8; 0x20000];
    let big = vec![0u8; 0x10000];
    let mut b = Builder::new(
        &mut buf,
        0,
        1,
        1,
        Header::Service { flags: 0, txn: 1 },
        0x20,
    );
    b.tlv(1, &big);
    assert_eq!(b.finish(), Err(Error::TooLong));
    // A message longer than QMUX can say.
    let mut b = Builder::new(
        &mut buf,
        0,
        1,
        1,
        Header::Service { flags: 0, txn: 1 },
        0x20,
    );
    b.tlv(1, &big[..0x8000]).tlv(2, &big[..0x8000]);
    assert_eq!(b.finish(), Err(Error::TooLong));
    // The largest that fits parses back.
    let mut b = Builder::new(
        &mut buf,
        0,
        1,
        1,
        Header::Service { flags: 0, txn: 1 },
        0x20,
    );
    b.tlv_parts(1, &[&big[..0x8000], &big[..0x8000 - 16]]);
    let n = b.finish().unwrap();
    assert_eq!(n, MAX_MSG_LEN);
    let (p, len) = parse(&buf[..n]).unwrap();
    assert_eq!(len, n);
    assert_eq!(p.tlv(1).map(|v| v.len()), Some(0xfff0));
}

#[test]
fn names() {
    assert_eq!(service_name(service::WDA), "wda");
    assert_eq!(service_name(0x77), "unknown");
    assert_eq!(
        message_name(service::WDS, wds::BIND_MUX_DATA_PORT),
        "bind-mux-data-port"
    );
    assert_eq!(message_name(service::CTL, ctl::SYNC), "sync");
    assert_eq!(
        message_name(service::WDA, wda::SET_DATA_FORMAT),
        "set-data-format"
    );
    assert_eq!(message_name(service::NAS, 0x7777), "unknown");
    for e in [
        Error::TooShort,
        Error::BadMarker,
        Error::Truncated,
        Error::LengthMismatch,
        Error::TlvOverrun,
        Error::ShortValue,
        Error::NoRoom,
        Error::TooLong,
    ] {
        assert!(!e.name().is_empty());
    }
}
