// What `xmpp-e2e inspect` reports: findings with their effective severity and CLI wording, as
// JSON (0-based LSP ranges) here, as compiler-style text (textReport.ts) and SARIF (sarifReport.ts).
import type { SeverityOverride } from '../../server/src/core/rules';
import { lensTitle, toDiagnosticRecords, type Analysis, type ObjectReport, type Severity } from '../../server/src/core/service';
import { cliWords } from './cliWording';
import { LineIndex, type Position } from './lineIndex';
import type { ReportedFinding, TextReportFile } from './textReport';

export interface FileResult {
  path: string;
  text: string;
  analysis: Analysis;
  /** Network captures: the frame (or HAR record) behind an offset of the capture document. */
  locate?: (offset: number) => { frame?: number; label: string } | undefined;
}

export interface OutDiagnostic {
  code: string;
  severity: Severity;
  message: string;
  range: { start: Position; end: Position };
  relatedInformation?: { message: string; range: { start: Position; end: Position }; path?: string }[];
  /** Network captures: Wireshark's frame number, and `frame:N` / `entry:N` for the text output. */
  frame?: number;
  locator?: string;
}

export interface OutFile {
  path: string;
  dialect: string;
  kind: string;
  stanzas: number;
  diagnostics: OutDiagnostic[];
  /** Each object's verdicts and `lens`, the one-line title the editor shows above it. */
  objects: (ObjectReport & { lens: string })[];
  /** Network captures: streams and each stanza's frames (cli/src/captureInput.ts). */
  capture?: unknown;
}

const ORDER: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

/** The findings the CLI shows: the shared diagnostic records (overrides applied, `off` drops one, no cap), in CLI words. */
export function reportedFindings(analysis: Pick<Analysis, 'findings'>, overrides: Readonly<Record<string, SeverityOverride>> = {}): ReportedFinding[] {
  return toDiagnosticRecords(analysis.findings, { overrides, maxNumberOfProblems: -1 }).map((f) => {
    const related = f.related?.map((ri) => ({ message: cliWords(ri.message), span: ri.span, ...(ri.path ? { path: ri.path } : {}) }));
    return { code: f.code, severity: f.severity, message: cliWords(f.message), span: f.span, ...(related?.length ? { related } : {}) };
  });
}

export function toTextFile(r: FileResult, overrides: Readonly<Record<string, SeverityOverride>> = {}): TextReportFile {
  return {
    path: r.path,
    text: r.text,
    dialect: r.analysis.dialect ?? r.analysis.kind,
    kind: r.analysis.kind,
    stanzas: r.analysis.stanzaCount,
    objects: r.analysis.objects,
    stanzaSpans: r.analysis.trace?.stanzas.map((s) => s.element.span) ?? [],
    findings: reportedFindings(r.analysis, overrides),
    ...(r.locate ? { locate: r.locate } : {}),
  };
}

export function toOutFile(r: FileResult, overrides: Readonly<Record<string, SeverityOverride>> = {}): OutFile {
  const index = new LineIndex(r.text);
  return {
    path: r.path,
    dialect: r.analysis.dialect ?? r.analysis.kind,
    kind: r.analysis.kind,
    stanzas: r.analysis.stanzaCount,
    diagnostics: outDiagnostics(reportedFindings(r.analysis, overrides), index, r.locate),
    objects: r.analysis.objects.map((o) => ({ ...o, lens: lensTitle(o, r.analysis.findings) })),
  };
}

/** The JSON diagnostics of a file's findings, in reading order (`positions`: the file's lines, or a streamed file's). */
export function outDiagnostics(findings: readonly ReportedFinding[], positions: { positionAt(offset: number): Position }, locate?: FileResult['locate']): OutDiagnostic[] {
  const range = (s: { start: number; end: number }) => ({ start: positions.positionAt(s.start), end: positions.positionAt(s.end) });
  const diagnostics: OutDiagnostic[] = [];
  for (const f of findings) {
    const d: OutDiagnostic = { code: f.code, severity: f.severity, message: f.message, range: range(f.span) };
    const origin = locate?.(f.span.start);
    if (origin) Object.assign(d, origin.frame !== undefined ? { frame: origin.frame } : {}, { locator: origin.label });
    if (f.related?.length) {
      d.relatedInformation = f.related.map((ri) => ({ message: ri.message, range: range(ri.span), ...(ri.path ? { path: ri.path } : {}) }));
    }
    diagnostics.push(d);
  }
  diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || ORDER[a.severity] - ORDER[b.severity]);
  return diagnostics;
}

export function countBySeverity(files: OutFile[]): Record<Severity, number> {
  const c: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const f of files) for (const d of f.diagnostics) c[d.severity]++;
  return c;
}

export function formatJson(files: OutFile[]): string {
  return JSON.stringify({ files }, null, 2) + '\n';
}
