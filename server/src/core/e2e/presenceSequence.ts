// Successive PIDF documents of one presentity in a trace (RFC 3863 §4.1.7, §6): a presentity must not
// send two documents with the same timestamp (PIDF-13), and a watcher should drop a document whose
// newest timestamp is older than the previous one's (PIDF-16). Keyed by the PIDF entity and the
// watcher (directed presence to two contacts is two sequences).
import type { Finding, Span } from '../types';

export class PresenceSequence {
  private readonly last = new Map<string, { epochMs: number; span: Span; signatures: string[] }>();

  /** A copy that the original's later observations do not change (its entries are replaced, never changed). */
  clone(): PresenceSequence {
    const c = new PresenceSequence();
    for (const [k, v] of this.last) c.last.set(k, v);
    return c;
  }

  observe(entity: string | undefined, watcher: string, ts: { epochMs: number; span: Span } | undefined, signatures: string[]): Finding[] {
    if (!entity || !ts) return [];
    const key = `${entity}\u0000${watcher}`;
    const prev = this.last.get(key);
    const sameObject = prev !== undefined && signatures.some((s) => prev.signatures.includes(s));
    if (!prev || ts.epochMs > prev.epochMs) {
      this.last.set(key, { epochMs: ts.epochMs, span: ts.span, signatures });
      return [];
    }
    // The same signed document again is a replay (e2e.ts.replay), not a new document.
    if (sameObject) return [];
    const related = [{ span: prev.span, message: 'the previous document\'s newest timestamp' }];
    if (ts.epochMs === prev.epochMs) {
      return [{ code: 'pidf.timestamp.repeated', message: `This PIDF document of ${entity} repeats the previous document's timestamp; a presentity must not send two with the same timestamp (RFC 3863 §4.1.7).`, span: ts.span, related }];
    }
    return [{ code: 'pidf.timestamp.outdated', message: `This PIDF document of ${entity} is older than the previous one (${new Date(prev.epochMs).toISOString()}): a watcher drops outdated presence (RFC 3863 §6).`, span: ts.span, related }];
  }
}
