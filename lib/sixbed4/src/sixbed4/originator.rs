// SPDX-License-Identifier: GPL-2.0

//! Whether an IPv6 packet that came over UDP names its sender truthfully
//! (the reference's `validate_originator()`): a 6bed4 source address
//! embeds the public IPv4 address and port of its owner, so a router, and
//! a peer for everything but its router, drop packets whose source does
//! not match the UDP datagram's. Nobody can send as another peer, or from
//! a NAT mapping that has changed (the router answers those with an
//! unsolicited RA carrying the mapping now seen, [`build_ra`]).
//!
//! [`build_ra`]: super::build_ra

use super::{embedded_ipv4, in_prefix64, port_word, Ipv4, Ipv6, LINK_LOCAL_PREFIX};

/// Why a source address does not belong to the UDP sender; one counter
/// each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OriginatorError {
    /// Neither in the router's /64 nor in fe80::/64.
    WrongPrefix,
    /// The port word is not the UDP source port (or is 0: never a peer).
    WrongPort,
    /// The embedded IPv4 address is not the UDP source address.
    WrongIpv4,
}

/// Checks the source address `src` of an IPv6 packet that arrived in a UDP
/// datagram from `udp_ipv4`:`udp_port`, the router's /64 being
/// `prefix64`: its /64 must be `prefix64` or fe80::/64 (a link-local
/// address built the same way, as a peer uses before it has its /114),
/// its port word the UDP source port, and the IPv4 address it embeds the
/// UDP source address. Checked in that order. The lanip is not looked at:
/// every host behind the peer shares its endpoint.
///
/// Unlike the reference, port word 0 is refused even from UDP source port
/// 0: it marks native hosts, never a peer.
pub fn validate_originator(
    src: &Ipv6,
    prefix64: &[u8; 8],
    udp_ipv4: Ipv4,
    udp_port: u16,
) -> Result<(), OriginatorError> {
    if !in_prefix64(src, prefix64) && !in_prefix64(src, &LINK_LOCAL_PREFIX) {
        return Err(OriginatorError::WrongPrefix);
    }
    let port = port_word(src);
    if port == 0 || port != udp_port {
        return Err(OriginatorError::WrongPort);
    }
    if embedded_ipv4(src) != udp_ipv4 {
        return Err(OriginatorError::WrongIpv4);
    }
    Ok(())
}
