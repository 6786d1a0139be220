// Undoes an Erlang binary literal as ejabberd logs it with ~p: <<"...">>, possibly split into
// several "..." segments across lines, or byte lists like <<60,109,...>>. Escapes are undone
// byte-exactly (\" \\ \n \r \t \NNN octal, \x{HH} / \xHH hex, \^X control) and the bytes decoded as
// UTF-8, so a signature over the logged bytes still verifies. Every character maps back to the
// file: each escape (or multi-byte sequence) becomes one escape run.
import { RunOffsetMap } from '../offsetMap';

export interface ErlangBinary {
  text: string;
  map: RunOffsetMap;
  /** File offset just after the closing `>>` (or where parsing stopped). */
  end: number;
  /** False when the literal was not closed properly. */
  complete: boolean;
}

/** Pending escaped bytes are decoded once this many wait and the last is ASCII. */
const FLUSH_AT = 64;

const SIMPLE: Record<string, number> = { n: 10, r: 13, t: 9, s: 32, b: 8, f: 12, v: 11, e: 27, d: 127, '"': 34, "'": 39, '\\': 92 };

/** Parses the binary literal starting at `start` (which points at `<<`), not past `limit`. */
export function parseErlangBinary(file: string, start: number, limit: number): ErlangBinary {
  const map = new RunOffsetMap();
  // The text in pieces, joined once: `+=` per character builds a rope of one node per character.
  const out: string[] = [];
  // Pending escaped bytes (with their file origin) awaiting UTF-8 decoding.
  const bytes: number[] = [];
  const byteStart: number[] = [];
  const byteEnd: number[] = [];

  const flushBytes = (): void => {
    let i = 0;
    while (i < bytes.length) {
      const b = bytes[i];
      let need = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
      let cp = need === 0 ? b : need === 1 ? b & 0x1f : need === 2 ? b & 0x0f : b & 0x07;
      for (let k = 1; k <= need; k++) {
        const c = bytes[i + k];
        if (c === undefined || (c & 0xc0) !== 0x80) {
          need = -1;
          break;
        }
        cp = (cp << 6) | (c & 0x3f);
      }
      if (need < 0 || (need >= 1 && cp < [0, 0x80, 0x800, 0x10000][need]) || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
        // Not UTF-8: one replacement character for this byte.
        out.push('\ufffd');
        map.escape(byteStart[i], byteEnd[i] - byteStart[i], 1);
        i++;
        continue;
      }
      const s = String.fromCodePoint(cp);
      const fs = byteStart[i];
      const fe = byteEnd[i + need];
      out.push(s);
      if (need === 0 && fe - fs === 1) map.verbatim(fs, 1);
      else map.escape(fs, fe - fs, s.length);
      i += need + 1;
    }
    bytes.length = 0;
    byteStart.length = 0;
    byteEnd.length = 0;
  };
  const pushByte = (b: number, fs: number, fe: number): void => {
    bytes.push(b & 0xff);
    byteStart.push(fs);
    byteEnd.push(fe);
    // No UTF-8 sequence runs across an ASCII byte: what is pending decodes the same now as later,
    // and the pending lists stay short (a binary of escapes kept them as long as the binary).
    if ((b & 0xff) < 0x80 && bytes.length >= FLUSH_AT) flushBytes();
  };

  let p = Math.min(start + 2, limit);
  const skipSpace = (): void => {
    while (p < limit && /\s/.test(file[p])) p++;
  };
  for (;;) {
    skipSpace();
    if (p >= limit) break;
    if (file.startsWith('>>', p)) {
      flushBytes();
      return { text: out.join(''), map, end: p + 2, complete: true };
    }
    const c = file.charCodeAt(p);
    if (c === 0x22 /* " */) {
      p++;
      while (p < limit) {
        const ch = file.charCodeAt(p);
        if (ch === 0x22) {
          p++;
          break;
        }
        if (ch !== 0x5c /* \ */) {
          // A literal character: ASCII is one byte; anything else was printed as a character already.
          if (ch < 0x80) pushByte(ch, p, p + 1);
          else {
            flushBytes();
            out.push(file[p]);
            map.verbatim(p, 1);
          }
          p++;
          continue;
        }
        const e0 = p;
        const n = file[p + 1];
        if (n === undefined || p + 1 >= limit) {
          p = limit;
          break;
        }
        if (n >= '0' && n <= '7') {
          let q = p + 1;
          let v = 0;
          while (q < limit && q < p + 4 && file[q] >= '0' && file[q] <= '7') v = v * 8 + (file.charCodeAt(q++) - 48);
          pushByte(v, e0, q);
          p = q;
        } else if (n === 'x') {
          let q = p + 2;
          let hex = '';
          if (file[q] === '{') {
            // `\x{10FFFF}` at most: a search bounded by the escape, not to the end of the file.
            const close = file.slice(q, Math.min(limit, q + 12)).indexOf('}');
            if (close !== -1) {
              const at = q + close;
              hex = file.slice(q + 1, at);
              q = at + 1;
            }
          } else {
            hex = file.slice(q, Math.min(q + 2, limit));
            q = Math.min(q + 2, limit);
          }
          const v = /^[0-9a-fA-F]+$/.test(hex) ? parseInt(hex, 16) : 0x3f;
          if (v > 0xff) {
            flushBytes();
            const s = String.fromCodePoint(Math.min(v, 0x10ffff));
            out.push(s);
            map.escape(e0, q - e0, s.length);
          } else pushByte(v, e0, q);
          p = q;
        } else if (n === '^' && p + 2 < limit) {
          pushByte(file.charCodeAt(p + 2) & 0x1f, e0, p + 3);
          p += 3;
        } else {
          pushByte(SIMPLE[n] ?? n.charCodeAt(0), e0, p + 2);
          p += 2;
        }
      }
      skipSpace();
      if (file[p] === ',') p++;
      continue;
    }
    if (c >= 0x30 && c <= 0x39) {
      // A byte as an integer (<<60,109,...>>), possibly with a size (`:8`).
      const m = /^(\d+)(?::\d+)?/.exec(file.slice(p, Math.min(p + 12, limit)));
      const len = m ? m[0].length : 1;
      pushByte(m ? Number(m[1]) : 0, p, p + len);
      p += len;
      skipSpace();
      if (file[p] === ',') p++;
      continue;
    }
    if (file.startsWith('...', p)) {
      // A truncated print (~P / depth limit): the rest is lost.
      p += 3;
      continue;
    }
    break;
  }
  flushBytes();
  return { text: out.join(''), map, end: p, complete: false };
}
