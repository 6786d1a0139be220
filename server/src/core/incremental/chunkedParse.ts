// Parses a fresh raw XML stream in steps: the head (through the first chunk, 64 KB) as a
// whole-file parse would, then the stream's content a chunk at a time with scanRegionInPlace, each chunk
// ending before a line that starts a new stream-level element. The result is the whole-file parse
// (test/incremental checks it); when a chunk is not clean content (a fault, a wrapper, an element
// cut by the chunk end) the caller parses the whole file instead.
import type { Stanza, Trace, XmlElement, XmlNode } from '../types';
import { traceOfFraming } from '../trace/parseTrace';
import { STREAMS_NS } from '../xml/scanXml';
import { scanRegionInPlace, streamScope } from './streamSplice';
import { regionStanzas } from './compactPlain';

/** Characters scanned between two pauses (~10-20 ms of scanning on this machine's cores). */
export const CHUNK_CHARS = 64 * 1024;

/** The start of the first line at or after `from` that begins with a start tag (`\n<x`). */
function boundaryAfter(text: string, from: number): number {
  for (let i = text.indexOf('\n<', from); i >= 0; i = text.indexOf('\n<', i + 2)) {
    const c = text.charCodeAt(i + 2);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return i;
  }
  return -1;
}

/**
 * `onHead`: run (in steps) with the head's trace (the stanzas of the first chunk, whole) before the
 * rest is parsed, so that what the first screen shows can be judged first.
 */
export function* parseRawStreamInSteps(text: string, chunk = CHUNK_CHARS, onHead?: (head: Trace) => Generator<void, void, void>): Generator<void, Trace | undefined, void> {
  const first = boundaryAfter(text, chunk);
  if (first < 0) return undefined;
  const head = traceOfFraming(text.slice(0, first), { dialect: 'raw-xml', frames: [{ start: 0, end: first, direction: 'unknown' }], findings: [] });
  if (head.findings.length > 0 || head.stanzas.length === 0) return undefined;
  const streams = head.others.filter((o) => o.local === 'stream' && o.ns === STREAMS_NS);
  const stream = streams[0];
  // One open stream holding the head's last element, ending where the head ends.
  if (streams.length !== 1 || stream.closed || stream.span.end !== first) return undefined;
  const last = stream.children[stream.children.length - 1];
  if (!last || last.type !== 'element' || last.span.end !== first) return undefined;
  if (head.others.some((o) => o !== stream && o.span.start < stream.span.start)) return undefined;
  yield;
  if (onHead) yield* onHead(head);

  const scope = streamScope(stream);
  const children: XmlNode[] = [...stream.children];
  const stanzas: Stanza[] = [...head.stanzas];
  const others: XmlElement[] = [...head.others];
  const add = (from: number, to: number): boolean => {
    const r = scanRegionInPlace(text, from, to, scope);
    if (!r) return false;
    for (const s of regionStanzas(r, scope)) stanzas.push(s);
    for (const n of r.nodes) children.push(n);
    for (const o of r.others) others.push(o);
    return true;
  };
  let p = first;
  for (let next = boundaryAfter(text, p + chunk); next >= 0; next = boundaryAfter(text, p + chunk)) {
    if (!add(p, next)) return undefined;
    p = next;
    yield;
  }
  // The tail: the rest of the content, then `</stream:stream>` and white space, or the end of the file.
  const endTag = /<\/stream:stream\s*>\s*$/.exec(text.slice(Math.max(p, text.length - 4096)));
  const contentEnd = endTag ? text.length - endTag[0].length : text.length;
  if (contentEnd < p) return undefined;
  if (endTag) {
    if (!add(p, contentEnd)) return undefined;
  } else if (p < text.length && !add(p, text.length)) return undefined;
  const end = endTag ? contentEnd + endTag[0].trimEnd().length : text.length;
  const whole: XmlElement = { ...stream, children, span: { start: stream.span.start, end }, closed: !!endTag };
  others[others.indexOf(stream)] = whole;
  return { dialect: 'raw-xml', vantage: head.vantage, stanzas, others, findings: [] };
}
