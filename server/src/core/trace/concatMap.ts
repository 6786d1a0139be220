// The map of re-joined network buffers: the joined text is the pieces one after another, each
// with its own map to the file.
import type { OffsetMap, Span } from '../types';
import { lastAtOrBefore } from '../sortedSearch';

export class ConcatMap implements OffsetMap {
  private readonly starts: number[] = [];
  private readonly maps: OffsetMap[] = [];
  private length = 0;

  add(map: OffsetMap, length: number): void {
    this.starts.push(this.length);
    this.maps.push(map);
    this.length += length;
  }

  private piece(local: number): number {
    return lastAtOrBefore(this.starts, local);
  }

  toFile(local: number): number {
    if (this.maps.length === 0) return local;
    const i = this.piece(local);
    return this.maps[i].toFile(local - this.starts[i]);
  }

  toFileSpan(localStart: number, localEnd: number): Span {
    if (this.maps.length === 0) return { start: localStart, end: Math.max(localStart, localEnd) };
    const i = this.piece(localStart);
    if (localEnd <= localStart) {
      const s = this.maps[i].toFile(localStart - this.starts[i]);
      return { start: s, end: s };
    }
    const j = this.piece(localEnd - 1);
    if (i === j) return this.maps[i].toFileSpan(localStart - this.starts[i], localEnd - this.starts[i]);
    const a = this.maps[i].toFileSpan(localStart - this.starts[i], localStart - this.starts[i] + 1);
    const b = this.maps[j].toFileSpan(localEnd - 1 - this.starts[j], localEnd - this.starts[j]);
    return { start: a.start, end: Math.max(a.start, b.end) };
  }
}
