// SPDX-License-Identifier: GPL-2.0
//! `cellctl qmap`: the qmap generic netlink family
//! (Documentation/netlink/specs/qmap.yaml).
//!
//! A port is a parent netdev carrying QMAP; a channel is a child netdev for
//! one mux id of a port.

use crate::attr::{self, Attrs, ParseError};
use crate::error::Error;
use crate::genl::{Family, GenlMsg, GenlSocket};
use crate::json::{Object, Value};
use crate::{emit, Ctx, Module};

pub const MODULE: Module = Module {
    name: "qmap",
    summary: "QMAP channels multiplexed over a modem netdev",
    usage: USAGE,
    help: HELP,
    run,
};

const USAGE: &str = "\
Usage: cellctl [--json] qmap add PARENT MUXID [name NAME] [mtu N]
       cellctl [--json] qmap del DEV
       cellctl [--json] qmap show [DEV]
       cellctl [--json] qmap port show [PARENT]
       cellctl [--json] qmap port set PARENT [csum none|v4|v5] [deaggregation on|off]
                                     [agg-datagrams N] [agg-bytes N] [agg-time USEC]
       cellctl [--json] qmap monitor [--count N]";

const HELP: &str = "\
A port is a parent netdev that carries QMAP (e.g. mhi0); a channel is a
child netdev for one mux id of a port. The port is attached when its first
channel is created and detached when its last channel is deleted.
PARENT and DEV are device names or decimal ifindexes.

Verbs:
  add        create a channel for mux id MUXID (1..254, decimal or 0x hex)
             on PARENT; the kernel picks NAME when omitted, and N is the
             channel's MTU
  del        delete the channel DEV
  show       show channel DEV, or all channels: parent, mux id, MTU, flow
             state and counters
  port show  show port PARENT, or all ports: framing, aggregation and
             counters
  port set   change port PARENT: checksum variant (csum), splitting of
             downlink buffers (deaggregation), and uplink aggregation
             limits: datagrams per buffer (agg-datagrams; 0 or 1 turns
             aggregation off), bytes per buffer (agg-bytes), and how long
             a frame waits for others in microseconds (agg-time); give at
             least one
  monitor    print channel creations, deletions and flow changes as they
             happen; stop after N of them with --count

'add', 'del' and 'port set' need CAP_NET_ADMIN.";

const FAMILY: &str = "qmap";
const GROUP_EVENTS: &str = "events";

/// Longest interface name (IFNAMSIZ - 1).
const MAX_NAME_LEN: usize = 15;

// Commands.
const CMD_CHAN_NEW: u8 = 1;
const CMD_CHAN_DEL: u8 = 2;
const CMD_CHAN_GET: u8 = 3;
const CMD_PORT_SET: u8 = 4;
const CMD_PORT_GET: u8 = 5;
const CMD_CHAN_NEW_NTF: u8 = 6;
const CMD_CHAN_DEL_NTF: u8 = 7;
const CMD_CHAN_FLOW_NTF: u8 = 8;

// Attributes of the "chan" set.
const C_IFINDEX: u16 = 1;
const C_NAME: u16 = 2;
const C_PARENT_IFINDEX: u16 = 3;
const C_PARENT_NAME: u16 = 4;
const C_MUX_ID: u16 = 5;
const C_MTU: u16 = 6;
const C_FLOW_OFF: u16 = 7;
const C_RX_PACKETS: u16 = 8;
const C_RX_BYTES: u16 = 9;
const C_TX_PACKETS: u16 = 10;
const C_TX_BYTES: u16 = 11;
const C_TX_DROPPED: u16 = 12;
const C_PAD: u16 = 13;
const C_RX_DROPPED: u16 = 14;
const C_TX_CSUM_OFFLOAD: u16 = 15;

// Attributes of the "port" set.
const P_IFINDEX: u16 = 1;
const P_NAME: u16 = 2;
const P_CSUM: u16 = 3;
const P_DEAGGREGATION: u16 = 4;
const P_UL_AGG_MAX_DATAGRAMS: u16 = 5;
const P_UL_AGG_MAX_BYTES: u16 = 6;
const P_UL_AGG_TIME_US: u16 = 7;
const P_CHANNELS: u16 = 8;
const P_RX_BUFFERS: u16 = 9;
const P_RX_FRAMES: u16 = 10;
const P_TX_BUFFERS: u16 = 11;
const P_CMD_FLOW_DISABLE: u16 = 12;
const P_CMD_FLOW_ENABLE: u16 = 13;
const P_CMD_UNKNOWN: u16 = 14;
const P_CMD_ACKS: u16 = 15;
/// The first of the drop-* counters; the rest follow in [`DROPS`] order.
const P_DROP_FIRST: u16 = 16;
const P_PAD: u16 = 25;
const P_RX_COPIED: u16 = 26;
const P_RX_BUFFER_ERRORS: u16 = 27;
const P_CSUM_VERIFIED: u16 = 28;
/// The first of the csum-fail-* counters; the rest follow in
/// [`CSUM_FAILS`] order.
const P_CSUM_FAIL_FIRST: u16 = 29;

/// The drop counters of a port, in attribute order from [`P_DROP_FIRST`]:
/// their names without the "drop-" prefix.
const DROPS: [&str; 9] = [
    "zero-length",
    "past-buffer",
    "truncated-header",
    "pad-too-long",
    "missing-v5-header",
    "bad-v5-header",
    "not-ip",
    "short-command",
    "unknown-mux-id",
];

/// The downlink checksum failures of a port, in attribute order from
/// [`P_CSUM_FAIL_FIRST`]: their names without the "csum-fail-" prefix.
const CSUM_FAILS: [&str; 6] = [
    "not-valid",
    "truncated",
    "bad-ip-header",
    "fragment",
    "not-tcp-udp",
    "mismatch",
];

/// Mux ids a channel may have.
const MUX_ID_MIN: u8 = 1;
const MUX_ID_MAX: u8 = 254;

/// A device given on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DevRef {
    Index(u32),
    Name(String),
}

impl DevRef {
    /// A decimal number is an ifindex; anything else is a name.
    pub fn parse(s: &str) -> Result<DevRef, Error> {
        if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
            return match s.parse::<u32>() {
                Ok(n) if n > 0 => Ok(DevRef::Index(n)),
                _ => Err(Error::usage(format!("invalid ifindex '{s}'"))),
            };
        }
        check_name(s)?;
        Ok(DevRef::Name(s.to_string()))
    }

    /// Appends the ifindex attribute `index_ty` or the name attribute
    /// `name_ty`.
    fn put(&self, buf: &mut Vec<u8>, index_ty: u16, name_ty: u16) {
        match self {
            DevRef::Index(n) => attr::put_u32(buf, index_ty, *n),
            DevRef::Name(s) => attr::put_str(buf, name_ty, s),
        }
    }
}

fn check_name(s: &str) -> Result<(), Error> {
    if s.is_empty() {
        return Err(Error::usage("empty device name"));
    }
    if s.len() > MAX_NAME_LEN {
        return Err(Error::usage(format!(
            "device name '{s}' too long (at most {MAX_NAME_LEN} bytes)"
        )));
    }
    Ok(())
}

/// A number in decimal or, with 0x, in hex.
fn parse_number(s: &str) -> Option<u32> {
    match s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        Some(hex) if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
            u32::from_str_radix(hex, 16).ok()
        }
        Some(_) => None,
        None if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => s.parse().ok(),
        None => None,
    }
}

/// A mux id: 1..254, decimal or 0x hex.
pub fn parse_mux_id(s: &str) -> Result<u8, Error> {
    parse_number(s)
        .and_then(|n| u8::try_from(n).ok())
        .filter(|n| (MUX_ID_MIN..=MUX_ID_MAX).contains(n))
        .ok_or_else(|| {
            Error::usage(format!(
                "qmap add: invalid mux id '{s}' (1..254, decimal or 0x hex)"
            ))
        })
}

/// The checksum variant of a port's framing (the spec's `csum` enum).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Csum {
    None = 0,
    V4 = 1,
    V5 = 2,
}

