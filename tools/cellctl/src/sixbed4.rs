// SPDX-License-Identifier: GPL-2.0
//! `cellctl 6bed4`: the verbs of the sixbed4 family (gen/sixbed4.rs, from
//! Documentation/netlink/specs/sixbed4.yaml), their arguments, and the
//! route each kind of device needs: `router add` creates a router and
//! routes its /64 into it, `peer add` creates a peer and its IPv6 default
//! route (metric 1042, the reference's), undoing the device if the route
//! fails; `del` removes the device (its routes go with it). `addr` and
//! `decode` compute, with no kernel at all, what a 6bed4 address embeds;
//! the address arithmetic is lib/sixbed4's, the crate the kernel module
//! compiles in.

use std::fmt::Write;
use std::net::{Ipv4Addr, Ipv6Addr};

use crate::args;
use crate::attr::ParseError;
use crate::error::Error;
use crate::gen::sixbed4::{
    enums, mcgrp, Dev, DevDelRequest, DevGetRequest, DevNewRequest, Notification, Peer,
    PeerGetRequest, StatsResetRequest, FAMILY,
};
use crate::json::{Object, Value};
use crate::map::with_context;
use crate::rtnl::Rtnl;
use crate::schema::{Reply, Request};
use crate::text::{counters, Line};
use crate::{emit, ops, Ctx, Module};

pub const MODULE: Module = Module {
    name: "6bed4",
    summary: "6bed4 routers and peers: IPv6 in UDP/IPv4 through NATs",
    usage: USAGE,
    help: HELP,
    run,
};

const USAGE: &str = "\
Usage: cellctl [--json] 6bed4 router add NAME prefix P/64 [local A] [port N] [uplink DEV]
                                   [keepalive SECS]
       cellctl [--json] 6bed4 peer add NAME router A[:PORT] [local A] [port N]
                                   [keepalive SECS[,TTL]] [no-default-route]
       cellctl [--json] 6bed4 del DEV
       cellctl [--json] 6bed4 show [DEV] [-s|--stats]
       cellctl [--json] 6bed4 peers [DEV]
       cellctl [--json] 6bed4 reset DEV
       cellctl [--json] 6bed4 addr IPV4:PORT [prefix P/64]
       cellctl [--json] 6bed4 decode IPV6
       cellctl [--json] 6bed4 monitor [--count N]";

const HELP: &str = "\
6bed4 (draft-vanrein-6bed4) carries IPv6 bare in UDP over IPv4 (port
25790) through NATs. A router serves a /64 and hands each peer the /114
built from the public IPv4 address and UDP port it sees the peer at; a
peer solicits a router, takes lanip 1 of the /114 it is given as its
address and keeps its NAT mapping alive. Wire-compatible with the
reference daemons (6bed4router, 6bed4peer). DEV is a device name or a
decimal ifindex; addresses are in any standard form.

Verbs:
  router add   create router NAME serving the /64 P (its 6bed4 part: every
               address whose port word, bits 96-111, is not 0), and add
               the route P/64 dev NAME, so that what is routed to the
               peers goes into the device. local A and port N are the IPv4
               address and UDP port it listens on (any address, port
               25790 by default); uplink DEV is the device facing the
               upstream router, where it answers neighbour solicitations
               for the peers' addresses; keepalive SECS: the peers'
               keepalive period (30), a peer not heard from for three of
               them leaves the peer list
  peer add     create peer NAME of the router at A (port 25790 by
               default), and add the IPv6 route default dev NAME metric
               1042 (not with no-default-route); its address comes from
               the router's advertisement. port N is even (the link-layer
               address form needs it; a random even one from 49152 by
               default); keepalive SECS,TTL: an empty datagram to the
               router every SECS seconds (30; 0 for none) with IPv4 TTL
               TTL (3: enough for the NATs, not for the router). Packets
               for another peer go straight to it once it has answered a
               probe (hole punching), else through the router
  del          delete DEV (its routes go with it)
  show         show DEV, or every 6bed4 device: role, local endpoint,
               prefix (router) or router and address (peer; public: the
               IPv4 address and port the router sees it at), peers count,
               then the counters that are not 0 (-s: all of its role)
  peers        list the peers the router DEV (or every router) heard from:
               device, /114, public IPv4 address and port, seconds since
               last heard from
  reset        set every counter of DEV to zero
  addr         what the peer at public IPV4:PORT gets under P/64 (under
               ::/64 without prefix): its /114, its address (lanip 1) and
               the link-layer address form of its endpoint
  decode       what IPV6 embeds: IPv4 address, port and lanip (0 the
               router, 1 the peer, others hosts behind it), the /114 and
               the peer's address; a port word of 0 is a native host of the
               router's /64, no 6bed4 peer
  monitor      print peers heard from (peer-new), whose NAT mapping
               changed (peer-change), or gone silent (peer-del), and
               peers' address changes (dev-change) as they happen; stop
               after N of them with --count

Keywords also go by the spec's attribute names (local-addr, local-port).
add, del and reset need CAP_NET_ADMIN; addr and decode need no kernel.";

/// Metric of a peer's default route: the reference's (`6bed4peer -r`).
pub const DEFAULT_ROUTE_METRIC: u32 = 1042;

/// Keywords of both add verbs: (command line, spec attribute).
const LOCAL_KEYWORDS: &[(&str, &str)] = &[("local", "local-addr"), ("port", "local-port")];

/// `router add` or `peer add`, parsed and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Add {
    pub req: DevNewRequest,
    /// Router: the route to its /64 (always). Peer: the default route
    /// (unless no-default-route).
    pub route: bool,
}

/// A parsed `cellctl 6bed4` command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cmd {
    Add(Add),
    Del(DevDelRequest),
    /// `stats`: every counter of the device's role, 0 too.
    Show {
        req: DevGetRequest,
        stats: bool,
    },
    /// The peers of the router named, or of every router (peer-get dumps
    /// them all: cellctl picks the device's).
    Peers(DevGetRequest),
    Reset(StatsResetRequest),
    Addr {
        ipv4: Ipv4Addr,
        port: u16,
        /// ::/64 when not given.
        prefix: Ipv6Addr,
    },
    Decode(Ipv6Addr),
    Monitor {
        count: Option<u64>,
    },
}

// ---------------------------------------------------------------------------
// Arguments

/// A /64 `P/64`: an IPv6 address, length 64, no bit set past it.
fn prefix64(word: &str) -> Result<Ipv6Addr, String> {
    let bad = || format!("invalid prefix '{word}' (P/64, an IPv6 /64, expected)");
    let (a, len) = word.split_once('/').ok_or_else(bad)?;
    let addr: Ipv6Addr = a.parse().map_err(|_| bad())?;
    if len != "64" {
        return Err(format!(
            "invalid prefix length '{len}' in '{word}' (6bed4 serves a /64)"
        ));
    }
    let net = Ipv6Addr::from(::sixbed4::mask_prefix(&addr.octets(), 64));
    if net != addr {
        return Err(format!(
            "'{word}' has bits set past its length (the prefix is {net}/64)"
        ));
    }
    Ok(addr)
}

/// A UDP port in decimal, 1..65535.
fn port_number(value: &str) -> Option<u16> {
    value
        .parse::<u16>()
        .ok()
        .filter(|&p| p > 0 && cliutil::is_decimal(value))
}

/// `A` or `A:PORT`: an IPv4 address and, if given, a port (`syntax` for
/// the errors).
fn endpoint(word: &str, what: &str, syntax: &str) -> Result<(Ipv4Addr, Option<u16>), String> {
    let (a, port) = match word.split_once(':') {
        Some((a, p)) => (a, Some(p)),
        None => (word, None),
    };
    let addr = a
        .parse()
        .map_err(|_| format!("invalid {what} '{word}' ({syntax} expected)"))?;
    let port = port
        .map(|p| {
            port_number(p)
                .ok_or_else(|| format!("invalid port '{p}' in {what} '{word}' (1..65535)"))
        })
        .transpose()?;
    Ok((addr, port))
}

/// `port N` of an add verb: within the spec's range, not 0 (the kernel
/// would bind any port, and show 0); a peer's even.
fn local_port(req: &mut DevNewRequest, key: &str, value: &str, peer: bool) -> Result<(), String> {
    args::keywords(req, [key, value].into_iter(), LOCAL_KEYWORDS)?;
    // 0 is refused by the spec's range (min 1).
    match req.local_port {
        Some(p) if peer && p % 2 != 0 => Err(format!(
            "{key} {p} is odd: a peer's port must be even (the low bit of the port is \
             the Ethernet multicast bit of its link-layer address form)"
        )),
        _ => Ok(()),
    }
}

