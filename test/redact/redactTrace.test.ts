// Redaction on sessions whose secrets are made at test time, written in each capture dialect:
// no secret survives (as written or base64-encoded), the log framing and dialect stay, and every
// OpenSSL-made <e2e/> object keeps its verdict, byte for byte.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument, type Analysis } from '../../server/src/core/analyze';
import { redactTrace } from '../../server/src/core/redact/redactTrace';
import type { Dialect, KeyStore } from '../../server/src/core/types';
import { cpim, makePeer, romeoKeys, smimeEncrypt, smimeSign, stanza, type Peer } from '../e2e/opensslStanzas';
import { pastedKey, secretSession, type SecretSession } from './secretTrace';

let p: Peer;
let keys: KeyStore;
let session: SecretSession;
let key: { pem: string; lines: string[] };
let objects: string[];
const T = Math.ceil((Date.now() + 60_000) / 1000) * 1000;
const JULIET = 'juliet@example.com';
const ROMEO = 'romeo@example.net';

before(() => {
  p = makePeer();
  keys = romeoKeys(p);
  session = secretSession({ local: 'juliet', domain: 'example.com' });
  key = pastedKey();
  const dt = (i: number) => new Date(T - 1000 + i * 2000).toISOString();
  const attrs = (id: string) => ({ from: `${JULIET}/balcony`, to: `${ROMEO}/orchard`, type: 'chat', id });
  const signed = smimeSign(p, p.juliet, cpim(JULIET, ROMEO, dt(0), 'the password is in the signed text'));
  objects = [
    stanza('message', attrs('o1'), signed, '<body>This message is signed.</body>'),
    stanza('message', attrs('o2'), smimeSign(p, p.juliet, cpim(JULIET, ROMEO, dt(1), 'at nine')).replace('at nine', 'at ten')),
    stanza('message', attrs('o3'), smimeEncrypt(p, [p.romeo], smimeSign(p, p.juliet, cpim(JULIET, ROMEO, dt(2))))),
  ];
});
after(() => p.ws.cleanup());

const at = (i: number) => new Date(T + i * 2000);
const stamp = (i: number) => at(i).toISOString().replace('T', ' ').slice(0, 19);
const escapeErlang = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r/g, '\\r').replace(/\n/g, '\\n');

/** How each dialect writes one XML entry, and one line of the program's own text. */
const WRITERS: { dialect: Dialect; head?: string; xml: (x: string, i: number) => string; log: (line: string, i: number) => string }[] = [
  {
    dialect: 'raw-xml',
    head: "<?xml version='1.0'?>\n<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' from='example.net' version='1.0'>\n",
    xml: (x) => `${x}\n`,
    log: (l) => `<!-- ${l} -->\n`,
  },
  { dialect: 'xmpppy', xml: (x, i) => `${at(i).toUTCString()} - RECV: - ${x}\n`, log: (l, i) => `${at(i).toUTCString()} - INFO: - ${l}\n` },
  { dialect: 'libstrophe', xml: (x, i) => `${stamp(i)} - xmpp: DBG: RECV: ${x}\n`, log: (l, i) => `${stamp(i)} - conn: INFO: ${l}\n` },
  { dialect: 'gajim', xml: (x, i) => `<!-- Incoming ${stamp(i).slice(11)} (romeo@example.net) -->\n${x}\n\n`, log: (l) => `<!-- ${l} -->\n\n` },
  {
    dialect: 'ejabberd',
    xml: (x, i) => `${stamp(i)}.000000+00:00 [debug] <0.601.0>@xmpp_socket:parse/2:120 (tcp|<0.601.0>) Received XML on stream = <<"${escapeErlang(x)}">>\n`,
    log: (l, i) => `${stamp(i)}.000000+00:00 [info] <0.500.0>@ejabberd_sql:connect/1:80 ${l}\n`,
  },
  {
    dialect: 'tigase',
    xml: (x, i) => `${stamp(i)}  ClientConnectionManager.processSocketData()  FINEST: Processing socket data: from=null, to=null, DATA=${x}, SIZE=${x.length}, XMLNS=null, PRIORITY=NORMAL, PERMISSION=NONE, TYPE=chat\n`,
    log: (l, i) => `${stamp(i)}  DataRepositoryImpl.initRepository()  CONFIG: ${l}\n`,
  },
];

function traceIn(w: (typeof WRITERS)[number]): string {
  const body = `<message from='${JULIET}/balcony' to='${ROMEO}' type='chat' id='k1'><body>oops: ${key.pem.replace(/\n/g, '&#10;')}</body></message>`;
  const entries = [...session.xml, body, ...objects];
  return (w.head ?? '') + session.logLines.map((l, i) => w.log(l, i)).join('') + entries.map((x, i) => w.xml(x, i)).join('');
}

function inspect(text: string): Analysis {
  return analyzeDocument(text, { keys, now: T, clock: () => T + 30 * 86_400_000 });
}

const verdicts = (a: Analysis) =>
  a.objects.map((o) => ({
    status: o.status,
    layers: o.layers,
    codes: [...o.codes].sort(),
    signers: o.signers.map((s) => `${s.signature}/${s.trust}/${s.identity}/${s.validity}`),
    recipients: o.recipients.map((r) => r.opened),
  }));

