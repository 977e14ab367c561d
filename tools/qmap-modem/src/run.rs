// SPDX-License-Identifier: GPL-2.0
//! `qmap-modem run`: the modem emulator proper.

use std::io;
use std::path::Path;
use std::time::{Duration, Instant};

use qmap::{pad_for, write_dl_frame, Checksum, CommandType, UlSeed};

use crate::args::RunOpts;
use crate::frames::{apply_offload, command_line, for_each_frame, ul_offload, Item};
use crate::sys::{self, PacketSocket, Tun, ETH_HLEN, PACKET_OUTGOING};

/// Most bytes in one downlink buffer.
pub const MAX_DL_BUFFER: usize = 16384;
/// Room for any single frame (a 64 KiB IP packet and its headers).
const FRAME_ROOM: usize = 0x10000 + 64;
/// Packets handled per direction before looking at the other one.
const BUDGET: usize = 256;
/// How long poll waits at most, so that a stop request is seen quickly.
const TICK: Duration = Duration::from_millis(200);
/// Error messages printed per kind before going quiet.
const MAX_WARNINGS: u32 = 5;

/// The counters of `run`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Counters {
    pub dl_buffers: u64,
    pub dl_frames: u64,
    pub dl_drops: u64,
    pub ul_buffers: u64,
    pub ul_frames: u64,
    pub ul_unknown_mux: u64,
    pub ul_drops: u64,
    pub ul_write_errors: u64,
    pub ul_csum_offload: u64,
    pub ul_csum_errors: u64,
    /// Uplink buffers the kernel dropped before the emulator read them
    /// (its packet socket's receive queue full: PACKET_STATISTICS).
    pub ul_socket_drops: u64,
    pub cmds: u64,
    pub acks: u64,
}

impl Counters {
    /// One line of JSON, without the newline.
    pub fn json(&self) -> String {
        let fields = [
            ("dl-buffers", self.dl_buffers),
            ("dl-frames", self.dl_frames),
            ("dl-drops", self.dl_drops),
            ("ul-buffers", self.ul_buffers),
            ("ul-frames", self.ul_frames),
            ("ul-unknown-mux", self.ul_unknown_mux),
            ("ul-drops", self.ul_drops),
            ("ul-write-errors", self.ul_write_errors),
            ("ul-csum-offload", self.ul_csum_offload),
            ("ul-csum-errors", self.ul_csum_errors),
            ("ul-socket-drops", self.ul_socket_drops),
            ("cmds", self.cmds),
            ("acks", self.acks),
        ];
        let body: Vec<String> = fields.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
        format!("{{{}}}", body.join(","))
    }
}

/// Writes `line` to `path` atomically: a temporary file beside it, renamed.
pub fn write_stats(path: &Path, line: &str) -> io::Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".tmp.{}", std::process::id()));
    std::fs::write(&tmp, format!("{line}\n"))?;
    std::fs::rename(&tmp, path)
}

struct Chan {
    mux: u8,
    name: String,
    tun: Tun,
}

/// Prints at most [`MAX_WARNINGS`] messages.
#[derive(Default)]
struct Warner(u32);

impl Warner {
    fn warn(&mut self, msg: impl FnOnce() -> String) {
        self.0 += 1;
        if self.0 <= MAX_WARNINGS {
            eprintln!("qmap-modem: {}", msg());
        }
        if self.0 == MAX_WARNINGS {
            eprintln!("qmap-modem: (further such errors not shown)");
        }
    }
}

struct Modem {
    dev: String,
    sock: PacketSocket,
    csum: Checksum,
    chans: Vec<Chan>,
    /// Index in `chans` of each mux id.
    by_mux: [Option<usize>; 256],
    dl_agg: usize,
    agg_cap: usize,
    n: Counters,
    /// The downlink buffer being built.
    dl: Vec<u8>,
    dl_used: usize,
    dl_frames: usize,
    /// One packet read from a TUN.
    pkt: Vec<u8>,
    /// One frame received from the device.
    rx: Vec<u8>,
    /// Its items.
    items: Vec<Item>,
    /// How MAPv4 offload requests seed the checksum field.
    ul_seed: UlSeed,
    dl_warn: Warner,
    ul_warn: Warner,
}

