// A document's text as the incremental analyser reads it. An edit of a large document re-reads
// only a few stanzas around the edit, so a language server can hand over its text in pieces: a
// slice costs the slice, and the whole text (joined once per version) only when a whole analysis
// needs it. A plain string is a source too.

export interface TextSource {
  readonly length: number;
  slice(start: number, end: number): string;
  /** The whole text: for a source in pieces, joined on first use and kept. */
  text(): string;
  /** The same, joined a few pieces per step (a 22 MB join is 20-40 ms in one task). */
  textInSteps?(): Generator<void, string, void>;
}

/** What the splice path reads of a text: slices. A string is one. */
export interface Sliceable {
  readonly length: number;
  slice(start: number, end: number): string;
}

class StringSource implements TextSource {
  constructor(private readonly s: string) {}
  get length(): number {
    return this.s.length;
  }
  slice(start: number, end: number): string {
    return this.s.slice(start, end);
  }
  text(): string {
    return this.s;
  }
}

export function asTextSource(t: string | TextSource): TextSource {
  return typeof t === 'string' ? new StringSource(t) : t;
}
