import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeBase64Body, lfToCrlf, parseMimeEntity, splitMultipart } from '../../server/src/core/mime/mimeEntity';
import { shiftMap } from '../../server/src/core/offsetMap';
import type { Span } from '../../server/src/core/types';

const at = (file: string, s: Span): string => file.slice(s.start, s.end);

function signed(eol: string): { text: string; firstPart: string } {
  const firstPart = ['Content-type: Message/CPIM', '', 'From: Juliet <im:juliet@example.com>', '', 'Content-type: text/plain', '', 'Hi', ''].join(eol);
  const text =
    [
      'Content-Type: multipart/signed; boundary="next part";',
      '    micalg=sha1;',
      '    protocol=application/pkcs7-signature',
      '',
      'preamble',
      '--next part',
    ].join(eol) +
    eol + firstPart + eol +
    ['--next part  ', 'Content-Type: application/pkcs7-signature', 'Content-Transfer-Encoding: base64', '', 'AAEC', 'AwQ=', '--next part--', 'epilogue', ''].join(eol);
  return { text, firstPart };
}

for (const [label, eol] of [['CRLF', '\r\n'], ['LF', '\n']] as const) {
  test(`multipart split keeps the first part byte-exact (${label})`, () => {
    const { text, firstPart } = signed(eol);
    const prefix = '<e2e><![CDATA[';
    const file = prefix + text + ']]></e2e>';
    const entity = parseMimeEntity(text, shiftMap(prefix.length));
    assert.equal(entity.contentType?.type, 'multipart');
    assert.equal(entity.contentType?.subtype, 'signed');
    assert.equal(entity.contentType?.params.boundary.value, 'next part');
    assert.equal(entity.contentType?.params.boundary.quoted, true);
    assert.equal(at(file, entity.contentType!.params.boundary.span), '"next part"');
    // The unquoted protocol of the RFC 3923 examples parses leniently.
    assert.equal(entity.contentType?.params.protocol.value, 'application/pkcs7-signature');
    assert.equal(entity.contentType?.params.protocol.quoted, false);
    assert.equal(at(file, entity.contentType!.params.protocol.span), 'application/pkcs7-signature');
    assert.equal(entity.contentType?.params.micalg.value, 'sha1');
    const { parts, findings } = splitMultipart(entity);
    assert.deepEqual(findings, []);
    assert.equal(parts.length, 2);
    assert.equal(parts[0].raw, firstPart);
    assert.equal(parts[0].contentType?.type, 'message');
    assert.equal(parts[0].contentType?.subtype, 'cpim');
    assert.equal(at(file, parts[0].headers[0].line), 'Content-type: Message/CPIM');
    assert.equal(at(file, parts[0].bodySpan), parts[0].body);
    assert.equal(parts[1].header('content-transfer-encoding')?.value, 'base64');
    const decoded = decodeBase64Body(parts[1]);
    assert.ok(decoded.ok);
    assert.deepEqual([...decoded.bytes], [0, 1, 2, 3, 4]);
  });
}

test('headers: folding, spans, case-insensitive lookup, body offset', () => {
  const text = 'Content-Type: text/plain;\r\n charset="utf-8"\r\nX-Other:  value  \r\n\r\nbody\r\n';
  const e = parseMimeEntity(text, shiftMap(10));
  assert.equal(e.headers.length, 2);
  const ct = e.header('CONTENT-TYPE')!;
  assert.equal(ct.value, 'text/plain; charset="utf-8"');
  assert.deepEqual(ct.line, { start: 10, end: 10 + text.indexOf('\r\nX-') });
  assert.deepEqual(ct.nameSpan, { start: 10, end: 22 });
  assert.equal(ct.params.charset.value, 'utf-8');
  assert.equal(e.header('x-other')?.value, 'value');
  const vs = e.header('x-other')!.valueSpan;
  assert.equal(text.slice(vs.start - 10, vs.end - 10), 'value');
  assert.equal(e.body, 'body\r\n');
  assert.equal(e.bodyOffset, text.indexOf('body'));
  assert.deepEqual(e.bodySpan, { start: 10 + text.indexOf('body'), end: 10 + text.length });
  assert.equal(e.raw, text);
});

test('headers: no blank line, no headers, garbage never throws', () => {
  const noBlank = parseMimeEntity('Content-Type: text/plain\nHello there\n', shiftMap(0));
  assert.equal(noBlank.headers.length, 1);
  assert.equal(noBlank.body, 'Hello there\n');
  const bare = parseMimeEntity('MIAGCSqGSIb3DQEHA6CAMIACAQAx\n', shiftMap(0));
  assert.equal(bare.headers.length, 0);
  assert.equal(bare.contentType, undefined);
  assert.equal(bare.bodyOffset, 0);
  for (const s of ['', '\n', ':', 'a:', '\r\n\r\n', ' continuation\n', 'Content-Type: ;;;="\n\n']) {
    assert.doesNotThrow(() => parseMimeEntity(s, shiftMap(0)), JSON.stringify(s));
  }
  const weird = parseMimeEntity('Content-Disposition: attachment;handling=required;\\\n     filename=smime.p7s\n\nx', shiftMap(0));
  assert.equal(weird.header('content-disposition')?.params.filename?.value, 'smime.p7s');
  assert.equal(weird.header('content-disposition')?.params.handling?.value, 'required');
});

