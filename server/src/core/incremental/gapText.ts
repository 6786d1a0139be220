// The white space between a stream's top-level elements, as the stream element's text children.
// A stream of 50,000 stanzas holds as many: a SourceText with its span object was ~130 bytes each
// (7 MB of the issue-10 trace's model). White space is read verbatim (no references, no line-end
// folding in the raw value), so its value and where it starts say the rest: the span and the
// offset map are made when read.
import { shiftMap } from '../offsetMap';
import { SharedStrings } from '../ownCopy';
import type { OffsetMap, Span, XmlText } from '../types';

export class GapText implements XmlText {
  readonly type = 'text' as const;

  constructor(
    readonly value: string,
    /** File offset of value[0]. */
    private readonly start: number,
  ) {}

  get span(): Span {
    return { start: this.start, end: this.start + this.value.length };
  }

  get map(): OffsetMap {
    return shiftMap(this.start);
  }

  movedBy(delta: number): GapText {
    return delta === 0 ? this : new GapText(this.value, this.start + delta);
  }
}

/** The few white-space runs a trace repeats ('\n', '\n  ', '\r\n'...), one string each. */
export const gapValues = new SharedStrings(256, 64);
