// SPDX-License-Identifier: GPL-2.0

//! QMAP (Qualcomm MAP) framing, as spoken by Qualcomm modems over MHI and
//! USB and by upstream `rmnet` (`include/linux/if_rmnet.h`).
//!
//! Every frame starts with a 4-byte MAP header:
//!
//! ```text
//!  byte 0: bit 7 CD (command), bit 6 next header (MAPv5), bits 5..0 pad length
//!  byte 1: mux id
//!  bytes 2..3: big-endian length of what follows, padding included
//! ```
//!
//! MAPv4 adds an 8-byte checksum trailer after each downlink frame and a
//! 4-byte checksum header before each uplink payload; MAPv5 adds a 4-byte
//! checksum header after the MAP header of data frames, flagged by the
//! next-header bit. None of them is counted in the length (as upstream
//! rmnet's `rmnet_map_add_map_header` and `rmnet_map_deaggregate`).
//!
//! This file is `no_std`, alloc-free and panic-free on any input: the qmap
//! kernel module compiles it in, and host tests and fuzzers exercise it.

/// Length of the MAP header.
pub const MAP_HDR_LEN: usize = 4;
/// Length of the MAPv5 checksum header.
pub const V5_CSUM_HDR_LEN: usize = 4;
/// Length of the MAPv4 downlink checksum trailer.
pub const V4_DL_TRAILER_LEN: usize = 8;
/// Length of the MAPv4 uplink checksum header.
pub const V4_UL_CSUM_HDR_LEN: usize = 4;
/// Length of a command's fixed part (name, type, reserved, transaction id).
pub const CMD_HDR_LEN: usize = 8;
/// Largest value of the MAP length field.
pub const MAX_PKT_LEN: usize = 0xffff;

const FLAG_CMD: u8 = 1 << 7;
const FLAG_NEXT_HDR: u8 = 1 << 6;
const PAD_MASK: u8 = 0x3f;
const V5_HDR_TYPE_CSUM_OFFLOAD: u8 = 2;
const V5_CSUM_VALID: u8 = 1 << 7;
const V4_DL_CSUM_VALID: u8 = 1 << 0;
const V4_UL_CSUM_ENABLED: u16 = 1 << 15;
const V4_UL_CSUM_UDP: u16 = 1 << 14;
const V4_UL_CSUM_OFFSET_MASK: u16 = 0x3fff;

/// The checksum offload variant a link carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Checksum {
    /// MAPv1: no checksum headers.
    None,
    /// MAPv4: downlink trailer, uplink header.
    V4,
    /// MAPv5: checksum header after the MAP header of data frames.
    V5,
}

/// IP version of a payload, from its first nibble.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IpVersion {
    /// IPv4.
    V4,
    /// IPv6.
    V6,
}

impl IpVersion {
    /// The version of a packet starting with `first`, if it is IP.
    pub fn of(first: u8) -> Option<IpVersion> {
        match first >> 4 {
            4 => Some(IpVersion::V4),
            6 => Some(IpVersion::V6),
            _ => None,
        }
    }

    /// The Ethernet protocol number (`ETH_P_IP`, `ETH_P_IPV6`).
    pub fn ethertype(self) -> u16 {
        match self {
            IpVersion::V4 => 0x0800,
            IpVersion::V6 => 0x86dd,
        }
    }
}

/// A data frame found in a downlink buffer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Data {
    /// Mux id: which channel (child netdev) it belongs to.
    pub mux_id: u8,
    /// Offset of the IP packet in the buffer.
    pub offset: usize,
    /// Length of the IP packet, padding and checksum data excluded.
    pub len: usize,
    /// IP version of the packet.
    pub ip: IpVersion,
    /// The modem says it verified the transport checksum: the MAPv5
    /// header's valid bit, or the MAPv4 trailer's valid flag (which only
    /// says that `csum_value` is meaningful: see [`check_v4_trailer`]).
    pub csum_valid: bool,
    /// MAPv4: the trailer's checksum value (its bytes 6..8, big-endian as a
    /// number), the Internet checksum of the whole IP packet. 0 for MAPv1
    /// and MAPv5.
    pub csum_value: u16,
}

/// A command frame found in a downlink buffer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Command {
    /// Mux id the command is about.
    pub mux_id: u8,
    /// Offset of the frame (its MAP header) in the buffer.
    pub offset: usize,
    /// Length of the frame from its MAP header, trailer excluded.
    pub len: usize,
    /// The command.
    pub name: CommandName,
    /// Request, ack, ...
    pub kind: CommandType,
    /// Transaction id, as sent (echoed in the ack).
    pub transaction_id: u32,
}

/// What a command asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommandName {
    /// Stop sending on the mux id (`RMNET_MAP_COMMAND_FLOW_DISABLE`).
    FlowDisable,
    /// Resume sending on the mux id (`RMNET_MAP_COMMAND_FLOW_ENABLE`).
    FlowEnable,
    /// Anything else, with its number.
    Other(u8),
}

impl CommandName {
    /// The command with number `v`.
    pub fn from_raw(v: u8) -> CommandName {
        match v {
            1 => CommandName::FlowDisable,
            2 => CommandName::FlowEnable,
            v => CommandName::Other(v),
        }
    }

    /// The command number.
    pub fn raw(self) -> u8 {
        match self {
            CommandName::FlowDisable => 1,
            CommandName::FlowEnable => 2,
            CommandName::Other(v) => v,
        }
    }
}

/// The type field of a command (two bits).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommandType {
    /// A request.
    Request = 0,
    /// Acknowledges a request.
    Ack = 1,
    /// The request is not supported.
    Unsupported = 2,
    /// The request is invalid.
    Invalid = 3,
}

impl CommandType {
    fn from_raw(v: u8) -> CommandType {
        match v & 3 {
            0 => CommandType::Request,
            1 => CommandType::Ack,
            2 => CommandType::Unsupported,
            _ => CommandType::Invalid,
        }
    }
}

