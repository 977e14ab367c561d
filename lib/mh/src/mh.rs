// SPDX-License-Identifier: GPL-2.0

//! Mobile IPv6 wire formats: the Mobility Header and its options (RFC 6275
//! §6.1, §6.2; RFC 3963; RFC 4283; RFC 4285), its checksum (§6.1.1), the
//! IPv6 extension headers that carry a Home Address option or a type 2
//! routing header (§6.3, §6.4) and the Neighbor Discovery messages a mobile
//! node and a home agent read (RFC 4861; RFC 6275 §6.5, §6.6, §7).
//!
//! Everything works on byte slices the caller owns: parsers borrow them,
//! builders write into a caller `&mut [u8]` and return the length written.
//! Addresses are `[u8; 16]` ([`Addr`]), multi-octet fields big-endian on the
//! wire and native numbers in the structs.
//!
//! This file and its children under `mh/` are `no_std`, alloc-free and
//! panic-free on any input (no slice indexing that can fail, no arithmetic
//! that can overflow, no floating point): the mip6 kernel module compiles
//! them in with `#[path = ".../lib/mh/src/mh.rs"] mod mh;`, host tests and
//! fuzzers exercise them. Children are named with explicit `#[path]`
//! attributes so that both that include and the host crate root find them
//! in `mh/`. They refer to each other through `super::`, never `crate::`.

#[path = "mh/auth.rs"]
mod auth;
#[path = "mh/csum.rs"]
mod csum;
#[path = "mh/exthdr.rs"]
mod exthdr;
#[path = "mh/nd.rs"]
mod nd;
#[path = "mh/options.rs"]
mod options;

// One flat namespace. A module that includes this file and uses only part
// of it must not be told that the rest is unused.
#[allow(unused_imports)]
pub use self::auth::*;
#[allow(unused_imports)]
pub use self::csum::*;
#[allow(unused_imports)]
pub use self::exthdr::*;
#[allow(unused_imports)]
pub use self::nd::*;
#[allow(unused_imports)]
pub use self::options::*;

/// An IPv6 address, in network order.
pub type Addr = [u8; 16];

/// The unspecified address `::`.
pub const ADDR_UNSPECIFIED: Addr = [0; 16];

/// IPv6 Next Header value of the Mobility Header (RFC 6275 §6.1.1).
pub const IPPROTO_MH: u8 = 135;
/// IPv6 Next Header value "no next header" (RFC 8200 §4.7), the only valid
/// MH Payload Proto (RFC 6275 §6.1.1).
pub const IPPROTO_NONE: u8 = 59;

/// Length of the smallest Mobility Header, and the unit of its length.
pub const MH_MIN_LEN: usize = 8;
/// Largest Mobility Header: Header Len 255.
pub const MH_MAX_LEN: usize = 256 * 8;
/// Offset of the MH Checksum field.
pub const MH_CSUM_OFFSET: usize = 4;

/// MH Type: Binding Refresh Request (RFC 6275 §6.1.2).
pub const MH_BRR: u8 = 0;
/// MH Type: Home Test Init (§6.1.3).
pub const MH_HOTI: u8 = 1;
/// MH Type: Care-of Test Init (§6.1.4).
pub const MH_COTI: u8 = 2;
/// MH Type: Home Test (§6.1.5).
pub const MH_HOT: u8 = 3;
/// MH Type: Care-of Test (§6.1.6).
pub const MH_COT: u8 = 4;
/// MH Type: Binding Update (§6.1.7).
pub const MH_BU: u8 = 5;
/// MH Type: Binding Acknowledgement (§6.1.8).
pub const MH_BA: u8 = 6;
/// MH Type: Binding Error (§6.1.9).
pub const MH_BE: u8 = 7;

/// BU flag A: acknowledge (RFC 6275 §6.1.7).
pub const BU_FLAG_A: u16 = 0x8000;
/// BU flag H: home registration (§6.1.7).
pub const BU_FLAG_H: u16 = 0x4000;
/// BU flag L: link-local address compatibility (§6.1.7).
pub const BU_FLAG_L: u16 = 0x2000;
/// BU flag K: key management mobility capability (§6.1.7).
pub const BU_FLAG_K: u16 = 0x1000;
/// BU flag M: MAP registration (RFC 5380).
pub const BU_FLAG_M: u16 = 0x0800;
/// BU flag R: mobile router (RFC 3963 §4.1).
pub const BU_FLAG_R: u16 = 0x0400;
/// BU flag P: proxy registration (RFC 5213).
pub const BU_FLAG_P: u16 = 0x0200;
/// BU flag F: forcing UDP encapsulation (RFC 5555).
pub const BU_FLAG_F: u16 = 0x0100;

