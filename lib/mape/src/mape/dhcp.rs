// SPDX-License-Identifier: GPL-2.0

//! The DHCPv6 options that provision MAP-E (RFC 7598): rules and BR
//! addresses in an `OPTION_S46_CONT_MAPE` container.
//!
//! ```text
//! S46_RULE (89):       flags (8; F = 0x01: also an FMR) | ea-len (8) |
//!                      prefix4-len (8) | ipv4-prefix (32) | prefix6-len (8) |
//!                      ipv6-prefix (ceil(prefix6-len / 8) octets) | sub-options
//! S46_BR (90):         BR IPv6 address (128)
//! S46_PORTPARAMS (93): offset (8) | PSID-len (8) | PSID (16, left-aligned)
//! S46_CONT_MAPE (94):  S46_RULE... S46_BR...
//! ```
//!
//! Every option has the DHCPv6 header, code (16) and length (16), network
//! order (RFC 8415 §21.1). Parsing fills caller arrays; building writes
//! into a caller buffer.

use super::addr::{ipv6_prefix, Ipv6};
use super::portset::{psid_from_left_aligned, psid_to_left_aligned, DEFAULT_PSID_OFFSET};
use super::rule::{IidFormat, Rule, RuleError, RuleParams};

/// `OPTION_S46_RULE`: a mapping rule.
pub const OPTION_S46_RULE: u16 = 89;
/// `OPTION_S46_BR`: a BR address.
pub const OPTION_S46_BR: u16 = 90;
/// `OPTION_S46_DMR`: a MAP-T default mapping rule (not MAP-E).
pub const OPTION_S46_DMR: u16 = 91;
/// `OPTION_S46_V4V6BIND`: a lw4o6 binding (not MAP-E).
pub const OPTION_S46_V4V6BIND: u16 = 92;
/// `OPTION_S46_PORTPARAMS`: PSID offset, length and value of a rule.
pub const OPTION_S46_PORTPARAMS: u16 = 93;
/// `OPTION_S46_CONT_MAPE`: the MAP-E container.
pub const OPTION_S46_CONT_MAPE: u16 = 94;
/// `OPTION_S46_CONT_MAPT`: the MAP-T container.
pub const OPTION_S46_CONT_MAPT: u16 = 95;
/// `OPTION_S46_CONT_LW`: the lw4o6 container.
pub const OPTION_S46_CONT_LW: u16 = 96;

/// `S46_RULE` flag F: the rule is also a forwarding mapping rule.
pub const S46_RULE_FLAG_FMR: u8 = 0x01;

/// Length of a DHCPv6 option header.
pub const OPTION_HDR_LEN: usize = 4;
/// Length of the fixed part of `S46_RULE`, before the IPv6 prefix.
pub const S46_RULE_FIXED_LEN: usize = 8;
/// Length of `S46_PORTPARAMS` data (odhcp6c accepts no other).
pub const S46_PORTPARAMS_LEN: usize = 4;
/// Largest PSID offset `S46_PORTPARAMS` carries (RFC 7598 §4.5).
pub const S46_MAX_OFFSET: u8 = 15;

/// Why option bytes were refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParseError {
    /// An option header, or an option's data, runs past the end of what
    /// holds it.
    Truncated,
    /// An `S46_RULE` shorter than its fixed part and IPv6 prefix, or with a
    /// prefix length over 128.
    BadRule,
    /// An `S46_RULE` whose parameters [`Rule::new`] refuses.
    InvalidRule(RuleError),
    /// An `S46_PORTPARAMS` not 4 octets long (some encoders send 3), or
    /// with an offset over 15 or a PSID length over 16.
    BadPortParams,
    /// Two `S46_PORTPARAMS` in one rule.
    DuplicatePortParams,
    /// An `S46_BR` not 16 octets long.
    BadBr,
    /// More rules than the caller's array holds.
    TooManyRules,
    /// More BR addresses than the caller's array holds.
    TooManyBrs,
}

