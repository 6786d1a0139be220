// Messages between the explorer panel (extension host) and its webview.
import type { ExplorerModelResult } from '../../../server/src/protocol/explorer';

export type ToWebview =
  | { type: 'model'; model: ExplorerModelResult; fileName: string }
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
