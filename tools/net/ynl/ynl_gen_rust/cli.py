# SPDX-License-Identifier: GPL-2.0
"""cellctl's code of one family (tools/cellctl/src/gen/<family>.rs).

Everything family-specific cellctl knows comes from here: the family's name
and version, command, attribute, enum and multicast group names and
numbers, the tables the generic core uses (keyword parsing against the
spec's checks, naming the attribute an extended ack points at), one typed
request per operation, one reply struct per attribute set, the
notifications, and their JSON and text printers.

The text layout is decided here, from the spec: a first line with the
identity and settings (every attribute that is not a uint counter, `NAME:`
first, `X-name`/`X-ifindex` pairs as `X NAME (ifindex N)`, enums by name,
0..1 attributes as on/off, `display-hint: hex` as 0x%02x), then one line per
group of uint counters sharing the first word of their names
(`  rx: 5 packets, 420 bytes, 2 dropped`). A set without a `name` (or
`ifname`) string has no `NAME:`: its line is the `key value` pairs alone.
The generic core (text.rs, json.rs, args.rs) only formats what this code
hands it.

Binary attributes are bytes in hex, on the command line, in the text and
in JSON; with `display-hint: ipv6` they are an `Ipv6Addr`, written and
read as an address (RFC 5952 text), and must be 16 bytes long; with
`display-hint: ipv4` an `Ipv4Addr` (dotted quad), 4 bytes long.
"""

from ynl_gen_rust.spec import (INT_BOUNDS, camel, doc_lines, header, int_range,
                               limit, request_attrs, snake, upper)

# Rust field type, attribute getter and putter of each supported type.
TYPES = {
    'u8': ('u8', 'u8', 'put_u8'),
    'u16': ('u16', 'u16', 'put_u16'),
    'u32': ('u32', 'u32', 'put_u32'),
    'u64': ('u64', 'u64', 'put_u64'),
    'uint': ('u64', 'uint', 'put_uint'),
    'string': ('String', 'string', 'put_str'),
    'flag': ('bool', None, 'put_flag'),
    'binary': ('Vec<u8>', 'binary', 'put_bytes'),
}
INTS = ('u8', 'u16', 'u32', 'u64', 'uint')
# Names whose string attribute leads the text line as `NAME:`.
HEAD_NAMES = ('name', 'ifname')


def is_ipv6(a):
    return a.type == 'binary' and a.display_hint == 'ipv6'


def is_ipv4(a):
    return a.type == 'binary' and a.display_hint == 'ipv4'


# The address types of `display-hint: ipv4/ipv6`: (Rust type, the name of
# its attr/args/json/text helpers, its length in bytes).
ADDRS = {'ipv4': ('Ipv4Addr', 'ipv4', 4), 'ipv6': ('Ipv6Addr', 'ipv6', 16)}


def addr_kind(a):
    """The ADDRS entry of an address attribute, else None."""
    if is_ipv4(a):
        return ADDRS['ipv4']
    if is_ipv6(a):
        return ADDRS['ipv6']
    return None


def rust_type(a):
    kind = addr_kind(a)
    return kind[0] if kind else TYPES[a.type][0]


