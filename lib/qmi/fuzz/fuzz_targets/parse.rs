// SPDX-License-Identifier: GPL-2.0
//! Any byte stream, as cdc-wdm or a pty hands it to a QMI reader: splitting
//! and parsing never panic, every message lies inside the input, the TLV
//! walk stays inside the message and ends, the typed decoders accept or
//! refuse without panicking, and a message rebuilt from what was parsed
//! parses back the same.

#![no_main]

use libfuzzer_sys::fuzz_target;
use qmi::*;

fuzz_target!(|input: &[u8]| {
    let mut rest = input;
    while !rest.is_empty() {
        let len = match message_len(rest) {
            Ok(Some(l)) => l,
            _ => break,
        };
        let (m, n) = match parse(rest) {
            Ok(r) => r,
            Err(_) => break,
        };
        assert_eq!(n, len);
        assert!(n <= rest.len() && n >= QMUX_HDR_LEN);
        let mut walked = 0;
        for t in m.iter() {
            match t {
                Ok(t) => {
                    walked += TLV_HDR_LEN + t.value.len();
                    assert!(walked <= m.tlvs.len());
                    let _ = (value_u8(t.value), value_u16(t.value), value_u32(t.value));
                    let _ = (ipv4_from_value(t.value), ipv6_from_value(t.value));
                    let _ = (QmiResult::parse(t.value), Endpoint::parse(t.value));
                }
                Err(_) => break,
            }
        }
        let _ = m.result();
        let _ = DataFormat::parse_set_request(m.tlvs);
        let _ = DataFormat::parse_response(m.tlvs);
        let _ = StartNetwork::parse(m.tlvs);
        let _ = BindMux::parse(m.tlvs);
        let _ = (service_name(m.service), message_name(m.service, m.msg_id));
        // Rebuild from the parsed fields, TLV by TLV.
        if m.tlvs_ok() {
            let mut buf = vec![0u8; MAX_MSG_LEN];
            let mut b = Builder::new(
                &mut buf,
                m.qmux_flags,
                m.service,
                m.client,
                m.header(),
                m.msg_id,
            );
            for t in m.iter().flatten() {
                b.tlv(t.ty, t.value);
            }
            let k = b.finish().expect("a parsed message fits when rebuilt");
            let (again, k2) = parse(&buf[..k]).expect("a rebuilt message parses");
            assert_eq!(k, k2);
            assert_eq!(again, m);
        }
        rest = &rest[n..];
    }
});
