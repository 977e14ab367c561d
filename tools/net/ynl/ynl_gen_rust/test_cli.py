# SPDX-License-Identifier: GPL-2.0
"""Tests of the cellctl generator (cli.py).

    KSRC=/path/to/kernel python3 -m unittest discover -s tools/net/ynl/ynl_gen_rust -p 'test_*.py'

Skipped without a kernel tree ($KSRC) for the YNL library.
"""

import os
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.realpath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from ynl_gen_rust import cli, spec  # noqa: E402

KSRC = os.environ.get('KSRC')
SPECS = os.path.join(spec.TOP, 'Documentation', 'netlink', 'specs')
GEN = os.path.join(spec.TOP, 'tools', 'cellctl', 'src', 'gen')


def render(path):
    return cli.render(spec.load(path, KSRC), spec.rel_spec_path(path))


@unittest.skipUnless(KSRC and os.path.isdir(os.path.join(KSRC or '', 'tools', 'net', 'ynl', 'lib')),
                     'needs a kernel tree in $KSRC')
class CliGenTest(unittest.TestCase):
    def specs(self):
        return sorted(f for f in os.listdir(SPECS) if f.endswith('.yaml'))

    def test_deterministic_and_committed(self):
        for f in self.specs():
            path = os.path.join(SPECS, f)
            text = render(path)
            self.assertEqual(text, render(path), f)
            self.assertTrue(text.startswith(spec.header(spec.rel_spec_path(path), 'cli')), f)
            out = os.path.join(GEN, f[:-5] + '.rs')
            with open(out) as g:
                self.assertEqual(g.read(), text, f'{out} is stale: run scripts/ynl-regen.sh')

    def test_new_counter_needs_only_the_spec(self):
        import yaml
        with open(os.path.join(SPECS, 'qmap.yaml')) as f:
            doc = yaml.safe_load(f)
        port = next(s for s in doc['attribute-sets'] if s['name'] == 'port')
        port['attributes'].append({'name': 'drop-new-reason', 'type': 'uint', 'doc': 'New.'})
        for op in doc['operations']['list']:
            if op['name'] == 'port-get':
                op['do']['reply']['attributes'].append('drop-new-reason')
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, 'qmap.yaml')
            with open(path, 'w') as t:
                t.write('# SPDX-License-Identifier: GPL-2.0\n')
                yaml.safe_dump(doc, t, sort_keys=False)
            text = render(path)
        self.assertIn('pub const DROP_NEW_REASON: u16 = 34;', text)
        self.assertIn('pub drop_new_reason: Option<u64>,', text)
        self.assertIn('attrs::port::DROP_NEW_REASON => r.drop_new_reason = Some(a.uint()?),', text)
        self.assertIn('o.opt_uint("drop-new-reason", self.drop_new_reason);', text)
        self.assertIn('("new-reason", self.drop_new_reason)]);', text)

    def test_event_names(self):
        text = render(os.path.join(SPECS, 'qmap.yaml'))
        for event in ('new', 'del', 'flow'):
            self.assertIn(f'=> "{event}",', text)


if __name__ == '__main__':
    unittest.main()
