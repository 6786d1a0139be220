// An edit inside one sealed object (a tampering experiment, a typo in a CPIM header): its stanza is
// judged again and the trace-wide rules (replay, send order, gateway, presence) are run again over
// the objects' remembered verdicts, in trace order; nothing else is judged again. Those rules read
// an object's signature values, signers, timestamp, sender, recipient and delivery, never its
// verdict, and the edit may change what they read of it (a broken signature has no signature value
// and no timestamp to observe). The new analysis is the previous one with the edited stanza's
// findings and record replaced, when
// - one stanza was parsed again, with the same addresses, type, id, times and one `<e2e/>` object,
//   no OMEMO, OX or XEP-0027 content in the trace, and no finding of the stanza's own;
// - every later object's trace-wide findings come out as they were (earlier ones cannot change:
//   the rules read the trace in order);
// - and no other finding points into the stanza (an error reply answering it: replies read its verdict).
// Otherwise the whole trace is judged again (with the memo). The result is the fresh analysis;
// test/incremental checks that on random edits, these among them.
import type { Analysis, AnalyzeOptions } from '../analyze';
import { traceCheckOptions } from '../analyze';
import { judgedRecord, nowFor, settledFindings, TraceWideRules, verdictAt, type ObjectRecord } from '../e2e/checkTraceObjects';
import type { Sighting } from '../e2e/gatewayRules';
import type { ObjectMemo } from '../e2e/objectMemo';
import { findersFor } from '../e2e/plainStanza';
import { keepExactFixes } from '../exactFixes';
import { layoutOf, withLayout, type FindingLayout } from '../findingLayout';
import { checkpointDue, checkpointsBefore, checkpointsOf, withCheckpoints } from '../e2e/ruleCheckpoints';
import { MAX_FINDINGS_PER_FILE, MAX_FINDINGS_PER_OBJECT } from '../findingLimits';
import type { Finding, Span, Stanza, Trace } from '../types';
import { shiftSpan } from '../spanShift';
import type { Sliceable } from '../textSource';
import type { SpliceRegion } from './streamSplice';
import { facts, judgedAt, movedRecord, ownFindings, shiftAfter, touchesRegion } from './reuseAnalysis';

/** The stanza's verdict-relevant facts besides its object: what nowFor and the stanza's own rules read. */
function delayFacts(s: Stanza): string {
  return JSON.stringify([s.delay?.epochMs, s.delay?.stamp?.value, s.delay?.legacy, s.delay?.from?.value, s.kind === 'iq' && s.type?.value === 'result']);
}

const sameSpan = (a: Span, b: Span) => a.start === b.start && a.end === b.end;

/**
 * A record's object as the trace-wide rules see it, its ref found in the moved stanza only when
 * its text is read (a gateway comparison): moving every stanza's refs would cost more than the rules.
 */
class RecordSighting implements Sighting {
  constructor(private readonly rec: ObjectRecord) {}

  get contentSpan(): Span {
    return this.rec.report.contentSpan;
  }

  get content(): string {
    return this.rec.ref.content;
  }

  get map(): Sighting['map'] {
    return this.rec.ref.map;
  }
}

/** Objects looked at between two pauses (each a few microseconds: the trace-wide rules, a comparison). */
const RECORDS_PER_STEP = 500;

/**
 * The same finding, at the same place, pointing at the same places; `at` says whether a span of
 * `a` is where a span of `b` is (the same span, unless `b` is to be read moved).
 */
function sameFinding(a: Finding, b: Finding, at: (s: Span, t: Span) => boolean = sameSpan): boolean {
  if (a.code !== b.code || a.message !== b.message || a.severity !== b.severity || !at(a.span, b.span)) return false;
  const x = a.related ?? [];
  const y = b.related ?? [];
  return x.length === y.length && x.every((q, i) => q.path === y[i].path && q.message === y[i].message && (q.path === undefined ? at(q.span, y[i].span) : sameSpan(q.span, y[i].span)));
}

