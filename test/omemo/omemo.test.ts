// OMEMO headers explained: every field read, device lists from the trace compared with each
// message's keys, malformed headers and key transport elements reported at their element.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../server/src/core/analyze';
import { hoverAt, lensTitle } from '../../server/src/core/service';
import { deviceListEvent, legacyMessage, streamOf, v2Message } from './omemoStanzas';

const JULIET = 'juliet@capulet.lit';
const ROMEO = 'romeo@montague.lit';
const analyze = (text: string) => analyzeDocument(text, { kind: 'trace', now: Date.UTC(2026, 0, 1), clock: () => Date.UTC(2026, 0, 1) });
const codes = (text: string) => analyze(text).findings.map((f) => f.code).filter((c) => c.startsWith('omemo.'));

test('legacy OMEMO: a header that covers every published device is explained, with no finding', () => {
  const text = streamOf(
    deviceListEvent(ROMEO, ['1001', '1002'], 'legacy', `${JULIET}/balcony`),
    deviceListEvent(JULIET, ['2001', '2002'], 'legacy', `${JULIET}/balcony`),
    legacyMessage({ from: `${JULIET}/balcony`, to: `${ROMEO}/orchard`, sid: '2001', keys: [{ rid: '1001' }, { rid: '1002', prekey: true }, { rid: '2002' }] }),
  );
  const a = analyze(text);
  assert.deepEqual(codes(text), []);
  assert.equal(a.objects.length, 1);
  const o = a.objects[0];
  assert.equal(o.kind, 'omemo');
  assert.equal(o.status, 'encrypted');
  assert.equal(o.omemo?.sid, '2001');
  assert.deepEqual(o.omemo?.keys.map((k) => [k.rid, k.keyExchange]), [['1001', false], ['1002', true], ['2002', false]]);
  assert.ok(o.omemo?.iv && o.omemo.payload);
  assert.equal(text.slice(o.span.start, o.span.start + 10), '<encrypted');
  const hover = hoverAt(a, o.span.start + 3);
  assert.match(hover!.markdown, /not decrypted/);
  assert.match(hover!.markdown, /device `1002`.*key exchange \(prekey='true'\)/);
  assert.match(lensTitle(o, a.findings), /OMEMO message from device 2001 for 3 devices/);
});

test('legacy OMEMO: a recipient device and a sender device without a key are each reported', () => {
  const text = streamOf(
    deviceListEvent(ROMEO, ['1001', '1002'], 'legacy'),
    deviceListEvent(JULIET, ['2001', '2002'], 'legacy'),
    legacyMessage({ from: `${JULIET}/balcony`, to: `${ROMEO}/orchard`, sid: '2001', keys: [{ rid: '1001' }] }),
  );
  const a = analyze(text);
  const missing = a.findings.filter((f) => f.code === 'omemo.device.missingKey');
  assert.equal(missing.length, 2);
  assert.match(missing[0].message, /1002 of romeo@montague\.lit/);
  assert.match(missing[1].message, /2002 of juliet@capulet\.lit/);
  assert.equal(text.slice(missing[0].span.start, missing[0].span.end), 'header');
  assert.deepEqual(a.objects[0].omemo?.missingDevices, [{ jid: ROMEO, devices: ['1002'] }, { jid: JULIET, devices: ['2002'] }]);
  assert.equal(a.objects[0].status, 'encrypted', 'a warning does not fail the object');
});

test('OMEMO: the device list published last before the message is the one compared', () => {
  const text = streamOf(
    deviceListEvent(ROMEO, ['1001', '1002'], 'legacy'),
    deviceListEvent(ROMEO, ['1001'], 'legacy'),
    legacyMessage({ from: `${JULIET}/balcony`, to: `${ROMEO}/orchard`, sid: '2001', keys: [{ rid: '1001' }] }),
  );
  assert.deepEqual(codes(text), []);
});

