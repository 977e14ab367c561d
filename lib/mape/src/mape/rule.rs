// SPDX-License-Identifier: GPL-2.0

//! Mapping rules (RFC 7597 §5): the CE's own IPv4 address, PSID, port set
//! and IPv6 address from its end-user prefix and basic mapping rule (BMR,
//! §5.2), and the IPv6 address of the CE that owns an IPv4 address and
//! port under a forwarding mapping rule (FMR, §5.3), for mesh traffic and
//! for checking sources (§8.1).

use super::addr::{
    get_bits, ipv4_from_u32, ipv4_in_prefix, ipv4_mask, ipv4_prefix, ipv4_to_u32, ipv6_copy_prefix,
    ipv6_in_prefix, ipv6_prefix, low_mask, set_bits, Ipv4, Ipv6,
};
use super::portset::{PortSet, DEFAULT_PSID_OFFSET};

/// Largest EA-bits length (RFC 7598 §4.1: 0 to 48).
pub const MAX_EA_LEN: u8 = 48;

/// Where the interface identifier of a MAP CE's IPv6 address puts the IPv4
/// address and the PSID.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IidFormat {
    /// RFC 7597 §6 (and RFC 7599): `0x0000 | IPv4 (32) | PSID (16)`, the
    /// IPv4 address in octets 10-13, the PSID in 14-15.
    Rfc7597,
    /// draft-ietf-softwire-map-03 and earlier (Linux nat46 `MAP0`, OpenWrt
    /// `legacymap`, Junos `version-03`), which v6plus, OCN and BIGLOBE use:
    /// `0x00 | IPv4 (32) | PSID (16) | 0x00`, the IPv4 address in octets
    /// 9-12, the PSID in 13-14, octet 15 zero.
    Draft03,
}

impl IidFormat {
    /// Octet of the IPv6 address where the IPv4 address starts.
    pub fn ipv4_octet(self) -> usize {
        match self {
            IidFormat::Rfc7597 => 10,
            IidFormat::Draft03 => 9,
        }
    }

    /// The PSID offset OpenWrt `mapcalc` assumes when a rule gives none:
    /// 6 (RFC 7597) or, with `LEGACY=1`, 4 (what v6plus and BIGLOBE use).
    pub fn mapcalc_default_offset(self) -> u8 {
        match self {
            IidFormat::Rfc7597 => DEFAULT_PSID_OFFSET,
            IidFormat::Draft03 => 4,
        }
    }

    /// Writes the interface identifier (octets 8-15) of `addr`: `ipv4`
    /// (address, or prefix padded with zeros) and the right-aligned `psid`.
    fn write_iid(self, addr: &mut Ipv6, ipv4: Ipv4, psid: u16) {
        let [a, b, c, d] = ipv4;
        let [p0, p1] = psid.to_be_bytes();
        let iid = match self {
            IidFormat::Rfc7597 => [0, 0, a, b, c, d, p0, p1],
            IidFormat::Draft03 => [0, a, b, c, d, p0, p1, 0],
        };
        for (o, v) in addr.iter_mut().skip(8).zip(iid) {
            *o = v;
        }
    }

    /// The PSID field of the interface identifier of `addr`.
    fn read_psid(self, addr: &Ipv6) -> u16 {
        let at = self.ipv4_octet() + 4;
        let hi = addr.get(at).copied().unwrap_or(0);
        let lo = addr.get(at + 1).copied().unwrap_or(0);
        u16::from_be_bytes([hi, lo])
    }
}

