// SPDX-License-Identifier: GPL-2.0
//! The simulated modem's QMI side: client ids, data calls and the data
//! format, answering what qmicli (`--device-open-qmi`), ModemManager and
//! quectel-CM ask (transports.md §10). Pure: requests in, responses out;
//! the transports (the USB gadget's ep0, a pty) carry the bytes.
//!
//! Every request that parses gets a response: unknown messages
//! INVALID_QMI_COMMAND, malformed TLVs MALFORMED_MESSAGE, unknown services
//! (in CTL Allocate CID) INVALID_SERVICE_TYPE, unallocated clients
//! INVALID_CLIENT_ID.

use std::collections::BTreeMap;

use qmi::{
    ctl, dms, error, nas, service, uim, wda, wds, BindMux, Builder, DataFormat, Message, QmiResult,
    StartNetwork,
};

use crate::pdn::PdnSpec;

/// QMI_PROTOCOL_ERROR_INVALID_SERVICE_TYPE.
const INVALID_SERVICE_TYPE: u16 = 31;

/// The services this modem has, with the versions Get Version Info reports.
pub const SERVICES: &[(u8, u16, u16)] = &[
    (service::CTL, 1, 5),
    (service::WDS, 1, 67),
    (service::DMS, 1, 14),
    (service::NAS, 1, 25),
    (service::QOS, 1, 10),
    (service::WMS, 1, 10),
    (service::PDS, 1, 0),
    (service::VOICE, 2, 1),
    (service::UIM, 1, 46),
    (service::PBM, 1, 4),
    (service::LOC, 2, 0),
    (service::WDA, 1, 16),
];

/// Largest downlink aggregate the modem makes (RM500Q: 31 KiB, QMAPv5).
pub const DL_MAX_SIZE: u32 = 31744;
/// Most datagrams in a downlink aggregate.
pub const DL_MAX_DATAGRAMS: u32 = 32;
/// The uplink limits the modem asks for (quectel-CM's "best TPUT").
pub const UL_MAX_DATAGRAMS: u32 = 11;
pub const UL_MAX_SIZE: u32 = 8192;

pub const REVISION: &str = "RM500QGLABR11A06M4G";
pub const MANUFACTURER: &str = "Quectel";
pub const MODEL: &str = "RM500Q-GL";
pub const IMEI: &str = "867698041234567";

/// How the data plane frames packets, from WDA Set Data Format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Format {
    pub link_layer: u32,
    pub ul_protocol: u32,
    pub dl_protocol: u32,
    pub dl_max_datagrams: u32,
    pub dl_max_size: u32,
    pub ul_max_datagrams: u32,
    pub ul_max_size: u32,
}

impl Default for Format {
    /// After power-up: raw IP, no aggregation.
    fn default() -> Self {
        Format {
            link_layer: wda::LINK_RAW_IP,
            ul_protocol: wda::AGG_DISABLED,
            dl_protocol: wda::AGG_DISABLED,
            dl_max_datagrams: 1,
            dl_max_size: 1504,
            ul_max_datagrams: 1,
            ul_max_size: 1504,
        }
    }
}

pub fn agg_name(p: u32) -> &'static str {
    match p {
        wda::AGG_DISABLED => "disabled",
        wda::AGG_QMAP => "qmap",
        wda::AGG_QMAPV5 => "qmapv5",
        _ => "other",
    }
}

impl Format {
    /// The QMAP checksum variant of an aggregation protocol; None when the
    /// direction carries plain IP packets.
    pub fn qmap(p: u32) -> Option<qmap::Checksum> {
        match p {
            wda::AGG_QMAP => Some(qmap::Checksum::None),
            wda::AGG_QMAPV5 => Some(qmap::Checksum::V5),
            _ => None,
        }
    }

    pub fn json(&self) -> String {
        format!(
            "{{\"link-layer\":\"{}\",\"ul-protocol\":\"{}\",\"dl-protocol\":\"{}\",\
             \"dl-max-datagrams\":{},\"dl-max-size\":{},\"ul-max-datagrams\":{},\"ul-max-size\":{}}}",
            if self.link_layer == wda::LINK_RAW_IP { "raw-ip" } else { "802-3" },
            agg_name(self.ul_protocol),
            agg_name(self.dl_protocol),
            self.dl_max_datagrams,
            self.dl_max_size,
            self.ul_max_datagrams,
            self.ul_max_size
        )
    }
}

/// A data call of one WDS client.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Call {
    handle: u32,
    /// Index of the PDN.
    pdn: usize,
    /// 4, 6, or None for both.
    family: Option<u8>,
}

#[derive(Clone, Debug, Default)]
struct Client {
    /// Set IP Family.
    family: Option<u8>,
    /// Bind Mux Data Port.
    mux: Option<u8>,
    call: Option<Call>,
}

/// Counters of the QMI side.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QmiStats {
    pub requests: u64,
    pub responses: u64,
    pub indications: u64,
    pub errors: u64,
    pub unknown: u64,
    pub malformed: u64,
    pub unparsable: u64,
}

impl QmiStats {
    pub fn json(&self) -> String {
        format!(
            "{{\"requests\":{},\"responses\":{},\"indications\":{},\"errors\":{},\"unknown\":{},\
             \"malformed\":{},\"unparsable\":{}}}",
            self.requests,
            self.responses,
            self.indications,
            self.errors,
            self.unknown,
            self.malformed,
            self.unparsable
        )
    }
}

/// The QMI state of the modem.
pub struct Responder {
    pdns: Vec<PdnSpec>,
    /// The interface number data endpoints must name (USB: 4).
    iface: u32,
    clients: BTreeMap<(u8, u8), Client>,
    next_cid: BTreeMap<u8, u8>,
    next_handle: u32,
    format: Format,
    /// Start Network requests still to fail (a fault).
    fail_calls: u32,
    /// Verbose call end reason those failures report.
    fail_reason: u16,
    pub stats: QmiStats,
    /// Log each request and its outcome to stderr.
    pub verbose: bool,
}

/// A finished response or indication.
pub type Out = Vec<u8>;

fn finish(b: Builder<'_>) -> Option<usize> {
    match b.finish() {
        Ok(n) => Some(n),
        Err(e) => {
            eprintln!("qmap-modem: cannot build a QMI message: {e:?}");
            None
        }
    }
}

/// What handling a request produced: the result, and a function adding the
/// response's other TLVs.
type Reply<'a> = (QmiResult, Box<dyn FnOnce(&mut Builder<'_>) + 'a>);

fn ok<'a>(f: impl FnOnce(&mut Builder<'_>) + 'a) -> Reply<'a> {
    (QmiResult::SUCCESS, Box::new(f))
}

fn fail<'a>(e: u16) -> Reply<'a> {
    (QmiResult::failure(e), Box::new(|_| {}))
}

fn plain<'a>() -> Reply<'a> {
    ok(|_| {})
}

