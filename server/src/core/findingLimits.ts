// Bounds on what one document can produce: a run of 200,000 stray quotes must not become 200,000
// diagnostics (nor a RangeError from `push(...spread)` with that many arguments).
import type { Finding, Span } from './types';

/** Findings kept per protected object (its unwrap, inner CPIM/PIDF/XML and judgement). */
export const MAX_FINDINGS_PER_OBJECT = 1000;
/** Findings kept per document. */
export const MAX_FINDINGS_PER_FILE = 10000;

/** Appends `items` to `target` one by one: safe for any length, unlike `target.push(...items)`. */
export function pushAll<T>(target: T[], items: readonly T[]): T[] {
  for (let i = 0; i < items.length; i++) target.push(items[i]);
  return target;
}

/**
 * At most `limit` findings, in their order, then one `findings.capped` finding that says how many
 * were dropped and which codes they had (at `span`, or where the first dropped finding was).
 */
export function capFindings(findings: Finding[], limit: number, what: string, span?: Span): Finding[] {
  if (findings.length <= limit) return findings;
  // A dropped `findings.capped` (from a scan or an object) stands for the findings it counted.
  let dropped = 0;
  const codes = new Map<string, number>();
  const count = (code: string, n: number): void => {
    codes.set(code, (codes.get(code) ?? 0) + n);
    dropped += n;
  };
  for (let i = limit; i < findings.length; i++) {
    const f = findings[i];
    const inner = f.code === 'findings.capped' ? (f.data?.codes as Record<string, number> | undefined) : undefined;
    if (inner) for (const [c, n] of Object.entries(inner)) count(c, n);
    else count(f.code, 1);
  }
  const summary = [...codes].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([c, n]) => `${c} ×${n}`).join(', ');
  const kept = findings.slice(0, limit);
  kept.push({
    code: 'findings.capped',
    message: `${dropped} more finding(s) ${what} were dropped after the first ${limit} (${summary}${codes.size > 5 ? ', ...' : ''}).`,
    span: span ?? findings[limit].span,
    data: { dropped, limit, codes: Object.fromEntries(codes) },
  });
  return kept;
}
