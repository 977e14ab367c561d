// SPDX-License-Identifier: GPL-2.0
//! The system calls: AF_PACKET sockets, TUN devices, interface ioctls,
//! poll and signals. The only module with unsafe code, each block a libc
//! call.

#![allow(unsafe_code)]

use std::ffi::CString;
use std::io;
use std::os::raw::{c_int, c_void};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// `sll_pkttype` of frames the host sent itself (linux/if_packet.h).
pub const PACKET_OUTGOING: u8 = 4;
/// Length of an Ethernet header: the shortest frame AF_PACKET sends on an
/// Ethernet device.
pub const ETH_HLEN: usize = 14;

/// An owned file descriptor.
pub struct Fd(c_int);

impl Fd {
    pub fn raw(&self) -> c_int {
        self.0
    }
}

impl Drop for Fd {
    fn drop(&mut self) {
        // SAFETY: the descriptor is owned by this Fd and closed only here.
        unsafe { libc::close(self.0) };
    }
}

fn cvt(r: c_int) -> io::Result<c_int> {
    if r < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(r)
    }
}

fn cvt_size(r: isize) -> io::Result<usize> {
    if r < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(r as usize)
    }
}

/// `struct ifreq` (40 bytes on 64-bit Linux): the name, then the union as
/// plain bytes, so that reading the answer needs no unsafe code.
#[repr(C, align(8))]
struct IfReq {
    name: [u8; libc::IFNAMSIZ],
    data: [u8; 24],
}

impl IfReq {
    fn new(name: &str) -> io::Result<IfReq> {
        let mut r = IfReq {
            name: [0; libc::IFNAMSIZ],
            data: [0; 24],
        };
        if name.is_empty() || name.len() >= libc::IFNAMSIZ || name.contains('\0') {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("invalid interface name '{name}'"),
            ));
        }
        r.name[..name.len()].copy_from_slice(name.as_bytes());
        Ok(r)
    }

    fn short(&self) -> i16 {
        i16::from_ne_bytes([self.data[0], self.data[1]])
    }

    fn set_short(&mut self, v: i16) {
        self.data[..2].copy_from_slice(&v.to_ne_bytes());
    }

    fn int(&self) -> i32 {
        i32::from_ne_bytes([self.data[0], self.data[1], self.data[2], self.data[3]])
    }
}

fn socket(domain: c_int, kind: c_int, proto: c_int) -> io::Result<Fd> {
    // SAFETY: socket() takes no pointers; the result is checked.
    let fd = cvt(unsafe { libc::socket(domain, kind | libc::SOCK_CLOEXEC, proto) })?;
    Ok(Fd(fd))
}

/// Runs an interface ioctl on a throwaway AF_INET datagram socket.
fn if_ioctl(req: libc::c_ulong, r: &mut IfReq) -> io::Result<()> {
    let s = socket(libc::AF_INET, libc::SOCK_DGRAM, 0)?;
    // SAFETY: `r` is a live ifreq-sized buffer the kernel reads and writes;
    // the descriptor is open.
    cvt(unsafe { libc::ioctl(s.raw(), req as _, r as *mut IfReq) })?;
    Ok(())
}

/// The ifindex of `name`.
pub fn ifindex(name: &str) -> io::Result<c_int> {
    let c = CString::new(name).map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))?;
    // SAFETY: `c` is a NUL-terminated string that outlives the call.
    let i = unsafe { libc::if_nametoindex(c.as_ptr()) };
    if i == 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(i as c_int)
}

/// The MTU of `name`.
pub fn mtu(name: &str) -> io::Result<usize> {
    let mut r = IfReq::new(name)?;
    if_ioctl(libc::SIOCGIFMTU, &mut r)?;
    Ok(r.int().max(0) as usize)
}

/// The hardware type (ARPHRD_*) of `name`.
pub fn hw_type(name: &str) -> io::Result<u16> {
    let mut r = IfReq::new(name)?;
    if_ioctl(libc::SIOCGIFHWADDR, &mut r)?;
    Ok(r.short() as u16)
}

/// The shortest frame AF_PACKET accepts for `name`.
pub fn min_frame_len(name: &str) -> usize {
    match hw_type(name) {
        Ok(libc::ARPHRD_ETHER) => ETH_HLEN,
        _ => 0,
    }
}

