// Terminal colour codes (Dino without `no-ansi`, coloured debug output) are cut out of an entry's
// XML; the rest maps verbatim to the file.
import { RunOffsetMap } from '../offsetMap';

const ESC = '\u001b';

// The first ESC at or after `from` in the last text asked about: entries come in file order, so
// one forward search serves them all (an unbounded indexOf per entry would be quadratic).
let cache: { text: string; from: number; at: number } | undefined;

function nextEsc(text: string, start: number): number {
  if (!cache || cache.text !== text || start < cache.from || (cache.at !== -1 && cache.at < start)) {
    cache = { text, from: start, at: text.indexOf(ESC, start) };
  }
  return cache.at;
}

/** A derived text without ANSI escape sequences, or undefined when the range has none. */
export function stripAnsi(text: string, start: number, end: number): { text: string; map: RunOffsetMap } | undefined {
  let esc = nextEsc(text, start);
  if (esc === -1 || esc >= end) return undefined;
  const map = new RunOffsetMap();
  let out = '';
  let p = start;
  while (esc !== -1 && esc < end) {
    out += text.slice(p, esc);
    map.verbatim(p, esc - p);
    let q = esc + 1;
    if (text[q] === '[') {
      q++;
      while (q < end && /[0-9;?]/.test(text[q])) q++;
      if (q < end) q++; // the final byte (m, K, ...)
    }
    p = q;
    esc = text.indexOf(ESC, p);
  }
  out += text.slice(p, end);
  map.verbatim(p, end - p);
  return { text: out, map };
}
