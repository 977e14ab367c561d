// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
// Do not edit directly, auto-generated from:
//	Documentation/netlink/specs/netpair.yaml
// YNL-GEN rust-cli
//! The netpair generic netlink family, as cellctl speaks it.
//!
//! Sample family of the cellrouter project: create and delete pairs of
//! connected Ethernet netdevs (what one end sends, the other receives) and
//! read their per-device counters. Devices live in the network namespace of
//! the caller that created them; a dump lists the pairs' ends in the caller's
//! namespace only.
//!
//! Counters are uint (4 or 8 bytes, no padding). Operations that change
//! state need CAP_NET_ADMIN in the user namespace owning the caller's
//! network namespace (uns-admin-perm, GENL_UNS_ADMIN_PERM), as rtnetlink.

use crate::attr::{self, Attrs, ParseError};
use crate::genl::GenlMsg;
use crate::json::Object;
use crate::schema::{AttrDesc, FamilyDesc, Notify, OpDesc, Reply, Request, SetDesc};
use crate::text::{counters, Line};
use crate::args;

pub const NAME: &str = "netpair";
pub const VERSION: u8 = 1;

/// Command numbers (requests, replies and notifications).
pub mod cmd {
    pub const DEV_NEW: u8 = 1;
    pub const DEV_DEL: u8 = 2;
    pub const DEV_GET: u8 = 3;
    pub const DEV_NEW_NTF: u8 = 4;
    pub const DEV_DEL_NTF: u8 = 5;
}

/// Attribute numbers, one module per attribute set.
pub mod attrs {
    pub mod dev {
        pub const IFINDEX: u16 = 1;
        pub const NAME: u16 = 2;
        pub const PEER_IFINDEX: u16 = 3;
        pub const PEER_NAME: u16 = 4;
        pub const RX_PACKETS: u16 = 5;
        pub const RX_BYTES: u16 = 6;
        pub const TX_PACKETS: u16 = 7;
        pub const TX_BYTES: u16 = 8;
        pub const TX_DROPPED: u16 = 9;
    }
}

/// Multicast group names.
pub mod mcgrp {
    pub const EVENTS: &str = "events";
}

/// The "dev" attribute set.
pub static DEV_SET: SetDesc = SetDesc {
    name: "dev",
    attrs: &[
        AttrDesc { name: "ifindex", id: 1, min: 1, max: 2147483647, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "name", id: 2, min: 0, max: 0, min_len: None, max_len: Some(15), enum_: None, hex: false },
        AttrDesc { name: "peer-ifindex", id: 3, min: 0, max: 4294967295, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "peer-name", id: 4, min: 0, max: 0, min_len: None, max_len: Some(15), enum_: None, hex: false },
        AttrDesc { name: "rx-packets", id: 5, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "rx-bytes", id: 6, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "tx-packets", id: 7, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "tx-bytes", id: 8, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "tx-dropped", id: 9, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
    ],
};

pub static OP_DEV_NEW: OpDesc = OpDesc {
    family: NAME,
    name: "dev-new",
    cmd: cmd::DEV_NEW,
    set: &DEV_SET,
    request: &["name", "peer-name"],
    has_do: true,
    has_dump: false,
    admin: true,
};

pub static OP_DEV_DEL: OpDesc = OpDesc {
    family: NAME,
    name: "dev-del",
    cmd: cmd::DEV_DEL,
    set: &DEV_SET,
    request: &["ifindex", "name"],
    has_do: true,
    has_dump: false,
    admin: true,
};

pub static OP_DEV_GET: OpDesc = OpDesc {
    family: NAME,
    name: "dev-get",
    cmd: cmd::DEV_GET,
    set: &DEV_SET,
    request: &["ifindex", "name"],
    has_do: true,
    has_dump: true,
    admin: false,
};

/// The family.
pub static FAMILY: FamilyDesc = FamilyDesc {
    name: "netpair",
    version: 1,
    ops: &[&OP_DEV_NEW, &OP_DEV_DEL, &OP_DEV_GET],
    mcgrps: &["events"],
};

/// One end of a pair.
///
/// Parsed from any message of the set; attributes the kernel did not send
/// are `None`, attributes this code does not know are ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dev {
    /// Index of the device.
    pub ifindex: Option<u32>,
    /// Name of the device; on creation, a name or a pattern with %d.
    pub name: Option<String>,
    /// Index of the other end, in the namespace where the other end lives.
    pub peer_ifindex: Option<u32>,
    /// Name of the other end; on creation, a name or a pattern with %d.
    pub peer_name: Option<String>,
    /// Packets received from the other end.
    pub rx_packets: Option<u64>,
    /// Bytes received from the other end.
    pub rx_bytes: Option<u64>,
    /// Packets sent to the other end.
    pub tx_packets: Option<u64>,
    /// Bytes sent to the other end.
    pub tx_bytes: Option<u64>,
    /// Packets dropped on transmit because the peer was gone or refused them.
    pub tx_dropped: Option<u64>,
}

impl Reply for Dev {
    fn parse(attrs: Attrs<'_>) -> Result<Self, ParseError> {
        let mut r = Dev::default();
        for a in attrs {
            let a = a?;
            match a.ty {
                attrs::dev::IFINDEX => r.ifindex = Some(a.u32()?),
                attrs::dev::NAME => r.name = Some(a.string()),
                attrs::dev::PEER_IFINDEX => r.peer_ifindex = Some(a.u32()?),
                attrs::dev::PEER_NAME => r.peer_name = Some(a.string()),
                attrs::dev::RX_PACKETS => r.rx_packets = Some(a.uint()?),
                attrs::dev::RX_BYTES => r.rx_bytes = Some(a.uint()?),
                attrs::dev::TX_PACKETS => r.tx_packets = Some(a.uint()?),
                attrs::dev::TX_BYTES => r.tx_bytes = Some(a.uint()?),
                attrs::dev::TX_DROPPED => r.tx_dropped = Some(a.uint()?),
                _ => {} // a newer kernel's: ignored
            }
        }
        Ok(r)
    }