/// A frame of a downlink buffer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Frame {
    /// An IP packet for a channel.
    Data(Data),
    /// A command from the modem.
    Command(Command),
}

/// Why a frame was dropped. Each has its own counter in the driver.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Drop {
    /// A MAP length of zero; the rest of the buffer is dropped with it.
    ZeroLength,
    /// The length runs past the end of the buffer; the rest is dropped.
    PastBuffer,
    /// Fewer bytes left than a MAP header; dropped.
    TruncatedHeader,
    /// Padding not shorter than the length.
    PadTooLong,
    /// MAPv5 data frame without its checksum header (next-header flag clear).
    MissingV5Header,
    /// MAPv5 next header of a type other than checksum offload.
    BadV5Header,
    /// Payload neither IPv4 nor IPv6.
    NotIp,
    /// Command shorter than its fixed part.
    ShortCommand,
    /// Mux id without a channel (reported by the driver, not the parser).
    UnknownMuxId,
}

impl Drop {
    /// Number of reasons.
    pub const COUNT: usize = 9;

    /// Every reason, in counter order.
    pub const ALL: [Drop; Drop::COUNT] = [
        Drop::ZeroLength,
        Drop::PastBuffer,
        Drop::TruncatedHeader,
        Drop::PadTooLong,
        Drop::MissingV5Header,
        Drop::BadV5Header,
        Drop::NotIp,
        Drop::ShortCommand,
        Drop::UnknownMuxId,
    ];

    /// Index of the reason's counter.
    pub fn index(self) -> usize {
        self as usize
    }

    /// Name of the reason, as the CLI and the netlink spec spell it.
    pub fn name(self) -> &'static str {
        match self {
            Drop::ZeroLength => "zero-length",
            Drop::PastBuffer => "past-buffer",
            Drop::TruncatedHeader => "truncated-header",
            Drop::PadTooLong => "pad-too-long",
            Drop::MissingV5Header => "missing-v5-header",
            Drop::BadV5Header => "bad-v5-header",
            Drop::NotIp => "not-ip",
            Drop::ShortCommand => "short-command",
            Drop::UnknownMuxId => "unknown-mux-id",
        }
    }
}

fn be16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([
        *b.get(at)?,
        *b.get(at.checked_add(1)?)?,
    ]))
}

/// A downlink buffer the parser reads from: contiguous or not (a kernel
/// `sk_buff` whose bytes are split between a linear head and page
/// fragments). [`Deaggregate`] reads only a few header bytes of each frame
/// through it; the payloads stay where they are.
pub trait Buffer {
    /// Length in bytes.
    fn len(&self) -> usize;

    /// Whether the buffer is empty.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Copies `out.len()` bytes starting at `at` into `out`; false (and
    /// `out` unspecified) if they are not all in the buffer.
    fn read(&self, at: usize, out: &mut [u8]) -> bool;
}

/// Byte slices, and anything that references one (`&[u8]`, `&[u8; N]`,
/// `&Vec<u8>`).
impl<T: AsRef<[u8]> + ?Sized> Buffer for &T {
    fn len(&self) -> usize {
        (**self).as_ref().len()
    }

    fn read(&self, at: usize, out: &mut [u8]) -> bool {
        let b = (**self).as_ref();
        match at.checked_add(out.len()).and_then(|end| b.get(at..end)) {
            Some(src) => {
                out.copy_from_slice(src);
                true
            }
            None => false,
        }
    }
}

/// Reads `N` bytes at `at` of `buf`.
fn read_array<B: Buffer, const N: usize>(buf: &B, at: usize) -> Option<[u8; N]> {
    let mut a = [0u8; N];
    if buf.read(at, &mut a) {
        Some(a)
    } else {
        None
    }
}

/// Walks the frames of a downlink buffer (an aggregate of QMAP frames).
///
/// Yields each frame or the reason it was dropped. A frame whose boundary is
/// known is skipped alone; when the boundary itself is broken (zero or
/// excessive length, truncated header) the rest of the buffer is dropped as
/// one and the walk ends.
///
/// Only headers are read, through [`Buffer::read`]: the MAP header, a
/// command's fixed part, the MAPv5 header, the first byte of the IP packet
/// and the MAPv4 trailer. A [`Buffer`] that fails to read bytes within its
/// [`Buffer::len`] makes the frame a [`Drop::PastBuffer`] (or, for the MAP
/// header, a [`Drop::TruncatedHeader`] that ends the walk).
#[derive(Clone, Debug)]
pub struct Deaggregate<B: Buffer> {
    buf: B,
    pos: usize,
    csum: Checksum,
}

impl<B: Buffer> Deaggregate<B> {
    /// Walks `buf`, which carries frames of variant `csum`.
    pub fn new(buf: B, csum: Checksum) -> Self {
        Deaggregate { buf, pos: 0, csum }
    }

    /// Where the next frame starts.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// The buffer being walked.
    pub fn buffer(&self) -> &B {
        &self.buf
    }

    fn stop(&mut self, why: Drop) -> Option<Result<Frame, Drop>> {
        self.pos = self.buf.len();
        Some(Err(why))
    }

    /// `N` bytes at `at`, which the length checks put inside the buffer.
    fn get<const N: usize>(&self, at: usize) -> Result<[u8; N], Drop> {
        read_array(&self.buf, at).ok_or(Drop::PastBuffer)
    }

    fn command(&self, start: usize, mux_id: u8, pkt_len: usize) -> Result<Frame, Drop> {
        if pkt_len < CMD_HDR_LEN {
            return Err(Drop::ShortCommand);
        }
        let b: [u8; CMD_HDR_LEN] = self.get(start + MAP_HDR_LEN)?;
        Ok(Frame::Command(Command {
            mux_id,
            offset: start,
            len: MAP_HDR_LEN + pkt_len,
            name: CommandName::from_raw(b[0]),
            kind: CommandType::from_raw(b[1]),
            transaction_id: u32::from_ne_bytes([b[4], b[5], b[6], b[7]]),
        }))
    }

