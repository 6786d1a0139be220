// The per-document counts of object verdicts (the status bar, verifyTrace).
import type { Analysis } from '../analyze';

export interface StatusCounts { verified: number; failed: number; encrypted: number; unreadable: number; decrypted: number; total: number }

export function statusCounts(analysis: Analysis): StatusCounts {
  const c: StatusCounts = { verified: 0, failed: 0, encrypted: 0, unreadable: 0, decrypted: 0, total: analysis.objects.length };
  for (const o of analysis.objects) c[o.status]++;
  return c;
}