/// Sets IFF_UP on `name`.
pub fn set_up(name: &str) -> io::Result<()> {
    let mut r = IfReq::new(name)?;
    if_ioctl(libc::SIOCGIFFLAGS, &mut r)?;
    let flags = r.short() | libc::IFF_UP as i16;
    r.set_short(flags);
    if_ioctl(libc::SIOCSIFFLAGS, &mut r)
}

/// A TUN device (IFF_TUN | IFF_NO_PI), nonblocking.
pub struct Tun {
    fd: Fd,
}

impl Tun {
    /// Creates (or attaches to) TUN device `name`.
    pub fn open(name: &str) -> io::Result<Tun> {
        let path = c"/dev/net/tun";
        // SAFETY: `path` is a NUL-terminated static string.
        let fd = cvt(unsafe {
            libc::open(
                path.as_ptr(),
                libc::O_RDWR | libc::O_NONBLOCK | libc::O_CLOEXEC,
            )
        })?;
        let fd = Fd(fd);
        let mut r = IfReq::new(name)?;
        r.set_short((libc::IFF_TUN | libc::IFF_NO_PI) as i16);
        // SAFETY: `r` is a live ifreq-sized buffer; the descriptor is open.
        cvt(unsafe { libc::ioctl(fd.raw(), libc::TUNSETIFF as _, &mut r as *mut IfReq) })?;
        Ok(Tun { fd })
    }

    pub fn raw(&self) -> c_int {
        self.fd.raw()
    }

