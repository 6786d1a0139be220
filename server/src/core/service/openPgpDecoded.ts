// The decoded view's sections for an OpenPGP object (OX, XEP-0027): each signature with its key and
// user IDs, the findings, and the plaintext the user's keys opened, marked when it is not verified.
import type { Analysis } from '../analyze';
import type { ObjectReport } from '../types';
import { findingSection } from './presentation';
import { pushAll } from '../findingLimits';

export function openPgpSections(analysis: Analysis, report: ObjectReport): string[] {
  const signatures = report.ox?.signatures ?? report.xep27?.signatures;
  if (!report.ox && !report.xep27) return [];
  const out: string[] = [];
  if (report.xep27?.recipients.length) out.push(`encrypted for key ids: ${report.xep27.recipients.join(', ')}`);
  for (const s of signatures ?? []) {
    out.push(`signature: key ${s.fingerprint ?? s.keyId} ${s.result}${s.hash ? ` (${s.hash})` : ''}${s.reason ? ` (${s.reason})` : ''}${s.userIds.length ? ` user IDs: ${s.userIds.join(', ')}` : ''}`);
  }
  if (out.length) out.push('');
  pushAll(out, findingSection(analysis.findings, report));
  if (report.inner?.text !== undefined && report.xep27?.type !== 'signed') {
    const trusted = report.status === 'verified' || report.status === 'decrypted';
    out.push(`== Inner object (${report.inner.contentType})${trusted ? '' : ` - NOT VERIFIED: ${report.status}`}`, report.inner.text, '');
  }
  return out;
}
