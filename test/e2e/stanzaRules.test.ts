// Wrapper, placement, delay, error-reply and not-CMS rules on hand-written stanzas (no crypto).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { corpusDir, needsCorpus, readCorpus } from '../helpers/corpus';
import { join } from 'node:path';
import { analyzeDocument } from '../../server/src/core/analyze';
import { classifyPayload } from '../../server/src/core/e2e/payloadKind';

const NS = 'urn:ietf:params:xml:ns:xmpp-e2e';
const now = Date.parse('2026-11-01T10:00:00Z');
const run = (text: string) => analyzeDocument(text, { now, clock: () => now });
const codes = (text: string) => run(text).findings.map((f) => f.code);
const spanOf = (text: string, code: string) => {
  const f = run(text).findings.find((x) => x.code === code);
  assert.ok(f, `expected ${code}`);
  return text.slice(f.span.start, f.span.end);
};

test('e2e.wrapper.namespace names the namespace used, on the element name', () => {
  const t = "<message from='a@b.c' to='d@e.f'><e2e xmlns='urn:ietf:params:xml:xmpp-e2e'><![CDATA[x]]></e2e></message>";
  assert.equal(spanOf(t, 'e2e.wrapper.namespace'), 'e2e');
  const f = run(t).findings.find((x) => x.code === 'e2e.wrapper.namespace')!;
  assert.match(f.message, /urn:ietf:params:xml:xmpp-e2e/);
  assert.ok(!codes(`<message from='a@b.c' to='d@e.f'><e2e xmlns='${NS}'><![CDATA[x]]></e2e></message>`).includes('e2e.wrapper.namespace'));
});

test('escaped text instead of CDATA is information on the character data', () => {
  const t = `<message from='a@b.c' to='d@e.f'><e2e xmlns='${NS}'>Content-Type: text/plain&#10;&#10;hi</e2e></message>`;
  assert.equal(spanOf(t, 'e2e.wrapper.notCdata'), 'Content-Type: text/plain&#10;&#10;hi');
});

test('two <e2e/> in a stanza, groupchat, undirected presence', () => {
  const two = `<message from='a@b.c' to='d@e.f'><e2e xmlns='${NS}'><![CDATA[x]]></e2e><e2e xmlns='${NS}'><![CDATA[y]]></e2e></message>`;
  assert.ok(codes(two).includes('e2e.wrapper.multiple'));
  assert.equal(run(two).objects.length, 2);
  const gc = `<message from='a@b.c' to='room@muc.e.f' type='groupchat'><e2e xmlns='${NS}'><![CDATA[x]]></e2e></message>`;
  assert.equal(spanOf(gc, 'e2e.scope.groupchat'), 'groupchat');
  const pres = `<presence from='a@b.c'><e2e xmlns='${NS}'><![CDATA[x]]></e2e></presence>`;
  assert.equal(spanOf(pres, 'e2e.presence.undirected'), 'presence');
  assert.ok(!codes(`<presence from='a@b.c' to='d@e.f'><e2e xmlns='${NS}'><![CDATA[x]]></e2e></presence>`).includes('e2e.presence.undirected'));
});

test('delay without stamp, legacy jabber:x:delay', () => {
  assert.ok(codes("<message from='a@b.c' to='d@e.f'><body>x</body><delay xmlns='urn:xmpp:delay'/></message>").includes('delay.stamp.missing'));
  assert.equal(spanOf("<message from='a@b.c' to='d@e.f'><body>x</body><x xmlns='jabber:x:delay' stamp='20021009T23:08:25'/></message>", 'delay.legacy'), 'x');
});

test('an offline message is judged against its legacy delay stamp too', () => {
  const stamp = '20261101T07:00:00';
  const a = run(`<message from='a@b.c' to='d@e.f'><e2e xmlns='${NS}'><![CDATA[x]]></e2e><x xmlns='jabber:x:delay' stamp='${stamp}'/></message>`);
  assert.equal(a.objects[0].now?.source, 'delay');
  assert.equal(a.objects[0].now?.iso, '2026-11-01T07:00:00.000Z');
});

test('<error/> in a non-error stanza; e2e error replies linked to the stanza they answer', () => {
  const t = [
    `<message from='juliet@example.com/a' to='romeo@example.net' id='x1'><e2e xmlns='${NS}'><![CDATA[U2FsdGVkX19okC/bZ7sPe8JW2e4yeCX1]]></e2e></message>`,
    "<message from='romeo@example.net' to='juliet@example.com/a' id='x1' type='error'><error type='modify'><not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><decryption-failed xmlns='urn:ietf:params:xml:xmpp-e2e'/></error></message>",
    "<message from='romeo@example.net' to='juliet@example.com/a' id='x2' type='chat'><error type='modify'><bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>",
  ].join('\n');
  const a = run(t);
  const reported = a.findings.find((f) => f.code === 'e2e.err.reported')!;
  assert.ok(reported);
  assert.equal(t.slice(reported.span.start, reported.span.end), 'decryption-failed');
  assert.equal(t.slice(reported.related![0].span.start, reported.related![0].span.end), 'message');
  assert.ok(reported.related![0].span.start < t.indexOf('\n'), 'related to the first stanza');
  const mismatch = a.findings.find((f) => f.code === 'e2e.err.conditionMismatch')!;
  assert.equal(t.slice(mismatch.span.start, mismatch.span.end), 'not-acceptable');
  const typed = a.findings.find((f) => f.code === 'xmpp.error.typeNotError')!;
  assert.equal(t.slice(typed.span.start, typed.span.end), 'chat');
});

