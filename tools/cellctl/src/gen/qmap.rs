// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
// Do not edit directly, auto-generated from:
//	Documentation/netlink/specs/qmap.yaml
// YNL-GEN rust-cli
//! The qmap generic netlink family, as cellctl speaks it.
//!
//! QMAP multiplexing over a raw-IP modem pipe (MHI IP_HW0, USB bulk, or any
//! netdev that carries QMAP). A port is a parent netdev the qmap module is
//! attached to; a channel is a child netdev for one mux id of a port (as
//! rmnet_mhi0.1 for mux id 0x81). A port is attached when its first channel
//! is created and detached when its last channel goes. Everything is per
//! network namespace: the caller's.
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

pub const NAME: &str = "qmap";
pub const VERSION: u8 = 1;

/// Enums: their values by name, and the table the core uses.
pub mod enums {
    use crate::schema::EnumDesc;

    /// Checksum offload variant of the port's QMAP framing.
    pub mod csum {
        pub const NONE: u32 = 0;
        pub const V4: u32 = 1;
        pub const V5: u32 = 2;
    }
    pub static CSUM: EnumDesc = EnumDesc {
        name: "csum",
        entries: &[("none", 0), ("v4", 1), ("v5", 2)],
    };
}

/// Command numbers (requests, replies and notifications).
pub mod cmd {
    pub const CHAN_NEW: u8 = 1;
    pub const CHAN_DEL: u8 = 2;
    pub const CHAN_GET: u8 = 3;
    pub const PORT_SET: u8 = 4;
    pub const PORT_GET: u8 = 5;
    pub const CHAN_NEW_NTF: u8 = 6;
    pub const CHAN_DEL_NTF: u8 = 7;
    pub const CHAN_FLOW_NTF: u8 = 8;
}

/// Attribute numbers, one module per attribute set.
pub mod attrs {
    pub mod chan {
        pub const IFINDEX: u16 = 1;
        pub const NAME: u16 = 2;
        pub const PARENT_IFINDEX: u16 = 3;
        pub const PARENT_NAME: u16 = 4;
        pub const MUX_ID: u16 = 5;
        pub const MTU: u16 = 6;
        pub const FLOW_OFF: u16 = 7;
        pub const RX_PACKETS: u16 = 8;
        pub const RX_BYTES: u16 = 9;
        pub const RX_DROPPED: u16 = 10;
        pub const TX_PACKETS: u16 = 11;
        pub const TX_BYTES: u16 = 12;
        pub const TX_DROPPED: u16 = 13;
        pub const TX_CSUM_OFFLOAD: u16 = 14;
    }
    pub mod port {
        pub const IFINDEX: u16 = 1;
        pub const NAME: u16 = 2;
        pub const CSUM: u16 = 3;
        pub const DEAGGREGATION: u16 = 4;
        pub const UL_AGG_MAX_DATAGRAMS: u16 = 5;
        pub const UL_AGG_MAX_BYTES: u16 = 6;
        pub const UL_AGG_TIME_US: u16 = 7;
        pub const CHANNELS: u16 = 8;
        pub const RX_BUFFERS: u16 = 9;
        pub const RX_FRAMES: u16 = 10;
        pub const RX_COPIED: u16 = 11;
        pub const RX_BUFFER_ERRORS: u16 = 12;
        pub const TX_BUFFERS: u16 = 13;
        pub const CMD_FLOW_DISABLE: u16 = 14;
        pub const CMD_FLOW_ENABLE: u16 = 15;
        pub const CMD_UNKNOWN: u16 = 16;
        pub const CMD_ACKS: u16 = 17;
        pub const DROP_ZERO_LENGTH: u16 = 18;
        pub const DROP_PAST_BUFFER: u16 = 19;
        pub const DROP_TRUNCATED_HEADER: u16 = 20;
        pub const DROP_PAD_TOO_LONG: u16 = 21;
        pub const DROP_MISSING_V5_HEADER: u16 = 22;
        pub const DROP_BAD_V5_HEADER: u16 = 23;
        pub const DROP_NOT_IP: u16 = 24;
        pub const DROP_SHORT_COMMAND: u16 = 25;
        pub const DROP_UNKNOWN_MUX_ID: u16 = 26;
        pub const CSUM_VERIFIED: u16 = 27;
        pub const CSUM_FAIL_NOT_VALID: u16 = 28;
        pub const CSUM_FAIL_TRUNCATED: u16 = 29;
        pub const CSUM_FAIL_BAD_IP_HEADER: u16 = 30;
        pub const CSUM_FAIL_FRAGMENT: u16 = 31;
        pub const CSUM_FAIL_NOT_TCP_UDP: u16 = 32;
        pub const CSUM_FAIL_MISMATCH: u16 = 33;
    }
}

