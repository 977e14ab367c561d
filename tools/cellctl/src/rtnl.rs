// SPDX-License-Identifier: GPL-2.0
//! A minimal rtnetlink client: what `cellctl map add` and `del` need to put
//! a MAP CE's addresses and default route in place and take them away (an
//! address on a device, a device up, an IPv4 default route via a device),
//! and the IPv6 routes via a device of `cellctl 6bed4 router add` and
//! `peer add`, as `ip addr`, `ip link set up` and `ip route` would. Every
//! request asks for an acknowledgement; the kernel's errors come back with
//! their extended ack.
//!
//! The messages are built by pure functions (tested byte for byte); [`Rtnl`]
//! sends them.

use std::net::{IpAddr, Ipv6Addr};

use crate::attr::{put_bytes, put_u32};
use crate::error::Error;
use crate::nl::{self, KernelError, NlError};

pub const RTM_NEWLINK: u16 = 16;
pub const RTM_NEWADDR: u16 = 20;
pub const RTM_DELADDR: u16 = 21;
pub const RTM_NEWROUTE: u16 = 24;
pub const RTM_DELROUTE: u16 = 25;

/// Request flags of the "new" messages.
pub const NLM_F_EXCL: u16 = 0x200;
pub const NLM_F_CREATE: u16 = 0x400;

/// `struct ifaddrmsg` attributes.
pub const IFA_ADDRESS: u16 = 1;
pub const IFA_LOCAL: u16 = 2;
/// `ifa_flags`: no duplicate address detection (IPv6).
pub const IFA_F_NODAD: u8 = 0x02;

/// `struct rtmsg` attributes and values.
pub const RTA_DST: u16 = 1;
pub const RTA_OIF: u16 = 4;
pub const RTA_PRIORITY: u16 = 6;
pub const RT_TABLE_MAIN: u8 = 254;
/// What `ip route add` sets.
pub const RTPROT_BOOT: u8 = 3;
pub const RT_SCOPE_UNIVERSE: u8 = 0;
pub const RT_SCOPE_LINK: u8 = 253;
pub const RTN_UNICAST: u8 = 1;

const IFF_UP: u32 = 1;

fn family(addr: IpAddr) -> u8 {
    match addr {
        IpAddr::V4(_) => libc::AF_INET as u8,
        IpAddr::V6(_) => libc::AF_INET6 as u8,
    }
}

fn octets(addr: IpAddr) -> Vec<u8> {
    match addr {
        IpAddr::V4(a) => a.octets().to_vec(),
        IpAddr::V6(a) => a.octets().to_vec(),
    }
}

/// The payload of `RTM_NEWADDR`/`RTM_DELADDR` for `addr/prefix_len` on
/// device `ifindex`: `struct ifaddrmsg` (family, prefix length, flags,
/// scope, index), then `IFA_LOCAL` and `IFA_ADDRESS`, both the address
/// (as `ip addr` sends them for an address without a peer).
pub fn addr_msg(addr: IpAddr, prefix_len: u8, ifindex: u32, nodad: bool) -> Vec<u8> {
    let flags = if nodad { IFA_F_NODAD } else { 0 };
    let mut p = vec![family(addr), prefix_len, flags, RT_SCOPE_UNIVERSE];
    p.extend_from_slice(&ifindex.to_ne_bytes());
    let a = octets(addr);
    put_bytes(&mut p, IFA_LOCAL, &a);
    put_bytes(&mut p, IFA_ADDRESS, &a);
    p
}

/// The payload of `RTM_NEWLINK` that sets device `ifindex` up: `struct
/// ifinfomsg` with `IFF_UP` in both flags and change.
pub fn link_up_msg(ifindex: u32) -> Vec<u8> {
    let mut p = vec![libc::AF_UNSPEC as u8, 0, 0, 0];
    p.extend_from_slice(&ifindex.to_ne_bytes());
    p.extend_from_slice(&IFF_UP.to_ne_bytes());
    p.extend_from_slice(&IFF_UP.to_ne_bytes());
    p
}

/// The payload of `RTM_NEWROUTE`/`RTM_DELROUTE` for the IPv4 default route
/// via device `oif` (no gateway): `struct rtmsg` (main table, boot
/// protocol, link scope, unicast), then `RTA_OIF`.
pub fn default_route_msg(oif: u32) -> Vec<u8> {
    let mut p = vec![
        libc::AF_INET as u8,
        0, // dst_len: the default route
        0, // src_len
        0, // tos
        RT_TABLE_MAIN,
        RTPROT_BOOT,
        RT_SCOPE_LINK,
        RTN_UNICAST,
    ];
    p.extend_from_slice(&0u32.to_ne_bytes()); // rtm_flags
    put_u32(&mut p, RTA_OIF, oif);
    p
}

