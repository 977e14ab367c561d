// SPDX-License-Identifier: GPL-2.0
//! The simulated modem's PDNs: one data call target per QMAP mux id, each a
//! TUN device in its own network namespace holding the network side's
//! addresses (the gateways); the UE side's addresses are what WDS Get
//! Current Settings reports.

use std::net::{Ipv4Addr, Ipv6Addr};
use std::process::Command;

/// One `--pdn` of the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdnSpec {
    pub mux: u8,
    /// The UE's IPv4 address and prefix length.
    pub ipv4: Option<(Ipv4Addr, u8)>,
    pub gw4: Ipv4Addr,
    pub dns4: Ipv4Addr,
    /// The UE's IPv6 address and prefix length (the whole prefix is routed
    /// to the UE through the TUN).
    pub ipv6: Option<(Ipv6Addr, u8)>,
    pub gw6: Ipv6Addr,
    pub dns6: Ipv6Addr,
    pub mtu: u32,
    pub netns: String,
    pub tun: String,
    pub apn: String,
}

/// The syntax of `--pdn`, for help and errors.
pub const PDN_SYNTAX: &str = "mux=N[,ipv4=A/P][,ipv6=A/P][,gw4=A][,gw6=A][,dns4=A][,dns6=A]\
[,mtu=N][,netns=NAME][,tun=NAME][,apn=NAME]";

fn prefix(s: &str, max: u8, what: &str) -> Result<u8, String> {
    match s.parse::<u8>() {
        Ok(p) if p <= max => Ok(p),
        _ => Err(format!("invalid {what} prefix length '{s}'")),
    }
}

/// The first address of the IPv4 subnet of `a/p` other than `a` (and the
/// network address, for prefixes up to /30).
pub fn default_gw4(a: Ipv4Addr, p: u8) -> Ipv4Addr {
    let mask = u32::from_be_bytes(qmi::ipv4_mask(p));
    let net = u32::from(a) & mask;
    let first = if p >= 31 { net } else { net + 1 };
    if first == u32::from(a) {
        Ipv4Addr::from(first + 1)
    } else {
        Ipv4Addr::from(first)
    }
}

/// `prefix::1` of `a/p`, or `prefix::2` when that is `a`.
pub fn default_gw6(a: Ipv6Addr, p: u8) -> Ipv6Addr {
    let bits = u128::from(a);
    let mask = if p == 0 {
        0
    } else {
        u128::MAX << (128 - u32::from(p.min(128)))
    };
    let first = (bits & mask) + 1;
    if first == bits {
        Ipv6Addr::from(first + 1)
    } else {
        Ipv6Addr::from(first)
    }
}

