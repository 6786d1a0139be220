// Each capture dialect on a fixture that mimics it: dialect, stanza count, kinds, directions,
// capture times, <e2e/> count and exact content spans, and the expected findings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTrace } from '../../server/src/core/trace/parseTrace';
import { detectDialect } from '../../server/src/core/trace/detectDialect';
import type { Dialect, E2eRef, Trace } from '../../server/src/core/types';

const FIXTURES = join(__dirname, '..', 'fixtures', 'traces');
const read = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

interface Expect {
  file: string;
  dialect: Dialect;
  /** `kind:direction:id` per stanza in order (id '-' when absent). */
  stanzas: string[];
  e2e: number;
  /** Raw file text of each <e2e/>'s character data. */
  e2eRaw?: string[];
  /** Decoded content of each <e2e/>. */
  e2eContent?: string[];
  /** ISO instant of each stanza's capture time (null: none). */
  times?: (string | null)[];
  dateKnown?: boolean;
  findings: string[];
  others?: string[];
}

const CASES: Expect[] = [
  {
    file: 'raw-stream.xml',
    dialect: 'raw-xml',
    stanzas: ['iq:unknown:bind_1', 'iq:unknown:bind_1', 'presence:unknown:-', 'message:unknown:e2e-1', 'message:unknown:old-1', 'iq:unknown:ping1'],
    e2e: 1,
    findings: [],
    others: ['stream:stream', 'stream:features', 'auth', 'success', 'stream:stream', 'r'],
  },
  {
    file: 'bosh.xml',
    dialect: 'raw-xml',
    stanzas: ['message:unknown:b1', 'presence:unknown:-', 'iq:unknown:r1'],
    e2e: 1,
    e2eRaw: ['TUlNRS1WZXJzaW9uOiAxLjA=&#13;\ndGVzdA=='],
    e2eContent: ['TUlNRS1WZXJzaW9uOiAxLjA=\r\ndGVzdA=='],
    findings: [],
    others: ['body', 'body', 'body'],
  },
  {
    file: 'xmpppy.log',
    dialect: 'xmpppy',
    stanzas: ['iq:out:auth-get', 'iq:in:auth-get', 'message:out:-', 'presence:in:-'],
    e2e: 1,
    e2eContent: ['Content-Type: multipart/signed; boundary="next"\n\n--next\npayload line\n--next--\n'],
    times: ['2024-01-15T10:23:41.000Z', '2024-01-15T10:23:41.000Z', '2024-01-15T10:23:43.000Z', '2024-01-15T10:23:44.000Z'],
    dateKnown: true,
    findings: [],
  },
  {
    file: 'libstrophe.log',
    dialect: 'libstrophe',
    stanzas: ['iq:out:_xmpp_bind1', 'iq:in:_xmpp_bind1', 'message:out:p1', 'presence:in:-'],
    e2e: 1,
    e2eRaw: ['MIIB'],
    times: [null, null, '2024-01-15T10:23:45.000Z', '2024-01-15T10:23:46.000Z'],
    findings: [],
  },
  {
    file: 'smack.log',
    dialect: 'smack',
    stanzas: ['iq:out:x1', 'iq:in:x1', 'presence:in:-', 'message:in:m1'],
    e2e: 1,
    // The stanza is split over two RECV buffers: re-joined, the log prefix between is not content.
    e2eRaw: ['MIIC\n10:23:47 RECV (0): AQID'],
    e2eContent: ['MIICAQID'],
    times: ['2024-01-15T10:23:46.000Z', '2024-01-15T10:23:46.000Z', '2024-01-15T10:23:46.000Z', '2024-01-15T10:23:47.000Z'],
    dateKnown: false,
    findings: [],
  },
  {
    file: 'gajim.xml',
    dialect: 'gajim',
    stanzas: ['message:out:g1', 'presence:in:-', 'iq:in:ping-7'],
    e2e: 1,
    e2eRaw: ['MIIB'],
    times: ['2024-01-15T10:23:45.000Z', '2024-01-15T10:23:50.000Z', '2024-01-15T10:24:01.000Z'],
    dateKnown: false,
    findings: [],
  },
  {
    file: 'psi.xml',
    dialect: 'psi',
    stanzas: ['message:unknown:ps1', 'presence:unknown:-', 'iq:unknown:ps2'],
    e2e: 1,
    times: ['2024-01-15T10:23:45.000Z', '2024-01-15T10:23:46.000Z', '2024-01-15T10:23:47.000Z'],
    dateKnown: true,
    findings: [],
  },
  {
    file: 'dino.log',
    dialect: 'dino',
    stanzas: ['message:in:d1', 'presence:out:-', 'iq:in:d2'],
    e2e: 1,
    times: ['2024-01-15T09:23:46.000Z', '2024-01-15T09:23:47.500Z', '2024-01-15T09:23:48.000Z'],
    dateKnown: true,
    findings: [],
    others: ['stream:stream'],
  },
  {
    file: 'xmppjs.log',
    dialect: 'xmppjs',
    stanzas: ['iq:out:h9zf', 'message:out:-', 'presence:in:-'],
    e2e: 1,
    e2eContent: ['\n      TUlNRQ==\n    '],
    findings: [],
    others: ['stream:features'],
  },
  {
    file: 'node-xmpp.log',
    dialect: 'node-xmpp',
    stanzas: ['iq:out:b1', 'iq:in:b1', 'presence:in:-', 'message:in:-'],
    e2e: 1,
    e2eRaw: ['MII +1ms\n  xmpp:connection receive: BAQ'],
    e2eContent: ['MIIBAQ'],
    findings: [],
  },
  {
    file: 'ejabberd.log',
    dialect: 'ejabberd',
    stanzas: ['message:in:ej1', 'iq:in:split1', 'iq:out:split1', 'presence:out:-', 'message:out:long', 'presence:out:-'],
    e2e: 1,
    e2eRaw: ['Content-Type: text/plain\\r\\n\\r\\nline\\\\one\\x{c3}\\xa9\\r\\n'],
    e2eContent: ['Content-Type: text/plain\r\n\r\nline\\one\u00e9\r\n'],
    times: [
      '2024-01-15T09:23:41.000Z',
      '2024-01-15T09:23:41.500Z',
      '2024-01-15T09:23:42.000Z',
      '2024-01-15T09:23:42.000Z',
      '2024-01-15T09:23:43.000Z',
      '2024-01-15T09:23:44.000Z',
    ],
    dateKnown: true,
    findings: ['trace.stanza.truncated'],
  },
  {
    file: 'prosody.log',
    dialect: 'prosody',
    stanzas: ['message:in:pr1', 'iq:out:pr2', 'presence:in:-', 'iq:in:pr3'],
    e2e: 0,
    times: ['2024-01-15T10:23:41.000Z', '2024-01-15T10:23:41.000Z', '2024-01-15T10:23:42.000Z', '2024-01-15T10:23:43.000Z'],
    dateKnown: false,
    findings: ['trace.format.lossy'],
  },
  {
    file: 'tigase.log',
    dialect: 'tigase',
    stanzas: ['message:in:t1', 'message:unknown:t1', 'iq:unknown:t2', 'presence:out:-', 'message:unknown:t3', 'iq:unknown:mir_43'],
    e2e: 2,
    findings: ['trace.stanza.truncated'],
    others: ['cluster', 'control', 'data'],
  },
  {
    file: 'openfire.log',
    dialect: 'openfire',
    stanzas: ['message:in:of1', 'presence:in:-', 'iq:in:of2', 'iq:out:of2', 'message:in:of3', 'presence:in:-'],
    e2e: 1,
    e2eContent: ['MIIBAAAABBBB'],
    times: [
      '2024-01-15T10:23:46.000Z',
      '2024-01-15T10:23:46.001Z',
      '2024-01-15T10:23:46.001Z',
      '2024-01-15T10:23:46.050Z',
      '2024-01-15T10:23:48.000Z',
      '2024-01-15T10:23:49.000Z',
    ],
    findings: ['trace.stanza.truncated'],
  },
];

