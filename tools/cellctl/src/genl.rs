// SPDX-License-Identifier: GPL-2.0
//! Generic netlink: the family header, and resolving a family's id and
//! multicast groups through the `nlctrl` family.

use crate::attr::{self, Attrs, ParseError};
use crate::error::Error;
use crate::nl::{self, KernelError, Msg, NlError};
use crate::schema::OpDesc;

/// Size of `struct genlmsghdr` (cmd, version, reserved u16).
pub const GENL_HDRLEN: usize = 4;

/// The id of the `nlctrl` family itself.
pub const GENL_ID_CTRL: u16 = 0x10;
pub const CTRL_CMD_GETFAMILY: u8 = 3;
pub const CTRL_VERSION: u8 = 2;

pub const CTRL_ATTR_FAMILY_ID: u16 = 1;
pub const CTRL_ATTR_FAMILY_NAME: u16 = 2;
pub const CTRL_ATTR_VERSION: u16 = 3;
pub const CTRL_ATTR_MCAST_GROUPS: u16 = 7;
pub const CTRL_ATTR_MCAST_GRP_NAME: u16 = 1;
pub const CTRL_ATTR_MCAST_GRP_ID: u16 = 2;

/// A resolved generic netlink family.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Family {
    pub name: String,
    pub id: u16,
    pub version: u32,
    /// Multicast groups: (name, id).
    pub groups: Vec<(String, u32)>,
}

impl Family {
    pub fn group(&self, name: &str) -> Option<u32> {
        self.groups
            .iter()
            .find(|(n, _)| n == name)
            .map(|&(_, id)| id)
    }
}

/// Starts a generic netlink payload: the genl header.
pub fn header(cmd: u8, version: u8) -> Vec<u8> {
    vec![cmd, version, 0, 0]
}

/// A generic netlink message: its command and its attribute bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenlMsg {
    pub cmd: u8,
    pub version: u8,
    pub attrs: Vec<u8>,
}

impl GenlMsg {
    pub fn parse(msg: &Msg) -> Result<GenlMsg, ParseError> {
        if msg.payload.len() < GENL_HDRLEN {
            return Err(ParseError("generic netlink message too short".into()));
        }
        Ok(GenlMsg {
            cmd: msg.payload[0],
            version: msg.payload[1],
            attrs: msg.payload[GENL_HDRLEN..].to_vec(),
        })
    }

    pub fn attrs(&self) -> Attrs<'_> {
        Attrs::new(&self.attrs)
    }
}

/// Parses the attributes of a CTRL_CMD_NEWFAMILY reply.
pub fn parse_family(attrs: Attrs<'_>) -> Result<Family, ParseError> {
    let mut family = Family {
        name: String::new(),
        id: 0,
        version: 0,
        groups: Vec::new(),
    };
    for a in attrs {
        let a = a?;
        match a.ty {
            CTRL_ATTR_FAMILY_ID => family.id = a.u16()?,
            CTRL_ATTR_FAMILY_NAME => family.name = a.string(),
            CTRL_ATTR_VERSION => family.version = a.u32()?,
            CTRL_ATTR_MCAST_GROUPS => {
                for grp in a.nested() {
                    let (mut name, mut id) = (None, None);
                    for ga in grp?.nested() {
                        let ga = ga?;
                        match ga.ty {
                            CTRL_ATTR_MCAST_GRP_NAME => name = Some(ga.string()),
                            CTRL_ATTR_MCAST_GRP_ID => id = Some(ga.u32()?),
                            _ => {}
                        }
                    }
                    if let (Some(name), Some(id)) = (name, id) {
                        family.groups.push((name, id));
                    }
                }
            }
            _ => {}
        }
    }
    if family.id == 0 {
        return Err(ParseError("nlctrl reply without a family id".into()));
    }
    Ok(family)
}

/// A netlink socket speaking generic netlink.
pub struct GenlSocket {
    sock: nl::Socket,
}

impl GenlSocket {
    pub fn open() -> Result<GenlSocket, Error> {
        let sock = nl::Socket::open(libc::NETLINK_GENERIC)
            .map_err(|e| Error::sys("opening generic netlink socket", e))?;
        Ok(GenlSocket { sock })
    }

