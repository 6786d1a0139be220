// RFC 3923 §8 (E2E-44; RFC 3862 §6, RFC 1847 §2.1): the S/MIME object is immutable in transit, and
// a gateway must not modify it. When a capture holds both legs (the object going in and coming out,
// e.g. a server log of both streams), the two sightings are correlated by their CMS signature value
// and compared byte for byte after the line-ending normalisation XML parsing does anyway (AMB-5).
import { createHash } from 'node:crypto';
import type { E2eRef, Finding, Span } from '../types';
import { ownCopy } from '../ownCopy';

/**
 * What is kept of a sighting's normalised text for the rest of the pass: its digest (are two
 * sightings equal?) and a hash per line (which line changed?). A few hundred bytes, where the text
 * is kilobytes: a streamed pass keeps one per signed object of the whole file.
 */
interface Fingerprint {
  digest: string;
  lines: Uint32Array;
}

/** What the rule reads of a sighting: its text (read only when compared), where it is, how it maps to the file. */
export type Sighting = Pick<E2eRef, 'content' | 'contentSpan' | 'map'>;

interface Seen {
  /** The sighting (its text a slice of the text the pass holds), until a later sighting of the same signature comes. */
  raw?: Sighting;
  print?: Fingerprint;
  span: Span;
  delivery: string;
}

// UTF-16 code units as they are: UTF-8 would read every lone surrogate as the same U+FFFD.
const digestOf = (text: string): string => createHash('sha256').update(text, 'utf16le').digest('base64');

/**
 * A 32-bit hash per '\n'-separated line (FNV-1a). It only places the changed line, the digest
 * says whether there is one; both passes place it alike.
 */
function lineHashes(text: string): Uint32Array {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  const out = new Uint32Array(n);
  let h = 0x811c9dc5;
  let k = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      out[k++] = h;
      h = 0x811c9dc5;
    } else h = Math.imul(h ^ c, 16777619);
  }
  out[k] = h;
  return out;
}

const fingerprint = (text: string): Fingerprint => ({ digest: digestOf(text), lines: lineHashes(text) });

/**
 * The line of the later text holding the first character that differs from the earlier one: the
 * first line that differs; when one text's lines are all the other's first lines, the last line
 * they share (the later text cut short, or going on past the earlier one's end).
 */
function changedLine(was: Uint32Array, now: Uint32Array): number {
  const shared = Math.min(was.length, now.length);
  for (let k = 0; k < shared; k++) if (was[k] !== now[k]) return k;
  return shared - 1;
}

/** The payload without surrounding whitespace, CRLF and lone CR read as LF. */
function normalise(content: string): string {
  const [start, end] = trimmed(content);
  const text = content.slice(start, end);
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
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
   * fingerprints. Otherwise as slices of the text the pass holds anyway, fingerprinted when compared.
   */
  copyTexts = false;

  /**
   * `delivery` names the stanza across legs (its id, sender and recipient): a server keeps them when
   * it routes. The same signature under another delivery is a re-use (replay, tampering demo), not
   * a gateway at work, and is judged by the signature and replay rules.
   */
  observe(ref: Sighting, signatureValues: string[], delivery: string): Finding[] {
    if (signatureValues.length === 0) return [];
    for (const sig of signatureValues) {
      const first = this.bySignature.get(this.keyOf(sig));
      if (!first || first.delivery !== delivery) continue;
      const text = normalise(ref.content);
      const was = (first.print ??= fingerprint(normalise(first.raw!.content)));
      first.raw = undefined;
      if (digestOf(text) === was.digest) return [];
      const k = changedLine(was.lines, lineHashes(text));
      let lineStart = 0;
      for (let j = 0; j < k; j++) lineStart = text.indexOf('\n', lineStart) + 1;
      let lineEnd = text.indexOf('\n', lineStart);
      if (lineEnd < 0) lineEnd = text.length;
      const at = offsetsOf(ref.content);
      const from = at[Math.min(lineStart, at.length - 1)] ?? 0;
      const to = lineEnd > lineStart ? (at[lineEnd - 1] ?? from) + 1 : from + 1;
      return [{
        code: 'e2e.gw.modified',
        message: 'The same signed object (same signature value) differs from an earlier sighting in this capture: something on the path (a gateway or server) modified the S/MIME object, which must pass unchanged.',
        span: ref.map.toFileSpan(from, to),
        related: [{ span: first.span, message: 'the earlier copy of this object' }],
      }];
    }
    // A slice of a streamed segment would keep the whole segment alive: then its fingerprint.
    const seen: Seen = this.copyTexts
      ? { print: fingerprint(normalise(ref.content)), span: ref.contentSpan, delivery: ownCopy(delivery) }
      : { raw: ref, span: ref.contentSpan, delivery };
    for (const sig of signatureValues) this.bySignature.set(this.keyOf(sig), seen);
    return [];
  }

  /**
   * A copy that the original's later observations do not change. A sighting's record is changed
   * when it is first compared (fingerprinted): each copy has its own, shared by its signatures as here.
   */
  clone(): GatewayTracker {
    const c = new GatewayTracker();
    c.copyTexts = this.copyTexts;
    const copies = new Map<Seen, Seen>();
    for (const [k, seen] of this.bySignature) {
      let copy = copies.get(seen);
      if (!copy) copies.set(seen, (copy = { ...seen }));
      c.bySignature.set(k, copy);
    }
    return c;
  }

  /** A streamed pass keeps a key per signed object of the whole file: the digest of its signature value (hex, 512 characters for RSA-2048). */
  private keyOf(sig: string): string {
    return this.copyTexts ? digestOf(sig) : sig;
  }
}
