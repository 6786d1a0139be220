// The dialects as unmodified software writes them: excerpts of what Prosody 0.12 (default debug log
// + mod_stanza_debug), ejabberd 23.01 (loglevel debug), slixmpp 1.8 (DEBUG) and @xmpp/debug 0.14
// printed here for one message carrying MIME text with `<`, `>` and `&` (the real-software suite,
// npm run test:real, checks whole sessions with real S/MIME objects).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTrace } from '../../server/src/core/trace/parseTrace';

const MIME = 'Content-Type: Message/CPIM\n\nFrom: Juliet Capulet <im:juliet@example.com>\nTo: <im:romeo@example.com>\n\nhello & <b>';
const ESCAPED = MIME.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

test('@xmpp/debug: an element\'s only text child is printed unescaped; it is read verbatim up to </e2e>', () => {
  const log = [
    'status online romeo@example.com/r',
    'IN',
    '<message xml:lang="en" to="romeo@example.com/r" from="juliet@example.com/b" type="chat" id="x1">',
    `  <e2e xmlns="urn:ietf:params:xml:ns:xmpp-e2e">${MIME}</e2e>`,
    '  <body>a & b</body>',
    '</message>',
    'status closing ',
    '',
  ].join('\n');
  const t = parseTrace(log);
  assert.equal(t.dialect, 'xmppjs');
  assert.deepEqual(t.findings, []);
  assert.equal(t.stanzas.length, 1);
  const e = t.stanzas[0].e2e[0];
  assert.equal(e.content, MIME);
  // Every character maps back to itself in the file.
  const at = log.indexOf(MIME);
  assert.deepEqual(e.map.toFileSpan(0, MIME.length), { start: at, end: at + MIME.length });
  assert.equal(e.map.toFile(MIME.indexOf('&')), log.indexOf('&', at));
});

test('@xmpp/debug: element children on indented lines are not raw text', () => {
  const log = 'OUT\n<message to="a@b" id="m">\n  <body>x</body>\n  <thread>t&amp;u</thread>\n</message>\n';
  const t = parseTrace(log);
  assert.deepEqual(t.findings, []);
  const thread = t.stanzas[0].element.children.find((c) => c.type === 'element' && c.local === 'thread');
  assert.ok(thread && thread.type === 'element' && thread.children[0].type !== 'element' && thread.children[0].value === 't&u');
});

const XMPPJS = [
  'IN',
  '<message xml:lang="en" to="romeo@example.com/r" from="juliet@example.com/b" type="chat" id="x1">',
  `  <e2e xmlns="urn:ietf:params:xml:ns:xmpp-e2e">${MIME}</e2e>`,
  '</message>',
  '',
].join('\n');

const PROSODY = [
  'Dec 01 09:27:10 c2s55dbe3545aa0\tinfo\tClient connected',
  `Dec 01 09:27:10 c2s55dbe3545aa0\tdebug\tRECV: <message to='romeo@example.com/r' id='x1' type='chat' xml:lang='en'><e2e xmlns='urn:ietf:params:xml:ns:xmpp-e2e'>${ESCAPED.replace(/\n/g, '\n\t')}</e2e><body>hi</body></message>`,
  "Dec 01 09:27:10 c2s55dbe3545aa0\tdebug\tReceived[c2s]: <message to='romeo@example.com/r' id='x1' type='chat' xml:lang='en'>",
  "Dec 01 09:27:10 c2s55dbe351dff0\tdebug\tSending[c2s]: <message to='romeo@example.com/r' id='x1' xml:lang='en' from='juliet@example.com/b' type='chat'>",
  `Dec 01 09:27:10 c2s55dbe351dff0\tdebug\tSEND: <message to='romeo@example.com/r' id='x1' xml:lang='en' from='juliet@example.com/b' type='chat'><e2e xmlns='urn:ietf:params:xml:ns:xmpp-e2e'>${ESCAPED.replace(/\n/g, '\n\t')}</e2e><body>hi</body></message>`,
  'Dec 01 09:27:10 c2s55dbe351dff0\tdebug\tReceived </stream:stream>',
  '',
].join('\n');

test('Prosody mod_stanza_debug: SEND:/RECV: records with TAB continuations are whole stanzas; the summaries are not counted twice', () => {
  const t = parseTrace(PROSODY);
  assert.equal(t.dialect, 'prosody');
  assert.equal(t.vantage, 'server');
  assert.deepEqual(t.findings, [], 'not lossy');
  assert.deepEqual(
    t.stanzas.map((s) => [s.direction, s.stream]),
    [
      ['in', 'c2s55dbe3545aa0'],
      ['out', 'c2s55dbe351dff0'],
    ],
  );
  for (const s of t.stanzas) {
    assert.equal(s.e2e[0].content, MIME, 'the logger\'s TAB after each line break is not content');
    assert.equal(s.element.closed, true);
  }
});

