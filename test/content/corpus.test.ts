// The shared corpus's CPIM and PIDF samples give the codes their names and notes promise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { checkCpim } from '../../server/src/core/cpim/checkCpim';
import { checkPidf } from '../../server/src/core/pidf/checkPidf';
import { lfToCrlf, parseMimeEntity, splitMultipart } from '../../server/src/core/mime/mimeEntity';
import { sameBareJid } from '../../server/src/core/jid/jid';
import { shiftMap } from '../../server/src/core/offsetMap';
import type { Finding } from '../../server/src/core/types';
import { corpusDir } from '../helpers/corpus';

const corpus = corpusDir;
const skip = existsSync(corpus) ? false : `shared corpus not found at ${corpus}: corpus checks skipped`;

const read = (rel: string): string => readFileSync(path.join(corpus, rel), 'utf8');
const codes = (fs: Finding[]): string[] => fs.map((f) => f.code);
const slice = (text: string, f: Finding): string => text.slice(f.span.start, f.span.end);

test('cpimjs msg2: undeclared prefix -> cpim.ns.undeclared on the prefix', { skip }, () => {
  const t = read('cpim/cpimjs_msg2_undeclared_prefix.cpim');
  const r = checkCpim(t, shiftMap(0), { standalone: true });
  const ns = r.findings.filter((f) => f.code === 'cpim.ns.undeclared');
  assert.equal(ns.length, 1);
  assert.equal(slice(t, ns[0]), 'UndeclaredPrefix');
  assert.ok(!codes(r.findings).includes('cpim.header.crlf'));
  assert.equal(r.message.from?.uri, 'im:piglet@100akerwood.com');
  assert.equal(r.message.contentType, 'text/plain');
});

test('cpimjs msg3: LF-only -> cpim.header.crlf (standalone only)', { skip }, () => {
  const t = read('cpim/cpimjs_msg3_lf_only.cpim');
  const r = checkCpim(t, shiftMap(0), { standalone: true });
  assert.ok(codes(r.findings).includes('cpim.header.crlf'));
  assert.ok(codes(r.findings).includes('cpim.ns.undeclared'));
  assert.ok(!codes(checkCpim(t, shiftMap(0), { standalone: false }).findings).includes('cpim.header.crlf'));
});

test('cpimjs msg1: wrong-case subject, namespaces declared before use', { skip }, () => {
  const t = read('cpim/cpimjs_msg1_namespaces.cpim');
  const r = checkCpim(t, shiftMap(0), { standalone: true });
  const cased = r.findings.filter((f) => f.code === 'cpim.header.case');
  assert.equal(cased.length, 1);
  assert.equal(slice(t, cased[0]), 'subject');
  assert.deepEqual(cased[0].data, { replacement: 'Subject', original: 'subject' });
  assert.ok(!codes(r.findings).includes('cpim.ns.undeclared'));
  assert.equal(r.message.subject, undefined);
  assert.equal(r.message.dateTime?.value, '2000-12-13T13:40:00-08:00');
});

test('RFC 3923 plain CPIM: clean inside <e2e/>, bare LF reported standalone', { skip }, () => {
  const t = read('cpim/rfc3923_cpim_plain.cpim');
  assert.deepEqual(checkCpim(t, shiftMap(0), { standalone: false }).findings, []);
  assert.deepEqual(codes(checkCpim(t, shiftMap(0), { standalone: true }).findings), ['cpim.header.crlf']);
  assert.deepEqual(checkCpim(lfToCrlf(t), shiftMap(0), { standalone: true }).findings, []);
});

test('RFC 3923 multipart/signed CPIM: first part byte-exact with LF and CRLF', { skip }, () => {
  for (const t of [read('cpim/rfc3923_multipart_signed_cpim.txt'), lfToCrlf(read('cpim/rfc3923_multipart_signed_cpim.txt'))]) {
    const eol = t.includes('\r\n') ? '\r\n' : '\n';
    const entity = parseMimeEntity(t, shiftMap(0));
    assert.equal(entity.contentType?.params.protocol.quoted, false);
    const { parts, findings } = splitMultipart(entity);
    assert.deepEqual(findings, []);
    assert.equal(parts.length, 2);
    const start = t.indexOf(`--next${eol}`) + 6 + eol.length;
    const end = t.indexOf(`${eol}--next${eol}Content-Type: application/pkcs7`);
    assert.equal(parts[0].raw, t.slice(start, end));
    assert.ok(parts[0].raw.endsWith('Romeo?'));
    const inner = checkCpim(parts[0].raw, parts[0].map, { standalone: false });
    assert.deepEqual(inner.findings, []);
    assert.equal(inner.message.dateTime?.value, '2003-12-09T23:45:36.66Z');
    assert.equal(t.slice(inner.message.dateTime!.span.start, inner.message.dateTime!.span.end), '2003-12-09T23:45:36.66Z');
    assert.equal(parts[1].body.trim(), '[signed body part]');
  }
});