    fn data(&self, start: usize, flags: u8, mux_id: u8, pkt_len: usize) -> Result<Frame, Drop> {
        let pad = (flags & PAD_MASK) as usize;
        if pad >= pkt_len {
            return Err(Drop::PadTooLong);
        }
        let len = pkt_len - pad;
        let mut offset = start + MAP_HDR_LEN;
        let (csum_valid, csum_value) = match self.csum {
            Checksum::None => (false, 0),
            Checksum::V4 => {
                let t: [u8; V4_DL_TRAILER_LEN] = self.get(offset + pkt_len)?;
                (
                    t[1] & V4_DL_CSUM_VALID != 0,
                    u16::from_be_bytes([t[6], t[7]]),
                )
            }
            Checksum::V5 => {
                if flags & FLAG_NEXT_HDR == 0 {
                    return Err(Drop::MissingV5Header);
                }
                let h: [u8; V5_CSUM_HDR_LEN] = self.get(offset)?;
                if h[0] >> 1 != V5_HDR_TYPE_CSUM_OFFLOAD {
                    return Err(Drop::BadV5Header);
                }
                offset += V5_CSUM_HDR_LEN;
                (h[1] & V5_CSUM_VALID != 0, 0)
            }
        };
        let [first] = self.get::<1>(offset)?;
        let ip = IpVersion::of(first).ok_or(Drop::NotIp)?;
        Ok(Frame::Data(Data {
            mux_id,
            offset,
            len,
            ip,
            csum_valid,
            csum_value,
        }))
    }
}

impl<B: Buffer> Iterator for Deaggregate<B> {
    type Item = Result<Frame, Drop>;

    fn next(&mut self) -> Option<Self::Item> {
        let start = self.pos;
        let left = self.buf.len().checked_sub(start).filter(|&l| l > 0)?;
        if left < MAP_HDR_LEN {
            return self.stop(Drop::TruncatedHeader);
        }
        let Some([flags, mux_id, l0, l1]) = read_array::<B, MAP_HDR_LEN>(&self.buf, start) else {
            return self.stop(Drop::TruncatedHeader);
        };
        let pkt_len = usize::from(u16::from_be_bytes([l0, l1]));
        if pkt_len == 0 {
            return self.stop(Drop::ZeroLength);
        }
        let is_cmd = flags & FLAG_CMD != 0;
        let extra = match self.csum {
            Checksum::None => 0,
            Checksum::V4 => V4_DL_TRAILER_LEN,
            Checksum::V5 if is_cmd => 0,
            Checksum::V5 => V5_CSUM_HDR_LEN,
        };
        let frame_len = MAP_HDR_LEN + pkt_len + extra;
        if frame_len > left {
            return self.stop(Drop::PastBuffer);
        }
        self.pos = start + frame_len;
        Some(if is_cmd {
            self.command(start, mux_id, pkt_len)
        } else {
            self.data(start, flags, mux_id, pkt_len)
        })
    }
}

/// Turns a command frame (starting at its MAP header) into its answer of
/// type `kind`, in place, as `rmnet` does for acks.
pub fn set_command_type(frame: &mut [u8], kind: CommandType) -> bool {
    match frame.get_mut(MAP_HDR_LEN + 1) {
        Some(b) => {
            *b = (*b & !3) | kind as u8;
            true
        }
        None => false,
    }
}

/// Padding that aligns a payload of `len` bytes to 4 bytes.
pub fn pad_for(len: usize) -> usize {
    (4 - len % 4) % 4
}

/// What to ask the modem's checksum offload for an uplink packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UlCsum {
    /// No offload: the packet's checksum is complete.
    None,
    /// Compute the transport checksum: it starts `start` bytes into the IP
    /// packet and is stored `offset` bytes after that.
    Offload {
        /// Start of the checksummed data, from the IP header.
        start: u16,
        /// Where the checksum goes, from `start`.
        offset: u16,
        /// UDP (a zero result is sent as 0xffff).
        udp: bool,
    },
}

/// Length of the headers [`write_ul_headers`] writes for variant `csum`.
pub fn ul_headers_len(csum: Checksum) -> usize {
    match csum {
        Checksum::None => MAP_HDR_LEN,
        Checksum::V4 => MAP_HDR_LEN + V4_UL_CSUM_HDR_LEN,
        Checksum::V5 => MAP_HDR_LEN + V5_CSUM_HDR_LEN,
    }
}

/// Why an uplink header cannot be written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UlError {
    /// `out` is shorter than [`ul_headers_len`].
    NoRoom,
    /// The payload, with padding and headers, does not fit the length field.
    TooLong,
    /// Padding longer than 63 bytes.
    BadPad,
}

