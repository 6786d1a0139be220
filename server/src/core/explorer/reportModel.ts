// What a report says about one file, computed once and written as HTML or Markdown: the rows the
// filter keeps, their arrows, the findings inside them (or all, unfiltered) and their objects.
import type { Analysis } from '../analyze';
import { LineIndex } from '../lineIndex';
import { effectiveSeverity } from '../rules';
import type { Finding, ObjectReport, Severity } from '../types';
import { applyFilter, type Filter } from './filter';
import { buildRows, containing, type RowOptions, type StanzaRow } from './rows';
import { buildSequence, type SequenceModel } from './sequence';

export interface ReportInput {
  path: string;
  text: string;
  analysis: Analysis;
}

export interface ReportFinding {
  code: string;
  severity: Severity;
  message: string;
  line: number;
  column: number;
  /** The source line the finding starts on (cut to a readable length). */
  excerpt: string;
  stanza?: number;
}

export interface ReportCertificate {
  subject: string;
  issuer: string;
  serialHex: string;
  xmppAddrs: string[];
  pem: string;
}

export interface FileReport {
  path: string;
  dialect: string;
  vantage?: string;
  total: number;
  rows: StanzaRow[];
  sequence: SequenceModel;
  findings: ReportFinding[];
  objects: ObjectReport[];
  /** Per object index: the certificates embedded in its SignedData (public; chain and signer). */
  certificates: Map<number, ReportCertificate[]>;
  counts: Record<Severity, number>;
  verdicts: Record<string, number>;
}

const EXCERPT_MAX = 200;

function toReportFinding(f: Finding, severity: Severity, text: string, lines: LineIndex, stanza?: number): ReportFinding {
  const { line, character: col } = lines.positionAt(f.span.start);
  const start = f.span.start - col;
  let end = start;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  let excerpt = text.slice(start, end);
  if (excerpt.length > EXCERPT_MAX) {
    const from = Math.max(0, Math.min(col - 40, excerpt.length - EXCERPT_MAX));
    excerpt = `${from > 0 ? '…' : ''}${excerpt.slice(from, from + EXCERPT_MAX)}…`;
  }
  return { code: f.code, severity, message: f.message, line: line + 1, column: col + 1, excerpt, ...(stanza !== undefined ? { stanza } : {}) };
}

export function buildFileReport(input: ReportInput, filter: Filter | undefined, options: RowOptions = {}): FileReport {
  const all = buildRows(input.analysis, options);
  const rows = applyFilter(all, filter);
  const shown = new Set(rows.map((r) => r.index));
  const filtered = !!filter && filter.terms.length > 0;
  const lines = new LineIndex(input.text);
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  const findings: ReportFinding[] = [];
  const spans = all.map((r) => r.span);
  for (const f of input.analysis.findings) {
    const severity = effectiveSeverity(f.code, f.severity, options.severityOverrides);
    if (!severity) continue;
    const stanza = containing(spans, f.span.start);
    if (filtered && !shown.has(stanza)) continue;
    counts[severity]++;
    findings.push(toReportFinding(f, severity, input.text, lines, stanza < 0 ? undefined : stanza));
  }
  findings.sort((a, b) => a.line - b.line || a.column - b.column);
  const objects = input.analysis.objects.filter((o) => !filtered || shown.has(o.stanzaIndex));
  const certificates = new Map<number, ReportCertificate[]>();
  for (const o of objects) {
    const seen = new Set<string>();
    const list: ReportCertificate[] = [];
    for (const sig of input.analysis.records[o.index]?.unwrapped?.signers ?? []) {
      for (const c of sig.embedded) {
        if (seen.has(c.pem)) continue;
        seen.add(c.pem);
        list.push({ subject: c.subject, issuer: c.issuer, serialHex: c.serialHex, xmppAddrs: c.xmppAddrs, pem: c.pem });
      }
    }
    certificates.set(o.index, list);
  }
  const verdicts: Record<string, number> = {};
  for (const o of objects) verdicts[o.status] = (verdicts[o.status] ?? 0) + 1;
  return {
    path: input.path,
    dialect: input.analysis.dialect ?? input.analysis.kind,
    vantage: input.analysis.trace?.vantage,
    total: all.length,
    rows,
    sequence: buildSequence(rows, all),
    findings,
    objects,
    certificates,
    counts,
    verdicts,
  };
}
