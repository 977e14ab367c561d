// SPDX-License-Identifier: GPL-2.0
//! Command-line values checked against the spec: the generated requests'
//! `set` calls these with the attribute's table entry, so a keyword takes
//! what the kernel's policy takes (integer ranges from `checks:`, enum
//! names, lengths). Also the keyword loop, device arguments and
//! `--count` that every module's verbs share.

use std::net::{Ipv4Addr, Ipv6Addr};

use cliutil::{check_ifname, is_decimal, parse_num};

use crate::schema::{AttrDesc, Request};

/// Stores `value`, refusing an attribute given twice.
pub fn once<T>(slot: &mut Option<T>, value: T, key: &str) -> Result<(), String> {
    if slot.replace(value).is_some() {
        return Err(format!("{key} given twice"));
    }
    Ok(())
}

/// An integer: an enum's name; `on`/`off` (or 1/0) for a 0..1 attribute;
/// else decimal or 0x hex within the spec's range.
pub fn uint(value: &str, d: &AttrDesc) -> Result<u64, String> {
    if let Some(e) = d.enum_ {
        return e
            .value_of(value)
            .ok_or_else(|| format!("{} must be {}, not '{value}'", d.name, e.names()));
    }
    if (d.min, d.max) == (0, 1) {
        return match value {
            "on" | "1" => Ok(1),
            "off" | "0" => Ok(0),
            _ => Err(format!("{} must be on or off, not '{value}'", d.name)),
        };
    }
    match parse_num(value) {
        Some(n) if (d.min..=d.max).contains(&n) => Ok(n),
        _ if d.max == u64::MAX && d.min == 0 => Err(format!(
            "invalid {} '{value}' (a number, decimal or 0x hex)",
            d.name
        )),
        _ => Err(format!(
            "invalid {} '{value}' ({}..{}, decimal or 0x hex)",
            d.name, d.min, d.max
        )),
    }
}

/// A string within the spec's `max-len` (and `min-len`).
pub fn string(value: &str, d: &AttrDesc) -> Result<String, String> {
    if let Some(max) = d.max_len {
        if value.len() > max {
            return Err(format!(
                "{} '{value}' too long (at most {max} bytes)",
                d.name
            ));
        }
    }
    if let Some(min) = d.min_len {
        if value.len() < min {
            return Err(format!(
                "{} '{value}' too short (at least {min} bytes)",
                d.name
            ));
        }
    }
    if value.contains('\0') {
        return Err(format!("{} '{value}' contains a NUL", d.name));
    }
    Ok(value.to_string())
}

/// A flag: on or off.
pub fn flag(value: &str, d: &AttrDesc) -> Result<bool, String> {
    match value {
        "on" => Ok(true),
        "off" => Ok(false),
        _ => Err(format!("{} must be on or off, not '{value}'", d.name)),
    }
}

/// Bytes in hex (pairs of digits, an optional 0x in front), within the
/// spec's `min-len` and `max-len`. The value is not repeated in the errors
/// about its length (it may be a key).
pub fn binary(value: &str, d: &AttrDesc) -> Result<Vec<u8>, String> {
    let digits = value
        .strip_prefix("0x")
        .or_else(|| value.strip_prefix("0X"))
        .unwrap_or(value);
    if !digits.len().is_multiple_of(2) || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(format!(
            "invalid {} (hex digits, two per byte, expected)",
            d.name
        ));
    }
    let bytes: Vec<u8> = (0..digits.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&digits[i..i + 2], 16).unwrap_or(0))
        .collect();
    let n = bytes.len();
    let fits = d.min_len.is_none_or(|min| n >= min) && d.max_len.is_none_or(|max| n <= max);
    if !fits {
        let want = match (d.min_len, d.max_len) {
            (Some(min), Some(max)) if min == max => format!("exactly {min}"),
            (Some(min), Some(max)) => format!("{min}..{max}"),
            (Some(min), None) => format!("at least {min}"),
            (None, Some(max)) => format!("at most {max}"),
            (None, None) => unreachable!(),
        };
        let unit = if n == 1 { "byte" } else { "bytes" };
        return Err(format!("invalid {} ({n} {unit}, {want} expected)", d.name));
    }
    Ok(bytes)
}

/// An IPv6 address (`display-hint: ipv6`), in any text form RFC 4291 allows
/// (`fec0:106:2700::4`, `::ffff:192.0.2.1`).
pub fn ipv6(value: &str, d: &AttrDesc) -> Result<Ipv6Addr, String> {
    value
        .parse()
        .map_err(|_| format!("invalid {} '{value}' (an IPv6 address)", d.name))
}

/// An IPv4 address (`display-hint: ipv4`): a dotted quad of decimal
/// octets (`192.0.2.1`; no leading zeros, no shorter forms).
pub fn ipv4(value: &str, d: &AttrDesc) -> Result<Ipv4Addr, String> {
    value
        .parse()
        .map_err(|_| format!("invalid {} '{value}' (an IPv4 address)", d.name))
}

