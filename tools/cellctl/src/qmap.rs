// SPDX-License-Identifier: GPL-2.0
//! `cellctl qmap`: the verbs of the qmap family (gen/qmap.rs, from
//! Documentation/netlink/specs/qmap.yaml) and their arguments.
//!
//! A port is a parent netdev carrying QMAP; a channel is a child netdev for
//! one mux id of a port.

use crate::args;
use crate::error::Error;
use crate::gen::qmap::{
    ChanDelRequest, ChanGetRequest, ChanNewRequest, Notification, PortGetRequest, PortSetRequest,
};
use crate::schema::Request;
use crate::{ops, Ctx, Module};

pub const MODULE: Module = Module {
    name: "qmap",
    summary: "QMAP channels multiplexed over a modem netdev",
    usage: USAGE,
    help: HELP,
    run,
};

const USAGE: &str = "\
Usage: cellctl [--json] qmap add PARENT MUXID [name NAME] [mtu N]
       cellctl [--json] qmap del DEV
       cellctl [--json] qmap show [DEV]
       cellctl [--json] qmap port show [PARENT]
       cellctl [--json] qmap port set PARENT [csum none|v4|v5] [deaggregation on|off]
                                     [agg-datagrams N] [agg-bytes N] [agg-time USEC]
       cellctl [--json] qmap monitor [--count N]";

const HELP: &str = "\
A port is a parent netdev that carries QMAP (e.g. mhi0); a channel is a
child netdev for one mux id of a port. The port is attached when its first
channel is created and detached when its last channel is deleted.
PARENT and DEV are device names or decimal ifindexes.

Verbs:
  add        create a channel for mux id MUXID (1..254, decimal or 0x hex)
             on PARENT; the kernel picks NAME when omitted, and N is the
             channel's MTU
  del        delete the channel DEV
  show       show channel DEV, or all channels: parent, mux id, MTU, flow
             state and counters
  port show  show port PARENT, or all ports: framing, aggregation and
             counters
  port set   change port PARENT: checksum variant (csum), splitting of
             downlink buffers (deaggregation), and uplink aggregation
             limits: datagrams per buffer (agg-datagrams; 0 or 1 turns
             aggregation off), bytes per buffer (agg-bytes), and how long
             a frame waits for others in microseconds (agg-time); give at
             least one
  monitor    print channel creations, deletions and flow changes as they
             happen; stop after N of them with --count

Keywords also go by the spec's attribute names (e.g. ul-agg-max-bytes).
'add', 'del' and 'port set' need CAP_NET_ADMIN.";

/// `qmap add` keywords: (command line, spec attribute).
const ADD_KEYWORDS: &[(&str, &str)] = &[("name", "name"), ("mtu", "mtu")];

/// `qmap port set` keywords: (command line, spec attribute).
const PORT_SET_KEYWORDS: &[(&str, &str)] = &[
    ("csum", "csum"),
    ("deaggregation", "deaggregation"),
    ("agg-datagrams", "ul-agg-max-datagrams"),
    ("agg-bytes", "ul-agg-max-bytes"),
    ("agg-time", "ul-agg-time-us"),
];

/// A parsed `cellctl qmap` command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cmd {
    Add(ChanNewRequest),
    Del(ChanDelRequest),
    Show(ChanGetRequest),
    PortShow(PortGetRequest),
    PortSet(PortSetRequest),
    Monitor { count: Option<u64> },
}

/// An optional DEV argument of a show verb.
fn show_req<'a, R: Request>(
    rest: &mut impl Iterator<Item = &'a str>,
    index: &str,
    name: &str,
) -> Result<R, String> {
    let mut req = R::default();
    if let Some(dev) = rest.next() {
        args::dev(&mut req, dev, index, name)?;
    }
    Ok(req)
}

