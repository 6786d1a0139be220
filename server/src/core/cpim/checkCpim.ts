// RFC 3862 Message/CPIM: MIME headers, blank line, message headers, blank line, encapsulated
// MIME entity. Runs on standalone .cpim files and on inner objects of <e2e/>; every finding
// lands on the exact header line, name, value or prefix in the FILE through `map`.
import type { Code, Finding, OffsetMap, Span } from '../types';
import { isWsp, lineAt, type Line } from '../mime/lines';
import { buildHeader, isHeaderLine, parseMimeEntity, type MimeHeader } from '../mime/mimeEntity';
import { parseRfc3339, type ParsedTime } from '../time/rfc3339';
import { parseCpimAddress, uriJidProblem } from './cpimAddress';
import { checkEscapes, checkHeaderControls, checkHeaderName, checkLangParam, checkUtf8 } from './cpimHeaderText';
import { CORE_HEADERS, CPIM_CORE_NS, isCoreNamespace, isCpimHeaderName, isMimeHeaderName } from './cpimHeaders';

export interface CpimMessage {
  from?: { uri: string; name?: string; span: Span };
  to: { uri: string; span: Span }[];
  cc: { uri: string; span: Span }[];
  dateTime?: { value: string; span: Span; parsed: ParsedTime };
  subject?: string;
  /** Content-Type of the encapsulated object, as written. */
  contentType?: string;
  body: string;
  bodyMap: OffsetMap;
  /** [enclosing MIME headers, message headers, encapsulated entity headers]. */
  headerBlocks: MimeHeader[][];
}

interface RawHeader {
  first: Line;
  /** Whitespace before the name (a CPIM error, kept to report it). */
  indent: number;
  continuations: Line[];
  name: string;
}

interface Block {
  headers: RawHeader[];
  /** Where the next block starts. */
  next: number;
  endedBy: 'blank' | 'nonHeader' | 'stop' | 'eof';
  /** The line that ended the block (blank, non-header or stop line). */
  endLine?: Line;
}

function nameOf(text: string, line: Line): string | undefined {
  return isHeaderLine(text, line) ? text.slice(line.start, text.indexOf(':', line.start)) : undefined;
}

function isBlank(text: string, line: Line): boolean {
  return /^[ \t]*$/.test(text.slice(line.start, line.end));
}

/** Reads header lines from `pos` up to a blank line, a non-header line, or a header `stop` accepts. */
function readBlock(text: string, pos: number, stop: (name: string, seen: number) => boolean): Block {
  const headers: RawHeader[] = [];
  while (pos < text.length) {
    const line = lineAt(text, pos);
    if (isBlank(text, line)) return { headers, next: line.next, endedBy: 'blank', endLine: line };
    const last = headers[headers.length - 1];
    if (last && isWsp(text.charCodeAt(line.start))) {
      last.continuations.push(line);
    } else {
      let indent = 0;
      while (isWsp(text.charCodeAt(line.start + indent))) indent++;
      const name = nameOf(text, { ...line, start: line.start + indent });
      if (name === undefined) return { headers, next: line.start, endedBy: 'nonHeader', endLine: line };
      if (stop(name, headers.length)) return { headers, next: line.start, endedBy: 'stop', endLine: line };
      headers.push({ first: line, indent, continuations: [], name });
    }
    pos = line.next;
  }
  return { headers, next: text.length, endedBy: 'eof' };
}

function toMimeHeader(text: string, map: OffsetMap, h: RawHeader): MimeHeader {
  const end = h.continuations.length ? h.continuations[h.continuations.length - 1].end : h.first.end;
  const start = h.first.start + h.indent;
  return buildHeader(text, map, start, start + h.name.length, end);
}

function subMap(map: OffsetMap, offset: number): OffsetMap {
  return { toFile: (o) => map.toFile(offset + o), toFileSpan: (s, e) => map.toFileSpan(offset + s, offset + e) };
}

