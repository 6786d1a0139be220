// The trace explorer's requests: the row model (from the same cached analysis the diagnostics use)
// as columns, in chunks, or as the splice since the panel's generation; a row's range; the row at
// the cursor; and the shareable report. Registered by one call from server.ts; converts only.
import type { Connection } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { buildReport, encodeRows, ExplorerModels, fullRows, lensTitle, rowNear, someRows, type Analysis, type SeverityOverride } from '../core/service';
import { runSafe, type Logger } from './runSafe';
import { toRange } from './convert';
import { URI } from './uri';
import { textLength } from './pieceDocument';
import * as X from '../protocol/explorer';

export type AnalysisLookup = (uri: string) => Promise<{ doc: TextDocument; s: { severity: Record<string, SeverityOverride> }; analysis: Analysis } | undefined>;
/** The synced document as it is now (no analysis wait). */
export type DocumentLookup = (uri: string) => TextDocument | undefined;

/** Rows sent with the model when the caller names no count: more than a screen. */
const FIRST_ROWS = 200;
const MAX_CHUNK = 20_000;

export function explorerModel(models: ExplorerModels, doc: TextDocument, analysis: Analysis, overrides: Record<string, SeverityOverride>, params: X.ExplorerModelParams): X.ExplorerModelResult {
  const since = typeof params.since === 'number' ? params.since : undefined;
  const { model, splice } = models.model(doc.uri, doc.version, analysis, { lensTitle, severityOverrides: overrides }, since);
  const verdicts: Record<string, number> = {};
  for (const o of analysis.objects) verdicts[o.status] = (verdicts[o.status] ?? 0) + 1;
  const head = { uri: doc.uri, version: model.version, gen: model.gen, dialect: analysis.dialect, vantage: analysis.trace?.vantage, total: model.total, verdicts };
  if (splice && since !== undefined) return { ...head, delta: { since, at: splice.at, remove: splice.remove, insert: encodeRows(splice.insert) } };
  const first = Math.max(0, Math.min(MAX_CHUNK, Number.isInteger(params.first) ? (params.first as number) : FIRST_ROWS));
  return { ...head, rows: encodeRows(someRows(model, 0, first)) };
}

export function registerExplorerHandlers(connection: Connection, analysisOf: AnalysisLookup, documentOf: DocumentLookup, log: Logger): void {
  const models = new ExplorerModels();

  connection.onRequest(X.ExplorerModelRequest, (params: X.ExplorerModelParams, token) =>
    runSafe(log, 'explorerModel', null as X.ExplorerModelResult | null, async () => {
      const uri = String(params?.uri ?? '');
      const r = await analysisOf(uri);
      if (!r) models.forget(uri);
      return r ? explorerModel(models, r.doc, r.analysis, r.s.severity, params) : null;
    }, token),
  );

  connection.onRequest(X.ExplorerRowsRequest, (params: X.ExplorerRowsParams) =>
    runSafe(log, 'explorerRows', null as X.RowColumns | null, async () => {
      const m = models.get(String(params?.uri ?? ''), Number(params?.gen));
      const start = Math.max(0, Math.trunc(Number(params?.start) || 0));
      const count = Math.max(0, Math.min(MAX_CHUNK, Math.trunc(Number(params?.count) || 0)));
      return m ? encodeRows(fullRows(m).rows, start, start + count) : null;
    }),
  );

  // Offsets are the generation's; they mean the same in the document only at its version.
  const atVersion = (uri: string, gen: number) => {
    const m = models.get(uri, gen);
    const doc = documentOf(uri);
    return m && doc && doc.version === m.version ? { m, doc } : undefined;
  };

  connection.onRequest(X.ExplorerLocateRequest, (params: X.ExplorerLocateParams) =>
    runSafe(log, 'explorerLocate', null as X.LspRange | null, async () => {
      const at = atVersion(String(params?.uri ?? ''), Number(params?.gen));
      const span = at && fullRows(at.m).spans[Number(params?.index)];
      return at && span ? toRange(at.doc, span) : null;
    }),
  );

  connection.onRequest(X.ExplorerRowAtRequest, (params: X.ExplorerRowAtParams) =>
    runSafe(log, 'explorerRowAt', -1, async () => {
      const at = atVersion(String(params?.uri ?? ''), Number(params?.gen));
      const line = Number(params?.position?.line);
      if (!at || !Number.isInteger(line) || line < 0) return -1;
      const offset = at.doc.offsetAt({ line, character: Math.max(0, Number(params.position.character) || 0) });
      const lineStart = at.doc.offsetAt({ line, character: 0 });
      const lineEnd = line + 1 < at.doc.lineCount ? at.doc.offsetAt({ line: line + 1, character: 0 }) - 1 : textLength(at.doc);
      return rowNear(fullRows(at.m).spans, offset, lineStart, lineEnd);
    }),
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
