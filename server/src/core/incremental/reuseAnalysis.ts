// The previous analysis, moved, when an edit cannot change any verdict: the re-parsed region held
// only plain stanzas (e2e/plainStanza.ts: nothing a trace-wide rule reads but kind, type, id, from,
// to, direction, stream, entry and capture time) before and after, with
// those facts unchanged, and no finding lay in it. Every trace-wide rule then sees the same inputs,
// so a fresh analysis gives the same findings and verdicts, only those after the edit moved by
// its length: they are the previous ones moved. test/incremental checks that on random edits.
import type { Analysis, AnalyzeOptions } from '../analyze';
import { traceCheckOptions } from '../analyze';
import { omemoRef, unwrapAgain, type ObjectRecord } from '../e2e/checkTraceObjects';
import type { TraceCheckOptions } from '../e2e/checkTraceObjects';
import type { Unwrapped } from '../e2e/unwrapObject';
import { delayFindings, errorTypeFindings } from '../e2e/stanzaRules';
import { delayStampFindings } from '../e2e/delayRules';
import { shiftFinding, shiftSpan } from '../spanShift';
import type { E2eRef, Finding, Span, Stanza, Trace } from '../types';
import { isPlainStanza } from '../e2e/plainStanza';
import type { SpliceRegion } from './streamSplice';
import { elementAtPath, pathTo } from './lazyShift';
import type { Sliceable } from '../textSource';
import { layoutOf, withLayout } from '../findingLayout';
import { checkpointsBefore, checkpointsOf, withCheckpoints } from '../e2e/ruleCheckpoints';

/** What trace-wide rules read of a plain stanza, positions left out. */
export function facts(s: Stanza): string {
  const t = s.time ? { ...s.time, span: undefined } : undefined;
  return JSON.stringify([s.kind, s.type?.value, s.id?.value, s.from?.value, s.to?.value, s.direction, s.stream, s.entryIndex, t]);
}

/**
 * How many findings the stanza's own rules give (delay, delay stamp, error type: they come first in
 * its run), counted once per stanza: an object edit asks it of every later object.
 */
const ownCounts = new WeakMap<Stanza, number>();
export function ownFindings(s: Stanza): number {
  let n = ownCounts.get(s);
  if (n === undefined) ownCounts.set(s, (n = delayFindings(s).length + delayStampFindings(s).length + errorTypeFindings(s).length));
  return n;
}

function overlaps(span: Span, from: number, to: number): boolean {
  return span.start <= to && span.end >= from;
}

export function touchesRegion(f: Finding, from: number, to: number): boolean {
  return overlaps(f.span, from, to) || (f.related?.some((r) => r.path === undefined && overlaps(r.span, from, to)) ?? false);
}

/** The findings and records of `prev` for `next`, or undefined when the edit may change them. */
export function reusedAnalysis(prev: Analysis, next: Trace, region: SpliceRegion, text: Sliceable, options: AnalyzeOptions): Analysis | undefined {
  const before = prev.trace;
  if (prev.kind !== 'trace' || !before || before.dialect !== next.dialect) return undefined;
  const { firstRemoved, firstAfter, added, oldFrom, oldTo, newFrom, newTo, delta } = region;
  if (added !== firstAfter - firstRemoved || next.stanzas.length !== before.stanzas.length) return undefined;
  for (let k = 0; k < added; k++) {
    const o = before.stanzas[firstRemoved + k];
    const n = next.stanzas[firstRemoved + k];
    if (!isPlainStanza(o) || !isPlainStanza(n) || facts(o) !== facts(n)) return undefined;
    if (ownFindings(n)) return undefined;
  }
  if (prev.findings.some((f) => f.code === 'internal.analysisFailed' || touchesRegion(f, oldFrom, oldTo))) return undefined;
  // NUL or undecodable bytes in the new text of the region would be new findings.
  const regionText = text.slice(newFrom, newTo);
  if (regionText.includes('\u0000') || regionText.includes('\ufffd')) return undefined;
  // A verdict judged at the wall clock is only the same when judged now: not reused.
  if (options.now === undefined && prev.records.some((r) => r.stanza.delay?.epochMs === undefined && r.stanza.time?.epochMs === undefined)) return undefined;

  const move = (f: Finding): Finding => (f.span.start >= oldTo || f.related?.some((r) => r.path === undefined && r.span.start >= oldTo) ? shiftAfter(f, oldTo, delta) : f);
  const checkOptions = traceCheckOptions(options);
  const records = prev.records.map((r) => movedRecord(r, next, r.report.span.start >= oldTo ? delta : 0, checkOptions));
  const analysis: Analysis = {
    kind: prev.kind,
    dialect: next.dialect,
    trace: next,
    stanzaCount: next.stanzas.length,
    findings: prev.findings.map(move),
    objects: records.map((r) => r.report),
    records,
  };
  // The same findings in the same order: the same layout. The rules' checkpoints that saw only objects before the edit still hold.
  return withCheckpoints(withLayout(analysis, layoutOf(prev)), checkpointsBefore(checkpointsOf(prev), prev.records, oldFrom));
}

