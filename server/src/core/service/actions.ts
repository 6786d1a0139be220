// Code actions as plain records: fixes from a diagnostic's code and data (never its message), seal
// actions on plain stanzas, decoded view / unseal actions on objects. What runs them is named by an
// operation; the LSP adapter maps operations to commands and spans to ranges.
import type { Analysis } from '../analyze';
import { fixIsExact } from '../exactFixes';
import { isCode, ruleFor } from '../rules';
import type { Span } from '../types';
import { stanzaIndexesIn } from './locate';
import type { OffsetEdit } from './edits';
import type { SealMode } from './sealEdits';

export type ActionKind = 'quickfix' | 'refactor.rewrite' | 'source';

export type Operation =
  | { op: 'seal'; mode: SealMode; stanzaIndexes: number[] }
  | { op: 'unsealInPlace'; objectIndex: number }
  | { op: 'unseal'; objectIndex: number }
  | { op: 'openDecoded'; objectIndex: number }
  | { op: 'silence'; code: string };

export interface ActionRecord {
  title: string;
  kind: ActionKind;
  /** Index into the diagnostics the action answers. */
  diagnostic?: number;
  isPreferred?: boolean;
  /** A fix: edits of the document version the diagnostics were computed for. */
  edits?: OffsetEdit[];
  operation?: Operation;
  /** Shown but disabled, with this reason (Restricted Mode). */
  disabledReason?: string;
}

/** A diagnostic as the client sends it back: code, where it is, its data. */
export interface DiagnosticRef {
  code: string;
  span: Span;
  data?: unknown;
}

const SEAL_TITLES: [SealMode, string][] = [
  ['sign', 'Seal: Sign'],
  ['encrypt', 'Seal: Encrypt'],
  ['signEncrypt', 'Seal: Sign and Encrypt'],
];

const RESTRICTED = 'Keys are not loaded in an untrusted workspace (Restricted Mode).';

/** The fix of one diagnostic, when its rule has one and the span holds exactly what the fix replaces. */
export function fixFor(text: string, d: DiagnosticRef): OffsetEdit | undefined {
  if (!isCode(d.code) || ruleFor(d.code)?.fix !== 'replace') return undefined;
  const data = (d.data ?? {}) as Record<string, unknown>;
  if (!fixIsExact(text, { code: d.code, message: '', span: d.span, data })) return undefined;
  return { span: d.span, newText: data.replacement as string };
}

export function actionsFor(text: string, analysis: Analysis, span: Span, diagnostics: readonly DiagnosticRef[], keysAvailable: boolean): ActionRecord[] {
  const out: ActionRecord[] = [];
  const disabledReason = keysAvailable ? undefined : RESTRICTED;
  const silenced = new Set<string>();
  diagnostics.forEach((d, i) => {
    const fix = fixFor(text, d);
    if (fix) out.push({ title: `Replace with '${fix.newText}'`, kind: 'quickfix', diagnostic: i, isPreferred: true, edits: [fix] });
    if (!silenced.has(d.code)) {
      silenced.add(d.code);
      out.push({ title: `Silence ${d.code} in settings`, kind: 'quickfix', diagnostic: i, operation: { op: 'silence', code: d.code } });
    }
  });
  const stanzas = analysis.trace?.stanzas ?? [];
  const touched = stanzaIndexesIn(analysis, [span]);
  const plain = touched.filter((i) => stanzas[i].e2e.length === 0);
  if (plain.length > 0) {
    for (const [mode, title] of SEAL_TITLES) {
      out.push({ title: plain.length > 1 ? `${title} (${plain.length} stanzas)` : title, kind: 'refactor.rewrite', operation: { op: 'seal', mode, stanzaIndexes: plain }, disabledReason });
    }
  }
  for (const r of analysis.records) {
    const o = r.report;
    if (!touched.includes(o.stanzaIndex) || o.kind !== 'rfc3923') continue;
    out.push({ title: `Open Decoded Object ${o.index + 1}`, kind: 'source', operation: { op: 'openDecoded', objectIndex: o.index } });
    out.push({ title: `Unseal Object ${o.index + 1} into a Side View`, kind: 'source', operation: { op: 'unseal', objectIndex: o.index }, disabledReason });
    out.push({ title: `Unseal Object ${o.index + 1} in Place`, kind: 'refactor.rewrite', operation: { op: 'unsealInPlace', objectIndex: o.index }, disabledReason });
  }
  return out;
}