/// The DHCPv6 options in a byte string: code and data of each, in order.
/// After an error (an option running past the end), the walk ends.
#[derive(Clone, Debug)]
pub struct DhcpOptions<'a> {
    data: &'a [u8],
    pos: usize,
    failed: bool,
}

/// The options of `data`, a sequence of DHCPv6 options (the options of a
/// message, or the data of a container option).
pub fn dhcp_options(data: &[u8]) -> DhcpOptions<'_> {
    DhcpOptions {
        data,
        pos: 0,
        failed: false,
    }
}

impl<'a> DhcpOptions<'a> {
    /// Offset of the next option in the data.
    pub fn position(&self) -> usize {
        self.pos
    }

    fn option(&self) -> Result<(u16, &'a [u8], usize), ParseError> {
        let t = ParseError::Truncated;
        let hdr_end = self.pos.checked_add(OPTION_HDR_LEN).ok_or(t)?;
        let [c0, c1, l0, l1] = match self.data.get(self.pos..hdr_end) {
            Some(&[c0, c1, l0, l1]) => [c0, c1, l0, l1],
            _ => return Err(t),
        };
        let end = hdr_end
            .checked_add(usize::from(u16::from_be_bytes([l0, l1])))
            .ok_or(t)?;
        let body = self.data.get(hdr_end..end).ok_or(t)?;
        Ok((u16::from_be_bytes([c0, c1]), body, end))
    }
}

impl<'a> Iterator for DhcpOptions<'a> {
    type Item = Result<(u16, &'a [u8]), ParseError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.pos >= self.data.len() {
            return None;
        }
        match self.option() {
            Ok((code, body, end)) => {
                self.pos = end;
                Some(Ok((code, body)))
            }
            Err(e) => {
                self.failed = true;
                Some(Err(e))
            }
        }
    }
}

/// The data of an `S46_PORTPARAMS` option.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PortParams {
    /// PSID offset `a`, 0 to 15.
    pub offset: u8,
    /// PSID length `k`, 0 to 16; 0 says to ignore the PSID.
    pub psid_len: u8,
    /// The PSID, right-aligned (the option carries it left-aligned).
    pub psid: u16,
}

/// Parses `S46_PORTPARAMS` data: exactly 4 octets, as odhcp6c wants
/// (third-party encoders' 3-octet form is refused). Padding bits after the
/// PSID's `k` are ignored.
pub fn parse_port_params(data: &[u8]) -> Result<PortParams, ParseError> {
    let &[offset, psid_len, p0, p1] = data else {
        return Err(ParseError::BadPortParams);
    };
    if offset > S46_MAX_OFFSET || psid_len > 16 {
        return Err(ParseError::BadPortParams);
    }
    Ok(PortParams {
        offset,
        psid_len,
        psid: psid_from_left_aligned(u16::from_be_bytes([p0, p1]), psid_len),
    })
}

/// Parses `S46_RULE` data into a rule with RFC 7597 interface identifiers
/// ([`Rule::with_iid`] changes that). Without `S46_PORTPARAMS` the PSID
/// offset is [`DEFAULT_PSID_OFFSET`]; a PSID length of 0 there means no
/// explicit PSID. Unknown sub-options are skipped.
pub fn parse_s46_rule(data: &[u8]) -> Result<Rule, ParseError> {
    let bad = ParseError::BadRule;
    let (fixed, rest) = split(data, S46_RULE_FIXED_LEN).ok_or(bad)?;
    let &[flags, ea_len, ipv4_len, v0, v1, v2, v3, ipv6_len] = fixed else {
        return Err(bad);
    };
    if ipv6_len > 128 {
        return Err(bad);
    }
    let n = usize::from(ipv6_len).div_ceil(8);
    let (prefix, subopts) = split(rest, n).ok_or(bad)?;
    let mut ipv6 = [0u8; 16];
    for (o, v) in ipv6.iter_mut().zip(prefix) {
        *o = *v;
    }
    let mut pp: Option<PortParams> = None;
    for opt in dhcp_options(subopts) {
        let (code, body) = opt?;
        if code == OPTION_S46_PORTPARAMS {
            if pp.is_some() {
                return Err(ParseError::DuplicatePortParams);
            }
            pp = Some(parse_port_params(body)?);
        }
    }
    let explicit = pp.filter(|p| p.psid_len > 0);
    Rule::new(RuleParams {
        ipv6_prefix: ipv6,
        ipv6_len,
        ipv4_prefix: [v0, v1, v2, v3],
        ipv4_len,
        ea_len,
        psid_offset: pp.map_or(DEFAULT_PSID_OFFSET, |p| p.offset),
        psid_len: explicit.map(|p| p.psid_len),
        psid: explicit.map(|p| p.psid),
        fmr: flags & S46_RULE_FLAG_FMR != 0,
        iid: IidFormat::Rfc7597,
    })
    .map_err(ParseError::InvalidRule)
}

