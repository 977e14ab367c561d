// SPDX-License-Identifier: GPL-2.0
//! Command-line parsing. Pure: no system calls, unit-tested below.

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use qmap::{Checksum, CommandName, IpVersion, UlSeed};

use crate::frames::{ip_header_len, Endpoints, Proto};

pub const USAGE: &str = "\
Usage: qmap-modem run --dev IFACE [--csum none|v4|v5] --chan MUX=TUN [--chan MUX=TUN ...]
                      [--dl-agg N] [--stats FILE] [--ul-csum-seed rmnet|partial]
       qmap-modem cmd --dev IFACE --mux MUX (flow-disable|flow-enable|raw:N) [--txn T]
                      [--csum none|v4|v5]
       qmap-modem send --dev IFACE [--pad-to N] [--frames FILE] [--seconds S] [--count N]
                      [HEX...]
       qmap-modem aggregate --dev IFACE [--csum none|v4|v5]
                      --frame MUX:IPVER:LEN[:PROTO][:FLAG...] [--frame ...] [--pad]
                      [--src ADDR] [--dst ADDR] [--sport N] [--dport N]
       qmap-modem listen --dev IFACE [--csum none|v4|v5] [--downlink] [--count N]
                      [--timeout SECS]
       qmap-modem bench --dev IFACE (--mux MUX --frames-per-buffer K | --ip) --size LEN --seconds S
                      [--csum none|v4|v5] [--linear]
       qmap-modem gadget [--pdn SPEC ...] [--udc NAME] [--name NAME] [--ffs-dir DIR]
                      [--stats FILE] [--control SOCKET] [--vid N] [--pid N]
                      [--uplink-reads N] [--quiet]
       qmap-modem ctl SOCKET COMMAND [ARG...]
       qmap-modem qmi-pty LINK [--pdn SPEC ...] [--quiet]
       qmap-modem --help";

pub const HELP: &str = "\
Emulates the modem side of a QMAP link. IFACE is an Ethernet-like device
(one end of a veth pair) whose frames are raw QMAP from byte 0; frames are
sent and received with an AF_PACKET raw socket (needs CAP_NET_RAW, and
CAP_NET_ADMIN for 'run'). Numbers are decimal or 0x hex. --csum picks the
checksum variant (MAPv1 'none', MAPv4 'v4', MAPv5 'v5'; default none).
Received (uplink) MAPv4 frames are parsed as upstream rmnet sends them:
a 4-byte checksum header after the MAP header, not counted in its length.
Sent (downlink) MAPv4 data frames carry a valid trailer whose checksum is
the Internet checksum of the whole IP packet, as a modem's (what rmnet's
check expects); MAPv5 data frames have the header's valid bit set.

