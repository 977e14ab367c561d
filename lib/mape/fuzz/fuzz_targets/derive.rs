// SPDX-License-Identifier: GPL-2.0
//! Any bytes, read as rule parameters, an end-user prefix, IPv4 addresses,
//! ports and port set parameters (out-of-range values included): nothing
//! panics; a rule that Rule::new accepts keeps its invariants; derive()
//! yields a CE inside the rule whose address the FMR side computes back
//! from each of its ports, and ce_address_for() yields addresses derive()
//! maps back to the same IPv4 address and PSID; port sets number their
//! ports one to one and agree with contains() and psid_of().

#![no_main]

use libfuzzer_sys::fuzz_target;
use mape::*;

fuzz_target!(|input: &[u8]| {
    let mut s = Src(input);
    port_set(&mut s);
    let p = params(&mut s);
    let eup: Ipv6 = s.array();
    let len = s.u8();
    let ipv4: Ipv4 = s.array();
    let port = s.u16();
    let n = s.u32();
    let Ok(r) = Rule::new(p) else {
        return;
    };
    invariants(&r, &p);
    bmr(&r, &eup, len, n);
    fmr(&r, ipv4, port);
    let _ = r.decode_ce_address(&eup);
});

struct Src<'a>(&'a [u8]);

impl Src<'_> {
    fn array<const N: usize>(&mut self) -> [u8; N] {
        let mut a = [0u8; N];
        let n = N.min(self.0.len());
        let (head, rest) = self.0.split_at(n);
        a[..n].copy_from_slice(head);
        self.0 = rest;
        a
    }

    fn u8(&mut self) -> u8 {
        self.array::<1>()[0]
    }

    fn u16(&mut self) -> u16 {
        u16::from_be_bytes(self.array())
    }

    fn u32(&mut self) -> u32 {
        u32::from_be_bytes(self.array())
    }
}

fn params(s: &mut Src<'_>) -> RuleParams {
    let flags = s.u8();
    let mut p = RuleParams::new(s.array(), s.u8() % 140, s.array(), s.u8() % 40, s.u8() % 60);
    p.psid_offset = s.u8() % 20;
    let (k, psid) = (s.u8() % 20, s.u16());
    if flags & 1 != 0 {
        p.psid_len = Some(k);
    }
    if flags & 2 != 0 {
        // Mostly in range, sometimes not.
        p.psid = Some(if flags & 4 != 0 { psid } else { psid & 0xff });
    }
    p.fmr = flags & 8 != 0;
    p.iid = if flags & 16 != 0 {
        IidFormat::Draft03
    } else {
        IidFormat::Rfc7597
    };
    p
}

fn invariants(r: &Rule, p: &RuleParams) {
    assert!(r.ipv6_len() <= 128 && r.ipv4_len() <= 32 && r.ea_len() <= MAX_EA_LEN);
    assert!(r.end_user_prefix_len() <= 128);
    assert!(r.psid_len() <= 16);
    assert_eq!(r.sharing_ratio(), 1 << r.psid_len());
    if r.psid_len() > 0 {
        assert!(r.psid_offset() + r.psid_len() <= 16);
    }
    assert_eq!(r.ea_ipv4_bits() + r.ea_psid_bits(), r.ea_len());
    if r.ea_psid_bits() > 0 {
        assert_eq!(r.ea_psid_bits(), r.psid_len());
        assert_eq!(r.explicit_psid(), None);
    }
    assert_eq!(Rule::new(r.params()), Ok(*r));
    assert_eq!(r.ipv6_prefix(), &ipv6_prefix(&p.ipv6_prefix, p.ipv6_len));
    assert_eq!(r.ipv4_prefix(), ipv4_prefix(p.ipv4_prefix, p.ipv4_len));
    let set = r.port_set(0).expect("PSID 0 fits");
    assert_eq!(set.psid_len(), r.psid_len());
    assert_eq!(r.port_count(), set.count());
    if r.psid_len() == 0 {
        assert_eq!(set, PortSet::ALL);
    }
}

