// Offsets <-> LSP positions and core results -> LSP shapes. The only place line/character math
// happens on the server (TextDocument does it).
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation, type Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from './uri';
import { effectiveSeverity, type SeverityOverride } from '../core/rules';
import type { Finding, Severity, Span } from '../core/types';
import { DIAGNOSTIC_SOURCE } from '../protocol/commands';

export function toRange(doc: TextDocument, span: Span): Range {
  const len = doc.getText().length;
  const start = Math.max(0, Math.min(span.start, len));
  const end = Math.max(start, Math.min(span.end, len));
  return { start: doc.positionAt(start), end: doc.positionAt(end) };
}

export function toSpan(doc: TextDocument, range: Range): Span {
  const a = doc.offsetAt(range.start);
  const b = doc.offsetAt(range.end);
  return { start: Math.min(a, b), end: Math.max(a, b) };
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export interface DiagnosticOptions {
  overrides?: Readonly<Record<string, SeverityOverride>>;
  maxNumberOfProblems?: number;
  /** Whether the client renders relatedInformation (otherwise it is folded into the message). */
  relatedInformation?: boolean;
}

/** Findings -> diagnostics: per-code overrides (`off` drops), most severe first when capped. */
export function toDiagnostics(doc: TextDocument, findings: readonly Finding[], options: DiagnosticOptions = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const f of findings) {
    const sev = effectiveSeverity(f.code, f.severity, options.overrides);
    if (!sev) continue;
    const d: Diagnostic = {
      range: toRange(doc, f.span),
      severity: SEVERITY[sev],
      code: f.code,
      source: DIAGNOSTIC_SOURCE,
      message: f.message,
    };
    if (f.related && f.related.length > 0) {
      if (options.relatedInformation === false) {
        d.message += f.related.map((r) => `\n${r.message}`).join('');
      } else {
        d.relatedInformation = f.related.map((r): DiagnosticRelatedInformation => relatedInfo(doc, r.span, r.message, r.path));
      }
    }
    if (f.data) d.data = f.data;
    out.push(d);
  }
  const max = options.maxNumberOfProblems ?? 1000;
  if (max >= 0 && out.length > max) {
    // Keep the most severe ones, then restore document order.
    const ranked = out.map((d, i) => ({ d, i })).sort((a, b) => (a.d.severity ?? 4) - (b.d.severity ?? 4) || a.i - b.i);
    return ranked.slice(0, max).sort((a, b) => a.i - b.i).map((x) => x.d);
  }
  return out;
}

function relatedInfo(doc: TextDocument, span: Span, message: string, path: string | undefined): DiagnosticRelatedInformation {
  if (path) {
    // Another file (a certificate in the key store): the span is not in this document's text.
    return { location: { uri: URI.fromPath(path), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }, message };
  }
  return { location: { uri: doc.uri, range: toRange(doc, span) }, message };
}
