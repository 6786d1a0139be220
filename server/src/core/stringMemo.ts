// Pure functions of short strings that a trace repeats thousands of times (JIDs, CPIM addresses,
// algorithm names): each result is kept by its exact input, in a bounded map cleared when full.
// Results must not be mutated by callers (strings and undefined here).
import { ownCopy } from './ownCopy';

/** Longer inputs are computed every time: they are rarely repeated, and a key is hashed and kept whole. */
const MAX_KEY_CHARS = 512;

export function rememberedBy<T>(compute: (s: string) => T, max = 4096): (s: string) => T {
  const known = new Map<string, T>();
  return (s: string): T => {
    if (s.length > MAX_KEY_CHARS) return compute(s);
    const hit = known.get(s);
    if (hit !== undefined || known.has(s)) return hit as T;
    const computed = compute(s);
    // Own copies: an input read from a document is a slice of it, and a result cut from the input
    // (a JID from a URI) too; either would keep that text alive.
    const value = (typeof computed === 'string' ? ownCopy(computed) : computed) as T;
    if (known.size >= max) known.clear();
    known.set(ownCopy(s), value);
    return value;
  };
}
