// SPDX-License-Identifier: GPL-2.0
//! qmap-modem: emulates a Qualcomm modem's QMAP side over one end of a veth
//! pair, for VM tests of QMAP mux drivers and of upstream `rmnet`.
//!
//! Frames on the device are raw QMAP from byte 0: they are written and read
//! with an AF_PACKET SOCK_RAW socket, with no Ethernet header added or
//! stripped (the host's kernel treats the first 14 bytes as one and rmnet
//! pushes them back). See [`args::HELP`] for the subcommands.

// Only the libc calls in sys.rs need unsafe.
#![deny(unsafe_code)]

mod args;
mod frames;
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

fn cmd_cmd(o: &CmdOpts) -> Result<ExitCode, String> {
    let mut buf = [0u8; 64];
    let n = write_command(&mut buf, o.csum, o.mux, o.name, CommandType::Request, o.txn)
        .map_err(|e| format!("cannot build the command: {e:?}"))?;
    let sock = open(&o.dev, false)?;
    send_one(&sock, &o.dev, &buf[..n])?;
    Ok(ExitCode::SUCCESS)
}

fn cmd_send(o: &SendOpts) -> Result<ExitCode, String> {
    let min = sys::min_frame_len(&o.dev);
    let mut frames = o.frames.clone();
    for (i, f) in frames.iter_mut().enumerate() {
        if f.len() < o.pad_to {
            f.resize(o.pad_to, 0);
        }
        if f.len() < min {
            return Err(format!(
                "frame {} is {} bytes: AF_PACKET refuses frames shorter than {min} bytes \
                 (an Ethernet header) on {}; pass --pad-to {min} to append zero bytes",
                i + 1,
                f.len(),
                o.dev
            ));
        }
    }
    let sock = open(&o.dev, false)?;
    for f in &frames {
        send_one(&sock, &o.dev, f)?;
    }
    Ok(ExitCode::SUCCESS)
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
    const BATCH: usize = 64;
    let pkt = synthetic(IpVersion::V4, o.size);
    let frames: Vec<(u8, &[u8])> = (0..o.per_buffer).map(|_| (o.mux, pkt.as_slice())).collect();
    let buf = build_aggregate(o.csum, &frames, true)?;
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
