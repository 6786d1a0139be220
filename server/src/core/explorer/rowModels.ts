// The explorer's row models, kept per document so that the panel can take its rows in chunks and,
// after an edit, only the splice from the generation it holds. A generation is one analysis's rows;
// they are built when first needed in full (the first screen of a long trace is built on its own,
// and the rest while the page already shows it). The current and the previous generation are
// kept: a splice starts from the previous one, and a panel still loading it finishes or reloads.
import type { Analysis } from '../analyze';
import { buildRows, type RowOptions, type ViewRow } from './rows';
import { diffRows, type RowSplice } from './rowDelta';
import type { Span } from '../types';

export interface RowModel {
  gen: number;
  /** The document version the rows were built from. */
  version: number;
  analysis: Analysis;
  total: number;
  options: RowOptions;
  full?: { rows: ViewRow[]; spans: Span[] };
}

const MAX_DOCS = 8;

function viewRows(analysis: Analysis, options: RowOptions, range?: { from: number; to: number }): { rows: ViewRow[]; spans: Span[] } {
  const spans: Span[] = [];
  const rows = buildRows(analysis, options, range).map(({ span, objects: _objects, ...r }): ViewRow => {
    spans.push(span);
    return r;
  });
  return { rows, spans };
}

/** Every row of a generation (built once). */
export function fullRows(m: RowModel): { rows: ViewRow[]; spans: Span[] } {
  return (m.full ??= viewRows(m.analysis, m.options));
}

/** Rows [from, to) of a generation, without building the others when they are not built yet. */
export function someRows(m: RowModel, from: number, to: number): ViewRow[] {
  if (m.full || (from === 0 && to >= m.total)) return fullRows(m).rows.slice(from, to);
  return viewRows(m.analysis, m.options, { from, to }).rows;
}

export class ExplorerModels {
  private readonly docs = new Map<string, { current: RowModel; previous?: RowModel }>();
  private nextGen = 1;

  /** The generation of this analysis, and the splice from `since` when that generation is kept. */
  model(uri: string, version: number, analysis: Analysis, options: RowOptions, since?: number): { model: RowModel; splice?: RowSplice } {
    const held = this.docs.get(uri);
    let entry = held;
    if (!held || held.current.analysis !== analysis) {
      const current: RowModel = { gen: this.nextGen++, version, analysis, total: analysis.trace?.stanzas.length ?? 0, options };
      entry = { current, previous: held?.current };
      this.docs.delete(uri);
      this.docs.set(uri, entry);
      if (this.docs.size > MAX_DOCS) this.docs.delete(this.docs.keys().next().value as string);
    }
    const { current, previous } = entry!;
    if (since === undefined) return { model: current };
    if (since === current.gen) return { model: current, splice: { at: 0, remove: 0, insert: [] } };
    if (previous?.gen !== since) return { model: current };
    return { model: current, splice: diffRows(fullRows(previous).rows, fullRows(current).rows) };
  }

  /** A kept generation of a document. */
  get(uri: string, gen: number): RowModel | undefined {
    const e = this.docs.get(uri);
    return e?.current.gen === gen ? e.current : e?.previous?.gen === gen ? e.previous : undefined;
  }

  forget(uri: string): void {
    this.docs.delete(uri);
  }
}
