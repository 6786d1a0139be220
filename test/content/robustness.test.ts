// Bad input never throws out of the core, and every finding stays inside the analysed text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCpim } from '../../server/src/core/cpim/checkCpim';
import { checkPidf } from '../../server/src/core/pidf/checkPidf';
import { decodeBase64Body, parseMimeEntity, splitMultipart } from '../../server/src/core/mime/mimeEntity';
import { parseJid } from '../../server/src/core/jid/jid';
import { parseRfc3339 } from '../../server/src/core/time/rfc3339';
import { shiftMap } from '../../server/src/core/offsetMap';
import type { Finding } from '../../server/src/core/types';

const PIECES = ['\r\n', '\n', ' ', '\t', ':', ';', '=', '"', '<', '>', '/', '@', '.', '-', '--b', 'b', 'From', 'To', 'NS', 'Content-Type',
  'multipart/signed; boundary=b', 'Message/CPIM', '<?xml', '?>', '<presence', 'xmlns="urn:ietf:params:xml:ns:pidf"', '<tuple', 'id="x"',
  '</tuple>', '<basic>', 'open', '</basic>', '<timestamp>', '2003-12-09T23:53:11Z', '&amp;', '\u00e9', '\ud83d', 'a.b', '=='];

function* randomTexts(count: number): Generator<string> {
  let seed = 12345;
  const next = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed;
  };
  for (let i = 0; i < count; i++) {
    let s = '';
    const n = next() % 40;
    for (let j = 0; j < n; j++) s += PIECES[next() % PIECES.length];
    yield s;
  }
}

function inBounds(findings: Finding[], offset: number, length: number, what: string): void {
  for (const f of findings) {
    assert.ok(f.span.start >= offset && f.span.end <= offset + length && f.span.start <= f.span.end, `${what}: ${f.code} ${JSON.stringify(f.span)}`);
  }
}

test('random input: no throws, findings inside the text', () => {
  const OFF = 7;
  let total = 0;
  for (const s of randomTexts(1500)) {
    const map = shiftMap(OFF);
    const c = checkCpim(s, map, { standalone: true });
    inBounds(c.findings, OFF, s.length, `cpim ${JSON.stringify(s)}`);
    const p = checkPidf(s, map, { standalone: true });
    inBounds(p.findings, OFF, s.length, `pidf ${JSON.stringify(s)}`);
    const e = parseMimeEntity(s, map);
    const sp = splitMultipart(e);
    inBounds(sp.findings, OFF, s.length, `multipart ${JSON.stringify(s)}`);
    for (const part of sp.parts) assert.ok(s.includes(part.raw));
    const d = decodeBase64Body(e);
    if (!d.ok) assert.ok(d.reason);
    parseJid(s);
    parseRfc3339(s);
    total += c.findings.length + p.findings.length;
  }
  assert.ok(total > 0);
});