function allE2e(t: Trace): E2eRef[] {
  return t.stanzas.flatMap((s) => s.e2e);
}

/** Every content character maps into its content span, onto itself or onto the escape that made it. */
function assertMapConsistent(text: string, e: E2eRef): void {
  for (let i = 0; i < e.content.length; i++) {
    const sp = e.map.toFileSpan(i, i + 1);
    assert.ok(sp.start >= e.contentSpan.start && sp.end <= e.contentSpan.end, `char ${i} maps inside the content span`);
    const raw = text.slice(sp.start, sp.end);
    if (raw !== e.content[i]) {
      assert.ok(raw.startsWith('&') || raw.startsWith('\\') || e.content.charCodeAt(i) > 0x7f, `char ${i} ${JSON.stringify(e.content[i])} maps to an escape, got ${JSON.stringify(raw)}`);
    }
  }
}

for (const c of CASES) {
  test(`dialect ${c.dialect}: ${c.file}`, () => {
    const text = read(c.file);
    assert.equal(detectDialect(text), c.dialect);
    const t = parseTrace(text, { referenceDate: '2024-01-15' });
    assert.equal(t.dialect, c.dialect);
    assert.deepEqual(
      t.stanzas.map((s) => `${s.kind}:${s.direction}:${s.id?.value ?? '-'}`),
      c.stanzas,
    );
    const e2e = allE2e(t);
    assert.equal(e2e.length, c.e2e);
    if (c.e2eRaw) assert.deepEqual(e2e.map((e) => text.slice(e.contentSpan.start, e.contentSpan.end)), c.e2eRaw);
    if (c.e2eContent) assert.deepEqual(e2e.map((e) => e.content), c.e2eContent);
    for (const e of e2e) {
      assert.equal(text.slice(e.element.nameSpan.start, e.element.nameSpan.end), 'e2e');
      assert.equal(e.ns, 'urn:ietf:params:xml:ns:xmpp-e2e');
      assertMapConsistent(text, e);
    }
    if (c.times) {
      assert.deepEqual(
        t.stanzas.map((s) => (s.time?.epochMs === undefined ? null : new Date(s.time.epochMs).toISOString())),
        c.times,
      );
      for (const s of t.stanzas) {
        if (!s.time) continue;
        assert.equal(text.slice(s.time.span.start, s.time.span.end), s.time.text);
        if (c.dateKnown !== undefined) assert.equal(s.time.dateKnown, c.dateKnown);
      }
    }
    assert.deepEqual(t.findings.map((f) => f.code), c.findings);
    if (c.others) assert.deepEqual(t.others.map((o) => o.name), c.others);
    // Every stanza's span starts at its '<' and its name is where the span says.
    for (const s of t.stanzas) {
      assert.equal(text[s.element.span.start], '<');
      assert.equal(text.slice(s.element.nameSpan.start, s.element.nameSpan.end), s.element.name);
      for (const a of [s.from, s.to, s.type, s.id]) {
        if (!a) continue;
        assert.equal(text.slice(a.nameSpan.start, a.nameSpan.end), a.name);
      }
    }
  });
}

