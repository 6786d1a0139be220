// A positioned MIME entity parser (RFC 2045/2046) for the objects inside <e2e/> and for CPIM's
// outer and encapsulated entities. Every span is a FILE span through the caller's OffsetMap; the
// entity keeps its text exactly as given because multipart/signed is verified byte for byte.
import type { Finding, OffsetMap, Span } from '../types';
import { isWsp, lineAt, linesFrom, type Line } from './lines';
import { ownBytes } from '../ownCopy';

export interface MimeParam {
  value: string;
  /** The value as written, including its quotes when quoted. */
  span: Span;
  quoted: boolean;
}

export interface MimeHeader {
  name: string;
  /** Unfolded (line breaks removed) and trimmed. */
  value: string;
  /** The whole header including folded lines, without the final line break. */
  line: Span;
  nameSpan: Span;
  valueSpan: Span;
  /** Parameters of `Content-*` headers, keyed by lower-case name. */
  params: Record<string, MimeParam>;
  /** Offsets in the entity text (for callers that re-scan the header). */
  local: { start: number; end: number; valueStart: number; valueEnd: number };
}

export interface MimeEntity {
  headers: MimeHeader[];
  contentType?: {
    /** Lower case. */
    type: string;
    subtype: string;
    params: Record<string, MimeParam>;
    header: MimeHeader;
  };
  body: string;
  /** Offset of the body in the entity text. */
  bodyOffset: number;
  bodySpan: Span;
  map: OffsetMap;
  /** The entity text exactly as given. */
  raw: string;
  /** First header with this name (case-insensitive). */
  header(name: string): MimeHeader | undefined;
}

const HEADER_START = /^[!-9;-~]+:/;

export function isHeaderLine(text: string, line: Line): boolean {
  return HEADER_START.test(text.slice(line.start, Math.min(line.end, line.start + 1000)));
}

/** Parses headers and locates the body; never throws. */
export function parseMimeEntity(text: string, map: OffsetMap): MimeEntity {
  const headers: MimeHeader[] = [];
  let bodyOffset = text.length;
  let current: { start: number; colon: number; end: number } | undefined;
  const flush = (): void => {
    if (current) headers.push(buildHeader(text, map, current.start, current.colon, current.end));
    current = undefined;
  };
  let pos = 0;
  while (pos < text.length) {
    const line = lineAt(text, pos);
    if (line.end === line.start) {
      bodyOffset = line.next;
      break;
    }
    if (current && isWsp(text.charCodeAt(line.start))) {
      current.end = line.end;
    } else if (isHeaderLine(text, line)) {
      flush();
      current = { start: line.start, colon: text.indexOf(':', line.start), end: line.end };
    } else {
      // Not a header: the body starts here without the blank line.
      bodyOffset = line.start;
      break;
    }
    pos = line.next;
  }
  flush();
  return makeEntity(text, map, headers, bodyOffset);
}

function makeEntity(text: string, map: OffsetMap, headers: MimeHeader[], bodyOffset: number): MimeEntity {
  const find = (name: string): MimeHeader | undefined => {
    const lower = name.toLowerCase();
    return headers.find((h) => h.name.toLowerCase() === lower);
  };
  let bodySpan: Span | undefined;
  const entity: MimeEntity = {
    headers,
    body: text.slice(bodyOffset),
    bodyOffset,
    // Mapped when asked for, like the header spans.
    get bodySpan() {
      return (bodySpan ??= map.toFileSpan(bodyOffset, text.length));
    },
    map,
    raw: text,
    header: find,
  };
  const ct = find('content-type');
  if (ct) {
    const main = ct.value.split(';', 1)[0].trim().toLowerCase();
    const slash = main.indexOf('/');
    entity.contentType = {
      type: slash >= 0 ? main.slice(0, slash).trim() : main,
      subtype: slash >= 0 ? main.slice(slash + 1).trim() : '',
      params: ct.params,
      header: ct,
    };
  }
  return entity;
}

/**
 * A header whose file spans are mapped only when asked for: a trace holds thousands of objects and
 * most header spans are never reported, while mapping goes through several offset maps.
 */
class Header implements MimeHeader {
  private lineSpan?: Span;
  private nameSpanValue?: Span;
  private valueSpanValue?: Span;

  constructor(
    readonly name: string,
    readonly value: string,
    readonly params: Record<string, MimeParam>,
    readonly local: { start: number; end: number; valueStart: number; valueEnd: number },
    private readonly map: OffsetMap,
    private readonly colon: number,
  ) {}

