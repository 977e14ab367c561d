// SPDX-License-Identifier: GPL-2.0
//! `cellctl netpair`: the netpair generic netlink family
//! (Documentation/netlink/specs/netpair.yaml).

use crate::attr::{self, Attrs, ParseError};
use crate::error::Error;
use crate::genl::{Family, GenlSocket};
use crate::json::{Object, Value};
use crate::{emit, Ctx, Module};

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

const FAMILY: &str = "netpair";
const GROUP_EVENTS: &str = "events";

/// Longest interface name (IFNAMSIZ - 1).
const MAX_NAME_LEN: usize = 15;

// Commands.
const CMD_DEV_NEW: u8 = 1;
const CMD_DEV_DEL: u8 = 2;
const CMD_DEV_GET: u8 = 3;
const CMD_DEV_NEW_NTF: u8 = 4;
const CMD_DEV_DEL_NTF: u8 = 5;

// Attributes of the "dev" set.
const A_IFINDEX: u16 = 1;
const A_NAME: u16 = 2;
const A_PEER_IFINDEX: u16 = 3;
const A_PEER_NAME: u16 = 4;
const A_RX_PACKETS: u16 = 5;
const A_RX_BYTES: u16 = 6;
const A_TX_PACKETS: u16 = 7;
const A_TX_BYTES: u16 = 8;
const A_TX_DROPPED: u16 = 9;
const A_PAD: u16 = 10;

/// A device given on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DevRef {
    Index(u32),
    Name(String),
}

impl DevRef {
    /// A decimal number is an ifindex; anything else is a name.
    pub fn parse(s: &str) -> Result<DevRef, Error> {
        if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
            return match s.parse::<u32>() {
                Ok(n) if n > 0 => Ok(DevRef::Index(n)),
                _ => Err(Error::usage(format!("invalid ifindex '{s}'"))),
            };
        }
        check_name(s)?;
        Ok(DevRef::Name(s.to_string()))
    }

    fn put(&self, buf: &mut Vec<u8>) {
        match self {
            DevRef::Index(n) => attr::put_u32(buf, A_IFINDEX, *n),
            DevRef::Name(s) => attr::put_str(buf, A_NAME, s),
        }
    }
}

fn check_name(s: &str) -> Result<(), Error> {
    if s.is_empty() {
        return Err(Error::usage("empty device name"));
    }
    if s.len() > MAX_NAME_LEN {
        return Err(Error::usage(format!(
            "device name '{s}' too long (at most {MAX_NAME_LEN} bytes)"
        )));
    }
    Ok(())
}

/// A parsed `cellctl netpair` command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cmd {
    Add {
        name: Option<String>,
        peer: Option<String>,
    },
    Del(DevRef),
    Show(Option<DevRef>),
    Monitor {
        count: Option<u64>,
    },
}

/// Parses the words after `netpair` (global options already removed).
pub fn parse_args(args: &[String]) -> Result<Cmd, Error> {
    let Some((verb, rest)) = args.split_first() else {
        return Err(Error::usage("netpair: missing verb"));
    };
    let mut rest = rest.iter().map(String::as_str);
    let cmd = match verb.as_str() {
        "add" => {
            let (mut name, mut peer) = (None, None);
            while let Some(word) = rest.next() {
                if word == "peer" {
                    let p = rest
                        .next()
                        .ok_or_else(|| Error::usage("netpair add: 'peer' needs a name"))?;
                    if peer.replace(p.to_string()).is_some() {
                        return Err(Error::usage("netpair add: peer given twice"));
                    }
                } else if name.is_none() && peer.is_none() {
                    name = Some(word.to_string());
                } else {
                    return Err(Error::usage(format!("netpair add: unexpected '{word}'")));
                }
            }
            for n in name.iter().chain(peer.iter()) {
                check_name(n)?;
            }
            return Ok(Cmd::Add { name, peer });
        }
        "del" => {
            let dev = rest
                .next()
                .ok_or_else(|| Error::usage("netpair del: missing DEV"))?;
            Cmd::Del(DevRef::parse(dev)?)
        }
        "show" => Cmd::Show(rest.next().map(DevRef::parse).transpose()?),
        "monitor" => {
            let mut count = None;
            while let Some(word) = rest.next() {
                let value = match word.strip_prefix("--count=") {
                    Some(v) => v,
                    None if word == "--count" || word == "-c" => rest
                        .next()
                        .ok_or_else(|| Error::usage("netpair monitor: --count needs a number"))?,
                    None => {
                        return Err(Error::usage(format!(
                            "netpair monitor: unexpected '{word}'"
                        )))
                    }
                };
                match value.parse::<u64>() {
                    Ok(n) if n > 0 => count = Some(n),
                    _ => {
                        return Err(Error::usage(format!(
                            "netpair monitor: invalid count '{value}'"
                        )))
                    }
                }
            }
            return Ok(Cmd::Monitor { count });
        }
        other => return Err(Error::usage(format!("netpair: unknown verb '{other}'"))),
    };
    if let Some(extra) = rest.next() {
        return Err(Error::usage(format!(
            "netpair {verb}: unexpected '{extra}'"
        )));
    }
    Ok(cmd)
}

