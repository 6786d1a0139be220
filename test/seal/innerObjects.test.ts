import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCpim, buildPidf, buildXmppXml, utcDateTime } from '../../server/src/core/seal/innerObjects';
import { stripResource } from '../../server/src/core/jid/jid';
import { jidToUri } from '../../server/src/core/jid/jidUri';
import { int, namedBits, oid, setOf, time } from '../../server/src/core/asn1/derEncode';
import { parseXml } from '../../server/src/core/xml/parseXml';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const T = Date.UTC(2003, 11, 9, 23, 45, 36, 660);

test('Message/CPIM as RFC 3923 §3 / RFC 3862 lay it out, CRLF throughout', () => {
  const cpim = buildCpim({
    from: 'juliet@example.com/balcony',
    to: 'romeo@example.net/orchard',
    dateTimeMs: T,
    subject: 'Imploring\\now\n',
    body: 'Wherefore art thou, Romeo?\nDéjà vu\r\n',
  });
  assert.equal(
    cpim,
    'Content-Type: Message/CPIM\r\n\r\n' +
      'From: <im:juliet@example.com>\r\n' +
      'To: <im:romeo@example.net>\r\n' +
      'DateTime: 2003-12-09T23:45:36.660Z\r\n' +
      'Subject: Imploring\\\\now\\n\r\n\r\n' +
      'Content-Type: text/plain; charset=utf-8\r\n\r\n' +
      'Wherefore art thou, Romeo?\r\nDéjà vu\r\n',
  );
  assert.ok(!/[^\r]\n/.test(cpim), 'no bare LF');
});

test('im:/pres: URIs: bare JID, localpart percent-encoded per RFC 3922', () => {
  assert.equal(stripResource('juliet@example.com/balcony/with/slashes'), 'juliet@example.com');
  assert.equal(jidToUri('im', 'juliet@example.com/x'), 'im:juliet@example.com');
  assert.equal(jidToUri('pres', "d'artagnan@example.fr"), 'pres:d%27artagnan@example.fr');
  assert.equal(jidToUri('im', 'jean luc@example.fr'), 'im:jean%20luc@example.fr');
  assert.equal(jidToUri('im', 'zoë@example.org'), 'im:zo%C3%AB@example.org');
  assert.equal(jidToUri('im', 'example.org'), 'im:example.org');
});

test('PIDF: declaration, pidf namespace, pres: entity, one tuple, escaped note, Z timestamp', () => {
  const entity = buildPidf({ from: 'juliet@example.com/balcony', available: false, note: 'gone <for> a walk & back', timestampMs: T });
  const [headers, body] = entity.split('\r\n\r\n');
  assert.equal(headers, 'Content-Type: application/pidf+xml; charset=utf-8');
  assert.ok(body.startsWith(`<?xml version='1.0' encoding='UTF-8'?>\r\n`));
  assert.ok(!body.includes('xmlns:im'), 'no im namespace without <show/>');
  const doc = parseXml(body);
  assert.deepEqual(doc.findings, []);
  const root = doc.nodes.find((n) => n.type === 'element');
  assert.ok(root && root.type === 'element');
  assert.equal(root.ns, 'urn:ietf:params:xml:ns:pidf');
  assert.equal(root.attrs.find((a) => a.name === 'entity')?.value, 'pres:juliet@example.com');
  const tuples = root.children.filter((c) => c.type === 'element');
  assert.equal(tuples.length, 1);
  assert.match(body, /<tuple id='t[0-9a-f]{10}'>/);
  assert.match(body, /<basic>closed<\/basic>/);
  assert.match(body, /<note>gone &lt;for&gt; a walk &amp; back<\/note>/);
  assert.match(body, /<timestamp>2003-12-09T23:45:36\.660Z<\/timestamp>/);

  const away = buildPidf({ from: 'juliet@example.com', available: true, show: 'away', timestampMs: T });
  assert.match(away, /xmlns:im='urn:ietf:params:xml:ns:pidf:im'/);
  assert.match(away, /<basic>open<\/basic>\r\n\s+<im:im>away<\/im:im>/);
});

test('application/xmpp+xml: one stanza child of <xmpp xmlns=jabber:client>', () => {
  const e = buildXmppXml(`  <iq type='get' id='1'><ping xmlns='urn:xmpp:ping'/></iq>\n`);
  assert.equal(
    e,
    "Content-Type: application/xmpp+xml; charset=utf-8\r\n\r\n<?xml version='1.0' encoding='UTF-8'?>\r\n<xmpp xmlns='jabber:client'>\r\n<iq type='get' id='1'><ping xmlns='urn:xmpp:ping'/></iq>\r\n</xmpp>\r\n",
  );
});

test('utcDateTime is RFC 3339 UTC with Z', () => {
  assert.equal(utcDateTime(T), '2003-12-09T23:45:36.660Z');
});

test('DER encoder basics', () => {
  assert.equal(hex(oid('1.2.840.113549.1.7.2')), '06092a864886f70d010702');
  assert.equal(hex(oid('1.3.6.1.5.5.7.8.5')), '06082b06010505070805');
  assert.equal(hex(int(0)), '020100');
  assert.equal(hex(int(128)), '02020080');
  assert.equal(hex(int(Uint8Array.of(0, 0, 0xff))), '020200ff');
  assert.equal(hex(namedBits([0, 2])), '030205a0');
  assert.equal(hex(namedBits([0, 5, 6])), '03020186');
  assert.equal(Buffer.from(time(Date.UTC(2049, 11, 31, 23, 59, 59)).subarray(2)).toString(), '491231235959Z');
  assert.equal(time(Date.UTC(2049, 0, 1))[0], 0x17);
  assert.equal(time(Date.UTC(2050, 0, 1))[0], 0x18);
  assert.equal(Buffer.from(time(Date.UTC(2050, 0, 1, 0, 0, 0)).subarray(2)).toString(), '20500101000000Z');
  // SET OF sorts its elements by their encodings.
  assert.equal(hex(setOf(Uint8Array.of(0x04, 0x01, 0x02), Uint8Array.of(0x02, 0x01, 0x05))), '3106020105040102');
  // Long lengths.
  assert.equal(hex(oid('1.2')).length, 6);
});
