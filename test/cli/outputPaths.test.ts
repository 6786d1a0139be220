// The CLI's output edge after its speed work: the piecewise JSON writer equals formatJson byte for
// byte, the line index finds the same lines with and without CR, and the per-pass crypto cache keeps
// the most recent entries only, each under its own content key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatJson, type OutFile } from '../../cli/src/formatReport';
import { writeJsonReport } from '../../cli/src/jsonReport';
import { LineIndex } from '../../cli/src/lineIndex';
import { LineStarts } from '../../cli/src/lineStarts';
import { cachedParse, RecentCache } from '../../server/src/core/e2e/cryptoCache';

const file = (path: string, extra: Record<string, unknown> = {}): OutFile =>
  ({
    path,
    dialect: 'raw-xml',
    kind: 'trace',
    stanzas: 2,
    diagnostics: [{ code: 'x.y', severity: 'error', message: 'line one\nline "two"\n', range: { start: { line: 0, character: 1 }, end: { line: 2, character: 0 } } }],
    objects: [{ lens: 'lens\ttext', nested: { list: [1, [], {}], empty: '' } }],
    ...extra,
  }) as unknown as OutFile;

test('writeJsonReport writes what formatJson writes, for no, one and several files', () => {
  for (const files of [[], [file('a.xml')], [file('a.xml'), file('b\n.xml', { capture: { streams: [] } }), file('c.xml', { objects: [] })]]) {
    let out = '';
    writeJsonReport(files.map((out) => ({ out })), (s) => (out += s));
    assert.equal(out, formatJson(files));
  }
});

test('LineIndex: LF-only text (the indexOf path) and CR, CRLF, LF text give the same lines', () => {
  const lf = 'a\nbc\n\nd';
  const mixed = 'a\r\nbc\r\rd';
  const a = new LineIndex(lf);
  const b = new LineIndex(mixed);
  assert.deepEqual([0, 1, 2, 3, 5, 6, 7].map((o) => a.positionAt(o)), [
    { line: 0, character: 0 }, { line: 0, character: 1 }, { line: 1, character: 0 }, { line: 1, character: 1 },
    { line: 2, character: 0 }, { line: 3, character: 0 }, { line: 3, character: 1 },
  ]);
  assert.deepEqual([0, 3, 6, 7, 8].map((o) => b.positionAt(o)), [
    { line: 0, character: 0 }, { line: 1, character: 0 }, { line: 2, character: 0 }, { line: 3, character: 0 }, { line: 3, character: 1 },
  ]);
  assert.equal(a.offsetOfLine(3), 6);
  assert.equal(new LineIndex('no break').offsetOfLine(5), 0);
});

test('RecentCache keeps the most recently used entries and evicts the oldest', () => {
  const c = new RecentCache(2);
  c.set('a', 1);
  c.set('b', undefined);
  assert.equal(c.get('a'), 1); // a is now the most recent
  c.set('c', 3);
  assert.equal(c.size, 2);
  assert.ok(!c.has('b'));
  assert.ok(c.has('b') === false && c.has('a') && c.has('c'));
  c.set('c', 4);
  assert.equal(c.size, 2);
  assert.equal(c.get('c'), 4);
});

test('a RecentCache keys parses by content: two different objects never share a result', () => {
  const c = new RecentCache(RecentCache.ONE_PASS);
  const one = new Uint8Array([0x30, 0x03, 0x06, 0x01, 0x2a]);
  const two = new Uint8Array([0x30, 0x03, 0x06, 0x01, 0x2b]);
  const p1 = cachedParse(one, c);
  const p2 = cachedParse(two, c);
  assert.notEqual(p1, p2);
  assert.equal(cachedParse(new Uint8Array(one), c), p1); // same bytes, another array: the same entry
  assert.equal(c.size, 2);
});

test('LineStarts past 4 GiB characters: the offsets are kept whole', () => {
  const lines = new LineStarts();
  lines.add('a\nb\n', 0);
  const far = 2 ** 32 + 5;
  lines.add('cd\nef', far);
  assert.deepEqual(lines.positionAt(3), { line: 1, character: 1 });
  assert.deepEqual(lines.positionAt(far + 1), { line: 2, character: far + 1 - 4 });
  assert.deepEqual(lines.positionAt(far + 4), { line: 3, character: 1 });
  assert.equal(lines.offsetOfLine(3), far + 3);
});

test('LineIndex and LineStarts equal a per-character scan on random texts of CR, LF, CRLF and letters', () => {
  const naive = (s: string): number[] => {
    const starts = [0];
    for (let i = 0; i < s.length; i++) if (s[i] === '\n' || (s[i] === '\r' && s[i + 1] !== '\n')) starts.push(i + 1);
    return starts;
  };
  const pieces = ['a', '\r', '\n', '\r\n', 'b'];
  let seed = 7;
  const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
  for (let k = 0; k < 3000; k++) {
    let s = '';
    for (let i = next(14); i > 0; i--) s += pieces[next(pieces.length)];
    const index = new LineIndex(s);
    const starts = naive(s);
    starts.forEach((start, line) => assert.equal(index.offsetOfLine(line), start, JSON.stringify(s)));
    assert.equal(index.offsetOfLine(starts.length), starts[starts.length - 1], JSON.stringify(s));
    // A streamed file's LineStarts, its text added in two segments cut after a line break.
    const cut = starts[next(starts.length)];
    const streamed = new LineStarts();
    streamed.add(s.slice(0, cut), 0);
    streamed.add(s.slice(cut), cut);
    for (let o = 0; o <= s.length; o++) assert.deepEqual(streamed.positionAt(o), index.positionAt(o), JSON.stringify(s));
  }
});