/// Writes the headers in front of an uplink IP packet of `len` bytes that
/// will be followed by `pad` bytes of padding: the MAP header and, for MAPv4
/// and MAPv5, the checksum header. Returns the number of bytes written.
pub fn write_ul_headers(
    out: &mut [u8],
    csum: Checksum,
    mux_id: u8,
    len: usize,
    pad: usize,
    offload: UlCsum,
) -> Result<usize, UlError> {
    let hlen = ul_headers_len(csum);
    if out.len() < hlen {
        return Err(UlError::NoRoom);
    }
    if pad > PAD_MASK as usize {
        return Err(UlError::BadPad);
    }
    // Checksum headers are not counted in the length.
    let pkt_len = len
        .checked_add(pad)
        .filter(|&l| l > 0 && l <= MAX_PKT_LEN)
        .ok_or(UlError::TooLong)?;
    let mut flags = pad as u8;
    if csum == Checksum::V5 {
        flags |= FLAG_NEXT_HDR;
    }
    out[0] = flags;
    out[1] = mux_id;
    out[2..4].copy_from_slice(&(pkt_len as u16).to_be_bytes());
    match csum {
        Checksum::None => {}
        Checksum::V4 => {
            let (start, info) = match offload {
                UlCsum::None => (0u16, 0u16),
                UlCsum::Offload { start, offset, udp } => {
                    let mut info = V4_UL_CSUM_ENABLED | (offset & V4_UL_CSUM_OFFSET_MASK);
                    if udp {
                        info |= V4_UL_CSUM_UDP;
                    }
                    (start, info)
                }
            };
            out[4..6].copy_from_slice(&start.to_be_bytes());
            out[6..8].copy_from_slice(&info.to_be_bytes());
        }
        Checksum::V5 => {
            out[4] = V5_HDR_TYPE_CSUM_OFFLOAD << 1;
            out[5] = match offload {
                UlCsum::None => 0,
                UlCsum::Offload { .. } => V5_CSUM_VALID,
            };
            out[6] = 0;
            out[7] = 0;
        }
    }
    Ok(hlen)
}

/// Writes one downlink data frame (what a modem sends) into `out`: headers,
/// `payload`, `pad` zero bytes, and the MAPv4 trailer. Returns its length.
/// For tests and the modem emulator.
///
/// `csum_valid` sets the MAPv5 header's valid bit, or the MAPv4 trailer's
/// valid flag; a valid MAPv4 trailer is filled as a modem does: checksum
/// start offset 0, checksum length the payload's length, and checksum value
/// [`dl_trailer_csum`] of `payload` (what [`check_v4_trailer`] verifies). An
/// invalid trailer is all zeros.
pub fn write_dl_frame(
    out: &mut [u8],
    csum: Checksum,
    mux_id: u8,
    payload: &[u8],
    pad: usize,
    csum_valid: bool,
) -> Result<usize, UlError> {
    let head = match csum {
        Checksum::V5 => MAP_HDR_LEN + V5_CSUM_HDR_LEN,
        _ => MAP_HDR_LEN,
    };
    let tail = match csum {
        Checksum::V4 => V4_DL_TRAILER_LEN,
        _ => 0,
    };
    let total = head + payload.len() + pad + tail;
    if out.len() < total {
        return Err(UlError::NoRoom);
    }
    if pad > PAD_MASK as usize {
        return Err(UlError::BadPad);
    }
    let pkt_len = payload.len() + pad;
    if pkt_len == 0 || pkt_len > MAX_PKT_LEN {
        return Err(UlError::TooLong);
    }
    out[0] = pad as u8
        | if csum == Checksum::V5 {
            FLAG_NEXT_HDR
        } else {
            0
        };
    out[1] = mux_id;
    out[2..4].copy_from_slice(&(pkt_len as u16).to_be_bytes());
    if csum == Checksum::V5 {
        out[4] = V5_HDR_TYPE_CSUM_OFFLOAD << 1;
        out[5] = if csum_valid { V5_CSUM_VALID } else { 0 };
        out[6] = 0;
        out[7] = 0;
    }
    out[head..head + payload.len()].copy_from_slice(payload);
    out[head + payload.len()..head + pkt_len].fill(0);
    if csum == Checksum::V4 {
        let t = &mut out[head + pkt_len..total];
        t.fill(0);
        if csum_valid {
            t[1] = V4_DL_CSUM_VALID;
            // The length field is 16 bits, as the payload's (checked above).
            t[4..6].copy_from_slice(&(payload.len() as u16).to_be_bytes());
            t[6..8].copy_from_slice(&dl_trailer_csum(payload).to_be_bytes());
        }
    }
    Ok(total)
}

/// Writes a command frame into `out`. Returns its length.
/// For tests and the modem emulator.
pub fn write_command(
    out: &mut [u8],
    csum: Checksum,
    mux_id: u8,
    name: CommandName,
    kind: CommandType,
    transaction_id: u32,
) -> Result<usize, UlError> {
    // The fixed part plus the flow-control body, as rmnet sends them.
    let body = CMD_HDR_LEN + 8;
    let tail = if csum == Checksum::V4 {
        V4_DL_TRAILER_LEN
    } else {
        0
    };
    let total = MAP_HDR_LEN + body + tail;
    if out.len() < total {
        return Err(UlError::NoRoom);
    }
    out[..total].fill(0);
    out[0] = FLAG_CMD;
    out[1] = mux_id;
    out[2..4].copy_from_slice(&(body as u16).to_be_bytes());
    out[4] = name.raw();
    out[5] = kind as u8;
    out[8..12].copy_from_slice(&transaction_id.to_ne_bytes());
    Ok(total)
}

/// Limits of uplink aggregation, as negotiated with the modem (quectel-CM:
/// 11 datagrams, 8192 bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AggLimits {
    /// Most frames in one buffer.
    pub max_datagrams: u16,
    /// Most bytes in one buffer, headers included.
    pub max_bytes: u32,
}

/// The buffer being aggregated for the uplink.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AggState {
    /// Frames in the buffer.
    pub datagrams: u16,
    /// Bytes in the buffer.
    pub bytes: u32,
}

impl AggState {
    /// Whether a frame of `len` bytes may join the buffer. An empty buffer
    /// takes any frame (a frame larger than the limit goes out alone).
    pub fn accepts(&self, limits: &AggLimits, len: usize) -> bool {
        if self.datagrams == 0 {
            return true;
        }
        self.datagrams < limits.max_datagrams
            && (self.bytes as usize).saturating_add(len) <= limits.max_bytes as usize
    }

    /// Counts a frame of `len` bytes in.
    pub fn add(&mut self, len: usize) {
        self.datagrams = self.datagrams.saturating_add(1);
        self.bytes = self
            .bytes
            .saturating_add(u32::try_from(len).unwrap_or(u32::MAX));
    }