impl Modem {
    /// Handles what the device received; an error ends the run.
    fn uplink(&mut self) -> Result<(), String> {
        for _ in 0..BUDGET {
            let (n, kind) = match self.sock.recv(&mut self.rx) {
                Ok(Some(r)) => r,
                Ok(None) => return Ok(()),
                Err(e) if e.raw_os_error() == Some(libc::ENODEV) => {
                    return Err(format!("{}: {e}", self.dev))
                }
                Err(e) => {
                    let dev = &self.dev;
                    self.ul_warn.warn(|| format!("receiving on {dev}: {e}"));
                    return Ok(());
                }
            };
            if kind == PACKET_OUTGOING {
                continue;
            }
            self.n.ul_buffers += 1;
            if n > self.rx.len() {
                self.n.ul_drops += 1;
                continue;
            }
            let mut items = std::mem::take(&mut self.items);
            items.clear();
            for_each_frame(&self.rx[..n], self.csum, true, |item| items.push(item));
            for item in &items {
                self.ul_item(n, item);
            }
            self.items = items;
        }
        Ok(())
    }

    /// Handles one item of the `n` bytes received in `self.rx`.
    fn ul_item(&mut self, n: usize, item: &Item) {
        let counters = &mut self.n;
        match item {
            Item::Data(d) => {
                counters.ul_frames += 1;
                let offload = ul_offload(&self.rx[..n], self.csum, d);
                if offload.is_some() {
                    counters.ul_csum_offload += 1;
                }
                let Some(i) = self.by_mux[usize::from(d.mux_id)] else {
                    counters.ul_unknown_mux += 1;
                    return;
                };
                let pkt = &mut self.rx[d.offset..d.offset + d.len];
                if let Some(req) = offload {
                    if let Err(e) = apply_offload(pkt, req, self.ul_seed) {
                        counters.ul_csum_errors += 1;
                        self.ul_warn.warn(|| {
                            format!("cannot offload the checksum ({req:?}) of a packet: {e:?}")
                        });
                    }
                }
                let c = &self.chans[i];
                if let Err(e) = c.tun.write(pkt) {
                    counters.ul_write_errors += 1;
                    self.ul_warn.warn(|| format!("writing to {}: {e}", c.name));
                }
            }
            Item::Command(c) => {
                counters.cmds += 1;
                if c.kind == CommandType::Ack {
                    counters.acks += 1;
                }
                eprintln!("{}", command_line(c));
            }
            Item::Drop(_) => counters.ul_drops += 1,
        }
    }

    /// Sends the downlink buffer being built, if any.
    fn flush(&mut self) {
        if self.dl_used == 0 {
            return;
        }
        let frames = self.dl_frames as u64;
        match self.sock.send(&self.dl[..self.dl_used]) {
            Ok(_) => {
                self.n.dl_buffers += 1;
                self.n.dl_frames += frames;
            }
            Err(e) => {
                self.n.dl_drops += frames;
                let (dev, len) = (&self.dev, self.dl_used);
                self.dl_warn
                    .warn(|| crate::send_error(&e, dev, len, "raise the MTU of both ends"));
            }
        }
        self.dl_used = 0;
        self.dl_frames = 0;
    }

    /// Adds a packet of `len` bytes in `self.pkt` for `mux` to the buffer.
    fn add(&mut self, mux: u8, len: usize) {
        let pad = pad_for(len);
        let flen = crate::frames::dl_frame_len(self.csum, len, pad);
        if self.dl_used > 0 && self.dl_used + flen > self.agg_cap {
            self.flush();
        }
        let out = &mut self.dl[self.dl_used..];
        match write_dl_frame(out, self.csum, mux, &self.pkt[..len], pad, true) {
            Ok(l) => {
                self.dl_used += l;
                self.dl_frames += 1;
                if self.dl_frames >= self.dl_agg {
                    self.flush();
                }
            }
            Err(e) => {
                self.n.dl_drops += 1;
                self.dl_warn
                    .warn(|| format!("cannot frame a packet of {len} bytes: {e:?}"));
            }
        }
    }

    /// Reads what the TUN devices `ready` have, round robin, into buffers.
    fn downlink(&mut self, mut ready: Vec<usize>) {
        let mut budget = BUDGET;
        while !ready.is_empty() && budget > 0 {
            let mut k = 0;
            while k < ready.len() && budget > 0 {
                let c = &self.chans[ready[k]];
                match c.tun.read(&mut self.pkt) {
                    Ok(Some(0)) | Ok(None) => {
                        ready.remove(k);
                    }
                    Ok(Some(len)) => {
                        budget -= 1;
                        let mux = c.mux;
                        self.add(mux, len);
                        k += 1;
                    }
                    Err(e) => {
                        let name = &c.name;
                        self.dl_warn.warn(|| format!("reading {name}: {e}"));
                        ready.remove(k);
                    }
                }
            }
        }
        self.flush();
    }
}