/// BA flag K: key management mobility capability (RFC 6275 §6.1.8).
pub const BA_FLAG_K: u8 = 0x80;
/// BA flag R: mobile router (RFC 3963 §4.2).
pub const BA_FLAG_R: u8 = 0x40;
/// BA flag P: proxy registration (RFC 5213).
pub const BA_FLAG_P: u8 = 0x20;

/// BA status: Binding Update accepted (RFC 6275 §6.1.8).
pub const BA_ACCEPTED: u8 = 0;
/// BA status: accepted but prefix discovery necessary.
pub const BA_ACCEPTED_PREFIX_DISCOVERY: u8 = 1;
/// BA status: reason unspecified. Statuses from this one on are rejections.
pub const BA_UNSPECIFIED: u8 = 128;
/// BA status: administratively prohibited.
pub const BA_PROHIBITED: u8 = 129;
/// BA status: insufficient resources.
pub const BA_INSUFFICIENT_RESOURCES: u8 = 130;
/// BA status: home registration not supported.
pub const BA_HOME_REG_NOT_SUPPORTED: u8 = 131;
/// BA status: not home subnet.
pub const BA_NOT_HOME_SUBNET: u8 = 132;
/// BA status: not home agent for this mobile node (also a deregistration
/// without a binding cache entry).
pub const BA_NOT_HOME_AGENT: u8 = 133;
/// BA status: duplicate address detection failed.
pub const BA_DAD_FAILED: u8 = 134;
/// BA status: sequence number out of window (§9.5.1); the BA carries the
/// last accepted sequence number.
pub const BA_SEQ_OUT_OF_WINDOW: u8 = 135;
/// BA status: expired home nonce index.
pub const BA_EXPIRED_HOME_NONCE: u8 = 136;
/// BA status: expired care-of nonce index.
pub const BA_EXPIRED_CAREOF_NONCE: u8 = 137;
/// BA status: expired nonces.
pub const BA_EXPIRED_NONCES: u8 = 138;
/// BA status: registration type change disallowed (H or R differs from the
/// binding cache entry).
pub const BA_REG_TYPE_CHANGE: u8 = 139;
/// BA status: mobile router operation not permitted (RFC 3963 §4.2).
pub const BA_MR_NOT_PERMITTED: u8 = 140;
/// BA status: invalid prefix (RFC 3963 §4.2).
pub const BA_INVALID_PREFIX: u8 = 141;
/// BA status: not authorized for prefix (RFC 3963 §4.2).
pub const BA_NOT_AUTHORIZED_PREFIX: u8 = 142;
/// BA status: forwarding setup failed (RFC 3963 §4.2).
pub const BA_FORWARDING_FAILED: u8 = 143;
/// BA status: MIPV6-ID-MISMATCH (RFC 4285 §9).
pub const BA_ID_MISMATCH: u8 = 144;
/// BA status: MIPV6-MESG-ID-REQD (RFC 4285 §9).
pub const BA_MESG_ID_REQUIRED: u8 = 145;
/// BA status: MIPV6-AUTH-FAIL (RFC 4285 §9).
pub const BA_AUTH_FAILED: u8 = 146;
/// BA status: invalid care-of address (RFC 6275 §6.1.8).
pub const BA_INVALID_COA: u8 = 174;

/// BE status: unknown binding for Home Address destination option (RFC
/// 6275 §6.1.9).
pub const BE_UNKNOWN_BINDING: u8 = 1;
/// BE status: unrecognized MH Type value (§6.1.9, §9.2).
pub const BE_UNKNOWN_MH_TYPE: u8 = 2;

/// Unit of the BU, BA and Binding Refresh Advice lifetimes, in seconds
/// (RFC 6275 §6.1.7).
pub const LIFETIME_UNIT_SECS: u32 = 4;
/// Longest lifetime a BU or BA carries, in seconds: 0xffff units.
pub const MAX_LIFETIME_SECS: u32 = 0xffff * LIFETIME_UNIT_SECS;

