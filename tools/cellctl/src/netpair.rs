// SPDX-License-Identifier: GPL-2.0
//! `cellctl netpair`: the verbs of the netpair family (gen/netpair.rs,
//! from Documentation/netlink/specs/netpair.yaml) and their arguments.

use crate::args;
use crate::error::Error;
use crate::gen::netpair::{DevDelRequest, DevGetRequest, DevNewRequest, Notification};
use crate::{ops, Ctx, Module};

pub const MODULE: Module = Module {
    name: "netpair",
    summary: "pairs of connected Ethernet devices",
    usage: USAGE,
    help: HELP,
    run,
};

const USAGE: &str = "\
Usage: cellctl [--json] netpair add [NAME] [peer PEER]
       cellctl [--json] netpair del DEV
       cellctl [--json] netpair show [DEV]
       cellctl [--json] netpair monitor [--count N]";

const HELP: &str = "\
NAME and PEER are device names or patterns with %d; the kernel picks them
when omitted. DEV is a device name or a decimal ifindex. 'add' and 'del'
need CAP_NET_ADMIN. 'monitor' prints creations and deletions as they
happen, and stops after N of them with --count.";

/// A parsed `cellctl netpair` command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cmd {
    Add(DevNewRequest),
    Del(DevDelRequest),
    Show(DevGetRequest),
    Monitor { count: Option<u64> },
}

/// Parses the words after `netpair` (global options already removed).
pub fn parse_args(args: &[String]) -> Result<Cmd, Error> {
    let Some((verb, rest)) = args.split_first() else {
        return Err(Error::usage("netpair: missing verb"));
    };
    let ctx = format!("netpair {verb}");
    let usage = |e: String| Error::usage(format!("{ctx}: {e}"));
    let mut rest = rest.iter().map(String::as_str).peekable();
    let cmd = match verb.as_str() {
        "add" => {
            let mut req = DevNewRequest::default();
            if let Some(name) = rest.next_if(|&w| w != "peer") {
                args::set(&mut req, "name", name).map_err(usage)?;
            }
            args::keywords(&mut req, &mut rest, &[("peer", "peer-name")]).map_err(usage)?;
            Cmd::Add(req)
        }
        "del" => {
            let mut req = DevDelRequest::default();
            let dev = rest.next().ok_or_else(|| usage("missing DEV".into()))?;
            args::dev(&mut req, dev, "ifindex", "name").map_err(usage)?;
            Cmd::Del(req)
        }
        "show" => {
            let mut req = DevGetRequest::default();
            if let Some(dev) = rest.next() {
                args::dev(&mut req, dev, "ifindex", "name").map_err(usage)?;
            }
            Cmd::Show(req)
        }
        "monitor" => Cmd::Monitor {
            count: args::count(&mut rest).map_err(usage)?,
        },
        other => return Err(Error::usage(format!("netpair: unknown verb '{other}'"))),
    };
    if let Some(extra) = rest.next() {
        return Err(usage(format!("unexpected '{extra}'")));
    }
    Ok(cmd)
}