/// Multicast group names.
pub mod mcgrp {
    pub const EVENTS: &str = "events";
}

/// The "chan" attribute set.
pub static CHAN_SET: SetDesc = SetDesc {
    name: "chan",
    attrs: &[
        AttrDesc { name: "ifindex", id: 1, min: 1, max: 2147483647, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "name", id: 2, min: 0, max: 0, min_len: None, max_len: Some(15), enum_: None, hex: false },
        AttrDesc { name: "parent-ifindex", id: 3, min: 1, max: 2147483647, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "parent-name", id: 4, min: 0, max: 0, min_len: None, max_len: Some(15), enum_: None, hex: false },
        AttrDesc { name: "mux-id", id: 5, min: 1, max: 254, min_len: None, max_len: None, enum_: None, hex: true },
        AttrDesc { name: "mtu", id: 6, min: 68, max: 16384, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "flow-off", id: 7, min: 0, max: 4294967295, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "rx-packets", id: 8, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "rx-bytes", id: 9, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "rx-dropped", id: 10, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "tx-packets", id: 11, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "tx-bytes", id: 12, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "tx-dropped", id: 13, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "tx-csum-offload", id: 14, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
    ],
};

/// The "port" attribute set.
pub static PORT_SET: SetDesc = SetDesc {
    name: "port",
    attrs: &[
        AttrDesc { name: "ifindex", id: 1, min: 1, max: 2147483647, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "name", id: 2, min: 0, max: 0, min_len: None, max_len: Some(15), enum_: None, hex: false },
        AttrDesc { name: "csum", id: 3, min: 0, max: 2, min_len: None, max_len: None, enum_: Some(&enums::CSUM), hex: false },
        AttrDesc { name: "deaggregation", id: 4, min: 0, max: 1, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "ul-agg-max-datagrams", id: 5, min: 0, max: 64, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "ul-agg-max-bytes", id: 6, min: 64, max: 65535, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "ul-agg-time-us", id: 7, min: 0, max: 1000000, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "channels", id: 8, min: 0, max: 4294967295, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "rx-buffers", id: 9, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "rx-frames", id: 10, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "rx-copied", id: 11, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "rx-buffer-errors", id: 12, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "tx-buffers", id: 13, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "cmd-flow-disable", id: 14, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "cmd-flow-enable", id: 15, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "cmd-unknown", id: 16, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "cmd-acks", id: 17, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "drop-zero-length", id: 18, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "drop-past-buffer", id: 19, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "drop-truncated-header", id: 20, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "drop-pad-too-long", id: 21, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "drop-missing-v5-header", id: 22, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "drop-bad-v5-header", id: 23, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "drop-not-ip", id: 24, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "drop-short-command", id: 25, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "drop-unknown-mux-id", id: 26, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "csum-verified", id: 27, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "csum-fail-not-valid", id: 28, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "csum-fail-truncated", id: 29, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "csum-fail-bad-ip-header", id: 30, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "csum-fail-fragment", id: 31, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "csum-fail-not-tcp-udp", id: 32, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
        AttrDesc { name: "csum-fail-mismatch", id: 33, min: 0, max: 18446744073709551615, min_len: None, max_len: None, enum_: None, hex: false },
    ],
};

pub static OP_CHAN_NEW: OpDesc = OpDesc {
    family: NAME,
    name: "chan-new",
    cmd: cmd::CHAN_NEW,
    set: &CHAN_SET,
    request: &["parent-ifindex", "parent-name", "mux-id", "name", "mtu"],
    has_do: true,
    has_dump: false,
    admin: true,
};

pub static OP_CHAN_DEL: OpDesc = OpDesc {
    family: NAME,
    name: "chan-del",
    cmd: cmd::CHAN_DEL,
    set: &CHAN_SET,
    request: &["ifindex", "name"],
    has_do: true,
    has_dump: false,
    admin: true,
};

pub static OP_CHAN_GET: OpDesc = OpDesc {
    family: NAME,
    name: "chan-get",
    cmd: cmd::CHAN_GET,
    set: &CHAN_SET,
    request: &["ifindex", "name"],
    has_do: true,
    has_dump: true,
    admin: false,
};

pub static OP_PORT_SET: OpDesc = OpDesc {
    family: NAME,
    name: "port-set",
    cmd: cmd::PORT_SET,
    set: &PORT_SET,
    request: &["ifindex", "name", "csum", "deaggregation", "ul-agg-max-datagrams", "ul-agg-max-bytes", "ul-agg-time-us"],
    has_do: true,
    has_dump: false,
    admin: true,
};

pub static OP_PORT_GET: OpDesc = OpDesc {
    family: NAME,
    name: "port-get",
    cmd: cmd::PORT_GET,
    set: &PORT_SET,
    request: &["ifindex", "name"],
    has_do: true,
    has_dump: true,
    admin: false,
};

/// The family.
pub static FAMILY: FamilyDesc = FamilyDesc {
    name: "qmap",
    version: 1,
    ops: &[&OP_CHAN_NEW, &OP_CHAN_DEL, &OP_CHAN_GET, &OP_PORT_SET, &OP_PORT_GET],
    mcgrps: &["events"],
};

/// A channel (a child netdev for one mux id of a port).
///
/// Parsed from any message of the set; attributes the kernel did not send
/// are `None`, attributes this code does not know are ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Chan {
    /// Index of the channel's netdev.
    pub ifindex: Option<u32>,
    /// Name of the channel's netdev; on creation, defaults to <parent>.<n> (n = mux id - 0x80).
    pub name: Option<String>,
    /// Index of the port's parent netdev.
    pub parent_ifindex: Option<u32>,
    /// Name of the port's parent netdev.
    pub parent_name: Option<String>,
    /// QMAP mux id of the channel.
    pub mux_id: Option<u32>,
    /// MTU of the channel; at most the parent's MTU minus the 8 bytes of QMAP headers.
    pub mtu: Option<u32>,
    /// 1 while the modem has disabled the flow (the channel's queue is stopped), else 0.
    pub flow_off: Option<u32>,
    /// Packets delivered to the channel.
    pub rx_packets: Option<u64>,
    /// Bytes delivered to the channel.
    pub rx_bytes: Option<u64>,
    /// Received packets dropped (the channel down, no memory).
    pub rx_dropped: Option<u64>,
    /// Packets sent by the channel.
    pub tx_packets: Option<u64>,
    /// Bytes sent by the channel.
    pub tx_bytes: Option<u64>,
    /// Packets dropped on transmit (flow off with a full queue, no headroom, the parent gone).
    pub tx_dropped: Option<u64>,
    /// Uplink packets whose transport checksum the modem was asked to compute (MAPv4 and MAPv5 checksum offload).
    pub tx_csum_offload: Option<u64>,
}

impl Reply for Chan {
    fn parse(attrs: Attrs<'_>) -> Result<Self, ParseError> {
        let mut r = Chan::default();
        for a in attrs {
            let a = a?;
            match a.ty {
                attrs::chan::IFINDEX => r.ifindex = Some(a.u32()?),
                attrs::chan::NAME => r.name = Some(a.string()),
                attrs::chan::PARENT_IFINDEX => r.parent_ifindex = Some(a.u32()?),
                attrs::chan::PARENT_NAME => r.parent_name = Some(a.string()),
                attrs::chan::MUX_ID => r.mux_id = Some(a.u32()?),
                attrs::chan::MTU => r.mtu = Some(a.u32()?),
                attrs::chan::FLOW_OFF => r.flow_off = Some(a.u32()?),
                attrs::chan::RX_PACKETS => r.rx_packets = Some(a.uint()?),
                attrs::chan::RX_BYTES => r.rx_bytes = Some(a.uint()?),
                attrs::chan::RX_DROPPED => r.rx_dropped = Some(a.uint()?),
                attrs::chan::TX_PACKETS => r.tx_packets = Some(a.uint()?),
                attrs::chan::TX_BYTES => r.tx_bytes = Some(a.uint()?),
                attrs::chan::TX_DROPPED => r.tx_dropped = Some(a.uint()?),
                attrs::chan::TX_CSUM_OFFLOAD => r.tx_csum_offload = Some(a.uint()?),
                _ => {} // a newer kernel's: ignored
            }
        }
        Ok(r)
    }

    fn to_json(&self) -> Object {
        let mut o = Object::new();
        o.opt_uint("ifindex", self.ifindex.map(u64::from));
        o.opt_str("name", self.name.as_deref());
        o.opt_uint("parent-ifindex", self.parent_ifindex.map(u64::from));
        o.opt_str("parent-name", self.parent_name.as_deref());
        o.opt_uint("mux-id", self.mux_id.map(u64::from));
        o.opt_uint("mtu", self.mtu.map(u64::from));
        o.opt_uint("flow-off", self.flow_off.map(u64::from));
        o.opt_uint("rx-packets", self.rx_packets);
        o.opt_uint("rx-bytes", self.rx_bytes);
        o.opt_uint("rx-dropped", self.rx_dropped);
        o.opt_uint("tx-packets", self.tx_packets);
        o.opt_uint("tx-bytes", self.tx_bytes);
        o.opt_uint("tx-dropped", self.tx_dropped);
        o.opt_uint("tx-csum-offload", self.tx_csum_offload);
        o
    }

    fn format_brief(&self) -> String {
        let mut t = Line::new(self.name.as_deref());
        t.num("ifindex", self.ifindex.map(u64::from));
        t.dev("parent", self.parent_name.as_deref(), self.parent_ifindex.map(u64::from));
        t.hex("mux-id", self.mux_id.map(u64::from));
        t.num("mtu", self.mtu.map(u64::from));
        t.num("flow-off", self.flow_off.map(u64::from));
        t.finish()
    }

    fn format_show(&self) -> String {
        let mut s = self.format_brief();
        counters(&mut s, "rx", &[("packets", self.rx_packets), ("bytes", self.rx_bytes), ("dropped", self.rx_dropped)]);
        counters(&mut s, "tx", &[("packets", self.tx_packets), ("bytes", self.tx_bytes), ("dropped", self.tx_dropped), ("csum-offload", self.tx_csum_offload)]);
        s
    }
}

/// A port (a parent netdev carrying QMAP).
///
/// Parsed from any message of the set; attributes the kernel did not send
/// are `None`, attributes this code does not know are ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Port {
    /// Index of the parent netdev.
    pub ifindex: Option<u32>,
    /// Name of the parent netdev.
    pub name: Option<String>,
    /// Checksum variant of downlink and uplink frames.
    pub csum: Option<u32>,
    /// 1 to split downlink buffers holding several frames (default), 0 to take one frame per buffer.
    pub deaggregation: Option<u32>,
    /// Uplink aggregation, most frames per buffer; 0 or 1 disables aggregation.
    pub ul_agg_max_datagrams: Option<u32>,
    /// Uplink aggregation, most bytes per buffer.
    pub ul_agg_max_bytes: Option<u32>,
    /// Uplink aggregation, longest a frame waits for others, in microseconds.
    pub ul_agg_time_us: Option<u32>,
    /// Number of channels.
    pub channels: Option<u32>,
    /// Downlink buffers received from the parent.
    pub rx_buffers: Option<u64>,
    /// Frames delivered to channels.
    pub rx_frames: Option<u64>,
    /// Frames of a paged buffer copied out of it because its layout (a large kmalloc'ed head in front of page fragments) allows no sharing. Not counted, as they are copied by design - frames of kmalloc'ed linear buffers, and frames of at most 128 bytes.
    pub rx_copied: Option<u64>,
    /// Downlink buffers dropped whole (no memory to make a non-shareable paged buffer linear).
    pub rx_buffer_errors: Option<u64>,
    /// Uplink buffers sent to the parent.
    pub tx_buffers: Option<u64>,
    /// Flow-disable commands received from the modem.
    pub cmd_flow_disable: Option<u64>,
    /// Flow-enable commands received from the modem.
    pub cmd_flow_enable: Option<u64>,
    /// Commands the module does not know; counted, not answered (as rmnet).
    pub cmd_unknown: Option<u64>,
    /// Acks sent for commands.
    pub cmd_acks: Option<u64>,
    /// A QMAP length of zero; the rest of the buffer is dropped with it.
    pub drop_zero_length: Option<u64>,
    /// A QMAP length running past the end of the buffer; the rest is dropped.
    pub drop_past_buffer: Option<u64>,
    /// Fewer bytes left in a buffer than a QMAP header; dropped.
    pub drop_truncated_header: Option<u64>,
    /// Padding not shorter than the QMAP length; the frame is dropped.
    pub drop_pad_too_long: Option<u64>,
    /// MAPv5 data frame without its checksum header (next-header flag clear); dropped.
    pub drop_missing_v5_header: Option<u64>,
    /// MAPv5 next header of a type other than checksum offload; dropped.
    pub drop_bad_v5_header: Option<u64>,
    /// Payload neither IPv4 nor IPv6; dropped.
    pub drop_not_ip: Option<u64>,
    /// Command shorter than its fixed part; dropped.
    pub drop_short_command: Option<u64>,
    /// Frame for a mux id without a channel; dropped.
    pub drop_unknown_mux_id: Option<u64>,
    /// Downlink packets whose transport checksum the modem vouched for (MAPv5 valid bit, or a MAPv4 trailer that checks out), delivered as verified.
    pub csum_verified: Option<u64>,
    /// Downlink packets (MAPv4, MAPv5) the modem did not mark as verified; these and the csum-fail-* below are left for the stack to verify.
    pub csum_fail_not_valid: Option<u64>,
    /// MAPv4 trailer not checked; the packet is too short for its headers.
    pub csum_fail_truncated: Option<u64>,
    /// MAPv4 trailer not checked; the IPv4 header checksum is wrong.
    pub csum_fail_bad_ip_header: Option<u64>,
    /// MAPv4 trailer not checked; IPv4 fragment.
    pub csum_fail_fragment: Option<u64>,
    /// MAPv4 trailer not checked; neither TCP nor UDP (IPv6 extension headers included).
    pub csum_fail_not_tcp_udp: Option<u64>,
    /// MAPv4 trailer checksum does not match the packet.
    pub csum_fail_mismatch: Option<u64>,
}

