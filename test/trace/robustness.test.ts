// Faults in captures: malformed XML at its exact position, cut stanzas, recovery at the next
// stanza or entry, cancellation, and escapes of the Erlang binary undone byte-exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTrace } from '../../server/src/core/trace/parseTrace';
import { parseErlangBinary } from '../../server/src/core/trace/erlangBinary';

const STREAM = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>\n";

test('raw stream: malformed stanza reported at the fault, next stanza still found', () => {
  const bad = "<message id='m1'><body>fish & chips</body></message>\n";
  const text = STREAM + bad + "<message id='m2'><body>ok</body></message>\n";
  const t = parseTrace(text);
  assert.deepEqual(t.stanzas.map((s) => s.id?.value), ['m1', 'm2']);
  assert.equal(t.findings.length, 1);
  assert.equal(t.findings[0].code, 'xml.malformed');
  assert.equal(t.findings[0].span.start, text.indexOf('& chips'));
});

test('raw stream: a mismatched end tag in one stanza does not swallow the next', () => {
  const text = STREAM + "<message id='m1'><body>x</bdy></message><presence id='p1'/>";
  const t = parseTrace(text);
  assert.deepEqual(t.stanzas.map((s) => s.id?.value), ['m1', 'p1']);
  assert.deepEqual(t.findings.map((f) => [f.code, text.slice(f.span.start, f.span.end)]), [['xml.malformed', '</bdy>']]);
});

test('raw stream: the capture ends inside a stanza', () => {
  const text = STREAM + "<message id='m1'/><message id='m2'><e2e xmlns='urn:ietf:params:xml:ns:xmpp-e2e'><![CDATA[MIIB";
  const t = parseTrace(text);
  assert.deepEqual(t.stanzas.map((s) => s.id?.value), ['m1', 'm2']);
  assert.deepEqual(t.findings.map((f) => f.code), ['trace.stanza.truncated']);
  assert.equal(t.findings[0].span.start, text.indexOf("<message id='m2'"));
  // The cut e2e is still there, with the CDATA it had.
  assert.equal(t.stanzas[1].e2e[0].content, 'MIIB');
});

test('an open <stream:stream> alone is not truncation', () => {
  const t = parseTrace(STREAM + '<presence/>\n \n');
  assert.equal(t.stanzas.length, 1);
  assert.deepEqual(t.findings, []);
});

test('log entries: a malformed entry is reported in place and the next entry parses', () => {
  const lines = [
    "10:00:01 RECV (0): <message id='a'><body>x</body></message>",
    "10:00:02 RECV (1): <iq id='b' type='get'><query xmlns='q'></iq>",
    "10:00:03 RECV (2): <presence id='c'/>",
  ];
  const text = lines.join('\n') + '\n';
  const t = parseTrace(text);
  assert.equal(t.dialect, 'smack');
  assert.deepEqual(t.stanzas.map((s) => s.id?.value), ['a', 'b', 'c']);
  assert.deepEqual(t.findings.map((f) => [f.code, text.slice(f.span.start, f.span.end)]), [['xml.malformed', '</iq>']]);
});

test('a buffer cut mid-stanza followed by a new stanza: truncated, then recovered', () => {
  const text = [
    "2024.01.15 10:00:00.000 INFO  [t]: RawPrintFilter - C2S - RECV (77): <message id='cut'><body>hel",
    "2024.01.15 10:00:01.000 INFO  [t]: RawPrintFilter - C2S - RECV (77): <message id='next'><body>ok</body></message>",
  ].join('\n');
  const t = parseTrace(text);
  assert.equal(t.dialect, 'openfire');
  assert.deepEqual(t.stanzas.map((s) => s.id?.value), ['cut', 'next']);
  assert.deepEqual(t.findings.map((f) => f.code), ['trace.stanza.truncated']);
  assert.equal(t.stanzas[1].time?.text, '2024.01.15 10:00:01.000');
});