/// The words of `router add` or `peer add` after the verb.
fn add<'a>(words: &mut impl Iterator<Item = &'a str>, peer: bool) -> Result<Add, String> {
    let mut req = DevNewRequest::default();
    let name = words.next().ok_or("missing NAME")?;
    cliutil::check_ifname(name)?;
    args::set(&mut req, "ifname", name)?;
    let role = if peer {
        enums::role::PEER
    } else {
        enums::role::ROUTER
    };
    req.role = Some(role);
    let mut route = true;
    let mut uplink = None;
    let (this, other) = if peer {
        ("peer add", "router add")
    } else {
        ("router add", "peer add")
    };
    while let Some(key) = words.next() {
        let for_other = if peer {
            matches!(key, "prefix" | "uplink")
        } else {
            matches!(key, "router" | "no-default-route")
        };
        if for_other {
            return Err(format!("'{key}' is for '{other}', not '{this}'"));
        }
        if key == "no-default-route" {
            route = false;
            continue;
        }
        if !matches!(
            key,
            "prefix"
                | "uplink"
                | "router"
                | "keepalive"
                | "local"
                | "local-addr"
                | "port"
                | "local-port"
        ) {
            return Err(format!("unexpected '{key}'"));
        }
        let value = words
            .next()
            .ok_or_else(|| format!("'{key}' needs a value"))?;
        match key {
            "prefix" => args::once(&mut req.prefix, prefix64(value)?, key)?,
            "uplink" => {
                args::once(&mut uplink, (), key)?;
                args::dev(&mut req, value, "uplink-ifindex", "uplink-name")?;
            }
            "router" => {
                let (a, p) = endpoint(value, key, "A[:PORT]")?;
                args::once(&mut req.router_addr, a, key)?;
                req.router_port = p.map(u32::from);
            }
            "keepalive" => {
                let (secs, ttl) = match value.split_once(',') {
                    Some((s, t)) => (s, Some(t)),
                    None => (value, None),
                };
                args::set(&mut req, "keepalive", secs)?;
                if let Some(t) = ttl {
                    args::set(&mut req, "keepalive-ttl", t)?;
                }
            }
            "port" | "local-port" => local_port(&mut req, key, value, peer)?,
            _ => args::keywords(&mut req, [key, value].into_iter(), LOCAL_KEYWORDS)?,
        }
    }
    if peer && req.router_addr.is_none() {
        return Err("missing router A[:PORT]".into());
    }
    if !peer && req.prefix.is_none() {
        return Err("missing prefix P/64".into());
    }
    Ok(Add { req, route })
}

/// A request naming device `word`.
fn dev_req<R: Request>(word: Option<&str>) -> Result<R, String> {
    let mut req = R::default();
    args::dev(&mut req, word.ok_or("missing DEV")?, "ifindex", "ifname")?;
    Ok(req)
}

/// `addr IPV4:PORT [prefix P/64]`.
fn addr<'a>(words: &mut impl Iterator<Item = &'a str>) -> Result<Cmd, String> {
    let word = words.next().ok_or("missing IPV4:PORT")?;
    let (ipv4, port) = match endpoint(word, "endpoint", "IPV4:PORT")? {
        (a, Some(p)) => (a, p),
        (_, None) => {
            return Err(format!(
                "invalid endpoint '{word}' (IPV4:PORT expected: the port is in the address)"
            ))
        }
    };
    let mut prefix = None;
    while let Some(key) = words.next() {
        if key != "prefix" {
            return Err(format!("unexpected '{key}'"));
        }
        let v = words.next().ok_or("'prefix' needs a value")?;
        args::once(&mut prefix, prefix64(v)?, key)?;
    }
    Ok(Cmd::Addr {
        ipv4,
        port,
        prefix: prefix.unwrap_or(Ipv6Addr::UNSPECIFIED),
    })
}

/// Parses the words after `6bed4` (global options already removed).
pub fn parse_args(args: &[String]) -> Result<Cmd, Error> {
    let Some((verb, rest)) = args.split_first() else {
        return Err(Error::usage("6bed4: missing verb"));
    };
    let mut rest = rest.iter().map(String::as_str);
    let mut ctx = format!("6bed4 {verb}");
    let cmd = (|| {
        let cmd = match verb.as_str() {
            "router" | "peer" => {
                let sub = rest.next().ok_or("missing verb (add)")?;
                if sub != "add" {
                    return Err(format!("unknown verb '{sub}' (add)"));
                }
                ctx = format!("6bed4 {verb} add");
                Cmd::Add(add(&mut rest, verb == "peer")?)
            }
            "del" => Cmd::Del(dev_req(rest.next())?),
            "reset" => Cmd::Reset(dev_req(rest.next())?),
            "show" | "peers" => {
                let mut req = DevGetRequest::default();
                let mut stats = false;
                for word in rest.by_ref() {
                    match word {
                        "-s" | "--stats" if verb == "show" => stats = true,
                        _ if req.is_empty() => args::dev(&mut req, word, "ifindex", "ifname")?,
                        _ => return Err(format!("unexpected '{word}'")),
                    }
                }
                if verb == "show" {
                    Cmd::Show { req, stats }
                } else {
                    Cmd::Peers(req)
                }
            }
            "addr" => addr(&mut rest)?,
            "decode" => {
                let word = rest.next().ok_or("missing IPV6")?;
                Cmd::Decode(
                    word.parse()
                        .map_err(|_| format!("invalid address '{word}' (an IPv6 address)"))?,
                )
            }
            "monitor" => Cmd::Monitor {
                count: args::count(&mut rest)?,
            },
            other => {
                ctx = "6bed4".into();
                return Err(format!("unknown verb '{other}'"));
            }
        };
        match rest.next() {
            Some(extra) => Err(format!("unexpected '{extra}'")),
            None => Ok(cmd),
        }
    })();
    cmd.map_err(|e: String| Error::usage(format!("{ctx}: {e}")))
}

// ---------------------------------------------------------------------------
// Text

/// `A:PORT`, or what of it is there.
fn endpoint_text(addr: Option<Ipv4Addr>, port: Option<u32>) -> Option<String> {
    match (addr, port) {
        (Some(a), Some(p)) => Some(format!("{a}:{p}")),
        (Some(a), None) => Some(a.to_string()),
        (None, Some(p)) => Some(format!("*:{p}")),
        (None, None) => None,
    }
}

/// The public endpoint a 6bed4 address embeds.
fn public_of(addr: Ipv6Addr) -> Option<String> {
    ::sixbed4::decode(&addr.octets()).map(|e| format!("{}:{}", Ipv4Addr::from(e.ipv4), e.port))
}

fn is_router(d: &Dev) -> bool {
    d.role == Some(enums::role::ROUTER)
}

fn is_peer(d: &Dev) -> bool {
    d.role == Some(enums::role::PEER)
}

/// The first line of a device: name, ifindex, role, local endpoint, then
/// the router's prefix, uplink and peers, or the peer's router, keepalive
/// and address (`none` before the first advertisement).
pub fn format_brief(d: &Dev) -> String {
    let mut t = Line::new(d.ifname.as_deref());
    t.num("ifindex", d.ifindex.map(u64::from));
    t.enum_("role", &enums::ROLE, d.role.map(u64::from));
    t.str(
        "local",
        endpoint_text(d.local_addr, d.local_port).as_deref(),
    );
    t.str("prefix", d.prefix.map(|p| format!("{p}/64")).as_deref());
    if d.uplink_ifindex.is_some_and(|i| i != 0) || d.uplink_name.is_some() {
        t.dev(
            "uplink",
            d.uplink_name.as_deref(),
            d.uplink_ifindex.map(u64::from),
        );
    }
    t.str(
        "router",
        endpoint_text(d.router_addr, d.router_port).as_deref(),
    );
    let keepalive = match (d.keepalive, d.keepalive_ttl) {
        (Some(s), Some(ttl)) => Some(format!("{s},{ttl}")),
        (Some(s), None) => Some(s.to_string()),
        (None, _) => None,
    };
    t.str("keepalive", keepalive.as_deref());
    match d.address {
        Some(a) => {
            t.ipv6("address", Some(a));
            t.str("public", public_of(a).as_deref());
        }
        None if is_peer(d) => t.str("address", Some("none")),
        None => {}
    }
    t.num("peers", d.peers.map(u64::from));
    t.finish()
}

/// Which role a counter is of (the spec's "Router," and "Peer,").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Of {
    Router,
    Peer,
    Both,
}

