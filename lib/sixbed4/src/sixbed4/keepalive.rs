// SPDX-License-Identifier: GPL-2.0

//! Timing of a peer: keepalives that hold its NAT mapping open, and the
//! backoff between Router Solicitations.
//!
//! A keepalive is an empty UDP datagram to the router's port 25790, sent
//! every [`KEEPALIVE_PERIOD`] seconds with IPv4 TTL [`KEEPALIVE_TTL`]: enough
//! to cross the NATs near the peer, too little to reach the router, which
//! would drop it anyway (it is shorter than an IPv6 header,
//! [`IPV6_HEADER_LEN`]).
//!
//! [`IPV6_HEADER_LEN`]: super::IPV6_HEADER_LEN

/// Seconds between keepalives (`-k`'s default).
pub const KEEPALIVE_PERIOD: u32 = 30;
/// IPv4 TTL of keepalives (`-k`'s default).
pub const KEEPALIVE_TTL: u8 = 3;
/// The longest wait between Router Solicitations: the keepalive period.
pub const RS_BACKOFF_MAX: u32 = KEEPALIVE_PERIOD;

/// Seconds to wait after Router Solicitation number `attempt` (from 0)
/// before the next one: 1, 3, 7, 15, ... (`2^(attempt + 1) - 1`), at most
/// [`RS_BACKOFF_MAX`].
pub fn rs_backoff(attempt: u32) -> u32 {
    rs_backoff_max(attempt, RS_BACKOFF_MAX)
}

/// [`rs_backoff`] with a keepalive period of `max` seconds other than the
/// default as its cap.
pub fn rs_backoff_max(attempt: u32, max: u32) -> u32 {
    // A shift by 32 or more is None: far past any cap.
    match 1u32.checked_shl(attempt.saturating_add(1)) {
        Some(v) => v.saturating_sub(1).min(max),
        None => max,
    }
}
