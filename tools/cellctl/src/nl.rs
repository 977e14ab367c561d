// SPDX-License-Identifier: GPL-2.0
//! A netlink socket over libc, and parsing of netlink messages.
//!
//! Requests are sent with a sequence number; replies are collected until the
//! kernel's acknowledgement (`NLMSG_ERROR` with error 0) or, for dumps, until
//! `NLMSG_DONE`. Errors carry the extended-ack message when the kernel sent
//! one.

#![allow(unsafe_code)] // the libc socket calls; each has a SAFETY comment

use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

use crate::attr::{align4, Attrs, ParseError};

/// Size of `struct nlmsghdr`.
pub const NLMSG_HDRLEN: usize = 16;

pub const NLMSG_NOOP: u16 = 1;
pub const NLMSG_ERROR: u16 = 2;
pub const NLMSG_DONE: u16 = 3;
pub const NLMSG_OVERRUN: u16 = 4;

pub const NLM_F_REQUEST: u16 = 0x01;
#[allow(dead_code)]
pub const NLM_F_MULTI: u16 = 0x02;
pub const NLM_F_ACK: u16 = 0x04;
pub const NLM_F_ROOT: u16 = 0x100;
pub const NLM_F_MATCH: u16 = 0x200;
pub const NLM_F_DUMP: u16 = NLM_F_ROOT | NLM_F_MATCH;
/// On an `NLMSG_ERROR`: only the header of the request is echoed.
pub const NLM_F_CAPPED: u16 = 0x100;
/// On an `NLMSG_ERROR` or `NLMSG_DONE`: extended-ack attributes follow.
pub const NLM_F_ACK_TLVS: u16 = 0x200;

pub const SOL_NETLINK: libc::c_int = 270;
pub const NETLINK_ADD_MEMBERSHIP: libc::c_int = 1;
pub const NETLINK_CAP_ACK: libc::c_int = 10;
pub const NETLINK_EXT_ACK: libc::c_int = 11;

/// Extended-ack attribute: human-readable error message.
pub const NLMSGERR_ATTR_MSG: u16 = 1;
/// Extended-ack attribute: offset of the offending attribute in the request.
pub const NLMSGERR_ATTR_OFFS: u16 = 2;
/// Extended-ack attribute: type of a missing attribute.
pub const NLMSGERR_ATTR_MISS_TYPE: u16 = 5;

const RECV_BUF_SIZE: usize = 64 * 1024;

/// One netlink message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Msg {
    pub ty: u16,
    pub flags: u16,
    pub seq: u32,
    pub pid: u32,
    pub payload: Vec<u8>,
}

/// Builds a complete netlink message (header + payload).
pub fn encode_msg(ty: u16, flags: u16, seq: u32, payload: &[u8]) -> Vec<u8> {
    let len = u32::try_from(NLMSG_HDRLEN + payload.len()).expect("netlink message too long");
    let mut buf = Vec::with_capacity(align4(len as usize));
    buf.extend_from_slice(&len.to_ne_bytes());
    buf.extend_from_slice(&ty.to_ne_bytes());
    buf.extend_from_slice(&flags.to_ne_bytes());
    buf.extend_from_slice(&seq.to_ne_bytes());
    buf.extend_from_slice(&0u32.to_ne_bytes()); // port id: filled in by the kernel
    buf.extend_from_slice(payload);
    buf.resize(align4(buf.len()), 0);
    buf
}

fn read_u32(b: &[u8], at: usize) -> u32 {
    u32::from_ne_bytes(b[at..at + 4].try_into().unwrap())
}

fn read_u16(b: &[u8], at: usize) -> u16 {
    u16::from_ne_bytes(b[at..at + 2].try_into().unwrap())
}

