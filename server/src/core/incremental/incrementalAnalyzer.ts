// One document's analyses over its versions: each new version's trace is parsed by reusing the
// previous version's parse where the text did not change (streamSplice), and parsed whole when the
// edit is one the splice cannot reproduce exactly. The result is the from-scratch analysis of the
// new text (test/incremental checks that on random edit sequences); unchanged objects' crypto
// comes from the object cache.
import { analyzeDocument, analyzeDocumentAsync, firstScreenAnalysis, kindFromFileName, type Analysis, type AnalyzeOptions, type TraceParser } from '../analyze';
import { detectDialect } from '../trace/detectDialect';
import { parseTrace } from '../trace/parseTrace';
import type { Dialect, Trace } from '../types';
import { changedWindow, windowFits, type ChangedWindow } from './textDiff';
import { spliceRawStreamRegion, type Splice } from './streamSplice';
import { spliceLogRegion } from './logSplice';
import { reusedAnalysis } from './reuseAnalysis';
import { rejudgedAnalysis } from './rejudgeStanza';
import { parseRawStreamInSteps } from './chunkedParse';
import { parseLogInSteps } from './chunkedLogParse';
import { hasEntryCuts } from '../stream/segmentCuts';
import { ObjectMemo } from '../e2e/objectMemo';
import { runToEnd, runWithPauses } from '../runSteps';
import { plainListInSteps } from './movedList';
import { asTextSource, type Sliceable, type TextSource } from '../textSource';

/** A fresh raw XML stream or log above this size is parsed a chunk per step (and has a first screen). */
export const CHUNKED_FROM_CHARS = 512 * 1024;