    /// Reads one packet; `None` when none is waiting.
    pub fn read(&self, buf: &mut [u8]) -> io::Result<Option<usize>> {
        // SAFETY: `buf` is writable for its whole length during the call.
        let r = unsafe { libc::read(self.fd.raw(), buf.as_mut_ptr() as *mut c_void, buf.len()) };
        match cvt_size(r) {
            Ok(n) => Ok(Some(n)),
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Writes one packet.
    pub fn write(&self, pkt: &[u8]) -> io::Result<usize> {
        // SAFETY: `pkt` is readable for its whole length during the call.
        let r = unsafe { libc::write(self.fd.raw(), pkt.as_ptr() as *const c_void, pkt.len()) };
        cvt_size(r)
    }
}

/// Length of a `struct virtio_net_hdr`.
pub const VNET_HDR_LEN: usize = 10;

/// A virtio-net header for a frame of `len` bytes (no checksum, no GSO)
/// whose `hdr_len` asks AF_PACKET to put the whole frame in the linear part
/// of its sk_buff: without it, frames over a page go to page fragments.
pub fn vnet_hdr_linear(len: usize) -> [u8; VNET_HDR_LEN] {
    let mut h = [0u8; VNET_HDR_LEN];
    // flags (u8), gso_type (u8), then hdr_len (le16).
    h[2..4].copy_from_slice(&(len.min(u16::MAX as usize) as u16).to_le_bytes());
    h
}

/// An AF_PACKET SOCK_RAW socket bound to one device: frames are sent and
/// received whole, from byte 0, with no link-layer header added.
pub struct PacketSocket {
    fd: Fd,
}

impl PacketSocket {
    /// Binds to `dev`; with `receive`, to every protocol (ETH_P_ALL),
    /// otherwise to none, so that nothing queues up on a send-only socket.
    pub fn open(dev: &str, receive: bool) -> io::Result<PacketSocket> {
        let ifindex = ifindex(dev)?;
        // Protocol 0: receive nothing until bound to the device.
        let fd = socket(libc::AF_PACKET, libc::SOCK_RAW, 0)?;
        if receive {
            let size: c_int = 4 << 20;
            // SO_RCVBUF is capped at net.core.rmem_max (208 KiB by default),
            // which a burst of aggregated uplink buffers overflows while the
            // emulator runs slowly (TCG): force the size with CAP_NET_ADMIN.
            for opt in [libc::SO_RCVBUFFORCE, libc::SO_RCVBUF] {
                // SAFETY: the option value points to a c_int that outlives
                // the call, and its size is passed. Failure only keeps the
                // default.
                let r = unsafe {
                    libc::setsockopt(
                        fd.raw(),
                        libc::SOL_SOCKET,
                        opt,
                        &size as *const c_int as *const c_void,
                        std::mem::size_of::<c_int>() as libc::socklen_t,
                    )
                };
                if r == 0 {
                    break;
                }
            }
        }
        let addr = libc::sockaddr_ll {
            sll_family: libc::AF_PACKET as u16,
            sll_protocol: if receive {
                (libc::ETH_P_ALL as u16).to_be()
            } else {
                0
            },
            sll_ifindex: ifindex,
            sll_hatype: 0,
            sll_pkttype: 0,
            sll_halen: 0,
            sll_addr: [0; 8],
        };
        // SAFETY: `addr` is a sockaddr_ll that outlives the call, and its
        // size is passed.
        cvt(unsafe {
            libc::bind(
                fd.raw(),
                &addr as *const libc::sockaddr_ll as *const libc::sockaddr,
                std::mem::size_of::<libc::sockaddr_ll>() as libc::socklen_t,
            )
        })?;
        Ok(PacketSocket { fd })
    }

    pub fn raw(&self) -> c_int {
        self.fd.raw()
    }

    /// Frames the kernel dropped for this socket (receive queue full) since
    /// the last call (PACKET_STATISTICS, which resets on read).
    pub fn take_drops(&self) -> io::Result<u64> {
        let mut st = libc::tpacket_stats {
            tp_packets: 0,
            tp_drops: 0,
        };
        let mut len = std::mem::size_of::<libc::tpacket_stats>() as libc::socklen_t;
        // SAFETY: `st` and `len` are live and writable, `len` holds the size
        // of `st`.
        cvt(unsafe {
            libc::getsockopt(
                self.fd.raw(),
                libc::SOL_PACKET,
                libc::PACKET_STATISTICS,
                &mut st as *mut libc::tpacket_stats as *mut c_void,
                &mut len,
            )
        })?;
        Ok(u64::from(st.tp_drops))
    }

    /// Makes every frame sent start with a virtio-net header
    /// (PACKET_VNET_HDR; see [`vnet_hdr_linear`]).
    pub fn enable_vnet_hdr(&self) -> io::Result<()> {
        let on: c_int = 1;
        // SAFETY: the option value points to a c_int that outlives the
        // call, and its size is passed.
        cvt(unsafe {
            libc::setsockopt(
                self.fd.raw(),
                libc::SOL_PACKET,
                libc::PACKET_VNET_HDR,
                &on as *const c_int as *const c_void,
                std::mem::size_of::<c_int>() as libc::socklen_t,
            )
        })
        .map(|_| ())
    }

    /// Sends one frame.
    pub fn send(&self, frame: &[u8]) -> io::Result<usize> {
        // SAFETY: `frame` is readable for its whole length during the call.
        let r = unsafe {
            libc::send(
                self.fd.raw(),
                frame.as_ptr() as *const c_void,
                frame.len(),
                0,
            )
        };
        cvt_size(r)
    }

    /// Sends `frame` `count` times with one sendmmsg; returns how many went.
    pub fn send_many(&self, frame: &[u8], count: usize) -> io::Result<usize> {
        self.send_batch(&vec![frame; count])
    }

    /// Sends `frames` in order with one sendmmsg; returns how many went
    /// (the first ones). An error is returned only when none went: one on a
    /// later frame shows on the next call, which starts with that frame.
    pub fn send_batch(&self, frames: &[&[u8]]) -> io::Result<usize> {
        let mut iovs: Vec<libc::iovec> = frames
            .iter()
            .map(|f| libc::iovec {
                iov_base: f.as_ptr() as *mut c_void,
                iov_len: f.len(),
            })
            .collect();
        let mut msgs: Vec<libc::mmsghdr> = iovs
            .iter_mut()
            .map(|iov| libc::mmsghdr {
                msg_hdr: libc::msghdr {
                    msg_name: std::ptr::null_mut(),
                    msg_namelen: 0,
                    msg_iov: iov as *mut libc::iovec,
                    msg_iovlen: 1,
                    msg_control: std::ptr::null_mut(),
                    msg_controllen: 0,
                    msg_flags: 0,
                },
                msg_len: 0,
            })
            .collect();
        // SAFETY: each header points to its own iovec in `iovs`, which
        // points to a frame; all outlive the call, and the kernel only
        // reads the frames.
        let r = unsafe {
            libc::sendmmsg(
                self.fd.raw(),
                msgs.as_mut_ptr(),
                msgs.len() as libc::c_uint,
                0,
            )
        };
        cvt(r).map(|n| n as usize)
    }

    /// Receives one frame without blocking: `None` when none is waiting,
    /// else its full length (which may exceed `buf`) and its packet type.
    pub fn recv(&self, buf: &mut [u8]) -> io::Result<Option<(usize, u8)>> {
        let mut addr = libc::sockaddr_ll {
            sll_family: 0,
            sll_protocol: 0,
            sll_ifindex: 0,
            sll_hatype: 0,
            sll_pkttype: 0,
            sll_halen: 0,
            sll_addr: [0; 8],
        };
        let mut alen = std::mem::size_of::<libc::sockaddr_ll>() as libc::socklen_t;
        // SAFETY: `buf` is writable for its length, `addr` and `alen` are
        // live and `alen` holds the size of `addr`.
        let r = unsafe {
            libc::recvfrom(
                self.fd.raw(),
                buf.as_mut_ptr() as *mut c_void,
                buf.len(),
                libc::MSG_DONTWAIT | libc::MSG_TRUNC,
                &mut addr as *mut libc::sockaddr_ll as *mut libc::sockaddr,
                &mut alen,
            )
        };
        match cvt_size(r) {
            Ok(n) => Ok(Some((n, addr.sll_pkttype))),
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// A pollfd waiting for input on `fd`.
pub fn poll_in(fd: c_int) -> libc::pollfd {
    libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    }
}

/// Waits for `fds` up to `timeout`; an interrupting signal counts as a
/// timeout.
pub fn poll(fds: &mut [libc::pollfd], timeout: Duration) -> io::Result<usize> {
    let ms = timeout.as_millis().min(i32::MAX as u128) as c_int;
    // SAFETY: `fds` is a live array of pollfd of the length passed.
    let r = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, ms) };
    match cvt(r) {
        Ok(n) => Ok(n as usize),
        Err(e) if e.kind() == io::ErrorKind::Interrupted => Ok(0),
        Err(e) => Err(e),
    }
}

static STOP: AtomicBool = AtomicBool::new(false);

extern "C" fn on_signal(_: c_int) {
    STOP.store(true, Ordering::SeqCst);
}

/// Makes SIGINT and SIGTERM set the flag [`stop_requested`] reads.
pub fn catch_stop_signals() {
    let handler = on_signal as extern "C" fn(c_int);
    for sig in [libc::SIGINT, libc::SIGTERM] {
        // SAFETY: the handler only stores to an atomic, which is
        // async-signal-safe.
        unsafe { libc::signal(sig, handler as libc::sighandler_t) };
    }
}

pub fn stop_requested() -> bool {
    STOP.load(Ordering::SeqCst)
}

/// read(2) on a raw descriptor, even of zero bytes (FunctionFS acks a
/// control request's status stage, or stalls, on a zero-length read).
pub fn fd_read(fd: c_int, buf: &mut [u8]) -> io::Result<usize> {
    // SAFETY: `buf` is writable for its whole length during the call.
    let r = unsafe { libc::read(fd, buf.as_mut_ptr() as *mut c_void, buf.len()) };
    cvt_size(r)
}

/// write(2) on a raw descriptor, even of zero bytes (a zero-length packet).
pub fn fd_write(fd: c_int, buf: &[u8]) -> io::Result<usize> {
    // SAFETY: `buf` is readable for its whole length during the call.
    let r = unsafe { libc::write(fd, buf.as_ptr() as *const c_void, buf.len()) };
    cvt_size(r)
}

extern "C" fn on_wake(_: c_int) {}

/// Installs a do-nothing SIGUSR1 handler without SA_RESTART, so that
/// [`interrupt_thread`] makes a thread's blocking FunctionFS call return
/// EINTR.
pub fn install_wake_handler() {
    // SAFETY: a zeroed sigaction is a valid value to fill in.
    let mut sa: libc::sigaction = unsafe { std::mem::zeroed() };
    sa.sa_sigaction = on_wake as extern "C" fn(c_int) as libc::sighandler_t;
    sa.sa_flags = 0;
    // SAFETY: `sa` is a valid sigaction that outlives the call; the
    // handler does nothing, which is async-signal-safe.
    unsafe {
        libc::sigemptyset(&mut sa.sa_mask);
        libc::sigaction(libc::SIGUSR1, &sa, std::ptr::null_mut());
    }
}

/// Sends SIGUSR1 to thread `t` (of this process).
pub fn interrupt_thread(t: libc::pthread_t) {
    // SAFETY: `t` is the pthread_t of a thread of this process that has not
    // been joined (its JoinHandle is still held by the caller).
    unsafe { libc::pthread_kill(t, libc::SIGUSR1) };
}

/// A pseudo-terminal in raw mode: the master for the simulator, the slave
/// for a QMI client to open (a stand-in for /dev/cdc-wdm0 on the host).
pub struct Pty {
    pub master: Fd,
    /// Kept open so the terminal settings stay.
    _slave: Fd,
    pub slave_path: String,
}

impl Pty {
    pub fn open() -> io::Result<Pty> {
        // SAFETY: posix_openpt takes no pointers; the result is checked.
        let m =
            cvt(unsafe { libc::posix_openpt(libc::O_RDWR | libc::O_NOCTTY | libc::O_CLOEXEC) })?;
        let master = Fd(m);
        // SAFETY: the descriptor is an open pty master.
        cvt(unsafe { libc::grantpt(m) })?;
        // SAFETY: as above.
        cvt(unsafe { libc::unlockpt(m) })?;
        let mut name = [0u8; 128];
        // SAFETY: `name` is writable for its length, which is passed.
        let r = unsafe { libc::ptsname_r(m, name.as_mut_ptr() as *mut libc::c_char, name.len()) };
        if r != 0 {
            return Err(io::Error::from_raw_os_error(r));
        }
        let end = name.iter().position(|&b| b == 0).unwrap_or(name.len());
        let slave_path = String::from_utf8_lossy(&name[..end]).into_owned();
        let c = CString::new(slave_path.clone())
            .map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))?;
        // SAFETY: `c` is a NUL-terminated path that outlives the call.
        let s = cvt(unsafe {
            libc::open(c.as_ptr(), libc::O_RDWR | libc::O_NOCTTY | libc::O_CLOEXEC)
        })?;
        let slave = Fd(s);
        // SAFETY: a zeroed termios is a valid value for tcgetattr to fill.
        let mut t: libc::termios = unsafe { std::mem::zeroed() };
        // SAFETY: `t` is a live termios; the descriptor is an open tty.
        cvt(unsafe { libc::tcgetattr(s, &mut t) })?;
        // SAFETY: `t` is a live termios.
        unsafe { libc::cfmakeraw(&mut t) };
        // SAFETY: as above.
        cvt(unsafe { libc::tcsetattr(s, libc::TCSANOW, &t) })?;
        Ok(Pty {
            master,
            _slave: slave,
            slave_path,
        })
    }
}

