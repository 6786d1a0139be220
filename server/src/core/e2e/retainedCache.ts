// The per-object crypto cache of a long-lived process (the language server): sized by what the open
// documents need. Each analysis reads the cache through a per-document view that records the keys
// it touched; those keys stay while the document is open. Anything else (objects edited away, closed
// documents, an old key store) is evicted least recently used first, and only once the cache holds
// `spare` more entries than the open documents need. It is never cleared wholesale while a document
// that needs it is open, so an unchanged object is verified once however large the trace.
import type { CryptoCache } from './cryptoCache';

/** Entries kept beyond what the open documents need (undo brings an object back; a closed file reopens). */
const DEFAULT_SPARE = 2_000;

export class RetainedCache {
  /** Insertion order is recency: a read moves the entry to the end. */
  private readonly store = new Map<string, unknown>();
  /** How many documents' key sets hold each key (completed analyses and those in flight). */
  private readonly holds = new Map<string, number>();
  /** Per document: the keys of its last complete analysis. */
  private readonly needed = new Map<string, Set<string>>();
  /** Views of analyses still running, by document. */
  private readonly running = new Map<string, Set<DocumentView>>();

  constructor(private readonly spare = DEFAULT_SPARE) {}

  get size(): number {
    return this.store.size;
  }

  /** How many distinct entries the open documents need now. */
  get neededSize(): number {
    return this.holds.size;
  }

  has(key: string): boolean {
    return this.store.has(key);
  }

  /** A view for one analysis of `doc`: pass it as the analysis' cache, then `complete` or `abandon` it. */
  viewFor(doc: string): DocumentView {
    const view = new DocumentView(this, doc);
    let set = this.running.get(doc);
    if (!set) this.running.set(doc, (set = new Set()));
    set.add(view);
    return view;
  }

  /** The view's analysis finished: its keys become what the document needs. */
  complete(view: DocumentView): void {
    if (!this.detach(view)) return;
    const old = this.needed.get(view.doc);
    this.needed.set(view.doc, view.touched);
    for (const k of view.touched) this.hold(k);
    if (old) for (const k of old) this.release(k);
    for (const k of view.touched) this.release(k); // the view's own hold, taken as it ran
    this.evict();
  }

  /** The view's analysis went stale: what it touched no longer has to stay. */
  abandon(view: DocumentView): void {
    if (!this.detach(view)) return;
    for (const k of view.touched) this.release(k);
    this.evict();
  }

  /** The document was closed: nothing it needed has to stay. */
  forget(doc: string): void {
    const old = this.needed.get(doc);
    this.needed.delete(doc);
    if (old) for (const k of old) this.release(k);
    for (const v of this.running.get(doc) ?? []) this.abandon(v);
    this.evict();
  }

  /** @internal a view's reads and writes. */
  read(view: DocumentView, key: string): unknown {
    if (!this.store.has(key)) return undefined;
    const value = this.store.get(key);
    this.store.delete(key);
    this.store.set(key, value);
    this.touch(view, key);
    return value;
  }

  /** @internal */
  write(view: DocumentView, key: string, value: unknown): void {
    this.store.delete(key);
    this.store.set(key, value);
    this.touch(view, key);
    if (this.store.size > this.holds.size + this.spare) this.evict();
  }

  private touch(view: DocumentView, key: string): void {
    // A record decoding its layers later (a hover) reads through a finished view: nothing to hold.
    if (view.finished || view.touched.has(key)) return;
    view.touched.add(key);
    this.hold(key);
  }

  private detach(view: DocumentView): boolean {
    const set = this.running.get(view.doc);
    if (!set?.delete(view)) return false;
    view.finished = true;
    if (set.size === 0) this.running.delete(view.doc);
    return true;
  }

  private hold(key: string): void {
    this.holds.set(key, (this.holds.get(key) ?? 0) + 1);
  }

  private release(key: string): void {
    const n = (this.holds.get(key) ?? 0) - 1;
    if (n > 0) this.holds.set(key, n);
    else this.holds.delete(key);
  }

  /** Drops unneeded entries, least recently used first, down to half the spare above the need. */
  private evict(): void {
    if (this.store.size <= this.holds.size + this.spare) return;
    const target = this.holds.size + Math.floor(this.spare / 2);
    for (const key of this.store.keys()) {
      if (this.store.size <= target) break;
      if (!this.holds.has(key)) this.store.delete(key);
    }
  }
}

/** One analysis' window on the shared cache (the core's CryptoCache shape). */
export class DocumentView implements CryptoCache {
  readonly touched = new Set<string>();
  /** Completed or abandoned: later reads and writes pin nothing. */
  finished = false;

  constructor(
    private readonly owner: RetainedCache,
    readonly doc: string,
  ) {}

  get size(): number {
    return this.owner.size;
  }

  has(key: string): boolean {
    return this.owner.has(key);
  }

  get(key: string): unknown {
    return this.owner.read(this, key);
  }

  set(key: string, value: unknown): this {
    this.owner.write(this, key, value);
    return this;
  }
}
