// One analysis per document version (hover, lenses, symbols and diagnostics share it), plus the
// process-wide per-object verification cache the core keys by the object's bytes, sized by what the
// open documents need (RetainedCache). A newer version makes older in-flight work stale:
// `isCancelled` turns true and its result is dropped.
import { openPgpKeysOf, oxResolverFor } from '../node/openOx';
import { holdHeapGrowth } from '../node/heapGrowth';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { asTextSource, IncrementalAnalyzer, kindFromFileName, RetainedCache, type Analysis, type AnalyzeOptions, type DocumentKind } from '../core/service';
import type { KeyStore } from '../core/service';
import { fixedNowMs, type XmppE2eSettings } from '../protocol/settings';
import { URI } from './uri';
import { OpenPgpMarkers } from './openPgpMarkers';
import { EditLog } from './editLog';
import { PieceDocument, textLength } from './pieceDocument';

interface Entry {
  version: number;
  /** Identifies settings + key store generation the analysis was made with. */
  generation: number;
  analysis: Analysis;
}

interface Inflight {
  version: number;
  generation: number;
  promise: Promise<Analysis | undefined>;
  /** Resolves once the trace is parsed (a provisional analysis), or with the result. */
  parsed: Promise<Analysis | undefined>;
  /** A large trace's first screen judged (a provisional analysis), or undefined once the result is in. */
  firstScreen: Promise<Analysis | undefined>;
}

/** Documents from this size on answer hovers from a provisional analysis while judging runs. */
const EARLY_ANSWER_CHARS = 1 << 20;