impl Reply for Port {
    fn parse(attrs: Attrs<'_>) -> Result<Self, ParseError> {
        let mut r = Port::default();
        for a in attrs {
            let a = a?;
            match a.ty {
                attrs::port::IFINDEX => r.ifindex = Some(a.u32()?),
                attrs::port::NAME => r.name = Some(a.string()),
                attrs::port::CSUM => r.csum = Some(a.u32()?),
                attrs::port::DEAGGREGATION => r.deaggregation = Some(a.u32()?),
                attrs::port::UL_AGG_MAX_DATAGRAMS => r.ul_agg_max_datagrams = Some(a.u32()?),
                attrs::port::UL_AGG_MAX_BYTES => r.ul_agg_max_bytes = Some(a.u32()?),
                attrs::port::UL_AGG_TIME_US => r.ul_agg_time_us = Some(a.u32()?),
                attrs::port::CHANNELS => r.channels = Some(a.u32()?),
                attrs::port::RX_BUFFERS => r.rx_buffers = Some(a.uint()?),
                attrs::port::RX_FRAMES => r.rx_frames = Some(a.uint()?),
                attrs::port::RX_COPIED => r.rx_copied = Some(a.uint()?),
                attrs::port::RX_BUFFER_ERRORS => r.rx_buffer_errors = Some(a.uint()?),
                attrs::port::TX_BUFFERS => r.tx_buffers = Some(a.uint()?),
                attrs::port::CMD_FLOW_DISABLE => r.cmd_flow_disable = Some(a.uint()?),
                attrs::port::CMD_FLOW_ENABLE => r.cmd_flow_enable = Some(a.uint()?),
                attrs::port::CMD_UNKNOWN => r.cmd_unknown = Some(a.uint()?),
                attrs::port::CMD_ACKS => r.cmd_acks = Some(a.uint()?),
                attrs::port::DROP_ZERO_LENGTH => r.drop_zero_length = Some(a.uint()?),
                attrs::port::DROP_PAST_BUFFER => r.drop_past_buffer = Some(a.uint()?),
                attrs::port::DROP_TRUNCATED_HEADER => r.drop_truncated_header = Some(a.uint()?),
                attrs::port::DROP_PAD_TOO_LONG => r.drop_pad_too_long = Some(a.uint()?),
                attrs::port::DROP_MISSING_V5_HEADER => r.drop_missing_v5_header = Some(a.uint()?),
                attrs::port::DROP_BAD_V5_HEADER => r.drop_bad_v5_header = Some(a.uint()?),
                attrs::port::DROP_NOT_IP => r.drop_not_ip = Some(a.uint()?),
                attrs::port::DROP_SHORT_COMMAND => r.drop_short_command = Some(a.uint()?),
                attrs::port::DROP_UNKNOWN_MUX_ID => r.drop_unknown_mux_id = Some(a.uint()?),
                attrs::port::CSUM_VERIFIED => r.csum_verified = Some(a.uint()?),
                attrs::port::CSUM_FAIL_NOT_VALID => r.csum_fail_not_valid = Some(a.uint()?),
                attrs::port::CSUM_FAIL_TRUNCATED => r.csum_fail_truncated = Some(a.uint()?),
                attrs::port::CSUM_FAIL_BAD_IP_HEADER => r.csum_fail_bad_ip_header = Some(a.uint()?),
                attrs::port::CSUM_FAIL_FRAGMENT => r.csum_fail_fragment = Some(a.uint()?),
                attrs::port::CSUM_FAIL_NOT_TCP_UDP => r.csum_fail_not_tcp_udp = Some(a.uint()?),
                attrs::port::CSUM_FAIL_MISMATCH => r.csum_fail_mismatch = Some(a.uint()?),
                _ => {} // a newer kernel's: ignored
            }
        }
        Ok(r)
    }