/// Whether sequence number `new` is newer than `last`, modulo 2^16: the
/// Binding Update test of RFC 6275 §9.5.1 (a BU whose number is not newer
/// gets BA status 135 carrying `last`). Equal numbers are not newer, nor is
/// either of two numbers 32768 apart.
pub fn seq_newer(new: u16, last: u16) -> bool {
    (new.wrapping_sub(last) as i16) > 0
}

/// A lifetime field (4-second units) in seconds (RFC 6275 §6.1.7).
pub fn lifetime_secs(units: u16) -> u32 {
    u32::from(units) * LIFETIME_UNIT_SECS
}

/// Seconds as a lifetime field: rounded down to 4-second units, capped at
/// 0xffff (RFC 6275 §6.1.7).
pub fn lifetime_units(secs: u32) -> u16 {
    u16::try_from(secs / LIFETIME_UNIT_SECS).unwrap_or(u16::MAX)
}

/// Minimum Header Len of an MH type, in 8-octet units after the first 8
/// (RFC 6275 §6.1; Linux `mip6_mh_len`). 0 for unknown types.
pub fn min_header_len(mh_type: u8) -> u8 {
    match mh_type {
        MH_HOTI | MH_COTI | MH_BU | MH_BA => 1,
        MH_HOT | MH_COT | MH_BE => 2,
        _ => 0,
    }
}

/// The fixed part of a Binding Update (RFC 6275 §6.1.7).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BindingUpdate {
    /// Sequence Number.
    pub seq: u16,
    /// Flags: `BU_FLAG_*` (A, H, L, K, M, R, P, F); the reserved low bits
    /// as received.
    pub flags: u16,
    /// Lifetime, in 4-second units ([`lifetime_secs`]); 0 deregisters.
    pub lifetime: u16,
}

/// The fixed part of a Binding Acknowledgement (RFC 6275 §6.1.8).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BindingAck {
    /// Status: `BA_*`; 128 and up are rejections.
    pub status: u8,
    /// Flags: `BA_FLAG_*` (K, R, P); the reserved low bits as received.
    pub flags: u8,
    /// Sequence Number: the BU's, or the last accepted one for status 135.
    pub seq: u16,
    /// Granted lifetime, in 4-second units; undefined for rejections.
    pub lifetime: u16,
}

/// The fixed part of a Binding Error (RFC 6275 §6.1.9).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BindingError {
    /// Status: [`BE_UNKNOWN_BINDING`] or [`BE_UNKNOWN_MH_TYPE`].
    pub status: u8,
    /// The home address of the Home Address option of the offending packet,
    /// or the unspecified address.
    pub home_address: Addr,
}

/// An MH message, the fields before its options (RFC 6275 §6.1.2-§6.1.9).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Message {
    /// Binding Refresh Request (§6.1.2).
    BindingRefreshRequest,
    /// Home Test Init (§6.1.3).
    HomeTestInit {
        /// Home Init Cookie.
        cookie: [u8; 8],
    },
    /// Care-of Test Init (§6.1.4).
    CareOfTestInit {
        /// Care-of Init Cookie.
        cookie: [u8; 8],
    },
    /// Home Test (§6.1.5).
    HomeTest {
        /// Home Nonce Index.
        nonce_index: u16,
        /// Home Init Cookie.
        cookie: [u8; 8],
        /// Home Keygen Token.
        keygen_token: [u8; 8],
    },
    /// Care-of Test (§6.1.6).
    CareOfTest {
        /// Care-of Nonce Index.
        nonce_index: u16,
        /// Care-of Init Cookie.
        cookie: [u8; 8],
        /// Care-of Keygen Token.
        keygen_token: [u8; 8],
    },
    /// Binding Update (§6.1.7).
    BindingUpdate(BindingUpdate),
    /// Binding Acknowledgement (§6.1.8).
    BindingAck(BindingAck),
    /// Binding Error (§6.1.9).
    BindingError(BindingError),
    /// An MH Type this codec does not know: answer with a Binding Error of
    /// status [`BE_UNKNOWN_MH_TYPE`] (§9.2). Its data is not parsed (no
    /// options). Building one writes the type and two reserved octets;
    /// building a known type this way is refused.
    Unknown(u8),
}

impl Message {
    /// The MH Type of the message.
    pub fn mh_type(&self) -> u8 {
        match self {
            Message::BindingRefreshRequest => MH_BRR,
            Message::HomeTestInit { .. } => MH_HOTI,
            Message::CareOfTestInit { .. } => MH_COTI,
            Message::HomeTest { .. } => MH_HOT,
            Message::CareOfTest { .. } => MH_COT,
            Message::BindingUpdate(_) => MH_BU,
            Message::BindingAck(_) => MH_BA,
            Message::BindingError(_) => MH_BE,
            Message::Unknown(t) => *t,
        }
    }