/// Splits a datagram into its netlink messages.
pub fn parse_msgs(mut buf: &[u8]) -> Result<Vec<Msg>, ParseError> {
    let mut msgs = Vec::new();
    while buf.len() >= NLMSG_HDRLEN {
        let len = read_u32(buf, 0) as usize;
        if len < NLMSG_HDRLEN || len > buf.len() {
            return Err(ParseError(format!(
                "malformed netlink message: length {len} with {} bytes received",
                buf.len()
            )));
        }
        msgs.push(Msg {
            ty: read_u16(buf, 4),
            flags: read_u16(buf, 6),
            seq: read_u32(buf, 8),
            pid: read_u32(buf, 12),
            payload: buf[NLMSG_HDRLEN..len].to_vec(),
        });
        buf = &buf[align4(len).min(buf.len())..];
    }
    Ok(msgs)
}

/// An error reported by the kernel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KernelError {
    /// Positive errno value.
    pub errno: i32,
    /// The extended-ack message, if the kernel sent one.
    pub extack: Option<String>,
    /// The extended-ack offset of the offending attribute, if sent: from
    /// the start of the request's netlink header.
    pub bad_attr_offset: Option<u32>,
    /// The extended-ack type of a missing attribute, if sent.
    pub missing_type: Option<u32>,
}

fn parse_extack(tlvs: &[u8], errno: i32) -> KernelError {
    let mut err = KernelError {
        errno,
        extack: None,
        bad_attr_offset: None,
        missing_type: None,
    };
    // Extended ack is best-effort: a malformed TLV just ends the parsing.
    for attr in Attrs::new(tlvs).map_while(Result::ok) {
        match attr.ty {
            NLMSGERR_ATTR_MSG => {
                let msg = attr.string();
                if !msg.is_empty() {
                    err.extack = Some(msg);
                }
            }
            NLMSGERR_ATTR_OFFS => err.bad_attr_offset = attr.u32().ok(),
            NLMSGERR_ATTR_MISS_TYPE => err.missing_type = attr.u32().ok(),
            _ => {}
        }
    }
    err
}

/// Parses the payload of an `NLMSG_ERROR`: `Ok(None)` for an
/// acknowledgement, `Ok(Some(err))` for an error.
pub fn parse_error(msg: &Msg) -> Result<Option<KernelError>, ParseError> {
    let p = &msg.payload;
    if p.len() < 4 {
        return Err(ParseError("truncated netlink error message".into()));
    }
    let code = read_u32(p, 0) as i32;
    if code == 0 {
        return Ok(None);
    }
    // struct nlmsgerr: int error; struct nlmsghdr msg; then (unless capped)
    // the request's payload; then, aligned, the extended-ack TLVs.
    let mut tlv_start = p.len();
    if msg.flags & NLM_F_ACK_TLVS != 0 && p.len() >= 4 + NLMSG_HDRLEN {
        let echoed = if msg.flags & NLM_F_CAPPED != 0 {
            NLMSG_HDRLEN
        } else {
            (read_u32(p, 4) as usize).max(NLMSG_HDRLEN)
        };
        tlv_start = align4(4 + echoed).min(p.len());
    }
    Ok(Some(parse_extack(&p[tlv_start..], code.saturating_neg())))
}

/// Parses the payload of an `NLMSG_DONE`: a dump may end with an error.
pub fn parse_done(msg: &Msg) -> Option<KernelError> {
    let p = &msg.payload;
    if p.len() < 4 {
        return None;
    }
    let code = read_u32(p, 0) as i32;
    if code >= 0 {
        return None;
    }
    let tlvs = if msg.flags & NLM_F_ACK_TLVS != 0 {
        &p[4..]
    } else {
        &[][..]
    };
    Some(parse_extack(tlvs, code.saturating_neg()))
}

/// Why a request failed.
#[derive(Debug)]
pub enum NlError {
    /// The kernel answered with an error.
    Kernel(KernelError),
    /// A system call failed.
    Io(io::Error),
    /// The reply could not be understood.
    Parse(ParseError),
}

impl From<io::Error> for NlError {
    fn from(e: io::Error) -> Self {
        NlError::Io(e)
    }
}

impl From<ParseError> for NlError {
    fn from(e: ParseError) -> Self {
        NlError::Parse(e)
    }
}