    fn to_json(&self) -> Object {
        let mut o = Object::new();
        o.opt_uint("ifindex", self.ifindex.map(u64::from));
        o.opt_str("name", self.name.as_deref());
        o.opt_uint("peer-ifindex", self.peer_ifindex.map(u64::from));
        o.opt_str("peer-name", self.peer_name.as_deref());
        o.opt_uint("rx-packets", self.rx_packets);
        o.opt_uint("rx-bytes", self.rx_bytes);
        o.opt_uint("tx-packets", self.tx_packets);
        o.opt_uint("tx-bytes", self.tx_bytes);
        o.opt_uint("tx-dropped", self.tx_dropped);
        o
    }

    fn format_brief(&self) -> String {
        let mut t = Line::new(self.name.as_deref());
        t.num("ifindex", self.ifindex.map(u64::from));
        t.dev("peer", self.peer_name.as_deref(), self.peer_ifindex.map(u64::from));
        t.finish()
    }

    fn format_show(&self) -> String {
        let mut s = self.format_brief();
        counters(&mut s, "rx", &[("packets", self.rx_packets), ("bytes", self.rx_bytes)]);
        counters(&mut s, "tx", &[("packets", self.tx_packets), ("bytes", self.tx_bytes), ("dropped", self.tx_dropped)]);
        s
    }
}

/// A dev-new request: Create a pair. Replies with the new device as dev-get does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DevNewRequest {
    pub name: Option<String>,
    pub peer_name: Option<String>,
}

impl Request for DevNewRequest {
    const OP: &'static OpDesc = &OP_DEV_NEW;
    type Reply = Dev;

    fn encode(&self, buf: &mut Vec<u8>) {
        if let Some(v) = &self.name {
            attr::put_str(buf, attrs::dev::NAME, v);
        }
        if let Some(v) = &self.peer_name {
            attr::put_str(buf, attrs::dev::PEER_NAME, v);
        }
    }

    fn set(&mut self, key: &str, value: &str) -> Result<bool, String> {
        let set = &DEV_SET;
        match key {
            "name" => args::once(&mut self.name, args::string(value, set.attr("name"))?, key)?,
            "peer-name" => args::once(&mut self.peer_name, args::string(value, set.attr("peer-name"))?, key)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn is_empty(&self) -> bool {
        *self == DevNewRequest::default()
    }
}

/// A dev-del request: Delete a pair, given either end by ifindex or name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DevDelRequest {
    pub ifindex: Option<u32>,
    pub name: Option<String>,
}

impl Request for DevDelRequest {
    const OP: &'static OpDesc = &OP_DEV_DEL;
    type Reply = Dev;

    fn encode(&self, buf: &mut Vec<u8>) {
        if let Some(v) = self.ifindex {
            attr::put_u32(buf, attrs::dev::IFINDEX, v);
        }
        if let Some(v) = &self.name {
            attr::put_str(buf, attrs::dev::NAME, v);
        }
    }

    fn set(&mut self, key: &str, value: &str) -> Result<bool, String> {
        let set = &DEV_SET;
        match key {
            "ifindex" => args::once(&mut self.ifindex, args::uint(value, set.attr("ifindex"))? as u32, key)?,
            "name" => args::once(&mut self.name, args::string(value, set.attr("name"))?, key)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn is_empty(&self) -> bool {
        *self == DevDelRequest::default()
    }
}

/// A dev-get request: Get one device (by ifindex or name) or dump all pair ends in the namespace.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DevGetRequest {
    pub ifindex: Option<u32>,
    pub name: Option<String>,
}

impl Request for DevGetRequest {
    const OP: &'static OpDesc = &OP_DEV_GET;
    type Reply = Dev;

    fn encode(&self, buf: &mut Vec<u8>) {
        if let Some(v) = self.ifindex {
            attr::put_u32(buf, attrs::dev::IFINDEX, v);
        }
        if let Some(v) = &self.name {
            attr::put_str(buf, attrs::dev::NAME, v);
        }
    }

    fn set(&mut self, key: &str, value: &str) -> Result<bool, String> {
        let set = &DEV_SET;
        match key {
            "ifindex" => args::once(&mut self.ifindex, args::uint(value, set.attr("ifindex"))? as u32, key)?,
            "name" => args::once(&mut self.name, args::string(value, set.attr("name"))?, key)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn is_empty(&self) -> bool {
        *self == DevGetRequest::default()
    }
}

/// The notifications of the family's multicast groups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notification {
    /// A pair end was created.
    DevNewNtf(Dev),
    /// A pair end was deleted.
    DevDelNtf(Dev),
}

impl Notify for Notification {
    const FAMILY: &'static FamilyDesc = &FAMILY;

    fn parse(msg: &GenlMsg) -> Option<Result<Self, ParseError>> {
        Some(match msg.cmd {
            cmd::DEV_NEW_NTF => Dev::parse(msg.attrs()).map(Notification::DevNewNtf),
            cmd::DEV_DEL_NTF => Dev::parse(msg.attrs()).map(Notification::DevDelNtf),
            _ => return None,
        })
    }

    fn event(&self) -> &'static str {
        match self {
            Notification::DevNewNtf(_) => "new",
            Notification::DevDelNtf(_) => "del",
        }
    }

    fn reply(&self) -> &dyn Reply {
        match self {
            Notification::DevNewNtf(r) | Notification::DevDelNtf(r) => r,
        }
    }
}
