// SPDX-License-Identifier: GPL-2.0
//! qmap-modem: emulates a Qualcomm modem for VM tests of QMAP mux drivers,
//! qmi_wwan and upstream `rmnet`: its QMAP side over one end of a veth pair
//! (`run` and the frame tools), or a whole USB QMI modem, an RM500Q, as a
//! FunctionFS gadget on dummy_hcd (`gadget`, see gadget.rs).
//!
//! On a veth, frames are raw QMAP from byte 0: they are written and read
//! with an AF_PACKET SOCK_RAW socket, with no Ethernet header added or
//! stripped (the host's kernel treats the first 14 bytes as one and rmnet
//! pushes them back). See [`args::HELP`] for the subcommands.

// Only the libc calls in sys.rs need unsafe.
#![deny(unsafe_code)]

mod args;
mod dataplane;
mod frames;
mod gadget;
mod pdn;
mod responder;
mod run;
mod sys;

use std::io::{self, Write};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use qmap::{write_command, CommandType, IpVersion};

use args::{AggregateOpts, BenchOpts, CmdOpts, Command, ListenOpts, SendOpts};
use frames::{build_aggregate, build_dl, for_each_frame, listen_line, synthetic, synthetic_frame};
use sys::{PacketSocket, ETH_HLEN, PACKET_OUTGOING};

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let cmd = match args::parse(&argv) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("qmap-modem: {e}\n{}", args::USAGE);
            return ExitCode::from(2);
        }
    };
    let r = match cmd {
        Command::Help => {
            println!("{}\n\n{}", args::USAGE, args::HELP);
            Ok(ExitCode::SUCCESS)
        }
        Command::Run(o) => run::run(&o).map(|()| ExitCode::SUCCESS),
        Command::Cmd(o) => cmd_cmd(&o),
        Command::Send(o) => cmd_send(&o),
        Command::Aggregate(o) => cmd_aggregate(&o),
        Command::Listen(o) => cmd_listen(&o),
        Command::Bench(o) => cmd_bench(&o),
        Command::Gadget(o) => gadget::run(&o).map(|()| ExitCode::SUCCESS),
        Command::Ctl { socket, line } => cmd_ctl(&socket, &line),
        Command::QmiPty { link, pdns, quiet } => {
            gadget::qmi_pty(&link, pdns, quiet).map(|()| ExitCode::SUCCESS)
        }
    };
    r.unwrap_or_else(|e| {
        eprintln!("qmap-modem: {e}");
        ExitCode::FAILURE
    })
}

/// Explains why sending a frame of `len` bytes on `dev` failed; `hint`
/// says what to do about a frame too large for the MTU.
pub fn send_error(e: &io::Error, dev: &str, len: usize, hint: &str) -> String {
    match e.raw_os_error() {
        Some(libc::EMSGSIZE) => {
            let mtu = sys::mtu(dev).map_or("?".to_string(), |m| m.to_string());
            format!(
                "sending {len} bytes on {dev}: larger than its MTU ({mtu}) + {ETH_HLEN} \
                 bytes: {hint} (ip link set DEV mtu N)"
            )
        }
        Some(libc::EINVAL) if len < ETH_HLEN => format!(
            "sending {len} bytes on {dev}: AF_PACKET refuses frames shorter than \
             {ETH_HLEN} bytes (an Ethernet header) on an Ethernet device: pad with --pad-to {ETH_HLEN}"
        ),
        _ => format!("sending {len} bytes on {dev}: {e}"),
    }
}

fn open(dev: &str, receive: bool) -> Result<PacketSocket, String> {
    PacketSocket::open(dev, receive).map_err(|e| format!("{dev}: {e}"))
}

fn send_one(sock: &PacketSocket, dev: &str, frame: &[u8]) -> Result<(), String> {
    sock.send(frame)
        .map(|_| ())
        .map_err(|e| send_error(&e, dev, frame.len(), "raise the MTU of both ends"))
}

