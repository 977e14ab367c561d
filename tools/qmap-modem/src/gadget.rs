// SPDX-License-Identifier: GPL-2.0
//! `qmap-modem gadget`: a Quectel RM500Q-GL (2c7c:0800) on a USB device
//! controller (dummy_hcd's `dummy_udc.0` in the test VM), made of a
//! configfs gadget with ONE FunctionFS function declaring five interfaces,
//! as the real modem numbers them:
//!
//! ```text
//! If0  ff/ff/ff  DIAG: bulk IN + bulk OUT only (qmi_wwan must refuse it)
//! If1  ff/00/00  no endpoint (a serial port on the real modem)
//! If2  ff/00/00  no endpoint
//! If3  ff/00/00  no endpoint
//! If4  ff/ff/ff  QMI: interrupt IN 8 B (bInterval 9 = 32 ms at HS),
//!                bulk IN, bulk OUT (512 B at HS, 64 B at FS)
//! ```
//!
//! ep0 carries QMI (cdc-wdm's encapsulated commands and responses), the
//! interrupt endpoint the RESPONSE_AVAILABLE notifications, the bulk pair
//! the data plane ([`crate::dataplane`]). Threads: ep0 events, the
//! notifications (their write blocks until the host opens the port),
//! uplink reads, downlink writes (and the faults), the control socket.

