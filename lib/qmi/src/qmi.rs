// SPDX-License-Identifier: GPL-2.0

//! QMI (Qualcomm MSM Interface) control-plane messages, as carried by
//! cdc-wdm (`SEND_ENCAPSULATED_COMMAND` / `GET_ENCAPSULATED_RESPONSE`) and
//! the MHI "QMI" channels.
//!
//! ```text
//! QMUX:     01 | le16 length (total - 1) | flags (00 host, 80 modem) | service | client id
//! CTL:      u8 flags (0 request, 1 response, 2 indication) | u8 txn  | le16 msg | le16 tlv length
//! service:  u8 flags (0 request, 2 response, 4 indication) | le16 txn | le16 msg | le16 tlv length
//! TLV:      u8 type | le16 length | value
//! ```
//!
//! Every response carries the result TLV 0x02 (`le16 status, le16 error`).
//! IPv4 addresses travel as a le32 holding the host-order address
//! (10.64.0.2 is `02 00 40 0a`); IPv6 as 16 bytes in network order, plus a
//! prefix length where the message has one.
//!
//! Parsing never panics and never reads outside its input; building writes
//! into a caller's buffer and reports when it does not fit.

/// The first byte of every QMUX message (the "interface type").
pub const QMUX_MARKER: u8 = 0x01;
/// Length of the QMUX header.
pub const QMUX_HDR_LEN: usize = 6;
/// Length of the CTL message header.
pub const CTL_HDR_LEN: usize = 6;
/// Length of a service message header.
pub const SVC_HDR_LEN: usize = 7;
/// Length of a TLV's type and length.
pub const TLV_HDR_LEN: usize = 3;
/// Longest QMUX message: the length field counts all but the marker.
pub const MAX_MSG_LEN: usize = 1 + 0xffff;
/// Type of the result TLV every response carries.
pub const TLV_RESULT: u8 = 0x02;

/// QMUX header flags.
pub mod qmux_flags {
    /// Sent by the host.
    pub const HOST: u8 = 0x00;
    /// Sent by the modem.
    pub const MODEM: u8 = 0x80;
}

/// CTL header flags.
pub mod ctl_flags {
    pub const REQUEST: u8 = 0;
    pub const RESPONSE: u8 = 1;
    pub const INDICATION: u8 = 2;
}

/// Service header flags.
pub mod svc_flags {
    pub const REQUEST: u8 = 0;
    pub const RESPONSE: u8 = 2;
    pub const INDICATION: u8 = 4;
}

/// Service ids.
pub mod service {
    pub const CTL: u8 = 0x00;
    pub const WDS: u8 = 0x01;
    pub const DMS: u8 = 0x02;
    pub const NAS: u8 = 0x03;
    pub const QOS: u8 = 0x04;
    pub const WMS: u8 = 0x05;
    pub const PDS: u8 = 0x06;
    pub const AUTH: u8 = 0x07;
    pub const AT: u8 = 0x08;
    pub const VOICE: u8 = 0x09;
    pub const UIM: u8 = 0x0b;
    pub const PBM: u8 = 0x0c;
    pub const LOC: u8 = 0x10;
    pub const WDA: u8 = 0x1a;
}

/// Protocol error codes of the result TLV.
pub mod error {
    pub const NONE: u16 = 0;
    pub const MALFORMED_MESSAGE: u16 = 1;
    pub const NO_MEMORY: u16 = 2;
    pub const INTERNAL: u16 = 3;
    pub const ABORTED: u16 = 4;
    pub const CLIENT_IDS_EXHAUSTED: u16 = 5;
    pub const INVALID_CLIENT_ID: u16 = 7;
    pub const INVALID_HANDLE: u16 = 9;
    pub const INVALID_PROFILE: u16 = 10;
    pub const CALL_FAILED: u16 = 14;
    pub const OUT_OF_CALL: u16 = 15;
    pub const MISSING_ARGUMENT: u16 = 17;
    pub const NO_EFFECT: u16 = 26;
    pub const INVALID_ARGUMENT: u16 = 48;
    pub const INVALID_QMI_COMMAND: u16 = 71;
    pub const NOT_SUPPORTED: u16 = 94;
}

/// CTL messages and TLVs.
pub mod ctl {
    pub const SET_INSTANCE_ID: u16 = 0x0020;
    pub const GET_VERSION_INFO: u16 = 0x0021;
    pub const ALLOCATE_CID: u16 = 0x0022;
    pub const RELEASE_CID: u16 = 0x0023;
    pub const SET_DATA_FORMAT: u16 = 0x0026;
    pub const SYNC: u16 = 0x0027;
    /// Allocate CID request: u8 service.
    pub const TLV_SERVICE: u8 = 0x01;
    /// Allocate CID response, release CID request and response:
    /// `u8 service, u8 client id`.
    pub const TLV_ALLOCATION: u8 = 0x01;
    /// Get Version Info response: `u8 count, {u8 service, le16 major, le16 minor}...`.
    pub const TLV_VERSION_LIST: u8 = 0x01;
}

