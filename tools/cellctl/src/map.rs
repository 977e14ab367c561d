// SPDX-License-Identifier: GPL-2.0
//! `cellctl map`: the verbs of the mape family (gen/mape.rs, from
//! Documentation/netlink/specs/mape.yaml), their arguments, and what a MAP
//! CE needs besides its device: `map add` creates the device, adds its
//! rules and, from what the kernel derived, puts the CE IPv6 address on the
//! link, the IPv4 address, the up state and a default route on the device
//! (rtnl.rs), undoing all of it if a step fails; `map del` takes the CE
//! address away again. `map calc` prints, with no kernel at all, what the
//! rules give an end-user prefix, as OpenWrt's `mapcalc` does; the rule
//! arithmetic and RFC 7598 options are lib/mape's, the crate the kernel
//! module compiles in.
//!
//! Rules come from the command line (`rule ...`), from RFC 7598 DHCPv6
//! option bytes (`dhcp HEX`) or from a rules file (`rules FILE`), and are
//! checked by lib/mape before anything is sent.

use std::fmt::Write;
use std::iter::Peekable;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use ::mape::{
    ipv4_prefix, ipv6_prefix, parse_mape, psid_from_left_aligned, select_bmr, DeriveError,
    IidFormat, ParseError as DhcpError, PortSet, Rule, RuleError, RuleParams, DEFAULT_PSID_OFFSET,
};

use crate::args;
use crate::attr::ParseError;
use crate::error::Error;
use crate::gen::mape::Rule as RuleReply;
use crate::gen::mape::{
    enums, Dev, DevDelRequest, DevGetRequest, DevNewRequest, DevSetRequest, Notification,
    RuleAddRequest, RuleDelRequest, RuleGetRequest, StatsResetRequest, FAMILY, OP_DEV_SET,
    OP_RULE_ADD, OP_RULE_DEL, RULE_SET,
};
use crate::genl::{Family, GenlMsg, GenlSocket};
use crate::json::{Object, Value};
use crate::rtnl::{is_errno, Rtnl};
use crate::schema::{AttrDesc, OpDesc, Reply, Request};
use crate::{emit, ops, Ctx, Module};

pub const MODULE: Module = Module {
    name: "map",
    summary: "MAP-E devices (RFC 7597): IPv4 over IPv6, shared addresses",
    usage: USAGE,
    help: HELP,
    run,
};

const USAGE: &str = "\
Usage: cellctl [--json] map add LINK [name DEV] [mode ce|br] [br BRADDR] [prefix EUPREFIX/LEN]
                                [encap-limit N|none] [iid legacy|rfc] [no-default-route] RULES...
       cellctl [--json] map del DEV
       cellctl [--json] map show [DEV]
       cellctl [--json] map set DEV [br BRADDR] [prefix EUPREFIX/LEN] [encap-limit N]
       cellctl [--json] map stats reset DEV
       cellctl [--json] map rule add DEV IPV6PREFIX/LEN IPV4PREFIX/LEN ea-len O [RULEOPTS]
       cellctl [--json] map rule del DEV IPV6PREFIX/LEN
       cellctl [--json] map rule show [DEV]
       cellctl [--json] map calc prefix EUPREFIX/LEN RULES... [br BRADDR] [iid legacy|rfc]
                                 [link LINK] [format text|mapcalc]
       cellctl [--json] map monitor [--count N]
RULES:    rule IPV6PREFIX/LEN IPV4PREFIX/LEN ea-len O [RULEOPTS] | dhcp HEX | mapcalc STR
          | rules FILE
RULEOPTS: [psid-offset A] [psid-len K psid P] [fmr] [legacy|rfc]";

const HELP: &str = "\
A MAP device carries IPv4 over IPv6 to a border relay (BR), or straight
to another customer edge (CE) under a forwarding mapping rule (FMR), and
source-NATs what leaves through it into the CE's IPv4 address and port set
by itself. From its end-user prefix (the delegated prefix) and the rule
whose IPv6 prefix is its longest match (the BMR), the kernel derives the
CE's IPv4 address, PSID, port set and IPv6 address. LINK and DEV are
device names or decimal ifindexes; addresses are in any standard form.

Verbs:
  add          create a MAP device on LINK (the IPv6 WAN) with its rules
               and BR address BRADDR, in one step. In CE mode (the default)
               prefix is required; once the kernel derived the addresses,
               the CE IPv6 address goes on LINK (/128, nodad), the IPv4
               address on the device (/32), the device is set up and gets
               the IPv4 default route (not with no-default-route). A BR
               device is set up only. If a step fails, what was done is
               undone and nothing is left behind. encap-limit N adds the
               RFC 2473 option to outer headers (none, the default: no
               option); iid is the interface-identifier format of rules
               that name none (rfc, the default, or legacy)
  del          remove the CE IPv6 address from the link, then the device
               (its IPv4 address and routes go with it)
  show         show device DEV, or all of them: configuration, what was
               derived (ipv4-addr, psid, ports, ce-addr), the port set and
               the counters
  set          change the BR address, end-user prefix or encap-limit of
               DEV; give at least one. The CE addresses follow what the
               kernel derives anew
  stats reset  set every counter of DEV to zero
  rule add     add a rule to DEV (replacing the one of that IPv6 prefix)
  rule del     remove the rule of IPV6PREFIX/LEN from DEV
  rule show    list the rules of DEV, or of every device
  calc         print what the rules give end-user prefix EUPREFIX/LEN,
               without a kernel: the BMR, IPv4 address, PSID (right- and
               left-aligned), port ranges and CE address; format mapcalc
               prints the KEY=VALUE lines of OpenWrt's mapcalc instead
               (RULE_BMR names the longest match; link LINK fills
               RULE_n_PD6IFACE)
  monitor      print changes of the derived parameters (change) as they
               happen; stop after N of them with --count

Rules (any number, from any of):
  rule IPV6PREFIX/LEN IPV4PREFIX/LEN ea-len O [RULEOPTS]
               O embedded-address bits (0..48); psid-offset A (0..16,
               default 6, also for legacy rules: v6plus needs 4);
               psid-len K and psid P (right-aligned) together, for a rule
               whose EA bits hold no PSID; fmr: a forwarding rule too;
               legacy: draft-03 interface identifiers (v6plus, OCN,
               BIGLOBE), rfc: RFC 7597's
  dhcp HEX     RFC 7598 option bytes in hex (from a capture or a server's
               configuration), an S46_CONT_MAPE option or its contents:
               S46_RULE (F flag: fmr; S46_PORTPARAMS: offset, PSID) and
               S46_BR (the BR, unless br is given)
  mapcalc STR  rules as OpenWrt's mapcalc takes them, blank-separated:
               what odhcp6c hands its script in $MAPE (from the S46 options
               it received), or OpenWrt's 'option rule', e.g.
               fmr,type=map-e,ealen=16,prefix4len=24,prefix6len=40,
               ipv4prefix=192.0.2.0,ipv6prefix=2001:db8::,offset=6,br=BRADDR
               (psid left-aligned; ealen required; offset 6 by default,
               LEGACY or not; the first br is the BR, unless br is given)
  rules FILE   a rules file: one rule per line as after 'rule' (the word
               'rule' optional), and at most one 'br BRADDR' line (the BR,
               unless br is given); '#' starts a comment. E.g.
                 br 2404:9200:225:100::64
                 240b:10::/32 106.72.0.0/16 ea-len 24 psid-offset 4 fmr legacy
               tools/cellctl/examples/mape-v6plus.rules is the publicly
               circulated v6plus table (not authoritative)

Everything but show, rule show, calc and monitor needs CAP_NET_ADMIN.";

/// `map add` keywords that set one attribute of dev-new: (command line,
/// spec attribute).
const ADD_KEYWORDS: &[(&str, &str)] = &[
    ("name", "ifname"),
    ("mode", "mode"),
    ("br", "br-addr"),
    ("encap-limit", "encap-limit"),
];

/// `map set` keywords besides `prefix`.
const SET_KEYWORDS: &[(&str, &str)] = &[("br", "br-addr"), ("encap-limit", "encap-limit")];

/// The words of a rule after its two prefixes.
const RULE_WORDS: &[&str] = &[
    "ea-len",
    "psid-offset",
    "psid-len",
    "psid",
    "fmr",
    "legacy",
    "rfc",
    "draft03",
    "rfc7597",
];

/// How `dhcp HEX` is read: bytes in hex, a DHCPv6 option header at least.
static DHCP_BYTES: AttrDesc = AttrDesc {
    name: "dhcp option bytes",
    id: 0,
    min: 0,
    max: 0,
    min_len: Some(4),
    max_len: None,
    enum_: None,
    hex: false,
};

/// `map add`, parsed and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Add {
    /// dev-new: link, name, mode, BR, end-user prefix, encap-limit.
    pub req: DevNewRequest,
    /// The rules, their interface-identifier formats settled.
    pub rules: Vec<Rule>,
    /// CE mode: add the IPv4 default route via the device.
    pub default_route: bool,
    /// CE mode: the IPv4 and CE addresses cellctl derives (what the
    /// kernel derives is used, and checked against these).
    pub expect: Option<(Ipv4Addr, Ipv6Addr)>,
}

/// `map calc`, parsed and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calc {
    pub prefix: Ipv6Addr,
    pub prefix_len: u8,
    pub rules: Vec<Rule>,
    pub br: Option<Ipv6Addr>,
    /// Names RULE_n_PD6IFACE.
    pub link: Option<String>,
    /// OpenWrt mapcalc's KEY=VALUE lines.
    pub mapcalc: bool,
}

/// A parsed `cellctl map` command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cmd {
    Add(Add),
    Del(DevGetRequest),
    Show(DevGetRequest),
    Set(DevSetRequest),
    StatsReset(StatsResetRequest),
    RuleAdd(RuleAddRequest),
    RuleDel(RuleDelRequest),
    /// The rules of the device named, or of every device (rule-get dumps
    /// them all: cellctl picks the device's).
    RuleShow(DevGetRequest),
    Calc(Calc),
    Monitor {
        count: Option<u64>,
    },
}

// ---------------------------------------------------------------------------
// Arguments

/// `ADDR/LEN` split, the length checked against `min..=max`.
fn split_len<'w>(
    word: &'w str,
    what: &str,
    syntax: &str,
    min: u8,
    max: u8,
) -> Result<(&'w str, u8), String> {
    let (addr, len) = word
        .split_once('/')
        .ok_or_else(|| format!("invalid {what} '{word}' ({syntax} expected)"))?;
    match len.parse::<u8>() {
        Ok(n) if len.bytes().all(|b| b.is_ascii_digit()) && (min..=max).contains(&n) => {
            Ok((addr, n))
        }
        _ => Err(format!(
            "invalid prefix length '{len}' in '{word}' ({min}..{max})"
        )),
    }
}

/// An IPv6 prefix `PREFIX/LEN`, no bit set past its length.
fn prefix6(word: &str, what: &str, min: u8) -> Result<(Ipv6Addr, u8), String> {
    let syntax = "IPV6PREFIX/LEN";
    let (a, n) = split_len(word, what, syntax, min, 128)?;
    let addr: Ipv6Addr = a
        .parse()
        .map_err(|_| format!("invalid {what} '{word}' ({syntax} expected)"))?;
    let net = Ipv6Addr::from(ipv6_prefix(&addr.octets(), n));
    if net != addr {
        return Err(format!(
            "'{word}' has bits set past its length (the prefix is {net}/{n})"
        ));
    }
    Ok((addr, n))
}

/// An IPv4 prefix `PREFIX/LEN`, no bit set past its length.
fn prefix4(word: &str, what: &str) -> Result<(Ipv4Addr, u8), String> {
    let syntax = "IPV4PREFIX/LEN";
    let (a, n) = split_len(word, what, syntax, 0, 32)?;
    let addr: Ipv4Addr = a
        .parse()
        .map_err(|_| format!("invalid {what} '{word}' ({syntax} expected)"))?;
    let net = Ipv4Addr::from(ipv4_prefix(addr.octets(), n));
    if net != addr {
        return Err(format!(
            "'{word}' has bits set past its length (the prefix is {net}/{n})"
        ));
    }
    Ok((addr, n))
}

/// `legacy` or `rfc` (or the spec's names).
fn iid_word(word: &str) -> Option<IidFormat> {
    match word {
        "legacy" | "draft03" => Some(IidFormat::Draft03),
        "rfc" | "rfc7597" => Some(IidFormat::Rfc7597),
        _ => None,
    }
}

/// What lib/mape's [`RuleError`] means.
fn rule_error(e: RuleError) -> &'static str {
    match e {
        RuleError::Ipv6Len => "IPv6 prefix length over 128",
        RuleError::Ipv4Len => "IPv4 prefix length over 32",
        RuleError::EaLen => "ea-len over 48",
        RuleError::EaPastAddress => "the ea-len bits do not fit after the IPv6 prefix (over 128 bits)",
        RuleError::PsidLen => {
            "the PSID (ea-len minus the IPv4 suffix bits) is longer than 16 bits"
        }
        RuleError::PsidLenMismatch => {
            "psid-len contradicts ea-len (give it only when ea-len is 32 minus the IPv4 prefix length)"
        }
        RuleError::Offset => "psid-offset over 16",
        RuleError::OffsetPlusPsidLen => "psid-offset plus the PSID length is over 16",
        RuleError::Psid => "psid does not fit in psid-len bits",
    }
}

/// What lib/mape's DHCPv6 option [`DhcpError`] means.
fn dhcp_error(e: DhcpError) -> String {
    match e {
        DhcpError::Truncated => "an option runs past the end of the bytes".into(),
        DhcpError::BadRule => "a malformed S46_RULE (89)".into(),
        DhcpError::InvalidRule(e) => format!("an S46_RULE (89) refused: {}", rule_error(e)),
        DhcpError::BadPortParams => {
            "a malformed S46_PORTPARAMS (93): 4 bytes, offset 0..15, PSID length 0..16".into()
        }
        DhcpError::DuplicatePortParams => "two S46_PORTPARAMS (93) in one S46_RULE".into(),
        DhcpError::BadBr => "an S46_BR (90) not 16 bytes long".into(),
        DhcpError::TooManyRules | DhcpError::TooManyBrs => "too many rules".into(),
    }
}

/// The words of a command line or of a line of a rules file (one type for
/// both: the parsers are not generic, cellctl runs on routers).
type Words<'a> = Peekable<std::vec::IntoIter<&'a str>>;

fn words_of<'a>(words: impl Iterator<Item = &'a str>) -> Words<'a> {
    words.collect::<Vec<_>>().into_iter().peekable()
}

/// A rule, and its interface-identifier format when it names one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Given {
    rule: Rule,
    iid: Option<IidFormat>,
}

