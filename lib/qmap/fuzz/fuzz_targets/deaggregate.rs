// SPDX-License-Identifier: GPL-2.0
//! Any downlink buffer, in any checksum variant: the walk never panics, ends,
//! only moves forward, and every frame it yields lies inside the buffer; the
//! same buffer cut in two pieces yields the same frames. Acks and uplink
//! headers are written for what it finds, MAPv4 trailers checked, header
//! lengths found, and uplink checksum offload applied to copies of the
//! packets.

#![no_main]

use libfuzzer_sys::fuzz_target;
use qmap::*;

fuzz_target!(|input: &[u8]| {
    let Some((&sel, buf)) = input.split_first() else {
        return;
    };
    let csum = [Checksum::None, Checksum::V4, Checksum::V5][(sel % 3) as usize];
    let cut = usize::from(sel).min(buf.len());
    let mut split = Deaggregate::new(Split(&buf[..cut], &buf[cut..]), csum);
    let mut walk = Deaggregate::new(buf, csum);
    let mut last = 0;
    let mut copy = buf.to_vec();
    while let Some(f) = walk.next() {
        assert_eq!(split.next(), Some(f));
        assert!(walk.position() > last && walk.position() <= buf.len());
        last = walk.position();
        match f {
            Ok(Frame::Data(d)) => {
                assert!(d.len >= 1 && d.offset + d.len <= buf.len());
                assert!(IpVersion::of(buf[d.offset]).is_some());
                let pkt = &buf[d.offset..d.offset + d.len];
                // The header length the driver copies: within the packet,
                // the same from the probe as from the whole packet.
                let probe = &pkt[..pkt.len().min(HEADERS_PROBE_LEN)];
                let hl = headers_len(probe, d.len);
                assert_eq!(hl, headers_len(pkt, d.len));
                if let Some(n) = hl {
                    assert!(n <= d.len && n <= 120);
                }
                let head = &pkt[..pkt.len().min(TRAILER_HEAD_LEN)];
                let verdict = check_v4_trailer(head, d.len, d.csum_valid, d.csum_value);
                if verdict.is_ok() {
                    assert!(d.csum_valid);
                }
                let mut p = pkt.to_vec();
                let _ = set_transport_checksum(&mut p);
                let start = usize::from(sel >> 2);
                let _ = apply_v4_ul_offload(&mut p, start, 6, sel & 1 != 0, UlSeed::Complemented);
                let mut hdr = [0u8; 8];
                let _ = write_ul_headers(
                    &mut hdr,
                    csum,
                    d.mux_id,
                    d.len,
                    pad_for(d.len),
                    UlCsum::None,
                );
            }
            Ok(Frame::Command(c)) => {
                assert!(c.offset + c.len <= buf.len());
                assert!(set_command_type(
                    &mut copy[c.offset..c.offset + c.len],
                    CommandType::Ack
                ));
            }
            Err(_) => {}
        }
    }
    assert_eq!(split.next(), None);
});

/// A buffer in two pieces.
struct Split<'a>(&'a [u8], &'a [u8]);

impl Buffer for Split<'_> {
    fn len(&self) -> usize {
        self.0.len() + self.1.len()
    }

    fn read(&self, at: usize, out: &mut [u8]) -> bool {
        let Some(end) = at.checked_add(out.len()).filter(|&e| e <= self.len()) else {
            return false;
        };
        for (i, o) in (at..end).zip(out.iter_mut()) {
            *o = match self.0.get(i) {
                Some(&b) => b,
                None => self.1[i - self.0.len()],
            };
        }
        true
    }
}
