// SPDX-License-Identifier: GPL-2.0

//! RFC 4285 MN-HA authentication: binding updates checked, binding
//! acknowledgements signed, with HMAC-SHA1-96 from the kernel crypto API and
//! MESG-ID timestamps against replays.

use crate::ha::{Acl, BuInfo};
use crate::mh;
use crate::support::crypto::Mac;
use crate::support::ipv6::{self, Addr};
use kernel::c_str;
use kernel::prelude::*;
use kernel::sync::Arc;

/// Longest MH this module authenticates (its BUs and BAs are far shorter).
const MAX_MH: usize = 256;
/// SHA-1 digest length.
const SHA1_LEN: usize = 20;

/// A MN-HA key: its SPI and keyed HMAC-SHA1.
pub(crate) struct Key {
    pub(crate) spi: u32,
    pub(crate) mac: Mac,
}

impl Key {
    /// A key for HMAC-SHA1. Process context.
    pub(crate) fn new(spi: u32, key: &[u8]) -> Result<Arc<Key>> {
        let mac = Mac::new(c_str!("hmac(sha1)"), key)?;
        if mac.len() != SHA1_LEN {
            return Err(EINVAL);
        }
        Ok(Arc::new(Key { spi, mac }, GFP_KERNEL)?)
    }

    /// The 96-bit authenticator of `mh` sent between `coa` and `hoa`.
    fn authenticator(
        &self,
        auth: &mh::AuthOption,
        coa: &Addr,
        hoa: &Addr,
        mh: &[u8],
    ) -> Option<[u8; 12]> {
        let mut input = [0u8; 32 + MAX_MH];
        let n = mh::write_mac_input(auth, coa, hoa, mh, &mut input)?;
        let mut digest = [0u8; SHA1_LEN];
        self.mac.digest(&input[..n], &mut digest).ok()?;
        let mut out = [0u8; 12];
        out.copy_from_slice(&digest[..12]);
        Some(out)
    }
}

/// The current time as an RFC 4285 MESG-ID (NTP timestamp).
pub(crate) fn now_mesg_id() -> u64 {
    let ns = ipv6::real_time_ns();
    mh::ntp_timestamp(ns / 1_000_000_000, (ns % 1_000_000_000) as u32)
}

/// Checks a BU for an access list entry. `Ok(Some(key, mesg_id))` when the
/// entry has a key and the BU is authentic and fresh, `Ok(None)` when the
/// entry has no key; else the BA status to answer with (RFC 4285 §5, §6):
/// 145 for a missing, stale or replayed MESG-ID, 146 for a missing or wrong
/// authenticator.
pub(crate) fn check_bu(
    acl: &mut Acl,
    bu: &BuInfo<'_>,
) -> core::result::Result<Option<(Arc<Key>, u64)>, u8> {
    let Some(key) = acl.key.clone() else {
        return Ok(None);
    };
    let Some(ts) = mh::find_mesg_id(bu.mh) else {
        return Err(mh::BA_MESG_ID_REQUIRED);
    };
    let auth = match mh::find_auth(bu.mh) {
        Ok(Some(a)) => a,
        _ => return Err(mh::BA_AUTH_FAILED),
    };
    let bytes = bu.mh.bytes();
    if auth.subtype != mh::AUTH_SUBTYPE_MN_HA || auth.spi != key.spi || auth.data_len != 12 {
        return Err(mh::BA_AUTH_FAILED);
    }
    // The care-of address is the packet's source (RFC 4285 §5.2).
    match key.authenticator(&auth, &bu.src, &bu.hoa, bytes) {
        Some(good) if mh::auth_eq(&good, auth.authenticator(bytes)) => {}
        _ => return Err(mh::BA_AUTH_FAILED),
    }
    if !mh::mesg_id_fresh(ts, now_mesg_id(), acl.window)
        || (acl.last_mesg_id != 0 && ts <= acl.last_mesg_id)
    {
        return Err(mh::BA_MESG_ID_REQUIRED);
    }
    acl.last_mesg_id = ts;
    Ok(Some((key, ts)))
}

/// Whether the BA `ba` sent to `coa` for `hoa` carries a valid MN-HA
/// authenticator of `key` (RFC 4285 §5).
pub(crate) fn check_ba(key: &Key, coa: &Addr, hoa: &Addr, ba: &mh::Mh<'_>) -> bool {
    let Ok(Some(auth)) = mh::find_auth(ba) else {
        return false;
    };
    if auth.subtype != mh::AUTH_SUBTYPE_MN_HA || auth.spi != key.spi || auth.data_len != 12 {
        return false;
    }
    let bytes = ba.bytes();
    matches!(key.authenticator(&auth, coa, hoa, bytes),
             Some(good) if mh::auth_eq(&good, auth.authenticator(bytes)))
}

/// Signs the BU or BA in `mh` (built with a MESG-ID and a zeroed MN-HA
/// option last) for `coa` and `hoa`. Returns whether it could.
pub(crate) fn sign(key: &Key, coa: &Addr, hoa: &Addr, mh_buf: &mut [u8]) -> bool {
    let auth = match mh::parse(mh_buf).map(|m| mh::find_auth(&m)) {
        Ok(Ok(Some(a))) => a,
        _ => return false,
    };
    match key.authenticator(&auth, coa, hoa, mh_buf) {
        Some(a) => auth.set_authenticator(mh_buf, &a),
        None => false,
    }
}
