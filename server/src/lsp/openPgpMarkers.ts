// Whether a document may hold OpenPGP objects (XEP-0373 or XEP-0027), known per version without
// reading all of a large text on every edit: a version whose previous one held no marker holds one
// only if the changed window (with a marker's length around it) does. The window is the edits'
// (as the client sent them) when they are known, else found by comparing the two texts. The OX
// pre-pass (node/openOx.ts) runs only when it may.
import { changedWindow, mayHoldOpenPgp, windowFits, type ChangedWindow, type TextSource } from '../core/service';

/** Longer than every marker: a marker cut by the window's edge is still seen. */
const MARGIN = 64;

export class OpenPgpMarkers {
  private readonly last = new Map<string, { src: TextSource; version: number; may: boolean }>();

  /** `windowSince(v)`: the edits from version v to this one, when known. */
  mayHold(uri: string, src: TextSource, version: number, windowSince: (v: number) => ChangedWindow | undefined = () => undefined): boolean {
    const prev = this.last.get(uri);
    let may: boolean;
    if (prev && prev.src === src) may = prev.may;
    else if (prev && !prev.may) {
      const known = windowSince(prev.version);
      const w = known && windowFits(known, prev.src.length, src.length) ? known : changedWindow(prev.src.text(), src.text());
      may = mayHoldOpenPgp(src.slice(Math.max(0, w.start - MARGIN), w.newEnd + MARGIN));
    } else may = mayHoldOpenPgp(src.text());
    this.last.set(uri, { src, version, may });
    return may;
  }

  forget(uri: string): void {
    this.last.delete(uri);
  }
}
