// Offsets <-> LSP positions and the core service's plain records -> LSP shapes. The only place
// line/character math happens on the server (TextDocument does it).
import {
  CodeActionKind,
  DiagnosticSeverity,
  FoldingRangeKind,
  SymbolKind,
  type CodeAction,
  type Diagnostic,
  type DiagnosticRelatedInformation,
  type DocumentSymbol,
  type FoldingRange,
  type Range,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from './uri';
import { textLength } from './pieceDocument';
import type { ActionKind, DiagnosticRecord, FoldRecord, OffsetEdit, Severity, Span, SymbolKindName, SymbolRecord } from '../core/service';
import { DIAGNOSTIC_SOURCE } from '../protocol/commands';
import type { LspWorkspaceEdit } from '../protocol/requests';

export function toRange(doc: TextDocument, span: Span): Range {
  const len = textLength(doc);
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

/** Diagnostic records -> LSP diagnostics; without relatedInformation support the related lines go into the message. */
export function toDiagnostics(doc: TextDocument, records: readonly DiagnosticRecord[], relatedInformation = true): Diagnostic[] {
  return records.map((r) => {
    const d: Diagnostic = { range: toRange(doc, r.span), severity: SEVERITY[r.severity], code: r.code, source: DIAGNOSTIC_SOURCE, message: r.message };
    if (r.related) {
      if (relatedInformation) d.relatedInformation = r.related.map((x) => relatedInfo(doc, x.span, x.message, x.path));
      else d.message += r.related.map((x) => `\n${x.message}`).join('');
    }
    if (r.data) d.data = r.data;
    return d;
  });
}

function relatedInfo(doc: TextDocument, span: Span, message: string, path: string | undefined): DiagnosticRelatedInformation {
  if (path) {
    // Another file (a certificate in the key store): the span is not in this document's text.
    return { location: { uri: URI.fromPath(path), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }, message };
  }
  return { location: { uri: doc.uri, range: toRange(doc, span) }, message };
}

const SYMBOL_KIND: Record<SymbolKindName, SymbolKind> = { message: SymbolKind.Event, presence: SymbolKind.Object, iq: SymbolKind.Function, element: SymbolKind.Namespace };

export function toDocumentSymbols(doc: TextDocument, symbols: readonly SymbolRecord[]): DocumentSymbol[] {
  return symbols.map((s) => {
    const range = toRange(doc, s.span);
    const selectionRange = toRange(doc, s.selectionSpan);
    // LSP requires selectionRange inside range.
    const sel = selectionRange.start.line >= range.start.line ? selectionRange : range;
    return { name: s.name, detail: s.detail, kind: SYMBOL_KIND[s.kind], range, selectionRange: sel };
  });
}

/** Folds spanning more than one line, at most `maxItems` (negative: no limit), sorted by line. */
export function toFoldingRanges(doc: TextDocument, folds: readonly FoldRecord[], maxItems: number): FoldingRange[] {
  const limit = maxItems < 0 ? Number.POSITIVE_INFINITY : maxItems;
  const out: FoldingRange[] = [];
  for (const f of folds) {
    if (out.length >= limit) break;
    const a = doc.positionAt(f.span.start).line;
    const b = doc.positionAt(Math.max(f.span.start, f.span.end - 1)).line;
    if (b > a) out.push(f.region ? { startLine: a, endLine: b, kind: FoldingRangeKind.Region } : { startLine: a, endLine: b });
  }
  return out.sort((x, y) => x.startLine - y.startLine);
}

export const ACTION_KIND: Record<ActionKind, CodeAction['kind']> = {
  quickfix: CodeActionKind.QuickFix,
  'refactor.rewrite': CodeActionKind.RefactorRewrite,
  source: CodeActionKind.Source,
};

/** Offset edits of one document -> a WorkspaceEdit. */
export function toWorkspaceEdit(doc: TextDocument, edits: readonly OffsetEdit[]): LspWorkspaceEdit {
  return { changes: { [doc.uri]: edits.map((e) => ({ range: toRange(doc, e.span), newText: e.newText })) } };
}

/** The same edit bound to the document version it was computed for: editors refuse it on any other version. */
export function toVersionedEdit(doc: TextDocument, edits: readonly OffsetEdit[]) {
  return { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits: edits.map((e) => ({ range: toRange(doc, e.span), newText: e.newText })) }] };
}
