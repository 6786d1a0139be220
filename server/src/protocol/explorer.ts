// The trace explorer's messages between the extension and the server (`xmppE2e/explorer*`).
// JSON shapes only (type imports): the client and the webview import this without server code.
// Rows travel as columns (rowColumns.ts): the first screen with the model, the rest in chunks,
// and after an edit only the splice that changed.
import type { RowColumns } from '../core/explorer/rowColumns';
import type { ViewRow } from '../core/explorer/rows';
import type { LspRange } from './requests';

export type { RowColumns };
/** One table row (no offsets: the server locates a row's stanza on request). */
export type ExplorerRow = ViewRow;

/**
 * xmppE2e/explorerModel: the document's row model. `since`: the generation the caller holds in
 * full; when the server still has it, the answer is the splice from it instead of the rows.
 */
export const ExplorerModelRequest = 'xmppE2e/explorerModel';
export interface ExplorerModelParams { uri: string; since?: number; first?: number }
export interface ExplorerModelResult {
  uri: string;
  version: number;
  /** The model's generation: rows are asked for and located by it. */
  gen: number;
  dialect?: string;
  vantage?: string;
  total: number;
  /** Objects per verdict, for the header. */
  verdicts: Record<string, number>;
  /** Rows 0..first (a full answer), or the splice from `since` (a delta answer). */
  rows?: RowColumns;
  delta?: { since: number; at: number; remove: number; insert: RowColumns };
}

/** xmppE2e/explorerRows: rows [start, start+count) of a generation (null: it is gone, ask the model again). */
export const ExplorerRowsRequest = 'xmppE2e/explorerRows';
export interface ExplorerRowsParams { uri: string; gen: number; start: number; count: number }

/** xmppE2e/explorerLocate: the range of row `index`'s stanza (null: stale generation). */
export const ExplorerLocateRequest = 'xmppE2e/explorerLocate';
export interface ExplorerLocateParams { uri: string; gen: number; index: number }

/** xmppE2e/explorerRowAt: the row for a cursor position (-1: none, or a stale generation). */
export const ExplorerRowAtRequest = 'xmppE2e/explorerRowAt';
export interface ExplorerRowAtParams { uri: string; gen: number; position: { line: number; character: number } }

export type { LspRange };

/** xmppE2e/explorerReport: the same report `xmpp-e2e report` writes, for "Export Report". */
export const ExplorerReportRequest = 'xmppE2e/explorerReport';
export interface ExplorerReportParams { uri: string; format: 'html' | 'md'; filter?: string }
export type ExplorerReportResult = { ok: true; text: string; suggestedName: string } | { ok: false; reason: string };
