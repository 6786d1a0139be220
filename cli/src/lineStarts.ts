// Line starts gathered segment by segment while a file streams (CR, LF and CRLF end a line, as
// LineIndex counts them), so a finding's offset becomes its line and column without the whole text.
import { forEachLineStart, type Position } from './lineIndex';
import { lastAtOrBefore } from '../../server/src/core/sortedSearch';

export class LineStarts {
  private starts = new Float64Array(1 << 16);
  private count = 1;

  /** Adds the line starts of `text`, the file's characters from `base` (segments end after a line break). */
  add(text: string, base: number): void {
    forEachLineStart(text, (start) => this.push(base + start));
  }

  private push(offset: number): void {
    if (this.count === this.starts.length) {
      const grown = new Float64Array(this.starts.length * 2);
      grown.set(this.starts);
      this.starts = grown;
    }
    this.starts[this.count++] = offset;
  }

  positionAt(offset: number): Position {
    const line = this.lineOf(offset);
    return { line, character: Math.max(0, offset - this.starts[line]) };
  }

  lineOf(offset: number): number {
    return lastAtOrBefore(this.starts, offset, this.count);
  }

  offsetOfLine(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.count - 1))];
  }
}
