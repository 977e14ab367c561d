// SPDX-License-Identifier: GPL-2.0
//! Netlink attributes (`struct nlattr`): building and parsing.
//!
//! An attribute is a 4-byte header (`u16` length including the header, `u16`
//! type) followed by the payload, padded to a multiple of 4 bytes. Integers
//! are in host byte order.

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

/// Size of `struct nlattr`.
pub const NLA_HDRLEN: usize = 4;
/// Flag in the type field: the payload is itself a list of attributes.
pub const NLA_F_NESTED: u16 = 1 << 15;
/// Flag in the type field: the payload is in network byte order.
pub const NLA_F_NET_BYTEORDER: u16 = 1 << 14;
/// The bits of the type field that hold the type itself.
pub const NLA_TYPE_MASK: u16 = !(NLA_F_NESTED | NLA_F_NET_BYTEORDER);

/// Rounds `len` up to the netlink alignment (4 bytes).
pub const fn align4(len: usize) -> usize {
    (len + 3) & !3
}

/// Pads `buf` with zero bytes up to the next 4-byte boundary.
pub fn pad4(buf: &mut Vec<u8>) {
    buf.resize(align4(buf.len()), 0);
}

/// Appends one attribute with the given raw payload.
pub fn put_bytes(buf: &mut Vec<u8>, ty: u16, payload: &[u8]) {
    pad4(buf);
    let len = u16::try_from(NLA_HDRLEN + payload.len()).expect("netlink attribute too long");
    buf.extend_from_slice(&len.to_ne_bytes());
    buf.extend_from_slice(&ty.to_ne_bytes());
    buf.extend_from_slice(payload);
    pad4(buf);
}

/// Appends a u8 attribute: a 1-byte payload (length 5, padded to 8).
pub fn put_u8(buf: &mut Vec<u8>, ty: u16, value: u8) {
    put_bytes(buf, ty, &[value]);
}

pub fn put_u16(buf: &mut Vec<u8>, ty: u16, value: u16) {
    put_bytes(buf, ty, &value.to_ne_bytes());
}

pub fn put_u32(buf: &mut Vec<u8>, ty: u16, value: u32) {
    put_bytes(buf, ty, &value.to_ne_bytes());
}

pub fn put_u64(buf: &mut Vec<u8>, ty: u16, value: u64) {
    put_bytes(buf, ty, &value.to_ne_bytes());
}

/// Appends a `uint` (NLA_UINT): 4 bytes when the value fits, else 8.
pub fn put_uint(buf: &mut Vec<u8>, ty: u16, value: u64) {
    match u32::try_from(value) {
        Ok(v) => put_u32(buf, ty, v),
        Err(_) => put_u64(buf, ty, value),
    }
}

/// Appends an IPv4 address: its 4 bytes in network order.
pub fn put_ipv4(buf: &mut Vec<u8>, ty: u16, addr: Ipv4Addr) {
    put_bytes(buf, ty, &addr.octets());
}

/// Appends an IPv6 address: its 16 bytes in network order.
pub fn put_ipv6(buf: &mut Vec<u8>, ty: u16, addr: Ipv6Addr) {
    put_bytes(buf, ty, &addr.octets());
}

/// Appends a flag: an attribute without payload.
pub fn put_flag(buf: &mut Vec<u8>, ty: u16) {
    put_bytes(buf, ty, &[]);
}

/// Appends a NUL-terminated string attribute.
pub fn put_str(buf: &mut Vec<u8>, ty: u16, value: &str) {
    let mut payload = Vec::with_capacity(value.len() + 1);
    payload.extend_from_slice(value.as_bytes());
    payload.push(0);
    put_bytes(buf, ty, &payload);
}

/// Starts a nested attribute; finish it with [`end_nested`].
pub fn begin_nested(buf: &mut Vec<u8>, ty: u16) -> usize {
    pad4(buf);
    let start = buf.len();
    buf.extend_from_slice(&0u16.to_ne_bytes());
    buf.extend_from_slice(&(ty | NLA_F_NESTED).to_ne_bytes());
    start
}

/// Finishes the nested attribute begun at `start` by writing its length.
pub fn end_nested(buf: &mut [u8], start: usize) {
    let len = u16::try_from(buf.len() - start).expect("nested netlink attribute too long");
    buf[start..start + 2].copy_from_slice(&len.to_ne_bytes());
}