/// The parameters of a mapping rule, as configured or received: the input
/// of [`Rule::new`], which checks them, and the output of [`Rule::params`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RuleParams {
    /// Rule IPv6 prefix `P6` (bits after `ipv6_len` are ignored).
    pub ipv6_prefix: Ipv6,
    /// Its length `n`, 0 to 128.
    pub ipv6_len: u8,
    /// Rule IPv4 prefix `P4` (bits after `ipv4_len` are ignored).
    pub ipv4_prefix: Ipv4,
    /// Its length `r`, 0 to 32.
    pub ipv4_len: u8,
    /// EA-bits length `o`, 0 to 48, `n + o <= 128`.
    pub ea_len: u8,
    /// PSID offset `a`, 0 to 16 ([`DEFAULT_PSID_OFFSET`] unless told).
    pub psid_offset: u8,
    /// Explicit PSID length (RFC 7598 `S46_PORTPARAMS`): for a rule whose
    /// EA bits hold no PSID (`o = 32 - r`), the PSID length; for one whose
    /// EA bits hold one, it must equal `o - (32 - r)` (or be `None`, or
    /// `Some(0)`, RFC 7598's "ignore").
    pub psid_len: Option<u8>,
    /// Explicit PSID, right-aligned (convert RFC 7598's with
    /// [`psid_from_left_aligned`](super::psid_from_left_aligned)): the
    /// CE's PSID when the EA bits hold none and `psid_len` gives its
    /// length. Ignored when the EA bits hold the PSID (but it must fit).
    pub psid: Option<u16>,
    /// A forwarding mapping rule too (RFC 7598 `F` flag): other CEs under
    /// it are reached directly, not through the BR.
    pub fmr: bool,
    /// Interface identifier format of the CE addresses under the rule.
    pub iid: IidFormat,
}

impl RuleParams {
    /// A rule `ipv6_prefix/ipv6_len` to `ipv4_prefix/ipv4_len` with
    /// `ea_len` EA bits, the default PSID offset, no explicit PSID, not an
    /// FMR, RFC 7597 interface identifiers.
    pub fn new(
        ipv6_prefix: Ipv6,
        ipv6_len: u8,
        ipv4_prefix: Ipv4,
        ipv4_len: u8,
        ea_len: u8,
    ) -> Self {
        RuleParams {
            ipv6_prefix,
            ipv6_len,
            ipv4_prefix,
            ipv4_len,
            ea_len,
            psid_offset: DEFAULT_PSID_OFFSET,
            psid_len: None,
            psid: None,
            fmr: false,
            iid: IidFormat::Rfc7597,
        }
    }
}

/// Why [`Rule::new`] refused parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleError {
    /// IPv6 prefix length over 128.
    Ipv6Len,
    /// IPv4 prefix length over 32.
    Ipv4Len,
    /// EA-bits length over [`MAX_EA_LEN`].
    EaLen,
    /// IPv6 prefix length plus EA-bits length over 128.
    EaPastAddress,
    /// PSID length (`o - (32 - r)` or explicit) over 16.
    PsidLen,
    /// An explicit PSID length that contradicts the EA bits: not
    /// `o - (32 - r)` when the EA bits hold a PSID, not 0 for a rule that
    /// maps to an IPv4 prefix (`o < 32 - r`).
    PsidLenMismatch,
    /// PSID offset over 16.
    Offset,
    /// PSID offset plus PSID length over 16.
    OffsetPlusPsidLen,
    /// An explicit PSID with bits over the PSID length.
    Psid,
}

/// A checked mapping rule.
///
/// Invariants (from [`Rule::new`]): `n <= 128`, `r <= 32`, `o <= 48`,
/// `n + o <= 128`; the PSID length `k` (from the EA bits, `o - (32 - r)`,
/// when `o > 32 - r`; else explicit or 0) is at most 16 and `a + k <= 16`;
/// an explicit PSID is kept only when the EA bits hold none and `k > 0`,
/// and is under `2^k`. Bits of the prefixes after their lengths are zero.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rule {
    ipv6_prefix: Ipv6,
    ipv6_len: u8,
    ipv4_prefix: Ipv4,
    ipv4_len: u8,
    ea_len: u8,
    psid_offset: u8,
    psid_len: u8,
    psid: Option<u16>,
    fmr: bool,
    iid: IidFormat,
}