/// Sets the flag [`stop_requested`] reads, as a signal would.
pub fn request_stop() {
    STOP.store(true, Ordering::SeqCst);
}

/// `struct iocb` (linux/aio_abi.h, little-endian layout).
#[repr(C)]
#[derive(Default, Clone, Copy)]
struct Iocb {
    data: u64,
    key: u32,
    rw_flags: i32,
    opcode: u16,
    reqprio: i16,
    fildes: u32,
    buf: u64,
    nbytes: u64,
    offset: i64,
    reserved2: u64,
    flags: u32,
    resfd: u32,
}

/// `struct io_event`.
#[repr(C)]
#[derive(Default, Clone, Copy)]
struct IoEvent {
    data: u64,
    obj: u64,
    res: i64,
    res2: i64,
}

const IOCB_CMD_PREAD: u16 = 0;
const IOCB_CMD_PWRITE: u16 = 1;

/// Transfers in flight on one descriptor through Linux native AIO, which
/// FunctionFS serves with one USB request per iocb: many transfers queued
/// on an endpoint, as a modem's DMA rings have, where read(2) and write(2)
/// keep one. The queue owns one buffer per slot; a slot's buffer is not
/// lent out while its transfer is in flight, and dropping the queue
/// cancels and waits for every transfer (io_destroy) before the buffers go.
pub struct AioQueue {
    ctx: libc::c_ulong,
    fd: c_int,
    bufs: Vec<Vec<u8>>,
    busy: Vec<bool>,
}

