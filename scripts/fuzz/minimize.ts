// Shrinks a failing input while it still fails the same way: remove chunks of halving size
// (delta debugging), within an attempt and time budget so a slow input cannot stall the run.
import type { FuzzInput } from './targets';

export function minimize(input: FuzzInput, stillFails: (candidate: FuzzInput) => boolean, budget: { attempts: number; ms: number }): FuzzInput {
  const t0 = Date.now();
  let attempts = 0;
  const der = input.target === 'der';
  // DER inputs shrink over bytes (as latin1 characters), the others over characters.
  let cur = der ? Buffer.from(input.text, 'base64').toString('latin1') : input.text;
  const wrap = (s: string): FuzzInput => ({ target: input.target, text: der ? Buffer.from(s, 'latin1').toString('base64') : s });
  let chunk = Math.max(1, Math.floor(cur.length / 2));
  while (chunk >= 1) {
    let removed = false;
    for (let at = 0; at < cur.length; ) {
      if (attempts >= budget.attempts || Date.now() - t0 > budget.ms) return wrap(cur);
      const candidate = cur.slice(0, at) + cur.slice(at + chunk);
      attempts++;
      if (candidate.length < cur.length && stillFails(wrap(candidate))) {
        cur = candidate;
        removed = true;
      } else at += chunk;
    }
    if (!removed) chunk = Math.floor(chunk / 2);
  }
  return wrap(cur);
}
