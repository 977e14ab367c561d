// SPDX-License-Identifier: GPL-2.0

//! RFC 4285 authentication of BUs and BAs between mobile node and home
//! agent, without IPsec.
//!
//! The Mobility Message Authentication option (type 9) is the last option of
//! the MH; its Authentication Data for the MN-HA subtype is
//!
//! ```text
//! First(96, HMAC_SHA1(key, CoA | HoA | MH data))
//! ```
//!
//! where MH data is the Mobility Header from its first octet through the
//! option's SPI field, with the MH Checksum field zeroed (RFC 4285 §5). The
//! codec does not compute HMACs (the kernel's crypto API does): it says
//! where the option is ([`find_auth`]), hands out the pieces to MAC in order
//! ([`AuthOption::mac_input`], or copies them, [`write_mac_input`]) and
//! stores the result ([`AuthOption::set_authenticator`]). A MESG-ID option
//! (type 10, a 64-bit NTP timestamp, RFC 4285 §6) protects against replays
//! ([`mesg_id_fresh`]).
//!
//! Sending (MN: BU from CoA with HoA; HA: BA to CoA for HoA):
//! 1. [`build`](super::build) with `[.., MobOpt::MesgId(ts), MobOpt::Auth {
//!    subtype: AUTH_SUBTYPE_MN_HA, spi, data: &[0; 12] }]`;
//! 2. [`parse`](super::parse) and [`find_auth`], HMAC over
//!    [`AuthOption::mac_input`], [`AuthOption::set_authenticator`];
//! 3. [`fill_checksum`](super::fill_checksum) last.
//!
//! Receiving: [`parse`](super::parse), [`find_auth`], HMAC over
//! [`AuthOption::mac_input`], compare with [`AuthOption::authenticator`]
//! in constant time ([`auth_eq`], or the kernel's `crypto_memneq`).

use super::{Addr, Mh, MobOpt, OptError, MH_CSUM_OFFSET};

/// Authentication option subtype: MN-HA (RFC 4285 §4).
pub const AUTH_SUBTYPE_MN_HA: u8 = 1;
/// Authentication option subtype: MN-AAA (RFC 4285 §4).
pub const AUTH_SUBTYPE_MN_AAA: u8 = 2;
/// Length of the HMAC-SHA1-96 authenticator (RFC 4285 §5.1).
pub const AUTH_DATA_LEN: usize = 12;
/// Seconds between 1900-01-01 (the NTP epoch) and 1970-01-01.
pub const NTP_UNIX_OFFSET: u64 = 2_208_988_800;
/// Default MESG-ID replay window of RFC 4285 §6.1, in seconds.
pub const MESG_ID_WINDOW_SECS: u32 = 7;

/// Where the authentication option of an MH is. Offsets are from the start
/// of the MH; the struct holds no borrow, so the MH can be written to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AuthOption {
    /// Offset of the option's Type octet.
    pub offset: usize,
    /// Subtype: [`AUTH_SUBTYPE_MN_HA`] or [`AUTH_SUBTYPE_MN_AAA`].
    pub subtype: u8,
    /// Mobility SPI.
    pub spi: u32,
    /// Offset of the Authentication Data.
    pub data_offset: usize,
    /// Length of the Authentication Data.
    pub data_len: usize,
    /// Length of the MH prefix that is MACed: through the SPI field.
    pub mac_len: usize,
}

/// Two zero octets, standing for the Checksum field in the MAC input.
static ZERO_CSUM: [u8; 2] = [0; 2];