fn run(ctx: &Ctx, args: &[String]) -> Result<(), Error> {
    match parse_args(args)? {
        Cmd::Add(req) => ops::create(ctx, &req),
        Cmd::Del(req) => ops::change(&req),
        Cmd::Show(req) => ops::show(ctx, &req),
        Cmd::Monitor { count } => ops::monitor::<Notification>(ctx, count),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attr::{put_bytes, put_str, put_u32, put_u64, Attrs};
    use crate::gen::netpair::{attrs::dev as a, cmd, Dev};
    use crate::genl::GenlMsg;
    use crate::nl::{encode_msg, parse_msgs};
    use crate::schema::{Notify, Reply, Request};

    fn argv(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    fn parse(s: &str) -> Result<Cmd, Error> {
        parse_args(&argv(s))
    }

    fn usage_err(s: &str) {
        match parse(s) {
            Err(Error::Usage(_)) => {}
            other => panic!("{s:?}: expected a usage error, got {other:?}"),
        }
    }

    fn add(name: Option<&str>, peer: Option<&str>) -> Cmd {
        Cmd::Add(DevNewRequest {
            name: name.map(String::from),
            peer_name: peer.map(String::from),
        })
    }

    fn by_index(n: u32) -> DevGetRequest {
        DevGetRequest {
            ifindex: Some(n),
            name: None,
        }
    }

    fn by_name(s: &str) -> DevGetRequest {
        DevGetRequest {
            ifindex: None,
            name: Some(s.into()),
        }
    }

    fn sample() -> Dev {
        Dev {
            ifindex: Some(7),
            name: Some("np0".into()),
            peer_ifindex: Some(8),
            peer_name: Some("np1".into()),
            rx_packets: Some(5),
            rx_bytes: Some(490),
            tx_packets: Some(5),
            tx_bytes: Some(490),
            tx_dropped: Some(0),
        }
    }

    /// A dev message as the kernel sends it: uints of 4 bytes, or 8 when
    /// they do not fit; unknown attributes from a newer kernel.
    fn sample_attrs(unknown: bool) -> Vec<u8> {
        let mut b = Vec::new();
        put_u32(&mut b, a::IFINDEX, 7);
        put_str(&mut b, a::NAME, "np0");
        put_u32(&mut b, a::PEER_IFINDEX, 8);
        put_str(&mut b, a::PEER_NAME, "np1");
        if unknown {
            put_str(&mut b, 42, "from the future");
            put_bytes(&mut b, 43, &[1, 2, 3]);
        }
        put_u32(&mut b, a::RX_PACKETS, 5);
        put_u64(&mut b, a::RX_BYTES, 490);
        put_u32(&mut b, a::TX_PACKETS, 5);
        put_u64(&mut b, a::TX_BYTES, 490);
        put_u32(&mut b, a::TX_DROPPED, 0);
        b
    }

    #[test]
    fn parse_add() {
        assert_eq!(parse("add").unwrap(), add(None, None));
        assert_eq!(parse("add np0").unwrap(), add(Some("np0"), None));
        assert_eq!(
            parse("add np0 peer np1").unwrap(),
            add(Some("np0"), Some("np1"))
        );
        assert_eq!(parse("add peer np%d").unwrap(), add(None, Some("np%d")));
        assert_eq!(
            parse("add np0 peer-name np1").unwrap(),
            add(Some("np0"), Some("np1")),
            "the spec's name is a keyword too"
        );
        usage_err("add peer");
        usage_err("add a b");
        usage_err("add a peer b c");
        usage_err("add a peer b peer c");
        usage_err("add abcdefghijklmnop");
        usage_err("add a peer abcdefghijklmnop");
    }

    #[test]
    fn parse_del_dev_number_vs_name() {
        let del = |r: DevGetRequest| {
            Cmd::Del(DevDelRequest {
                ifindex: r.ifindex,
                name: r.name,
            })
        };
        assert_eq!(parse("del 7").unwrap(), del(by_index(7)));
        assert_eq!(parse("del np0").unwrap(), del(by_name("np0")));
        assert_eq!(parse("del 7a").unwrap(), del(by_name("7a")));
        assert_eq!(parse("del -1").unwrap(), del(by_name("-1")));
        usage_err("del");
        usage_err("del 0");
        usage_err("del 2147483648");
        usage_err("del 99999999999");
        usage_err("del np0 np1");
        usage_err("del a/b");
    }

    #[test]
    fn parse_show() {
        assert_eq!(parse("show").unwrap(), Cmd::Show(DevGetRequest::default()));
        assert_eq!(parse("show 12").unwrap(), Cmd::Show(by_index(12)));
        assert_eq!(parse("show np0").unwrap(), Cmd::Show(by_name("np0")));
        usage_err("show a b");
    }

    #[test]
    fn parse_monitor() {
        assert_eq!(parse("monitor").unwrap(), Cmd::Monitor { count: None });
        assert_eq!(
            parse("monitor --count 2").unwrap(),
            Cmd::Monitor { count: Some(2) }
        );
        assert_eq!(
            parse("monitor --count=3").unwrap(),
            Cmd::Monitor { count: Some(3) }
        );
        usage_err("monitor --count");
        usage_err("monitor --count x");
        usage_err("monitor --count 0");
        usage_err("monitor extra");
    }

    #[test]
    fn parse_bad_verbs() {
        usage_err("");
        usage_err("frobnicate");
    }

    #[test]
    fn parse_dev_with_uints_and_unknown_attrs() {
        for unknown in [false, true] {
            let attrs = sample_attrs(unknown);
            assert_eq!(Dev::parse(Attrs::new(&attrs)).unwrap(), sample());
        }
    }

    #[test]
    fn parse_dev_from_wire_message() {
        // A full dump reply: nlmsghdr + genlmsghdr + attributes.
        let mut payload = crate::genl::header(cmd::DEV_GET, 1);
        payload.extend(sample_attrs(true));
        let wire = encode_msg(0x1d, crate::nl::NLM_F_MULTI, 3, &payload);
        let msgs = parse_msgs(&wire).unwrap();
        let g = GenlMsg::parse(&msgs[0]).unwrap();
        assert_eq!(g.cmd, cmd::DEV_GET);
        assert_eq!(Dev::parse(g.attrs()).unwrap(), sample());
        assert!(Notification::parse(&g).is_none(), "a reply is no event");
    }

    #[test]
    fn parse_dev_partial() {
        let mut b = Vec::new();
        put_u32(&mut b, a::IFINDEX, 9);
        put_str(&mut b, a::NAME, "np4");
        let d = Dev::parse(Attrs::new(&b)).unwrap();
        assert_eq!(d.ifindex, Some(9));
        assert_eq!(d.rx_packets, None);
        assert_eq!(
            d.to_json().build().to_json(),
            r#"{"ifindex":9,"name":"np4"}"#
        );
        assert_eq!(d.format_show(), "np4: ifindex 9");
    }

    #[test]
    fn parse_dev_bad_uint() {
        let mut b = Vec::new();
        put_bytes(&mut b, a::RX_BYTES, &[1, 2, 3]);
        assert!(Dev::parse(Attrs::new(&b)).is_err());
    }

    #[test]
    fn human_show() {
        assert_eq!(
            sample().format_show(),
            "np0: ifindex 7 peer np1 (ifindex 8)\n  \
             rx: 5 packets, 490 bytes\n  \
             tx: 5 packets, 490 bytes, 0 dropped"
        );
    }

    #[test]
    fn human_created_and_events() {
        let ctx = Ctx { json: false };
        assert_eq!(
            format!("created {}", sample().format_brief()),
            "created np0: ifindex 7 peer np1 (ifindex 8)"
        );
        assert_eq!(
            ops::format_event(&ctx, &Notification::DevNewNtf(sample())),
            "new np0: ifindex 7 peer np1 (ifindex 8)"
        );
        assert_eq!(
            ops::format_event(&ctx, &Notification::DevDelNtf(sample())),
            "del np0: ifindex 7 peer np1 (ifindex 8)"
        );
    }

    #[test]
    fn json_dev_and_event() {
        assert_eq!(
            sample().to_json().build().to_json(),
            r#"{"ifindex":7,"name":"np0","peer-ifindex":8,"peer-name":"np1","rx-packets":5,"rx-bytes":490,"tx-packets":5,"tx-bytes":490,"tx-dropped":0}"#
        );
        let j = ops::format_event(&Ctx { json: true }, &Notification::DevDelNtf(sample()));
        assert!(
            j.starts_with(r#"{"event":"del","ifindex":7,"name":"np0""#),
            "{j}"
        );
    }

    #[test]
    fn notifications_by_command() {
        let mut payload = crate::genl::header(cmd::DEV_NEW_NTF, 1);
        payload.extend(sample_attrs(false));
        let wire = encode_msg(0x1d, 0, 0, &payload);
        let g = GenlMsg::parse(&parse_msgs(&wire).unwrap()[0]).unwrap();
        let n = Notification::parse(&g).unwrap().unwrap();
        assert_eq!(n, Notification::DevNewNtf(sample()));
        assert_eq!(n.event(), "new");
    }

    #[test]
    fn request_attrs() {
        let mut buf = Vec::new();
        by_index(7).encode(&mut buf);
        assert_eq!(buf[..4], [8, 0, a::IFINDEX as u8, 0]);
        let mut buf = Vec::new();
        by_name("np0").encode(&mut buf);
        assert_eq!(buf, vec![8, 0, a::NAME as u8, 0, b'n', b'p', b'0', 0]);
        let mut buf = Vec::new();
        DevNewRequest::default().encode(&mut buf);
        assert!(buf.is_empty());
    }
}
