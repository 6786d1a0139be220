// A fix may only replace the bytes its finding names. Checks that offer a fix record the text the
// replacement replaces (`data.original`); a finding keeps its fix data only when its span in the
// file holds exactly that text. Inside base64 or ciphertext the span is where the object starts
// (the whole CPIM maps to one Content-Type line), escaped text may spell the name with entities:
// there the finding stays, without a fix.
import { ruleFor } from './rules';
import type { Finding } from './types';

/** Keys of `data` that belong to the fix, dropped together when the fix is not exact. */
const FIX_KEYS = ['replacement', 'original'] as const;

/** Only slices are read: a text in pieces will do. */
type Text = Pick<string, 'slice'>;

export function fixIsExact(text: Text, f: Finding): boolean {
  const original = f.data?.original;
  return typeof original === 'string' && typeof f.data?.replacement === 'string' && text.slice(f.span.start, f.span.end) === original;
}

export function keepExactFixes(text: Text, findings: Finding[]): Finding[] {
  for (const f of findings) {
    if (!f.data || f.data.replacement === undefined) continue;
    if (ruleFor(f.code)?.fix === 'replace' && fixIsExact(text, f)) continue;
    const rest: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(f.data)) if (!(FIX_KEYS as readonly string[]).includes(k)) rest[k] = v;
    if (Object.keys(rest).length) f.data = rest;
    else delete f.data;
  }
  return findings;
}
