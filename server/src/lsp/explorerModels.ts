// The explorer's row models, kept per document so that the panel can take its rows in chunks and,
// after an edit, only the splice from the generation it holds. A generation is one built row model:
// a new analysis whose rows equal the last ones keeps its generation (settings or key changes that
// alter nothing shown), one that differs gets the next. The current and the previous generation
// are kept: a panel still loading the previous one finishes its chunks or falls back to a reload.
import type { Analysis } from '../core/service';
import { buildRows, type RowOptions, type ViewRow } from '../core/explorer/rows';
import { diffRows, type RowSplice } from '../core/explorer/rowDelta';
import type { Span } from '../core/types';

export interface RowModel {
  gen: number;
  /** The document version the rows were built from. */
  version: number;
  analysis: Analysis;
  rows: ViewRow[];
  spans: Span[];
}

const MAX_DOCS = 8;

function viewRows(analysis: Analysis, options: RowOptions): { rows: ViewRow[]; spans: Span[] } {
  const spans: Span[] = [];
  const rows = buildRows(analysis, options).map(({ span, objects: _objects, ...r }): ViewRow => {
    spans.push(span);
    return r;
  });
  return { rows, spans };
}

export class ExplorerModels {
  private readonly docs = new Map<string, { current: RowModel; previous?: RowModel }>();
  private nextGen = 1;

  /** The model of this analysis (built once per analysis), and the splice from `since` when that is kept. */
  model(uri: string, version: number, analysis: Analysis, options: RowOptions, since?: number): { model: RowModel; splice?: RowSplice } {
    const held = this.docs.get(uri);
    let current = held?.current;
    if (!current || current.analysis !== analysis) {
      const built = viewRows(analysis, options);
      const splice = current && current.rows.length === built.rows.length ? diffRows(current.rows, built.rows) : undefined;
      const same = splice !== undefined && splice.remove === 0 && splice.insert.length === 0;
      const model: RowModel = { gen: same ? current!.gen : this.nextGen++, version, analysis, ...built };
      this.docs.delete(uri);
      this.docs.set(uri, { current: model, previous: same ? held?.previous : current });
      if (this.docs.size > MAX_DOCS) this.docs.delete(this.docs.keys().next().value as string);
      current = model;
    }
    const entry = this.docs.get(uri)!;
    if (since === undefined || since === current.gen) return { model: current, splice: since === current.gen ? { at: 0, remove: 0, insert: [] } : undefined };
    const base = entry.previous?.gen === since ? entry.previous : undefined;
    return { model: current, splice: base ? diffRows(base.rows, current.rows) : undefined };
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
