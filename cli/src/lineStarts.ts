// Line starts gathered segment by segment while a file streams (CR, LF and CRLF end a line, as
// LineIndex counts them), so a finding's offset becomes its line and column without the whole text.
import { forEachLineStart, type Position } from './lineIndex';
import { lastAtOrBefore } from '../../server/src/core/sortedSearch';

/** Offsets up to here fit the narrow list (a file of 4 GiB characters has more: then a wide one). */
const NARROW_MAX = 0xffff_ffff;

export class LineStarts {
  /** Four bytes per line while every offset fits (a 22 MB trace's 200,000 lines: 1 MB, not 2). */
  private starts: Uint32Array | Float64Array = new Uint32Array(1 << 16);
  private count = 1;

  /** Adds the line starts of `text`, the file's characters from `base` (segments end after a line break). */
  add(text: string, base: number): void {
    forEachLineStart(text, (start) => this.push(base + start));
  }

  private push(offset: number): void {
    const widen = offset > NARROW_MAX && this.starts instanceof Uint32Array;
    if (this.count === this.starts.length || widen) {
      const size = this.count === this.starts.length ? this.starts.length * 2 : this.starts.length;
      const grown = widen || this.starts instanceof Float64Array ? new Float64Array(size) : new Uint32Array(size);
      grown.set(this.starts.subarray(0, this.count));
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