test('buffers of different sessions are not joined', () => {
  const text = [
    "2024.01.15 10:00:00.000 INFO  [t]: RawPrintFilter - C2S - RECV (1): <message id='a'><body>one ",
    "2024.01.15 10:00:00.100 INFO  [t]: RawPrintFilter - C2S - RECV (2): <presence id='b'/>",
    "2024.01.15 10:00:00.200 INFO  [t]: RawPrintFilter - C2S - RECV (1): two</body></message>",
  ].join('\n');
  const t = parseTrace(text);
  assert.deepEqual(t.stanzas.map((s) => s.id?.value), ['a', 'b']);
  const body = t.stanzas[0].element.children[0];
  assert.ok(body.type === 'element');
  assert.equal(body.children.map((c) => (c.type === 'element' ? '' : c.value)).join(''), 'one two');
  assert.deepEqual(t.findings, []);
});

test('Prosody: lossy reported once, no truncation per opening tag', () => {
  const text = [
    "Jan 15 10:00:00 c2s1\tdebug\tReceived[c2s]: <message id='1' to='a@b'>",
    "Jan 15 10:00:01 c2s1\tdebug\tReceived[c2s]: <message id='2' to='a@b'>",
    "Jan 15 10:00:02 c2s1\tdebug\tSending[c2s]: <presence id='3'>",
  ].join('\n');
  const t = parseTrace(text, { referenceDate: '2023-06-01' });
  assert.equal(t.stanzas.length, 3);
  assert.deepEqual(t.findings.map((f) => f.code), ['trace.format.lossy']);
  assert.equal(t.findings[0].span.start, text.indexOf("<message id='1'"));
  // Prosody has no year: the reference date's year is used and the date is flagged as assumed.
  assert.equal(t.stanzas[0].time?.epochMs, Date.UTC(2023, 0, 15, 10, 0, 0));
  assert.equal(t.stanzas[0].time?.dateKnown, false);
});

test('Smack without a reference date assumes 1970-01-01', () => {
  const t = parseTrace("12:34:56 SENT (0): <presence/>\n");
  assert.equal(t.stanzas[0].time?.epochMs, Date.UTC(1970, 0, 1, 12, 34, 56));
  assert.equal(t.stanzas[0].time?.dateKnown, false);
});

test('isCancelled stops early and returns what was built', () => {
  const lines: string[] = [];
  for (let i = 0; i < 3000; i++) lines.push(`10:00:00 RECV (0): <presence id='p${i}'/>`);
  let calls = 0;
  const t = parseTrace(lines.join('\n'), { isCancelled: () => ++calls > 1 });
  assert.ok(calls >= 2);
  assert.ok(t.stanzas.length < 3000, `stopped early (${t.stanzas.length})`);
  assert.equal(parseTrace(lines.join('\n')).stanzas.length, 3000);
});

test('Erlang binary escapes are undone byte-exactly and map back to the file', () => {
  const file = 'x = <<"a\\"b\\\\c\\n\\r\\t\\303\\251\\x{e2}\\x82\\xac \\360\\237\\230\\200"\n   "tail",33>> rest';
  const start = file.indexOf('<<');
  const b = parseErlangBinary(file, start, file.length);
  assert.equal(b.complete, true);
  assert.equal(b.text, 'a"b\\c\n\r\t\u00e9\u20ac \u{1f600}tail!');
  assert.equal(file.slice(b.end - 2, b.end), '>>');
  const at = (ch: string): string => {
    const i = b.text.indexOf(ch);
    const sp = b.map.toFileSpan(i, i + ch.length);
    return file.slice(sp.start, sp.end);
  };
  assert.equal(at('"'), '\\"');
  assert.equal(at('\u00e9'), '\\303\\251');
  assert.equal(at('\u20ac'), '\\x{e2}\\x82\\xac');
  assert.equal(at('\u{1f600}'), '\\360\\237\\230\\200');
  assert.equal(at('tail'), 'tail');
  assert.equal(at('!'), '33');
  // Bytes that are not UTF-8 become U+FFFD, one per byte.
  assert.equal(parseErlangBinary('<<"\\377a">>', 0, 11).text, '\ufffda');
});