/// Parses the words after `qmap` (global options already removed).
pub fn parse_args(args: &[String]) -> Result<Cmd, Error> {
    let Some((verb, rest)) = args.split_first() else {
        return Err(Error::usage("qmap: missing verb"));
    };
    let mut rest = rest.iter().map(String::as_str);
    let mut ctx = format!("qmap {verb}");
    let cmd = (|| match verb.as_str() {
        "add" => {
            let mut req = ChanNewRequest::default();
            let parent = rest.next().ok_or("missing PARENT")?;
            args::dev(&mut req, parent, "parent-ifindex", "parent-name")?;
            let mux_id = rest.next().ok_or("missing MUXID")?;
            args::set(&mut req, "mux-id", mux_id)?;
            args::keywords(&mut req, &mut rest, ADD_KEYWORDS)?;
            Ok(Cmd::Add(req))
        }
        "del" => {
            let mut req = ChanDelRequest::default();
            let dev = rest.next().ok_or("missing DEV")?;
            args::dev(&mut req, dev, "ifindex", "name")?;
            Ok(Cmd::Del(req))
        }
        "show" => Ok(Cmd::Show(show_req(&mut rest, "ifindex", "name")?)),
        "monitor" => Ok(Cmd::Monitor {
            count: args::count(&mut rest)?,
        }),
        "port" => {
            let sub = rest.next().ok_or("missing verb (show or set)")?;
            ctx = format!("qmap port {sub}");
            match sub {
                "show" => Ok(Cmd::PortShow(show_req(&mut rest, "ifindex", "name")?)),
                "set" => {
                    let mut req = PortSetRequest::default();
                    let port = rest.next().ok_or("missing PARENT")?;
                    args::dev(&mut req, port, "ifindex", "name")?;
                    let before = req.clone();
                    args::keywords(&mut req, &mut rest, PORT_SET_KEYWORDS)?;
                    if req == before {
                        return Err("nothing to set (give csum, deaggregation, \
                                    agg-datagrams, agg-bytes or agg-time)"
                            .to_string());
                    }
                    Ok(Cmd::PortSet(req))
                }
                other => {
                    ctx = "qmap port".into();
                    Err(format!("unknown verb '{other}'"))
                }
            }
        }
        other => {
            ctx = "qmap".into();
            Err(format!("unknown verb '{other}'"))
        }
    })()
    .and_then(|cmd| match rest.next() {
        Some(extra) => Err(format!("unexpected '{extra}'")),
        None => Ok(cmd),
    });
    cmd.map_err(|e: String| Error::usage(format!("{ctx}: {e}")))
}

