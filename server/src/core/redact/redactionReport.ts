// What a redaction removed, as the lines every face prints: counts per kind with the lines they
// were on, then what is worth knowing per <e2e/> object. Lines come from the caller (`lineOf`),
// because the core counts in offsets.
import type { RedactResult } from './redactTrace';
import { KIND_LABEL, type RedactionKind } from './secretKinds';

const NOTE_TEXT = {
  bindingNotApplicable:
    'JIDs pseudonymised: its certificate and signed content still name the real addresses, so the JID binding check (e2e.jid.mismatch) no longer applies to it',
  secretKept: 'kept as is so it still verifies, though it holds',
  clearSignedContent: 'signed in clear (multipart/signed): its message text is still readable, kept so the signature still verifies',
} as const;

const MAX_LINES_SHOWN = 20;

/** `lineOf` turns an offset of the original text into a 1-based line number. */
export function redactionReport(r: RedactResult, lineOf: (offset: number) => number): string[] {
  const byKind = new Map<RedactionKind, number[]>();
  for (const x of r.removed) byKind.set(x.kind, [...(byKind.get(x.kind) ?? []), lineOf(x.span.start)]);
  const out = [byKind.size ? 'removed:' : 'removed: nothing (no secret found)'];
  for (const [kind, at] of byKind) {
    const unique = [...new Set(at)];
    const shown = unique.length > MAX_LINES_SHOWN ? `${unique.slice(0, MAX_LINES_SHOWN).join(', ')}, … (${unique.length} lines)` : unique.join(', ');
    out.push(`  ${at.length} × ${KIND_LABEL[kind]}: line${unique.length === 1 ? '' : 's'} ${shown}`);
  }
  out.push(`objects: ${r.objects} <e2e/> object${r.objects === 1 ? '' : 's'} copied byte for byte`);
  for (const n of r.notes) {
    const what = n.note === 'secretKept' ? `${NOTE_TEXT.secretKept} ${KIND_LABEL[n.kind!]}` : NOTE_TEXT[n.note];
    out.push(`  object ${n.objectIndex + 1} (line ${lineOf(n.span.start)}): ${what}`);
  }
  return out;
}

/** One line for a notification: how many values of how many kinds. */
export function redactionSummary(r: RedactResult): string {
  const kinds = new Set(r.removed.map((x) => x.kind)).size;
  return `${r.removed.length} value${r.removed.length === 1 ? '' : 's'} of ${kinds} kind${kinds === 1 ? '' : 's'} removed; ${r.objects} <e2e/> object${r.objects === 1 ? '' : 's'} kept byte for byte${r.notes.length ? ` (${r.notes.length} note${r.notes.length === 1 ? '' : 's'})` : ''}`;
}
