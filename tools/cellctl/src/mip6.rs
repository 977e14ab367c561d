// SPDX-License-Identifier: GPL-2.0
//! `cellctl mip6`: the verbs of the mip6 family (gen/mip6.rs, from
//! Documentation/netlink/specs/mip6.yaml) and their arguments; and the
//! `mipdiag` personality, MIPL's diagnostics tool: cellctl invoked as
//! `mipdiag` (a symlink) prints its statistics, binding update list and
//! binding cache in MIPL's layouts.
//!
//! A network namespace has at most one instance, a home agent (HA) or a
//! mobile node (MN), with its tunnel netdev. An HA serves home prefixes,
//! accepts the home addresses of its access list (or, with acl-default
//! allow, any in its prefixes) and keeps the binding cache; an MN keeps its
//! binding update list and, given an RFC 4285 MN-HA key, signs its binding
//! updates.

use std::fmt::Write;
use std::net::Ipv6Addr;

use crate::args;
use crate::error::Error;
use crate::gen::mip6::{
    enums, AclAddRequest, AclDelRequest, AclGetRequest, Binding, BindingDelRequest,
    BindingGetRequest, DelRequest, GetRequest, HaNewRequest, Inst, MnNewRequest, Notification,
    PrefixAddRequest, PrefixDelRequest, PrefixGetRequest, SetRequest, StatsResetRequest,
};
use crate::schema::Request;
use crate::{emit, ops, Ctx, Module};

pub const MODULE: Module = Module {
    name: "mip6",
    summary: "Mobile IPv6 home agent or mobile node (RFC 6275)",
    usage: USAGE,
    help: HELP,
    run,
};

const USAGE: &str = "\
Usage: cellctl [--json] mip6 ha add [name TUNNEL] [max-lifetime S] [dad-timeout MS]
                                    [acl-default allow|deny]
       cellctl [--json] mip6 mn add LINK home HOA[/PLEN] ha HAADDR [name TUNNEL] [lifetime S]
                                    [spi N key HEX]
       cellctl [--json] mip6 set [max-lifetime S] [dad-timeout MS] [lifetime S]
                                 [acl-default allow|deny]
       cellctl [--json] mip6 del
       cellctl [--json] mip6 show
       cellctl [--json] mip6 stats reset
       cellctl [--json] mip6 prefix add DEV PREFIX/LEN ha HAADDR
       cellctl [--json] mip6 prefix del PREFIX/LEN
       cellctl [--json] mip6 prefix show
       cellctl [--json] mip6 acl add HOA [spi N key HEX] [replay-window S]
       cellctl [--json] mip6 acl del HOA
       cellctl [--json] mip6 acl show
       cellctl [--json] mip6 binding show [HOA]
       cellctl [--json] mip6 binding del HOA
       cellctl [--json] mip6 monitor [--count N]";

const HELP: &str = "\
A network namespace has at most one instance: a home agent (HA) or a mobile
node (MN), with its tunnel netdev (mip6tnl<n> unless named TUNNEL).
Addresses are IPv6 addresses in any standard form (fec0:106:2700::4); S are
seconds, MS milliseconds; LINK and DEV are device names or decimal
ifindexes.

Verbs:
  ha add        make the namespace a home agent; max-lifetime is the
                longest binding lifetime it grants (4..262140 s, default
                262140), dad-timeout how long duplicate address detection of
                a new home address waits (10..10000 ms, default 1000);
                acl-default allow accepts any home address in a served
                prefix without an access list entry (unauthenticated, as
                UMIP's DefaultBindingAclPolicy), deny (the default) only
                those of the access list
  mn add        make the namespace a mobile node that moves on LINK, with
                home address HOA (an address of this node) in a home prefix
                of PLEN bits (default 64) and home agent HAADDR (:: finds
                it by dynamic home agent address discovery); lifetime is
                what its binding updates ask for (4..262140 s, default 1000);
                with an RFC 4285 MN-HA key, spi N (256 and up) and key HEX
                (1..64 bytes in hex) together, its binding updates are
                authenticated (HMAC-SHA1-96) and binding acknowledgements
                must be too (give the HA's acl entry for HOA the same spi
                and key)
  set           change max-lifetime, dad-timeout, acl-default (HA) or
                lifetime (MN); give at least one
  del           delete the instance; an MN deregisters first
  show          show the instance: configuration (an HA's acl-default; an
                MN's auth, 1 with a key) and counters (ratelimited: error
                binding acknowledgements and binding errors not sent because
                of the rate limit)
  stats reset   set every counter of the instance to zero
  prefix add    HA: serve home prefix PREFIX/LEN on DEV; HAADDR, an address
                of DEV in the prefix, is the source of the binding
                acknowledgements
  prefix del    HA: stop serving PREFIX/LEN; its bindings are removed
  prefix show   HA: list the home prefixes served
  acl add       HA: accept registrations for home address HOA (replaces its
                entry); with an RFC 4285 MN-HA key, spi N (256 and up) and
                key HEX (1..64 bytes in hex) together, binding updates must
                be authenticated and their timestamps within replay-window
                (1..3600 s, default 7)
  acl del       HA: stop accepting HOA; its binding is removed
  acl show      HA: list the accepted home addresses (keys are never shown)
  binding show  show the binding of HOA, or all of them: the binding cache
                (HA) or the binding update list (MN)
  binding del   HA: remove the binding of HOA as if it had expired
  monitor       print binding creations (new), changes (change) and removals
                (del), and the MN's movements (move), as they happen; stop
                after N of them with --count

Keywords also go by the spec's attribute names (e.g. dad-timeout-ms).
Everything but the show verbs and 'monitor' needs CAP_NET_ADMIN.

Invoked as 'mipdiag' (a symlink to cellctl), it prints MIPL's reports:
'mipdiag -s' the statistics, '-l' the binding update list, '-c' the
binding cache.";

/// `mip6 ha add` keywords: (command line, spec attribute).
const HA_ADD_KEYWORDS: &[(&str, &str)] = &[
    ("name", "ifname"),
    ("max-lifetime", "max-lifetime"),
    ("dad-timeout", "dad-timeout-ms"),
    ("acl-default", "acl-default"),
];

/// `mip6 mn add` keywords besides `home`; the last, `home-prefix-len`, is
/// also written as `home HOA/PLEN`.
const MN_ADD_KEYWORDS: &[(&str, &str)] = &[
    ("ha", "ha-addr"),
    ("name", "ifname"),
    ("lifetime", "lifetime"),
    ("spi", "spi"),
    ("key", "key"),
    ("home-prefix-len", "home-prefix-len"),
];

/// `mip6 set` keywords.
const SET_KEYWORDS: &[(&str, &str)] = &[
    ("max-lifetime", "max-lifetime"),
    ("dad-timeout", "dad-timeout-ms"),
    ("lifetime", "lifetime"),
    ("acl-default", "acl-default"),
];

/// `mip6 prefix add` keywords.
const PREFIX_ADD_KEYWORDS: &[(&str, &str)] = &[("ha", "ha-addr")];

/// `mip6 acl add` keywords.
const ACL_ADD_KEYWORDS: &[(&str, &str)] = &[
    ("spi", "spi"),
    ("key", "key"),
    ("replay-window", "replay-window"),
];

/// A parsed `cellctl mip6` command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cmd {
    HaAdd(HaNewRequest),
    MnAdd(MnNewRequest),
    Set(SetRequest),
    Del(DelRequest),
    Show(GetRequest),
    StatsReset(StatsResetRequest),
    PrefixAdd(PrefixAddRequest),
    PrefixDel(PrefixDelRequest),
    PrefixShow(PrefixGetRequest),
    AclAdd(AclAddRequest),
    AclDel(AclDelRequest),
    AclShow(AclGetRequest),
    BindingShow(BindingGetRequest),
    BindingDel(BindingDelRequest),
    Monitor { count: Option<u64> },
}