impl Rule {
    /// Checks `p` (see [`RuleError`]) and clears the bits of its prefixes
    /// after their lengths.
    pub fn new(p: RuleParams) -> Result<Rule, RuleError> {
        if p.ipv6_len > 128 {
            return Err(RuleError::Ipv6Len);
        }
        if p.ipv4_len > 32 {
            return Err(RuleError::Ipv4Len);
        }
        if p.ea_len > MAX_EA_LEN {
            return Err(RuleError::EaLen);
        }
        if u32::from(p.ipv6_len) + u32::from(p.ea_len) > 128 {
            return Err(RuleError::EaPastAddress);
        }
        if p.psid_offset > 16 {
            return Err(RuleError::Offset);
        }
        let suffix_len = 32 - p.ipv4_len;
        let explicit_len = p.psid_len.unwrap_or(0);
        let psid_len = match p.ea_len.checked_sub(suffix_len) {
            Some(0) => explicit_len,
            Some(ea_psid) => {
                if explicit_len != 0 && explicit_len != ea_psid {
                    return Err(RuleError::PsidLenMismatch);
                }
                ea_psid
            }
            None if explicit_len != 0 => return Err(RuleError::PsidLenMismatch),
            None => 0,
        };
        if psid_len > 16 {
            return Err(RuleError::PsidLen);
        }
        if u32::from(p.psid_offset) + u32::from(psid_len) > 16 {
            return Err(RuleError::OffsetPlusPsidLen);
        }
        if let Some(psid) = p.psid {
            if u64::from(psid) > low_mask(u32::from(psid_len)) {
                return Err(RuleError::Psid);
            }
        }
        let psid_in_ea = p.ea_len > suffix_len;
        Ok(Rule {
            ipv6_prefix: ipv6_prefix(&p.ipv6_prefix, p.ipv6_len),
            ipv6_len: p.ipv6_len,
            ipv4_prefix: ipv4_prefix(p.ipv4_prefix, p.ipv4_len),
            ipv4_len: p.ipv4_len,
            ea_len: p.ea_len,
            psid_offset: p.psid_offset,
            psid_len,
            psid: if psid_in_ea || psid_len == 0 {
                None
            } else {
                p.psid
            },
            fmr: p.fmr,
            iid: p.iid,
        })
    }

    /// The parameters, in canonical form: prefixes masked, an explicit
    /// PSID length only for a rule whose EA bits hold no PSID.
    pub fn params(&self) -> RuleParams {
        let explicit = !self.psid_in_ea() && self.psid_len > 0;
        RuleParams {
            ipv6_prefix: self.ipv6_prefix,
            ipv6_len: self.ipv6_len,
            ipv4_prefix: self.ipv4_prefix,
            ipv4_len: self.ipv4_len,
            ea_len: self.ea_len,
            psid_offset: self.psid_offset,
            psid_len: if explicit { Some(self.psid_len) } else { None },
            psid: self.psid,
            fmr: self.fmr,
            iid: self.iid,
        }
    }

    /// The same rule, an FMR or not.
    pub fn with_fmr(self, fmr: bool) -> Rule {
        Rule { fmr, ..self }
    }

    /// The same rule with CE addresses in format `iid`.
    pub fn with_iid(self, iid: IidFormat) -> Rule {
        Rule { iid, ..self }
    }

    /// Rule IPv6 prefix (bits after its length zero).
    pub fn ipv6_prefix(&self) -> &Ipv6 {
        &self.ipv6_prefix
    }

    /// Rule IPv6 prefix length `n`.
    pub fn ipv6_len(&self) -> u8 {
        self.ipv6_len
    }

    /// Rule IPv4 prefix (bits after its length zero).
    pub fn ipv4_prefix(&self) -> Ipv4 {
        self.ipv4_prefix
    }

    /// Rule IPv4 prefix length `r`.
    pub fn ipv4_len(&self) -> u8 {
        self.ipv4_len
    }

    /// EA-bits length `o`.
    pub fn ea_len(&self) -> u8 {
        self.ea_len
    }

    /// PSID offset `a` as configured. The port set ignores it when the
    /// PSID length is 0 ([`Rule::port_set`]).
    pub fn psid_offset(&self) -> u8 {
        self.psid_offset
    }

