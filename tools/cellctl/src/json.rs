// SPDX-License-Identifier: GPL-2.0
//! A minimal JSON emitter: compact output, properly escaped strings.

use std::fmt::Write;
use std::net::{Ipv4Addr, Ipv6Addr};

use crate::schema::EnumDesc;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Uint(u64),
    Int(i64),
    Str(String),
    Array(Vec<Value>),
    /// Keys keep their insertion order.
    Object(Vec<(String, Value)>),
}

/// Builds a JSON object field by field.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Object(Vec<(String, Value)>);

impl Object {
    pub fn new() -> Object {
        Object(Vec::new())
    }

    pub fn set(&mut self, key: &str, value: Value) -> &mut Object {
        self.0.push((key.to_string(), value));
        self
    }

    pub fn str(&mut self, key: &str, value: &str) -> &mut Object {
        self.set(key, Value::Str(value.to_string()))
    }

    pub fn uint(&mut self, key: &str, value: u64) -> &mut Object {
        self.set(key, Value::Uint(value))
    }

    pub fn opt_uint(&mut self, key: &str, value: Option<u64>) -> &mut Object {
        if let Some(v) = value {
            self.uint(key, v);
        }
        self
    }

    pub fn opt_str(&mut self, key: &str, value: Option<&str>) -> &mut Object {
        if let Some(v) = value {
            self.str(key, v);
        }
        self
    }

    pub fn opt_bool(&mut self, key: &str, value: Option<bool>) -> &mut Object {
        if let Some(v) = value {
            self.set(key, Value::Bool(v));
        }
        self
    }

    /// Bytes as a string of hex digits.
    pub fn opt_hex(&mut self, key: &str, value: Option<&[u8]>) -> &mut Object {
        if let Some(v) = value {
            let hex: String = v.iter().map(|b| format!("{b:02x}")).collect();
            self.str(key, &hex);
        }
        self
    }

    /// An IPv4 address as a string, dotted.
    pub fn opt_ipv4(&mut self, key: &str, value: Option<Ipv4Addr>) -> &mut Object {
        if let Some(v) = value {
            self.str(key, &v.to_string());
        }
        self
    }

    /// An IPv6 address as a string, compressed as RFC 5952 says.
    pub fn opt_ipv6(&mut self, key: &str, value: Option<Ipv6Addr>) -> &mut Object {
        if let Some(v) = value {
            self.str(key, &v.to_string());
        }
        self
    }

    /// An enum by name; a value the enum does not name, as a number.
    pub fn opt_enum(&mut self, key: &str, e: &EnumDesc, value: Option<u64>) -> &mut Object {
        if let Some(v) = value {
            match e.name_of(v) {
                Some(name) => self.str(key, name),
                None => self.uint(key, v),
            };
        }
        self
    }

    pub fn build(&self) -> Value {
        Value::Object(self.0.clone())
    }

    /// The object with `key: value` in front.
    pub fn prepend(self, key: &str, value: Value) -> Object {
        let mut fields = vec![(key.to_string(), value)];
        fields.extend(self.0);
        Object(fields)
    }
}

/// Appends `s` to `out` as a quoted JSON string.
pub fn write_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            // Other control characters, and the line separators that break
            // JavaScript parsers.
            c if (c as u32) < 0x20 || c == '\u{7f}' || c == '\u{2028}' || c == '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

impl Value {
    pub fn write(&self, out: &mut String) {
        match self {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Uint(n) => {
                let _ = write!(out, "{n}");
            }
            Value::Int(n) => {
                let _ = write!(out, "{n}");
            }
            Value::Str(s) => write_str(out, s),
            Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Value::Object(fields) => {
                out.push('{');
                for (i, (key, value)) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_str(out, key);
                    out.push(':');
                    value.write(out);
                }
                out.push('}');
            }
        }
    }

    /// The compact JSON text of this value.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> String {
        Value::Str(v.to_string()).to_json()
    }

    #[test]
    fn plain_string() {
        assert_eq!(s("np0"), r#""np0""#);
        assert_eq!(s(""), r#""""#);
    }

    #[test]
    fn escapes() {
        assert_eq!(s(r#"a"b"#), r#""a\"b""#);
        assert_eq!(s(r"a\b"), r#""a\\b""#);
        assert_eq!(s("a\nb\rc\td"), r#""a\nb\rc\td""#);
        assert_eq!(s("\u{08}\u{0c}"), r#""\b\f""#);
        assert_eq!(s("\u{01}\u{1f}\u{7f}"), r#""\u0001\u001f\u007f""#);
        assert_eq!(s("\u{2028}"), r#""\u2028""#);
        assert_eq!(s("/"), r#""/""#);
    }

    #[test]
    fn unicode_passes_through() {
        assert_eq!(s("café ✓"), "\"café ✓\"");
    }

    #[test]
    fn numbers_and_literals() {
        assert_eq!(Value::Uint(u64::MAX).to_json(), "18446744073709551615");
        assert_eq!(Value::Int(-3).to_json(), "-3");
        assert_eq!(Value::Bool(true).to_json(), "true");
        assert_eq!(Value::Null.to_json(), "null");
    }

    #[test]
    fn compact_nesting() {
        let mut o = Object::new();
        o.str("name", "np0").uint("ifindex", 7);
        let v = Value::Array(vec![o.build(), Value::Array(vec![]), Value::Object(vec![])]);
        assert_eq!(v.to_json(), r#"[{"name":"np0","ifindex":7},[],{}]"#);
    }

    #[test]
    fn optional_fields() {
        static E: EnumDesc = EnumDesc {
            name: "e",
            entries: &[("a", 0), ("b", 1)],
        };
        let mut o = Object::new();
        o.opt_uint("u", None)
            .opt_uint("v", Some(1))
            .opt_str("s", Some("x"))
            .opt_str("t", None)
            .opt_bool("f", Some(true))
            .opt_hex("h", Some(&[0, 0xab]))
            .opt_enum("e", &E, Some(1))
            .opt_enum("e2", &E, Some(7))
            .opt_ipv6("a", "fec0:106:2700:0::4".parse().ok())
            .opt_ipv6("b", None)
            .opt_ipv4("c", Some(Ipv4Addr::new(192, 0, 2, 18)))
            .opt_ipv4("d", None);
        let o = o.prepend("event", Value::Str("new".into()));
        assert_eq!(
            o.build().to_json(),
            r#"{"event":"new","v":1,"s":"x","f":true,"h":"00ab","e":"b","e2":7,"a":"fec0:106:2700::4","c":"192.0.2.18"}"#
        );
    }

    #[test]
    fn keys_are_escaped() {
        let mut o = Object::new();
        o.uint("a\"b", 1);
        assert_eq!(o.build().to_json(), r#"{"a\"b":1}"#);
    }
}
