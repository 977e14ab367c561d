// SPDX-License-Identifier: GPL-2.0

//! 6bed4 addresses: the IPv4 address, UDP port and lanip in the interface
//! identifier, the peer's /114, the router's /64, and the 6-octet
//! link-layer address form of an endpoint.
//!
//! ```text
//! octet  0-7    /64 prefix
//! octet  8      IPv4[0] & 0xfc    (the IID's u/g bits, 0x02 and 0x01, clear)
//! octets 9-11   IPv4[1..3]
//! octets 12-13  UDP port, network order (the "port word")
//! octet  14     (IPv4[0] & 0x03) << 6 | lanip[13:8]
//! octet  15     lanip[7:0]
//! ```

/// An IPv4 address, in network order.
pub type Ipv4 = [u8; 4];

/// An IPv6 address, in network order.
pub type Ipv6 = [u8; 16];

/// The link-layer address of a 6bed4 endpoint as ND options carry it:
/// `port_lo, port_hi, IPv4[0], IPv4[1], IPv4[2], IPv4[3]`.
pub type LlAddr = [u8; 6];

/// The UDP port of 6bed4 routers (0x64be).
pub const PORT: u16 = 25790;

/// Bits of the lanip, the low end of the interface identifier.
pub const LANIP_BITS: u32 = 14;
/// The largest lanip.
pub const LANIP_MAX: u16 = 0x3fff;
/// The lanip of the router in each peer's /114.
pub const LANIP_ROUTER: u16 = 0;
/// The lanip of the peer itself; 2 to [`LANIP_MAX`] are hosts behind it.
pub const LANIP_PEER: u16 = 1;

/// Length of the prefix a peer owns: everything but the lanip.
pub const PEER_PREFIX_LEN: u8 = 114;
/// Length of the router's prefix, in front of every 6bed4 address.
pub const ROUTER_PREFIX_LEN: u8 = 64;

/// fe80::/64, link-local addresses.
pub const LINK_LOCAL_PREFIX: [u8; 8] = [0xfe, 0x80, 0, 0, 0, 0, 0, 0];

/// The public router of the reference implementation, 145.136.0.1
/// (port [`PORT`]).
pub const PUBLIC_ROUTER: Ipv4 = [145, 136, 0, 1];
/// The network identifier a router puts into a /16 or /48 prefix unless
/// told otherwise ([`router_prefix64`]).
pub const DEFAULT_NETID: u16 = 0x0bed;
/// The router's prefix unless told otherwise: fc64::/16, which becomes
/// `fc64:0bed:<router IPv4>::/64`.
pub const DEFAULT_PREFIX: Ipv6 = [0xfc, 0x64, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
/// Length of [`DEFAULT_PREFIX`].
pub const DEFAULT_PREFIX_LEN: u8 = 16;

/// What a 6bed4 address says: where its owner's datagrams come from and
/// go to, and which of the owner's hosts it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Endpoint {
    /// Public IPv4 address of the peer (its NAT's, as the router sees it).
    pub ipv4: Ipv4,
    /// Public UDP port of the peer; never 0.
    pub port: u16,
    /// The host in the peer's /114: [`LANIP_ROUTER`], [`LANIP_PEER`] or one
    /// behind the peer; at most [`LANIP_MAX`].
    pub lanip: u16,
}

/// The first 64 bits of `addr`.
pub fn prefix64(addr: &Ipv6) -> [u8; 8] {
    let [a0, a1, a2, a3, a4, a5, a6, a7, ..] = *addr;
    [a0, a1, a2, a3, a4, a5, a6, a7]
}

