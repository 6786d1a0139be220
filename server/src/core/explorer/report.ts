// One entry point for the report the CLI and the editor write (same bytes for the same input).
import { parseFilter, type Filter } from './filter';
import { buildFileReport, type ReportInput } from './reportModel';
import { renderHtmlReport } from './reportHtml';
import { renderMarkdownReport } from './reportMd';
import type { RowOptions } from './rows';

export type ReportFormat = 'html' | 'md';

export interface ReportOptions extends RowOptions {
  format: ReportFormat;
  filter?: string;
  /** When the report was made (ISO); injected so the output is reproducible. */
  generated: string;
}

export type ReportResult = { ok: true; text: string } | { ok: false; error: string };

export function buildReport(inputs: readonly ReportInput[], options: ReportOptions): ReportResult {
  let filter: Filter | undefined;
  const source = options.filter?.trim() ?? '';
  if (source) {
    const p = parseFilter(source);
    if (!p.ok) return { ok: false, error: `bad filter at ${p.start + 1}: ${p.error}` };
    filter = p.filter;
  }
  const files = inputs.map((i) => buildFileReport(i, filter, options));
  const render = options.format === 'md' ? renderMarkdownReport : renderHtmlReport;
  return { ok: true, text: render(files, source, options.generated) };
}
