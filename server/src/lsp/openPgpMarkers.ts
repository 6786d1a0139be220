// Whether a document may hold OpenPGP objects (XEP-0373 or XEP-0027), known per version without
// reading all of a large text on every edit: a version whose previous one held no marker holds one
// only if the changed window (with a marker's length around it) does. The OX pre-pass
// (node/openOx.ts) runs only when it may.
import { changedWindow, mayHoldOpenPgp } from '../core/service';

/** Longer than every marker: a marker cut by the window's edge is still seen. */
const MARGIN = 64;

export class OpenPgpMarkers {
  private readonly last = new Map<string, { text: string; may: boolean }>();

  mayHold(uri: string, text: string): boolean {
    const prev = this.last.get(uri);
    let may: boolean;
    if (prev && prev.text === text) may = prev.may;
    else if (prev && !prev.may) {
      const w = changedWindow(prev.text, text);
      may = mayHoldOpenPgp(text.slice(Math.max(0, w.start - MARGIN), w.newEnd + MARGIN));
    } else may = mayHoldOpenPgp(text);
    this.last.set(uri, { text, may });
    return may;
  }

  forget(uri: string): void {
    this.last.delete(uri);
  }
}
