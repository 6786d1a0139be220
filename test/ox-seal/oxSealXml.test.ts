// The pure plan of an OX seal (core/ox/oxSealXml.ts): the inner element per XEP-0373 §3.1's table,
// the payload children keeping their namespace, the outer stanza with XEP-0374's hints, refusals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OX_FALLBACK_BODY, oxStamp, planOxSeal, type OxSealPlan } from '../../server/src/core/ox/oxSealXml';
import { parseXml } from '../../server/src/core/xml/parseXml';
import type { XmlElement } from '../../server/src/core/types';

const NOW = Date.parse('2026-06-01T12:00:00Z');
const MSG = "<message from='juliet@capulet.lit/balcony' to='romeo@montague.lit/orchard' type='chat' id='a&amp;b'><body>O &lt;Romeo&gt;</body><active xmlns='http://jabber.org/protocol/chatstates'/><x:y xmlns:x='urn:example:x'/></message>";

function plan(xml: string, kind: 'signcrypt' | 'sign' | 'crypt' = 'signcrypt', sender?: string): OxSealPlan {
  const p = planOxSeal(xml, kind, NOW, 'PAD', sender);
  assert.equal(typeof p, 'object', String(p));
  return p as OxSealPlan;
}

function root(xml: string): XmlElement {
  return parseXml(xml).nodes.find((n): n is XmlElement => n.type === 'element')!;
}

test('signcrypt: bare <to/>, one <time/>, <rpad/>, every child in <payload/> with its namespace', () => {
  const p = plan(MSG);
  assert.equal(p.from, 'juliet@capulet.lit');
  assert.equal(p.to, 'romeo@montague.lit');
  assert.equal(
    p.inner,
    "<signcrypt xmlns='urn:xmpp:openpgp:0'><to jid='romeo@montague.lit'/><time stamp='2026-06-01T12:00:00Z'/><rpad>PAD</rpad><payload>" +
      "<body xmlns='jabber:client'>O &lt;Romeo&gt;</body><active xmlns='http://jabber.org/protocol/chatstates'/><x:y xmlns:x='urn:example:x'/></payload></signcrypt>",
  );
  const body = root(p.inner).children.filter((c): c is XmlElement => c.type === 'element').find((c) => c.local === 'payload')!.children[0] as XmlElement;
  assert.equal(body.ns, 'jabber:client', 'the body keeps its namespace inside <payload/>');
});

test('sign has no <rpad/>, crypt has one; stamps are XEP-0082 with milliseconds only when there are some', () => {
  assert.doesNotMatch(plan(MSG, 'sign').inner, /rpad/);
  assert.match(plan(MSG, 'crypt').inner, /^<crypt xmlns='urn:xmpp:openpgp:0'><to jid='romeo@montague\.lit'\/><time stamp='2026-06-01T12:00:00Z'\/><rpad>PAD<\/rpad>/);
  assert.equal(oxStamp(NOW + 1), '2026-06-01T12:00:00.001Z');
});

test('the outer stanza: the same start tag, <openpgp/>, the store hint, EME and a fallback body; nothing of the plaintext', () => {
  const out = plan(MSG).outer('QUJD');
  assert.ok(out.startsWith("<message from='juliet@capulet.lit/balcony' to='romeo@montague.lit/orchard' type='chat' id='a&amp;b'><openpgp xmlns='urn:xmpp:openpgp:0'>QUJD</openpgp>"));
  assert.match(out, /<store xmlns='urn:xmpp:hints'\/><encryption xmlns='urn:xmpp:eme:0' namespace='urn:xmpp:openpgp:0' name='OpenPGP for XMPP'\/>/);
  assert.ok(out.endsWith(`<body>${OX_FALLBACK_BODY}</body></message>`));
  assert.doesNotMatch(out, /Romeo&gt;|chatstates/);
  assert.equal(parseXml(out).findings.length, 0, 'well-formed');
});

test('a stanza in jabber:server keeps that namespace; the sender may come from the caller', () => {
  const p = plan("<message xmlns='jabber:server' to='romeo@montague.lit'><body>hi</body></message>", 'signcrypt', 'juliet@capulet.lit/balcony');
  assert.equal(p.from, 'juliet@capulet.lit');
  assert.match(p.inner, /<payload><body xmlns='jabber:server'>hi<\/body><\/payload>/);
});

test('refusals, one line each', () => {
  const cases: [string, RegExp][] = [
    ["<presence from='a@b/c' to='d@e'><status>x</status></presence>", /seals <message\/> stanzas, not <presence\/>/],
    ["<message from='a@b/c' to='d@e'><body>x</body>", /not a complete stanza/],
    ["<message from='a@b/c'><body>x</body></message>", /no to/],
    ["<message to='d@e'><body>x</body></message>", /no from/],
    ["<message from='a@b/c' to='d@e'/>", /no child element/],
    ["<message from='a@b/c' to='d@e'><openpgp xmlns='urn:xmpp:openpgp:0'>AA==</openpgp></message>", /already sealed.*urn:xmpp:openpgp:0/],
    ["<message from='a@b/c' to='d@e'><encrypted xmlns='eu.siacs.conversations.axolotl'/></message>", /already sealed/],
  ];
  for (const [xml, reason] of cases) {
    const r = planOxSeal(xml, 'signcrypt', NOW, 'PAD');
    assert.equal(typeof r, 'string', xml);
    assert.match(r as string, reason);
  }
});