/// WDS (wireless data service) messages and TLVs.
pub mod wds {
    pub const RESET: u16 = 0x0000;
    pub const SET_EVENT_REPORT: u16 = 0x0001;
    pub const INDICATION_REGISTER: u16 = 0x0003;
    pub const START_NETWORK: u16 = 0x0020;
    pub const STOP_NETWORK: u16 = 0x0021;
    pub const GET_PACKET_SERVICE_STATUS: u16 = 0x0022;
    pub const GET_CHANNEL_RATES: u16 = 0x0023;
    pub const GET_PACKET_STATISTICS: u16 = 0x0024;
    pub const MODIFY_PROFILE: u16 = 0x0028;
    pub const GET_PROFILE_LIST: u16 = 0x002a;
    pub const GET_PROFILE_SETTINGS: u16 = 0x002b;
    pub const GET_DEFAULT_SETTINGS: u16 = 0x002c;
    pub const GET_CURRENT_SETTINGS: u16 = 0x002d;
    pub const GET_AUTOCONNECT_SETTINGS: u16 = 0x0034;
    pub const GET_DATA_BEARER_TECHNOLOGY: u16 = 0x0037;
    pub const GET_CURRENT_DATA_BEARER_TECHNOLOGY: u16 = 0x0044;
    pub const SET_IP_FAMILY: u16 = 0x004d;
    pub const SET_AUTOCONNECT_SETTINGS: u16 = 0x0051;
    pub const BIND_MUX_DATA_PORT: u16 = 0x00a2;
    /// Packet Service Status indication.
    pub const PACKET_SERVICE_STATUS_IND: u16 = 0x0022;

    /// Start Network request: APN (string).
    pub const TLV_START_APN: u8 = 0x14;
    /// Start Network request: authentication preference (u8).
    pub const TLV_START_AUTH: u8 = 0x16;
    /// Start Network request: username (string).
    pub const TLV_START_USERNAME: u8 = 0x17;
    /// Start Network request: password (string).
    pub const TLV_START_PASSWORD: u8 = 0x18;
    /// Start Network request: IP family preference (u8 4, 6, 8 unspecified).
    pub const TLV_START_IP_FAMILY: u8 = 0x19;
    /// Start Network request: 3GPP profile index (u8).
    pub const TLV_START_PROFILE_3GPP: u8 = 0x31;
    /// Start Network request: enable autoconnect (u8).
    pub const TLV_START_AUTOCONNECT: u8 = 0x33;
    /// Start Network response: packet data handle (le32).
    pub const TLV_PACKET_DATA_HANDLE: u8 = 0x01;
    /// Start Network response on failure: call end reason (le16).
    pub const TLV_CALL_END_REASON: u8 = 0x10;
    /// Start Network response on failure: `le16 type, le16 reason`.
    pub const TLV_VERBOSE_CALL_END_REASON: u8 = 0x11;
    /// Stop Network request: packet data handle (le32).
    pub const TLV_STOP_HANDLE: u8 = 0x01;
    /// Get Packet Service Status response: `u8 status, u8 reconfiguration required`.
    pub const TLV_CONNECTION_STATUS: u8 = 0x01;
    /// Get Current Settings request: requested settings mask (le32).
    pub const TLV_REQUESTED_SETTINGS: u8 = 0x10;
    /// Get Current Settings response TLVs.
    pub const TLV_CS_PDP_TYPE: u8 = 0x11;
    pub const TLV_CS_APN: u8 = 0x14;
    pub const TLV_CS_IPV4_DNS1: u8 = 0x15;
    pub const TLV_CS_IPV4_DNS2: u8 = 0x16;
    pub const TLV_CS_IPV4_ADDRESS: u8 = 0x1e;
    pub const TLV_CS_IPV4_GATEWAY: u8 = 0x20;
    pub const TLV_CS_IPV4_MASK: u8 = 0x21;
    /// `16 B address, u8 prefix length`.
    pub const TLV_CS_IPV6_ADDRESS: u8 = 0x25;
    /// `16 B address, u8 prefix length`.
    pub const TLV_CS_IPV6_GATEWAY: u8 = 0x26;
    pub const TLV_CS_IPV6_DNS1: u8 = 0x27;
    pub const TLV_CS_IPV6_DNS2: u8 = 0x28;
    /// le32.
    pub const TLV_CS_MTU: u8 = 0x29;
    /// u8 4 or 6.
    pub const TLV_CS_IP_FAMILY: u8 = 0x2b;
    /// Set IP Family request: u8 4, 6 or 8 (unspecified).
    pub const TLV_IP_FAMILY: u8 = 0x01;
    /// Bind Mux Data Port request: endpoint `le32 type, le32 interface`.
    pub const TLV_BIND_ENDPOINT: u8 = 0x10;
    /// Bind Mux Data Port request: mux id (u8).
    pub const TLV_BIND_MUX_ID: u8 = 0x11;
    /// Bind Mux Data Port request: reversed (u8).
    pub const TLV_BIND_REVERSED: u8 = 0x12;
    /// Bind Mux Data Port request: client type (le32, 1 tethered).
    pub const TLV_BIND_CLIENT_TYPE: u8 = 0x13;
    /// Get Autoconnect Settings response / Set request: u8 setting.
    pub const TLV_AUTOCONNECT: u8 = 0x01;
    /// Get Profile Settings request: `u8 profile type, u8 index`.
    pub const TLV_PROFILE_ID: u8 = 0x01;
    /// Get Profile Settings response: PDP type (u8 0 IPv4, 2 IPv6, 3 IPv4v6).
    pub const TLV_PROFILE_PDP_TYPE: u8 = 0x11;
    /// Get Profile Settings response: APN (string).
    pub const TLV_PROFILE_APN: u8 = 0x14;
    /// Get Profile Settings response: username (string).
    pub const TLV_PROFILE_USERNAME: u8 = 0x1b;
    /// Get Profile Settings response: authentication (u8).
    pub const TLV_PROFILE_AUTH: u8 = 0x1d;

    /// Connection status values.
    pub const STATUS_DISCONNECTED: u8 = 1;
    pub const STATUS_CONNECTED: u8 = 2;
    /// IP family values.
    pub const FAMILY_IPV4: u8 = 4;
    pub const FAMILY_IPV6: u8 = 6;
    pub const FAMILY_UNSPECIFIED: u8 = 8;
    /// Verbose call end reason type "3GPP specification defined".
    pub const CALL_END_TYPE_3GPP: u16 = 6;
}

