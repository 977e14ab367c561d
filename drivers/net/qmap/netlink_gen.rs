// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
// Do not edit directly, auto-generated from:
//	Documentation/netlink/specs/qmap.yaml
// YNL-GEN rust-kernel

//! The `qmap` generic netlink family: numbers, request policies,
//! operations and multicast groups, generated from its YNL spec.

#![allow(dead_code)]

use crate::support::genl::{Family, McGroup, Op, OpFlags, Policy, Range};
use kernel::c_str;

/// Checksum offload variant of the port's QMAP framing.
pub(crate) mod csum {
    /// MAPv1 framing, no checksum offload.
    pub(crate) const NONE: u32 = 0;
    /// MAPv4, a checksum trailer after each downlink packet and a checksum header before each uplink one.
    pub(crate) const V4: u32 = 1;
    /// MAPv5, checksum offload in a next header after the QMAP header, both ways.
    pub(crate) const V5: u32 = 2;
}

/// Attribute numbers, per attribute set.
pub(crate) mod attr {
    /// A channel (a child netdev for one mux id of a port).
    pub(crate) mod chan {
        /// Index of the channel's netdev.
        pub(crate) const IFINDEX: u16 = 1;
        /// Name of the channel's netdev; on creation, defaults to <parent>.<n> (n = mux id - 0x80).
        pub(crate) const NAME: u16 = 2;
        /// Index of the port's parent netdev.
        pub(crate) const PARENT_IFINDEX: u16 = 3;
        /// Name of the port's parent netdev.
        pub(crate) const PARENT_NAME: u16 = 4;
        /// QMAP mux id of the channel.
        pub(crate) const MUX_ID: u16 = 5;
        /// MTU of the channel; at most the parent's MTU minus the 8 bytes of QMAP headers.
        pub(crate) const MTU: u16 = 6;
        /// 1 while the modem has disabled the flow (the channel's queue is stopped), else 0.
        pub(crate) const FLOW_OFF: u16 = 7;
        /// Packets delivered to the channel.
        pub(crate) const RX_PACKETS: u16 = 8;
        /// Bytes delivered to the channel.
        pub(crate) const RX_BYTES: u16 = 9;
        /// Received packets dropped (the channel down, no memory).
        pub(crate) const RX_DROPPED: u16 = 10;
        /// Packets sent by the channel.
        pub(crate) const TX_PACKETS: u16 = 11;
        /// Bytes sent by the channel.
        pub(crate) const TX_BYTES: u16 = 12;
        /// Packets dropped on transmit (flow off with a full queue, no headroom, the parent gone).
        pub(crate) const TX_DROPPED: u16 = 13;
        /// Uplink packets whose transport checksum the modem was asked to compute (MAPv4 and MAPv5 checksum offload).
        pub(crate) const TX_CSUM_OFFLOAD: u16 = 14;
        /// The highest attribute number.
        pub(crate) const MAX: u16 = 14;
    }

