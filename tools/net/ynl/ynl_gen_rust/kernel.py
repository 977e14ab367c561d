# SPDX-License-Identifier: GPL-2.0
"""The kernel side of a family, for a Rust module: `netlink_gen.rs`.

What ynl-gen-c.py writes for a C family (the uapi enums and the
`*-nl-gen.c` tables), as Rust statics over the support layer's
`genl` types: command, attribute and enum numbers, one request policy per
operation that lists only the attributes the operation takes (the core's
strict validation rejects any other, naming it in the extended ack), the
ranges from `checks:` (integer ranges; binary `exact-len`, `min-len` and
`max-len` as NLA_POLICY_EXACT_LEN, a length range or `.len`), permissions
from `flags:`, the multicast groups, and the `Family` static itself. The
module implements `FamilyOps` for the generated family type.

An operation whose requests take no attribute (`attributes: []`, or a dump
without a request) gets no policy: the core gives it one that rejects
every attribute (the family's `resv_start_op` is 1). Notifications have a
command number and no operation, whichever operation they notify with.
"""

from .spec import camel, doc_lines, format_rust, header, int_range, limit, request_attrs, upper

FLAG_NAMES = {'admin-perm': 'ADMIN_PERM', 'uns-admin-perm': 'UNS_ADMIN_PERM'}


class Out:
    def __init__(self):
        self.lines = []

    def p(self, line=''):
        self.lines.append(line)

    def text(self):
        return '\n'.join(self.lines).rstrip('\n') + '\n'


# The largest length a binary policy's range takes (its bounds are s16).
BINARY_RANGE_MAX = 2**15 - 1


def binary_policy(family, attr, checks):
    """The `Policy` of a binary attribute: `exact-len` as
    NLA_POLICY_EXACT_LEN, `min-len` with or without `max-len` as a length
    range (NLA_POLICY_RANGE / NLA_POLICY_MIN_LEN), `max-len` alone as the
    policy's `len`."""
    where = f'ynl-gen-rust: {family.name}: attribute {attr.attr_set.name}.{attr.name}'
    lens = {k: limit(family, checks[k], 'u16') for k in ('exact-len', 'min-len', 'max-len')
            if k in checks}
    for k, v in lens.items():
        if not 0 <= v <= BINARY_RANGE_MAX:
            raise SystemExit(f'{where}: {k} {v} out of 0..{BINARY_RANGE_MAX}')
    if 'exact-len' in lens:
        if len(lens) > 1:
            raise SystemExit(f'{where}: exact-len with min-len or max-len')
        return f'Policy::binary_exact({lens["exact-len"]})'
    if 'min-len' in lens:
        if 'max-len' in lens:
            if lens['min-len'] > lens['max-len']:
                raise SystemExit(f'{where}: min-len above max-len')
            return f'Policy::binary_range({lens["min-len"]}, {lens["max-len"]})'
        return f'Policy::binary_min({lens["min-len"]})'
    return f'Policy::binary({lens.get("max-len", 0)})'


def policy_expr(family, attr, ranges):
    """The `Policy` constructor of one request attribute; the `Range`
    statics it needs are added to `ranges` (name -> (min, max))."""
    ty = attr.type
    checks = attr.yaml.get('checks', {})
    if ty in ('u32', 'uint'):
        rng = int_range(family, attr)
        if rng is None:
            return f'Policy::{ty}()'
        name = f'{upper(attr.attr_set.name)}_{upper(attr.name)}_RANGE'
        ranges[name] = rng
        return f'Policy::{ty}_range(&{name})'
    if ty == 'string':
        mx = checks.get('max-len', 0)
        return f'Policy::string({mx})'
    if ty == 'binary':
        return binary_policy(family, attr, checks)
    if ty == 'flag':
        return 'Policy::flag()'
    raise SystemExit(f'ynl-gen-rust: {family.name}: attribute {attr.name}: '
                     f'type {ty} is not supported in requests (use u32, uint, '
                     f'string, binary or flag)')


