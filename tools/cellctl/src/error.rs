// SPDX-License-Identifier: GPL-2.0
//! The errors cellctl reports, their messages and exit codes.

use std::fmt;
use std::io;

use crate::attr::{align4, ParseError, NLA_HDRLEN, NLA_TYPE_MASK};
use crate::genl::GENL_HDRLEN;
use crate::nl::{KernelError, NlError, NLMSG_HDRLEN};
use crate::schema::SetDesc;

/// The type of the top-level attribute of `attrs` that starts at, or
/// holds, byte `off`.
fn attr_at(mut attrs: &[u8], off: usize) -> Option<u16> {
    let mut start = 0;
    while attrs.len() >= NLA_HDRLEN {
        let len = usize::from(u16::from_ne_bytes([attrs[0], attrs[1]]));
        let ty = u16::from_ne_bytes([attrs[2], attrs[3]]) & NLA_TYPE_MASK;
        if len < NLA_HDRLEN {
            return None;
        }
        if (start..start + len).contains(&off) {
            return Some(ty);
        }
        let step = align4(len).min(attrs.len());
        attrs = &attrs[step..];
        start += step;
    }
    None
}

/// Exit code for kernel and system errors.
pub const EXIT_FAILURE: i32 = 1;
/// Exit code for usage errors and a missing generic netlink family.
pub const EXIT_USAGE: i32 = 2;

#[derive(Debug)]
pub enum Error {
    /// Bad command line; the module's usage is printed after the message.
    Usage(String),
    /// The generic netlink family is not registered (module not loaded).
    FamilyNotFound(String),
    /// The kernel refused an operation of a family.
    Kernel {
        family: String,
        op: &'static str,
        err: KernelError,
        /// The spec name of the attribute the extended ack points at.
        attr: Option<Box<str>>,
        /// The spec name of the attribute the kernel missed.
        missing: Option<Box<str>>,
    },
    /// A system call failed.
    Sys { context: String, err: io::Error },
    /// The kernel's reply could not be understood.
    Proto { context: String, err: ParseError },
    /// Writing to standard output failed.
    Output(io::Error),
}

impl Error {
    pub fn usage(msg: impl Into<String>) -> Error {
        Error::Usage(msg.into())
    }

    pub fn sys(context: &str, err: io::Error) -> Error {
        Error::Sys {
            context: context.to_string(),
            err,
        }
    }

    pub fn proto(context: &str, err: ParseError) -> Error {
        Error::Proto {
            context: context.to_string(),
            err,
        }
    }

    /// Wraps a failed netlink request of operation `op` of `family`.
    pub fn from_nl(family: &str, op: &'static str, err: NlError) -> Error {
        match err {
            NlError::Kernel(err) => Error::Kernel {
                family: family.to_string(),
                op,
                err,
                attr: None,
                missing: None,
            },
            NlError::Io(err) => Error::sys(&format!("{family} {op}"), err),
            NlError::Parse(err) => Error::proto(&format!("{family} {op}"), err),
        }
    }

    /// Names, by `set`, the attributes a kernel error's extended ack
    /// points at in the request's `attrs`, or misses.
    pub fn with_attrs(mut self, set: &SetDesc, attrs: &[u8]) -> Error {
        if let Error::Kernel {
            err, attr, missing, ..
        } = &mut self
        {
            let name = |ty: u16| -> Box<str> {
                set.by_id(ty)
                    .map_or_else(|| ty.to_string().into(), |a| a.name.into())
            };
            *attr = err
                .bad_attr_offset
                .and_then(|off| usize::try_from(off).ok())
                .and_then(|off| off.checked_sub(NLMSG_HDRLEN + GENL_HDRLEN))
                .and_then(|off| attr_at(attrs, off))
                .map(name);
            *missing = err
                .missing_type
                .and_then(|ty| u16::try_from(ty).ok())
                .map(name);
        }
        self
    }

    /// The errno behind this error, if there is one.
    pub fn errno(&self) -> Option<i32> {
        match self {
            Error::Kernel { err, .. } => Some(err.errno),
            Error::Sys { err, .. } | Error::Output(err) => err.raw_os_error(),
            _ => None,
        }
    }

    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_) | Error::FamilyNotFound(_) => EXIT_USAGE,
            _ => EXIT_FAILURE,
        }
    }
}