    /// PSID length `k`: from the EA bits, or explicit, or 0. CEs under the
    /// rule share an IPv4 address `2^k` ways.
    pub fn psid_len(&self) -> u8 {
        self.psid_len
    }

    /// The explicit PSID (right-aligned), for a rule whose EA bits hold
    /// none.
    pub fn explicit_psid(&self) -> Option<u16> {
        self.psid
    }

    /// Whether the rule is an FMR too.
    pub fn is_fmr(&self) -> bool {
        self.fmr
    }

    /// Interface identifier format of CE addresses under the rule.
    pub fn iid(&self) -> IidFormat {
        self.iid
    }

    /// `p = 32 - r`: the bits of an IPv4 address after the rule prefix.
    pub fn ipv4_suffix_len(&self) -> u8 {
        32 - self.ipv4_len
    }

    /// How many EA bits are IPv4 suffix bits: `min(o, p)`.
    pub fn ea_ipv4_bits(&self) -> u8 {
        self.ea_len.min(self.ipv4_suffix_len())
    }

    /// How many EA bits are PSID bits: `o - p`, or 0.
    pub fn ea_psid_bits(&self) -> u8 {
        self.ea_len.saturating_sub(self.ipv4_suffix_len())
    }

    fn psid_in_ea(&self) -> bool {
        self.ea_psid_bits() > 0
    }

    /// Whether a CE under the rule gets an IPv4 prefix, not an address
    /// (`o < p`, RFC 7597 §5.2); it is `r + o` long.
    pub fn is_prefix_rule(&self) -> bool {
        self.ea_len < self.ipv4_suffix_len()
    }

    /// Length of the IPv4 address or prefix of a CE: `r + o`, at most 32.
    pub fn ce_ipv4_len(&self) -> u8 {
        self.ipv4_len.saturating_add(self.ea_len).min(32)
    }

    /// The shortest end-user prefix the rule applies to: `n + o`.
    pub fn end_user_prefix_len(&self) -> u8 {
        self.ipv6_len.saturating_add(self.ea_len)
    }

    /// The number of CEs sharing an IPv4 address: `2^k`.
    pub fn sharing_ratio(&self) -> u32 {
        1u32 << self.psid_len.min(16)
    }

    /// The port set of PSID `psid` under the rule; `None` if `psid` does
    /// not fit in `k` bits. Without a PSID (`k = 0`: an IPv4 address or
    /// prefix of its own) the CE has every port, whatever the offset (RFC
    /// 7597 Appendix A gives such rules "PSID offset: n/a", and `mapcalc`
    /// no port sets).
    pub fn port_set(&self, psid: u16) -> Option<PortSet> {
        match self.psid_len {
            0 if psid == 0 => Some(PortSet::ALL),
            k => PortSet::new(self.psid_offset, k, psid),
        }
    }

    /// `m`: the log2 of the number of contiguous ports in a block (16
    /// without a PSID).
    pub fn contiguous_bits(&self) -> u8 {
        self.port_set(0).map_or(16, |s| s.contiguous_bits())
    }

    /// The number of ports of each CE.
    pub fn port_count(&self) -> u32 {
        self.port_set(0).map_or(0, |s| s.count())
    }

    /// The number of port blocks of each CE.
    pub fn block_count(&self) -> u32 {
        self.port_set(0).map_or(0, |s| s.block_count())
    }

    /// Whether `ipv4` is inside the rule IPv4 prefix.
    pub fn contains_ipv4(&self, ipv4: Ipv4) -> bool {
        ipv4_in_prefix(ipv4, self.ipv4_prefix, self.ipv4_len)
    }

    /// Whether the rule can be the BMR of an end-user prefix: the prefix is
    /// inside the rule IPv6 prefix and at least `n + o` long.
    pub fn matches_end_user_prefix(&self, prefix: &Ipv6, prefix_len: u8) -> bool {
        prefix_len <= 128
            && prefix_len >= self.end_user_prefix_len()
            && ipv6_in_prefix(prefix, &self.ipv6_prefix, self.ipv6_len)
    }

