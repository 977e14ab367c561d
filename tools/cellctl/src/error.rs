// SPDX-License-Identifier: GPL-2.0
//! The errors cellctl reports, their messages and exit codes.

use std::fmt;
use std::io;

use crate::attr::ParseError;
use crate::nl::{KernelError, NlError};

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
            },
            NlError::Io(err) => Error::sys(&format!("{family} {op}"), err),
            NlError::Parse(err) => Error::proto(&format!("{family} {op}"), err),
        }
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

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage(msg) => f.write_str(msg),
            Error::FamilyNotFound(name) => write!(
                f,
                "generic netlink family '{name}' not found: is the {name} module loaded?"
            ),
            Error::Kernel { family, op, err } if err.errno == libc::EPERM => write!(
                f,
                "{family} {op}: operation not permitted (CAP_NET_ADMIN required)"
            ),
            Error::Kernel { family, op, err } => {
                write!(
                    f,
                    "{family} {op}: {} (errno {})",
                    strerror(err.errno),
                    err.errno
                )?;
                if let Some(msg) = &err.extack {
                    write!(f, ": {msg}")?;
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
            },
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
        assert_eq!(e.to_string(), "netpair dev-get: No such device (errno 19)");
        let e = kernel(libc::ENODEV, Some("no netpair device 'x'"), "dev-get");
        assert_eq!(
            e.to_string(),
            "netpair dev-get: No such device (errno 19): no netpair device 'x'"
        );
        assert_eq!(e.exit_code(), 1);
    }

    #[test]
    fn usage_exit_code() {
        assert_eq!(Error::usage("bad").exit_code(), 2);
    }
}