/** What the edit is, when it may be judged here: the edited stanza k (old and new), its record r and what it was. */
interface EditedStanza {
  layout: FindingLayout;
  memo: ObjectMemo;
  k: number;
  o: Stanza;
  n: Stanza;
  r: number;
  /** Where stanza s's findings lie in the previous analysis's. */
  runOf: (s: number) => [number, number];
}

/** The previous analysis with one stanza judged again, or undefined when the edit may change more (see the header). */
export function* rejudgedAnalysis(prev: Analysis, next: Trace, region: SpliceRegion, text: Sliceable, options: AnalyzeOptions): Generator<void, Analysis | undefined, void> {
  const e = editedStanza(prev, next, region, text, options);
  if (!e) return undefined;
  const { layout, memo, k, n, r, runOf } = e;
  const old = prev.records[r];
  const checkOptions = traceCheckOptions(options);
  const ref = n.e2e[0];
  const fromSpan: Span = n.from?.valueSpan ?? n.element.nameSpan;
  const effectiveFrom = n.from?.value ?? old.effectiveFrom;
  const site = { stanza: n, ref, j: 0, index: old.report.index, stanzaIndex: k, effectiveFrom, fromSpan, now: nowFor(n, checkOptions), clockMs: checkOptions.clock() };
  const { verdict, fresh } = verdictAt(site, checkOptions);
  if (!verdict.judged || !verdict.wrapper.run) return undefined;

  const { oldTo, delta } = region;
  const records: ObjectRecord[] = prev.records.map((rec, i) => (i === r ? rec : movedRecord(rec, next, rec.report.span.start >= oldTo ? delta : 0, checkOptions)));
  // The object judged and every record moved: a step of its own (cold, the first edits took 50 ms and more in one).
  yield;
  if (options.isCancelled?.()) return undefined;
  // The rules fed from the last checkpoint before the object (nothing before it changed: those that
  // saw it or later ones are not kept), on a copy: the previous analysis's stay as they were.
  const kept = checkpointsBefore(checkpointsOf(prev), prev.records, region.oldFrom);
  const start = kept[kept.length - 1];
  const rules = start ? start.rules.clone() : new TraceWideRules(next.dialect, next.vantage);
  const checkpoints = [...kept];
  let newRun: Finding[] = [];
  const sameAsBefore = sameMovedBy(region);
  for (let i = start?.at ?? 0; i < records.length; i++) {
    if (i % RECORDS_PER_STEP === RECORDS_PER_STEP - 1) {
      yield;
      if (options.isCancelled?.()) return undefined;
    }
    // Where the whole path would take one (a stanza's first record), past the one started from.
    if (checkpointDue(checkpoints, i, checkOptions.checkpointEvery) && records[i - 1].report.stanzaIndex !== records[i].report.stanzaIndex) checkpoints.push({ at: i, rules: rules.clone() });
    if (i === r) {
      const judged = verdict.judged;
      const seen = rules.observe(n, ref, { signatureValues: judged.signatureValues, timestamp: judged.timestamp, signersHex: verdict.signersHex, pidf: verdict.pidf }, effectiveFrom, site.now.epochMs);
      newRun = keepExactFixes(text, [...verdict.wrapper.findings, ...settledFindings(judged, seen.findings, seen.replayFails, ref)]);
      continue;
    }
    const rec = records[i];
    // Its stanza as it was judged: the same addresses, id and times as the moved one, none of it moved.
    const at = judgedAt(rec);
    if (at.stanza.type?.value === 'error') continue; // returned in an error reply: not judged
    const m = memo.rememberedAt(at.ref, at.d);
    if (!m) return undefined;
    const { verdict: v, d } = m;
    if (!v.wrapper.run || !v.judged) continue; // not decoded: no rule reads it
    const j = v.judged;
    const timestamp = j.timestamp && d !== 0 ? { ...j.timestamp, span: shiftSpan(j.timestamp.span, d) } : j.timestamp;
    const seen = rules.observe(at.stanza, new RecordSighting(rec), { signatureValues: j.signatureValues, timestamp, signersHex: v.signersHex, pidf: v.pidf }, rec.effectiveFrom, nowFor(at.stanza, checkOptions).epochMs);
    // The rules are causal: what they said of an object before the edited one is what they say now.
    if (i < r) continue;
    // After it: the same trace-wide findings, at the end of the stanza's run. Its codes and status
    // follow (a replay's failure comes with its finding), and its own findings are the memo's.
    const s = rec.report.stanzaIndex;
    if (records[i + 1]?.report.stanzaIndex === s || records[i - 1]?.report.stanzaIndex === s) return undefined; // one object per stanza here
    const [from, to] = runOf(s);
    const had = to === from ? 0 : to - from - ownFindings(at.stanza) - v.wrapper.findings.length - j.findings.length;
    if (had !== seen.findings.length || j.findings.length + had > MAX_FINDINGS_PER_OBJECT) return undefined;
    for (let q = 0; q < had; q++) if (!sameAsBefore(seen.findings[q], prev.findings[to - had + q])) return undefined;
  }
  yield;
  if (options.isCancelled?.()) return undefined;
  records[r] = judgedRecord(verdict.judged.report, fresh, ref, n, effectiveFrom, checkOptions);
  const replaced = withRun(prev.findings, layout, runOf(k), k, newRun, region);
  if (!replaced) return undefined;
  memo.forget(e.o.e2e[0]);
  const analysis: Analysis = {
    kind: prev.kind,
    dialect: next.dialect,
    trace: next,
    stanzaCount: next.stanzas.length,
    findings: replaced.findings,
    objects: records.map((rec) => rec.report),
    records,
  };
  return withCheckpoints(withLayout(analysis, replaced.layout), checkpoints);
}