/// One device as the kernel describes it. Attributes the kernel did not
/// send are `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dev {
    pub ifindex: Option<u32>,
    pub name: Option<String>,
    pub peer_ifindex: Option<u32>,
    pub peer_name: Option<String>,
    pub rx_packets: Option<u64>,
    pub rx_bytes: Option<u64>,
    pub tx_packets: Option<u64>,
    pub tx_bytes: Option<u64>,
    pub tx_dropped: Option<u64>,
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map_or_else(|| "?".to_string(), T::to_string)
}

impl Dev {
    /// Parses the attributes of a dev message; pad and unknown attributes
    /// are skipped.
    pub fn parse(attrs: Attrs<'_>) -> Result<Dev, ParseError> {
        let mut d = Dev::default();
        for a in attrs {
            let a = a?;
            match a.ty {
                A_IFINDEX => d.ifindex = Some(a.u32()?),
                A_NAME => d.name = Some(a.string()),
                A_PEER_IFINDEX => d.peer_ifindex = Some(a.u32()?),
                A_PEER_NAME => d.peer_name = Some(a.string()),
                A_RX_PACKETS => d.rx_packets = Some(a.u64()?),
                A_RX_BYTES => d.rx_bytes = Some(a.u64()?),
                A_TX_PACKETS => d.tx_packets = Some(a.u64()?),
                A_TX_BYTES => d.tx_bytes = Some(a.u64()?),
                A_TX_DROPPED => d.tx_dropped = Some(a.u64()?),
                A_PAD => {}
                _ => {} // newer kernel: ignore what we do not know
            }
        }
        Ok(d)
    }

    /// The JSON object, keyed by the spec's attribute names.
    pub fn to_json(&self) -> Object {
        let mut o = Object::new();
        if let Some(v) = self.ifindex {
            o.uint("ifindex", v.into());
        }
        if let Some(v) = &self.name {
            o.str("name", v);
        }
        if let Some(v) = self.peer_ifindex {
            o.uint("peer-ifindex", v.into());
        }
        if let Some(v) = &self.peer_name {
            o.str("peer-name", v);
        }
        for (key, v) in [
            ("rx-packets", self.rx_packets),
            ("rx-bytes", self.rx_bytes),
            ("tx-packets", self.tx_packets),
            ("tx-bytes", self.tx_bytes),
            ("tx-dropped", self.tx_dropped),
        ] {
            if let Some(v) = v {
                o.uint(key, v);
            }
        }
        o
    }

    /// The three lines of `netpair show`.
    pub fn format_show(&self) -> String {
        format!(
            "{}: ifindex {} peer {} (ifindex {})\n  \
             rx: {} packets, {} bytes\n  \
             tx: {} packets, {} bytes, {} dropped",
            opt(&self.name),
            opt(&self.ifindex),
            opt(&self.peer_name),
            opt(&self.peer_ifindex),
            opt(&self.rx_packets),
            opt(&self.rx_bytes),
            opt(&self.tx_packets),
            opt(&self.tx_bytes),
            opt(&self.tx_dropped),
        )
    }

    /// The line of `netpair add`.
    pub fn format_created(&self) -> String {
        format!(
            "created {} (ifindex {}) <-> {} (ifindex {})",
            opt(&self.name),
            opt(&self.ifindex),
            opt(&self.peer_name),
            opt(&self.peer_ifindex),
        )
    }

    /// The line of `netpair monitor` for one event.
    pub fn format_event(&self, event: Event) -> String {
        let mut line = format!(
            "{} {} (ifindex {})",
            event.name(),
            opt(&self.name),
            opt(&self.ifindex)
        );
        if event == Event::New {
            if let Some(peer) = &self.peer_name {
                line.push_str(" peer ");
                line.push_str(peer);
            }
        }
        line
    }

