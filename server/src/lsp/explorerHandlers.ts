// The trace explorer's requests: rows (from the same cached analysis the diagnostics use) and the
// shareable report. Registered by one call from server.ts; converts offsets to ranges only.
import type { Connection } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { buildReport, buildRows, lensTitle, type Analysis, type SeverityOverride } from '../core/service';
import { runSafe, type Logger } from './runSafe';
import { toRange } from './convert';
import { URI } from './uri';
import * as X from '../protocol/explorer';

export type AnalysisLookup = (uri: string) => Promise<{ doc: TextDocument; s: { severity: Record<string, SeverityOverride> }; analysis: Analysis } | undefined>;

export function explorerModel(doc: TextDocument, analysis: Analysis, overrides: Record<string, SeverityOverride>): X.ExplorerModelResult {
  const rows = buildRows(analysis, { lensTitle, severityOverrides: overrides }).map(({ span, ...r }): X.ExplorerRow => ({ ...r, range: toRange(doc, span) }));
  const verdicts: Record<string, number> = {};
  for (const o of analysis.objects) verdicts[o.status] = (verdicts[o.status] ?? 0) + 1;
  return { uri: doc.uri, version: doc.version, dialect: analysis.dialect, vantage: analysis.trace?.vantage, rows, verdicts };
}

export function registerExplorerHandlers(connection: Connection, analysisOf: AnalysisLookup, log: Logger): void {
  connection.onRequest(X.ExplorerModelRequest, (params: X.ExplorerModelParams, token) =>
    runSafe(log, 'explorerModel', null as X.ExplorerModelResult | null, async () => {
      const r = await analysisOf(String(params?.uri ?? ''));
      return r ? explorerModel(r.doc, r.analysis, r.s.severity) : null;
    }, token),
  );

  connection.onRequest(X.ExplorerReportRequest, (params: X.ExplorerReportParams) =>
    runSafe(log, 'explorerReport', { ok: false, reason: 'internal error' } as X.ExplorerReportResult, async (): Promise<X.ExplorerReportResult> => {
      const r = await analysisOf(String(params?.uri ?? ''));
      if (!r) return { ok: false, reason: 'The document is not open.' };
      const format = params.format === 'md' ? 'md' : 'html';
      const name = URI.baseName(r.doc.uri);
      const out = buildReport([{ path: name, text: r.doc.getText(), analysis: r.analysis }], {
        format,
        filter: params.filter,
        generated: new Date().toISOString(),
        lensTitle,
        severityOverrides: r.s.severity,
      });
      return out.ok ? { ok: true, text: out.text, suggestedName: `${name.replace(/\.[^.]*$/, '')}-report.${format}` } : { ok: false, reason: out.error };
    }),
  );
}