/// A reply could not be understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError(pub String);

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ParseError {}

/// One attribute borrowed from a received message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attr<'a> {
    /// The type, without the nested and byte-order flags.
    pub ty: u16,
    pub payload: &'a [u8],
}

impl<'a> Attr<'a> {
    fn bad_len(&self, what: &str) -> ParseError {
        ParseError(format!(
            "attribute {}: {} bytes is not a valid {}",
            self.ty,
            self.payload.len(),
            what
        ))
    }

    pub fn u8(&self) -> Result<u8, ParseError> {
        match self.payload {
            &[b] => Ok(b),
            _ => Err(self.bad_len("u8")),
        }
    }

    pub fn u16(&self) -> Result<u16, ParseError> {
        let bytes: [u8; 2] = self.payload.try_into().map_err(|_| self.bad_len("u16"))?;
        Ok(u16::from_ne_bytes(bytes))
    }

    pub fn u32(&self) -> Result<u32, ParseError> {
        let bytes: [u8; 4] = self.payload.try_into().map_err(|_| self.bad_len("u32"))?;
        Ok(u32::from_ne_bytes(bytes))
    }

    pub fn u64(&self) -> Result<u64, ParseError> {
        let bytes: [u8; 8] = self.payload.try_into().map_err(|_| self.bad_len("u64"))?;
        Ok(u64::from_ne_bytes(bytes))
    }

    /// A `uint` (NLA_UINT): 4 or 8 bytes.
    pub fn uint(&self) -> Result<u64, ParseError> {
        match self.payload.len() {
            8 => self.u64(),
            4 => Ok(u64::from(self.u32()?)),
            _ => Err(self.bad_len("uint")),
        }
    }

    pub fn binary(&self) -> Vec<u8> {
        self.payload.to_vec()
    }

    /// An IPv4 address (`display-hint: ipv4`): 4 bytes in network order.
    pub fn ipv4(&self) -> Result<Ipv4Addr, ParseError> {
        let bytes: [u8; 4] = self
            .payload
            .try_into()
            .map_err(|_| self.bad_len("IPv4 address"))?;
        Ok(Ipv4Addr::from(bytes))
    }

    /// An IPv6 address (`display-hint: ipv6`): 16 bytes in network order.
    pub fn ipv6(&self) -> Result<Ipv6Addr, ParseError> {
        let bytes: [u8; 16] = self
            .payload
            .try_into()
            .map_err(|_| self.bad_len("IPv6 address"))?;
        Ok(Ipv6Addr::from(bytes))
    }

    /// A string: everything up to the first NUL (or the whole payload if
    /// there is none). Invalid UTF-8 is replaced, not rejected.
    pub fn string(&self) -> String {
        let end = self
            .payload
            .iter()
            .position(|&b| b == 0)
            .unwrap_or(self.payload.len());
        String::from_utf8_lossy(&self.payload[..end]).into_owned()
    }

    /// The attributes inside a nested attribute.
    pub fn nested(&self) -> Attrs<'a> {
        Attrs::new(self.payload)
    }
}

/// Iterator over the attributes in a buffer. Yields an error (once) if an
/// attribute's length runs past the buffer or is shorter than its header.
#[derive(Debug, Clone)]
pub struct Attrs<'a> {
    rest: &'a [u8],
}

impl<'a> Attrs<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Attrs { rest: data }
    }
}

impl<'a> Iterator for Attrs<'a> {
    type Item = Result<Attr<'a>, ParseError>;

