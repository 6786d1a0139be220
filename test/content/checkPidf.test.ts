import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPidf } from '../../server/src/core/pidf/checkPidf';
import { shiftMap } from '../../server/src/core/offsetMap';
import type { Finding } from '../../server/src/core/types';

const CLEAN = `<?xml version="1.0" encoding="UTF-8"?>
<presence xmlns="urn:ietf:params:xml:ns:pidf"
          xmlns:im="urn:ietf:params:xml:ns:pidf:im"
          entity="pres:juliet@example.com">
  <tuple id="hr0zny">
    <status>
      <basic>open</basic>
      <im:im>away</im:im>
    </status>
    <note xml:lang="en">retired to the chamber</note>
    <timestamp>2003-12-09T23:53:11.31Z</timestamp>
  </tuple>
  <tuple id="t2">
    <status><basic> closed </basic></status>
    <timestamp>2003-12-09T23:50:00Z</timestamp>
  </tuple>
  <note>presence note</note>
</presence>
`;

const PREFIX = '<e2e><![CDATA[Content-Type: application/pidf+xml\n\n';

function run(text: string): { findings: Finding[]; file: string; r: ReturnType<typeof checkPidf> } {
  const r = checkPidf(text, shiftMap(PREFIX.length), { standalone: false });
  return { findings: r.findings, file: PREFIX + text, r };
}

function only(text: string, code: string): { span: string; finding: Finding } {
  const { findings, file } = run(text);
  assert.deepEqual(findings.map((f) => f.code), [code], JSON.stringify(findings, null, 1));
  return { span: file.slice(findings[0].span.start, findings[0].span.end), finding: findings[0] };
}

const swap = (from: string, to: string): string => {
  assert.ok(CLEAN.includes(from), from);
  return CLEAN.replace(from, to);
};

test('clean PIDF: no findings, document model with file spans', () => {
  const { findings, r, file } = run(CLEAN);
  assert.deepEqual(findings, []);
  const d = r.doc;
  assert.equal(d.entity?.value, 'pres:juliet@example.com');
  assert.equal(file.slice(d.entity!.span.start, d.entity!.span.end), 'pres:juliet@example.com');
  assert.deepEqual(d.tuples.map((t) => t.id), ['hr0zny', 't2']);
  assert.deepEqual(d.tuples.map((t) => t.basic?.value), ['open', 'closed']);
  assert.equal(file.slice(d.tuples[1].basic!.span.start, d.tuples[1].basic!.span.end), 'closed');
  assert.equal(d.tuples[0].note, 'retired to the chamber');
  assert.deepEqual(d.notes, ['presence note']);
  assert.deepEqual(d.timestamps.map((t) => t.value), ['2003-12-09T23:53:11.31Z', '2003-12-09T23:50:00Z']);
  assert.equal(file.slice(d.timestamps[0].span.start, d.timestamps[0].span.end), '2003-12-09T23:53:11.31Z');
  assert.ok(d.timestamps[0].parsed.ok && d.timestamps[0].parsed.epochMs === Date.parse('2003-12-09T23:53:11.310Z'));
  assert.ok(file.slice(d.tuples[0].span.start, d.tuples[0].span.end).startsWith('<tuple id="hr0zny">'));
});

test('pidf.xmlDecl.missing: absent, and the RFC 3923 <xml ...?> typo', () => {
  const absent = only(CLEAN.slice(CLEAN.indexOf('<presence')), 'pidf.xmlDecl.missing');
  assert.equal(absent.span, '<presence xmlns="urn:ietf:params:xml:ns:pidf"');
  const { findings, file, r } = run(swap('<?xml version="1.0" encoding="UTF-8"?>', '<xml version="1.0" encoding="UTF-8"?>'));
  const decl = findings.find((f) => f.code === 'pidf.xmlDecl.missing');
  assert.ok(decl);
  assert.equal(file.slice(decl.span.start, decl.span.end), '<xml version="1.0" encoding="UTF-8"?>');
  assert.match(decl.message, /<\?xml/);
  // The document is still understood (the parser's own fault is passed through).
  assert.equal(r.doc.entity?.value, 'pres:juliet@example.com');
  assert.ok(findings.every((f) => f.code === 'pidf.xmlDecl.missing' || f.code === 'xml.malformed'));
});