/// `data` split at `mid`; `None` if it is shorter (`split_at_checked` is
/// newer than Rust 1.78).
fn split(data: &[u8], mid: usize) -> Option<(&[u8], &[u8])> {
    Some((data.get(..mid)?, data.get(mid..)?))
}

/// How many rules and BR addresses [`parse_mape`] found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MapeCounts {
    /// Rules written at the start of the rule array.
    pub rules: usize,
    /// BR addresses written at the start of the BR array.
    pub brs: usize,
}

/// Parses MAP-E provisioning: `data` is either DHCPv6 options among which
/// `S46_CONT_MAPE` containers (e.g. the options of a Reply, or the
/// container option alone), whose `S46_RULE` and `S46_BR` options count, or,
/// when no container is there, the container's data itself (a bare
/// sequence of `S46_RULE` and `S46_BR`). Other options are skipped. Rules
/// go into `rules` and BR addresses into `brs`, in order; the counts say
/// how many. Nothing is allocated.
pub fn parse_mape(
    data: &[u8],
    rules: &mut [Rule],
    brs: &mut [Ipv6],
) -> Result<MapeCounts, ParseError> {
    let mut counts = MapeCounts::default();
    let mut containers = false;
    for opt in dhcp_options(data) {
        let (code, body) = opt?;
        if code == OPTION_S46_CONT_MAPE {
            containers = true;
            parse_container(body, rules, brs, &mut counts)?;
        }
    }
    if !containers {
        parse_container(data, rules, brs, &mut counts)?;
    }
    Ok(counts)
}

fn parse_container(
    data: &[u8],
    rules: &mut [Rule],
    brs: &mut [Ipv6],
    counts: &mut MapeCounts,
) -> Result<(), ParseError> {
    for opt in dhcp_options(data) {
        let (code, body) = opt?;
        match code {
            OPTION_S46_RULE => {
                let rule = parse_s46_rule(body)?;
                let slot = rules
                    .get_mut(counts.rules)
                    .ok_or(ParseError::TooManyRules)?;
                *slot = rule;
                counts.rules = counts.rules.saturating_add(1);
            }
            OPTION_S46_BR => {
                let br: Ipv6 = body.try_into().map_err(|_| ParseError::BadBr)?;
                let slot = brs.get_mut(counts.brs).ok_or(ParseError::TooManyBrs)?;
                *slot = br;
                counts.brs = counts.brs.saturating_add(1);
            }
            _ => {}
        }
    }
    Ok(())
}

/// Why option bytes could not be written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BuildError {
    /// The output buffer is too small.
    NoRoom,
    /// The container would be over 65535 octets.
    TooLong,
    /// A PSID offset over 15, which `S46_PORTPARAMS` cannot carry.
    Offset,
}

/// Writes into a caller buffer, refusing to go past its end.
struct Writer<'b> {
    buf: &'b mut [u8],
    pos: usize,
}

