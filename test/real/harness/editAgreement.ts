// Edits of a real log, analysed as the language server analyses them (IncrementalAnalyzer: only
// the touched entries parsed again), must give what a fresh analysis of the edited text gives.
// The edits: typing in message bodies, deleting a character inside stanzas, a stray line break,
// each at places spread over the log.
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { analyzeDocument, type AnalyzeOptions } from '../../../server/src/core/analyze';
import { IncrementalAnalyzer } from '../../../server/src/core/incremental/incrementalAnalyzer';
import type { KeyStore } from '../../../server/src/core/types';
import { snapshot } from '../../incremental/snapshot';

export interface EditAgreement {
  edits: number;
  /** Edits whose analysis reused the previous version's parse. */
  spliced: number;
  /** The first edit whose incremental analysis differed from the fresh one. */
  differs?: string;
}

export function editAgreement(file: string, keys: KeyStore, edits = 12): EditAgreement {
  let text = readFileSync(file, 'utf8');
  const options: AnalyzeOptions = { keys, fileName: file, now: Date.now() };
  const inc = new IncrementalAnalyzer();
  inc.analyze(text, options);
  let fresh = analyzeDocument(text, options);
  let made = 0;
  for (let e = 0; e < edits; e++) {
    const stanzas = fresh.trace?.stanzas ?? [];
    if (stanzas.length === 0) break;
    const s = stanzas[Math.floor(((e + 0.5) * stanzas.length) / edits)].element.span;
    const body = text.indexOf('<body>', s.start);
    const at = e % 3 === 0 && body >= 0 && body < s.end ? body + 6 : s.start + 1 + ((e * 7919) % Math.max(1, s.end - s.start - 2));
    const before = text;
    text = e % 3 === 2 ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + (e % 3 === 0 ? 'x' : '\n') + text.slice(at);
    made++;
    const incremental = snapshot(inc.analyze(text, options));
    fresh = analyzeDocument(text, options);
    if (!isDeepStrictEqual(incremental, snapshot(fresh))) {
      return { edits: made, spliced: inc.stats.spliced, differs: `edit ${e} at ${at}: ${JSON.stringify(before.slice(at - 20, at + 20))}` };
    }
  }
  return { edits: made, spliced: inc.stats.spliced };
}