test('omemo:2: keys are compared per <keys jid>, kex is read, and the finding points at that <keys>', () => {
  const text = streamOf(
    deviceListEvent(ROMEO, ['31415', '12321'], 'omemo:2'),
    v2Message({ from: `${JULIET}/balcony`, to: `${ROMEO}/orchard`, sid: '27183', keys: { [ROMEO]: [{ rid: '31415', kex: true }], [JULIET]: [] } }),
  );
  const a = analyze(text);
  const o = a.objects[0];
  assert.equal(o.omemo?.version, 'omemo:2');
  assert.deepEqual(o.omemo?.keys, [{ rid: '31415', jid: ROMEO, keyExchange: true }]);
  assert.equal(o.omemo?.iv, undefined);
  const f = a.findings.filter((x) => x.code === 'omemo.device.missingKey');
  assert.equal(f.length, 1);
  assert.match(f[0].message, /12321 of romeo/);
  assert.equal(text.slice(f[0].span.start, f[0].span.end), 'keys');
  assert.ok(text.slice(f[0].span.end).startsWith(` jid='${ROMEO}'`));
  assert.match(hoverAt(a, o.span.start + 3)!.markdown, /kex='true'/);
});

test('OMEMO: without any published device list nothing is compared (no false alarm)', () => {
  const text = streamOf(v2Message({ from: `${JULIET}/balcony`, to: `${ROMEO}/orchard`, sid: '1', keys: { [ROMEO]: [{ rid: '2' }] } }));
  assert.deepEqual(codes(text), []);
});

test('OMEMO: no sid, no keys, no iv: one malformed-header error naming each fault; the object is unreadable', () => {
  const text = streamOf(legacyMessage({ from: `${JULIET}/balcony`, to: `${ROMEO}/orchard`, keys: [], iv: false }));
  const a = analyze(text);
  const f = a.findings.filter((x) => x.code === 'omemo.header.malformed');
  assert.equal(f.length, 1);
  assert.match(f[0].message, /no sid.*no <iv\/>.*no <key\/>/);
  assert.equal(a.objects[0].status, 'unreadable');
});

test('OMEMO: a key transport element (no payload) is information, not an error', () => {
  const text = streamOf(legacyMessage({ from: `${JULIET}/balcony`, to: `${ROMEO}/orchard`, sid: '5', keys: [{ rid: '6', prekey: true }], payload: false }));
  const a = analyze(text);
  assert.deepEqual(codes(text), ['omemo.keyTransport']);
  assert.equal(a.objects[0].omemo?.payload, false);
  assert.match(lensTitle(a.objects[0], a.findings), /key transport/);
});

test('OMEMO in a forwarded carbon is judged against the forwarded message\'s addresses', () => {
  const inner = legacyMessage({ from: `${JULIET}/balcony`, to: `${ROMEO}/orchard`, sid: '2001', keys: [{ rid: '1001' }] });
  const carbon = `<message from='${ROMEO}' to='${ROMEO}/garden' type='chat'><received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>${inner.replace('<message ', "<message xmlns='jabber:client' ")}</forwarded></received></message>`;
  const text = streamOf(deviceListEvent(ROMEO, ['1001', '1003'], 'legacy'), deviceListEvent(JULIET, ['2001'], 'legacy'), carbon);
  const a = analyze(text);
  const f = a.findings.filter((x) => x.code === 'omemo.device.missingKey');
  assert.equal(f.length, 1);
  assert.match(f[0].message, /1003 of romeo/);
});

test('a device list published without from is owned by the stream\'s bound JID', () => {
  const publish = `<iq type='set' id='pub1'><pubsub xmlns='http://jabber.org/protocol/pubsub'><publish node='eu.siacs.conversations.axolotl.devicelist'><item id='current'><list xmlns='eu.siacs.conversations.axolotl'><device id='2001'/><device id='2009'/></list></item></publish></pubsub></iq>`;
  const bind = `<iq type='result' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>${JULIET}/balcony</jid></bind></iq>`;
  const text = streamOf(bind, publish, legacyMessage({ from: `${JULIET}/balcony`, to: `${ROMEO}/orchard`, sid: '2001', keys: [{ rid: '1001' }] }));
  const f = analyze(text).findings.filter((x) => x.code === 'omemo.device.missingKey');
  assert.equal(f.length, 1);
  assert.match(f[0].message, /2009 of juliet/);
});

test('RFC 3923 objects carry kind rfc3923', () => {
  const text = streamOf(`<message from='${JULIET}/balcony' to='${ROMEO}/orchard' type='chat'><e2e xmlns='urn:ietf:params:xml:ns:xmpp-e2e'><![CDATA[not cms]]></e2e></message>`);
  assert.equal(analyze(text).objects[0].kind, 'rfc3923');
});
