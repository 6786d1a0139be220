// Strings cut from a segment's text (attribute values, messages built from them) keep the whole
// segment alive in V8 (a sliced string holds its parent). What outlives a segment is copied.
import { ownCopy } from '../ownCopy';

export const detach = ownCopy;

/** The finding's strings copied out of the segment (message, related messages, data's strings). */
export function detachFinding<F extends { message: string; related?: { message: string }[]; data?: Record<string, unknown> }>(f: F): F {
  f.message = detach(f.message);
  if (f.related) for (const r of f.related) r.message = detach(r.message);
  if (f.data) for (const [k, v] of Object.entries(f.data)) if (typeof v === 'string') f.data[k] = detach(v);
  return f;
}