test('a raw stream is cancellable inside its single entry', () => {
  const parts = [STREAM];
  for (let i = 0; i < 5000; i++) parts.push(`<presence id='p${i}'/>`);
  const text = parts.join('');
  let calls = 0;
  const t = parseTrace(text, { isCancelled: () => ++calls > 1 });
  assert.ok(t.stanzas.length < 5000, `stopped early (${t.stanzas.length})`);
  assert.deepEqual(t.findings, []);
});

test('Smack through Android logcat, and xmpp.js with the element on the marker line', () => {
  const smack = [
    "01-15 10:23:45.123  1234  5678 D SMACK   : SENT (0): <message id='s1' to='a@b'><body>x</body></message>",
    "01-15 10:23:46.000  1234  5679 D SMACK   : RECV (0): <presence id='s2'/>",
  ].join('\n');
  const t = parseTrace(smack);
  assert.equal(t.dialect, 'smack');
  assert.deepEqual(t.stanzas.map((s) => `${s.direction}:${s.id?.value}`), ['out:s1', 'in:s2']);
  assert.equal(t.stanzas[0].time?.text, '10:23:45.123');
  const js = "status online a@b/c\nOUT <presence id='j1'/>\nIN <message id='j2'>\n  <body>x</body>\n</message>\nstatus closing\n";
  const u = parseTrace(js);
  assert.equal(u.dialect, 'xmppjs');
  assert.deepEqual(u.stanzas.map((s) => `${s.direction}:${s.id?.value}`), ['out:j1', 'in:j2']);
});

test('node-xmpp debug output with dates instead of +Nms tails', () => {
  const text = [
    "2024-01-15T10:23:45.120Z xmpp:connection send: <iq type='get' id='n1'/><presence id='n2'/>",
    'Mon, 15 Jan 2024 10:23:46 GMT xmpp:connection receive: <message id=\'n3\'><body>x</body></message>',
  ].join('\n');
  const t = parseTrace(text);
  assert.equal(t.dialect, 'node-xmpp');
  assert.deepEqual(t.stanzas.map((s) => `${s.direction}:${s.id?.value}`), ['out:n1', 'out:n2', 'in:n3']);
  assert.equal(t.stanzas[0].time?.epochMs, Date.UTC(2024, 0, 15, 10, 23, 45, 120));
  assert.equal(t.stanzas[2].time?.epochMs, Date.UTC(2024, 0, 15, 10, 23, 46));
});

test('xmpppy: a body line that looks like a log record continues the open stanza', () => {
  const text = [
    "Mon Jan 15 10:23:43 2024 - SENT: - <message id='x1'><body>Agenda:",
    'Mon Jan 15 10:30:00 2024 - standup',
    '</body></message>',
    "Mon Jan 15 10:23:44 2024 - INFO: - connected",
    "Mon Jan 15 10:23:45 2024 - RECV: - <presence id='x2'/>",
  ].join('\n');
  const t = parseTrace(text);
  assert.equal(t.dialect, 'xmpppy');
  assert.deepEqual(t.stanzas.map((s) => s.id?.value), ['x1', 'x2']);
  assert.deepEqual(t.findings, []);
  const body = t.stanzas[0].element.children[0];
  assert.ok(body.type === 'element');
  assert.equal(body.children[0].type === 'text' && body.children[0].value, 'Agenda:\nMon Jan 15 10:30:00 2024 - standup\n');
});

test('log noise after a stanza in a block dialect is not a fault', () => {
  const text = 'XMPP IN [example.com 0x1 2024-01-15T10:00:00+0000]\n<presence id="d1"/>\n** (dino:42): WARNING **: 1 < 2 & so on\n\nXMPP OUT [example.com 0x1 2024-01-15T10:00:01+0000]\n<iq id="d2" type="get"/>\n';
  const t = parseTrace(text);
  assert.equal(t.dialect, 'dino');
  assert.deepEqual(t.stanzas.map((s) => s.id?.value), ['d1', 'd2']);
  assert.deepEqual(t.findings, []);
  assert.equal(t.stanzas[1].time?.epochMs, Date.UTC(2024, 0, 15, 10, 0, 1));
});