/// How an `ADDR/LEN` argument is written and checked.
struct AddrLen<'s> {
    /// Its name in errors ("home", "prefix").
    what: &'s str,
    /// Its syntax in errors ("HOA[/PLEN]").
    syntax: &'s str,
    /// The attributes of the address and of the length.
    attrs: (&'s str, &'s str),
    /// A prefix: the length is required and no bit may be set past it.
    prefix: bool,
}

const HOME: AddrLen<'static> = AddrLen {
    what: "home",
    syntax: "HOA[/PLEN]",
    attrs: ("home-addr", "home-prefix-len"),
    prefix: false,
};

const PREFIX: AddrLen<'static> = AddrLen {
    what: "prefix",
    syntax: "PREFIX/LEN",
    attrs: ("prefix", "prefix-len"),
    prefix: true,
};

/// `ADDR/LEN` (or `ADDR` alone, for an address) into `req`.
fn addr_len<R: Request>(req: &mut R, word: &str, how: &AddrLen<'_>) -> Result<(), String> {
    let (addr_attr, len_attr) = how.attrs;
    let bad = || format!("invalid {} '{word}' ({} expected)", how.what, how.syntax);
    let (addr, len) = match word.split_once('/') {
        Some((a, l)) => (a, Some(l)),
        None if how.prefix => return Err(bad()),
        None => (word, None),
    };
    let parsed: Ipv6Addr = addr.parse().map_err(|_| bad())?;
    args::set(req, addr_attr, addr)?;
    let Some(len) = len else { return Ok(()) };
    let d = R::OP.set.attr(len_attr);
    let n = match len.parse::<u32>() {
        Ok(n) if len.bytes().all(|b| b.is_ascii_digit()) && (d.min..=d.max).contains(&n.into()) => {
            n
        }
        _ => {
            return Err(format!(
                "invalid prefix length '{len}' in '{word}' ({}..{})",
                d.min, d.max
            ))
        }
    };
    if how.prefix {
        let bits = u128::from(parsed);
        let host = u128::MAX.checked_shr(n).unwrap_or(0);
        if bits & host != 0 {
            let net = Ipv6Addr::from(bits & !host);
            return Err(format!(
                "'{word}' has bits set past its length (the prefix is {net}/{n})"
            ));
        }
    }
    args::set(req, len_attr, &n.to_string())
}

/// Parses `KEYWORD VALUE` pairs as [`args::keywords`] does, except that
/// `special` (a command-line keyword and its spec name) takes `ADDR[/LEN]`
/// through `parse`.
fn keywords_with<'a, R: Request>(
    req: &mut R,
    mut words: impl Iterator<Item = &'a str>,
    keywords: &[(&str, &str)],
    special: (&str, &str),
    mut parse: impl FnMut(&mut R, &str) -> Result<(), String>,
) -> Result<(), String> {
    while let Some(key) = words.next() {
        if key == special.0 || key == special.1 {
            let value = words
                .next()
                .ok_or_else(|| format!("'{key}' needs a value"))?;
            parse(req, value)?;
        } else {
            args::keywords(req, std::iter::once(key).chain(words.next()), keywords)?;
        }
    }
    Ok(())
}

fn ha_add<'a>(rest: impl Iterator<Item = &'a str>) -> Result<HaNewRequest, String> {
    let mut req = HaNewRequest::default();
    args::keywords(&mut req, rest, HA_ADD_KEYWORDS)?;
    Ok(req)
}

fn mn_add<'a>(mut rest: impl Iterator<Item = &'a str>) -> Result<MnNewRequest, String> {
    let mut req = MnNewRequest::default();
    let link = rest.next().ok_or("missing LINK")?;
    args::dev(&mut req, link, "link-ifindex", "link-name")?;
    keywords_with(
        &mut req,
        rest,
        MN_ADD_KEYWORDS,
        ("home", "home-addr"),
        |req, value| addr_len(req, value, &HOME),
    )?;
    if req.home_addr.is_none() {
        return Err("missing home HOA".into());
    }
    if req.ha_addr.is_none() {
        return Err("missing ha HAADDR (:: to discover the home agent)".into());
    }
    spi_with_key(req.spi.is_some(), req.key.is_some())?;
    Ok(req)
}

fn set<'a>(rest: impl Iterator<Item = &'a str>) -> Result<SetRequest, String> {
    let mut req = SetRequest::default();
    args::keywords(&mut req, rest, SET_KEYWORDS)?;
    if req.is_empty() {
        return Err(
            "nothing to set (give max-lifetime, dad-timeout, lifetime or acl-default)".into(),
        );
    }
    Ok(req)
}

fn prefix_add<'a>(mut rest: impl Iterator<Item = &'a str>) -> Result<PrefixAddRequest, String> {
    let mut req = PrefixAddRequest::default();
    let dev = rest.next().ok_or("missing DEV")?;
    args::dev(&mut req, dev, "link-ifindex", "link-name")?;
    let prefix = rest.next().ok_or("missing PREFIX/LEN")?;
    addr_len(&mut req, prefix, &PREFIX)?;
    args::keywords(&mut req, rest, PREFIX_ADD_KEYWORDS)?;
    if req.ha_addr.is_none() {
        return Err("missing ha HAADDR".into());
    }
    Ok(req)
}

fn prefix_del<'a>(mut rest: impl Iterator<Item = &'a str>) -> Result<PrefixDelRequest, String> {
    let mut req = PrefixDelRequest::default();
    let prefix = rest.next().ok_or("missing PREFIX/LEN")?;
    addr_len(&mut req, prefix, &PREFIX)?;
    Ok(req)
}

fn acl_add<'a>(mut rest: impl Iterator<Item = &'a str>) -> Result<AclAddRequest, String> {
    let mut req = AclAddRequest::default();
    let hoa = rest.next().ok_or("missing HOA")?;
    args::set(&mut req, "home-addr", hoa)?;
    args::keywords(&mut req, rest, ACL_ADD_KEYWORDS)?;
    spi_with_key(req.spi.is_some(), req.key.is_some())?;
    Ok(req)
}

/// An RFC 4285 MN-HA key (`acl add`, `mn add`) is an SPI and its key.
fn spi_with_key(spi: bool, key: bool) -> Result<(), String> {
    if spi != key {
        return Err("spi and key go together: give both or neither".into());
    }
    Ok(())
}

/// A request naming a home address: `HOA` (optional for a show).
fn by_hoa<'a, R: Request>(
    rest: &mut impl Iterator<Item = &'a str>,
    required: bool,
) -> Result<R, String> {
    let mut req = R::default();
    match rest.next() {
        Some(hoa) => args::set(&mut req, "home-addr", hoa)?,
        None if required => return Err("missing HOA".into()),
        None => {}
    }
    Ok(req)
}

