#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Rust code from a YNL spec (Documentation/netlink/specs/*.yaml).

  ynl-gen-rust.py --mode kernel --spec SPEC [-o OUT]   the module's tables:
      command, attribute and enum numbers, one request policy per operation,
      the operations with their permissions, the multicast groups
  ynl-gen-rust.py --mode cli --spec SPEC [-o OUT]      cellctl's code of the
      family: numbers, typed requests, reply parsers, JSON and text printers

The spec is read with the kernel's own YNL library (tools/net/ynl/lib of the
kernel tree in $KSRC, or --ksrc), which also validates it against its schema.
With --cmp-out an output that would not change is left untouched (as
ynl-gen-c.py does); scripts/ynl-regen.sh runs every generator.
"""

import argparse
import os
import sys

HERE = os.path.dirname(os.path.realpath(__file__))
sys.path.insert(0, HERE)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--mode', choices=['kernel', 'cli'], required=True)
    ap.add_argument('--spec', required=True)
    ap.add_argument('--ksrc', default=os.environ.get('KSRC'),
                    help='kernel tree with tools/net/ynl (default: $KSRC)')
    ap.add_argument('-o', dest='out', help='output file (default: stdout)')
    ap.add_argument('--cmp-out', action='store_true',
                    help='do not rewrite OUT when the contents are the same')
    args = ap.parse_args()

    from ynl_gen_rust import spec as specmod
    family = specmod.load(args.spec, args.ksrc)
    if args.mode == 'kernel':
        from ynl_gen_rust import kernel as gen
    else:
        from ynl_gen_rust import cli as gen
    text = gen.render(family, specmod.rel_spec_path(args.spec))

    if not args.out:
        sys.stdout.write(text)
        return 0
    if args.cmp_out and os.path.exists(args.out):
        with open(args.out) as f:
            if f.read() == text:
                return 0
    with open(args.out, 'w') as f:
        f.write(text)
    return 0


if __name__ == '__main__':
    sys.exit(main())
