// One story per failed object: a finding that only follows from another one about the same stanza
// (the signature "does not verify" BECAUSE the digest differs) is shown under its cause instead of
// as a second, unrelated error at the same place. Both stay findings with their own code and
// severity; this only decides how they are told.
import type { Span } from '../../server/src/core/types';

/** consequence code -> the codes that explain it (checked in this order). */
const CAUSES: Readonly<Record<string, readonly string[]>> = {
  'e2e.sig.invalid': ['cms.sig.digestMismatch', 'cms.sig.contentTypeMismatch', 'smime.micalg.mismatch', 'smime.multipart.parts'],
  'e2e.inner.identityMismatch': ['e2e.jid.mismatch'],
  'e2e.xmppxml.addrMismatch': ['e2e.jid.mismatch'],
};

export interface StoryFinding {
  code: string;
  span: Span;
}

export interface Story<F extends StoryFinding> {
  cause: F;
  consequences: F[];
}

/**
 * Groups `findings` (already filtered by severity, in reading order) into stories. Two findings
 * belong together when the same stanza (`units`, file spans) holds both and the table names one
 * the cause of the other. A finding outside every unit is its own story.
 */
export function tellStories<F extends StoryFinding>(findings: readonly F[], units: readonly Span[]): Story<F>[] {
  const unitOf = (f: F) => units.findIndex((u) => f.span.start >= u.start && f.span.start <= u.end);
  const unit = findings.map(unitOf);
  const causeOf = new Map<number, number>();
  findings.forEach((f, i) => {
    const causes = CAUSES[f.code];
    if (!causes || unit[i] < 0) return;
    for (const c of causes) {
      const j = findings.findIndex((g, k) => k !== i && g.code === c && unit[k] === unit[i] && !CAUSES[g.code]?.includes(f.code));
      if (j >= 0) {
        causeOf.set(i, j);
        return;
      }
    }
  });
  const stories = new Map<number, Story<F>>();
  const out: Story<F>[] = [];
  findings.forEach((f, i) => {
    if (causeOf.has(i)) return;
    const s = { cause: f, consequences: [] as F[] };
    stories.set(i, s);
    out.push(s);
  });
  for (const [i, j] of causeOf) {
    // A chain (a consequence of a consequence) ends at its root.
    let root = j;
    for (let hops = 0; causeOf.has(root) && hops < findings.length; hops++) root = causeOf.get(root)!;
    stories.get(root)?.consequences.push(findings[i]);
  }
  return out;
}
