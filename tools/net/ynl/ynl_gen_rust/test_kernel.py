# SPDX-License-Identifier: GPL-2.0
"""Tests of the kernel-side generator (kernel.py).

    KSRC=/path/to/kernel python3 -m unittest discover -s tools/net/ynl -p 'test_*.py'

Skipped without a kernel tree ($KSRC) for the YNL library; needs rustfmt.
"""

import os
import re
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.realpath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from ynl_gen_rust import kernel, spec  # noqa: E402

KSRC = os.environ.get('KSRC')
SPECS = os.path.join(spec.TOP, 'Documentation', 'netlink', 'specs')


def render(path):
    return kernel.render(spec.load(path, KSRC), spec.rel_spec_path(path))


def load_yaml(name):
    import yaml
    with open(os.path.join(SPECS, name)) as f:
        return yaml.safe_load(f)


def attr_set(doc, name):
    return next(s for s in doc['attribute-sets'] if s['name'] == name)


def render_doc(doc, name):
    """The kernel code of spec `doc`, written to a file called `name`."""
    import yaml
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, name)
        with open(path, 'w') as t:
            t.write('# SPDX-License-Identifier: GPL-2.0\n')
            yaml.safe_dump(doc, t, sort_keys=False)
        return render(path)


def policy(text, name):
    """The entries of static NAME: [Policy; N], as (expr, comment) pairs."""
    body = re.search(r'static %s: \[Policy; (\d+)\] = \[\n(.*?)\n\];' % name, text, re.S)
    entries = [tuple(x.strip() for x in re.split(r',\s+//', line.strip()))
               for line in body.group(2).splitlines()]
    assert len(entries) == int(body.group(1))
    return entries


@unittest.skipUnless(KSRC and os.path.isdir(os.path.join(KSRC or '', 'tools', 'net', 'ynl', 'lib')),
                     'needs a kernel tree in $KSRC')