export function checkCpim(
  text: string,
  map: OffsetMap,
  options: { standalone: boolean },
): { message: CpimMessage; findings: Finding[] } {
  const findings: Finding[] = [];
  const span = (s: number, e: number): Span => map.toFileSpan(s, e);
  const add = (code: Code, message: string, s: number, e: number, data?: Record<string, unknown>): void => {
    const f: Finding = { code, message, span: span(s, e) };
    if (data) f.data = data;
    findings.push(f);
  };

  checkUtf8(text, add);

  // 1. Enclosing MIME headers (absent when the text starts with message headers).
  let pos = 0;
  let mimeHeaders: MimeHeader[] = [];
  const firstLine = lineAt(text, 0);
  const firstName = nameOf(text, firstLine);
  let skipMessageBlock = false;
  if (firstName !== undefined && isCpimHeaderName(firstName) && !isMimeHeaderName(firstName)) {
    add('cpim.structure.mimeType', "no 'Content-type: Message/CPIM' header before the message headers", firstLine.start, firstLine.end);
  } else {
    const a = readBlock(text, 0, (name, seen) => seen > 0 && isCpimHeaderName(name));
    mimeHeaders = a.headers.map((h) => toMimeHeader(text, map, h));
    const ct = mimeHeaders.find((h) => h.name.toLowerCase() === 'content-type');
    if (!ct) {
      const l = a.headers[0]?.first ?? firstLine;
      add('cpim.structure.mimeType', "no 'Content-type: Message/CPIM' header", l.start, l.end);
    } else if (ct.value.split(';', 1)[0].trim().toLowerCase() !== 'message/cpim') {
      add('cpim.structure.mimeType', `Content-type is '${ct.value}', not Message/CPIM`, ct.local.valueStart, ct.local.valueEnd);
    }
    if (a.endedBy === 'stop' && a.endLine) {
      add('cpim.structure.separator', 'missing blank line between the MIME headers and the message headers', a.endLine.start, a.endLine.end);
    } else if (a.endedBy === 'nonHeader' && a.endLine) {
      add('cpim.structure.separator', 'expected a header or a blank line after the MIME headers', a.endLine.start, a.endLine.end);
      skipMessageBlock = true;
    }
    pos = a.next;
  }

  // 2. Message headers: CPIM line rules apply here (no folding, exact spacing, case).
  const message: CpimMessage = { to: [], cc: [], body: '', bodyMap: map, headerBlocks: [] };
  let messageHeaders: MimeHeader[] = [];
  let entityStart = pos;
  if (!skipMessageBlock && pos < text.length) {
    const m = readBlock(text, pos, (name) => isMimeHeaderName(name));
    if (m.endedBy === 'blank' && m.endLine && m.endLine.end > m.endLine.start) {
      add('cpim.header.whitespace', 'a blank separator line must be empty (it holds whitespace)', m.endLine.start, m.endLine.end);
    }
    if (m.endedBy === 'stop' && m.endLine) {
      add('cpim.structure.separator', 'missing blank line between the message headers and the encapsulated entity', m.endLine.start, m.endLine.end);
    } else if (m.endedBy === 'nonHeader' && m.endLine && m.headers.length > 0) {
      add('cpim.structure.separator', 'expected a header or a blank line: the blank line before the encapsulated entity is missing', m.endLine.start, m.endLine.end);
    }
    messageHeaders = checkMessageHeaders(text, map, m.headers, message, add);
    entityStart = m.next;
    // RFC 3923 leaves the required headers to the application (CPIM-24): for e2e use, From and To.
    if (!options.standalone && m.headers.length > 0) {
      const missing = [message.from ? '' : 'From', message.to.length ? '' : 'To'].filter(Boolean);
      const l = m.headers[0].first;
      if (missing.length) add('cpim.header.missing', `no ${missing.join(' or ')} header: the inner identities cannot be compared with the stanza's (RFC 3922 §4.1.1)`, l.start + m.headers[0].indent, l.end);
    }
  }

  // 3. The encapsulated MIME entity.
  const entityMap = subMap(map, entityStart);
  const entity = parseMimeEntity(text.slice(entityStart), entityMap);
  const ect = entity.header('content-type');
  if (ect) {
    message.contentType = ect.value;
  } else if (entity.headers.length > 0) {
    const h0 = entity.headers[0].local.start + entityStart;
    const hn = entity.headers[entity.headers.length - 1].local.end + entityStart;
    add('cpim.content.noContentType', 'the encapsulated MIME entity has no Content-Type header', h0, hn);
  } else if (entityStart < text.length) {
    const l = lineAt(text, entityStart);
    add('cpim.content.noContentType', 'the encapsulated MIME entity has no headers (Content-Type is required)', l.start, l.end);
  } else {
    const lastLine = lastContentLine(text);
    add('cpim.content.noContentType', 'no encapsulated MIME entity (Content-Type is required)', lastLine.start, lastLine.end);
  }
  message.body = entity.body;
  message.bodyMap = subMap(map, entityStart + entity.bodyOffset);
  message.headerBlocks = [mimeHeaders, messageHeaders, entity.headers.map((h) => shiftHeader(h, entityStart))];

  // 4. CRLF framing: only meaningful in a standalone file (XML parsing has removed CRs).
  if (options.standalone) {
    const headerEnd = entityStart + entity.bodyOffset;
    let first = -1;
    let count = 0;
    for (let i = text.indexOf('\n'); i >= 0 && i < headerEnd; i = text.indexOf('\n', i + 1)) {
      if (i === 0 || text.charCodeAt(i - 1) !== 13) {
        if (first < 0) first = i;
        count++;
      }
    }
    if (first >= 0) {
      const l = lineStartBefore(text, first);
      const [s, e] = l < first ? [l, first] : [first, first + 1];
      add('cpim.header.crlf', `${count} header line${count === 1 ? '' : 's'} end${count === 1 ? 's' : ''} with a bare LF; CPIM requires CRLF`, s, e, { bareLfCount: count });
    }
  }
  return { message, findings };
}

