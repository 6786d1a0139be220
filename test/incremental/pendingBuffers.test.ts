// ejabberd logs a stanza that arrives in two network buffers as two records of its connection, and
// a whole-file parse joins them per connection (parseTrace.ts). An edited record can
// therefore complete a stanza left incomplete further up, records of another connection between:
// the log splice must see that (logSplice.ts' mayBePending) and parse the file again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { analyzeDocument, type AnalyzeOptions } from '../../server/src/core/analyze';
import { IncrementalAnalyzer } from '../../server/src/core/incremental/incrementalAnalyzer';
import { asEjabberdLog, makeLargeTrace, T0, testKeys } from '../../scripts/large-trace';
import { snapshot } from './snapshot';

const k = testKeys();
const opts: AnalyzeOptions = { keys: k.keys, now: T0 + 5000, cache: new Map() };
const connectionOf = (line: string) => /\[debug\] (<[0-9.]+>)/.exec(line)?.[1];

/** The record `line` with `xml` as what it logs. */
const withPayload = (line: string, xml: string) => line.replace(/<<".*">>$/, `<<"${xml}">>`);

test("an edited record that a connection's stanza, cut short further up, takes parses the log again, as a fresh open does", () => {
  const lines = asEjabberdLog(makeLargeTrace(160, 10, k).text).split('\n');
  // Three records in the middle of the log: connection A, B, A, each a plain stanza.
  const at = lines.findIndex((l, i) => i > lines.length / 2 && ![l, lines[i + 1], lines[i + 2]].some((x) => x.includes('e2e')) && connectionOf(l) !== undefined && connectionOf(lines[i + 1]) !== connectionOf(l) && connectionOf(lines[i + 2]) === connectionOf(l));
  assert.ok(at > 0, 'no A, B, A records in the generated log');
  // Before: A's first record a stanza cut short inside its body (the rest never logged).
  const before = [...lines.slice(0, at), withPayload(lines[at], "<message to='juliet@example.com' type='chat'><body>Wherefore art"), ...lines.slice(at + 1)];
  // After: A's next record (one record of B's between) is the rest of that body: a whole-file parse joins it to the stanza.
  const after = [...before.slice(0, at + 2), withPayload(before[at + 2], ' thou Romeo?'), ...before.slice(at + 3)];
  const fresh = (text: string) => analyzeDocument(text, { ...opts, cache: new Map() });
  const joined = fresh(after.join('\n'));
  assert.ok(joined.trace!.stanzas.some((s) => s.element.children.some((c) => c.type === 'element' && c.local === 'body' && c.children.some((t) => t.type !== 'element' && t.value === 'Wherefore art thou Romeo?'))), 'the two records were not joined: the test would prove nothing');

  const inc = new IncrementalAnalyzer();
  inc.analyze(before.join('\n'), opts);
  const spliced = inc.stats.spliced;
  const a = inc.analyze(after.join('\n'), opts);
  assert.equal(inc.stats.spliced, spliced, 'the edited record was spliced in alone');
  assert.ok(isDeepStrictEqual(snapshot(a), snapshot(joined)), 'the incremental analysis differs from a fresh one');
});
