// Every handler runs through here: an exception is logged and becomes the empty result, so the
// server keeps answering whatever the document contains.
import type { CancellationToken } from 'vscode-languageserver';

export type Logger = (message: string) => void;

export async function runSafe<T>(log: Logger, what: string, empty: T, fn: () => T | Promise<T>, token?: CancellationToken): Promise<T> {
  if (token?.isCancellationRequested) return empty;
  try {
    const r = await fn();
    return token?.isCancellationRequested ? empty : r;
  } catch (e) {
    const err = e as Error;
    log(`${what} failed: ${err?.stack ?? String(e)}`);
    return empty;
  }
}

/** Lets queued messages (a newer didChange, a $/cancelRequest) run before heavy work starts. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}