    /// Looks a family up by name.
    pub fn resolve(&mut self, name: &str) -> Result<Family, Error> {
        let mut payload = header(CTRL_CMD_GETFAMILY, CTRL_VERSION);
        attr::put_str(&mut payload, CTRL_ATTR_FAMILY_NAME, name);
        let replies = match self.sock.request(GENL_ID_CTRL, 0, &payload) {
            Err(NlError::Kernel(KernelError {
                errno: libc::ENOENT,
                ..
            })) => return Err(Error::FamilyNotFound(name.to_string())),
            other => other.map_err(|e| Error::from_nl("nlctrl", "getfamily", e))?,
        };
        let reply = replies
            .first()
            .ok_or_else(|| Error::proto("nlctrl getfamily", ParseError("no reply".into())))?;
        GenlMsg::parse(reply)
            .and_then(|m| parse_family(m.attrs()))
            .map_err(|e| Error::proto("nlctrl getfamily", e))
    }

    /// Sends a request of operation `op` (a dump with `dump`) to `family`
    /// and returns the replies. A kernel error names the attribute its
    /// extended ack points at, by `op`'s attribute set.
    pub fn request(
        &mut self,
        family: &Family,
        op: &OpDesc,
        dump: bool,
        attrs: &[u8],
    ) -> Result<Vec<GenlMsg>, Error> {
        let version = u8::try_from(family.version).unwrap_or(1).max(1);
        let mut payload = header(op.cmd, version);
        payload.extend_from_slice(attrs);
        let flags = if dump { nl::NLM_F_DUMP } else { 0 };
        let replies = self
            .sock
            .request(family.id, flags, &payload)
            .map_err(|e| Error::from_nl(&family.name, op.name, e))
            .map_err(|e| e.with_attrs(op.set, attrs))?;
        replies
            .iter()
            .filter(|m| m.ty == family.id)
            .map(GenlMsg::parse)
            .collect::<Result<_, _>>()
            .map_err(|e| Error::proto(&format!("{} {}", family.name, op.name), e))
    }

    /// Joins a multicast group of `family`.
    pub fn subscribe(&mut self, family: &Family, group: &str) -> Result<(), Error> {
        let id = family.group(group).ok_or_else(|| {
            Error::proto(
                &family.name,
                ParseError(format!("no multicast group '{group}'")),
            )
        })?;
        self.sock
            .add_membership(id)
            .map_err(|e| Error::sys(&format!("joining {} group '{group}'", family.name), e))
    }

    /// Waits for the next datagram and returns the messages of `family` in
    /// it (notifications).
    pub fn recv(&mut self, family: &Family) -> Result<Vec<GenlMsg>, Error> {
        let msgs = self.sock.recv().map_err(|e| match e {
            NlError::Io(e) => Error::sys(&format!("receiving {} events", family.name), e),
            e => Error::from_nl(&family.name, "receive", e),
        })?;
        msgs.iter()
            .filter(|m| m.ty == family.id)
            .map(GenlMsg::parse)
            .collect::<Result<_, _>>()
            .map_err(|e| Error::proto(&family.name, e))
    }

