// The analyser takes an edit's window from its caller (a language server knows it from the
// protocol) instead of comparing two versions of the text, and ignores a window that cannot be
// the edit's: either way the result is the from-scratch analysis.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { analyzeDocument } from '../../server/src/core/analyze';
import { IncrementalAnalyzer, type EditHint } from '../../server/src/core/incremental/incrementalAnalyzer';
import type { ChangedWindow } from '../../server/src/core/incremental/textDiff';
import { makeLargeTrace, T0, testKeys } from '../../scripts/large-trace';
import { snapshot } from './snapshot';

const k = testKeys();
const opts = { keys: k.keys, now: T0 + 5000 };

test('with the edits as the caller knows them, every version analyses as from scratch, and the windows are used', () => {
  let text = makeLargeTrace(300, 12, k).text;
  const inc = new IncrementalAnalyzer();
  const windows = new Map<number, ChangedWindow>();
  let asked = 0;
  const hint = (version: number): EditHint => ({
    version,
    windowSince: (since) => {
      asked++;
      return since === version - 1 ? windows.get(version) : undefined;
    },
  });
  inc.analyze(text, opts, hint(1));
  let x = 11;
  const rnd = (n: number) => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0), x % n);
  for (let v = 2; v < 14; v++) {
    const start = text.indexOf('<body>', rnd(text.length)) + 6;
    const end = start + rnd(3);
    const ins = ['p', 'q', 'xy'][rnd(3)];
    text = text.slice(0, start) + ins + text.slice(end);
    windows.set(v, { start, oldEnd: end, newEnd: start + ins.length });
    const a = inc.analyze(text, opts, hint(v));
    assert.ok(isDeepStrictEqual(snapshot(a), snapshot(analyzeDocument(text, opts))), `version ${v}`);
  }
  assert.ok(asked >= 12, `the windows were asked for ${asked} times`);
  assert.ok(inc.stats.reused + inc.stats.spliced >= 10, 'the edits were not spliced');
});

test('a window that does not fit the two texts is not used', () => {
  const text = makeLargeTrace(200, 8, k).text;
  const inc = new IncrementalAnalyzer();
  inc.analyze(text, opts, { version: 1, windowSince: () => undefined });
  const at = text.indexOf('Hello number 40') + 6;
  const next = text.slice(0, at) + 'NUMBER' + text.slice(at + 6);
  // Claims the change was at the start of the file: same lengths, so only the texts can tell... a
  // window whose lengths disagree with the texts is refused outright.
  const wrong = { start: 0, oldEnd: 0, newEnd: 3 };
  const a = inc.analyze(next, opts, { version: 2, windowSince: () => wrong });
  assert.ok(isDeepStrictEqual(snapshot(a), snapshot(analyzeDocument(next, opts))));
});