/// DMS (device management) messages and TLVs.
pub mod dms {
    pub const GET_CAPABILITIES: u16 = 0x0020;
    pub const GET_MANUFACTURER: u16 = 0x0021;
    pub const GET_MODEL: u16 = 0x0022;
    pub const GET_REVISION: u16 = 0x0023;
    pub const GET_MSISDN: u16 = 0x0024;
    pub const GET_IDS: u16 = 0x0025;
    pub const GET_OPERATING_MODE: u16 = 0x002d;
    pub const SET_OPERATING_MODE: u16 = 0x002e;
    pub const UIM_GET_STATE: u16 = 0x0044;
    /// The string of Get Manufacturer / Model / Revision, the mode of
    /// Get/Set Operating Mode (u8, 0 online).
    pub const TLV_VALUE: u8 = 0x01;
    /// Get IDs response: ESN, IMEI, MEID strings.
    pub const TLV_IDS_ESN: u8 = 0x10;
    pub const TLV_IDS_IMEI: u8 = 0x11;
    pub const TLV_IDS_MEID: u8 = 0x12;
}

/// NAS (network access) messages and TLVs.
pub mod nas {
    pub const RESET: u16 = 0x0000;
    pub const SET_EVENT_REPORT: u16 = 0x0002;
    pub const INDICATION_REGISTER: u16 = 0x0003;
    pub const GET_SIGNAL_STRENGTH: u16 = 0x0020;
    pub const GET_SERVING_SYSTEM: u16 = 0x0024;
    pub const GET_HOME_NETWORK: u16 = 0x0025;
    pub const GET_SYSTEM_SELECTION_PREFERENCE: u16 = 0x0034;
    pub const GET_SYSTEM_INFO: u16 = 0x004d;
    pub const GET_SIGNAL_INFO: u16 = 0x004f;
    /// Get Serving System response: `u8 registration state, u8 CS attach,
    /// u8 PS attach, u8 selected network, u8 count, u8 radio interface...`.
    pub const TLV_SERVING_SYSTEM: u8 = 0x01;
    /// Get Serving System response: `le16 MCC, le16 MNC, u8 length, description`.
    pub const TLV_CURRENT_PLMN: u8 = 0x12;
    /// Get System Info response: LTE service status `u8 status, u8 true
    /// status, u8 preferred data path`.
    pub const TLV_LTE_SERVICE_STATUS: u8 = 0x14;
    /// Get System Info response: LTE system info (v2): domain, capability,
    /// roaming, forbidden, LAC, cell id, reject info, PLMN, TAC, each
    /// after a validity byte.
    pub const TLV_LTE_SYSTEM_INFO: u8 = 0x19;
    /// Registration state "registered", attach state "attached".
    pub const REGISTERED: u8 = 1;
    pub const ATTACHED: u8 = 1;
    /// Selected network "3GPP", radio interface "LTE", service "available".
    pub const NETWORK_3GPP: u8 = 2;
    pub const RADIO_LTE: u8 = 8;
    pub const SERVICE_AVAILABLE: u8 = 2;
}

/// UIM messages and TLVs.
pub mod uim {
    pub const RESET: u16 = 0x0000;
    pub const REGISTER_EVENTS: u16 = 0x002e;
    pub const GET_CARD_STATUS: u16 = 0x002f;
    /// Get Card Status response: the card status structure.
    pub const TLV_CARD_STATUS: u8 = 0x10;
}

/// WDA (wireless data administrative) messages and TLVs. The Set Data
/// Format request and response number the uplink aggregation limits
/// differently (0x1B/0x1C in, 0x17/0x18 out).
pub mod wda {
    pub const GET_SUPPORTED_MESSAGES: u16 = 0x001e;
    pub const SET_DATA_FORMAT: u16 = 0x0020;
    pub const GET_DATA_FORMAT: u16 = 0x0021;
    pub const TLV_QOS_FORMAT: u8 = 0x10;
    pub const TLV_LINK_LAYER: u8 = 0x11;
    pub const TLV_UL_PROTOCOL: u8 = 0x12;
    pub const TLV_DL_PROTOCOL: u8 = 0x13;
    pub const TLV_NDP_SIGNATURE: u8 = 0x14;
    pub const TLV_DL_MAX_DATAGRAMS: u8 = 0x15;
    pub const TLV_DL_MAX_SIZE: u8 = 0x16;
    /// Set request: endpoint `le32 type, le32 interface`.
    pub const TLV_SET_ENDPOINT: u8 = 0x17;
    /// Set request: uplink aggregation limits.
    pub const TLV_SET_UL_MAX_DATAGRAMS: u8 = 0x1b;
    pub const TLV_SET_UL_MAX_SIZE: u8 = 0x1c;
    /// Get request: endpoint `le32 type, le32 interface`.
    pub const TLV_GET_ENDPOINT: u8 = 0x10;
    /// Responses (Set and Get): uplink aggregation limits, DL padding, flow
    /// control.
    pub const TLV_RSP_UL_MAX_DATAGRAMS: u8 = 0x17;
    pub const TLV_RSP_UL_MAX_SIZE: u8 = 0x18;
    pub const TLV_RSP_DL_MIN_PADDING: u8 = 0x1a;
    pub const TLV_RSP_FLOW_CONTROL: u8 = 0x1b;

    /// Link layer protocols.
    pub const LINK_802_3: u32 = 1;
    pub const LINK_RAW_IP: u32 = 2;
    /// Aggregation protocols.
    pub const AGG_DISABLED: u32 = 0;
    pub const AGG_QMAP: u32 = 5;
    pub const AGG_QMAPV5: u32 = 9;
    /// Endpoint types.
    pub const EP_HSUSB: u32 = 2;
    pub const EP_PCIE: u32 = 3;
}