function assertNoSecret(out: string, secrets: string[]): void {
  for (const s of secrets) {
    assert.ok(!out.includes(s), `secret survived: ${s.slice(0, 24)}…`);
    const encoded = Buffer.from(s).toString('base64').replace(/=+$/, '');
    if (s.length >= 6) assert.ok(!out.includes(encoded), `base64 of a secret survived: ${s.slice(0, 24)}…`);
  }
  // Nor inside anything base64 in the output (a SASL message, a token, a blob in a log line).
  const decoded = [...out.matchAll(/[A-Za-z0-9+/]{8,}={0,2}/g)].map((m) => Buffer.from(m[0], 'base64').toString('latin1')).join('\n');
  for (const s of secrets.filter((x) => x.length >= 6)) assert.ok(!decoded.includes(s), `secret inside base64 survived: ${s.slice(0, 24)}…`);
}

const e2eElements = (text: string) => text.match(/<e2e\b[\s\S]*?<\/e2e>/g) ?? [];

describe('redaction in every capture dialect', () => {
  for (const w of WRITERS) {
    test(w.dialect, () => {
      const text = traceIn(w);
      const before = inspect(text);
      assert.equal(before.dialect, w.dialect);
      assert.equal(before.objects.length, 3);
      // The test is meaningful only if the secrets are there to begin with.
      assert.ok(session.secrets.some((s) => text.includes(s)) && text.includes(key.lines[1]));

      const r = redactTrace(text);
      assertNoSecret(r.text, [...session.secrets, ...key.lines]);
      const after = inspect(r.text);
      assert.equal(after.dialect, w.dialect);
      assert.equal(after.stanzaCount, before.stanzaCount);
      assert.deepEqual(verdicts(after), verdicts(before));
      assert.deepEqual(e2eElements(r.text), e2eElements(text), 'objects copied byte for byte');
      assert.equal(r.text.split('\n').length, text.split('\n').length, 'line structure kept');
      const kinds = new Set(r.removed.map((x) => x.kind));
      for (const k of ['sasl', 'sasl2', 'fast-token', 'password', 'iq-auth-digest', 'url-password', 'bearer-token', 'private-key'] as const) {
        assert.ok(kinds.has(k), `nothing of kind ${k} reported`);
      }
      // Redacting again finds nothing new: placeholders are not secrets.
      assert.equal(redactTrace(r.text).removed.length, 0);
    });
  }
});

describe('options', () => {
  test('--bodies removes message text outside the objects and notes the clear-signed one', () => {
    const text = traceIn(WRITERS[0]);
    const r = redactTrace(text, { bodies: true });
    assert.ok(!r.text.includes('This message is signed.'));
    assert.ok(r.removed.some((x) => x.kind === 'body'));
    assert.deepEqual(r.notes.filter((n) => n.note === 'clearSignedContent').map((n) => n.objectIndex), [0, 1]);
    assert.deepEqual(verdicts(inspect(r.text)), verdicts(inspect(text)));
  });

  test('--pseudonymize-jids: consistent, domain-preserving; only the JID binding changes', () => {
    const w = WRITERS.find((x) => x.dialect === 'ejabberd')!;
    const text = traceIn(w);
    const r = redactTrace(text, { pseudonymizeJids: true });
    const outside = e2eElements(r.text).reduce((t, e) => t.replace(e, ''), r.text);
    assert.ok(!/juliet@|romeo@|>juliet</i.test(outside), 'no real localpart outside the objects');
    assert.ok(outside.includes('user1@example.com/res1'), outside.slice(0, 400));
    assert.match(outside, /to='user2@example\.net\/res\d'/);
    // The same JID always gets the same pseudonym.
    const pseudos = new Set(outside.match(/user\d+@example\.com/g));
    assert.deepEqual([...pseudos], ['user1@example.com']);
    assert.deepEqual(r.notes.filter((n) => n.note === 'bindingNotApplicable').map((n) => n.objectIndex), [0, 1, 2]);
    const before = verdicts(inspect(text));
    const after = verdicts(inspect(r.text));
    assert.equal(after.length, before.length);
    for (let i = 0; i < before.length; i++) {
      const drop = (c: string[]) => c.filter((x) => !x.startsWith('e2e.jid.') && !x.startsWith('e2e.inner.identity'));
      assert.deepEqual(drop(after[i].codes), drop(before[i].codes), `object ${i + 1}`);
      assert.deepEqual(after[i].signers.map((s) => s.split('/')[0]), before[i].signers.map((s) => s.split('/')[0]), 'signatures unchanged');
      assert.deepEqual(after[i].layers, before[i].layers);
    }
  });

  test('a secret inside an <e2e/> object is kept (it must still verify) and reported', () => {
    const text = traceIn(WRITERS[0]).replace('the password is in the signed text', 'x');
    const inside = stanza('message', { from: `${JULIET}/a`, to: ROMEO, id: 'in' }, smimeSign(p, p.juliet, cpim(JULIET, ROMEO, new Date(T).toISOString(), 'see https://u:pw12345@example.com/')));
    const r = redactTrace(`${text}${inside}\n`);
    assert.ok(r.text.includes('u:pw12345@'));
    assert.deepEqual(r.notes.filter((n) => n.note === 'secretKept').map((n) => [n.objectIndex, n.kind]), [[3, 'url-password']]);
  });
});
