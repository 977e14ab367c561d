// SPDX-License-Identifier: GPL-2.0
//! The text printers' building blocks. What goes on which line is decided
//! by the generator from the spec; this only formats.
//!
//! ```text
//! veth0.1: ifindex 7 parent veth0 (ifindex 3) mux-id 0x81 mtu 1500 flow-off 0
//!   rx: 5 packets, 420 bytes, 2 dropped
//!   tx: 5 packets, 420 bytes, 0 dropped, 3 csum-offload
//! ```
//!
//! Attributes the kernel did not send are left out.

use std::fmt::Write;
use std::net::{Ipv4Addr, Ipv6Addr};

use crate::schema::EnumDesc;

/// The first line: `NAME:` then `key value` for each attribute present.
#[derive(Debug, Clone, Default)]
pub struct Line(String);

impl Line {
    /// Starts with `name:` (`?:` without a name).
    pub fn new(name: Option<&str>) -> Line {
        Line(format!("{}:", name.unwrap_or("?")))
    }

    /// A line of an object that has no name: the `key value` pairs alone.
    pub fn plain() -> Line {
        Line(String::new())
    }

    fn sep(&mut self) {
        if !self.0.is_empty() {
            self.0.push(' ');
        }
    }

    fn item(&mut self, key: &str, value: impl std::fmt::Display) {
        self.sep();
        let _ = write!(self.0, "{key} {value}");
    }

    pub fn num(&mut self, key: &str, v: Option<u64>) {
        if let Some(v) = v {
            self.item(key, v);
        }
    }

    /// `display-hint: hex`: 0x%02x.
    pub fn hex(&mut self, key: &str, v: Option<u64>) {
        if let Some(v) = v {
            self.item(key, format_args!("{v:#04x}"));
        }
    }

    pub fn str(&mut self, key: &str, v: Option<&str>) {
        if let Some(v) = v {
            self.item(key, v);
        }
    }

    /// An enum by name (a value the spec does not name as a number).
    pub fn enum_(&mut self, key: &str, e: &EnumDesc, v: Option<u64>) {
        if let Some(v) = v {
            match e.name_of(v) {
                Some(name) => self.item(key, name),
                None => self.item(key, v),
            }
        }
    }

    /// An attribute of range 0..1: off or on.
    pub fn on_off(&mut self, key: &str, v: Option<u64>) {
        if let Some(v) = v {
            self.item(key, if v == 0 { "off" } else { "on" });
        }
    }

    /// A flag: its name when set.
    pub fn flag(&mut self, key: &str, v: Option<bool>) {
        if v == Some(true) {
            self.sep();
            self.0.push_str(key);
        }
    }

    /// An IPv4 address, dotted.
    pub fn ipv4(&mut self, key: &str, v: Option<Ipv4Addr>) {
        if let Some(v) = v {
            self.item(key, v);
        }
    }

    /// An IPv6 address, compressed as RFC 5952 says.
    pub fn ipv6(&mut self, key: &str, v: Option<Ipv6Addr>) {
        if let Some(v) = v {
            self.item(key, v);
        }
    }

    pub fn hex_bytes(&mut self, key: &str, v: Option<&[u8]>) {
        if let Some(v) = v {
            let hex: String = v.iter().map(|b| format!("{b:02x}")).collect();
            self.item(key, hex);
        }
    }

    /// A device named by a `X-name`/`X-ifindex` pair: `X NAME (ifindex N)`.
    pub fn dev(&mut self, key: &str, name: Option<&str>, ifindex: Option<u64>) {
        match (name, ifindex) {
            (Some(n), Some(i)) => self.item(key, format_args!("{n} (ifindex {i})")),
            (Some(n), None) => self.item(key, n),
            (None, Some(i)) => self.item(key, format_args!("(ifindex {i})")),
            (None, None) => {}
        }
    }

    pub fn finish(self) -> String {
        self.0
    }
}

