// Issue #17's concrete failures, each as it was met: a crash on a huge inner finding list,
// uncapped finding lists, and inputs whose shape made the framers and the scanner superlinear
// (here their results are checked; their time is measured in `npm run bench`, never in a test).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../server/src/core/analyze';
import { unwrapPayload } from '../../server/src/core/e2e/unwrapObject';
import { shiftMap } from '../../server/src/core/offsetMap';
import { parseTrace } from '../../server/src/core/trace/parseTrace';
import { scanXml } from '../../server/src/core/xml/scanXml';
import { MAX_FINDINGS_PER_FILE, MAX_FINDINGS_PER_OBJECT, pushAll } from '../../server/src/core/findingLimits';
import { ruleFor } from '../../server/src/core/rules';

const STREAM = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>\n";
/** A PIDF document with one stray quote per character of a 150,000-character run: 150,000 findings. */
const PIDF_BOMB = `<?xml version="1.0"?><presence xmlns="urn:ietf:params:xml:ns:pidf" entity="pres:a@example.com"><tuple id="t"><status><basic>open</basic></status><x ${'"'.repeat(150_000)}/></tuple></presence>`;

test('pushAll appends more items than a spread call could take', () => {
  const big = new Array(500_000).fill(1);
  assert.throws(() => [].push(...(big as never[])), RangeError);
  assert.equal(pushAll([0], big).length, 500_001);
});

test('an inner application/pidf+xml with 150,000 findings unwraps without a RangeError', () => {
  const content = `Content-Type: application/pidf+xml\r\n\r\n${PIDF_BOMB}`;
  const un = unwrapPayload(content, shiftMap(0), { start: 0, end: content.length }, { verify: false });
  // The PIDF's XML scan keeps 10,001 faults and counts the other ~140,000 in one findings.capped.
  const capped = un.findings.filter((f) => f.code === 'findings.capped');
  assert.equal(capped.length, 1);
  assert.ok((capped[0].data?.dropped as number) > 139_000, JSON.stringify(capped[0].data));
  assert.equal(un.inner?.contentType, 'application/pidf+xml');
});

test('the same object in a trace: findings capped per object, with one finding saying how many were dropped', () => {
  const cdata = `Content-Type: application/pidf+xml\r\n\r\n${PIDF_BOMB}`;
  const text = `${STREAM}<presence from='a@example.com/r' to='b@example.com'><e2e xmlns='urn:ietf:params:xml:ns:xmpp-e2e'><![CDATA[${cdata}]]></e2e></presence>\n`;
  const a = analyzeDocument(text, { verify: false, now: Date.parse('2024-01-01T00:00:00Z') });
  assert.ok(a.findings.length <= MAX_FINDINGS_PER_OBJECT + 10, `${a.findings.length} findings`);
  const capped = a.findings.filter((f) => f.code === 'findings.capped');
  assert.equal(capped.length, 1);
  assert.match(capped[0].message, /^\d+ more finding\(s\) in this object were dropped after the first 1000/);
  assert.ok((capped[0].data?.dropped as number) > 140_000);
  assert.equal(a.objects.length, 1);
});

test('200,000 stray quotes in a tag: the file keeps at most the cap, plus the count of the rest', () => {
  const text = `${STREAM}<message id='m1'><x ${'"'.repeat(200_000)}/></message>\n`;
  const a = analyzeDocument(text, { verify: false });
  assert.equal(a.findings.length, MAX_FINDINGS_PER_FILE + 1);
  const last = a.findings[a.findings.length - 1];
  assert.equal(last.code, 'findings.capped');
  assert.equal(last.data?.dropped, 200_000 - MAX_FINDINGS_PER_FILE);
  assert.match(last.message, /xml\.malformed ×190000/);
  assert.ok(ruleFor('findings.capped'), 'the code is in the rules table');
});

test('duplicate attributes are found among 40,000 (first at its exact name, later ones too)', () => {
  const attrs = Array.from({ length: 40_000 }, (_, i) => `a${i}='v'`);
  attrs.splice(20_000, 0, "a5='again'");
  attrs.push("a39999='again'", "a2='x'");
  const src = `<e ${attrs.join(' ')}/>`;
  const r = scanXml(src, 0, src.length);
  const dups = r.findings.filter((f) => f.message.startsWith('duplicate attribute'));
  assert.deepEqual(dups.map((f) => src.slice(f.span.start, f.span.end)), ['a5', 'a39999', 'a2']);
  assert.equal(dups[0].span.start, src.indexOf("a5='again'"));
  assert.equal((r.nodes[0] as { attrs: unknown[] }).attrs.length, 40_003);
});

