// Where the shared sample corpus lives (beside the repository), and a reader that says when a
// test's corpus part is skipped because the corpus is absent.
import { readFileSync } from 'node:fs';
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