use std::fs::{self, File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::os::fd::AsRawFd;
use std::os::unix::net::UnixListener;
use std::os::unix::thread::JoinHandleExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use crate::dataplane::{
    fault_transfer, flood_transfer, full_frames, Core, DlAggregator, Fault, Job, Work,
};
use crate::pdn::PdnSpec;
use crate::responder::{Format, Responder};
use crate::run::write_stats;
use crate::sys::{self, AioQueue, Tun};

/// The QMI interface's number, as the host sees it.
pub const QMI_IFACE: u8 = 4;

/// Options of `gadget`.
#[derive(Debug, Clone, PartialEq)]
pub struct GadgetOpts {
    pub pdns: Vec<PdnSpec>,
    pub udc: Option<String>,
    pub name: String,
    pub ffs_dir: Option<PathBuf>,
    pub stats: Option<PathBuf>,
    pub control: Option<PathBuf>,
    pub vid: u16,
    pub pid: u16,
    pub quiet: bool,
    /// Uplink transfers in flight: 1 reads with read(2), more through AIO.
    pub uplink_reads: usize,
}

const USB_DT_INTERFACE: u8 = 4;
const USB_DT_ENDPOINT: u8 = 5;
const BULK: u8 = 2;
const INTR: u8 = 3;

fn iface(num: u8, eps: u8, class: [u8; 3]) -> [u8; 9] {
    [
        9,
        USB_DT_INTERFACE,
        num,
        0,
        eps,
        class[0],
        class[1],
        class[2],
        0,
    ]
}

fn ep(addr: u8, attr: u8, mps: u16, interval: u8) -> [u8; 7] {
    let m = mps.to_le_bytes();
    [7, USB_DT_ENDPOINT, addr, attr, m[0], m[1], interval]
}

/// Endpoint addresses in the descriptors; FunctionFS names the files
/// ep1.. in the order the endpoints first appear.
const DIAG_IN: u8 = 0x81;
const DIAG_OUT: u8 = 0x01;
const QMI_INT: u8 = 0x82;
const QMI_IN: u8 = 0x83;
const QMI_OUT: u8 = 0x02;
/// The files of If4's endpoints.
const EP_INT: &str = "ep3";
const EP_IN: &str = "ep4";
const EP_OUT: &str = "ep5";

/// One speed's descriptors: 5 interfaces, 5 endpoints.
fn speed_descs(bulk: u16, int_interval: u8) -> (Vec<u8>, u32) {
    let mut d = Vec::new();
    d.extend_from_slice(&iface(0, 2, [0xff, 0xff, 0xff]));
    d.extend_from_slice(&ep(DIAG_IN, BULK, bulk, 0));
    d.extend_from_slice(&ep(DIAG_OUT, BULK, bulk, 0));
    for n in 1..=3 {
        d.extend_from_slice(&iface(n, 0, [0xff, 0x00, 0x00]));
    }
    d.extend_from_slice(&iface(QMI_IFACE, 3, [0xff, 0xff, 0xff]));
    d.extend_from_slice(&ep(QMI_INT, INTR, 8, int_interval));
    d.extend_from_slice(&ep(QMI_IN, BULK, bulk, 0));
    d.extend_from_slice(&ep(QMI_OUT, BULK, bulk, 0));
    (d, 10)
}

/// The FunctionFS descriptors blob: v2 (magic 3), full and high speed.
pub fn descriptors() -> Vec<u8> {
    const MAGIC_V2: u32 = 3;
    const HAS_FS: u32 = 1;
    const HAS_HS: u32 = 2;
    // Full speed: bInterval in ms (32); high speed: 2^(9-1) microframes.
    let (fs, fs_n) = speed_descs(64, 32);
    let (hs, hs_n) = speed_descs(512, 9);
    let len = 20 + fs.len() + hs.len();
    let mut b = Vec::with_capacity(len);
    for v in [MAGIC_V2, len as u32, HAS_FS | HAS_HS, fs_n, hs_n] {
        b.extend_from_slice(&v.to_le_bytes());
    }
    b.extend_from_slice(&fs);
    b.extend_from_slice(&hs);
    b
}

/// The FunctionFS strings blob (magic 2): one string in en-US.
pub fn strings() -> Vec<u8> {
    const MAGIC: u32 = 2;
    let s = b"Quectel QMI\0";
    let len = 16 + 2 + s.len();
    let mut b = Vec::with_capacity(len);
    for v in [MAGIC, len as u32, 1, 1] {
        b.extend_from_slice(&v.to_le_bytes());
    }
    b.extend_from_slice(&0x0409u16.to_le_bytes());
    b.extend_from_slice(s);
    b
}

/// The RESPONSE_AVAILABLE notification.
pub fn response_available() -> [u8; 8] {
    [0xa1, 0x01, 0x00, 0x00, QMI_IFACE, 0x00, 0x00, 0x00]
}

fn write_attr(path: &Path, v: &str) -> Result<(), String> {
    fs::write(path, v).map_err(|e| format!("writing '{v}' to {}: {e}", path.display()))
}

fn mkdir(path: &Path) -> Result<(), String> {
    fs::create_dir(path).map_err(|e| format!("mkdir {}: {e}", path.display()))
}

fn sh(cmd: &str, args: &[&str]) -> Result<(), String> {
    let out = Command::new(cmd)
        .args(args)
        .output()
        .map_err(|e| format!("{cmd}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{cmd} {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

/// The configfs side: the gadget's directories, the FunctionFS mount, the
/// UDC binding.
pub struct Gadget {
    dir: PathBuf,
    func: String,
    ffs: PathBuf,
    udc: String,
    mounted: bool,
    link: bool,
}

impl Gadget {
    fn create(o: &GadgetOpts) -> Result<Gadget, String> {
        let root = Path::new("/sys/kernel/config");
        if !root.join("usb_gadget").exists() {
            sh("mount", &["-t", "configfs", "none", "/sys/kernel/config"])?;
        }
        let udc = match &o.udc {
            Some(u) => u.clone(),
            None => fs::read_dir("/sys/class/udc")
                .ok()
                .and_then(|mut d| d.next())
                .and_then(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .ok_or("no USB device controller in /sys/class/udc (load dummy_hcd)")?,
        };
        let dir = root.join("usb_gadget").join(&o.name);
        if dir.exists() {
            return Err(format!(
                "{} exists: another simulator running?",
                dir.display()
            ));
        }
        let ffs = o
            .ffs_dir
            .clone()
            .unwrap_or_else(|| PathBuf::from(format!("/tmp/ffs-{}", o.name)));
        let mut g = Gadget {
            dir: dir.clone(),
            func: format!("ffs.{}", o.name),
            ffs,
            udc,
            mounted: false,
            link: false,
        };
        mkdir(&dir)?;
        let r = (|| {
            write_attr(&dir.join("idVendor"), &format!("{:#06x}", o.vid))?;
            write_attr(&dir.join("idProduct"), &format!("{:#06x}", o.pid))?;
            write_attr(&dir.join("bcdDevice"), "0x0414")?;
            write_attr(&dir.join("bcdUSB"), "0x0200")?;
            let s = dir.join("strings/0x409");
            mkdir(&s)?;
            write_attr(&s.join("manufacturer"), "Quectel")?;
            write_attr(&s.join("product"), "RM500Q-GL")?;
            write_attr(&s.join("serialnumber"), "qmap-modem-0")?;
            let c = dir.join("configs/c.1");
            mkdir(&c)?;
            write_attr(&c.join("MaxPower"), "500")?;
            mkdir(&c.join("strings/0x409"))?;
            write_attr(&c.join("strings/0x409/configuration"), "QMI")?;
            mkdir(&dir.join("functions").join(&g.func))?;
            std::os::unix::fs::symlink(dir.join("functions").join(&g.func), c.join(&g.func))
                .map_err(|e| format!("linking the function: {e}"))?;
            g.link = true;
            fs::create_dir_all(&g.ffs).map_err(|e| format!("mkdir {}: {e}", g.ffs.display()))?;
            sh(
                "mount",
                &["-t", "functionfs", &o.name, &g.ffs.to_string_lossy()],
            )?;
            g.mounted = true;
            Ok(())
        })();
        match r {
            Ok(()) => Ok(g),
            Err(e) => {
                g.remove();
                Err(e)
            }
        }
    }

    fn udc_file(&self) -> PathBuf {
        self.dir.join("UDC")
    }

    pub fn bind(&self) -> Result<(), String> {
        write_attr(&self.udc_file(), &self.udc)
    }

    pub fn unbind(&self) -> Result<(), String> {
        let cur = fs::read_to_string(self.udc_file()).unwrap_or_default();
        if cur.trim().is_empty() {
            return Ok(());
        }
        write_attr(&self.udc_file(), "\n")
    }

    /// The endpoint's max packet size at the speed the host enumerated.
    fn bulk_mps(&self) -> usize {
        let p = Path::new("/sys/class/udc")
            .join(&self.udc)
            .join("current_speed");
        match fs::read_to_string(p).unwrap_or_default().trim() {
            "full-speed" | "low-speed" => 64,
            "super-speed" | "super-speed-plus" => 1024,
            _ => 512,
        }
    }

    /// Undoes what [`Gadget::create`] did; the FunctionFS files must be
    /// closed first.
    fn remove(&mut self) {
        let _ = self.unbind();
        if self.mounted && sh("umount", &[&self.ffs.to_string_lossy()]).is_err() {
            let _ = sh("umount", &["-l", &self.ffs.to_string_lossy()]);
        }
        self.mounted = false;
        let _ = fs::remove_dir(&self.ffs);
        let c = self.dir.join("configs/c.1");
        if self.link {
            let _ = fs::remove_file(c.join(&self.func));
        }
        for d in [
            c.join("strings/0x409"),
            c.clone(),
            self.dir.join("functions").join(&self.func),
            self.dir.join("strings/0x409"),
            self.dir.clone(),
        ] {
            let _ = fs::remove_dir(&d);
        }
    }
}

/// What the threads share.
struct Shared {
    core: Arc<Core>,
    gadget: Mutex<Gadget>,
    mps: AtomicUsize,
    /// The function is enabled (its endpoints configured by the host).
    enabled: AtomicBool,
    ep0: File,
    ep_int: File,
    ep_in: File,
    ep_out: File,
    /// Packet destination and source of synthetic frames, per PDN.
    ends: Vec<([u8; 4], [u8; 4])>,
    uplink_reads: usize,
}

fn stopping() -> bool {
    sys::stop_requested()
}

fn nap(ms: u64) {
    thread::sleep(Duration::from_millis(ms));
}

/// ep0: FunctionFS events, each 12 bytes (a SETUP packet, a type, pad).
fn ep0_thread(s: Arc<Shared>) {
    const BIND: u8 = 0;
    const UNBIND: u8 = 1;
    const ENABLE: u8 = 2;
    const DISABLE: u8 = 3;
    const SETUP: u8 = 4;
    let fd = s.ep0.as_raw_fd();
    let mut ev = [0u8; 12 * 4];
    while !stopping() {
        let n = match sys::fd_read(fd, &mut ev) {
            Ok(n) => n,
            Err(_) => {
                nap(10);
                continue;
            }
        };
        for e in ev[..n].chunks_exact(12) {
            match e[8] {
                BIND => {}
                ENABLE => {
                    s.mps
                        .store(s.gadget.lock().unwrap().bulk_mps(), Ordering::Relaxed);
                    s.enabled.store(true, Ordering::Release);
                    s.core.stats.lock().unwrap().enables += 1;
                }
                DISABLE | UNBIND => {
                    s.enabled.store(false, Ordering::Release);
                    s.core.clear_responses();
                    s.core.stats.lock().unwrap().disables += 1;
                }
                SETUP => setup(&s, e),
                _ => {}
            }
        }
    }
}

fn setup(s: &Shared, e: &[u8]) {
    let fd = s.ep0.as_raw_fd();
    let (rt, req) = (e[0], e[1]);
    let wlen = usize::from(u16::from_le_bytes([e[6], e[7]]));
    s.core.stats.lock().unwrap().setups += 1;
    match (rt, req) {
        // SEND_ENCAPSULATED_COMMAND: one QMUX message.
        (0x21, 0x00) => {
            let mut buf = vec![0u8; wlen];
            match sys::fd_read(fd, &mut buf) {
                Ok(n) => s.core.qmi_request(&buf[..n]),
                Err(err) => eprintln!("qmap-modem: reading a QMI request: {err}"),
            }
        }
        // GET_ENCAPSULATED_RESPONSE: the next response, or nothing.
        (0xa1, 0x01) => {
            let mut r = s.core.next_response().unwrap_or_default();
            r.truncate(wlen);
            if let Err(err) = sys::fd_write(fd, &r) {
                eprintln!("qmap-modem: writing a QMI response: {err}");
            }
        }
        // SET_CONTROL_LINE_STATE: ack.
        (0x21, 0x22) => {
            s.core.stats.lock().unwrap().dtr += 1;
            let _ = sys::fd_read(fd, &mut []);
        }
        _ => {
            // Stall: the wrong-direction operation.
            s.core.stats.lock().unwrap().stalls += 1;
            if rt & 0x80 != 0 {
                let _ = sys::fd_read(fd, &mut []);
            } else {
                let _ = sys::fd_write(fd, &[]);
            }
        }
    }
}

/// One RESPONSE_AVAILABLE per queued response.
fn notify_thread(s: Arc<Shared>) {
    let fd = s.ep_int.as_raw_fd();
    while !stopping() {
        {
            let q = s.core.responses.lock().unwrap();
            if q.1 == 0 {
                let _ = s
                    .core
                    .responses_cv
                    .wait_timeout(q, Duration::from_millis(200));
                continue;
            }
        }
        match sys::fd_write(fd, &response_available()) {
            Ok(_) => {
                let mut q = s.core.responses.lock().unwrap();
                q.1 = q.1.saturating_sub(1);
                drop(q);
                s.core.stats.lock().unwrap().notifications += 1;
            }
            Err(_) => nap(20),
        }
    }
}

/// Reads uplink transfers while the function is enabled. A read issued
/// while it is disabled sleeps in f_fs until the endpoint comes back, and
/// f_fs (6.12) leaks that read's buffer when the endpoint is disabled again
/// between its allocation and the request (`ffs_epfile_io`: `data` is not
/// yet `io_data->buf` on the -ESHUTDOWN path), which a reconnect can do.
fn uplink_thread(s: Arc<Shared>) {
    if s.uplink_reads > 1 {
        return uplink_aio(&s);
    }
    let fd = s.ep_out.as_raw_fd();
    let mut buf = vec![0u8; UL_BUF];
    while !stopping() {
        if !s.enabled.load(Ordering::Acquire) {
            nap(20);
            continue;
        }
        match sys::fd_read(fd, &mut buf) {
            Ok(n) => s.core.uplink(&mut buf[..n]),
            Err(_) => nap(20),
        }
    }
}

/// The largest uplink transfer read.
const UL_BUF: usize = 0x10000;

/// [`uplink_thread`] with `uplink_reads` reads in flight, resubmitted as
/// they finish while the function is enabled (the same guard).
fn uplink_aio(s: &Shared) {
    let mut q = match AioQueue::new(s.ep_out.as_raw_fd(), s.uplink_reads, UL_BUF) {
        Ok(q) => q,
        Err(e) => {
            eprintln!("qmap-modem: uplink AIO: {e}");
            return;
        }
    };
    while !stopping() {
        if s.enabled.load(Ordering::Acquire) {
            for slot in 0..q.depth() {
                if q.buf(slot).is_some() && q.submit(slot, None).is_err() {
                    break;
                }
            }
        }
        if q.in_flight() == 0 {
            nap(20);
            continue;
        }
        let Ok(done) = q.wait(Duration::from_millis(100)) else {
            continue;
        };
        for (slot, res) in done {
            if res >= 0 {
                if let Some(b) = q.data_mut(slot, res as usize) {
                    s.core.uplink(b);
                }
            }
        }
    }
}

/// Writes one downlink transfer, and a ZLP after it when its length is a
/// multiple of the max packet size (f_fs sets no `req->zero`).
fn send(s: &Shared, t: &[u8], packets: &[(u8, usize)], counted: bool) -> Result<(), String> {
    let fd = s.ep_in.as_raw_fd();
    let r = sys::fd_write(fd, t);
    let mps = s.mps.load(Ordering::Relaxed).max(1);
    let zlp =
        r.is_ok() && !t.is_empty() && t.len().is_multiple_of(mps) && sys::fd_write(fd, &[]).is_ok();
    let mut st = s.core.stats.lock().unwrap();
    match r {
        Ok(_) => {
            st.dl_transfers += 1;
            st.dl_bytes += t.len() as u64;
            if zlp {
                st.dl_zlps += 1;
            }
            if counted {
                for &(mux, len) in packets {
                    let m = st.mux.entry(mux).or_default();
                    m.dl_packets += 1;
                    m.dl_bytes += len as u64;
                }
            }
            Ok(())
        }
        Err(e) => {
            st.dl_write_errors += 1;
            for &(mux, _) in packets {
                st.mux.entry(mux).or_default().dl_write_errors += 1;
            }
            Err(format!("bulk IN: {e}"))
        }
    }
}

/// The benchmark's downlink: see [`Work::Flood`].
fn flood(
    s: &Shared,
    mux: u8,
    f: &Format,
    secs: Duration,
    size: usize,
    depth: usize,
) -> Result<String, String> {
    let mps = s.mps.load(Ordering::Relaxed).max(1);
    let (t, k) = flood_transfer(f, mux, size, mps)?;
    let mut q =
        AioQueue::new(s.ep_in.as_raw_fd(), depth, t.len()).map_err(|e| format!("AIO: {e}"))?;
    for slot in 0..depth {
        if let Some(b) = q.buf(slot) {
            b.copy_from_slice(&t);
        }
    }
    let start = Instant::now();
    let end = start + secs;
    let (mut sent, mut failed) = (0u64, 0u64);
    let mut err = None;
    loop {
        let now = Instant::now();
        if now < end && err.is_none() && !stopping() {
            for slot in 0..depth {
                if q.buf(slot).is_some() {
                    if let Err(e) = q.submit(slot, Some(t.len())) {
                        err = Some(format!("bulk IN: {e}"));
                        break;
                    }
                }
            }
        } else if q.in_flight() == 0 || now > end + Duration::from_secs(5) {
            break;
        }
        let Ok(done) = q.wait(Duration::from_millis(100)) else {
            continue;
        };
        for (_, res) in done {
            if res == t.len() as i64 {
                sent += 1;
            } else {
                failed += 1;
                if failed > 100 && sent == 0 {
                    err = Some(format!("bulk IN: error {res}"));
                }
            }
        }
    }
    let elapsed = start.elapsed().as_secs_f64();
    drop(q);
    {
        let mut st = s.core.stats.lock().unwrap();
        st.dl_transfers += sent;
        st.dl_bytes += sent * t.len() as u64;
        st.dl_write_errors += failed;
        let m = st.mux.entry(mux).or_default();
        m.dl_packets += sent * k as u64;
        m.dl_bytes += sent * (k * size) as u64;
    }
    if let Some(e) = err {
        return Err(e);
    }
    Ok(format!(
        "ok flood {sent} transfers of {} bytes, {} packets of {size} bytes in {elapsed:.3} s, {failed} failed",
        t.len(),
        sent * k as u64
    ))
}

fn run_job(s: &Shared, job: &Job, format: &Format) -> Result<String, String> {
    let fault = match job.work {
        Work::Fault(f) => f,
        Work::Flood { secs, size, depth } => return flood(s, job.mux, format, secs, size, depth),
    };
    let dl_max = format.dl_max_size as usize;
    let pdn = s.core.qmi.lock().unwrap().pdn_of_mux(job.mux).unwrap_or(0);
    let (dst, src) = s.ends.get(pdn).copied().unwrap_or(([0; 4], [0; 4]));
    let n = match fault {
        Fault::Short(n)
        | Fault::Truncated(n)
        | Fault::Garbage(n)
        | Fault::Zlp(n)
        | Fault::Oversize(n)
        | Fault::Full(n) => n,
        Fault::Stall => {
            // A read on an IN endpoint halts it.
            let _ = sys::fd_read(s.ep_in.as_raw_fd(), &mut [0u8; 8]);
            s.core.stats.lock().unwrap().fault("stall");
            return Ok("ok stalled bulk IN".into());
        }
    };
    let dgrams = format.dl_max_datagrams as usize;
    let t = fault_transfer(fault, job.mux, (dl_max, dgrams), dst, src)?;
    for _ in 0..n {
        send(s, &t, &[], false)?;
        s.core.stats.lock().unwrap().fault(fault.name());
    }
    let each = match fault {
        Fault::Full(_) => format!(", {} packets each", full_frames(dl_max, dgrams)),
        _ => String::new(),
    };
    Ok(format!(
        "ok sent {n} {} transfers of {} bytes{each}",
        fault.name(),
        t.len()
    ))
}

fn downlink_thread(s: Arc<Shared>) {
    let mut format = Format::default();
    let mut agg = DlAggregator::new(&format);
    let mut pkt = vec![0u8; 0x10000];
    let mut fds: Vec<libc::pollfd> = s.core.tuns.iter().map(|t| sys::poll_in(t.raw())).collect();
    let muxes: Vec<u8> = s
        .core
        .qmi
        .lock()
        .unwrap()
        .pdns()
        .iter()
        .map(|p| p.mux)
        .collect();
    while !stopping() {
        let jobs: Vec<Job> = s.core.jobs.lock().unwrap().drain(..).collect();
        for j in jobs {
            let f = s.core.qmi.lock().unwrap().format();
            let r = run_job(&s, &j, &f);
            let _ = j.done.send(r);
        }
        for f in fds.iter_mut() {
            f.revents = 0;
        }
        if sys::poll(&mut fds, Duration::from_millis(100)).unwrap_or(0) == 0 {
            continue;
        }
        let (f, conn) = {
            let r = s.core.qmi.lock().unwrap();
            (
                r.format(),
                (0..muxes.len()).map(|i| r.connected(i)).collect::<Vec<_>>(),
            )
        };
        if f != format {
            format = f;
            agg = DlAggregator::new(&format);
        }
        let mut budget = 256;
        let mut progress = true;
        while budget > 0 && progress {
            progress = false;
            for (i, t) in s.core.tuns.iter().enumerate() {
                let len = match t.read(&mut pkt) {
                    Ok(Some(n)) if n > 0 => n,
                    _ => continue,
                };
                progress = true;
                budget -= 1;
                let mux = muxes[i];
                let drop_reason = {
                    if !conn[i] {
                        Some(0)
                    } else if agg.csum.is_none() && i != 0 {
                        Some(1)
                    } else if !agg.fits(len) {
                        Some(2)
                    } else {
                        None
                    }
                };
                if let Some(r) = drop_reason {
                    let mut st = s.core.stats.lock().unwrap();
                    let m = st.mux.entry(mux).or_default();
                    match r {
                        0 => m.dl_not_connected += 1,
                        1 => m.dl_no_mux += 1,
                        _ => m.dl_too_big += 1,
                    }
                    continue;
                }
                if let Some((t, p)) = agg.push(mux, &pkt[..len]) {
                    let _ = send(&s, &t, &p, true);
                }
                if agg.full() {
                    if let Some((t, p)) = agg.take() {
                        let _ = send(&s, &t, &p, true);
                    }
                }
            }
        }
        if let Some((t, p)) = agg.take() {
            let _ = send(&s, &t, &p, true);
        }
    }
}

/// Carries out one control command; returns the reply line.
fn command(s: &Shared, line: &str) -> String {
    let words: Vec<&str> = line.split_whitespace().collect();
    let Some((&cmd, args)) = words.split_first() else {
        return "error: empty command".into();
    };
    let first_mux = s
        .core
        .qmi
        .lock()
        .unwrap()
        .pdns()
        .first()
        .map_or(1, |p| p.mux);
    let num = |i: usize, default: u64| -> Result<u64, String> {
        match args.get(i) {
            None => Ok(default),
            Some(a) => cliutil::parse_num(a).ok_or_else(|| format!("error: invalid number '{a}'")),
        }
    };
    let r = (|| -> Result<String, String> {
        let mut wait = Duration::from_secs(20);
        let (work, mux_arg) = match cmd {
            "stats" => return Ok(s.core.json()),
            "short" | "truncated" | "garbage" | "zlp" | "oversize" | "full" => {
                let n = num(0, 1)?.min(100_000) as u32;
                let f = match cmd {
                    "short" => Fault::Short(n),
                    "truncated" => Fault::Truncated(n),
                    "garbage" => Fault::Garbage(n),
                    "zlp" => Fault::Zlp(n),
                    "oversize" => Fault::Oversize(n),
                    _ => Fault::Full(n),
                };
                (Some(Work::Fault(f)), 1)
            }
            "stall" => (Some(Work::Fault(Fault::Stall)), 1),
            "flood" => {
                let secs = num(0, 5)?.clamp(1, 600);
                let size = num(1, 64)? as usize;
                if !(crate::frames::IPV4_HDR_LEN..=crate::args::MAX_IP_LEN).contains(&size) {
                    return Err(format!("error: packet size {size} out of range"));
                }
                let depth = num(3, 8)?.clamp(1, 256) as usize;
                wait = Duration::from_secs(secs + 20);
                let work = Work::Flood {
                    secs: Duration::from_secs(secs),
                    size,
                    depth,
                };
                (Some(work), 2)
            }
            "sink" => {
                let on = match args.first().copied() {
                    Some("on") => true,
                    Some("off") => false,
                    _ => return Err("error: sink on|off".into()),
                };
                s.core.ul_sink.store(on, Ordering::Relaxed);
                return Ok(format!("ok uplink sink {}", args[0]));
            }
            _ => (None, 0),
        };
        if let Some(work) = work {
            let mux = num(mux_arg, first_mux.into())? as u8;
            let (tx, rx) = mpsc::channel();
            s.core.jobs.lock().unwrap().push_back(Job {
                work,
                mux,
                done: tx,
            });
            return rx
                .recv_timeout(wait)
                .map_err(|_| "error: timed out (is the host reading bulk IN?)".to_string())?;
        }
        match cmd {
            "disconnect" => {
                s.gadget.lock().unwrap().unbind()?;
                s.core.qmi.lock().unwrap().reset();
                s.core.clear_responses();
                s.core.stats.lock().unwrap().fault("disconnect");
                Ok("ok disconnected".into())
            }
            "connect" => {
                s.gadget.lock().unwrap().bind()?;
                Ok("ok connected".into())
            }
            "reconnect" => {
                let ms = num(0, 500)?;
                command(s, "disconnect");
                nap(ms);
                s.gadget.lock().unwrap().bind()?;
                Ok(format!("ok reconnected after {ms} ms"))
            }
            "call-fail" => {
                let n = num(0, 1)? as u32;
                let reason = num(1, 241)? as u16;
                s.core.qmi.lock().unwrap().fail_next_calls(n, reason);
                s.core.stats.lock().unwrap().fault("call-fail");
                Ok(format!("ok next {n} calls fail with reason {reason}"))
            }
            "drop-call" => {
                let mux = num(0, first_mux.into())? as u8;
                let ind = s.core.qmi.lock().unwrap().drop_calls(mux);
                let n = ind.len();
                s.core.queue(ind);
                Ok(format!("ok dropped {n} calls"))
            }
            "help" => Ok(CONTROL_HELP.replace('\n', " ")),
            _ => Err(format!("error: unknown command '{cmd}' (try help)")),
        }
    })();
    r.unwrap_or_else(|e| {
        if e.starts_with("error") {
            e
        } else {
            format!("error: {e}")
        }
    })
}

pub const CONTROL_HELP: &str = "\
stats | short N [MUX] | truncated N [MUX] | garbage N [MUX] | zlp N | oversize N [MUX] | full N [MUX]
| stall
| disconnect | connect | reconnect [MS] | call-fail N [REASON] | drop-call [MUX]
| flood [SECS] [SIZE] [MUX] [DEPTH] | sink on|off | help";

fn control_thread(s: Arc<Shared>, listener: UnixListener) {
    for conn in listener.incoming() {
        if stopping() {
            break;
        }
        let Ok(conn) = conn else { continue };
        let Ok(mut w) = conn.try_clone() else {
            continue;
        };
        for line in BufReader::new(conn).lines() {
            let Ok(line) = line else { break };
            let reply = command(&s, &line);
            if writeln!(w, "{reply}").is_err() {
                break;
            }
        }
    }
}

fn open_ep(dir: &Path, name: &str) -> Result<File, String> {
    OpenOptions::new()
        .read(true)
        .write(true)
        .open(dir.join(name))
        .map_err(|e| format!("opening {}: {e}", dir.join(name).display()))
}

pub fn run(o: &GadgetOpts) -> Result<(), String> {
    sys::catch_stop_signals();
    sys::install_wake_handler();
    let mut tuns = Vec::new();
    let mut netns = Vec::new();
    let cleanup_ns = |netns: &Vec<String>| {
        for n in netns {
            crate::pdn::delete_netns(n);
        }
    };
    for p in &o.pdns {
        let t = Tun::open(&p.tun).map_err(|e| format!("creating TUN {}: {e}", p.tun));
        let t = match t {
            Ok(t) => t,
            Err(e) => {
                cleanup_ns(&netns);
                return Err(e);
            }
        };
        match crate::pdn::setup_netns(p) {
            Ok(created) => {
                if created {
                    netns.push(p.netns.clone())
                }
            }
            Err(e) => {
                cleanup_ns(&netns);
                return Err(e);
            }
        }
        tuns.push(t);
    }
    let ends = o
        .pdns
        .iter()
        .map(|p| (p.ipv4.map_or([0; 4], |(a, _)| a.octets()), p.gw4.octets()))
        .collect();
    let mut responder = Responder::new(o.pdns.clone(), u32::from(QMI_IFACE));
    responder.verbose = !o.quiet;
    let core = Core::new(responder, tuns);
    let mut gadget = match Gadget::create(o) {
        Ok(g) => g,
        Err(e) => {
            cleanup_ns(&netns);
            return Err(e);
        }
    };
    let opened = (|| -> Result<(File, File, File, File), String> {
        let ep0 = open_ep(&gadget.ffs, "ep0")?;
        sys::fd_write(ep0.as_raw_fd(), &descriptors())
            .map_err(|e| format!("writing the descriptors: {e}"))?;
        sys::fd_write(ep0.as_raw_fd(), &strings())
            .map_err(|e| format!("writing the strings: {e}"))?;
        Ok((
            ep0,
            open_ep(&gadget.ffs, EP_INT)?,
            open_ep(&gadget.ffs, EP_IN)?,
            open_ep(&gadget.ffs, EP_OUT)?,
        ))
    })();
    let (ep0, ep_int, ep_in, ep_out) = match opened {
        Ok(f) => f,
        Err(e) => {
            gadget.remove();
            cleanup_ns(&netns);
            return Err(e);
        }
    };
    let listener = match &o.control {
        Some(p) => {
            let _ = fs::remove_file(p);
            match UnixListener::bind(p) {
                Ok(l) => Some(l),
                Err(e) => {
                    drop((ep0, ep_int, ep_in, ep_out));
                    gadget.remove();
                    cleanup_ns(&netns);
                    return Err(format!("{}: {e}", p.display()));
                }
            }
        }
        None => None,
    };
    let shared = Arc::new(Shared {
        enabled: AtomicBool::new(false),
        core: core.clone(),
        gadget: Mutex::new(gadget),
        mps: AtomicUsize::new(512),
        ep0,
        ep_int,
        ep_in,
        ep_out,
        ends,
        uplink_reads: o.uplink_reads,
    });
    let mut threads = Vec::new();
    for (name, f) in [
        ("ep0", ep0_thread as fn(Arc<Shared>)),
        ("notify", notify_thread),
        ("uplink", uplink_thread),
        ("downlink", downlink_thread),
    ] {
        let s = shared.clone();
        threads.push(
            thread::Builder::new()
                .name(name.into())
                .spawn(move || f(s))
                .map_err(|e| format!("spawning {name}: {e}"))?,
        );
    }
    if let Some(l) = listener {
        let s = shared.clone();
        // Not joined: it blocks in accept; it ends with the process.
        let _ = thread::Builder::new()
            .name("control".into())
            .spawn(move || control_thread(s, l));
    }
    let bound = shared.gadget.lock().unwrap().bind();
    let list: Vec<String> = o
        .pdns
        .iter()
        .map(|p| format!("{:#04x}={}@{}", p.mux, p.tun, p.netns))
        .collect();
    match &bound {
        Ok(()) => eprintln!(
            "qmap-modem: gadget {:04x}:{:04x} on {} (QMI on interface {QMI_IFACE}): {}",
            o.vid,
            o.pid,
            shared.gadget.lock().unwrap().udc,
            list.join(" ")
        ),
        Err(e) => eprintln!("qmap-modem: {e}"),
    }
    let mut next_stats = Instant::now();
    while bound.is_ok() && !stopping() {
        if let Some(p) = &o.stats {
            if Instant::now() >= next_stats {
                let _ = write_stats(p, &core.json());
                next_stats = Instant::now() + Duration::from_secs(1);
            }
        }
        nap(50);
    }
    // Teardown: unbind first, so the host lets go and blocked I/O fails.
    sys::request_stop();
    let _ = shared.gadget.lock().unwrap().unbind();
    let deadline = Instant::now() + Duration::from_secs(5);
    while threads.iter().any(|t| !t.is_finished()) && Instant::now() < deadline {
        for t in &threads {
            if !t.is_finished() {
                sys::interrupt_thread(t.as_pthread_t());
            }
        }
        nap(50);
    }
    let stuck = threads.iter().filter(|t| !t.is_finished()).count();
    if stuck > 0 {
        eprintln!("qmap-modem: {stuck} threads did not stop");
    }
    for t in threads {
        if t.is_finished() {
            let _ = t.join();
        }
    }
    let line = core.json();
    if let Some(p) = &o.stats {
        let _ = write_stats(p, &line);
    }
    if let Some(p) = &o.control {
        let _ = fs::remove_file(p);
    }
    println!("{line}");
    // The ep files close when the last reference goes; the control thread
    // may hold one, so close what can be closed and remove the rest.
    match Arc::try_unwrap(shared) {
        Ok(s) => {
            let mut g = s.gadget.into_inner().unwrap();
            drop((s.ep0, s.ep_int, s.ep_in, s.ep_out));
            g.remove();
        }
        Err(s) => {
            s.gadget.lock().unwrap().remove();
        }
    }
    cleanup_ns(&netns);
    bound
}

/// `qmap-modem qmi-pty LINK`: the QMI responder on a pseudo-terminal whose
/// slave LINK points to, for running qmicli against it on the host.
pub fn qmi_pty(link: &Path, pdns: Vec<PdnSpec>, quiet: bool) -> Result<(), String> {
    sys::catch_stop_signals();
    let pty = sys::Pty::open().map_err(|e| format!("opening a pty: {e}"))?;
    let _ = fs::remove_file(link);
    std::os::unix::fs::symlink(&pty.slave_path, link)
        .map_err(|e| format!("linking {}: {e}", link.display()))?;
    eprintln!("qmap-modem: QMI on {} ({})", link.display(), pty.slave_path);
    let mut r = Responder::new(pdns, u32::from(QMI_IFACE));
    r.verbose = !quiet;
    let fd = pty.master.raw();
    let mut acc: Vec<u8> = Vec::new();
    let mut buf = [0u8; 4096];
    while !stopping() {
        let mut fds = [sys::poll_in(fd)];
        if sys::poll(&mut fds, Duration::from_millis(200)).unwrap_or(0) == 0 {
            continue;
        }
        match sys::fd_read(fd, &mut buf) {
            Ok(n) => acc.extend_from_slice(&buf[..n]),
            // EIO: no client has the slave open.
            Err(_) => {
                nap(50);
                continue;
            }
        }
        loop {
            match qmi::message_len(&acc) {
                Ok(Some(n)) if n <= acc.len() => {
                    let m: Vec<u8> = acc.drain(..n).collect();
                    for out in r.handle(&m) {
                        let _ = sys::fd_write(fd, &out);
                    }
                }
                Ok(_) => break,
                Err(_) => {
                    // Resynchronise on the next marker.
                    let skip = acc
                        .iter()
                        .skip(1)
                        .position(|&b| b == 1)
                        .map_or(acc.len(), |p| p + 1);
                    acc.drain(..skip);
                }
            }
        }
    }
    let _ = fs::remove_file(link);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptor_blob() {
        let d = descriptors();
        let le = |at: usize| u32::from_le_bytes([d[at], d[at + 1], d[at + 2], d[at + 3]]);
        assert_eq!(
            (le(0), le(4) as usize, le(8), le(12), le(16)),
            (3, d.len(), 3, 10, 10)
        );
        // Walk the high-speed set: five interfaces numbered 0..4, If0 with 2
        // endpoints, If4 with the interrupt endpoint first.
        let half = (d.len() - 20) / 2;
        let hs = &d[20 + half..];
        let mut at = 0;
        let mut ifaces = vec![];
        let mut eps = vec![];
        while at < hs.len() {
            let l = hs[at] as usize;
            match hs[at + 1] {
                4 => ifaces.push((hs[at + 2], hs[at + 4], hs[at + 5], hs[at + 6])),
                5 => eps.push((
                    hs[at + 2],
                    hs[at + 3],
                    u16::from_le_bytes([hs[at + 4], hs[at + 5]]),
                    hs[at + 6],
                )),
                _ => panic!("unexpected descriptor"),
            }
            at += l;
        }
        assert_eq!(
            ifaces,
            vec![
                (0, 2, 0xff, 0xff),
                (1, 0, 0xff, 0),
                (2, 0, 0xff, 0),
                (3, 0, 0xff, 0),
                (4, 3, 0xff, 0xff)
            ]
        );
        assert_eq!(eps[2], (0x82, 3, 8, 9));
        assert_eq!(eps[3], (0x83, 2, 512, 0));
        assert_eq!(eps[4], (0x02, 2, 512, 0));
        let s = strings();
        assert_eq!(
            u32::from_le_bytes([s[4], s[5], s[6], s[7]]) as usize,
            s.len()
        );
        assert_eq!(response_available(), [0xa1, 1, 0, 0, 4, 0, 0, 0]);
    }
}