  get line(): Span {
    return (this.lineSpan ??= this.map.toFileSpan(this.local.start, this.local.end));
  }

  get nameSpan(): Span {
    return (this.nameSpanValue ??= this.map.toFileSpan(this.local.start, this.colon));
  }

  get valueSpan(): Span {
    return (this.valueSpanValue ??= this.map.toFileSpan(this.local.valueStart, this.local.valueEnd));
  }
}

class Param implements MimeParam {
  private spanValue?: Span;

  constructor(
    readonly value: string,
    readonly quoted: boolean,
    private readonly map: OffsetMap,
    private readonly start: number,
    private readonly end: number,
  ) {}

  get span(): Span {
    return (this.spanValue ??= this.map.toFileSpan(this.start, this.end));
  }
}

/** Space, tab, CR, LF, FF, VT: what `\s` matched here, without a regex per character. */
function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/** Builds a header from local offsets: `start` of the name, the colon, `end` of the last line. */
export function buildHeader(text: string, map: OffsetMap, start: number, colon: number, end: number): MimeHeader {
  const name = text.slice(start, colon);
  let vs = colon + 1;
  while (vs < end && isSpace(text.charCodeAt(vs))) vs++;
  let ve = end;
  while (ve > vs && isSpace(text.charCodeAt(ve - 1))) ve--;
  const raw = text.slice(vs, ve);
  const value = raw.includes('\n') ? raw.replace(/\r?\n/g, '').trim() : raw;
  const params = name.length > 8 && name.slice(0, 8).toLowerCase() === 'content-' ? parseParams(text, map, vs, ve) : {};
  return new Header(name, value, params, { start, end, valueStart: vs, valueEnd: ve }, map, colon);
}

/** `; name=value` parameters after the main value; lenient about stray backslashes (RFC 3923 examples). */
function parseParams(text: string, map: OffsetMap, from: number, to: number): Record<string, MimeParam> {
  const params: Record<string, MimeParam> = {};
  let p = from;
  // Skip the main value (quotes may hide a ';').
  let inQuote = false;
  while (p < to && (inQuote || text[p] !== ';')) {
    if (text[p] === '"') inQuote = !inQuote;
    else if (text[p] === '\\' && inQuote) p++;
    p++;
  }
  while (p < to) {
    while (p < to && (text[p] === ';' || text[p] === '\\' || isSpace(text.charCodeAt(p)))) p++;
    const ns = p;
    while (p < to) {
      const c = text.charCodeAt(p);
      if (isSpace(c) || c === 0x3b /* ; */ || c === 0x3d /* = */ || c === 0x22 /* " */) break;
      p++;
    }
    const name = text.slice(ns, p).toLowerCase();
    while (p < to && isWsp(text.charCodeAt(p))) p++;
    if (text[p] !== '=' || name === '') {
      // Not a parameter: resynchronise at the next ';'.
      while (p < to && text[p] !== ';') p++;
      continue;
    }
    p++;
    while (p < to && isWsp(text.charCodeAt(p))) p++;
    const vs = p;
    let value = '';
    let quoted = false;
    if (text[p] === '"') {
      quoted = true;
      p++;
      // Most quoted values (boundary, protocol, micalg) hold no escape or line break: one slice.
      const close = text.indexOf('"', p);
      const end = close < 0 || close > to ? to : close;
      if (!/[\\\r\n]/.test(text.slice(p, end))) {
        value = text.slice(p, end);
        p = end;
      }
      while (p < to && text[p] !== '"') {
        if (text[p] === '\\' && p + 1 < to) p++;
        if (text[p] !== '\r' && text[p] !== '\n') value += text[p];
        p++;
      }
      if (p < to) p++;
    } else {
      while (p < to && text[p] !== ';' && !isSpace(text.charCodeAt(p))) p++;
      value = text.slice(vs, p);
    }
    if (!(name in params)) params[name] = new Param(value, quoted, map, vs, p);
  }
  return params;
}

function subMap(map: OffsetMap, offset: number): OffsetMap {
  return {
    toFile: (o) => map.toFile(offset + o),
    toFileSpan: (s, e) => map.toFileSpan(offset + s, offset + e),
  };
}

/**
 * Splits a multipart body at its boundary. Each part's `raw` is exactly the text between the
 * delimiter line's line break and the line break before the next delimiter (RFC 2046 §5.1.1:
 * that line break belongs to the delimiter), so the first part of multipart/signed is the
 * signed byte sequence.
 */