impl AioQueue {
    /// A queue of `depth` slots of `len`-byte buffers on `fd`.
    pub fn new(fd: c_int, depth: usize, len: usize) -> io::Result<AioQueue> {
        let mut ctx: libc::c_ulong = 0;
        // SAFETY: io_setup writes the context id to `ctx`, which outlives
        // the call.
        let r = unsafe { libc::syscall(libc::SYS_io_setup, depth as libc::c_long, &mut ctx) };
        if r < 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(AioQueue {
            ctx,
            fd,
            bufs: vec![vec![0; len]; depth],
            busy: vec![false; depth],
        })
    }

    pub fn depth(&self) -> usize {
        self.bufs.len()
    }

    /// Transfers in flight.
    pub fn in_flight(&self) -> usize {
        self.busy.iter().filter(|&&b| b).count()
    }

    /// The buffer of an idle slot.
    pub fn buf(&mut self, slot: usize) -> Option<&mut Vec<u8>> {
        if self.busy[slot] {
            None
        } else {
            Some(&mut self.bufs[slot])
        }
    }

    /// Queues a read into idle `slot`'s buffer (its whole length), or a
    /// write of its first `len` bytes.
    pub fn submit(&mut self, slot: usize, write: Option<usize>) -> io::Result<()> {
        if self.busy[slot] {
            return Err(io::Error::from_raw_os_error(libc::EBUSY));
        }
        let b = &mut self.bufs[slot];
        let mut cb = Iocb {
            data: slot as u64,
            opcode: if write.is_some() {
                IOCB_CMD_PWRITE
            } else {
                IOCB_CMD_PREAD
            },
            fildes: self.fd as u32,
            buf: b.as_mut_ptr() as u64,
            nbytes: write.unwrap_or(b.len()).min(b.len()) as u64,
            ..Default::default()
        };
        let mut list = [&mut cb as *mut Iocb];
        // The buffer belongs to this queue, is neither moved nor touched
        // while the slot is busy (`buf` refuses it, the Vec is never
        // resized), and outlives the transfer (`Drop` destroys the context
        // first).
        // SAFETY: the iocb is read during the call; its buffer as above.
        let r = unsafe {
            libc::syscall(
                libc::SYS_io_submit,
                self.ctx,
                1 as libc::c_long,
                list.as_mut_ptr(),
            )
        };
        if r < 0 {
            return Err(io::Error::last_os_error());
        }
        self.busy[slot] = true;
        Ok(())
    }

