// NUL characters and undecodable bytes in the input. XMPP is UTF-8 only and XML forbids U+0000
// (RFC 6120 §11.6, XML 1.0 §2.2), so a capture holding either did not come off the wire intact.
// The bytes were decoded at the edge (CLI, editor) with U+FFFD for each invalid sequence, so a run
// of U+FFFD is where the invalid UTF-8 was. One finding per run, at its exact range.
import type { Finding } from './types';

const NUL = '\u0000';
const REPLACEMENT = '\ufffd';

export function encodingFindings(text: string): Finding[] {
  const out: Finding[] = [];
  scanRuns(text, NUL, (start, end) =>
    out.push({
      code: 'input.encoding.invalid',
      message: `${end - start} NUL character(s) (U+0000): XML and XMPP forbid them; the capture is damaged or not text here.`,
      span: { start, end },
      data: { kind: 'nul' },
    }),
  );
  scanRuns(text, REPLACEMENT, (start, end) =>
    out.push({
      code: 'input.encoding.invalid',
      message: `Invalid UTF-8 (${end - start} undecodable byte sequence(s), shown as U+FFFD): XMPP text is UTF-8 only (RFC 6120 §11.6).`,
      span: { start, end },
      data: { kind: 'utf8' },
    }),
  );
  if (out.length > 1) out.sort((a, b) => a.span.start - b.span.start);
  return out;
}

/** Calls `each` for every maximal run of `ch` (indexOf between runs: linear, no per-char work elsewhere). */
function scanRuns(text: string, ch: string, each: (start: number, end: number) => void): void {
  let i = text.indexOf(ch);
  while (i !== -1) {
    let j = i + 1;
    while (j < text.length && text[j] === ch) j++;
    each(i, j);
    i = text.indexOf(ch, j);
  }
}
