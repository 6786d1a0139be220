// The gateway rule (E2E-44) keeps each first sighting's text (a slice in a whole pass) or its
// fingerprint (a digest and a hash per line, for a streamed segment): a later sighting of the same signature must
// be found modified, or not, and its changed line placed, as a character-by-character comparison
// of the two normalised texts places it, whatever characters the text holds (Latin-1 or not, lone
// surrogates included).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayTracker } from '../../server/src/core/e2e/gatewayRules';
import type { E2eRef, Span } from '../../server/src/core/types';

const identity = { toFile: (o: number) => o, toFileSpan: (start: number, end: number): Span => ({ start, end }) };

function ref(content: string): E2eRef {
  return { content, contentSpan: { start: 0, end: content.length }, map: identity } as unknown as E2eRef;
}

/** The rule as it was when it kept the first text: the changed line of `now` by the first differing character. */
function referenceSpan(was: string, now: string): Span | undefined {
  const norm = (s: string) => s.trim().replace(/\r\n?/g, '\n');
  const a = norm(was);
  const t = norm(now);
  if (a === t) return undefined;
  const start = now.length - now.trimStart().length;
  const end = now.trimEnd().length;
  const at: number[] = [];
  for (let i = start; i < end; i++) if (!(now[i] === '\r' && now[i + 1] === '\n')) at.push(i);
  let i = 0;
  while (i < t.length && i < a.length && t[i] === a[i]) i++;
  const lineStart = t.lastIndexOf('\n', i - 1) + 1;
  let lineEnd = t.indexOf('\n', i);
  if (lineEnd < 0) lineEnd = t.length;
  const from = at[Math.min(lineStart, at.length - 1)] ?? 0;
  const to = lineEnd > lineStart ? (at[lineEnd - 1] ?? from) + 1 : from + 1;
  return { start: from, end: to };
}

function observed(was: string, now: string, copyTexts = false): Span | undefined {
  const g = new GatewayTracker();
  g.copyTexts = copyTexts;
  assert.deepEqual(g.observe(ref(was), ['sig'], 'd'), []);
  const f = g.observe(ref(now), ['sig'], 'd');
  assert.ok(f.length <= 1);
  if (f[0]) assert.equal(f[0].code, 'e2e.gw.modified');
  return f[0]?.span;
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

test('gateway rule: a modified copy is found and its changed line placed as a text comparison places it', () => {
  const r = rng(7);
  const pick = (s: string) => s[Math.floor(r() * s.length)]!;
  const alphabet = 'abAB01+/= \t\r\n\r\né€\ud800\udfff';
  for (let n = 0; n < 3000; n++) {
    let was = '';
    const len = Math.floor(r() * 60);
    for (let i = 0; i < len; i++) was += pick(alphabet);
    let now = was;
    const edits = Math.floor(r() * 3);
    for (let e = 0; e < edits; e++) {
      const at = Math.floor(r() * (now.length + 1));
      const kind = Math.floor(r() * 5);
      if (kind === 0) now = now.slice(0, at) + pick(alphabet) + now.slice(at);
      else if (kind === 1) now = now.slice(0, at) + now.slice(at + 1);
      else if (kind === 2) now = now.replace(/\r?\n/, (m) => (m === '\n' ? '\r\n' : '\n'));
      else if (kind === 3) now = now.slice(0, at);
      else now = now + '\n' + pick(alphabet) + pick(alphabet);
    }
    const expected = referenceSpan(was, now);
    assert.deepEqual(observed(was, now), expected, JSON.stringify({ was, now }));
    // As a streamed segment's sightings are kept: fingerprinted when seen.
    assert.deepEqual(observed(was, now, true), expected, JSON.stringify({ was, now, copyTexts: true }));
  }
});

test('gateway rule: line endings and surrounding whitespace are not modifications; another delivery is not compared', () => {
  assert.equal(observed('a\r\nb\rc', '  a\nb\nc\n'), undefined);
  assert.deepEqual(observed('line one\nline two\nline three', 'line one\nline 2\nline three'), { start: 9, end: 15 });
  // One lone surrogate for another (UTF-8 would read both as U+FFFD), kept as a whole pass or a streamed one keeps it.
  for (const copyTexts of [false, true]) assert.deepEqual(observed('ab\nc\ud800d', 'ab\nc\udfffd', copyTexts), { start: 3, end: 6 });
  const g = new GatewayTracker();
  g.observe(ref('abc'), ['sig'], 'one');
  assert.deepEqual(g.observe(ref('abd'), ['sig'], 'two'), []);
});