test('Prosody default log: opening tags only, lossy, and the finding says to enable mod_stanza_debug', () => {
  const t = parseTrace(PROSODY.split('\n').filter((l) => !/\t(?:SEND|RECV): |^\t/.test(l)).join('\n'));
  assert.equal(t.dialect, 'prosody');
  assert.deepEqual(t.findings.map((f) => f.code), ['trace.format.lossy']);
  assert.match(t.findings[0].message, /stanza_debug/);
});

test('Prosody log without stanza records: one information finding says why', () => {
  const t = parseTrace('Dec 01 09:27:10 c2s55dbe3545aa0\tinfo\tClient connected\nDec 01 09:27:11 c2s55dbe3545aa0\tinfo\tAuthenticated as juliet@example.com\n');
  assert.equal(t.dialect, 'prosody');
  assert.deepEqual(t.findings.map((f) => f.code), ['trace.format.noStanzas']);
});

test('slixmpp: its own dialect; what it sends raw spans lines, what it receives is re-serialised', () => {
  const log = [
    '2026-12-01 09:27:10,127 DEBUG    Event triggered: connected',
    "2026-12-01 09:27:10,127 DEBUG    SEND: <stream:stream to='example.com' xmlns:stream='http://etherx.jabber.org/streams' xmlns='jabber:client' xml:lang='en' version='1.0'>",
    '2026-12-01 09:27:10,129 DEBUG    RECV: <stream:stream id="67d5" version="1.0" xml:lang="en" from="example.com">',
    `2026-12-01 09:27:10,175 DEBUG    SEND: <message to='romeo@example.com/r' type='chat' id='x1'><e2e xmlns='urn:ietf:params:xml:ns:xmpp-e2e'><![CDATA[${MIME.replace(/\n/g, '\r\n')}]]></e2e><body>hi</body></message>`,
    `2026-12-01 09:27:10,175 DEBUG    RECV: <message to="romeo@example.com/r" id="x2" xml:lang="en" from="juliet@example.com/b" type="chat"><e2e xmlns="urn:ietf:params:xml:ns:xmpp-e2e">${ESCAPED}</e2e><body>hi</body></message>`,
    '2026-12-01 09:27:10,175 DEBUG    Event triggered: message',
    '',
  ].join('\n');
  const t = parseTrace(log);
  assert.equal(t.dialect, 'slixmpp');
  assert.equal(t.vantage, 'client');
  assert.deepEqual(t.findings, []);
  assert.deepEqual(t.stanzas.map((s) => `${s.direction}:${s.id?.value}`), ['out:x1', 'in:x2']);
  assert.equal(t.stanzas[0].e2e[0].content, MIME.replace(/\n/g, '\r\n'));
  assert.equal(t.stanzas[1].e2e[0].content, MIME);
  assert.equal(t.stanzas[0].time?.epochMs, Date.UTC(2026, 11, 1, 9, 27, 10, 175));
});

test('ejabberd: the stream is the connection process', () => {
  const erl = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
  const log =
    `2026-12-01 09:27:33.603826+00:00 [notice] <0.488.0> (tcp|<0.488.0>) Received XML on stream = <<"${erl(`<message to='romeo@example.com/r' id='x1'><body>a</body></message>`)}">>\n` +
    `2026-12-01 09:27:33.612952+00:00 [notice] <0.485.0> (tcp|<0.485.0>) Send XML on stream = <<"${erl(`<message xml:lang='en' to='romeo@example.com/r' from='juliet@example.com/b' id='x1'><body>a</body></message>`)}">>\n`;
  const t = parseTrace(log);
  assert.equal(t.dialect, 'ejabberd');
  assert.equal(t.vantage, 'server');
  assert.deepEqual(t.stanzas.map((s) => `${s.direction}:${s.stream}`), ['in:<0.488.0>', 'out:<0.485.0>']);
});

test('the new readers never throw on cut or altered input, and every span stays in the text', () => {
  const samples = [
    PROSODY,
    XMPPJS,
    'Romeo sends:\n\t<message to="${Juliet}" type="chat">\n\t\t<body>x</body>\n\t</message>\n\nJuliet receives:\n\t<message/>\n',
    'send: {\n<message to="$(to-jid)"><body>a</body></message>\n}\nexpect:\n{\n<message/>\n}\n',
    "C: <stream:stream\n     to='im.example.com'>\n\nS: <iq id='a' type='result'/>\n",
    'x DATA=<message><body>{"a":"b&<"}</body></message>, SIZE=1\n',
  ];
  let seed = 9;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
  for (const base of samples) {
    for (let k = 0; k < 60; k++) {
      let t = base.slice(0, rnd(base.length + 1));
      if (k % 2) {
        const at = rnd(base.length);
        t = base.slice(0, at) + '<&]>\t\n"'[rnd(8)] + base.slice(at + 1);
      }
      const r = parseTrace(t);
      for (const f of r.findings) assert.ok(f.span.start >= 0 && f.span.end <= t.length && f.span.start <= f.span.end, f.code);
      for (const st of r.stanzas) {
        assert.ok(st.element.span.start >= 0 && st.element.span.end <= t.length);
        for (const e of st.e2e) assert.ok(e.contentSpan.start >= 0 && e.contentSpan.end <= t.length);
      }
    }
  }
});
