// Character-level rules of RFC 3862 message headers: name characters (§3.1 NAMECHAR, CPIM-15),
// language tags (§3.3, CPIM-16),
// no control characters (§2.2, CPIM-9), the escape rules (§2.3, CPIM-14), and UTF-8 (§2.2, CPIM-7:
// a decoder replaced invalid bytes with U+FFFD). Offsets are into the CPIM text; `add` maps them.

import type { Code } from '../rules';

export type AddFinding = (code: Code, message: string, start: number, end: number, data?: Record<string, unknown>) => void;

/** %x21 / %x23-27 / %x2a-2b / %x2d / %x5e-60 / %x7c / %x7e / ALPHA / DIGIT. */
function isNameChar(c: number): boolean {
  return c === 0x21 || (c >= 0x23 && c <= 0x27) || c === 0x2a || c === 0x2b || c === 0x2d ||
    (c >= 0x5e && c <= 0x60) || c === 0x7c || c === 0x7e ||
    (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);
}

function isCtl(c: number): boolean {
  return c < 0x20 || c === 0x7f;
}

function hex(c: number): string {
  return `0x${c.toString(16).padStart(2, '0').toUpperCase()}`;
}

/** `[prefix "."] name` from `start` to the colon: the first character NAMECHAR does not allow. */
export function checkHeaderName(text: string, start: number, colon: number, add: AddFinding): void {
  let dots = 0;
  for (let i = start; i < colon; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2e && dots++ === 0 && i > start && i < colon - 1) continue;
    if (isNameChar(c)) continue;
    const what = c === 0x2e ? "'.' (only one, between a prefix and a name)" : isCtl(c) ? `control character ${hex(c)}` : `'${text[i]}'`;
    add('cpim.header.name', `header names are made of NAMECHARs (RFC 3862 §3.1); ${what} is not one`, i, i + 1);
    return;
  }
}

/** Control characters in a header value (tabs included): they must be escaped. */
export function checkHeaderControls(text: string, start: number, end: number, add: AddFinding): void {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (isCtl(c)) {
      const esc = c === 9 ? '\\t' : `\\u${c.toString(16).padStart(4, '0')}`;
      add('cpim.header.ctl', `control character ${hex(c)} in a header; CPIM headers carry none: write it as ${esc}`, i, i + 1, { replacement: esc });
      return;
    }
  }
}

const SIMPLE_ESCAPES = new Set(['\\', 'b', 't', 'n', 'r', '"', "'"]);

/** Backslash escapes in a header value (RFC 3862 §2.3). */
export function checkEscapes(text: string, start: number, end: number, add: AddFinding): void {
  for (let i = start; i < end; i++) {
    if (text[i] !== '\\') continue;
    const next = text[i + 1];
    if (i + 1 >= end || next === undefined) {
      add('cpim.escape.malformed', 'a lone backslash at the end of the header value (readers ignore it)', i, i + 1);
      return;
    }
    if (SIMPLE_ESCAPES.has(next)) {
      i++;
      continue;
    }
    if (next === 'u') {
      const digits = text.slice(i + 2, Math.min(i + 6, end));
      if (!/^[0-9A-Fa-f]{4}$/.test(digits)) {
        const stop = i + 2 + (/^[0-9A-Fa-f]*/.exec(digits)?.[0].length ?? 0);
        add('cpim.escape.malformed', '\\u must be followed by exactly 4 hex digits (RFC 3862 §2.3)', i, stop);
        continue;
      }
      const cp = parseInt(digits, 16);
      if (!isCtl(cp) || [8, 9, 10, 13].includes(cp)) {
        const plain = isCtl(cp) ? ({ 8: '\\b', 9: '\\t', 10: '\\n', 13: '\\r' } as Record<number, string>)[cp]! : String.fromCodePoint(cp);
        add('cpim.escape.unneeded', `\\u${digits} escapes a character that must be written ${isCtl(cp) ? 'with its short escape' : 'as itself'}: ${plain}`, i, i + 6, { replacement: plain });
      }
      i += 5;
      continue;
    }
    add('cpim.escape.unneeded', `'\\${next}' is not a CPIM escape; only \\\\, \\b, \\t, \\n, \\r, \\", \\' and \\uXXXX (for control characters) are (readers take the next character as is)`, i, i + 2, { replacement: next });
    i++;
  }
}

/** U+FFFD: the bytes were not valid UTF-8 when the text was decoded (RFC 3862 §2.2). */
export function checkUtf8(text: string, add: AddFinding): void {
  const i = text.indexOf('\ufffd');
  if (i >= 0) add('cpim.utf8.invalid', 'invalid UTF-8 here (decoded as U+FFFD): CPIM is UTF-8 throughout', i, i + 1);
}

// RFC 3066: a primary subtag of 1-8 letters, then subtags of 1-8 letters or digits.
const LANGUAGE_TAG = /^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$/;

/** A `;lang=` header parameter whose value is not an RFC 3066 language tag. */
export function checkLangParam(text: string, start: number, end: number, add: AddFinding): void {
  const param = text.slice(start, end);
  if (!/^lang=/i.test(param)) return;
  const tag = param.slice(5);
  if (!LANGUAGE_TAG.test(tag)) add('cpim.lang.syntax', `'${tag}' is not an RFC 3066 language tag (e.g. fr, en-GB)`, start + 5, end);
}