/** The edited stanza, when everything besides its object and the trace-wide rules is known to stay as it was (see the header). */
function editedStanza(prev: Analysis, next: Trace, region: SpliceRegion, text: Sliceable, options: AnalyzeOptions): EditedStanza | undefined {
  const before = prev.trace;
  const layout = layoutOf(prev);
  const memo = options.memo;
  if (prev.kind !== 'trace' || !before || !layout || !memo || before.dialect !== next.dialect || prev.provisional) return undefined;
  const { firstRemoved: k, firstAfter, added, oldFrom, oldTo, newFrom, newTo } = region;
  if (added !== 1 || firstAfter !== k + 1 || next.stanzas.length !== before.stanzas.length) return undefined;
  if (prev.findings.length > MAX_FINDINGS_PER_FILE || next.findings.length !== before.findings.length) return undefined;
  const o = before.stanzas[k];
  const n = next.stanzas[k];
  if (o.e2e.length !== 1 || n.e2e.length !== 1 || o.type?.value === 'error' || facts(o) !== facts(n) || delayFacts(o) !== delayFacts(n)) return undefined;
  if (findersFor(o) !== 0 || findersFor(n) !== 0 || ownFindings(o) || ownFindings(n)) return undefined;
  if (next.findings.some((f) => touchesRegion(f, newFrom, newTo))) return undefined;
  const regionText = text.slice(newFrom, newTo);
  if (regionText.includes('\u0000') || regionText.includes('\ufffd')) return undefined;
  // A verdict judged at the wall clock is only the same when judged now: not reused (as reuseAnalysis).
  if (options.now === undefined && prev.records.some((rec) => rec.stanza.delay?.epochMs === undefined && rec.stanza.time?.epochMs === undefined)) return undefined;
  // OMEMO, OX and XEP-0027 objects are judged by passes over the whole trace.
  if (prev.records.some((rec) => rec.report.kind !== 'rfc3923')) return undefined;

  const r = prev.records.findIndex((rec) => rec.report.stanzaIndex === k);
  if (r < 0 || prev.records[r + 1]?.report.stanzaIndex === k) return undefined;
  const was = memo.remembered(o.e2e[0]);
  if (!was?.judged || !was.wrapper.run) return undefined;
  const runOf = (s: number): [number, number] => [layout.base + layout.runStarts[s], layout.base + layout.runStarts[s + 1]];
  // Its findings were its object's wrapper findings, then its judged and trace-wide ones.
  const run = prev.findings.slice(...runOf(k));
  const wl = was.wrapper.findings.length;
  if (run.length - wl > MAX_FINDINGS_PER_OBJECT || run.length < wl + was.judged.findings.length) return undefined;
  if (!was.wrapper.findings.every((f, i) => sameFinding(f, run[i])) || !was.judged.findings.every((f, i) => sameFinding(f, run[wl + i]))) return undefined;
  if (pointsInto(prev, layout.base, layout.runStarts, new Set(prev.records.map((rec) => rec.report.stanzaIndex)), oldFrom, oldTo)) return undefined;
  return { layout, memo, k, o, n, r, runOf };
}