test('multipart: missing close delimiter, missing boundary, absent delimiter', () => {
  const open = parseMimeEntity('Content-Type: multipart/signed; boundary=b\n\n--b\nA: 1\n\nx\n--b\nB: 2\n\ny\n', shiftMap(0));
  const r = splitMultipart(open);
  assert.equal(r.parts.length, 2);
  assert.equal(r.parts[0].raw, 'A: 1\n\nx');
  assert.equal(r.parts[1].raw, 'B: 2\n\ny\n');
  assert.equal(r.findings.length, 1);
  assert.equal(r.findings[0].code, 'smime.multipart.parts');
  const text = open.raw;
  assert.equal(at(text, r.findings[0].span), '--b');
  assert.ok(r.findings[0].span.start > text.indexOf('x\n--b'));

  const noBoundary = splitMultipart(parseMimeEntity('Content-Type: multipart/signed\n\n--b\n\n--b--\n', shiftMap(0)));
  assert.deepEqual(noBoundary.findings.map((f) => f.code), ['smime.multipart.parts']);
  assert.equal(noBoundary.parts.length, 0);

  const absent = splitMultipart(parseMimeEntity('Content-Type: multipart/signed; boundary=zz\n\n--b\n\n--b--\n', shiftMap(0)));
  assert.deepEqual(absent.findings.map((f) => f.code), ['smime.multipart.parts']);

  // A line that merely starts with the boundary is not a delimiter; three parts are returned as found.
  const three = splitMultipart(parseMimeEntity('Content-Type: multipart/mixed; boundary=b\n\n--b\n\n1\n--bx\n--b\n\n2\n--b\n\n3\n--b--\n', shiftMap(0)));
  assert.deepEqual(three.findings, []);
  assert.deepEqual(three.parts.map((p) => p.raw), ['\n1\n--bx', '\n2', '\n3']);
});

test('base64 body: whitespace skipped, invalid characters located', () => {
  const ok = decodeBase64Body(parseMimeEntity('A: b\n\nSGVs\r\n bG8=\n', shiftMap(0)));
  assert.ok(ok.ok);
  assert.equal(Buffer.from(ok.bytes).toString(), 'Hello');
  const text = 'A: b\n\nSGVs*bG8=\n';
  const bad = decodeBase64Body(parseMimeEntity(text, shiftMap(5)));
  assert.equal(bad.ok, false);
  assert.match(bad.reason!, /'\*'/);
  assert.deepEqual(bad.span, { start: 5 + text.indexOf('*'), end: 6 + text.indexOf('*') });
  assert.equal(decodeBase64Body(parseMimeEntity('A: b\n\nSGVsb=G8\n', shiftMap(0))).ok, false);
  assert.equal(decodeBase64Body(parseMimeEntity('A: b\n\nSGVsb\n', shiftMap(0))).ok, false);
  // Spaces, tabs and CR do not count toward the length checks; five characters are one too many.
  assert.equal(decodeBase64Body(parseMimeEntity('A: b\n\n S\tGVs \r\n b\t\r\n', shiftMap(0))).reason, 'truncated base64 (length is 1 more than a multiple of 4)');
  assert.ok(decodeBase64Body(parseMimeEntity('A: b\n\n S\tGVs \r\n bG\t8=\r\n', shiftMap(0))).ok);
  assert.equal(decodeBase64Body(parseMimeEntity('A: b\n\n[signed body part]\n', shiftMap(0))).ok, false);
});

test('lfToCrlf converts only bare LF', () => {
  assert.equal(lfToCrlf('a\nb\r\nc\n\n'), 'a\r\nb\r\nc\r\n\r\n');
  assert.equal(lfToCrlf('a\r\n'), 'a\r\n');
  assert.equal(lfToCrlf('a\rb'), 'a\rb');
});

test('quoted parameter values: plain, escaped, folded and unterminated', () => {
  const e = parseMimeEntity('Content-Type: multipart/signed; boundary="a\\"b;c"; protocol="app/x\r\n y"; micalg="sha-256"; x="open\n\nbody\n', shiftMap(0));
  const p = e.contentType!.params;
  assert.deepEqual(
    Object.fromEntries(Object.entries(p).map(([k, v]) => [k, [v.value, v.quoted]])),
    { boundary: ['a"b;c', true], protocol: ['app/x y', true], micalg: ['sha-256', true], x: ['open', true] },
  );
});