    fn to_json(&self) -> Object {
        let mut o = Object::new();
        o.opt_uint("ifindex", self.ifindex.map(u64::from));
        o.opt_str("name", self.name.as_deref());
        o.opt_enum("csum", &enums::CSUM, self.csum.map(u64::from));
        o.opt_uint("deaggregation", self.deaggregation.map(u64::from));
        o.opt_uint("ul-agg-max-datagrams", self.ul_agg_max_datagrams.map(u64::from));
        o.opt_uint("ul-agg-max-bytes", self.ul_agg_max_bytes.map(u64::from));
        o.opt_uint("ul-agg-time-us", self.ul_agg_time_us.map(u64::from));
        o.opt_uint("channels", self.channels.map(u64::from));
        o.opt_uint("rx-buffers", self.rx_buffers);
        o.opt_uint("rx-frames", self.rx_frames);
        o.opt_uint("rx-copied", self.rx_copied);
        o.opt_uint("rx-buffer-errors", self.rx_buffer_errors);
        o.opt_uint("tx-buffers", self.tx_buffers);
        o.opt_uint("cmd-flow-disable", self.cmd_flow_disable);
        o.opt_uint("cmd-flow-enable", self.cmd_flow_enable);
        o.opt_uint("cmd-unknown", self.cmd_unknown);
        o.opt_uint("cmd-acks", self.cmd_acks);
        o.opt_uint("drop-zero-length", self.drop_zero_length);
        o.opt_uint("drop-past-buffer", self.drop_past_buffer);
        o.opt_uint("drop-truncated-header", self.drop_truncated_header);
        o.opt_uint("drop-pad-too-long", self.drop_pad_too_long);
        o.opt_uint("drop-missing-v5-header", self.drop_missing_v5_header);
        o.opt_uint("drop-bad-v5-header", self.drop_bad_v5_header);
        o.opt_uint("drop-not-ip", self.drop_not_ip);
        o.opt_uint("drop-short-command", self.drop_short_command);
        o.opt_uint("drop-unknown-mux-id", self.drop_unknown_mux_id);
        o.opt_uint("csum-verified", self.csum_verified);
        o.opt_uint("csum-fail-not-valid", self.csum_fail_not_valid);
        o.opt_uint("csum-fail-truncated", self.csum_fail_truncated);
        o.opt_uint("csum-fail-bad-ip-header", self.csum_fail_bad_ip_header);
        o.opt_uint("csum-fail-fragment", self.csum_fail_fragment);
        o.opt_uint("csum-fail-not-tcp-udp", self.csum_fail_not_tcp_udp);
        o.opt_uint("csum-fail-mismatch", self.csum_fail_mismatch);
        o
    }

