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


def load_yaml(name):
    import yaml
    with open(os.path.join(SPECS, name)) as f:
        return yaml.safe_load(f)


def attr_set(doc, name):
    return next(s for s in doc['attribute-sets'] if s['name'] == name)


def render_doc(doc, name):
    """The cellctl code of spec `doc`, written to a file called `name`."""
    import yaml
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, name)
        with open(path, 'w') as t:
            t.write('# SPDX-License-Identifier: GPL-2.0\n')
            yaml.safe_dump(doc, t, sort_keys=False)
        return render(path)


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

    def test_ipv6_display_hint(self):
        text = render(os.path.join(SPECS, 'mip6.yaml'))
        self.assertIn('use std::net::Ipv6Addr;', text)
        # Replies: an address, 16 bytes or a parse error; printed as text.
        self.assertIn('pub coa: Option<Ipv6Addr>,', text)
        self.assertIn('attrs::binding::COA => r.coa = Some(a.ipv6()?),', text)
        self.assertIn('o.opt_ipv6("coa", self.coa);', text)
        self.assertIn('t.ipv6("coa", self.coa);', text)
        # Requests: parsed as an address, sent as its 16 bytes.
        self.assertIn('"home-addr" => args::once(&mut self.home_addr, '
                      'args::ipv6(value, set.attr("home-addr"))?, key)?,', text)
        self.assertIn('attr::put_ipv6(buf, attrs::acl::HOME_ADDR, v);', text)
        # A binary without the hint stays bytes in hex, with its lengths.
        self.assertIn('pub key: Option<Vec<u8>>,', text)
        self.assertIn('"key" => args::once(&mut self.key, args::binary(value, set.attr("key"))?, key)?,',
                      text)
        self.assertIn('AttrDesc { name: "key", id: 3, min: 0, max: 0, min_len: Some(1), '
                      'max_len: Some(64), enum_: None, hex: false },', text)
        self.assertIn('AttrDesc { name: "coa", id: 2, min: 0, max: 0, min_len: Some(16), '
                      'max_len: Some(16), enum_: None, hex: false },', text)
        # Families without addresses do not import them.
        self.assertNotIn('Ipv6Addr', render(os.path.join(SPECS, 'qmap.yaml')))

    def test_ipv6_display_hint_needs_16_bytes(self):
        doc = load_yaml('mip6.yaml')
        coa = next(a for a in attr_set(doc, 'binding')['attributes'] if a['name'] == 'coa')
        coa['checks'] = {'exact-len': 4}
        with self.assertRaises(NotImplementedError):
            render_doc(doc, 'mip6.yaml')
        del coa['checks']
        self.assertIn('pub coa: Option<Ipv6Addr>,', render_doc(doc, 'mip6.yaml'))

    @staticmethod
    def with_ipv4(doc, checks=None):
        """mip6's spec with an IPv4 address in the acl set: taken by
        acl-add, replied by acl-get."""
        attr = {'name': 'v4-addr', 'type': 'binary', 'display-hint': 'ipv4',
                'doc': 'An IPv4 address.'}
        if checks is not None:
            attr['checks'] = checks
        attr_set(doc, 'acl')['attributes'].append(attr)
        for op in doc['operations']['list']:
            if op['name'] == 'acl-add':
                op['do']['request']['attributes'].append('v4-addr')
            if op['name'] == 'acl-get':
                op['dump']['reply']['attributes'].append('v4-addr')
        return doc

    def test_ipv4_display_hint(self):
        text = render_doc(self.with_ipv4(load_yaml('mip6.yaml'), {'exact-len': 4}), 'mip6.yaml')
        # Both address types: one import.
        self.assertIn('use std::net::{Ipv4Addr, Ipv6Addr};', text)
        self.assertNotIn('use std::net::Ipv6Addr;', text)
        # Replies: an address, 4 bytes or a parse error; printed dotted.
        self.assertIn('pub v4_addr: Option<Ipv4Addr>,', text)
        self.assertIn('attrs::acl::V4_ADDR => r.v4_addr = Some(a.ipv4()?),', text)
        self.assertIn('o.opt_ipv4("v4-addr", self.v4_addr);', text)
        self.assertIn('t.ipv4("v4-addr", self.v4_addr);', text)
        # Requests: parsed as a dotted quad, sent as its 4 bytes.
        self.assertIn('"v4-addr" => args::once(&mut self.v4_addr, '
                      'args::ipv4(value, set.attr("v4-addr"))?, key)?,', text)
        self.assertIn('attr::put_ipv4(buf, attrs::acl::V4_ADDR, v);', text)
        # The table keeps the spec's length check.
        self.assertIn('AttrDesc { name: "v4-addr", id: 6, min: 0, max: 0, min_len: Some(4), '
                      'max_len: Some(4), enum_: None, hex: false },', text)
        # IPv6 attributes and plain binaries are unchanged.
        self.assertIn('pub coa: Option<Ipv6Addr>,', text)
        self.assertIn('attr::put_ipv6(buf, attrs::acl::HOME_ADDR, v);', text)
        self.assertIn('pub key: Option<Vec<u8>>,', text)
        self.assertNotIn('hex_bytes("v4-addr"', text)
        self.assertNotIn('opt_hex("v4-addr"', text)
        # The committed mape spec's IPv4 attributes, when it is there.
        mape = os.path.join(SPECS, 'mape.yaml')
        if os.path.exists(mape):
            text = render(mape)
            self.assertIn('pub ipv4_addr: Option<Ipv4Addr>,', text)
            self.assertIn('attr::put_ipv4(buf, attrs::rule::IPV4_PREFIX, v);', text)

    def test_ipv4_display_hint_alone(self):
        # A family whose only addresses are IPv4 imports Ipv4Addr alone.
        doc = self.with_ipv4(load_yaml('mip6.yaml'))
        for aset in doc['attribute-sets']:
            for a in aset['attributes']:
                if a.get('display-hint') == 'ipv6':
                    del a['display-hint']
        text = render_doc(doc, 'mip6.yaml')
        self.assertIn('use std::net::Ipv4Addr;', text)
        self.assertNotIn('Ipv6Addr', text)
        self.assertIn('pub v4_addr: Option<Ipv4Addr>,', text)
        self.assertIn('pub coa: Option<Vec<u8>>,', text)

    def test_ipv4_display_hint_needs_4_bytes(self):
        for checks in ({'exact-len': 16}, {'min-len': 5}, {'max-len': 16}):
            doc = self.with_ipv4(load_yaml('mip6.yaml'), checks)
            with self.assertRaisesRegex(NotImplementedError, 'an ipv4 display-hint needs 4 bytes'):
                render_doc(doc, 'mip6.yaml')
        for checks in (None, {'max-len': 4}, {'min-len': 4}):
            doc = self.with_ipv4(load_yaml('mip6.yaml'), checks)
            self.assertIn('pub v4_addr: Option<Ipv4Addr>,', render_doc(doc, 'mip6.yaml'))

    def test_sets_without_a_name(self):
        text = render(os.path.join(SPECS, 'mip6.yaml'))
        # inst is named by its ifname; binding has no name: key-value pairs.
        self.assertRegex(text, r'impl Reply for Inst \{(?s:.)*?'
                               r'let mut t = Line::new\(self.ifname.as_deref\(\)\);')
        self.assertRegex(text, r'impl Reply for Binding \{(?s:.)*?let mut t = Line::plain\(\);')
        # A link-name/link-ifindex pair is one device.
        self.assertIn('t.dev("link", self.link_name.as_deref(), self.link_ifindex.map(u64::from));',
                      text)

    def test_empty_requests_dump_only_and_notifications_of_two_sets(self):
        text = render(os.path.join(SPECS, 'mip6.yaml'))
        # attributes: [] gives an empty request that encodes nothing.
        self.assertIn('pub struct DelRequest {\n}', text)
        self.assertIn('    fn encode(&self, _buf: &mut Vec<u8>) {\n    }', text)
        # A dump-only operation: no do.
        self.assertRegex(text, r'name: "prefix-get",\n    cmd: cmd::PREFIX_GET,\n'
                               r'    set: &PREFIX_SET,\n    request: &\[\],\n'
                               r'    has_do: false,\n    has_dump: true,')
        # move-ntf notifies with get's reply (a do-only op): an Inst; the
        # binding notifications carry a Binding, in an arm of their own.
        self.assertIn('cmd::MOVE_NTF => Inst::parse(msg.attrs()).map(Notification::MoveNtf),', text)
        self.assertIn('Notification::BindingNewNtf(r) | Notification::BindingChangeNtf(r) | '
                      'Notification::BindingDelNtf(r) => r,', text)
        self.assertIn('Notification::MoveNtf(r) => r,', text)
        self.assertIn('Notification::MoveNtf(_) => "move",', text)
        self.assertIn('#[allow(clippy::large_enum_variant)]\npub enum Notification', text)
        self.assertNotIn('large_enum_variant', render(os.path.join(SPECS, 'qmap.yaml')))

    def test_kernel_ynl_cli_reads_every_spec(self):
        """The kernel's own tools/net/ynl/cli.py (its YnlFamily) loads each
        spec, lists its operations and encodes and decodes attributes."""
        ynl_dir = os.path.join(KSRC, 'tools', 'net', 'ynl')
        sys.path.insert(0, ynl_dir)
        try:
            import lib.ynl as ynl
            from lib import YnlFamily
        finally:
            sys.path.remove(ynl_dir)
        saved = ynl.genl_family_name_to_id
        for f in self.specs():
            path = os.path.join(SPECS, f)
            with self.subTest(spec=f):
                import yaml
                with open(path) as g:
                    doc = yaml.safe_load(g)
                schema = os.path.join(KSRC, 'Documentation', 'netlink', doc['protocol'] + '.yaml')
                # The family is not registered here: a made-up id.
                ynl.genl_family_name_to_id = {doc['name']: {'id': 0x42, 'mcast': {'events': 7}}}
                try:
                    fam = YnlFamily(path, schema)
                finally:
                    ynl.genl_family_name_to_id = saved
                self.addCleanup(fam.sock.close)
                ops = [o['name'] for o in doc['operations']['list']
                       if 'do' in o or 'dump' in o]
                self.assertEqual(list(fam.ops), ops)
                if f == 'mip6.yaml':
                    import ipaddress
                    coa = 'fec0:106:1100:0:290:7dff:fe3:31a'
                    raw = fam._add_attr('binding', 'coa', ipaddress.IPv6Address(coa).packed, None)
                    self.assertEqual(len(raw), 20)
                    self.assertEqual(fam._decode(ynl.NlAttrs(raw), 'binding'), {'coa': coa})
                    self.assertEqual(sorted(fam.ops['binding-get'].modes), ['do', 'dump'])
                    self.assertEqual(sorted(fam.ops['prefix-get'].modes), ['dump'])
                    self.assertEqual(fam.msgs['move-ntf'].attr_set.name, 'inst')

    def test_event_names(self):
        text = render(os.path.join(SPECS, 'qmap.yaml'))
        for event in ('new', 'del', 'flow'):
            self.assertIn(f'=> "{event}",', text)


if __name__ == '__main__':
    unittest.main()