/// Sets `attr` of `req` from `value`; the attribute is one the request
/// takes (the module names it).
pub fn set<R: Request>(req: &mut R, attr: &str, value: &str) -> Result<(), String> {
    match req.set(attr, value)? {
        true => Ok(()),
        false => panic!("{} takes no attribute {attr}", R::OP.name),
    }
}

/// A device argument: a decimal ifindex (into `index_attr`) or an
/// interface name (into `name_attr`).
pub fn dev<R: Request>(
    req: &mut R,
    word: &str,
    index_attr: &str,
    name_attr: &str,
) -> Result<(), String> {
    if is_decimal(word) {
        set(req, index_attr, word)
    } else {
        check_ifname(word)?;
        set(req, name_attr, word)
    }
}

/// Parses `KEYWORD VALUE` pairs into `req`. `keywords` maps the command
/// line's keywords to the spec names of the attributes they set; those
/// spec names are accepted as keywords too.
pub fn keywords<'a, R: Request>(
    req: &mut R,
    mut words: impl Iterator<Item = &'a str>,
    keywords: &[(&str, &str)],
) -> Result<(), String> {
    keyword_loop(
        &mut |attr, value| set(req, attr, value),
        &mut words,
        keywords,
    )
}

/// The loop of [`keywords`], once for every request type.
#[inline(never)]
fn keyword_loop<'a>(
    set: &mut dyn FnMut(&str, &str) -> Result<(), String>,
    words: &mut dyn Iterator<Item = &'a str>,
    keywords: &[(&str, &str)],
) -> Result<(), String> {
    while let Some(key) = words.next() {
        let attr = keywords
            .iter()
            .find(|&&(k, a)| k == key || a == key)
            .map(|&(_, a)| a)
            .ok_or_else(|| format!("unexpected '{key}'"))?;
        let value = words
            .next()
            .ok_or_else(|| format!("'{key}' needs a value"))?;
        set(attr, value).map_err(|e| {
            // Name the keyword as it was given.
            if key != attr && e.starts_with("invalid ") {
                e.replacen(attr, key, 1)
            } else {
                e
            }
        })?;
    }
    Ok(())
}