impl Responder {
    pub fn new(pdns: Vec<PdnSpec>, iface: u32) -> Responder {
        Responder {
            pdns,
            iface,
            clients: BTreeMap::new(),
            next_cid: BTreeMap::new(),
            next_handle: 0x4e52_33a0,
            format: Format::default(),
            fail_calls: 0,
            fail_reason: 0,
            stats: QmiStats::default(),
            verbose: true,
        }
    }

    /// Back to power-up state (a modem reset): no client, no call, raw IP,
    /// no call failure pending.
    pub fn reset(&mut self) {
        self.clients.clear();
        self.format = Format::default();
        self.fail_calls = 0;
    }

    pub fn format(&self) -> Format {
        self.format
    }

    pub fn pdns(&self) -> &[PdnSpec] {
        &self.pdns
    }

    /// Index of the PDN of `mux`.
    pub fn pdn_of_mux(&self, mux: u8) -> Option<usize> {
        self.pdns.iter().position(|p| p.mux == mux)
    }

    /// Whether PDN `i` has a call up.
    pub fn connected(&self, i: usize) -> bool {
        self.clients
            .values()
            .any(|c| c.call.is_some_and(|k| k.pdn == i))
    }

    /// Makes the next `n` Start Network requests fail with `reason`.
    pub fn fail_next_calls(&mut self, n: u32, reason: u16) {
        self.fail_calls = n;
        self.fail_reason = reason;
    }

    /// Ends every call on the PDN of `mux`, as the network would; returns
    /// the Packet Service Status indications to send.
    pub fn drop_calls(&mut self, mux: u8) -> Vec<Out> {
        let Some(pdn) = self.pdn_of_mux(mux) else {
            return vec![];
        };
        let mut out = vec![];
        for (&(svc, cid), c) in self.clients.iter_mut() {
            if c.call.is_some_and(|k| k.pdn == pdn) {
                c.call = None;
                let mut buf = [0u8; 64];
                let mut b = Builder::indication(&mut buf, svc, cid, wds::PACKET_SERVICE_STATUS_IND);
                b.tlv(wds::TLV_CONNECTION_STATUS, &[wds::STATUS_DISCONNECTED, 0]);
                // Call end reason: 2 (generic "client end" is 2; network: 3).
                b.u16(0x10, 3);
                if let Some(n) = finish(b) {
                    out.push(buf[..n].to_vec());
                }
            }
        }
        self.stats.indications += out.len() as u64;
        out
    }

    /// Handles one QMUX message from the host; returns the messages to send
    /// back (one response, or none when the request cannot be addressed).
    pub fn handle(&mut self, req: &[u8]) -> Vec<Out> {
        let m = match qmi::parse(req) {
            Ok((m, _)) => m,
            Err(e) => {
                self.stats.unparsable += 1;
                eprintln!(
                    "qmap-modem: qmi: unparsable request ({}, {} bytes)",
                    e.name(),
                    req.len()
                );
                return vec![];
            }
        };
        if !m.is_request() {
            self.stats.unparsable += 1;
            return vec![];
        }
        self.stats.requests += 1;
        let (result, add) = if !m.tlvs_ok() {
            self.stats.malformed += 1;
            fail(error::MALFORMED_MESSAGE)
        } else if m.is_ctl() {
            self.ctl(&m)
        } else if !self.clients.contains_key(&(m.service, m.client)) {
            fail(error::INVALID_CLIENT_ID)
        } else {
            match self.service(&m) {
                Some(r) => r,
                None => {
                    self.stats.unknown += 1;
                    fail(error::INVALID_QMI_COMMAND)
                }
            }
        };
        if !result.is_success() {
            self.stats.errors += 1;
        }
        if self.verbose {
            let outcome = if result.is_success() {
                "ok".to_string()
            } else {
                format!("error {}", result.error)
            };
            eprintln!(
                "qmap-modem: qmi: {} {} (0x{:04x}) cid {} txn {}: {outcome}",
                qmi::service_name(m.service),
                qmi::message_name(m.service, m.msg_id),
                m.msg_id,
                m.client,
                m.txn
            );
        }
        let mut buf = vec![0u8; 4096];
        let mut b = Builder::response(&mut buf, &m, result);
        add(&mut b);
        let n = match b.finish() {
            Ok(n) => n,
            Err(e) => {
                eprintln!("qmap-modem: qmi: cannot build the response: {e:?}");
                return vec![];
            }
        };
        buf.truncate(n);
        self.stats.responses += 1;
        vec![buf]
    }

    fn alloc_cid(&mut self, svc: u8) -> Option<u8> {
        let start = *self.next_cid.get(&svc).unwrap_or(&1);
        let mut cid = start;
        loop {
            if !self.clients.contains_key(&(svc, cid)) {
                self.next_cid
                    .insert(svc, if cid >= 0xfe { 1 } else { cid + 1 });
                return Some(cid);
            }
            cid = if cid >= 0xfe { 1 } else { cid + 1 };
            if cid == start {
                return None;
            }
        }
    }

