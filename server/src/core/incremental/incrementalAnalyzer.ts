// One document's analyses over its versions: each new version's trace is parsed by reusing the
// previous version's parse where the text did not change (streamSplice), and parsed whole when the
// edit is one the splice cannot reproduce exactly. The result is the from-scratch analysis of the
// new text (test/incremental checks that on random edit sequences); unchanged objects' crypto
// comes from the object cache.
import { analyzeDocument, analyzeDocumentAsync, kindFromFileName, type Analysis, type AnalyzeOptions, type TraceParser } from '../analyze';
import { detectDialect } from '../trace/detectDialect';
import { parseTrace } from '../trace/parseTrace';
import type { Trace } from '../types';
import { changedWindow } from './textDiff';
import { spliceRawStream } from './streamSplice';
import { CHUNK_CHARS, parseRawStreamInSteps } from './chunkedParse';
import { ObjectMemo } from '../e2e/objectMemo';

/** detectDialect reads at most this much of the head: an edit beyond cannot change the dialect. */
const DIALECT_SAMPLE = 256 * 1024;

export interface IncrementalStats {
  /** Parses that reused the previous version's. */
  spliced: number;
  /** Fresh parses made a chunk per step. */
  chunked: number;
  /** Parses of the whole text in one step. */
  whole: number;
}

export class IncrementalAnalyzer {
  private last?: { text: string; trace: Trace; key: string };
  readonly stats: IncrementalStats = { spliced: 0, chunked: 0, whole: 0 };

  /** Verdicts of the objects the previous version judged, moved with their stanzas. */
  readonly memo = new ObjectMemo();

  analyze(text: string, options: AnalyzeOptions = {}): Analysis {
    const a = analyzeDocument(text, { ...options, memo: this.memo }, this.parser);
    this.settle(a, options);
    return a;
  }

  async analyzeAsync(text: string, options: AnalyzeOptions, pause: () => Promise<void>): Promise<Analysis | undefined> {
    const a = await analyzeDocumentAsync(text, { ...options, memo: this.memo }, pause, this.parser);
    this.settle(a, options);
    return a;
  }

  /** Keeps what a complete analysis used; a dropped one does not shrink the memo. */
  private settle(a: Analysis | undefined, options: AnalyzeOptions): void {
    if (a && !options.isCancelled?.()) this.memo.commit();
    else this.memo.abandon();
  }

  /** Forgets the previous version (settings that change parsing, a closed document). */
  reset(): void {
    this.last = undefined;
  }

  private readonly parser: TraceParser = function* (this: IncrementalAnalyzer, text: string, options: AnalyzeOptions) {
    const key = `${options.kind ?? kindFromFileName(options.fileName)}|${options.referenceDate ?? ''}`;
    const reused = yield* this.reuse(text, key);
    if (reused) {
      this.stats.spliced++;
      this.last = { text, trace: reused, key };
      return reused;
    }
    // A fresh raw XML stream is parsed a chunk per step when it can be; otherwise whole.
    const chunked = text.length > 2 * CHUNK_CHARS && detectDialect(text) === 'raw-xml' ? yield* this.chunked(text) : undefined;
    if (chunked) {
      this.stats.chunked++;
      this.last = { text, trace: chunked, key };
      return chunked;
    }
    // A parse cut short by cancellation is partial: never a base for the next version.
    let cut = false;
    const isCancelled = options.isCancelled && (() => (cut ||= options.isCancelled!()));
    const trace = parseTrace(text, { isCancelled, referenceDate: options.referenceDate });
    this.stats.whole++;
    this.last = cut ? undefined : { text, trace, key };
    return trace;
  }.bind(this);

  private *chunked(text: string): Generator<void, Trace | undefined, void> {
    try {
      return yield* parseRawStreamInSteps(text);
    } catch {
      return undefined;
    }
  }

  private *reuse(text: string, key: string): Generator<void, Trace | undefined, void> {
    const last = this.last;
    if (!last || last.key !== key) return undefined;
    if (last.text === text) return last.trace;
    const w = changedWindow(last.text, text);
    if (w.start < DIALECT_SAMPLE && detectDialect(text) !== last.trace.dialect) return undefined;
    try {
      return yield* spliceRawStream(last.trace, text, w);
    } catch {
      return undefined; // never worse than a whole parse
    }
  }
}
