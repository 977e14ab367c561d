#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check that ynl-gen-rst.py's rendering of a spec is clean reStructuredText.

  ynl-rst-check.py FILE.rst...

Parses each file with docutils, failing on any warning or error (bad
indentation in a doc string, a broken list, ...); Sphinx's :ref: role is
taken as known and its targets must be labels of the same file.
"""
import re
import sys

import docutils.core
import docutils.nodes
from docutils.parsers.rst import roles

refs = []


def ref_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    refs.append(text)
    return [docutils.nodes.literal(rawtext, text)], []


roles.register_local_role('ref', ref_role)
bad = 0
for path in sys.argv[1:]:
    refs.clear()
    with open(path) as f:
        src = f.read()
    try:
        docutils.core.publish_doctree(src, source_path=path, settings_overrides={
            'halt_level': 2, 'report_level': 2, 'warning_stream': sys.stderr})
    except docutils.utils.SystemMessage as e:
        print(f'{path}: {e}', file=sys.stderr)
        bad = 1
        continue
    labels = set(re.findall(r'^\.\. _([^:]+):$', src, re.M))
    for r in refs:
        if r not in labels:
            print(f'{path}: :ref:`{r}` has no label', file=sys.stderr)
            bad = 1
sys.exit(bad)
