// SPDX-License-Identifier: GPL-2.0

//! Mobility options: the TLVs after an MH message's fixed fields (RFC 6275
//! §6.2; RFC 3963 §4.3; RFC 4283; RFC 4285; RFC 5568 §6.4.3).

use super::{be16, be32, be64, get, Addr, BuildError, Writer};

/// Mobility option Pad1: one octet, no length (RFC 6275 §6.2.2).
pub const MOPT_PAD1: u8 = 0;
/// Mobility option PadN (§6.2.3).
pub const MOPT_PADN: u8 = 1;
/// Mobility option Binding Refresh Advice (§6.2.4).
pub const MOPT_BRA: u8 = 2;
/// Mobility option Alternate Care-of Address (§6.2.5).
pub const MOPT_ALT_COA: u8 = 3;
/// Mobility option Nonce Indices (§6.2.6).
pub const MOPT_NONCE_INDICES: u8 = 4;
/// Mobility option Binding Authorization Data (§6.2.7).
pub const MOPT_BAD: u8 = 5;
/// Mobility option Mobile Network Prefix (RFC 3963 §4.3).
pub const MOPT_MNP: u8 = 6;
/// Mobility option Mobility Header Link-Layer Address (RFC 5568 §6.4.3).
pub const MOPT_LLA: u8 = 7;
/// Mobility option Mobile Node Identifier (RFC 4283 §3).
pub const MOPT_MN_ID: u8 = 8;
/// Mobility option Mobility Message Authentication (RFC 4285 §4).
pub const MOPT_AUTH: u8 = 9;
/// Mobility option Mobility Message Replay Protection, MESG-ID (RFC 4285
/// §6).
pub const MOPT_MESG_ID: u8 = 10;

/// MN-ID subtype: Network Access Identifier (RFC 4283 §3).
pub const MN_ID_SUBTYPE_NAI: u8 = 1;

/// The alignment requirement `xn + y` of a mobility option type, as `(x,
/// y)`: its Type octet must sit `y` octets past a multiple of `x` from the
/// start of the MH (RFC 6275 §6.2; RFC 3963 §4.3; RFC 4285 §4, §6). `None`
/// for types without one (padding, link-layer address, MN-ID, unknown).
pub fn option_alignment(opt_type: u8) -> Option<(usize, usize)> {
    match opt_type {
        MOPT_BRA | MOPT_NONCE_INDICES => Some((2, 0)),
        MOPT_ALT_COA => Some((8, 6)),
        MOPT_BAD | MOPT_MESG_ID => Some((8, 2)),
        MOPT_MNP => Some((8, 4)),
        MOPT_AUTH => Some((4, 1)),
        _ => None,
    }
}

/// A mobility option.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MobOpt<'a> {
    /// Pad1: one octet of padding (RFC 6275 §6.2.2).
    Pad1,
    /// PadN: its data, to be ignored whatever it holds (§6.2.3).
    PadN(&'a [u8]),
    /// Binding Refresh Advice: refresh interval in 4-second units (§6.2.4).
    BindingRefreshAdvice(u16),
    /// Alternate Care-of Address (§6.2.5).
    AltCoa(Addr),
    /// Nonce Indices (§6.2.6).
    NonceIndices {
        /// Home Nonce Index.
        home: u16,
        /// Care-of Nonce Index.
        care_of: u16,
    },
    /// Binding Authorization Data: the 96-bit authenticator of return
    /// routability (§6.2.7).
    BindingAuthData([u8; 12]),
    /// Mobile Network Prefix (RFC 3963 §4.3).
    MobileNetworkPrefix {
        /// Prefix length, at most 128.
        prefix_len: u8,
        /// The prefix.
        prefix: Addr,
    },
    /// Mobility Header Link-Layer Address (RFC 5568 §6.4.3).
    LinkLayerAddress {
        /// Option-Code (2: link-layer address of the mobile node).
        option_code: u8,
        /// The address.
        address: &'a [u8],
    },
    /// Mobile Node Identifier (RFC 4283 §3).
    MnId {
        /// Subtype; [`MN_ID_SUBTYPE_NAI`] for an NAI.
        subtype: u8,
        /// The identifier.
        id: &'a [u8],
    },
    /// Mobility Message Authentication (RFC 4285 §4): must be the last
    /// option ([`find_auth`](super::find_auth)).
    Auth {
        /// Subtype: [`AUTH_SUBTYPE_MN_HA`](super::AUTH_SUBTYPE_MN_HA) or
        /// [`AUTH_SUBTYPE_MN_AAA`](super::AUTH_SUBTYPE_MN_AAA).
        subtype: u8,
        /// Mobility SPI.
        spi: u32,
        /// Authentication Data (12 octets for HMAC-SHA1-96).
        data: &'a [u8],
    },
    /// MESG-ID: a 64-bit NTP timestamp against replays (RFC 4285 §6).
    MesgId(u64),
    /// A type this codec does not know, to be skipped (RFC 6275 §6.2.1).
    Unknown {
        /// Option Type.
        opt_type: u8,
        /// Option Data.
        data: &'a [u8],
    },
}