    /// Joins `group` of `family` and hands each notification to `show`,
    /// which returns whether it printed it, until `count` were printed
    /// (forever without a count). Lost events are reported and skipped.
    pub fn monitor(
        &mut self,
        family: &Family,
        group: &str,
        count: Option<u64>,
        mut show: impl FnMut(&GenlMsg) -> Result<bool, Error>,
    ) -> Result<(), Error> {
        self.subscribe(family, group)?;
        let mut seen = 0u64;
        loop {
            let msgs = match self.recv(family) {
                Ok(m) => m,
                Err(e) if e.errno() == Some(libc::ENOBUFS) => {
                    eprintln!("cellctl: warning: events lost (receive buffer overrun)");
                    continue;
                }
                Err(e) => return Err(e),
            };
            for m in &msgs {
                if show(m)? {
                    seen += 1;
                    if count.is_some_and(|n| seen >= n) {
                        return Ok(());
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attr::{begin_nested, end_nested, put_bytes, put_str, put_u32};

    #[test]
    fn genl_header() {
        assert_eq!(header(3, 1), vec![3, 1, 0, 0]);
    }

    #[test]
    fn parse_family_reply() {
        let mut a = Vec::new();
        put_str(&mut a, CTRL_ATTR_FAMILY_NAME, "netpair");
        put_bytes(&mut a, CTRL_ATTR_FAMILY_ID, &0x1du16.to_ne_bytes());
        put_u32(&mut a, CTRL_ATTR_VERSION, 1);
        put_u32(&mut a, 4, 0); // HDRSIZE: ignored
        let groups = begin_nested(&mut a, CTRL_ATTR_MCAST_GROUPS);
        let g = begin_nested(&mut a, 1);
        put_str(&mut a, CTRL_ATTR_MCAST_GRP_NAME, "events");
        put_u32(&mut a, CTRL_ATTR_MCAST_GRP_ID, 12);
        end_nested(&mut a, g);
        let g = begin_nested(&mut a, 2);
        put_u32(&mut a, CTRL_ATTR_MCAST_GRP_ID, 13);
        put_str(&mut a, CTRL_ATTR_MCAST_GRP_NAME, "other");
        end_nested(&mut a, g);
        end_nested(&mut a, groups);

        let f = parse_family(Attrs::new(&a)).unwrap();
        assert_eq!(f.name, "netpair");
        assert_eq!(f.id, 0x1d);
        assert_eq!(f.version, 1);
        assert_eq!(f.group("events"), Some(12));
        assert_eq!(f.group("other"), Some(13));
        assert_eq!(f.group("missing"), None);
    }

    #[test]
    fn parse_family_without_id() {
        let mut a = Vec::new();
        put_str(&mut a, CTRL_ATTR_FAMILY_NAME, "netpair");
        assert!(parse_family(Attrs::new(&a)).is_err());
    }
}

/// Tests against the running kernel's `nlctrl` family: they need a netlink
/// socket but no cellrouter module. Run with `cargo test -- --ignored`.
#[cfg(test)]
mod live_tests {
    use super::*;
    use crate::schema::{AttrDesc, SetDesc};

    static CTRL_SET: SetDesc = SetDesc {
        name: "ctrl",
        attrs: &[AttrDesc {
            name: "family-name",
            id: CTRL_ATTR_FAMILY_NAME,
            min: 0,
            max: 0,
            min_len: None,
            max_len: None,
            enum_: None,
            hex: false,
        }],
    };
    static GETFAMILY: OpDesc = OpDesc {
        family: "nlctrl",
        name: "getfamily",
        cmd: CTRL_CMD_GETFAMILY,
        set: &CTRL_SET,
        request: &["family-name"],
        has_do: true,
        has_dump: true,
        admin: false,
    };

    #[test]
    #[ignore = "needs netlink access to the running kernel"]
    fn resolve_nlctrl() {
        let mut sock = GenlSocket::open().unwrap();
        let f = sock.resolve("nlctrl").unwrap();
        assert_eq!(f.id, GENL_ID_CTRL);
        assert!(f.group("notify").is_some(), "{f:?}");
    }

    #[test]
    #[ignore = "needs netlink access to the running kernel"]
    fn missing_family() {
        let mut sock = GenlSocket::open().unwrap();
        let err = sock.resolve("no-such-family").unwrap_err();
        assert!(matches!(err, Error::FamilyNotFound(_)), "{err:?}");
    }

    #[test]
    #[ignore = "needs netlink access to the running kernel"]
    fn dump_families() {
        let mut sock = GenlSocket::open().unwrap();
        let ctrl = sock.resolve("nlctrl").unwrap();
        let msgs = sock.request(&ctrl, &GETFAMILY, true, &[]).unwrap();
        let names: Vec<String> = msgs
            .iter()
            .map(|m| parse_family(m.attrs()).unwrap().name)
            .collect();
        assert!(names.iter().any(|n| n == "nlctrl"), "{names:?}");
    }

    #[test]
    #[ignore = "needs netlink access to the running kernel"]
    fn kernel_error_with_extack() {
        // A family name longer than the policy allows.
        let mut sock = GenlSocket::open().unwrap();
        let ctrl = sock.resolve("nlctrl").unwrap();
        let mut attrs = Vec::new();
        attr::put_str(&mut attrs, CTRL_ATTR_FAMILY_NAME, &"x".repeat(40));
        let err = sock.request(&ctrl, &GETFAMILY, false, &attrs).unwrap_err();
        match &err {
            Error::Kernel { err: k, .. } => assert!(k.errno > 0),
            other => panic!("{other:?}"),
        }
        eprintln!("cellctl: {err}");
    }
}