/// Sends one line to a gadget's control socket and prints the reply.
fn cmd_ctl(socket: &std::path::Path, line: &str) -> Result<ExitCode, String> {
    use std::io::{BufRead, BufReader};
    let mut s = std::os::unix::net::UnixStream::connect(socket)
        .map_err(|e| format!("{}: {e}", socket.display()))?;
    writeln!(s, "{line}").map_err(|e| format!("{}: {e}", socket.display()))?;
    let mut reply = String::new();
    BufReader::new(s)
        .read_line(&mut reply)
        .map_err(|e| format!("{}: {e}", socket.display()))?;
    print!("{reply}");
    Ok(if reply.starts_with("error") || reply.is_empty() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn cmd_cmd(o: &CmdOpts) -> Result<ExitCode, String> {
    let mut buf = [0u8; 64];
    let n = write_command(&mut buf, o.csum, o.mux, o.name, CommandType::Request, o.txn)
        .map_err(|e| format!("cannot build the command: {e:?}"))?;
    let sock = open(&o.dev, false)?;
    send_one(&sock, &o.dev, &buf[..n])?;
    Ok(ExitCode::SUCCESS)
}

/// Frames per sendmmsg call of `send` and `bench`.
const BATCH: usize = 64;

/// The frames of `send`: the HEX ones, then those of `--frames`, padded.
fn send_frames(o: &SendOpts) -> Result<Vec<Vec<u8>>, String> {
    let mut frames = o.frames.clone();
    let from_hex = frames.len();
    if let Some(path) = &o.frames_file {
        let data = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let more =
            args::parse_frame_records(&data).map_err(|e| format!("{}: {e}", path.display()))?;
        frames.extend(more);
    }
    if frames.is_empty() {
        return Err(format!(
            "no frame to send: {} holds no record and no HEX frame was given",
            o.frames_file
                .as_deref()
                .map_or("?".into(), |p| p.display().to_string())
        ));
    }
    let min = sys::min_frame_len(&o.dev);
    for (i, f) in frames.iter_mut().enumerate() {
        if f.len() < o.pad_to {
            f.resize(o.pad_to, 0);
        }
        if f.len() < min {
            let which = match &o.frames_file {
                Some(p) if i >= from_hex => {
                    format!("record {} of {}", i - from_hex + 1, p.display())
                }
                _ => format!("frame {}", i + 1),
            };
            return Err(format!(
                "{which} is {} bytes: AF_PACKET refuses frames shorter than {min} bytes \
                 (an Ethernet header) on {}; pass --pad-to {min} to append zero bytes",
                f.len(),
                o.dev
            ));
        }
    }
    Ok(frames)
}

/// What `send` did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Sent {
    frames: u64,
    bytes: u64,
    retries: u64,
}

impl Sent {
    fn line(&self, secs: f64) -> String {
        let mut l = format!(
            "sent {} frames ({} bytes) in {secs:.3} s",
            self.frames, self.bytes
        );
        if self.retries > 0 {
            l += &format!(", {} retries", self.retries);
        }
        l
    }
}

fn cmd_send(o: &SendOpts) -> Result<ExitCode, String> {
    let frames = send_frames(o)?;
    let sock = open(&o.dev, false)?;
    sys::catch_stop_signals();
    // Each frame once unless told otherwise.
    let total = match (o.count, o.duration) {
        (Some(c), _) => Some(c),
        (None, Some(_)) => None,
        (None, None) => Some(frames.len() as u64),
    };
    let start = Instant::now();
    let deadline = o.duration.map(|d| start + d);
    let mut sent = Sent::default();
    let mut pos = 0;
    let mut batch: Vec<&[u8]> = Vec::with_capacity(BATCH);
    let mut result = Ok(ExitCode::SUCCESS);
    loop {
        let left = total.map_or(BATCH as u64, |t| t - sent.frames);
        if left == 0 {
            break;
        }
        if deadline.is_some_and(|d| Instant::now() >= d) {
            break;
        }
        if sys::stop_requested() {
            eprintln!("qmap-modem: interrupted");
            result = Ok(ExitCode::FAILURE);
            break;
        }
        batch.clear();
        let want = left.min(BATCH as u64) as usize;
        batch.extend((0..want).map(|i| frames[(pos + i) % frames.len()].as_slice()));
        match sock.send_batch(&batch) {
            Ok(n) => {
                sent.frames += n as u64;
                sent.bytes += batch[..n].iter().map(|f| f.len() as u64).sum::<u64>();
                pos = (pos + n) % frames.len();
            }
            Err(e) if matches!(e.raw_os_error(), Some(libc::ENOBUFS | libc::EAGAIN)) => {
                sent.retries += 1;
                // Let the receiver drain what is queued.
                std::thread::yield_now();
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => {
                let which = format!("frame {} of {}: ", pos + 1, frames.len());
                let msg = send_error(&e, &o.dev, batch[0].len(), "raise the MTU of both ends");
                result = Err(which + &msg);
                break;
            }
        }
    }
    println!("{}", sent.line(start.elapsed().as_secs_f64()));
    result
}

fn cmd_aggregate(o: &AggregateOpts) -> Result<ExitCode, String> {
    let synth: Vec<_> = o
        .frames
        .iter()
        .map(|f| synthetic_frame(f, &o.ends, o.csum))
        .collect();
    let frames: Vec<_> = synth.iter().map(|s| s.frame()).collect();
    let buf = build_dl(o.csum, &frames, o.pad)?;
    let sock = open(&o.dev, false)?;
    send_one(&sock, &o.dev, &buf)?;
    Ok(ExitCode::SUCCESS)
}

fn cmd_listen(o: &ListenOpts) -> Result<ExitCode, String> {
    let sock = open(&o.dev, true)?;
    let deadline = o.timeout.map(|t| Instant::now() + t);
    let mut buf = vec![0u8; 0x10000 + 64];
    let mut seen = 0u64;
    let mut out = io::stdout().lock();
    let done = |seen: u64| o.count.is_some_and(|c| seen >= c);
    loop {
        let wait = match deadline {
            Some(d) => {
                let now = Instant::now();
                if now >= d {
                    // Timed out: a failure only if a count was not reached.
                    return Ok(if o.count.is_some() {
                        ExitCode::FAILURE
                    } else {
                        ExitCode::SUCCESS
                    });
                }
                d - now
            }
            None => Duration::from_secs(1),
        };
        let mut fds = [sys::poll_in(sock.raw())];
        sys::poll(&mut fds, wait).map_err(|e| format!("poll: {e}"))?;
        while let Some((n, kind)) = sock.recv(&mut buf).map_err(|e| format!("{}: {e}", o.dev))? {
            if kind == PACKET_OUTGOING {
                continue;
            }
            let mut lines = Vec::new();
            if n > buf.len() {
                lines.push(format!("drop truncated ({n} bytes)"));
            } else {
                let frame = &buf[..n];
                for_each_frame(frame, o.csum, !o.downlink, |item| {
                    lines.push(listen_line(frame, o.csum, !o.downlink, &item))
                });
            }
            for l in lines {
                if writeln!(out, "{l}").and_then(|()| out.flush()).is_err() {
                    return Ok(ExitCode::SUCCESS);
                }
                seen += 1;
                if done(seen) {
                    return Ok(ExitCode::SUCCESS);
                }
            }
        }
    }
}

fn cmd_bench(o: &BenchOpts) -> Result<ExitCode, String> {
    let pkt = synthetic(IpVersion::V4, o.size);
    let buf = if o.ip {
        pkt.clone()
    } else {
        let frames: Vec<(u8, &[u8])> = (0..o.per_buffer).map(|_| (o.mux, pkt.as_slice())).collect();
        build_aggregate(o.csum, &frames, true)?
    };
    let mtu = sys::mtu(&o.dev).map_err(|e| format!("{}: {e}", o.dev))?;
    if buf.len() > mtu + ETH_HLEN {
        return Err(format!(
            "a buffer of {} frames of {} bytes is {} bytes, more than the MTU of {} ({mtu}) + \
             {ETH_HLEN}: raise the MTU of both ends or send fewer frames per buffer",
            o.per_buffer,
            o.size,
            buf.len(),
            o.dev
        ));
    }
    let sock = open(&o.dev, false)?;
    let buf = if o.linear {
        sock.enable_vnet_hdr()
            .map_err(|e| format!("{}: PACKET_VNET_HDR: {e}", o.dev))?;
        let mut b = sys::vnet_hdr_linear(buf.len()).to_vec();
        b.extend_from_slice(&buf);
        b
    } else {
        buf
    };
    let start = Instant::now();
    let end = start + o.duration;
    let (mut buffers, mut failed) = (0u64, 0u64);
    while Instant::now() < end {
        match sock.send_many(&buf, BATCH) {
            Ok(n) => buffers += n as u64,
            Err(e)
                if matches!(
                    e.raw_os_error(),
                    Some(libc::ENOBUFS | libc::EAGAIN | libc::EINTR)
                ) =>
            {
                failed += 1
            }
            Err(e) => return Err(send_error(&e, &o.dev, buf.len(), "raise the MTU")),
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let frames = buffers * o.per_buffer as u64;
    println!(
        "sent {buffers} buffers, {frames} frames in {secs:.2} s: {:.0} frames/s",
        frames as f64 / secs
    );
    if failed > 0 {
        eprintln!("qmap-modem: {failed} sendmmsg calls failed for lack of buffer space");
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn send_summary() {
        let s = Sent {
            frames: 3,
            bytes: 192,
            retries: 0,
        };
        assert_eq!(s.line(0.0123), "sent 3 frames (192 bytes) in 0.012 s");
        let s = Sent { retries: 7, ..s };
        assert_eq!(
            s.line(2.0),
            "sent 3 frames (192 bytes) in 2.000 s, 7 retries"
        );
    }
}