    /// A port (a parent netdev carrying QMAP).
    pub(crate) mod port {
        /// Index of the parent netdev.
        pub(crate) const IFINDEX: u16 = 1;
        /// Name of the parent netdev.
        pub(crate) const NAME: u16 = 2;
        /// Checksum variant of downlink and uplink frames.
        pub(crate) const CSUM: u16 = 3;
        /// 1 to split downlink buffers holding several frames (default), 0 to take one frame per buffer.
        pub(crate) const DEAGGREGATION: u16 = 4;
        /// Uplink aggregation, most frames per buffer; 0 or 1 disables aggregation.
        pub(crate) const UL_AGG_MAX_DATAGRAMS: u16 = 5;
        /// Uplink aggregation, most bytes per buffer.
        pub(crate) const UL_AGG_MAX_BYTES: u16 = 6;
        /// Uplink aggregation, longest a frame waits for others, in microseconds.
        pub(crate) const UL_AGG_TIME_US: u16 = 7;
        /// Number of channels.
        pub(crate) const CHANNELS: u16 = 8;
        /// Downlink buffers received from the parent.
        pub(crate) const RX_BUFFERS: u16 = 9;
        /// Frames delivered to channels.
        pub(crate) const RX_FRAMES: u16 = 10;
        /// Frames of a paged buffer copied out of it because its layout (a large kmalloc'ed head in front of page fragments) allows no sharing. Not counted, as they are copied by design - frames of kmalloc'ed linear buffers, and frames of at most 128 bytes.
        pub(crate) const RX_COPIED: u16 = 11;
        /// Downlink buffers dropped whole (no memory to make a non-shareable paged buffer linear).
        pub(crate) const RX_BUFFER_ERRORS: u16 = 12;
        /// Uplink buffers sent to the parent.
        pub(crate) const TX_BUFFERS: u16 = 13;
        /// Flow-disable commands received from the modem.
        pub(crate) const CMD_FLOW_DISABLE: u16 = 14;
        /// Flow-enable commands received from the modem.
        pub(crate) const CMD_FLOW_ENABLE: u16 = 15;
        /// Commands the module does not know; counted, not answered (as rmnet).
        pub(crate) const CMD_UNKNOWN: u16 = 16;
        /// Acks sent for commands.
        pub(crate) const CMD_ACKS: u16 = 17;
        /// A QMAP length of zero; the rest of the buffer is dropped with it.
        pub(crate) const DROP_ZERO_LENGTH: u16 = 18;
        /// A QMAP length running past the end of the buffer; the rest is dropped.
        pub(crate) const DROP_PAST_BUFFER: u16 = 19;
        /// Fewer bytes left in a buffer than a QMAP header; dropped.
        pub(crate) const DROP_TRUNCATED_HEADER: u16 = 20;
        /// Padding not shorter than the QMAP length; the frame is dropped.
        pub(crate) const DROP_PAD_TOO_LONG: u16 = 21;
        /// MAPv5 data frame without its checksum header (next-header flag clear); dropped.
        pub(crate) const DROP_MISSING_V5_HEADER: u16 = 22;
        /// MAPv5 next header of a type other than checksum offload; dropped.
        pub(crate) const DROP_BAD_V5_HEADER: u16 = 23;
        /// Payload neither IPv4 nor IPv6; dropped.
        pub(crate) const DROP_NOT_IP: u16 = 24;
        /// Command shorter than its fixed part; dropped.
        pub(crate) const DROP_SHORT_COMMAND: u16 = 25;
        /// Frame for a mux id without a channel; dropped.
        pub(crate) const DROP_UNKNOWN_MUX_ID: u16 = 26;
        /// Downlink packets whose transport checksum the modem vouched for (MAPv5 valid bit, or a MAPv4 trailer that checks out), delivered as verified.
        pub(crate) const CSUM_VERIFIED: u16 = 27;
        /// Downlink packets (MAPv4, MAPv5) the modem did not mark as verified; these and the csum-fail-* below are left for the stack to verify.
        pub(crate) const CSUM_FAIL_NOT_VALID: u16 = 28;
        /// MAPv4 trailer not checked; the packet is too short for its headers.
        pub(crate) const CSUM_FAIL_TRUNCATED: u16 = 29;
        /// MAPv4 trailer not checked; the IPv4 header checksum is wrong.
        pub(crate) const CSUM_FAIL_BAD_IP_HEADER: u16 = 30;
        /// MAPv4 trailer not checked; IPv4 fragment.
        pub(crate) const CSUM_FAIL_FRAGMENT: u16 = 31;
        /// MAPv4 trailer not checked; neither TCP nor UDP (IPv6 extension headers included).
        pub(crate) const CSUM_FAIL_NOT_TCP_UDP: u16 = 32;
        /// MAPv4 trailer checksum does not match the packet.
        pub(crate) const CSUM_FAIL_MISMATCH: u16 = 33;
        /// The highest attribute number.
        pub(crate) const MAX: u16 = 33;
    }
}

/// Command numbers (requests, replies and notifications).
pub(crate) mod cmd {
    /// Create a channel (attaching the port on its first channel). Replies as chan-get.
    pub(crate) const CHAN_NEW: u8 = 1;
    /// Delete a channel (detaching the port with its last channel).
    pub(crate) const CHAN_DEL: u8 = 2;
    /// Get a channel, or dump the channels of the namespace.
    pub(crate) const CHAN_GET: u8 = 3;
    /// Change the framing and aggregation of an attached port.
    pub(crate) const PORT_SET: u8 = 4;
    /// Get a port's settings and counters, or dump the ports of the namespace.
    pub(crate) const PORT_GET: u8 = 5;
    /// A channel was created.
    pub(crate) const CHAN_NEW_NTF: u8 = 6;
    /// A channel was deleted.
    pub(crate) const CHAN_DEL_NTF: u8 = 7;
    /// The modem disabled or enabled the flow of a channel (see flow-off).
    pub(crate) const CHAN_FLOW_NTF: u8 = 8;
}

