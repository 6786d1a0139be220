// `xmpp-e2e inspect`'s text report, as modern compilers print one (rustc, tsc --pretty): per file
// a header with the capture dialect, then each finding as `path:line:col - severity code: message`
// with the source line and a caret under the range, its consequences and related places under it,
// and a summary. Input: findings (file offsets, severity already resolved) and the file's text.
import type { ObjectReport, Severity, Span } from '../../server/src/core/types';
import { palette, type Palette } from './color';
import { tellStories } from './findingStory';
import { LineIndex, type Position } from './lineIndex';

export interface ReportedFinding {
  code: string;
  severity: Severity;
  message: string;
  span: Span;
  related?: { message: string; span: Span; path?: string }[];
}

export interface TextReportFile {
  path: string;
  text: string;
  /** The capture dialect (`psi`, `raw-xml`...) or the document kind (`cpim`, `pidf`). */
  dialect: string;
  kind: string;
  stanzas: number;
  objects: readonly ObjectReport[];
  /** File spans of the stanzas: findings about one stanza are told as one story. */
  stanzaSpans: readonly Span[];
  findings: readonly ReportedFinding[];
  /** Network captures: a text offset's place as `frame:N` (Wireshark's numbering), printed as `path#frame:N`. */
  locate?: (offset: number) => { label: string } | undefined;
  /** A streamed file's lines (its `text` is then empty): positions, and the lines findings start on. */
  source?: TextSource;
}

/** What the report reads of a file's text. */
export interface TextSource {
  positionAt(offset: number): Position;
  lineText(line: number): string;
  /** The file holds only white space. */
  blank: boolean;
}

function sourceOf(f: TextReportFile): TextSource {
  if (f.source) return f.source;
  const index = new LineIndex(f.text);
  return { positionAt: (o) => index.positionAt(o), lineText: (l) => lineText(f.text, index, l), blank: f.text.trim() === '' };
}

const LABEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'info', hint: 'hint' };
const ORDER: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };
const MAX_EXCERPT = 100;