/// Parses the words after `mip6` (global options already removed).
pub fn parse_args(args: &[String]) -> Result<Cmd, Error> {
    let Some((verb, rest)) = args.split_first() else {
        return Err(Error::usage("mip6: missing verb"));
    };
    let mut rest = rest.iter().map(String::as_str);
    let mut ctx = format!("mip6 {verb}");
    let cmd = (|| match verb.as_str() {
        "set" => Ok(Cmd::Set(set(&mut rest)?)),
        "del" => Ok(Cmd::Del(DelRequest::default())),
        "show" => Ok(Cmd::Show(GetRequest::default())),
        "monitor" => Ok(Cmd::Monitor {
            count: args::count(&mut rest)?,
        }),
        "ha" | "mn" | "stats" | "prefix" | "acl" | "binding" => {
            let subs = match verb.as_str() {
                "ha" | "mn" => "add",
                "stats" => "reset",
                "prefix" | "acl" => "add, del or show",
                _ => "show or del",
            };
            let sub = rest
                .next()
                .ok_or_else(|| format!("missing verb ({subs})"))?;
            ctx = format!("mip6 {verb} {sub}");
            match (verb.as_str(), sub) {
                ("ha", "add") => Ok(Cmd::HaAdd(ha_add(&mut rest)?)),
                ("mn", "add") => Ok(Cmd::MnAdd(mn_add(&mut rest)?)),
                ("stats", "reset") => Ok(Cmd::StatsReset(StatsResetRequest::default())),
                ("prefix", "add") => Ok(Cmd::PrefixAdd(prefix_add(&mut rest)?)),
                ("prefix", "del") => Ok(Cmd::PrefixDel(prefix_del(&mut rest)?)),
                ("prefix", "show") => Ok(Cmd::PrefixShow(PrefixGetRequest::default())),
                ("acl", "add") => Ok(Cmd::AclAdd(acl_add(&mut rest)?)),
                ("acl", "del") => Ok(Cmd::AclDel(by_hoa(&mut rest, true)?)),
                ("acl", "show") => Ok(Cmd::AclShow(AclGetRequest::default())),
                ("binding", "show") => Ok(Cmd::BindingShow(by_hoa(&mut rest, false)?)),
                ("binding", "del") => Ok(Cmd::BindingDel(by_hoa(&mut rest, true)?)),
                _ => {
                    ctx = format!("mip6 {verb}");
                    Err(format!("unknown verb '{sub}' ({subs})"))
                }
            }
        }
        other => {
            ctx = "mip6".into();
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
        Cmd::HaAdd(req) => ops::create(ctx, &req),
        Cmd::MnAdd(req) => ops::create(ctx, &req),
        Cmd::Set(req) => ops::change(&req),
        Cmd::Del(req) => ops::change(&req),
        Cmd::Show(req) => ops::show(ctx, &req),
        Cmd::StatsReset(req) => ops::change(&req),
        Cmd::PrefixAdd(req) => ops::change(&req),
        Cmd::PrefixDel(req) => ops::change(&req),
        Cmd::PrefixShow(req) => ops::show(ctx, &req),
        Cmd::AclAdd(req) => ops::change(&req),
        Cmd::AclDel(req) => ops::change(&req),
        Cmd::AclShow(req) => ops::show(ctx, &req),
        Cmd::BindingShow(req) => ops::show(ctx, &req),
        Cmd::BindingDel(req) => ops::change(&req),
        Cmd::Monitor { count } => ops::monitor::<Notification>(ctx, count),
    }
}

// ---------------------------------------------------------------------------
// mipdiag

/// The program name of the personality.
pub const MIPDIAG: &str = "mipdiag";

pub const MIPDIAG_USAGE: &str = "\
Usage: mipdiag [-s] [-l] [-c]
       mipdiag -h";

const MIPDIAG_HELP: &str = "\
Mobile IPv6 diagnostics of this network namespace's mip6 instance, in the
layouts of MIPL's mipdiag (cellctl invoked as mipdiag):
  -s  statistics: the counters of MIPL 0.9, then NBindErrorsRcvd/Sent
  -l  binding update list (mobile node): for each home registration, the
      home agent, home and care-of addresses, seconds to expiry, sequence
      number, state (1 acknowledged), retransmission delay and its maximum
      in seconds, and seconds to the next binding update
  -c  binding cache (home agent): home address, care-of address, seconds
      to expiry and type (2, home registration), by home address
  -h  this help
Several options print their reports in the order given (-sc, -s -c).
'cellctl mip6 show' and 'cellctl mip6 binding show' tell more.";

/// A report of mipdiag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Report {
    Stats,
    UpdateList,
    Cache,
}

/// A parsed mipdiag command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Diag {
    Help,
    Reports(Vec<Report>),
}

/// Parses mipdiag's arguments (without argv[0]).
pub fn parse_mipdiag(args: &[String]) -> Result<Diag, Error> {
    let mut reports = Vec::new();
    for arg in args {
        if arg == "--help" {
            return Ok(Diag::Help);
        }
        let letters = match arg.strip_prefix('-') {
            Some(l) if !l.is_empty() && !l.starts_with('-') => l,
            _ => return Err(Error::usage(format!("unexpected '{arg}'"))),
        };
        for c in letters.chars() {
            reports.push(match c {
                's' => Report::Stats,
                'l' => Report::UpdateList,
                'c' => Report::Cache,
                'h' => return Ok(Diag::Help),
                _ => return Err(Error::usage(format!("unknown option '-{c}'"))),
            });
        }
    }
    if reports.is_empty() {
        return Err(Error::usage("give -s, -l or -c"));
    }
    Ok(Diag::Reports(reports))
}