impl MobOpt<'_> {
    /// The Option Type.
    pub fn opt_type(&self) -> u8 {
        match self {
            MobOpt::Pad1 => MOPT_PAD1,
            MobOpt::PadN(_) => MOPT_PADN,
            MobOpt::BindingRefreshAdvice(_) => MOPT_BRA,
            MobOpt::AltCoa(_) => MOPT_ALT_COA,
            MobOpt::NonceIndices { .. } => MOPT_NONCE_INDICES,
            MobOpt::BindingAuthData(_) => MOPT_BAD,
            MobOpt::MobileNetworkPrefix { .. } => MOPT_MNP,
            MobOpt::LinkLayerAddress { .. } => MOPT_LLA,
            MobOpt::MnId { .. } => MOPT_MN_ID,
            MobOpt::Auth { .. } => MOPT_AUTH,
            MobOpt::MesgId(_) => MOPT_MESG_ID,
            MobOpt::Unknown { opt_type, .. } => *opt_type,
        }
    }

    /// Whether this is Pad1 or PadN.
    pub fn is_padding(&self) -> bool {
        matches!(self, MobOpt::Pad1 | MobOpt::PadN(_))
    }
}

/// A malformed mobility option. Offsets are from the start of the MH.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptError {
    /// The option's length octet or data runs past the end of the MH.
    Truncated {
        /// Offset of the option's Type octet.
        offset: usize,
    },
    /// A data length the option type does not allow (RFC 6275 §6.2: exact
    /// lengths, minimums for variable ones).
    BadLength {
        /// Offset of the option's Type octet.
        offset: usize,
        /// Option Type.
        opt_type: u8,
    },
    /// A Mobile Network Prefix with a prefix length over 128.
    BadPrefixLength {
        /// Offset of the option's Type octet.
        offset: usize,
    },
    /// An option not at its alignment ([`option_alignment`]); reported only
    /// by [`Options::check_alignment`].
    Misaligned {
        /// Offset of the option's Type octet.
        offset: usize,
        /// Option Type.
        opt_type: u8,
    },
    /// An option other than padding after the authentication option (RFC
    /// 4285 §4); reported only by [`find_auth`](super::find_auth).
    AuthNotLast {
        /// Offset of the authentication option's Type octet.
        offset: usize,
    },
}

impl OptError {
    /// Offset of the offending option from the start of the MH.
    pub fn offset(self) -> usize {
        match self {
            OptError::Truncated { offset }
            | OptError::BadLength { offset, .. }
            | OptError::BadPrefixLength { offset }
            | OptError::Misaligned { offset, .. }
            | OptError::AuthNotLast { offset } => offset,
        }
    }
}

/// The data length an option type needs: `(minimum, exact)`.
fn data_len_rule(opt_type: u8) -> (usize, bool) {
    match opt_type {
        MOPT_BRA => (2, true),
        MOPT_ALT_COA => (16, true),
        MOPT_NONCE_INDICES => (4, true),
        MOPT_BAD => (12, true),
        MOPT_MNP => (18, true),
        MOPT_MESG_ID => (8, true),
        MOPT_LLA | MOPT_MN_ID => (1, false),
        MOPT_AUTH => (5, false),
        _ => (0, false),
    }
}