/// The C library's text for an errno value, e.g. "No such device".
pub fn strerror(errno: i32) -> String {
    let text = io::Error::from_raw_os_error(errno).to_string();
    // std formats this as "<text> (os error N)".
    match text.rfind(" (os error ") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

fn describe_io(err: &io::Error) -> String {
    match err.raw_os_error() {
        Some(n) => format!("{} (errno {n})", strerror(n)),
        None => err.to_string(),
    }
}

/// The kernel module (file name without `.ko`) that provides `family`,
/// where the two differ.
fn module_of(family: &str) -> &str {
    match family {
        // net/ipv6/mip6.o, built in with CONFIG_IPV6_MIP6, has the name.
        "mip6" => "mipv6",
        // One module for the transition link kinds.
        "mape" | "sixbed4" => "softwire",
        other => other,
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage(msg) => f.write_str(msg),
            Error::FamilyNotFound(name) => write!(
                f,
                "generic netlink family '{name}' not found: is the {} module loaded?",
                module_of(name)
            ),
            Error::Kernel {
                family, op, err, ..
            } if err.errno == libc::EPERM => write!(
                f,
                "{family} {op}: operation not permitted (CAP_NET_ADMIN required)"
            ),
            Error::Kernel {
                family,
                op,
                err,
                attr,
                missing,
            } => {
                write!(f, "{family} {op}: {}", strerror(err.errno))?;
                if let Some(msg) = &err.extack {
                    write!(f, ": {msg}")?;
                }
                if let Some(a) = attr {
                    write!(f, " (attribute {a})")?;
                }
                if let Some(a) = missing {
                    write!(f, " (missing attribute {a})")?;
                }
                Ok(())
            }
            Error::Sys { context, err } => write!(f, "{context}: {}", describe_io(err)),
            Error::Proto { context, err } => write!(f, "{context}: bad reply from kernel: {err}"),
            Error::Output(err) => write!(f, "writing output: {}", describe_io(err)),
        }
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    fn kernel(errno: i32, extack: Option<&str>, op: &'static str) -> Error {
        Error::Kernel {
            family: "netpair".into(),
            op,
            err: KernelError {
                errno,
                extack: extack.map(String::from),
                bad_attr_offset: None,
                missing_type: None,
            },
            attr: None,
            missing: None,
        }
    }

    #[test]
    fn strerror_text() {
        assert_eq!(strerror(libc::ENODEV), "No such device");
        assert_eq!(strerror(libc::EEXIST), "File exists");
    }

    #[test]
    fn family_not_found() {
        let e = Error::FamilyNotFound("netpair".into());
        assert_eq!(
            e.to_string(),
            "generic netlink family 'netpair' not found: is the netpair module loaded?"
        );
        assert_eq!(
            Error::FamilyNotFound("mape".into()).to_string(),
            "generic netlink family 'mape' not found: is the softwire module loaded?"
        );
        assert_eq!(
            Error::FamilyNotFound("sixbed4".into()).to_string(),
            "generic netlink family 'sixbed4' not found: is the softwire module loaded?"
        );
        assert_eq!(e.exit_code(), 2);
    }

    #[test]
    fn eperm() {
        let e = kernel(libc::EPERM, None, "dev-new");
        assert_eq!(
            e.to_string(),
            "netpair dev-new: operation not permitted (CAP_NET_ADMIN required)"
        );
        assert_eq!(e.exit_code(), 1);
    }

    #[test]
    fn kernel_error_with_and_without_extack() {
        let e = kernel(libc::ENODEV, None, "dev-get");
        assert_eq!(e.to_string(), "netpair dev-get: No such device");
        let e = kernel(libc::ENODEV, Some("no netpair device 'x'"), "dev-get");
        assert_eq!(
            e.to_string(),
            "netpair dev-get: No such device: no netpair device 'x'"
        );
        assert_eq!(e.exit_code(), 1);
    }

    static SET: SetDesc = SetDesc {
        name: "chan",
        attrs: &[
            crate::schema::AttrDesc {
                name: "ifindex",
                id: 1,
                min: 1,
                max: 100,
                min_len: None,
                max_len: None,
                enum_: None,
                hex: false,
            },
            crate::schema::AttrDesc {
                name: "mtu",
                id: 6,
                min: 68,
                max: 16384,
                min_len: None,
                max_len: None,
                enum_: None,
                hex: false,
            },
        ],
    };

    /// The error of a request whose attributes are `attrs`, with the
    /// extended ack's offset and missing type.
    fn acked(attrs: &[u8], off: Option<u32>, miss: Option<u32>) -> Error {
        let err = NlError::Kernel(KernelError {
            errno: libc::EINVAL,
            extack: Some("Unsupported attribute".into()),
            bad_attr_offset: off,
            missing_type: miss,
        });
        Error::from_nl("qmap", "chan-del", err).with_attrs(&SET, attrs)
    }

    #[test]
    fn extack_names_the_attribute() {
        use crate::attr::{put_str, put_u32};
        let mut attrs = Vec::new();
        put_str(&mut attrs, 2, "veth0.1"); // 12 bytes: 4 + 8 padded
        put_u32(&mut attrs, 6, 1500);
        put_u32(&mut attrs, 9, 1);
        let base = (NLMSG_HDRLEN + GENL_HDRLEN) as u32;
        assert_eq!(
            acked(&attrs, Some(base + 12), None).to_string(),
            "qmap chan-del: Invalid argument: Unsupported attribute (attribute mtu)"
        );
        // Pointing inside the attribute (at its payload) names it too.
        assert_eq!(
            acked(&attrs, Some(base + 16), None).to_string(),
            "qmap chan-del: Invalid argument: Unsupported attribute (attribute mtu)"
        );
        // An attribute of a number the set does not know: the number.
        assert!(acked(&attrs, Some(base + 20), None)
            .to_string()
            .ends_with("(attribute 9)"));
        // The first attribute (no name in the set table here: its number).
        assert!(acked(&attrs, Some(base), None)
            .to_string()
            .ends_with("(attribute 2)"));
        // Past the request, or in the headers: no attribute.
        for off in [0, base + 28, base + 100] {
            assert_eq!(
                acked(&attrs, Some(off), None).to_string(),
                "qmap chan-del: Invalid argument: Unsupported attribute"
            );
        }
        assert_eq!(
            acked(&attrs, None, Some(1)).to_string(),
            "qmap chan-del: Invalid argument: Unsupported attribute (missing attribute ifindex)"
        );
    }

    #[test]
    fn usage_exit_code() {
        assert_eq!(Error::usage("bad").exit_code(), 2);
    }
}