/// Appends a line of counters sharing the first word of their names:
/// `\n  rx: 5 packets, 420 bytes`, the rest of each name after its value.
/// Nothing when none is present.
pub fn counters(out: &mut String, group: &str, items: &[(&str, Option<u64>)]) {
    let present: Vec<String> = items
        .iter()
        .filter_map(|&(rest, v)| {
            v.map(|v| {
                if rest.is_empty() {
                    v.to_string()
                } else {
                    format!("{v} {rest}")
                }
            })
        })
        .collect();
    if !present.is_empty() {
        let _ = write!(out, "\n  {group}: {}", present.join(", "));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static E: EnumDesc = EnumDesc {
        name: "csum",
        entries: &[("none", 0), ("v4", 1), ("v5", 2)],
    };

    #[test]
    fn first_line() {
        let mut l = Line::new(Some("veth0.1"));
        l.num("ifindex", Some(7));
        l.dev("parent", Some("veth0"), Some(3));
        l.hex("mux-id", Some(0x81));
        l.hex("other", Some(1));
        l.num("missing", None);
        l.enum_("csum", &E, Some(2));
        l.enum_("csum", &E, Some(9));
        l.on_off("deaggregation", Some(0));
        l.on_off("deaggregation", Some(1));
        l.flag("up", Some(true));
        l.flag("down", Some(false));
        l.str("s", Some("x"));
        assert_eq!(
            l.finish(),
            "veth0.1: ifindex 7 parent veth0 (ifindex 3) mux-id 0x81 other 0x01 \
             csum v5 csum 9 deaggregation off deaggregation on up s x"
        );
        let mut l = Line::new(None);
        l.dev("peer", None, Some(8));
        l.dev("peer", Some("np1"), None);
        l.dev("peer", None, None);
        assert_eq!(l.finish(), "?: peer (ifindex 8) peer np1");
    }

    #[test]
    fn plain_line_and_addresses() {
        let a = |s: &str| Some(s.parse::<Ipv6Addr>().unwrap());
        let mut l = Line::plain();
        l.flag("up", Some(true));
        l.ipv6("home-addr", a("fec0:106:2700:0:0:0:0:4"));
        l.ipv6("coa", None);
        l.num("expires", Some(936));
        l.ipv4("ipv4-addr", Some(Ipv4Addr::new(192, 0, 2, 18)));
        l.ipv4("none", None);
        assert_eq!(
            l.finish(),
            "up home-addr fec0:106:2700::4 expires 936 ipv4-addr 192.0.2.18"
        );
        assert_eq!(Line::plain().finish(), "");
        // RFC 5952: lower case, no leading zeros, the longest run of zero
        // groups (the first of equal ones, never a single one) as "::".
        for (text, want) in [
            ("2001:DB8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
            ("2001:db8:0:0:0:1:0:0", "2001:db8::1:0:0"),
            ("2001:0:0:1:0:0:0:1", "2001:0:0:1::1"),
            ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
            ("2001:0db8::0001", "2001:db8::1"),
            (
                "fec0:106:1100:0:290:7dff:fe3:31a",
                "fec0:106:1100:0:290:7dff:fe3:31a",
            ),
            ("0:0:0:0:0:0:0:1", "::1"),
            ("0:0:0:0:0:0:0:0", "::"),
            ("fe80:0:0:0:0:0:0:0", "fe80::"),
            ("::ffff:c000:201", "::ffff:192.0.2.1"),
        ] {
            let mut l = Line::plain();
            l.ipv6("a", a(text));
            assert_eq!(l.finish(), format!("a {want}"), "{text}");
        }
    }

    #[test]
    fn counter_lines() {
        let mut s = String::from("x:");
        counters(&mut s, "rx", &[("packets", Some(5)), ("bytes", None)]);
        counters(&mut s, "tx", &[("packets", None)]);
        counters(&mut s, "n", &[("", Some(1))]);
        assert_eq!(s, "x:\n  rx: 5 packets\n  n: 1");
    }
}
