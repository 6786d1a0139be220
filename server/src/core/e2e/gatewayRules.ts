// RFC 3923 §8 (E2E-44; RFC 3862 §6, RFC 1847 §2.1): the S/MIME object is immutable in transit, and
// a gateway must not modify it. When a capture holds both legs (the object going in and coming out,
// e.g. a server log of both streams), the two sightings are correlated by their CMS signature value
// and compared byte for byte after the line-ending normalisation XML parsing does anyway (AMB-5).
import type { E2eRef, Finding, Span } from '../types';
import { ownCopy } from '../ownCopy';

interface Seen {
  /**
   * Two 32-bit hashes of each line of the normalised payload: enough to tell a later sighting's
   * first changed line, without keeping a copy of every signed object's text for the whole pass.
   */
  lines: Int32Array;
  span: Span;
  delivery: string;
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

/**
 * The hashes of normalise(content)'s lines (split at LF), two per line, read straight from the
 * content: CRLF and lone CR end a line as LF does.
 */
export function lineHashes(content: string): Int32Array {
  const [start, end] = trimmed(content);
  const out: number[] = [];
  let a = 0x811c9dc5 | 0;
  let b = 5381;
  for (let i = start; i <= end; i++) {
    const c = i < end ? content.charCodeAt(i) : 10;
    if (c === 10 || c === 13) {
      out.push(a, b);
      a = 0x811c9dc5 | 0;
      b = 5381;
      if (c === 13 && i + 1 < end && content.charCodeAt(i + 1) === 10) i++;
      continue;
    }
    a = Math.imul(a ^ c, 16777619);
    b = (Math.imul(b, 33) + c) | 0;
  }
  return Int32Array.from(out);
}

/**
 * The first line of `now` that differs from `was` (by their lineHashes), -1 when none does. When
 * one is the other with lines added or cut off, the last line they share: the line that holds the
 * first differing character of the two normalised texts.
 */
export function firstChangedLine(was: Int32Array, now: Int32Array): number {
  const shared = Math.min(was.length, now.length);
  for (let i = 0; i < shared; i += 2) if (was[i] !== now[i] || was[i + 1] !== now[i + 1]) return i / 2;
  return was.length === now.length ? -1 : shared / 2 - 1;
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
   * `delivery` names the stanza across legs (its id, sender and recipient): a server keeps them when
   * it routes. The same signature under another delivery is a re-use (replay, tampering demo), not
   * a gateway at work, and is judged by the signature and replay rules.
   */
  observe(ref: E2eRef, signatureValues: string[], delivery: string): Finding[] {
    if (signatureValues.length === 0) return [];
    for (const sig of signatureValues) {
      const first = this.bySignature.get(sig);
      if (!first || first.delivery !== delivery) continue;
      const hashes = lineHashes(ref.content);
      const k = firstChangedLine(first.lines, hashes);
      if (k < 0) return [];
      const n = { text: normalise(ref.content), at: offsetsOf(ref.content) };
      // The changed line of the later copy (or its last line when it is a truncation or an extension).
      let lineStart = 0;
      for (let line = 0; line < k; line++) lineStart = n.text.indexOf('\n', lineStart) + 1;
      let lineEnd = n.text.indexOf('\n', lineStart);
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
    // Hashes, not a slice: a slice would keep the whole text it was cut from alive (a streamed segment).
    const seen: Seen = { lines: lineHashes(ref.content), span: ref.contentSpan, delivery: ownCopy(delivery) };
    for (const sig of signatureValues) this.bySignature.set(sig, seen);
    return [];
  }
}