    /// Whether the buffer must go now: no further frame could join it.
    pub fn is_full(&self, limits: &AggLimits) -> bool {
        self.datagrams >= limits.max_datagrams || self.bytes >= limits.max_bytes
    }
}

impl UlCsum {
    /// The request a MAPv4 uplink checksum header (the 4 bytes after the MAP
    /// header) carries: the inverse of what [`write_ul_headers`] writes.
    pub fn from_v4_header(h: [u8; V4_UL_CSUM_HDR_LEN]) -> UlCsum {
        let start = u16::from_be_bytes([h[0], h[1]]);
        let info = u16::from_be_bytes([h[2], h[3]]);
        if info & V4_UL_CSUM_ENABLED == 0 {
            return UlCsum::None;
        }
        UlCsum::Offload {
            start,
            offset: info & V4_UL_CSUM_OFFSET_MASK,
            udp: info & V4_UL_CSUM_UDP != 0,
        }
    }
}

// Checksums.
//
// The MAPv4 downlink check mirrors upstream rmnet
// (`rmnet_map_ipv4_dl_csum_trailer`, `rmnet_map_ipv6_dl_csum_trailer` in
// drivers/net/ethernet/qualcomm/rmnet/rmnet_map_data.c) operation by
// operation, with the kernel's generic checksum helpers (lib/checksum.c,
// include/net/checksum.h) as a little-endian CPU (x86, arm64) runs them:
// 16- and 32-bit fields are loaded "raw", as such a CPU loads them from
// memory, and compared raw. Ones'-complement sums do not depend on byte
// order, so this matches big-endian kernels too, except for IPv4 packets
// whose total length is less than their header length (which the IP stack
// drops anyway).

const IPPROTO_TCP: u8 = 6;
const IPPROTO_UDP: u8 = 17;
const IPPROTO_ICMP: u8 = 1;
const IPPROTO_ICMPV6: u8 = 58;
/// Length of a UDP header, and of the fixed part of an ICMP or ICMPv6 one.
const L4_SHORT_HDR_LEN: usize = 8;
const TCP_HDR_LEN: usize = 20;
const IPV4_HDR_LEN: usize = 20;
const IPV6_HDR_LEN: usize = 40;
/// IPv4 "more fragments" flag and fragment offset (`IP_MF | IP_OFFSET`).
const IPV4_FRAG_MASK: u16 = 0x3fff;
/// Offset of the checksum field in a TCP header.
const TCP_CSUM_OFFSET: usize = 16;
/// Offset of the checksum field in a UDP header.
const UDP_CSUM_OFFSET: usize = 6;
/// Length of a UDP header.
const UDP_HDR_LEN: usize = 8;

/// Bytes of an IP packet that [`check_v4_trailer`] reads at most: a 60-byte
/// IPv4 header and the 8-byte UDP header after it.
pub const TRAILER_HEAD_LEN: usize = 60 + UDP_HDR_LEN;

/// A 16-bit field as a little-endian CPU loads it.
fn raw16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes([
        *b.get(at)?,
        *b.get(at.checked_add(1)?)?,
    ]))
}

/// A 32-bit field as a little-endian CPU loads it.
fn raw32(b: &[u8], at: usize) -> Option<u32> {
    let w = b.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([w[0], w[1], w[2], w[3]]))
}

/// `from64to32`: folds a 64-bit sum to 32 bits, end-around carry.
fn from64to32(x: u64) -> u32 {
    let x = (x & 0xffff_ffff) + (x >> 32);
    let x = (x & 0xffff_ffff) + (x >> 32);
    x as u32
}

/// `csum_fold`: folds a 32-bit partial sum to 16 bits and complements it.
fn csum_fold(sum: u32) -> u16 {
    let s = (sum & 0xffff) + (sum >> 16);
    let s = (s & 0xffff) + (s >> 16);
    !(s as u16)
}

/// `ip_fast_csum(hdr, hdr.len() / 4)`: the complemented sum of the 32-bit
/// words of `hdr`; 0 over a header whose checksum is right.
fn ip_fast_csum(hdr: &[u8]) -> u16 {
    let sum = hdr
        .chunks_exact(4)
        .map(|w| u64::from(u32::from_le_bytes([w[0], w[1], w[2], w[3]])))
        .fold(0u64, u64::wrapping_add);
    csum_fold(from64to32(sum))
}

/// `csum_tcpudp_magic(saddr, daddr, len, proto, 0)` (lib/checksum.c's
/// `csum_tcpudp_nofold`, then `csum_fold`).
fn csum_tcpudp_magic(saddr: u32, daddr: u32, len: u32, proto: u8) -> u16 {
    // `(proto + len) << 8` in 32 bits, as the little-endian C code does.
    let pl = u32::from(proto).wrapping_add(len).wrapping_shl(8);
    let s = u64::from(saddr) + u64::from(daddr) + u64::from(pl);
    csum_fold(from64to32(s))
}

/// `csum_ipv6_magic(saddr, daddr, len, proto, 0)`: `addrs` is the 32
/// bytes of the source and destination addresses.
fn csum_ipv6_magic(addrs: &[u8], len: u32, proto: u8) -> u16 {
    let mut s = addrs
        .chunks_exact(4)
        .map(|w| u64::from(u32::from_le_bytes([w[0], w[1], w[2], w[3]])))
        .fold(0u64, u64::wrapping_add);
    // htonl(len), htonl(proto), loaded raw.
    s += u64::from(len.swap_bytes());
    s += u64::from(u32::from(proto).swap_bytes());
    csum_fold(from64to32(s))
}

/// `csum16_add`: 16-bit ones'-complement addition.
fn csum16_add(csum: u16, addend: u16) -> u16 {
    let res = csum.wrapping_add(addend);
    res.wrapping_add(u16::from(res < addend))
}

/// `csum16_sub`.
fn csum16_sub(csum: u16, addend: u16) -> u16 {
    csum16_add(csum, !addend)
}