/// `monitor [--count N]`: `Some(N)` stops after N events.
pub fn count<'a>(mut words: impl Iterator<Item = &'a str>) -> Result<Option<u64>, String> {
    let mut count = None;
    while let Some(word) = words.next() {
        let value = match word.strip_prefix("--count=") {
            Some(v) => v,
            None if word == "--count" || word == "-c" => {
                words.next().ok_or("--count needs a number")?
            }
            None => return Err(format!("unexpected '{word}'")),
        };
        match value.parse::<u64>() {
            Ok(n) if n > 0 => count = Some(n),
            _ => return Err(format!("invalid count '{value}'")),
        }
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::EnumDesc;

    static CSUM: EnumDesc = EnumDesc {
        name: "csum",
        entries: &[("none", 0), ("v4", 1), ("v5", 2)],
    };

    fn desc(min: u64, max: u64) -> AttrDesc {
        AttrDesc {
            name: "n",
            id: 1,
            min,
            max,
            min_len: None,
            max_len: Some(3),
            enum_: None,
            hex: false,
        }
    }

    #[test]
    fn integers() {
        let d = desc(1, 254);
        assert_eq!(uint("0x81", &d), Ok(0x81));
        assert_eq!(uint("254", &d), Ok(254));
        assert_eq!(
            uint("255", &d),
            Err("invalid n '255' (1..254, decimal or 0x hex)".into())
        );
        assert!(uint("0", &d).is_err());
        assert!(uint("-1", &d).is_err());
        assert!(uint("", &d).is_err());
        let any = desc(0, u64::MAX);
        assert_eq!(uint("18446744073709551615", &any), Ok(u64::MAX));
        assert!(uint("x", &any).unwrap_err().contains("a number"));
    }

    #[test]
    fn on_off_and_enums() {
        let b = desc(0, 1);
        assert_eq!(uint("on", &b), Ok(1));
        assert_eq!(uint("off", &b), Ok(0));
        assert_eq!(uint("1", &b), Ok(1));
        assert!(uint("yes", &b).is_err());
        let e = AttrDesc {
            enum_: Some(&CSUM),
            ..desc(0, 2)
        };
        assert_eq!(uint("v5", &e), Ok(2));
        assert_eq!(
            uint("v6", &e),
            Err("n must be none, v4 or v5, not 'v6'".into())
        );
        assert_eq!(flag("on", &b), Ok(true));
        assert!(flag("1", &b).is_err());
    }

    #[test]
    fn strings_and_bytes() {
        let d = desc(0, 0);
        assert_eq!(string("abc", &d), Ok("abc".into()));
        assert!(string("abcd", &d).is_err());
        assert_eq!(binary("0aFf", &d), Ok(vec![0x0a, 0xff]));
        assert!(binary("0a0", &d).is_err());
        assert!(binary("zz", &d).is_err());
        assert!(binary("0102030405", &d).is_err());
    }

    #[test]
    fn binary_lengths() {
        let key = AttrDesc {
            min_len: Some(1),
            max_len: Some(64),
            ..desc(0, 0)
        };
        assert_eq!(binary("0x0aFF", &key), Ok(vec![0x0a, 0xff]));
        assert_eq!(binary(&"ab".repeat(64), &key).map(|b| b.len()), Ok(64));
        assert_eq!(
            binary("", &key),
            Err("invalid n (0 bytes, 1..64 expected)".into())
        );
        assert_eq!(
            binary(&"ab".repeat(65), &key),
            Err("invalid n (65 bytes, 1..64 expected)".into())
        );
        assert_eq!(
            binary("0x", &key),
            Err("invalid n (0 bytes, 1..64 expected)".into())
        );
        assert_eq!(
            binary("a", &key),
            Err("invalid n (hex digits, two per byte, expected)".into())
        );
        let exact = AttrDesc {
            min_len: Some(16),
            max_len: Some(16),
            ..desc(0, 0)
        };
        assert_eq!(
            binary("00", &exact),
            Err("invalid n (1 byte, exactly 16 expected)".into())
        );
        let min = AttrDesc {
            min_len: Some(2),
            max_len: None,
            ..desc(0, 0)
        };
        assert_eq!(
            binary("00", &min),
            Err("invalid n (1 byte, at least 2 expected)".into())
        );
        assert!(binary(&"00".repeat(1000), &min).is_ok());
        assert_eq!(
            string(
                "ab",
                &AttrDesc {
                    min_len: Some(3),
                    ..desc(0, 0)
                }
            ),
            Err("n 'ab' too short (at least 3 bytes)".into())
        );
    }

    #[test]
    fn ipv6_addresses() {
        let d = desc(0, 0);
        assert_eq!(
            ipv6("fec0:106:2700::4", &d),
            Ok(Ipv6Addr::new(0xfec0, 0x106, 0x2700, 0, 0, 0, 0, 4))
        );
        assert_eq!(
            ipv6("FEC0:0106:2700:0000:0000:0000:0000:0004", &d),
            Ok(Ipv6Addr::new(0xfec0, 0x106, 0x2700, 0, 0, 0, 0, 4))
        );
        assert_eq!(ipv6("::", &d), Ok(Ipv6Addr::UNSPECIFIED));
        assert_eq!(
            ipv6("::ffff:192.0.2.1", &d),
            Ok(Ipv6Addr::new(0, 0, 0, 0, 0, 0xffff, 0xc000, 0x201))
        );
        for bad in [
            "",
            "fec0::4/64",
            "fec0::4%eth0",
            "192.0.2.1",
            ":::",
            "fec0::4::1",
            "1:2:3:4:5:6:7:8:9",
            "g::",
            "12345::",
            " ::1",
        ] {
            assert!(ipv6(bad, &d).is_err(), "{bad:?}");
        }
        assert_eq!(ipv6("x", &d), Err("invalid n 'x' (an IPv6 address)".into()));
    }

    #[test]
    fn ipv4_addresses() {
        let d = desc(0, 0);
        assert_eq!(ipv4("192.0.2.18", &d), Ok(Ipv4Addr::new(192, 0, 2, 18)));
        assert_eq!(ipv4("0.0.0.0", &d), Ok(Ipv4Addr::UNSPECIFIED));
        for bad in [
            "",
            "192.0.2",
            "192.0.2.1.5",
            "192.0.2.256",
            "192.0.2.018",
            "192.0.2.1/24",
            "0xc0.0.2.1",
            "3221225985",
            "::ffff:192.0.2.1",
            " 192.0.2.1",
        ] {
            assert!(ipv4(bad, &d).is_err(), "{bad:?}");
        }
        assert_eq!(ipv4("x", &d), Err("invalid n 'x' (an IPv4 address)".into()));
    }

    #[test]
    fn once_only() {
        let mut slot = None;
        assert_eq!(once(&mut slot, 1, "k"), Ok(()));
        assert_eq!(once(&mut slot, 2, "k"), Err("k given twice".into()));
    }

    #[test]
    fn counts() {
        let c = |s: &str| count(s.split_whitespace());
        assert_eq!(c(""), Ok(None));
        assert_eq!(c("--count 2"), Ok(Some(2)));
        assert_eq!(c("--count=3"), Ok(Some(3)));
        assert_eq!(c("-c 1"), Ok(Some(1)));
        assert!(c("--count").is_err());
        assert!(c("--count 0").is_err());
        assert!(c("--count x").is_err());
        assert!(c("extra").is_err());
    }
}