    fn ctl<'a>(&mut self, m: &Message<'a>) -> Reply<'a> {
        match m.msg_id {
            ctl::SYNC => plain(),
            ctl::GET_VERSION_INFO => ok(|b| {
                let mut v = vec![SERVICES.len() as u8];
                for &(s, maj, min) in SERVICES {
                    v.push(s);
                    v.extend_from_slice(&maj.to_le_bytes());
                    v.extend_from_slice(&min.to_le_bytes());
                }
                b.tlv(ctl::TLV_VERSION_LIST, &v);
            }),
            ctl::ALLOCATE_CID => {
                let Some(svc) = m.tlv(ctl::TLV_SERVICE).and_then(|v| v.first().copied()) else {
                    return fail(error::MISSING_ARGUMENT);
                };
                if svc == service::CTL || !SERVICES.iter().any(|s| s.0 == svc) {
                    return fail(INVALID_SERVICE_TYPE);
                }
                match self.alloc_cid(svc) {
                    Some(cid) => {
                        self.clients.insert((svc, cid), Client::default());
                        ok(move |b| {
                            b.tlv(ctl::TLV_ALLOCATION, &[svc, cid]);
                        })
                    }
                    None => fail(error::CLIENT_IDS_EXHAUSTED),
                }
            }
            ctl::RELEASE_CID => {
                let Some(&[svc, cid]) = m.tlv(ctl::TLV_ALLOCATION).and_then(|v| v.get(..2)) else {
                    return fail(error::MISSING_ARGUMENT);
                };
                // Releasing a client ends its call, as on a real modem.
                if self.clients.remove(&(svc, cid)).is_none() {
                    return fail(error::INVALID_CLIENT_ID);
                }
                ok(move |b| {
                    b.tlv(ctl::TLV_ALLOCATION, &[svc, cid]);
                })
            }
            _ => {
                self.stats.unknown += 1;
                fail(error::INVALID_QMI_COMMAND)
            }
        }
    }

    fn service<'a>(&mut self, m: &Message<'a>) -> Option<Reply<'a>> {
        match m.service {
            service::WDS => self.wds(m),
            service::WDA => self.wda(m),
            service::DMS => Self::dms(m),
            service::NAS => Self::nas(m),
            service::UIM => Self::uim(m),
            _ => None,
        }
    }

    fn wda<'a>(&mut self, m: &Message<'a>) -> Option<Reply<'a>> {
        Some(match m.msg_id {
            wda::SET_DATA_FORMAT => {
                let req = match DataFormat::parse_set_request(m.tlvs) {
                    Ok(r) => r,
                    Err(_) => return Some(fail(error::MALFORMED_MESSAGE)),
                };
                if let Some(ep) = req.endpoint {
                    if ep.iface != self.iface {
                        return Some(fail(error::INVALID_ARGUMENT));
                    }
                }
                let mut f = self.format;
                if let Some(l) = req.link_layer {
                    if l != wda::LINK_RAW_IP {
                        // Only raw IP: the data plane has no 802.3 emulation.
                        return Some(fail(error::INVALID_ARGUMENT));
                    }
                    f.link_layer = l;
                }
                let pick = |p: u32| match p {
                    wda::AGG_QMAP | wda::AGG_QMAPV5 => p,
                    _ => wda::AGG_DISABLED,
                };
                if let Some(p) = req.ul_protocol {
                    f.ul_protocol = pick(p);
                }
                if let Some(p) = req.dl_protocol {
                    f.dl_protocol = pick(p);
                }
                if f.dl_protocol == wda::AGG_DISABLED {
                    f.dl_max_datagrams = 1;
                    f.dl_max_size = 1504;
                } else {
                    f.dl_max_datagrams = req
                        .dl_max_datagrams
                        .unwrap_or(DL_MAX_DATAGRAMS)
                        .clamp(1, DL_MAX_DATAGRAMS);
                    f.dl_max_size = req
                        .dl_max_size
                        .unwrap_or(DL_MAX_SIZE)
                        .clamp(64, DL_MAX_SIZE);
                }
                if f.ul_protocol == wda::AGG_DISABLED {
                    f.ul_max_datagrams = 1;
                    f.ul_max_size = 1504;
                } else {
                    f.ul_max_datagrams = req
                        .ul_max_datagrams
                        .unwrap_or(UL_MAX_DATAGRAMS)
                        .clamp(1, UL_MAX_DATAGRAMS);
                    f.ul_max_size = req
                        .ul_max_size
                        .unwrap_or(UL_MAX_SIZE)
                        .clamp(64, UL_MAX_SIZE);
                }
                self.format = f;
                ok(move |b| Self::format_tlvs(&f).write_response(b))
            }
            wda::GET_DATA_FORMAT => {
                let f = self.format;
                ok(move |b| Self::format_tlvs(&f).write_response(b))
            }
            _ => return None,
        })
    }

    fn format_tlvs(f: &Format) -> DataFormat {
        let agg = f.ul_protocol != wda::AGG_DISABLED;
        DataFormat {
            qos: Some(0),
            link_layer: Some(f.link_layer),
            ul_protocol: Some(f.ul_protocol),
            dl_protocol: Some(f.dl_protocol),
            dl_max_datagrams: Some(f.dl_max_datagrams),
            dl_max_size: Some(f.dl_max_size),
            ul_max_datagrams: agg.then_some(f.ul_max_datagrams),
            ul_max_size: agg.then_some(f.ul_max_size),
            dl_min_padding: Some(0),
            flow_control: Some(0),
            ..DataFormat::default()
        }
    }

    fn wds<'a>(&mut self, m: &Message<'a>) -> Option<Reply<'a>> {
        let key = (m.service, m.client);
        Some(match m.msg_id {
            wds::RESET
            | wds::SET_EVENT_REPORT
            | wds::INDICATION_REGISTER
            | wds::SET_AUTOCONNECT_SETTINGS
            | wds::MODIFY_PROFILE => plain(),
            wds::GET_AUTOCONNECT_SETTINGS => ok(|b| {
                b.u8(wds::TLV_AUTOCONNECT, 0);
            }),
            wds::SET_IP_FAMILY => {
                let Some(f) = m.tlv(wds::TLV_IP_FAMILY).and_then(|v| v.first().copied()) else {
                    return Some(fail(error::MISSING_ARGUMENT));
                };
                if ![wds::FAMILY_IPV4, wds::FAMILY_IPV6, wds::FAMILY_UNSPECIFIED].contains(&f) {
                    return Some(fail(error::INVALID_ARGUMENT));
                }
                self.clients.get_mut(&key)?.family = (f != wds::FAMILY_UNSPECIFIED).then_some(f);
                plain()
            }
            wds::BIND_MUX_DATA_PORT => {
                let Ok(r) = BindMux::parse(m.tlvs) else {
                    return Some(fail(error::MALFORMED_MESSAGE));
                };
                let Some(mux) = r.mux_id else {
                    return Some(fail(error::MISSING_ARGUMENT));
                };
                if r.endpoint.is_some_and(|e| e.iface != self.iface)
                    || self.pdn_of_mux(mux).is_none()
                {
                    return Some(fail(error::INVALID_ARGUMENT));
                }
                self.clients.get_mut(&key)?.mux = Some(mux);
                plain()
            }
            wds::START_NETWORK => self.start_network(m),
            wds::STOP_NETWORK => {
                let Some(h) = m
                    .tlv(wds::TLV_STOP_HANDLE)
                    .and_then(|v| qmi::value_u32(v).ok())
                else {
                    return Some(fail(error::MISSING_ARGUMENT));
                };
                let c = self.clients.get_mut(&key)?;
                if h == u32::MAX {
                    // "disable-autoconnect": the global handle.
                    return Some(plain());
                }
                match c.call {
                    Some(k) if k.handle == h => {
                        c.call = None;
                        plain()
                    }
                    Some(_) => fail(error::INVALID_HANDLE),
                    None => fail(error::OUT_OF_CALL),
                }
            }
            wds::GET_PACKET_SERVICE_STATUS => {
                let up = self.clients.get(&key)?.call.is_some();
                ok(move |b| {
                    let s = if up {
                        wds::STATUS_CONNECTED
                    } else {
                        wds::STATUS_DISCONNECTED
                    };
                    b.tlv(wds::TLV_CONNECTION_STATUS, &[s, 0]);
                })
            }
            wds::GET_CURRENT_SETTINGS => {
                let Some(call) = self.clients.get(&key)?.call else {
                    return Some(fail(error::OUT_OF_CALL));
                };
                let p = self.pdns[call.pdn].clone();
                ok(move |b| Self::current_settings(b, &p, call.family))
            }
            wds::GET_CHANNEL_RATES => ok(|b| {
                let mut v = Vec::new();
                for r in [100_000_000u32, 1_000_000_000, 100_000_000, 1_000_000_000] {
                    v.extend_from_slice(&r.to_le_bytes());
                }
                b.tlv(0x01, &v);
            }),
            wds::GET_PROFILE_LIST => {
                let apn = self
                    .pdns
                    .first()
                    .map_or("internet".to_string(), |p| p.apn.clone());
                ok(move |b| {
                    let mut v = vec![1u8, 0, 1, apn.len() as u8];
                    v.extend_from_slice(apn.as_bytes());
                    b.tlv(0x01, &v);
                })
            }
            wds::GET_PROFILE_SETTINGS | wds::GET_DEFAULT_SETTINGS => {
                let apn = self
                    .pdns
                    .first()
                    .map_or("internet".to_string(), |p| p.apn.clone());
                ok(move |b| {
                    b.tlv(wds::TLV_PROFILE_APN, apn.as_bytes())
                        .u8(wds::TLV_PROFILE_PDP_TYPE, 3)
                        .tlv(wds::TLV_PROFILE_USERNAME, b"")
                        .u8(wds::TLV_PROFILE_AUTH, 0);
                })
            }
            wds::GET_DATA_BEARER_TECHNOLOGY => ok(|b| {
                // Current: LTE (0x0b).
                b.u8(0x01, 0x0b);
            }),
            wds::GET_CURRENT_DATA_BEARER_TECHNOLOGY => ok(|b| {
                // Network type 3GPP (1), RAT mask LTE (0x40), SO mask 0.
                let mut v = vec![1u8];
                v.extend_from_slice(&0x40u32.to_le_bytes());
                v.extend_from_slice(&0u32.to_le_bytes());
                b.tlv(0x01, &v);
            }),
            _ => return None,
        })
    }

    fn start_network<'a>(&mut self, m: &Message<'a>) -> Reply<'a> {
        let key = (m.service, m.client);
        let Ok(req) = StartNetwork::parse(m.tlvs) else {
            return fail(error::MALFORMED_MESSAGE);
        };
        let Some(c) = self.clients.get(&key) else {
            return fail(error::INVALID_CLIENT_ID);
        };
        if c.call.is_some() {
            return fail(error::NO_EFFECT);
        }
        let pdn = match c.mux {
            Some(mux) => self.pdn_of_mux(mux).unwrap_or(0),
            None => 0,
        };
        let family = match req.ip_family.or(c.family) {
            Some(wds::FAMILY_UNSPECIFIED) | None => None,
            f => f,
        };
        let p = &self.pdns[pdn];
        let refused = match family {
            Some(4) => p.ipv4.is_none(),
            Some(6) => p.ipv6.is_none(),
            Some(_) => true,
            None => false,
        };
        if self.fail_calls > 0 || refused {
            // 3GPP verbose reasons: 50 "only IPv4 allowed", 51 "only IPv6".
            let reason = if self.fail_calls > 0 {
                self.fail_calls -= 1;
                self.fail_reason
            } else if family == Some(4) {
                51
            } else {
                50
            };
            return (
                QmiResult::failure(error::CALL_FAILED),
                Box::new(move |b: &mut Builder<'_>| {
                    b.u16(wds::TLV_CALL_END_REASON, 1000);
                    let mut v = wds::CALL_END_TYPE_3GPP.to_le_bytes().to_vec();
                    v.extend_from_slice(&reason.to_le_bytes());
                    b.tlv(wds::TLV_VERBOSE_CALL_END_REASON, &v);
                }),
            );
        }
        let handle = self.next_handle;
        self.next_handle = self.next_handle.wrapping_add(0x0011_8f57);
        if let Some(c) = self.clients.get_mut(&key) {
            c.call = Some(Call {
                handle,
                pdn,
                family,
            });
        }
        ok(move |b| {
            b.u32(wds::TLV_PACKET_DATA_HANDLE, handle);
        })
    }

    fn current_settings(b: &mut Builder<'_>, p: &PdnSpec, family: Option<u8>) {
        b.u8(wds::TLV_CS_PDP_TYPE, 3)
            .tlv(wds::TLV_CS_APN, p.apn.as_bytes());
        if family != Some(6) {
            if let Some((a, plen)) = p.ipv4 {
                b.tlv(wds::TLV_CS_IPV4_DNS1, &qmi::ipv4_value(p.dns4.octets()))
                    .tlv(wds::TLV_CS_IPV4_ADDRESS, &qmi::ipv4_value(a.octets()))
                    .tlv(wds::TLV_CS_IPV4_GATEWAY, &qmi::ipv4_value(p.gw4.octets()))
                    .tlv(
                        wds::TLV_CS_IPV4_MASK,
                        &qmi::ipv4_value(qmi::ipv4_mask(plen)),
                    );
            }
        }
        if family != Some(4) {
            if let Some((a, plen)) = p.ipv6 {
                b.tlv(wds::TLV_CS_IPV6_ADDRESS, &qmi::ipv6_value(a.octets(), plen))
                    .tlv(
                        wds::TLV_CS_IPV6_GATEWAY,
                        &qmi::ipv6_value(p.gw6.octets(), plen),
                    )
                    .tlv(wds::TLV_CS_IPV6_DNS1, &p.dns6.octets());
            }
        }
        b.u32(wds::TLV_CS_MTU, p.mtu);
        if let Some(f) = family {
            b.u8(wds::TLV_CS_IP_FAMILY, f);
        }
    }

    fn dms<'a>(m: &Message<'a>) -> Option<Reply<'a>> {
        let s = |v: &'static str| {
            ok(move |b: &mut Builder<'_>| {
                b.tlv(dms::TLV_VALUE, v.as_bytes());
            })
        };
        Some(match m.msg_id {
            dms::GET_REVISION => s(REVISION),
            dms::GET_MANUFACTURER => s(MANUFACTURER),
            dms::GET_MODEL => s(MODEL),
            dms::GET_MSISDN => fail(error::NOT_SUPPORTED),
            dms::GET_IDS => ok(|b| {
                b.tlv(dms::TLV_IDS_ESN, b"0")
                    .tlv(dms::TLV_IDS_IMEI, IMEI.as_bytes());
            }),
            dms::GET_OPERATING_MODE => ok(|b| {
                b.u8(dms::TLV_VALUE, 0);
            }),
            dms::SET_OPERATING_MODE => plain(),
            dms::UIM_GET_STATE => ok(|b| {
                b.u8(0x01, 0);
            }),
            dms::GET_CAPABILITIES => ok(|b| {
                let mut v = Vec::new();
                v.extend_from_slice(&100_000_000u32.to_le_bytes());
                v.extend_from_slice(&1_000_000_000u32.to_le_bytes());
                // Data service: simultaneous CS and PS (3); SIM supported (2);
                // radio interfaces: UMTS (5), LTE (8).
                v.extend_from_slice(&[3, 2, 2, 5, 8]);
                b.tlv(0x01, &v);
            }),
            _ => return None,
        })
    }

    fn nas<'a>(m: &Message<'a>) -> Option<Reply<'a>> {
        Some(match m.msg_id {
            nas::RESET | nas::SET_EVENT_REPORT | nas::INDICATION_REGISTER => plain(),
            nas::GET_SERVING_SYSTEM => ok(|b| {
                b.tlv(
                    nas::TLV_SERVING_SYSTEM,
                    &[
                        nas::REGISTERED,
                        nas::ATTACHED,
                        nas::ATTACHED,
                        nas::NETWORK_3GPP,
                        1,
                        nas::RADIO_LTE,
                    ],
                );
                let mut plmn = Vec::new();
                plmn.extend_from_slice(&1u16.to_le_bytes());
                plmn.extend_from_slice(&1u16.to_le_bytes());
                plmn.push(4);
                plmn.extend_from_slice(b"Test");
                b.tlv(nas::TLV_CURRENT_PLMN, &plmn);
            }),
            nas::GET_HOME_NETWORK => ok(|b| {
                let mut v = Vec::new();
                v.extend_from_slice(&1u16.to_le_bytes());
                v.extend_from_slice(&1u16.to_le_bytes());
                v.push(4);
                v.extend_from_slice(b"Test");
                b.tlv(0x01, &v);
            }),
            nas::GET_SYSTEM_INFO => ok(|b| {
                b.tlv(
                    nas::TLV_LTE_SERVICE_STATUS,
                    &[nas::SERVICE_AVAILABLE, nas::SERVICE_AVAILABLE, 0],
                );
                // LTE system info v2: domain CS+PS, capability CS+PS, home,
                // not forbidden, LAC 0, cell 0x0102, no reject, PLMN
                // 001/001, TAC 1: what quectel-CM reads as "PS attached".
                let mut v = vec![1u8, 3, 1, 3, 1, 0, 1, 0, 1, 0, 0, 1];
                v.extend_from_slice(&0x0102u32.to_le_bytes());
                v.extend_from_slice(&[0, 0, 0, 1]);
                v.extend_from_slice(b"001001");
                v.push(1);
                v.extend_from_slice(&1u16.to_le_bytes());
                b.tlv(nas::TLV_LTE_SYSTEM_INFO, &v);
            }),
            nas::GET_SIGNAL_STRENGTH => ok(|b| {
                // -70 dBm on LTE.
                b.tlv(0x01, &[(-70i8) as u8, nas::RADIO_LTE]);
            }),
            nas::GET_SIGNAL_INFO => ok(|b| {
                // LTE: RSSI -70, RSRQ -9, RSRP -95 (le16), SNR 10.0 (le16, 0.1 dB).
                let mut v = vec![(-70i8) as u8, (-9i8) as u8];
                v.extend_from_slice(&(-95i16).to_le_bytes());
                v.extend_from_slice(&100i16.to_le_bytes());
                b.tlv(0x14, &v);
            }),
            _ => return None,
        })
    }

    fn uim<'a>(m: &Message<'a>) -> Option<Reply<'a>> {
        Some(match m.msg_id {
            uim::RESET | uim::REGISTER_EVENTS => plain(),
            uim::GET_CARD_STATUS => ok(|b| {
                // Index of the primary GW provisioning app: slot 0, app 0;
                // the others unset (0xffff). One card, present, one USIM
                // application, ready, PIN1 disabled.
                let mut v = Vec::new();
                v.extend_from_slice(&0x0000u16.to_le_bytes());
                v.extend_from_slice(&0xffffu16.to_le_bytes());
                v.extend_from_slice(&0xffffu16.to_le_bytes());
                v.extend_from_slice(&0xffffu16.to_le_bytes());
                v.push(1); // cards
                v.extend_from_slice(&[1, 0, 3, 10, 0]); // present, UPIN state/retries, error
                v.push(1); // applications
                v.extend_from_slice(&[2, 7, 2, 0, 0, 0]); // USIM, ready, perso ready
                let aid = [0xa0, 0x00, 0x00, 0x00, 0x87, 0x10, 0x02];
                v.push(aid.len() as u8);
                v.extend_from_slice(&aid);
                v.extend_from_slice(&[0, 3, 3, 10, 1, 3, 10]); // PIN1 disabled, PIN2 enabled
                b.tlv(uim::TLV_CARD_STATUS, &v);
            }),
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdn::parse_pdn;
    use qmi::{Header, Tlvs};

    fn modem() -> Responder {
        let mut r = Responder::new(
            vec![
                parse_pdn("mux=1,ipv4=10.64.1.2/30,ipv6=2001:db8:1::2/64").unwrap(),
                parse_pdn("mux=2,ipv4=10.64.2.2/30").unwrap(),
            ],
            4,
        );
        r.verbose = false;
        r
    }

    fn req(svc: u8, cid: u8, msg: u16, f: impl FnOnce(&mut Builder<'_>)) -> Vec<u8> {
        let mut buf = vec![0u8; 1024];
        let header = if svc == 0 {
            Header::Ctl { flags: 0, txn: 9 }
        } else {
            Header::Service {
                flags: 0,
                txn: 0x109,
            }
        };
        let mut b = Builder::new(&mut buf, 0, svc, cid, header, msg);
        f(&mut b);
        let n = b.finish().unwrap();
        buf.truncate(n);
        buf
    }

    /// Sends a request; returns the single response's result and TLVs.
    fn ask(r: &mut Responder, m: Vec<u8>) -> (QmiResult, Vec<(u8, Vec<u8>)>) {
        let out = r.handle(&m);
        assert_eq!(out.len(), 1);
        let (p, _) = qmi::parse(&out[0]).unwrap();
        let (q, _) = qmi::parse(&m).unwrap();
        assert!(p.is_response());
        assert_eq!(
            (p.service, p.client, p.txn, p.msg_id),
            (q.service, q.client, q.txn, q.msg_id)
        );
        assert_eq!(p.qmux_flags, 0x80);
        let tlvs = Tlvs::new(p.tlvs)
            .map(|t| t.unwrap())
            .map(|t| (t.ty, t.value.to_vec()))
            .collect();
        (p.result().unwrap(), tlvs)
    }

    fn tlv(tlvs: &[(u8, Vec<u8>)], ty: u8) -> Option<Vec<u8>> {
        tlvs.iter().find(|t| t.0 == ty).map(|t| t.1.clone())
    }

    fn alloc(r: &mut Responder, svc: u8) -> u8 {
        let (res, t) = ask(
            r,
            req(0, 0, ctl::ALLOCATE_CID, |b| {
                b.u8(1, svc);
            }),
        );
        assert!(res.is_success());
        let v = tlv(&t, 1).unwrap();
        assert_eq!(v[0], svc);
        v[1]
    }

    #[test]
    fn ctl_flow() {
        let mut r = modem();
        let (res, _) = ask(&mut r, req(0, 0, ctl::SYNC, |_| {}));
        assert!(res.is_success());
        let (_, t) = ask(&mut r, req(0, 0, ctl::GET_VERSION_INFO, |_| {}));
        let v = tlv(&t, 1).unwrap();
        assert_eq!(v[0] as usize, SERVICES.len());
        assert_eq!(v.len(), 1 + 5 * SERVICES.len());
        let a = alloc(&mut r, service::WDS);
        let b = alloc(&mut r, service::WDS);
        assert_ne!(a, b);
        let (res, _) = ask(
            &mut r,
            req(0, 0, ctl::ALLOCATE_CID, |b| {
                b.u8(1, 0x77);
            }),
        );
        assert_eq!(res.error, INVALID_SERVICE_TYPE);
        let (res, _) = ask(&mut r, req(0, 0, ctl::ALLOCATE_CID, |_| {}));
        assert_eq!(res.error, error::MISSING_ARGUMENT);
        let (res, t) = ask(
            &mut r,
            req(0, 0, ctl::RELEASE_CID, |x| {
                x.tlv(1, &[service::WDS, a]);
            }),
        );
        assert!(res.is_success());
        assert_eq!(tlv(&t, 1), Some(vec![service::WDS, a]));
        let (res, _) = ask(
            &mut r,
            req(0, 0, ctl::RELEASE_CID, |x| {
                x.tlv(1, &[service::WDS, a]);
            }),
        );
        assert_eq!(res.error, error::INVALID_CLIENT_ID);
        let (res, _) = ask(&mut r, req(0, 0, 0x55, |_| {}));
        assert_eq!(res.error, error::INVALID_QMI_COMMAND);
        // A client of a service never allocated.
        let (res, _) = ask(&mut r, req(service::DMS, 9, dms::GET_REVISION, |_| {}));
        assert_eq!(res.error, error::INVALID_CLIENT_ID);
    }

    #[test]
    fn unknown_and_malformed() {
        let mut r = modem();
        let d = alloc(&mut r, service::DMS);
        let (res, t) = ask(&mut r, req(service::DMS, d, dms::GET_REVISION, |_| {}));
        assert!(res.is_success());
        assert_eq!(tlv(&t, 1), Some(REVISION.as_bytes().to_vec()));
        let (res, _) = ask(&mut r, req(service::DMS, d, 0x5555, |_| {}));
        assert_eq!(res.error, error::INVALID_QMI_COMMAND);
        let mut m = req(service::DMS, d, dms::GET_REVISION, |b| {
            b.u8(0x10, 1);
        });
        // TLV length past the end.
        let n = m.len();
        m[n - 3] = 9;
        let (res, _) = ask(&mut r, m);
        assert_eq!(res.error, error::MALFORMED_MESSAGE);
        assert!(r.handle(&[0x01, 0x02]).is_empty());
        assert_eq!(r.stats.unparsable, 1);
        assert_eq!(r.stats.malformed, 1);
        assert_eq!(r.stats.unknown, 1);
        for svc in [service::NAS, service::UIM, service::WDA, service::WMS] {
            let c = alloc(&mut r, svc);
            let (res, _) = ask(&mut r, req(svc, c, 0x7777, |_| {}));
            assert_eq!(res.error, error::INVALID_QMI_COMMAND);
        }
        // Messages quectel-CM and ModemManager send.
        let n = alloc(&mut r, service::NAS);
        for msg in [
            nas::GET_SERVING_SYSTEM,
            nas::GET_SYSTEM_INFO,
            nas::GET_SIGNAL_STRENGTH,
        ] {
            assert!(ask(&mut r, req(service::NAS, n, msg, |_| {}))
                .0
                .is_success());
        }
        let u = alloc(&mut r, service::UIM);
        let (res, t) = ask(&mut r, req(service::UIM, u, uim::GET_CARD_STATUS, |_| {}));
        assert!(res.is_success() && tlv(&t, 0x10).is_some());
    }

    #[test]
    fn wda_negotiates() {
        let mut r = modem();
        let w = alloc(&mut r, service::WDA);
        let set = |f: DataFormat| {
            req(service::WDA, w, wda::SET_DATA_FORMAT, move |b| {
                f.write_set_request(b)
            })
        };
        let (res, t) = ask(
            &mut r,
            set(DataFormat {
                link_layer: Some(wda::LINK_RAW_IP),
                ul_protocol: Some(wda::AGG_QMAP),
                dl_protocol: Some(wda::AGG_QMAP),
                dl_max_datagrams: Some(64),
                dl_max_size: Some(65536),
                endpoint: Some(qmi::Endpoint {
                    ep_type: 2,
                    iface: 4,
                }),
                ..DataFormat::default()
            }),
        );
        assert!(res.is_success());
        let f = r.format();
        assert_eq!(
            (f.dl_max_datagrams, f.dl_max_size),
            (DL_MAX_DATAGRAMS, DL_MAX_SIZE)
        );
        assert_eq!((f.ul_max_datagrams, f.ul_max_size), (11, 8192));
        let area: Vec<u8> = t
            .iter()
            .flat_map(|(ty, v)| {
                let mut e = vec![*ty];
                e.extend_from_slice(&(v.len() as u16).to_le_bytes());
                e.extend_from_slice(v);
                e
            })
            .collect();
        let got = DataFormat::parse_response(&area).unwrap();
        assert_eq!(got.dl_max_size, Some(DL_MAX_SIZE));
        assert_eq!(got.ul_max_datagrams, Some(11));
        assert_eq!(got.ul_max_size, Some(8192));
        assert_eq!(got.dl_protocol, Some(wda::AGG_QMAP));
        // Smaller requests are honoured.
        let (_, _) = ask(
            &mut r,
            set(DataFormat {
                dl_protocol: Some(wda::AGG_QMAPV5),
                dl_max_datagrams: Some(16),
                dl_max_size: Some(16384),
                ..DataFormat::default()
            }),
        );
        let f = r.format();
        assert_eq!(
            (f.dl_protocol, f.dl_max_datagrams, f.dl_max_size),
            (wda::AGG_QMAPV5, 16, 16384)
        );
        // Unknown protocols fall back to none; 802.3 and another interface
        // are refused.
        ask(
            &mut r,
            set(DataFormat {
                ul_protocol: Some(3),
                dl_protocol: Some(3),
                ..DataFormat::default()
            }),
        );
        assert_eq!(r.format().dl_protocol, wda::AGG_DISABLED);
        assert_eq!(r.format().dl_max_datagrams, 1);
        let (res, _) = ask(
            &mut r,
            set(DataFormat {
                link_layer: Some(1),
                ..DataFormat::default()
            }),
        );
        assert_eq!(res.error, error::INVALID_ARGUMENT);
        let (res, _) = ask(
            &mut r,
            set(DataFormat {
                endpoint: Some(qmi::Endpoint {
                    ep_type: 2,
                    iface: 3,
                }),
                ..DataFormat::default()
            }),
        );
        assert_eq!(res.error, error::INVALID_ARGUMENT);
        let (res, t) = ask(&mut r, req(service::WDA, w, wda::GET_DATA_FORMAT, |_| {}));
        assert!(res.is_success());
        assert_eq!(
            tlv(&t, wda::TLV_LINK_LAYER),
            Some(2u32.to_le_bytes().to_vec())
        );
        r.reset();
        assert_eq!(r.format(), Format::default());
    }

    #[test]
    fn data_calls() {
        let mut r = modem();
        let w4 = alloc(&mut r, service::WDS);
        let w6 = alloc(&mut r, service::WDS);
        let w2 = alloc(&mut r, service::WDS);
        let wds_req =
            |cid: u8, msg: u16, f: &dyn Fn(&mut Builder<'_>)| req(service::WDS, cid, msg, |b| f(b));
        assert!(!r.connected(0));
        let (res, _) = ask(&mut r, wds_req(w4, wds::GET_CURRENT_SETTINGS, &|_| {}));
        assert_eq!(res.error, error::OUT_OF_CALL);
        // Bind to a mux id the modem does not have, then to mux 1.
        let (res, _) = ask(
            &mut r,
            wds_req(w4, wds::BIND_MUX_DATA_PORT, &|b| {
                b.u8(wds::TLV_BIND_MUX_ID, 9);
            }),
        );
        assert_eq!(res.error, error::INVALID_ARGUMENT);
        for c in [w4, w6] {
            let (res, _) = ask(
                &mut r,
                wds_req(c, wds::BIND_MUX_DATA_PORT, &|b| {
                    b.tlv(
                        wds::TLV_BIND_ENDPOINT,
                        &qmi::Endpoint {
                            ep_type: 2,
                            iface: 4,
                        }
                        .encode(),
                    )
                    .u8(wds::TLV_BIND_MUX_ID, 1)
                    .u32(wds::TLV_BIND_CLIENT_TYPE, 1);
                }),
            );
            assert!(res.is_success());
        }
        ask(
            &mut r,
            wds_req(w6, wds::SET_IP_FAMILY, &|b| {
                b.u8(1, 6);
            }),
        );
        let (res, t) = ask(
            &mut r,
            wds_req(w4, wds::START_NETWORK, &|b| {
                b.tlv(wds::TLV_START_APN, b"internet")
                    .u8(wds::TLV_START_IP_FAMILY, 4);
            }),
        );
        assert!(res.is_success());
        let h4 = qmi::value_u32(&tlv(&t, 1).unwrap()).unwrap();
        assert!(r.connected(0) && !r.connected(1));
        let (res, _) = ask(&mut r, wds_req(w4, wds::START_NETWORK, &|_| {}));
        assert_eq!(res.error, error::NO_EFFECT);
        let (_, t) = ask(
            &mut r,
            wds_req(w4, wds::GET_CURRENT_SETTINGS, &|b| {
                b.u32(0x10, 0xffff);
            }),
        );
        assert_eq!(tlv(&t, wds::TLV_CS_IPV4_ADDRESS), Some(vec![2, 1, 64, 10]));
        assert_eq!(tlv(&t, wds::TLV_CS_IPV4_GATEWAY), Some(vec![1, 1, 64, 10]));
        assert_eq!(
            tlv(&t, wds::TLV_CS_IPV4_MASK),
            Some(vec![252, 255, 255, 255])
        );
        assert_eq!(tlv(&t, wds::TLV_CS_IP_FAMILY), Some(vec![4]));
        assert_eq!(tlv(&t, wds::TLV_CS_IPV6_ADDRESS), None);
        assert_eq!(
            tlv(&t, wds::TLV_CS_MTU),
            Some(1500u32.to_le_bytes().to_vec())
        );
        // The IPv6 client: its family from Set IP Family.
        let (res, _) = ask(&mut r, wds_req(w6, wds::START_NETWORK, &|_| {}));
        assert!(res.is_success());
        let (_, t) = ask(&mut r, wds_req(w6, wds::GET_CURRENT_SETTINGS, &|_| {}));
        let v6 = tlv(&t, wds::TLV_CS_IPV6_ADDRESS).unwrap();
        assert_eq!(
            qmi::ipv6_from_value(&v6).unwrap(),
            (
                "2001:db8:1::2"
                    .parse::<std::net::Ipv6Addr>()
                    .unwrap()
                    .octets(),
                64
            )
        );
        let g6 = tlv(&t, wds::TLV_CS_IPV6_GATEWAY).unwrap();
        assert_eq!(
            &g6[..16],
            &"2001:db8:1::1"
                .parse::<std::net::Ipv6Addr>()
                .unwrap()
                .octets()
        );
        assert_eq!(tlv(&t, wds::TLV_CS_IPV4_ADDRESS), None);
        // Mux 2 has no IPv6: an IPv6 call fails with a verbose reason.
        ask(
            &mut r,
            wds_req(w2, wds::BIND_MUX_DATA_PORT, &|b| {
                b.u8(wds::TLV_BIND_MUX_ID, 2);
            }),
        );
        let (res, t) = ask(
            &mut r,
            wds_req(w2, wds::START_NETWORK, &|b| {
                b.u8(wds::TLV_START_IP_FAMILY, 6);
            }),
        );
        assert_eq!(res.error, error::CALL_FAILED);
        assert_eq!(
            tlv(&t, wds::TLV_VERBOSE_CALL_END_REASON),
            Some(vec![6, 0, 50, 0])
        );
        // An injected failure, then success.
        r.fail_next_calls(1, 241);
        let (res, t) = ask(&mut r, wds_req(w2, wds::START_NETWORK, &|_| {}));
        assert_eq!(res.error, error::CALL_FAILED);
        assert_eq!(
            tlv(&t, wds::TLV_VERBOSE_CALL_END_REASON),
            Some(vec![6, 0, 241, 0])
        );
        let (res, _) = ask(&mut r, wds_req(w2, wds::START_NETWORK, &|_| {}));
        assert!(res.is_success());
        assert!(r.connected(1));
        let (_, t) = ask(&mut r, wds_req(w2, wds::GET_PACKET_SERVICE_STATUS, &|_| {}));
        assert_eq!(tlv(&t, 1), Some(vec![2, 0]));
        // Stop: wrong handle, right handle, again.
        let (res, _) = ask(
            &mut r,
            wds_req(w4, wds::STOP_NETWORK, &|b| {
                b.u32(1, h4 ^ 1);
            }),
        );
        assert_eq!(res.error, error::INVALID_HANDLE);
        let (res, _) = ask(
            &mut r,
            wds_req(w4, wds::STOP_NETWORK, &|b| {
                b.u32(1, h4);
            }),
        );
        assert!(res.is_success());
        let (res, _) = ask(
            &mut r,
            wds_req(w4, wds::STOP_NETWORK, &|b| {
                b.u32(1, h4);
            }),
        );
        assert_eq!(res.error, error::OUT_OF_CALL);
        let (_, t) = ask(&mut r, wds_req(w4, wds::GET_PACKET_SERVICE_STATUS, &|_| {}));
        assert_eq!(tlv(&t, 1), Some(vec![1, 0]));
        // PDN 0 still up through the IPv6 client; releasing it ends the call.
        assert!(r.connected(0));
        ask(
            &mut r,
            req(0, 0, ctl::RELEASE_CID, |b| {
                b.tlv(1, &[service::WDS, w6]);
            }),
        );
        assert!(!r.connected(0));
        // The network drops mux 2's call: an indication to its client.
        let ind = r.drop_calls(2);
        assert_eq!(ind.len(), 1);
        let (p, _) = qmi::parse(&ind[0]).unwrap();
        assert!(p.is_indication());
        assert_eq!((p.client, p.msg_id), (w2, wds::PACKET_SERVICE_STATUS_IND));
        assert!(!r.connected(1));
        assert!(r.drop_calls(9).is_empty());
    }

    /// The sequence quectel-CM 1.6.5 sends (transports.md §10), mux 0x81.
    #[test]
    fn quectel_cm_flow() {
        let mut r = Responder::new(crate::pdn::default_pdns(), 4);
        r.verbose = false;
        assert!(ask(&mut r, req(0, 0, ctl::SYNC, |_| {})).0.is_success());
        assert!(ask(
            &mut r,
            req(0, 0, ctl::GET_VERSION_INFO, |b| {
                b.u8(1, 0xff);
            })
        )
        .0
        .is_success());
        let w4 = alloc(&mut r, service::WDS);
        let w6 = alloc(&mut r, service::WDS);
        let d = alloc(&mut r, service::DMS);
        let n = alloc(&mut r, service::NAS);
        let u = alloc(&mut r, service::UIM);
        let a = alloc(&mut r, service::WDA);
        let (_, t) = ask(&mut r, req(service::DMS, d, dms::GET_REVISION, |_| {}));
        assert_eq!(tlv(&t, 1), Some(REVISION.as_bytes().to_vec()));
        let f = DataFormat {
            link_layer: Some(wda::LINK_RAW_IP),
            ul_protocol: Some(wda::AGG_QMAPV5),
            dl_protocol: Some(wda::AGG_QMAPV5),
            dl_max_datagrams: Some(32),
            dl_max_size: Some(16384),
            endpoint: Some(qmi::Endpoint {
                ep_type: 2,
                iface: 4,
            }),
            ..DataFormat::default()
        };
        let (res, t) = ask(
            &mut r,
            req(service::WDA, a, wda::SET_DATA_FORMAT, |b| {
                f.write_set_request(b)
            }),
        );
        assert!(res.is_success());
        assert_eq!(
            tlv(&t, wda::TLV_RSP_UL_MAX_DATAGRAMS),
            Some(11u32.to_le_bytes().to_vec())
        );
        assert_eq!(
            tlv(&t, wda::TLV_RSP_UL_MAX_SIZE),
            Some(8192u32.to_le_bytes().to_vec())
        );
        for (c, fam) in [(w4, 4u8), (w6, 6)] {
            let (res, _) = ask(
                &mut r,
                req(service::WDS, c, wds::BIND_MUX_DATA_PORT, |b| {
                    b.tlv(
                        wds::TLV_BIND_ENDPOINT,
                        &qmi::Endpoint {
                            ep_type: 2,
                            iface: 4,
                        }
                        .encode(),
                    )
                    .u8(wds::TLV_BIND_MUX_ID, 0x81)
                    .u32(wds::TLV_BIND_CLIENT_TYPE, 1);
                }),
            );
            assert!(res.is_success());
            assert!(ask(
                &mut r,
                req(service::WDS, c, wds::SET_IP_FAMILY, |b| {
                    b.u8(1, fam);
                })
            )
            .0
            .is_success());
            assert!(ask(
                &mut r,
                req(service::WDS, c, wds::SET_AUTOCONNECT_SETTINGS, |b| {
                    b.u8(1, 0);
                })
            )
            .0
            .is_success());
        }
        assert!(
            ask(&mut r, req(service::UIM, u, uim::GET_CARD_STATUS, |_| {}))
                .0
                .is_success()
        );
        assert!(ask(
            &mut r,
            req(service::WDS, w4, wds::GET_PROFILE_SETTINGS, |b| {
                b.tlv(1, &[0, 1]);
            })
        )
        .0
        .is_success());
        assert!(
            ask(&mut r, req(service::NAS, n, nas::GET_SYSTEM_INFO, |_| {}))
                .0
                .is_success()
        );
        for c in [w4, w6] {
            let (_, t) = ask(
                &mut r,
                req(service::WDS, c, wds::GET_PACKET_SERVICE_STATUS, |_| {}),
            );
            assert_eq!(tlv(&t, 1), Some(vec![1, 0]));
        }
        for c in [w4, w6] {
            let (res, t) = ask(&mut r, req(service::WDS, c, wds::START_NETWORK, |_| {}));
            assert!(res.is_success() && tlv(&t, 1).is_some());
        }
        let (_, t) = ask(
            &mut r,
            req(service::WDS, w4, wds::GET_CURRENT_SETTINGS, |_| {}),
        );
        assert_eq!(tlv(&t, wds::TLV_CS_IPV4_ADDRESS), Some(vec![2, 1, 64, 10]));
        let (_, t) = ask(
            &mut r,
            req(service::WDS, w6, wds::GET_CURRENT_SETTINGS, |_| {}),
        );
        assert!(tlv(&t, wds::TLV_CS_IPV6_ADDRESS).is_some());
        assert!(r.connected(0) && !r.connected(1));
        assert_eq!(r.format().dl_protocol, wda::AGG_QMAPV5);
    }

    #[test]
    fn cids_wrap_and_run_out() {
        let mut r = modem();
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..254 {
            assert!(seen.insert(alloc(&mut r, service::NAS)));
        }
        let (res, _) = ask(
            &mut r,
            req(0, 0, ctl::ALLOCATE_CID, |b| {
                b.u8(1, service::NAS);
            }),
        );
        assert_eq!(res.error, error::CLIENT_IDS_EXHAUSTED);
        ask(
            &mut r,
            req(0, 0, ctl::RELEASE_CID, |b| {
                b.tlv(1, &[service::NAS, 7]);
            }),
        );
        assert_eq!(alloc(&mut r, service::NAS), 7);
    }
}