/// The ones'-complement sum of `data` read as big-endian 16-bit words (an
/// odd last byte padded with a zero byte), added to `sum`, not folded.
fn sum_be(sum: u64, data: &[u8]) -> u64 {
    let mut words = data.chunks_exact(2);
    let mut s = words
        .by_ref()
        .map(|w| u64::from(u16::from_be_bytes([w[0], w[1]])))
        .fold(sum, u64::wrapping_add);
    if let [last] = words.remainder() {
        s = s.wrapping_add(u64::from(*last) << 8);
    }
    s
}

/// Folds a sum to 16 bits, end-around carry: 0 only if the sum is 0.
fn fold16(mut s: u64) -> u16 {
    while s > 0xffff {
        s = (s & 0xffff) + (s >> 16);
    }
    s as u16
}

/// The Internet checksum (RFC 1071) of `data`: the complement of the
/// ones'-complement sum of its big-endian 16-bit words, an odd last byte
/// padded with a zero byte. 0 over data that includes its right checksum.
pub fn internet_checksum(data: &[u8]) -> u16 {
    !fold16(sum_be(0, data))
}

/// The checksum value a modem puts in the MAPv4 downlink trailer of IP
/// packet `pkt`: the Internet checksum of the whole packet, IP header
/// included, as a big-endian number. For an intact TCP or UDP packet,
/// [`check_v4_trailer`] returns [`TrailerOk::Verified`] with it, except for
/// an IPv4 packet whose pseudo-header sums to ones'-complement zero (one in
/// 65535), where rmnet's comparison fails ([`TrailerFail::Mismatch`]).
pub fn dl_trailer_csum(pkt: &[u8]) -> u16 {
    internet_checksum(pkt)
}

/// What the MAPv4 trailer says of a packet's transport checksum, when it
/// vouches for it (the driver may then mark the packet
/// `CHECKSUM_UNNECESSARY`, as rmnet does).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrailerOk {
    /// The trailer's checksum matches the TCP or UDP checksum.
    Verified,
    /// IPv4 UDP with a zero checksum: nothing to verify (RFC 768).
    NoUdpChecksum,
}

impl TrailerOk {
    /// Name of the outcome, as the CLI and the netlink spec spell it.
    pub fn name(self) -> &'static str {
        match self {
            TrailerOk::Verified => "verified",
            TrailerOk::NoUdpChecksum => "no-udp-checksum",
        }
    }
}

/// Why the MAPv4 trailer does not vouch for a packet (the stack then
/// verifies its checksum itself). Each matches one of rmnet's counters but
/// `Truncated`, where rmnet would read past the packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrailerFail {
    /// The trailer's valid flag is clear (`csum_valid_unset`).
    NotValid,
    /// The packet is too short for the headers the check reads: the IP
    /// header, and for IPv4 UDP the UDP header.
    Truncated,
    /// IPv4 header with a wrong checksum or a length below 20
    /// (`csum_ip4_header_bad`); or not IP at all.
    BadIpHeader,
    /// IPv4 fragment (`csum_fragmented_pkt`).
    Fragment,
    /// Neither TCP nor UDP, or IPv6 with extension headers
    /// (`csum_err_invalid_transport`).
    NotTcpUdp,
    /// The trailer's checksum does not match (`csum_validation_failed`).
    Mismatch,
}

impl TrailerFail {
    /// Number of reasons.
    pub const COUNT: usize = 6;

    /// Every reason, in counter order.
    pub const ALL: [TrailerFail; TrailerFail::COUNT] = [
        TrailerFail::NotValid,
        TrailerFail::Truncated,
        TrailerFail::BadIpHeader,
        TrailerFail::Fragment,
        TrailerFail::NotTcpUdp,
        TrailerFail::Mismatch,
    ];

    /// Index of the reason's counter.
    pub fn index(self) -> usize {
        self as usize
    }

    /// Name of the reason, as the CLI and the netlink spec spell it.
    pub fn name(self) -> &'static str {
        match self {
            TrailerFail::NotValid => "not-valid",
            TrailerFail::Truncated => "truncated",
            TrailerFail::BadIpHeader => "bad-ip-header",
            TrailerFail::Fragment => "fragment",
            TrailerFail::NotTcpUdp => "not-tcp-udp",
            TrailerFail::Mismatch => "mismatch",
        }
    }
}

/// Checks a MAPv4 downlink trailer against its packet, as upstream rmnet
/// does (`rmnet_map_checksum_downlink_packet`), bit for bit.
///
/// `head` is the start of the IP packet: its first
/// `min(len, TRAILER_HEAD_LEN)` bytes (more are ignored); `len` is the
/// packet's length as framed ([`Data::len`]), and bytes of `head` past it
/// are ignored too; `valid_flag` and `csum_value` are the frame's
/// [`Data::csum_valid`] and [`Data::csum_value`]. Nothing past the IP header
/// is read but, for IPv4 UDP, the UDP checksum field: a packet too short for
/// them is [`TrailerFail::Truncated`] (where rmnet reads past it). The
/// pseudo-header length comes from the IP header (IPv4 total length less
/// header length, IPv6 payload length), not from `len`, as in rmnet.
///
/// In order: the valid flag; for IPv4 the header checksum, fragments, the
/// protocol (TCP or UDP), a zero UDP checksum; for IPv6 the next header
/// (TCP or UDP, no extension header); then `csum_value`, less the IPv6
/// header's contribution, must equal the pseudo-header's sum.
pub fn check_v4_trailer(
    head: &[u8],
    len: usize,
    valid_flag: bool,
    csum_value: u16,
) -> Result<TrailerOk, TrailerFail> {
    if !valid_flag {
        return Err(TrailerFail::NotValid);
    }
    let head = head.get(..len).unwrap_or(head);
    // The trailer's checksum as rmnet loads it.
    let trailer = csum_value.swap_bytes();
    match head.first().map(|&b| IpVersion::of(b)) {
        None => Err(TrailerFail::Truncated),
        Some(Some(IpVersion::V4)) => check_v4_trailer_ipv4(head, trailer),
        Some(Some(IpVersion::V6)) => check_v4_trailer_ipv6(head, trailer),
        Some(None) => Err(TrailerFail::BadIpHeader),
    }
}