    /// Offset of the options area from the start of the MH: the length of
    /// the header and the message data before the options.
    pub fn options_offset(&self) -> usize {
        options_offset(self.mh_type())
    }
}

/// Offset of the options from the start of an MH of type `mh_type`; for
/// unknown types, the 6 octets of the common header.
fn options_offset(mh_type: u8) -> usize {
    match mh_type {
        MH_BRR => 8,
        MH_HOTI | MH_COTI => 16,
        MH_HOT | MH_COT | MH_BE => 24,
        MH_BU | MH_BA => 12,
        _ => 6,
    }
}

/// Why a Mobility Header was refused (RFC 6275 §9.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MhError {
    /// Shorter than the 8 octets of the smallest MH: discard silently.
    Truncated,
    /// Header Len says more octets than the slice holds: discard silently
    /// (as Linux `mip6_mh_filter`).
    BadLength,
    /// Header Len under the type's minimum ([`min_header_len`]): discard,
    /// and send an ICMPv6 Parameter Problem code 0 pointing at the Header
    /// Len field ([`MhError::pointer`]).
    TooShortForType,
    /// Payload Proto other than 59: discard, and send a Parameter Problem
    /// code 0 pointing at the Payload Proto field.
    BadPayloadProto,
    /// A mobility option is malformed (truncated, or a length its type does
    /// not allow): discard silently.
    BadOption(OptError),
}

impl MhError {
    /// The offset, from the start of the MH, that an ICMPv6 Parameter
    /// Problem (code 0) about this error points to (RFC 6275 §9.2), if one
    /// is to be sent. Add the MH's offset in the packet.
    pub fn pointer(self) -> Option<usize> {
        match self {
            MhError::BadPayloadProto => Some(0),
            MhError::TooShortForType => Some(1),
            _ => None,
        }
    }
}

/// A parsed Mobility Header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mh<'a> {
    /// MH Type; [`Message::Unknown`] for types this codec does not know.
    pub mh_type: u8,
    /// The Checksum field as received (verify with [`verify`]).
    pub checksum: u16,
    /// Length of the MH in octets, `(Header Len + 1) * 8`; octets of the
    /// slice after it are not part of the MH.
    pub len: usize,
    /// The message's fixed fields.
    pub message: Message,
    /// The options, already checked for structure and lengths (not for
    /// alignment: [`Options::check_alignment`]).
    pub options: Options<'a>,
}

impl<'a> Mh<'a> {
    /// The octets of the MH, `len` of them.
    pub fn bytes(&self) -> &'a [u8] {
        self.options.mh_bytes()
    }
}

/// Reads `N` octets at `at`.
fn get<const N: usize>(b: &[u8], at: usize) -> Option<[u8; N]> {
    let s = b.get(at..at.checked_add(N)?)?;
    let mut a = [0u8; N];
    a.copy_from_slice(s);
    Some(a)
}

fn be16(b: &[u8], at: usize) -> Option<u16> {
    get(b, at).map(u16::from_be_bytes)
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    get(b, at).map(u32::from_be_bytes)
}

fn be64(b: &[u8], at: usize) -> Option<u64> {
    get(b, at).map(u64::from_be_bytes)
}