/** setImmediate lets queued LSP messages (a newer version, a hover) run between analysis steps. */
const giveEventLoopATurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class AnalysisCache {
  private readonly entries = new Map<string, Entry>();
  private readonly latest = new Map<string, number>();
  private readonly inflight = new Map<string, Inflight>();
  private generation = 0;
  /** Per document: the previous version's parse, reused where an edit did not touch it. */
  private readonly incremental = new Map<string, IncrementalAnalyzer>();
  /** Verification results keyed by the object's bytes (and key store): each analysis reads it through a view. */
  readonly objectCache = new RetainedCache();
  /** Per document: whether it may hold OpenPGP objects, known without rereading a large text. */
  private readonly openPgp = new OpenPgpMarkers();
  /** What each edit changed, as the client said (the documents' TextDocuments records it here). */
  readonly edits = new EditLog();

  /**
   * Settings or keys changed: every analysis must be redone. The object cache stays: its verify and
   * decrypt entries are keyed by the key store, so a new store misses them and they age out.
   */
  invalidateAll(): void {
    this.generation++;
    this.entries.clear();
  }

  /** A new version arrived: older work for this URI is stale. */
  noteVersion(uri: string, version: number): void {
    this.latest.set(uri, version);
    const e = this.entries.get(uri);
    if (e && e.version !== version) this.entries.delete(uri);
  }

  forget(uri: string): void {
    this.entries.delete(uri);
    this.latest.delete(uri);
    this.objectCache.forget(uri);
    this.incremental.delete(uri);
    this.openPgp.forget(uri);
    this.edits.forget(uri);
  }

  isStale(uri: string, version: number): boolean {
    const v = this.latest.get(uri);
    return v !== undefined && v !== version;
  }

  peek(doc: TextDocument): Analysis | undefined {
    const e = this.entries.get(doc.uri);
    return e && e.version === doc.version && e.generation === this.generation ? e.analysis : undefined;
  }

  /**
   * The analysis of this exact version, computing it when needed. Requests for the same version
   * share one computation; it runs in steps that give the event loop a turn, and resolves to
   * undefined when a newer version (or new settings/keys) made it stale on the way.
   */
  get(doc: TextDocument, settings: XmppE2eSettings, keys: KeyStore | undefined, languageId?: string): Promise<Analysis | undefined> {
    const hit = this.peek(doc);
    if (hit) return Promise.resolve(hit);
    const running = this.inflight.get(doc.uri);
    if (running && running.version === doc.version && running.generation === this.generation) return running.promise;
    // The TextDocument is updated in place by the next didChange: this version's uri, number and
    // text are taken now, or an analysis of this text would be filed under the next version.
    const { uri, version } = doc;
    const generation = this.generation;
    const view = this.objectCache.viewFor(uri);
    const options = { ...this.options(doc, settings, keys, languageId), cache: view };
    const stale = () => this.isStale(uri, version) || generation !== this.generation;
    // OX objects are opened first (openpgp is asynchronous); the core reads the results synchronously.
    // A document in pieces is read in slices: an edit that re-reads a few stanzas joins nothing.
    const src = doc instanceof PieceDocument ? doc.source() : asTextSource(doc.getText());
    // Each of these reads a large text whole (the markers, then the analysis's first step): each
    // after a turn of the event loop, so that neither runs in the task that asked.
    const opened = giveEventLoopATurn()
      .then(() => (!stale() && this.openPgp.mayHold(uri, src, version, (since) => this.edits.windowBetween(uri, since, version)) ? oxResolverFor(src.text(), openPgpKeysOf(keys), true) : undefined))
      .catch(() => undefined)
      .then(async (ox) => (await giveEventLoopATurn(), ox));
    let analyzer = this.incremental.get(uri);
    // A large document's first analysis is the server's peak: most of its heap then is garbage
    // promoted in passing, collected sooner under the limit (node/heapGrowth.ts).
    const release = !analyzer && textLength(doc) >= EARLY_ANSWER_CHARS ? holdHeapGrowth() : () => undefined;
    if (!analyzer) this.incremental.set(uri, (analyzer = new IncrementalAnalyzer()));
    const inc = analyzer;
    let parsedNow: (a: Analysis | undefined) => void = () => undefined;
    const parsed = new Promise<Analysis | undefined>((resolve) => (parsedNow = resolve));
    const onParsed = (a: Analysis) => {
      if (!stale()) parsedNow(a);
    };
    let firstScreenNow: (a: Analysis | undefined) => void = () => undefined;
    const firstScreen = new Promise<Analysis | undefined>((resolve) => (firstScreenNow = resolve));
    const onFirstScreen = (a: Analysis) => {
      if (!stale()) firstScreenNow(a);
    };
    const hint = { version, windowSince: (since: number) => this.edits.windowBetween(uri, since, version) };
    const promise = opened.then((ox) => inc.analyzeAsync(src, { ...options, ox, isCancelled: stale, onParsed, onFirstScreen }, giveEventLoopATurn, hint)).then((analysis) => {
      if (analysis && !stale()) {
        this.entries.set(uri, { version, generation, analysis });
        // A moved earlier analysis read no cache entry: the document still needs what it needed.
        if (inc.wasReused(analysis)) this.objectCache.abandon(view);
        else this.objectCache.complete(view);
        return analysis;
      }
      this.objectCache.abandon(view);
      return undefined;
    });
    const entry: Inflight = { version, generation, promise, parsed, firstScreen };
    this.inflight.set(uri, entry);
    const done = () => {
      release();
      if (this.inflight.get(uri) === entry) this.inflight.delete(uri);
      this.objectCache.abandon(view); // a no-op once completed
    };
    promise.then(done, done);
    promise.then(parsedNow, () => parsedNow(undefined));
    promise.then(() => firstScreenNow(undefined), () => firstScreenNow(undefined));
    return promise;
  }

  /**
   * The first screen of the analysis of this version running now (a large raw XML trace: the
   * verdicts of the objects in its first chunk), or undefined when there is none or it is done.
   */
  firstScreen(doc: TextDocument): Promise<Analysis | undefined> {
    const running = this.inflight.get(doc.uri);
    if (!running || running.version !== doc.version || running.generation !== this.generation) return Promise.resolve(undefined);
    return running.firstScreen;
  }

  /**
   * For answers a partial analysis can give (hover, go to definition, folding): the complete
   * analysis when it is there, else the provisional one as soon as the trace is parsed, so that
   * they are not held up by judging thousands of objects. Never for diagnostics or edits.
   */
  early(doc: TextDocument, settings: XmppE2eSettings, keys: KeyStore | undefined, languageId?: string): Promise<Analysis | undefined> {
    const complete = this.get(doc, settings, keys, languageId);
    const running = this.inflight.get(doc.uri);
    // A small document's analysis ends in moments: waiting for it beats a provisional answer.
    if (textLength(doc) < EARLY_ANSWER_CHARS || !running || running.version !== doc.version || running.generation !== this.generation) return complete;
    return Promise.race([complete, running.parsed]);
  }

  options(doc: TextDocument, settings: XmppE2eSettings, keys: KeyStore | undefined, languageId?: string): AnalyzeOptions {
    const { uri, version } = doc;
    const fileName = URI.baseName(uri);
    return {
      kind: kindFor(languageId, fileName),
      fileName,
      keys,
      now: fixedNowMs(settings),
      skewSeconds: settings.clockSkewSeconds,
      profile: settings.profile,
      verify: settings.verify.enabled,
      isCancelled: () => this.isStale(uri, version),
    };
  }
}

function kindFor(languageId: string | undefined, fileName: string): DocumentKind {
  if (languageId === 'cpim') return 'cpim';
  if (languageId === 'pidf') return 'pidf';
  if (languageId === 'xmpp-trace') return 'trace';
  return kindFromFileName(fileName);
}