/// Why a buffer is not a well-formed QMI message, or a message did not fit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Error {
    /// Shorter than the headers it must hold.
    TooShort,
    /// The first byte is not [`QMUX_MARKER`].
    BadMarker,
    /// The QMUX length runs past the buffer.
    Truncated,
    /// The TLV length of the message header disagrees with the QMUX length.
    LengthMismatch,
    /// A TLV runs past the end of the message.
    TlvOverrun,
    /// A value is shorter than its type needs.
    ShortValue,
    /// The output buffer is too small.
    NoRoom,
    /// A value is longer than a TLV or message can carry.
    TooLong,
}

impl Error {
    /// A short name for logs and counters.
    pub fn name(self) -> &'static str {
        match self {
            Error::TooShort => "too-short",
            Error::BadMarker => "bad-marker",
            Error::Truncated => "truncated",
            Error::LengthMismatch => "length-mismatch",
            Error::TlvOverrun => "tlv-overrun",
            Error::ShortValue => "short-value",
            Error::NoRoom => "no-room",
            Error::TooLong => "too-long",
        }
    }
}

fn le16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes([*b.get(at)?, *b.get(at + 1)?]))
}

/// A parsed QMI message; `tlvs` is its TLV area.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Message<'a> {
    /// QMUX flags ([`qmux_flags`]).
    pub qmux_flags: u8,
    pub service: u8,
    pub client: u8,
    /// Message header flags ([`ctl_flags`] or [`svc_flags`]).
    pub flags: u8,
    /// Transaction id (one byte on CTL).
    pub txn: u16,
    pub msg_id: u16,
    pub tlvs: &'a [u8],
}

impl<'a> Message<'a> {
    /// Whether this is a CTL message (one-byte transaction id).
    pub fn is_ctl(&self) -> bool {
        self.service == service::CTL
    }

    /// Whether the header says request.
    pub fn is_request(&self) -> bool {
        self.flags == 0
    }

    /// Whether the header says response.
    pub fn is_response(&self) -> bool {
        if self.is_ctl() {
            self.flags & ctl_flags::RESPONSE != 0
        } else {
            self.flags & svc_flags::RESPONSE != 0
        }
    }

    /// Whether the header says indication.
    pub fn is_indication(&self) -> bool {
        if self.is_ctl() {
            self.flags & ctl_flags::INDICATION != 0
        } else {
            self.flags & svc_flags::INDICATION != 0
        }
    }

    /// The TLVs, in order.
    pub fn iter(&self) -> Tlvs<'a> {
        Tlvs::new(self.tlvs)
    }

    /// The value of the first TLV of type `ty` (before any malformed one).
    pub fn tlv(&self, ty: u8) -> Option<&'a [u8]> {
        find_tlv(self.tlvs, ty)
    }

    /// Whether every TLV is well formed.
    pub fn tlvs_ok(&self) -> bool {
        self.iter().all(|t| t.is_ok())
    }

    /// The result TLV, if present and well formed.
    pub fn result(&self) -> Option<QmiResult> {
        QmiResult::parse(self.tlv(TLV_RESULT)?).ok()
    }

    /// The message header as [`Builder::new`] takes it.
    pub fn header(&self) -> Header {
        if self.is_ctl() {
            Header::Ctl {
                flags: self.flags,
                txn: self.txn as u8,
            }
        } else {
            Header::Service {
                flags: self.flags,
                txn: self.txn,
            }
        }
    }
}

/// Total length of the message at the start of `buf` as its QMUX header
/// says, if the header is there; for splitting a byte stream.
pub fn message_len(buf: &[u8]) -> Result<Option<usize>, Error> {
    match buf.first() {
        None => return Ok(None),
        Some(&QMUX_MARKER) => {}
        Some(_) => return Err(Error::BadMarker),
    }
    Ok(le16(buf, 1).map(|l| usize::from(l) + 1))
}

/// Parses the message at the start of `buf`; returns it and the bytes it
/// takes (the QMUX length + 1). Bytes after it are not looked at. The TLV
/// area's own length must agree with the QMUX length; TLVs are checked
/// lazily by [`Tlvs`].
pub fn parse(buf: &[u8]) -> Result<(Message<'_>, usize), Error> {
    if buf.is_empty() {
        return Err(Error::TooShort);
    }
    if buf[0] != QMUX_MARKER {
        return Err(Error::BadMarker);
    }
    let len = usize::from(le16(buf, 1).ok_or(Error::TooShort)?) + 1;
    if len < QMUX_HDR_LEN {
        return Err(Error::TooShort);
    }
    if len > buf.len() {
        return Err(Error::Truncated);
    }
    let msg = &buf[..len];
    let (qf, svc, client) = (msg[3], msg[4], msg[5]);
    let body = &msg[QMUX_HDR_LEN..];
    let (flags, txn, msg_id, tlv_len, hdr) = if svc == service::CTL {
        if body.len() < CTL_HDR_LEN {
            return Err(Error::TooShort);
        }
        (
            body[0],
            u16::from(body[1]),
            le16(body, 2).ok_or(Error::TooShort)?,
            le16(body, 4).ok_or(Error::TooShort)?,
            CTL_HDR_LEN,
        )
    } else {
        if body.len() < SVC_HDR_LEN {
            return Err(Error::TooShort);
        }
        (
            body[0],
            le16(body, 1).ok_or(Error::TooShort)?,
            le16(body, 3).ok_or(Error::TooShort)?,
            le16(body, 5).ok_or(Error::TooShort)?,
            SVC_HDR_LEN,
        )
    };
    let tlvs = &body[hdr..];
    if usize::from(tlv_len) != tlvs.len() {
        return Err(Error::LengthMismatch);
    }
    Ok((
        Message {
            qmux_flags: qf,
            service: svc,
            client,
            flags,
            txn,
            msg_id,
            tlvs,
        },
        len,
    ))
}