test('duplicates among few attributes are still found by name (both paths agree)', () => {
  for (const n of [2, 7, 8, 9, 10, 30]) {
    const attrs = Array.from({ length: n }, (_, i) => `a${i}='v'`);
    const src = `<e ${attrs.join(' ')} a0='x' a${n - 1}='y'/>`;
    const r = scanXml(src, 0, src.length);
    assert.deepEqual(
      r.findings.map((f) => src.slice(f.span.start, f.span.end)),
      ['a0', `a${n - 1}`],
      `${n} attributes`,
    );
  }
});

test("an attribute name without '=' is not a duplicate of the attribute before it", () => {
  const attrs = Array.from({ length: 12 }, (_, i) => `a${i}='v'`).join(' ');
  const src = `<e ${attrs} b c='1'/>`;
  const r = scanXml(src, 0, src.length);
  assert.deepEqual(r.findings.map((f) => f.message), ["expected '=' after attribute name 'b'", 'attributes must be separated by whitespace']);
});

test('node-xmpp: the +Nms tail is stripped after a long run of spaces, and kept when it is not a tail', () => {
  const head = '  xmpp:connection receive: ';
  const spaces = ' '.repeat(100_000);
  const text = `${head}<presence from='b@example.com/x'/>${spaces}+12ms\n${head}<presence id='p2'/>${spaces}\n`;
  const t = parseTrace(text);
  assert.equal(t.dialect, 'node-xmpp');
  assert.deepEqual(t.stanzas.map((s) => s.from?.value ?? s.id?.value), ['b@example.com/x', 'p2']);
  assert.deepEqual(t.findings, []);
});

test('node-xmpp: an element left open over 8,000 record-looking lines is one entry to its end', () => {
  const lines = ["  xmpp:connection receive: <message from='b@example.com/x' type='chat'><body>"];
  for (let i = 0; i < 8000; i++) lines.push(`2024-01-15T10:23:45.100Z line ${i} of the body`);
  lines.push('</body></message> +0ms', "  xmpp:connection send: <presence id='after'/> +1ms");
  const t = parseTrace(lines.join('\n') + '\n');
  assert.equal(t.stanzas.length, 2);
  assert.match(t.stanzas[0].element.children.map((c) => (c.type === 'element' ? c.children.map((x) => ('value' in x ? x.value : '')).join('') : '')).join(''), /line 7999 of the body/);
  assert.equal(t.stanzas[1].id?.value, 'after');
});

test('xmpp.js: an unclosed element over 8,000 unindented lines stays one entry', () => {
  const lines = ['status connecting', 'status online a@example.com/r', 'IN', " <message from='b@example.com/x' type='chat'><body>"];
  for (let i = 0; i < 8000; i++) lines.push(`text line ${i}`);
  lines.push('</body></message>', 'OUT', " <presence id='after'/>", 'status online a@example.com/r');
  const t = parseTrace(lines.join('\n') + '\n');
  assert.equal(t.dialect, 'xmppjs');
  assert.deepEqual(t.stanzas.map((s) => s.kind), ['message', 'presence']);
  assert.deepEqual(t.findings, []);
});

test('an end tag that matches no open element among 50,000 open ones is one fault each, nothing popped', () => {
  const src = '<a>'.repeat(50_000) + '</b>'.repeat(1000) + '</a>'.repeat(50_000);
  const r = scanXml(src, 0, src.length);
  assert.equal(r.findings.length, 1000);
  assert.ok(r.findings.every((f) => f.message === 'end tag </b> does not match the open <a>'));
  assert.equal(r.open.length, 0);
});

test('stanzas opening inside 50,000 open children each end the stanza before them', () => {
  const src = '<x>'.repeat(50_000) + "<message id='m0'><body>" + "<message id='m'><body>".repeat(2000);
  const r = scanXml(src, 0, src.length, { streams: true, allowUnclosed: true });
  assert.equal(r.endedEarly.size, 2000);
  assert.equal(r.findings.length, 2000);
  assert.equal(r.open.length, 50_002);
});

test('a PIDF with 130,000 faulty tuples: its structure findings are capped, not spread onto the stack', () => {
  const tuples = '<tuple><status><basic>maybe</basic></status></tuple>'.repeat(130_000);
  const text = `<?xml version='1.0' encoding='UTF-8'?><presence xmlns='urn:ietf:params:xml:ns:pidf' entity='pres:a@b'>${tuples}</presence>`;
  const a = analyzeDocument(text, { kind: 'pidf' });
  assert.ok(!a.findings.some((f) => f.code === 'internal.analysisFailed'), a.findings[0]?.message);
  assert.ok(a.findings.some((f) => f.code === 'pidf.tuple.id'));
  assert.equal(a.findings.filter((f) => f.code === 'findings.capped').length, 1);
});
