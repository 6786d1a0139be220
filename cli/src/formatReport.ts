// The three output formats of `xmpp-e2e inspect`: compiler-style text, JSON (0-based LSP ranges)
// and SARIF 2.1.0 for code-scanning upload.
import { RULES, effectiveSeverity } from '../../server/src/core/rules';
import type { Analysis } from '../../server/src/core/analyze';
import type { ObjectReport, Severity } from '../../server/src/core/types';
import { LineIndex, type Position } from './lineIndex';

export interface FileResult {
  path: string;
  text: string;
  analysis: Analysis;
  /** Network captures: the frame (or HAR record) behind an offset of the capture document. */
  locate?: (offset: number) => { frame?: number; label: string } | undefined;
}

export interface OutDiagnostic {
  code: string;
  severity: Severity;
  message: string;
  range: { start: Position; end: Position };
  relatedInformation?: { message: string; range: { start: Position; end: Position }; path?: string }[];
  /** Network captures: Wireshark's frame number, and `frame:N` / `entry:N` for the text output. */
  frame?: number;
  locator?: string;
}

export interface OutFile {
  path: string;
  dialect: string;
  kind: string;
  stanzas: number;
  diagnostics: OutDiagnostic[];
  objects: ObjectReport[];
  /** Network captures: streams and each stanza's frames (cli/src/captureInput.ts). */
  capture?: unknown;
}

const ORDER: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

export function toOutFile(r: FileResult): OutFile {
  const index = new LineIndex(r.text);
  const range = (s: { start: number; end: number }) => ({ start: index.positionAt(s.start), end: index.positionAt(s.end) });
  const diagnostics: OutDiagnostic[] = [];
  for (const f of r.analysis.findings) {
    const severity = effectiveSeverity(f.code, f.severity);
    if (!severity) continue;
    const d: OutDiagnostic = { code: f.code, severity, message: f.message, range: range(f.span) };
    const origin = r.locate?.(f.span.start);
    if (origin) Object.assign(d, origin.frame !== undefined ? { frame: origin.frame } : {}, { locator: origin.label });
    if (f.related?.length) {
      d.relatedInformation = f.related.map((ri) => ({ message: ri.message, range: range(ri.span), ...(ri.path ? { path: ri.path } : {}) }));
    }
    diagnostics.push(d);
  }
  diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || ORDER[a.severity] - ORDER[b.severity]);
  return {
    path: r.path,
    dialect: r.analysis.dialect ?? r.analysis.kind,
    kind: r.analysis.kind,
    stanzas: r.analysis.stanzaCount,
    diagnostics,
    objects: r.analysis.objects,
  };
}

export function countBySeverity(files: OutFile[]): Record<Severity, number> {
  const c: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const f of files) for (const d of f.diagnostics) c[d.severity]++;
  return c;
}

export function formatText(files: OutFile[]): string {
  const lines: string[] = [];
  for (const f of files) {
    for (const d of f.diagnostics) {
      const where = d.locator ? `#${d.locator}` : `:${d.range.start.line + 1}:${d.range.start.character + 1}`;
      lines.push(`${f.path}${where}: ${d.severity} ${d.code} ${d.message}`);
    }
  }
  const c = countBySeverity(files);
  const stanzas = files.reduce((n, f) => n + f.stanzas, 0);
  const objects = files.reduce((n, f) => n + f.objects.length, 0);
  const status = files.flatMap((f) => f.objects).reduce<Record<string, number>>((acc, o) => {
    acc[o.status] = (acc[o.status] ?? 0) + 1;
    return acc;
  }, {});
  const statusText = Object.entries(status).map(([k, v]) => `${v} ${k}`).join(', ');
  lines.push(
    `${files.length} file${files.length === 1 ? '' : 's'}, ${stanzas} stanza${stanzas === 1 ? '' : 's'}, ${objects} e2e object${objects === 1 ? '' : 's'}${statusText ? ` (${statusText})` : ''}: ` +
      `${c.error} error${c.error === 1 ? '' : 's'}, ${c.warning} warning${c.warning === 1 ? '' : 's'}, ${c.information} information, ${c.hint} hint${c.hint === 1 ? '' : 's'}`,
  );
  return lines.join('\n') + '\n';
}

export function formatJson(files: OutFile[]): string {
  return JSON.stringify({ files }, null, 2) + '\n';
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export function formatSarif(files: OutFile[], version: string): string {
  const used = new Set(files.flatMap((f) => f.diagnostics.map((d) => d.code)));
  const rules = RULES.filter((r) => used.has(r.code)).map((r) => ({
    id: r.code,
    shortDescription: { text: r.description },
    defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
    ...(r.ref ? { properties: { specReference: r.ref } } : {}),
  }));
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const results = files.flatMap((f) =>
    f.diagnostics.map((d) => ({
      ruleId: d.code,
      ...(ruleIndex.has(d.code) ? { ruleIndex: ruleIndex.get(d.code) } : {}),
      level: SARIF_LEVEL[d.severity],
      message: { text: d.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: toUri(f.path) },
            region: {
              startLine: d.range.start.line + 1,
              startColumn: d.range.start.character + 1,
              endLine: d.range.end.line + 1,
              endColumn: d.range.end.character + 1,
            },
          },
        },
      ],
      ...(d.relatedInformation?.length
        ? {
            relatedLocations: d.relatedInformation.map((ri, id) => ({
              id,
              message: { text: ri.message },
              physicalLocation: {
                artifactLocation: { uri: toUri(ri.path ?? f.path) },
                region: { startLine: ri.range.start.line + 1, startColumn: ri.range.start.character + 1 },
              },
            })),
          }
        : {}),
    })),
  );
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'xmpp-e2e', fullName: 'XMPP E2E Inspector', version, informationUri: 'https://www.rfc-editor.org/rfc/rfc3923', rules } },
        artifacts: files.map((f) => ({ location: { uri: toUri(f.path) } })),
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

function toUri(path: string): string {
  return path.split('\\').join('/').split('/').map(encodeURIComponent).join('/');
}
