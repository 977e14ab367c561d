// SPDX-License-Identifier: GPL-2.0
//! Any downlink buffer, in any checksum variant: the walk never panics, ends,
//! only moves forward, and every frame it yields lies inside the buffer.
//! Acks and uplink headers are written for what it finds.

#![no_main]

use libfuzzer_sys::fuzz_target;
use qmap::*;

fuzz_target!(|input: &[u8]| {
    let Some((&sel, buf)) = input.split_first() else {
        return;
    };
    let csum = [Checksum::None, Checksum::V4, Checksum::V5][(sel % 3) as usize];
    let mut walk = Deaggregate::new(buf, csum);
    let mut last = 0;
    let mut copy = buf.to_vec();
    while let Some(f) = walk.next() {
        assert!(walk.position() > last && walk.position() <= buf.len());
        last = walk.position();
        match f {
            Ok(Frame::Data(d)) => {
                assert!(d.len >= 1 && d.offset + d.len <= buf.len());
                assert!(IpVersion::of(buf[d.offset]).is_some());
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
});