/// `rmnet_map_ipv4_dl_csum_trailer`.
fn check_v4_trailer_ipv4(head: &[u8], trailer: u16) -> Result<TrailerOk, TrailerFail> {
    if head.len() < IPV4_HDR_LEN {
        return Err(TrailerFail::Truncated);
    }
    let hlen = usize::from(head[0] & 0xf) * 4;
    if hlen < IPV4_HDR_LEN {
        return Err(TrailerFail::BadIpHeader);
    }
    let hdr = head.get(..hlen).ok_or(TrailerFail::Truncated)?;
    if ip_fast_csum(hdr) != 0 {
        return Err(TrailerFail::BadIpHeader);
    }
    let frag = be16(hdr, 6).ok_or(TrailerFail::Truncated)?;
    if frag & IPV4_FRAG_MASK != 0 {
        return Err(TrailerFail::Fragment);
    }
    let proto = hdr[9];
    match proto {
        IPPROTO_TCP => {}
        IPPROTO_UDP => {
            let field = raw16(head, hlen + UDP_CSUM_OFFSET).ok_or(TrailerFail::Truncated)?;
            if field == 0 {
                return Ok(TrailerOk::NoUdpChecksum);
            }
        }
        _ => return Err(TrailerFail::NotTcpUdp),
    }
    let (Some(tot_len), Some(saddr), Some(daddr)) = (be16(hdr, 2), raw32(hdr, 12), raw32(hdr, 16))
    else {
        return Err(TrailerFail::Truncated);
    };
    // `ntohs(tot_len) - ihl * 4` in int, passed as a u32.
    let len = u32::from(tot_len).wrapping_sub(hlen as u32);
    let pseudo = csum_tcpudp_magic(saddr, daddr, len, proto);
    if trailer != !pseudo {
        return Err(TrailerFail::Mismatch);
    }
    Ok(TrailerOk::Verified)
}

/// `rmnet_map_ipv6_dl_csum_trailer`.
fn check_v4_trailer_ipv6(head: &[u8], trailer: u16) -> Result<TrailerOk, TrailerFail> {
    let hdr = head.get(..IPV6_HDR_LEN).ok_or(TrailerFail::Truncated)?;
    let next = hdr[6];
    if next != IPPROTO_TCP && next != IPPROTO_UDP {
        return Err(TrailerFail::NotTcpUdp);
    }
    let ip_header_csum = ip_fast_csum(hdr);
    let payload_csum = csum16_sub(trailer, ip_header_csum);
    let payload_len = be16(hdr, 4).ok_or(TrailerFail::Truncated)?;
    let addrs = hdr.get(8..IPV6_HDR_LEN).ok_or(TrailerFail::Truncated)?;
    let pseudo = csum_ipv6_magic(addrs, u32::from(payload_len), next);
    if payload_csum != !pseudo {
        return Err(TrailerFail::Mismatch);
    }
    Ok(TrailerOk::Verified)
}

/// Why a checksum offload request cannot be carried out on an uplink
/// packet. The packet is left unchanged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OffloadError {
    /// The checksum field, or the data the IP header says there is, lies
    /// past the end of the packet.
    Truncated,
    /// Not IP, or an IPv4 header length below 20 or above the total length.
    BadIpHeader,
    /// IPv4 fragment.
    Fragment,
    /// Neither TCP nor UDP, or IPv6 with extension headers.
    NotTcpUdp,
}

/// What the checksum field of a MAPv4 uplink offload request holds before
/// the modem fills it in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UlSeed {
    /// The folded pseudo-header sum, as the Linux stack leaves it for
    /// `CHECKSUM_PARTIAL`: the checksum is the complement of the sum from
    /// the start to the end of the packet, field included.
    PseudoSum,
    /// Its complement, as upstream rmnet sends it
    /// (`rmnet_map_complement_ipv4_txporthdr_csum_field` before handing the
    /// packet to the modem): the modem complements the field back before
    /// summing.
    Complemented,
}

/// Carries out a MAPv4 uplink checksum offload request on IP packet `pkt`,
/// in place, as a modem does: the ones'-complement sum of the packet from
/// `start` (bytes from the IP header) to its end, the field at
/// `start + offset` holding its seed (see [`UlSeed`]), is complemented and
/// stored in that field; for UDP (`udp`) a zero result is stored as
/// 0xffff. Returns the checksum stored, as a big-endian number.
pub fn apply_v4_ul_offload(
    pkt: &mut [u8],
    start: usize,
    offset: usize,
    udp: bool,
    seed: UlSeed,
) -> Result<u16, OffloadError> {
    let at = start.checked_add(offset).ok_or(OffloadError::Truncated)?;
    let end = at.checked_add(2).ok_or(OffloadError::Truncated)?;
    let field = pkt.get_mut(at..end).ok_or(OffloadError::Truncated)?;
    if seed == UlSeed::Complemented {
        let v = !u16::from_be_bytes([field[0], field[1]]);
        field.copy_from_slice(&v.to_be_bytes());
    }
    let sum = pkt.get(start..).map_or(0, |d| sum_be(0, d));
    let mut csum = !fold16(sum);
    if udp && csum == 0 {
        csum = 0xffff;
    }
    if let Some(field) = pkt.get_mut(at..end) {
        field.copy_from_slice(&csum.to_be_bytes());
    }
    Ok(csum)
}