/// The MIPL 0.9 counters in its order, then MIPL 1.x's binding errors.
fn stats_rows(i: &Inst) -> [(&'static str, Option<u64>); 21] {
    [
        ("NEncapsulations", i.encapsulations),
        ("NDecapsulations", i.decapsulations),
        ("NBindUpdatesRcvd", i.bu_rcvd),
        ("NBindAcksRcvd", i.ba_rcvd),
        ("NBindNAcksRcvd", i.ba_nack_rcvd),
        ("NBindRqsRcvd", i.brr_rcvd),
        ("NBindUpdatesSent", i.bu_sent),
        ("NBindAcksSent", i.ba_sent),
        ("NBindNAcksSent", i.ba_nack_sent),
        ("NBindRqsSent", i.brr_sent),
        ("NBindUpdatesDropAuth", i.bu_drop_auth),
        ("NBindUpdatesDropInvalid", i.bu_drop_invalid),
        ("NBindUpdatesDropMisc", i.bu_drop_misc),
        // MIPL printed the BU drop counters on these lines too: not here.
        ("NBindAcksDropAuth", i.ba_drop_auth),
        ("NBindAcksDropInvalid", i.ba_drop_invalid),
        ("NBindAcksDropMisc", i.ba_drop_misc),
        ("NBindRqsDropAuth", i.brr_drop_auth),
        ("NBindRqsDropInvalid", i.brr_drop_invalid),
        ("NBindRqsDropMisc", i.brr_drop_misc),
        ("NBindErrorsRcvd", i.be_rcvd),
        ("NBindErrorsSent", i.be_sent),
    ]
}

/// Width of the names of `mipdiag -s`: the longest and one space.
const STATS_WIDTH: usize = "NBindUpdatesDropInvalid".len() + 1;

/// `mipdiag -s`: the instance's counters, a missing one as 0.
pub fn format_stats(inst: &Inst) -> String {
    let mut s = String::from("Mobile IPv6 Statistics");
    for (name, value) in stats_rows(inst) {
        let _ = write!(s, "\n{name:<STATS_WIDTH$}: {}", value.unwrap_or(0));
    }
    s
}

fn addr(a: Option<Ipv6Addr>) -> Ipv6Addr {
    a.unwrap_or(Ipv6Addr::UNSPECIFIED)
}

/// `bindings` by home address: an insertion sort, enough for a binding
/// cache and smaller than the library's sorts.
fn sorted(bindings: &[Binding]) -> Vec<&Binding> {
    let mut v: Vec<&Binding> = Vec::with_capacity(bindings.len());
    for b in bindings {
        let at = v.partition_point(|o| o.home_addr <= b.home_addr);
        v.insert(at, b);
    }
    v
}

/// `mipdiag -l`: the MN's binding update list. Times in seconds (delays
/// from milliseconds, rounded down); state 1 once acknowledged, else 0.
pub fn format_update_list(bindings: &[Binding]) -> String {
    let mut s = String::from("Mobile IPv6 Binding update list");
    for b in sorted(bindings) {
        let n = |v: Option<u32>| v.unwrap_or(0);
        let state = u32::from(b.state == Some(enums::state::ACTIVE));
        let _ = write!(
            s,
            "\nRecipient CN: {}\n\
             BINDING home address: {} care-of address: {}\n\
             expires: {} sequence: {} state: {state}\n\
             delay: {} max delay {} callback time: {}",
            addr(b.ha_addr),
            addr(b.home_addr),
            addr(b.coa),
            n(b.expires),
            n(b.seq),
            n(b.delay) / 1000,
            n(b.max_delay) / 1000,
            n(b.callback),
        );
    }
    s
}

/// `mipdiag -c`: the HA's binding cache, by home address. Entries still in
/// duplicate address detection are not bindings yet (no acknowledgement
/// was sent), as in MIPL's cache.
pub fn format_cache(bindings: &[Binding]) -> String {
    let mut s = String::from(
        "Mobile IPv6 Binding cache\n\
         Home Address      Care-of Address      Lifetime  Type",
    );
    for b in sorted(bindings) {
        if b.state == Some(enums::state::DAD) {
            continue;
        }
        let _ = write!(
            s,
            "\n{}  {}  {:<9}2",
            addr(b.home_addr),
            addr(b.coa),
            b.expires.unwrap_or(0)
        );
    }
    s
}

/// The binding update list (an MN's bindings) or the binding cache (an
/// HA's): none when the instance is of the other kind.
fn bindings_of(inst: &Inst, mode: u32) -> Result<Vec<Binding>, Error> {
    if inst.mode.is_some_and(|m| m != mode) {
        return Ok(Vec::new());
    }
    ops::call(&BindingGetRequest::default(), true)
}

/// Runs mipdiag's command line (without argv[0]).
pub fn mipdiag(args: &[String]) -> Result<(), Error> {
    let reports = match parse_mipdiag(args)? {
        Diag::Help => return emit(&format!("{MIPDIAG_USAGE}\n\n{MIPDIAG_HELP}")),
        Diag::Reports(r) => r,
    };
    let inst = ops::call(&GetRequest::default(), false)?
        .into_iter()
        .next()
        .unwrap_or_default();
    for r in reports {
        let text = match r {
            Report::Stats => format_stats(&inst),
            Report::UpdateList => format_update_list(&bindings_of(&inst, enums::mode::MN)?),
            Report::Cache => format_cache(&bindings_of(&inst, enums::mode::HA)?),
        };
        emit(&text)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attr::{put_bytes, put_u32, put_u64, Attrs};
    use crate::gen::mip6::{attrs, cmd, Acl, Prefix};
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

    fn ip(s: &str) -> Ipv6Addr {
        s.parse().unwrap()
    }

    use crate::schema::test_util::{decode, encode};

    #[test]
    fn parse_ha_add() {
        assert_eq!(
            parse("ha add").unwrap(),
            Cmd::HaAdd(HaNewRequest::default())
        );
        assert_eq!(
            parse("ha add name mip6ha max-lifetime 3600 dad-timeout 500").unwrap(),
            Cmd::HaAdd(HaNewRequest {
                ifname: Some("mip6ha".into()),
                max_lifetime: Some(3600),
                dad_timeout_ms: Some(500),
                acl_default: None,
            })
        );
        assert_eq!(
            parse("ha add dad-timeout-ms 10 ifname t").unwrap(),
            Cmd::HaAdd(HaNewRequest {
                ifname: Some("t".into()),
                max_lifetime: None,
                dad_timeout_ms: Some(10),
                acl_default: None,
            }),
            "the spec's names are keywords too"
        );
        assert_eq!(
            parse("ha add acl-default allow").unwrap(),
            Cmd::HaAdd(HaNewRequest {
                acl_default: Some(enums::acl_policy::ALLOW),
                ..Default::default()
            })
        );
        assert_eq!(
            parse("ha add name t acl-default deny").unwrap(),
            Cmd::HaAdd(HaNewRequest {
                ifname: Some("t".into()),
                acl_default: Some(enums::acl_policy::DENY),
                ..Default::default()
            })
        );
        assert_eq!(
            usage_err("ha add acl-default yes"),
            "mip6 ha add: acl-default must be deny or allow, not 'yes'"
        );
        // By name only: not the numbers, not on/off.
        for bad in ["1", "0", "on", "Allow", "0x1"] {
            usage_err(&format!("ha add acl-default {bad}"));
        }
        usage_err("ha add acl-default");
        usage_err("ha add acl-default allow acl-default deny");
        usage_err("ha add spi 256 key 00");
        assert_eq!(
            usage_err("ha add max-lifetime 3"),
            "mip6 ha add: invalid max-lifetime '3' (4..262140, decimal or 0x hex)"
        );
        assert_eq!(
            usage_err("ha add dad-timeout 10001"),
            "mip6 ha add: invalid dad-timeout '10001' (10..10000, decimal or 0x hex)"
        );
        usage_err("ha add name abcdefghijklmnop");
        usage_err("ha add name");
        usage_err("ha add name a name b");
        usage_err("ha add lifetime 100");
        usage_err("ha add extra");
        assert_eq!(usage_err("ha"), "mip6 ha: missing verb (add)");
        assert_eq!(usage_err("ha new"), "mip6 ha: unknown verb 'new' (add)");
    }

    #[test]
    fn parse_mn_add() {
        let want = MnNewRequest {
            link_name: Some("wlan0".into()),
            home_addr: Some(ip("fec0:106:2700::4")),
            home_prefix_len: Some(64),
            ha_addr: Some(ip("fec0:106:2700::2")),
            ..Default::default()
        };
        assert_eq!(
            parse("mn add wlan0 home fec0:106:2700::4/64 ha fec0:106:2700::2").unwrap(),
            Cmd::MnAdd(want.clone())
        );
        assert_eq!(
            parse("mn add wlan0 ha fec0:106:2700::2 home fec0:106:2700::4/64").unwrap(),
            Cmd::MnAdd(want.clone()),
            "keywords in any order"
        );
        assert_eq!(
            parse("mn add 3 home FEC0:106:2700:0::4 ha :: name mip6mnha1 lifetime 0x3e8").unwrap(),
            Cmd::MnAdd(MnNewRequest {
                ifname: Some("mip6mnha1".into()),
                link_ifindex: Some(3),
                link_name: None,
                home_prefix_len: None,
                ha_addr: Some(Ipv6Addr::UNSPECIFIED),
                lifetime: Some(1000),
                ..want.clone()
            })
        );
        assert_eq!(
            parse("mn add wlan0 home-addr fec0:106:2700::4 home-prefix-len 48 ha-addr ::").unwrap(),
            Cmd::MnAdd(MnNewRequest {
                home_prefix_len: Some(48),
                ha_addr: Some(Ipv6Addr::UNSPECIFIED),
                ..want.clone()
            })
        );
        assert_eq!(usage_err("mn add"), "mip6 mn add: missing LINK");
        assert_eq!(
            usage_err("mn add wlan0 ha ::"),
            "mip6 mn add: missing home HOA"
        );
        assert_eq!(
            usage_err("mn add wlan0 home fec0::4"),
            "mip6 mn add: missing ha HAADDR (:: to discover the home agent)"
        );
        assert_eq!(
            usage_err("mn add wlan0 home fec0::4/129 ha ::"),
            "mip6 mn add: invalid prefix length '129' in 'fec0::4/129' (1..128)"
        );
        assert_eq!(
            usage_err("mn add wlan0 home fec0::4/0 ha ::"),
            "mip6 mn add: invalid prefix length '0' in 'fec0::4/0' (1..128)"
        );
        usage_err("mn add wlan0 home fec0::4/+64 ha ::");
        usage_err("mn add wlan0 home fec0::4/ ha ::");
        assert_eq!(
            usage_err("mn add wlan0 home 10.0.0.1 ha ::"),
            "mip6 mn add: invalid home '10.0.0.1' (HOA[/PLEN] expected)"
        );
        assert_eq!(
            usage_err("mn add wlan0 home fec0::4 ha fec0::zz"),
            "mip6 mn add: invalid ha 'fec0::zz' (an IPv6 address)"
        );
        usage_err("mn add wlan0 home fec0::4%eth0 ha ::");
        usage_err("mn add wlan0 home fec0::4 home fec0::5 ha ::");
        usage_err("mn add wlan0 home fec0::4/64 home-prefix-len 64 ha ::");
        usage_err("mn add wlan0 home fec0::4 ha :: lifetime 3");
        usage_err("mn add wlan0 home fec0::4 ha :: lifetime 262141");
        usage_err("mn add wlan0 home fec0::4 ha :: max-lifetime 100");
        usage_err("mn add wlan0 home");
        usage_err("mn add wlan0 home fec0::4 ha");
        usage_err("mn add 0 home fec0::4 ha ::");
        usage_err("mn add a/b home fec0::4 ha ::");
        usage_err("mn add wlan0 home fec0::4 ha :: acl-default allow");
    }

    #[test]
    fn parse_mn_add_key() {
        let want = MnNewRequest {
            link_name: Some("wlan0".into()),
            home_addr: Some(ip("fec0:106:2700::4")),
            ha_addr: Some(ip("fec0:106:2700::2")),
            spi: Some(300),
            key: Some(vec![0, 0x11, 0x22, 0x33, 0xaa, 0xbb]),
            ..Default::default()
        };
        assert_eq!(
            parse(
                "mn add wlan0 home fec0:106:2700::4 ha fec0:106:2700::2 spi 300 key 00112233aAbB"
            )
            .unwrap(),
            Cmd::MnAdd(want.clone())
        );
        assert_eq!(
            parse("mn add wlan0 key 0x00112233aabb spi 0x12c home fec0:106:2700::4 ha fec0:106:2700::2")
                .unwrap(),
            Cmd::MnAdd(want),
            "in any order, hex with 0x"
        );
        let mn = "mn add wlan0 home fec0::4 ha ::";
        assert_eq!(
            usage_err(&format!("{mn} spi 256")),
            "mip6 mn add: spi and key go together: give both or neither"
        );
        assert_eq!(
            usage_err(&format!("{mn} key 0011")),
            "mip6 mn add: spi and key go together: give both or neither"
        );
        assert_eq!(
            usage_err(&format!("{mn} spi 255 key 00")),
            "mip6 mn add: invalid spi '255' (256..4294967295, decimal or 0x hex)"
        );
        // The key is never repeated in an error.
        assert_eq!(
            usage_err(&format!("{mn} spi 256 key 0g")),
            "mip6 mn add: invalid key (hex digits, two per byte, expected)"
        );
        usage_err(&format!("{mn} spi 256 key 012"));
        usage_err(&format!("{mn} spi 256 key 0x"));
        assert_eq!(
            usage_err(&format!("{mn} spi 256 key {}", "ab".repeat(65))),
            "mip6 mn add: invalid key (65 bytes, 1..64 expected)"
        );
        assert!(parse(&format!("{mn} spi 256 key {}", "ab".repeat(64))).is_ok());
        assert!(parse(&format!("{mn} spi 4294967295 key ab")).is_ok());
        usage_err(&format!("{mn} spi 256 key 00 spi 257"));
        usage_err(&format!("{mn} spi 256 key 00 key 01"));
        usage_err(&format!("{mn} spi 256 key"));
        // An acl entry's keywords that the MN does not take.
        usage_err(&format!("{mn} spi 256 key 00 replay-window 7"));
        usage_err(&format!("{mn} auth 1"));
    }

    #[test]
    fn parse_set_del_show_stats() {
        assert_eq!(
            parse("set lifetime 600").unwrap(),
            Cmd::Set(SetRequest {
                lifetime: Some(600),
                ..Default::default()
            })
        );
        assert_eq!(
            parse("set max-lifetime 4 dad-timeout 2000").unwrap(),
            Cmd::Set(SetRequest {
                max_lifetime: Some(4),
                dad_timeout_ms: Some(2000),
                lifetime: None,
                acl_default: None,
            })
        );
        assert_eq!(
            parse("set acl-default allow").unwrap(),
            Cmd::Set(SetRequest {
                acl_default: Some(enums::acl_policy::ALLOW),
                ..Default::default()
            })
        );
        assert_eq!(
            parse("set max-lifetime 60 acl-default deny").unwrap(),
            Cmd::Set(SetRequest {
                max_lifetime: Some(60),
                acl_default: Some(enums::acl_policy::DENY),
                ..Default::default()
            })
        );
        assert_eq!(
            usage_err("set acl-default 1"),
            "mip6 set: acl-default must be deny or allow, not '1'"
        );
        usage_err("set acl-default");
        usage_err("set spi 256");
        assert_eq!(
            usage_err("set"),
            "mip6 set: nothing to set (give max-lifetime, dad-timeout, lifetime or acl-default)"
        );
        usage_err("set lifetime");
        usage_err("set ifname x");
        usage_err("set dad-timeout 9");
        assert_eq!(parse("del").unwrap(), Cmd::Del(DelRequest::default()));
        usage_err("del now");
        assert_eq!(parse("show").unwrap(), Cmd::Show(GetRequest::default()));
        usage_err("show ip6tnl1");
        assert_eq!(
            parse("stats reset").unwrap(),
            Cmd::StatsReset(StatsResetRequest::default())
        );
        assert_eq!(usage_err("stats"), "mip6 stats: missing verb (reset)");
        usage_err("stats show");
        usage_err("stats reset all");
        assert_eq!(usage_err("frobnicate"), "mip6: unknown verb 'frobnicate'");
        assert_eq!(usage_err(""), "mip6: missing verb");
    }

    #[test]
    fn parse_prefix() {
        assert_eq!(
            parse("prefix add eth0 fec0:106:2700::/64 ha fec0:106:2700::2").unwrap(),
            Cmd::PrefixAdd(PrefixAddRequest {
                link_ifindex: None,
                link_name: Some("eth0".into()),
                prefix: Some(ip("fec0:106:2700::")),
                prefix_len: Some(64),
                ha_addr: Some(ip("fec0:106:2700::2")),
            })
        );
        assert_eq!(
            parse("prefix add 2 2001:db8::/32 ha-addr 2001:db8::1").unwrap(),
            Cmd::PrefixAdd(PrefixAddRequest {
                link_ifindex: Some(2),
                link_name: None,
                prefix: Some(ip("2001:db8::")),
                prefix_len: Some(32),
                ha_addr: Some(ip("2001:db8::1")),
            })
        );
        assert_eq!(
            usage_err("prefix add eth0 fec0:106:2700::2/64 ha fec0:106:2700::2"),
            "mip6 prefix add: 'fec0:106:2700::2/64' has bits set past its length \
             (the prefix is fec0:106:2700::/64)"
        );
        assert_eq!(
            usage_err("prefix add eth0 fec0:106:2700:: ha fec0:106:2700::2"),
            "mip6 prefix add: invalid prefix 'fec0:106:2700::' (PREFIX/LEN expected)"
        );
        assert_eq!(
            usage_err("prefix add eth0 fec0:106:2700::/64"),
            "mip6 prefix add: missing ha HAADDR"
        );
        usage_err("prefix add eth0");
        usage_err("prefix add");
        usage_err("prefix add eth0 fec0::/64 ha fec0::1 ha fec0::2");
        usage_err("prefix add eth0 fec0::/64 ha fec0::1 extra");
        // /128 takes every bit; /1 only the first.
        assert!(parse("prefix add eth0 fec0::1/128 ha fec0::1").is_ok());
        assert!(parse("prefix add eth0 8000::/1 ha fec0::1").is_ok());
        usage_err("prefix add eth0 c000::/1 ha fec0::1");
        assert_eq!(
            parse("prefix del fec0:106:2700::/64").unwrap(),
            Cmd::PrefixDel(PrefixDelRequest {
                prefix: Some(ip("fec0:106:2700::")),
                prefix_len: Some(64),
            })
        );
        usage_err("prefix del");
        usage_err("prefix del fec0:106:2700::");
        usage_err("prefix del fec0:106:2700::/64 eth0");
        assert_eq!(
            parse("prefix show").unwrap(),
            Cmd::PrefixShow(PrefixGetRequest::default())
        );
        usage_err("prefix show eth0");
        assert_eq!(
            usage_err("prefix"),
            "mip6 prefix: missing verb (add, del or show)"
        );
        assert_eq!(
            usage_err("prefix list"),
            "mip6 prefix: unknown verb 'list' (add, del or show)"
        );
    }

    #[test]
    fn parse_acl() {
        let hoa = ip("fec0:106:2700::4");
        assert_eq!(
            parse("acl add fec0:106:2700::4").unwrap(),
            Cmd::AclAdd(AclAddRequest {
                home_addr: Some(hoa),
                ..Default::default()
            })
        );
        assert_eq!(
            parse("acl add fec0:106:2700::4 spi 256 key 0x00112233aAbB replay-window 30").unwrap(),
            Cmd::AclAdd(AclAddRequest {
                home_addr: Some(hoa),
                spi: Some(256),
                key: Some(vec![0, 0x11, 0x22, 0x33, 0xaa, 0xbb]),
                replay_window: Some(30),
            })
        );
        assert_eq!(
            usage_err("acl add fec0::4 spi 255 key 00"),
            "mip6 acl add: invalid spi '255' (256..4294967295, decimal or 0x hex)"
        );
        assert_eq!(
            usage_err("acl add fec0::4 spi 256"),
            "mip6 acl add: spi and key go together: give both or neither"
        );
        usage_err("acl add fec0::4 key 00");
        // The key is never repeated in an error.
        assert_eq!(
            usage_err("acl add fec0::4 spi 256 key 0g"),
            "mip6 acl add: invalid key (hex digits, two per byte, expected)"
        );
        usage_err("acl add fec0::4 spi 256 key 012");
        usage_err("acl add fec0::4 spi 256 key 0x");
        assert_eq!(
            usage_err(&format!("acl add fec0::4 spi 256 key {}", "ab".repeat(65))),
            "mip6 acl add: invalid key (65 bytes, 1..64 expected)"
        );
        assert!(parse(&format!("acl add fec0::4 spi 256 key {}", "ab".repeat(64))).is_ok());
        usage_err("acl add fec0::4 replay-window 0");
        usage_err("acl add fec0::4 replay-window 3601");
        usage_err("acl add fec0::4 auth 1");
        usage_err("acl add");
        usage_err("acl add fec0::4/64");
        assert_eq!(
            parse("acl del fec0:106:2700::4").unwrap(),
            Cmd::AclDel(AclDelRequest {
                home_addr: Some(hoa)
            })
        );
        assert_eq!(usage_err("acl del"), "mip6 acl del: missing HOA");
        assert_eq!(
            usage_err("acl del fec0::g"),
            "mip6 acl del: invalid home-addr 'fec0::g' (an IPv6 address)"
        );
        assert_eq!(
            parse("acl show").unwrap(),
            Cmd::AclShow(AclGetRequest::default())
        );
        usage_err("acl show fec0::4");
    }

    #[test]
    fn parse_binding_and_monitor() {
        assert_eq!(
            parse("binding show").unwrap(),
            Cmd::BindingShow(BindingGetRequest::default())
        );
        assert_eq!(
            parse("binding show fec0:106:2700::4").unwrap(),
            Cmd::BindingShow(BindingGetRequest {
                home_addr: Some(ip("fec0:106:2700::4"))
            })
        );
        usage_err("binding show fec0::4 fec0::5");
        usage_err("binding show eth0");
        assert_eq!(
            parse("binding del fec0::4").unwrap(),
            Cmd::BindingDel(BindingDelRequest {
                home_addr: Some(ip("fec0::4"))
            })
        );
        usage_err("binding del");
        assert_eq!(
            usage_err("binding"),
            "mip6 binding: missing verb (show or del)"
        );
        usage_err("binding add fec0::4");
        assert_eq!(parse("monitor").unwrap(), Cmd::Monitor { count: None });
        assert_eq!(
            parse("monitor --count 2").unwrap(),
            Cmd::Monitor { count: Some(2) }
        );
        usage_err("monitor --count 0");
        usage_err("monitor bindings");
    }

    #[test]
    fn requests_on_the_wire() {
        use attrs::inst as i;
        let Cmd::MnAdd(req) =
            parse("mn add wlan0 home fec0:106:2700::4/64 ha fec0:106:2700::2 lifetime 1000")
                .unwrap()
        else {
            panic!()
        };
        let mut hoa = vec![0xfe, 0xc0, 0x01, 0x06, 0x27, 0];
        hoa.resize(15, 0);
        hoa.push(4);
        let mut ha = hoa.clone();
        ha[15] = 2;
        assert_eq!(
            decode(&encode(&req)),
            vec![
                (i::LINK_NAME, b"wlan0\0".to_vec()),
                (i::HOME_ADDR, hoa.clone()),
                (i::HOME_PREFIX_LEN, 64u32.to_ne_bytes().to_vec()),
                (i::HA_ADDR, ha),
                (i::LIFETIME, 1000u32.to_ne_bytes().to_vec()),
            ]
        );
        let Cmd::AclAdd(req) = parse("acl add fec0:106:2700::4 spi 256 key 0102").unwrap() else {
            panic!()
        };
        assert_eq!(
            decode(&encode(&req)),
            vec![
                (attrs::acl::HOME_ADDR, hoa.clone()),
                (attrs::acl::SPI, 256u32.to_ne_bytes().to_vec()),
                (attrs::acl::KEY, vec![1, 2]),
            ]
        );
        let Cmd::MnAdd(req) =
            parse("mn add 3 home fec0:106:2700::4 ha :: spi 0x1234 key 0aFF").unwrap()
        else {
            panic!()
        };
        assert_eq!(
            decode(&encode(&req)),
            vec![
                (i::LINK_IFINDEX, 3u32.to_ne_bytes().to_vec()),
                (i::HOME_ADDR, hoa.clone()),
                (i::HA_ADDR, vec![0; 16]),
                (i::SPI, 0x1234u32.to_ne_bytes().to_vec()),
                (i::KEY, vec![0x0a, 0xff]),
            ]
        );
        let Cmd::HaAdd(req) = parse("ha add acl-default allow max-lifetime 600").unwrap() else {
            panic!()
        };
        assert_eq!(
            decode(&encode(&req)),
            vec![
                (i::MAX_LIFETIME, 600u32.to_ne_bytes().to_vec()),
                (i::ACL_DEFAULT, 1u32.to_ne_bytes().to_vec()),
            ]
        );
        let Cmd::Set(req) = parse("set acl-default deny").unwrap() else {
            panic!()
        };
        assert_eq!(
            decode(&encode(&req)),
            vec![(i::ACL_DEFAULT, 0u32.to_ne_bytes().to_vec())]
        );
        // Operations without attributes send none.
        for req in [
            encode(&DelRequest::default()),
            encode(&GetRequest::default()),
        ] {
            assert!(req.is_empty());
        }
        assert!(encode(&StatsResetRequest::default()).is_empty());
        assert!(encode(&PrefixGetRequest::default()).is_empty());
    }

    /// A binding update list entry as the kernel sends it.
    fn mn_binding() -> Binding {
        Binding {
            home_addr: Some(ip("fec0:106:2700::4")),
            coa: Some(ip("fec0:106:1100:0:290:7dff:fe3:31a")),
            ha_addr: Some(ip("fec0:106:2700::2")),
            link_ifindex: None,
            lifetime: Some(1000),
            expires: Some(936),
            seq: Some(0),
            flags: Some(0xc000),
            state: Some(enums::state::ACTIVE),
            delay: Some(3000),
            max_delay: Some(32000),
            callback: Some(736),
            spi: None,
        }
    }

    fn binding_attrs(b: &Binding) -> Vec<u8> {
        use attrs::binding as a;
        let mut v = Vec::new();
        for (ty, addr) in [
            (a::HOME_ADDR, b.home_addr),
            (a::COA, b.coa),
            (a::HA_ADDR, b.ha_addr),
        ] {
            if let Some(addr) = addr {
                put_bytes(&mut v, ty, &addr.octets());
            }
        }
        for (ty, n) in [
            (a::LIFETIME, b.lifetime),
            (a::EXPIRES, b.expires),
            (a::SEQ, b.seq),
            (a::FLAGS, b.flags),
            (a::STATE, b.state),
            (a::DELAY, b.delay),
            (a::MAX_DELAY, b.max_delay),
            (a::CALLBACK, b.callback),
        ] {
            if let Some(n) = n {
                put_u32(&mut v, ty, n);
            }
        }
        v
    }

    #[test]
    fn binding_from_the_wire_text_and_json() {
        let b = mn_binding();
        let mut wire_attrs = binding_attrs(&b);
        put_u32(&mut wire_attrs, 99, 1); // a newer kernel's: ignored
        assert_eq!(Binding::parse(Attrs::new(&wire_attrs)).unwrap(), b);
        assert_eq!(
            b.format_show(),
            "home-addr fec0:106:2700::4 coa fec0:106:1100:0:290:7dff:fe3:31a \
             ha-addr fec0:106:2700::2 lifetime 1000 expires 936 seq 0 flags 0xc000 \
             state active delay 3000 max-delay 32000 callback 736"
        );
        assert_eq!(
            b.to_json().build().to_json(),
            concat!(
                r#"{"home-addr":"fec0:106:2700::4","coa":"fec0:106:1100:0:290:7dff:fe3:31a","#,
                r#""ha-addr":"fec0:106:2700::2","lifetime":1000,"expires":936,"seq":0,"#,
                r#""flags":49152,"state":"active","delay":3000,"max-delay":32000,"#,
                r#""callback":736}"#
            )
        );
        // An address of another length is refused, not shown as garbage.
        let mut bad = Vec::new();
        put_bytes(&mut bad, attrs::binding::COA, &[0xfe, 0xc0, 0, 0]);
        assert!(Binding::parse(Attrs::new(&bad)).is_err());
    }

    #[test]
    fn events_of_both_sets() {
        let ctx = Ctx { json: false };
        let mut payload = crate::genl::header(cmd::BINDING_NEW_NTF, 1);
        payload.extend(binding_attrs(&mn_binding()));
        let wire = encode_msg(0x20, 0, 0, &payload);
        let g = GenlMsg::parse(&parse_msgs(&wire).unwrap()[0]).unwrap();
        let n = Notification::parse(&g).unwrap().unwrap();
        assert_eq!(n.event(), "new");
        assert!(ops::format_event(&ctx, &n)
            .starts_with("new home-addr fec0:106:2700::4 coa fec0:106:1100:0:290:7dff:fe3:31a "));

        let mut payload = crate::genl::header(cmd::MOVE_NTF, 1);
        let mut a = Vec::new();
        put_u32(&mut a, attrs::inst::MODE, enums::mode::MN);
        put_bytes(&mut a, attrs::inst::IFNAME, b"ip6tnl1\0");
        put_bytes(
            &mut a,
            attrs::inst::COA,
            &ip("fec0:106:1000:0:290:7dff:fef3:31a").octets(),
        );
        put_u32(&mut a, attrs::inst::AT_HOME, 0);
        payload.extend(a);
        let wire = encode_msg(0x20, 0, 0, &payload);
        let g = GenlMsg::parse(&parse_msgs(&wire).unwrap()[0]).unwrap();
        let n = Notification::parse(&g).unwrap().unwrap();
        assert_eq!(
            ops::format_event(&ctx, &n),
            "move ip6tnl1: mode mn coa fec0:106:1000:0:290:7dff:fef3:31a at-home 0"
        );
        assert_eq!(
            ops::format_event(&Ctx { json: true }, &n),
            r#"{"event":"move","mode":"mn","ifname":"ip6tnl1","coa":"fec0:106:1000:0:290:7dff:fef3:31a","at-home":0}"#
        );
    }

    #[test]
    fn prefix_and_acl_lines() {
        let p = Prefix {
            link_ifindex: Some(2),
            link_name: Some("eth0".into()),
            prefix: Some(ip("fec0:106:2700::")),
            prefix_len: Some(64),
            ha_addr: Some(ip("fec0:106:2700::2")),
            bindings: Some(1),
        };
        assert_eq!(
            p.format_show(),
            "link eth0 (ifindex 2) prefix fec0:106:2700:: prefix-len 64 \
             ha-addr fec0:106:2700::2 bindings 1"
        );
        let a = Acl {
            home_addr: Some(ip("fec0:106:2700::4")),
            spi: Some(256),
            key: None,
            auth: Some(1),
            replay_window: Some(7),
        };
        assert_eq!(
            a.format_show(),
            "home-addr fec0:106:2700::4 spi 256 auth 1 replay-window 7"
        );
        assert_eq!(
            a.to_json().build().to_json(),
            r#"{"home-addr":"fec0:106:2700::4","spi":256,"auth":1,"replay-window":7}"#
        );
    }

    fn sample_inst() -> Inst {
        Inst {
            mode: Some(enums::mode::HA),
            ifindex: Some(9),
            ifname: Some("ip6tnl1".into()),
            max_lifetime: Some(262140),
            dad_timeout_ms: Some(1000),
            bindings: Some(1),
            encapsulations: Some(56),
            decapsulations: Some(25),
            bu_rcvd: Some(3),
            ba_rcvd: Some(0),
            ba_nack_rcvd: Some(0),
            brr_rcvd: Some(0),
            be_rcvd: Some(1),
            bu_sent: Some(0),
            ba_sent: Some(2),
            ba_nack_sent: Some(1),
            brr_sent: Some(4),
            be_sent: Some(5),
            bu_drop_auth: Some(6),
            bu_drop_invalid: Some(7),
            bu_drop_misc: Some(8),
            ba_drop_auth: Some(9),
            ba_drop_invalid: Some(10),
            ba_drop_misc: Some(11),
            brr_drop_auth: Some(12),
            brr_drop_invalid: Some(13),
            brr_drop_misc: Some(14),
            ..Default::default()
        }
    }

    #[test]
    fn instance_text_and_json() {
        let i = sample_inst();
        let text = i.format_show();
        assert!(
            text.starts_with(
                "ip6tnl1: mode ha ifindex 9 max-lifetime 262140 dad-timeout-ms 1000 bindings 1\n  \
                 encapsulations: 56\n  decapsulations: 25\n  \
                 bu: 3 rcvd, 0 sent, 6 drop-auth, 7 drop-invalid, 8 drop-misc\n"
            ),
            "{text}"
        );
        let mut a = Vec::new();
        put_u32(&mut a, attrs::inst::MODE, 1);
        put_bytes(&mut a, attrs::inst::HA_ADDR, &[0; 16]);
        put_u64(&mut a, attrs::inst::MOVEMENTS, 1 << 33);
        let i = Inst::parse(Attrs::new(&a)).unwrap();
        assert_eq!(
            i.to_json().build().to_json(),
            r#"{"mode":"mn","ha-addr":"::","movements":8589934592}"#
        );
    }

    #[test]
    fn instance_policy_auth_and_ratelimited() {
        use attrs::inst as a;
        // An HA: its policy on the first line, the counter last.
        let mut w = Vec::new();
        put_u32(&mut w, a::MODE, enums::mode::HA);
        put_bytes(&mut w, a::IFNAME, b"ip6tnl1\0");
        put_u32(&mut w, a::BINDINGS, 0);
        put_u32(&mut w, a::ACL_DEFAULT, enums::acl_policy::ALLOW);
        put_u64(&mut w, a::BE_SENT, 2);
        put_u64(&mut w, a::RATELIMITED, 17);
        let i = Inst::parse(Attrs::new(&w)).unwrap();
        assert_eq!(i.acl_default, Some(enums::acl_policy::ALLOW));
        assert_eq!(i.ratelimited, Some(17));
        assert_eq!(
            i.format_show(),
            "ip6tnl1: mode ha bindings 0 acl-default allow\n  be: 2 sent\n  ratelimited: 17"
        );
        assert_eq!(
            i.to_json().build().to_json(),
            r#"{"mode":"ha","ifname":"ip6tnl1","bindings":0,"be-sent":2,"acl-default":"allow","ratelimited":17}"#
        );
        let deny = Inst {
            acl_default: Some(enums::acl_policy::DENY),
            ..sample_inst()
        };
        assert!(deny.format_show().starts_with(
            "ip6tnl1: mode ha ifindex 9 max-lifetime 262140 dad-timeout-ms 1000 bindings 1 \
             acl-default deny\n"
        ));
        // An MN with a key: auth 1, the key itself never shown.
        let mut w = Vec::new();
        put_u32(&mut w, a::MODE, enums::mode::MN);
        put_bytes(&mut w, a::IFNAME, b"ip6tnl1\0");
        put_u32(&mut w, a::LIFETIME, 1000);
        put_u32(&mut w, a::AUTH, 1);
        put_u64(&mut w, a::RATELIMITED, 0);
        let i = Inst::parse(Attrs::new(&w)).unwrap();
        assert_eq!(
            i.format_show(),
            "ip6tnl1: mode mn lifetime 1000 auth 1\n  ratelimited: 0"
        );
        assert_eq!(
            i.to_json().build().to_json(),
            r#"{"mode":"mn","ifname":"ip6tnl1","lifetime":1000,"auth":1,"ratelimited":0}"#
        );
        // mipdiag -s keeps MIPL's rows.
        assert_eq!(format_stats(&i).lines().count(), 22);
    }

    #[test]
    fn mipdiag_stats_layout() {
        assert_eq!(
            format_stats(&sample_inst()),
            "\
Mobile IPv6 Statistics
NEncapsulations         : 56
NDecapsulations         : 25
NBindUpdatesRcvd        : 3
NBindAcksRcvd           : 0
NBindNAcksRcvd          : 0
NBindRqsRcvd            : 0
NBindUpdatesSent        : 0
NBindAcksSent           : 2
NBindNAcksSent          : 1
NBindRqsSent            : 4
NBindUpdatesDropAuth    : 6
NBindUpdatesDropInvalid : 7
NBindUpdatesDropMisc    : 8
NBindAcksDropAuth       : 9
NBindAcksDropInvalid    : 10
NBindAcksDropMisc       : 11
NBindRqsDropAuth        : 12
NBindRqsDropInvalid     : 13
NBindRqsDropMisc        : 14
NBindErrorsRcvd         : 1
NBindErrorsSent         : 5"
        );
        // Counters the kernel did not send: 0.
        let empty = format_stats(&Inst::default());
        assert!(empty.starts_with("Mobile IPv6 Statistics\nNEncapsulations         : 0\n"));
        assert_eq!(empty.lines().count(), 22);
    }

    #[test]
    fn mipdiag_update_list_layout() {
        assert_eq!(
            format_update_list(&[mn_binding()]),
            "\
Mobile IPv6 Binding update list
Recipient CN: fec0:106:2700::2
BINDING home address: fec0:106:2700::4 care-of address: fec0:106:1100:0:290:7dff:fe3:31a
expires: 936 sequence: 0 state: 1
delay: 3 max delay 32 callback time: 736"
        );
        // Awaiting its acknowledgement: state 0; delays rounded down.
        let b = Binding {
            seq: Some(14),
            state: Some(enums::state::REGISTERING),
            delay: Some(1999),
            expires: Some(973),
            callback: Some(1),
            coa: Some(ip("fec0:106:1000:0:290:7dff:fef3:31a")),
            ..mn_binding()
        };
        let other = Binding {
            home_addr: Some(ip("fec0:106:2700::3")),
            coa: None,
            ..mn_binding()
        };
        assert_eq!(
            format_update_list(&[b, other]),
            "\
Mobile IPv6 Binding update list
Recipient CN: fec0:106:2700::2
BINDING home address: fec0:106:2700::3 care-of address: ::
expires: 936 sequence: 0 state: 1
delay: 3 max delay 32 callback time: 736
Recipient CN: fec0:106:2700::2
BINDING home address: fec0:106:2700::4 care-of address: fec0:106:1000:0:290:7dff:fef3:31a
expires: 973 sequence: 14 state: 0
delay: 1 max delay 32 callback time: 1"
        );
        assert_eq!(format_update_list(&[]), "Mobile IPv6 Binding update list");
    }

    #[test]
    fn mipdiag_cache_layout() {
        let b = |hoa: &str, coa: &str, expires, state| Binding {
            home_addr: Some(ip(hoa)),
            coa: Some(ip(coa)),
            ha_addr: Some(ip("fec0:106:2700::2")),
            link_ifindex: Some(2),
            lifetime: Some(1000),
            expires: Some(expires),
            seq: Some(3),
            flags: Some(0xc000),
            state: Some(state),
            spi: Some(256),
            ..Default::default()
        };
        assert_eq!(
            format_cache(&[b(
                "fec0:106:2700::4",
                "fec0:106:1100:0:290:7dff:fe3:31a",
                971,
                enums::state::ACTIVE
            )]),
            "\
Mobile IPv6 Binding cache
Home Address      Care-of Address      Lifetime  Type
fec0:106:2700::4  fec0:106:1100:0:290:7dff:fe3:31a  971      2"
        );
        // By home address (as numbers, not text); entries in DAD left out.
        assert_eq!(
            format_cache(&[
                b(
                    "fec0:106:2700::10",
                    "fec0:106:1000::10",
                    262140,
                    enums::state::ACTIVE
                ),
                b(
                    "fec0:106:2700::9",
                    "fec0:106:1000::9",
                    5,
                    enums::state::ACTIVE
                ),
                b(
                    "fec0:106:2700::5",
                    "fec0:106:1000::5",
                    1000,
                    enums::state::DAD
                ),
            ]),
            "\
Mobile IPv6 Binding cache
Home Address      Care-of Address      Lifetime  Type
fec0:106:2700::9  fec0:106:1000::9  5        2
fec0:106:2700::10  fec0:106:1000::10  262140   2"
        );
        // Empty, as after the MN came home.
        assert_eq!(
            format_cache(&[]),
            "Mobile IPv6 Binding cache\nHome Address      Care-of Address      Lifetime  Type"
        );
    }

    #[test]
    fn mipdiag_options() {
        let p = |s: &str| parse_mipdiag(&argv(s));
        assert_eq!(p("-s").unwrap(), Diag::Reports(vec![Report::Stats]));
        assert_eq!(
            p("-c -l").unwrap(),
            Diag::Reports(vec![Report::Cache, Report::UpdateList])
        );
        assert_eq!(
            p("-slc").unwrap(),
            Diag::Reports(vec![Report::Stats, Report::UpdateList, Report::Cache])
        );
        assert_eq!(p("-h").unwrap(), Diag::Help);
        assert_eq!(p("-s -h").unwrap(), Diag::Help);
        assert_eq!(p("--help").unwrap(), Diag::Help);
        for bad in ["", "-x", "-sx", "s", "-", "--stats", "-s extra"] {
            match p(bad) {
                Err(e @ Error::Usage(_)) => assert_eq!(e.exit_code(), 2),
                other => panic!("{bad:?}: {other:?}"),
            }
        }
        assert_eq!(p("-sx").unwrap_err().to_string(), "unknown option '-x'");
    }

    #[test]
    fn help_mentions_every_verb() {
        for verb in [
            "ha add",
            "mn add",
            "set",
            "del",
            "show",
            "stats reset",
            "prefix add",
            "prefix del",
            "prefix show",
            "acl add",
            "acl del",
            "acl show",
            "binding show",
            "binding del",
            "monitor",
        ] {
            assert!(USAGE.contains(&format!("mip6 {verb}")), "{verb}");
            assert!(HELP.contains(&format!("\n  {verb} ")), "{verb}");
        }
        for (kw, _) in HA_ADD_KEYWORDS
            .iter()
            .chain(SET_KEYWORDS)
            .chain(ACL_ADD_KEYWORDS)
            .chain(&MN_ADD_KEYWORDS[..MN_ADD_KEYWORDS.len() - 1])
        {
            assert!(USAGE.contains(&format!("{kw} ")), "{kw}");
        }
    }
}
