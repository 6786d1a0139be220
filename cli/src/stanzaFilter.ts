// `xmpp-e2e inspect --filter EXPR`: keeps the findings and objects of the stanzas the explorer's
// filter expression selects (findings outside every stanza go too: they belong to no row).
import type { Analysis } from '../../server/src/core/analyze';
import { containing, buildRows } from '../../server/src/core/explorer/rows';
import { applyFilter, parseFilter, type Filter } from '../../server/src/core/explorer/filter';
import { lensTitle } from '../../server/src/core/service';
import { UsageError } from './args';

export function parseFilterOption(expr: string | undefined): Filter | undefined {
  if (expr === undefined || expr.trim() === '') return undefined;
  const p = parseFilter(expr);
  if (!p.ok) throw new UsageError(`--filter: ${p.error} (at column ${p.start + 1} of "${expr}")`);
  return p.filter;
}

export function filterAnalysis(analysis: Analysis, filter: Filter | undefined): Analysis {
  if (!filter) return analysis;
  const rows = buildRows(analysis, { lensTitle });
  const shown = new Set(applyFilter(rows, filter).map((r) => r.index));
  const spans = rows.map((r) => r.span);
  return {
    ...analysis,
    findings: analysis.findings.filter((f) => shown.has(containing(spans, f.span.start))),
    objects: analysis.objects.filter((o) => shown.has(o.stanzaIndex)),
  };
}
