// Findings -> the neutral diagnostic records every face shows: the effective severity (per-code
// overrides, `off` drops), related locations, fix data, and one cap (the most severe kept, then
// document order). The LSP adapter turns spans into ranges, the CLI into lines and columns.
import { effectiveSeverity, type SeverityOverride } from '../rules';
import type { Code, Finding, RelatedInfo, Severity, Span } from '../types';

export interface DiagnosticRecord {
  code: Code;
  severity: Severity;
  message: string;
  span: Span;
  related?: RelatedInfo[];
  data?: Record<string, unknown>;
}

export interface DiagnosticOptions {
  overrides?: Readonly<Record<string, SeverityOverride>>;
  /** At most this many (the most severe are kept); negative: no limit. Default 1000. */
  maxNumberOfProblems?: number;
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

export function toDiagnosticRecords(findings: readonly Finding[], options: DiagnosticOptions = {}): DiagnosticRecord[] {
  const out: DiagnosticRecord[] = [];
  for (const f of findings) {
    const severity = effectiveSeverity(f.code, f.severity, options.overrides);
    if (!severity) continue;
    const d: DiagnosticRecord = { code: f.code, severity, message: f.message, span: f.span };
    if (f.related && f.related.length > 0) d.related = f.related;
    if (f.data) d.data = f.data;
    out.push(d);
  }
  return capDiagnostics(out, options.maxNumberOfProblems ?? 1000);
}

/** The one cap: keeps the `max` most severe (ties in document order), then restores their order. */
export function capDiagnostics<T extends { severity: Severity }>(items: T[], max: number): T[] {
  if (max < 0 || items.length <= max) return items;
  const ranked = items.map((d, i) => ({ d, i })).sort((a, b) => RANK[a.d.severity] - RANK[b.d.severity] || a.i - b.i);
  return ranked.slice(0, max).sort((a, b) => a.i - b.i).map((x) => x.d);
}

export function countSeverities(items: readonly { severity: Severity }[]): Record<Severity, number> {
  const c: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const d of items) c[d.severity]++;
  return c;
}