def rs_str(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'


def check_types(family):
    for aset in family.attr_sets.values():
        for a in aset.attrs.values():
            if a.type not in TYPES:
                raise NotImplementedError(
                    f'{family.name}: attribute {aset.name}.{a.name}: type {a.type} '
                    'is not supported by the cellctl generator')
            kind = addr_kind(a)
            if kind:
                n = kind[2]
                if len_range(family, a) not in ((None, None), (n, n), (None, n), (n, None)):
                    raise NotImplementedError(
                        f'{family.name}: attribute {aset.name}.{a.name}: an {a.display_hint} '
                        f'display-hint needs {n} bytes (exact-len: {n} or no length check)')


def event_name(ntf):
    """chan-new-ntf of set chan -> "new"."""
    name = ntf.name
    if name.endswith('-ntf'):
        name = name[:-4]
    prefix = ntf.attr_set.name + '-'
    if name.startswith(prefix) and len(name) > len(prefix):
        name = name[len(prefix):]
    return name


def attr_range(family, a):
    """(min, max) a request value must satisfy."""
    if a.type not in INTS:
        return (0, 0)
    r = int_range(family, a)
    return r if r else INT_BOUNDS[a.type]


def is_on_off(family, a):
    return a.type in INTS and 'enum' not in a.yaml and attr_range(family, a) == (0, 1)


def len_range(family, a):
    """(min-len, max-len) of a string or binary attribute, each None when
    unchecked; `exact-len` is both."""
    checks = a.yaml.get('checks', {})
    if a.type not in ('string', 'binary'):
        return (None, None)
    if 'exact-len' in checks:
        n = limit(family, checks['exact-len'], 'u32')
        return (n, n)
    mn = limit(family, checks['min-len'], 'u32') if 'min-len' in checks else None
    mx = limit(family, checks['max-len'], 'u32') if 'max-len' in checks else None
    return (mn, mx)


def opt(n):
    return 'None' if n is None else f'Some({n})'


def enum_ident(name):
    return upper(name)


def set_desc_ident(aset):
    return upper(aset.name) + '_SET'


def op_desc_ident(op):
    return 'OP_' + upper(op.name)


def attr_desc(family, aset, a):
    lo, hi = attr_range(family, a)
    min_len, max_len = len_range(family, a)
    en = a.yaml.get('enum')
    enum_ref = f'Some(&enums::{enum_ident(en)})' if en and family.consts[en].type == 'enum' else 'None'
    return (f'        AttrDesc {{ name: {rs_str(a.name)}, id: {a.value}, '
            f'min: {lo}, max: {hi}, min_len: {opt(min_len)}, max_len: {opt(max_len)}, '
            f'enum_: {enum_ref}, hex: {"true" if a.display_hint == "hex" else "false"} }},')


def field(a):
    return snake(a.name)


def as_u64(a, expr):
    """An Option of the field as Option<u64> (integers) for the printers."""
    if a.type in ('u64', 'uint'):
        return expr
    return f'{expr}.map(u64::from)'


def has_enums(family):
    return any(getattr(c, 'type', None) == 'enum' for c in family.consts.values())


def render_enums(family):
    if not has_enums(family):
        return []
    out = ['/// Enums: their values by name, and the table the core uses.',
           'pub mod enums {', '    use crate::schema::EnumDesc;']
    for c in family.consts.values():
        if getattr(c, 'type', None) != 'enum':
            continue
        mod = snake(c.name)
        out.append('')
        out += ['    ' + l for l in doc_lines(c.yaml.get('doc'))]
        out.append(f'    pub mod {mod} {{')
        for e in c.entries.values():
            out.append(f'        pub const {upper(e.name)}: u32 = {e.value};')
        out.append('    }')
        entries = ', '.join(f'({rs_str(e.name)}, {e.value})' for e in c.entries.values())
        out.append(f'    pub static {enum_ident(c.name)}: EnumDesc = EnumDesc {{')
        out.append(f'        name: {rs_str(c.name)},')
        out.append(f'        entries: &[{entries}],')
        out.append('    };')
    out.append('}')
    return out


def render_numbers(family):
    out = ['/// Command numbers (requests, replies and notifications).', 'pub mod cmd {']
    for op in family.msgs.values():
        out.append(f'    pub const {upper(op.name)}: u8 = {op.req_value if op.req_value is not None else op.rsp_value};')
    out.append('}')
    out += ['', '/// Attribute numbers, one module per attribute set.', 'pub mod attrs {']
    for aset in family.attr_sets.values():
        out.append(f'    pub mod {snake(aset.name)} {{')
        for a in aset.attrs.values():
            out.append(f'        pub const {upper(a.name)}: u16 = {a.value};')
        out.append('    }')
    out.append('}')
    out += ['', '/// Multicast group names.', 'pub mod mcgrp {']
    for g in family.mcast_groups.values():
        out.append(f'    pub const {upper(g.name)}: &str = {rs_str(g.name)};')
    out.append('}')
    return out


def render_tables(family):
    out = []
    for aset in family.attr_sets.values():
        out += doc_lines(f'The "{aset.name}" attribute set.')
        out.append(f'pub static {set_desc_ident(aset)}: SetDesc = SetDesc {{')
        out.append(f'    name: {rs_str(aset.name)},')
        out.append('    attrs: &[')
        for a in aset.attrs.values():
            out.append(attr_desc(family, aset, a))
        out.append('    ],')
        out.append('};')
        out.append('')
    for op in family.ops.values():
        has_do = 'do' in op.yaml
        has_dump = 'dump' in op.yaml
        req = ', '.join(rs_str(n) for n in request_attrs(op))
        out.append(f'pub static {op_desc_ident(op)}: OpDesc = OpDesc {{')
        out.append('    family: NAME,')
        out.append(f'    name: {rs_str(op.name)},')
        out.append(f'    cmd: cmd::{upper(op.name)},')
        out.append(f'    set: &{set_desc_ident(op.attr_set)},')
        out.append(f'    request: &[{req}],')
        out.append(f'    has_do: {"true" if has_do else "false"},')
        out.append(f'    has_dump: {"true" if has_dump else "false"},')
        out.append(f'    admin: {"true" if "uns-admin-perm" in op.yaml.get("flags", []) or "admin-perm" in op.yaml.get("flags", []) else "false"},')
        out.append('};')
        out.append('')
    version = family.yaml.get('version', 1)
    ops = ', '.join('&' + op_desc_ident(op) for op in family.ops.values())
    groups = ', '.join(rs_str(g) for g in family.mcast_groups)
    out += ['/// The family.',
            'pub static FAMILY: FamilyDesc = FamilyDesc {',
            f'    name: {rs_str(family.name)},',
            f'    version: {version},',
            f'    ops: &[{ops}],',
            f'    mcgrps: &[{groups}],',
            '};']
    return out


def render_reply(family, aset):
    name = camel(aset.name)
    attrs = list(aset.attrs.values())
    out = doc_lines(aset.yaml.get('doc'))
    out.append('///')
    out.append('/// Parsed from any message of the set; attributes the kernel did not send')
    out.append('/// are `None`, attributes this code does not know are ignored.')
    out.append('#[derive(Debug, Clone, Default, PartialEq, Eq)]')
    out.append(f'pub struct {name} {{')
    for a in attrs:
        out += ['    ' + l for l in doc_lines(a.yaml.get('doc'))]
        out.append(f'    pub {field(a)}: Option<{rust_type(a)}>,')
    out.append('}')
    out.append('')
    out.append(f'impl Reply for {name} {{')
    out.append('    fn parse(attrs: Attrs<\'_>) -> Result<Self, ParseError> {')
    out.append(f'        let mut r = {name}::default();')
    out.append('        for a in attrs {')
    out.append('            let a = a?;')
    out.append('            match a.ty {')
    mod = snake(aset.name)
    for a in attrs:
        getter = TYPES[a.type][1]
        if a.type == 'flag':
            val = 'true'
        elif addr_kind(a):
            val = f'a.{addr_kind(a)[1]}()?'
        else:
            val = f'a.{getter}()' + ('' if a.type in ('string', 'binary') else '?')
        out.append(f'                attrs::{mod}::{upper(a.name)} => r.{field(a)} = Some({val}),')
    out.append('                _ => {} // a newer kernel\'s: ignored')
    out.append('            }')
    out.append('        }')
    out.append('        Ok(r)')
    out.append('    }')
    out.append('')
    # JSON
    out.append('    fn to_json(&self) -> Object {')
    out.append('        let mut o = Object::new();')
    for a in attrs:
        f = f'self.{field(a)}'
        en = a.yaml.get('enum')
        if a.type == 'string':
            out.append(f'        o.opt_str({rs_str(a.name)}, {f}.as_deref());')
        elif a.type == 'flag':
            out.append(f'        o.opt_bool({rs_str(a.name)}, {f});')
        elif addr_kind(a):
            out.append(f'        o.opt_{addr_kind(a)[1]}({rs_str(a.name)}, {f});')
        elif a.type == 'binary':
            out.append(f'        o.opt_hex({rs_str(a.name)}, {f}.as_deref());')
        elif en and family.consts[en].type == 'enum':
            out.append(f'        o.opt_enum({rs_str(a.name)}, &enums::{enum_ident(en)}, {as_u64(a, f)});')
        else:
            out.append(f'        o.opt_uint({rs_str(a.name)}, {as_u64(a, f)});')
    out.append('        o')
    out.append('    }')
    out.append('')
    # Text: the first line.
    names = {a.name: a for a in attrs}
    head = next((names[n] for n in HEAD_NAMES if n in names and names[n].type == 'string'), None)
    out.append('    fn format_brief(&self) -> String {')
    if head:
        out.append(f'        let mut t = Line::new(self.{field(head)}.as_deref());')
    else:
        out.append('        let mut t = Line::plain();')
    done = set([head.name] if head else [])
    for a in attrs:
        if a.name in done or a.type == 'uint':
            continue
        f = f'self.{field(a)}'
        base = None
        for suffix, other in (('-ifindex', '-name'), ('-name', '-ifindex')):
            if a.name.endswith(suffix):
                cand = a.name[:-len(suffix)] + other
                if cand in names and cand not in done:
                    base = a.name[:-len(suffix)]
        if base:
            n, i = names[base + '-name'], names[base + '-ifindex']
            if n.type == 'string' and i.type in INTS and i.type != 'uint':
                out.append(f'        t.dev({rs_str(base)}, self.{field(n)}.as_deref(), '
                           f'{as_u64(i, "self." + field(i))});')
                done |= {n.name, i.name}
                continue
        done.add(a.name)
        en = a.yaml.get('enum')
        if a.type == 'string':
            out.append(f'        t.str({rs_str(a.name)}, {f}.as_deref());')
        elif a.type == 'flag':
            out.append(f'        t.flag({rs_str(a.name)}, {f});')
        elif addr_kind(a):
            out.append(f'        t.{addr_kind(a)[1]}({rs_str(a.name)}, {f});')
        elif a.type == 'binary':
            out.append(f'        t.hex_bytes({rs_str(a.name)}, {f}.as_deref());')
        elif en and family.consts[en].type == 'enum':
            out.append(f'        t.enum_({rs_str(a.name)}, &enums::{enum_ident(en)}, {as_u64(a, f)});')
        elif is_on_off(family, a):
            out.append(f'        t.on_off({rs_str(a.name)}, {as_u64(a, f)});')
        elif a.display_hint == 'hex':
            out.append(f'        t.hex({rs_str(a.name)}, {as_u64(a, f)});')
        else:
            out.append(f'        t.num({rs_str(a.name)}, {as_u64(a, f)});')
    out.append('        t.finish()')
    out.append('    }')
    out.append('')
    # Text: the counters, grouped by their first word.
    groups = []
    for a in attrs:
        if a.type != 'uint':
            continue
        first, _, rest = a.name.partition('-')
        for g in groups:
            if g[0] == first:
                g[1].append((rest, a))
                break
        else:
            groups.append((first, [(rest, a)]))
    out.append('    fn format_show(&self) -> String {')
    if groups:
        out.append('        let mut s = self.format_brief();')
        for first, items in groups:
            vals = ', '.join(f'({rs_str(rest)}, self.{field(a)})' for rest, a in items)
            out.append(f'        counters(&mut s, {rs_str(first)}, &[{vals}]);')
        out.append('        s')
    else:
        out.append('        self.format_brief()')
    out.append('    }')
    out.append('}')
    return out


def render_request(family, op):
    name = camel(op.name) + 'Request'
    aset = op.attr_set
    req = [aset.attrs[n] for n in request_attrs(op)]
    mod = snake(aset.name)
    out = doc_lines(f'A {op.name} request: {op.yaml.get("doc", "").strip()}')
    out.append('#[derive(Debug, Clone, Default, PartialEq, Eq)]')
    out.append(f'pub struct {name} {{')
    for a in req:
        out.append(f'    pub {field(a)}: Option<{rust_type(a)}>,')
    out.append('}')
    out.append('')
    out.append(f'impl Request for {name} {{')
    out.append(f'    const OP: &\'static OpDesc = &{op_desc_ident(op)};')
    out.append(f'    type Reply = {camel(aset.name)};')
    out.append('')
    buf = 'buf' if req else '_buf'
    out.append(f'    fn encode(&self, {buf}: &mut Vec<u8>) {{')
    for a in req:
        put = TYPES[a.type][2]
        f = f'self.{field(a)}'
        aid = f'attrs::{mod}::{upper(a.name)}'
        if a.type == 'flag':
            out.append(f'        if {f} == Some(true) {{')
            out.append(f'            attr::put_flag(buf, {aid});')
        elif addr_kind(a):
            out.append(f'        if let Some(v) = {f} {{')
            out.append(f'            attr::put_{addr_kind(a)[1]}(buf, {aid}, v);')
        elif a.type in ('string', 'binary'):
            out.append(f'        if let Some(v) = &{f} {{')
            out.append(f'            attr::{put}(buf, {aid}, v);')
        else:
            out.append(f'        if let Some(v) = {f} {{')
            out.append(f'            attr::{put}(buf, {aid}, v);')
        out.append('        }')
    out.append('    }')
    out.append('')
    key, value = ('key', 'value') if req else ('_key', '_value')
    out.append(f'    fn set(&mut self, {key}: &str, {value}: &str) -> Result<bool, String> {{')
    if req:
        out.append(f'        let set = &{set_desc_ident(aset)};')
        out.append('        match key {')
        for a in req:
            d = f'set.attr({rs_str(a.name)})'
            ty = TYPES[a.type][0]
            if a.type == 'string':
                parsed = f'args::string(value, {d})?'
            elif a.type == 'flag':
                parsed = f'args::flag(value, {d})?'
            elif addr_kind(a):
                parsed = f'args::{addr_kind(a)[1]}(value, {d})?'
            elif a.type == 'binary':
                parsed = f'args::binary(value, {d})?'
            elif ty == 'u64':
                parsed = f'args::uint(value, {d})?'
            else:
                # The range check keeps the value within the type.
                parsed = f'args::uint(value, {d})? as {ty}'
            out.append(f'            {rs_str(a.name)} => args::once(&mut self.{field(a)}, {parsed}, key)?,')
        out.append('            _ => return Ok(false),')
        out.append('        }')
        out.append('        Ok(true)')
    else:
        out.append('        Ok(false)')
    out.append('    }')
    out.append('')
    out.append('    fn is_empty(&self) -> bool {')
    out.append(f'        *self == {name}::default()')
    out.append('    }')
    out.append('}')
    return out


def render_notifications(family):
    ntfs = list(family.ntfs.values())
    out = ['/// The notifications of the family\'s multicast groups.',
           '#[derive(Debug, Clone, PartialEq, Eq)]']
    if len({n.attr_set.name for n in ntfs}) > 1:
        # Sets of different sizes; a notification lives for one print.
        out.append('#[allow(clippy::large_enum_variant)]')
    out.append('pub enum Notification {')
    for n in ntfs:
        out += ['    ' + l for l in doc_lines(n.yaml.get('doc'))]
        out.append(f'    {camel(n.name)}({camel(n.attr_set.name)}),')
    out.append('}')
    out.append('')
    out.append('impl Notify for Notification {')
    out.append('    const FAMILY: &\'static FamilyDesc = &FAMILY;')
    out.append('')
    msg = 'msg' if ntfs else '_msg'
    out.append(f'    fn parse({msg}: &GenlMsg) -> Option<Result<Self, ParseError>> {{')
    if ntfs:
        out.append('        Some(match msg.cmd {')
        for n in ntfs:
            out.append(f'            cmd::{upper(n.name)} => {camel(n.attr_set.name)}::parse(msg.attrs()).map(Notification::{camel(n.name)}),')
        out.append('            _ => return None,')
        out.append('        })')
    else:
        out.append('        None')
    out.append('    }')
    out.append('')
    out.append('    fn event(&self) -> &\'static str {')
    if ntfs:
        out.append('        match self {')
        for n in ntfs:
            out.append(f'            Notification::{camel(n.name)}(_) => {rs_str(event_name(n))},')
        out.append('        }')
    else:
        out.append('        match *self {}')
    out.append('    }')
    out.append('')
    out.append('    fn reply(&self) -> &dyn Reply {')
    if ntfs:
        # Notifications of different sets carry different types: an arm
        # per set.
        by_set = {}
        for n in ntfs:
            by_set.setdefault(n.attr_set.name, []).append(n)
        out.append('        match self {')
        for group in by_set.values():
            out.append('            ' + ' | '.join(f'Notification::{camel(n.name)}(r)' for n in group) + ' => r,')
        out.append('        }')
    else:
        out.append('        match *self {}')
    out.append('    }')
    out.append('}')
    return out


def render(family, rel_spec_path):
    check_types(family)
    out = [header(rel_spec_path, 'cli').rstrip('\n')]
    out.append(f'//! The {family.name} generic netlink family, as cellctl speaks it.')
    out.append('//!')
    out += doc_lines(family.yaml.get('doc'), '//! ')
    out.append('')
    out.append('use crate::attr::{self, Attrs, ParseError};')
    out.append('use crate::genl::GenlMsg;')
    out.append('use crate::json::Object;')
    out.append('use crate::schema::{AttrDesc, FamilyDesc, Notify, OpDesc, Reply, Request, SetDesc};')
    out.append('use crate::text::{counters, Line};')
    if family.ops:
        out.append('use crate::args;')
    kinds = {addr_kind(a)[0] for aset in family.attr_sets.values()
             for a in aset.attrs.values() if addr_kind(a)}
    if len(kinds) == 1:
        out.append(f'use std::net::{kinds.pop()};')
    elif kinds:
        out.append(f'use std::net::{{{", ".join(sorted(kinds))}}};')
    out.append('')
    out.append(f'pub const NAME: &str = {rs_str(family.name)};')
    out.append(f'pub const VERSION: u8 = {family.yaml.get("version", 1)};')
    out.append('')
    if has_enums(family):
        out += render_enums(family)
        out.append('')
    out += render_numbers(family)
    out.append('')
    out += render_tables(family)
    for aset in family.attr_sets.values():
        out.append('')
        out += render_reply(family, aset)
    for op in family.ops.values():
        out.append('')
        out += render_request(family, op)
    out.append('')
    out += render_notifications(family)
    return '\n'.join(out) + '\n'