/// One TLV.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tlv<'a> {
    pub ty: u8,
    pub value: &'a [u8],
}

/// The TLVs of a TLV area; stops after the first malformed one (which it
/// yields as an error).
#[derive(Clone, Debug)]
pub struct Tlvs<'a> {
    rest: &'a [u8],
    failed: bool,
}

impl<'a> Tlvs<'a> {
    pub fn new(area: &'a [u8]) -> Self {
        Tlvs {
            rest: area,
            failed: false,
        }
    }
}

impl<'a> Iterator for Tlvs<'a> {
    type Item = Result<Tlv<'a>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.rest.is_empty() {
            return None;
        }
        let r = self.rest;
        let Some(len) = le16(r, 1) else {
            self.failed = true;
            return Some(Err(Error::TlvOverrun));
        };
        let end = TLV_HDR_LEN + usize::from(len);
        if end > r.len() {
            self.failed = true;
            return Some(Err(Error::TlvOverrun));
        }
        self.rest = &r[end..];
        Some(Ok(Tlv {
            ty: r[0],
            value: &r[TLV_HDR_LEN..end],
        }))
    }
}

/// The value of the first TLV of type `ty` in `area`.
pub fn find_tlv(area: &[u8], ty: u8) -> Option<&[u8]> {
    Tlvs::new(area)
        .map_while(|t| t.ok())
        .find(|t| t.ty == ty)
        .map(|t| t.value)
}

/// The first byte of a value.
pub fn value_u8(v: &[u8]) -> Result<u8, Error> {
    v.first().copied().ok_or(Error::ShortValue)
}

/// The first two bytes of a value, little-endian.
pub fn value_u16(v: &[u8]) -> Result<u16, Error> {
    le16(v, 0).ok_or(Error::ShortValue)
}

/// The first four bytes of a value, little-endian.
pub fn value_u32(v: &[u8]) -> Result<u32, Error> {
    match v {
        [a, b, c, d, ..] => Ok(u32::from_le_bytes([*a, *b, *c, *d])),
        _ => Err(Error::ShortValue),
    }
}

/// The result TLV.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QmiResult {
    /// 0 success, 1 failure.
    pub status: u16,
    pub error: u16,
}

impl QmiResult {
    pub const SUCCESS: QmiResult = QmiResult {
        status: 0,
        error: error::NONE,
    };

    /// A failure with protocol error `error`.
    pub const fn failure(error: u16) -> QmiResult {
        QmiResult { status: 1, error }
    }

    pub fn is_success(&self) -> bool {
        self.status == 0
    }

    pub fn parse(v: &[u8]) -> Result<QmiResult, Error> {
        if v.len() < 4 {
            return Err(Error::ShortValue);
        }
        Ok(QmiResult {
            status: value_u16(v)?,
            error: value_u16(&v[2..])?,
        })
    }

    pub fn encode(&self) -> [u8; 4] {
        let s = self.status.to_le_bytes();
        let e = self.error.to_le_bytes();
        [s[0], s[1], e[0], e[1]]
    }
}

/// An IPv4 address (network order) as QMI carries it: a le32 of the
/// host-order value, i.e. the bytes reversed.
pub fn ipv4_value(addr: [u8; 4]) -> [u8; 4] {
    u32::from_be_bytes(addr).to_le_bytes()
}

/// The IPv4 address (network order) of a QMI value.
pub fn ipv4_from_value(v: &[u8]) -> Result<[u8; 4], Error> {
    Ok(value_u32(v)?.to_be_bytes())
}

/// An IPv6 address and prefix length as QMI carries them.
pub fn ipv6_value(addr: [u8; 16], prefix: u8) -> [u8; 17] {
    let mut v = [0u8; 17];
    v[..16].copy_from_slice(&addr);
    v[16] = prefix;
    v
}

/// The IPv6 address and prefix length of a QMI value.
pub fn ipv6_from_value(v: &[u8]) -> Result<([u8; 16], u8), Error> {
    if v.len() < 17 {
        return Err(Error::ShortValue);
    }
    let mut a = [0u8; 16];
    a.copy_from_slice(&v[..16]);
    Ok((a, v[16]))
}

/// The IPv4 netmask of a prefix length (network order).
pub fn ipv4_mask(prefix: u8) -> [u8; 4] {
    let p = u32::from(prefix.min(32));
    let m = if p == 0 { 0 } else { u32::MAX << (32 - p) };
    m.to_be_bytes()
}

/// A data endpoint: `le32 type, le32 interface number`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Endpoint {
    pub ep_type: u32,
    pub iface: u32,
}

impl Endpoint {
    pub fn parse(v: &[u8]) -> Result<Endpoint, Error> {
        if v.len() < 8 {
            return Err(Error::ShortValue);
        }
        Ok(Endpoint {
            ep_type: value_u32(v)?,
            iface: value_u32(&v[4..])?,
        })
    }

    pub fn encode(&self) -> [u8; 8] {
        let mut v = [0u8; 8];
        v[..4].copy_from_slice(&self.ep_type.to_le_bytes());
        v[4..].copy_from_slice(&self.iface.to_le_bytes());
        v
    }
}