/** From this size on, records do not keep what judging decoded (it is decoded again when read). */
const LARGE_DOCUMENT_CHARS = 1 << 20;

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
  /** Analyses that were the previous one with one stanza judged again (rejudgeStanza.ts). */
  rejudged: number;
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
  private last?: { src: TextSource; trace: Trace; key: string; version?: number };
  /** The last complete analysis, with the options key it was made with. */
  private lastAnalysis?: { analysis: Analysis; src: TextSource; key: string; version?: number };
  /** A splice made while trying to reuse the analysis, for the parse that follows. */
  private pending?: { src: TextSource; splice: Splice };
  readonly stats: IncrementalStats = { spliced: 0, chunked: 0, whole: 0, reused: 0, rejudged: 0 };
  /** Results that were the previous analysis moved (with one object judged again at most): they read (almost) nothing from the caches. */
  private readonly reusedResults = new WeakSet<Analysis>();

  /** Verdicts of the objects the previous version judged, moved with their stanzas. */
  readonly memo = new ObjectMemo();

  /** `text`: a string, or a source in pieces (read in slices unless a whole analysis is needed). */
  analyze(text: string | TextSource, options: AnalyzeOptions = {}, hint?: EditHint): Analysis {
    const src = asTextSource(text);
    const reused = runToEnd(this.reuseAnalysis(src, options, hint));
    if (reused) return reused;
    const a = analyzeDocument(src.text(), this.analysisOptions(src, options), this.parserFor(src, hint));
    this.settle(a, src, options, hint);
    return a;
  }

  async analyzeAsync(text: string | TextSource, options: AnalyzeOptions, pause: () => Promise<void>, hint?: EditHint): Promise<Analysis | undefined> {
    const src = asTextSource(text);
    const reused = await runWithPauses(this.reuseAnalysis(src, options, hint), pause);
    if (reused) return reused;
    if (options.isCancelled?.()) {
      this.settle(undefined, src, options, hint);
      return undefined;
    }
    // A document in pieces is joined in steps (the analysis reads the whole text).
    const whole = src.textInSteps ? await runWithPauses(src.textInSteps(), pause) : src.text();
    const a = options.isCancelled?.() ? undefined : await analyzeDocumentAsync(whole, this.analysisOptions(src, options), pause, this.parserFor(src, hint));
    this.settle(a, src, options, hint);
    return a;
  }

  /** A large document's records decode again when read (AnalyzeOptions.keepDecoded). */
  private analysisOptions(src: TextSource, options: AnalyzeOptions): AnalyzeOptions {
    return { keepDecoded: src.length < LARGE_DOCUMENT_CHARS, ...options, memo: this.memo };
  }

  /** Keeps what a complete analysis used; a dropped one does not shrink the memo. */
  private settle(a: Analysis | undefined, src: TextSource, options: AnalyzeOptions, hint: EditHint | undefined): void {
    this.pending = undefined;
    if (a && !options.isCancelled?.()) {
      this.memo.commit();
      this.lastAnalysis = { analysis: a, src, key: optionsKey(options), version: hint?.version };
    } else this.memo.abandon();
  }

  /**
   * The previous analysis moved, when the edit re-parsed only plain stanzas (reuseAnalysis.ts),
   * or with one stanza judged again (rejudgeStanza.ts). The memo keeps every verdict: the next
   * analysis may need them all.
   */
  private *reuseAnalysis(src: TextSource, options: AnalyzeOptions, hint: EditHint | undefined): Generator<void, Analysis | undefined, void> {
    const prev = this.lastAnalysis;
    const last = this.last;
    if (!prev || !last || prev.src !== last.src || prev.key !== optionsKey(options) || options.ox || options.isCancelled?.()) return undefined;
    if (src === prev.src) return undefined;
    const w = this.windowFrom(last, src, hint);
    if (unchanged(w) || (w.start < DIALECT_SAMPLE && dialectOf(src) !== last.trace.dialect)) return undefined;
    const splice = runToEnd(this.splice(last, src, w, options.referenceDate));
    if (!splice) return undefined;
    this.pending = { src, splice };
    let a = reusedAnalysis(prev.analysis, splice.trace, splice.region, src, options);
    if (a) this.stats.reused++;
    else {
      a = yield* rejudgedAnalysis(prev.analysis, splice.trace, splice.region, src, this.analysisOptions(src, options));
      if (!a) return undefined;
      // It judged one object: the memo keeps that verdict beside all the others.
      this.memo.abandon();
      this.stats.rejudged++;
    }
    this.pending = undefined;
    this.last = { src, trace: splice.trace, key: last.key, version: hint?.version };
    this.lastAnalysis = { analysis: a, src, key: prev.key, version: hint?.version };
    this.stats.spliced++;
    this.reusedResults.add(a);
    return a;
  }

  /**
   * Where `text` differs from the last version: as the hint says when it knows the edits since
   * that version (and they add up to the texts' lengths), else by comparing the two texts.
   */
  private windowFrom(last: { src: TextSource; version?: number }, src: TextSource, hint: EditHint | undefined): ChangedWindow {
    const w = last.version !== undefined ? hint?.windowSince(last.version) : undefined;
    return w && windowFits(w, last.src.length, src.length) ? w : changedWindow(last.src.text(), src.text());
  }

  /** Whether `a` is a moved earlier analysis (its object cache view was read for one object at most). */
  wasReused(a: Analysis): boolean {
    return this.reusedResults.has(a);
  }

  /** Forgets the previous version (settings that change parsing, a closed document). */
  reset(): void {
    this.last = undefined;
    this.lastAnalysis = undefined;
    this.pending = undefined;
  }

  /** The parser of `src` (its text is the one the analysis passes). */
  private parserFor(src: TextSource, hint: EditHint | undefined): TraceParser {
    return (text, options) => this.parse(src, text, options, hint);
  }

  private *parse(src: TextSource, text: string, options: AnalyzeOptions, hint: EditHint | undefined): Generator<void, Trace, void> {
    const key = `${options.kind ?? kindFromFileName(options.fileName)}|${options.referenceDate ?? ''}`;
    const reused = yield* this.reuse(src, key, hint, options.referenceDate);
    if (reused) {
      this.stats.spliced++;
      this.last = { src, trace: reused, key, version: hint?.version };
      return reused;
    }
    // A fresh raw XML stream, or a log whose entries end at entry lines, is parsed a chunk per
    // step when it can be; otherwise whole.
    const onHead = options.onFirstScreen && ((head: Trace) => firstScreen(head, options));
    const dialect = text.length > CHUNKED_FROM_CHARS ? detectDialect(text) : undefined;
    if (dialect) yield; // the dialect's probes read the head: the head's parse is a step of its own
    const chunked = dialect === 'raw-xml' || (dialect && hasEntryCuts(dialect)) ? yield* this.chunked(text, dialect, options.referenceDate, onHead) : undefined;
    if (chunked) {
      this.stats.chunked++;
      this.last = { src, trace: chunked, key, version: hint?.version };
      return chunked;
    }
    // A parse cut short by cancellation is partial: never a base for the next version.
    let cut = false;
    const isCancelled = options.isCancelled && (() => (cut ||= options.isCancelled!()));
    const trace = parseTrace(text, { isCancelled, referenceDate: options.referenceDate });
    this.stats.whole++;
    this.last = cut ? undefined : { src, trace, key, version: hint?.version };
    return trace;
  }

  private *chunked(text: string, dialect: Dialect, referenceDate: string | undefined, onHead?: (head: Trace) => Generator<void, void, void>): Generator<void, Trace | undefined, void> {
    try {
      if (dialect !== 'raw-xml') return yield* parseLogInSteps(text, dialect, referenceDate, undefined, onHead);
      return yield* parseRawStreamInSteps(text, undefined, onHead);
    } catch {
      return undefined;
    }
  }

  private *reuse(src: TextSource, key: string, hint: EditHint | undefined, referenceDate: string | undefined): Generator<void, Trace | undefined, void> {
    const last = this.last;
    if (!last || last.key !== key) return undefined;
    if (last.src === src) return last.trace;
    if (this.pending?.src === src) return yield* withPlainStanzas(this.pending.splice.trace);
    const w = this.windowFrom(last, src, hint);
    if (unchanged(w)) return last.trace;
    if (w.start < DIALECT_SAMPLE && dialectOf(src) !== last.trace.dialect) return undefined;
    const spliced = (yield* this.splice(last, src, w, referenceDate))?.trace;
    return spliced && (yield* withPlainStanzas(spliced));
  }

  /** The previous parse with the edited region parsed again: a raw XML stream's, or a log's (logSplice.ts). */
  private *splice(last: { src: TextSource; trace: Trace }, text: Sliceable, w: ChangedWindow, referenceDate: string | undefined): Generator<void, Splice | undefined, void> {
    try {
      if (last.trace.dialect !== 'raw-xml') return yield* spliceLogRegion(last.trace, last.src, text, w, referenceDate);
      return yield* spliceRawStreamRegion(last.trace, text, w);
    } catch {
      return undefined; // never worse than a whole parse
    }
  }
}

/** A first screen is a courtesy: whatever it meets, the parse goes on (the whole analysis reports it). */
function* firstScreen(head: Trace, options: AnalyzeOptions): Generator<void, void, void> {
  try {
    const a = yield* firstScreenAnalysis(head, options);
    if (!options.isCancelled?.()) options.onFirstScreen?.(a);
  } catch {
    // nothing: the complete analysis follows
  }
}

/** No character changed (a window can only be empty when the texts are the same). */
function unchanged(w: ChangedWindow): boolean {
  return w.start === w.oldEnd && w.start === w.newEnd;
}

/** detectDialect reads the head only: the head is all it is given. */
function dialectOf(src: TextSource) {
  return detectDialect(src.slice(0, DIALECT_SAMPLE));
}

/** A whole analysis reads every stanza: it gets them in a plain array (movedList.ts). */
function* withPlainStanzas(t: Trace): Generator<void, Trace, void> {
  return { ...t, stanzas: yield* plainListInSteps(t.stanzas) };
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