function lineStartBefore(text: string, offset: number): number {
  const nl = text.lastIndexOf('\n', offset - 1);
  return nl + 1;
}

function lastContentLine(text: string): { start: number; end: number } {
  let end = text.length;
  while (end > 0 && /[\r\n]/.test(text[end - 1])) end--;
  return { start: lineStartBefore(text, end), end };
}

/** MimeHeader.local is relative to the entity; CPIM callers want offsets in the CPIM text. */
function shiftHeader(h: MimeHeader, by: number): MimeHeader {
  return {
    ...h,
    local: { start: h.local.start + by, end: h.local.end + by, valueStart: h.local.valueStart + by, valueEnd: h.local.valueEnd + by },
  };
}

type Add = (code: Code, message: string, s: number, e: number, data?: Record<string, unknown>) => void;

function checkMessageHeaders(text: string, map: OffsetMap, raw: RawHeader[], message: CpimMessage, add: Add): MimeHeader[] {
  const prefixes = new Map<string, string>();
  let defaultNs = CPIM_CORE_NS;
  const out: MimeHeader[] = [];
  for (const h of raw) {
    const header = toMimeHeader(text, map, h);
    out.push(header);
    const line = h.first;
    for (const c of h.continuations) {
      add('cpim.header.folded', 'CPIM headers cannot be folded: this continues the previous header on a new line', c.start, c.end);
    }
    if (h.indent > 0) {
      add('cpim.header.whitespace', 'a header line must not start with whitespace', line.start, line.start + h.indent);
    }
    // Name: [prefix "."] name.
    const nameStart = line.start + h.indent;
    const colon = nameStart + h.name.length;
    const dot = h.name.indexOf('.');
    const prefix = dot >= 0 ? h.name.slice(0, dot) : undefined;
    const local = dot >= 0 ? h.name.slice(dot + 1) : h.name;
    const localStart = dot >= 0 ? nameStart + dot + 1 : nameStart;
    let ns: string | undefined = defaultNs;
    if (prefix !== undefined) {
      ns = prefixes.get(prefix);
      if (ns === undefined) {
        add('cpim.ns.undeclared', `the prefix '${prefix}' is used before any 'NS: ${prefix} <URI>' declares it`, nameStart, nameStart + dot);
      }
    }
    // Parameters (";lang=fr"), then exactly one SP, then the value.
    let p = colon + 1;
    while (p < line.end && text[p] === ';') {
      p++;
      const paramStart = p;
      let quote = false;
      while (p < line.end && (quote || (text[p] !== ';' && !isWsp(text.charCodeAt(p))))) {
        if (text[p] === '"') quote = !quote;
        p++;
      }
      checkLangParam(text, paramStart, p, add);
    }
    const wsStart = p;
    while (p < line.end && isWsp(text.charCodeAt(p))) p++;
    const ws = text.slice(wsStart, p);
    let valueEnd = line.end;
    while (valueEnd > p && isWsp(text.charCodeAt(valueEnd - 1))) valueEnd--;
    const valueStart = p;
    if (valueStart === line.end) {
      if (ws.length > 1) add('cpim.header.whitespace', 'trailing whitespace at the end of the header line', wsStart + 1, line.end);
    } else {
      if (ws !== ' ') {
        const msg = ws === '' ? "exactly one space must follow the ':'; there is none" : `exactly one space must follow the ':'; found ${describeWs(ws)}`;
        add('cpim.header.space', msg, ws === '' ? colon : wsStart, ws === '' ? Math.min(colon + 2, line.end) : p);
      }
      if (valueEnd < line.end) add('cpim.header.whitespace', 'trailing whitespace at the end of the header line', valueEnd, line.end);
    }
    checkHeaderName(text, nameStart, colon, add);
    checkHeaderControls(text, valueStart, valueEnd, add);
    checkEscapes(text, valueStart, valueEnd, add);
    const value = text.slice(valueStart, valueEnd);
    // NS declares namespaces whatever the default namespace is (RFC 3862 §3.4), so it is
    // recognised even after `NS: <other>` changed the default.
    const core = isCoreNamespace(ns) || (prefix === undefined && local === 'NS');
    const correct = core ? CORE_HEADERS[local.toLowerCase()] : undefined;
    if (correct !== undefined && local !== correct) {
      add('cpim.header.case', `CPIM header names are case-sensitive: '${local}' is not '${correct}' and will be ignored`, localStart, colon, { replacement: correct, original: local });
      continue;
    }
    if (core && correct === undefined && prefix === undefined) {
      add('cpim.header.unknown', `'${local}' is not a CPIM core header; receivers ignore it unless Require names it`, nameStart, colon);
    }
    if (!core || correct === undefined) continue;
    const valueSpan = map.toFileSpan(valueStart, valueEnd);
    switch (correct) {
      case 'From':
      case 'To':
      case 'cc': {
        const a = parseCpimAddress(value);
        if (!a.ok) {
          add('cpim.from.syntax', `${correct}: expected '[Formal-name] <URI>': ${a.reason}`, valueStart, valueEnd);
          break;
        }
        const jidProblem = uriJidProblem(a.uri);
        if (jidProblem) add('jid.invalid', jidProblem, valueStart + a.uriStart, valueStart + a.uriEnd);
        if (!/^im:/i.test(a.uri)) {
          add('cpim.from.scheme', `${correct}: ${a.uri.split(':', 1)[0]}: rather than an im: URI (RFC 3862 §4.1)`, valueStart + a.uriStart, valueStart + a.uriEnd);
        }
        if (correct === 'From') {
          if (!message.from) {
            message.from = { uri: a.uri, span: valueSpan };
            if (a.name !== undefined) message.from.name = a.name;
          }
        } else (correct === 'To' ? message.to : message.cc).push({ uri: a.uri, span: valueSpan });
        break;
      }
      case 'DateTime': {
        const parsed = parseRfc3339(value);
        if (!parsed.ok) add('cpim.datetime.syntax', `DateTime '${value}' is not an RFC 3339 date-time: ${parsed.reason}`, valueStart, valueEnd);
        if (!message.dateTime) message.dateTime = { value, span: valueSpan, parsed };
        break;
      }
      case 'Subject':
        if (message.subject === undefined) message.subject = value;
        break;
      case 'NS': {
        const m = /^(?:([^\s<>]+) )?<([^<>]*)>$/.exec(value);
        if (m) {
          if (m[1] !== undefined) prefixes.set(m[1], m[2]);
          else defaultNs = m[2];
          const uriStart = valueStart + value.length - 1 - m[2].length;
          if (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(m[2]) || m[2].includes('#')) {
            add('cpim.ns.uri', `NS URI '${m[2]}' must be absolute and without a fragment (RFC 3862 §3.4)`, uriStart, uriStart + m[2].length);
          }
        } else {
          add('cpim.ns.uri', "NS takes '[Name-prefix] <URI>' (RFC 3862 §4.6)", valueStart, valueEnd);
        }
        break;
      }
      case 'Require': {
        let off = valueStart;
        for (const item of value.split(',')) {
          const lead = item.length - item.trimStart().length;
          const name = item.trim();
          const d = name.indexOf('.');
          if (d > 0 && !prefixes.has(name.slice(0, d))) {
            const s = off + lead;
            add('cpim.ns.undeclared', `Require names '${name}', whose prefix '${name.slice(0, d)}' has no NS declaration before it`, s, s + d);
          }
          off += item.length + 1;
        }
        break;
      }
    }
  }
  return out;
}

function describeWs(ws: string): string {
  if (ws.includes('\t')) return 'a tab';
  return `${ws.length} spaces`;
}