    /// The CE parameters of `end_user_prefix/prefix_len` under this rule
    /// as its BMR (RFC 7597 §5.2): the EA bits `[n, n + o)` give the IPv4
    /// suffix and the PSID (or the explicit PSID of the rule gives it).
    /// The CE address is the end-user prefix, a zero subnet ID up to /64
    /// and the interface identifier; bits of an end-user prefix longer than
    /// 64 replace the top of the interface identifier (§6). Bits of the
    /// end-user prefix after `n + o` stay in the address (as `mapcalc`
    /// keeps them), but CEs and BRs computing it from an FMR
    /// ([`Rule::ce_address_for`]) take them as zero.
    pub fn derive(&self, end_user_prefix: &Ipv6, prefix_len: u8) -> Result<Derived, DeriveError> {
        if prefix_len > 128 {
            return Err(DeriveError::PrefixLen);
        }
        if !self.matches_end_user_prefix(end_user_prefix, prefix_len) {
            return Err(DeriveError::NoRule);
        }
        let eup = ipv6_prefix(end_user_prefix, prefix_len);
        let ea = get_bits(&eup, u32::from(self.ipv6_len), u32::from(self.ea_len));
        let suffix_len = u32::from(self.ipv4_suffix_len());
        let psid_bits = u32::from(self.ea_psid_bits());
        // o <= 48: `ea` < 2^48; p <= 32, psid_bits <= 16, p - o <= 32.
        let (suffix, ea_psid) = match u32::from(self.ea_len).checked_sub(suffix_len) {
            Some(_) => (ea >> psid_bits, ea & low_mask(psid_bits)),
            None => (ea << (suffix_len - u32::from(self.ea_len)), 0),
        };
        let psid = if self.psid_in_ea() {
            ea_psid as u16
        } else if self.psid_len > 0 {
            self.psid.ok_or(DeriveError::NoPsid)?
        } else {
            0
        };
        let ipv4 = ipv4_from_u32(ipv4_to_u32(self.ipv4_prefix) | (suffix & 0xffff_ffff) as u32);
        let port_set = self.port_set(psid).ok_or(DeriveError::NoPsid)?;
        Ok(Derived {
            rule: *self,
            end_user_prefix: eup,
            end_user_prefix_len: prefix_len,
            ipv4,
            ipv4_len: self.ce_ipv4_len(),
            psid,
            port_set,
            ce_address: ce_address(self.iid, &eup, prefix_len, ipv4, psid),
        })
    }

    /// The IPv6 address of the CE that owns `ipv4` and `port` under this
    /// rule used as an FMR (RFC 7597 §5.3; what a BR computes for every
    /// packet): the PSID is the one of `port` (when `k > 0`), the
    /// end-user prefix the rule prefix followed by the EA bits (`n + o`
    /// bits, the rest zero). `None` if `ipv4` is outside the rule, or the
    /// rule shares addresses (`k > 0`, `a > 0`) and `port` is under
    /// `2^(16-a)`, which no CE owns.
    ///
    /// For a rule whose EA bits hold no PSID but that has an explicit PSID
    /// length, the PSID of `port` goes in the interface identifier only.
    pub fn ce_address_for(&self, ipv4: Ipv4, port: u16) -> Option<Ipv6> {
        if !self.contains_ipv4(ipv4) {
            return None;
        }
        let psid = match self.psid_len {
            0 => 0,
            _ => {
                let set = PortSet::new(self.psid_offset, self.psid_len, 0)?;
                let a = u32::from(self.psid_offset);
                // a <= 16: a shift of a u32 by 0..=16.
                if a > 0 && u32::from(port) >> (16 - a) == 0 {
                    return None;
                }
                set.psid_of(port)
            }
        };
        let suffix = u64::from(ipv4_to_u32(ipv4) & !ipv4_mask(self.ipv4_len));
        let suffix_len = u32::from(self.ipv4_suffix_len());
        let psid_bits = u32::from(self.ea_psid_bits());
        // As in derive(): shifts under 64, values under 2^48.
        let ea = match u32::from(self.ea_len).checked_sub(suffix_len) {
            Some(_) => (suffix << psid_bits) | (u64::from(psid) & low_mask(psid_bits)),
            None => suffix >> (suffix_len - u32::from(self.ea_len)),
        };
        let mut eup = self.ipv6_prefix;
        set_bits(
            &mut eup,
            u32::from(self.ipv6_len),
            u32::from(self.ea_len),
            ea,
        );
        let field = ipv4_prefix(ipv4, self.ce_ipv4_len());
        Some(ce_address(
            self.iid,
            &eup,
            self.end_user_prefix_len(),
            field,
            psid,
        ))
    }