test('stanza attributes, delays and CDATA e2e in a raw stream', () => {
  const text = read('raw-stream.xml');
  const t = parseTrace(text);
  const m = t.stanzas.find((s) => s.id?.value === 'e2e-1')!;
  assert.equal(m.from?.value, 'romeo@example.net/orchard');
  assert.equal(text.slice(m.from!.valueSpan.start, m.from!.valueSpan.end), 'romeo@example.net/orchard');
  assert.equal(m.type?.value, 'chat');
  assert.equal(m.delay?.legacy, false);
  assert.equal(m.delay?.epochMs, Date.UTC(2024, 0, 15, 10, 23, 45, 250));
  assert.equal(m.delay?.from?.value, 'example.com');
  const e = m.e2e[0];
  assert.equal(e.isCdata, true);
  assert.ok(e.content.startsWith('Content-Type: application/pkcs7-mime; smime-type=enveloped-data\n'));
  // The CDATA section's content starts right after `<![CDATA[`.
  assert.equal(text.slice(e.contentSpan.start - 9, e.contentSpan.start), '<![CDATA[');
  assert.equal(text.slice(e.contentSpan.end, e.contentSpan.end + 3), ']]>');
  const old = t.stanzas.find((s) => s.id?.value === 'old-1')!;
  assert.equal(old.delay?.legacy, true);
  assert.equal(old.delay?.epochMs, Date.UTC(2002, 8, 10, 23, 41, 7));
});

test('escaped-text e2e is not CDATA and maps entity escapes to their references', () => {
  const text = read('bosh.xml');
  const e = parseTrace(text).stanzas[0].e2e[0];
  assert.equal(e.isCdata, false);
  const cr = e.content.indexOf('\r');
  const sp = e.map.toFileSpan(cr, cr + 1);
  assert.equal(text.slice(sp.start, sp.end), '&#13;');
});

test('ejabberd: one UTF-8 character from two byte escapes maps to both', () => {
  const text = read('ejabberd.log');
  const t = parseTrace(text);
  const e = t.stanzas[0].e2e[0];
  const i = e.content.indexOf('\u00e9');
  const sp = e.map.toFileSpan(i, i + 1);
  assert.equal(text.slice(sp.start, sp.end), '\\x{c3}\\xa9');
  const body = t.stanzas[0].element.children.find((c) => c.type === 'element' && c.local === 'body');
  assert.ok(body && body.type === 'element');
  const bodyText = body.children[0];
  assert.equal(bodyText.type, 'text');
  assert.equal(bodyText.type === 'text' && bodyText.value, 'caf\u00e9 "quoted"\tTab');
});

test('a capture with no recognised dialect is read as plain XML, once flagged', () => {
  // (`C:` / `S:` lines would make it an RFC-style transcript.)
  const text = 'Some notes first.\nA) <message to="a@b" id="u1"><body>x</body></message>\nthen <user@host> in prose\nB) <iq type="result" id="u2"/>\n';
  const t = parseTrace(text);
  assert.equal(t.dialect, 'unknown');
  assert.deepEqual(t.stanzas.map((s) => s.id?.value), ['u1', 'u2']);
  assert.deepEqual(t.findings.map((f) => [f.code, f.span.start, f.span.end]), [['trace.format.unknown', 0, 0]]);
});
