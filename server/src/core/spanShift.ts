// Moving offsets by a distance, and remembering which `<e2e/>` ref a moved ref is a copy of: what
// both the incremental parse (incremental/shiftModel.ts) and the per-object verdict memo
// (e2e/objectMemo.ts) need, kept below both so that neither folder imports the other.
import type { E2eRef, Finding, Span, Stanza } from './types';

export function shiftSpan(s: Span, d: number): Span {
  return { start: s.start + d, end: s.end + d };
}

export function shiftFinding(f: Finding, d: number): Finding {
  const out: Finding = { ...f, span: shiftSpan(f.span, d) };
  if (f.related) out.related = f.related.map((r) => (r.path === undefined ? { ...r, span: shiftSpan(r.span, d) } : r));
  return out;
}

/** A moved `<e2e/>` ref -> the ref it was first parsed as, and how far it has moved since. */
const origins = new WeakMap<E2eRef, { origin: E2eRef; delta: number }>();

/** The ref this one is a moved copy of (itself when it was parsed here), and the distance. */
export function originOf(ref: E2eRef): { origin: E2eRef; delta: number } {
  return origins.get(ref) ?? { origin: ref, delta: 0 };
}

/** `moved` is `from` moved by `d`. */
export function noteMoved(moved: E2eRef, from: E2eRef, d: number): void {
  const o = originOf(from);
  origins.set(moved, { origin: o.origin, delta: o.delta + d });
}

/** A moved stanza names the stanza first parsed through this key (a prototype getter, not an own property). */
export const STANZA_ORIGIN = Symbol('stanzaOrigin');

/** The stanza `s` is a moved copy of (itself when it was parsed here): per-stanza facts are kept on it. */
export function stanzaOrigin(s: Stanza): Stanza {
  return (s as Stanza & { [STANZA_ORIGIN]?: Stanza })[STANZA_ORIGIN] ?? s;
}
