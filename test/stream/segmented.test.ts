// A trace cut into segments at any of its cut points and analysed segment by segment gives what
// the whole analysis gives: the same findings (order, spans, messages, fixes), the same object
// reports and stanza count. Checked for every single cut, and for random sets of cuts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDocument, type AnalyzeOptions } from '../../server/src/core/analyze';
import { SegmentedAnalysis } from '../../server/src/core/stream/segmentedAnalysis';
import { isSegmentable, lastCut } from '../../server/src/core/stream/segmentCuts';
import { detectDialect } from '../../server/src/core/trace/detectDialect';
import type { ObjectReport } from '../../server/src/core/types';
import { makeLargeTrace, T0 } from '../../scripts/large-trace';
import { corpusDir, needsCorpus } from '../helpers/corpus';
import { keys, makeLog } from './streamLogs';

const options: AnalyzeOptions = { keys: keys.keys, now: T0 + 60_000, clock: () => T0 + 90_000 };

/** Every place the text may be cut, found the way the streaming reader finds them (lastCut on growing prefixes). */
function allCuts(text: string, dialect = detectDialect(text)): number[] {
  const cuts: number[] = [];
  for (let end = text.length; ; ) {
    const c = lastCut(text.slice(0, end), dialect);
    if (c <= 0) break;
    cuts.unshift(c);
    end = c;
  }
  return cuts;
}

function segmented(text: string, cuts: number[]) {
  const a = new SegmentedAnalysis(detectDialect(text), options);
  const objects: ObjectReport[] = [];
  let from = 0;
  for (const c of [...cuts, text.length]) {
    for (const r of a.segment(text.slice(from, c), from).reports) objects.push(r);
    from = c;
  }
  const r = a.finish();
  return { findings: r.findings, objects, stanzas: r.stanzaCount, dialect: r.dialect };
}

function whole(text: string) {
  const a = analyzeDocument(text, options);
  return { findings: a.findings, objects: a.objects, stanzas: a.stanzaCount, dialect: a.dialect };
}

const plain = (x: unknown) => JSON.parse(JSON.stringify(x));

for (const dialect of ['libstrophe', 'slixmpp'] as const) {
  test(`${dialect}: every single cut and random cut sets give the whole analysis`, () => {
    const text = makeLog(dialect);
    assert.equal(detectDialect(text), dialect);
    const expected = plain(whole(text));
    // The log exercises what the trace-wide rules carry across a cut.
    const codes = new Set(expected.findings.map((f: { code: string }) => f.code));
    for (const c of ['e2e.ts.replay', 'e2e.err.reported', 'e2e.err.serviceUnavailable', 'xmpp.error.loop', 'trace.stanza.truncated', 'input.encoding.invalid', 'e2e.gw.modified']) assert.ok(codes.has(c), `${c} in ${[...codes].join(' ')}`);
    const cuts = allCuts(text);
    assert.ok(cuts.length >= 12, `cuts: ${cuts.length}`);
    assert.deepEqual(plain(segmented(text, [])), expected);
    for (const c of cuts) assert.deepEqual(plain(segmented(text, [c])), expected, `cut at ${c}`);
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    for (let n = 0; n < 30; n++) {
      const some = cuts.filter(() => rnd() < 0.4);
      assert.deepEqual(plain(segmented(text, some)), expected, `cuts ${some.join(',')}`);
    }
  });
}

const SAMPLES = join(__dirname, '..', '..', 'samples', 'traces');

test('raw XML streams: the samples and a generated trace, cut everywhere and at random', () => {
  const texts = readdirSync(SAMPLES).filter((n) => n.endsWith('.xml')).map((n) => [n, readFileSync(join(SAMPLES, n), 'utf8')] as const);
  texts.push(['generated', makeLargeTrace(300, 30, keys).text]);
  let cutsSeen = 0;
  for (const [name, text] of texts) {
    if (detectDialect(text) !== 'raw-xml') continue;
    const expected = plain(whole(text));
    const cuts = allCuts(text);
    cutsSeen += cuts.length;
    assert.deepEqual(plain(segmented(text, cuts)), expected, `${name}: every cut`);
    for (const c of cuts.slice(0, 25)) assert.deepEqual(plain(segmented(text, [c])), expected, `${name}: cut at ${c}`);
  }
  assert.ok(cutsSeen > 300, `cuts: ${cutsSeen}`);
});

test('raw XML damaged at random (cut tags, stray end tags, unclosed stanzas, CDATA): segmented is still the whole analysis', () => {
  let seed = 11;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const base = makeLargeTrace(60, 8, keys).text;
  const damage = ['', '<', '</message>', '<message>', '<![CDATA[', ']]>', '<!--', '-->', '</stream:stream>', '\n<iq type="get" id="z">', "'", '&', '\n<presence/>\n'];
  for (let n = 0; n < 40; n++) {
    let text = base;
    for (let k = 0; k < 1 + Math.floor(rnd() * 4); k++) {
      const at = Math.floor(rnd() * text.length);
      text = text.slice(0, at) + damage[Math.floor(rnd() * damage.length)] + text.slice(at + Math.floor(rnd() * 3));
    }
    if (detectDialect(text) !== 'raw-xml') continue;
    const expected = plain(whole(text));
    const cuts = allCuts(text);
    assert.deepEqual(plain(segmented(text, cuts)), expected, `damaged #${n}: every cut`);
    assert.deepEqual(plain(segmented(text, cuts.filter(() => rnd() < 0.3))), expected, `damaged #${n}: some cuts`);
  }
});

test('corpus traces of segmented dialects: cut everywhere, the whole analysis', needsCorpus(join(corpusDir, 'traces')), () => {
  let checked = 0;
  for (const name of readdirSync(join(corpusDir, 'traces'))) {
    const text = readFileSync(join(corpusDir, 'traces', name), 'utf8');
    if (!isSegmentable(detectDialect(text))) continue;
    const expected = plain(whole(text));
    const cuts = allCuts(text);
    assert.deepEqual(plain(segmented(text, cuts)), expected, name);
    for (const c of cuts.slice(0, 40)) assert.deepEqual(plain(segmented(text, [c])), expected, `${name} cut at ${c}`);
    checked++;
  }
  assert.ok(checked > 0, 'no corpus trace of a segmented dialect');
});