/// Parses the Mobility Header at the start of `mh` (RFC 6275 §6.1.1, §9.2),
/// in the order of Linux `mip6_mh_filter`: length, then the type's minimum,
/// then Payload Proto; then the options' structure. Octets after Header Len
/// are ignored. Does not verify the checksum ([`verify`], which needs the
/// addresses) and accepts unknown MH types ([`Message::Unknown`]).
pub fn parse(mh: &[u8]) -> Result<Mh<'_>, MhError> {
    if mh.len() < MH_MIN_LEN {
        return Err(MhError::Truncated);
    }
    let [proto, hdrlen, mh_type, _] = get::<4>(mh, 0).ok_or(MhError::Truncated)?;
    let len = (usize::from(hdrlen) + 1) * MH_MIN_LEN;
    let mh = mh.get(..len).ok_or(MhError::BadLength)?;
    if hdrlen < min_header_len(mh_type) {
        return Err(MhError::TooShortForType);
    }
    if proto != IPPROTO_NONE {
        return Err(MhError::BadPayloadProto);
    }
    // The type's minimum puts every fixed field inside `mh`.
    let t = MhError::Truncated;
    let message = match mh_type {
        MH_BRR => Message::BindingRefreshRequest,
        MH_HOTI => Message::HomeTestInit {
            cookie: get(mh, 8).ok_or(t)?,
        },
        MH_COTI => Message::CareOfTestInit {
            cookie: get(mh, 8).ok_or(t)?,
        },
        MH_HOT => Message::HomeTest {
            nonce_index: be16(mh, 6).ok_or(t)?,
            cookie: get(mh, 8).ok_or(t)?,
            keygen_token: get(mh, 16).ok_or(t)?,
        },
        MH_COT => Message::CareOfTest {
            nonce_index: be16(mh, 6).ok_or(t)?,
            cookie: get(mh, 8).ok_or(t)?,
            keygen_token: get(mh, 16).ok_or(t)?,
        },
        MH_BU => Message::BindingUpdate(BindingUpdate {
            seq: be16(mh, 6).ok_or(t)?,
            flags: be16(mh, 8).ok_or(t)?,
            lifetime: be16(mh, 10).ok_or(t)?,
        }),
        MH_BA => {
            let [status, flags] = get(mh, 6).ok_or(t)?;
            Message::BindingAck(BindingAck {
                status,
                flags,
                seq: be16(mh, 8).ok_or(t)?,
                lifetime: be16(mh, 10).ok_or(t)?,
            })
        }
        MH_BE => Message::BindingError(BindingError {
            status: *mh.get(6).ok_or(t)?,
            home_address: get(mh, 8).ok_or(t)?,
        }),
        other => Message::Unknown(other),
    };
    let options = match message {
        Message::Unknown(_) => Options::new(mh, len),
        _ => Options::new(mh, options_offset(mh_type)),
    };
    options.check().map_err(MhError::BadOption)?;
    Ok(Mh {
        mh_type,
        checksum: be16(mh, MH_CSUM_OFFSET).ok_or(t)?,
        len,
        message,
        options,
    })
}

/// Why a builder could not write its message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BuildError {
    /// The output buffer is too small.
    NoRoom,
    /// The message would be longer than its length field allows (an MH over
    /// [`MH_MAX_LEN`] octets, an option over 255 octets of data).
    TooLong,
    /// A value the format cannot carry: a known type given as unknown, a
    /// prefix length over 128, a link-layer address of zero octets...
    Invalid,
    /// An option other than padding after the authentication option (RFC
    /// 4285 §4 wants it last).
    AuthNotLast,
}

/// Writes into a caller buffer, refusing to go past its end.
struct Writer<'b> {
    buf: &'b mut [u8],
    pos: usize,
}

impl<'b> Writer<'b> {
    fn new(buf: &'b mut [u8]) -> Self {
        Writer { buf, pos: 0 }
    }

    fn put(&mut self, b: &[u8]) -> Result<(), BuildError> {
        let end = self.pos.checked_add(b.len()).ok_or(BuildError::NoRoom)?;
        self.buf
            .get_mut(self.pos..end)
            .ok_or(BuildError::NoRoom)?
            .copy_from_slice(b);
        self.pos = end;
        Ok(())
    }

    fn u8(&mut self, v: u8) -> Result<(), BuildError> {
        self.put(&[v])
    }

    fn u16(&mut self, v: u16) -> Result<(), BuildError> {
        self.put(&v.to_be_bytes())
    }

    fn u64(&mut self, v: u64) -> Result<(), BuildError> {
        self.put(&v.to_be_bytes())
    }

    fn zeros(&mut self, n: usize) -> Result<(), BuildError> {
        let end = self.pos.checked_add(n).ok_or(BuildError::NoRoom)?;
        self.buf
            .get_mut(self.pos..end)
            .ok_or(BuildError::NoRoom)?
            .fill(0);
        self.pos = end;
        Ok(())
    }

    /// Overwrites the octet at `at`, already written.
    fn set(&mut self, at: usize, v: u8) -> Result<(), BuildError> {
        *self.buf.get_mut(at).ok_or(BuildError::NoRoom)? = v;
        Ok(())
    }

