// The explorer's wire format and its deltas, on the rows of real analyses: columns decode to the
// rows they encode (in any chunking), and on random edits of a session log the splice between the
// old and the new rows, applied to the old, gives exactly the new ones (and is not the whole model
// when the edit is local). The row for a cursor: its stanza, or one on the cursor's line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../server/src/core/analyze';
import { buildRows, rowNear, type ViewRow } from '../../server/src/core/explorer/rows';
import { decodeRows, encodeRows } from '../../server/src/core/explorer/rowColumns';
import { applySplice, diffRows, movedIndex } from '../../server/src/core/explorer/rowDelta';
import { lensTitle } from '../../server/src/core/service';
import { sessionTrace } from './sessionTrace';

function viewRows(text: string): ViewRow[] {
  return buildRows(analyzeDocument(text, { fileName: 'session.log', verify: false }), { lensTitle }).map(({ span: _s, objects: _o, ...r }) => r);
}

/** Rows as JSON sees them (absent and undefined fields alike). */
const plain = (rows: readonly ViewRow[]) => JSON.parse(JSON.stringify(rows));

/** A small deterministic PRNG (mulberry32): failures replay from the seed in the message. */
function rng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

const base = sessionTrace(undefined, 6).text;

test('columns decode to the rows they encode, whole or in chunks; strings are stored once', () => {
  const rows = viewRows(base);
  assert.ok(rows.length > 20);
  const whole = encodeRows(rows);
  assert.deepEqual(plain(decodeRows(whole)), plain(rows));
  assert.equal(new Set(whole.s).size, whole.s.length);
  assert.ok(whole.s.filter((x) => x === 'juliet@example.com/balcony').length === 1);
  const chunked: ViewRow[] = [];
  for (let at = 0; at < rows.length; at += 7) chunked.push(...decodeRows(encodeRows(rows, at, at + 7)));
  assert.deepEqual(plain(chunked), plain(rows));
  assert.ok(JSON.stringify(whole).length < JSON.stringify(rows).length / 2, 'columns are less than half the JSON of the objects');
});

test('on random edits, the splice applied to the old rows gives the new rows', () => {
  const seed = 1414;
  const r = rng(seed);
  let lines = base.split('\n').filter((l) => l !== '');
  let old = viewRows(lines.join('\n') + '\n');
  let local = 0;
  for (let step = 0; step < 40; step++) {
    const i = r(lines.length);
    const kind = r(5);
    if (kind === 0) lines.splice(i, 0, lines[r(lines.length)]); // a copied stanza line
    else if (kind === 1 && lines.length > 3) lines.splice(i, 1); // a stanza removed
    else if (kind === 2) lines[i] = lines[i].replace(/id='[^']*'/, `id='edit${step}'`);
    else if (kind === 3) lines[i] = lines[i].replace(/<body>[^<]*/, `<body>edited ${step}`);
    else lines[i] = lines[i].replace(/(\d\d:\d\d):(\d\d)/, (_m, hm, s) => `${hm}:${String((Number(s) + 7) % 60).padStart(2, '0')}`);
    const next = viewRows(lines.join('\n') + '\n');
    const splice = diffRows(old, next);
    assert.deepEqual(applySplice(old, splice), next, `seed ${seed}, step ${step}, edit ${kind} at line ${i}`);
    if (splice.insert.length + splice.remove <= 4) local++;
    // Rows outside the splice keep their content; those after it move by the size change.
    const after = splice.at + splice.remove;
    if (after < old.length) assert.equal(movedIndex(after, splice), after + splice.insert.length - splice.remove);
    old = next;
  }
  assert.ok(local >= 20, `most single-line edits give a small splice (${local} of 40)`);
});

test('an unchanged model gives the empty splice; a replaced model the whole one', () => {
  const rows = viewRows(base);
  const same = diffRows(rows, viewRows(base));
  assert.deepEqual([same.remove, same.insert], [0, []]);
  const other = viewRows(base.replaceAll('juliet@example.com', 'julia@example.com'));
  const s = diffRows(rows, other);
  assert.deepEqual(applySplice(rows, s), other);
  assert.ok(s.remove > rows.length / 2);
});

test('the row for a cursor: the stanza holding it, else one starting or ending on its line', () => {
  // Two stanzas on line 0 after a prefix, one on line 1.
  const spans = [{ start: 5, end: 10 }, { start: 12, end: 20 }, { start: 30, end: 40 }];
  assert.equal(rowNear(spans, 7, 0, 21), 0);
  assert.equal(rowNear(spans, 0, 0, 21), 0, 'the prefix of line 0: its first stanza');
  assert.equal(rowNear(spans, 11, 0, 21), 1, 'between two stanzas: the next on the line');
  assert.equal(rowNear(spans, 21, 0, 21), 1, 'after the last stanza on the line: the one ending on it');
  assert.equal(rowNear(spans, 25, 22, 29), -1, 'a line without stanzas');
  assert.equal(rowNear(spans, 45, 41, 50), -1, 'a line after the last stanza');
  assert.equal(rowNear(spans, 45, 28, 50), 2, 'after the stanza, on its line');
  assert.equal(rowNear([], 3, 0, 5), -1);
});