    /// Waits up to `timeout` for at least one finished transfer; returns
    /// each finished (slot, result): bytes moved, or a negative errno.
    pub fn wait(&mut self, timeout: Duration) -> io::Result<Vec<(usize, i64)>> {
        let n = self.depth();
        let mut ev = vec![IoEvent::default(); n];
        let ts = libc::timespec {
            tv_sec: timeout.as_secs() as libc::time_t,
            tv_nsec: timeout.subsec_nanos() as libc::c_long,
        };
        // SAFETY: the kernel writes up to `n` events to `ev`, which has
        // room for them; `ts` outlives the call.
        let r = unsafe {
            libc::syscall(
                libc::SYS_io_getevents,
                self.ctx,
                1 as libc::c_long,
                n as libc::c_long,
                ev.as_mut_ptr(),
                &ts as *const libc::timespec,
            )
        };
        if r < 0 {
            return Err(io::Error::last_os_error());
        }
        let done: Vec<(usize, i64)> = ev[..r as usize]
            .iter()
            .map(|e| (e.data as usize, e.res))
            .collect();
        for &(slot, _) in &done {
            self.busy[slot] = false;
        }
        Ok(done)
    }

    /// Mutable access to the first `len` bytes of idle `slot`'s buffer.
    pub fn data_mut(&mut self, slot: usize, len: usize) -> Option<&mut [u8]> {
        let l = len.min(self.bufs[slot].len());
        self.buf(slot).map(|b| &mut b[..l])
    }
}

impl Drop for AioQueue {
    fn drop(&mut self) {
        // SAFETY: the context is owned by this queue; io_destroy cancels
        // the transfers in flight and waits for them, so the buffers,
        // dropped after this, are no longer the kernel's.
        unsafe { libc::syscall(libc::SYS_io_destroy, self.ctx) };
    }
}