/// `IPV6PREFIX/LEN IPV4PREFIX/LEN ea-len O [RULEOPTS]`: the words of a
/// rule, up to the first that is not one of [`RULE_WORDS`].
fn rule_spec(words: &mut Words<'_>) -> Result<Given, String> {
    let w6 = words.next().ok_or("rule: missing IPV6PREFIX/LEN")?;
    let (p6, n) = prefix6(w6, "rule IPv6 prefix", 0)?;
    let w4 = words
        .next()
        .ok_or_else(|| format!("rule {w6}: missing IPV4PREFIX/LEN"))?;
    let (p4, r) = prefix4(w4, "rule IPv4 prefix")?;
    let (mut ea, mut offset, mut psid_len, mut psid) = (None, None, None, None);
    let (mut fmr, mut iid) = (None, None);
    while let Some(&key) = words.peek() {
        if !RULE_WORDS.contains(&key) {
            break;
        }
        words.next();
        if key == "fmr" {
            args::once(&mut fmr, true, key)?;
            continue;
        }
        if let Some(f) = iid_word(key) {
            args::once(&mut iid, f, "legacy or rfc")?;
            continue;
        }
        let value = words
            .next()
            .ok_or_else(|| format!("'{key}' needs a value"))?;
        // The spec's ranges: ea-len 0..48, psid-offset and psid-len 0..16,
        // psid 0..65535.
        let v = args::uint(value, RULE_SET.attr(key))?;
        match key {
            "ea-len" => args::once(&mut ea, v as u8, key)?,
            "psid-offset" => args::once(&mut offset, v as u8, key)?,
            "psid-len" => args::once(&mut psid_len, v as u8, key)?,
            _ => args::once(&mut psid, v as u16, key)?,
        }
    }
    let ctx = format!("rule {w6} {w4}");
    let ea = ea.ok_or_else(|| format!("{ctx}: missing ea-len O"))?;
    if psid_len.is_some() != psid.is_some() {
        return Err(format!(
            "{ctx}: psid-len and psid go together: give both or neither"
        ));
    }
    let params = RuleParams {
        psid_offset: offset.unwrap_or(DEFAULT_PSID_OFFSET),
        psid_len,
        psid,
        fmr: fmr.unwrap_or(false),
        ..RuleParams::new(p6.octets(), n, p4.octets(), r, ea)
    };
    let rule = Rule::new(params).map_err(|e| format!("{ctx}: {}", rule_error(e)))?;
    Ok(Given { rule, iid })
}

/// The rules and BR addresses of RFC 7598 option bytes in hex.
fn dhcp_spec(hex: &str) -> Result<(Vec<Given>, Option<Ipv6Addr>), String> {
    let data = args::binary(hex, &DHCP_BYTES)?;
    let any = Rule::new(RuleParams::new([0; 16], 0, [0; 4], 0, 0)).map_err(rule_error)?;
    // An S46_RULE takes 12 bytes at least, an S46_BR 20.
    let mut rules = vec![any; data.len() / 12 + 1];
    let mut brs = vec![[0u8; 16]; data.len() / 20 + 1];
    let n =
        parse_mape(&data, &mut rules, &mut brs).map_err(|e| format!("dhcp: {}", dhcp_error(e)))?;
    if n.rules == 0 {
        return Err("dhcp: no S46_RULE (89) in the option bytes".into());
    }
    let given = rules[..n.rules]
        .iter()
        .map(|&rule| Given { rule, iid: None })
        .collect();
    Ok((given, brs[..n.brs].first().map(|&b| Ipv6Addr::from(b))))
}

/// Rules as OpenWrt's mapcalc takes them, separated by blanks: what
/// odhcp6c hands its script in `$MAPE` (from the S46 options it received)
/// and what OpenWrt's `option rule` holds, e.g.
/// `fmr,type=map-e,ealen=24,prefix4len=16,prefix6len=32,ipv4prefix=106.72.0.0,
/// ipv6prefix=240b:10::,offset=4,psidlen=0,psid=0,br=2404:9200:225:100::64,`.
/// As in mapcalc: `psid` is left-aligned, `prefix4len` defaults to 32, a
/// psidlen of 0 means none, bits past a prefix's length are ignored; unlike
/// it, ealen is required (mapcalc takes the PD length minus prefix6len) and
/// the offset defaults to 6 whatever LEGACY says. The first `br` is the BR.
fn mapcalc_spec(value: &str) -> Result<(Vec<Given>, Option<Ipv6Addr>), String> {
    let mut rules = Vec::new();
    let mut br = None;
    for (i, text) in value.split_whitespace().enumerate() {
        let ctx = format!("mapcalc rule {}", i + 1);
        let (mut ea, mut len4, mut len6, mut p4, mut p6) = (None, None, None, None, None);
        let (mut offset, mut psid_len, mut psid, mut fmr) = (None, None, None, false);
        for item in text.split(',').filter(|t| !t.is_empty()) {
            let (key, val) = item.split_once('=').unwrap_or((item, ""));
            let bad = || format!("{ctx}: invalid {key} '{val}'");
            let num = |max: u64| {
                cliutil::parse_num(val)
                    .filter(|&n| n <= max)
                    .ok_or_else(bad)
            };
            match key {
                "fmr" => fmr = true,
                "type" if val == "map-e" => {}
                "type" | "dmr" => return Err(format!("{ctx}: {item} is not MAP-E")),
                "ealen" => ea = Some(num(48)? as u8),
                "prefix4len" => len4 = Some(num(32)? as u8),
                "prefix6len" => len6 = Some(num(128)? as u8),
                "offset" => offset = Some(num(16)? as u8),
                "psidlen" => psid_len = Some(num(16)? as u8),
                "psid" => psid = Some(num(0xffff)? as u16),
                "ipv4prefix" => p4 = Some(val.parse::<Ipv4Addr>().map_err(|_| bad())?),
                "ipv6prefix" => p6 = Some(val.parse::<Ipv6Addr>().map_err(|_| bad())?),
                "br" => {
                    let a = val.parse::<Ipv6Addr>().map_err(|_| bad())?;
                    br = br.or(Some(a));
                }
                _ => return Err(format!("{ctx}: unknown option '{key}'")),
            }
        }
        let missing = |what: &str| format!("{ctx}: missing {what}");
        let p6 = p6.ok_or_else(|| missing("ipv6prefix"))?;
        let len6 = len6.ok_or_else(|| missing("prefix6len"))?;
        let p4 = p4.ok_or_else(|| missing("ipv4prefix"))?;
        let ea = ea.ok_or_else(|| missing("ealen"))?;
        let k = psid_len.filter(|&k| k > 0);
        let params = RuleParams {
            psid_offset: offset.unwrap_or(DEFAULT_PSID_OFFSET),
            psid_len: k,
            psid: k
                .and(psid)
                .map(|p| psid_from_left_aligned(p, k.unwrap_or(0))),
            fmr,
            ..RuleParams::new(p6.octets(), len6, p4.octets(), len4.unwrap_or(32), ea)
        };
        let rule = Rule::new(params).map_err(|e| format!("{ctx}: {}", rule_error(e)))?;
        rules.push(Given { rule, iid: None });
    }
    if rules.is_empty() {
        return Err("mapcalc: no rule".into());
    }
    Ok((rules, br))
}

/// Parses a rules file (`name` for the errors): its rules, and its BR.
fn parse_rules_file(text: &str, name: &str) -> Result<(Vec<Given>, Option<Ipv6Addr>), String> {
    let mut rules = Vec::new();
    let mut br = None;
    for (i, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or_default();
        let mut words = words_of(line.split_whitespace());
        let Some(&first) = words.peek() else {
            continue;
        };
        (|| {
            match first {
                "br" => {
                    words.next();
                    let a = words.next().ok_or("'br' needs an address")?;
                    let addr = a
                        .parse::<Ipv6Addr>()
                        .map_err(|_| format!("invalid br '{a}' (an IPv6 address)"))?;
                    args::once(&mut br, addr, "br")?;
                }
                "rule" => {
                    words.next();
                    rules.push(rule_spec(&mut words)?);
                }
                _ if first.contains('/') => rules.push(rule_spec(&mut words)?),
                _ => {
                    return Err(format!(
                        "expected a rule (IPV6PREFIX/LEN IPV4PREFIX/LEN ea-len O ...) \
                         or 'br BRADDR', not '{first}'"
                    ))
                }
            }
            match words.next() {
                Some(extra) => Err(format!("unexpected '{extra}'")),
                None => Ok(()),
            }
        })()
        .map_err(|e| format!("{name}:{}: {e}", i + 1))?;
    }
    Ok((rules, br))
}

/// Where rules come from, in command-line order.
#[derive(Debug)]
enum Source<'a> {
    Given(Vec<Given>, Option<Ipv6Addr>),
    File(&'a str),
}

/// The rule arguments of `add` and `calc`: `rule`, `dhcp`, `rules`, `iid`.
#[derive(Debug, Default)]
struct RuleArgs<'a> {
    sources: Vec<Source<'a>>,
    iid: Option<IidFormat>,
}

/// Reads a rules file.
pub type ReadFile<'r> = &'r dyn Fn(&str) -> std::io::Result<String>;

impl<'a> RuleArgs<'a> {
    /// Takes `key` and what follows it if `key` is one of the rule
    /// arguments; `Ok(false)` if it is not.
    fn take(&mut self, key: &str, words: &mut Words<'a>) -> Result<bool, String> {
        match key {
            "rule" => {
                let g = rule_spec(words)?;
                self.sources.push(Source::Given(vec![g], None));
            }
            "dhcp" | "mapcalc" | "rules" | "iid" => {
                let value = words
                    .next()
                    .ok_or_else(|| format!("'{key}' needs a value"))?;
                match key {
                    "dhcp" => {
                        let (rules, br) = dhcp_spec(value)?;
                        self.sources.push(Source::Given(rules, br));
                    }
                    "mapcalc" => {
                        let (rules, br) = mapcalc_spec(value)?;
                        self.sources.push(Source::Given(rules, br));
                    }
                    "rules" => self.sources.push(Source::File(value)),
                    _ => {
                        let f = iid_word(value)
                            .ok_or_else(|| format!("iid must be legacy or rfc, not '{value}'"))?;
                        args::once(&mut self.iid, f, key)?;
                    }
                }
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// The rules, files read and the iid default applied, and the first
    /// BR that a source gave.
    fn resolve(
        self,
        ctx: &str,
        read: ReadFile<'_>,
    ) -> Result<(Vec<Rule>, Option<Ipv6Addr>), Error> {
        let mut given = Vec::new();
        let mut br = None;
        for s in self.sources {
            let (rules, b) = match s {
                Source::Given(rules, b) => (rules, b),
                Source::File(path) => {
                    let text = read(path)
                        .map_err(|e| Error::sys(&format!("{ctx}: reading rules file {path}"), e))?;
                    parse_rules_file(&text, path)
                        .map_err(|e| Error::usage(format!("{ctx}: {e}")))?
                }
            };
            given.extend(rules);
            br = br.or(b);
        }
        let default = self.iid.unwrap_or(IidFormat::Rfc7597);
        let mut rules: Vec<Rule> = Vec::with_capacity(given.len());
        for g in given {
            let r = g.rule.with_iid(g.iid.unwrap_or(default));
            if rules
                .iter()
                .any(|o| (o.ipv6_prefix(), o.ipv6_len()) == (r.ipv6_prefix(), r.ipv6_len()))
            {
                return Err(Error::usage(format!(
                    "{ctx}: two rules for {}/{}",
                    Ipv6Addr::from(*r.ipv6_prefix()),
                    r.ipv6_len()
                )));
            }
            rules.push(r);
        }
        if rules.is_empty() {
            return Err(Error::usage(format!(
                "{ctx}: missing rules (give rule ..., dhcp HEX, mapcalc STR or rules FILE)"
            )));
        }
        Ok((rules, br))
    }
}

/// What `rules` give `prefix/len`: the IPv4 and CE addresses, or why not.
fn derive(rules: &[Rule], prefix: Ipv6Addr, len: u8) -> Result<::mape::Derived, String> {
    ::mape::derive(&prefix.octets(), len, rules).map_err(|e| match e {
        DeriveError::NoRule | DeriveError::PrefixLen => format!(
            "no rule maps prefix {prefix}/{len} (a rule's IPv6 prefix must cover it, \
             with room for its ea-len bits)"
        ),
        DeriveError::NoPsid => {
            format!("the rule that maps {prefix}/{len} has a psid-len but no psid")
        }
    })
}

/// `map add`, up to the rule files.
#[derive(Debug)]
struct AddDraft<'a> {
    req: DevNewRequest,
    rules: RuleArgs<'a>,
    default_route: bool,
}

fn add<'a>(words: &mut Words<'a>) -> Result<AddDraft<'a>, String> {
    let mut d = AddDraft {
        req: DevNewRequest::default(),
        rules: RuleArgs::default(),
        default_route: true,
    };
    let link = words.next().ok_or("missing LINK")?;
    args::dev(&mut d.req, link, "link-ifindex", "link-name")?;
    while let Some(key) = words.next() {
        if d.rules.take(key, words)? {
            continue;
        }
        match key {
            "prefix" => {
                let v = words.next().ok_or("'prefix' needs a value")?;
                let (p, n) = prefix6(v, "prefix", 1)?;
                args::once(&mut d.req.end_user_prefix, p, key)?;
                d.req.end_user_prefix_len = Some(n.into());
            }
            "encap-limit" if words.peek() == Some(&"none") => {
                words.next();
            }
            "no-default-route" => d.default_route = false,
            _ => {
                if let (true, Some(name)) = (matches!(key, "name" | "ifname"), words.peek()) {
                    cliutil::check_ifname(name)?;
                }
                args::keywords(
                    &mut d.req,
                    std::iter::once(key).chain(words.next()),
                    ADD_KEYWORDS,
                )?;
            }
        }
    }
    Ok(d)
}

impl AddDraft<'_> {
    fn finish(self, ctx: &str, read: ReadFile<'_>) -> Result<Cmd, Error> {
        let (rules, br) = self.rules.resolve(ctx, read)?;
        let mut req = self.req;
        let usage = |e: String| Error::usage(format!("{ctx}: {e}"));
        if req.br_addr.is_none() {
            req.br_addr = Some(br.ok_or_else(|| {
                usage(
                    "missing br BRADDR (or one from dhcp, mapcalc \
                     or a rules file's 'br' line)"
                        .into(),
                )
            })?);
        }
        let expect = if req.mode == Some(enums::mode::BR) {
            if req.end_user_prefix.is_some() {
                return Err(usage("prefix is for CE mode".into()));
            }
            None
        } else {
            let (Some(p), Some(n)) = (req.end_user_prefix, req.end_user_prefix_len) else {
                return Err(usage(
                    "missing prefix EUPREFIX/LEN (the delegated prefix the rules map)".into(),
                ));
            };
            let d = derive(&rules, p, n as u8).map_err(usage)?;
            Some((Ipv4Addr::from(d.ipv4), Ipv6Addr::from(d.ce_address)))
        };
        Ok(Cmd::Add(Add {
            req,
            rules,
            default_route: self.default_route,
            expect,
        }))
    }
}

/// `map calc`, up to the rule files.
#[derive(Debug)]
struct CalcDraft<'a> {
    prefix: Option<(Ipv6Addr, u8)>,
    rules: RuleArgs<'a>,
    br: Option<Ipv6Addr>,
    link: Option<String>,
    mapcalc: Option<bool>,
}

