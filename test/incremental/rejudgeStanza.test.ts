// An edit inside one sealed object judges that stanza again and moves the rest of the previous
// analysis (incremental/rejudgeStanza.ts), only when no trace-wide rule can see the change; the
// result is always the fresh analysis. Edits that another stanza's findings depend on (an error
// reply answering the stanza, a second sighting of the same signed object) take the whole path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { analyzeDocument, type Analysis, type AnalyzeOptions } from '../../server/src/core/analyze';
import { IncrementalAnalyzer } from '../../server/src/core/incremental/incrementalAnalyzer';
import { makeLargeTrace, T0, testKeys } from '../../scripts/large-trace';
import { snapshot } from './snapshot';
import { checkpointsOf } from '../../server/src/core/e2e/ruleCheckpoints';

const k = testKeys();
const opts: AnalyzeOptions = { keys: k.keys, now: T0 + 5000, cache: new Map() };
const base = makeLargeTrace(200, 10, k).text;

/** An analyzer that has seen `text`; each step asserts the incremental result is the fresh one. */
function session(text: string) {
  const inc = new IncrementalAnalyzer();
  inc.analyze(text, opts);
  return {
    inc,
    edit(next: string): Analysis {
      const a = inc.analyze(next, opts);
      assert.ok(isDeepStrictEqual(snapshot(a), snapshot(analyzeDocument(next, { ...opts, cache: new Map() }))), 'the incremental analysis differs from a fresh one');
      return a;
    },
  };
}

const objectOf = (a: Analysis, id: string) => a.objects.find((o) => a.trace!.stanzas[o.stanzaIndex].id?.value === id)!;

test('tampering with one object, then another after it, then undoing both: each edit judges one stanza again', () => {
  const s = session(base);
  const first = base.replace('Sealed message 19:', 'Sealed massage 19:');
  let a = s.edit(first);
  assert.equal(s.inc.stats.rejudged, 1);
  assert.equal(objectOf(a, 's19').status, 'failed');
  assert.equal(objectOf(a, 's59').status, 'verified');
  // The second object's findings lie after the first's, whose count changed: the layout moved with them.
  const both = first.replace('Sealed message 59:', 'Sealed message 59 (edited):');
  a = s.edit(both);
  assert.equal(s.inc.stats.rejudged, 2);
  assert.equal(objectOf(a, 's59').status, 'failed');
  a = s.edit(first);
  a = s.edit(base);
  assert.equal(s.inc.stats.rejudged, 4);
  assert.ok(a.objects.every((o) => o.status === 'verified' || o.status === 'decrypted'), a.objects.map((o) => o.status).join(' '));
});

test('an error reply answering the edited stanza: the whole path (the reply is judged by the verdict)', () => {
  const reply = `\n<message type='error' from='romeo@example.net' to='juliet@example.com/balcony' id='s19'><error type='modify'><not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><signature-unverified xmlns='urn:ietf:params:xml:ns:xmpp-e2e'/></error></message>`;
  const at = base.indexOf('\n', base.indexOf(']]></e2e></message>', base.indexOf("id='s19'")));
  const text = base.slice(0, at) + reply + base.slice(at);
  const s = session(text);
  assert.ok(analyzeDocument(text, opts).findings.some((f) => f.code === 'e2e.err.unexpected'), 'the reply reports an object that verifies');
  const a = s.edit(text.replace('Sealed message 19:', 'Sealed massage 19:'));
  assert.equal(s.inc.stats.rejudged, 0);
  assert.ok(!a.findings.some((f) => f.code === 'e2e.err.unexpected'));
});

test('the same signed object sighted twice: the whole path (the gateway rule compares their texts)', () => {
  const start = base.lastIndexOf('\n', base.indexOf("id='s39'")) + 1;
  const end = base.indexOf('\n', base.indexOf(']]></e2e></message>', start));
  const text = base.slice(0, end + 1) + base.slice(start, end + 1) + base.slice(end + 1);
  const s = session(text);
  const a = s.edit(text.replace('Sealed message 39:', 'Sealed massage 39:'));
  assert.equal(s.inc.stats.rejudged, 0);
  assert.ok(a.findings.some((f) => f.code === 'e2e.gw.modified'), 'the second copy differs from the first');
});

test("the trace-wide rules' checkpoints: an edit late in the trace starts from one, an edit before some drops those, and every result is the fresh one", () => {
  const inc = new IncrementalAnalyzer();
  const every2: AnalyzeOptions = { ...opts, checkpointEvery: 2 };
  inc.analyze(base, every2);
  const edit = (next: string): Analysis => {
    const a = inc.analyze(next, every2);
    assert.ok(isDeepStrictEqual(snapshot(a), snapshot(analyzeDocument(next, { ...opts, cache: new Map() }))), 'the incremental analysis differs from a fresh one');
    return a;
  };
  const at = (a: Analysis) => checkpointsOf(a).map((c) => c.at);
  // Ten objects, one per 20 stanzas: s19, s39, …, s199 (records 0 to 9; the last two encrypted, so s139, record 6, is edited).
  const tampered = base.replace('Sealed message 139:', 'Sealed massage 139:');
  let a = edit(tampered);
  assert.equal(inc.stats.rejudged, 1);
  assert.equal(objectOf(a, 's139').status, 'failed');
  assert.deepEqual(at(a), [2, 4, 6, 8]);
  // Undone at once: fed from record 6's checkpoint again, which the edit before fed nothing (a copy
  // was fed: the later objects' accepted timestamps would make this one's a decreasing one).
  a = edit(base);
  assert.equal(inc.stats.rejudged, 2);
  assert.equal(objectOf(a, 's139').status, 'verified');
  a = edit(tampered);
  assert.equal(inc.stats.rejudged, 3);
  // A body edit between records 3 (s79) and 4 (s99): the checkpoints that saw record 4 or later are dropped.
  const body = tampered.replace('Hello number 85 &amp;', 'Hello number 85 (edited) &amp;');
  assert.notEqual(body, tampered);
  a = edit(body);
  assert.equal(inc.stats.reused, 1);
  assert.deepEqual(at(a), [2, 4]);
  // Undone: fed from record 4's checkpoint, with new ones at 6 and 8.
  a = edit(body.replace('Sealed massage 139:', 'Sealed message 139:'));
  assert.equal(inc.stats.rejudged, 4);
  assert.equal(objectOf(a, 's139').status, 'verified');
  assert.deepEqual(at(a), [2, 4, 6, 8]);
});
