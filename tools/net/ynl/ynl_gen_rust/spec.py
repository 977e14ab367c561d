# SPDX-License-Identifier: GPL-2.0
"""Spec loading and helpers shared by the Rust generators.

The spec is parsed by the kernel's own YNL library (SpecFamily), which
numbers attributes, operations and enum entries as ynl-gen-c.py does and
validates the spec against the schema its `protocol` names.
"""

import os
import sys

TOP = os.path.realpath(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..'))

# Integer types the generators handle, with their bounds.
INT_BOUNDS = {
    'u8': (0, 2**8 - 1), 'u16': (0, 2**16 - 1), 'u32': (0, 2**32 - 1),
    'u64': (0, 2**64 - 1), 'uint': (0, 2**64 - 1),
    's8': (-2**7, 2**7 - 1), 's16': (-2**15, 2**15 - 1),
    's32': (-2**31, 2**31 - 1), 's64': (-2**63, 2**63 - 1), 'sint': (-2**63, 2**63 - 1),
}


def load(path, ksrc):
    if not ksrc:
        sys.exit('ynl-gen-rust: no kernel tree: set KSRC or pass --ksrc')
    ynl = os.path.join(ksrc, 'tools', 'net', 'ynl')
    if not os.path.isdir(os.path.join(ynl, 'lib')):
        sys.exit(f'ynl-gen-rust: {ynl}/lib missing: KSRC must be a kernel tree')
    sys.path.insert(0, ynl)
    from lib import SpecFamily  # noqa: E402 (the kernel's YNL library)
    import yaml
    with open(path) as f:
        proto = yaml.safe_load(f).get('protocol', 'genetlink')
    schema = os.path.join(ksrc, 'Documentation', 'netlink', proto + '.yaml')
    return SpecFamily(path, schema)


def rel_spec_path(path):
    path = os.path.realpath(path)
    return os.path.relpath(path, TOP) if path.startswith(TOP + os.sep) else path


def upper(name):
    return name.replace('-', '_').upper()


def snake(name):
    s = name.replace('-', '_')
    return s + '_' if s in ('type', 'match', 'mod', 'ref', 'self', 'fn', 'use', 'loop') else s


def camel(name):
    return ''.join(w[:1].upper() + w[1:] for w in name.replace('_', '-').split('-'))


def limit(family, value, ty):
    """A `checks:` min/max as a number: an int, a constant's name, or
    u32-max and friends."""
    if isinstance(value, int):
        return value
    if value in family.consts:
        return family.consts[value]['value']
    kind, _, end = value.rpartition('-')
    if kind in INT_BOUNDS and end in ('min', 'max'):
        lo, hi = INT_BOUNDS[kind]
        return lo if end == 'min' else hi
    raise ValueError(f'{family.name}: unknown limit {value!r}')


def int_range(family, attr):
    """(min, max) an integer attribute's requests must satisfy, or None when
    its type's bounds are the only ones. An enum attribute without checks
    takes its enum's values (as ynl-gen-c.py does)."""
    ty = attr.type
    lo, hi = INT_BOUNDS[ty]
    checks = attr.yaml.get('checks', {})
    mn = limit(family, checks['min'], ty) if 'min' in checks else None
    mx = limit(family, checks['max'], ty) if 'max' in checks else None
    if mn is None and mx is None and 'enum' in attr.yaml:
        enum = family.consts[attr.yaml['enum']]
        if enum.type == 'enum':
            values = [e.value for e in enum.entries.values()]
            mn, mx = min(values), max(values)
            if mn == 0:
                mn = None
    if mn is None and mx is None:
        return None
    return (lo if mn is None else mn, hi if mx is None else mx)


def _msg_attrs(op, kind):
    names = []
    for mode in ('do', 'dump'):
        msg = (op.yaml.get(mode) or {}).get(kind) or {}
        for a in msg.get('attributes', []):
            if a not in names:
                names.append(a)
    return names


def request_attrs(op):
    """Names of the attributes op's requests take (do and dump together)."""
    return _msg_attrs(op, 'request')


def reply_attrs(op):
    """Names of the attributes of op's replies (do or dump)."""
    return _msg_attrs(op, 'reply')


def header(rel, mode, license_=None):
    lic = license_ or '((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)'
    return (f'// SPDX-License-Identifier: {lic}\n'
            f'// Do not edit directly, auto-generated from:\n'
            f'//\t{rel}\n'
            f'// YNL-GEN rust-{mode}\n')


def doc_lines(text, prefix='/// '):
    out = []
    for line in (text or '').strip().splitlines():
        out.append((prefix + line.strip()).rstrip())
    return out


def format_rust(text):
    """`text` as rustfmt (edition 2021, default options: the kernel's
    .rustfmt.toml and cargo fmt's) prints it, so generated files pass the
    tests' rustfmt checks."""
    import shutil
    import subprocess
    exe = shutil.which('rustfmt')
    if not exe:
        sys.exit('ynl-gen-rust: rustfmt not found in PATH')
    res = subprocess.run([exe, '--edition', '2021', '--emit', 'stdout'], input=text,
                         capture_output=True, text=True)
    if res.returncode != 0:
        sys.exit('ynl-gen-rust: rustfmt failed on the generated code:\n' + res.stderr)
    return res.stdout