impl Csum {
    fn parse(s: &str) -> Option<Csum> {
        match s {
            "none" => Some(Csum::None),
            "v4" => Some(Csum::V4),
            "v5" => Some(Csum::V5),
            _ => None,
        }
    }

    /// The spec's name of a csum value, if it is one we know.
    fn name(value: u32) -> Option<&'static str> {
        match value {
            0 => Some("none"),
            1 => Some("v4"),
            2 => Some("v5"),
            _ => None,
        }
    }
}

/// The settings `port set` changes; `None` leaves one as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PortSettings {
    pub csum: Option<Csum>,
    pub deaggregation: Option<bool>,
    pub agg_datagrams: Option<u32>,
    pub agg_bytes: Option<u32>,
    pub agg_time_us: Option<u32>,
}

impl PortSettings {
    fn is_empty(&self) -> bool {
        *self == PortSettings::default()
    }

    /// The attributes of a port-set request for `port`: only the settings
    /// that were given.
    pub fn encode(&self, port: &DevRef) -> Vec<u8> {
        let mut req = Vec::new();
        port.put(&mut req, P_IFINDEX, P_NAME);
        if let Some(c) = self.csum {
            attr::put_u32(&mut req, P_CSUM, c as u32);
        }
        if let Some(d) = self.deaggregation {
            attr::put_u8(&mut req, P_DEAGGREGATION, u8::from(d));
        }
        for (ty, v) in [
            (P_UL_AGG_MAX_DATAGRAMS, self.agg_datagrams),
            (P_UL_AGG_MAX_BYTES, self.agg_bytes),
            (P_UL_AGG_TIME_US, self.agg_time_us),
        ] {
            if let Some(v) = v {
                attr::put_u32(&mut req, ty, v);
            }
        }
        req
    }
}

/// A parsed `cellctl qmap` command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cmd {
    Add {
        parent: DevRef,
        mux_id: u8,
        name: Option<String>,
        mtu: Option<u32>,
    },
    Del(DevRef),
    Show(Option<DevRef>),
    PortShow(Option<DevRef>),
    PortSet {
        port: DevRef,
        settings: PortSettings,
    },
    Monitor {
        count: Option<u64>,
    },
}

/// Stores `value` in `slot`, refusing a keyword given twice.
fn set_once<T>(slot: &mut Option<T>, value: T, ctx: &str, key: &str) -> Result<(), Error> {
    if slot.replace(value).is_some() {
        return Err(Error::usage(format!("{ctx}: {key} given twice")));
    }
    Ok(())
}

fn parse_u32_arg(value: &str, ctx: &str, key: &str) -> Result<u32, Error> {
    parse_number(value).ok_or_else(|| Error::usage(format!("{ctx}: invalid {key} '{value}'")))
}

/// The value after keyword `key`.
fn value_of<'a>(
    rest: &mut impl Iterator<Item = &'a str>,
    ctx: &str,
    key: &str,
) -> Result<&'a str, Error> {
    rest.next()
        .ok_or_else(|| Error::usage(format!("{ctx}: '{key}' needs a value")))
}

fn parse_add<'a>(mut rest: impl Iterator<Item = &'a str>) -> Result<Cmd, Error> {
    const CTX: &str = "qmap add";
    let parent = rest
        .next()
        .ok_or_else(|| Error::usage("qmap add: missing PARENT"))?;
    let parent = DevRef::parse(parent)?;
    let mux_id = rest
        .next()
        .ok_or_else(|| Error::usage("qmap add: missing MUXID"))?;
    let mux_id = parse_mux_id(mux_id)?;
    let (mut name, mut mtu) = (None, None);
    while let Some(key) = rest.next() {
        match key {
            "name" => {
                let value = value_of(&mut rest, CTX, key)?;
                check_name(value)?;
                set_once(&mut name, value.to_string(), CTX, key)?;
            }
            "mtu" => {
                let value = parse_u32_arg(value_of(&mut rest, CTX, key)?, CTX, key)?;
                set_once(&mut mtu, value, CTX, key)?;
            }
            _ => return Err(Error::usage(format!("{CTX}: unexpected '{key}'"))),
        }
    }
    Ok(Cmd::Add {
        parent,
        mux_id,
        name,
        mtu,
    })
}

fn parse_port_set<'a>(mut rest: impl Iterator<Item = &'a str>) -> Result<Cmd, Error> {
    const CTX: &str = "qmap port set";
    let port = rest
        .next()
        .ok_or_else(|| Error::usage("qmap port set: missing PARENT"))?;
    let port = DevRef::parse(port)?;
    let mut s = PortSettings::default();
    while let Some(key) = rest.next() {
        match key {
            "csum" => {
                let value = value_of(&mut rest, CTX, key)?;
                let c = Csum::parse(value).ok_or_else(|| {
                    Error::usage(format!("{CTX}: csum must be none, v4 or v5, not '{value}'"))
                })?;
                set_once(&mut s.csum, c, CTX, key)?;
            }
            "deaggregation" => {
                let d = match value_of(&mut rest, CTX, key)? {
                    "on" => true,
                    "off" => false,
                    value => {
                        return Err(Error::usage(format!(
                            "{CTX}: deaggregation must be on or off, not '{value}'"
                        )))
                    }
                };
                set_once(&mut s.deaggregation, d, CTX, key)?;
            }
            "agg-datagrams" | "agg-bytes" | "agg-time" => {
                let value = parse_u32_arg(value_of(&mut rest, CTX, key)?, CTX, key)?;
                let slot = match key {
                    "agg-datagrams" => &mut s.agg_datagrams,
                    "agg-bytes" => &mut s.agg_bytes,
                    _ => &mut s.agg_time_us,
                };
                set_once(slot, value, CTX, key)?;
            }
            _ => return Err(Error::usage(format!("{CTX}: unexpected '{key}'"))),
        }
    }
    if s.is_empty() {
        return Err(Error::usage(
            "qmap port set: nothing to set (give csum, deaggregation, agg-datagrams, \
             agg-bytes or agg-time)",
        ));
    }
    Ok(Cmd::PortSet { port, settings: s })
}

fn parse_monitor<'a>(mut rest: impl Iterator<Item = &'a str>) -> Result<Cmd, Error> {
    let mut count = None;
    while let Some(word) = rest.next() {
        let value = match word.strip_prefix("--count=") {
            Some(v) => v,
            None if word == "--count" || word == "-c" => rest
                .next()
                .ok_or_else(|| Error::usage("qmap monitor: --count needs a number"))?,
            None => return Err(Error::usage(format!("qmap monitor: unexpected '{word}'"))),
        };
        match value.parse::<u64>() {
            Ok(n) if n > 0 => count = Some(n),
            _ => {
                return Err(Error::usage(format!(
                    "qmap monitor: invalid count '{value}'"
                )))
            }
        }
    }
    Ok(Cmd::Monitor { count })
}

/// Parses the words after `qmap` (global options already removed).
pub fn parse_args(args: &[String]) -> Result<Cmd, Error> {
    let Some((verb, rest)) = args.split_first() else {
        return Err(Error::usage("qmap: missing verb"));
    };
    let mut rest = rest.iter().map(String::as_str);
    let (name, cmd) = match verb.as_str() {
        "add" => return parse_add(rest),
        "monitor" => return parse_monitor(rest),
        "del" => {
            let dev = rest
                .next()
                .ok_or_else(|| Error::usage("qmap del: missing DEV"))?;
            ("del", Cmd::Del(DevRef::parse(dev)?))
        }
        "show" => (
            "show",
            Cmd::Show(rest.next().map(DevRef::parse).transpose()?),
        ),
        "port" => match rest.next() {
            None => return Err(Error::usage("qmap port: missing verb (show or set)")),
            Some("set") => return parse_port_set(rest),
            Some("show") => (
                "port show",
                Cmd::PortShow(rest.next().map(DevRef::parse).transpose()?),
            ),
            Some(other) => return Err(Error::usage(format!("qmap port: unknown verb '{other}'"))),
        },
        other => return Err(Error::usage(format!("qmap: unknown verb '{other}'"))),
    };
    if let Some(extra) = rest.next() {
        return Err(Error::usage(format!("qmap {name}: unexpected '{extra}'")));
    }
    Ok(cmd)
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map_or_else(|| "?".to_string(), T::to_string)
}