/** A finding with every span at or after `at` moved by `d`. */
export function shiftAfter(f: Finding, at: number, d: number): Finding {
  const out: Finding = f.span.start >= at ? shiftFinding(f, d) : { ...f };
  if (f.related) out.related = f.related.map((r) => (r.path === undefined && r.span.start >= at ? { ...r, span: shiftSpan(r.span, d) } : r));
  return out;
}

/**
 * The record of the same object in the new trace: its stanza is the moved one. The ref (found in
 * the moved stanza) and the decoded layers are made when first read, as a fresh record's are. A
 * move of a moved record points back to the record first judged, with the summed distance, so that
 * edit after edit no chain of records grows.
 */
class MovedRecord implements ObjectRecord {
  readonly report: ObjectRecord['report'];
  readonly stanza: Stanza;
  readonly effectiveFrom?: string;
  /** The record judged, and how far this one lies after it. */
  readonly #root: ObjectRecord;
  readonly #d: number;
  readonly #options: TraceCheckOptions;
  #ref?: E2eRef;
  #unwrapped?: Unwrapped;

  constructor(was: ObjectRecord, stanza: Stanza, d: number, options: TraceCheckOptions) {
    const root = was instanceof MovedRecord ? was.#root : was;
    const total = was instanceof MovedRecord ? was.#d + d : d;
    this.report = { ...root.report, span: shiftSpan(root.report.span, total), contentSpan: shiftSpan(root.report.contentSpan, total) };
    this.stanza = stanza;
    if (root.effectiveFrom !== undefined) this.effectiveFrom = root.effectiveFrom;
    this.#root = root;
    this.#d = total;
    this.#options = options;
  }

  get ref(): E2eRef {
    if (this.#ref) return this.#ref;
    const root = this.#root;
    const j = root.stanza.e2e.indexOf(root.ref);
    if (j >= 0) return (this.#ref = this.stanza.e2e[j]);
    // An OMEMO, OX or XEP-0027 element: the same place in the moved stanza.
    const path = pathTo(root.stanza.element, root.ref.element);
    return (this.#ref = path ? omemoRef(elementAtPath(this.stanza.element, path)) : root.ref);
  }

  /**
   * The ref and stanza the object was judged in, and how far this record lies after them: the
   * memo's key and the stanza's addresses and times, without moving the stanza or its refs.
   */
  static judgedAt(r: ObjectRecord): { ref: E2eRef; stanza: Stanza; d: number } {
    return r instanceof MovedRecord ? { ref: r.#root.ref, stanza: r.#root.stanza, d: r.#d } : { ref: r.ref, stanza: r.stanza, d: 0 };
  }

  /** Decoded again when first read, if the record judged had (or could make) its layers. */
  get unwrapped(): Unwrapped | undefined {
    if (this.#unwrapped) return this.#unwrapped;
    const decoded = Object.getOwnPropertyDescriptor(this.#root, 'unwrapped');
    if (decoded === undefined || (decoded.get === undefined && decoded.value === undefined)) return undefined;
    return (this.#unwrapped = unwrapAgain(this.ref, this.#options));
  }
}

export const judgedAt = (r: ObjectRecord) => MovedRecord.judgedAt(r);

/**
 * `d`: how far this record's object moved in this edit (0 before the edit, or after an edit that
 * kept the length). A record that did not move is the same record: its stanza lies outside the
 * edit and reads as it did (the new trace's copy of it would be another object in the same place).
 */
export function movedRecord(r: ObjectRecord, next: Trace, d: number, o: TraceCheckOptions): ObjectRecord {
  return d === 0 ? r : new MovedRecord(r, next.stanzas[r.report.stanzaIndex], d, o);
}
