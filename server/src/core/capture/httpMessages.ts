// HTTP/1.x messages in one direction of a reassembled TCP stream: start line, headers and the body
// as ranges of the stream (Content-Length, chunked, or to the end of a response). Parsing stops at
// an upgrade (the WebSocket frames that follow are not HTTP) and at anything that is not HTTP.
import { asLatin1 } from './captureModel';
import { contiguousEnd, streamBytes, type TcpDirection } from './tcpStreams';

export interface HttpMessage {
  startLine: string;
  /** Lower-case names; repeated headers joined with `, `. */
  headers: Map<string, string>;
  /** Stream offset of the start line. */
  start: number;
  /** Stream offset just after the blank line. */
  headerEnd: number;
  /** The body as stream ranges (chunked bodies are several). */
  body: [number, number][];
  /** Stream offset after the message. */
  end: number;
  /** The stream ended before the body did. */
  incomplete: boolean;
}

export const HTTP_REQUEST = /^(?:GET|POST|PUT|OPTIONS|HEAD|DELETE|PATCH) \S+ HTTP\/1\.[01]\r?\n/;
export const HTTP_RESPONSE = /^HTTP\/1\.[01] \d{3}/;

/** The messages of a direction from stream offset `from`; `isResponse` for the server's side. */
export function httpMessages(d: TcpDirection, isResponse: boolean, from = 0): HttpMessage[] {
  // HTTP is not parsed across bytes that were never captured.
  const text = asLatin1(streamBytes(d, 0, contiguousEnd(d, from)));
  const out: HttpMessage[] = [];
  let at = from;
  while (at < text.length) {
    while (at < text.length && (text[at] === '\r' || text[at] === '\n')) at++;
    if (at >= text.length) break;
    const head = text.slice(at, at + 64);
    if (!(isResponse ? HTTP_RESPONSE : HTTP_REQUEST).test(head)) break;
    const blank = text.indexOf('\r\n\r\n', at);
    if (blank < 0) break;
    const lines = text.slice(at, blank).split('\r\n');
    const headers = new Map<string, string>();
    for (const l of lines.slice(1)) {
      const c = l.indexOf(':');
      if (c <= 0) continue;
      const name = l.slice(0, c).trim().toLowerCase();
      const value = l.slice(c + 1).trim();
      headers.set(name, headers.has(name) ? `${headers.get(name)}, ${value}` : value);
    }
    const m: HttpMessage = { startLine: lines[0], headers, start: at, headerEnd: blank + 4, body: [], end: blank + 4, incomplete: false };
    out.push(m);
    const status = isResponse ? Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0])?.[1]) : 0;
    const upgrade = /websocket/i.test(headers.get('upgrade') ?? '');
    // After an upgrade request or a 101 the stream is no longer HTTP.
    if ((isResponse && status === 101) || (!isResponse && upgrade)) break;
    readBody(text, m, isResponse && !(status >= 100 && status < 200) && status !== 204 && status !== 304);
    at = m.end;
    if (m.incomplete) break;
  }
  return out;
}

function readBody(text: string, m: HttpMessage, toEndAllowed: boolean): void {
  const te = m.headers.get('transfer-encoding') ?? '';
  const cl = m.headers.get('content-length');
  let at = m.headerEnd;
  if (/chunked/i.test(te)) {
    for (;;) {
      const eol = text.indexOf('\r\n', at);
      if (eol < 0) return void ((m.incomplete = true), (m.end = text.length));
      const size = parseInt(text.slice(at, eol).split(';')[0].trim(), 16);
      if (!Number.isFinite(size)) return void ((m.incomplete = true), (m.end = text.length));
      at = eol + 2;
      if (size === 0) {
        // Trailers end with a blank line.
        const end = text.indexOf('\r\n', at);
        m.end = end < 0 ? text.length : end + 2;
        return;
      }
      const stop = Math.min(text.length, at + size);
      m.body.push([at, stop]);
      if (stop < at + size) return void ((m.incomplete = true), (m.end = text.length));
      at = stop + 2;
    }
  }
  if (cl !== undefined && /^\d+$/.test(cl.trim())) {
    const stop = at + Number(cl.trim());
    m.body.push([at, Math.min(stop, text.length)]);
    m.end = Math.min(stop, text.length);
    m.incomplete = stop > text.length;
    return;
  }
  if (toEndAllowed) {
    m.body.push([at, text.length]);
    m.end = text.length;
  }
}