    fn format_brief(&self) -> String {
        let mut t = Line::new(self.name.as_deref());
        t.num("ifindex", self.ifindex.map(u64::from));
        t.enum_("csum", &enums::CSUM, self.csum.map(u64::from));
        t.on_off("deaggregation", self.deaggregation.map(u64::from));
        t.num("ul-agg-max-datagrams", self.ul_agg_max_datagrams.map(u64::from));
        t.num("ul-agg-max-bytes", self.ul_agg_max_bytes.map(u64::from));
        t.num("ul-agg-time-us", self.ul_agg_time_us.map(u64::from));
        t.num("channels", self.channels.map(u64::from));
        t.finish()
    }

    fn format_show(&self) -> String {
        let mut s = self.format_brief();
        counters(&mut s, "rx", &[("buffers", self.rx_buffers), ("frames", self.rx_frames), ("copied", self.rx_copied), ("buffer-errors", self.rx_buffer_errors)]);
        counters(&mut s, "tx", &[("buffers", self.tx_buffers)]);
        counters(&mut s, "cmd", &[("flow-disable", self.cmd_flow_disable), ("flow-enable", self.cmd_flow_enable), ("unknown", self.cmd_unknown), ("acks", self.cmd_acks)]);
        counters(&mut s, "drop", &[("zero-length", self.drop_zero_length), ("past-buffer", self.drop_past_buffer), ("truncated-header", self.drop_truncated_header), ("pad-too-long", self.drop_pad_too_long), ("missing-v5-header", self.drop_missing_v5_header), ("bad-v5-header", self.drop_bad_v5_header), ("not-ip", self.drop_not_ip), ("short-command", self.drop_short_command), ("unknown-mux-id", self.drop_unknown_mux_id)]);
        counters(&mut s, "csum", &[("verified", self.csum_verified), ("fail-not-valid", self.csum_fail_not_valid), ("fail-truncated", self.csum_fail_truncated), ("fail-bad-ip-header", self.csum_fail_bad_ip_header), ("fail-fragment", self.csum_fail_fragment), ("fail-not-tcp-udp", self.csum_fail_not_tcp_udp), ("fail-mismatch", self.csum_fail_mismatch)]);
        s
    }
}

