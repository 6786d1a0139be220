// Prosody's summary entries are stanzas only in a log with no whole entry (lineFramer's
// summariesDuplicate), a property of the whole file: an edit re-parses only its entries when
// they read alone as in the whole file, and equals a fresh analysis whatever it does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { IncrementalAnalyzer } from '../../server/src/core/incremental/incrementalAnalyzer';
import { analyzeDocument } from '../../server/src/core/analyze';
import { asLog, asProsodySummaries, makeLargeTrace, prosodyPrefix, T0, testKeys } from '../../scripts/large-trace';
import { snapshot } from './snapshot';

const k = testKeys();
const raw = makeLargeTrace(200, 10, k).text;
const opts = { keys: k.keys, now: T0 + 5000 };

/** Each edit applied in turn: the incremental analysis equals a fresh one after each. */
function edited(text: string, edits: ((t: string) => string)[]): { spliced: number; last: string } {
  const inc = new IncrementalAnalyzer();
  inc.analyze(text, { ...opts, cache: new Map() });
  let t = text;
  for (const [i, e] of edits.entries()) {
    t = e(t);
    const a = inc.analyze(t, { ...opts, cache: new Map() });
    assert.ok(isDeepStrictEqual(snapshot(a), snapshot(analyzeDocument(t, { ...opts, cache: new Map() }))), `edit ${i}: differs from a fresh analysis`);
  }
  return { spliced: inc.stats.spliced, last: t };
}

const renameId = (from: string, to: string) => (t: string) => {
  assert.ok(t.includes(from), from);
  return t.replace(from, to);
};

test('a summaries-only log: edits re-parse their entries; the summaries stay its stanzas', () => {
  const text = asProsodySummaries(raw);
  const { spliced } = edited(text, [renameId("id='id42'", "id='id42x'"), renameId("id='id121'", "id='i'"), renameId("to='example.com'", "to='example.org'")]);
  assert.equal(spliced, 3);
  assert.equal(analyzeDocument(text, opts).trace!.keptSummaries, true);
});

test('a summaries-only log given a whole entry: every summary stops being a stanza (parsed whole)', () => {
  const text = asProsodySummaries(raw);
  const line = text.indexOf('\n', text.length >> 1) + 1;
  const whole = "Nov 01 10:00:00 c2s55e8a0f7a\tdebug\tRECV: <message id='w1' to='romeo@example.net'><body>whole</body></message>\n";
  const { spliced, last } = edited(text, [(t) => t.slice(0, line) + whole + t.slice(line)]);
  assert.equal(spliced, 0);
  const a = analyzeDocument(last, opts);
  assert.equal(a.trace!.keptSummaries, undefined);
  assert.deepEqual(a.trace!.stanzas.map((s) => s.id?.value), ['w1']);
});

test('a log with whole entries and a stretch of summaries: an edit among the summaries is read as the whole file reads it', () => {
  const mixed = asLog(raw, prosodyPrefix, '\t');
  const middle = mixed.indexOf('\nNov 01', mixed.length >> 1) + 1;
  const stretch = Array.from({ length: 30 }, (_, i) => `Nov 01 10:00:00 c2s55e8a0f7a\tdebug\tReceived[c2s]: <presence id='p${i}'${i % 2 ? '/' : ''}>`).join('\n') + '\n';
  const text = mixed.slice(0, middle) + stretch + mixed.slice(middle);
  edited(text, [renameId("id='p12'", "id='p12x'"), renameId("id='p3'", "id='p3y'")]);
  // The summaries are no stanzas of this file (it has whole entries).
  assert.ok(!analyzeDocument(text, opts).trace!.stanzas.some((s) => s.id?.value.startsWith('p')));
});
