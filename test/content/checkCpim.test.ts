import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCpim } from '../../server/src/core/cpim/checkCpim';
import { shiftMap } from '../../server/src/core/offsetMap';
import type { Finding } from '../../server/src/core/types';

const CLEAN = [
  'Content-type: Message/CPIM',
  '',
  'From: Juliet Capulet <im:juliet@example.com>',
  'To: Romeo Montague <im:romeo@example.net>',
  'cc: "The Nurse" <im:nurse@example.com>',
  'DateTime: 2003-12-09T23:45:36.66Z',
  'Subject:;lang=en Imploring',
  'NS: MyFeatures <mid:MessageFeatures@id.example.com>',
  'Require: MyFeatures.VitalMessageOption',
  'MyFeatures.VitalMessageOption: Confirmation-requested',
  '',
  'Content-type: text/plain; charset=utf-8',
  'Content-ID: <1234567890@example.com>',
  '',
  'Wherefore art thou, Romeo?',
  '',
].join('\r\n');

const PREFIX = 'xx<e2e><![CDATA[';

/** Runs the check as if the CPIM text sat at offset PREFIX.length of a file; returns the file too. */
function run(text: string, standalone = true): { findings: Finding[]; file: string; r: ReturnType<typeof checkCpim> } {
  const r = checkCpim(text, shiftMap(PREFIX.length), { standalone });
  return { findings: r.findings, file: PREFIX + text, r };
}

function only(text: string, code: string, standalone = true): { span: string; finding: Finding } {
  const { findings: all, file } = run(text, standalone);
  // A non-im: scheme is only noted (CPIM-19); the tests here are about the one defect swapped in.
  const findings = all.filter((f) => f.code === code || f.code !== 'cpim.from.scheme');
  assert.deepEqual(findings.map((f) => f.code), [code], JSON.stringify(findings, null, 1));
  return { span: file.slice(findings[0].span.start, findings[0].span.end), finding: findings[0] };
}

const swap = (from: string, to: string): string => {
  assert.ok(CLEAN.includes(from), from);
  return CLEAN.replace(from, to);
};

test('clean CPIM: no findings, fields extracted', () => {
  const { findings, r, file } = run(CLEAN);
  assert.deepEqual(findings, []);
  const m = r.message;
  assert.equal(m.from?.uri, 'im:juliet@example.com');
  assert.equal(m.from?.name, 'Juliet Capulet');
  assert.equal(file.slice(m.from!.span.start, m.from!.span.end), 'Juliet Capulet <im:juliet@example.com>');
  assert.deepEqual(m.to.map((t) => t.uri), ['im:romeo@example.net']);
  assert.deepEqual(m.cc.map((t) => t.uri), ['im:nurse@example.com']);
  assert.equal(m.dateTime?.value, '2003-12-09T23:45:36.66Z');
  assert.equal(file.slice(m.dateTime!.span.start, m.dateTime!.span.end), '2003-12-09T23:45:36.66Z');
  assert.ok(m.dateTime?.parsed.ok && m.dateTime.parsed.epochMs === Date.parse('2003-12-09T23:45:36.660Z'));
  assert.equal(m.subject, 'Imploring');
  assert.equal(m.contentType, 'text/plain; charset=utf-8');
  assert.equal(m.body, 'Wherefore art thou, Romeo?\r\n');
  assert.equal(m.bodyMap.toFile(0), file.indexOf('Wherefore'));
  assert.deepEqual(m.headerBlocks.map((b) => b.length), [1, 8, 2]);
});

test('cpim.structure.mimeType: missing or wrong Content-type', () => {
  const noMime = CLEAN.slice(CLEAN.indexOf('From:'));
  assert.equal(only(noMime, 'cpim.structure.mimeType').span, 'From: Juliet Capulet <im:juliet@example.com>');
  assert.equal(only(swap('Content-type: Message/CPIM', 'Content-type: text/plain'), 'cpim.structure.mimeType').span, 'text/plain');
  // Case-insensitive media type.
  assert.deepEqual(run(swap('Content-type: Message/CPIM', 'Content-Type: message/cpim')).findings, []);
});

test('cpim.structure.separator: missing blank lines', () => {
  const a = swap('Message/CPIM\r\n\r\nFrom', 'Message/CPIM\r\nFrom');
  assert.equal(only(a, 'cpim.structure.separator').span, 'From: Juliet Capulet <im:juliet@example.com>');
  const b = swap('Confirmation-requested\r\n\r\nContent-type', 'Confirmation-requested\r\nContent-type');
  assert.equal(only(b, 'cpim.structure.separator').span, 'Content-type: text/plain; charset=utf-8');
});