/// A chan-new request: Create a channel (attaching the port on its first channel). Replies as chan-get.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChanNewRequest {
    pub parent_ifindex: Option<u32>,
    pub parent_name: Option<String>,
    pub mux_id: Option<u32>,
    pub name: Option<String>,
    pub mtu: Option<u32>,
}

impl Request for ChanNewRequest {
    const OP: &'static OpDesc = &OP_CHAN_NEW;
    type Reply = Chan;

    fn encode(&self, buf: &mut Vec<u8>) {
        if let Some(v) = self.parent_ifindex {
            attr::put_u32(buf, attrs::chan::PARENT_IFINDEX, v);
        }
        if let Some(v) = &self.parent_name {
            attr::put_str(buf, attrs::chan::PARENT_NAME, v);
        }
        if let Some(v) = self.mux_id {
            attr::put_u32(buf, attrs::chan::MUX_ID, v);
        }
        if let Some(v) = &self.name {
            attr::put_str(buf, attrs::chan::NAME, v);
        }
        if let Some(v) = self.mtu {
            attr::put_u32(buf, attrs::chan::MTU, v);
        }
    }

    fn set(&mut self, key: &str, value: &str) -> Result<bool, String> {
        let set = &CHAN_SET;
        match key {
            "parent-ifindex" => args::once(&mut self.parent_ifindex, args::uint(value, set.attr("parent-ifindex"))? as u32, key)?,
            "parent-name" => args::once(&mut self.parent_name, args::string(value, set.attr("parent-name"))?, key)?,
            "mux-id" => args::once(&mut self.mux_id, args::uint(value, set.attr("mux-id"))? as u32, key)?,
            "name" => args::once(&mut self.name, args::string(value, set.attr("name"))?, key)?,
            "mtu" => args::once(&mut self.mtu, args::uint(value, set.attr("mtu"))? as u32, key)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn is_empty(&self) -> bool {
        *self == ChanNewRequest::default()
    }
}

/// A chan-del request: Delete a channel (detaching the port with its last channel).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChanDelRequest {
    pub ifindex: Option<u32>,
    pub name: Option<String>,
}

impl Request for ChanDelRequest {
    const OP: &'static OpDesc = &OP_CHAN_DEL;
    type Reply = Chan;

