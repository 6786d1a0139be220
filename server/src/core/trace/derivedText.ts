// Derived texts for log entries whose bytes are not XML as they stand, each character mapped back
// to the file: a logger's continuation indent to drop (Prosody), character data a logger printed
// without escaping (ltx in @xmpp/debug, Tigase packet dumps) to escape again, so that the scanner
// reads the XML that was sent and the decoded text is the logged bytes, verbatim.
import { RunOffsetMap } from '../offsetMap';
import { boundedIndexOf } from '../xml/scanXml';

export interface Derived {
  text: string;
  map: RunOffsetMap;
}

class Builder {
  text = '';
  readonly map = new RunOffsetMap();
  copy(file: string, from: number, to: number): void {
    if (to <= from) return;
    this.text += file.slice(from, to);
    this.map.verbatim(from, to - from);
  }
  /** `s` stands for the one file character at `at`. */
  put(at: number, s: string): void {
    this.text += s;
    this.map.escape(at, 1, s.length);
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

function escapeAll(file: string, from: number, to: number, b: Builder): void {
  let p = from;
  for (let i = from; i < to; i++) {
    const e = ESCAPES[file[i]];
    if (!e) continue;
    b.copy(file, p, i);
    b.put(i, e);
    p = i + 1;
  }
  b.copy(file, p, to);
}

/**
 * Prosody writes a multi-line message with a TAB after each line break: drop that one TAB (a line
 * of the stanza that itself starts with a TAB keeps its own). Undefined when there is none.
 */
export function dropContinuationTabs(file: string, start: number, end: number): Derived | undefined {
  // Searches end with the entry (a line break right at its end counts): unbounded, each entry of a
  // log without continuation lines looked ahead to the file's next one.
  const limit = Math.min(file.length, end + 1);
  let nl = boundedIndexOf(file, '\n\t', start, limit);
  if (nl === -1) return undefined;
  const b = new Builder();
  let p = start;
  while (nl !== -1 && nl < end - 1) {
    b.copy(file, p, nl + 1);
    p = nl + 2;
    nl = boundedIndexOf(file, '\n\t', p, limit);
  }
  b.copy(file, p, end);
  return b;
}

const NAME_END = /[\s/>]/;

/**
 * ltx's `stringify(el, indent)` (what @xmpp/debug prints) writes an element's only text child as
 * it is, unescaped, right after the start tag; element children (and text among them) come on
 * indented lines, escaped. So a start tag followed by anything but markup or a new indented line
 * opens raw text that runs to the element's end tag: it is escaped here. Undefined when the entry
 * has no raw text that needs it.
 */
export function escapeLtxRawText(file: string, start: number, end: number): Derived | undefined {
  let b: Builder | undefined;
  let p = start;
  let endTags: EndTagIndex | undefined;
  // Every search stays inside the entry: one that ran on to the file's end for each entry (an end
  // tag that never comes) made a log of such entries quadratic (8,000 entries: 1.6e9 characters).
  let i = boundedIndexOf(file, '<', start, end);
  while (i !== -1) {
    const c = file[i + 1];
    if (c === '/' || c === '!' || c === '?' || c === undefined) {
      i = boundedIndexOf(file, '<', i + 1, end);
      continue;
    }
    const close = tagEnd(file, i, end);
    if (close === -1) break;
    let n = i + 1;
    while (n < close && !NAME_END.test(file[n])) n++;
    const name = file.slice(i + 1, n);
    const after = close + 1;
    if (file[close - 1] === '/' || !name || structural(file, after, end)) {
      i = boundedIndexOf(file, '<', after, end);
      continue;
    }
    // The entry's end tags, indexed once: a search per start tag ran to the entry's end for each
    // one left open (a 160 KB entry of them: 1.3 s, found by the fuzzer).
    const endTag = (endTags ??= new EndTagIndex(file, start, end)).first(name, after);
    if (endTag === -1) {
      i = boundedIndexOf(file, '<', after, end);
      continue;
    }
    if (needsEscape(file, after, endTag)) {
      b ??= new Builder();
      b.copy(file, p, after);
      escapeAll(file, after, endTag, b);
      p = endTag;
    }
    i = boundedIndexOf(file, '<', endTag + 2, end);
  }
  if (!b) return undefined;
  b.copy(file, p, end);
  return b;
}

/**
 * Where each `</name>` of an entry starts (an end tag that starts inside the entry counts even if
 * the entry's end cuts it), read in one pass: each `</` is read to the next `>`.
 */
class EndTagIndex {
  private readonly at = new Map<string, number[]>();

  constructor(file: string, start: number, end: number) {
    // `</` starting at or before the end; its name is no longer than the entry (names come from it).
    const to = Math.min(file.length, end + 2);
    const gtLimit = Math.min(file.length, end + (end - start) + 3);
    let gt = -1;
    for (let k = boundedIndexOf(file, '</', start, to); k !== -1; k = boundedIndexOf(file, '</', k + 1, to)) {
      if (gt < k + 2) gt = boundedIndexOf(file, '>', k + 2, gtLimit);
      if (gt === -1) break;
      const name = file.slice(k + 2, gt);
      const list = this.at.get(name);
      if (list) list.push(k);
      else this.at.set(name, [k]);
    }
  }

  /** The first `</name>` at or after `from`, or -1. */
  first(name: string, from: number): number {
    const list = this.at.get(name);
    if (!list) return -1;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid] < from) lo = mid + 1;
      else hi = mid;
    }
    return lo < list.length ? list[lo] : -1;
  }
}

/** The `>` ending the start tag at `lt` (quotes respected), or -1. */
function tagEnd(file: string, lt: number, end: number): number {
  let q = '';
  for (let k = lt + 1; k < end; k++) {
    const ch = file[k];
    if (q) {
      if (ch === q) q = '';
    } else if (ch === '"' || ch === "'") q = ch;
    else if (ch === '>') return k;
    else if (ch === '<') return -1;
  }
  return -1;
}

/** Content that is markup, or a line break and indentation before markup: not a raw text child. */
function structural(file: string, at: number, end: number): boolean {
  let k = at;
  if (file[k] === '<') return true;
  if (file[k] === '\r') k++;
  if (file[k] !== '\n') return false;
  k++;
  while (k < end && (file[k] === ' ' || file[k] === '\t')) k++;
  return file[k] === '<';
}

function needsEscape(file: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const ch = file[k];
    if (ch === '<' || ch === '>') return true;
    if (ch === '&' && !ENTITY.test(file.slice(k, k + 12))) return true;
  }
  return false;
}

const ENTITY = /^&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z][\w.-]*);/;

/**
 * Tigase dumps a packet's character data as the server holds it: a packet built inside the server
 * (an HTTP API call) may hold a bare `&` or `<` that the dump prints as is. Such a character, where
 * it cannot start an entity or markup, is escaped. Undefined when there is none.
 */
export function escapeStrayText(file: string, start: number, end: number): Derived | undefined {
  let b: Builder | undefined;
  let p = start;
  for (let k = start; k < end; k++) {
    const ch = file.charCodeAt(k);
    if (ch !== 38 && ch !== 60) continue;
    const stray = ch === 38 ? !ENTITY.test(file.slice(k, k + 12)) : !/[A-Za-z_:/!?]/.test(file[k + 1] ?? '');
    if (!stray || (ch === 60 && k + 1 >= end)) continue;
    b ??= new Builder();
    b.copy(file, p, k);
    b.put(k, ch === 38 ? '&amp;' : '&lt;');
    p = k + 1;
  }
  if (!b) return undefined;
  b.copy(file, p, end);
  return b;
}
