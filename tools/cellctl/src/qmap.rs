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