    /// The IPv4 address (or prefix, for an IPv4-prefix rule) and PSID a CE
    /// address under this rule stands for, from its EA bits (the PSID from
    /// the interface identifier when the EA bits hold none): the inverse of
    /// [`Rule::ce_address_for`]. `None` if `addr` is outside the rule IPv6
    /// prefix or its interface identifier does not carry that IPv4 address
    /// and PSID in the rule's format. The subnet ID bits are not looked at.
    pub fn decode_ce_address(&self, addr: &Ipv6) -> Option<(Ipv4, u16)> {
        if !ipv6_in_prefix(addr, &self.ipv6_prefix, self.ipv6_len) {
            return None;
        }
        let ea = get_bits(addr, u32::from(self.ipv6_len), u32::from(self.ea_len));
        let suffix_len = u32::from(self.ipv4_suffix_len());
        let psid_bits = u32::from(self.ea_psid_bits());
        let iid_psid = self.iid.read_psid(addr);
        let (suffix, psid) = match u32::from(self.ea_len).checked_sub(suffix_len) {
            Some(_) if psid_bits > 0 => (ea >> psid_bits, (ea & low_mask(psid_bits)) as u16),
            Some(_) if self.psid_len > 0 => (ea, iid_psid),
            Some(_) => (ea, 0),
            None => (ea << (suffix_len - u32::from(self.ea_len)), 0),
        };
        let ipv4 = ipv4_from_u32(ipv4_to_u32(self.ipv4_prefix) | (suffix & 0xffff_ffff) as u32);
        // The interface identifier must agree, unless the end-user prefix
        // covers it (n + o > 64): its top bits are EA bits then.
        let mut expect = ce_address(self.iid, &[0; 16], 0, ipv4, psid);
        ipv6_copy_prefix(&mut expect, addr, self.end_user_prefix_len());
        let ok = expect.iter().zip(addr.iter()).skip(8).all(|(x, y)| x == y);
        if !ok || u64::from(psid) > low_mask(u32::from(self.psid_len)) {
            return None;
        }
        Some((ipv4, psid))
    }
}

/// The MAP CE IPv6 address: `eup/len`, zeros up to /64 (subnet ID 0), the
/// interface identifier in format `iid`, and the bits of an end-user
/// prefix longer than /64 over the top of it (RFC 7597 §6).
fn ce_address(iid: IidFormat, eup: &Ipv6, len: u8, ipv4: Ipv4, psid: u16) -> Ipv6 {
    let mut out = [0u8; 16];
    iid.write_iid(&mut out, ipv4, psid);
    ipv6_copy_prefix(&mut out, eup, len);
    out
}

/// Why [`derive()`] found no CE parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeriveError {
    /// End-user prefix length over 128.
    PrefixLen,
    /// No rule's IPv6 prefix covers the end-user prefix with room for its
    /// EA bits.
    NoRule,
    /// The BMR's EA bits hold no PSID and it has a PSID length but no
    /// explicit PSID.
    NoPsid,
}

/// What a CE gets from its end-user prefix and BMR.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Derived {
    /// The BMR.
    pub rule: Rule,
    /// The end-user prefix, bits after its length cleared.
    pub end_user_prefix: Ipv6,
    /// Its length.
    pub end_user_prefix_len: u8,
    /// The CE's IPv4 address, or its IPv4 prefix (zero host bits) when
    /// `ipv4_len < 32`.
    pub ipv4: Ipv4,
    /// 32, or the length of the IPv4 prefix of an IPv4-prefix rule
    /// (`r + o`).
    pub ipv4_len: u8,
    /// The PSID, right-aligned in `rule.psid_len()` bits (0 without one).
    pub psid: u16,
    /// The CE's ports.
    pub port_set: PortSet,
    /// The MAP CE IPv6 address, the tunnel source (RFC 7597 §6).
    pub ce_address: Ipv6,
}

