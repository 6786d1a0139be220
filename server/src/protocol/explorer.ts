// The trace explorer's messages between the extension and the server (`xmppE2e/explorer*`).
// JSON shapes only (type imports): the client and the webview import this without server code.
import type { StanzaRow } from '../core/explorer/rows';
import type { LspRange } from './requests';

/** One table row: the core's StanzaRow with its offsets turned into an LSP range (a type-only import). */
export type ExplorerRow = Omit<StanzaRow, 'span'> & { range: LspRange };

/** xmppE2e/explorerModel: every stanza row of a document (the filter runs in the webview, on rows). */
export const ExplorerModelRequest = 'xmppE2e/explorerModel';
export interface ExplorerModelParams { uri: string }
export interface ExplorerModelResult {
  uri: string;
  version: number;
  dialect?: string;
  vantage?: string;
  rows: ExplorerRow[];
  /** Objects per verdict, for the header. */
  verdicts: Record<string, number>;
}

/** xmppE2e/explorerReport: the same report `xmpp-e2e report` writes, for "Export Report". */
export const ExplorerReportRequest = 'xmppE2e/explorerReport';
export interface ExplorerReportParams { uri: string; format: 'html' | 'md'; filter?: string }
export type ExplorerReportResult = { ok: true; text: string; suggestedName: string } | { ok: false; reason: string };