fn run(ctx: &Ctx, args: &[String]) -> Result<(), Error> {
    match parse_args(args)? {
        Cmd::Add(req) => ops::create(ctx, &req),
        Cmd::Del(req) => ops::change(&req),
        Cmd::Show(req) => ops::show(ctx, &req),
        Cmd::PortShow(req) => ops::show(ctx, &req),
        Cmd::PortSet(req) => ops::change(&req),
        Cmd::Monitor { count } => ops::monitor::<Notification>(ctx, count),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attr::{put_bytes, put_str, put_u32, put_u64, Attrs};
    use crate::gen::qmap::{attrs, cmd, enums, Chan, Port};
    use crate::genl::GenlMsg;
    use crate::nl::{encode_msg, parse_msgs};
    use crate::schema::{Notify, Reply};

    fn argv(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    fn parse(s: &str) -> Result<Cmd, Error> {
        parse_args(&argv(s))
    }

    fn usage_err(s: &str) -> String {
        match parse(s) {
            Err(e @ Error::Usage(_)) => {
                assert_eq!(e.exit_code(), 2);
                e.to_string()
            }
            other => panic!("{s:?}: expected a usage error, got {other:?}"),
        }
    }

    fn chan_new(parent: &str, mux_id: u32) -> ChanNewRequest {
        let mut req = ChanNewRequest {
            mux_id: Some(mux_id),
            ..Default::default()
        };
        match parent.parse() {
            Ok(n) => req.parent_ifindex = Some(n),
            Err(_) => req.parent_name = Some(parent.into()),
        }
        req
    }

    fn sample_chan() -> Chan {
        Chan {
            ifindex: Some(7),
            name: Some("rmnet_mhi0.1".into()),
            parent_ifindex: Some(3),
            parent_name: Some("mhi0".into()),
            mux_id: Some(0x81),
            mtu: Some(1500),
            flow_off: Some(0),
            rx_packets: Some(5),
            rx_bytes: Some(420),
            rx_dropped: Some(2),
            tx_packets: Some(5),
            tx_bytes: Some(420),
            tx_dropped: Some(0),
            tx_csum_offload: Some(3),
        }
    }

    /// A chan message as the kernel sends it: uints of 4 bytes, or 8 for
    /// values past u32 (a few here, as 8 bytes anyway: the parser takes
    /// both); unknown attributes of a newer kernel.
    fn sample_chan_attrs(unknown: bool) -> Vec<u8> {
        use attrs::chan as c;
        let mut a = Vec::new();
        put_u32(&mut a, c::IFINDEX, 7);
        put_str(&mut a, c::NAME, "rmnet_mhi0.1");
        put_u32(&mut a, c::PARENT_IFINDEX, 3);
        put_str(&mut a, c::PARENT_NAME, "mhi0");
        put_u32(&mut a, c::MUX_ID, 0x81);
        put_u32(&mut a, c::MTU, 1500);
        put_u32(&mut a, c::FLOW_OFF, 0);
        if unknown {
            put_str(&mut a, 42, "from the future");
            put_bytes(&mut a, 43, &[1, 2, 3]);
        }
        for (i, (ty, v)) in [
            (c::RX_PACKETS, 5),
            (c::RX_BYTES, 420),
            (c::RX_DROPPED, 2),
            (c::TX_PACKETS, 5),
            (c::TX_BYTES, 420),
            (c::TX_DROPPED, 0),
            (c::TX_CSUM_OFFLOAD, 3),
        ]
        .into_iter()
        .enumerate()
        {
            if i % 2 == 0 {
                put_u32(&mut a, ty, v as u32);
            } else {
                put_u64(&mut a, ty, v);
            }
        }
        a
    }

    fn sample_port() -> Port {
        Port {
            ifindex: Some(3),
            name: Some("veth0".into()),
            csum: Some(enums::csum::V5),
            deaggregation: Some(1),
            ul_agg_max_datagrams: Some(11),
            ul_agg_max_bytes: Some(8192),
            ul_agg_time_us: Some(500),
            channels: Some(2),
            rx_buffers: Some(12),
            rx_frames: Some(40),
            rx_copied: Some(4),
            rx_buffer_errors: Some(0),
            tx_buffers: Some(9),
            cmd_flow_disable: Some(1),
            cmd_flow_enable: Some(1),
            cmd_unknown: Some(0),
            cmd_acks: Some(2),
            drop_zero_length: Some(0),
            drop_past_buffer: Some(1),
            drop_truncated_header: Some(0),
            drop_pad_too_long: Some(1),
            drop_missing_v5_header: Some(0),
            drop_bad_v5_header: Some(0),
            drop_not_ip: Some(1),
            drop_short_command: Some(0),
            drop_unknown_mux_id: Some(2),
            csum_verified: Some(30),
            csum_fail_not_valid: Some(1),
            csum_fail_truncated: Some(0),
            csum_fail_bad_ip_header: Some(0),
            csum_fail_fragment: Some(2),
            csum_fail_not_tcp_udp: Some(0),
            csum_fail_mismatch: Some(1),
        }
    }

    /// The port message of [`sample_port`]: counters as uints of 4 bytes,
    /// and one past u32 as 8.
    fn sample_port_attrs(unknown: bool) -> Vec<u8> {
        use attrs::port as p;
        let mut a = Vec::new();
        put_u32(&mut a, p::IFINDEX, 3);
        put_str(&mut a, p::NAME, "veth0");
        put_u32(&mut a, p::CSUM, 2);
        put_u32(&mut a, p::DEAGGREGATION, 1);
        put_u32(&mut a, p::UL_AGG_MAX_DATAGRAMS, 11);
        put_u32(&mut a, p::UL_AGG_MAX_BYTES, 8192);
        put_u32(&mut a, p::UL_AGG_TIME_US, 500);
        put_u32(&mut a, p::CHANNELS, 2);
        if unknown {
            put_u64(&mut a, 99, 1);
        }
        let counters = [
            12, 40, 4, 0, 9, 1, 1, 0, 2, 0, 1, 0, 1, 0, 0, 1, 0, 2, 30, 1, 0, 0, 2, 0, 1,
        ];
        for (ty, v) in (p::RX_BUFFERS..).zip(counters) {
            put_u32(&mut a, ty, v);
        }
        a
    }

    const PORT_TEXT: &str = "\
veth0: ifindex 3 csum v5 deaggregation on ul-agg-max-datagrams 11 ul-agg-max-bytes 8192 \
ul-agg-time-us 500 channels 2
  rx: 12 buffers, 40 frames, 4 copied, 0 buffer-errors
  tx: 9 buffers
  cmd: 1 flow-disable, 1 flow-enable, 0 unknown, 2 acks
  drop: 0 zero-length, 1 past-buffer, 0 truncated-header, 1 pad-too-long, \
0 missing-v5-header, 0 bad-v5-header, 1 not-ip, 0 short-command, 2 unknown-mux-id
  csum: 30 verified, 1 fail-not-valid, 0 fail-truncated, 0 fail-bad-ip-header, \
2 fail-fragment, 0 fail-not-tcp-udp, 1 fail-mismatch";

    #[test]
    fn parse_add() {
        assert_eq!(
            parse("add mhi0 0x81").unwrap(),
            Cmd::Add(chan_new("mhi0", 0x81))
        );
        assert_eq!(
            parse("add 3 129 name rmnet0 mtu 1400").unwrap(),
            Cmd::Add(ChanNewRequest {
                name: Some("rmnet0".into()),
                mtu: Some(1400),
                ..chan_new("3", 0x81)
            })
        );
        assert_eq!(
            parse("add mhi0 1 mtu 0x5dc name a").unwrap(),
            Cmd::Add(ChanNewRequest {
                name: Some("a".into()),
                mtu: Some(1500),
                ..chan_new("mhi0", 1)
            })
        );
        usage_err("add");
        usage_err("add mhi0");
        usage_err("add 0 0x81");
        usage_err("add mhi/0 0x81");
        usage_err("add mhi0 0x81 name");
        usage_err("add mhi0 0x81 name abcdefghijklmnop");
        usage_err("add mhi0 0x81 name a name b");
        usage_err("add mhi0 0x81 mtu");
        usage_err("add mhi0 0x81 mtu big");
        usage_err("add mhi0 0x81 mtu -1");
        usage_err("add mhi0 0x81 mtu 67");
        usage_err("add mhi0 0x81 mtu 1500 mtu 1400");
        usage_err("add mhi0 0x81 peer x");
        usage_err("add mhi0 0x81 parent-name x");
        usage_err("add mhi0 0x81 extra");
        assert_eq!(
            usage_err("add mhi0 0x81 mtu 16385"),
            "qmap add: invalid mtu '16385' (68..16384, decimal or 0x hex)"
        );
    }

    #[test]
    fn mux_id_decimal_hex_and_range() {
        let mux = |s: &str| match parse(&format!("add mhi0 {s}")) {
            Ok(Cmd::Add(req)) => Ok(req.mux_id.unwrap()),
            Ok(other) => panic!("{other:?}"),
            Err(e) => Err(e.to_string()),
        };
        for (s, want) in [
            ("1", 1),
            ("254", 254),
            ("0x01", 1),
            ("0x81", 0x81),
            ("0X8a", 0x8a),
            ("0xfe", 254),
            ("0xFE", 254),
        ] {
            assert_eq!(mux(s), Ok(want), "{s}");
        }
        for s in [
            "0",
            "0x0",
            "255",
            "0xff",
            "256",
            "0x100",
            "0x",
            "-1",
            "x81",
            "81h",
            "1.5",
            "99999999999",
        ] {
            assert!(mux(s).is_err(), "{s:?} accepted");
        }
        assert_eq!(
            mux("255"),
            Err("qmap add: invalid mux-id '255' (1..254, decimal or 0x hex)".into())
        );
    }

    #[test]
    fn parse_del_show() {
        let del = |ifindex, name: Option<&str>| {
            Cmd::Del(ChanDelRequest {
                ifindex,
                name: name.map(String::from),
            })
        };
        assert_eq!(parse("del 7").unwrap(), del(Some(7), None));
        assert_eq!(
            parse("del rmnet_mhi0.1").unwrap(),
            del(None, Some("rmnet_mhi0.1"))
        );
        usage_err("del");
        usage_err("del 0");
        usage_err("del a b");
        assert_eq!(parse("show").unwrap(), Cmd::Show(Default::default()));
        assert_eq!(
            parse("show 7").unwrap(),
            Cmd::Show(ChanGetRequest {
                ifindex: Some(7),
                name: None
            })
        );
        assert_eq!(
            parse("show x").unwrap(),
            Cmd::Show(ChanGetRequest {
                ifindex: None,
                name: Some("x".into())
            })
        );
        usage_err("show a b");
    }

    #[test]
    fn parse_port_show() {
        assert_eq!(
            parse("port show").unwrap(),
            Cmd::PortShow(Default::default())
        );
        assert_eq!(
            parse("port show mhi0").unwrap(),
            Cmd::PortShow(PortGetRequest {
                ifindex: None,
                name: Some("mhi0".into())
            })
        );
        assert_eq!(
            parse("port show 3").unwrap(),
            Cmd::PortShow(PortGetRequest {
                ifindex: Some(3),
                name: None
            })
        );
        usage_err("port");
        usage_err("port frob");
        usage_err("port show a b");
    }

    #[test]
    fn parse_port_set() {
        let named = PortSetRequest {
            name: Some("mhi0".into()),
            ..Default::default()
        };
        assert_eq!(
            parse("port set mhi0 csum v5").unwrap(),
            Cmd::PortSet(PortSetRequest {
                csum: Some(enums::csum::V5),
                ..named.clone()
            })
        );
        assert_eq!(
            parse(
                "port set 3 agg-time 500 deaggregation off agg-bytes 0x2000 \
                 agg-datagrams 11 csum none"
            )
            .unwrap(),
            Cmd::PortSet(PortSetRequest {
                ifindex: Some(3),
                name: None,
                csum: Some(enums::csum::NONE),
                deaggregation: Some(0),
                ul_agg_max_datagrams: Some(11),
                ul_agg_max_bytes: Some(8192),
                ul_agg_time_us: Some(500),
            })
        );
        assert_eq!(
            parse("port set mhi0 deaggregation on csum v4").unwrap(),
            Cmd::PortSet(PortSetRequest {
                csum: Some(enums::csum::V4),
                deaggregation: Some(1),
                ..named.clone()
            })
        );
        assert_eq!(
            parse("port set mhi0 ul-agg-max-bytes 64").unwrap(),
            Cmd::PortSet(PortSetRequest {
                ul_agg_max_bytes: Some(64),
                ..named.clone()
            }),
            "the spec's names are keywords too"
        );
        usage_err("port set");
        usage_err("port set mhi0");
        usage_err("port set mhi0 csum");
        assert_eq!(
            usage_err("port set mhi0 csum v6"),
            "qmap port set: csum must be none, v4 or v5, not 'v6'"
        );
        usage_err("port set mhi0 deaggregation yes");
        usage_err("port set mhi0 agg-bytes many");
        assert_eq!(
            usage_err("port set mhi0 agg-bytes 63"),
            "qmap port set: invalid agg-bytes '63' (64..65535, decimal or 0x hex)"
        );
        usage_err("port set mhi0 agg-datagrams 65");
        usage_err("port set mhi0 agg-time 1000001");
        usage_err("port set mhi0 agg-time 1 agg-time 2");
        usage_err("port set mhi0 csum v4 csum v5");
        usage_err("port set mhi0 mtu 1500");
    }

    #[test]
    fn parse_monitor_and_bad_verbs() {
        assert_eq!(parse("monitor").unwrap(), Cmd::Monitor { count: None });
        assert_eq!(
            parse("monitor --count 3").unwrap(),
            Cmd::Monitor { count: Some(3) }
        );
        usage_err("monitor --count");
        usage_err("monitor --count 0");
        usage_err("monitor x");
        usage_err("");
        assert_eq!(usage_err("frobnicate"), "qmap: unknown verb 'frobnicate'");
    }

    #[test]
    fn parse_chan_with_uints_and_unknown_attrs() {
        for unknown in [false, true] {
            let attrs = sample_chan_attrs(unknown);
            assert_eq!(Chan::parse(Attrs::new(&attrs)).unwrap(), sample_chan());
        }
    }

    #[test]
    fn parse_chan_flow_event_from_wire() {
        let mut payload = crate::genl::header(cmd::CHAN_FLOW_NTF, 1);
        let mut a = sample_chan_attrs(true);
        put_u32(&mut a, attrs::chan::FLOW_OFF, 1); // the last one wins
        payload.extend(a);
        let wire = encode_msg(0x1e, 0, 0, &payload);
        let g = GenlMsg::parse(&parse_msgs(&wire).unwrap()[0]).unwrap();
        let n = Notification::parse(&g).unwrap().unwrap();
        assert_eq!(n.event(), "flow");
        let Notification::ChanFlowNtf(c) = &n else {
            panic!("{n:?}")
        };
        assert_eq!((c.flow_off, c.mux_id), (Some(1), Some(0x81)));
        assert_eq!(
            ops::format_event(&Ctx { json: false }, &n),
            "flow rmnet_mhi0.1: ifindex 7 parent mhi0 (ifindex 3) mux-id 0x81 mtu 1500 flow-off 1"
        );
    }

    #[test]
    fn parse_chan_bad_lengths() {
        // The integers under 32 bits are gone: a 1-byte mux id is refused.
        let mut a = Vec::new();
        put_bytes(&mut a, attrs::chan::MUX_ID, &[0x81]);
        assert!(Chan::parse(Attrs::new(&a)).is_err());
        let mut a = Vec::new();
        put_bytes(&mut a, attrs::chan::RX_BYTES, &[1, 2, 3]);
        assert!(Chan::parse(Attrs::new(&a)).is_err());
    }

    #[test]
    fn uint_counters_of_4_and_8_bytes() {
        let mut a = Vec::new();
        put_u32(&mut a, attrs::chan::TX_DROPPED, 4);
        put_u64(&mut a, attrs::chan::RX_BYTES, u64::from(u32::MAX) + 1);
        let c = Chan::parse(Attrs::new(&a)).unwrap();
        assert_eq!(c.tx_dropped, Some(4));
        assert_eq!(c.rx_bytes, Some(1 << 32));
        assert_eq!(
            c.format_show(),
            "?:\n  rx: 4294967296 bytes\n  tx: 4 dropped"
        );
    }

    #[test]
    fn parse_port_with_uints_and_unknown_attrs() {
        for unknown in [false, true] {
            let attrs = sample_port_attrs(unknown);
            assert_eq!(Port::parse(Attrs::new(&attrs)).unwrap(), sample_port());
        }
    }

    #[test]
    fn port_partial() {
        let mut a = Vec::new();
        put_u32(&mut a, attrs::port::IFINDEX, 3);
        put_str(&mut a, attrs::port::NAME, "mhi0");
        put_u64(&mut a, attrs::port::DROP_UNKNOWN_MUX_ID, 5);
        put_u32(&mut a, attrs::port::CSUM_FAIL_MISMATCH, 6);
        put_u32(&mut a, 200, 1); // a newer kernel's: ignored
        let p = Port::parse(Attrs::new(&a)).unwrap();
        assert_eq!(p.drop_zero_length, None);
        assert_eq!(
            p.to_json().build().to_json(),
            r#"{"ifindex":3,"name":"mhi0","drop-unknown-mux-id":5,"csum-fail-mismatch":6}"#
        );
        assert_eq!(
            p.format_show(),
            "mhi0: ifindex 3\n  drop: 5 unknown-mux-id\n  csum: 6 fail-mismatch"
        );
    }

    #[test]
    fn human_chan_show() {
        let mut c = sample_chan();
        assert_eq!(
            c.format_show(),
            "rmnet_mhi0.1: ifindex 7 parent mhi0 (ifindex 3) mux-id 0x81 mtu 1500 flow-off 0\n  \
             rx: 5 packets, 420 bytes, 2 dropped\n  \
             tx: 5 packets, 420 bytes, 0 dropped, 3 csum-offload"
        );
        c.flow_off = Some(1);
        c.mux_id = Some(1);
        assert!(c.format_show().starts_with(
            "rmnet_mhi0.1: ifindex 7 parent mhi0 (ifindex 3) mux-id 0x01 mtu 1500 flow-off 1\n"
        ));
        let c = Chan {
            name: Some("x".into()),
            ..Default::default()
        };
        assert_eq!(c.format_show(), "x:");
    }

    #[test]
    fn human_created_and_events() {
        let ctx = Ctx { json: false };
        let c = sample_chan();
        let brief =
            "rmnet_mhi0.1: ifindex 7 parent mhi0 (ifindex 3) mux-id 0x81 mtu 1500 flow-off 0";
        assert_eq!(c.format_brief(), brief);
        for (n, event) in [
            (Notification::ChanNewNtf(c.clone()), "new"),
            (Notification::ChanDelNtf(c.clone()), "del"),
            (Notification::ChanFlowNtf(c.clone()), "flow"),
        ] {
            assert_eq!(ops::format_event(&ctx, &n), format!("{event} {brief}"));
        }
    }

    #[test]
    fn json_chan_and_events() {
        let c = sample_chan();
        let j = r#""ifindex":7,"name":"rmnet_mhi0.1","parent-ifindex":3,"parent-name":"mhi0","mux-id":129,"mtu":1500,"flow-off":0,"rx-packets":5,"rx-bytes":420,"rx-dropped":2,"tx-packets":5,"tx-bytes":420,"tx-dropped":0,"tx-csum-offload":3}"#;
        assert_eq!(c.to_json().build().to_json(), format!("{{{j}"));
        let ctx = Ctx { json: true };
        assert_eq!(
            ops::format_event(&ctx, &Notification::ChanFlowNtf(c.clone())),
            format!(r#"{{"event":"flow",{j}"#)
        );
        assert!(
            ops::format_event(&ctx, &Notification::ChanNewNtf(c.clone()))
                .starts_with(r#"{"event":"new","#)
        );
        assert!(
            ops::format_event(&ctx, &Notification::ChanDelNtf(c)).starts_with(r#"{"event":"del","#)
        );
    }

    #[test]
    fn human_port_show() {
        assert_eq!(sample_port().format_show(), PORT_TEXT);
        let mut p = sample_port();
        p.csum = Some(0);
        p.deaggregation = Some(0);
        assert!(p
            .format_show()
            .starts_with("veth0: ifindex 3 csum none deaggregation off ul-agg-max-datagrams 11 "));
        p.csum = Some(7);
        assert!(p.format_show().contains(" csum 7 "));
    }

    #[test]
    fn json_port() {
        assert_eq!(
            sample_port().to_json().build().to_json(),
            concat!(
                r#"{"ifindex":3,"name":"veth0","csum":"v5","deaggregation":1,"#,
                r#""ul-agg-max-datagrams":11,"ul-agg-max-bytes":8192,"ul-agg-time-us":500,"#,
                r#""channels":2,"rx-buffers":12,"rx-frames":40,"rx-copied":4,"#,
                r#""rx-buffer-errors":0,"tx-buffers":9,"#,
                r#""cmd-flow-disable":1,"cmd-flow-enable":1,"cmd-unknown":0,"cmd-acks":2,"#,
                r#""drop-zero-length":0,"drop-past-buffer":1,"drop-truncated-header":0,"#,
                r#""drop-pad-too-long":1,"drop-missing-v5-header":0,"drop-bad-v5-header":0,"#,
                r#""drop-not-ip":1,"drop-short-command":0,"drop-unknown-mux-id":2,"#,
                r#""csum-verified":30,"csum-fail-not-valid":1,"csum-fail-truncated":0,"#,
                r#""csum-fail-bad-ip-header":0,"csum-fail-fragment":2,"#,
                r#""csum-fail-not-tcp-udp":0,"csum-fail-mismatch":1}"#
            )
        );
        let mut p = sample_port();
        p.csum = Some(9);
        assert!(p.to_json().build().to_json().contains(r#""csum":9,"#));
    }

    use crate::schema::test_util::{decode, encode};

    #[test]
    fn port_set_request_only_given_attrs() {
        use attrs::port as p;
        let Cmd::PortSet(req) = parse("port set mhi0 csum v5").unwrap() else {
            panic!()
        };
        assert_eq!(
            decode(&encode(&req)),
            vec![
                (p::NAME, b"mhi0\0".to_vec()),
                (p::CSUM, 2u32.to_ne_bytes().to_vec()),
            ]
        );
        let Cmd::PortSet(req) = parse("port set 3 agg-time 500 deaggregation off").unwrap() else {
            panic!()
        };
        // Spec order, every integer 32 bits: ifindex, deaggregation, time.
        assert_eq!(
            decode(&encode(&req)),
            vec![
                (p::IFINDEX, 3u32.to_ne_bytes().to_vec()),
                (p::DEAGGREGATION, 0u32.to_ne_bytes().to_vec()),
                (p::UL_AGG_TIME_US, 500u32.to_ne_bytes().to_vec()),
            ]
        );
    }

    #[test]
    fn chan_new_request() {
        use attrs::chan as c;
        let Cmd::Add(req) = parse("add mhi0 0x81 mtu 1400 name a").unwrap() else {
            panic!()
        };
        let types: Vec<u16> = decode(&encode(&req)).into_iter().map(|(t, _)| t).collect();
        assert_eq!(types, [c::PARENT_NAME, c::MUX_ID, c::NAME, c::MTU]);
        let Cmd::Add(req) = parse("add 3 1").unwrap() else {
            panic!()
        };
        assert_eq!(
            decode(&encode(&req)),
            vec![
                (c::PARENT_IFINDEX, 3u32.to_ne_bytes().to_vec()),
                (c::MUX_ID, 1u32.to_ne_bytes().to_vec()),
            ]
        );
    }

    #[test]
    fn kernel_error_wording() {
        let eperm = crate::nl::NlError::Kernel(crate::nl::KernelError {
            errno: libc::EPERM,
            extack: None,
            bad_attr_offset: None,
            missing_type: None,
        });
        let e = Error::from_nl("qmap", "chan-new", eperm);
        assert_eq!(
            e.to_string(),
            "qmap chan-new: operation not permitted (CAP_NET_ADMIN required)"
        );
        assert_eq!(e.exit_code(), 1);
    }

    #[test]
    fn extack_names_a_qmap_attribute() {
        // chan-del with an mtu: the kernel points at it.
        let mut attrs = Vec::new();
        put_str(&mut attrs, attrs::chan::NAME, "veth0.1");
        put_u32(&mut attrs, attrs::chan::MTU, 1500);
        let err = crate::nl::NlError::Kernel(crate::nl::KernelError {
            errno: libc::EINVAL,
            extack: Some("Unsupported attribute".into()),
            bad_attr_offset: Some(16 + 4 + 12),
            missing_type: None,
        });
        let e = Error::from_nl("qmap", "chan-del", err).with_attrs(ChanDelRequest::OP.set, &attrs);
        assert_eq!(
            e.to_string(),
            "qmap chan-del: Invalid argument: Unsupported attribute (attribute mtu)"
        );
    }

    #[test]
    fn help_mentions_every_verb() {
        for verb in ["add", "del", "show", "port show", "port set", "monitor"] {
            assert!(USAGE.contains(&format!("qmap {verb}")), "{verb}");
            assert!(HELP.contains(&format!("\n  {verb} ")), "{verb}");
        }
        for (kw, _) in ADD_KEYWORDS.iter().chain(PORT_SET_KEYWORDS) {
            assert!(USAGE.contains(&format!("[{kw} ")), "{kw}");
        }
    }
}