    fn encode(&self, buf: &mut Vec<u8>) {
        if let Some(v) = self.ifindex {
            attr::put_u32(buf, attrs::chan::IFINDEX, v);
        }
        if let Some(v) = &self.name {
            attr::put_str(buf, attrs::chan::NAME, v);
        }
    }

    fn set(&mut self, key: &str, value: &str) -> Result<bool, String> {
        let set = &CHAN_SET;
        match key {
            "ifindex" => args::once(&mut self.ifindex, args::uint(value, set.attr("ifindex"))? as u32, key)?,
            "name" => args::once(&mut self.name, args::string(value, set.attr("name"))?, key)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn is_empty(&self) -> bool {
        *self == ChanDelRequest::default()
    }
}

/// A chan-get request: Get a channel, or dump the channels of the namespace.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChanGetRequest {
    pub ifindex: Option<u32>,
    pub name: Option<String>,
}

impl Request for ChanGetRequest {
    const OP: &'static OpDesc = &OP_CHAN_GET;
    type Reply = Chan;

    fn encode(&self, buf: &mut Vec<u8>) {
        if let Some(v) = self.ifindex {
            attr::put_u32(buf, attrs::chan::IFINDEX, v);
        }
        if let Some(v) = &self.name {
            attr::put_str(buf, attrs::chan::NAME, v);
        }
    }

    fn set(&mut self, key: &str, value: &str) -> Result<bool, String> {
        let set = &CHAN_SET;
        match key {
            "ifindex" => args::once(&mut self.ifindex, args::uint(value, set.attr("ifindex"))? as u32, key)?,
            "name" => args::once(&mut self.name, args::string(value, set.attr("name"))?, key)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn is_empty(&self) -> bool {
        *self == ChanGetRequest::default()
    }
}

/// A port-set request: Change the framing and aggregation of an attached port.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PortSetRequest {
    pub ifindex: Option<u32>,
    pub name: Option<String>,
    pub csum: Option<u32>,
    pub deaggregation: Option<u32>,
    pub ul_agg_max_datagrams: Option<u32>,
    pub ul_agg_max_bytes: Option<u32>,
    pub ul_agg_time_us: Option<u32>,
}

impl Request for PortSetRequest {
    const OP: &'static OpDesc = &OP_PORT_SET;
    type Reply = Port;