test('pidf.root.namespace: wrong namespace, trailing colon, wrong root, no root', () => {
  assert.equal(only(swap('xmlns="urn:ietf:params:xml:ns:pidf"', 'xmlns="urn:example"'), 'pidf.root.namespace').span, 'presence');
  const colon = only(swap('xmlns="urn:ietf:params:xml:ns:pidf"', 'xmlns="urn:ietf:params:xml:ns:pidf:"'), 'pidf.root.namespace');
  assert.match(colon.finding.message, /trailing ':'/);
  const wrong = run('<?xml version="1.0"?>\n<status xmlns="urn:ietf:params:xml:ns:pidf"/>\n');
  assert.deepEqual(wrong.findings.map((f) => f.code), ['pidf.root.namespace']);
  const none = run('<?xml version="1.0"?>\n<!-- empty -->');
  assert.deepEqual(none.findings.map((f) => f.code), ['pidf.root.namespace']);
});

test('pidf.entity.missing: absent (error) and not pres: (warning); jid.invalid', () => {
  const absent = only(swap('\n          entity="pres:juliet@example.com"', ''), 'pidf.entity.missing');
  assert.equal(absent.span, 'presence');
  assert.equal(absent.finding.severity, undefined);
  const sip = only(swap('pres:juliet@example.com', 'sip:juliet@example.com'), 'pidf.entity.missing');
  assert.equal(sip.span, 'sip:juliet@example.com');
  assert.equal(sip.finding.severity, 'warning');
  assert.equal(only(swap('pres:juliet@example.com', 'pres:jul<>iet@example.com'.replace('<>', '&amp;')), 'jid.invalid').span, 'pres:jul&amp;iet@example.com');
});

test('pidf.tuple.id: missing, duplicate (with related), empty, not an NCName (warning)', () => {
  assert.equal(only(swap('<tuple id="t2">', '<tuple>'), 'pidf.tuple.id').span, 'tuple');
  const dup = only(swap('<tuple id="t2">', '<tuple id="hr0zny">'), 'pidf.tuple.id');
  assert.equal(dup.span, 'hr0zny');
  assert.ok(dup.finding.span.start > CLEAN.indexOf('t2'));
  assert.equal(dup.finding.related?.length, 1);
  assert.ok(dup.finding.related![0].span.start < dup.finding.span.start);
  assert.equal(only(swap('<tuple id="t2">', '<tuple id="">'), 'pidf.tuple.id').span, '');
  const nc = only(swap('<tuple id="t2">', '<tuple id="2t">'), 'pidf.tuple.id');
  assert.equal(nc.span, '2t');
  assert.equal(nc.finding.severity, 'warning');
});

test('pidf.basic.value', () => {
  assert.equal(only(swap('<basic>open</basic>', '<basic>away</basic>'), 'pidf.basic.value').span, 'away');
  assert.equal(only(swap('<basic>open</basic>', '<basic>Open</basic>'), 'pidf.basic.value').span, 'Open');
  assert.equal(only(swap('<basic>open</basic>', '<basic/>'), 'pidf.basic.value').span, '<basic/>');
});

test('pidf.timestamp.syntax: no zone, lower case, garbage', () => {
  for (const [bad, why] of [['2003-12-09T23:53:11.31', /zone/], ['2003-12-09t23:53:11.31z', /upper case/], ['yesterday', /YYYY-MM-DD/]] as const) {
    const { span, finding } = only(swap('2003-12-09T23:53:11.31Z', bad), 'pidf.timestamp.syntax');
    assert.equal(span, bad);
    assert.match(finding.message, why);
  }
});

test('XML faults pass through from parseXml; never throws', () => {
  const { findings } = run(swap('<tuple id="hr0zny">', '<tuple id="hr0zny"'));
  assert.ok(findings.some((f) => f.code === 'xml.malformed'));
  for (const s of ['', '<', '<?xml', '<presence', '<?xml version="1.0"?><presence xmlns="urn:ietf:params:xml:ns:pidf"><tuple id="a"><status><basic>']) {
    assert.doesNotThrow(() => checkPidf(s, shiftMap(0), { standalone: true }), JSON.stringify(s));
  }
});
