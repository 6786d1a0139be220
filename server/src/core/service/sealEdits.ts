// Seal splice: the chosen plain stanzas sealed (sign, encrypt or both) in one call, as edits that
// replace each stanza, so the CPIM DateTime / PIDF timestamps strictly increase (RFC 3923 §6.9).
import type { Analysis } from '../analyze';
import { sealMultiple } from '../seal/sealStanza';
import type { KeyStore } from '../types';
import type { AlgorithmProfile } from '../cms/profiles';
import type { OffsetEdit } from './edits';

export type SealMode = 'sign' | 'encrypt' | 'signEncrypt';

export type SealOutcome = { ok: true; edits: OffsetEdit[] } | { ok: false; reason: string };

export function sealEdits(
  text: string,
  analysis: Analysis,
  stanzaIndexes: number[],
  mode: SealMode,
  keys: KeyStore | undefined,
  keyLocations: string,
  nowMs?: number,
  profile?: AlgorithmProfile,
): SealOutcome {
  if (!keys) return { ok: false, reason: 'Keys are not loaded in an untrusted workspace (Restricted Mode): trust the workspace to seal.' };
  const stanzas = analysis.trace?.stanzas ?? [];
  if (stanzaIndexes.length === 0) return { ok: false, reason: 'No stanza at the cursor or in the selection.' };
  const chosen = stanzaIndexes.map((i) => stanzas[i]).filter((s) => s !== undefined);
  const already = chosen.find((s) => s.e2e.length > 0);
  if (already) return { ok: false, reason: `The ${already.kind} ${already.id ? `id='${already.id.value}' ` : ''}is already sealed.` };
  const options = { sign: mode !== 'encrypt', encrypt: mode !== 'sign', keys, profile };
  const xmlOf = (s: (typeof chosen)[number]) => text.slice(s.element.span.start, s.element.span.end);
  // In a capture with dated entries, a stanza sealed in place is dated at its own capture time, so
  // the trace stays consistent with itself (its timestamp is judged against that capture time).
  const captured = nowMs === undefined ? chosen.map((s) => (s.time?.dateKnown ? s.time.epochMs : undefined)) : [];
  const atCapture = captured.length > 0 && captured.every((t) => t !== undefined);
  // Otherwise one call for all of them: the DateTime / timestamp values then strictly increase (RFC 3923 §6.9).
  const results = atCapture
    ? chosen.map((s, k) => sealMultiple([xmlOf(s)], { ...options, nowMs: captured[k] })[0])
    : sealMultiple(chosen.map(xmlOf), { ...options, nowMs });
  const edits: OffsetEdit[] = [];
  for (let k = 0; k < chosen.length; k++) {
    const r = results[k];
    if (!r.ok) return { ok: false, reason: `${r.reason} (keys are looked for in: ${keyLocations})` };
    edits.push({ span: { start: chosen[k].element.span.start, end: chosen[k].element.span.end }, newText: r.xml });
  }
  return edits.length ? { ok: true, edits } : { ok: false, reason: 'No stanza at the cursor or in the selection.' };
}
