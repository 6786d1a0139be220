// One document's analyses over its versions: each new version's trace is parsed by reusing the
// previous version's parse where the text did not change (streamSplice), and parsed whole when the
// edit is one the splice cannot reproduce exactly. The result is the from-scratch analysis of the
// new text (test/incremental checks that on random edit sequences); unchanged objects' crypto
// comes from the object cache.
import { analyzeDocument, analyzeDocumentAsync, kindFromFileName, type Analysis, type AnalyzeOptions, type TraceParser } from '../analyze';
import { detectDialect } from '../trace/detectDialect';
import { parseTrace } from '../trace/parseTrace';
import type { Trace } from '../types';
import { changedWindow, type ChangedWindow } from './textDiff';
import { spliceRawStreamRegion, type Splice } from './streamSplice';
import { reusedAnalysis } from './reuseAnalysis';
import { CHUNK_CHARS, parseRawStreamInSteps } from './chunkedParse';
import { ObjectMemo } from '../e2e/objectMemo';
import { runToEnd } from '../runSteps';
import { plainList } from './movedList';

/** detectDialect reads at most this much of the head: an edit beyond cannot change the dialect. */
const DIALECT_SAMPLE = 256 * 1024;

export interface IncrementalStats {
  /** Parses that reused the previous version's. */
  spliced: number;
  /** Fresh parses made a chunk per step. */
  chunked: number;
  /** Parses of the whole text in one step. */
  whole: number;
  /** Analyses that were the previous one moved (no verdict could change). */
  reused: number;
}

/**
 * What the caller knows of the edits (a language server, from the protocol): the version being
 * analysed, and the window that took an earlier version to it, when it can say.
 */
export interface EditHint {
  version: number;
  windowSince(version: number): ChangedWindow | undefined;
}

export class IncrementalAnalyzer {
  private last?: { text: string; trace: Trace; key: string; version?: number };
  /** The last complete analysis, with the options key it was made with. */
  private lastAnalysis?: { analysis: Analysis; text: string; key: string; version?: number };
  /** A splice made while trying to reuse the analysis, for the parse that follows. */
  private pending?: { text: string; splice: Splice };
  readonly stats: IncrementalStats = { spliced: 0, chunked: 0, whole: 0, reused: 0 };
  /** Results that were the previous analysis moved: they read nothing from the caches. */
  private readonly reusedResults = new WeakSet<Analysis>();

  /** Verdicts of the objects the previous version judged, moved with their stanzas. */
  readonly memo = new ObjectMemo();

  analyze(text: string, options: AnalyzeOptions = {}, hint?: EditHint): Analysis {
    const reused = this.reuseAnalysis(text, options, hint);
    if (reused) return reused;
    const a = analyzeDocument(text, { ...options, memo: this.memo }, this.parserFor(hint));
    this.settle(a, text, options, hint);
    return a;
  }

  async analyzeAsync(text: string, options: AnalyzeOptions, pause: () => Promise<void>, hint?: EditHint): Promise<Analysis | undefined> {
    const reused = this.reuseAnalysis(text, options, hint);
    if (reused) return reused;
    const a = await analyzeDocumentAsync(text, { ...options, memo: this.memo }, pause, this.parserFor(hint));
    this.settle(a, text, options, hint);
    return a;
  }

  /** Keeps what a complete analysis used; a dropped one does not shrink the memo. */
  private settle(a: Analysis | undefined, text: string, options: AnalyzeOptions, hint: EditHint | undefined): void {
    this.pending = undefined;
    if (a && !options.isCancelled?.()) {
      this.memo.commit();
      this.lastAnalysis = { analysis: a, text, key: optionsKey(options), version: hint?.version };
    } else this.memo.abandon();
  }

  /**
   * The previous analysis moved, when the edit re-parsed only plain stanzas (reuseAnalysis.ts).
   * The memo is left as it is: this analysis judged nothing, the next one may need it all.
   */
  private reuseAnalysis(text: string, options: AnalyzeOptions, hint: EditHint | undefined): Analysis | undefined {
    const prev = this.lastAnalysis;
    const last = this.last;
    if (!prev || !last || prev.text !== last.text || prev.key !== optionsKey(options) || options.ox || options.isCancelled?.()) return undefined;
    if (text === prev.text) return undefined;
    const w = this.windowFrom(last, text, hint);
    if (w.start < DIALECT_SAMPLE && detectDialect(text) !== last.trace.dialect) return undefined;
    const splice = runToEnd(this.splice(last.trace, text, w));
    if (!splice) return undefined;
    this.pending = { text, splice };
    const a = reusedAnalysis(prev.analysis, splice.trace, splice.region, text, options);
    if (!a) return undefined;
    this.pending = undefined;
    this.last = { text, trace: splice.trace, key: last.key, version: hint?.version };
    this.lastAnalysis = { analysis: a, text, key: prev.key, version: hint?.version };
    this.stats.spliced++;
    this.stats.reused++;
    this.reusedResults.add(a);
    return a;
  }