    /// The JSON line of `netpair monitor` for one event.
    pub fn event_json(&self, event: Event) -> Value {
        let mut o = Object::new();
        o.str("event", event.name());
        if let Value::Object(fields) = self.to_json().build() {
            for (k, v) in fields {
                o.set(&k, v);
            }
        }
        o.build()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    New,
    Del,
}

impl Event {
    fn from_cmd(cmd: u8) -> Option<Event> {
        match cmd {
            CMD_DEV_NEW_NTF => Some(Event::New),
            CMD_DEV_DEL_NTF => Some(Event::Del),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Event::New => "new",
            Event::Del => "del",
        }
    }
}

fn connect() -> Result<(GenlSocket, Family), Error> {
    let mut sock = GenlSocket::open()?;
    let family = sock.resolve(FAMILY)?;
    Ok((sock, family))
}

fn parse_devs(msgs: &[crate::genl::GenlMsg], op: &str) -> Result<Vec<Dev>, Error> {
    msgs.iter()
        .map(|m| Dev::parse(m.attrs()))
        .collect::<Result<_, _>>()
        .map_err(|e| Error::proto(&format!("{FAMILY} {op}"), e))
}

fn add(ctx: &Ctx, name: Option<&str>, peer: Option<&str>) -> Result<(), Error> {
    let (mut sock, family) = connect()?;
    let mut req = Vec::new();
    if let Some(n) = name {
        attr::put_str(&mut req, A_NAME, n);
    }
    if let Some(p) = peer {
        attr::put_str(&mut req, A_PEER_NAME, p);
    }
    let replies = sock.request(&family, "dev-new", CMD_DEV_NEW, false, &req)?;
    let dev = parse_devs(&replies, "dev-new")?
        .into_iter()
        .next()
        .ok_or_else(|| Error::proto("netpair dev-new", ParseError("no reply".into())))?;
    if ctx.json {
        emit(&dev.to_json().build().to_json())
    } else {
        emit(&dev.format_created())
    }
}

fn del(dev: &DevRef) -> Result<(), Error> {
    let (mut sock, family) = connect()?;
    let mut req = Vec::new();
    dev.put(&mut req);
    sock.request(&family, "dev-del", CMD_DEV_DEL, false, &req)?;
    Ok(())
}

fn show(ctx: &Ctx, dev: Option<&DevRef>) -> Result<(), Error> {
    let (mut sock, family) = connect()?;
    let mut req = Vec::new();
    if let Some(d) = dev {
        d.put(&mut req);
    }
    let replies = sock.request(&family, "dev-get", CMD_DEV_GET, dev.is_none(), &req)?;
    let devs = parse_devs(&replies, "dev-get")?;
    if ctx.json {
        let list = devs.iter().map(|d| d.to_json().build()).collect();
        return emit(&Value::Array(list).to_json());
    }
    for d in &devs {
        emit(&d.format_show())?;
    }
    Ok(())
}

fn monitor(ctx: &Ctx, count: Option<u64>) -> Result<(), Error> {
    let (mut sock, family) = connect()?;
    sock.monitor(&family, GROUP_EVENTS, count, |m| {
        let Some(event) = Event::from_cmd(m.cmd) else {
            return Ok(false);
        };
        let dev = Dev::parse(m.attrs()).map_err(|e| Error::proto("netpair event", e))?;
        if ctx.json {
            emit(&dev.event_json(event).to_json())?;
        } else {
            emit(&dev.format_event(event))?;
        }
        Ok(true)
    })
}

fn run(ctx: &Ctx, args: &[String]) -> Result<(), Error> {
    match parse_args(args)? {
        Cmd::Add { name, peer } => add(ctx, name.as_deref(), peer.as_deref()),
        Cmd::Del(dev) => del(&dev),
        Cmd::Show(dev) => show(ctx, dev.as_ref()),
        Cmd::Monitor { count } => monitor(ctx, count),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attr::{put_bytes, put_str, put_u32, put_u64};
    use crate::genl::GenlMsg;
    use crate::nl::{encode_msg, parse_msgs};

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

    /// A dev message as the kernel sends it: u64s preceded by pad
    /// attributes so that their payload is 8-byte aligned.
    fn sample_attrs(unknown: bool) -> Vec<u8> {
        let mut a = Vec::new();
        put_u32(&mut a, A_IFINDEX, 7);
        put_str(&mut a, A_NAME, "np0");
        put_u32(&mut a, A_PEER_IFINDEX, 8);
        put_str(&mut a, A_PEER_NAME, "np1");
        if unknown {
            put_str(&mut a, 42, "from the future");
            put_bytes(&mut a, 43, &[1, 2, 3]);
        }
        for (ty, v) in [
            (A_RX_PACKETS, 5),
            (A_RX_BYTES, 490),
            (A_TX_PACKETS, 5),
            (A_TX_BYTES, 490),
            (A_TX_DROPPED, 0),
        ] {
            put_bytes(&mut a, A_PAD, &[]);
            put_u64(&mut a, ty, v);
        }
        a
    }

    #[test]
    fn parse_add() {
        assert_eq!(
            parse("add").unwrap(),
            Cmd::Add {
                name: None,
                peer: None
            }
        );
        assert_eq!(
            parse("add np0").unwrap(),
            Cmd::Add {
                name: Some("np0".into()),
                peer: None
            }
        );
        assert_eq!(
            parse("add np0 peer np1").unwrap(),
            Cmd::Add {
                name: Some("np0".into()),
                peer: Some("np1".into())
            }
        );
        assert_eq!(
            parse("add peer np%d").unwrap(),
            Cmd::Add {
                name: None,
                peer: Some("np%d".into())
            }
        );
        usage_err("add peer");
        usage_err("add a b");
        usage_err("add a peer b c");
        usage_err("add a peer b peer c");
        usage_err("add abcdefghijklmnop");
    }

    #[test]
    fn parse_del_dev_number_vs_name() {
        assert_eq!(parse("del 7").unwrap(), Cmd::Del(DevRef::Index(7)));
        assert_eq!(
            parse("del np0").unwrap(),
            Cmd::Del(DevRef::Name("np0".into()))
        );
        assert_eq!(
            parse("del 7a").unwrap(),
            Cmd::Del(DevRef::Name("7a".into()))
        );
        assert_eq!(
            parse("del -1").unwrap(),
            Cmd::Del(DevRef::Name("-1".into()))
        );
        usage_err("del");
        usage_err("del 0");
        usage_err("del 99999999999");
        usage_err("del np0 np1");
    }

    #[test]
    fn parse_show() {
        assert_eq!(parse("show").unwrap(), Cmd::Show(None));
        assert_eq!(
            parse("show 12").unwrap(),
            Cmd::Show(Some(DevRef::Index(12)))
        );
        assert_eq!(
            parse("show np0").unwrap(),
            Cmd::Show(Some(DevRef::Name("np0".into())))
        );
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
    fn parse_dev_with_pad_and_unknown_attrs() {
        for unknown in [false, true] {
            let attrs = sample_attrs(unknown);
            assert_eq!(Dev::parse(Attrs::new(&attrs)).unwrap(), sample());
        }
    }

    #[test]
    fn parse_dev_from_wire_message() {
        // A full dump reply: nlmsghdr + genlmsghdr + attributes.
        let mut payload = crate::genl::header(CMD_DEV_GET, 1);
        payload.extend(sample_attrs(true));
        let wire = encode_msg(0x1d, crate::nl::NLM_F_MULTI, 3, &payload);
        let msgs = parse_msgs(&wire).unwrap();
        let g = GenlMsg::parse(&msgs[0]).unwrap();
        assert_eq!(g.cmd, CMD_DEV_GET);
        assert_eq!(Dev::parse(g.attrs()).unwrap(), sample());
    }

    #[test]
    fn parse_dev_partial() {
        let mut a = Vec::new();
        put_u32(&mut a, A_IFINDEX, 9);
        put_str(&mut a, A_NAME, "np4");
        let d = Dev::parse(Attrs::new(&a)).unwrap();
        assert_eq!(d.ifindex, Some(9));
        assert_eq!(d.rx_packets, None);
        assert_eq!(
            d.to_json().build().to_json(),
            r#"{"ifindex":9,"name":"np4"}"#
        );
    }

    #[test]
    fn parse_dev_bad_u64() {
        let mut a = Vec::new();
        put_bytes(&mut a, A_RX_BYTES, &[1, 2, 3]);
        assert!(Dev::parse(Attrs::new(&a)).is_err());
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
    fn human_created() {
        assert_eq!(
            sample().format_created(),
            "created np0 (ifindex 7) <-> np1 (ifindex 8)"
        );
    }

    #[test]
    fn human_events() {
        assert_eq!(
            sample().format_event(Event::New),
            "new np0 (ifindex 7) peer np1"
        );
        assert_eq!(sample().format_event(Event::Del), "del np0 (ifindex 7)");
    }

    #[test]
    fn json_dev() {
        assert_eq!(
            sample().to_json().build().to_json(),
            r#"{"ifindex":7,"name":"np0","peer-ifindex":8,"peer-name":"np1","rx-packets":5,"rx-bytes":490,"tx-packets":5,"tx-bytes":490,"tx-dropped":0}"#
        );
    }

    #[test]
    fn json_event() {
        let j = sample().event_json(Event::Del).to_json();
        assert!(
            j.starts_with(r#"{"event":"del","ifindex":7,"name":"np0""#),
            "{j}"
        );
    }

    #[test]
    fn request_attrs() {
        let mut buf = Vec::new();
        DevRef::Index(7).put(&mut buf);
        assert_eq!(&buf[..4], &[8, 0, A_IFINDEX as u8, 0]);
        let mut buf = Vec::new();
        DevRef::Name("np0".into()).put(&mut buf);
        assert_eq!(buf, vec![8, 0, A_NAME as u8, 0, b'n', b'p', b'0', 0]);
    }
}