/// A WDA data format: what a Set Data Format request asks (each field
/// present only if its TLV is) or what a response reports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DataFormat {
    pub qos: Option<u8>,
    pub link_layer: Option<u32>,
    pub ul_protocol: Option<u32>,
    pub dl_protocol: Option<u32>,
    pub ndp_signature: Option<u32>,
    pub dl_max_datagrams: Option<u32>,
    pub dl_max_size: Option<u32>,
    pub endpoint: Option<Endpoint>,
    pub ul_max_datagrams: Option<u32>,
    pub ul_max_size: Option<u32>,
    pub dl_min_padding: Option<u32>,
    pub flow_control: Option<u8>,
}

fn opt<T>(area: &[u8], ty: u8, f: impl Fn(&[u8]) -> Result<T, Error>) -> Result<Option<T>, Error> {
    find_tlv(area, ty).map(f).transpose()
}

impl DataFormat {
    /// The fields of a Set Data Format request (uplink limits in 0x1B/0x1C).
    pub fn parse_set_request(area: &[u8]) -> Result<DataFormat, Error> {
        let mut f = Self::parse_common(
            area,
            wda::TLV_SET_UL_MAX_DATAGRAMS,
            wda::TLV_SET_UL_MAX_SIZE,
        )?;
        f.endpoint = opt(area, wda::TLV_SET_ENDPOINT, Endpoint::parse)?;
        Ok(f)
    }

    /// The fields of a Set or Get Data Format response (uplink limits in
    /// 0x17/0x18).
    pub fn parse_response(area: &[u8]) -> Result<DataFormat, Error> {
        let mut f = Self::parse_common(
            area,
            wda::TLV_RSP_UL_MAX_DATAGRAMS,
            wda::TLV_RSP_UL_MAX_SIZE,
        )?;
        f.dl_min_padding = opt(area, wda::TLV_RSP_DL_MIN_PADDING, value_u32)?;
        f.flow_control = opt(area, wda::TLV_RSP_FLOW_CONTROL, value_u8)?;
        Ok(f)
    }

    fn parse_common(area: &[u8], ul_dg: u8, ul_size: u8) -> Result<DataFormat, Error> {
        for t in Tlvs::new(area) {
            t?;
        }
        Ok(DataFormat {
            qos: opt(area, wda::TLV_QOS_FORMAT, value_u8)?,
            link_layer: opt(area, wda::TLV_LINK_LAYER, value_u32)?,
            ul_protocol: opt(area, wda::TLV_UL_PROTOCOL, value_u32)?,
            dl_protocol: opt(area, wda::TLV_DL_PROTOCOL, value_u32)?,
            ndp_signature: opt(area, wda::TLV_NDP_SIGNATURE, value_u32)?,
            dl_max_datagrams: opt(area, wda::TLV_DL_MAX_DATAGRAMS, value_u32)?,
            dl_max_size: opt(area, wda::TLV_DL_MAX_SIZE, value_u32)?,
            endpoint: None,
            ul_max_datagrams: opt(area, ul_dg, value_u32)?,
            ul_max_size: opt(area, ul_size, value_u32)?,
            dl_min_padding: None,
            flow_control: None,
        })
    }

    /// Writes the present fields as Set Data Format request TLVs.
    pub fn write_set_request(&self, b: &mut Builder<'_>) {
        self.write_common(b);
        if let Some(e) = self.endpoint {
            b.tlv(wda::TLV_SET_ENDPOINT, &e.encode());
        }
        if let Some(v) = self.ul_max_datagrams {
            b.u32(wda::TLV_SET_UL_MAX_DATAGRAMS, v);
        }
        if let Some(v) = self.ul_max_size {
            b.u32(wda::TLV_SET_UL_MAX_SIZE, v);
        }
    }

    /// Writes the present fields as Set/Get Data Format response TLVs.
    pub fn write_response(&self, b: &mut Builder<'_>) {
        self.write_common(b);
        if let Some(v) = self.ul_max_datagrams {
            b.u32(wda::TLV_RSP_UL_MAX_DATAGRAMS, v);
        }
        if let Some(v) = self.ul_max_size {
            b.u32(wda::TLV_RSP_UL_MAX_SIZE, v);
        }
        if let Some(v) = self.dl_min_padding {
            b.u32(wda::TLV_RSP_DL_MIN_PADDING, v);
        }
        if let Some(v) = self.flow_control {
            b.u8(wda::TLV_RSP_FLOW_CONTROL, v);
        }
    }

    fn write_common(&self, b: &mut Builder<'_>) {
        if let Some(v) = self.qos {
            b.u8(wda::TLV_QOS_FORMAT, v);
        }
        for (ty, v) in [
            (wda::TLV_LINK_LAYER, self.link_layer),
            (wda::TLV_UL_PROTOCOL, self.ul_protocol),
            (wda::TLV_DL_PROTOCOL, self.dl_protocol),
            (wda::TLV_NDP_SIGNATURE, self.ndp_signature),
            (wda::TLV_DL_MAX_DATAGRAMS, self.dl_max_datagrams),
            (wda::TLV_DL_MAX_SIZE, self.dl_max_size),
        ] {
            if let Some(v) = v {
                b.u32(ty, v);
            }
        }
    }
}

/// What a WDS Start Network request asks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StartNetwork<'a> {
    pub apn: Option<&'a [u8]>,
    pub ip_family: Option<u8>,
    pub profile_3gpp: Option<u8>,
    pub autoconnect: Option<u8>,
    pub username: Option<&'a [u8]>,
}

impl<'a> StartNetwork<'a> {
    pub fn parse(area: &'a [u8]) -> Result<StartNetwork<'a>, Error> {
        for t in Tlvs::new(area) {
            t?;
        }
        Ok(StartNetwork {
            apn: find_tlv(area, wds::TLV_START_APN),
            ip_family: opt(area, wds::TLV_START_IP_FAMILY, value_u8)?,
            profile_3gpp: opt(area, wds::TLV_START_PROFILE_3GPP, value_u8)?,
            autoconnect: opt(area, wds::TLV_START_AUTOCONNECT, value_u8)?,
            username: find_tlv(area, wds::TLV_START_USERNAME),
        })
    }
}

/// What a WDS Bind Mux Data Port request asks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BindMux {
    pub endpoint: Option<Endpoint>,
    pub mux_id: Option<u8>,
    pub reversed: Option<u8>,
    pub client_type: Option<u32>,
}