/// The payload of `RTM_NEWROUTE`/`RTM_DELROUTE` for the IPv6 route to
/// `dst/dst_len` via device `oif` (no gateway) of metric `metric` (the
/// kernel's default, 1024, when `None`), as `ip -6 route add dst/dst_len dev
/// X [metric N]` sends it: `struct rtmsg` (main table, boot protocol,
/// universe scope, unicast), then `RTA_DST` (not for the default route,
/// length 0), `RTA_OIF` and `RTA_PRIORITY`.
pub fn route6_msg(dst: Ipv6Addr, dst_len: u8, oif: u32, metric: Option<u32>) -> Vec<u8> {
    let mut p = vec![
        libc::AF_INET6 as u8,
        dst_len,
        0, // src_len
        0, // tos
        RT_TABLE_MAIN,
        RTPROT_BOOT,
        RT_SCOPE_UNIVERSE,
        RTN_UNICAST,
    ];
    p.extend_from_slice(&0u32.to_ne_bytes()); // rtm_flags
    if dst_len > 0 {
        put_bytes(&mut p, RTA_DST, &dst.octets());
    }
    put_u32(&mut p, RTA_OIF, oif);
    if let Some(m) = metric {
        put_u32(&mut p, RTA_PRIORITY, m);
    }
    p
}

/// An rtnetlink socket.
pub struct Rtnl {
    sock: nl::Socket,
}

impl Rtnl {
    pub fn open() -> Result<Rtnl, Error> {
        let sock = nl::Socket::open(libc::NETLINK_ROUTE)
            .map_err(|e| Error::sys("opening rtnetlink socket", e))?;
        Ok(Rtnl { sock })
    }

    fn request(&mut self, op: &'static str, ty: u16, flags: u16, p: &[u8]) -> Result<(), Error> {
        self.sock
            .request(ty, flags, p)
            .map(drop)
            .map_err(|e| Error::from_nl("rtnetlink", op, e))
    }

    /// Adds `addr/prefix_len` to device `ifindex` (an IPv6 one without
    /// duplicate address detection when `nodad`); `EEXIST` if it is there.
    pub fn add_addr(
        &mut self,
        addr: IpAddr,
        prefix_len: u8,
        ifindex: u32,
        nodad: bool,
    ) -> Result<(), Error> {
        let p = addr_msg(addr, prefix_len, ifindex, nodad);
        self.request("newaddr", RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, &p)
    }

    /// Removes `addr/prefix_len` from device `ifindex`;
    /// `EADDRNOTAVAIL` if it is not there.
    pub fn del_addr(&mut self, addr: IpAddr, prefix_len: u8, ifindex: u32) -> Result<(), Error> {
        let p = addr_msg(addr, prefix_len, ifindex, false);
        self.request("deladdr", RTM_DELADDR, 0, &p)
    }

    /// Sets device `ifindex` up.
    pub fn set_up(&mut self, ifindex: u32) -> Result<(), Error> {
        self.request("newlink", RTM_NEWLINK, 0, &link_up_msg(ifindex))
    }

    /// Adds the IPv4 default route via device `oif`; an existing default
    /// route of the main table is an error (`EEXIST`), said so.
    pub fn add_default_route(&mut self, oif: u32) -> Result<(), Error> {
        let p = default_route_msg(oif);
        match self
            .sock
            .request(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, &p)
        {
            Err(NlError::Kernel(mut k)) if k.errno == libc::EEXIST && k.extack.is_none() => {
                k.extack = Some("an IPv4 default route exists already".into());
                Err(Error::from_nl("rtnetlink", "newroute", NlError::Kernel(k)))
            }
            other => other
                .map(drop)
                .map_err(|e| Error::from_nl("rtnetlink", "newroute", e)),
        }
    }

    /// Removes the IPv4 default route via device `oif`.
    pub fn del_default_route(&mut self, oif: u32) -> Result<(), Error> {
        self.request("delroute", RTM_DELROUTE, 0, &default_route_msg(oif))
    }

    /// Adds the IPv6 route to `dst/dst_len` via device `oif` ([`route6_msg`]);
    /// a route of the main table to the same prefix with the same metric is
    /// an error (`EEXIST`), said so.
    pub fn add_route6(
        &mut self,
        dst: Ipv6Addr,
        dst_len: u8,
        oif: u32,
        metric: Option<u32>,
    ) -> Result<(), Error> {
        let p = route6_msg(dst, dst_len, oif, metric);
        match self
            .sock
            .request(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, &p)
        {
            Err(NlError::Kernel(mut k)) if k.errno == libc::EEXIST && k.extack.is_none() => {
                let what = if dst_len == 0 {
                    "an IPv6 default route".to_string()
                } else {
                    format!("an IPv6 route to {dst}/{dst_len}")
                };
                let metric = metric.map_or("the same metric".into(), |m| format!("metric {m}"));
                k.extack = Some(format!("{what} of {metric} exists already"));
                Err(Error::from_nl("rtnetlink", "newroute", NlError::Kernel(k)))
            }
            other => other
                .map(drop)
                .map_err(|e| Error::from_nl("rtnetlink", "newroute", e)),
        }
    }