impl Writer<'_> {
    fn put(&mut self, bytes: &[u8]) -> Result<(), BuildError> {
        let end = self
            .pos
            .checked_add(bytes.len())
            .ok_or(BuildError::NoRoom)?;
        self.buf
            .get_mut(self.pos..end)
            .ok_or(BuildError::NoRoom)?
            .copy_from_slice(bytes);
        self.pos = end;
        Ok(())
    }

    fn header(&mut self, code: u16, len: usize) -> Result<(), BuildError> {
        let len = u16::try_from(len).map_err(|_| BuildError::TooLong)?;
        self.put(&code.to_be_bytes())?;
        self.put(&len.to_be_bytes())
    }

    /// Writes the length of the option whose header is at `at`.
    fn fix_len(&mut self, at: usize) -> Result<(), BuildError> {
        let data = at.checked_add(OPTION_HDR_LEN).ok_or(BuildError::NoRoom)?;
        let len = self.pos.checked_sub(data).ok_or(BuildError::NoRoom)?;
        let len = u16::try_from(len).map_err(|_| BuildError::TooLong)?;
        let end = at.checked_add(4).ok_or(BuildError::NoRoom)?;
        self.buf
            .get_mut(at.saturating_add(2)..end)
            .ok_or(BuildError::NoRoom)?
            .copy_from_slice(&len.to_be_bytes());
        Ok(())
    }

    fn rule(&mut self, rule: &Rule) -> Result<(), BuildError> {
        let p = rule.params();
        let n = usize::from(p.ipv6_len).div_ceil(8);
        let portparams = p.psid_offset != DEFAULT_PSID_OFFSET || p.psid_len.is_some();
        if portparams && p.psid_offset > S46_MAX_OFFSET {
            return Err(BuildError::Offset);
        }
        let pp_len = if portparams {
            OPTION_HDR_LEN + S46_PORTPARAMS_LEN
        } else {
            0
        };
        self.header(OPTION_S46_RULE, S46_RULE_FIXED_LEN + n + pp_len)?;
        let flags = if p.fmr { S46_RULE_FLAG_FMR } else { 0 };
        self.put(&[flags, p.ea_len, p.ipv4_len])?;
        self.put(&p.ipv4_prefix)?;
        self.put(&[p.ipv6_len])?;
        let prefix = ipv6_prefix(&p.ipv6_prefix, p.ipv6_len);
        self.put(prefix.get(..n).ok_or(BuildError::NoRoom)?)?;
        if portparams {
            let k = p.psid_len.unwrap_or(0);
            let psid = psid_to_left_aligned(p.psid.unwrap_or(0), k);
            self.header(OPTION_S46_PORTPARAMS, S46_PORTPARAMS_LEN)?;
            self.put(&[p.psid_offset, k])?;
            self.put(&psid.to_be_bytes())?;
        }
        Ok(())
    }
}

/// Writes `rule` as an `S46_RULE` option (with `S46_PORTPARAMS` when its
/// PSID offset is not the default or it has an explicit PSID length; an
/// explicit length without explicit PSID goes out as PSID 0). Returns the
/// length written.
pub fn build_s46_rule(out: &mut [u8], rule: &Rule) -> Result<usize, BuildError> {
    let mut w = Writer { buf: out, pos: 0 };
    w.rule(rule)?;
    Ok(w.pos)
}

/// Writes `rules` as `S46_RULE` options, then `brs` as `S46_BR` options,
/// inside an `S46_CONT_MAPE` container if `container`, else bare. Returns
/// the length written; [`parse_mape`] reads it back.
pub fn build_mape(
    out: &mut [u8],
    rules: &[Rule],
    brs: &[Ipv6],
    container: bool,
) -> Result<usize, BuildError> {
    let mut w = Writer { buf: out, pos: 0 };
    if container {
        w.header(OPTION_S46_CONT_MAPE, 0)?;
    }
    for r in rules {
        w.rule(r)?;
    }
    for br in brs {
        w.header(OPTION_S46_BR, br.len())?;
        w.put(br)?;
    }
    if container {
        w.fix_len(0)?;
    }
    Ok(w.pos)
}