run        Creates one TUN device per --chan (MUX 1..254) and brings it up.
           Downlink: IP packets read from a TUN go out as QMAP data frames
           of its mux id, up to --dl-agg frames (default 1) per buffer, a
           buffer being at most min(16384, MTU of IFACE + 14) bytes.
           Uplink: received buffers are deaggregated; IP packets go to the
           TUN of their mux id, commands are printed to stderr. A data frame
           asking for checksum offload has its checksum filled in first, as
           a modem does: MAPv4 (checksum header's enabled bit), the sum from
           its start offset to the end of the packet, complemented, stored
           at start + insert offset (0 as 0xffff with the UDP bit); the
           field holds the seed: with --ul-csum-seed rmnet (default) the
           complement of the folded pseudo-header sum, as upstream rmnet and
           the qmap module send it; with partial the sum itself, as Linux
           leaves it (CHECKSUM_PARTIAL). MAPv5
           (header's valid bit): the TCP or UDP checksum computed from
           scratch (IPv4 and IPv6 without extension headers).
           Counters (dl-buffers, dl-frames, dl-drops, ul-buffers, ul-frames,
           ul-unknown-mux, ul-drops, ul-write-errors, ul-csum-offload,
           ul-csum-errors, cmds, acks) go to --stats FILE as one JSON line
           every second and at exit, and to stdout at exit (SIGINT/SIGTERM).
           ul-frames counts data frames, ul-drops parse errors,
           ul-csum-offload the data frames asking for checksum offload,
           ul-csum-errors those whose request could not be carried out
           (sent on unchanged), cmds every command and acks the acks among
           them.
cmd        Sends one command request (downlink format).
send       Sends raw frames: each HEX argument (spaces and colons allowed)
           is one, then each record of --frames FILE, a binary file of
           records of a 2-byte big-endian length and that many bytes (the
           frame from its first byte, e.g. the Ethernet header); at least
           one frame in all. --pad-to N appends zero bytes to each frame up
           to N. An Ethernet device refuses frames shorter than 14 bytes.
           By default each frame goes out once; with --seconds S the list is
           sent round robin, over and over, as fast as possible for S
           seconds; --count N stops after N frames in all (round robin too,
           with or without --seconds). Frames go out in batches of 64 per
           sendmmsg call; a call refused for lack of buffer space (ENOBUFS,
           EAGAIN) is retried, any other error ends the command (status 1).
           Prints 'sent N frames (B bytes) in T.TTT s', with ', R retries'
           appended if any call was retried. A traffic generator for
           benchmarks.
aggregate  Sends ONE buffer of synthetic data frames: MUX:IPVER:LEN is a mux
           id, 4 or 6 and the IP packet length (IPv4 >= 20, IPv6 >= 40);
           --pad pads each payload to 4 bytes. Then, optionally, PROTO:
             raw  zeros, IPv4 protocol 253 or IPv6 no next header (default)
             udp  a UDP datagram (LEN >= IP header + 8), right checksum
             tcp  a TCP segment, PSH ACK (LEN >= IP header + 20), right
                  checksum
           and FLAGs, each once, in any order:
             corrupt  flip a bit of the last payload byte after the packet
                      is built; the modem is honest: the MAPv4 trailer sums
                      the corrupted packet (the host finds a mismatch), the
                      MAPv5 valid bit is clear (needs one payload byte)
             lie      with corrupt: the modem vouches for the corrupted
                      packet: MAPv4 trailer summed before the corruption,
                      MAPv5 valid bit set (the host accepts it as verified)
             novalid  MAPv4 trailer's valid flag, MAPv5 valid bit clear
             frag     IPv4 only: a first fragment (more-fragments set)
             badhdr   IPv4 only: a wrong header checksum
           e.g. 0x81:4:100:udp:corrupt:lie. Synthetic packets go from
           --src to --dst (each given once per IP version; defaults
           192.0.2.2 to 192.0.2.1, 2001:db8::2 to 2001:db8::1), UDP and
           TCP from port --sport (4000) to --dport (9). The payload of UDP
           and TCP packets is 'abc...z' repeated.
listen     Prints each received QMAP frame ('data mux 0x81 len 84 ipv4',
           'cmd mux 0x81 ack flow-disable txn 7', 'drop REASON'); exits
           after N frames, or after SECS with status 1 if N were not seen.
           Frames are parsed in uplink format (what a host sends), or in
           downlink format (what a modem sends) with --downlink. Uplink
           data frames asking for checksum offload (MAPv4 enabled bit,
           MAPv5 valid bit) end with ' csum-offload'.
gadget     A simulated Quectel RM500Q-GL (2c7c:0800) on a USB device
           controller (default: the first of /sys/class/udc, dummy_udc.0
           in the test VM): a configfs gadget with one FunctionFS function
           of five interfaces, If0 DIAG ff/ff/ff with two bulk endpoints
           (which qmi_wwan refuses), If1..If3 ff/00/00 without endpoints,
           If4 QMI ff/ff/ff with interrupt IN (8 B, bInterval 9), bulk IN
           and bulk OUT (512 B at high speed). QMI requests come as
           SEND_ENCAPSULATED_COMMAND on ep0 and are answered (qmicli
           --device-open-qmi, ModemManager, quectel-CM: CTL, WDS, WDA,
           DMS, NAS, UIM; anything else gets an error result) through
           GET_ENCAPSULATED_RESPONSE after a RESPONSE_AVAILABLE on the
           interrupt endpoint. WDA Set Data Format picks the data plane:
           raw IP (one packet per transfer, the first PDN), or QMAP / QMAPv5
           with downlink aggregates of at most 32 datagrams / 31744 bytes
           (or less if asked) and uplink limits of 11 / 8192.
           Each --pdn is one data call target: SPEC is
             mux=N[,ipv4=A/P][,ipv6=A/P][,gw4=A][,gw6=A][,dns4=A][,dns6=A]
             [,mtu=N][,netns=NAME][,tun=NAME][,apn=NAME]
           mux the QMAP mux id (1..254) a WDS client binds with Bind Mux
           Data Port; ipv4/ipv6 the UE's addresses, reported by WDS Get
           Current Settings (prefix length default /30 and /64); gw4/gw6
           the network side (default: the first other address of the
           prefix); netns and tun default to pdnMUX in hex (pdn81). The TUN
           is moved into its own namespace with the gateways' addresses on
           it and the UE's whole prefix routed through it. Packets flow
           only while a call is up on the PDN. Default PDNs:
             mux=0x81,ipv4=10.64.1.2/30,ipv6=2001:db8:1::2/64
             mux=0x82,ipv4=10.64.2.2/30,ipv6=2001:db8:2::2/64
           --stats FILE gets the counters as one JSON line every second and
           at exit: ul-transfers, ul-bytes, ul-empty, ul-over-size,
           ul-over-datagrams, ul-unknown-mux, ul-not-ip, ul-commands,
           ul-csum-offload, dl-transfers, dl-bytes, dl-zlps,
           dl-write-errors, ul-drops {QMAP parse reason: n}, faults {short,
           truncated, garbage, zlp, oversize, full, stall, disconnect,
           call-fail}, usb {setups, enables, disables, stalls, dtr,
           notifications}, mux {ID: {ul-packets, ul-bytes, dl-packets, dl-bytes,
           ul-not-connected, ul-write-errors, dl-not-connected, dl-too-big,
           dl-no-mux, dl-write-errors}}, qmi {requests, responses,
           indications, errors, unknown, malformed, unparsable}, format
           {link-layer, ul-protocol, dl-protocol, dl-max-datagrams,
           dl-max-size, ul-max-datagrams, ul-max-size}.
           --control SOCKET: a UNIX stream socket taking one command per
           line, answering one line ('ok ...', '{...}' or 'error: ...'):
             stats                the counters (as --stats)
             short N [MUX]        N transfers of 3 bytes (truncated header)
             truncated N [MUX]    N transfers whose QMAP length runs past
                                  the end (24 of 100 bytes)
             garbage N [MUX]      N transfers of a QMAP frame whose payload
                                  is not IP (60 bytes of 0xa5)
             zlp N                N zero-length transfers
             oversize N [MUX]     N transfers of valid frames, 1024 bytes
                                  over the negotiated downlink size
             full N [MUX]         N transfers of valid frames (IPv4,
                                  protocol 253, at most 1504 bytes) that
                                  fill the negotiated downlink size
                                  exactly, ended by a ZLP at a multiple
                                  of the packet size; replies with the
                                  packets in each
             stall                halt bulk IN once (the host clears it)
             disconnect | connect unbind / bind the UDC; disconnect also
                                  resets the QMI state (clients, calls,
                                  data format), as a modem reset
             reconnect [MS]       both, MS apart (default 500)
             call-fail N [REASON] the next N Start Network fail
                                  (CALL_FAILED, verbose 3GPP reason, 241)
             drop-call [MUX]      the network ends the PDN's calls (Packet
                                  Service Status indications)
             flood [S] [LEN] [MUX] [DEPTH]
                                  benchmark downlink: for S seconds
                                  (default 5), the largest aggregate of
                                  LEN-byte IPv4 packets (default 64,
                                  protocol 253, to 192.0.2.1) the format
                                  allows, DEPTH transfers in flight
                                  (default 8); replies with the counts
             sink on|off          uplink packets counted, not written to
                                  the PDNs (benchmark uplink)
           MUX defaults to the first PDN's; replies come once the faults
           were sent. SIGTERM/SIGINT unbind the UDC and remove the gadget,
           the mount and the namespaces the simulator created.
ctl        Sends one command to a gadget's control socket; prints the
           reply; exits 1 on an error reply.
qmi-pty    The QMI responder alone on a pseudo-terminal; LINK is made a
           symlink to its slave (qmicli -d LINK --device-open-qmi).
bench      Sends identical buffers of K IPv4 frames (LEN-byte IP packets,
           protocol 253, to 192.0.2.1) for S seconds and prints the rate;
           with --ip, the LEN-byte IP packets themselves (a channel's
           uplink load).
           AF_PACKET puts buffers over a page in page fragments; with
           --linear every buffer arrives in one linear sk_buff, as the MHI
           and USB transports receive them (a virtio-net header's hdr_len).";

/// A parsed command line.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Help,
    Run(RunOpts),
    Cmd(CmdOpts),
    Send(SendOpts),
    Aggregate(AggregateOpts),
    Listen(ListenOpts),
    Bench(BenchOpts),
    Gadget(crate::gadget::GadgetOpts),
    Ctl {
        socket: PathBuf,
        line: String,
    },
    QmiPty {
        link: PathBuf,
        pdns: Vec<crate::pdn::PdnSpec>,
        quiet: bool,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Channel {
    pub mux: u8,
    pub tun: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RunOpts {
    pub dev: String,
    pub csum: Checksum,
    pub chans: Vec<Channel>,
    pub dl_agg: usize,
    pub stats: Option<PathBuf>,
    pub ul_seed: UlSeed,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CmdOpts {
    pub dev: String,
    pub csum: Checksum,
    pub mux: u8,
    pub name: CommandName,
    pub txn: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SendOpts {
    pub dev: String,
    pub pad_to: usize,
    /// The HEX arguments.
    pub frames: Vec<Vec<u8>>,
    /// `--frames FILE`: more frames, sent after the HEX ones.
    pub frames_file: Option<PathBuf>,
    /// `--seconds`: send round robin for this long.
    pub duration: Option<Duration>,
    /// `--count`: stop after this many frames.
    pub count: Option<u64>,
}

/// One `--frame MUX:IPVER:LEN[:PROTO][:FLAG...]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FrameSpec {
    pub mux: u8,
    pub ip: IpVersion,
    pub len: usize,
    pub proto: Proto,
    pub flags: FrameFlags,
}

impl FrameSpec {
    /// `MUX:IPVER:LEN`: a raw packet, no flag.
    #[cfg(test)]
    pub fn new(mux: u8, ip: IpVersion, len: usize) -> Self {
        FrameSpec {
            mux,
            ip,
            len,
            proto: Proto::Raw,
            flags: FrameFlags::default(),
        }
    }
}

/// The FLAGs of a `--frame`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FrameFlags {
    /// Flip a payload bit after the packet is built.
    pub corrupt: bool,
    /// The modem vouches for the packet as it was before the corruption.
    pub lie: bool,
    /// The trailer's valid flag or the MAPv5 valid bit clear.
    pub novalid: bool,
    /// IPv4 first fragment.
    pub frag: bool,
    /// Wrong IPv4 header checksum.
    pub badhdr: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AggregateOpts {
    pub dev: String,
    pub csum: Checksum,
    pub frames: Vec<FrameSpec>,
    pub pad: bool,
    pub ends: Endpoints,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ListenOpts {
    pub dev: String,
    pub csum: Checksum,
    pub downlink: bool,
    pub count: Option<u64>,
    pub timeout: Option<Duration>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BenchOpts {
    pub dev: String,
    pub csum: Checksum,
    pub mux: u8,
    pub size: usize,
    pub per_buffer: usize,
    pub duration: Duration,
    pub linear: bool,
    /// Plain IP packets, not aggregates: the uplink load on a channel.
    pub ip: bool,
}

/// Largest IP packet a data frame can carry (the MAP length field, less the
/// most padding and the MAPv4 uplink checksum header).
pub const MAX_IP_LEN: usize = qmap::MAX_PKT_LEN - 3 - qmap::V4_UL_CSUM_HDR_LEN;

/// Parses `args` (without the program name).
pub fn parse(args: &[String]) -> Result<Command, String> {
    let Some((sub, rest)) = args.split_first() else {
        return Err("missing subcommand".into());
    };
    if rest.iter().any(|a| a == "--help" || a == "-h") {
        return Ok(Command::Help);
    }
    match sub.as_str() {
        "--help" | "-h" | "help" => Ok(Command::Help),
        "run" => parse_run(rest).map(Command::Run),
        "cmd" => parse_cmd(rest).map(Command::Cmd),
        "send" => parse_send(rest).map(Command::Send),
        "aggregate" => parse_aggregate(rest).map(Command::Aggregate),
        "listen" => parse_listen(rest).map(Command::Listen),
        "bench" => parse_bench(rest).map(Command::Bench),
        "gadget" => parse_gadget(rest).map(Command::Gadget),
        "ctl" => match rest {
            [socket, cmd @ ..] if !cmd.is_empty() => Ok(Command::Ctl {
                socket: PathBuf::from(socket),
                line: cmd.join(" "),
            }),
            _ => Err("ctl needs SOCKET and COMMAND".into()),
        },
        "qmi-pty" => parse_qmi_pty(rest),
        s => Err(format!("unknown subcommand '{s}'")),
    }
}

/// One word of a command line: an option (with its `=value` if given
/// inline) or a positional argument.
enum Word<'a> {
    Opt(&'a str, Option<&'a str>),
    Pos(&'a str),
}

/// Walks the words of a subcommand; `--` ends the options.
struct Words<'a> {
    args: std::slice::Iter<'a, String>,
    only_pos: bool,
}

impl<'a> Words<'a> {
    fn new(args: &'a [String]) -> Self {
        Words {
            args: args.iter(),
            only_pos: false,
        }
    }

    fn next_word(&mut self) -> Option<Word<'a>> {
        let a = self.args.next()?.as_str();
        if self.only_pos {
            return Some(Word::Pos(a));
        }
        if a == "--" {
            self.only_pos = true;
            return self.next_word();
        }
        if a.starts_with("--") {
            return Some(match a.split_once('=') {
                Some((n, v)) => Word::Opt(n, Some(v)),
                None => Word::Opt(a, None),
            });
        }
        Some(Word::Pos(a))
    }

    /// The value of option `name`: inline, or the next word.
    fn value(&mut self, name: &str, inline: Option<&'a str>) -> Result<&'a str, String> {
        match inline {
            Some(v) => Ok(v),
            None => self
                .args
                .next()
                .map(String::as_str)
                .ok_or_else(|| format!("{name} needs a value")),
        }
    }
}

fn no_value(name: &str, inline: Option<&str>) -> Result<(), String> {
    match inline {
        Some(_) => Err(format!("{name} takes no value")),
        None => Ok(()),
    }
}

fn unknown(name: &str) -> String {
    format!("unknown option '{name}'")
}

fn required<T>(v: Option<T>, name: &str) -> Result<T, String> {
    v.ok_or_else(|| format!("{name} is required"))
}

/// A number, decimal or `0x` hex (shared with cellctl).
pub use cliutil::parse_num;

/// A number within `min..=max`; `what` names it in the error.
fn num_in(s: &str, what: &str, min: u64, max: u64) -> Result<u64, String> {
    match parse_num(s) {
        Some(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(format!("invalid {what} '{s}' (expected {min}..{max})")),
    }
}

/// A mux id of a channel: 1..254.
pub fn parse_chan_mux(s: &str) -> Result<u8, String> {
    num_in(s, "mux id", 1, 254).map(|n| n as u8)
}

/// A mux id to put in a frame: any byte, so tests can send unknown ones.
pub fn parse_any_mux(s: &str) -> Result<u8, String> {
    num_in(s, "mux id", 0, 255).map(|n| n as u8)
}

pub fn parse_csum(s: &str) -> Result<Checksum, String> {
    match s {
        "none" | "v1" => Ok(Checksum::None),
        "v4" => Ok(Checksum::V4),
        "v5" => Ok(Checksum::V5),
        _ => Err(format!("invalid checksum variant '{s}' (none, v4 or v5)")),
    }
}

/// The name [`parse_csum`] takes.
pub fn csum_name(c: Checksum) -> &'static str {
    match c {
        Checksum::None => "none",
        Checksum::V4 => "v4",
        Checksum::V5 => "v5",
    }
}

/// An interface name, checked as the kernel does (shared with cellctl).
fn check_ifname(s: &str) -> Result<String, String> {
    cliutil::check_ifname(s).map(|()| s.to_string())
}

/// `MUX=TUN`.
pub fn parse_chan(s: &str) -> Result<Channel, String> {
    let (m, t) = s
        .split_once('=')
        .ok_or_else(|| format!("invalid --chan '{s}' (expected MUX=TUN)"))?;
    Ok(Channel {
        mux: parse_chan_mux(m)?,
        tun: check_ifname(t)?,
    })
}

/// `flow-disable`, `flow-enable` or `raw:N`.
pub fn parse_command_name(s: &str) -> Result<CommandName, String> {
    match s {
        "flow-disable" => Ok(CommandName::FlowDisable),
        "flow-enable" => Ok(CommandName::FlowEnable),
        _ => match s.strip_prefix("raw:") {
            Some(n) => num_in(n, "command number", 0, 255).map(|n| CommandName::from_raw(n as u8)),
            None => Err(format!(
                "invalid command '{s}' (flow-disable, flow-enable or raw:N)"
            )),
        },
    }
}

/// Hex bytes; spaces, colons, dashes and dots between them are ignored.
pub fn parse_hex(s: &str) -> Result<Vec<u8>, String> {
    let digits: Vec<u8> = s
        .bytes()
        .filter(|b| !matches!(b, b' ' | b'\t' | b':' | b'-' | b'.'))
        .collect();
    if digits.is_empty() {
        return Err(format!("empty frame '{s}'"));
    }
    if !digits.len().is_multiple_of(2) {
        return Err(format!("odd number of hex digits in '{s}'"));
    }
    digits
        .chunks(2)
        .map(|p| {
            let h = std::str::from_utf8(p).map_err(|_| format!("invalid hex '{s}'"))?;
            u8::from_str_radix(h, 16).map_err(|_| format!("invalid hex '{s}'"))
        })
        .collect()
}

/// The frames of a `--frames` file: records of a 2-byte big-endian length
/// and that many bytes. An empty file has none.
pub fn parse_frame_records(data: &[u8]) -> Result<Vec<Vec<u8>>, String> {
    let mut frames = Vec::new();
    let mut off = 0;
    while off < data.len() {
        let rest = &data[off..];
        let Some(&[hi, lo]) = rest.get(..2) else {
            return Err(format!(
                "truncated record at offset {off}: {} byte(s) left for its 2-byte length",
                rest.len()
            ));
        };
        let len = usize::from(u16::from_be_bytes([hi, lo]));
        let Some(frame) = rest.get(2..2 + len) else {
            return Err(format!(
                "truncated record at offset {off}: length {len}, only {} byte(s) follow",
                rest.len() - 2
            ));
        };
        frames.push(frame.to_vec());
        off += 2 + len;
    }
    Ok(frames)
}

/// `MUX:IPVER:LEN[:PROTO][:FLAG...]`.
pub fn parse_frame_spec(s: &str) -> Result<FrameSpec, String> {
    let bad = || format!("invalid --frame '{s}' (expected MUX:4|6:LEN[:raw|udp|tcp][:FLAG...])");
    let mut parts = s.split(':');
    let (Some(m), Some(v), Some(l)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(bad());
    };
    let mux = parse_any_mux(m)?;
    let ip = match v {
        "4" | "ipv4" | "v4" => IpVersion::V4,
        "6" | "ipv6" | "v6" => IpVersion::V6,
        _ => return Err(bad()),
    };
    let hl = ip_header_len(ip);
    let len = num_in(l, "IP packet length", hl as u64, MAX_IP_LEN as u64)? as usize;
    let mut proto = None;
    let mut flags = FrameFlags::default();
    for word in parts {
        let (slot, name) = match word {
            "raw" | "udp" | "tcp" => {
                if proto.is_some() {
                    return Err(format!("--frame '{s}': more than one protocol"));
                }
                proto = Some(match word {
                    "udp" => Proto::Udp,
                    "tcp" => Proto::Tcp,
                    _ => Proto::Raw,
                });
                continue;
            }
            "corrupt" => (&mut flags.corrupt, word),
            "lie" => (&mut flags.lie, word),
            "novalid" => (&mut flags.novalid, word),
            "frag" => (&mut flags.frag, word),
            "badhdr" => (&mut flags.badhdr, word),
            _ => {
                return Err(format!(
                    "invalid --frame '{s}': unknown word '{word}' (protocols raw, udp, tcp; \
                     flags corrupt, lie, novalid, frag, badhdr)"
                ))
            }
        };
        if *slot {
            return Err(format!("--frame '{s}': '{name}' given twice"));
        }
        *slot = true;
    }
    let proto = proto.unwrap_or(Proto::Raw);
    let min = hl + proto.header_len() + usize::from(flags.corrupt);
    if len < min {
        return Err(format!(
            "--frame '{s}': a {} packet{} needs at least {min} bytes",
            proto.name(),
            if flags.corrupt { " to corrupt" } else { "" }
        ));
    }
    if flags.lie && !flags.corrupt {
        return Err(format!("--frame '{s}': 'lie' needs 'corrupt'"));
    }
    if ip == IpVersion::V6 && (flags.frag || flags.badhdr) {
        return Err(format!("--frame '{s}': 'frag' and 'badhdr' are for IPv4"));
    }
    Ok(FrameSpec {
        mux,
        ip,
        len,
        proto,
        flags,
    })
}

/// `--ul-csum-seed`: `partial` or `rmnet`.
pub fn parse_seed(s: &str) -> Result<UlSeed, String> {
    match s {
        "partial" => Ok(UlSeed::PseudoSum),
        "rmnet" => Ok(UlSeed::Complemented),
        _ => Err(format!("invalid --ul-csum-seed '{s}' (partial or rmnet)")),
    }
}

/// Sets the `--src` (`dst` false) or `--dst` address of `ends` of the
/// family of `s`; `seen` records the families given, each allowed once.
fn parse_endpoint(
    s: &str,
    dst: bool,
    ends: &mut Endpoints,
    seen: &mut [bool; 4],
) -> Result<(), String> {
    let name = if dst { "--dst" } else { "--src" };
    let a: IpAddr = s
        .parse()
        .map_err(|_| format!("invalid {name} address '{s}'"))?;
    let slot = usize::from(dst) * 2 + usize::from(a.is_ipv6());
    if seen[slot] {
        return Err(format!(
            "{name} given twice for IPv{}",
            if a.is_ipv6() { 6 } else { 4 }
        ));
    }
    seen[slot] = true;
    match (a, dst) {
        (IpAddr::V4(a), false) => ends.src4 = a.octets(),
        (IpAddr::V4(a), true) => ends.dst4 = a.octets(),
        (IpAddr::V6(a), false) => ends.src6 = a.octets(),
        (IpAddr::V6(a), true) => ends.dst6 = a.octets(),
    }
    Ok(())
}

/// Seconds, possibly fractional, greater than zero.
pub fn parse_secs(s: &str) -> Result<Duration, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 && v < 1e9 => Ok(Duration::from_secs_f64(v)),
        _ => Err(format!("invalid number of seconds '{s}'")),
    }
}

fn parse_run(args: &[String]) -> Result<RunOpts, String> {
    let mut w = Words::new(args);
    let (mut dev, mut csum, mut chans, mut dl_agg, mut stats) =
        (None, Checksum::None, vec![], 1, None);
    let mut ul_seed = UlSeed::Complemented;
    while let Some(word) = w.next_word() {
        match word {
            Word::Opt(n @ "--dev", v) => dev = Some(check_ifname(w.value(n, v)?)?),
            Word::Opt(n @ "--csum", v) => csum = parse_csum(w.value(n, v)?)?,
            Word::Opt(n @ "--chan", v) => chans.push(parse_chan(w.value(n, v)?)?),
            Word::Opt(n @ "--dl-agg", v) => {
                dl_agg = num_in(w.value(n, v)?, "--dl-agg", 1, 1024)? as usize
            }
            Word::Opt(n @ "--stats", v) => stats = Some(PathBuf::from(w.value(n, v)?)),
            Word::Opt(n @ "--ul-csum-seed", v) => ul_seed = parse_seed(w.value(n, v)?)?,
            Word::Opt(n, _) => return Err(unknown(n)),
            Word::Pos(p) => return Err(format!("unexpected argument '{p}'")),
        }
    }
    if chans.is_empty() {
        return Err("at least one --chan MUX=TUN is required".into());
    }
    for (i, c) in chans.iter().enumerate() {
        if chans[..i].iter().any(|o| o.mux == c.mux) {
            return Err(format!("mux id {} given twice", c.mux));
        }
        if chans[..i].iter().any(|o| o.tun == c.tun) {
            return Err(format!("TUN device '{}' given twice", c.tun));
        }
    }
    Ok(RunOpts {
        dev: required(dev, "--dev")?,
        csum,
        chans,
        dl_agg,
        stats,
        ul_seed,
    })
}

fn parse_gadget(args: &[String]) -> Result<crate::gadget::GadgetOpts, String> {
    let mut w = Words::new(args);
    let mut o = crate::gadget::GadgetOpts {
        pdns: vec![],
        udc: None,
        name: "qmimodem".into(),
        ffs_dir: None,
        stats: None,
        control: None,
        vid: 0x2c7c,
        pid: 0x0800,
        quiet: false,
        uplink_reads: 1,
    };
    while let Some(word) = w.next_word() {
        match word {
            Word::Opt(n @ "--pdn", v) => o.pdns.push(crate::pdn::parse_pdn(w.value(n, v)?)?),
            Word::Opt(n @ "--udc", v) => o.udc = Some(w.value(n, v)?.to_string()),
            Word::Opt(n @ "--name", v) => {
                let name = w.value(n, v)?;
                if name.is_empty()
                    || !name
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
                {
                    return Err(format!("invalid gadget name '{name}'"));
                }
                o.name = name.to_string()
            }
            Word::Opt(n @ "--ffs-dir", v) => o.ffs_dir = Some(PathBuf::from(w.value(n, v)?)),
            Word::Opt(n @ "--stats", v) => o.stats = Some(PathBuf::from(w.value(n, v)?)),
            Word::Opt(n @ "--control", v) => o.control = Some(PathBuf::from(w.value(n, v)?)),
            Word::Opt(n @ "--vid", v) => o.vid = num_in(w.value(n, v)?, "--vid", 0, 0xffff)? as u16,
            Word::Opt(n @ "--pid", v) => o.pid = num_in(w.value(n, v)?, "--pid", 0, 0xffff)? as u16,
            Word::Opt(n @ "--uplink-reads", v) => {
                o.uplink_reads = num_in(w.value(n, v)?, "--uplink-reads", 1, 256)? as usize
            }
            Word::Opt(n @ "--quiet", v) => {
                no_value(n, v)?;
                o.quiet = true
            }
            Word::Opt(n, _) => return Err(unknown(n)),
            Word::Pos(p) => return Err(format!("unexpected argument '{p}'")),
        }
    }
    if o.pdns.is_empty() {
        o.pdns = crate::pdn::default_pdns();
    }
    crate::pdn::check_pdns(&o.pdns)?;
    Ok(o)
}

fn parse_qmi_pty(args: &[String]) -> Result<Command, String> {
    let mut w = Words::new(args);
    let (mut link, mut pdns, mut quiet) = (None, vec![], false);
    while let Some(word) = w.next_word() {
        match word {
            Word::Opt(n @ "--pdn", v) => pdns.push(crate::pdn::parse_pdn(w.value(n, v)?)?),
            Word::Opt(n @ "--quiet", v) => {
                no_value(n, v)?;
                quiet = true
            }
            Word::Opt(n, _) => return Err(unknown(n)),
            Word::Pos(p) if link.is_none() => link = Some(PathBuf::from(p)),
            Word::Pos(p) => return Err(format!("unexpected argument '{p}'")),
        }
    }
    if pdns.is_empty() {
        pdns = crate::pdn::default_pdns();
    }
    crate::pdn::check_pdns(&pdns)?;
    Ok(Command::QmiPty {
        link: required(link, "LINK")?,
        pdns,
        quiet,
    })
}

fn parse_cmd(args: &[String]) -> Result<CmdOpts, String> {
    let mut w = Words::new(args);
    let (mut dev, mut csum, mut mux, mut name, mut txn) = (None, Checksum::None, None, None, 0);
    while let Some(word) = w.next_word() {
        match word {
            Word::Opt(n @ "--dev", v) => dev = Some(check_ifname(w.value(n, v)?)?),
            Word::Opt(n @ "--csum", v) => csum = parse_csum(w.value(n, v)?)?,
            Word::Opt(n @ "--mux", v) => mux = Some(parse_any_mux(w.value(n, v)?)?),
            Word::Opt(n @ "--txn", v) => {
                txn = num_in(w.value(n, v)?, "transaction id", 0, u32::MAX.into())? as u32
            }
            Word::Opt(n, _) => return Err(unknown(n)),
            Word::Pos(p) if name.is_none() => name = Some(parse_command_name(p)?),
            Word::Pos(p) => return Err(format!("unexpected argument '{p}'")),
        }
    }
    Ok(CmdOpts {
        dev: required(dev, "--dev")?,
        csum,
        mux: required(mux, "--mux")?,
        name: required(name, "the command (flow-disable, flow-enable or raw:N)")?,
        txn,
    })
}

fn parse_send(args: &[String]) -> Result<SendOpts, String> {
    let mut w = Words::new(args);
    let (mut dev, mut pad_to, mut frames) = (None, 0, vec![]);
    let (mut frames_file, mut duration, mut count) = (None, None, None);
    while let Some(word) = w.next_word() {
        match word {
            Word::Opt(n @ "--dev", v) => dev = Some(check_ifname(w.value(n, v)?)?),
            Word::Opt(n @ "--pad-to", v) => {
                pad_to = num_in(w.value(n, v)?, "--pad-to", 0, 65535)? as usize
            }
            Word::Opt(n @ "--frames", v) => {
                let f = w.value(n, v)?;
                if f.is_empty() {
                    return Err("--frames needs a file name".into());
                }
                if frames_file.replace(PathBuf::from(f)).is_some() {
                    return Err("--frames given twice".into());
                }
            }
            Word::Opt(n @ "--seconds", v) => duration = Some(parse_secs(w.value(n, v)?)?),
            Word::Opt(n @ "--count", v) => {
                count = Some(num_in(w.value(n, v)?, "--count", 1, u64::MAX)?)
            }
            Word::Opt(n, _) => return Err(unknown(n)),
            Word::Pos(p) => frames.push(parse_hex(p)?),
        }
    }
    if frames.is_empty() && frames_file.is_none() {
        return Err("no frame given (HEX... or --frames FILE)".into());
    }
    Ok(SendOpts {
        dev: required(dev, "--dev")?,
        pad_to,
        frames,
        frames_file,
        duration,
        count,
    })
}

fn parse_aggregate(args: &[String]) -> Result<AggregateOpts, String> {
    let mut w = Words::new(args);
    let (mut dev, mut csum, mut frames, mut pad) = (None, Checksum::None, vec![], false);
    let (mut ends, mut seen) = (Endpoints::default(), [false; 4]);
    let (mut sport, mut dport) = (None, None);
    while let Some(word) = w.next_word() {
        match word {
            Word::Opt(n @ "--dev", v) => dev = Some(check_ifname(w.value(n, v)?)?),
            Word::Opt(n @ "--csum", v) => csum = parse_csum(w.value(n, v)?)?,
            Word::Opt(n @ "--frame", v) => frames.push(parse_frame_spec(w.value(n, v)?)?),
            Word::Opt(n @ "--pad", v) => {
                no_value(n, v)?;
                pad = true;
            }
            Word::Opt(n @ "--src", v) => {
                parse_endpoint(w.value(n, v)?, false, &mut ends, &mut seen)?
            }
            Word::Opt(n @ "--dst", v) => {
                parse_endpoint(w.value(n, v)?, true, &mut ends, &mut seen)?
            }
            Word::Opt(n @ ("--sport" | "--dport"), v) => {
                let port = num_in(w.value(n, v)?, n, 0, 65535)? as u16;
                let slot = if n == "--sport" {
                    &mut sport
                } else {
                    &mut dport
                };
                if slot.replace(port).is_some() {
                    return Err(format!("{n} given twice"));
                }
            }
            Word::Opt(n, _) => return Err(unknown(n)),
            Word::Pos(p) => return Err(format!("unexpected argument '{p}'")),
        }
    }
    if frames.is_empty() {
        return Err("at least one --frame MUX:IPVER:LEN is required".into());
    }
    ends.sport = sport.unwrap_or(ends.sport);
    ends.dport = dport.unwrap_or(ends.dport);
    Ok(AggregateOpts {
        dev: required(dev, "--dev")?,
        csum,
        frames,
        pad,
        ends,
    })
}

fn parse_listen(args: &[String]) -> Result<ListenOpts, String> {
    let mut w = Words::new(args);
    let (mut dev, mut csum, mut downlink, mut count, mut timeout) =
        (None, Checksum::None, false, None, None);
    while let Some(word) = w.next_word() {
        match word {
            Word::Opt(n @ "--dev", v) => dev = Some(check_ifname(w.value(n, v)?)?),
            Word::Opt(n @ "--csum", v) => csum = parse_csum(w.value(n, v)?)?,
            Word::Opt(n @ "--downlink", v) => {
                no_value(n, v)?;
                downlink = true;
            }
            Word::Opt(n @ "--count", v) => {
                count = Some(num_in(w.value(n, v)?, "--count", 1, u64::MAX)?)
            }
            Word::Opt(n @ "--timeout", v) => timeout = Some(parse_secs(w.value(n, v)?)?),
            Word::Opt(n, _) => return Err(unknown(n)),
            Word::Pos(p) => return Err(format!("unexpected argument '{p}'")),
        }
    }
    Ok(ListenOpts {
        dev: required(dev, "--dev")?,
        csum,
        downlink,
        count,
        timeout,
    })
}

fn parse_bench(args: &[String]) -> Result<BenchOpts, String> {
    let mut w = Words::new(args);
    let (mut dev, mut csum, mut mux, mut size, mut per_buffer, mut duration) =
        (None, Checksum::None, None, None, None, None);
    let (mut linear, mut ip) = (false, false);
    while let Some(word) = w.next_word() {
        match word {
            Word::Opt(n @ "--dev", v) => dev = Some(check_ifname(w.value(n, v)?)?),
            Word::Opt(n @ "--csum", v) => csum = parse_csum(w.value(n, v)?)?,
            Word::Opt(n @ "--mux", v) => mux = Some(parse_any_mux(w.value(n, v)?)?),
            Word::Opt(n @ "--size", v) => {
                let min = crate::frames::IPV4_HDR_LEN as u64;
                size = Some(num_in(w.value(n, v)?, "--size", min, MAX_IP_LEN as u64)? as usize)
            }
            Word::Opt(n @ "--frames-per-buffer", v) => {
                per_buffer = Some(num_in(w.value(n, v)?, "--frames-per-buffer", 1, 1024)? as usize)
            }
            Word::Opt(n @ "--seconds", v) => duration = Some(parse_secs(w.value(n, v)?)?),
            Word::Opt(n @ "--linear", v) => {
                no_value(n, v)?;
                linear = true;
            }
            Word::Opt(n @ "--ip", v) => {
                no_value(n, v)?;
                ip = true;
            }
            Word::Opt(n, _) => return Err(unknown(n)),
            Word::Pos(p) => return Err(format!("unexpected argument '{p}'")),
        }
    }
    if ip && (linear || per_buffer.is_some() || mux.is_some()) {
        return Err(
            "--ip sends plain IP packets: no --mux, --frames-per-buffer or --linear".into(),
        );
    }
    Ok(BenchOpts {
        dev: required(dev, "--dev")?,
        csum,
        mux: if ip { 0 } else { required(mux, "--mux")? },
        size: required(size, "--size")?,
        per_buffer: if ip {
            1
        } else {
            required(per_buffer, "--frames-per-buffer")?
        },
        duration: required(duration, "--seconds")?,
        linear,
        ip,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Result<Command, String> {
        let v: Vec<String> = s.split_whitespace().map(String::from).collect();
        parse(&v)
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_num("129"), Some(129));
        assert_eq!(parse_num("0x81"), Some(129));
        assert_eq!(parse_num("0X81"), Some(129));
        assert_eq!(parse_num("0x"), None);
        assert_eq!(parse_num(""), None);
        assert_eq!(parse_num("-1"), None);
        assert_eq!(parse_num("12a"), None);
        assert_eq!(parse_chan_mux("0x81"), Ok(0x81));
        assert!(parse_chan_mux("0").is_err());
        for c in [Checksum::None, Checksum::V4, Checksum::V5] {
            assert_eq!(parse_csum(csum_name(c)), Ok(c));
        }
        assert!(parse_chan_mux("255").is_err());
        assert_eq!(parse_chan_mux("254"), Ok(254));
        assert_eq!(parse_any_mux("255"), Ok(255));
        assert!(parse_any_mux("256").is_err());
    }

    #[test]
    fn run() {
        let c = p("run --dev veth1 --chan 129=mdm0 --chan=0x82=mdm1 --csum v5 --dl-agg 8 --stats /tmp/s.json")
            .unwrap();
        assert_eq!(
            c,
            Command::Run(RunOpts {
                dev: "veth1".into(),
                csum: Checksum::V5,
                chans: vec![
                    Channel {
                        mux: 129,
                        tun: "mdm0".into()
                    },
                    Channel {
                        mux: 0x82,
                        tun: "mdm1".into()
                    }
                ],
                dl_agg: 8,
                stats: Some("/tmp/s.json".into()),
                ul_seed: UlSeed::Complemented,
            })
        );
        let Command::Run(r) = p("run --dev veth1 --chan 1=t").unwrap() else {
            panic!()
        };
        assert_eq!((r.csum, r.dl_agg, r.stats), (Checksum::None, 1, None));
        assert_eq!(r.ul_seed, UlSeed::Complemented);
        let Command::Run(r) = p("run --dev veth1 --chan 1=t --ul-csum-seed partial").unwrap()
        else {
            panic!()
        };
        assert_eq!(r.ul_seed, UlSeed::PseudoSum);
        assert_eq!(parse_seed("partial"), Ok(UlSeed::PseudoSum));
        assert!(p("run --dev veth1 --chan 1=t --ul-csum-seed none").is_err());
        assert!(p("run --dev veth1").is_err());
        assert!(p("run --chan 1=t").is_err());
        assert!(p("run --dev veth1 --chan 1=t --chan 1=u").is_err());
        assert!(p("run --dev veth1 --chan 1=t --chan 2=t").is_err());
        assert!(p("run --dev veth1 --chan 255=t").is_err());
        assert!(p("run --dev veth1 --chan 1").is_err());
        assert!(p("run --dev veth1 --chan 1=averyveryverylongname").is_err());
        assert!(p("run --dev veth1 --chan 1=t --dl-agg 0").is_err());
        assert!(p("run --dev veth1 --chan 1=t --csum v3").is_err());
        assert!(p("run --dev veth1 --chan 1=t --bogus").is_err());
        assert!(p("run --dev veth1 --chan 1=t extra").is_err());
        assert!(p("run --dev").is_err());
        assert_eq!(p("run --help"), Ok(Command::Help));
        assert_eq!(p("--help"), Ok(Command::Help));
        assert!(p("").is_err());
        assert!(p("frobnicate").is_err());
    }

    #[test]
    fn cmd() {
        let c = p("cmd --dev veth1 --mux 0x81 flow-disable --txn 7 --csum v4").unwrap();
        assert_eq!(
            c,
            Command::Cmd(CmdOpts {
                dev: "veth1".into(),
                csum: Checksum::V4,
                mux: 0x81,
                name: CommandName::FlowDisable,
                txn: 7,
            })
        );
        let Command::Cmd(c) = p("cmd --dev d --mux 1 raw:0x10").unwrap() else {
            panic!()
        };
        assert_eq!((c.name, c.txn), (CommandName::Other(0x10), 0));
        assert_eq!(
            parse_command_name("raw:1"),
            Ok(CommandName::FlowDisable),
            "raw numbers map to their names"
        );
        assert_eq!(
            parse_command_name("flow-enable"),
            Ok(CommandName::FlowEnable)
        );
        assert!(parse_command_name("raw:256").is_err());
        assert!(parse_command_name("flow").is_err());
        assert!(p("cmd --dev d --mux 1").is_err());
        assert!(p("cmd --dev d flow-enable").is_err());
        assert!(p("cmd --dev d --mux 1 flow-enable flow-disable").is_err());
        assert!(p("cmd --dev d --mux 1 flow-enable --txn 0x100000000").is_err());
    }

    #[test]
    fn send_and_hex() {
        assert_eq!(parse_hex("00 81:00-08"), Ok(vec![0, 0x81, 0, 8]));
        assert_eq!(parse_hex("DEADbeef"), Ok(vec![0xde, 0xad, 0xbe, 0xef]));
        assert!(parse_hex("abc").is_err());
        assert!(parse_hex("zz").is_err());
        assert!(parse_hex(": :").is_err());
        let v: Vec<String> = [
            "send",
            "--dev",
            "veth1",
            "--pad-to",
            "14",
            "00 81 00 04",
            "45",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(
            parse(&v),
            Ok(Command::Send(SendOpts {
                dev: "veth1".into(),
                pad_to: 14,
                frames: vec![vec![0, 0x81, 0, 4], vec![0x45]],
                frames_file: None,
                duration: None,
                count: None,
            }))
        );
        assert!(p("send --dev veth1").is_err());
        // After "--", even option-looking words are frames (and fail as hex).
        assert!(p("send --dev veth1 -- --pad-to").is_err());
    }

    #[test]
    fn send_repeated_from_file() {
        assert_eq!(
            p("send --dev bz0 --frames /tmp/f.bin --seconds 2.5 --count 0x10 --pad-to 60"),
            Ok(Command::Send(SendOpts {
                dev: "bz0".into(),
                pad_to: 60,
                frames: vec![],
                frames_file: Some("/tmp/f.bin".into()),
                duration: Some(Duration::from_millis(2500)),
                count: Some(16),
            }))
        );
        // HEX frames and a file together; integer seconds; --count alone.
        let Command::Send(s) =
            p("send --dev bz0 --frames=f.bin --seconds=3 0011 --count 1000").unwrap()
        else {
            panic!()
        };
        assert_eq!(s.frames, vec![vec![0, 0x11]]);
        assert_eq!(s.frames_file, Some("f.bin".into()));
        assert_eq!(
            (s.duration, s.count),
            (Some(Duration::from_secs(3)), Some(1000))
        );
        let Command::Send(s) = p("send --dev bz0 00112233 --count 1").unwrap() else {
            panic!()
        };
        assert_eq!((s.frames_file, s.duration, s.count), (None, None, Some(1)));
        // Bad values.
        assert!(p("send --dev bz0 --seconds 1").is_err(), "no frame at all");
        assert!(p("send --dev bz0 --count 5").is_err(), "no frame at all");
        assert!(p("send --dev bz0 --frames").is_err());
        assert!(p("send --dev bz0 --frames=").is_err());
        assert!(p("send --dev bz0 --frames a --frames b").is_err());
        assert!(p("send --dev bz0 --frames f --seconds 0").is_err());
        assert!(p("send --dev bz0 --frames f --seconds -1").is_err());
        assert!(p("send --dev bz0 --frames f --seconds inf").is_err());
        assert!(p("send --dev bz0 --frames f --seconds 2s").is_err());
        assert!(p("send --dev bz0 --frames f --count 0").is_err());
        assert!(p("send --dev bz0 --frames f --count -3").is_err());
        assert!(p("send --dev bz0 --frames f --count 1.5").is_err());
        assert!(p("send --dev bz0 --frames f --count").is_err());
        assert!(p("send --frames f").is_err(), "--dev is required");
        assert!(p("send --dev bz0 --frames f --repeat").is_err());
    }

    #[test]
    fn frame_file_records() {
        // Good: three records, one of them empty, the last ending the file.
        let data = [0, 2, 0xaa, 0xbb, 0, 0, 0, 3, 1, 2, 3];
        assert_eq!(
            parse_frame_records(&data),
            Ok(vec![vec![0xaa, 0xbb], vec![], vec![1, 2, 3]])
        );
        let big: Vec<u8> = [0x01, 0x00].into_iter().chain([7u8; 256]).collect();
        assert_eq!(parse_frame_records(&big), Ok(vec![vec![7u8; 256]]));
        // Empty file: no frame, not an error (HEX arguments may give some).
        assert_eq!(parse_frame_records(&[]), Ok(vec![]));
        // Truncated record: the error names where it starts.
        let e = parse_frame_records(&[0, 1, 9, 0, 4, 1, 2]).unwrap_err();
        assert!(e.contains("offset 3"), "{e}");
        assert!(e.contains("length 4"), "{e}");
        // Truncated length.
        let e = parse_frame_records(&[0, 1, 9, 0]).unwrap_err();
        assert!(e.contains("offset 3"), "{e}");
        let e = parse_frame_records(&[5]).unwrap_err();
        assert!(e.contains("offset 0"), "{e}");
    }

    #[test]
    fn aggregate() {
        let c = p("aggregate --dev d --frame 0x81:4:84 --frame 130:ipv6:1280 --pad").unwrap();
        assert_eq!(
            c,
            Command::Aggregate(AggregateOpts {
                dev: "d".into(),
                csum: Checksum::None,
                frames: vec![
                    FrameSpec::new(0x81, IpVersion::V4, 84),
                    FrameSpec::new(130, IpVersion::V6, 1280),
                ],
                pad: true,
                ends: Endpoints::default(),
            })
        );
        assert!(parse_frame_spec("1:4:19").is_err());
        assert!(parse_frame_spec("1:6:39").is_err());
        assert!(parse_frame_spec("1:6:40").is_ok());
        assert!(parse_frame_spec("1:5:40").is_err());
        assert!(parse_frame_spec("1:4").is_err());
        assert!(parse_frame_spec("1:4:40:1").is_err());
        assert!(parse_frame_spec("1:4:70000").is_err());
        assert!(p("aggregate --dev d").is_err());
        assert!(p("aggregate --dev d --frame 1:4:20 --pad=yes").is_err());
    }

    #[test]
    fn frame_spec_protocols_and_flags() {
        let f = parse_frame_spec("0x81:4:100:udp").unwrap();
        assert_eq!((f.proto, f.flags), (Proto::Udp, FrameFlags::default()));
        let f = parse_frame_spec("1:6:61:tcp:corrupt:lie").unwrap();
        assert_eq!(
            (f.mux, f.ip, f.len, f.proto),
            (1, IpVersion::V6, 61, Proto::Tcp)
        );
        assert_eq!(
            f.flags,
            FrameFlags {
                corrupt: true,
                lie: true,
                ..FrameFlags::default()
            }
        );
        // Flags in any order, protocol anywhere, raw by default.
        let f = parse_frame_spec("1:4:40:badhdr:novalid:frag:corrupt").unwrap();
        assert_eq!(f.proto, Proto::Raw);
        assert_eq!(
            f.flags,
            FrameFlags {
                corrupt: true,
                lie: false,
                novalid: true,
                frag: true,
                badhdr: true,
            }
        );
        assert_eq!(
            parse_frame_spec("1:4:40:lie:udp:corrupt").unwrap().proto,
            Proto::Udp
        );
        assert_eq!(
            parse_frame_spec("1:4:20:raw"),
            Ok(FrameSpec::new(1, IpVersion::V4, 20))
        );
        // Room for the transport header, and a byte to corrupt.
        assert!(parse_frame_spec("1:4:28:udp").is_ok());
        assert!(parse_frame_spec("1:4:27:udp").is_err());
        assert!(parse_frame_spec("1:4:28:udp:corrupt").is_err());
        assert!(parse_frame_spec("1:4:29:udp:corrupt").is_ok());
        assert!(parse_frame_spec("1:6:59:tcp").is_err());
        assert!(parse_frame_spec("1:6:60:tcp").is_ok());
        assert!(parse_frame_spec("1:4:20:corrupt").is_err());
        assert!(parse_frame_spec("1:4:21:corrupt").is_ok());
        assert!(parse_frame_spec(&format!("1:6:{MAX_IP_LEN}:udp:corrupt:lie")).is_ok());
        // Errors.
        assert!(
            parse_frame_spec("1:4:100:udp:tcp").is_err(),
            "two protocols"
        );
        assert!(parse_frame_spec("1:4:100:corrupt:corrupt").is_err());
        assert!(parse_frame_spec("1:4:100:lie").is_err(), "lie alone");
        assert!(parse_frame_spec("1:6:100:frag").is_err());
        assert!(parse_frame_spec("1:6:100:badhdr").is_err());
        assert!(parse_frame_spec("1:4:100:icmp").is_err());
        assert!(parse_frame_spec("1:4:100:").is_err());
        assert!(parse_frame_spec("1:4:100:UDP").is_err());
    }

    #[test]
    fn aggregate_endpoints() {
        let Command::Aggregate(a) = p("aggregate --dev d --frame 1:4:100:udp --dst 10.81.0.1 \
             --src=10.81.0.2 --dst fd00::1 --dport 5555 --sport 0x1234")
        .unwrap() else {
            panic!()
        };
        assert_eq!(a.ends.dst4, [10, 81, 0, 1]);
        assert_eq!(a.ends.src4, [10, 81, 0, 2]);
        assert_eq!(a.ends.dst6[..2], [0xfd, 0]);
        assert_eq!(a.ends.dst6[15], 1);
        assert_eq!(a.ends.src6, Endpoints::default().src6);
        assert_eq!((a.ends.sport, a.ends.dport), (0x1234, 5555));
        let Command::Aggregate(a) = p("aggregate --dev d --frame 1:4:100").unwrap() else {
            panic!()
        };
        assert_eq!(a.ends, Endpoints::default());
        assert_eq!((a.ends.sport, a.ends.dport), (4000, 9));
        assert!(p("aggregate --dev d --frame 1:4:100 --dst 1.2.3.4 --dst 1.2.3.5").is_err());
        assert!(p("aggregate --dev d --frame 1:4:100 --src ::1 --src ::2").is_err());
        assert!(p("aggregate --dev d --frame 1:4:100 --dst 1.2.3").is_err());
        assert!(p("aggregate --dev d --frame 1:4:100 --dport 65536").is_err());
        assert!(p("aggregate --dev d --frame 1:4:100 --dport 1 --dport 2").is_err());
    }

    #[test]
    fn listen_and_bench() {
        let c = p("listen --dev d --count 3 --timeout 2.5 --csum v5 --downlink").unwrap();
        assert_eq!(
            c,
            Command::Listen(ListenOpts {
                dev: "d".into(),
                csum: Checksum::V5,
                downlink: true,
                count: Some(3),
                timeout: Some(Duration::from_millis(2500)),
            })
        );
        assert!(p("listen --dev d --timeout 0").is_err());
        assert!(p("listen --dev d --timeout nan").is_err());
        assert!(p("listen --dev d --count 0").is_err());
        let c =
            p("bench --dev d --mux 0x81 --size 1400 --frames-per-buffer 10 --seconds 3").unwrap();
        assert_eq!(
            c,
            Command::Bench(BenchOpts {
                dev: "d".into(),
                csum: Checksum::None,
                mux: 0x81,
                size: 1400,
                per_buffer: 10,
                duration: Duration::from_secs(3),
                linear: false,
                ip: false,
            })
        );
        let c = p("bench --dev d.1 --ip --size 64 --seconds 2").unwrap();
        assert!(matches!(
            c,
            Command::Bench(BenchOpts {
                ip: true,
                per_buffer: 1,
                ..
            })
        ));
        assert!(p("bench --dev d.1 --ip --mux 1 --size 64 --seconds 2").is_err());
        assert!(p("bench --dev d.1 --ip --size 64 --seconds 2 --linear").is_err());
        let c = p("bench --dev d --mux 1 --size 64 --frames-per-buffer 64 --seconds 1 --linear")
            .unwrap();
        assert!(matches!(c, Command::Bench(BenchOpts { linear: true, .. })));
        assert!(
            p("bench --dev d --mux 1 --size 64 --frames-per-buffer 1 --seconds 1 --linear=1")
                .is_err()
        );
        assert!(p("bench --dev d --mux 1 --size 19 --frames-per-buffer 1 --seconds 1").is_err());
        assert!(p("bench --dev d --mux 1 --size 20 --seconds 1").is_err());
        let c = p("gadget --uplink-reads 32").unwrap();
        assert!(matches!(c, Command::Gadget(g) if g.uplink_reads == 32));
        assert!(p("gadget --uplink-reads 0").is_err());
    }
}
