// How long a push client waits for diagnostics after an edit. Not a fixed debounce: after a quiet
// moment the first edit is analysed at once, and so is every edit while analyses stay cheaper than
// the gap between two keystrokes (an incremental one takes a few milliseconds: waiting would only
// add to what the user waits; a keystroke landing in one makes it stale at its next step). While
// the user keeps typing into a document whose analyses are slow, the wait is about as long as the
// last one took, so that work the next keystroke would make stale is not started. Opening a
// document is not typing: its analysis (the whole file) says nothing about what an edit will cost.
const QUIET_MS = 300;
/** An analysis below this is cheaper than the gap between two keystrokes: not held back. */
const CHEAP_MS = 50;
const MAX_WAIT_MS = 200;

export class PushPacing {
  private readonly lastPushAt = new Map<string, number>();
  private readonly lastCostMs = new Map<string, number>();

  constructor(private readonly clock: () => number = () => performance.now()) {}

  /** The wait before analysing an edit of `uri`. */
  delayFor(uri: string): number {
    const last = this.lastPushAt.get(uri);
    if (last === undefined || this.clock() - last >= QUIET_MS) return 0;
    const cost = this.lastCostMs.get(uri) ?? 0;
    return cost < CHEAP_MS ? 0 : Math.min(MAX_WAIT_MS, Math.round(cost));
  }

  /** A push of `uri` went out; its analysis took `costMs` (undefined: the push after opening it). */
  pushed(uri: string, costMs: number | undefined): void {
    this.lastPushAt.set(uri, this.clock());
    if (costMs === undefined) this.lastCostMs.delete(uri);
    else this.lastCostMs.set(uri, costMs);
  }

  forget(uri: string): void {
    this.lastPushAt.delete(uri);
    this.lastCostMs.delete(uri);
  }
}