/// The counters in their groups (the first word of their names, as the
/// generated printer groups them): (group, rest of the name, role, value).
fn counter_table(d: &Dev) -> [(&'static str, &'static str, Of, Option<u64>); 20] {
    use Of::*;
    [
        ("rx", "keepalive", Router, d.rx_keepalive),
        ("rs", "rcvd", Router, d.rs_rcvd),
        ("rs", "sent", Peer, d.rs_sent),
        // ra-sent: a peer sends none (the spec says so of no role).
        ("ra", "sent", Router, d.ra_sent),
        ("ra", "unsolicited", Router, d.ra_unsolicited),
        ("ra", "rcvd", Peer, d.ra_rcvd),
        ("drop", "malformed", Both, d.drop_malformed),
        ("drop", "multicast", Both, d.drop_multicast),
        ("drop", "spoof-prefix", Both, d.drop_spoof_prefix),
        ("drop", "spoof-port", Both, d.drop_spoof_port),
        ("drop", "spoof-ipv4", Both, d.drop_spoof_ipv4),
        ("drop", "nd", Both, d.drop_nd),
        ("drop", "tx-native", Both, d.drop_tx_native),
        ("drop", "tx-no-route", Both, d.drop_tx_no_route),
        ("proxy", "na", Router, d.proxy_na),
        ("keepalive", "sent", Peer, d.keepalive_sent),
        ("address", "changes", Peer, d.address_changes),
        ("tx", "direct", Peer, d.tx_direct),
        ("rx", "direct", Peer, d.rx_direct),
        ("probes", "sent", Peer, d.probes_sent),
    ]
}

/// `show`'s text of a device: [`format_brief`], then the counters that
/// are not 0; with `all`, every counter of the device's role (of any role
/// when it has none).
pub fn format_dev(d: &Dev, all: bool) -> String {
    let mut s = format_brief(d);
    let table = counter_table(d);
    let mut i = 0;
    while i < table.len() {
        let group = table[i].0;
        let items: Vec<(&str, Option<u64>)> = table[i..]
            .iter()
            .take_while(|c| c.0 == group)
            .map(|&(_, rest, of, v)| {
                let mine = match of {
                    Of::Both => true,
                    Of::Router => !is_peer(d),
                    Of::Peer => !is_router(d),
                };
                (rest, v.filter(|&v| v != 0 || (all && mine)))
            })
            .collect();
        i += items.len();
        counters(&mut s, group, &items);
    }
    s
}

/// A device of a reply, for messages: its name, else its index.
fn dev_name(name: &Option<String>, ifindex: Option<u32>) -> String {
    match (name, ifindex) {
        (Some(n), _) => n.clone(),
        (None, Some(i)) => format!("ifindex {i}"),
        (None, None) => "?".into(),
    }
}

/// A peer's /114.
fn prefix114(p: &Peer) -> Option<String> {
    p.prefix
        .map(|a| format!("{a}/{}", ::sixbed4::PEER_PREFIX_LEN))
}

/// A peer's public endpoint: what the router saw, else what its /114
/// embeds.
fn peer_endpoint(p: &Peer) -> Option<String> {
    endpoint_text(p.ipv4, p.port).or_else(|| p.prefix.and_then(public_of))
}

/// `peers`' table: device, /114, public endpoint, idle seconds; nothing
/// without peers.
pub fn format_peers(peers: &[Peer]) -> String {
    let rows: Vec<[String; 4]> = peers
        .iter()
        .map(|p| {
            [
                dev_name(&p.ifname, p.ifindex),
                prefix114(p).unwrap_or_else(|| "?".into()),
                peer_endpoint(p).unwrap_or_else(|| "?".into()),
                p.idle.map_or_else(|| "?".into(), |s| format!("{s}s")),
            ]
        })
        .collect();
    if rows.is_empty() {
        return String::new();
    }
    let head = ["DEV", "PREFIX", "ENDPOINT", "IDLE"].map(String::from);
    let mut width = [0usize; 3];
    for row in std::iter::once(&head).chain(&rows) {
        for (w, cell) in width.iter_mut().zip(row) {
            *w = (*w).max(cell.len());
        }
    }
    let mut s = String::new();
    for row in std::iter::once(&head).chain(&rows) {
        if !s.is_empty() {
            s.push('\n');
        }
        let _ = write!(
            s,
            "{:<w0$}  {:<w1$}  {:<w2$}  {}",
            row[0],
            row[1],
            row[2],
            row[3],
            w0 = width[0],
            w1 = width[1],
            w2 = width[2]
        );
    }
    s
}

/// A notification's name: the spec's, without `-ntf` (the generated
/// `event()` calls peer-change and dev-change both "change").
pub fn event_name(n: &Notification) -> &'static str {
    match n {
        Notification::PeerNewNtf(_) => "peer-new",
        Notification::PeerChangeNtf(_) => "peer-change",
        Notification::PeerDelNtf(_) => "peer-del",
        Notification::DevChangeNtf(_) => "dev-change",
    }
}

/// One notification as `monitor` prints it: `{"event":"peer-new",...}`,
/// or the event's name and a line: a peer's router, /114, endpoint (the
/// one it had, after `was`, in a change; how long it was silent in a
/// deletion); a device's [`format_brief`].
pub fn format_event(ctx: &Ctx, n: &Notification) -> String {
    let event = event_name(n);
    if ctx.json {
        let o = match n {
            Notification::PeerNewNtf(p)
            | Notification::PeerChangeNtf(p)
            | Notification::PeerDelNtf(p) => p.to_json(),
            Notification::DevChangeNtf(d) => d.to_json(),
        };
        return o
            .prepend("event", Value::Str(event.into()))
            .build()
            .to_json();
    }
    let line = match n {
        Notification::PeerNewNtf(p)
        | Notification::PeerChangeNtf(p)
        | Notification::PeerDelNtf(p) => {
            let mut t = Line::new(p.ifname.as_deref());
            if p.ifname.is_none() {
                t.num("ifindex", p.ifindex.map(u64::from));
            }
            t.str("prefix", prefix114(p).as_deref());
            t.str("endpoint", peer_endpoint(p).as_deref());
            t.str("was", endpoint_text(p.old_ipv4, p.old_port).as_deref());
            if matches!(n, Notification::PeerDelNtf(_)) {
                t.str("idle", p.idle.map(|s| format!("{s}s")).as_deref());
            }
            t.finish()
        }
        Notification::DevChangeNtf(d) => format_brief(d),
    };
    format!("{event} {line}")
}

// ---------------------------------------------------------------------------
// addr and decode

/// The lanip's meaning.
fn lanip_text(lanip: u16) -> &'static str {
    match lanip {
        ::sixbed4::LANIP_ROUTER => "the router",
        ::sixbed4::LANIP_PEER => "the peer itself",
        _ => "a host behind the peer",
    }
}

/// What the peer at `ipv4`:`port` gets under `prefix` (its first 64 bits):
/// its /114 and address (lanip 1), and its link-layer address form.
struct Derived {
    prefix114: Ipv6Addr,
    address: Ipv6Addr,
    lladdr: String,
    /// The link-layer form is usable: an even port.
    lladdr_valid: bool,
}

fn derive(prefix: Ipv6Addr, ipv4: [u8; 4], port: u16) -> Derived {
    let p64 = ::sixbed4::prefix64(&prefix.octets());
    let pre = ::sixbed4::peer_prefix_114(&p64, ipv4, port);
    let ll = ::sixbed4::encode_lladdr(ipv4, port);
    Derived {
        prefix114: Ipv6Addr::from(pre),
        address: Ipv6Addr::from(::sixbed4::peer_address(&pre)),
        lladdr: ll
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<Vec<_>>()
            .join(":"),
        lladdr_valid: ::sixbed4::lladdr_valid(&ll),
    }
}

/// The lines of [`Derived`].
fn derived_text(s: &mut String, d: &Derived) {
    let _ = write!(
        s,
        "\nprefix {}/{}\naddress {} (lanip 1)\nlladdr {}",
        d.prefix114,
        ::sixbed4::PEER_PREFIX_LEN,
        d.address,
        d.lladdr
    );
    if !d.lladdr_valid {
        s.push_str(" (unusable: an odd port sets its Ethernet multicast bit)");
    }
}

fn derived_json(o: &mut Object, d: &Derived) {
    o.opt_ipv6("prefix", Some(d.prefix114))
        .uint("prefix-len", ::sixbed4::PEER_PREFIX_LEN.into())
        .opt_ipv6("address", Some(d.address))
        .str("lladdr", &d.lladdr)
        .set("lladdr-valid", Value::Bool(d.lladdr_valid));
}

/// `addr`'s text: the endpoint, then what it gets under `prefix`.
pub fn addr_text(ipv4: Ipv4Addr, port: u16, prefix: Ipv6Addr) -> String {
    let mut s = format!("ipv4 {ipv4}\nport {port}");
    derived_text(&mut s, &derive(prefix, ipv4.octets(), port));
    s
}

/// `addr --json`.
pub fn addr_json(ipv4: Ipv4Addr, port: u16, prefix: Ipv6Addr) -> Value {
    let mut o = Object::new();
    o.opt_ipv4("ipv4", Some(ipv4)).uint("port", port.into());
    derived_json(&mut o, &derive(prefix, ipv4.octets(), port));
    o.build()
}

