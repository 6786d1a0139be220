// Decoding of the five predefined entities and character references. Nothing else is ever
// expanded (no DTD entities): an unknown or unterminated reference is a fault, kept raw.
import { isXmlChar } from './chars';

/** One decoded reference: `srcLength` source characters at `srcStart` became `outLength` characters. */
export interface EscapeRun {
  srcStart: number;
  srcLength: number;
  outLength: number;
}

export interface DecodeFault {
  offset: number;
  message: string;
}

export interface Decoded {
  value: string;
  /** Absent when the range had no reference (value is then the raw slice). */
  escapes?: EscapeRun[];
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * Decodes `src[start, end)`. `firstAmp` is the index of the first `&` in the range (the caller
 * found it already). Faults are pushed to `faults` with source offsets.
 */
export function decodeEntities(src: string, start: number, end: number, firstAmp: number, faults: DecodeFault[]): Decoded {
  const escapes: EscapeRun[] = [];
  let out = '';
  let last = start;
  let amp = firstAmp;
  while (amp !== -1 && amp < end) {
    // A reference is short: look for its ';' in the next few characters only.
    let semi = -1;
    for (let k = amp + 1; k < end && k <= amp + 12; k++) {
      if (src.charCodeAt(k) === 0x3b) {
        semi = k;
        break;
      }
    }
    let replacement: string | undefined;
    let refEnd = -1;
    if (semi !== -1) {
      refEnd = semi + 1;
      const body = src.slice(amp + 1, semi);
      if (body.charCodeAt(0) === 0x23 /* # */) {
        const hex = body.charCodeAt(1) === 0x78; /* x */
        const digits = body.slice(hex ? 2 : 1);
        const ok = digits.length > 0 && (hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits);
        const cp = ok ? parseInt(digits, hex ? 16 : 10) : NaN;
        if (ok && isXmlChar(cp)) replacement = String.fromCodePoint(cp);
        else faults.push({ offset: amp, message: `invalid character reference '&${body};'` });
      } else if (Object.prototype.hasOwnProperty.call(NAMED, body)) {
        replacement = NAMED[body];
      } else {
        faults.push({
          offset: amp,
          message: `undefined entity '&${body};' (only the five predefined entities are allowed; DTD entities are never expanded)`,
        });
      }
    } else {
      faults.push({ offset: amp, message: "unescaped '&' (write '&amp;')" });
    }
    if (replacement !== undefined) {
      out += src.slice(last, amp) + replacement;
      escapes.push({ srcStart: amp, srcLength: refEnd - amp, outLength: replacement.length });
      last = refEnd;
      amp = src.indexOf('&', refEnd);
    } else {
      amp = src.indexOf('&', amp + 1);
    }
  }
  if (escapes.length === 0) return { value: src.slice(start, end) };
  out += src.slice(last, end);
  return { value: out, escapes };
}
