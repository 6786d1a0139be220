// Where the shared sample corpus lives (beside the repository), and a reader that says when a
// test's corpus part is skipped because the corpus is absent.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '..', '..');
export const corpusDir = resolve(repoRoot, '..', 'shared', 'corpus');

/** The corpus file's text, or undefined (with a test diagnostic) when the corpus is absent. */
export function readCorpus(t: { diagnostic(message: string): void }, ...parts: string[]): string | undefined {
  try {
    return readFileSync(resolve(corpusDir, ...parts), 'utf8');
  } catch {
    t.diagnostic(`shared/corpus absent (${parts.join('/')}): corpus part skipped`);
    return undefined;
  }
}

/**
 * Test options that skip a test, with the reason, when a corpus path is absent: the runner then
 * counts it as skipped instead of passing it vacuously. `test(name, needsCorpus(dir), fn)`.
 */
export function needsCorpus(path: string): { skip?: string } {
  return existsSync(path) ? {} : { skip: `shared corpus not found at ${path}` };
}
