// SPDX-License-Identifier: GPL-2.0
//! Command-line helpers shared by cellctl and qmap-modem: numbers in
//! decimal or 0x hex, and interface names.

/// Longest interface name (IFNAMSIZ - 1).
pub const MAX_IFNAME: usize = 15;

/// A number, decimal or `0x` hex (no sign, no spaces).
pub fn parse_num(s: &str) -> Option<u64> {
    match s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        Some(h) if !h.is_empty() && h.bytes().all(|b| b.is_ascii_hexdigit()) => {
            u64::from_str_radix(h, 16).ok()
        }
        Some(_) => None,
        None if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => s.parse().ok(),
        None => None,
    }
}

/// Whether `s` is all decimal digits, as an ifindex on a command line is
/// (a device name may be anything else).
pub fn is_decimal(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Checks an interface name as the kernel's dev_valid_name() does: 1 to
/// [`MAX_IFNAME`] bytes, not "." or "..", no '/', ':' or white space.
pub fn check_ifname(s: &str) -> Result<(), String> {
    if s.is_empty()
        || s.len() > MAX_IFNAME
        || s == "."
        || s == ".."
        || s.contains(['/', ':', '\0'])
        || s.contains(char::is_whitespace)
    {
        return Err(format!("invalid interface name '{s}'"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(parse_num("129"), Some(129));
        assert_eq!(parse_num("0x81"), Some(129));
        assert_eq!(parse_num("0X8a"), Some(0x8a));
        assert_eq!(parse_num("0xFE"), Some(254));
        assert_eq!(parse_num("18446744073709551615"), Some(u64::MAX));
        for s in ["", "0x", "-1", "12a", "x81", "81h", "1.5", " 1", "+1"] {
            assert_eq!(parse_num(s), None, "{s:?}");
        }
        assert_eq!(parse_num("18446744073709551616"), None);
        assert_eq!(parse_num("0x10000000000000000"), None);
    }

    #[test]
    fn decimal() {
        assert!(is_decimal("7"));
        assert!(!is_decimal("7a"));
        assert!(!is_decimal("-1"));
        assert!(!is_decimal(""));
    }

    #[test]
    fn ifnames() {
        for ok in ["veth0", "rmnet_mhi0.1", "np%d", "-1", "abcdefghijklmno"] {
            assert_eq!(check_ifname(ok), Ok(()), "{ok}");
        }
        for bad in [
            "",
            ".",
            "..",
            "a/b",
            "a:b",
            "a b",
            "a\tb",
            "abcdefghijklmnop",
        ] {
            assert!(check_ifname(bad).is_err(), "{bad:?}");
        }
    }
}
