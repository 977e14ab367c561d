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
    /// The modem says it verified the transport checksum.
    pub csum_valid: bool,
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
    Some(u16::from_be_bytes([*b.get(at)?, *b.get(at + 1)?]))
}

/// Walks the frames of a downlink buffer (an aggregate of QMAP frames).
///
/// Yields each frame or the reason it was dropped. A frame whose boundary is
/// known is skipped alone; when the boundary itself is broken (zero or
/// excessive length, truncated header) the rest of the buffer is dropped as
/// one and the walk ends.
#[derive(Clone, Debug)]
pub struct Deaggregate<'a> {
    buf: &'a [u8],
    pos: usize,
    csum: Checksum,
}

impl<'a> Deaggregate<'a> {
    /// Walks `buf`, which carries frames of variant `csum`.
    pub fn new(buf: &'a [u8], csum: Checksum) -> Self {
        Deaggregate { buf, pos: 0, csum }
    }

    /// Where the next frame starts.
    pub fn position(&self) -> usize {
        self.pos
    }

    fn stop(&mut self, why: Drop) -> Option<Result<Frame, Drop>> {
        self.pos = self.buf.len();
        Some(Err(why))
    }

    fn command(&self, start: usize, mux_id: u8, pkt_len: usize) -> Result<Frame, Drop> {
        let body = start + MAP_HDR_LEN;
        if pkt_len < CMD_HDR_LEN {
            return Err(Drop::ShortCommand);
        }
        let b = &self.buf[body..body + CMD_HDR_LEN];
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
        let csum_valid = match self.csum {
            Checksum::None => false,
            Checksum::V4 => {
                let trailer = offset + pkt_len;
                self.buf[trailer + 1] & V4_DL_CSUM_VALID != 0
            }
            Checksum::V5 => {
                if flags & FLAG_NEXT_HDR == 0 {
                    return Err(Drop::MissingV5Header);
                }
                let h = &self.buf[offset..offset + V5_CSUM_HDR_LEN];
                if h[0] >> 1 != V5_HDR_TYPE_CSUM_OFFLOAD {
                    return Err(Drop::BadV5Header);
                }
                offset += V5_CSUM_HDR_LEN;
                h[1] & V5_CSUM_VALID != 0
            }
        };
        let ip = IpVersion::of(self.buf[offset]).ok_or(Drop::NotIp)?;
        Ok(Frame::Data(Data {
            mux_id,
            offset,
            len,
            ip,
            csum_valid,
        }))
    }
}

impl Iterator for Deaggregate<'_> {
    type Item = Result<Frame, Drop>;

    fn next(&mut self) -> Option<Self::Item> {
        let start = self.pos;
        let left = self.buf.len().checked_sub(start).filter(|&l| l > 0)?;
        if left < MAP_HDR_LEN {
            return self.stop(Drop::TruncatedHeader);
        }
        let flags = self.buf[start];
        let mux_id = self.buf[start + 1];
        let pkt_len = be16(self.buf, start + 2).map_or(0, usize::from);
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
        t[1] = if csum_valid { V4_DL_CSUM_VALID } else { 0 };
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