test('cpim.content.noContentType', () => {
  const a = swap('Content-type: text/plain; charset=utf-8\r\n', '');
  assert.equal(only(a, 'cpim.content.noContentType').span, 'Content-ID: <1234567890@example.com>');
  const b = 'Content-type: Message/CPIM\r\n\r\nFrom: <im:a@b.example>\r\n\r\nHello\r\n';
  assert.equal(only(b, 'cpim.content.noContentType').span, 'Hello');
  const c = 'Content-type: Message/CPIM\r\n\r\nFrom: <im:a@b.example>\r\n';
  assert.equal(only(c, 'cpim.content.noContentType').span, 'From: <im:a@b.example>');
});

test('cpim.header.folded', () => {
  const t = swap('Subject:;lang=en Imploring', 'Subject:;lang=en Imploring\r\n and more');
  assert.equal(only(t, 'cpim.header.folded').span, ' and more');
});

test('cpim.header.whitespace: leading, trailing, whitespace-only separator', () => {
  assert.equal(only(swap('From: Juliet', ' From: Juliet'), 'cpim.header.whitespace').span, ' ');
  // After a header line, leading whitespace is a fold instead.
  assert.equal(only(swap('To: Romeo', ' To: Romeo'), 'cpim.header.folded').span, ' To: Romeo Montague <im:romeo@example.net>');
  const trailing = only(swap('Imploring', 'Imploring  '), 'cpim.header.whitespace');
  assert.equal(trailing.span, '  ');
  const sep = swap('Confirmation-requested\r\n\r\n', 'Confirmation-requested\r\n \r\n');
  assert.equal(only(sep, 'cpim.header.whitespace').span, ' ');
});

test('cpim.header.space: none, two, tab', () => {
  assert.equal(only(swap('To: Romeo', 'To:Romeo'), 'cpim.header.space').span, ':R');
  assert.equal(only(swap('To: Romeo', 'To:  Romeo'), 'cpim.header.space').span, '  ');
  assert.equal(only(swap('To: Romeo', 'To:\tRomeo'), 'cpim.header.space').span, '\t');
  assert.equal(only(swap('Subject:;lang=en Imploring', 'Subject:;lang=en  Imploring'), 'cpim.header.space').span, '  ');
});

test('cpim.header.case: near-miss names carry the replacement', () => {
  const table: [string, string, string][] = [
    ['From: Juliet', 'from: Juliet', 'From'],
    ['DateTime:', 'datetime:', 'DateTime'],
    ['cc:', 'Cc:', 'cc'],
    ['Subject:', 'SUBJECT:', 'Subject'],
  ];
  for (const [from, to, replacement] of table) {
    const { span, finding } = only(swap(from, to), 'cpim.header.case');
    assert.equal(span, to.slice(0, -1).split(' ')[0].replace(/:$/, ''));
    // `original`: the bytes the fix replaces, checked against the file before a fix is offered.
    assert.deepEqual(finding.data, { replacement, original: span });
  }
  // A mis-cased header is ignored, so the From field is not taken from it.
  assert.equal(run(swap('From: Juliet', 'from: Juliet')).r.message.from, undefined);
});

test('cpim.header.crlf: only standalone, one finding with the count', () => {
  const lf = CLEAN.replace(/\r\n/g, '\n');
  const { span, finding } = only(lf, 'cpim.header.crlf');
  assert.equal(span, 'Content-type: Message/CPIM');
  assert.equal(finding.data?.bareLfCount, 14);
  assert.deepEqual(run(lf, false).findings, []);
});

test('cpim.from.syntax: From, To and cc', () => {
  const table: [string, string, string][] = [
    ['From: Juliet Capulet <im:juliet@example.com>', 'From: im:juliet@example.com', 'im:juliet@example.com'],
    ['From: Juliet Capulet <im:juliet@example.com>', 'From: <sip: juliet@example.com>', '<sip: juliet@example.com>'],
    ['To: Romeo Montague <im:romeo@example.net>', 'To: Romeo <romeo@example.net>', 'Romeo <romeo@example.net>'],
    ['To: Romeo Montague <im:romeo@example.net>', 'To: Romeo  Montague <im:romeo@example.net>', 'Romeo  Montague <im:romeo@example.net>'],
    ['cc: "The Nurse" <im:nurse@example.com>', 'cc: "The Nurse <im:nurse@example.com>', '"The Nurse <im:nurse@example.com>'],
  ];
  for (const [from, to, span] of table) assert.equal(only(swap(from, to), 'cpim.from.syntax').span, span, to);
  // Any absolute URI scheme is syntax-clean.
  // (CPIM-19 notes the non-im: scheme as information, nothing else.)
  assert.deepEqual(run(swap('<im:juliet@example.com>', '<sip:juliet@example.com>')).findings.map((f) => f.code), ['cpim.from.scheme']);
});

