// Offsets -> 0-based line/character (UTF-16, as LSP counts; CR, LF and CRLF end a line), for the
// output edges: the CLI's reports and the explorer's report.

import { lastAtOrBefore } from './sortedSearch';

export interface Position {
  line: number;
  character: number;
}

export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x0a) this.starts.push(i + 1);
      else if (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a) this.starts.push(i + 1);
    }
  }

  positionAt(offset: number): Position {
    const line = lastAtOrBefore(this.starts, offset);
    return { line, character: Math.max(0, offset - this.starts[line]) };
  }

  /** The offset where 0-based `line` starts. */
  offsetOfLine(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }
}