def render(family, rel):
    o = Out()
    ident = camel(family.name) + 'Family'
    for line in header(rel, 'kernel').splitlines():
        o.p(line)
    o.p()
    o.p(f'//! The `{family.name}` generic netlink family: numbers, request policies,')
    o.p('//! operations and multicast groups, generated from its YNL spec.')
    o.p()
    o.p('#![allow(dead_code)]')
    o.p()
    o.p('use crate::support::genl::{Family, McGroup, Op, OpFlags, Policy, Range};')
    o.p('use kernel::c_str;')
    o.p()

    # Enums.
    for enum in family.consts.values():
        # `const` definitions are plain dicts: only named in checks here.
        if getattr(enum, 'type', None) not in ('enum', 'flags'):
            continue
        for line in doc_lines(enum.yaml.get('doc', f'The `{enum.name}` {enum.type}.')):
            o.p(line)
        o.p(f'pub(crate) mod {enum.name.replace("-", "_")} {{')
        for e in enum.entries.values():
            for line in doc_lines(e.doc, '    /// '):
                o.p(line)
            val = e.user_value() if enum.type == 'flags' else e.value
            o.p(f'    pub(crate) const {upper(e.name)}: u32 = {val};')
        o.p('}')
        o.p()

    # Attribute numbers.
    o.p('/// Attribute numbers, per attribute set.')
    o.p('pub(crate) mod attr {')
    for i, aset in enumerate(family.attr_sets.values()):
        if i:
            o.p()
        for line in doc_lines(aset.yaml.get('doc', f'The `{aset.name}` attribute set.'), '    /// '):
            o.p(line)
        o.p(f'    pub(crate) mod {aset.name.replace("-", "_")} {{')
        for a in aset.attrs.values():
            for line in doc_lines(a.yaml.get('doc', ''), '        /// '):
                o.p(line)
            o.p(f'        pub(crate) const {upper(a.name)}: u16 = {a.value};')
        o.p(f'        /// The highest attribute number.')
        o.p(f'        pub(crate) const MAX: u16 = {max(a.value for a in aset.attrs.values())};')
        o.p('    }')
    o.p('}')
    o.p()

    # Commands.
    o.p('/// Command numbers (requests, replies and notifications).')
    o.p('pub(crate) mod cmd {')
    for op in family.msgs.values():
        for line in doc_lines(op.yaml.get('doc', ''), '    /// '):
            o.p(line)
        o.p(f'    pub(crate) const {upper(op.name)}: u8 = {op.req_value};')
    o.p('}')
    o.p()

    # Multicast groups.
    groups = list(family.mcast_groups.values())
    o.p('/// Multicast groups, by index.')
    o.p('pub(crate) mod mcgrp {')
    for i, g in enumerate(groups):
        o.p(f'    /// The `{g.name}` group.')
        o.p(f'    pub(crate) const {upper(g.name)}: u32 = {i};')
    o.p('}')
    o.p()

    # Policies.
    ranges = {}
    policies = []  # (op, static name or None, entries)
    for op in family.ops.values():
        if not op.is_call:
            continue
        names = request_attrs(op)
        if not names:
            policies.append((op, None, []))
            continue
        aset = op.attr_set
        attrs = [aset.attrs[n] for n in names]
        top = max(a.value for a in attrs)
        entries = []
        by_val = {a.value: a for a in attrs}
        for v in range(top + 1):
            a = by_val.get(v)
            if a is None:
                other = aset.attrs_by_val.get(v)
                what = other.name if other else 'unused'
                entries.append(('Policy::UNSPEC', f'{what}: not taken' if v else 'unspec'))
            else:
                entries.append((policy_expr(family, a, ranges), a.name))
        policies.append((op, f'{upper(op.name)}_POLICY', entries))

    for name, (mn, mx) in ranges.items():
        o.p(f'static {name}: Range = Range::new({mn}, {mx});')
    if ranges:
        o.p()
    for op, name, entries in policies:
        if name is None:
            continue
        o.p(f'/// Requests of `{op.name}`.')
        o.p(f'static {name}: [Policy; {len(entries)}] = [')
        for expr, what in entries:
            o.p(f'    {expr}, // {what}')
        o.p('];')
        o.p()

    # Operations and the family.
    o.p(f'/// The handlers: the module implements `FamilyOps` for it.')
    o.p(f'pub(crate) struct {ident};')
    o.p()
    o.p(f'static OPS: [Op; {len(policies)}] = [')
    for op, name, _ in policies:
        flags = op.yaml.get('flags', [])
        unknown = [f for f in flags if f not in FLAG_NAMES]
        if unknown:
            raise SystemExit(f'ynl-gen-rust: {family.name}: op {op.name}: unknown flags {unknown}')
        fl = ' | '.join(f'OpFlags::{FLAG_NAMES[f]}' for f in flags) or 'OpFlags::NONE'
        do = 'true' if 'do' in op.yaml else 'false'
        dump = 'true' if 'dump' in op.yaml else 'false'
        pol = f'&{name}' if name else '&[]'
        o.p(f'    Op::new::<{ident}>(cmd::{upper(op.name)}, {fl}, {do}, {dump}, {pol}),')
    o.p('];')
    o.p()
    o.p(f'static MCGRPS: [McGroup; {len(groups)}] = [')
    for g in groups:
        o.p(f'    McGroup::new("{g.name}"),')
    o.p('];')
    o.p()
    version = family.yaml.get('version', 1)
    o.p(f'/// The `{family.name}` family.')
    o.p(f'pub(crate) static FAMILY: Family<{ident}> =')
    o.p(f'    Family::new(c_str!("{family.name}"), {version}, &OPS, &MCGRPS);')
    return format_rust(o.text())