/// Computes the TCP or UDP checksum of IP packet `pkt` from scratch and
/// stores it, in place: what a modem does for a MAPv5 uplink offload request
/// (the header's valid bit), and how the emulator builds its packets. The
/// field is zeroed, then the pseudo header and the segment (as long as the
/// IP header says) summed; a zero UDP checksum is stored as 0xffff. IPv6
/// extension headers are not followed. Returns the checksum stored, as a
/// big-endian number.
pub fn set_transport_checksum(pkt: &mut [u8]) -> Result<u16, OffloadError> {
    let first = *pkt.first().ok_or(OffloadError::Truncated)?;
    // Where the segment is, its protocol, and the pseudo header's sum
    // without the length.
    let (hlen, end, proto, pseudo) = match IpVersion::of(first) {
        Some(IpVersion::V4) => {
            let hdr = pkt.get(..IPV4_HDR_LEN).ok_or(OffloadError::Truncated)?;
            let hlen = usize::from(first & 0xf) * 4;
            let tot_len = usize::from(be16(hdr, 2).unwrap_or(0));
            if hlen < IPV4_HDR_LEN || tot_len < hlen {
                return Err(OffloadError::BadIpHeader);
            }
            if be16(hdr, 6).unwrap_or(0) & IPV4_FRAG_MASK != 0 {
                return Err(OffloadError::Fragment);
            }
            let proto = hdr[9];
            (hlen, tot_len, proto, sum_be(u64::from(proto), &hdr[12..20]))
        }
        Some(IpVersion::V6) => {
            let hdr = pkt.get(..IPV6_HDR_LEN).ok_or(OffloadError::Truncated)?;
            let payload_len = usize::from(be16(hdr, 4).unwrap_or(0));
            let proto = hdr[6];
            let pseudo = sum_be(u64::from(proto), &hdr[8..40]);
            (IPV6_HDR_LEN, IPV6_HDR_LEN + payload_len, proto, pseudo)
        }
        None => return Err(OffloadError::BadIpHeader),
    };
    let field = match proto {
        IPPROTO_TCP => TCP_CSUM_OFFSET,
        IPPROTO_UDP => UDP_CSUM_OFFSET,
        _ => return Err(OffloadError::NotTcpUdp),
    };
    let seg = pkt.get_mut(hlen..end).ok_or(OffloadError::Truncated)?;
    let seg_len = seg.len();
    let f = seg
        .get_mut(field..field + 2)
        .ok_or(OffloadError::Truncated)?;
    f.fill(0);
    // The length, 32 bits: two words.
    let sum = sum_be(pseudo, &(seg_len as u32).to_be_bytes());
    let mut csum = !fold16(sum_be(sum, seg));
    if proto == IPPROTO_UDP && csum == 0 {
        csum = 0xffff;
    }
    if let Some(f) = seg.get_mut(field..field + 2) {
        f.copy_from_slice(&csum.to_be_bytes());
    }
    Ok(csum)
}

/// Where the modem's checksum offload would put the transport checksum of
/// uplink IP packet `pkt` (its first bytes suffice): `(start, offset, udp)`
/// with `start` the transport header's offset from the IP header and
/// `offset` the checksum field's from there. `None` unless the transport
/// header directly follows the IP header and is TCP or UDP, as upstream
/// rmnet decides which packets to offload (others get their checksum from
/// the host).
pub fn ul_offload_target(pkt: &[u8]) -> Option<(usize, usize, bool)> {
    let (start, proto) = ip_transport(pkt)?;
    match proto {
        IPPROTO_TCP => Some((start, TCP_CSUM_OFFSET, false)),
        IPPROTO_UDP => Some((start, UDP_CSUM_OFFSET, true)),
        _ => None,
    }
}

/// Where the header after the IP header of packet `pkt` starts (its first
/// bytes suffice: 10 for IPv4, 7 for IPv6) and its protocol number
/// (IPv6: the next header, extension headers not followed).
pub fn ip_transport(pkt: &[u8]) -> Option<(usize, u8)> {
    let first = *pkt.first()?;
    match IpVersion::of(first)? {
        IpVersion::V4 => {
            let ihl = usize::from(first & 0x0f) * 4;
            if ihl < IPV4_HDR_LEN {
                return None;
            }
            Some((ihl, *pkt.get(9)?))
        }
        IpVersion::V6 => Some((IPV6_HDR_LEN, *pkt.get(6)?)),
    }
}

/// Whether IP packet `pkt` (its first 10 bytes suffice) carries TCP right
/// after its IP header.
pub fn is_tcp(pkt: &[u8]) -> bool {
    matches!(ip_transport(pkt), Some((_, IPPROTO_TCP)))
}

/// How many first bytes of an IP packet [`headers_len`] may need: a
/// 60-byte IPv4 header and the TCP data offset after it.
pub const HEADERS_PROBE_LEN: usize = 73;

/// Length of the headers at the start of an IP packet of `len` bytes that
/// the stack reads before the payload: the IP header and a TCP (options
/// included), UDP, ICMP or ICMPv6 header right after it; the IP header
/// alone for other protocols. `pkt` holds the packet's first bytes
/// ([`HEADERS_PROBE_LEN`] suffice); when it ends before the TCP data
/// offset, the minimal TCP header is assumed. At most `len`; `None` when
/// `pkt` does not start an IP packet. A receive path that keeps payloads in
/// page fragments puts these bytes in the linear part, where the stack
/// would otherwise pull them.
pub fn headers_len(pkt: &[u8], len: usize) -> Option<usize> {
    let (start, proto) = ip_transport(pkt)?;
    let l4 = match proto {
        IPPROTO_TCP => pkt
            .get(start + 12)
            .map_or(0, |b| usize::from(b >> 4) * 4)
            .max(TCP_HDR_LEN),
        IPPROTO_UDP | IPPROTO_ICMP | IPPROTO_ICMPV6 => L4_SHORT_HDR_LEN,
        _ => 0,
    };
    Some((start + l4).min(len))
}
