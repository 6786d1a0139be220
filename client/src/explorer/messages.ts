// Messages between the explorer panel (extension host) and its webview. Rows travel as columns:
// 'model' starts a generation with its first rows, 'rows' appends the next chunk, 'delta' turns the
// generation the page holds into the next one (an edit), without a reload.
import type { ExplorerModelResult, RowColumns } from '../../../server/src/protocol/explorer';

/** The id of the page's inline JSON element that holds the first model (explorerHtml.ts). */
export const FIRST_MODEL_ID = 'first-model';

export type ModelHead = Omit<ExplorerModelResult, 'rows' | 'delta'>;

export type ToWebview =
  | { type: 'model'; head: ModelHead; rows: RowColumns; fileName: string; times: HostTimes }
  | { type: 'rows'; gen: number; rows: RowColumns }
  | { type: 'delta'; head: ModelHead; since: number; at: number; remove: number; insert: RowColumns }
  | { type: 'select'; index: number }
  | { type: 'stale'; reason: string };

export type FromWebview =
  | { type: 'ready' }
  | { type: 'reveal'; index: number }
  | { type: 'exportSvg'; svg: string }
  | { type: 'exportReport'; filter: string };

/** When (Date.now(), ms) the host took the opening's steps: the UI suite's timings of the explorer. */
export interface HostTimes {
  /** The command ran (absent for a panel restored after a reload). */
  command?: number;
  panel?: number;
  html?: number;
  asked?: number;
  answered?: number;
  posted?: number;
}

/** What the webview keeps with getState/setState (survives hiding and reloads). */
export interface WebviewState {
  uri?: string;
  filter: string;
  sort: { key: string; desc: boolean };
  tab: 'table' | 'diagram';
  selected: number;
  scrollTop: number;
}