class KernelGenTest(unittest.TestCase):
    def test_policy_per_operation(self):
        text = render(os.path.join(SPECS, 'qmap.yaml'))
        # chan-del takes ifindex and name only: nothing above name.
        self.assertEqual(policy(text, 'CHAN_DEL_POLICY'), [
            ('Policy::UNSPEC', 'unspec'),
            ('Policy::u32_range(&CHAN_IFINDEX_RANGE)', 'ifindex'),
            ('Policy::string(15)', 'name')])
        # chan-new does not take ifindex, which lies below what it takes.
        new = policy(text, 'CHAN_NEW_POLICY')
        self.assertEqual(new[1], ('Policy::UNSPEC', 'ifindex: not taken'))
        self.assertEqual(new[6], ('Policy::u32_range(&CHAN_MTU_RANGE)', 'mtu'))
        self.assertIn('static CHAN_MTU_RANGE: Range = Range::new(68, 16384);', text)
        self.assertIn('static CHAN_IFINDEX_RANGE: Range = Range::new(1, 2147483647);', text)
        # An enum attribute without checks takes its enum's values.
        self.assertIn('static PORT_CSUM_RANGE: Range = Range::new(0, 2);', text)

    def test_permissions_and_handlers(self):
        text = re.sub(r'\s+', ' ', render(os.path.join(SPECS, 'qmap.yaml')))
        self.assertIn('Op::new::<QmapFamily>( cmd::CHAN_DEL, OpFlags::UNS_ADMIN_PERM, true, false, '
                      '&CHAN_DEL_POLICY, )', text)
        self.assertIn('Op::new::<QmapFamily>(cmd::CHAN_GET, OpFlags::NONE, true, true, '
                      '&CHAN_GET_POLICY)', text)
        self.assertNotIn('CHAN_NEW_NTF_POLICY', text)
        self.assertIn('pub(crate) const CHAN_FLOW_NTF: u8 = 8;', text)
        self.assertIn('static MCGRPS: [McGroup; 1] = [McGroup::new("events")];', text)

    def test_new_request_attribute_needs_only_the_spec(self):
        import yaml
        with open(os.path.join(SPECS, 'qmap.yaml')) as f:
            doc = yaml.safe_load(f)
        port = next(s for s in doc['attribute-sets'] if s['name'] == 'port')
        port['attributes'].append({'name': 'rx-budget', 'type': 'u32', 'doc': 'New.',
                                   'checks': {'min': 8, 'max': 'u16-max'}})
        for op in doc['operations']['list']:
            if op['name'] == 'port-set':
                op['do']['request']['attributes'].append('rx-budget')
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, 'qmap.yaml')
            with open(path, 'w') as t:
                t.write('# SPDX-License-Identifier: GPL-2.0\n')
                yaml.safe_dump(doc, t, sort_keys=False)
            text = render(path)
        self.assertIn('pub(crate) const RX_BUDGET: u16 = 34;', text)
        self.assertIn('static PORT_RX_BUDGET_RANGE: Range = Range::new(8, 65535);', text)
        entries = policy(text, 'PORT_SET_POLICY')
        self.assertEqual(len(entries), 35)
        self.assertEqual(entries[34], ('Policy::u32_range(&PORT_RX_BUDGET_RANGE)', 'rx-budget'))
        self.assertEqual(entries[8], ('Policy::UNSPEC', 'channels: not taken'))

    def test_binary_lengths(self):
        text = render(os.path.join(SPECS, 'mip6.yaml'))
        # exact-len: NLA_POLICY_EXACT_LEN; min-len and max-len: a range.
        self.assertEqual(policy(text, 'ACL_ADD_POLICY'), [
            ('Policy::UNSPEC', 'unspec'),
            ('Policy::binary_exact(16)', 'home-addr'),
            ('Policy::u32_range(&ACL_SPI_RANGE)', 'spi'),
            ('Policy::binary_range(1, 64)', 'key'),
            ('Policy::UNSPEC', 'auth: not taken'),
            ('Policy::u32_range(&ACL_REPLAY_WINDOW_RANGE)', 'replay-window')])
        self.assertEqual(policy(text, 'PREFIX_DEL_POLICY')[3], ('Policy::binary_exact(16)', 'prefix'))
        self.assertIn('static ACL_SPI_RANGE: Range = Range::new(256, 4294967295);', text)

        def key_policy(checks):
            doc = load_yaml('mip6.yaml')
            key = next(a for a in attr_set(doc, 'acl')['attributes'] if a['name'] == 'key')
            key['checks'] = checks
            return policy(render_doc(doc, 'mip6.yaml'), 'ACL_ADD_POLICY')[3][0]

        self.assertEqual(key_policy({'min-len': 4}), 'Policy::binary_min(4)')
        self.assertEqual(key_policy({'max-len': 64}), 'Policy::binary(64)')
        self.assertEqual(key_policy({'exact-len': 20}), 'Policy::binary_exact(20)')
        # Named by a constant of the spec.
        doc = load_yaml('mip6.yaml')
        doc['definitions'].insert(0, {'type': 'const', 'name': 'key-max', 'value': 40})
        key = next(a for a in attr_set(doc, 'acl')['attributes'] if a['name'] == 'key')
        key['checks'] = {'min-len': 1, 'max-len': 'key-max'}
        self.assertEqual(policy(render_doc(doc, 'mip6.yaml'), 'ACL_ADD_POLICY')[3][0],
                         'Policy::binary_range(1, 40)')
        # What the kernel's policy cannot hold fails the generation.
        for bad in ({'max-len': 64, 'min-len': 65}, {'min-len': 40000},
                    {'exact-len': 16, 'max-len': 16}):
            with self.assertRaises(SystemExit, msg=bad):
                key_policy(bad)

    def test_ops_without_attributes_dump_only_and_notify_of_a_do(self):
        text = render(os.path.join(SPECS, 'mip6.yaml'))
        flat = re.sub(r'\s+', ' ', text)
        # attributes: []: no policy; the core gives such an op one that
        # rejects every attribute (resv_start_op).
        for op in ('DEL', 'GET', 'STATS_RESET'):
            self.assertNotIn(f'static {op}_POLICY', text)
        self.assertIn('Op::new::<Mip6Family>(cmd::DEL, OpFlags::UNS_ADMIN_PERM, true, false, &[])', flat)
        self.assertIn('Op::new::<Mip6Family>(cmd::GET, OpFlags::NONE, true, false, &[])', flat)
        # Dump-only: no do handler.
        self.assertIn('Op::new::<Mip6Family>(cmd::PREFIX_GET, OpFlags::NONE, false, true, &[])', flat)
        self.assertIn('Op::new::<Mip6Family>(cmd::ACL_GET, OpFlags::NONE, false, true, &[])', flat)
        # Do and dump share the request policy.
        self.assertIn('Op::new::<Mip6Family>( cmd::BINDING_GET, OpFlags::NONE, true, true, '
                      '&BINDING_GET_POLICY, )', flat)
        # Notifications have their numbers and no operation, whatever they
        # notify with.
        self.assertIn('pub(crate) const MOVE_NTF: u8 = 18;', text)
        self.assertIn('pub(crate) const BINDING_DEL_NTF: u8 = 17;', text)
        self.assertNotIn('cmd::MOVE_NTF', text)
        self.assertIn('static OPS: [Op; 14] = [', text)
        self.assertIn('pub(crate) static FAMILY: Family<Mip6Family> =', text)

    def test_deterministic_and_committed(self):
        for fam, out in (('qmap', 'drivers/net/qmap/netlink_gen.rs'),
                         ('netpair', 'samples/netpair/netlink_gen.rs'),
                         ('mip6', 'net/mip6/netlink_gen.rs')):
            path = os.path.join(SPECS, fam + '.yaml')
            text = render(path)
            self.assertEqual(text, render(path))
            self.assertTrue(text.startswith(spec.header(spec.rel_spec_path(path), 'kernel')))
            with open(os.path.join(spec.TOP, out)) as g:
                self.assertEqual(g.read(), text, f'{out} is stale: run scripts/ynl-regen.sh')


if __name__ == '__main__':
    unittest.main()