test('the RFC 3923 error examples (corpus): both namespace spellings reported, type="chat" flagged', needsCorpus(join(corpusDir, 'traces', 'rfc3923_e2e_error_stanzas.xml')), (t) => {
  const text = readCorpus(t, 'traces', 'rfc3923_e2e_error_stanzas.xml');
  if (text === undefined) return;
  const c = codes(text);
  assert.equal(c.filter((x) => x === 'e2e.err.reported').length, 3);
  assert.equal(c.filter((x) => x === 'xmpp.error.typeNotError').length, 3);
});

test('payload classification: OpenSSL enc, OpenPGP armor and packets, raw binary, MIME, bare base64', () => {
  assert.equal(classifyPayload('U2FsdGVkX19okC/bZ7sPe8JW2e4yeCX1').kind, 'notCms');
  const pgp = classifyPayload('-----BEGIN PGP MESSAGE-----\n\nhQEMA\n-----END PGP MESSAGE-----');
  assert.ok(pgp.kind === 'notCms' && /OpenPGP/.test(pgp.what));
  const packets = classifyPayload(Buffer.from([0x85, 0x01, 0x0c, 0x03, 1, 2, 3, 4, 5, 6]).toString('base64'));
  assert.ok(packets.kind === 'notCms' && /OpenPGP binary/.test(packets.what));
  assert.deepEqual(classifyPayload('ab\u0001cd'), { kind: 'binary', offset: 2 });
  assert.equal(classifyPayload('Content-Type: application/pkcs7-mime\n\nMIIB').kind, 'mime');
  assert.equal(classifyPayload('MIIBzAYJKoZIhvcNAQcCoIIBvTCCAbkCAQEx').kind, 'base64');
  assert.equal(classifyPayload('').kind, 'empty');
});

test('garbage base64 and raw binary give precise findings, never a crash', () => {
  const g = `<message from='a@b.c' to='d@e.f'><e2e xmlns='${NS}'><![CDATA[\nAAAAAAAAAAAAAAAA\n]]></e2e></message>`;
  const f = run(g).findings.find((x) => x.code === 'e2e.crypto.notCms')!;
  assert.ok(f);
  assert.equal(g.slice(f.span.start, f.span.end), 'AAAAAAAAAAAAAAAA');
  assert.equal(run(g).objects[0].status, 'unreadable');
  const b = `<message from='a@b.c' to='d@e.f'><e2e xmlns='${NS}'><![CDATA[ab&#1;]]></e2e></message>`;
  assert.doesNotThrow(() => run(b));
});

test('application/xmpp+xml: exactly one stanza child, addresses match the outer stanza', () => {
  const inner = (body: string) =>
    `<iq from='juliet@example.com/a' to='romeo@example.net/b' type='get' id='q'><e2e xmlns='${NS}'><![CDATA[Content-Type: application/xmpp+xml\n\n${body}]]></e2e></iq>`;
  const zero = inner("<xmpp xmlns='jabber:client'></xmpp>");
  assert.equal(spanOf(zero, 'e2e.xmppxml.children'), 'xmpp');
  const redirected = inner("<xmpp xmlns='jabber:client'><iq from='mallory@example.org' to='romeo@example.net' type='get' id='q'/></xmpp>");
  assert.equal(spanOf(redirected, 'e2e.xmppxml.addrMismatch'), 'mallory@example.org');
  assert.ok(codes(redirected).includes('e2e.ts.unavailable'));
  // Neither signed nor encrypted: said plainly.
  assert.match(run(redirected).findings.find((f) => f.code === 'e2e.crypto.notCms')!.message, /unprotected application\/xmpp\+xml/);
});

test('a SignerInfo that breaks RFC 5652 structure rules is reported without changing the verdict', needsCorpus(join(corpusDir, 'cms', 'openssl_pkcs7-empty-digest-set.eml')), (t) => {
  const eml = readCorpus(t, 'cms', 'openssl_pkcs7-empty-digest-set.eml');
  if (eml === undefined) return;
  const a = run(`<message from='alice@example.com' to='bob@example.com'><e2e xmlns='${NS}'><![CDATA[${eml}]]></e2e></message>`);
  const f = a.findings.find((x) => x.code === 'cms.signerInfo.structure');
  assert.ok(f, a.findings.map((x) => x.code).join(', '));
  assert.match(f.message, /not listed in SignedData\.digestAlgorithms/);
  assert.equal(a.objects[0].signers[0].signature, 'valid');
});

test('RFC 4134 S/MIME messages (opaque and detached, DSA) verify inside <e2e/>', needsCorpus(join(corpusDir, 'cms', 'rfc4134')), (t) => {
  for (const name of ['4.8.eml', '4.9.eml']) {
    const eml = readCorpus(t, 'cms', 'rfc4134', name);
    if (eml === undefined) return;
    const a = run(`<message from='alice@example.com' to='bob@example.com'><e2e xmlns='${NS}'><![CDATA[${eml}]]></e2e></message>`);
    assert.equal(a.objects[0].signers[0].signature, 'valid', name);
    assert.ok(!a.findings.some((f) => f.code === 'cms.signerInfo.structure'), name);
  }
});