pub fn run(o: &RunOpts) -> Result<(), String> {
    sys::catch_stop_signals();
    let sock = PacketSocket::open(&o.dev, true).map_err(|e| format!("{}: {e}", o.dev))?;
    let mtu = sys::mtu(&o.dev).map_err(|e| format!("{}: {e}", o.dev))?;
    let mut chans = Vec::new();
    let mut by_mux = [None; 256];
    for c in &o.chans {
        let tun = Tun::open(&c.tun).map_err(|e| format!("creating TUN {}: {e}", c.tun))?;
        sys::set_up(&c.tun).map_err(|e| format!("bringing {} up: {e}", c.tun))?;
        by_mux[usize::from(c.mux)] = Some(chans.len());
        chans.push(Chan {
            mux: c.mux,
            name: c.tun.clone(),
            tun,
        });
    }
    let agg_cap = (mtu + ETH_HLEN).min(MAX_DL_BUFFER);
    let list: Vec<String> = chans
        .iter()
        .map(|c| format!("{:#04x}={}", c.mux, c.name))
        .collect();
    eprintln!(
        "qmap-modem: running on {} (csum {}, dl-agg {}, {} bytes per buffer): {}",
        o.dev,
        crate::args::csum_name(o.csum),
        o.dl_agg,
        agg_cap,
        list.join(" ")
    );
    let mut m = Modem {
        dev: o.dev.clone(),
        sock,
        csum: o.csum,
        chans,
        by_mux,
        dl_agg: o.dl_agg,
        agg_cap,
        n: Counters::default(),
        dl: vec![0; FRAME_ROOM + MAX_DL_BUFFER],
        dl_used: 0,
        dl_frames: 0,
        pkt: vec![0; FRAME_ROOM],
        rx: vec![0; FRAME_ROOM],
        items: Vec::new(),
        ul_seed: o.ul_seed,
        dl_warn: Warner::default(),
        ul_warn: Warner::default(),
    };
    let mut fds: Vec<libc::pollfd> = std::iter::once(m.sock.raw())
        .chain(m.chans.iter().map(|c| c.tun.raw()))
        .map(sys::poll_in)
        .collect();
    let mut next_stats = Instant::now();
    let mut result = Ok(());
    let mut stats_warn = Warner::default();
    while !sys::stop_requested() {
        let now = Instant::now();
        let mut wait = TICK;
        if let Some(path) = &o.stats {
            if now >= next_stats {
                m.n.ul_socket_drops += m.sock.take_drops().unwrap_or(0);
                if let Err(e) = write_stats(path, &m.n.json()) {
                    stats_warn.warn(|| format!("writing {}: {e}", path.display()));
                }
                next_stats = now + Duration::from_secs(1);
            }
            wait = wait.min(next_stats.saturating_duration_since(now));
        }
        for f in fds.iter_mut() {
            f.revents = 0;
        }
        if let Err(e) = sys::poll(&mut fds, wait) {
            result = Err(format!("poll: {e}"));
            break;
        }
        let ready_mask = libc::POLLIN | libc::POLLERR | libc::POLLHUP;
        if fds[0].revents & ready_mask != 0 {
            if let Err(e) = m.uplink() {
                result = Err(e);
                break;
            }
        }
        let ready: Vec<usize> = fds[1..]
            .iter()
            .enumerate()
            .filter(|(_, f)| f.revents & ready_mask != 0)
            .map(|(i, _)| i)
            .collect();
        if !ready.is_empty() {
            m.downlink(ready);
        }
    }
    m.n.ul_socket_drops += m.sock.take_drops().unwrap_or(0);
    let line = m.n.json();
    if let Some(path) = &o.stats {
        if let Err(e) = write_stats(path, &line) {
            eprintln!("qmap-modem: writing {}: {e}", path.display());
        }
    }
    println!("{line}");
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_json() {
        let c = Counters {
            dl_buffers: 1,
            dl_frames: 2,
            ul_unknown_mux: 3,
            ul_csum_offload: 5,
            acks: 4,
            ..Counters::default()
        };
        assert_eq!(
            c.json(),
            "{\"dl-buffers\":1,\"dl-frames\":2,\"dl-drops\":0,\"ul-buffers\":0,\
             \"ul-frames\":0,\"ul-unknown-mux\":3,\"ul-drops\":0,\"ul-write-errors\":0,\
             \"ul-csum-offload\":5,\"ul-csum-errors\":0,\"ul-socket-drops\":0,\"cmds\":0,\
             \"acks\":4}"
        );
    }

    #[test]
    fn stats_file_replaced_whole() {
        let dir = std::env::temp_dir().join(format!("qmap-modem-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("stats.json");
        write_stats(&path, "{\"a\":1}").unwrap();
        write_stats(&path, "{\"a\":2}").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "{\"a\":2}\n");
        let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file left behind");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