/// The 6bed4 address of host `lanip` of the peer at `ipv4`:`port` under the
/// router prefix `prefix64`. Bits of `lanip` above its 14 are dropped.
///
/// 192.0.2.1 port 0x64be lanip 1 under `2001:db8::/64`:
/// `2001:db8::c000:201:64be:1` (192 = 0xc0: `0xc0 & 0xfc` in octet 8,
/// `0xc0 & 3 = 0` in the top of octet 14).
pub fn encode(prefix64: &[u8; 8], ipv4: Ipv4, port: u16, lanip: u16) -> Ipv6 {
    let [p0, p1, p2, p3, p4, p5, p6, p7] = *prefix64;
    let [v0, v1, v2, v3] = ipv4;
    let [port_hi, port_lo] = port.to_be_bytes();
    let [lan_hi, lan_lo] = (lanip & LANIP_MAX).to_be_bytes();
    [
        p0,
        p1,
        p2,
        p3,
        p4,
        p5,
        p6,
        p7,
        v0 & 0xfc,
        v1,
        v2,
        v3,
        port_hi,
        port_lo,
        ((v0 & 0x03) << 6) | lan_hi,
        lan_lo,
    ]
}

/// The port word of `addr`: octets 12-13, where a 6bed4 address has its UDP
/// port. 0 is never a 6bed4 peer.
pub fn port_word(addr: &Ipv6) -> u16 {
    u16::from_be_bytes([addr[12], addr[13]])
}

/// The IPv4 address `addr` embeds (octets 8-11 and the top of 14), whether
/// or not it is a 6bed4 address.
pub fn embedded_ipv4(addr: &Ipv6) -> Ipv4 {
    [
        (addr[8] & 0xfc) | (addr[14] >> 6),
        addr[9],
        addr[10],
        addr[11],
    ]
}

/// The lanip of `addr`: its low 14 bits.
pub fn lanip(addr: &Ipv6) -> u16 {
    u16::from_be_bytes([addr[14], addr[15]]) & LANIP_MAX
}

/// `addr` with its lanip replaced by `lanip` (bits above its 14 dropped).
pub fn with_lanip(addr: &Ipv6, lanip: u16) -> Ipv6 {
    let mut out = *addr;
    let [hi, lo] = (lanip & LANIP_MAX).to_be_bytes();
    out[14] = (addr[14] & 0xc0) | hi;
    out[15] = lo;
    out
}

/// The endpoint and lanip that `addr` embeds; `None` if its port word is 0:
/// not a 6bed4 peer (a native host, or no 6bed4 address at all). The
/// prefix is not looked at: see [`in_prefix`] and [`destination`].
pub fn decode(addr: &Ipv6) -> Option<Endpoint> {
    let port = port_word(addr);
    if port == 0 {
        return None;
    }
    Some(Endpoint {
        ipv4: embedded_ipv4(addr),
        port,
        lanip: lanip(addr),
    })
}

/// Whether `addr` has port word 0: a native host in the router's /64
/// (reached through /128 or /112 routes more specific than the tunnel's
/// /64), never a 6bed4 peer.
pub fn is_native(addr: &Ipv6) -> bool {
    port_word(addr) == 0
}

/// The /114 the router gives the peer it sees at `ipv4`:`port` (from the
/// UDP datagram, not from anything inside it): the 6bed4 address with
/// lanip 0, which is also the router's own address in that /114.
pub fn peer_prefix_114(prefix64: &[u8; 8], ipv4: Ipv4, port: u16) -> Ipv6 {
    encode(prefix64, ipv4, port, LANIP_ROUTER)
}

/// The peer's own address in the /114 `prefix114`: lanip 1.
pub fn peer_address(prefix114: &Ipv6) -> Ipv6 {
    with_lanip(prefix114, LANIP_PEER)
}

/// Octet `i` of the netmask of a `/len` prefix.
fn mask_octet(len: u8, i: usize) -> u8 {
    let first_bit = i.saturating_mul(8);
    let n = usize::from(len).saturating_sub(first_bit).min(8);
    // The top n bits: those that a right shift by n (8: all) leaves clear.
    let n = u32::try_from(n).unwrap_or(8);
    !0xffu8.checked_shr(n).unwrap_or(0)
}

/// `addr` with the bits after its first `len` cleared (lengths over 128
/// count as 128).
pub fn mask_prefix(addr: &Ipv6, len: u8) -> Ipv6 {
    let mut out = *addr;
    for (i, o) in out.iter_mut().enumerate() {
        *o &= mask_octet(len, i);
    }
    out
}