/// Multicast groups, by index.
pub(crate) mod mcgrp {
    /// The `events` group.
    pub(crate) const EVENTS: u32 = 0;
}

static CHAN_PARENT_IFINDEX_RANGE: Range = Range::new(1, 2147483647);
static CHAN_MUX_ID_RANGE: Range = Range::new(1, 254);
static CHAN_MTU_RANGE: Range = Range::new(68, 16384);
static CHAN_IFINDEX_RANGE: Range = Range::new(1, 2147483647);
static PORT_IFINDEX_RANGE: Range = Range::new(1, 2147483647);
static PORT_CSUM_RANGE: Range = Range::new(0, 2);
static PORT_DEAGGREGATION_RANGE: Range = Range::new(0, 1);
static PORT_UL_AGG_MAX_DATAGRAMS_RANGE: Range = Range::new(0, 64);
static PORT_UL_AGG_MAX_BYTES_RANGE: Range = Range::new(64, 65535);
static PORT_UL_AGG_TIME_US_RANGE: Range = Range::new(0, 1000000);

/// Requests of `chan-new`.
static CHAN_NEW_POLICY: [Policy; 7] = [
    Policy::UNSPEC,                                // unspec
    Policy::UNSPEC,                                // ifindex: not taken
    Policy::string(15),                            // name
    Policy::u32_range(&CHAN_PARENT_IFINDEX_RANGE), // parent-ifindex
    Policy::string(15),                            // parent-name
    Policy::u32_range(&CHAN_MUX_ID_RANGE),         // mux-id
    Policy::u32_range(&CHAN_MTU_RANGE),            // mtu
];

/// Requests of `chan-del`.
static CHAN_DEL_POLICY: [Policy; 3] = [
    Policy::UNSPEC,                         // unspec
    Policy::u32_range(&CHAN_IFINDEX_RANGE), // ifindex
    Policy::string(15),                     // name
];

/// Requests of `chan-get`.
static CHAN_GET_POLICY: [Policy; 3] = [
    Policy::UNSPEC,                         // unspec
    Policy::u32_range(&CHAN_IFINDEX_RANGE), // ifindex
    Policy::string(15),                     // name
];

/// Requests of `port-set`.
static PORT_SET_POLICY: [Policy; 8] = [
    Policy::UNSPEC,                                      // unspec
    Policy::u32_range(&PORT_IFINDEX_RANGE),              // ifindex
    Policy::string(15),                                  // name
    Policy::u32_range(&PORT_CSUM_RANGE),                 // csum
    Policy::u32_range(&PORT_DEAGGREGATION_RANGE),        // deaggregation
    Policy::u32_range(&PORT_UL_AGG_MAX_DATAGRAMS_RANGE), // ul-agg-max-datagrams
    Policy::u32_range(&PORT_UL_AGG_MAX_BYTES_RANGE),     // ul-agg-max-bytes
    Policy::u32_range(&PORT_UL_AGG_TIME_US_RANGE),       // ul-agg-time-us
];

/// Requests of `port-get`.
static PORT_GET_POLICY: [Policy; 3] = [
    Policy::UNSPEC,                         // unspec
    Policy::u32_range(&PORT_IFINDEX_RANGE), // ifindex
    Policy::string(15),                     // name
];

/// The handlers: the module implements `FamilyOps` for it.
pub(crate) struct QmapFamily;

static OPS: [Op; 5] = [
    Op::new::<QmapFamily>(
        cmd::CHAN_NEW,
        OpFlags::UNS_ADMIN_PERM,
        true,
        false,
        &CHAN_NEW_POLICY,
    ),
    Op::new::<QmapFamily>(
        cmd::CHAN_DEL,
        OpFlags::UNS_ADMIN_PERM,
        true,
        false,
        &CHAN_DEL_POLICY,
    ),
    Op::new::<QmapFamily>(cmd::CHAN_GET, OpFlags::NONE, true, true, &CHAN_GET_POLICY),
    Op::new::<QmapFamily>(
        cmd::PORT_SET,
        OpFlags::UNS_ADMIN_PERM,
        true,
        false,
        &PORT_SET_POLICY,
    ),
    Op::new::<QmapFamily>(cmd::PORT_GET, OpFlags::NONE, true, true, &PORT_GET_POLICY),
];

static MCGRPS: [McGroup; 1] = [McGroup::new("events")];

/// The `qmap` family.
pub(crate) static FAMILY: Family<QmapFamily> = Family::new(c_str!("qmap"), 1, &OPS, &MCGRPS);