/// "name value" for each counter that is present, joined by ", ": counters
/// older modules do not send are left out (empty when none is present).
fn present(counters: &[(&str, Option<u64>)]) -> String {
    counters
        .iter()
        .filter_map(|(name, v)| v.map(|v| format!("{name} {v}")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A mux id as printed: always 0x%02x.
fn mux(v: Option<u8>) -> String {
    v.map_or_else(|| "?".to_string(), |m| format!("0x{m:02x}"))
}

/// One channel as the kernel describes it. Attributes the kernel did not
/// send are `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Chan {
    pub ifindex: Option<u32>,
    pub name: Option<String>,
    pub parent_ifindex: Option<u32>,
    pub parent_name: Option<String>,
    pub mux_id: Option<u8>,
    pub mtu: Option<u32>,
    pub flow_off: Option<u8>,
    pub rx_packets: Option<u64>,
    pub rx_bytes: Option<u64>,
    pub tx_packets: Option<u64>,
    pub tx_bytes: Option<u64>,
    pub tx_dropped: Option<u64>,
    pub rx_dropped: Option<u64>,
    pub tx_csum_offload: Option<u64>,
}

impl Chan {
    /// Parses the attributes of a chan message; pad and unknown attributes
    /// are skipped.
    pub fn parse(attrs: Attrs<'_>) -> Result<Chan, ParseError> {
        let mut c = Chan::default();
        for a in attrs {
            let a = a?;
            match a.ty {
                C_IFINDEX => c.ifindex = Some(a.u32()?),
                C_NAME => c.name = Some(a.string()),
                C_PARENT_IFINDEX => c.parent_ifindex = Some(a.u32()?),
                C_PARENT_NAME => c.parent_name = Some(a.string()),
                C_MUX_ID => c.mux_id = Some(a.u8()?),
                C_MTU => c.mtu = Some(a.u32()?),
                C_FLOW_OFF => c.flow_off = Some(a.u8()?),
                C_RX_PACKETS => c.rx_packets = Some(a.u64()?),
                C_RX_BYTES => c.rx_bytes = Some(a.u64()?),
                C_TX_PACKETS => c.tx_packets = Some(a.u64()?),
                C_TX_BYTES => c.tx_bytes = Some(a.u64()?),
                C_TX_DROPPED => c.tx_dropped = Some(a.u64()?),
                C_RX_DROPPED => c.rx_dropped = Some(a.u64()?),
                C_TX_CSUM_OFFLOAD => c.tx_csum_offload = Some(a.u64()?),
                C_PAD => {}
                _ => {} // newer kernel: ignore what we do not know
            }
        }
        Ok(c)
    }

    /// The JSON object, keyed by the spec's attribute names.
    pub fn to_json(&self) -> Object {
        let mut o = Object::new();
        if let Some(v) = &self.name {
            o.str("name", v);
        }
        if let Some(v) = self.ifindex {
            o.uint("ifindex", v.into());
        }
        if let Some(v) = &self.parent_name {
            o.str("parent-name", v);
        }
        for (key, v) in [
            ("parent-ifindex", self.parent_ifindex.map(u64::from)),
            ("mux-id", self.mux_id.map(u64::from)),
            ("mtu", self.mtu.map(u64::from)),
            ("flow-off", self.flow_off.map(u64::from)),
            ("rx-packets", self.rx_packets),
            ("rx-bytes", self.rx_bytes),
            ("tx-packets", self.tx_packets),
            ("tx-bytes", self.tx_bytes),
            ("tx-dropped", self.tx_dropped),
            ("rx-dropped", self.rx_dropped),
            ("tx-csum-offload", self.tx_csum_offload),
        ] {
            if let Some(v) = v {
                o.uint(key, v);
            }
        }
        o
    }

    fn is_flow_off(&self) -> bool {
        self.flow_off.is_some_and(|f| f != 0)
    }

    /// The lines of `qmap show`: three, and a fourth with the counters
    /// newer modules send (rx-dropped, tx-csum-offload) when there are any.
    pub fn format_show(&self) -> String {
        let mut s = format!(
            "{}: ifindex {} parent {} (ifindex {}) mux {} mtu {}{}\n  \
             rx: {} packets, {} bytes\n  \
             tx: {} packets, {} bytes, {} dropped",
            opt(&self.name),
            opt(&self.ifindex),
            opt(&self.parent_name),
            opt(&self.parent_ifindex),
            mux(self.mux_id),
            opt(&self.mtu),
            if self.is_flow_off() { " flow off" } else { "" },
            opt(&self.rx_packets),
            opt(&self.rx_bytes),
            opt(&self.tx_packets),
            opt(&self.tx_bytes),
            opt(&self.tx_dropped),
        );
        let extra = present(&[
            ("rx-dropped", self.rx_dropped),
            ("tx-csum-offload", self.tx_csum_offload),
        ]);
        if !extra.is_empty() {
            s.push_str("\n  ");
            s.push_str(&extra);
        }
        s
    }

    /// The line of `qmap add`.
    pub fn format_created(&self) -> String {
        format!(
            "created {} (ifindex {}) on {} mux {}",
            opt(&self.name),
            opt(&self.ifindex),
            opt(&self.parent_name),
            mux(self.mux_id),
        )
    }

    /// The line of `qmap monitor` for one event.
    pub fn format_event(&self, event: Event) -> String {
        let dev = format!("{} (ifindex {})", opt(&self.name), opt(&self.ifindex));
        match event {
            Event::New => format!(
                "new {dev} parent {} mux {}",
                opt(&self.parent_name),
                mux(self.mux_id)
            ),
            Event::Del => format!("del {dev}"),
            Event::Flow => {
                let state = match self.flow_off {
                    None => "?",
                    Some(0) => "on",
                    Some(_) => "off",
                };
                format!("flow {state} {dev}")
            }
        }
    }

    /// The JSON line of `qmap monitor` for one event.
    pub fn event_json(&self, event: Event) -> Value {
        let mut o = Object::new();
        o.str("event", event.name());
        if let Value::Object(fields) = self.to_json().build() {
            for (k, v) in fields {
                o.set(&k, v);
            }
        }
        o.build()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    New,
    Del,
    Flow,
}

impl Event {
    fn from_cmd(cmd: u8) -> Option<Event> {
        match cmd {
            CMD_CHAN_NEW_NTF => Some(Event::New),
            CMD_CHAN_DEL_NTF => Some(Event::Del),
            CMD_CHAN_FLOW_NTF => Some(Event::Flow),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Event::New => "new",
            Event::Del => "del",
            Event::Flow => "flow",
        }
    }
}

/// One port as the kernel describes it. Attributes the kernel did not send
/// are `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Port {
    pub ifindex: Option<u32>,
    pub name: Option<String>,
    pub csum: Option<u32>,
    pub deaggregation: Option<u8>,
    pub ul_agg_max_datagrams: Option<u32>,
    pub ul_agg_max_bytes: Option<u32>,
    pub ul_agg_time_us: Option<u32>,
    pub channels: Option<u32>,
    pub rx_buffers: Option<u64>,
    pub rx_frames: Option<u64>,
    pub tx_buffers: Option<u64>,
    pub cmd_flow_disable: Option<u64>,
    pub cmd_flow_enable: Option<u64>,
    pub cmd_unknown: Option<u64>,
    pub cmd_acks: Option<u64>,
    /// The drop-* counters, in [`DROPS`] order.
    pub drops: [Option<u64>; DROPS.len()],
    pub rx_copied: Option<u64>,
    pub rx_buffer_errors: Option<u64>,
    pub csum_verified: Option<u64>,
    /// The csum-fail-* counters, in [`CSUM_FAILS`] order.
    pub csum_fails: [Option<u64>; CSUM_FAILS.len()],
}

impl Port {
    /// Parses the attributes of a port message; pad and unknown attributes
    /// are skipped.
    pub fn parse(attrs: Attrs<'_>) -> Result<Port, ParseError> {
        let mut p = Port::default();
        for a in attrs {
            let a = a?;
            match a.ty {
                P_IFINDEX => p.ifindex = Some(a.u32()?),
                P_NAME => p.name = Some(a.string()),
                P_CSUM => p.csum = Some(a.u32()?),
                P_DEAGGREGATION => p.deaggregation = Some(a.u8()?),
                P_UL_AGG_MAX_DATAGRAMS => p.ul_agg_max_datagrams = Some(a.u32()?),
                P_UL_AGG_MAX_BYTES => p.ul_agg_max_bytes = Some(a.u32()?),
                P_UL_AGG_TIME_US => p.ul_agg_time_us = Some(a.u32()?),
                P_CHANNELS => p.channels = Some(a.u32()?),
                P_RX_BUFFERS => p.rx_buffers = Some(a.u64()?),
                P_RX_FRAMES => p.rx_frames = Some(a.u64()?),
                P_TX_BUFFERS => p.tx_buffers = Some(a.u64()?),
                P_CMD_FLOW_DISABLE => p.cmd_flow_disable = Some(a.u64()?),
                P_CMD_FLOW_ENABLE => p.cmd_flow_enable = Some(a.u64()?),
                P_CMD_UNKNOWN => p.cmd_unknown = Some(a.u64()?),
                P_CMD_ACKS => p.cmd_acks = Some(a.u64()?),
                ty if (P_DROP_FIRST..P_DROP_FIRST + DROPS.len() as u16).contains(&ty) => {
                    p.drops[usize::from(ty - P_DROP_FIRST)] = Some(a.u64()?);
                }
                P_RX_COPIED => p.rx_copied = Some(a.u64()?),
                P_RX_BUFFER_ERRORS => p.rx_buffer_errors = Some(a.u64()?),
                P_CSUM_VERIFIED => p.csum_verified = Some(a.u64()?),
                ty if (P_CSUM_FAIL_FIRST..P_CSUM_FAIL_FIRST + CSUM_FAILS.len() as u16)
                    .contains(&ty) =>
                {
                    p.csum_fails[usize::from(ty - P_CSUM_FAIL_FIRST)] = Some(a.u64()?);
                }
                P_PAD => {}
                _ => {} // newer kernel: ignore what we do not know
            }
        }
        Ok(p)
    }

    /// The JSON object, keyed by the spec's attribute names; csum is the
    /// enum's name (or its number if it is not one we know).
    pub fn to_json(&self) -> Object {
        let mut o = Object::new();
        if let Some(v) = &self.name {
            o.str("name", v);
        }
        if let Some(v) = self.ifindex {
            o.uint("ifindex", v.into());
        }
        if let Some(c) = self.csum {
            match Csum::name(c) {
                Some(name) => o.str("csum", name),
                None => o.uint("csum", c.into()),
            };
        }
        for (key, v) in [
            ("deaggregation", self.deaggregation.map(u64::from)),
            (
                "ul-agg-max-datagrams",
                self.ul_agg_max_datagrams.map(u64::from),
            ),
            ("ul-agg-max-bytes", self.ul_agg_max_bytes.map(u64::from)),
            ("ul-agg-time-us", self.ul_agg_time_us.map(u64::from)),
            ("channels", self.channels.map(u64::from)),
            ("rx-buffers", self.rx_buffers),
            ("rx-frames", self.rx_frames),
            ("tx-buffers", self.tx_buffers),
            ("cmd-flow-disable", self.cmd_flow_disable),
            ("cmd-flow-enable", self.cmd_flow_enable),
            ("cmd-unknown", self.cmd_unknown),
            ("cmd-acks", self.cmd_acks),
        ] {
            if let Some(v) = v {
                o.uint(key, v);
            }
        }
        for (name, v) in DROPS.iter().zip(self.drops) {
            if let Some(v) = v {
                o.uint(&format!("drop-{name}"), v);
            }
        }
        for (key, v) in [
            ("rx-copied", self.rx_copied),
            ("rx-buffer-errors", self.rx_buffer_errors),
            ("csum-verified", self.csum_verified),
        ] {
            if let Some(v) = v {
                o.uint(key, v);
            }
        }
        for (name, v) in CSUM_FAILS.iter().zip(self.csum_fails) {
            if let Some(v) = v {
                o.uint(&format!("csum-fail-{name}"), v);
            }
        }
        o
    }

    /// The lines of `qmap port show`: five, then those of the counters
    /// newer modules send, when there are any: a line with rx-copied and
    /// rx-buffer-errors, and a checksum line with csum-verified and the
    /// csum-fail-* counters.
    pub fn format_show(&self) -> String {
        let csum = match self.csum {
            Some(c) => Csum::name(c).map_or_else(|| c.to_string(), String::from),
            None => "?".to_string(),
        };
        let deaggregation = match self.deaggregation {
            None => "?",
            Some(0) => "off",
            Some(_) => "on",
        };
        let drops = DROPS
            .iter()
            .zip(&self.drops)
            .map(|(name, v)| format!("{name} {}", opt(v)))
            .collect::<Vec<_>>()
            .join(", ");
        let mut s = format!(
            "{}: ifindex {} csum {csum} deaggregation {deaggregation} channels {}\n  \
             uplink aggregation: {} datagrams, {} bytes, {} us\n  \
             rx: {} buffers, {} frames; tx: {} buffers\n  \
             commands: {} flow-disable, {} flow-enable, {} unknown, {} acks\n  \
             drops: {drops}",
            opt(&self.name),
            opt(&self.ifindex),
            opt(&self.channels),
            opt(&self.ul_agg_max_datagrams),
            opt(&self.ul_agg_max_bytes),
            opt(&self.ul_agg_time_us),
            opt(&self.rx_buffers),
            opt(&self.rx_frames),
            opt(&self.tx_buffers),
            opt(&self.cmd_flow_disable),
            opt(&self.cmd_flow_enable),
            opt(&self.cmd_unknown),
            opt(&self.cmd_acks),
        );
        let copies = present(&[
            ("rx-copied", self.rx_copied),
            ("rx-buffer-errors", self.rx_buffer_errors),
        ]);
        if !copies.is_empty() {
            s.push_str("\n  ");
            s.push_str(&copies);
        }
        let fails: Vec<_> = CSUM_FAILS.iter().copied().zip(self.csum_fails).collect();
        let fails = present(&fails);
        let csum = match (self.csum_verified, fails.is_empty()) {
            (None, true) => None,
            (None, false) => Some(format!("fail: {fails}")),
            (Some(v), true) => Some(format!("verified {v}")),
            (Some(v), false) => Some(format!("verified {v}; fail: {fails}")),
        };
        if let Some(csum) = csum {
            s.push_str("\n  csum: ");
            s.push_str(&csum);
        }
        s
    }
}

fn connect() -> Result<(GenlSocket, Family), Error> {
    let mut sock = GenlSocket::open()?;
    let family = sock.resolve(FAMILY)?;
    Ok((sock, family))
}

/// Parses every reply of operation `op` with `parse`.
fn parse_all<T>(
    msgs: &[GenlMsg],
    op: &str,
    parse: fn(Attrs<'_>) -> Result<T, ParseError>,
) -> Result<Vec<T>, Error> {
    msgs.iter()
        .map(|m| parse(m.attrs()))
        .collect::<Result<_, _>>()
        .map_err(|e| Error::proto(&format!("{FAMILY} {op}"), e))
}

/// Prints a list of objects: a JSON array, or each one's text.
fn print_all<T>(
    ctx: &Ctx,
    items: &[T],
    json: fn(&T) -> Object,
    text: fn(&T) -> String,
) -> Result<(), Error> {
    if ctx.json {
        let list = items.iter().map(|i| json(i).build()).collect();
        return emit(&Value::Array(list).to_json());
    }
    for i in items {
        emit(&text(i))?;
    }
    Ok(())
}

fn add(
    ctx: &Ctx,
    parent: &DevRef,
    mux_id: u8,
    name: Option<&str>,
    mtu: Option<u32>,
) -> Result<(), Error> {
    let (mut sock, family) = connect()?;
    let mut req = Vec::new();
    parent.put(&mut req, C_PARENT_IFINDEX, C_PARENT_NAME);
    attr::put_u8(&mut req, C_MUX_ID, mux_id);
    if let Some(n) = name {
        attr::put_str(&mut req, C_NAME, n);
    }
    if let Some(m) = mtu {
        attr::put_u32(&mut req, C_MTU, m);
    }
    let replies = sock.request(&family, "chan-new", CMD_CHAN_NEW, false, &req)?;
    let chan = parse_all(&replies, "chan-new", Chan::parse)?
        .into_iter()
        .next()
        .ok_or_else(|| Error::proto("qmap chan-new", ParseError("no reply".into())))?;
    if ctx.json {
        emit(&chan.to_json().build().to_json())
    } else {
        emit(&chan.format_created())
    }
}

fn del(dev: &DevRef) -> Result<(), Error> {
    let (mut sock, family) = connect()?;
    let mut req = Vec::new();
    dev.put(&mut req, C_IFINDEX, C_NAME);
    sock.request(&family, "chan-del", CMD_CHAN_DEL, false, &req)?;
    Ok(())
}

fn show(ctx: &Ctx, dev: Option<&DevRef>) -> Result<(), Error> {
    let (mut sock, family) = connect()?;
    let mut req = Vec::new();
    if let Some(d) = dev {
        d.put(&mut req, C_IFINDEX, C_NAME);
    }
    let replies = sock.request(&family, "chan-get", CMD_CHAN_GET, dev.is_none(), &req)?;
    let chans = parse_all(&replies, "chan-get", Chan::parse)?;
    print_all(ctx, &chans, Chan::to_json, Chan::format_show)
}

fn port_show(ctx: &Ctx, port: Option<&DevRef>) -> Result<(), Error> {
    let (mut sock, family) = connect()?;
    let mut req = Vec::new();
    if let Some(p) = port {
        p.put(&mut req, P_IFINDEX, P_NAME);
    }
    let replies = sock.request(&family, "port-get", CMD_PORT_GET, port.is_none(), &req)?;
    let ports = parse_all(&replies, "port-get", Port::parse)?;
    print_all(ctx, &ports, Port::to_json, Port::format_show)
}

fn port_set(port: &DevRef, settings: &PortSettings) -> Result<(), Error> {
    let (mut sock, family) = connect()?;
    let req = settings.encode(port);
    sock.request(&family, "port-set", CMD_PORT_SET, false, &req)?;
    Ok(())
}

fn monitor(ctx: &Ctx, count: Option<u64>) -> Result<(), Error> {
    let (mut sock, family) = connect()?;
    sock.monitor(&family, GROUP_EVENTS, count, |m| {
        let Some(event) = Event::from_cmd(m.cmd) else {
            return Ok(false);
        };
        let chan = Chan::parse(m.attrs()).map_err(|e| Error::proto("qmap event", e))?;
        if ctx.json {
            emit(&chan.event_json(event).to_json())?;
        } else {
            emit(&chan.format_event(event))?;
        }
        Ok(true)
    })
}

fn run(ctx: &Ctx, args: &[String]) -> Result<(), Error> {
    match parse_args(args)? {
        Cmd::Add {
            parent,
            mux_id,
            name,
            mtu,
        } => add(ctx, &parent, mux_id, name.as_deref(), mtu),
        Cmd::Del(dev) => del(&dev),
        Cmd::Show(dev) => show(ctx, dev.as_ref()),
        Cmd::PortShow(port) => port_show(ctx, port.as_ref()),
        Cmd::PortSet { port, settings } => port_set(&port, &settings),
        Cmd::Monitor { count } => monitor(ctx, count),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attr::{put_bytes, put_str, put_u32, put_u64, put_u8};
    use crate::nl::{encode_msg, parse_msgs};

    fn argv(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    fn parse(s: &str) -> Result<Cmd, Error> {
        parse_args(&argv(s))
    }

    fn usage_err(s: &str) {
        match parse(s) {
            Err(e @ Error::Usage(_)) => assert_eq!(e.exit_code(), 2),
            other => panic!("{s:?}: expected a usage error, got {other:?}"),
        }
    }

    fn name(s: &str) -> DevRef {
        DevRef::Name(s.into())
    }

    fn sample_chan() -> Chan {
        Chan {
            ifindex: Some(7),
            name: Some("rmnet_mhi0.1".into()),
            parent_ifindex: Some(3),
            parent_name: Some("mhi0".into()),
            mux_id: Some(0x81),
            mtu: Some(1500),
            flow_off: Some(0),
            rx_packets: Some(5),
            rx_bytes: Some(420),
            tx_packets: Some(5),
            tx_bytes: Some(420),
            tx_dropped: Some(0),
            rx_dropped: Some(2),
            tx_csum_offload: Some(3),
        }
    }

    /// A channel as an older module describes it: without rx-dropped and
    /// tx-csum-offload.
    fn old_chan() -> Chan {
        Chan {
            rx_dropped: None,
            tx_csum_offload: None,
            ..sample_chan()
        }
    }

    /// A chan message as the kernel sends it: u8s as 1-byte payloads, u64s
    /// preceded by pad attributes so that their payload is 8-byte aligned.
    fn sample_chan_attrs(unknown: bool) -> Vec<u8> {
        let mut a = Vec::new();
        put_u32(&mut a, C_IFINDEX, 7);
        put_str(&mut a, C_NAME, "rmnet_mhi0.1");
        put_u32(&mut a, C_PARENT_IFINDEX, 3);
        put_str(&mut a, C_PARENT_NAME, "mhi0");
        put_u8(&mut a, C_MUX_ID, 0x81);
        put_u32(&mut a, C_MTU, 1500);
        put_u8(&mut a, C_FLOW_OFF, 0);
        if unknown {
            put_str(&mut a, 42, "from the future");
            put_bytes(&mut a, 43, &[1, 2, 3]);
        }
        for (ty, v) in [
            (C_RX_PACKETS, 5),
            (C_RX_BYTES, 420),
            (C_TX_PACKETS, 5),
            (C_TX_BYTES, 420),
            (C_TX_DROPPED, 0),
            (C_RX_DROPPED, 2),
            (C_TX_CSUM_OFFLOAD, 3),
        ] {
            put_bytes(&mut a, C_PAD, &[]);
            put_u64(&mut a, ty, v);
        }
        a
    }

    fn sample_port() -> Port {
        Port {
            ifindex: Some(3),
            name: Some("veth0".into()),
            csum: Some(2),
            deaggregation: Some(1),
            ul_agg_max_datagrams: Some(11),
            ul_agg_max_bytes: Some(8192),
            ul_agg_time_us: Some(500),
            channels: Some(2),
            rx_buffers: Some(12),
            rx_frames: Some(40),
            tx_buffers: Some(9),
            cmd_flow_disable: Some(1),
            cmd_flow_enable: Some(1),
            cmd_unknown: Some(0),
            cmd_acks: Some(2),
            drops: [0, 1, 0, 1, 0, 0, 1, 0, 2].map(Some),
            rx_copied: Some(4),
            rx_buffer_errors: Some(0),
            csum_verified: Some(30),
            csum_fails: [1, 0, 0, 2, 0, 1].map(Some),
        }
    }

    /// A port as an older module describes it: without rx-copied,
    /// rx-buffer-errors, csum-verified and the csum-fail-* counters.
    fn old_port() -> Port {
        Port {
            rx_copied: None,
            rx_buffer_errors: None,
            csum_verified: None,
            csum_fails: [None; CSUM_FAILS.len()],
            ..sample_port()
        }
    }

    fn sample_port_attrs(unknown: bool) -> Vec<u8> {
        let mut a = Vec::new();
        put_u32(&mut a, P_IFINDEX, 3);
        put_str(&mut a, P_NAME, "veth0");
        put_u32(&mut a, P_CSUM, 2);
        put_u8(&mut a, P_DEAGGREGATION, 1);
        put_u32(&mut a, P_UL_AGG_MAX_DATAGRAMS, 11);
        put_u32(&mut a, P_UL_AGG_MAX_BYTES, 8192);
        put_u32(&mut a, P_UL_AGG_TIME_US, 500);
        put_u32(&mut a, P_CHANNELS, 2);
        if unknown {
            put_u64(&mut a, 99, 1);
        }
        let counters = [12, 40, 9, 1, 1, 0, 2, 0, 1, 0, 1, 0, 0, 1, 0, 2];
        for (ty, v) in (P_RX_BUFFERS..).zip(counters) {
            if ty % 2 == 0 {
                // Some counters as the kernel's 4-byte "uint" form.
                put_u32(&mut a, ty, v as u32);
            } else {
                put_bytes(&mut a, P_PAD, &[]);
                put_u64(&mut a, ty, v);
            }
        }
        // The counters after the pad attribute (rx-copied and on).
        let counters = [4, 0, 30, 1, 0, 0, 2, 0, 1];
        for (ty, v) in (P_RX_COPIED..).zip(counters) {
            if ty % 2 == 0 {
                put_u32(&mut a, ty, v as u32);
            } else {
                put_bytes(&mut a, P_PAD, &[]);
                put_u64(&mut a, ty, v);
            }
        }
        a
    }

    /// `qmap port show` of a port from an older module ([`old_port`]).
    const OLD_PORT_TEXT: &str = "\
veth0: ifindex 3 csum v5 deaggregation on channels 2
  uplink aggregation: 11 datagrams, 8192 bytes, 500 us
  rx: 12 buffers, 40 frames; tx: 9 buffers
  commands: 1 flow-disable, 1 flow-enable, 0 unknown, 2 acks
  drops: zero-length 0, past-buffer 1, truncated-header 0, pad-too-long 1, \
missing-v5-header 0, bad-v5-header 0, not-ip 1, short-command 0, unknown-mux-id 2";

    /// `qmap port show` of [`sample_port`]: the old lines, then the newer
    /// counters.
    const PORT_TEXT: &str = "\
veth0: ifindex 3 csum v5 deaggregation on channels 2
  uplink aggregation: 11 datagrams, 8192 bytes, 500 us
  rx: 12 buffers, 40 frames; tx: 9 buffers
  commands: 1 flow-disable, 1 flow-enable, 0 unknown, 2 acks
  drops: zero-length 0, past-buffer 1, truncated-header 0, pad-too-long 1, \
missing-v5-header 0, bad-v5-header 0, not-ip 1, short-command 0, unknown-mux-id 2
  rx-copied 4, rx-buffer-errors 0
  csum: verified 30; fail: not-valid 1, truncated 0, bad-ip-header 0, fragment 2, \
not-tcp-udp 0, mismatch 1";

    #[test]
    fn parse_add() {
        assert_eq!(
            parse("add mhi0 0x81").unwrap(),
            Cmd::Add {
                parent: name("mhi0"),
                mux_id: 0x81,
                name: None,
                mtu: None
            }
        );
        assert_eq!(
            parse("add 3 129 name rmnet0 mtu 1400").unwrap(),
            Cmd::Add {
                parent: DevRef::Index(3),
                mux_id: 0x81,
                name: Some("rmnet0".into()),
                mtu: Some(1400)
            }
        );
        assert_eq!(
            parse("add mhi0 1 mtu 0x5dc name a").unwrap(),
            Cmd::Add {
                parent: name("mhi0"),
                mux_id: 1,
                name: Some("a".into()),
                mtu: Some(1500)
            }
        );
        usage_err("add");
        usage_err("add mhi0");
        usage_err("add 0 0x81");
        usage_err("add mhi0 0x81 name");
        usage_err("add mhi0 0x81 name abcdefghijklmnop");
        usage_err("add mhi0 0x81 name a name b");
        usage_err("add mhi0 0x81 mtu");
        usage_err("add mhi0 0x81 mtu big");
        usage_err("add mhi0 0x81 mtu -1");
        usage_err("add mhi0 0x81 mtu 1500 mtu 1400");
        usage_err("add mhi0 0x81 peer x");
        usage_err("add mhi0 0x81 extra");
    }

    #[test]
    fn mux_id_decimal_hex_and_range() {
        for (s, want) in [
            ("1", 1),
            ("254", 254),
            ("0x01", 1),
            ("0x81", 0x81),
            ("0X8a", 0x8a),
            ("0xfe", 254),
            ("0xFE", 254),
        ] {
            assert_eq!(parse_mux_id(s).unwrap(), want, "{s}");
        }
        for s in [
            "0",
            "0x0",
            "255",
            "0xff",
            "256",
            "0x100",
            "0x",
            "-1",
            "x81",
            "81h",
            "",
            "1.5",
            "99999999999",
        ] {
            assert!(
                matches!(parse_mux_id(s), Err(Error::Usage(_))),
                "{s:?} accepted"
            );
        }
    }

    #[test]
    fn parse_del_show() {
        assert_eq!(parse("del 7").unwrap(), Cmd::Del(DevRef::Index(7)));
        assert_eq!(
            parse("del rmnet_mhi0.1").unwrap(),
            Cmd::Del(name("rmnet_mhi0.1"))
        );
        usage_err("del");
        usage_err("del 0");
        usage_err("del a b");
        assert_eq!(parse("show").unwrap(), Cmd::Show(None));
        assert_eq!(parse("show 7").unwrap(), Cmd::Show(Some(DevRef::Index(7))));
        assert_eq!(parse("show x").unwrap(), Cmd::Show(Some(name("x"))));
        usage_err("show a b");
    }

    #[test]
    fn parse_port_show() {
        assert_eq!(parse("port show").unwrap(), Cmd::PortShow(None));
        assert_eq!(
            parse("port show mhi0").unwrap(),
            Cmd::PortShow(Some(name("mhi0")))
        );
        assert_eq!(
            parse("port show 3").unwrap(),
            Cmd::PortShow(Some(DevRef::Index(3)))
        );
        usage_err("port");
        usage_err("port frob");
        usage_err("port show a b");
    }

    #[test]
    fn parse_port_set() {
        assert_eq!(
            parse("port set mhi0 csum v5").unwrap(),
            Cmd::PortSet {
                port: name("mhi0"),
                settings: PortSettings {
                    csum: Some(Csum::V5),
                    ..Default::default()
                }
            }
        );
        assert_eq!(
            parse(
                "port set 3 agg-time 500 deaggregation off agg-bytes 0x2000 \
                 agg-datagrams 11 csum none"
            )
            .unwrap(),
            Cmd::PortSet {
                port: DevRef::Index(3),
                settings: PortSettings {
                    csum: Some(Csum::None),
                    deaggregation: Some(false),
                    agg_datagrams: Some(11),
                    agg_bytes: Some(8192),
                    agg_time_us: Some(500),
                }
            }
        );
        assert_eq!(
            parse("port set mhi0 deaggregation on csum v4").unwrap(),
            Cmd::PortSet {
                port: name("mhi0"),
                settings: PortSettings {
                    csum: Some(Csum::V4),
                    deaggregation: Some(true),
                    ..Default::default()
                }
            }
        );
        usage_err("port set");
        usage_err("port set mhi0");
        usage_err("port set mhi0 csum");
        usage_err("port set mhi0 csum v6");
        usage_err("port set mhi0 deaggregation yes");
        usage_err("port set mhi0 agg-bytes many");
        usage_err("port set mhi0 agg-time 1 agg-time 2");
        usage_err("port set mhi0 csum v4 csum v5");
        usage_err("port set mhi0 mtu 1500");
    }

    #[test]
    fn parse_monitor_and_bad_verbs() {
        assert_eq!(parse("monitor").unwrap(), Cmd::Monitor { count: None });
        assert_eq!(
            parse("monitor --count 3").unwrap(),
            Cmd::Monitor { count: Some(3) }
        );
        assert_eq!(
            parse("monitor --count=1").unwrap(),
            Cmd::Monitor { count: Some(1) }
        );
        usage_err("monitor --count");
        usage_err("monitor --count 0");
        usage_err("monitor x");
        usage_err("");
        usage_err("frobnicate");
    }

    #[test]
    fn parse_chan_with_u8_pad_and_unknown_attrs() {
        for unknown in [false, true] {
            let attrs = sample_chan_attrs(unknown);
            assert_eq!(Chan::parse(Attrs::new(&attrs)).unwrap(), sample_chan());
        }
    }

    #[test]
    fn parse_chan_from_wire_message() {
        let mut payload = crate::genl::header(CMD_CHAN_FLOW_NTF, 1);
        let mut attrs = sample_chan_attrs(true);
        put_u8(&mut attrs, C_FLOW_OFF, 1); // the last one wins
        payload.extend(attrs);
        let wire = encode_msg(0x1e, 0, 0, &payload);
        let msgs = parse_msgs(&wire).unwrap();
        let g = GenlMsg::parse(&msgs[0]).unwrap();
        assert_eq!(Event::from_cmd(g.cmd), Some(Event::Flow));
        let c = Chan::parse(g.attrs()).unwrap();
        assert_eq!(c.flow_off, Some(1));
        assert_eq!(c.mux_id, Some(0x81));
    }

    #[test]
    fn parse_chan_bad_u8() {
        let mut a = Vec::new();
        put_u32(&mut a, C_MUX_ID, 0x81);
        assert!(Chan::parse(Attrs::new(&a)).is_err(), "4-byte mux id");
        let mut a = Vec::new();
        put_bytes(&mut a, C_RX_BYTES, &[1, 2, 3]);
        assert!(Chan::parse(Attrs::new(&a)).is_err());
    }

    #[test]
    fn parse_chan_u64_as_u32() {
        let mut a = Vec::new();
        put_u32(&mut a, C_TX_DROPPED, 4);
        put_u32(&mut a, C_RX_DROPPED, 5);
        put_u32(&mut a, C_TX_CSUM_OFFLOAD, 6);
        let c = Chan::parse(Attrs::new(&a)).unwrap();
        assert_eq!(c.tx_dropped, Some(4));
        assert_eq!(c.rx_dropped, Some(5));
        assert_eq!(c.tx_csum_offload, Some(6));
    }

    #[test]
    fn parse_chan_from_older_module() {
        // No rx-dropped or tx-csum-offload: they stay None.
        let mut a = sample_chan_attrs(false);
        let cut = Attrs::new(&a)
            .map(|a| a.unwrap())
            .take_while(|a| a.ty != C_RX_DROPPED)
            .map(|a| 4 + a.payload.len().next_multiple_of(4))
            .sum::<usize>();
        a.truncate(cut);
        let c = Chan::parse(Attrs::new(&a)).unwrap();
        assert_eq!(c, old_chan());
        assert_eq!(c.tx_dropped, Some(0));
    }

    #[test]
    fn parse_chan_new_attr_numbers() {
        let mut a = Vec::new();
        put_u64(&mut a, 14, 7);
        put_u64(&mut a, 15, 8);
        let c = Chan::parse(Attrs::new(&a)).unwrap();
        assert_eq!((c.rx_dropped, c.tx_csum_offload), (Some(7), Some(8)));
    }

    #[test]
    fn parse_port_with_u8_pad_and_unknown_attrs() {
        for unknown in [false, true] {
            let attrs = sample_port_attrs(unknown);
            assert_eq!(Port::parse(Attrs::new(&attrs)).unwrap(), sample_port());
        }
    }

    #[test]
    fn parse_port_partial() {
        let mut a = Vec::new();
        put_u32(&mut a, P_IFINDEX, 3);
        put_str(&mut a, P_NAME, "mhi0");
        put_u64(&mut a, P_DROP_FIRST + 8, 5);
        let p = Port::parse(Attrs::new(&a)).unwrap();
        assert_eq!(p.drops[8], Some(5));
        assert_eq!(p.drops[0], None);
        assert_eq!(
            p.to_json().build().to_json(),
            r#"{"name":"mhi0","ifindex":3,"drop-unknown-mux-id":5}"#
        );

        put_u64(&mut a, P_CSUM_FAIL_FIRST + 5, 6);
        put_u32(&mut a, P_RX_BUFFER_ERRORS, 1);
        let p = Port::parse(Attrs::new(&a)).unwrap();
        assert_eq!(p.csum_fails[5], Some(6));
        assert_eq!(p.csum_fails[0], None);
        assert_eq!(p.csum_verified, None);
        assert_eq!(
            p.to_json().build().to_json(),
            concat!(
                r#"{"name":"mhi0","ifindex":3,"drop-unknown-mux-id":5,"#,
                r#""rx-buffer-errors":1,"csum-fail-mismatch":6}"#
            )
        );
        let text = p.format_show();
        assert!(
            text.ends_with("\n  rx-buffer-errors 1\n  csum: fail: mismatch 6"),
            "{text}"
        );
    }

    #[test]
    fn parse_port_new_attr_numbers() {
        let mut a = Vec::new();
        for ty in 26..=34u16 {
            put_u64(&mut a, ty, u64::from(ty) * 10);
        }
        put_u64(&mut a, 35, 1); // newer still: ignored
        let p = Port::parse(Attrs::new(&a)).unwrap();
        assert_eq!(p.rx_copied, Some(260));
        assert_eq!(p.rx_buffer_errors, Some(270));
        assert_eq!(p.csum_verified, Some(280));
        assert_eq!(p.csum_fails, [290, 300, 310, 320, 330, 340].map(Some));
        assert_eq!(
            p.to_json().build().to_json(),
            concat!(
                r#"{"rx-copied":260,"rx-buffer-errors":270,"csum-verified":280,"#,
                r#""csum-fail-not-valid":290,"csum-fail-truncated":300,"#,
                r#""csum-fail-bad-ip-header":310,"csum-fail-fragment":320,"#,
                r#""csum-fail-not-tcp-udp":330,"csum-fail-mismatch":340}"#
            )
        );
    }

    #[test]
    fn port_from_older_module() {
        let mut a = sample_port_attrs(false);
        let cut = Attrs::new(&a)
            .map(|a| a.unwrap())
            .take_while(|a| a.ty != P_RX_COPIED)
            .map(|a| 4 + a.payload.len().next_multiple_of(4))
            .sum::<usize>();
        a.truncate(cut);
        let p = Port::parse(Attrs::new(&a)).unwrap();
        assert_eq!(p, old_port());
        assert_eq!(p.format_show(), OLD_PORT_TEXT);
        let j = p.to_json().build().to_json();
        assert!(
            j.ends_with(r#""drop-unknown-mux-id":2}"#) && !j.contains("csum-"),
            "{j}"
        );
    }

    #[test]
    fn human_chan_show() {
        let mut c = sample_chan();
        assert_eq!(
            c.format_show(),
            "rmnet_mhi0.1: ifindex 7 parent mhi0 (ifindex 3) mux 0x81 mtu 1500\n  \
             rx: 5 packets, 420 bytes\n  \
             tx: 5 packets, 420 bytes, 0 dropped\n  \
             rx-dropped 2, tx-csum-offload 3"
        );
        // An older module: the three lines as they always were.
        assert_eq!(
            old_chan().format_show(),
            "rmnet_mhi0.1: ifindex 7 parent mhi0 (ifindex 3) mux 0x81 mtu 1500\n  \
             rx: 5 packets, 420 bytes\n  \
             tx: 5 packets, 420 bytes, 0 dropped"
        );
        let partial = Chan {
            rx_dropped: None,
            ..sample_chan()
        };
        assert!(partial
            .format_show()
            .ends_with(" 0 dropped\n  tx-csum-offload 3"));
        c.flow_off = Some(1);
        c.mux_id = Some(1);
        assert!(c.format_show().starts_with(
            "rmnet_mhi0.1: ifindex 7 parent mhi0 (ifindex 3) mux 0x01 mtu 1500 flow off\n"
        ));
    }

    #[test]
    fn human_chan_missing_attrs() {
        let c = Chan {
            name: Some("x".into()),
            ..Default::default()
        };
        assert!(c
            .format_show()
            .starts_with("x: ifindex ? parent ? (ifindex ?) mux ? mtu ?\n"));
    }

    #[test]
    fn human_created_and_events() {
        let mut c = sample_chan();
        assert_eq!(
            c.format_created(),
            "created rmnet_mhi0.1 (ifindex 7) on mhi0 mux 0x81"
        );
        assert_eq!(
            c.format_event(Event::New),
            "new rmnet_mhi0.1 (ifindex 7) parent mhi0 mux 0x81"
        );
        assert_eq!(c.format_event(Event::Del), "del rmnet_mhi0.1 (ifindex 7)");
        assert_eq!(
            c.format_event(Event::Flow),
            "flow on rmnet_mhi0.1 (ifindex 7)"
        );
        c.flow_off = Some(1);
        assert_eq!(
            c.format_event(Event::Flow),
            "flow off rmnet_mhi0.1 (ifindex 7)"
        );
    }

    #[test]
    fn json_chan_and_events() {
        let c = sample_chan();
        assert_eq!(
            c.to_json().build().to_json(),
            r#"{"name":"rmnet_mhi0.1","ifindex":7,"parent-name":"mhi0","parent-ifindex":3,"mux-id":129,"mtu":1500,"flow-off":0,"rx-packets":5,"rx-bytes":420,"tx-packets":5,"tx-bytes":420,"tx-dropped":0,"rx-dropped":2,"tx-csum-offload":3}"#
        );
        assert_eq!(
            old_chan().to_json().build().to_json(),
            r#"{"name":"rmnet_mhi0.1","ifindex":7,"parent-name":"mhi0","parent-ifindex":3,"mux-id":129,"mtu":1500,"flow-off":0,"rx-packets":5,"rx-bytes":420,"tx-packets":5,"tx-bytes":420,"tx-dropped":0}"#
        );
        assert!(c
            .event_json(Event::New)
            .to_json()
            .ends_with(r#""tx-dropped":0,"rx-dropped":2,"tx-csum-offload":3}"#));
        let j = c.event_json(Event::Flow).to_json();
        assert!(
            j.starts_with(r#"{"event":"flow","name":"rmnet_mhi0.1","ifindex":7,"#),
            "{j}"
        );
        assert!(j.contains(r#""flow-off":0"#), "{j}");
        assert!(c
            .event_json(Event::New)
            .to_json()
            .starts_with(r#"{"event":"new","#));
        assert!(c
            .event_json(Event::Del)
            .to_json()
            .starts_with(r#"{"event":"del","#));
    }

    #[test]
    fn human_port_show() {
        assert_eq!(sample_port().format_show(), PORT_TEXT);
        assert_eq!(old_port().format_show(), OLD_PORT_TEXT);
        let mut p = old_port();
        p.csum_verified = Some(9);
        assert!(p
            .format_show()
            .ends_with("unknown-mux-id 2\n  csum: verified 9"));
        p.rx_copied = Some(1);
        assert!(p
            .format_show()
            .ends_with("unknown-mux-id 2\n  rx-copied 1\n  csum: verified 9"));
        let mut p = sample_port();
        p.csum = Some(0);
        p.deaggregation = Some(0);
        assert!(p
            .format_show()
            .starts_with("veth0: ifindex 3 csum none deaggregation off channels 2\n"));
        p.csum = Some(7);
        assert!(p.format_show().contains(" csum 7 "));
    }

    #[test]
    fn json_port() {
        assert_eq!(
            sample_port().to_json().build().to_json(),
            concat!(
                r#"{"name":"veth0","ifindex":3,"csum":"v5","deaggregation":1,"#,
                r#""ul-agg-max-datagrams":11,"ul-agg-max-bytes":8192,"ul-agg-time-us":500,"#,
                r#""channels":2,"rx-buffers":12,"rx-frames":40,"tx-buffers":9,"#,
                r#""cmd-flow-disable":1,"cmd-flow-enable":1,"cmd-unknown":0,"cmd-acks":2,"#,
                r#""drop-zero-length":0,"drop-past-buffer":1,"drop-truncated-header":0,"#,
                r#""drop-pad-too-long":1,"drop-missing-v5-header":0,"drop-bad-v5-header":0,"#,
                r#""drop-not-ip":1,"drop-short-command":0,"drop-unknown-mux-id":2,"#,
                r#""rx-copied":4,"rx-buffer-errors":0,"csum-verified":30,"#,
                r#""csum-fail-not-valid":1,"csum-fail-truncated":0,"#,
                r#""csum-fail-bad-ip-header":0,"csum-fail-fragment":2,"#,
                r#""csum-fail-not-tcp-udp":0,"csum-fail-mismatch":1}"#
            )
        );
        let mut p = sample_port();
        p.csum = Some(1);
        assert!(p.to_json().build().to_json().contains(r#""csum":"v4""#));
        p.csum = Some(9);
        assert!(p.to_json().build().to_json().contains(r#""csum":9,"#));
    }

    fn decode(buf: &[u8]) -> Vec<(u16, Vec<u8>)> {
        Attrs::new(buf)
            .map(|a| a.map(|a| (a.ty, a.payload.to_vec())).unwrap())
            .collect()
    }

    #[test]
    fn port_set_request_only_given_attrs() {
        let s = PortSettings {
            csum: Some(Csum::V5),
            ..Default::default()
        };
        assert_eq!(
            decode(&s.encode(&name("mhi0"))),
            vec![
                (P_NAME, b"mhi0\0".to_vec()),
                (P_CSUM, 2u32.to_ne_bytes().to_vec()),
            ]
        );

        let s = PortSettings {
            deaggregation: Some(false),
            agg_time_us: Some(500),
            ..Default::default()
        };
        let buf = s.encode(&DevRef::Index(3));
        // ifindex (8) + deaggregation u8 (5, padded to 8) + agg time (8).
        assert_eq!(buf.len(), 24);
        assert_eq!(&buf[8..16], &[5, 0, P_DEAGGREGATION as u8, 0, 0, 0, 0, 0]);
        assert_eq!(
            decode(&buf),
            vec![
                (P_IFINDEX, 3u32.to_ne_bytes().to_vec()),
                (P_DEAGGREGATION, vec![0]),
                (P_UL_AGG_TIME_US, 500u32.to_ne_bytes().to_vec()),
            ]
        );

        let s = PortSettings {
            csum: Some(Csum::None),
            deaggregation: Some(true),
            agg_datagrams: Some(11),
            agg_bytes: Some(8192),
            agg_time_us: Some(0),
        };
        let types: Vec<u16> = decode(&s.encode(&DevRef::Index(3)))
            .into_iter()
            .map(|(ty, _)| ty)
            .collect();
        assert_eq!(types, vec![1, 3, 4, 5, 6, 7]);
    }

    #[test]
    fn dev_ref_attr_types() {
        let mut buf = Vec::new();
        DevRef::Index(3).put(&mut buf, C_PARENT_IFINDEX, C_PARENT_NAME);
        DevRef::Name("mhi0".into()).put(&mut buf, C_PARENT_IFINDEX, C_PARENT_NAME);
        assert_eq!(
            decode(&buf),
            vec![
                (C_PARENT_IFINDEX, 3u32.to_ne_bytes().to_vec()),
                (C_PARENT_NAME, b"mhi0\0".to_vec()),
            ]
        );
    }

    #[test]
    fn kernel_error_wording() {
        let eperm = crate::nl::NlError::Kernel(crate::nl::KernelError {
            errno: libc::EPERM,
            extack: None,
            bad_attr_offset: None,
        });
        let e = Error::from_nl(FAMILY, "chan-new", eperm);
        assert_eq!(
            e.to_string(),
            "qmap chan-new: operation not permitted (CAP_NET_ADMIN required)"
        );
        assert_eq!(e.exit_code(), 1);
        assert_eq!(
            Error::FamilyNotFound(FAMILY.into()).to_string(),
            "generic netlink family 'qmap' not found: is the qmap module loaded?"
        );
    }

    #[test]
    fn help_mentions_every_verb() {
        for verb in ["add", "del", "show", "port show", "port set", "monitor"] {
            assert!(USAGE.contains(&format!("qmap {verb}")), "{verb}");
            assert!(HELP.contains(&format!("\n  {verb} ")), "{verb}");
        }
    }
}