impl AuthOption {
    /// The Authentication Data in `mh` (the MH this was found in); empty if
    /// `mh` is not that long.
    pub fn authenticator<'m>(&self, mh: &'m [u8]) -> &'m [u8] {
        self.data_offset
            .checked_add(self.data_len)
            .and_then(|end| mh.get(self.data_offset..end))
            .unwrap_or(&[])
    }

    /// The octets to MAC, in order: `coa`, `hoa`, the MH up to its Checksum
    /// field, two zeros in its place, the rest of the MH through the SPI
    /// (RFC 4285 §5). Pieces that `mh` is too short for are empty.
    pub fn mac_input<'m>(&self, coa: &'m Addr, hoa: &'m Addr, mh: &'m [u8]) -> [&'m [u8]; 5] {
        let head = mh.get(..MH_CSUM_OFFSET).unwrap_or(&[]);
        let tail = mh.get(MH_CSUM_OFFSET + 2..self.mac_len).unwrap_or(&[]);
        [coa, hoa, head, &ZERO_CSUM, tail]
    }

    /// Stores the first [`data_len`](Self::data_len) octets of `mac` (the
    /// full HMAC output, or already its first 96 bits) as the
    /// Authentication Data of `mh`; false if `mac` is shorter or `mh` does
    /// not hold the option.
    pub fn set_authenticator(&self, mh: &mut [u8], mac: &[u8]) -> bool {
        let Some(src) = mac.get(..self.data_len) else {
            return false;
        };
        let dst = self
            .data_offset
            .checked_add(self.data_len)
            .and_then(|end| mh.get_mut(self.data_offset..end));
        match dst {
            Some(d) => {
                d.copy_from_slice(src);
                true
            }
            None => false,
        }
    }
}

/// Finds the authentication option of `mh` (RFC 4285 §4): `None` if there
/// is none, [`OptError::AuthNotLast`] if an option other than padding
/// follows it (a second authentication option included).
pub fn find_auth(mh: &Mh<'_>) -> Result<Option<AuthOption>, OptError> {
    let mut found: Option<AuthOption> = None;
    for r in mh.options.clone() {
        let (offset, opt) = r?;
        if let Some(a) = found {
            if !opt.is_padding() {
                return Err(OptError::AuthNotLast { offset: a.offset });
            }
        } else if let MobOpt::Auth { subtype, spi, data } = opt {
            // Type, length, subtype, SPI: the option was read, so this
            // stays inside the MH.
            let mac_len = offset.saturating_add(7);
            found = Some(AuthOption {
                offset,
                subtype,
                spi,
                data_offset: mac_len,
                data_len: data.len(),
                mac_len,
            });
        }
    }
    Ok(found)
}

/// The MESG-ID of `mh`, if it has one (RFC 4285 §6).
pub fn find_mesg_id(mh: &Mh<'_>) -> Option<u64> {
    mh.options.clone().find_map(|r| match r {
        Ok((_, MobOpt::MesgId(ts))) => Some(ts),
        _ => None,
    })
}

/// Copies the MAC input ([`AuthOption::mac_input`]) into `out`; returns its
/// length, or `None` if `out` is too small.
pub fn write_mac_input(
    auth: &AuthOption,
    coa: &Addr,
    hoa: &Addr,
    mh: &[u8],
    out: &mut [u8],
) -> Option<usize> {
    let mut pos = 0usize;
    for piece in auth.mac_input(coa, hoa, mh) {
        let end = pos.checked_add(piece.len())?;
        out.get_mut(pos..end)?.copy_from_slice(piece);
        pos = end;
    }
    Some(pos)
}

/// Compares two authenticators without stopping at the first difference.
pub fn auth_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

/// A 64-bit NTP timestamp (RFC 5905 §6: seconds since 1900 in the high 32
/// bits, binary fraction in the low 32) for a Unix time; seconds wrap at
/// the NTP era (2036), nanoseconds past one second count as 999999999.
pub fn ntp_timestamp(unix_secs: u64, nanos: u32) -> u64 {
    let secs = unix_secs.wrapping_add(NTP_UNIX_OFFSET) & 0xffff_ffff;
    let frac = (u64::from(nanos.min(999_999_999)) << 32) / 1_000_000_000;
    (secs << 32) | frac
}

/// Whether a received MESG-ID timestamp `ts` is within `window_secs` of
/// `now` (both NTP timestamps), either side, across an era wrap (RFC 4285
/// §6.1).
pub fn mesg_id_fresh(ts: u64, now: u64, window_secs: u32) -> bool {
    let diff = ts.wrapping_sub(now) as i64;
    diff.unsigned_abs() <= u64::from(window_secs) << 32
}