/// `struct sockaddr_nl`, declared here so that it can be built without
/// zeroing memory (libc's has a private padding field).
#[repr(C)]
struct SockaddrNl {
    nl_family: libc::sa_family_t,
    nl_pad: libc::c_ushort,
    nl_pid: u32,
    nl_groups: u32,
}

impl SockaddrNl {
    fn new(pid: u32) -> Self {
        SockaddrNl {
            nl_family: libc::AF_NETLINK as libc::sa_family_t,
            nl_pad: 0,
            nl_pid: pid,
            nl_groups: 0,
        }
    }
}

fn check(ret: libc::c_int) -> io::Result<libc::c_int> {
    if ret < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(ret)
    }
}

/// A bound netlink socket.
pub struct Socket {
    fd: OwnedFd,
    seq: u32,
    buf: Vec<u8>,
}

impl Socket {
    /// Opens and binds a socket of the given netlink protocol and turns on
    /// extended acks and capped acks.
    pub fn open(protocol: libc::c_int) -> io::Result<Socket> {
        // SAFETY: socket(2) takes no pointers; the result is checked.
        let raw = check(unsafe {
            libc::socket(
                libc::AF_NETLINK,
                libc::SOCK_RAW | libc::SOCK_CLOEXEC,
                protocol,
            )
        })?;
        // SAFETY: `raw` is a freshly created descriptor that nothing else owns.
        let fd = unsafe { OwnedFd::from_raw_fd(raw) };

        let addr = SockaddrNl::new(0);
        // SAFETY: `addr` is a valid sockaddr_nl that outlives the call, and
        // the length passed is its size.
        check(unsafe {
            libc::bind(
                fd.as_raw_fd(),
                (&addr as *const SockaddrNl).cast::<libc::sockaddr>(),
                std::mem::size_of::<SockaddrNl>() as libc::socklen_t,
            )
        })?;

        // Start from a varying sequence number so stale replies to an
        // earlier process on a reused port id are not taken as ours.
        let seq = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as u32)
            .unwrap_or(1);
        let sock = Socket {
            fd,
            seq,
            buf: vec![0; RECV_BUF_SIZE],
        };
        // Older kernels lack these; errors are then reported without text.
        let _ = sock.set_int_opt(NETLINK_EXT_ACK, 1);
        let _ = sock.set_int_opt(NETLINK_CAP_ACK, 1);
        Ok(sock)
    }

    fn set_int_opt(&self, name: libc::c_int, value: libc::c_int) -> io::Result<()> {
        // SAFETY: `value` is a valid c_int that outlives the call, and the
        // length passed is its size.
        check(unsafe {
            libc::setsockopt(
                self.fd.as_raw_fd(),
                SOL_NETLINK,
                name,
                (&value as *const libc::c_int).cast::<libc::c_void>(),
                std::mem::size_of::<libc::c_int>() as libc::socklen_t,
            )
        })?;
        Ok(())
    }

    /// Joins a multicast group (`NETLINK_ADD_MEMBERSHIP`).
    pub fn add_membership(&self, group: u32) -> io::Result<()> {
        self.set_int_opt(NETLINK_ADD_MEMBERSHIP, group as libc::c_int)
    }

    /// Sends one message to the kernel and returns its sequence number.
    pub fn send(&mut self, ty: u16, flags: u16, payload: &[u8]) -> io::Result<u32> {
        self.seq = self.seq.wrapping_add(1);
        let msg = encode_msg(ty, flags, self.seq, payload);
        let dest = SockaddrNl::new(0);
        loop {
            // SAFETY: `msg` and `dest` are valid for the lengths passed and
            // outlive the call.
            let ret = unsafe {
                libc::sendto(
                    self.fd.as_raw_fd(),
                    msg.as_ptr().cast::<libc::c_void>(),
                    msg.len(),
                    0,
                    (&dest as *const SockaddrNl).cast::<libc::sockaddr>(),
                    std::mem::size_of::<SockaddrNl>() as libc::socklen_t,
                )
            };
            if ret < 0 {
                let err = io::Error::last_os_error();
                if err.kind() == io::ErrorKind::Interrupted {
                    continue;
                }
                return Err(err);
            }
            if ret as usize != msg.len() {
                return Err(io::Error::other("short send on netlink socket"));
            }
            return Ok(self.seq);
        }
    }

    /// Receives one datagram and splits it into messages.
    pub fn recv(&mut self) -> Result<Vec<Msg>, NlError> {
        loop {
            // SAFETY: `self.buf` is valid for writes of its full length.
            // MSG_TRUNC makes the kernel return the datagram's real length.
            let ret = unsafe {
                libc::recv(
                    self.fd.as_raw_fd(),
                    self.buf.as_mut_ptr().cast::<libc::c_void>(),
                    self.buf.len(),
                    libc::MSG_TRUNC,
                )
            };
            if ret < 0 {
                let err = io::Error::last_os_error();
                if err.kind() == io::ErrorKind::Interrupted {
                    continue;
                }
                return Err(err.into());
            }
            let len = ret as usize;
            if len > self.buf.len() {
                return Err(ParseError(format!(
                    "netlink message of {len} bytes truncated to {}",
                    self.buf.len()
                ))
                .into());
            }
            return Ok(parse_msgs(&self.buf[..len])?);
        }
    }

    /// Sends a request and collects the payload-carrying replies.
    ///
    /// A plain request is sent with `NLM_F_ACK` and completes at the ack; a
    /// dump (`NLM_F_DUMP` in `flags`) completes at `NLMSG_DONE`.
    pub fn request(&mut self, ty: u16, flags: u16, payload: &[u8]) -> Result<Vec<Msg>, NlError> {
        let dump = flags & NLM_F_DUMP == NLM_F_DUMP;
        let flags = flags | NLM_F_REQUEST | if dump { 0 } else { NLM_F_ACK };
        let seq = self.send(ty, flags, payload)?;
        let mut replies = Vec::new();
        loop {
            for msg in self.recv()? {
                if msg.seq != seq {
                    continue; // a stale reply or a notification: not ours
                }
                match msg.ty {
                    NLMSG_NOOP => {}
                    NLMSG_ERROR => {
                        return match parse_error(&msg)? {
                            None => Ok(replies),
                            Some(err) => Err(NlError::Kernel(err)),
                        };
                    }
                    NLMSG_DONE => {
                        return match parse_done(&msg) {
                            None => Ok(replies),
                            Some(err) => Err(NlError::Kernel(err)),
                        };
                    }
                    NLMSG_OVERRUN => {
                        return Err(ParseError("netlink overrun".into()).into());
                    }
                    _ => replies.push(msg),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attr::{put_str, put_u32};

    /// Builds an `NLMSG_ERROR` as the kernel's netlink_ack() does.
    fn error_msg(errno: i32, request: &[u8], capped: bool, extack: Option<&str>) -> Msg {
        let mut payload = (-errno).to_ne_bytes().to_vec();
        let mut flags = 0;
        if capped {
            payload.extend_from_slice(&request[..NLMSG_HDRLEN]);
            flags |= NLM_F_CAPPED;
        } else {
            payload.extend_from_slice(request);
        }
        if let Some(text) = extack {
            flags |= NLM_F_ACK_TLVS;
            payload.resize(align4(payload.len()), 0);
            put_str(&mut payload, NLMSGERR_ATTR_MSG, text);
            put_u32(&mut payload, NLMSGERR_ATTR_OFFS, 20);
        }
        Msg {
            ty: NLMSG_ERROR,
            flags,
            seq: 5,
            pid: 0,
            payload,
        }
    }

    fn sample_request() -> Vec<u8> {
        let mut payload = vec![3, 1, 0, 0];
        put_str(&mut payload, 2, "nosuchdev");
        encode_msg(0x20, NLM_F_REQUEST | NLM_F_ACK, 5, &payload)
    }

    #[test]
    fn encode_header() {
        let msg = encode_msg(0x10, NLM_F_REQUEST, 9, &[1, 2, 3, 4]);
        assert_eq!(msg.len(), 20);
        assert_eq!(read_u32(&msg, 0), 20);
        assert_eq!(read_u16(&msg, 4), 0x10);
        assert_eq!(read_u16(&msg, 6), NLM_F_REQUEST);
        assert_eq!(read_u32(&msg, 8), 9);
        assert_eq!(&msg[16..], &[1, 2, 3, 4]);
    }

    #[test]
    fn parse_multiple_messages() {
        let mut buf = encode_msg(0x20, NLM_F_MULTI, 1, &[1, 2, 3]);
        buf.extend(encode_msg(NLMSG_DONE, NLM_F_MULTI, 1, &0i32.to_ne_bytes()));
        let msgs = parse_msgs(&buf).unwrap();
        assert_eq!(msgs.len(), 2);
        assert_eq!(msgs[0].ty, 0x20);
        assert_eq!(msgs[0].payload, vec![1, 2, 3], "padding is not payload");
        assert_eq!(msgs[1].ty, NLMSG_DONE);
        assert_eq!(parse_done(&msgs[1]), None);
    }

    #[test]
    fn parse_truncated_message() {
        let mut buf = encode_msg(0x20, 0, 1, &[0; 8]);
        buf.truncate(20);
        assert!(parse_msgs(&buf).is_err());
    }

    #[test]
    fn ack_is_not_an_error() {
        let req = sample_request();
        let mut msg = error_msg(0, &req, true, None);
        msg.payload[..4].copy_from_slice(&0i32.to_ne_bytes());
        assert_eq!(parse_error(&msg).unwrap(), None);
    }

    #[test]
    fn error_with_extack_capped() {
        let req = sample_request();
        let msg = error_msg(19, &req, true, Some("device not found"));
        let err = parse_error(&msg).unwrap().unwrap();
        assert_eq!(err.errno, 19);
        assert_eq!(err.extack.as_deref(), Some("device not found"));
        assert_eq!(err.bad_attr_offset, Some(20));
    }

    #[test]
    fn error_with_extack_uncapped() {
        // The whole request is echoed (its payload is not a multiple of 4
        // long here: "nosuchdev\0" makes the attribute 14 bytes).
        let req = sample_request();
        let msg = error_msg(22, &req, false, Some("Attribute failed policy validation"));
        let err = parse_error(&msg).unwrap().unwrap();
        assert_eq!(err.errno, 22);
        assert_eq!(
            err.extack.as_deref(),
            Some("Attribute failed policy validation")
        );
    }

    #[test]
    fn error_without_extack() {
        let req = sample_request();
        let msg = error_msg(1, &req, true, None);
        let err = parse_error(&msg).unwrap().unwrap();
        assert_eq!(err.errno, 1);
        assert_eq!(err.extack, None);
    }

    #[test]
    fn error_from_wire_bytes() {
        // A whole datagram: error -ENODEV, capped, with an extack message.
        let req = sample_request();
        let m = error_msg(19, &req, true, Some("no such netpair device"));
        let wire = encode_msg(m.ty, m.flags, m.seq, &m.payload);
        let msgs = parse_msgs(&wire).unwrap();
        assert_eq!(msgs.len(), 1);
        let err = parse_error(&msgs[0]).unwrap().unwrap();
        assert_eq!(err.errno, 19);
        assert_eq!(err.extack.as_deref(), Some("no such netpair device"));
    }

    #[test]
    fn done_with_error() {
        let mut payload = (-95i32).to_ne_bytes().to_vec();
        put_str(&mut payload, NLMSGERR_ATTR_MSG, "dump not supported");
        let msg = Msg {
            ty: NLMSG_DONE,
            flags: NLM_F_MULTI | NLM_F_ACK_TLVS,
            seq: 1,
            pid: 0,
            payload,
        };
        let err = parse_done(&msg).unwrap();
        assert_eq!(err.errno, 95);
        assert_eq!(err.extack.as_deref(), Some("dump not supported"));
    }
}