fn bmr(r: &Rule, eup: &Ipv6, len: u8, n: u32) {
    let rules = [*r];
    let d = match r.derive(eup, len) {
        Ok(d) => d,
        Err(e) => {
            assert_eq!(derive(eup, len, &rules), Err(e));
            return;
        }
    };
    assert_eq!(derive(eup, len, &rules), Ok(d));
    assert!(r.matches_end_user_prefix(eup, len));
    assert!(r.contains_ipv4(d.ipv4));
    assert_eq!(d.ipv4_len, r.ce_ipv4_len());
    assert_eq!(ipv4_prefix(d.ipv4, d.ipv4_len), d.ipv4);
    assert_eq!(d.port_set.psid(), d.psid);
    assert_eq!(d.end_user_prefix, ipv6_prefix(eup, len));
    assert!(ipv6_in_prefix(&d.ce_address, &d.end_user_prefix, len));
    assert!(ipv6_in_prefix(&d.ce_address, r.ipv6_prefix(), r.ipv6_len()));

    // The same CE as the FMR side sees it: an end-user prefix of n + o bits.
    let short = r.end_user_prefix_len();
    let d = r
        .derive(&ipv6_prefix(eup, short), short)
        .expect("a shorter prefix derives too");
    let fmr = [r.with_fmr(true)];
    let count = d.port_set.count();
    for i in [0, n % count, count - 1] {
        let port = d.port_set.nth_port(i).expect("in range");
        assert_eq!(r.ce_address_for(d.ipv4, port), Some(d.ce_address));
        assert!(check_source(&fmr, &d.ce_address, d.ipv4, port));
    }
    if r.ea_psid_bits() > 0 || r.psid_len() == 0 || short <= 64 {
        assert_eq!(r.decode_ce_address(&d.ce_address), Some((d.ipv4, d.psid)));
    }
}

fn fmr(r: &Rule, ipv4: Ipv4, port: u16) {
    let Some(a) = r.ce_address_for(ipv4, port) else {
        let shared = r.psid_len() > 0 && r.psid_offset() > 0;
        assert!(
            !r.contains_ipv4(ipv4) || (shared && u32::from(port) >> (16 - r.psid_offset()) == 0)
        );
        return;
    };
    assert!(r.contains_ipv4(ipv4));
    assert!(ipv6_in_prefix(&a, r.ipv6_prefix(), r.ipv6_len()));
    // The CE at that address: the same IPv4 address (or its prefix), and
    // the port in its set when the EA bits carry the PSID.
    let d = r.derive(&a, r.end_user_prefix_len());
    if r.ea_psid_bits() > 0 || r.psid_len() == 0 {
        let d = d.expect("a computed CE address derives");
        assert_eq!(d.ipv4, ipv4_prefix(ipv4, r.ce_ipv4_len()));
        assert_eq!(d.ce_address, a);
        assert!(d.port_set.contains(port));
    }
}

fn port_set(s: &mut Src<'_>) {
    let (a, k, psid) = (s.u8() % 20, s.u8() % 20, s.u16());
    let (port, n, id) = (s.u16(), s.u32(), s.u16());
    let Some(set) = PortSet::new(a, k, psid) else {
        assert!(a + k > 16 || u32::from(psid) >= 1 << k);
        return;
    };
    let m = u32::from(set.contiguous_bits());
    assert_eq!(m, 16 - u32::from(a) - u32::from(k));
    let blocks = if a > 0 { (1u32 << a) - 1 } else { 1 };
    assert_eq!(set.block_count(), blocks);
    assert_eq!(set.count(), blocks << m);
    assert_eq!(set.contains(port), set.index_of(port).is_some());
    assert_eq!(
        set.contains(port),
        set.psid_of(port) == psid && (a == 0 || u32::from(port) >> (16 - a) != 0)
    );
    if let Some(i) = set.index_of(port) {
        assert_eq!(set.nth_port(i), Some(port));
    }
    let i = n % set.count();
    let p = set.nth_port(i).expect("in range");
    assert!(set.contains(p));
    assert_eq!(set.psid_of(p), psid);
    assert_eq!(set.index_of(p), Some(i));
    if i + 1 < set.count() {
        assert!(set.nth_port(i + 1).expect("in range") > p);
    }
    assert_eq!(set.nth_port(set.count()), None);
    let (start, end) = set.block(i >> m).expect("in range");
    assert!(start <= p && p <= end);
    assert_eq!(u32::from(end - start) + 1, 1 << m);
    let f = set.frag_id(id);
    assert!(set.contains(f));
    if u32::from(id) < set.count() {
        assert_eq!(set.index_of(f), Some(u32::from(id)));
    }
    assert_eq!(psid_from_left_aligned(set.psid_left_aligned(), k), psid);
    if let Some((s0, e0)) = set.mapcalc_ranges().next() {
        assert!(s0 >= 1 && s0 <= e0);
    }
}