    /// Writes `n` octets of padding: Pad1 for one, PadN for more (the same
    /// encoding for mobility options, RFC 6275 §6.2.2-§6.2.3, and IPv6
    /// options, RFC 8200 §4.2).
    fn pad(&mut self, n: usize) -> Result<(), BuildError> {
        match n {
            0 => Ok(()),
            1 => self.u8(0),
            _ => {
                let data = u8::try_from(n - 2).map_err(|_| BuildError::TooLong)?;
                self.put(&[1, data])?;
                self.zeros(usize::from(data))
            }
        }
    }

    /// Pads so that the next octet is at `x * n + y` from the start; `x` is
    /// at most 8 (RFC 6275 §6.2, RFC 8200 §4.2 alignments).
    fn align(&mut self, x: usize, y: usize) -> Result<(), BuildError> {
        let x = x.clamp(1, 8);
        // At most 7 + 8: cannot wrap.
        let n = (y % x).wrapping_add(x - self.pos % x) % x;
        self.pad(n)
    }
}

/// Writes a Mobility Header carrying `msg` and `opts` into `out`; returns
/// its length (RFC 6275 §6.1, §6.2).
///
/// Each option is preceded by the Pad1/PadN its alignment needs
/// ([`option_alignment`]) and the MH is padded to a multiple of 8 octets.
/// Pad1 and PadN given in `opts` are written as they are. An
/// [`MobOpt::Auth`] must come last ([`BuildError::AuthNotLast`]); its data
/// is written as given (zeros, for an authenticator to be filled in with
/// [`AuthOption::set_authenticator`]). The checksum is left zero: fill it
/// with [`fill_checksum`] once the message is complete.
pub fn build(out: &mut [u8], msg: &Message, opts: &[MobOpt<'_>]) -> Result<usize, BuildError> {
    let mut w = Writer::new(out);
    w.put(&[IPPROTO_NONE, 0, msg.mh_type(), 0, 0, 0])?;
    match *msg {
        Message::BindingRefreshRequest => w.u16(0)?,
        Message::HomeTestInit { cookie } | Message::CareOfTestInit { cookie } => {
            w.u16(0)?;
            w.put(&cookie)?;
        }
        Message::HomeTest {
            nonce_index,
            cookie,
            keygen_token,
        }
        | Message::CareOfTest {
            nonce_index,
            cookie,
            keygen_token,
        } => {
            w.u16(nonce_index)?;
            w.put(&cookie)?;
            w.put(&keygen_token)?;
        }
        Message::BindingUpdate(bu) => {
            w.u16(bu.seq)?;
            w.u16(bu.flags)?;
            w.u16(bu.lifetime)?;
        }
        Message::BindingAck(ba) => {
            w.put(&[ba.status, ba.flags])?;
            w.u16(ba.seq)?;
            w.u16(ba.lifetime)?;
        }
        Message::BindingError(be) => {
            w.put(&[be.status, 0])?;
            w.put(&be.home_address)?;
        }
        Message::Unknown(t) => {
            if t <= MH_BE {
                return Err(BuildError::Invalid);
            }
            if !opts.is_empty() {
                return Err(BuildError::Invalid);
            }
            w.u16(0)?;
        }
    }
    write_options(&mut w, opts)?;
    w.align(8, 0)?;
    let units = (w.pos / MH_MIN_LEN).wrapping_sub(1);
    let hdrlen = u8::try_from(units).map_err(|_| BuildError::TooLong)?;
    w.set(1, hdrlen)?;
    Ok(w.pos)
}

/// Writes a Binding Update with `opts` ([`build`]).
pub fn build_bu(
    out: &mut [u8],
    bu: &BindingUpdate,
    opts: &[MobOpt<'_>],
) -> Result<usize, BuildError> {
    build(out, &Message::BindingUpdate(*bu), opts)
}

/// Writes a Binding Acknowledgement with `opts` ([`build`]).
pub fn build_ba(out: &mut [u8], ba: &BindingAck, opts: &[MobOpt<'_>]) -> Result<usize, BuildError> {
    build(out, &Message::BindingAck(*ba), opts)
}

/// Writes a Binding Error with `opts` ([`build`]).
pub fn build_be(
    out: &mut [u8],
    be: &BindingError,
    opts: &[MobOpt<'_>],
) -> Result<usize, BuildError> {
    build(out, &Message::BindingError(*be), opts)
}

/// Writes a Binding Refresh Request with `opts` ([`build`]).
pub fn build_brr(out: &mut [u8], opts: &[MobOpt<'_>]) -> Result<usize, BuildError> {
    build(out, &Message::BindingRefreshRequest, opts)
}