    fn encode(&self, buf: &mut Vec<u8>) {
        if let Some(v) = self.ifindex {
            attr::put_u32(buf, attrs::port::IFINDEX, v);
        }
        if let Some(v) = &self.name {
            attr::put_str(buf, attrs::port::NAME, v);
        }
        if let Some(v) = self.csum {
            attr::put_u32(buf, attrs::port::CSUM, v);
        }
        if let Some(v) = self.deaggregation {
            attr::put_u32(buf, attrs::port::DEAGGREGATION, v);
        }
        if let Some(v) = self.ul_agg_max_datagrams {
            attr::put_u32(buf, attrs::port::UL_AGG_MAX_DATAGRAMS, v);
        }
        if let Some(v) = self.ul_agg_max_bytes {
            attr::put_u32(buf, attrs::port::UL_AGG_MAX_BYTES, v);
        }
        if let Some(v) = self.ul_agg_time_us {
            attr::put_u32(buf, attrs::port::UL_AGG_TIME_US, v);
        }
    }

    fn set(&mut self, key: &str, value: &str) -> Result<bool, String> {
        let set = &PORT_SET;
        match key {
            "ifindex" => args::once(&mut self.ifindex, args::uint(value, set.attr("ifindex"))? as u32, key)?,
            "name" => args::once(&mut self.name, args::string(value, set.attr("name"))?, key)?,
            "csum" => args::once(&mut self.csum, args::uint(value, set.attr("csum"))? as u32, key)?,
            "deaggregation" => args::once(&mut self.deaggregation, args::uint(value, set.attr("deaggregation"))? as u32, key)?,
            "ul-agg-max-datagrams" => args::once(&mut self.ul_agg_max_datagrams, args::uint(value, set.attr("ul-agg-max-datagrams"))? as u32, key)?,
            "ul-agg-max-bytes" => args::once(&mut self.ul_agg_max_bytes, args::uint(value, set.attr("ul-agg-max-bytes"))? as u32, key)?,
            "ul-agg-time-us" => args::once(&mut self.ul_agg_time_us, args::uint(value, set.attr("ul-agg-time-us"))? as u32, key)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn is_empty(&self) -> bool {
        *self == PortSetRequest::default()
    }
}

/// A port-get request: Get a port's settings and counters, or dump the ports of the namespace.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PortGetRequest {
    pub ifindex: Option<u32>,
    pub name: Option<String>,
}

impl Request for PortGetRequest {
    const OP: &'static OpDesc = &OP_PORT_GET;
    type Reply = Port;

    fn encode(&self, buf: &mut Vec<u8>) {
        if let Some(v) = self.ifindex {
            attr::put_u32(buf, attrs::port::IFINDEX, v);
        }
        if let Some(v) = &self.name {
            attr::put_str(buf, attrs::port::NAME, v);
        }
    }

    fn set(&mut self, key: &str, value: &str) -> Result<bool, String> {
        let set = &PORT_SET;
        match key {
            "ifindex" => args::once(&mut self.ifindex, args::uint(value, set.attr("ifindex"))? as u32, key)?,
            "name" => args::once(&mut self.name, args::string(value, set.attr("name"))?, key)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn is_empty(&self) -> bool {
        *self == PortGetRequest::default()
    }
}

/// The notifications of the family's multicast groups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notification {
    /// A channel was created.
    ChanNewNtf(Chan),
    /// A channel was deleted.
    ChanDelNtf(Chan),
    /// The modem disabled or enabled the flow of a channel (see flow-off).
    ChanFlowNtf(Chan),
}

impl Notify for Notification {
    const FAMILY: &'static FamilyDesc = &FAMILY;

    fn parse(msg: &GenlMsg) -> Option<Result<Self, ParseError>> {
        Some(match msg.cmd {
            cmd::CHAN_NEW_NTF => Chan::parse(msg.attrs()).map(Notification::ChanNewNtf),
            cmd::CHAN_DEL_NTF => Chan::parse(msg.attrs()).map(Notification::ChanDelNtf),
            cmd::CHAN_FLOW_NTF => Chan::parse(msg.attrs()).map(Notification::ChanFlowNtf),
            _ => return None,
        })
    }

    fn event(&self) -> &'static str {
        match self {
            Notification::ChanNewNtf(_) => "new",
            Notification::ChanDelNtf(_) => "del",
            Notification::ChanFlowNtf(_) => "flow",
        }
    }

    fn reply(&self) -> &dyn Reply {
        match self {
            Notification::ChanNewNtf(r) | Notification::ChanDelNtf(r) | Notification::ChanFlowNtf(r) => r,
        }
    }
}