/// `decode`'s text: what `addr` embeds, and, unless it is native (port
/// word 0), the /114 and peer address it belongs to.
pub fn decode_text(addr: Ipv6Addr) -> String {
    let a = addr.octets();
    let ipv4 = Ipv4Addr::from(::sixbed4::embedded_ipv4(&a));
    let lanip = ::sixbed4::lanip(&a);
    let Some(e) = ::sixbed4::decode(&a) else {
        return format!(
            "native (port word 0): no 6bed4 peer's address (a native host, in the router's /64)\n\
             ipv4 {ipv4}\nport 0\nlanip {lanip}"
        );
    };
    let mut s = format!(
        "ipv4 {ipv4}\nport {}\nlanip {lanip} ({})",
        e.port,
        lanip_text(lanip)
    );
    derived_text(&mut s, &derive(addr, e.ipv4, e.port));
    if a[8] & 0x03 != 0 {
        s.push_str("\nnote: bits 70-71 (the u/g bits) are set: 6bed4 makes no such address");
    }
    s
}

/// `decode --json`.
pub fn decode_json(addr: Ipv6Addr) -> Value {
    let a = addr.octets();
    let mut o = Object::new();
    o.opt_ipv4("ipv4", Some(Ipv4Addr::from(::sixbed4::embedded_ipv4(&a))))
        .uint("port", ::sixbed4::port_word(&a).into())
        .uint("lanip", ::sixbed4::lanip(&a).into());
    let e = ::sixbed4::decode(&a);
    o.set("native", Value::Bool(e.is_none()));
    if let Some(e) = e {
        derived_json(&mut o, &derive(addr, e.ipv4, e.port));
    }
    o.build()
}

// ---------------------------------------------------------------------------
// Running

/// A kernel error about the device a request names, clearer: `ENODEV`
/// says which device, and whether it is there but no 6bed4 device.
pub fn dev_error(err: Error, ifindex: Option<u32>, ifname: &Option<String>) -> Error {
    let dev = match (ifname, ifindex) {
        (Some(n), _) => format!("'{n}'"),
        (None, Some(i)) => format!("ifindex {i}"),
        (None, None) => return err,
    };
    match err {
        Error::Kernel {
            family,
            op,
            mut err,
            missing,
            ..
        } if err.errno == libc::ENODEV => {
            err.extack = Some(match err.extack.as_deref() {
                Some(m) if m.contains("not a 6bed4") => format!("{dev} is not a 6bed4 device"),
                None | Some("no such device") => format!("no device {dev}"),
                Some(m) => format!("{m} ({dev})"),
            });
            Error::Kernel {
                family,
                op,
                err,
                attr: None,
                missing,
            }
        }
        other => other,
    }
}

/// `router add`, `peer add`: the device, then its route; the device is
/// deleted again if the route fails.
fn run_add(ctx: &Ctx, a: &Add) -> Result<(), Error> {
    let created = ops::call(&a.req, false)?
        .into_iter()
        .next()
        .ok_or_else(|| Error::proto("sixbed4 dev-new", ParseError("no reply".into())))?;
    let ifindex = created.ifindex.ok_or_else(|| {
        Error::proto(
            "sixbed4 dev-new",
            ParseError("reply without an ifindex".into()),
        )
    })?;
    let name = dev_name(&created.ifname, Some(ifindex));
    let verb = if a.req.role == Some(enums::role::PEER) {
        "peer add"
    } else {
        "router add"
    };
    let route = match (a.req.role, a.req.prefix) {
        (Some(enums::role::ROUTER), Some(p)) => Some((p, 64, None)),
        (Some(enums::role::PEER), _) if a.route => {
            Some((Ipv6Addr::UNSPECIFIED, 0, Some(DEFAULT_ROUTE_METRIC)))
        }
        _ => None,
    };
    if let Some((dst, len, metric)) = route {
        let added = Rtnl::open().and_then(|mut rt| rt.add_route6(dst, len, ifindex, metric));
        if let Err(e) = added {
            let del = DevDelRequest {
                ifindex: Some(ifindex),
                ifname: None,
            };
            let undone = match ops::change(&del) {
                Ok(()) => format!("undone, {name} deleted"),
                Err(u) => {
                    eprintln!("cellctl: 6bed4 {verb}: undoing: deleting {name}: {u}");
                    "undoing failed too".into()
                }
            };
            let what = match metric {
                Some(m) => format!("route default dev {name} metric {m}"),
                None => format!("route {dst}/{len} dev {name}"),
            };
            return Err(with_context(e, &format!("6bed4 {verb} ({undone}): {what}")));
        }
    }
    if ctx.json {
        emit(&created.to_json().build().to_json())
    } else {
        emit(&format!("created {}", format_brief(&created)))
    }
}

fn run_show(ctx: &Ctx, req: &DevGetRequest, stats: bool) -> Result<(), Error> {
    let devs =
        ops::call(req, req.is_empty()).map_err(|e| dev_error(e, req.ifindex, &req.ifname))?;
    if ctx.json {
        return ops::print_all(ctx, &devs);
    }
    for d in &devs {
        emit(&format_dev(d, stats))?;
    }
    Ok(())
}

/// The peers of the device `dev` names, or of every router.
fn run_peers(ctx: &Ctx, dev: &DevGetRequest) -> Result<(), Error> {
    let mut only = None;
    if !dev.is_empty() {
        let d = ops::call(dev, false)
            .map_err(|e| dev_error(e, dev.ifindex, &dev.ifname))?
            .into_iter()
            .next()
            .unwrap_or_default();
        if is_peer(&d) {
            eprintln!(
                "cellctl: 6bed4 peers: {} is a peer: only routers have peers",
                dev_name(&d.ifname, d.ifindex)
            );
        }
        only = Some(d.ifindex.or(dev.ifindex));
    }
    let peers: Vec<Peer> = ops::call(&PeerGetRequest::default(), true)?
        .into_iter()
        .filter(|p| match only {
            None => true,
            Some(Some(i)) => p.ifindex == Some(i),
            Some(None) => p.ifname.is_some() && p.ifname == dev.ifname,
        })
        .collect();
    if ctx.json {
        return ops::print_all(ctx, &peers);
    }
    if peers.is_empty() {
        return Ok(());
    }
    emit(&format_peers(&peers))
}

fn run_monitor(ctx: &Ctx, count: Option<u64>) -> Result<(), Error> {
    use crate::schema::Notify;
    let (mut sock, family) = ops::connect(&FAMILY)?;
    sock.monitor(
        &family,
        mcgrp::EVENTS,
        count,
        |m| match Notification::parse(m) {
            None => Ok(false),
            Some(n) => {
                let n = n.map_err(|e| Error::proto(&format!("{} event", family.name), e))?;
                emit(&format_event(ctx, &n))?;
                Ok(true)
            }
        },
    )
}