    fn next(&mut self) -> Option<Self::Item> {
        // Trailing bytes too short for a header are alignment padding.
        if self.rest.len() < NLA_HDRLEN {
            return None;
        }
        let len = usize::from(u16::from_ne_bytes([self.rest[0], self.rest[1]]));
        let ty = u16::from_ne_bytes([self.rest[2], self.rest[3]]) & NLA_TYPE_MASK;
        if len < NLA_HDRLEN || len > self.rest.len() {
            let err = ParseError(format!(
                "malformed attribute {ty}: length {len} with {} bytes left",
                self.rest.len()
            ));
            self.rest = &[];
            return Some(Err(err));
        }
        let payload = &self.rest[NLA_HDRLEN..len];
        self.rest = &self.rest[align4(len).min(self.rest.len())..];
        Some(Ok(Attr { ty, payload }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(data: &[u8]) -> Vec<Attr<'_>> {
        Attrs::new(data).collect::<Result<_, _>>().unwrap()
    }

    #[test]
    fn align() {
        assert_eq!(align4(0), 0);
        assert_eq!(align4(1), 4);
        assert_eq!(align4(4), 4);
        assert_eq!(align4(5), 8);
        assert_eq!(align4(15), 16);
    }

    #[test]
    fn encode_u32() {
        let mut buf = Vec::new();
        put_u32(&mut buf, 1, 7);
        let mut want = vec![8, 0, 1, 0];
        want.extend_from_slice(&7u32.to_ne_bytes());
        assert_eq!(buf, want);
    }

    #[test]
    fn encode_u8_padded() {
        let mut buf = Vec::new();
        put_u8(&mut buf, 5, 0x81);
        assert_eq!(buf, vec![5, 0, 5, 0, 0x81, 0, 0, 0]);
        put_u32(&mut buf, 1, 3);
        assert_eq!(&buf[8..12], &[8, 0, 1, 0], "next attribute is aligned");
        let attrs = collect(&buf);
        assert_eq!(attrs[0].payload, &[0x81]);
        assert_eq!(attrs[0].u8().unwrap(), 0x81);
        assert!(attrs[1].u8().is_err(), "a u32 is not a u8");
    }

    #[test]
    fn ipv6_in_network_order() {
        let addr: Ipv6Addr = "fec0:106:2700::4".parse().unwrap();
        let mut buf = Vec::new();
        put_ipv6(&mut buf, 6, addr);
        assert_eq!(buf.len(), 20);
        assert_eq!(&buf[..8], &[20, 0, 6, 0, 0xfe, 0xc0, 0x01, 0x06]);
        assert_eq!(buf[19], 4);
        let attrs = collect(&buf);
        assert_eq!(attrs[0].ipv6(), Ok(addr));
        let mut buf = Vec::new();
        put_bytes(&mut buf, 6, &[0; 15]);
        put_bytes(&mut buf, 6, &[0; 17]);
        for a in collect(&buf) {
            assert!(a.ipv6().is_err());
        }
    }

    #[test]
    fn ipv4_in_network_order() {
        let addr = Ipv4Addr::new(192, 0, 2, 18);
        let mut buf = Vec::new();
        put_ipv4(&mut buf, 10, addr);
        assert_eq!(buf, [8, 0, 10, 0, 192, 0, 2, 18]);
        assert_eq!(collect(&buf)[0].ipv4(), Ok(addr));
        let mut buf = Vec::new();
        put_bytes(&mut buf, 10, &[0; 3]);
        put_bytes(&mut buf, 10, &[0; 5]);
        put_bytes(&mut buf, 10, &[0; 16]);
        for a in collect(&buf) {
            assert!(a.ipv4().is_err());
        }
    }

    #[test]
    fn encode_u64() {
        let mut buf = Vec::new();
        put_u64(&mut buf, 5, 0x0102_0304_0506_0708);
        assert_eq!(buf.len(), 12);
        assert_eq!(&buf[..4], &[12, 0, 5, 0]);
        assert_eq!(&buf[4..], &0x0102_0304_0506_0708u64.to_ne_bytes());
    }

    #[test]
    fn encode_string_nul_and_padding() {
        let mut buf = Vec::new();
        put_str(&mut buf, 2, "np0");
        // 4 header + "np0\0" = 8, already aligned.
        assert_eq!(buf, vec![8, 0, 2, 0, b'n', b'p', b'0', 0]);

        let mut buf = Vec::new();
        put_str(&mut buf, 2, "veth0");
        // 4 header + "veth0\0" = 10 in the length field, padded to 12.
        assert_eq!(buf.len(), 12);
        assert_eq!(&buf[..4], &[10, 0, 2, 0]);
        assert_eq!(&buf[4..10], b"veth0\0");
        assert_eq!(&buf[10..], &[0, 0]);

        // The next attribute starts aligned.
        put_u32(&mut buf, 1, 3);
        assert_eq!(buf.len(), 20);
        assert_eq!(&buf[12..16], &[8, 0, 1, 0]);
    }

    #[test]
    fn encode_empty_string() {
        let mut buf = Vec::new();
        put_str(&mut buf, 4, "");
        assert_eq!(buf, vec![5, 0, 4, 0, 0, 0, 0, 0]);
    }

    #[test]
    fn encode_nested() {
        let mut buf = Vec::new();
        let start = begin_nested(&mut buf, 7);
        put_u32(&mut buf, 2, 9);
        put_str(&mut buf, 1, "ab");
        end_nested(&mut buf, start);
        assert_eq!(buf.len(), 4 + 8 + 8);
        assert_eq!(u16::from_ne_bytes([buf[0], buf[1]]), 20);
        assert_eq!(u16::from_ne_bytes([buf[2], buf[3]]), 7 | NLA_F_NESTED);

        let outer = collect(&buf);
        assert_eq!(outer.len(), 1);
        assert_eq!(outer[0].ty, 7, "nested flag is masked off");
        let inner: Vec<_> = outer[0].nested().map(Result::unwrap).collect();
        assert_eq!(inner.len(), 2);
        assert_eq!(inner[0].u32().unwrap(), 9);
        assert_eq!(inner[1].string(), "ab");
    }

    #[test]
    fn roundtrip() {
        let mut buf = Vec::new();
        put_str(&mut buf, 2, "np0");
        put_u32(&mut buf, 1, 42);
        put_u64(&mut buf, 6, u64::MAX);
        put_str(&mut buf, 4, "peer-x");
        let attrs = collect(&buf);
        assert_eq!(attrs.len(), 4);
        assert_eq!(attrs[0].string(), "np0");
        assert_eq!(attrs[1].u32().unwrap(), 42);
        assert_eq!(attrs[2].u64().unwrap(), u64::MAX);
        assert_eq!(attrs[3].string(), "peer-x");
    }

    #[test]
    fn bad_lengths() {
        let mut buf = Vec::new();
        put_u32(&mut buf, 1, 1);
        let a = collect(&buf)[0];
        assert!(a.uint().is_ok(), "a 4-byte uint is accepted");
        assert!(a.u64().is_err(), "a u64 is 8 bytes");
        let short = Attr {
            ty: 1,
            payload: &[1, 2],
        };
        assert!(short.u32().is_err());
        assert!(short.u64().is_err());
        assert!(short.uint().is_err());
    }

    #[test]
    fn uint_4_or_8_bytes() {
        let mut buf = Vec::new();
        put_uint(&mut buf, 1, 5);
        put_uint(&mut buf, 2, u64::from(u32::MAX));
        put_uint(&mut buf, 3, u64::from(u32::MAX) + 1);
        put_u64(&mut buf, 4, 6);
        let attrs = collect(&buf);
        let lens: Vec<usize> = attrs.iter().map(|a| a.payload.len()).collect();
        assert_eq!(lens, [4, 4, 8, 8]);
        let values: Vec<u64> = attrs.iter().map(|a| a.uint().unwrap()).collect();
        assert_eq!(values, [5, u64::from(u32::MAX), u64::from(u32::MAX) + 1, 6]);
        let three = Attr {
            ty: 1,
            payload: &[1, 2, 3],
        };
        assert!(three.uint().is_err());
    }

    #[test]
    fn flag_and_u16() {
        let mut buf = Vec::new();
        put_flag(&mut buf, 1);
        put_u16(&mut buf, 2, 0x1234);
        assert_eq!(buf.len(), 4 + 8);
        let attrs = collect(&buf);
        assert!(attrs[0].payload.is_empty());
        assert_eq!(attrs[1].u16().unwrap(), 0x1234);
        assert_eq!(attrs[1].binary(), 0x1234u16.to_ne_bytes());
    }

    #[test]
    fn truncated_attribute_is_an_error() {
        // Claims 12 bytes but only 8 are there.
        let buf = [12u8, 0, 1, 0, 0, 0, 0, 0];
        let mut it = Attrs::new(&buf);
        assert!(it.next().unwrap().is_err());
        assert!(it.next().is_none());
        // Length below the header size.
        let buf = [2u8, 0, 1, 0];
        assert!(Attrs::new(&buf).next().unwrap().is_err());
    }

    #[test]
    fn string_without_nul() {
        let a = Attr {
            ty: 2,
            payload: b"abc",
        };
        assert_eq!(a.string(), "abc");
    }
}
