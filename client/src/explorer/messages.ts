// Messages between the explorer panel (extension host) and its webview. Rows travel as columns:
// 'model' starts a generation with its first rows, 'rows' appends the next chunk, 'delta' turns the
// generation the page holds into the next one (an edit), without a reload.
import type { ExplorerModelResult, RowColumns } from '../../../server/src/protocol/explorer';

export type ModelHead = Omit<ExplorerModelResult, 'rows' | 'delta'>;

export type ToWebview =
  | { type: 'model'; head: ModelHead; rows: RowColumns; fileName: string; /** How long the server took to answer, ms; when the host posted it (Date.now()). */ serverMs: number; postedAt?: number }
  | { type: 'rows'; gen: number; rows: RowColumns }
  | { type: 'delta'; head: ModelHead; since: number; at: number; remove: number; insert: RowColumns }
  | { type: 'select'; index: number }
  | { type: 'stale'; reason: string };

export type FromWebview =
  | { type: 'ready' }
  | { type: 'reveal'; index: number }
  | { type: 'exportSvg'; svg: string }
  | { type: 'exportReport'; filter: string };

/** What the webview keeps with getState/setState (survives hiding and reloads). */
export interface WebviewState {
  uri?: string;
  filter: string;
  sort: { key: string; desc: boolean };
  tab: 'table' | 'diagram';
  selected: number;
  scrollTop: number;
}