test('raw stream: a stanza missing its end tag ends where the next stanza starts', () => {
  const text = STREAM + "<message id='a'><body>x</body>\n<message id='b'><body>y</body></message>\n<presence id='c'/>\n";
  const t = parseTrace(text);
  assert.deepEqual(t.stanzas.map((s) => s.id?.value), ['a', 'b', 'c']);
  assert.deepEqual(t.findings.map((f) => [f.code, f.span.start]), [['xml.malformed', text.indexOf("<message id='b'")]]);
  assert.equal(t.stanzas[0].element.closed, false);
  // Forwarded stanzas (MAM, carbons) stay inside their stanza.
  const mam = STREAM + "<message id='m'><result xmlns='urn:xmpp:mam:2'><forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' id='inner'/></forwarded></result></message>";
  const u = parseTrace(mam);
  assert.deepEqual(u.stanzas.map((s) => s.id?.value), ['m']);
  assert.deepEqual(u.findings, []);
});

test('huge fault counts and deep nesting do not break the parse', () => {
  const n = 150000;
  const text = STREAM + "<message id='m'><body>" + '& '.repeat(n) + '</body></message>';
  const t = parseTrace(text);
  assert.equal(t.stanzas.length, 1);
  // One fault per '&', capped per scan (issue #17): the first 10,001 and one finding counting the rest.
  assert.equal(t.findings.length, 10_002);
  const capped = t.findings.filter((f) => f.code === 'findings.capped');
  assert.equal(capped.length, 1);
  assert.equal(capped[0].data?.dropped, n - 10_001);
  const deep = "<message id='d'>" + '<x xmlns="urn:x">'.repeat(100000) + "<e2e xmlns='urn:ietf:params:xml:ns:xmpp-e2e'>abc</e2e>";
  const u = parseTrace(deep);
  assert.equal(u.stanzas[0].e2e[0].content, 'abc');
  assert.deepEqual(u.findings.map((f) => f.code), ['trace.stanza.truncated']);
});

test('xmpppy: a stanza received in two reads is re-joined', () => {
  const text = [
    "Mon Jan 15 10:23:43 2024 - RECV: - <message id='r1' from='a@b/c'><e2e xmlns='urn:ietf:params:xml:ns:xmpp-e2e'><![CDATA[MIIB",
    "Mon Jan 15 10:23:43 2024 - RECV: - AAAA]]></e2e></message><presence id='r2'/>",
    "Mon Jan 15 10:23:44 2024 - SENT: - <presence id='s1'/>",
  ].join('\n');
  const t = parseTrace(text);
  assert.deepEqual(t.stanzas.map((s) => `${s.direction}:${s.id?.value}`), ['in:r1', 'in:r2', 'out:s1']);
  assert.equal(t.stanzas[0].e2e[0].content, 'MIIBAAAA');
  assert.deepEqual(t.findings, []);
});

test('an empty <e2e/>: empty content span just after the start tag, map pointing there', () => {
  const text = "<message id='e'><e2e xmlns='urn:ietf:params:xml:ns:xmpp-e2e'/><e2e xmlns='urn:ietf:params:xml:ns:xmpp-e2e'></e2e></message>";
  const [a, b] = parseTrace(text).stanzas[0].e2e;
  assert.equal(a.content, '');
  assert.equal(a.isCdata, false);
  assert.deepEqual(a.contentSpan, { start: a.element.startTagEnd, end: a.element.startTagEnd });
  assert.equal(text.slice(a.contentSpan.start - 2, a.contentSpan.start), '/>');
  assert.equal(a.map.toFile(0), a.contentSpan.start);
  assert.equal(text.slice(b.contentSpan.start, b.contentSpan.start + 6), '</e2e>');
  assert.equal(b.map.toFile(0), b.contentSpan.start);
});
