// SPDX-License-Identifier: GPL-2.0
//! What the generated code of a family (src/gen/) describes, and the traits
//! through which the generic core drives it.
//!
//! The tables (families, operations, attribute sets, enums) serve what
//! must be looked up by name or number at run time: keyword values checked
//! against the spec's `checks:`, the attribute an extended ack points at.
//! The traits are the typed side: a request per operation, a reply struct
//! per attribute set, the notifications of a family.

use crate::attr::{Attrs, ParseError};
use crate::genl::GenlMsg;
use crate::json::Object;

/// An enum of the spec: names and values.
#[derive(Debug)]
pub struct EnumDesc {
    pub name: &'static str,
    pub entries: &'static [(&'static str, u64)],
}

impl EnumDesc {
    pub fn name_of(&self, value: u64) -> Option<&'static str> {
        self.entries
            .iter()
            .find(|&&(_, v)| v == value)
            .map(|&(n, _)| n)
    }

    pub fn value_of(&self, name: &str) -> Option<u64> {
        self.entries
            .iter()
            .find(|&&(n, _)| n == name)
            .map(|&(_, v)| v)
    }

    /// "none, v4 or v5".
    pub fn names(&self) -> String {
        let names: Vec<&str> = self.entries.iter().map(|&(n, _)| n).collect();
        match names.split_last() {
            None => String::new(),
            Some((last, [])) => (*last).to_string(),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        }
    }
}

/// An attribute of a set, with what a request's value must satisfy.
#[derive(Debug)]
pub struct AttrDesc {
    /// The spec's name, also the JSON key and the keyword.
    pub name: &'static str,
    pub id: u16,
    /// Range of an integer (the spec's checks, else the type's bounds).
    pub min: u64,
    pub max: u64,
    /// Shortest string or binary (`checks: min-len`, or `exact-len`).
    pub min_len: Option<usize>,
    /// Longest string or binary (`checks: max-len`, or `exact-len`).
    pub max_len: Option<usize>,
    /// The enum whose names the values take.
    pub enum_: Option<&'static EnumDesc>,
    /// `display-hint: hex`.
    pub hex: bool,
}

/// An attribute set.
#[derive(Debug)]
pub struct SetDesc {
    pub name: &'static str,
    pub attrs: &'static [AttrDesc],
}

impl SetDesc {
    /// The attribute called `name`; a name the generated code took from
    /// this very set, so it is there.
    pub fn attr(&self, name: &str) -> &AttrDesc {
        self.attrs
            .iter()
            .find(|a| a.name == name)
            .unwrap_or_else(|| panic!("no attribute {name} in set {}", self.name))
    }

    pub fn by_id(&self, id: u16) -> Option<&AttrDesc> {
        self.attrs.iter().find(|a| a.id == id)
    }
}

/// An operation (a do and/or a dump).
#[derive(Debug)]
pub struct OpDesc {
    /// The family's name.
    pub family: &'static str,
    pub name: &'static str,
    pub cmd: u8,
    pub set: &'static SetDesc,
    /// The attributes its requests take.
    pub request: &'static [&'static str],
    pub has_do: bool,
    pub has_dump: bool,
    /// Needs CAP_NET_ADMIN (admin-perm, uns-admin-perm).
    pub admin: bool,
}

/// A generic netlink family.
#[derive(Debug)]
pub struct FamilyDesc {
    pub name: &'static str,
    pub version: u8,
    pub ops: &'static [&'static OpDesc],
    pub mcgrps: &'static [&'static str],
}

/// The request of one operation: an `Option` per attribute it takes.
pub trait Request: Default {
    const OP: &'static OpDesc;
    /// What the kernel answers with.
    type Reply: Reply;

    /// Appends the attributes that are set.
    fn encode(&self, buf: &mut Vec<u8>);

    /// Sets the attribute called `key` (a spec name) from a command-line
    /// word, checked against the spec. `Ok(false)`: the request takes no
    /// such attribute.
    fn set(&mut self, key: &str, value: &str) -> Result<bool, String>;

    /// No attribute is set.
    fn is_empty(&self) -> bool;
}

/// The parsed attributes of a message of one attribute set, and its
/// printers.
pub trait Reply {
    /// Parses the attributes; unknown ones are ignored.
    fn parse(attrs: Attrs<'_>) -> Result<Self, ParseError>
    where
        Self: Sized;

    /// The JSON object, keyed by the spec's names; enums by name.
    fn to_json(&self) -> Object;

    /// The first line of the text: name, identity and settings.
    fn format_brief(&self) -> String;

    /// The whole text: the first line, then the counters.
    fn format_show(&self) -> String;
}

/// The notifications of a family.
pub trait Notify: Sized {
    const FAMILY: &'static FamilyDesc;

    /// `None` for a message that is not a notification of the family.
    fn parse(msg: &GenlMsg) -> Option<Result<Self, ParseError>>;

    /// The event's name: "new" for chan-new-ntf.
    fn event(&self) -> &'static str;

    /// What the notification carries.
    fn reply(&self) -> &dyn Reply;
}

/// Request encoding helpers shared by the verb modules' tests.
#[cfg(test)]
pub mod test_util {
    use super::Request;
    use crate::attr::Attrs;

    /// The attributes of `buf` as (type, payload) pairs.
    pub fn decode(buf: &[u8]) -> Vec<(u16, Vec<u8>)> {
        Attrs::new(buf)
            .map(|a| a.map(|a| (a.ty, a.payload.to_vec())).unwrap())
            .collect()
    }

    /// The attributes `req` encodes.
    pub fn encode(req: &impl Request) -> Vec<u8> {
        let mut buf = Vec::new();
        req.encode(&mut buf);
        buf
    }
}