/// Parses one `--pdn` value.
pub fn parse_pdn(s: &str) -> Result<PdnSpec, String> {
    let (mut mux, mut ipv4, mut ipv6, mut gw4, mut gw6, mut dns4, mut dns6) =
        (None, None, None, None, None, None, None);
    let (mut mtu, mut netns, mut tun, mut apn) = (1500u32, None, None, "internet".to_string());
    for kv in s.split(',') {
        let (k, v) = kv
            .split_once('=')
            .ok_or_else(|| format!("--pdn: '{kv}' is not KEY=VALUE ({PDN_SYNTAX})"))?;
        let bad = |what: &str| format!("--pdn: invalid {what} '{v}'");
        match k {
            "mux" => mux = Some(crate::args::parse_chan_mux(v)?),
            "ipv4" => {
                let (a, p) = v.split_once('/').unwrap_or((v, "30"));
                ipv4 = Some((
                    a.parse().map_err(|_| bad("IPv4 address"))?,
                    prefix(p, 32, "IPv4")?,
                ))
            }
            "ipv6" => {
                let (a, p) = v.split_once('/').unwrap_or((v, "64"));
                ipv6 = Some((
                    a.parse().map_err(|_| bad("IPv6 address"))?,
                    prefix(p, 128, "IPv6")?,
                ))
            }
            "gw4" => gw4 = Some(v.parse().map_err(|_| bad("IPv4 gateway"))?),
            "gw6" => gw6 = Some(v.parse().map_err(|_| bad("IPv6 gateway"))?),
            "dns4" => dns4 = Some(v.parse().map_err(|_| bad("IPv4 DNS server"))?),
            "dns6" => dns6 = Some(v.parse().map_err(|_| bad("IPv6 DNS server"))?),
            "mtu" => {
                mtu = match cliutil::parse_num(v) {
                    Some(n) if (68..=65535).contains(&n) => n as u32,
                    _ => return Err(bad("MTU")),
                }
            }
            "netns" => netns = Some(v.to_string()),
            "tun" => {
                cliutil::check_ifname(v)?;
                tun = Some(v.to_string())
            }
            "apn" => apn = v.to_string(),
            _ => return Err(format!("--pdn: unknown key '{k}' ({PDN_SYNTAX})")),
        }
    }
    let mux = mux.ok_or_else(|| format!("--pdn needs mux= ({PDN_SYNTAX})"))?;
    if ipv4.is_none() && ipv6.is_none() {
        return Err(format!("--pdn mux={mux}: needs ipv4= or ipv6= (or both)"));
    }
    let gw4 = gw4.unwrap_or_else(|| ipv4.map_or(Ipv4Addr::UNSPECIFIED, |(a, p)| default_gw4(a, p)));
    let gw6 = gw6.unwrap_or_else(|| ipv6.map_or(Ipv6Addr::UNSPECIFIED, |(a, p)| default_gw6(a, p)));
    let name = format!("pdn{mux:x}");
    Ok(PdnSpec {
        mux,
        ipv4,
        gw4,
        dns4: dns4.unwrap_or(gw4),
        ipv6,
        gw6,
        dns6: dns6.unwrap_or(gw6),
        mtu,
        netns: netns.unwrap_or_else(|| name.clone()),
        tun: tun.unwrap_or(name),
        apn,
    })
}

/// The PDNs used when none is given: mux 0x81 and 0x82, as quectel-CM
/// numbers them.
pub fn default_pdns() -> Vec<PdnSpec> {
    [
        "mux=0x81,ipv4=10.64.1.2/30,ipv6=2001:db8:1::2/64",
        "mux=0x82,ipv4=10.64.2.2/30,ipv6=2001:db8:2::2/64",
    ]
    .iter()
    .map(|s| parse_pdn(s).expect("default PDN"))
    .collect()
}

/// Checks a list of PDNs for clashes.
pub fn check_pdns(pdns: &[PdnSpec]) -> Result<(), String> {
    for (i, p) in pdns.iter().enumerate() {
        for o in &pdns[..i] {
            if o.mux == p.mux {
                return Err(format!("mux id {} given twice", p.mux));
            }
            if o.tun == p.tun {
                return Err(format!("TUN name '{}' given twice", p.tun));
            }
        }
    }
    Ok(())
}

