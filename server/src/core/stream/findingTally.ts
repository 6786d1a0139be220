// A file's findings while it streams: the file keeps at most MAX_FINDINGS_PER_FILE of them, in
// the order the whole analysis lists them (input encoding, trace, objects, error replies). Each
// part keeps its first findings and only counts the rest by code, so capFindings over the joined
// parts says exactly what it says over the whole list.
import { capFindings, MAX_FINDINGS_PER_FILE } from '../findingLimits';
import type { Finding } from '../types';

export class FindingTally {
  readonly kept: Finding[] = [];
  private readonly dropped = new Map<string, number>();

  constructor(private readonly limit = MAX_FINDINGS_PER_FILE) {}

  add(f: Finding): void {
    if (this.kept.length <= this.limit) {
      this.kept.push(f);
      return;
    }
    // A `findings.capped` stands for the findings it counted (as capFindings reads it).
    const inner = f.code === 'findings.capped' ? (f.data?.codes as Record<string, number> | undefined) : undefined;
    if (inner) for (const [c, n] of Object.entries(inner)) this.dropped.set(c, (this.dropped.get(c) ?? 0) + n);
    else this.dropped.set(f.code, (this.dropped.get(f.code) ?? 0) + 1);
  }

  /** The kept findings, then one `findings.capped` standing for the counted ones (always past the limit). */
  joined(): Finding[] {
    if (this.dropped.size === 0) return this.kept;
    const last = this.kept[this.kept.length - 1];
    return [...this.kept, { code: 'findings.capped', message: '', span: last.span, data: { codes: Object.fromEntries(this.dropped) } }];
  }

  /** The file's findings from its parts, in order, capped as analyzeDocument caps them. */
  static capped(parts: readonly FindingTally[], limit = MAX_FINDINGS_PER_FILE): Finding[] {
    const all: Finding[] = [];
    for (const p of parts) for (const f of p.joined()) all.push(f);
    return capFindings(all, limit, 'in this file');
  }
}