/** The previous findings with stanza k's run [from, to) replaced by `run` and the others moved, and their layout; undefined past the file's cap. */
function withRun(prev: readonly Finding[], layout: FindingLayout, [from, to]: [number, number], k: number, run: readonly Finding[], region: SpliceRegion): { findings: Finding[]; layout: FindingLayout } | undefined {
  const move = movedBy(region);
  const findings: Finding[] = [];
  for (let i = 0; i < from; i++) findings.push(move(prev[i]));
  for (const f of run) findings.push(f);
  for (let i = to; i < prev.length; i++) findings.push(move(prev[i]));
  if (findings.length > MAX_FINDINGS_PER_FILE) return undefined;
  const runStarts = layout.runStarts.slice();
  const grew = run.length - (to - from);
  for (let i = k + 1; i < runStarts.length; i++) runStarts[i] += grew;
  return { findings, layout: { base: layout.base, runStarts } };
}

/** Whether a finding lies (or points) after the region: then every span of it after the region moves with the text. */
const movesAfter = (f: Finding, oldTo: number) => f.span.start >= oldTo || (f.related?.some((x) => x.path === undefined && x.span.start >= oldTo) ?? false);

/** A finding of the previous analysis, where it is in the new text (as reuseAnalysis moves them). */
function movedBy({ oldTo, delta }: SpliceRegion): (f: Finding) => Finding {
  return (f) => (movesAfter(f, oldTo) ? shiftAfter(f, oldTo, delta) : f);
}

/** Whether `a` (of the new analysis) is `b` (of the previous one) moved: compared without making the moved copy. */
function sameMovedBy({ oldTo, delta }: SpliceRegion): (a: Finding, b: Finding) => boolean {
  return (a, b) => {
    const m = movesAfter(b, oldTo);
    return sameFinding(a, b, (s, t) => {
      const d = m && t.start >= oldTo ? delta : 0;
      return s.start === t.start + d && s.end === t.end + d;
    });
  };
}

/**
 * Whether a finding outside the object stanzas' runs (the input's, the parse's, a plain stanza's,
 * an error reply's) points into [from, to]: an error reply answering the edited stanza reads its verdict.
 */
function pointsInto(prev: Analysis, base: number, runStarts: Int32Array, objectStanzas: Set<number>, from: number, to: number): boolean {
  const f = prev.findings;
  const stanzas = runStarts.length - 1;
  const check = (a: number, b: number) => {
    for (let i = a; i < b; i++) if (touchesRegion(f[i], from, to)) return true;
    return false;
  };
  if (check(0, base + runStarts[0]) || check(base + runStarts[stanzas], f.length)) return true;
  for (let s = 0; s < stanzas; s++) if (runStarts[s + 1] > runStarts[s] && !objectStanzas.has(s) && check(base + runStarts[s], base + runStarts[s + 1])) return true;
  return false;
}