fn run(args: &[&str]) -> Result<(), String> {
    let out = Command::new("ip")
        .args(args)
        .output()
        .map_err(|e| format!("ip {}: {e}", args.join(" ")))?;
    if !out.status.success() {
        return Err(format!(
            "ip {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(())
}

/// Moves TUN `p.tun` (created in this namespace) into namespace
/// `p.netns` (created if missing; returns whether it was) and gives it the
/// network side's addresses: the gateways, with the UE's prefix lengths,
/// so that the UE's addresses and its whole IPv6 prefix route through the
/// TUN. No link-local address, so the TUN sends nothing on its own.
pub fn setup_netns(p: &PdnSpec) -> Result<bool, String> {
    let created = !std::path::Path::new("/run/netns").join(&p.netns).exists();
    if created {
        run(&["netns", "add", &p.netns])?;
    }
    let ns = p.netns.as_str();
    run(&["link", "set", &p.tun, "netns", ns])?;
    run(&["-n", ns, "link", "set", "lo", "up"])?;
    run(&["-n", ns, "link", "set", &p.tun, "addrgenmode", "none"])?;
    let mtu = p.mtu.to_string();
    run(&["-n", ns, "link", "set", &p.tun, "mtu", &mtu])?;
    if let Some((_, plen)) = p.ipv4 {
        let a = format!("{}/{plen}", p.gw4);
        run(&["-n", ns, "addr", "add", &a, "dev", &p.tun])?;
    }
    if let Some((_, plen)) = p.ipv6 {
        let a = format!("{}/{plen}", p.gw6);
        run(&["-n", ns, "-6", "addr", "add", &a, "dev", &p.tun, "nodad"])?;
    }
    run(&["-n", ns, "link", "set", &p.tun, "up"])?;
    Ok(created)
}

/// Deletes namespace `name`.
pub fn delete_netns(name: &str) {
    let _ = run(&["netns", "del", name]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdn_defaults() {
        let p = parse_pdn("mux=1,ipv4=10.64.1.2/30,ipv6=2001:db8:1::2/64").unwrap();
        assert_eq!(p.mux, 1);
        assert_eq!(p.gw4, Ipv4Addr::new(10, 64, 1, 1));
        assert_eq!(p.dns4, p.gw4);
        assert_eq!(p.gw6, "2001:db8:1::1".parse::<Ipv6Addr>().unwrap());
        assert_eq!(
            (p.netns.as_str(), p.tun.as_str(), p.mtu),
            ("pdn1", "pdn1", 1500)
        );
        assert_eq!(p.apn, "internet");
        let p = parse_pdn("mux=0x81,ipv4=10.64.1.1/30,gw6=2001:db8::9,ipv6=2001:db8::1,netns=a,tun=b,mtu=1400,apn=x,dns4=1.1.1.1,dns6=::1").unwrap();
        assert_eq!(p.gw4, Ipv4Addr::new(10, 64, 1, 2));
        assert_eq!(p.ipv6.unwrap().1, 64);
        assert_eq!(p.gw6, "2001:db8::9".parse::<Ipv6Addr>().unwrap());
        assert_eq!((p.netns.as_str(), p.tun.as_str(), p.mtu), ("a", "b", 1400));
        assert_eq!(p.dns4, Ipv4Addr::new(1, 1, 1, 1));
        let p = parse_pdn("mux=0x82,ipv6=2001:db8:2::1/64").unwrap();
        assert!(p.ipv4.is_none());
        assert_eq!(p.gw6, "2001:db8:2::2".parse::<Ipv6Addr>().unwrap());
        assert_eq!(p.tun, "pdn82");
    }

    #[test]
    fn pdn_errors() {
        for bad in [
            "ipv4=10.0.0.2/30",
            "mux=1",
            "mux=0,ipv4=10.0.0.2",
            "mux=255,ipv4=10.0.0.2",
            "mux=1,ipv4=10.0.0.300",
            "mux=1,ipv4=10.0.0.2/33",
            "mux=1,ipv6=2001:db8::/129",
            "mux=1,ipv4=10.0.0.2,mtu=10",
            "mux=1,ipv4=10.0.0.2,color=red",
            "mux=1,ipv4=10.0.0.2,tun=a/b",
            "mux=1,ipv4",
        ] {
            assert!(parse_pdn(bad).is_err(), "{bad}");
        }
        let a = parse_pdn("mux=1,ipv4=10.0.0.2").unwrap();
        let b = parse_pdn("mux=1,ipv4=10.0.1.2,tun=x").unwrap();
        let c = parse_pdn("mux=2,ipv4=10.0.1.2,tun=pdn1").unwrap();
        assert!(check_pdns(&[a.clone(), b]).is_err());
        assert!(check_pdns(&[a.clone(), c]).is_err());
        assert!(check_pdns(&default_pdns()).is_ok());
        assert!(check_pdns(&[a]).is_ok());
    }

    #[test]
    fn gateways() {
        assert_eq!(
            default_gw4(Ipv4Addr::new(10, 0, 0, 6), 30),
            Ipv4Addr::new(10, 0, 0, 5)
        );
        assert_eq!(
            default_gw4(Ipv4Addr::new(10, 0, 0, 5), 30),
            Ipv4Addr::new(10, 0, 0, 6)
        );
        assert_eq!(
            default_gw4(Ipv4Addr::new(10, 0, 0, 1), 31),
            Ipv4Addr::new(10, 0, 0, 0)
        );
        assert_eq!(
            default_gw6("2001:db8::1".parse().unwrap(), 64),
            "2001:db8::2".parse::<Ipv6Addr>().unwrap()
        );
        assert_eq!(
            default_gw6("2001:db8::5".parse().unwrap(), 0),
            "::1".parse::<Ipv6Addr>().unwrap()
        );
    }
}