  /**
   * Where `text` differs from the last version: as the hint says when it knows the edits since
   * that version (and they add up to the texts' lengths), else by comparing the two texts.
   */
  private windowFrom(last: { text: string; version?: number }, text: string, hint: EditHint | undefined): ChangedWindow {
    const w = last.version !== undefined ? hint?.windowSince(last.version) : undefined;
    const fits = w && 0 <= w.start && w.start <= w.oldEnd && w.oldEnd <= last.text.length && w.start <= w.newEnd && w.newEnd <= text.length && w.newEnd - w.oldEnd === text.length - last.text.length;
    return fits ? w : changedWindow(last.text, text);
  }

  /** Whether `a` is a moved earlier analysis (its object cache view was not read). */
  wasReused(a: Analysis): boolean {
    return this.reusedResults.has(a);
  }

  /** Forgets the previous version (settings that change parsing, a closed document). */
  reset(): void {
    this.last = undefined;
    this.lastAnalysis = undefined;
    this.pending = undefined;
  }

  private parserFor(hint: EditHint | undefined): TraceParser {
    return (text, options) => this.parse(text, options, hint);
  }

  private *parse(text: string, options: AnalyzeOptions, hint: EditHint | undefined): Generator<void, Trace, void> {
    const key = `${options.kind ?? kindFromFileName(options.fileName)}|${options.referenceDate ?? ''}`;
    const reused = yield* this.reuse(text, key, hint);
    if (reused) {
      this.stats.spliced++;
      this.last = { text, trace: reused, key, version: hint?.version };
      return reused;
    }
    // A fresh raw XML stream is parsed a chunk per step when it can be; otherwise whole.
    const chunked = text.length > 2 * CHUNK_CHARS && detectDialect(text) === 'raw-xml' ? yield* this.chunked(text) : undefined;
    if (chunked) {
      this.stats.chunked++;
      this.last = { text, trace: chunked, key, version: hint?.version };
      return chunked;
    }
    // A parse cut short by cancellation is partial: never a base for the next version.
    let cut = false;
    const isCancelled = options.isCancelled && (() => (cut ||= options.isCancelled!()));
    const trace = parseTrace(text, { isCancelled, referenceDate: options.referenceDate });
    this.stats.whole++;
    this.last = cut ? undefined : { text, trace, key, version: hint?.version };
    return trace;
  }

  private *chunked(text: string): Generator<void, Trace | undefined, void> {
    try {
      return yield* parseRawStreamInSteps(text);
    } catch {
      return undefined;
    }
  }

  private *reuse(text: string, key: string, hint: EditHint | undefined): Generator<void, Trace | undefined, void> {
    const last = this.last;
    if (!last || last.key !== key) return undefined;
    if (last.text === text) return last.trace;
    if (this.pending?.text === text) return withPlainStanzas(this.pending.splice.trace);
    const w = this.windowFrom(last, text, hint);
    if (w.start < DIALECT_SAMPLE && detectDialect(text) !== last.trace.dialect) return undefined;
    const spliced = (yield* this.splice(last.trace, text, w))?.trace;
    return spliced && withPlainStanzas(spliced);
  }

  private *splice(trace: Trace, text: string, w: ReturnType<typeof changedWindow>): Generator<void, Splice | undefined, void> {
    try {
      return yield* spliceRawStreamRegion(trace, text, w);
    } catch {
      return undefined; // never worse than a whole parse
    }
  }
}

/** A whole analysis reads every stanza: it gets them in a plain array (movedList.ts). */
function withPlainStanzas(t: Trace): Trace {
  return { ...t, stanzas: plainList(t.stanzas) };
}

/** Everything besides the text an analysis depends on (keys by identity, below). */
function optionsKey(o: AnalyzeOptions): string {
  return JSON.stringify([o.kind ?? kindFromFileName(o.fileName), o.referenceDate, o.now, o.skewSeconds, o.profile, o.verify, keyStoreId(o.keys)]);
}

const keyStoreIds = new WeakMap<object, number>();
let nextKeyStoreId = 1;

function keyStoreId(keys: AnalyzeOptions['keys']): number {
  if (!keys) return 0;
  let id = keyStoreIds.get(keys);
  if (id === undefined) keyStoreIds.set(keys, (id = nextKeyStoreId++));
  return id;
}