export function splitMultipart(entity: MimeEntity): { parts: MimeEntity[]; findings: Finding[] } {
  const findings: Finding[] = [];
  const text = entity.raw;
  const boundary = entity.contentType?.params.boundary?.value;
  const where = entity.contentType?.header.line ?? entity.map.toFileSpan(0, lineAt(text, 0).end);
  if (!boundary) {
    findings.push({ code: 'smime.multipart.parts', message: 'multipart entity without a boundary parameter', span: where });
    return { parts: [], findings };
  }
  const dash = '--' + boundary;
  const delimiters: { line: Line; close: boolean }[] = [];
  for (const line of linesFrom(text, entity.bodyOffset)) {
    if (!text.startsWith(dash, line.start) || line.start + dash.length > line.end) continue;
    const rest = text.slice(line.start + dash.length, line.end);
    if (/^[ \t]*$/.test(rest)) delimiters.push({ line, close: false });
    else if (rest.startsWith('--')) {
      delimiters.push({ line, close: true });
      break;
    }
  }
  if (delimiters.length === 0) {
    findings.push({
      code: 'smime.multipart.parts',
      message: `the boundary delimiter '${dash}' never occurs in the body`,
      span: where,
    });
    return { parts: [], findings };
  }
  const parts: MimeEntity[] = [];
  for (let i = 0; i < delimiters.length; i++) {
    const d = delimiters[i];
    if (d.close) break;
    const start = d.line.next;
    let end = text.length;
    const nextDelim = delimiters[i + 1];
    if (nextDelim) {
      const l = nextDelim.line.start;
      end = text.charCodeAt(l - 1) === 10 ? (text.charCodeAt(l - 2) === 13 ? l - 2 : l - 1) : l;
      if (end < start) end = start;
    }
    parts.push(parseMimeEntity(text.slice(start, end), subMap(entity.map, start)));
  }
  const last = delimiters[delimiters.length - 1];
  if (!last.close) {
    findings.push({
      code: 'smime.multipart.parts',
      message: `multipart body ends without the closing delimiter '${dash}--'`,
      span: entity.map.toFileSpan(last.line.start, last.line.end),
    });
  }
  return { parts, findings };
}

/** Decodes a base64 body, skipping whitespace; any other non-alphabet character fails. */
export function decodeBase64Body(entity: MimeEntity): { bytes: Uint8Array; ok: boolean; reason?: string; span?: Span } {
  const body = entity.body;
  const fail = (reason: string, at?: number) => ({
    bytes: new Uint8Array(0),
    ok: false,
    reason,
    span: at === undefined ? entity.bodySpan : entity.map.toFileSpan(entity.bodyOffset + at, entity.bodyOffset + at + 1),
  });
  // Regex scans: a per-character JavaScript loop is ~10x slower on multi-megabyte bodies.
  const bad = /[^A-Za-z0-9+/= \t\r\n]/.exec(body);
  if (bad) {
    const c = bad[0].charCodeAt(0);
    const shown = c < 0x20 || c === 0x7f ? `U+${c.toString(16).padStart(4, '0')}` : `'${bad[0]}'`;
    return fail(`invalid base64 character ${shown} at body offset ${bad.index}`, bad.index);
  }
  const eq = body.indexOf('=');
  let padding = 0;
  if (eq >= 0) {
    const after = /[^= \t\r\n]/.exec(body.slice(eq));
    if (after) return fail(`data after padding ('=') at body offset ${eq + after.index}`, eq + after.index);
    padding = body.slice(eq).replace(/[ \t\r\n]/g, '').length;
    if (padding > 2) return fail('more than two padding characters', eq);
  }
  const total = whitespaceFreeLength(body);
  if ((total - padding) % 4 === 1) return fail('truncated base64 (length is 1 more than a multiple of 4)');
  if (padding > 0 && total % 4 !== 0) return fail('wrong amount of base64 padding');
  // Node's decoder skips the whitespace validated above.
  // Its own memory: the parsed object's parts (kept in caches) are views of these bytes.
  return { bytes: ownBytes(Buffer.from(body, 'base64')), ok: true };
}

const WHITESPACE = [' ', '\t', '\r', '\n'];

/** Length without spaces, tabs and line breaks (counted with indexOf, not copied: base64 has a break every line). */
function whitespaceFreeLength(s: string): number {
  let ws = 0;
  for (const c of WHITESPACE) for (let i = s.indexOf(c); i >= 0; i = s.indexOf(c, i + 1)) ws++;
  return s.length - ws;
}

/** Turns every bare LF into CRLF; existing CRLF stays as is. */
export function lfToCrlf(s: string): string {
  return s.replace(/(?<!\r)\n/g, '\r\n');
}