fn run(ctx: &Ctx, args: &[String]) -> Result<(), Error> {
    match parse_args(args)? {
        Cmd::Add(a) => run_add(ctx, &a),
        Cmd::Del(req) => ops::change(&req).map_err(|e| dev_error(e, req.ifindex, &req.ifname)),
        Cmd::Show { req, stats } => run_show(ctx, &req, stats),
        Cmd::Peers(req) => run_peers(ctx, &req),
        Cmd::Reset(req) => ops::change(&req).map_err(|e| dev_error(e, req.ifindex, &req.ifname)),
        Cmd::Addr { ipv4, port, prefix } => emit(&if ctx.json {
            addr_json(ipv4, port, prefix).to_json()
        } else {
            addr_text(ipv4, port, prefix)
        }),
        Cmd::Decode(a) => emit(&if ctx.json {
            decode_json(a).to_json()
        } else {
            decode_text(a)
        }),
        Cmd::Monitor { count } => run_monitor(ctx, count),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attr::{put_bytes, put_str, put_u32, put_u64, Attrs};
    use crate::gen::sixbed4::{attrs, cmd};
    use crate::genl::GenlMsg;
    use crate::nl::{encode_msg, parse_msgs, KernelError, NlError};
    use crate::schema::test_util::{decode, encode};
    use crate::schema::Notify;

    fn argv(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    fn parse(s: &str) -> Result<Cmd, Error> {
        parse_args(&argv(s))
    }

    fn usage_err(s: &str) -> String {
        match parse(s) {
            Err(e @ Error::Usage(_)) => {
                assert_eq!(e.exit_code(), 2, "{s}");
                e.to_string()
            }
            other => panic!("{s:?}: expected a usage error, got {other:?}"),
        }
    }

    fn add_of(s: &str) -> Add {
        match parse(s) {
            Ok(Cmd::Add(a)) => a,
            other => panic!("{s}: {other:?}"),
        }
    }

    fn v6(s: &str) -> Ipv6Addr {
        s.parse().unwrap()
    }

    fn v4(s: &str) -> Ipv4Addr {
        s.parse().unwrap()
    }

    fn u32_attr(ty: u16, v: u32) -> (u16, Vec<u8>) {
        (ty, v.to_ne_bytes().to_vec())
    }

    #[test]
    fn parse_router_add() {
        let a = add_of("router add b6r prefix 2001:db8:9:10::/64");
        assert_eq!(
            a,
            Add {
                req: DevNewRequest {
                    ifname: Some("b6r".into()),
                    role: Some(enums::role::ROUTER),
                    prefix: Some(v6("2001:db8:9:10::")),
                    ..Default::default()
                },
                route: true,
            }
        );
        // What goes on the wire: ifname, role 0, the prefix as 16 bytes.
        use attrs::dev as d;
        assert_eq!(
            decode(&encode(&a.req)),
            vec![
                (d::IFNAME, b"b6r\0".to_vec()),
                u32_attr(d::ROLE, 0),
                (d::PREFIX, v6("2001:db8:9:10::").octets().to_vec()),
            ]
        );
        // Everything, in another order; spec names as keywords; an odd
        // port is a router's right.
        let a = add_of(
            "router add b6r%d uplink eth1 port 25791 local-addr 192.0.2.1 \
             prefix 2001:db8:9:10::/64",
        );
        assert_eq!(
            a.req,
            DevNewRequest {
                ifname: Some("b6r%d".into()),
                role: Some(enums::role::ROUTER),
                local_addr: Some(v4("192.0.2.1")),
                local_port: Some(25791),
                prefix: Some(v6("2001:db8:9:10::")),
                uplink_name: Some("eth1".into()),
                ..Default::default()
            }
        );
        let a = add_of("router add b6r prefix 2001:db8:9:10::/64 uplink 3 local 0.0.0.0");
        assert_eq!(
            (a.req.uplink_ifindex, a.req.uplink_name, a.req.local_addr),
            (Some(3), None, Some(Ipv4Addr::UNSPECIFIED))
        );
    }

    #[test]
    fn parse_router_add_errors() {
        for (line, err) in [
            ("router add", "6bed4 router add: missing NAME"),
            ("router add b6r", "6bed4 router add: missing prefix P/64"),
            ("router del b6r", "6bed4 router: unknown verb 'del' (add)"),
            ("router", "6bed4 router: missing verb (add)"),
            (
                "router add b6r prefix 2001:db8:9::/48",
                "6bed4 router add: invalid prefix length '48' in '2001:db8:9::/48' \
                 (6bed4 serves a /64)",
            ),
            (
                "router add b6r prefix 2001:db8:9:10::1/64",
                "6bed4 router add: '2001:db8:9:10::1/64' has bits set past its length \
                 (the prefix is 2001:db8:9:10::/64)",
            ),
            (
                "router add b6r prefix 2001:db8:9:10::",
                "6bed4 router add: invalid prefix '2001:db8:9:10::' (P/64, an IPv6 /64, expected)",
            ),
            (
                "router add b6r prefix 192.0.2.0/64",
                "6bed4 router add: invalid prefix '192.0.2.0/64' (P/64, an IPv6 /64, expected)",
            ),
            (
                "router add b6r prefix 2001:db8:9:10::/64 port 0",
                "6bed4 router add: invalid port '0' (1..65535, decimal or 0x hex)",
            ),
            (
                "router add b6r prefix 2001:db8:9:10::/64 port 65536",
                "6bed4 router add: invalid port '65536' (1..65535, decimal or 0x hex)",
            ),
            (
                "router add b6r prefix 2001:db8:9:10::/64 local ::1",
                "6bed4 router add: invalid local '::1' (an IPv4 address)",
            ),
            (
                "router add b6r prefix 2001:db8:9:10::/64 router 192.0.2.1",
                "6bed4 router add: 'router' is for 'peer add', not 'router add'",
            ),
            (
                "router add b6r prefix 2001:db8:9:10::/64 no-default-route",
                "6bed4 router add: 'no-default-route' is for 'peer add', not 'router add'",
            ),
            (
                "router add b6r prefix 2001:db8:9:10::/64 prefix 2001:db8:9:11::/64",
                "6bed4 router add: prefix given twice",
            ),
            (
                "router add b6r prefix 2001:db8:9:10::/64 uplink eth1 uplink 3",
                "6bed4 router add: uplink given twice",
            ),
            (
                "router add b6r prefix 2001:db8:9:10::/64 frob 1",
                "6bed4 router add: unexpected 'frob'",
            ),
            (
                "router add b6r prefix",
                "6bed4 router add: 'prefix' needs a value",
            ),
        ] {
            assert_eq!(usage_err(line), err, "{line}");
        }
        usage_err("router add abcdefghijklmnop prefix 2001:db8:9:10::/64");
        usage_err("router add a/b prefix 2001:db8:9:10::/64");
        usage_err("router add b6r prefix 2001:db8:9:10::/64 uplink a/b");
    }

    #[test]
    fn parse_peer_add() {
        let a = add_of("peer add b6p router 192.0.2.1");
        assert_eq!(
            a,
            Add {
                req: DevNewRequest {
                    ifname: Some("b6p".into()),
                    role: Some(enums::role::PEER),
                    router_addr: Some(v4("192.0.2.1")),
                    ..Default::default()
                },
                route: true,
            }
        );
        use attrs::dev as d;
        assert_eq!(
            decode(&encode(&a.req)),
            vec![
                (d::IFNAME, b"b6p\0".to_vec()),
                u32_attr(d::ROLE, 1),
                (d::ROUTER_ADDR, vec![192, 0, 2, 1]),
            ]
        );
        let a = add_of(
            "peer add b6p no-default-route keepalive 20,5 port 50000 \
             router 192.0.2.1:25800 local 192.0.2.2",
        );
        assert_eq!(
            a,
            Add {
                req: DevNewRequest {
                    ifname: Some("b6p".into()),
                    role: Some(enums::role::PEER),
                    local_addr: Some(v4("192.0.2.2")),
                    local_port: Some(50000),
                    router_addr: Some(v4("192.0.2.1")),
                    router_port: Some(25800),
                    keepalive: Some(20),
                    keepalive_ttl: Some(5),
                    ..Default::default()
                },
                route: false,
            }
        );
        let a = add_of("peer add b6p router 192.0.2.1 keepalive 0");
        assert_eq!((a.req.keepalive, a.req.keepalive_ttl), (Some(0), None));
    }

    #[test]
    fn parse_peer_add_errors() {
        for (line, err) in [
            ("peer add b6p", "6bed4 peer add: missing router A[:PORT]"),
            (
                "peer add b6p router 192.0.2.1 port 50001",
                "6bed4 peer add: port 50001 is odd: a peer's port must be even (the low bit \
                 of the port is the Ethernet multicast bit of its link-layer address form)",
            ),
            (
                "peer add b6p router 192.0.2.1 local-port 0xc351",
                "6bed4 peer add: local-port 50001 is odd: a peer's port must be even (the low \
                 bit of the port is the Ethernet multicast bit of its link-layer address form)",
            ),
            (
                "peer add b6p router 192.0.2.1 port 0",
                "6bed4 peer add: invalid port '0' (1..65535, decimal or 0x hex)",
            ),
            (
                "peer add b6p router 192.0.2.1:0",
                "6bed4 peer add: invalid port '0' in router '192.0.2.1:0' (1..65535)",
            ),
            (
                "peer add b6p router 192.0.2.1:x",
                "6bed4 peer add: invalid port 'x' in router '192.0.2.1:x' (1..65535)",
            ),
            (
                "peer add b6p router 2001:db8::1",
                "6bed4 peer add: invalid router '2001:db8::1' (A[:PORT] expected)",
            ),
            (
                "peer add b6p router 192.0.2.1:+5",
                "6bed4 peer add: invalid port '+5' in router '192.0.2.1:+5' (1..65535)",
            ),
            (
                "peer add b6p router host.example",
                "6bed4 peer add: invalid router 'host.example' (A[:PORT] expected)",
            ),
            (
                "peer add b6p router 192.0.2.1 router 192.0.2.3",
                "6bed4 peer add: router given twice",
            ),
            (
                "peer add b6p router 192.0.2.1 keepalive 3601",
                "6bed4 peer add: invalid keepalive '3601' (0..3600, decimal or 0x hex)",
            ),
            (
                "peer add b6p router 192.0.2.1 keepalive 30,0",
                "6bed4 peer add: invalid keepalive-ttl '0' (1..255, decimal or 0x hex)",
            ),
            (
                "peer add b6p router 192.0.2.1 keepalive 30,",
                "6bed4 peer add: invalid keepalive-ttl '' (1..255, decimal or 0x hex)",
            ),
            (
                "peer add b6p router 192.0.2.1 prefix 2001:db8:9:10::/64",
                "6bed4 peer add: 'prefix' is for 'router add', not 'peer add'",
            ),
            (
                "peer add b6p router 192.0.2.1 uplink eth0",
                "6bed4 peer add: 'uplink' is for 'router add', not 'peer add'",
            ),
            (
                "peer add b6p router",
                "6bed4 peer add: 'router' needs a value",
            ),
        ] {
            assert_eq!(usage_err(line), err, "{line}");
        }
    }

    #[test]
    fn parse_other_verbs() {
        assert_eq!(
            parse("del b6r").unwrap(),
            Cmd::Del(DevDelRequest {
                ifindex: None,
                ifname: Some("b6r".into())
            })
        );
        assert_eq!(
            parse("reset 7").unwrap(),
            Cmd::Reset(StatsResetRequest {
                ifindex: Some(7),
                ifname: None
            })
        );
        let named = DevGetRequest {
            ifindex: None,
            ifname: Some("b6r".into()),
        };
        assert_eq!(
            parse("show").unwrap(),
            Cmd::Show {
                req: DevGetRequest::default(),
                stats: false
            }
        );
        for line in ["show b6r -s", "show --stats b6r"] {
            assert_eq!(
                parse(line).unwrap(),
                Cmd::Show {
                    req: named.clone(),
                    stats: true
                },
                "{line}"
            );
        }
        assert_eq!(
            parse("show -s").unwrap(),
            Cmd::Show {
                req: DevGetRequest::default(),
                stats: true
            }
        );
        assert_eq!(parse("peers b6r").unwrap(), Cmd::Peers(named));
        assert_eq!(
            parse("peers").unwrap(),
            Cmd::Peers(DevGetRequest::default())
        );
        assert_eq!(
            parse("monitor --count 2").unwrap(),
            Cmd::Monitor { count: Some(2) }
        );
        assert_eq!(parse("monitor").unwrap(), Cmd::Monitor { count: None });
        assert_eq!(
            parse("addr 192.0.2.2:50000 prefix 2001:db8:9:10::/64").unwrap(),
            Cmd::Addr {
                ipv4: v4("192.0.2.2"),
                port: 50000,
                prefix: v6("2001:db8:9:10::")
            }
        );
        assert_eq!(
            parse("addr 192.0.2.2:50001").unwrap(),
            Cmd::Addr {
                ipv4: v4("192.0.2.2"),
                port: 50001,
                prefix: Ipv6Addr::UNSPECIFIED
            }
        );
        assert_eq!(
            parse("decode 2001:db8:9:10:c000:202:c350:1").unwrap(),
            Cmd::Decode(v6("2001:db8:9:10:c000:202:c350:1"))
        );
        for (line, err) in [
            ("", "6bed4: missing verb"),
            ("frob", "6bed4: unknown verb 'frob'"),
            ("del", "6bed4 del: missing DEV"),
            ("del b6r b6p", "6bed4 del: unexpected 'b6p'"),
            ("reset", "6bed4 reset: missing DEV"),
            ("show b6r b6p", "6bed4 show: unexpected 'b6p'"),
            ("peers b6r -s", "6bed4 peers: unexpected '-s'"),
            ("monitor --count 0", "6bed4 monitor: invalid count '0'"),
            ("addr", "6bed4 addr: missing IPV4:PORT"),
            (
                "addr 192.0.2.2",
                "6bed4 addr: invalid endpoint '192.0.2.2' (IPV4:PORT expected: \
                 the port is in the address)",
            ),
            (
                "addr 192.0.2.2:0",
                "6bed4 addr: invalid port '0' in endpoint '192.0.2.2:0' (1..65535)",
            ),
            (
                "addr 192.0.2.2:50000 prefix 2001:db8::/32",
                "6bed4 addr: invalid prefix length '32' in '2001:db8::/32' (6bed4 serves a /64)",
            ),
            (
                "addr 192.0.2.2.1:50000",
                "6bed4 addr: invalid endpoint '192.0.2.2.1:50000' (IPV4:PORT expected)",
            ),
            (
                "addr 192.0.2.2:50000 lanip 2",
                "6bed4 addr: unexpected 'lanip'",
            ),
            ("decode", "6bed4 decode: missing IPV6"),
            (
                "decode 192.0.2.1",
                "6bed4 decode: invalid address '192.0.2.1' (an IPv6 address)",
            ),
            ("decode ::1 ::2", "6bed4 decode: unexpected '::2'"),
        ] {
            assert_eq!(usage_err(line), err, "{line:?}");
        }
        usage_err("del a/b");
        usage_err("show 0");
    }

    /// The router of test_6bed4.sh after a peer's exchange.
    fn sample_router() -> Dev {
        Dev {
            ifindex: Some(5),
            ifname: Some("b6r".into()),
            role: Some(enums::role::ROUTER),
            local_addr: Some(Ipv4Addr::UNSPECIFIED),
            local_port: Some(25790),
            prefix: Some(v6("2001:db8:9:10::")),
            peers: Some(1),
            rx_keepalive: Some(3),
            rs_rcvd: Some(1),
            ra_sent: Some(1),
            ra_unsolicited: Some(0),
            drop_malformed: Some(0),
            drop_multicast: Some(0),
            drop_spoof_prefix: Some(0),
            drop_spoof_port: Some(1),
            drop_spoof_ipv4: Some(0),
            drop_nd: Some(0),
            drop_tx_native: Some(0),
            drop_tx_no_route: Some(0),
            proxy_na: Some(0),
            rs_sent: Some(0),
            ra_rcvd: Some(0),
            keepalive_sent: Some(0),
            address_changes: Some(0),
            ..Default::default()
        }
    }

    /// The router's message as the kernel sends it (fill_dev: ifindex,
    /// ifname, then the instance's fill): counters as uints of 4 bytes,
    /// a few of 8.
    fn sample_router_attrs() -> Vec<u8> {
        use attrs::dev as d;
        let mut a = Vec::new();
        put_u32(&mut a, d::IFINDEX, 5);
        put_str(&mut a, d::IFNAME, "b6r");
        put_bytes(&mut a, d::LOCAL_ADDR, &[0; 4]);
        put_u32(&mut a, d::LOCAL_PORT, 25790);
        put_u32(&mut a, d::ROLE, 0);
        put_bytes(&mut a, d::PREFIX, &v6("2001:db8:9:10::").octets());
        put_u32(&mut a, d::PEERS, 1);
        put_u32(&mut a, 200, 7); // a newer kernel's
        let counters = [3, 1, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        for (ty, v) in (d::RX_KEEPALIVE..).zip(counters) {
            if ty % 3 == 0 {
                put_u64(&mut a, ty, v);
            } else {
                put_u32(&mut a, ty, v as u32);
            }
        }
        a
    }

    fn sample_peer_dev() -> Dev {
        Dev {
            ifindex: Some(6),
            ifname: Some("b6p".into()),
            role: Some(enums::role::PEER),
            local_addr: Some(Ipv4Addr::UNSPECIFIED),
            local_port: Some(50000),
            router_addr: Some(v4("192.0.2.1")),
            router_port: Some(25790),
            keepalive: Some(30),
            keepalive_ttl: Some(3),
            address: Some(v6("2001:db8:9:10:c000:202:c350:1")),
            rs_sent: Some(1),
            ra_rcvd: Some(1),
            keepalive_sent: Some(4),
            address_changes: Some(1),
            drop_nd: Some(0),
            ra_sent: Some(0),
            ..Default::default()
        }
    }

    #[test]
    fn router_from_the_wire() {
        let dev = Dev::parse(Attrs::new(&sample_router_attrs())).unwrap();
        assert_eq!(dev, sample_router());
        assert_eq!(
            format_dev(&dev, false),
            "b6r: ifindex 5 role router local 0.0.0.0:25790 prefix 2001:db8:9:10::/64 peers 1\n  \
             rx: 3 keepalive\n  \
             rs: 1 rcvd\n  \
             ra: 1 sent\n  \
             drop: 1 spoof-port"
        );
        // -s: every router counter, none of a peer's.
        assert_eq!(
            format_dev(&dev, true),
            "b6r: ifindex 5 role router local 0.0.0.0:25790 prefix 2001:db8:9:10::/64 peers 1\n  \
             rx: 3 keepalive\n  \
             rs: 1 rcvd\n  \
             ra: 1 sent, 0 unsolicited\n  \
             drop: 0 malformed, 0 multicast, 0 spoof-prefix, 1 spoof-port, 0 spoof-ipv4, \
             0 nd, 0 tx-native, 0 tx-no-route\n  \
             proxy: 0 na"
        );
        assert_eq!(
            dev.to_json().build().to_json(),
            r#"{"ifindex":5,"ifname":"b6r","role":"router","local-addr":"0.0.0.0","local-port":25790,"prefix":"2001:db8:9:10::","peers":1,"rx-keepalive":3,"rs-rcvd":1,"ra-sent":1,"ra-unsolicited":0,"drop-malformed":0,"drop-multicast":0,"drop-spoof-prefix":0,"drop-spoof-port":1,"drop-spoof-ipv4":0,"drop-nd":0,"drop-tx-native":0,"drop-tx-no-route":0,"proxy-na":0,"rs-sent":0,"ra-rcvd":0,"keepalive-sent":0,"address-changes":0}"#
        );
        // An uplink; none (0) is not shown.
        let up = Dev {
            uplink_ifindex: Some(2),
            uplink_name: Some("eth1".into()),
            ..sample_router()
        };
        assert!(format_brief(&up).contains(" prefix 2001:db8:9:10::/64 uplink eth1 (ifindex 2) "));
        let none = Dev {
            uplink_ifindex: Some(0),
            ..sample_router()
        };
        assert!(!format_brief(&none).contains("uplink"));
    }

    #[test]
    fn peer_text() {
        let dev = sample_peer_dev();
        assert_eq!(
            format_dev(&dev, false),
            "b6p: ifindex 6 role peer local 0.0.0.0:50000 router 192.0.2.1:25790 keepalive 30,3 \
             address 2001:db8:9:10:c000:202:c350:1 public 192.0.2.2:50000\n  \
             rs: 1 sent\n  \
             ra: 1 rcvd\n  \
             keepalive: 4 sent\n  \
             address: 1 changes"
        );
        // -s: the peer's counters (ra-sent is a router's), and those of
        // both roles.
        let all = format_dev(&dev, true);
        assert!(all.contains("\n  ra: 1 rcvd\n"), "{all}");
        assert!(all.contains("\n  drop: 0 nd\n"), "{all}");
        // Before the first advertisement.
        let soliciting = Dev {
            address: None,
            ..sample_peer_dev()
        };
        assert!(format_brief(&soliciting).ends_with(" keepalive 30,3 address none"));
        // Nothing but a name.
        let bare = Dev {
            ifname: Some("x".into()),
            ..Default::default()
        };
        assert_eq!(format_dev(&bare, true), "x:");
    }

    fn sample_peer() -> Peer {
        Peer {
            ifindex: Some(5),
            ifname: Some("b6r".into()),
            prefix: Some(v6("2001:db8:9:10:c000:202:c350:0")),
            ipv4: Some(v4("192.0.2.2")),
            port: Some(50000),
            idle: Some(3),
            ..Default::default()
        }
    }

    #[test]
    fn peers_table_and_json() {
        let far = Peer {
            ifname: Some("b6router0".into()),
            prefix: Some(v6("2001:db8::c800:7107:c002:c000")),
            ipv4: None,
            port: None,
            idle: Some(61),
            ..sample_peer()
        };
        assert_eq!(
            format_peers(&[sample_peer(), far]),
            "\
DEV        PREFIX                             ENDPOINT           IDLE
b6r        2001:db8:9:10:c000:202:c350:0/114  192.0.2.2:50000    3s
b6router0  2001:db8::c800:7107:c002:c000/114  203.0.113.7:49154  61s"
        );
        assert_eq!(format_peers(&[]), "");
        assert_eq!(
            sample_peer().to_json().build().to_json(),
            r#"{"ifindex":5,"ifname":"b6r","prefix":"2001:db8:9:10:c000:202:c350:0","ipv4":"192.0.2.2","port":50000,"idle":3}"#
        );
    }

    /// 198.51.100.7 = c6 33 64 07: octet 8 0xc6 & 0xfc = 0xc4, the low bits
    /// 2 at the top of octet 14 (0x80); port 40000 = 0x9c40.
    #[test]
    fn peer_of_the_events() {
        let t = addr_text(v4("198.51.100.7"), 40000, v6("2001:db8:9:10::"));
        assert!(
            t.contains("\nprefix 2001:db8:9:10:c433:6407:9c40:8000/114\n"),
            "{t}"
        );
        assert!(
            t.contains("\naddress 2001:db8:9:10:c433:6407:9c40:8001 (lanip 1)\n"),
            "{t}"
        );
        assert!(decode_text(v6("2001:db8:9:10:c433:6407:9c40:8001"))
            .starts_with("ipv4 198.51.100.7\nport 40000\nlanip 1 (the peer itself)\n"));
    }

    /// A notification as it arrives: its command and attributes.
    fn ntf(command: u8, attrs: Vec<u8>) -> Notification {
        let mut payload = crate::genl::header(command, 1);
        payload.extend(attrs);
        let wire = encode_msg(0x22, 0, 0, &payload);
        let g = GenlMsg::parse(&parse_msgs(&wire).unwrap()[0]).unwrap();
        Notification::parse(&g).unwrap().unwrap()
    }

    fn peer_attrs(old: bool) -> Vec<u8> {
        use attrs::peer as p;
        let mut a = Vec::new();
        put_u32(&mut a, p::IFINDEX, 5);
        put_str(&mut a, p::IFNAME, "b6r");
        put_bytes(
            &mut a,
            p::PREFIX,
            &v6("2001:db8:9:10:c433:6407:9c40:8000").octets(),
        );
        put_bytes(&mut a, p::IPV4, &[198, 51, 100, 7]);
        put_u32(&mut a, p::PORT, 40000);
        if old {
            put_bytes(&mut a, p::OLD_IPV4, &[192, 0, 2, 2]);
            put_u32(&mut a, p::OLD_PORT, 50000);
        }
        put_u32(&mut a, p::IDLE, 90);
        a
    }

    #[test]
    fn events() {
        let text = Ctx { json: false };
        let json = Ctx { json: true };
        let n = ntf(cmd::PEER_NEW_NTF, peer_attrs(false));
        assert_eq!(
            format_event(&text, &n),
            "peer-new b6r: prefix 2001:db8:9:10:c433:6407:9c40:8000/114 endpoint 198.51.100.7:40000"
        );
        let n = ntf(cmd::PEER_CHANGE_NTF, peer_attrs(true));
        assert_eq!(
            format_event(&text, &n),
            "peer-change b6r: prefix 2001:db8:9:10:c433:6407:9c40:8000/114 \
             endpoint 198.51.100.7:40000 was 192.0.2.2:50000"
        );
        assert_eq!(
            format_event(&json, &n),
            r#"{"event":"peer-change","ifindex":5,"ifname":"b6r","prefix":"2001:db8:9:10:c433:6407:9c40:8000","ipv4":"198.51.100.7","port":40000,"old-ipv4":"192.0.2.2","old-port":50000,"idle":90}"#
        );
        let n = ntf(cmd::PEER_DEL_NTF, peer_attrs(false));
        assert_eq!(
            format_event(&text, &n),
            "peer-del b6r: prefix 2001:db8:9:10:c433:6407:9c40:8000/114 \
             endpoint 198.51.100.7:40000 idle 90s"
        );
        // A peer's new address: the whole device, as dev-get.
        use attrs::dev as d;
        let mut a = Vec::new();
        put_u32(&mut a, d::IFINDEX, 6);
        put_str(&mut a, d::IFNAME, "b6p");
        put_u32(&mut a, d::ROLE, 1);
        put_bytes(
            &mut a,
            d::ADDRESS,
            &v6("2001:db8:9:10:c433:6407:9c40:8001").octets(),
        );
        put_u32(&mut a, d::ADDRESS_CHANGES, 2);
        let n = ntf(cmd::DEV_CHANGE_NTF, a);
        assert_eq!(event_name(&n), "dev-change");
        assert_eq!(
            format_event(&text, &n),
            "dev-change b6p: ifindex 6 role peer address 2001:db8:9:10:c433:6407:9c40:8001 \
             public 198.51.100.7:40000"
        );
        assert_eq!(
            format_event(&json, &n),
            r#"{"event":"dev-change","ifindex":6,"ifname":"b6p","role":"peer","address":"2001:db8:9:10:c433:6407:9c40:8001","address-changes":2}"#
        );
        // Not a notification: not printed.
        let payload = crate::genl::header(cmd::DEV_GET, 1);
        let wire = encode_msg(0x22, 0, 0, &payload);
        let g = GenlMsg::parse(&parse_msgs(&wire).unwrap()[0]).unwrap();
        assert!(Notification::parse(&g).is_none());
    }

    #[test]
    fn addr_of_the_selftest_peer() {
        // 192.0.2.2 = c0 00 02 02, port 50000 = 0xc350, under
        // 2001:db8:9:10::/64: c000:0202:c350 and lanip 1 (0xc0 & 3 = 0 in
        // the top of octet 14), the layout test_6bed4.sh relies on.
        let ip = v4("192.0.2.2");
        let p = v6("2001:db8:9:10::");
        assert_eq!(
            addr_text(ip, 50000, p),
            "ipv4 192.0.2.2\n\
             port 50000\n\
             prefix 2001:db8:9:10:c000:202:c350:0/114\n\
             address 2001:db8:9:10:c000:202:c350:1 (lanip 1)\n\
             lladdr 50:c3:c0:00:02:02"
        );
        assert_eq!(
            addr_json(ip, 50000, p).to_json(),
            r#"{"ipv4":"192.0.2.2","port":50000,"prefix":"2001:db8:9:10:c000:202:c350:0","prefix-len":114,"address":"2001:db8:9:10:c000:202:c350:1","lladdr":"50:c3:c0:00:02:02","lladdr-valid":true}"#
        );
        // And back.
        assert_eq!(
            decode_text(v6("2001:db8:9:10:c000:202:c350:1")),
            "ipv4 192.0.2.2\n\
             port 50000\n\
             lanip 1 (the peer itself)\n\
             prefix 2001:db8:9:10:c000:202:c350:0/114\n\
             address 2001:db8:9:10:c000:202:c350:1 (lanip 1)\n\
             lladdr 50:c3:c0:00:02:02"
        );
        assert_eq!(
            decode_json(v6("2001:db8:9:10:c000:202:c350:1")).to_json(),
            r#"{"ipv4":"192.0.2.2","port":50000,"lanip":1,"native":false,"prefix":"2001:db8:9:10:c000:202:c350:0","prefix-len":114,"address":"2001:db8:9:10:c000:202:c350:1","lladdr":"50:c3:c0:00:02:02","lladdr-valid":true}"#
        );
    }

    // lib/sixbed4's vectors: 203.0.113.7 = cb 00 71 07, octet 8 0xc8, the
    // low bits 3 at the top of octet 14 (0xc0); port 0xc002 (49154), its
    // link-layer form 02 c0 cb 00 71 07. 1.2.3.4 port 0x64be lanip 2:
    // ::2:304:64be:4002. Port 0x64bf: odd, the multicast bit.
    #[test]
    fn addr_and_decode_vectors() {
        let t = addr_text(v4("203.0.113.7"), 0xc002, v6("2001:db8::"));
        assert!(
            t.contains("\nprefix 2001:db8::c800:7107:c002:c000/114\n"),
            "{t}"
        );
        assert!(
            t.contains("\naddress 2001:db8::c800:7107:c002:c001 (lanip 1)\n"),
            "{t}"
        );
        assert!(t.ends_with("\nlladdr 02:c0:cb:00:71:07"), "{t}");
        // Without a prefix: under ::/64.
        let t = addr_text(v4("192.0.2.1"), 25790, Ipv6Addr::UNSPECIFIED);
        assert!(t.contains("\nprefix ::c000:201:64be:0/114\n"), "{t}");
        assert!(t.ends_with("\nlladdr be:64:c0:00:02:01"), "{t}");
        // A NAT may map to an odd port: the address works, its link-layer
        // form does not.
        let t = addr_text(v4("192.0.2.1"), 0x64bf, v6("2001:db8::"));
        assert!(
            t.contains("\naddress 2001:db8::c000:201:64bf:1 (lanip 1)\n"),
            "{t}"
        );
        assert!(t.ends_with(
            "\nlladdr bf:64:c0:00:02:01 (unusable: an odd port sets its Ethernet multicast bit)"
        ));
        assert!(addr_json(v4("192.0.2.1"), 0x64bf, Ipv6Addr::UNSPECIFIED)
            .to_json()
            .ends_with(r#""lladdr":"bf:64:c0:00:02:01","lladdr-valid":false}"#));

        assert_eq!(
            decode_text(v6("2001:db8:0:1:2:304:64be:4002")),
            "ipv4 1.2.3.4\n\
             port 25790\n\
             lanip 2 (a host behind the peer)\n\
             prefix 2001:db8:0:1:2:304:64be:4000/114\n\
             address 2001:db8:0:1:2:304:64be:4001 (lanip 1)\n\
             lladdr be:64:01:02:03:04"
        );
        let t = decode_text(v6("2001:db8:0:1:c800:7107:64be:ffff"));
        assert!(
            t.starts_with("ipv4 203.0.113.7\nport 25790\nlanip 16383 (a host behind the peer)\n"),
            "{t}"
        );
        assert!(t.contains("\nprefix 2001:db8:0:1:c800:7107:64be:c000/114\n"));
        let t = decode_text(v6("2001:db8::c800:7107:c002:c000"));
        assert!(t.contains("\nlanip 0 (the router)\n"), "{t}");
        // The u/g bits, which 6bed4 keeps clear.
        let t = decode_text(v6("2001:db8::c300:201:64be:1"));
        assert!(t.starts_with("ipv4 192.0.2.1\n"), "{t}");
        assert!(
            t.ends_with("\nnote: bits 70-71 (the u/g bits) are set: 6bed4 makes no such address")
        );
    }

    #[test]
    fn decode_native() {
        // 192.0.2.1 but port word 0: a native host.
        let a = v6("2001:db8::c000:201:0:1");
        assert_eq!(
            decode_text(a),
            "native (port word 0): no 6bed4 peer's address (a native host, in the router's /64)\n\
             ipv4 192.0.2.1\n\
             port 0\n\
             lanip 1"
        );
        assert_eq!(
            decode_json(a).to_json(),
            r#"{"ipv4":"192.0.2.1","port":0,"lanip":1,"native":true}"#
        );
        assert!(decode_text(v6("2001:db8:9:10::11")).starts_with("native (port word 0)"));
    }

    fn kernel_err(errno: i32, extack: Option<&str>) -> Error {
        let e = Error::from_nl(
            "sixbed4",
            "dev-get",
            NlError::Kernel(KernelError {
                errno,
                extack: extack.map(String::from),
                bad_attr_offset: Some(20),
                missing_type: None,
            }),
        );
        let mut attrs = Vec::new();
        put_str(&mut attrs, attrs::dev::IFNAME, "b6x");
        e.with_attrs(&crate::gen::sixbed4::DEV_SET, &attrs)
    }

    #[test]
    fn errors() {
        let name = Some("b6x".to_string());
        assert_eq!(
            kernel_err(libc::ENODEV, Some("no such device")).to_string(),
            "sixbed4 dev-get: No such device: no such device (attribute ifname)"
        );
        assert_eq!(
            dev_error(
                kernel_err(libc::ENODEV, Some("no such device")),
                None,
                &name
            )
            .to_string(),
            "sixbed4 dev-get: No such device: no device 'b6x'"
        );
        assert_eq!(
            dev_error(kernel_err(libc::ENODEV, None), Some(9), &None).to_string(),
            "sixbed4 dev-get: No such device: no device ifindex 9"
        );
        assert_eq!(
            dev_error(
                kernel_err(libc::ENODEV, Some("not a 6bed4 device")),
                None,
                &Some("eth0".into())
            )
            .to_string(),
            "sixbed4 dev-get: No such device: 'eth0' is not a 6bed4 device"
        );
        assert_eq!(
            dev_error(kernel_err(libc::ENODEV, Some("gone")), None, &name).to_string(),
            "sixbed4 dev-get: No such device: gone ('b6x')"
        );
        // Other errors as they are: EPERM as every module says it.
        assert_eq!(
            dev_error(kernel_err(libc::EPERM, None), None, &name).to_string(),
            "sixbed4 dev-get: operation not permitted (CAP_NET_ADMIN required)"
        );
        assert_eq!(
            dev_error(kernel_err(libc::EINVAL, Some("x")), None, &name).to_string(),
            "sixbed4 dev-get: Invalid argument: x (attribute ifname)"
        );
        // A failed route names the step and what was undone.
        let k = KernelError {
            errno: libc::EEXIST,
            extack: Some(
                "an IPv6 route to 2001:db8:9:10::/64 of the same metric exists already".into(),
            ),
            bad_attr_offset: None,
            missing_type: None,
        };
        let e = with_context(
            Error::from_nl("rtnetlink", "newroute", NlError::Kernel(k)),
            "6bed4 router add (undone, b6r deleted): route 2001:db8:9:10::/64 dev b6r",
        );
        assert_eq!(
            e.to_string(),
            "6bed4 router add (undone, b6r deleted): route 2001:db8:9:10::/64 dev b6r: \
             rtnetlink newroute: File exists: an IPv6 route to 2001:db8:9:10::/64 of the same \
             metric exists already"
        );
    }

    #[test]
    fn help_mentions_every_verb() {
        for verb in [
            "router add",
            "peer add",
            "del",
            "show",
            "peers",
            "reset",
            "addr",
            "decode",
            "monitor",
        ] {
            assert!(USAGE.contains(&format!("6bed4 {verb} ")), "{verb}");
            assert!(HELP.contains(&format!("\n  {verb} ")), "{verb}");
        }
        for kw in [
            "prefix P/64",
            "[local A]",
            "[port N]",
            "[uplink DEV]",
            "router A[:PORT]",
            "[keepalive SECS[,TTL]]",
            "[no-default-route]",
            "[-s|--stats]",
            "[--count N]",
        ] {
            assert!(USAGE.contains(kw), "{kw}");
        }
    }
}