test('MSRP fragment with mangled addresses -> cpim.from.syntax twice', { skip }, () => {
  const t = read('cpim/wireshark_ask_42369_msrp_fragment_cpim_imdn.txt');
  const r = checkCpim(t, shiftMap(0), { standalone: false });
  const bad = r.findings.filter((f) => f.code === 'cpim.from.syntax');
  assert.deepEqual(bad.map((f) => slice(t, f)), ['<sip: [email protected]>', '<sip: [email protected]>']);
});

test('PIDF: RFC 3922 closed/entity-mismatch sample is clean; its entity is not juliet', { skip }, () => {
  const t = read('pidf/rfc3922_pidf_closed_entity_mismatch.pidf');
  const r = checkPidf(t, shiftMap(0), { standalone: true });
  // RFC 3922's samples carry no <timestamp>: the PIDF-13 SHOULD is the only thing reported.
  assert.deepEqual(codes(r.findings), ['pidf.timestamp.missing']);
  assert.equal(r.doc.entity?.value, 'pres:romeo@example.net');
  assert.equal(r.doc.tuples[0].basic?.value, 'closed');
  assert.ok(!sameBareJid(r.doc.entity!.value.slice(5), 'juliet@example.com/balcony'));
});

test('PIDF: RFC 3923 unclosed <tuple tag -> xml.malformed and timestamp without zone', { skip }, () => {
  const t = read('pidf/rfc3923_pidf_malformed_unclosed_tuple_tag.pidf');
  const r = checkPidf(t, shiftMap(0), { standalone: true });
  assert.ok(codes(r.findings).includes('xml.malformed'));
  const ts = r.findings.find((f) => f.code === 'pidf.timestamp.syntax');
  assert.ok(ts);
  assert.equal(slice(t, ts), '2003-12-09T23:53:11.31');
});

test('PIDF: clean RFC 3922 samples, no-tuple sample without declaration, empty document', { skip }, () => {
  for (const f of ['rfc3922_pidf_open.pidf', 'rfc3922_pidf_im_away.pidf', 'rfc3922_pidf_note.pidf', 'rfc3922_pidf_busy_note.pidf']) {
    const found = checkPidf(read(`pidf/${f}`), shiftMap(0), { standalone: true }).findings;
    assert.deepEqual(codes(found).filter((c) => c !== 'pidf.timestamp.missing'), [], f);
  }
  const noTuple = checkPidf(read('pidf/rfc3922_pidf_no_tuple.pidf'), shiftMap(0), { standalone: true });
  assert.deepEqual(codes(noTuple.findings), ['pidf.xmlDecl.missing']);
  assert.equal(noTuple.doc.tuples.length, 0);
  const empty = checkPidf(read('pidf/dec112_invalid-full-2_empty.pidf'), shiftMap(0), { standalone: true });
  assert.deepEqual(codes(empty.findings), ['pidf.root.namespace']);
  // PIDF-LO with a sip: entity: the not-pres: warning (and its tuple has no <timestamp>).
  const lo = checkPidf(read('pidf/dec112_circle.pidf'), shiftMap(0), { standalone: true });
  assert.deepEqual(lo.findings.map((f) => [f.code, f.severity]), [['pidf.entity.missing', 'warning'], ['pidf.timestamp.missing', undefined]]);
});

test('PIDF inside RFC 3923 multipart/signed: <xml typo and mis-escaped <status&gt;', { skip }, () => {
  const t = read('pidf/rfc3923_multipart_signed_pidf_malformed.txt');
  const { parts } = splitMultipart(parseMimeEntity(t, shiftMap(0)));
  assert.equal(parts.length, 2);
  const p = parts[0];
  assert.equal(p.contentType?.subtype, 'pidf+xml');
  const bodyMap = { toFile: (o: number) => p.map.toFile(p.bodyOffset + o), toFileSpan: (s: number, e: number) => p.map.toFileSpan(p.bodyOffset + s, p.bodyOffset + e) };
  const r = checkPidf(p.body, bodyMap, { standalone: false });
  const decl = r.findings.find((f) => f.code === 'pidf.xmlDecl.missing');
  assert.ok(decl);
  assert.equal(slice(t, decl), '<xml version="1.0" encoding="UTF-8"?>');
  assert.ok(codes(r.findings).includes('xml.malformed'));
  for (const f of r.findings) assert.ok(f.span.start >= t.indexOf('<xml') && f.span.end <= t.indexOf('</presence>') + 11, f.code);
});