/// Decodes option `opt_type` with `data`, the option at `offset`.
fn decode(offset: usize, opt_type: u8, data: &[u8]) -> Result<MobOpt<'_>, OptError> {
    let (min, exact) = data_len_rule(opt_type);
    if data.len() < min || (exact && data.len() != min) {
        return Err(OptError::BadLength { offset, opt_type });
    }
    let bad = OptError::BadLength { offset, opt_type };
    Ok(match opt_type {
        MOPT_PADN => MobOpt::PadN(data),
        MOPT_BRA => MobOpt::BindingRefreshAdvice(be16(data, 0).ok_or(bad)?),
        MOPT_ALT_COA => MobOpt::AltCoa(get(data, 0).ok_or(bad)?),
        MOPT_NONCE_INDICES => MobOpt::NonceIndices {
            home: be16(data, 0).ok_or(bad)?,
            care_of: be16(data, 2).ok_or(bad)?,
        },
        MOPT_BAD => MobOpt::BindingAuthData(get(data, 0).ok_or(bad)?),
        MOPT_MNP => {
            let prefix_len = *data.get(1).ok_or(bad)?;
            if prefix_len > 128 {
                return Err(OptError::BadPrefixLength { offset });
            }
            MobOpt::MobileNetworkPrefix {
                prefix_len,
                prefix: get(data, 2).ok_or(bad)?,
            }
        }
        MOPT_LLA => {
            let (&option_code, address) = data.split_first().ok_or(bad)?;
            MobOpt::LinkLayerAddress {
                option_code,
                address,
            }
        }
        MOPT_MN_ID => {
            let (&subtype, id) = data.split_first().ok_or(bad)?;
            MobOpt::MnId { subtype, id }
        }
        MOPT_AUTH => MobOpt::Auth {
            subtype: *data.first().ok_or(bad)?,
            spi: be32(data, 1).ok_or(bad)?,
            data: data.get(5..).ok_or(bad)?,
        },
        MOPT_MESG_ID => MobOpt::MesgId(be64(data, 0).ok_or(bad)?),
        _ => MobOpt::Unknown { opt_type, data },
    })
}

/// The mobility options of an MH: an iterator of `(offset, option)`,
/// offsets from the start of the MH, padding included. It stops after the
/// first error, which it yields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options<'a> {
    mh: &'a [u8],
    start: usize,
    pos: usize,
    failed: bool,
}

impl<'a> Options<'a> {
    /// The options of `mh` (exactly the MH's octets) from offset `start`.
    pub fn new(mh: &'a [u8], start: usize) -> Self {
        Options {
            mh,
            start,
            pos: start,
            failed: false,
        }
    }

    /// The MH the options are in.
    pub fn mh_bytes(&self) -> &'a [u8] {
        self.mh
    }

    /// Offset of the first option from the start of the MH.
    pub fn start(&self) -> usize {
        self.start
    }

    /// The first error of a walk over all the options, if any: structure
    /// and lengths (what [`parse`](super::parse) already checked).
    pub fn check(&self) -> Result<(), OptError> {
        let mut o = self.restart();
        o.try_for_each(|r| r.map(|_| ()))
    }

    /// Checks also that every option sits at its alignment
    /// ([`option_alignment`], RFC 6275 §6.2). A sender's duty: a receiver
    /// may choose not to insist.
    pub fn check_alignment(&self) -> Result<(), OptError> {
        for r in self.restart() {
            let (offset, opt) = r?;
            let opt_type = opt.opt_type();
            if let Some((x, y)) = option_alignment(opt_type) {
                if offset % x != y {
                    return Err(OptError::Misaligned { offset, opt_type });
                }
            }
        }
        Ok(())
    }

    fn restart(&self) -> Self {
        Options::new(self.mh, self.start)
    }
}