impl BindMux {
    pub fn parse(area: &[u8]) -> Result<BindMux, Error> {
        for t in Tlvs::new(area) {
            t?;
        }
        Ok(BindMux {
            endpoint: opt(area, wds::TLV_BIND_ENDPOINT, Endpoint::parse)?,
            mux_id: opt(area, wds::TLV_BIND_MUX_ID, value_u8)?,
            reversed: opt(area, wds::TLV_BIND_REVERSED, value_u8)?,
            client_type: opt(area, wds::TLV_BIND_CLIENT_TYPE, value_u32)?,
        })
    }
}

/// The message header a [`Builder`] writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Header {
    /// CTL: one-byte transaction id.
    Ctl { flags: u8, txn: u8 },
    /// Any other service.
    Service { flags: u8, txn: u16 },
}

impl Header {
    fn len(&self) -> usize {
        match self {
            Header::Ctl { .. } => CTL_HDR_LEN,
            Header::Service { .. } => SVC_HDR_LEN,
        }
    }
}

/// Builds one message into a caller's buffer: headers first, then TLVs,
/// then [`Builder::finish`] fills in both lengths. The first error sticks
/// and is returned by `finish`; later calls do nothing.
pub struct Builder<'b> {
    buf: &'b mut [u8],
    pos: usize,
    tlv_start: usize,
    err: Option<Error>,
}

impl<'b> Builder<'b> {
    /// A message of `service`/`client` with `header` and `msg_id`.
    pub fn new(
        buf: &'b mut [u8],
        qmux_flags: u8,
        service: u8,
        client: u8,
        header: Header,
        msg_id: u16,
    ) -> Builder<'b> {
        let hdr = QMUX_HDR_LEN + header.len();
        let mut b = Builder {
            buf,
            pos: hdr,
            tlv_start: hdr,
            err: None,
        };
        if b.buf.len() < hdr {
            b.err = Some(Error::NoRoom);
            return b;
        }
        let m = msg_id.to_le_bytes();
        b.buf[0] = QMUX_MARKER;
        b.buf[3] = qmux_flags;
        b.buf[4] = service;
        b.buf[5] = client;
        let h = &mut b.buf[QMUX_HDR_LEN..hdr];
        match header {
            Header::Ctl { flags, txn } => {
                h[0] = flags;
                h[1] = txn;
                h[2..4].copy_from_slice(&m);
            }
            Header::Service { flags, txn } => {
                h[0] = flags;
                h[1..3].copy_from_slice(&txn.to_le_bytes());
                h[3..5].copy_from_slice(&m);
            }
        }
        b
    }

    /// The response to request `req`: modem flags, same service, client,
    /// transaction and message id; the result TLV comes first.
    pub fn response(buf: &'b mut [u8], req: &Message<'_>, result: QmiResult) -> Builder<'b> {
        let header = if req.is_ctl() {
            Header::Ctl {
                flags: ctl_flags::RESPONSE,
                txn: req.txn as u8,
            }
        } else {
            Header::Service {
                flags: svc_flags::RESPONSE,
                txn: req.txn,
            }
        };
        let mut b = Builder::new(
            buf,
            qmux_flags::MODEM,
            req.service,
            req.client,
            header,
            req.msg_id,
        );
        b.result(result);
        b
    }

    /// An indication of `service` to `client` (0xff: broadcast).
    pub fn indication(buf: &'b mut [u8], service: u8, client: u8, msg_id: u16) -> Builder<'b> {
        let header = if service == service::CTL {
            Header::Ctl {
                flags: ctl_flags::INDICATION,
                txn: 0,
            }
        } else {
            Header::Service {
                flags: svc_flags::INDICATION,
                txn: 0,
            }
        };
        Builder::new(buf, qmux_flags::MODEM, service, client, header, msg_id)
    }

    /// Appends a TLV whose value is the concatenation of `parts`.
    pub fn tlv_parts(&mut self, ty: u8, parts: &[&[u8]]) -> &mut Self {
        if self.err.is_some() {
            return self;
        }
        let len: usize = parts.iter().map(|p| p.len()).sum();
        if len > usize::from(u16::MAX) {
            self.err = Some(Error::TooLong);
            return self;
        }
        let end = self.pos + TLV_HDR_LEN + len;
        if end > self.buf.len() {
            self.err = Some(Error::NoRoom);
            return self;
        }
        if end > MAX_MSG_LEN {
            self.err = Some(Error::TooLong);
            return self;
        }
        self.buf[self.pos] = ty;
        self.buf[self.pos + 1..self.pos + 3].copy_from_slice(&(len as u16).to_le_bytes());
        let mut at = self.pos + TLV_HDR_LEN;
        for p in parts {
            self.buf[at..at + p.len()].copy_from_slice(p);
            at += p.len();
        }
        self.pos = end;
        self
    }

    /// Appends a TLV.
    pub fn tlv(&mut self, ty: u8, value: &[u8]) -> &mut Self {
        self.tlv_parts(ty, &[value])
    }

    pub fn u8(&mut self, ty: u8, v: u8) -> &mut Self {
        self.tlv(ty, &[v])
    }

    pub fn u16(&mut self, ty: u8, v: u16) -> &mut Self {
        self.tlv(ty, &v.to_le_bytes())
    }

    pub fn u32(&mut self, ty: u8, v: u32) -> &mut Self {
        self.tlv(ty, &v.to_le_bytes())
    }

    /// Appends the result TLV.
    pub fn result(&mut self, r: QmiResult) -> &mut Self {
        self.tlv(TLV_RESULT, &r.encode())
    }

    /// Fills in the lengths; returns the message's length.
    pub fn finish(self) -> Result<usize, Error> {
        if let Some(e) = self.err {
            return Err(e);
        }
        let total = self.pos;
        let tlv_len = total - self.tlv_start;
        let qlen = (total - 1) as u16;
        self.buf[1..3].copy_from_slice(&qlen.to_le_bytes());
        let at = self.tlv_start - 2;
        self.buf[at..at + 2].copy_from_slice(&(tlv_len as u16).to_le_bytes());
        Ok(total)
    }
}