/// Whether `addr` is inside `prefix/len` (bits of `prefix` after `len` do
/// not matter; lengths over 128 count as 128).
pub fn in_prefix(addr: &Ipv6, prefix: &Ipv6, len: u8) -> bool {
    addr.iter()
        .zip(prefix.iter())
        .enumerate()
        .all(|(i, (x, y))| (x ^ y) & mask_octet(len, i) == 0)
}

/// Whether the first 64 bits of `addr` are `prefix64`.
pub fn in_prefix64(addr: &Ipv6, prefix64: &[u8; 8]) -> bool {
    self::prefix64(addr) == *prefix64
}

/// The router's /64 from its configured prefix (`-L`) of length `len`:
///
/// - /16: the prefix, then `netid`, then the router's IPv4 address;
/// - /32: the prefix, then the router's IPv4 address;
/// - /48: the prefix, then `netid`;
/// - /64: the prefix as it is.
///
/// Bits of `prefix` after `len` do not matter. `None` for other lengths
/// (the reference has none; fd00::/8-style prefixes are not implemented
/// there either). The default, [`DEFAULT_PREFIX`]/16 with
/// [`DEFAULT_NETID`], gives `fc64:0bed:<router IPv4>::/64`.
pub fn router_prefix64(prefix: &Ipv6, len: u8, netid: u16, router: Ipv4) -> Option<[u8; 8]> {
    let [p0, p1, p2, p3, p4, p5, p6, p7, ..] = *prefix;
    let [n0, n1] = netid.to_be_bytes();
    let [v0, v1, v2, v3] = router;
    match len {
        16 => Some([p0, p1, n0, n1, v0, v1, v2, v3]),
        32 => Some([p0, p1, p2, p3, v0, v1, v2, v3]),
        48 => Some([p0, p1, p2, p3, p4, p5, n0, n1]),
        64 => Some([p0, p1, p2, p3, p4, p5, p6, p7]),
        _ => None,
    }
}

/// Where the router sends an IPv6 packet, by its destination address.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Destination {
    /// A 6bed4 peer in the router's /64: over UDP to the IPv4 address and
    /// port in the address (peer to peer through the router).
    Peer(Endpoint),
    /// In the router's /64 with port word 0: a native host there, the
    /// router's own side (the reference's "local override" to its tun).
    Local,
    /// Outside the router's /64: native IPv6, the router's own side.
    Native,
}

/// Where the router sends a packet to `dst` ([`Destination`]), its /64
/// being `prefix64`. Multicast destinations are the caller's to drop
/// before (they are outside any unicast /64, so they come out
/// [`Destination::Native`]).
pub fn destination(dst: &Ipv6, prefix64: &[u8; 8]) -> Destination {
    if !in_prefix64(dst, prefix64) {
        return Destination::Native;
    }
    match decode(dst) {
        Some(e) => Destination::Peer(e),
        None => Destination::Local,
    }
}

/// The link-layer address of `ipv4`:`port`: the port little-endian, then
/// the IPv4 address. Only even, non-zero ports make valid ones
/// ([`lladdr_valid`]).
///
/// 192.0.2.1 port 0xc002: `02:c0:c0:00:02:01`.
pub fn encode_lladdr(ipv4: Ipv4, port: u16) -> LlAddr {
    let [lo, hi] = port.to_le_bytes();
    let [v0, v1, v2, v3] = ipv4;
    [lo, hi, v0, v1, v2, v3]
}

/// The IPv4 address and port of a link-layer address, valid or not.
pub fn decode_lladdr(ll: &LlAddr) -> (Ipv4, u16) {
    let [lo, hi, v0, v1, v2, v3] = *ll;
    ([v0, v1, v2, v3], u16::from_le_bytes([lo, hi]))
}

/// Whether `ll` is a usable link-layer address: bit 0 of its first octet,
/// the low bit of the port, is the Ethernet multicast bit, so only even
/// ports are (peers bind even ports for this); port 0 is never a peer.
pub fn lladdr_valid(ll: &LlAddr) -> bool {
    let (_, port) = decode_lladdr(ll);
    port != 0 && port & 1 == 0
}