impl<'a> Iterator for Options<'a> {
    type Item = Result<(usize, MobOpt<'a>), OptError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let offset = self.pos;
        let opt_type = *self.mh.get(offset)?;
        if opt_type == MOPT_PAD1 {
            self.pos = offset.checked_add(1)?;
            return Some(Ok((offset, MobOpt::Pad1)));
        }
        let r = self.tlv(offset, opt_type);
        if r.is_err() {
            self.failed = true;
        }
        Some(r)
    }
}

impl<'a> Options<'a> {
    fn tlv(&mut self, offset: usize, opt_type: u8) -> Result<(usize, MobOpt<'a>), OptError> {
        let trunc = OptError::Truncated { offset };
        let len_at = offset.checked_add(1).ok_or(trunc)?;
        let len = usize::from(*self.mh.get(len_at).ok_or(trunc)?);
        let data_at = offset.checked_add(2).ok_or(trunc)?;
        let end = data_at.checked_add(len).ok_or(trunc)?;
        let data = self.mh.get(data_at..end).ok_or(trunc)?;
        self.pos = end;
        Ok((offset, decode(offset, opt_type, data)?))
    }
}

/// Writes an option with its type, length and data.
fn tlv(w: &mut Writer<'_>, opt_type: u8, parts: &[&[u8]]) -> Result<(), BuildError> {
    let len = parts.iter().try_fold(0usize, |a, p| a.checked_add(p.len()));
    let len = len
        .and_then(|l| u8::try_from(l).ok())
        .ok_or(BuildError::TooLong)?;
    w.put(&[opt_type, len])?;
    for p in parts {
        w.put(p)?;
    }
    Ok(())
}

/// Writes `opt`, preceded by the padding its alignment needs.
fn write_option(w: &mut Writer<'_>, opt: &MobOpt<'_>) -> Result<(), BuildError> {
    let t = opt.opt_type();
    if let Some((x, y)) = option_alignment(t) {
        w.align(x, y)?;
    }
    match *opt {
        MobOpt::Pad1 => w.u8(MOPT_PAD1),
        MobOpt::PadN(data) => tlv(w, t, &[data]),
        MobOpt::BindingRefreshAdvice(v) => tlv(w, t, &[&v.to_be_bytes()]),
        MobOpt::AltCoa(a) => tlv(w, t, &[&a]),
        MobOpt::NonceIndices { home, care_of } => {
            tlv(w, t, &[&home.to_be_bytes(), &care_of.to_be_bytes()])
        }
        MobOpt::BindingAuthData(d) => tlv(w, t, &[&d]),
        MobOpt::MobileNetworkPrefix { prefix_len, prefix } => {
            if prefix_len > 128 {
                return Err(BuildError::Invalid);
            }
            tlv(w, t, &[&[0, prefix_len], &prefix])
        }
        MobOpt::LinkLayerAddress {
            option_code,
            address,
        } => tlv(w, t, &[&[option_code], address]),
        MobOpt::MnId { subtype, id } => tlv(w, t, &[&[subtype], id]),
        MobOpt::Auth { subtype, spi, data } => tlv(w, t, &[&[subtype], &spi.to_be_bytes(), data]),
        MobOpt::MesgId(ts) => {
            w.put(&[t, 8])?;
            w.u64(ts)
        }
        MobOpt::Unknown { opt_type, data } => {
            if opt_type <= MOPT_MESG_ID {
                return Err(BuildError::Invalid);
            }
            tlv(w, opt_type, &[data])
        }
    }
}

/// Writes `opts` at their alignments; the authentication option must be
/// the last one but padding.
pub(super) fn write_options(w: &mut Writer<'_>, opts: &[MobOpt<'_>]) -> Result<(), BuildError> {
    let mut auth_seen = false;
    for opt in opts {
        if auth_seen && !opt.is_padding() {
            return Err(BuildError::AuthNotLast);
        }
        auth_seen |= matches!(opt, MobOpt::Auth { .. });
        write_option(w, opt)?;
    }
    Ok(())
}