test('jid.invalid: im:/xmpp: URIs whose address is not a JID', () => {
  assert.equal(only(swap('<im:romeo@example.net>', '<im:romeo@exa_mple.net>'), 'jid.invalid').span, 'im:romeo@exa_mple.net');
  assert.equal(only(swap('<im:romeo@example.net>', '<xmpp:r%3Ao@example.net>'), 'jid.invalid').span, 'xmpp:r%3Ao@example.net');
  assert.deepEqual(run(swap('<im:romeo@example.net>', '<sip:r_o@exa_mple.net>')).findings.map((f) => f.code), ['cpim.from.scheme']);
});

test('cpim.datetime.syntax', () => {
  const { span, finding } = only(swap('2003-12-09T23:45:36.66Z', '2003-12-09 23:45:36'), 'cpim.datetime.syntax');
  assert.equal(span, '2003-12-09 23:45:36');
  assert.match(finding.message, /RFC 3339/);
  // Offsets are valid CPIM (the UTC rule is RFC 3923's, checked by the caller).
  const off = run(swap('2003-12-09T23:45:36.66Z', '2001-02-01T12:16:49-05:00'));
  assert.deepEqual(off.findings, []);
  assert.equal(off.r.message.dateTime?.parsed.ok && off.r.message.dateTime.parsed.offsetMinutes, -300);
});

test('cpim.ns.undeclared: prefix used before NS, and in Require', () => {
  const t = swap('NS: MyFeatures <mid:MessageFeatures@id.example.com>\r\n', '');
  const { findings, file } = run(t);
  assert.deepEqual(findings.map((f) => f.code), ['cpim.ns.undeclared', 'cpim.ns.undeclared']);
  assert.deepEqual(findings.map((f) => file.slice(f.span.start, f.span.end)), ['MyFeatures', 'MyFeatures']);
  assert.ok(findings[0].span.start > file.indexOf('Require:'));
  // Declared after use is still undeclared at the point of use.
  const late = swap('NS: MyFeatures <mid:MessageFeatures@id.example.com>\r\nRequire: MyFeatures.VitalMessageOption\r\nMyFeatures.VitalMessageOption: Confirmation-requested',
    'MyFeatures.VitalMessageOption: Confirmation-requested\r\nNS: MyFeatures <mid:MessageFeatures@id.example.com>');
  assert.equal(only(late, 'cpim.ns.undeclared').span, 'MyFeatures');
});

test('never throws on garbage', () => {
  for (const s of ['', '\n', '\r\n\r\n\r\n', 'x', ':', 'From:', 'Content-type: Message/CPIM', 'NS: <', 'Require: ,,a.,.b', ' \n \n']) {
    assert.doesNotThrow(() => checkCpim(s, shiftMap(0), { standalone: true }), JSON.stringify(s));
  }
});

test('spans go through a non-trivial map (escaped <e2e/> text)', async () => {
  const { RunOffsetMap } = await import('../../server/src/core/offsetMap');
  // File holds escaped character data; the CPIM text is its decoding.
  const file = '<e2e>Content-type: Message/CPIM\n\nFrom: &lt;im:juliet@exa_mple.com&gt;\nDateTime: soon\n\nContent-type: text/plain\n\nhi</e2e>';
  const start = file.indexOf('Content-type');
  const end = file.indexOf('</e2e>');
  const map = new RunOffsetMap();
  let text = '';
  for (let i = start; i < end; ) {
    const m = /^&(lt|gt);/.exec(file.slice(i));
    if (m) {
      map.escape(i, m[0].length, 1);
      text += m[1] === 'lt' ? '<' : '>';
      i += m[0].length;
    } else {
      map.verbatim(i, 1);
      text += file[i];
      i++;
    }
  }
  const r = checkCpim(text, map, { standalone: false });
  const bySpan = Object.fromEntries(r.findings.map((f) => [f.code, file.slice(f.span.start, f.span.end)]));
  assert.deepEqual(bySpan, { 'jid.invalid': 'im:juliet@exa_mple.com', 'cpim.datetime.syntax': 'soon', 'cpim.header.missing': 'From: &lt;im:juliet@exa_mple.com&gt;' });
  assert.equal(file.slice(r.message.from!.span.start, r.message.from!.span.end), '&lt;im:juliet@exa_mple.com&gt;');
  assert.equal(r.message.bodyMap.toFile(0), file.indexOf('hi</e2e>'));
});
