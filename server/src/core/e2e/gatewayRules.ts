// RFC 3923 §8 (E2E-44; RFC 3862 §6, RFC 1847 §2.1): the S/MIME object is immutable in transit, and
// a gateway must not modify it. When a capture holds both legs (the object going in and coming out,
// e.g. a server log of both streams), the two sightings are correlated by their CMS signature value
// and compared byte for byte after the line-ending normalisation XML parsing does anyway (AMB-5).
import type { E2eRef, Finding, Span } from '../types';
import { ownCopy } from '../ownCopy';

interface Seen {
  /** The payload as sighted; normalised only when a later sighting of the same signature comes. */
  raw: string | KeptText;
  text?: string;
  span: Span;
  delivery: string;
}

/**
 * A copy of a string's code units in a Buffer, outside the JS heap (strings kept for the whole pass
 * grow the old generation, and the limit of the next full collection with it): Latin-1 when every
 * unit fits a byte, else UTF-16 (both read back exactly).
 */
interface KeptText {
  bytes: Buffer;
  wide: boolean;
}

const BEYOND_LATIN1 = /[^\x00-\xff]/;

function keep(s: string): KeptText {
  const wide = BEYOND_LATIN1.test(s);
  return { bytes: Buffer.from(s, wide ? 'utf16le' : 'latin1'), wide };
}

function readBack(k: string | KeptText): string {
  return typeof k === 'string' ? k : k.bytes.toString(k.wide ? 'utf16le' : 'latin1');
}

/** The payload without surrounding whitespace, CRLF and lone CR read as LF. */
function normalise(content: string): string {
  const [start, end] = trimmed(content);
  return content.slice(start, end).replace(/\r\n?/g, '\n');
}

function trimmed(content: string): [number, number] {
  let start = 0;
  let end = content.length;
  while (start < end && /\s/.test(content[start]!)) start++;
  while (end > start && /\s/.test(content[end - 1]!)) end--;
  return [start, end];
}

/** `at[i]` = offset in `content` of character i of normalise(content) (built only to place a finding). */
function offsetsOf(content: string): number[] {
  const [start, end] = trimmed(content);
  const at: number[] = [];
  for (let i = start; i < end; i++) if (!(content[i] === '\r' && content[i + 1] === '\n')) at.push(i);
  return at;
}

export class GatewayTracker {
  private readonly bySignature = new Map<string, Seen>();
  /**
   * Set when the texts judged go before the pass ends (a streamed segment's): sightings are kept as
   * copies. Otherwise as slices of the text the pass holds anyway.
   */
  copyTexts = false;

  /**
   * `delivery` names the stanza across legs (its id, sender and recipient): a server keeps them when
   * it routes. The same signature under another delivery is a re-use (replay, tampering demo), not
   * a gateway at work, and is judged by the signature and replay rules.
   */
  observe(ref: E2eRef, signatureValues: string[], delivery: string): Finding[] {
    if (signatureValues.length === 0) return [];
    for (const sig of signatureValues) {
      const first = this.bySignature.get(sig);
      if (!first || first.delivery !== delivery) continue;
      const text = normalise(ref.content);
      first.text ??= normalise(readBack(first.raw));
      if (first.text === text) return [];
      const n = { text, at: offsetsOf(ref.content) };
      let i = 0;
      const was = first.text;
      while (i < n.text.length && i < was.length && n.text[i] === was[i]) i++;
      // The changed line of the later copy (or its last character when it is a truncation).
      const lineStart = n.text.lastIndexOf('\n', i - 1) + 1;
      let lineEnd = n.text.indexOf('\n', i);
      if (lineEnd < 0) lineEnd = n.text.length;
      const from = n.at[Math.min(lineStart, n.at.length - 1)] ?? 0;
      const to = lineEnd > lineStart ? (n.at[lineEnd - 1] ?? from) + 1 : from + 1;
      return [{
        code: 'e2e.gw.modified',
        message: 'The same signed object (same signature value) differs from an earlier sighting in this capture: something on the path (a gateway or server) modified the S/MIME object, which must pass unchanged.',
        span: ref.map.toFileSpan(from, to),
        related: [{ span: first.span, message: 'the earlier copy of this object' }],
      }];
    }
    // A slice of a streamed segment would keep the whole segment alive: then a copy.
    const seen: Seen = { raw: this.copyTexts ? keep(ref.content) : ref.content, span: ref.contentSpan, delivery: this.copyTexts ? ownCopy(delivery) : delivery };
    for (const sig of signatureValues) this.bySignature.set(sig, seen);
    return [];
  }
}