    /// Removes the IPv6 route to `dst/dst_len` via device `oif` of metric
    /// `metric`.
    pub fn del_route6(
        &mut self,
        dst: Ipv6Addr,
        dst_len: u8,
        oif: u32,
        metric: Option<u32>,
    ) -> Result<(), Error> {
        let p = route6_msg(dst, dst_len, oif, metric);
        self.request("delroute", RTM_DELROUTE, 0, &p)
    }
}

/// Whether `err` is the kernel's `errno`.
pub fn is_errno(err: &Error, errno: i32) -> bool {
    matches!(err, Error::Kernel { err: KernelError { errno: e, .. }, .. } if *e == errno)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attr::Attrs;
    use crate::nl::{encode_msg, parse_msgs, NLM_F_ACK, NLM_F_REQUEST};
    use std::net::{Ipv4Addr, Ipv6Addr};

    fn attrs(b: &[u8]) -> Vec<(u16, Vec<u8>)> {
        Attrs::new(b)
            .map(|a| a.map(|a| (a.ty, a.payload.to_vec())).unwrap())
            .collect()
    }

    #[test]
    fn ipv6_address_nodad() {
        let ce: Ipv6Addr = "2001:db8:12:3400:0:c000:212:34".parse().unwrap();
        let p = addr_msg(IpAddr::V6(ce), 128, 3, true);
        assert_eq!(&p[..4], &[libc::AF_INET6 as u8, 128, IFA_F_NODAD, 0]);
        assert_eq!(&p[4..8], &3u32.to_ne_bytes());
        assert_eq!(
            attrs(&p[8..]),
            vec![
                (IFA_LOCAL, ce.octets().to_vec()),
                (IFA_ADDRESS, ce.octets().to_vec()),
            ]
        );
        assert_eq!(p.len(), 8 + 2 * 20);
        // Deleting: the same without flags.
        let d = addr_msg(IpAddr::V6(ce), 128, 3, false);
        assert_eq!(d[2], 0);
        assert_eq!(&d[3..], &p[3..]);
    }

    #[test]
    fn ipv4_address() {
        let p = addr_msg(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 18)), 32, 7, false);
        let mut want = vec![libc::AF_INET as u8, 32, 0, 0];
        want.extend_from_slice(&7u32.to_ne_bytes());
        for ty in [IFA_LOCAL, IFA_ADDRESS] {
            want.extend_from_slice(&8u16.to_ne_bytes());
            want.extend_from_slice(&ty.to_ne_bytes());
            want.extend_from_slice(&[192, 0, 2, 18]);
        }
        assert_eq!(p, want);
    }

    #[test]
    fn link_up() {
        let p = link_up_msg(9);
        assert_eq!(p.len(), 16, "struct ifinfomsg");
        assert_eq!(p[0], libc::AF_UNSPEC as u8);
        assert_eq!(&p[4..8], &9i32.to_ne_bytes());
        assert_eq!(&p[8..12], &1u32.to_ne_bytes(), "ifi_flags IFF_UP");
        assert_eq!(&p[12..16], &1u32.to_ne_bytes(), "ifi_change IFF_UP");
    }

    #[test]
    fn default_route() {
        let p = default_route_msg(9);
        assert_eq!(
            &p[..8],
            &[libc::AF_INET as u8, 0, 0, 0, 254, 3, 253, 1],
            "family, dst_len 0, main table, boot, link scope, unicast"
        );
        assert_eq!(&p[8..12], &[0; 4]);
        assert_eq!(
            attrs(&p[12..]),
            vec![(RTA_OIF, 9u32.to_ne_bytes().to_vec())]
        );
    }

    #[test]
    fn ipv6_routes() {
        // ip -6 route add 2001:db8:9:10::/64 dev (9)
        let dst: Ipv6Addr = "2001:db8:9:10::".parse().unwrap();
        let p = route6_msg(dst, 64, 9, None);
        assert_eq!(
            &p[..8],
            &[libc::AF_INET6 as u8, 64, 0, 0, 254, 3, 0, 1],
            "family, dst_len 64, main table, boot, universe scope, unicast"
        );
        assert_eq!(&p[8..12], &[0; 4]);
        assert_eq!(
            attrs(&p[12..]),
            vec![
                (RTA_DST, dst.octets().to_vec()),
                (RTA_OIF, 9u32.to_ne_bytes().to_vec()),
            ]
        );
        assert_eq!(p.len(), 12 + 20 + 8);
        // ip -6 route add default dev (9) metric 1042: no RTA_DST.
        let p = route6_msg(Ipv6Addr::UNSPECIFIED, 0, 9, Some(1042));
        assert_eq!(&p[..8], &[libc::AF_INET6 as u8, 0, 0, 0, 254, 3, 0, 1]);
        assert_eq!(
            attrs(&p[12..]),
            vec![
                (RTA_OIF, 9u32.to_ne_bytes().to_vec()),
                (RTA_PRIORITY, 1042u32.to_ne_bytes().to_vec()),
            ]
        );
    }

    #[test]
    fn whole_request() {
        // What Rtnl::add_addr sends: the header with create, excl, request
        // and ack.
        let p = addr_msg(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 18)), 32, 7, false);
        let flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL;
        let wire = encode_msg(RTM_NEWADDR, flags, 1, &p);
        let m = &parse_msgs(&wire).unwrap()[0];
        assert_eq!((m.ty, m.flags, m.payload.len()), (20, 0x605, 24));
    }

    #[test]
    fn errno_of_kernel_errors() {
        let e = Error::from_nl(
            "rtnetlink",
            "deladdr",
            NlError::Kernel(KernelError {
                errno: libc::EADDRNOTAVAIL,
                extack: None,
                bad_attr_offset: None,
                missing_type: None,
            }),
        );
        assert!(is_errno(&e, libc::EADDRNOTAVAIL));
        assert!(!is_errno(&e, libc::EEXIST));
        assert!(!is_errno(&Error::usage("x"), libc::EEXIST));
        assert_eq!(
            e.to_string(),
            "rtnetlink deladdr: Cannot assign requested address"
        );
    }
}

