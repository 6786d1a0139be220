// Line scanning shared by the MIME and CPIM parsers. CRLF and bare LF both end a line; a lone
// CR is content (XML already turned it into LF when the text came from CDATA).

export interface Line {
  /** Offset of the first character. */
  start: number;
  /** Offset just after the last content character (before CR LF / LF). */
  end: number;
  /** Offset of the next line (after the line break); equals `end` on the last unterminated line. */
  next: number;
  /** The line break as written: '\r\n', '\n' or '' at the end of the text. */
  eol: '' | '\n' | '\r\n';
}

/** The line starting at `start` (which must be a line start). */
export function lineAt(text: string, start: number): Line {
  const nl = text.indexOf('\n', start);
  if (nl < 0) return { start, end: text.length, next: text.length, eol: '' };
  const crlf = nl > start && text.charCodeAt(nl - 1) === 13;
  return { start, end: crlf ? nl - 1 : nl, next: nl + 1, eol: crlf ? '\r\n' : '\n' };
}

/** Every line from `from` to the end of the text. */
export function linesFrom(text: string, from = 0): Line[] {
  const out: Line[] = [];
  let pos = from;
  while (pos < text.length) {
    const line = lineAt(text, pos);
    out.push(line);
    pos = line.next;
  }
  return out;
}

export function isWsp(code: number): boolean {
  return code === 32 || code === 9;
}