impl Derived {
    /// The PSID left-aligned in 16 bits, as RFC 7598 and `mapcalc` give it.
    pub fn psid_left_aligned(&self) -> u16 {
        self.port_set.psid_left_aligned()
    }
}

/// The index of the BMR of `end_user_prefix/prefix_len` among `rules`:
/// the rule with the longest IPv6 prefix that covers it with room for the
/// EA bits (RFC 7597 §5.2); the first of equals.
pub fn select_bmr(rules: &[Rule], end_user_prefix: &Ipv6, prefix_len: u8) -> Option<usize> {
    let mut best: Option<(usize, u8)> = None;
    for (i, r) in rules.iter().enumerate() {
        let longer = match best {
            Some((_, len)) => r.ipv6_len > len,
            None => true,
        };
        if longer && r.matches_end_user_prefix(end_user_prefix, prefix_len) {
            best = Some((i, r.ipv6_len));
        }
    }
    best.map(|(i, _)| i)
}

/// The CE parameters of `end_user_prefix/prefix_len` under its BMR among
/// `rules` ([`select_bmr`], [`Rule::derive`]).
pub fn derive(
    end_user_prefix: &Ipv6,
    prefix_len: u8,
    rules: &[Rule],
) -> Result<Derived, DeriveError> {
    if prefix_len > 128 {
        return Err(DeriveError::PrefixLen);
    }
    let i = select_bmr(rules, end_user_prefix, prefix_len).ok_or(DeriveError::NoRule)?;
    rules
        .get(i)
        .ok_or(DeriveError::NoRule)?
        .derive(end_user_prefix, prefix_len)
}

/// The FMR for IPv4 destination `ipv4`: the FMR among `rules` with the
/// longest IPv4 prefix containing it; the first of equals. Rules that are
/// not FMRs do not count.
pub fn find_rule(rules: &[Rule], ipv4: Ipv4) -> Option<&Rule> {
    longest_match(rules, ipv4, true)
}

/// The rule among `rules`, FMR or not, with the longest IPv4 prefix
/// containing `ipv4`; the first of equals.
pub fn find_any_rule(rules: &[Rule], ipv4: Ipv4) -> Option<&Rule> {
    longest_match(rules, ipv4, false)
}

fn longest_match(rules: &[Rule], ipv4: Ipv4, fmr_only: bool) -> Option<&Rule> {
    let mut best: Option<&Rule> = None;
    for r in rules {
        let longer = match best {
            Some(b) => r.ipv4_len > b.ipv4_len,
            None => true,
        };
        if longer && (r.fmr || !fmr_only) && r.contains_ipv4(ipv4) {
            best = Some(r);
        }
    }
    best
}

/// The IPv6 address of the CE owning `ipv4` and `port` under the FMRs
/// among `rules` ([`find_rule`], [`Rule::ce_address_for`]); `None` if no
/// FMR covers `ipv4` (send to the BR) or no CE owns `port`.
pub fn ce_address_for(rules: &[Rule], ipv4: Ipv4, port: u16) -> Option<Ipv6> {
    find_rule(rules, ipv4)?.ce_address_for(ipv4, port)
}

/// RFC 7597 §8.1 source check of a packet from another CE: the outer IPv6
/// source must be the address of the CE that owns the inner IPv4 source
/// and source port under the FMRs among `rules`. False when no FMR covers
/// the inner source (the packet is not from a CE of the domain: only the
/// BR may send it) or no CE owns the port.
pub fn check_source(rules: &[Rule], outer_src: &Ipv6, inner_src: Ipv4, inner_port: u16) -> bool {
    ce_address_for(rules, inner_src, inner_port).is_some_and(|a| a == *outer_src)
}