fn calc<'a>(words: &mut Words<'a>) -> Result<CalcDraft<'a>, String> {
    let mut d = CalcDraft {
        prefix: None,
        rules: RuleArgs::default(),
        br: None,
        link: None,
        mapcalc: None,
    };
    while let Some(key) = words.next() {
        if d.rules.take(key, words)? {
            continue;
        }
        if !matches!(key, "prefix" | "br" | "link" | "format") {
            return Err(format!("unexpected '{key}'"));
        }
        let v = words
            .next()
            .ok_or_else(|| format!("'{key}' needs a value"))?;
        match key {
            "prefix" => args::once(&mut d.prefix, prefix6(v, "prefix", 1)?, key)?,
            "br" => {
                let a = v
                    .parse()
                    .map_err(|_| format!("invalid br '{v}' (an IPv6 address)"))?;
                args::once(&mut d.br, a, key)?;
            }
            "link" => {
                cliutil::check_ifname(v)?;
                args::once(&mut d.link, v.to_string(), key)?;
            }
            _ => {
                let m = match v {
                    "text" => false,
                    "mapcalc" => true,
                    _ => return Err(format!("format must be text or mapcalc, not '{v}'")),
                };
                args::once(&mut d.mapcalc, m, key)?;
            }
        }
    }
    Ok(d)
}

impl CalcDraft<'_> {
    fn finish(self, ctx: &str, read: ReadFile<'_>) -> Result<Cmd, Error> {
        let (rules, br) = self.rules.resolve(ctx, read)?;
        let (prefix, prefix_len) = self
            .prefix
            .ok_or_else(|| Error::usage(format!("{ctx}: missing prefix EUPREFIX/LEN")))?;
        Ok(Cmd::Calc(Calc {
            prefix,
            prefix_len,
            rules,
            br: self.br.or(br),
            link: self.link,
            mapcalc: self.mapcalc.unwrap_or(false),
        }))
    }
}

/// Sets the fields of a rule-add request from `r`: every parameter, the
/// PSID offset and interface-identifier format too (the kernel's defaults
/// are not relied on).
fn fill_rule(req: &mut RuleAddRequest, r: &Rule) {
    let p = r.params();
    req.ipv6_prefix = Some(Ipv6Addr::from(p.ipv6_prefix));
    req.ipv6_prefix_len = Some(p.ipv6_len.into());
    req.ipv4_prefix = Some(Ipv4Addr::from(p.ipv4_prefix));
    req.ipv4_prefix_len = Some(p.ipv4_len.into());
    req.ea_len = Some(p.ea_len.into());
    req.psid_offset = Some(p.psid_offset.into());
    req.psid_len = p.psid_len.map(u32::from);
    req.psid = p.psid.map(u32::from);
    req.fmr = p.fmr.then_some(1);
    req.iid_format = Some(match p.iid {
        IidFormat::Rfc7597 => enums::iid_format::RFC7597,
        IidFormat::Draft03 => enums::iid_format::DRAFT03,
    });
}

/// A request naming device `word`.
fn dev_req<R: Request>(word: Option<&str>) -> Result<R, String> {
    let mut req = R::default();
    args::dev(&mut req, word.ok_or("missing DEV")?, "ifindex", "ifname")?;
    Ok(req)
}

