// One analysis per document version (hover, lenses, symbols and diagnostics share it), plus the
// process-wide per-object verification cache the core keys by the object's bytes. A newer version
// makes older in-flight work stale: `isCancelled` turns true and its result is dropped.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeDocument, kindFromFileName, type Analysis, type AnalyzeOptions, type DocumentKind } from './coreBridge';
import type { KeyStore } from '../core/types';
import type { XmppE2eSettings } from '../protocol/settings';
import { URI } from './uri';

interface Entry {
  version: number;
  /** Identifies settings + key store generation the analysis was made with. */
  generation: number;
  analysis: Analysis;
}

const MAX_OBJECT_CACHE = 5000;

export class AnalysisCache {
  private readonly entries = new Map<string, Entry>();
  private readonly latest = new Map<string, number>();
  private generation = 0;
  /** Passed to the core: verification results keyed by the object's bytes. */
  readonly objectCache = new Map<string, unknown>();

  /** Settings or keys changed: every analysis must be redone (the object cache is keyed by keys too, so it goes). */
  invalidateAll(): void {
    this.generation++;
    this.entries.clear();
    this.objectCache.clear();
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
  }

  isStale(uri: string, version: number): boolean {
    const v = this.latest.get(uri);
    return v !== undefined && v !== version;
  }

  peek(doc: TextDocument): Analysis | undefined {
    const e = this.entries.get(doc.uri);
    return e && e.version === doc.version && e.generation === this.generation ? e.analysis : undefined;
  }

  /** The analysis of this exact version, computing it when needed. */
  get(doc: TextDocument, settings: XmppE2eSettings, keys: KeyStore | undefined, languageId?: string): Analysis {
    const hit = this.peek(doc);
    if (hit) return hit;
    if (this.objectCache.size > MAX_OBJECT_CACHE) this.objectCache.clear();
    const generation = this.generation;
    const analysis = analyzeDocument(doc.getText(), this.options(doc, settings, keys, languageId));
    if (!this.isStale(doc.uri, doc.version)) this.entries.set(doc.uri, { version: doc.version, generation, analysis });
    return analysis;
  }

  options(doc: TextDocument, settings: XmppE2eSettings, keys: KeyStore | undefined, languageId?: string): AnalyzeOptions {
    const fileName = URI.baseName(doc.uri);
    const now = settings.now ? Date.parse(settings.now) : NaN;
    return {
      kind: kindFor(languageId, fileName),
      fileName,
      keys,
      now: Number.isFinite(now) ? now : undefined,
      skewSeconds: settings.clockSkewSeconds,
      verify: settings.verify.enabled,
      cache: this.objectCache,
      isCancelled: () => this.isStale(doc.uri, doc.version),
    };
  }
}

function kindFor(languageId: string | undefined, fileName: string): DocumentKind {
  if (languageId === 'cpim') return 'cpim';
  if (languageId === 'pidf') return 'pidf';
  if (languageId === 'xmpp-trace') return 'trace';
  return kindFromFileName(fileName);
}