/// A short name of a service, for logs.
pub fn service_name(svc: u8) -> &'static str {
    match svc {
        service::CTL => "ctl",
        service::WDS => "wds",
        service::DMS => "dms",
        service::NAS => "nas",
        service::QOS => "qos",
        service::WMS => "wms",
        service::PDS => "pds",
        service::AUTH => "auth",
        service::AT => "at",
        service::VOICE => "voice",
        service::UIM => "uim",
        service::PBM => "pbm",
        service::LOC => "loc",
        service::WDA => "wda",
        _ => "unknown",
    }
}

/// A short name of a message, for logs.
pub fn message_name(svc: u8, msg: u16) -> &'static str {
    match (svc, msg) {
        (service::CTL, ctl::SET_INSTANCE_ID) => "set-instance-id",
        (service::CTL, ctl::GET_VERSION_INFO) => "get-version-info",
        (service::CTL, ctl::ALLOCATE_CID) => "allocate-cid",
        (service::CTL, ctl::RELEASE_CID) => "release-cid",
        (service::CTL, ctl::SET_DATA_FORMAT) => "set-data-format",
        (service::CTL, ctl::SYNC) => "sync",
        (service::WDS, wds::RESET) | (service::NAS, nas::RESET) | (service::UIM, uim::RESET) => {
            "reset"
        }
        (service::WDS, wds::SET_EVENT_REPORT) | (service::NAS, nas::SET_EVENT_REPORT) => {
            "set-event-report"
        }
        (service::WDS, wds::INDICATION_REGISTER) | (service::NAS, nas::INDICATION_REGISTER) => {
            "indication-register"
        }
        (service::WDS, wds::START_NETWORK) => "start-network",
        (service::WDS, wds::STOP_NETWORK) => "stop-network",
        (service::WDS, wds::GET_PACKET_SERVICE_STATUS) => "get-packet-service-status",
        (service::WDS, wds::GET_CHANNEL_RATES) => "get-channel-rates",
        (service::WDS, wds::GET_PACKET_STATISTICS) => "get-packet-statistics",
        (service::WDS, wds::MODIFY_PROFILE) => "modify-profile",
        (service::WDS, wds::GET_PROFILE_LIST) => "get-profile-list",
        (service::WDS, wds::GET_PROFILE_SETTINGS) => "get-profile-settings",
        (service::WDS, wds::GET_DEFAULT_SETTINGS) => "get-default-settings",
        (service::WDS, wds::GET_CURRENT_SETTINGS) => "get-current-settings",
        (service::WDS, wds::GET_AUTOCONNECT_SETTINGS) => "get-autoconnect-settings",
        (service::WDS, wds::GET_DATA_BEARER_TECHNOLOGY) => "get-data-bearer-technology",
        (service::WDS, wds::GET_CURRENT_DATA_BEARER_TECHNOLOGY) => {
            "get-current-data-bearer-technology"
        }
        (service::WDS, wds::SET_IP_FAMILY) => "set-ip-family",
        (service::WDS, wds::SET_AUTOCONNECT_SETTINGS) => "set-autoconnect-settings",
        (service::WDS, wds::BIND_MUX_DATA_PORT) => "bind-mux-data-port",
        (service::DMS, dms::GET_CAPABILITIES) => "get-capabilities",
        (service::DMS, dms::GET_MANUFACTURER) => "get-manufacturer",
        (service::DMS, dms::GET_MODEL) => "get-model",
        (service::DMS, dms::GET_REVISION) => "get-revision",
        (service::DMS, dms::GET_MSISDN) => "get-msisdn",
        (service::DMS, dms::GET_IDS) => "get-ids",
        (service::DMS, dms::GET_OPERATING_MODE) => "get-operating-mode",
        (service::DMS, dms::SET_OPERATING_MODE) => "set-operating-mode",
        (service::DMS, dms::UIM_GET_STATE) => "uim-get-state",
        (service::NAS, nas::GET_SIGNAL_STRENGTH) => "get-signal-strength",
        (service::NAS, nas::GET_SERVING_SYSTEM) => "get-serving-system",
        (service::NAS, nas::GET_HOME_NETWORK) => "get-home-network",
        (service::NAS, nas::GET_SYSTEM_SELECTION_PREFERENCE) => "get-system-selection-preference",
        (service::NAS, nas::GET_SYSTEM_INFO) => "get-system-info",
        (service::NAS, nas::GET_SIGNAL_INFO) => "get-signal-info",
        (service::UIM, uim::REGISTER_EVENTS) => "register-events",
        (service::UIM, uim::GET_CARD_STATUS) => "get-card-status",
        (service::WDA, wda::GET_SUPPORTED_MESSAGES) => "get-supported-messages",
        (service::WDA, wda::SET_DATA_FORMAT) => "set-data-format",
        (service::WDA, wda::GET_DATA_FORMAT) => "get-data-format",
        _ => "unknown",
    }
}