/// Against the running kernel, on `lo` of a network namespace of their own
/// (they change it): `unshare -rn cargo test -p cellctl -- --ignored rtnl`.
#[cfg(test)]
mod live_tests {
    use super::*;
    use std::net::{Ipv4Addr, Ipv6Addr};

    #[test]
    #[ignore = "needs a network namespace of its own (unshare -rn)"]
    fn addresses_up_and_default_route_on_lo() {
        let mut rt = Rtnl::open().unwrap();
        let lo = 1;
        rt.set_up(lo).unwrap();
        let v4 = IpAddr::V4(Ipv4Addr::new(192, 0, 2, 18));
        let v6 = IpAddr::V6(
            "2001:db8:12:3400:0:c000:212:34"
                .parse::<Ipv6Addr>()
                .unwrap(),
        );
        rt.add_addr(v4, 32, lo, false).unwrap();
        rt.add_addr(v6, 128, lo, true).unwrap();
        assert!(is_errno(
            &rt.add_addr(v4, 32, lo, false).unwrap_err(),
            libc::EEXIST
        ));
        rt.add_default_route(lo).unwrap();
        let e = rt.add_default_route(lo).unwrap_err();
        assert_eq!(
            e.to_string(),
            "rtnetlink newroute: File exists: an IPv4 default route exists already"
        );
        rt.del_default_route(lo).unwrap();
        rt.del_addr(v6, 128, lo).unwrap();
        rt.del_addr(v4, 32, lo).unwrap();
        let e = rt.del_addr(v4, 32, lo).unwrap_err();
        assert!(is_errno(&e, libc::EADDRNOTAVAIL), "{e}");
        let e = rt.set_up(999_999).unwrap_err();
        assert!(is_errno(&e, libc::ENODEV), "{e}");
    }

    #[test]
    #[ignore = "needs a network namespace of its own (unshare -rn)"]
    fn ipv6_routes_on_lo() {
        let mut rt = Rtnl::open().unwrap();
        let lo = 1;
        rt.set_up(lo).unwrap();
        let p: Ipv6Addr = "2001:db8:9:10::".parse().unwrap();
        rt.add_route6(p, 64, lo, None).unwrap();
        let e = rt.add_route6(p, 64, lo, None).unwrap_err();
        assert!(is_errno(&e, libc::EEXIST), "{e}");
        rt.add_route6(Ipv6Addr::UNSPECIFIED, 0, lo, Some(1042))
            .unwrap();
        let e = rt
            .add_route6(Ipv6Addr::UNSPECIFIED, 0, lo, Some(1042))
            .unwrap_err();
        assert!(is_errno(&e, libc::EEXIST), "{e}");
        rt.del_route6(Ipv6Addr::UNSPECIFIED, 0, lo, Some(1042))
            .unwrap();
        rt.del_route6(p, 64, lo, None).unwrap();
    }
}
