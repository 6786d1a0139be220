// Linear time on adversarial shapes, checked by counting work, never by a clock: each shape of
// the benchmark (scripts/fuzz/adversarialShapes.ts) is run at n and 4n and the characters and
// elements its string, regex and array built-ins touch may grow at most 1.2x above 4x. A rescan per
// line, a regex over a growing remainder or an array shift per item grows 16x and fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SHAPES, runnerOf } from '../../scripts/fuzz/adversarialShapes';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { analyzeDocument } from '../../server/src/core/analyze';
import { corpusDir, repoRoot } from '../helpers/corpus';
import { countWork } from './workCounter';

/** Small sizes: the counter slows every built-in call down; the shapes stay the benchmark's. */
const SCALE = 1 / 16;
const ABOVE_LINEAR = 1.2;
/** Markers are matched in a line's first 512 characters (lineFramer HEAD, detectDialect). */
const LINE_HEAD = 512;
/**
 * Regexes that may meet a whole long run, each reviewed to be linear: one character class, or a
 * pattern anchored at the start with a single quantified class (no nested or alternated repeats).
 */
const LINEAR_ON_LONG_INPUT = new Set(['[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\ufffe\\uffff]', '^[ \\t]*$']);

for (const shape of SHAPES) {
  test(`work grows linearly: ${shape.name}`, () => {
    const run = runnerOf(shape);
    const n = Math.max(16, Math.round(shape.base * SCALE));
    const small = shape.make(n);
    const large = shape.make(4 * n);
    run(small); // lazy initialisation (tables, caches) is not counted against the small size
    const a = countWork(() => run(small));
    const b = countWork(() => run(large));
    assert.ok(a.total > 0, 'the counter saw the work');
    const step = b.total / a.total / 4;
    assert.ok(step <= ABOVE_LINEAR, `4x the input cost ${(b.total / a.total).toFixed(2)}x the work (${JSON.stringify(b.by)} vs ${JSON.stringify(a.by)})`);
    // Backtracking is invisible to the counts: no regex but the reviewed ones meets the long runs.
    const rx = b.longestRegexInput;
    assert.ok(rx.length <= LINE_HEAD || LINEAR_ON_LONG_INPUT.has(rx.source), `/${rx.source}/ ran on ${rx.length} characters`);
  });
}

test('the work counter sees a quadratic rescan (the check can fail)', () => {
  const rescan = (text: string): void => {
    // What the line framer once did: look at the whole entry again at every line.
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', nl + 1)) void text.slice(0, nl).lastIndexOf('<');
  };
  const lines = (n: number): string => 'x\n'.repeat(n);
  const a = countWork(() => rescan(lines(500)));
  const b = countWork(() => rescan(lines(2000)));
  assert.ok(b.total / a.total / 4 > 3, `a rescan per line grows ${(b.total / a.total).toFixed(1)}x for 4x the lines`);
});

test('the work counter restores the built-ins', () => {
  const before = String.prototype.indexOf;
  countWork(() => void 'abc'.indexOf('c'));
  assert.equal(String.prototype.indexOf, before);
  assert.throws(() => countWork(() => { throw new Error('inside'); }), /inside/);
  assert.equal(String.prototype.indexOf, before);
});

// Real logs repeated: every dialect's framing on its own shape of entries. A lookahead per entry
// (a search that runs on to the file's end) shows as 16x the work for 4x the entries.

/** Each file's first characters, repeated to about this size (then 4x that). */
const REPEAT_TO = 10_000;

for (const dir of [join(repoRoot, 'samples', 'traces'), join(repoRoot, 'test', 'fixtures', 'traces'), join(corpusDir, 'traces')]) {
  const files = existsSync(dir) ? readdirSync(dir).sort() : [];
  test(`work grows linearly with repeated entries: ${relative(repoRoot, dir)}`, existsSync(dir) ? {} : { skip: `${dir} not found` }, () => {
    assert.ok(files.length > 0);
    for (const f of files) {
      const text = readFileSync(join(dir, f), 'utf8').slice(0, REPEAT_TO);
      const k = Math.max(1, Math.ceil(REPEAT_TO / text.length));
      const small = text.repeat(k);
      const large = text.repeat(4 * k);
      const run = (t: string): void => void analyzeDocument(t, { verify: false, now: 0, fileName: f });
      run(small);
      const a = countWork(() => run(small));
      const b = countWork(() => run(large));
      const step = b.total / a.total / 4;
      assert.ok(step <= ABOVE_LINEAR, `${f}: 4x the entries cost ${(b.total / a.total).toFixed(2)}x the work`);
    }
  });
}