const DIALECT_NAMES: Record<string, string> = {
  'raw-xml': 'raw XML stream',
  xmpppy: 'xmpppy debug log',
  libstrophe: 'libstrophe / Profanity log',
  smack: 'Smack debugger log',
  gajim: 'Gajim XML console',
  psi: 'Psi XML console dump',
  dino: 'Dino --print-xmpp log',
  xmppjs: 'xmpp.js debug log',
  'node-xmpp': 'node-xmpp debug log',
  ejabberd: 'ejabberd debug log',
  prosody: 'Prosody debug log',
  tigase: 'Tigase log',
  openfire: 'Openfire debugger log',
  unknown: 'no capture dialect recognised, read as XML',
  cpim: 'Message/CPIM document',
  pidf: 'PIDF document',
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function statusCounts(objects: readonly ObjectReport[]): string {
  const by = new Map<string, number>();
  for (const o of objects) by.set(o.status, (by.get(o.status) ?? 0) + 1);
  return [...by].map(([k, v]) => `${v} ${k}`).join(', ');
}

function fileHeader(f: TextReportFile, p: Palette): string {
  const what = DIALECT_NAMES[f.dialect] ?? f.dialect;
  if (f.kind !== 'trace') return `${p.path(f.path)}: ${what}`;
  const status = statusCounts(f.objects);
  return `${p.path(f.path)}: ${what}, ${plural(f.stanzas, 'stanza')}, ${plural(f.objects.length, 'e2e object')}${status ? ` (${status})` : ''}`;
}

/** The generic explanation of a trace with no stanza (the core may add a precise one). */
function emptyTraceNote(f: TextReportFile, p: Palette): string | undefined {
  if (f.kind !== 'trace' || f.stanzas > 0) return undefined;
  // A precise trace-level finding from the core (why this capture has no stanza) says it better.
  if (f.findings.some((x) => x.code.startsWith('trace.') && x.code !== 'trace.format.unknown')) return undefined;
  const blank = sourceOf(f).blank;
  const why = blank
    ? 'the file is empty'
    : f.dialect === 'unknown'
      ? 'no capture dialect was recognised and no <message/>, <presence/> or <iq/> element was found'
      : `it was read as a ${DIALECT_NAMES[f.dialect] ?? f.dialect}, but no <message/>, <presence/> or <iq/> element was found in it`;
  const hint = blank
    ? ''
    : ' If this is a capture, the client or server may log only connection events, or cut stanzas: log the full XML stream (see the README, "How to capture a complete log").';
  return `${p.information(LABEL.information)}: ${p.bold('no stanza to check')}: ${why}.${hint}`;
}

/** Tabs as spaces, so the caret lines up with what the terminal shows. */
function expandTabs(line: string): { text: string; column: (c: number) => number } {
  const cols: number[] = [];
  let text = '';
  for (let i = 0; i < line.length; i++) {
    cols.push(text.length);
    text += line[i] === '\t' ? ' '.repeat(4 - (text.length % 4)) : line[i];
  }
  cols.push(text.length);
  return { text, column: (c) => cols[Math.min(c, cols.length - 1)] };
}

/** The source line under the finding and a caret line under its range (the first line of it). */
function excerpt(index: TextSource, span: Span, paint: (s: string) => string, p: Palette): string[] {
  const start = index.positionAt(span.start);
  const end = index.positionAt(Math.max(span.start, span.end));
  const raw = index.lineText(start.line);
  const { text, column } = expandTabs(raw);
  let from = column(start.character);
  let to = end.line === start.line ? Math.max(from + 1, column(end.character)) : Math.max(from + 1, text.length);
  // Long lines (a stanza on one line, base64): a window around the caret.
  let shown = text;
  let shift = 0;
  if (text.length > MAX_EXCERPT) {
    shift = Math.max(0, Math.min(from - 20, text.length - MAX_EXCERPT));
    shown = (shift > 0 ? '…' : '') + text.slice(shift, shift + MAX_EXCERPT) + (shift + MAX_EXCERPT < text.length ? '…' : '');
    const lead = shift > 0 ? 1 : 0;
    from = from - shift + lead;
    to = Math.min(to - shift + lead, MAX_EXCERPT + lead);
  }
  const more = end.line > start.line ? ` ${p.dim(`(+${plural(end.line - start.line, 'line')})`)}` : '';
  const num = String(start.line + 1);
  const pad = ' '.repeat(num.length);
  return [
    `${p.gutter(`${pad} |`)}`,
    `${p.gutter(`${num} |`)} ${shown}`,
    `${p.gutter(`${pad} |`)} ${' '.repeat(from)}${paint('^'.repeat(Math.max(1, to - from)))}${more}`,
  ];
}

function lineText(text: string, index: LineIndex, line: number): string {
  const start = index.offsetOfLine(line);
  let end = start;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  return text.slice(start, end);
}

function location(path: string, index: TextSource, span: Span, locate?: TextReportFile['locate']): string {
  const origin = locate?.(span.start);
  if (origin) return `${path}#${origin.label}`;
  const pos = index.positionAt(span.start);
  return `${path}:${pos.line + 1}:${pos.character + 1}`;
}

function headline(f: ReportedFinding, p: Palette): string {
  return `${p[f.severity](LABEL[f.severity])} ${p.bold(f.code)}: ${f.message}`;
}

function fileFindings(f: TextReportFile, p: Palette): string[] {
  const index = sourceOf(f);
  const sorted = [...f.findings].sort((a, b) => a.span.start - b.span.start || ORDER[a.severity] - ORDER[b.severity]);
  const out: string[] = [];
  for (const story of tellStories(sorted, f.stanzaSpans)) {
    const c = story.cause;
    out.push('', `${p.path(location(f.path, index, c.span, f.locate))} - ${headline(c, p)}`, ...excerpt(index, c.span, p[c.severity], p));
    const pad = ' '.repeat(String(index.positionAt(c.span.start).line + 1).length);
    for (const q of story.consequences) {
      const at = index.positionAt(q.span.start);
      out.push(`${p.gutter(`${pad} =`)} ${p.bold('consequence')} ${p.dim(`(${at.line + 1}:${at.character + 1})`)}: ${headline(q, p)}`);
    }
    for (const r of [...(c.related ?? []), ...story.consequences.flatMap((q) => q.related ?? [])]) {
      const where = r.path ? r.path : location(f.path, index, r.span, f.locate);
      out.push(`${p.gutter(`${pad} =`)} ${p.bold('note')}: ${r.message} ${p.dim(`(${where})`)}`);
    }
  }
  return out;
}

export function formatTextReport(files: readonly TextReportFile[], options: { color: boolean }): string {
  const p = palette(options.color);
  const lines: string[] = [];
  for (const f of files) {
    if (lines.length) lines.push('');
    lines.push(fileHeader(f, p));
    const note = emptyTraceNote(f, p);
    if (note) lines.push(note);
    lines.push(...fileFindings(f, p));
  }
  lines.push('', summary(files, p));
  return lines.join('\n') + '\n';
}

function summary(files: readonly TextReportFile[], p: Palette): string {
  const c: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const f of files) for (const d of f.findings) c[d.severity]++;
  const stanzas = files.reduce((n, f) => n + f.stanzas, 0);
  const objects = files.flatMap((f) => f.objects);
  const status = statusCounts(objects);
  const counts = [
    c.error ? p.error(plural(c.error, 'error')) : plural(0, 'error'),
    c.warning ? p.warning(plural(c.warning, 'warning')) : plural(0, 'warning'),
    `${c.information} information`,
    plural(c.hint, 'hint'),
  ].join(', ');
  return `${plural(files.length, 'file')}, ${plural(stanzas, 'stanza')}, ${plural(objects.length, 'e2e object')}${status ? ` (${status})` : ''}: ${counts}`;
}