/// What a verb parses into before the rule files are read.
enum Parsed<'a> {
    Done(Cmd),
    Add(AddDraft<'a>),
    Calc(CalcDraft<'a>),
}

/// Parses the words after `map` (global options already removed), reading
/// rules files with `read`.
pub fn parse_args_with(args: &[String], read: ReadFile<'_>) -> Result<Cmd, Error> {
    let Some((verb, rest)) = args.split_first() else {
        return Err(Error::usage("map: missing verb"));
    };
    let mut rest = words_of(rest.iter().map(String::as_str));
    let mut ctx = format!("map {verb}");
    let parsed = (|| {
        let done = match verb.as_str() {
            "add" => return Ok(Parsed::Add(add(&mut rest)?)),
            "calc" => return Ok(Parsed::Calc(calc(&mut rest)?)),
            "del" => Cmd::Del(dev_req(rest.next())?),
            "show" => {
                let mut req = DevGetRequest::default();
                if let Some(dev) = rest.next() {
                    args::dev(&mut req, dev, "ifindex", "ifname")?;
                }
                Cmd::Show(req)
            }
            "set" => {
                let mut req: DevSetRequest = dev_req(rest.next())?;
                let before = req.clone();
                while let Some(key) = rest.next() {
                    if matches!(key, "prefix" | "end-user-prefix") {
                        let v = rest.next().ok_or("'prefix' needs a value")?;
                        let (p, n) = prefix6(v, "prefix", 1)?;
                        args::once(&mut req.end_user_prefix, p, "prefix")?;
                        req.end_user_prefix_len = Some(n.into());
                    } else {
                        args::keywords(
                            &mut req,
                            std::iter::once(key).chain(rest.next()),
                            SET_KEYWORDS,
                        )?;
                    }
                }
                if req == before {
                    return Err("nothing to set (give br, prefix or encap-limit)".into());
                }
                Cmd::Set(req)
            }
            "monitor" => Cmd::Monitor {
                count: args::count(&mut rest)?,
            },
            "stats" | "rule" => {
                let subs = if verb == "stats" {
                    "reset"
                } else {
                    "add, del or show"
                };
                let sub = rest
                    .next()
                    .ok_or_else(|| format!("missing verb ({subs})"))?;
                ctx = format!("map {verb} {sub}");
                match (verb.as_str(), sub) {
                    ("stats", "reset") => Cmd::StatsReset(dev_req(rest.next())?),
                    ("rule", "add") => {
                        let mut req: RuleAddRequest = dev_req(rest.next())?;
                        let g = rule_spec(&mut rest)?;
                        fill_rule(
                            &mut req,
                            &g.rule.with_iid(g.iid.unwrap_or(IidFormat::Rfc7597)),
                        );
                        Cmd::RuleAdd(req)
                    }
                    ("rule", "del") => {
                        let mut req: RuleDelRequest = dev_req(rest.next())?;
                        let w = rest.next().ok_or("missing IPV6PREFIX/LEN")?;
                        let (p, n) = prefix6(w, "rule IPv6 prefix", 0)?;
                        req.ipv6_prefix = Some(p);
                        req.ipv6_prefix_len = Some(n.into());
                        Cmd::RuleDel(req)
                    }
                    ("rule", "show") => {
                        let mut req = DevGetRequest::default();
                        if let Some(dev) = rest.next() {
                            args::dev(&mut req, dev, "ifindex", "ifname")?;
                        }
                        Cmd::RuleShow(req)
                    }
                    _ => {
                        ctx = format!("map {verb}");
                        return Err(format!("unknown verb '{sub}' ({subs})"));
                    }
                }
            }
            other => {
                ctx = "map".into();
                return Err(format!("unknown verb '{other}'"));
            }
        };
        match rest.next() {
            Some(extra) => Err(format!("unexpected '{extra}'")),
            None => Ok(Parsed::Done(done)),
        }
    })()
    .map_err(|e: String| Error::usage(format!("{ctx}: {e}")))?;
    match parsed {
        Parsed::Done(cmd) => Ok(cmd),
        Parsed::Add(d) => d.finish(&ctx, read),
        Parsed::Calc(d) => d.finish(&ctx, read),
    }
}

/// Parses the words after `map`, reading rules files from the file system.
pub fn parse_args(args: &[String]) -> Result<Cmd, Error> {
    parse_args_with(args, &|path| std::fs::read_to_string(path))
}

// ---------------------------------------------------------------------------
// Running

/// A socket of the mape family, for a verb of several requests.
struct Session {
    sock: GenlSocket,
    family: Family,
}

impl Session {
    fn open() -> Result<Session, Error> {
        let (sock, family) = ops::connect(&FAMILY)?;
        Ok(Session { sock, family })
    }

    /// Sends a do of `op` with `attrs`; the replies.
    #[inline(never)]
    fn send(&mut self, op: &OpDesc, attrs: &[u8]) -> Result<Vec<GenlMsg>, Error> {
        self.sock.request(&self.family, op, false, attrs)
    }

    /// Sends `req`, not looking at a reply.
    fn call<R: Request>(&mut self, req: &R) -> Result<(), Error> {
        self.send(R::OP, &encode(req)).map(drop)
    }

    /// Sends `req` of the dev set (dev-new, dev-get); the device replied.
    fn dev<R: Request<Reply = Dev>>(&mut self, req: &R) -> Result<Dev, Error> {
        let msgs = self.send(R::OP, &encode(req))?;
        first_dev(R::OP, &msgs)
    }
}

fn encode<R: Request>(req: &R) -> Vec<u8> {
    let mut attrs = Vec::new();
    req.encode(&mut attrs);
    attrs
}

/// The device of the first reply to `op`.
#[inline(never)]
fn first_dev(op: &OpDesc, msgs: &[GenlMsg]) -> Result<Dev, Error> {
    let context = || format!("mape {}", op.name);
    let m = msgs
        .first()
        .ok_or_else(|| Error::proto(&context(), ParseError("no reply".into())))?;
    Dev::parse(m.attrs()).map_err(|e| Error::proto(&context(), e))
}

/// `err` with `prefix` in front of what it says.
pub(crate) fn with_context(err: Error, prefix: &str) -> Error {
    match err {
        Error::Kernel {
            family,
            op,
            err,
            attr,
            missing,
        } => Error::Kernel {
            family: format!("{prefix}: {family}"),
            op,
            err,
            attr,
            missing,
        },
        Error::Sys { context, err } => Error::Sys {
            context: format!("{prefix}: {context}"),
            err,
        },
        Error::Proto { context, err } => Error::Proto {
            context: format!("{prefix}: {context}"),
            err,
        },
        other => other,
    }
}

/// A device of a reply, for messages: its name, else its index.
fn dev_name(name: &Option<String>, ifindex: Option<u32>) -> String {
    match (name, ifindex) {
        (Some(n), _) => n.clone(),
        (None, Some(i)) => format!("ifindex {i}"),
        (None, None) => "?".into(),
    }
}

/// Adds `addr/len` to `ifindex`; true if added, false if it was there.
fn add_addr(rt: &mut Rtnl, addr: IpAddr, len: u8, ifindex: u32) -> Result<bool, Error> {
    match rt.add_addr(addr, len, ifindex, addr.is_ipv6()) {
        Ok(()) => Ok(true),
        Err(e) if is_errno(&e, libc::EEXIST) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Removes `addr/len` from `ifindex`, not minding that it is gone.
fn del_addr(rt: &mut Rtnl, addr: IpAddr, len: u8, ifindex: u32) -> Result<(), Error> {
    match rt.del_addr(addr, len, ifindex) {
        Err(e) if is_errno(&e, libc::EADDRNOTAVAIL) || is_errno(&e, libc::ENODEV) => Ok(()),
        other => other,
    }
}

/// `map add`: the device, its rules, then (CE) the addresses, up, the
/// default route; undone on any failure.
fn run_add(ctx: &Ctx, a: &Add) -> Result<(), Error> {
    let mut s = Session::open()?;
    let created = s.dev(&a.req)?;
    let ifindex = created.ifindex.ok_or_else(|| {
        Error::proto(
            "mape dev-new",
            ParseError("reply without an ifindex".into()),
        )
    })?;
    let name = dev_name(&created.ifname, Some(ifindex));
    let dev = DevGetRequest {
        ifindex: Some(ifindex),
        ifname: None,
    };
    let mut rt = None;
    // The CE address this command put on the link: (address, link).
    let mut ce_added = None;
    let ce = a.req.mode != Some(enums::mode::BR);
    // A failed step: what it was, and why.
    let step = |what: String| move |e| Box::new((what, e));
    let mut steps = || -> Result<Dev, Box<(String, Error)>> {
        for (i, r) in a.rules.iter().enumerate() {
            let mut req = RuleAddRequest {
                ifindex: Some(ifindex),
                ..Default::default()
            };
            fill_rule(&mut req, r);
            s.call(&req)
                .map_err(step(format!("rule {} ({})", i + 1, rule_text(r))))?;
        }
        let d = s.dev(&dev).map_err(step("reading it back".into()))?;
        let r = rt.insert(Rtnl::open().map_err(step(String::new()))?);
        if !ce {
            r.set_up(ifindex)
                .map_err(step(format!("setting {name} up")))?;
            return Ok(d);
        }
        let (Some(v4), Some(ce), Some(link)) = (d.ipv4_addr, d.ce_addr, d.link_ifindex) else {
            let e = Error::proto(
                "mape dev-get",
                ParseError("no ipv4-addr or ce-addr derived (no BMR?)".into()),
            );
            return Err(step("reading it back".into())(e));
        };
        if let Some((want4, want6)) = a.expect {
            if (want4, want6) != (v4, ce) {
                eprintln!(
                    "cellctl: warning: map add: the kernel derived {v4} and {ce}, \
                     cellctl {want4} and {want6}: the kernel's are used"
                );
            }
        }
        let link_name = dev_name(&d.link_name, Some(link));
        if add_addr(r, IpAddr::V6(ce), 128, link)
            .map_err(step(format!("CE address {ce}/128 on {link_name}")))?
        {
            ce_added = Some((ce, link));
        }
        r.add_addr(IpAddr::V4(v4), 32, ifindex, false)
            .map_err(step(format!("IPv4 address {v4}/32 on {name}")))?;
        r.set_up(ifindex)
            .map_err(step(format!("setting {name} up")))?;
        if a.default_route {
            r.add_default_route(ifindex)
                .map_err(step(format!("IPv4 default route via {name}")))?;
        }
        Ok(d)
    };
    let result = steps();
    let d = match result {
        Ok(d) => d,
        Err(failed) => {
            let (step, e) = *failed;
            // Undo: the CE address, then the device (its IPv4 address and
            // routes go with it).
            let mut undone = true;
            if let (Some((ce, link)), Some(r)) = (ce_added, rt.as_mut()) {
                if let Err(u) = r.del_addr(IpAddr::V6(ce), 128, link) {
                    eprintln!("cellctl: map add: undoing: removing {ce}/128: {u}");
                    undone = false;
                }
            }
            let del = DevDelRequest {
                ifindex: Some(ifindex),
                ifname: None,
            };
            if let Err(u) = s.call(&del) {
                eprintln!("cellctl: map add: undoing: deleting {name}: {u}");
                undone = false;
            }
            let what = if undone {
                format!("map add (undone, {name} deleted)")
            } else {
                "map add (undoing failed too)".to_string()
            };
            let what = if step.is_empty() {
                what
            } else {
                format!("{what}: {step}")
            };
            return Err(with_context(e, &what));
        }
    };
    if ctx.json {
        emit(&d.to_json().build().to_json())
    } else {
        emit(&format!("created {}", d.format_brief()))
    }
}

/// `map del`: the CE address off the link, then the device.
fn run_del(dev: &DevGetRequest) -> Result<(), Error> {
    let mut s = Session::open()?;
    let d = s.dev(dev)?;
    if let (Some(ce), Some(link)) = (d.ce_addr, d.link_ifindex) {
        let mut rt = Rtnl::open()?;
        del_addr(&mut rt, IpAddr::V6(ce), 128, link).map_err(|e| {
            let link = dev_name(&d.link_name, Some(link));
            with_context(
                e,
                &format!("map del: removing CE address {ce}/128 from {link}"),
            )
        })?;
    }
    let req = DevDelRequest {
        ifindex: d.ifindex.or(dev.ifindex),
        ifname: if d.ifindex.is_some() {
            None
        } else {
            dev.ifname.clone()
        },
    };
    s.call(&req)
}

/// After a change of a CE device's parameters: the CE address on the link
/// and the IPv4 address on the device follow what the kernel derived anew
/// (the new one added before the old one goes, so that the default route
/// via the device stays).
fn sync_addrs(old: &Dev, new: &Dev, verb: &str) -> Result<(), Error> {
    if old.ce_addr == new.ce_addr && old.ipv4_addr == new.ipv4_addr {
        return Ok(());
    }
    let mut rt = Rtnl::open()?;
    let ctx = |what: String| move |e| with_context(e, &format!("map {verb}: {what}"));
    if old.ce_addr != new.ce_addr {
        if let (Some(a), Some(link)) = (new.ce_addr, new.link_ifindex) {
            add_addr(&mut rt, IpAddr::V6(a), 128, link)
                .map_err(ctx(format!("adding CE address {a}/128")))?;
        }
        if let (Some(a), Some(link)) = (old.ce_addr, old.link_ifindex) {
            del_addr(&mut rt, IpAddr::V6(a), 128, link)
                .map_err(ctx(format!("removing CE address {a}/128")))?;
        }
    }
    if old.ipv4_addr != new.ipv4_addr {
        if let (Some(a), Some(i)) = (new.ipv4_addr, new.ifindex) {
            add_addr(&mut rt, IpAddr::V4(a), 32, i)
                .map_err(ctx(format!("adding IPv4 address {a}/32")))?;
        }
        if let (Some(a), Some(i)) = (old.ipv4_addr, old.ifindex) {
            del_addr(&mut rt, IpAddr::V4(a), 32, i)
                .map_err(ctx(format!("removing IPv4 address {a}/32")))?;
        }
    }
    Ok(())
}

/// A change of a device (`set`, `rule add`, `rule del`) and the address
/// update that follows it.
#[inline(never)]
fn run_change(op: &OpDesc, attrs: &[u8], dev: DevGetRequest, verb: &str) -> Result<(), Error> {
    let mut s = Session::open()?;
    let old = s.dev(&dev)?;
    s.send(op, attrs)?;
    // From now on by index: a name may change.
    let dev = DevGetRequest {
        ifindex: old.ifindex.or(dev.ifindex),
        ifname: if old.ifindex.is_some() {
            None
        } else {
            dev.ifname
        },
    };
    let new = s.dev(&dev)?;
    if new.mode == Some(enums::mode::BR) {
        return Ok(());
    }
    sync_addrs(&old, &new, verb)
}

/// The port set of a device's derived parameters, when it shares its
/// address.
fn dev_port_set(d: &Dev) -> Option<PortSet> {
    let (k, a, psid) = (d.psid_len?, d.psid_offset?, d.psid?);
    if k == 0 {
        return None;
    }
    PortSet::new(
        u8::try_from(a).ok()?,
        u8::try_from(k).ok()?,
        u16::try_from(psid).ok()?,
    )
}

/// `map show`'s text of a device: the generated first line, the port set
/// (a few of its blocks), the counters.
pub fn format_dev(d: &Dev) -> String {
    let brief = d.format_brief();
    let show = d.format_show();
    let mut s = brief.clone();
    if let Some(set) = dev_port_set(d) {
        let blocks: Vec<(u16, u16)> = set.blocks().collect();
        let _ = write!(
            s,
            "\n  port-set: psid {:#x} (left-aligned {:#06x}), {} blocks of {}:",
            set.psid(),
            set.psid_left_aligned(),
            blocks.len(),
            1u32 << set.contiguous_bits()
        );
        let shown: Vec<&(u16, u16)> = if blocks.len() > 4 {
            blocks[..3].iter().chain(blocks.last()).collect()
        } else {
            blocks.iter().collect()
        };
        for (i, (lo, hi)) in shown.iter().enumerate() {
            if blocks.len() > 4 && i == 3 {
                s.push_str(" ...");
            }
            let _ = write!(s, " {lo}-{hi}");
        }
    }
    s.push_str(&show[brief.len().min(show.len())..]);
    s
}

fn run_show(ctx: &Ctx, req: &DevGetRequest) -> Result<(), Error> {
    let devs = ops::call(req, req.is_empty())?;
    if ctx.json {
        return ops::print_all(ctx, &devs);
    }
    for d in &devs {
        emit(&format_dev(d))?;
    }
    Ok(())
}

/// The rules of device `dev` (all of them when it names none).
fn rules_of(rules: Vec<RuleReply>, dev: &DevGetRequest) -> Vec<RuleReply> {
    rules
        .into_iter()
        .filter(|r| match (dev.ifindex, &dev.ifname) {
            (Some(i), _) => r.ifindex == Some(i),
            (None, Some(n)) => r.ifname.as_ref() == Some(n),
            (None, None) => true,
        })
        .collect()
}

// ---------------------------------------------------------------------------
// calc

/// A rule as it is written after `rule`.
pub fn rule_text(r: &Rule) -> String {
    let p = r.params();
    let mut s = format!(
        "{}/{} {}/{} ea-len {} psid-offset {}",
        Ipv6Addr::from(p.ipv6_prefix),
        p.ipv6_len,
        Ipv4Addr::from(p.ipv4_prefix),
        p.ipv4_len,
        p.ea_len,
        p.psid_offset
    );
    if let Some(k) = p.psid_len {
        let _ = write!(s, " psid-len {k}");
    }
    if let Some(psid) = p.psid {
        let _ = write!(s, " psid {psid:#x}");
    }
    if p.fmr {
        s.push_str(" fmr");
    }
    s.push_str(match p.iid {
        IidFormat::Rfc7597 => " rfc",
        IidFormat::Draft03 => " legacy",
    });
    s
}

/// A rule as rule-get replies carry it (for JSON).
fn rule_reply(r: &Rule, bmr: bool) -> RuleReply {
    let mut req = RuleAddRequest::default();
    fill_rule(&mut req, r);
    RuleReply {
        ipv6_prefix: req.ipv6_prefix,
        ipv6_prefix_len: req.ipv6_prefix_len,
        ipv4_prefix: req.ipv4_prefix,
        ipv4_prefix_len: req.ipv4_prefix_len,
        ea_len: req.ea_len,
        psid_offset: req.psid_offset,
        psid_len: Some(r.psid_len().into()),
        psid: req.psid,
        fmr: Some(req.fmr.unwrap_or(0)),
        iid_format: req.iid_format,
        bmr: Some(bmr.into()),
        ..Default::default()
    }
}

/// `map calc`'s text: the rules (the BMR marked), then what the BMR gives
/// the end-user prefix.
pub fn calc_text(c: &Calc) -> Result<String, String> {
    let d = derive(&c.rules, c.prefix, c.prefix_len)?;
    let mut s = String::new();
    for r in &c.rules {
        let bmr = if *r == d.rule { " (bmr)" } else { "" };
        let _ = writeln!(s, "rule {}{bmr}", rule_text(r));
    }
    let _ = writeln!(s, "end-user-prefix {}/{}", c.prefix, c.prefix_len);
    let _ = write!(s, "ipv4-addr {}", Ipv4Addr::from(d.ipv4));
    if d.ipv4_len < 32 {
        let _ = write!(s, "/{}", d.ipv4_len);
    }
    let set = d.port_set;
    let k = set.psid_len();
    let _ = write!(
        s,
        "\npsid {} ({:#x}) left-aligned {:#06x} psid-len {k} psid-offset {}",
        set.psid(),
        set.psid(),
        set.psid_left_aligned(),
        d.rule.psid_offset()
    );
    if k == 0 {
        s.push_str("\nports all (the address is not shared)");
    } else {
        let _ = write!(
            s,
            "\nports {} in {} blocks of {}:",
            set.count(),
            set.block_count(),
            1u32 << set.contiguous_bits()
        );
        let blocks: Vec<(u16, u16)> = set.blocks().collect();
        for line in blocks.chunks(8) {
            s.push_str("\n ");
            for (lo, hi) in line {
                let _ = write!(s, " {lo}-{hi}");
            }
        }
    }
    let _ = write!(s, "\nce-addr {}", Ipv6Addr::from(d.ce_address));
    if let Some(br) = c.br {
        let _ = write!(s, "\nbr-addr {br}");
    }
    Ok(s)
}

/// `map calc --json`.
pub fn calc_json(c: &Calc) -> Result<Value, String> {
    let d = derive(&c.rules, c.prefix, c.prefix_len)?;
    let mut o = Object::new();
    o.str("end-user-prefix", &c.prefix.to_string())
        .uint("end-user-prefix-len", c.prefix_len.into());
    let rules = c
        .rules
        .iter()
        .map(|r| rule_reply(r, *r == d.rule).to_json().build())
        .collect();
    o.set("rules", Value::Array(rules));
    let set = d.port_set;
    o.opt_ipv4("ipv4-addr", Some(Ipv4Addr::from(d.ipv4)))
        .uint("ipv4-addr-len", d.ipv4_len.into())
        .uint("psid", set.psid().into())
        .uint("psid-left-aligned", set.psid_left_aligned().into())
        .uint("psid-len", set.psid_len().into())
        .uint("psid-offset", d.rule.psid_offset().into())
        .uint("ports", set.count().into());
    let ranges = set
        .blocks()
        .map(|(lo, hi)| Value::Array(vec![Value::Uint(lo.into()), Value::Uint(hi.into())]))
        .collect();
    o.set("port-ranges", Value::Array(ranges));
    o.opt_ipv6("ce-addr", Some(Ipv6Addr::from(d.ce_address)))
        .opt_ipv6("br-addr", c.br);
    Ok(o.build())
}

/// `map calc format mapcalc`: the lines OpenWrt's mapcalc prints for the
/// rules and a delegated prefix, and notes about the rules it would skip.
///
/// As mapcalc: a rule is numbered and printed if it is an FMR or maps the
/// prefix (a non-FMR that does not is skipped); RULE_n_PSIDLEN is ea-len
/// minus the IPv4 suffix bits (negative for an IPv4-prefix rule) unless
/// explicit; the IPV6PD, PD6LEN, PD6IFACE and IPV6ADDR lines come with a
/// rule that maps the prefix, IPV4ADDR and ADDR4LEN with a derived
/// address, PORTSETS (blocks, port 0 left out, each followed by a space)
/// with a PSID. Unlike mapcalc, which prints `RULE_BMR=n` after every rule
/// that maps the prefix (the last one counts), it is printed once, after
/// the BMR (the longest match, as the kernel chooses); the values of an
/// IPv4-prefix rule are RFC 7597's; PSID offsets are as given (mapcalc's
/// LEGACY=1 default of 4 does not apply: rules have their offsets).
pub fn calc_mapcalc(c: &Calc) -> (String, Vec<String>) {
    let eup = c.prefix.octets();
    let bmr = select_bmr(&c.rules, &eup, c.prefix_len);
    let mut out = String::new();
    let mut notes = Vec::new();
    let mut n = 0;
    for (i, r) in c.rules.iter().enumerate() {
        let derived = r.derive(&eup, c.prefix_len).ok();
        if derived.is_none() && !r.is_fmr() {
            notes.push(format!(
                "rule {} left out, as mapcalc does: not an FMR, and it does not map {}/{}",
                rule_text(r),
                c.prefix,
                c.prefix_len
            ));
            continue;
        }
        n += 1;
        let psidlen = match r.params().psid_len {
            Some(k) => i32::from(k),
            None => i32::from(r.ea_len()) - i32::from(r.ipv4_suffix_len()),
        };
        let o = &mut out;
        kv(o, n, "FMR", &u8::from(r.is_fmr()));
        kv(o, n, "EALEN", &r.ea_len());
        kv(o, n, "PSIDLEN", &psidlen);
        kv(o, n, "OFFSET", &r.psid_offset());
        kv(o, n, "PREFIX4LEN", &r.ipv4_len());
        kv(o, n, "PREFIX6LEN", &r.ipv6_len());
        kv(o, n, "IPV4PREFIX", &Ipv4Addr::from(r.ipv4_prefix()));
        kv(o, n, "IPV6PREFIX", &Ipv6Addr::from(*r.ipv6_prefix()));
        let (v4, set) = match &derived {
            Some(d) => {
                kv(o, n, "IPV6PD", &Ipv6Addr::from(d.end_user_prefix));
                kv(o, n, "PD6LEN", &d.end_user_prefix_len);
                kv(o, n, "PD6IFACE", &c.link.as_deref().unwrap_or_default());
                kv(o, n, "IPV6ADDR", &Ipv6Addr::from(d.ce_address));
                if bmr == Some(i) {
                    let _ = writeln!(o, "RULE_BMR={n}");
                }
                (Some((d.ipv4, d.ipv4_len)), Some(d.port_set))
            }
            // An FMR alone: as mapcalc, its IPv4 prefix as the address
            // when the EA bits are all PSID bits (a rule of one address),
            // ports with an explicit PSID.
            None => (
                (i32::from(r.ea_len()) == psidlen).then_some((r.ipv4_prefix(), r.ce_ipv4_len())),
                r.explicit_psid()
                    .and_then(|p| PortSet::new(r.psid_offset(), r.psid_len(), p)),
            ),
        };
        if let Some((a, len)) = v4.filter(|&(a, _)| a != [0; 4]) {
            kv(o, n, "IPV4ADDR", &Ipv4Addr::from(a));
            kv(o, n, "ADDR4LEN", &len);
        }
        if let Some(set) = set.filter(|_| psidlen > 0) {
            let ranges: String = set
                .mapcalc_ranges()
                .map(|(lo, hi)| format!("{lo}-{hi} "))
                .collect();
            kv(o, n, "PORTSETS", &format_args!("'{ranges}'"));
        }
        if let Some(br) = c.br {
            kv(o, n, "BR", &br);
        }
    }
    let _ = write!(out, "RULE_COUNT={n}");
    (out, notes)
}

/// One `RULE_n_KEY=VALUE` line.
fn kv(out: &mut String, n: u32, key: &str, value: &dyn std::fmt::Display) {
    let _ = writeln!(out, "RULE_{n}_{key}={value}");
}

fn run_calc(ctx: &Ctx, c: &Calc) -> Result<(), Error> {
    let usage = |e: String| Error::usage(format!("map calc: {e}"));
    if c.mapcalc {
        if ctx.json {
            return Err(usage(
                "format mapcalc prints shell assignments: not with --json".into(),
            ));
        }
        let (out, notes) = calc_mapcalc(c);
        for note in notes {
            eprintln!("cellctl: map calc: {note}");
        }
        return emit(&out);
    }
    if ctx.json {
        return emit(&calc_json(c).map_err(usage)?.to_json());
    }
    emit(&calc_text(c).map_err(usage)?)
}

// ---------------------------------------------------------------------------

fn run(ctx: &Ctx, args: &[String]) -> Result<(), Error> {
    match parse_args(args)? {
        Cmd::Add(a) => run_add(ctx, &a),
        Cmd::Del(req) => run_del(&req),
        Cmd::Show(req) => run_show(ctx, &req),
        Cmd::Set(req) => {
            let dev = DevGetRequest {
                ifindex: req.ifindex,
                ifname: req.ifname.clone(),
            };
            run_change(&OP_DEV_SET, &encode(&req), dev, "set")
        }
        Cmd::StatsReset(req) => ops::change(&req),
        Cmd::RuleAdd(req) => {
            let dev = DevGetRequest {
                ifindex: req.ifindex,
                ifname: req.ifname.clone(),
            };
            run_change(&OP_RULE_ADD, &encode(&req), dev, "rule add")
        }
        Cmd::RuleDel(req) => {
            let dev = DevGetRequest {
                ifindex: req.ifindex,
                ifname: req.ifname.clone(),
            };
            run_change(&OP_RULE_DEL, &encode(&req), dev, "rule del")
        }
        Cmd::RuleShow(dev) => {
            let rules = ops::call(&RuleGetRequest::default(), true)?;
            ops::print_all(ctx, &rules_of(rules, &dev))
        }
        Cmd::Calc(c) => run_calc(ctx, &c),
        Cmd::Monitor { count } => ops::monitor::<Notification>(ctx, count),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attr::{put_str, put_u32, put_u64, Attrs};
    use crate::gen::mape::{attrs, cmd};
    use crate::genl::GenlMsg;
    use crate::nl::{encode_msg, parse_msgs};
    use crate::schema::Notify;
    use ::mape::{build_mape, IidFormat::*};

    const V6PLUS_RULES: &str = include_str!("../examples/mape-v6plus.rules");

    fn argv(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    /// Reads the files of the tests: `v6plus.rules`, `good.rules`.
    fn read(path: &str) -> std::io::Result<String> {
        match path {
            "v6plus.rules" => Ok(V6PLUS_RULES.to_string()),
            "good.rules" => Ok("\
# a comment, then a blank line

br 2001:db8:ffff::1   # the BR
rule 2001:db8::/40 192.0.2.0/24 ea-len 16
2001:db8:100::/40 198.51.100.0/24 ea-len 16 psid-offset 4 fmr legacy
"
            .into()),
            _ => Err(std::io::Error::from_raw_os_error(libc::ENOENT)),
        }
    }

    fn parse(s: &str) -> Result<Cmd, Error> {
        parse_args_with(&argv(s), &read)
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

    fn v6(s: &str) -> Ipv6Addr {
        s.parse().unwrap()
    }

    fn v4(s: &str) -> Ipv4Addr {
        s.parse().unwrap()
    }

    /// A rule from its words, checked by lib/mape.
    fn rule(p6: &str, p4: &str, ea_len: u8, offset: u8, fmr: bool, iid: IidFormat) -> Rule {
        let (a6, n) = p6.split_once('/').unwrap();
        let (a4, r) = p4.split_once('/').unwrap();
        Rule::new(RuleParams {
            psid_offset: offset,
            fmr,
            iid,
            ..RuleParams::new(
                v6(a6).octets(),
                n.parse().unwrap(),
                v4(a4).octets(),
                r.parse().unwrap(),
                ea_len,
            )
        })
        .unwrap()
    }

    /// RFC 7597 Appendix A, example 1: the BMR.
    fn rfc_rule() -> Rule {
        rule("2001:db8::/40", "192.0.2.0/24", 16, 6, false, Rfc7597)
    }

    fn v6plus_first() -> Rule {
        rule("240b:10::/32", "106.72.0.0/16", 24, 4, true, Draft03)
    }

    const RFC_ADD: &str = "add eth0 br 2001:db8:ffff::1 prefix 2001:db8:12:3400::/56 \
                           rule 2001:db8::/40 192.0.2.0/24 ea-len 16";

    fn add_of(s: &str) -> Add {
        match parse(s) {
            Ok(Cmd::Add(a)) => a,
            other => panic!("{s}: {other:?}"),
        }
    }

    fn calc_of(s: &str) -> Calc {
        match parse(s) {
            Ok(Cmd::Calc(c)) => c,
            other => panic!("{s}: {other:?}"),
        }
    }

    use crate::schema::test_util::{decode, encode};

    fn u32_attr(ty: u16, v: u32) -> (u16, Vec<u8>) {
        (ty, v.to_ne_bytes().to_vec())
    }

    #[test]
    fn parse_add_explicit_rule() {
        let a = add_of(RFC_ADD);
        assert_eq!(
            a.req,
            DevNewRequest {
                link_name: Some("eth0".into()),
                br_addr: Some(v6("2001:db8:ffff::1")),
                end_user_prefix: Some(v6("2001:db8:12:3400::")),
                end_user_prefix_len: Some(56),
                ..Default::default()
            }
        );
        assert_eq!(a.rules, vec![rfc_rule()]);
        assert!(a.default_route);
        assert_eq!(
            a.expect,
            Some((v4("192.0.2.18"), v6("2001:db8:12:3400:0:c000:212:34")))
        );
        // Everything, in another order; the spec's names as keywords.
        let a = add_of(
            "add 3 rule 2001:db8::/40 192.0.2.0/24 ea-len 0x10 psid-offset 6 fmr legacy \
             no-default-route name map0 encap-limit 4 mode ce prefix 2001:db8:12:3400::/56 \
             br-addr 2001:db8:ffff::1",
        );
        assert_eq!(
            a.req,
            DevNewRequest {
                ifname: Some("map0".into()),
                link_ifindex: Some(3),
                mode: Some(enums::mode::CE),
                br_addr: Some(v6("2001:db8:ffff::1")),
                end_user_prefix: Some(v6("2001:db8:12:3400::")),
                end_user_prefix_len: Some(56),
                encap_limit: Some(4),
                ..Default::default()
            }
        );
        assert_eq!(a.rules, vec![rfc_rule().with_fmr(true).with_iid(Draft03)]);
        assert!(!a.default_route);
        // The legacy IID: 00 | c0 00 02 12 | 00 34 | 00.
        assert_eq!(
            a.expect,
            Some((v4("192.0.2.18"), v6("2001:db8:12:3400:c0:2:1200:3400")))
        );
        assert_eq!(
            add_of(&format!("{RFC_ADD} encap-limit none"))
                .req
                .encap_limit,
            None
        );
    }

    #[test]
    fn parse_add_iid_default_and_several_rules() {
        let a = add_of(&format!(
            "{RFC_ADD} iid legacy rule 2001:db8:100::/40 198.51.100.0/24 ea-len 16 rfc \
             rule 2001:db8:200::/40 203.0.113.0/24 ea-len 16 psid-offset 4"
        ));
        assert_eq!(
            a.rules,
            vec![
                rfc_rule().with_iid(Draft03),
                rule(
                    "2001:db8:100::/40",
                    "198.51.100.0/24",
                    16,
                    6,
                    false,
                    Rfc7597
                ),
                rule("2001:db8:200::/40", "203.0.113.0/24", 16, 4, false, Draft03),
            ],
            "iid applies to rules that name no format, wherever it is"
        );
        // The BMR is the longest match, whatever the order.
        let a = add_of(
            "add eth0 br ::1 prefix 2001:db8:12:3400::/56 \
             rule 2001:db8::/32 198.51.100.0/24 ea-len 8 \
             rule 2001:db8::/40 192.0.2.0/24 ea-len 16",
        );
        assert_eq!(a.expect.unwrap().0, v4("192.0.2.18"));
        assert_eq!(
            usage_err(&format!("{RFC_ADD} iid legacy iid rfc")),
            "map add: iid given twice"
        );
        assert_eq!(
            usage_err(&format!("{RFC_ADD} iid draft04")),
            "map add: iid must be legacy or rfc, not 'draft04'"
        );
    }

    #[test]
    fn parse_add_errors() {
        assert_eq!(usage_err("add"), "map add: missing LINK");
        assert_eq!(
            usage_err("add eth0 br ::1 prefix 2001:db8:12:3400::/56"),
            "map add: missing rules (give rule ..., dhcp HEX, mapcalc STR or rules FILE)"
        );
        assert_eq!(
            usage_err(
                "add eth0 prefix 2001:db8:12:3400::/56 rule 2001:db8::/40 192.0.2.0/24 ea-len 16"
            ),
            "map add: missing br BRADDR (or one from dhcp, mapcalc \
             or a rules file's 'br' line)"
        );
        assert_eq!(
            usage_err("add eth0 br ::1 rule 2001:db8::/40 192.0.2.0/24 ea-len 16"),
            "map add: missing prefix EUPREFIX/LEN (the delegated prefix the rules map)"
        );
        assert_eq!(
            usage_err(
                "add eth0 br ::1 prefix 2001:db9:12:3400::/56 \
                 rule 2001:db8::/40 192.0.2.0/24 ea-len 16"
            ),
            "map add: no rule maps prefix 2001:db9:12:3400::/56 (a rule's IPv6 prefix \
             must cover it, with room for its ea-len bits)"
        );
        // Shorter than n + o: no BMR either.
        usage_err(
            "add eth0 br ::1 prefix 2001:db8:12::/48 rule 2001:db8::/40 192.0.2.0/24 ea-len 16",
        );
        assert_eq!(
            usage_err(&format!("{RFC_ADD} prefix 2001:db8:12:3401::/56")),
            "map add: '2001:db8:12:3401::/56' has bits set past its length \
             (the prefix is 2001:db8:12:3400::/56)"
        );
        assert_eq!(
            usage_err("add eth0 prefix 2001:db8::/0"),
            "map add: invalid prefix length '0' in '2001:db8::/0' (1..128)"
        );
        assert_eq!(
            usage_err("add eth0 prefix 192.0.2.0/24"),
            "map add: invalid prefix '192.0.2.0/24' (IPV6PREFIX/LEN expected)"
        );
        assert_eq!(
            usage_err("add eth0 prefix 2001:db8::"),
            "map add: invalid prefix '2001:db8::' (IPV6PREFIX/LEN expected)"
        );
        assert_eq!(
            usage_err("add eth0 br 192.0.2.1"),
            "map add: invalid br '192.0.2.1' (an IPv6 address)"
        );
        assert_eq!(
            usage_err("add eth0 mode ap"),
            "map add: mode must be ce or br, not 'ap'"
        );
        assert_eq!(
            usage_err("add eth0 encap-limit 256"),
            "map add: invalid encap-limit '256' (0..255, decimal or 0x hex)"
        );
        assert_eq!(
            usage_err(&format!("{RFC_ADD} mode br")),
            "map add: prefix is for CE mode"
        );
        assert_eq!(
            usage_err(&format!(
                "{RFC_ADD} rule 2001:db8::/40 198.51.100.0/24 ea-len 16"
            )),
            "map add: two rules for 2001:db8::/40"
        );
        usage_err("add eth0 name abcdefghijklmnop");
        usage_err("add eth0 name a/b");
        usage_err("add eth0 name");
        usage_err("add eth0 name a name b");
        usage_err("add eth0 br ::1 br ::2");
        usage_err("add eth0 prefix");
        usage_err("add eth0 rule");
        usage_err("add eth0 dhcp");
        usage_err("add eth0 rules");
        usage_err("add 0 br ::1");
        usage_err("add a/b br ::1");
        assert_eq!(
            usage_err(&format!("{RFC_ADD} frob")),
            "map add: unexpected 'frob'"
        );
        // A BR device: no prefix, no addresses.
        let a = add_of(
            "add eth0 mode br br 2001:db8:ffff::1 rule 2001:db8::/40 192.0.2.0/24 ea-len 16",
        );
        assert_eq!((a.req.mode, a.expect), (Some(enums::mode::BR), None));
    }

    #[test]
    fn rule_words() {
        let rules = |s: &str| add_of(&format!("add eth0 br ::1 {s}")).rules;
        // An explicit PSID for a rule whose EA bits hold none (RFC 7598
        // §4.5): 2001:db8:12:3400::/56 <-> 192.0.2.18/32, PSID 0x34 of 8
        // bits.
        let want = Rule::new(RuleParams {
            psid_len: Some(8),
            psid: Some(0x34),
            ..RuleParams::new(
                v6("2001:db8:12:3400::").octets(),
                56,
                [192, 0, 2, 18],
                32,
                0,
            )
        })
        .unwrap();
        assert_eq!(
            rules(
                "prefix 2001:db8:12:3400::/56 \
                 rule 2001:db8:12:3400::/56 192.0.2.18/32 ea-len 0 psid-len 8 psid 0x34"
            ),
            vec![want]
        );
        assert_eq!(
            rule_text(&want),
            "2001:db8:12:3400::/56 192.0.2.18/32 ea-len 0 psid-offset 6 psid-len 8 psid 0x34 rfc"
        );
        let add = "add eth0 br ::1 prefix 2001:db8:12:3400::/56 rule";
        for (words, err) in [
            (
                "2001:db8::/40 192.0.2.0/24 ea-len 16 psid-len 8",
                "rule 2001:db8::/40 192.0.2.0/24: psid-len and psid go together: give both or neither",
            ),
            (
                "2001:db8::/40 192.0.2.0/24 ea-len 16 psid-len 4 psid 1",
                "rule 2001:db8::/40 192.0.2.0/24: psid-len contradicts ea-len (give it only \
                 when ea-len is 32 minus the IPv4 prefix length)",
            ),
            (
                "2001:db8::/120 192.0.2.0/24 ea-len 16",
                "rule 2001:db8::/120 192.0.2.0/24: the ea-len bits do not fit after the IPv6 \
                 prefix (over 128 bits)",
            ),
            (
                "2001:db8::/40 192.0.2.0/24 ea-len 25",
                "rule 2001:db8::/40 192.0.2.0/24: the PSID (ea-len minus the IPv4 suffix bits) \
                 is longer than 16 bits",
            ),
            (
                "2001:db8::/40 192.0.2.0/24 ea-len 16 psid-offset 10",
                "rule 2001:db8::/40 192.0.2.0/24: psid-offset plus the PSID length is over 16",
            ),
            (
                "2001:db8:12:3400::/56 192.0.2.18/32 ea-len 0 psid-len 4 psid 16",
                "rule 2001:db8:12:3400::/56 192.0.2.18/32: psid does not fit in psid-len bits",
            ),
            (
                "2001:db8::/40 192.0.2.0/24",
                "rule 2001:db8::/40 192.0.2.0/24: missing ea-len O",
            ),
            ("", "rule: missing IPV6PREFIX/LEN"),
            ("2001:db8::/40", "rule 2001:db8::/40: missing IPV4PREFIX/LEN"),
            (
                "2001:db8::/40 192.0.2.0/33 ea-len 16",
                "invalid prefix length '33' in '192.0.2.0/33' (0..32)",
            ),
            (
                "2001:db8::/40 192.0.2.0 ea-len 16",
                "invalid rule IPv4 prefix '192.0.2.0' (IPV4PREFIX/LEN expected)",
            ),
            (
                "2001:db8::1/40 192.0.2.0/24 ea-len 16",
                "'2001:db8::1/40' has bits set past its length (the prefix is 2001:db8::/40)",
            ),
            (
                "2001:db8::/40 192.0.2.1/24 ea-len 16",
                "'192.0.2.1/24' has bits set past its length (the prefix is 192.0.2.0/24)",
            ),
            (
                "192.0.2.0/24 2001:db8::/40 ea-len 16",
                "invalid rule IPv6 prefix '192.0.2.0/24' (IPV6PREFIX/LEN expected)",
            ),
            (
                "2001:db8::/40 192.0.2.0/24 ea-len 49",
                "invalid ea-len '49' (0..48, decimal or 0x hex)",
            ),
            (
                "2001:db8::/40 192.0.2.0/24 ea-len 16 psid-offset 17",
                "invalid psid-offset '17' (0..16, decimal or 0x hex)",
            ),
            (
                "2001:db8::/40 192.0.2.0/24 ea-len 16 fmr fmr",
                "fmr given twice",
            ),
            (
                "2001:db8::/40 192.0.2.0/24 ea-len 16 legacy rfc",
                "legacy or rfc given twice",
            ),
            (
                "2001:db8::/40 192.0.2.0/24 ea-len 16 ea-len 16",
                "ea-len given twice",
            ),
            ("2001:db8::/40 192.0.2.0/24 ea-len", "'ea-len' needs a value"),
        ] {
            assert_eq!(usage_err(&format!("{add} {words}")), format!("map add: {err}"));
        }
        // After a rule, what is not a rule word is the command's again.
        assert_eq!(
            add_of(&format!(
                "{add} 2001:db8::/40 192.0.2.0/24 ea-len 16 name map9"
            ))
            .req
            .ifname
            .as_deref(),
            Some("map9")
        );
    }

    #[test]
    fn rules_files() {
        let a = add_of("add eth0 prefix 2001:db8:12:3400::/56 rules good.rules");
        assert_eq!(a.req.br_addr, Some(v6("2001:db8:ffff::1")), "the file's BR");
        assert_eq!(
            a.rules,
            vec![
                rfc_rule(),
                rule("2001:db8:100::/40", "198.51.100.0/24", 16, 4, true, Draft03),
            ]
        );
        // The command line's br wins; iid applies to the file's rules that
        // name none; files and rules mix, in order.
        let a = add_of(
            "add eth0 br ::1 iid legacy prefix 2001:db8:12:3400::/56 \
             rule 2001:db8:200::/40 203.0.113.0/24 ea-len 16 rules good.rules",
        );
        assert_eq!(a.req.br_addr, Some(v6("::1")));
        assert_eq!(a.rules.len(), 3);
        assert_eq!(a.rules[1], rfc_rule().with_iid(Draft03));
        assert_eq!(a.rules[2].iid(), Draft03);
        match parse("add eth0 prefix 2001:db8:12:3400::/56 rules missing.rules") {
            Err(e @ Error::Sys { .. }) => {
                assert_eq!(e.exit_code(), 1);
                assert_eq!(
                    e.to_string(),
                    "map add: reading rules file missing.rules: No such file or directory (errno 2)"
                );
            }
            other => panic!("{other:?}"),
        }
        // Errors name the file and the line.
        let bad = |text: &str| parse_rules_file(text, "f.rules").unwrap_err();
        assert_eq!(
            bad("br ::1\n\n2001:db8::/40 192.0.2.0/24 ea-len 99\n"),
            "f.rules:3: invalid ea-len '99' (0..48, decimal or 0x hex)"
        );
        assert_eq!(bad("# x\nbr ::1\nbr ::2"), "f.rules:3: br given twice");
        assert_eq!(bad("br"), "f.rules:1: 'br' needs an address");
        assert_eq!(
            bad("br 192.0.2.1"),
            "f.rules:1: invalid br '192.0.2.1' (an IPv6 address)"
        );
        assert_eq!(bad("br ::1 ::2"), "f.rules:1: unexpected '::2'");
        assert_eq!(
            bad("\n2001:db8::/40 192.0.2.0/24 ea-len 16 name x"),
            "f.rules:2: unexpected 'name'"
        );
        assert_eq!(
            bad("prefix 2001:db8::/56"),
            "f.rules:1: expected a rule (IPV6PREFIX/LEN IPV4PREFIX/LEN ea-len O ...) \
             or 'br BRADDR', not 'prefix'"
        );
        assert_eq!(
            bad("rule 2001:db8::/40 192.0.2.0/24 ea-len 16 psid 1"),
            "f.rules:1: rule 2001:db8::/40 192.0.2.0/24: psid-len and psid go together: \
             give both or neither"
        );
        // Comments and blank lines only: no rules, no BR.
        assert_eq!(
            parse_rules_file("# x\n\n   \n", "f").unwrap(),
            (vec![], None)
        );
        // In a command, an error of the file is a usage error.
        let e = usage_err("calc prefix 2001:db8:12:3400::/56 rules good.rules rules good.rules");
        assert_eq!(e, "map calc: two rules for 2001:db8::/40");
    }

    #[test]
    fn shipped_v6plus_rules() {
        let (given, br) = parse_rules_file(V6PLUS_RULES, "mape-v6plus.rules").unwrap();
        assert_eq!(br, Some(v6("2404:9200:225:100::64")));
        assert_eq!(given.len(), 8);
        let table = [
            ("240b:10::/32", "106.72.0.0/16"),
            ("240b:11::/32", "106.73.0.0/16"),
            ("240b:12::/32", "14.8.0.0/16"),
            ("240b:13::/32", "14.9.0.0/16"),
            ("240b:250::/32", "14.10.0.0/16"),
            ("240b:251::/32", "14.11.0.0/16"),
            ("240b:252::/32", "14.12.0.0/16"),
            ("240b:253::/32", "14.13.0.0/16"),
        ];
        for (g, (p6, p4)) in given.iter().zip(table) {
            assert_eq!(g.iid, Some(Draft03));
            assert_eq!(g.rule, rule(p6, p4, 24, 4, true, Rfc7597), "{p6}");
        }
        assert!(V6PLUS_RULES.contains("NOT AUTHORITATIVE, NOT FROM JPNE"));
    }

    /// RFC 7598 option bytes of `rules` and `brs`, in hex.
    fn dhcp_hex(rules: &[Rule], brs: &[Ipv6Addr], container: bool) -> String {
        let brs: Vec<[u8; 16]> = brs.iter().map(|b| b.octets()).collect();
        let mut buf = [0u8; 1024];
        let n = build_mape(&mut buf, rules, &brs, container).unwrap();
        buf[..n].iter().map(|b| format!("{b:02X}")).collect()
    }

    #[test]
    fn dhcp_option_bytes() {
        let v6plus: Vec<Rule> = V6PLUS_RULES
            .lines()
            .filter(|l| l.starts_with("240b"))
            .map(|l| {
                let (p6, rest) = l.split_once(' ').unwrap();
                let p4 = rest.trim_start().split(' ').next().unwrap();
                rule(p6, p4, 24, 4, true, Rfc7597)
            })
            .collect();
        assert_eq!(v6plus.len(), 8);
        let br = v6("2404:9200:225:100::64");
        for container in [true, false] {
            // The BR comes from S46_BR; legacy from the command line.
            let hex = dhcp_hex(&v6plus, &[br], container);
            let a = add_of(&format!(
                "add wan prefix 240b:10:af:9a00::/56 iid legacy dhcp {hex}"
            ));
            assert_eq!(a.req.br_addr, Some(br));
            let want: Vec<Rule> = v6plus.iter().map(|r| r.with_iid(Draft03)).collect();
            assert_eq!(a.rules, want, "container {container}");
            assert_eq!(a.rules[0], v6plus_first());
            assert_eq!(
                a.expect,
                Some((v4("106.72.0.175"), v6("240b:10:af:9a00:6a:4800:af00:9a00")))
            );
            // Lower case and 0x do too; br given wins over S46_BR.
            let a = add_of(&format!(
                "add wan br ::1 prefix 240b:10:af:9a00::/56 dhcp 0x{}",
                hex.to_lowercase()
            ));
            assert_eq!(a.req.br_addr, Some(v6("::1")));
            assert_eq!(a.rules, v6plus, "RFC 7597 identifiers by default");
        }
        // RFC 7598's example, laid out by hand: S46_RULE (F, ea-len 16,
        // 192.0.2.0/24, 2001:db8::/40), S46_BR, in S46_CONT_MAPE.
        let hand = "005e0025\
                    0059000d01\
                    1018c000020028\
                    20010db800\
                    005a0010\
                    20010db8ffff00000000000000000001";
        let a = add_of(&format!(
            "add eth0 prefix 2001:db8:12:3400::/56 dhcp {hand}"
        ));
        assert_eq!(a.rules, vec![rfc_rule().with_fmr(true)]);
        assert_eq!(a.req.br_addr, Some(v6("2001:db8:ffff::1")));
        let ctx = "add eth0 prefix 2001:db8:12:3400::/56 dhcp";
        for (hex, err) in [
            (
                "0059",
                "invalid dhcp option bytes (2 bytes, at least 4 expected)",
            ),
            (
                "005g0000",
                "invalid dhcp option bytes (hex digits, two per byte, expected)",
            ),
            (
                "0059000d01",
                "dhcp: an option runs past the end of the bytes",
            ),
            ("00590001ff", "dhcp: a malformed S46_RULE (89)"),
            (
                // ea-len 40 after /24: a 32-bit PSID.
                "0059000d012818c000020028\
                 20010db800",
                "dhcp: an S46_RULE (89) refused: the PSID (ea-len minus the IPv4 suffix bits) \
                 is longer than 16 bits",
            ),
            ("005a000420010db8", "dhcp: an S46_BR (90) not 16 bytes long"),
            (
                "005a001020010db8ffff00000000000000000001",
                "dhcp: no S46_RULE (89) in the option bytes",
            ),
        ] {
            assert_eq!(
                usage_err(&format!("{ctx} {hex}")),
                format!("map add: {err}")
            );
        }
    }

    #[test]
    fn mapcalc_rule_strings() {
        // What odhcp6c puts in $MAPE for the RFC 7598 example (no
        // S46_PORTPARAMS: no offset) and for v6plus's first two rules (one
        // BR after each rule, as odhcp6c writes them).
        let a = add_of(
            "add eth0 prefix 2001:db8:12:3400::/56 mapcalc fmr,type=map-e,ealen=16,prefix4len=24,\
             prefix6len=40,ipv4prefix=192.0.2.0,ipv6prefix=2001:db8::,br=2001:db8:ffff::1,",
        );
        assert_eq!(a.rules, vec![rfc_rule().with_fmr(true)]);
        assert_eq!(a.req.br_addr, Some(v6("2001:db8:ffff::1")));
        let mape = "fmr,type=map-e,ealen=24,prefix4len=16,prefix6len=32,ipv4prefix=106.72.0.0,\
                    ipv6prefix=240b:10::,offset=4,psidlen=0,psid=0,br=2404:9200:225:100::64, \
                    fmr,type=map-e,ealen=24,prefix4len=16,prefix6len=32,ipv4prefix=106.73.0.0,\
                    ipv6prefix=240b:11::,offset=4,psidlen=0,psid=0,br=2404:9200:225:100::64,";
        let (given, br) = mapcalc_spec(mape).unwrap();
        assert_eq!(br, Some(v6("2404:9200:225:100::64")));
        assert_eq!(
            given.iter().map(|g| g.rule).collect::<Vec<_>>(),
            [
                rule("240b:10::/32", "106.72.0.0/16", 24, 4, true, Rfc7597),
                rule("240b:11::/32", "106.73.0.0/16", 24, 4, true, Rfc7597),
            ]
        );
        // With iid legacy: v6plus's CE, from $MAPE.
        let a = parse_args_with(
            &[
                "add",
                "wan",
                "prefix",
                "240b:10:af:9a00::/56",
                "iid",
                "legacy",
                "mapcalc",
                mape,
            ]
            .map(String::from),
            &read,
        );
        let Ok(Cmd::Add(a)) = a else { panic!("{a:?}") };
        assert_eq!(
            a.expect,
            Some((v4("106.72.0.175"), v6("240b:10:af:9a00:6a:4800:af00:9a00")))
        );
        // An explicit PSID, left-aligned as mapcalc takes it (0x3400 is
        // PSID 0x34 of 8 bits); bits past the prefix length are ignored,
        // prefix4len defaults to 32.
        let (given, _) = mapcalc_spec(
            "type=map-e,ealen=0,prefix6len=56,ipv4prefix=192.0.2.18,\
             ipv6prefix=2001:db8:12:34ff::,psidlen=8,psid=0x3400",
        )
        .unwrap();
        let p = given[0].rule.params();
        assert_eq!((p.ipv4_len, p.psid_len, p.psid), (32, Some(8), Some(0x34)));
        assert_eq!(Ipv6Addr::from(p.ipv6_prefix), v6("2001:db8:12:3400::"));
        for (s, err) in [
            ("type=map-t,ealen=0", "mapcalc rule 1: type=map-t is not MAP-E"),
            (
                "ealen=16,prefix6len=40,ipv4prefix=192.0.2.0,ipv6prefix=2001:db8::,dmr=64:ff9b::/96",
                "mapcalc rule 1: dmr=64:ff9b::/96 is not MAP-E",
            ),
            (
                "ealen=16,prefix6len=40,ipv4prefix=192.0.2.0,ipv6prefix=2001:db8::,legacy=1",
                "mapcalc rule 1: unknown option 'legacy'",
            ),
            ("ealen=49", "mapcalc rule 1: invalid ealen '49'"),
            ("ipv4prefix=192.0.2", "mapcalc rule 1: invalid ipv4prefix '192.0.2'"),
            (
                "prefix6len=40,ipv4prefix=192.0.2.0,ipv6prefix=2001:db8::",
                "mapcalc rule 1: missing ealen",
            ),
            (
                "ealen=16,prefix4len=24,prefix6len=40,ipv6prefix=2001:db8::",
                "mapcalc rule 1: missing ipv4prefix",
            ),
            (
                "ealen=16,prefix4len=24,prefix6len=120,ipv4prefix=192.0.2.0,ipv6prefix=2001:db8::",
                "mapcalc rule 1: the ea-len bits do not fit after the IPv6 prefix (over 128 bits)",
            ),
            (" ", "mapcalc: no rule"),
        ] {
            assert_eq!(mapcalc_spec(s).unwrap_err(), err, "{s}");
        }
        assert_eq!(
            usage_err("add eth0 prefix 2001:db8:12:3400::/56 mapcalc ealen=x"),
            "map add: mapcalc rule 1: invalid ealen 'x'"
        );
    }

    #[test]
    fn parse_other_verbs() {
        let named = |n: &str| DevGetRequest {
            ifindex: None,
            ifname: Some(n.into()),
        };
        assert_eq!(parse("del map0").unwrap(), Cmd::Del(named("map0")));
        assert_eq!(
            parse("del 7").unwrap(),
            Cmd::Del(DevGetRequest {
                ifindex: Some(7),
                ifname: None
            })
        );
        assert_eq!(usage_err("del"), "map del: missing DEV");
        usage_err("del map0 now");
        assert_eq!(parse("show").unwrap(), Cmd::Show(Default::default()));
        assert_eq!(parse("show map0").unwrap(), Cmd::Show(named("map0")));
        usage_err("show a b");
        assert_eq!(
            parse("set map0 prefix 2001:db8:12:3500::/56 br ::2 encap-limit 0").unwrap(),
            Cmd::Set(DevSetRequest {
                ifname: Some("map0".into()),
                br_addr: Some(v6("::2")),
                end_user_prefix: Some(v6("2001:db8:12:3500::")),
                end_user_prefix_len: Some(56),
                encap_limit: Some(0),
                ..Default::default()
            })
        );
        assert_eq!(
            usage_err("set map0"),
            "map set: nothing to set (give br, prefix or encap-limit)"
        );
        usage_err("set");
        usage_err("set map0 prefix 2001:db8:12:3500::1/56");
        usage_err("set map0 prefix 2001:db8:12:3500::/56 prefix 2001:db8:12:3600::/56");
        usage_err("set map0 encap-limit none");
        usage_err("set map0 mode br");
        assert_eq!(
            parse("stats reset map0").unwrap(),
            Cmd::StatsReset(StatsResetRequest {
                ifindex: None,
                ifname: Some("map0".into())
            })
        );
        assert_eq!(usage_err("stats"), "map stats: missing verb (reset)");
        assert_eq!(usage_err("stats reset"), "map stats reset: missing DEV");
        assert_eq!(
            usage_err("stats clear map0"),
            "map stats: unknown verb 'clear' (reset)"
        );
        assert_eq!(
            parse("rule show").unwrap(),
            Cmd::RuleShow(Default::default())
        );
        assert_eq!(
            parse("rule show 5").unwrap(),
            Cmd::RuleShow(DevGetRequest {
                ifindex: Some(5),
                ifname: None
            })
        );
        // rule-get dumps every device's: the device's are picked.
        let of = |ifindex: u32, ifname: &str| RuleReply {
            ifindex: Some(ifindex),
            ifname: Some(ifname.into()),
            ..Default::default()
        };
        let all = vec![of(5, "map0"), of(6, "map1"), of(5, "map0")];
        assert_eq!(
            rules_of(all.clone(), &named("map0")),
            [of(5, "map0"), of(5, "map0")]
        );
        let by_index = DevGetRequest {
            ifindex: Some(6),
            ifname: None,
        };
        assert_eq!(rules_of(all.clone(), &by_index), [of(6, "map1")]);
        assert_eq!(rules_of(all.clone(), &Default::default()), all);
        assert!(rules_of(all, &named("map2")).is_empty());
        assert!(encode(&RuleGetRequest::default()).is_empty());
        assert_eq!(
            parse("rule del map0 2001:db8::/40").unwrap(),
            Cmd::RuleDel(RuleDelRequest {
                ifindex: None,
                ifname: Some("map0".into()),
                ipv6_prefix: Some(v6("2001:db8::")),
                ipv6_prefix_len: Some(40),
            })
        );
        usage_err("rule del map0");
        usage_err("rule del map0 2001:db8::1/40");
        usage_err("rule del map0 2001:db8::/40 192.0.2.0/24");
        assert_eq!(
            usage_err("rule add map0 2001:db8::/40 192.0.2.0/24 ea-len 16 name x"),
            "map rule add: unexpected 'name'"
        );
        assert_eq!(
            usage_err("rule list"),
            "map rule: unknown verb 'list' (add, del or show)"
        );
        assert_eq!(parse("monitor").unwrap(), Cmd::Monitor { count: None });
        assert_eq!(
            parse("monitor --count 2").unwrap(),
            Cmd::Monitor { count: Some(2) }
        );
        usage_err("monitor x");
        assert_eq!(usage_err(""), "map: missing verb");
        assert_eq!(usage_err("frob"), "map: unknown verb 'frob'");
    }

    #[test]
    fn dev_new_request_on_the_wire() {
        use attrs::dev as d;
        let a = add_of(&format!("{RFC_ADD} name map0 encap-limit 4"));
        assert_eq!(
            decode(&encode(&a.req)),
            vec![
                (d::IFNAME, b"map0\0".to_vec()),
                (d::LINK_NAME, b"eth0\0".to_vec()),
                (d::BR_ADDR, v6("2001:db8:ffff::1").octets().to_vec()),
                (
                    d::END_USER_PREFIX,
                    v6("2001:db8:12:3400::").octets().to_vec()
                ),
                u32_attr(d::END_USER_PREFIX_LEN, 56),
                u32_attr(d::ENCAP_LIMIT, 4),
            ]
        );
        let a =
            add_of("add 2 mode br br 2001:db8:ffff::1 rule 2001:db8::/40 192.0.2.0/24 ea-len 16");
        assert_eq!(
            decode(&encode(&a.req)),
            vec![
                u32_attr(d::LINK_IFINDEX, 2),
                u32_attr(d::MODE, enums::mode::BR),
                (d::BR_ADDR, v6("2001:db8:ffff::1").octets().to_vec()),
            ]
        );
    }

    #[test]
    fn rule_add_request_on_the_wire() {
        use attrs::rule as r;
        let mut req = RuleAddRequest {
            ifindex: Some(9),
            ..Default::default()
        };
        fill_rule(&mut req, &rfc_rule());
        assert_eq!(
            decode(&encode(&req)),
            vec![
                u32_attr(r::IFINDEX, 9),
                (r::IPV6_PREFIX, v6("2001:db8::").octets().to_vec()),
                u32_attr(r::IPV6_PREFIX_LEN, 40),
                (r::IPV4_PREFIX, vec![192, 0, 2, 0]),
                u32_attr(r::IPV4_PREFIX_LEN, 24),
                u32_attr(r::EA_LEN, 16),
                u32_attr(r::PSID_OFFSET, 6),
                u32_attr(r::IID_FORMAT, enums::iid_format::RFC7597),
            ]
        );
        // v6plus: offset 4, FMR, legacy; `rule add` parses the same words.
        let Cmd::RuleAdd(req) =
            parse("rule add map0 240b:10::/32 106.72.0.0/16 ea-len 24 psid-offset 4 fmr legacy")
                .unwrap()
        else {
            panic!()
        };
        assert_eq!(
            decode(&encode(&req)),
            vec![
                (r::IFNAME, b"map0\0".to_vec()),
                (r::IPV6_PREFIX, v6("240b:10::").octets().to_vec()),
                u32_attr(r::IPV6_PREFIX_LEN, 32),
                (r::IPV4_PREFIX, vec![106, 72, 0, 0]),
                u32_attr(r::IPV4_PREFIX_LEN, 16),
                u32_attr(r::EA_LEN, 24),
                u32_attr(r::PSID_OFFSET, 4),
                u32_attr(r::FMR, 1),
                u32_attr(r::IID_FORMAT, enums::iid_format::DRAFT03),
            ]
        );
        // An explicit PSID.
        let Cmd::RuleAdd(req) =
            parse("rule add 3 2001:db8:12:3400::/56 192.0.2.18/32 ea-len 0 psid-len 8 psid 52")
                .unwrap()
        else {
            panic!()
        };
        let got = decode(&encode(&req));
        assert!(got.contains(&u32_attr(r::PSID_LEN, 8)), "{got:?}");
        assert!(got.contains(&u32_attr(r::PSID, 0x34)), "{got:?}");
        assert!(got.contains(&u32_attr(r::EA_LEN, 0)), "{got:?}");
        // rule del: the device and the prefix.
        let Cmd::RuleDel(req) = parse("rule del 3 240b:10::/32").unwrap() else {
            panic!()
        };
        assert_eq!(
            decode(&encode(&req)),
            vec![
                u32_attr(r::IFINDEX, 3),
                (r::IPV6_PREFIX, v6("240b:10::").octets().to_vec()),
                u32_attr(r::IPV6_PREFIX_LEN, 32),
            ]
        );
    }

    /// The RFC example's 63 port blocks: A·1024 + 0x34·4, 4 ports each.
    fn rfc_blocks() -> Vec<(u32, u32)> {
        (1..64u32)
            .map(|a| (a * 1024 + 0x34 * 4, a * 1024 + 0x34 * 4 + 3))
            .collect()
    }

    /// v6plus's 15 port blocks for PSID 0x9a: A·4096 + 0x9a·16, 16 ports.
    fn v6plus_blocks() -> Vec<(u32, u32)> {
        (1..16u32)
            .map(|a| (a * 4096 + 0x9a * 16, a * 4096 + 0x9a * 16 + 15))
            .collect()
    }

    fn portsets(blocks: &[(u32, u32)]) -> String {
        blocks.iter().map(|(a, b)| format!("{a}-{b} ")).collect()
    }

    const RFC_CALC: &str = "calc prefix 2001:db8:12:3400::/56 \
                            rule 2001:db8::/40 192.0.2.0/24 ea-len 16 psid-offset 6";

    #[test]
    fn calc_rfc7597_example1_mapcalc() {
        let c = calc_of(&format!(
            "{RFC_CALC} format mapcalc br 2001:db8:ffff::1 link wan"
        ));
        let (out, notes) = calc_mapcalc(&c);
        assert!(notes.is_empty());
        assert_eq!(
            out,
            format!(
                "RULE_1_FMR=0\n\
                 RULE_1_EALEN=16\n\
                 RULE_1_PSIDLEN=8\n\
                 RULE_1_OFFSET=6\n\
                 RULE_1_PREFIX4LEN=24\n\
                 RULE_1_PREFIX6LEN=40\n\
                 RULE_1_IPV4PREFIX=192.0.2.0\n\
                 RULE_1_IPV6PREFIX=2001:db8::\n\
                 RULE_1_IPV6PD=2001:db8:12:3400::\n\
                 RULE_1_PD6LEN=56\n\
                 RULE_1_PD6IFACE=wan\n\
                 RULE_1_IPV6ADDR=2001:db8:12:3400:0:c000:212:34\n\
                 RULE_BMR=1\n\
                 RULE_1_IPV4ADDR=192.0.2.18\n\
                 RULE_1_ADDR4LEN=32\n\
                 RULE_1_PORTSETS='{}'\n\
                 RULE_1_BR=2001:db8:ffff::1\n\
                 RULE_COUNT=1",
                portsets(&rfc_blocks())
            )
        );
        assert!(out.contains("RULE_1_PORTSETS='1232-1235 2256-2259 "));
        assert!(out.contains(" 63696-63699 64720-64723 '\n"));
    }

    #[test]
    fn calc_rfc7597_example1_text_and_json() {
        let c = calc_of(RFC_CALC);
        assert!(!c.mapcalc);
        let text = calc_text(&c).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[..5],
            [
                "rule 2001:db8::/40 192.0.2.0/24 ea-len 16 psid-offset 6 rfc (bmr)",
                "end-user-prefix 2001:db8:12:3400::/56",
                "ipv4-addr 192.0.2.18",
                "psid 52 (0x34) left-aligned 0x3400 psid-len 8 psid-offset 6",
                "ports 252 in 63 blocks of 4:",
            ]
        );
        let listed: Vec<String> = lines[5..13]
            .iter()
            .flat_map(|l| l.split_whitespace().map(String::from))
            .collect();
        let want: Vec<String> = rfc_blocks()
            .iter()
            .map(|(a, b)| format!("{a}-{b}"))
            .collect();
        assert_eq!(listed, want);
        assert_eq!(
            lines[5],
            "  1232-1235 2256-2259 3280-3283 4304-4307 5328-5331 6352-6355 7376-7379 8400-8403"
        );
        assert_eq!(lines[13..], ["ce-addr 2001:db8:12:3400:0:c000:212:34"]);
        let json = calc_json(&c).unwrap().to_json();
        assert!(json.starts_with(
            r#"{"end-user-prefix":"2001:db8:12:3400::","end-user-prefix-len":56,"rules":[{"ipv6-prefix":"2001:db8::","ipv6-prefix-len":40,"ipv4-prefix":"192.0.2.0","ipv4-prefix-len":24,"ea-len":16,"psid-offset":6,"psid-len":8,"fmr":0,"iid-format":"rfc7597","bmr":1}],"ipv4-addr":"192.0.2.18","ipv4-addr-len":32,"psid":52,"psid-left-aligned":13312,"psid-len":8,"psid-offset":6,"ports":252,"port-ranges":[[1232,1235],[2256,2259],"#
        ));
        assert!(json.ends_with(r#"[64720,64723]],"ce-addr":"2001:db8:12:3400:0:c000:212:34"}"#));
        assert_eq!(json.matches("],[").count(), 62);
        // No BMR: a usage error (text and JSON); mapcalc prints what it can.
        let c =
            calc_of("calc prefix 2001:db9:12:3400::/56 rule 2001:db8::/40 192.0.2.0/24 ea-len 16");
        assert!(calc_text(&c)
            .unwrap_err()
            .starts_with("no rule maps prefix"));
        assert!(calc_json(&c).is_err());
        let (out, notes) = calc_mapcalc(&c);
        assert_eq!(out, "RULE_COUNT=0");
        assert_eq!(
            notes,
            [
                "rule 2001:db8::/40 192.0.2.0/24 ea-len 16 psid-offset 6 rfc left out, as mapcalc \
              does: not an FMR, and it does not map 2001:db9:12:3400::/56"
            ]
        );
    }

    #[test]
    fn calc_v6plus_legacy() {
        let c =
            calc_of("calc prefix 240b:10:af:9a00::/56 rules v6plus.rules format mapcalc link wan");
        assert_eq!(c.br, Some(v6("2404:9200:225:100::64")), "the file's BR");
        assert_eq!(c.rules[0], v6plus_first());
        let (out, notes) = calc_mapcalc(&c);
        assert!(notes.is_empty(), "FMRs are never left out");
        let first = format!(
            "RULE_1_FMR=1\n\
             RULE_1_EALEN=24\n\
             RULE_1_PSIDLEN=8\n\
             RULE_1_OFFSET=4\n\
             RULE_1_PREFIX4LEN=16\n\
             RULE_1_PREFIX6LEN=32\n\
             RULE_1_IPV4PREFIX=106.72.0.0\n\
             RULE_1_IPV6PREFIX=240b:10::\n\
             RULE_1_IPV6PD=240b:10:af:9a00::\n\
             RULE_1_PD6LEN=56\n\
             RULE_1_PD6IFACE=wan\n\
             RULE_1_IPV6ADDR=240b:10:af:9a00:6a:4800:af00:9a00\n\
             RULE_BMR=1\n\
             RULE_1_IPV4ADDR=106.72.0.175\n\
             RULE_1_ADDR4LEN=32\n\
             RULE_1_PORTSETS='{}'\n\
             RULE_1_BR=2404:9200:225:100::64\n",
            portsets(&v6plus_blocks())
        );
        assert!(out.starts_with(&first), "{out}");
        assert!(out.contains("RULE_1_PORTSETS='6560-6575 10656-10671 "));
        // The other FMRs: their parameters only (no PD, no PSID).
        let second = "RULE_2_FMR=1\n\
                      RULE_2_EALEN=24\n\
                      RULE_2_PSIDLEN=8\n\
                      RULE_2_OFFSET=4\n\
                      RULE_2_PREFIX4LEN=16\n\
                      RULE_2_PREFIX6LEN=32\n\
                      RULE_2_IPV4PREFIX=106.73.0.0\n\
                      RULE_2_IPV6PREFIX=240b:11::\n\
                      RULE_2_BR=2404:9200:225:100::64\n";
        assert_eq!(&out[first.len()..first.len() + second.len()], second);
        assert!(out.ends_with(
            "RULE_8_IPV6PREFIX=240b:253::\nRULE_8_BR=2404:9200:225:100::64\nRULE_COUNT=8"
        ));
        assert_eq!(out.matches("RULE_BMR=").count(), 1);
        assert_eq!(out.matches("PORTSETS").count(), 1);

        // The text: the legacy CE address, 240 ports in 15 blocks of 16.
        let c = calc_of("calc prefix 240b:10:af:9a00::/56 rules v6plus.rules");
        let text = calc_text(&c).unwrap();
        assert!(text.starts_with(
            "rule 240b:10::/32 106.72.0.0/16 ea-len 24 psid-offset 4 fmr legacy (bmr)\n\
             rule 240b:11::/32 106.73.0.0/16 ea-len 24 psid-offset 4 fmr legacy\n"
        ));
        let tail: Vec<&str> = text.lines().skip(8).collect();
        assert_eq!(
            tail,
            [
                "end-user-prefix 240b:10:af:9a00::/56",
                "ipv4-addr 106.72.0.175",
                "psid 154 (0x9a) left-aligned 0x9a00 psid-len 8 psid-offset 4",
                "ports 240 in 15 blocks of 16:",
                "  6560-6575 10656-10671 14752-14767 18848-18863 22944-22959 27040-27055 \
                 31136-31151 35232-35247",
                "  39328-39343 43424-43439 47520-47535 51616-51631 55712-55727 59808-59823 \
                 63904-63919",
                "ce-addr 240b:10:af:9a00:6a:4800:af00:9a00",
                "br-addr 2404:9200:225:100::64",
            ]
        );
        // Another rule of the table is the BMR of its prefixes: 14.10.1.2
        // is 240b:250:102:a300::/56 (EA 01 02 a3; legacy IID 00 | 0e 0a 01
        // 02 | 00 a3 | 00).
        let c = calc_of("calc prefix 240b:250:102:a300::/56 rules v6plus.rules");
        let text = calc_text(&c).unwrap();
        assert!(text.contains(
            "rule 240b:250::/32 14.10.0.0/16 ea-len 24 psid-offset 4 fmr legacy (bmr)\n"
        ));
        assert!(text.contains("\nipv4-addr 14.10.1.2\npsid 163 (0xa3) left-aligned 0xa300 "));
        assert!(text.contains("\nce-addr 240b:250:102:a300:e:a01:200:a300\n"));
        // The RFC identifiers instead, had the rules said rfc: 0 | IPv4 | PSID.
        let c = calc_of(
            "calc prefix 240b:10:af:9a00::/56 \
             rule 240b:10::/32 106.72.0.0/16 ea-len 24 psid-offset 4 fmr",
        );
        assert!(calc_text(&c)
            .unwrap()
            .ends_with("\nce-addr 240b:10:af:9a00:0:6a48:af:9a"));
    }

    #[test]
    fn calc_mapcalc_edges() {
        // An IPv4-prefix rule (o < p): mapcalc's negative PSIDLEN, the
        // prefix and its length; no port sets.
        let c = calc_of(
            "calc format mapcalc prefix 2001:db8:12:3400::/56 \
             rule 2001:db8:12::/48 192.0.2.0/24 ea-len 4",
        );
        let (out, _) = calc_mapcalc(&c);
        assert!(out.contains("RULE_1_PSIDLEN=-4\n"), "{out}");
        // EA bits 0x3 (the top of 0x34): 192.0.2.48/28.
        assert!(
            out.contains("RULE_1_IPV4ADDR=192.0.2.48\nRULE_1_ADDR4LEN=28\n"),
            "{out}"
        );
        assert!(!out.contains("PORTSETS"));
        // psid-offset 0: the one block of PSID 0 starts at port 1, as in
        // mapcalc.
        let c = calc_of(
            "calc format mapcalc prefix 2001:db8:12:3400::/56 \
             rule 2001:db8::/40 192.0.2.0/24 ea-len 16 psid-offset 0",
        );
        let (out, _) = calc_mapcalc(&c);
        assert!(out.contains("RULE_1_PORTSETS='13312-13567 '\n"), "{out}");
        let c = calc_of(
            "calc format mapcalc prefix 2001:db8:12:0::/56 \
             rule 2001:db8::/40 192.0.2.0/24 ea-len 16 psid-offset 0",
        );
        let (out, _) = calc_mapcalc(&c);
        assert!(out.contains("RULE_1_PORTSETS='1-255 '\n"), "{out}");
        // FMRs without the PD: one with an explicit PSID has its ports
        // (and, its psid-len not being its ea-len, no address, as in
        // mapcalc); one of a whole /32, its address.
        let c = calc_of(
            "calc format mapcalc prefix 2001:db8:12:3400::/56 \
             rule 2001:db8::/40 192.0.2.0/24 ea-len 16 \
             rule 2001:db8:ff00::/56 198.51.100.7/32 ea-len 0 psid-len 8 psid 1 fmr \
             rule 2001:db8:ff01::/56 198.51.100.8/32 ea-len 0 fmr",
        );
        let (out, notes) = calc_mapcalc(&c);
        assert!(notes.is_empty());
        assert!(
            out.contains("RULE_2_PORTSETS='1028-1031 2052-2055 "),
            "{out}"
        );
        assert!(!out.contains("RULE_2_IPV4ADDR"), "{out}");
        assert!(
            out.contains("RULE_3_IPV4ADDR=198.51.100.8\nRULE_3_ADDR4LEN=32\n"),
            "{out}"
        );
        assert!(!out.contains("RULE_3_PORTSETS"), "{out}");
        assert!(!out.contains("RULE_2_IPV6PD") && !out.contains("RULE_3_IPV6PD"));
        // The longest match is the BMR, whatever the order; both rules
        // that map the prefix get its PD lines, as in mapcalc.
        let c = calc_of(
            "calc format mapcalc prefix 2001:db8:12:3400::/56 \
             rule 2001:db8::/40 192.0.2.0/24 ea-len 16 \
             rule 2001:db8::/32 198.51.100.0/24 ea-len 8",
        );
        let (out, _) = calc_mapcalc(&c);
        assert!(out.contains("RULE_1_IPV6PD=2001:db8:12:3400::\n"));
        assert!(out.contains("RULE_2_IPV6PD=2001:db8:12:3400::\n"));
        assert_eq!(out.matches("RULE_BMR=").collect::<Vec<_>>(), ["RULE_BMR="]);
        assert!(out.contains("RULE_BMR=1\n"));
        // format keywords.
        assert_eq!(
            usage_err(&format!("{RFC_CALC} format shell")),
            "map calc: format must be text or mapcalc, not 'shell'"
        );
        usage_err(&format!("{RFC_CALC} format text format mapcalc"));
        usage_err(&format!("{RFC_CALC} link a/b"));
        usage_err(&format!("{RFC_CALC} name x"));
        assert!(!calc_of(&format!("{RFC_CALC} format text")).mapcalc);
        assert_eq!(
            run_calc(
                &Ctx { json: true },
                &calc_of(&format!("{RFC_CALC} format mapcalc"))
            )
            .unwrap_err()
            .to_string(),
            "map calc: format mapcalc prints shell assignments: not with --json"
        );
    }

    fn sample_dev() -> Dev {
        Dev {
            ifindex: Some(9),
            ifname: Some("map0".into()),
            link_ifindex: Some(2),
            link_name: Some("eth0".into()),
            mode: Some(enums::mode::CE),
            br_addr: Some(v6("2001:db8:ffff::1")),
            end_user_prefix: Some(v6("2001:db8:12:3400::")),
            end_user_prefix_len: Some(56),
            ipv4_addr: Some(v4("192.0.2.18")),
            psid: Some(0x34),
            psid_len: Some(8),
            psid_offset: Some(6),
            ports: Some(252),
            ce_addr: Some(v6("2001:db8:12:3400:0:c000:212:34")),
            rules: Some(1),
            tx_encap: Some(10),
            tx_fmr: Some(0),
            rx_decap: Some(8),
            nat_new: Some(3),
            drop_rx_port: Some(1),
            ..Default::default()
        }
    }

    #[test]
    fn dev_from_the_wire_text_and_json() {
        use attrs::dev as d;
        let mut a = Vec::new();
        put_u32(&mut a, d::IFINDEX, 9);
        put_str(&mut a, d::IFNAME, "map0");
        put_u32(&mut a, d::LINK_IFINDEX, 2);
        put_str(&mut a, d::LINK_NAME, "eth0");
        put_u32(&mut a, d::MODE, 0);
        crate::attr::put_ipv6(&mut a, d::BR_ADDR, v6("2001:db8:ffff::1"));
        crate::attr::put_ipv6(&mut a, d::END_USER_PREFIX, v6("2001:db8:12:3400::"));
        put_u32(&mut a, d::END_USER_PREFIX_LEN, 56);
        crate::attr::put_bytes(&mut a, d::IPV4_ADDR, &[192, 0, 2, 18]);
        put_u32(&mut a, d::PSID, 0x34);
        put_u32(&mut a, d::PSID_LEN, 8);
        put_u32(&mut a, d::PSID_OFFSET, 6);
        put_u32(&mut a, d::PORTS, 252);
        crate::attr::put_ipv6(&mut a, d::CE_ADDR, v6("2001:db8:12:3400:0:c000:212:34"));
        put_u32(&mut a, d::RULES, 1);
        put_u32(&mut a, d::TX_ENCAP, 10);
        put_u64(&mut a, d::TX_FMR, 0);
        put_u32(&mut a, d::RX_DECAP, 8);
        put_u32(&mut a, d::NAT_NEW, 3);
        put_u32(&mut a, d::DROP_RX_PORT, 1);
        put_u32(&mut a, 200, 7); // a newer kernel's
        let dev = Dev::parse(Attrs::new(&a)).unwrap();
        assert_eq!(dev, sample_dev());
        assert_eq!(
            format_dev(&dev),
            "map0: ifindex 9 link eth0 (ifindex 2) mode ce br-addr 2001:db8:ffff::1 \
             end-user-prefix 2001:db8:12:3400:: end-user-prefix-len 56 ipv4-addr 192.0.2.18 \
             psid 52 psid-len 8 psid-offset 6 ports 252 ce-addr 2001:db8:12:3400:0:c000:212:34 \
             rules 1\n  \
             port-set: psid 0x34 (left-aligned 0x3400), 63 blocks of 4: 1232-1235 2256-2259 \
             3280-3283 ... 64720-64723\n  \
             tx: 10 encap, 0 fmr\n  \
             rx: 8 decap\n  \
             nat: 3 new\n  \
             drop: 1 rx-port"
        );
        assert!(dev
            .to_json()
            .build()
            .to_json()
            .contains(r#""end-user-prefix-len":56,"ipv4-addr":"192.0.2.18","psid":52,"#));
        // A 3-byte IPv4 address is refused.
        let mut a = Vec::new();
        crate::attr::put_bytes(&mut a, d::IPV4_ADDR, &[192, 0, 2]);
        assert!(Dev::parse(Attrs::new(&a)).is_err());
        // Without a shared address (k = 0), or a BR: no port-set line.
        let br = Dev {
            ifname: Some("mapbr".into()),
            mode: Some(enums::mode::BR),
            ..Default::default()
        };
        assert_eq!(format_dev(&br), "mapbr: mode br");
        let whole = Dev {
            psid_len: Some(0),
            ..sample_dev()
        };
        assert!(!format_dev(&whole).contains("port-set"));
    }

    #[test]
    fn change_event() {
        let mut payload = crate::genl::header(cmd::DEV_CHANGE_NTF, 1);
        let mut a = Vec::new();
        put_str(&mut a, attrs::dev::IFNAME, "map0");
        crate::attr::put_bytes(&mut a, attrs::dev::IPV4_ADDR, &[192, 0, 2, 18]);
        put_u32(&mut a, attrs::dev::PSID, 0x34);
        payload.extend(a);
        let wire = encode_msg(0x21, 0, 0, &payload);
        let g = GenlMsg::parse(&parse_msgs(&wire).unwrap()[0]).unwrap();
        let n = Notification::parse(&g).unwrap().unwrap();
        assert_eq!(n.event(), "change");
        assert_eq!(
            ops::format_event(&Ctx { json: false }, &n),
            "change map0: ipv4-addr 192.0.2.18 psid 52"
        );
        assert_eq!(
            ops::format_event(&Ctx { json: true }, &n),
            r#"{"event":"change","ifname":"map0","ipv4-addr":"192.0.2.18","psid":52}"#
        );
    }

    #[test]
    fn rule_reply_text_and_json() {
        let r = rule_reply(&v6plus_first(), true);
        assert_eq!(
            r.to_json().build().to_json(),
            r#"{"ipv6-prefix":"240b:10::","ipv6-prefix-len":32,"ipv4-prefix":"106.72.0.0","ipv4-prefix-len":16,"ea-len":24,"psid-offset":4,"psid-len":8,"fmr":1,"iid-format":"draft03","bmr":1}"#
        );
        assert_eq!(
            RuleReply {
                ifname: Some("map0".into()),
                ..r
            }
            .format_brief(),
            "map0: ipv6-prefix 240b:10:: ipv6-prefix-len 32 ipv4-prefix 106.72.0.0 \
             ipv4-prefix-len 16 ea-len 24 psid-offset 4 psid-len 8 fmr on iid-format draft03 bmr 1"
        );
    }

    #[test]
    fn errors_name_the_failed_step() {
        let k = crate::nl::KernelError {
            errno: libc::EEXIST,
            extack: Some("an IPv4 default route exists already".into()),
            bad_attr_offset: None,
            missing_type: None,
        };
        let e = Error::from_nl("rtnetlink", "newroute", crate::nl::NlError::Kernel(k));
        let e = with_context(
            e,
            "map add (undone, map0 deleted): IPv4 default route via map0",
        );
        assert_eq!(
            e.to_string(),
            "map add (undone, map0 deleted): IPv4 default route via map0: rtnetlink newroute: \
             File exists: an IPv4 default route exists already"
        );
        assert_eq!(e.exit_code(), 1);
        assert!(is_errno(&e, libc::EEXIST));
        let e = with_context(
            Error::sys(
                "opening rtnetlink socket",
                std::io::Error::from_raw_os_error(libc::EACCES),
            ),
            "map add (undone, map0 deleted)",
        );
        assert_eq!(
            e.to_string(),
            "map add (undone, map0 deleted): opening rtnetlink socket: Permission denied (errno 13)"
        );
        // A rule the kernel refuses names its attribute.
        let mut attrs = Vec::new();
        put_u32(&mut attrs, attrs::rule::IFINDEX, 9);
        put_u32(&mut attrs, attrs::rule::EA_LEN, 16);
        let err = crate::nl::NlError::Kernel(crate::nl::KernelError {
            errno: libc::EINVAL,
            extack: Some("no room for the EA bits".into()),
            bad_attr_offset: Some(16 + 4 + 8),
            missing_type: None,
        });
        let e = Error::from_nl("mape", "rule-add", err).with_attrs(&RULE_SET, &attrs);
        let e = with_context(
            e,
            "map add (undone, map0 deleted): rule 1 (2001:db8::/40 ...)",
        );
        assert_eq!(
            e.to_string(),
            "map add (undone, map0 deleted): rule 1 (2001:db8::/40 ...): mape rule-add: \
             Invalid argument: no room for the EA bits (attribute ea-len)"
        );
    }

    #[test]
    fn help_mentions_every_verb() {
        for verb in [
            "add",
            "del",
            "show",
            "set",
            "stats reset",
            "rule add",
            "rule del",
            "rule show",
            "calc",
            "monitor",
        ] {
            assert!(USAGE.contains(&format!("map {verb}")), "{verb}");
            assert!(HELP.contains(&format!("\n  {verb} ")), "{verb}");
        }
        for kw in [
            "[name ",
            "[mode ",
            "[br ",
            "[prefix ",
            "[encap-limit ",
            "[iid ",
            "[no-default-route]",
            "[psid-offset ",
            "[psid-len ",
            "[fmr]",
            "[legacy|rfc]",
            "dhcp HEX",
            "mapcalc STR",
            "rules FILE",
            "[format ",
            "[link ",
        ] {
            assert!(USAGE.contains(kw), "{kw}");
        }
        assert!(HELP.contains("tools/cellctl/examples/mape-v6plus.rules"));
    }
}
