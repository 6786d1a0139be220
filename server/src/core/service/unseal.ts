// Unseal one object for a person: its plaintext only when it decrypted and every signature verified
// (or when the caller forces it, clearly marked), and the plain-text decoded view of its structure
// (the editor's decoded view and `xmpp-e2e decode` print the same text).
import { analyzeDocument, type Analysis, type AnalyzeOptions } from '../analyze';
import type { ObjectReport, SignerReport } from '../types';
import type { Unwrapped } from '../e2e/unwrapObject';
import { findingSection } from './presentation';
import { pushAll } from '../findingLimits';
import { openPgpSections } from './openPgpDecoded';

export interface UnsealResult {
  ok: boolean;
  plaintext?: string;
  /** True when the plaintext is shown despite a failed check (--force). */
  forced?: boolean;
  contentType?: string;
  report?: ObjectReport;
  reason?: string;
  /** Number of objects in the document. */
  objectCount: number;
}

/** Why an object's plaintext must not be shown, or undefined when it may. */
function refusalReason(un: Unwrapped | undefined, report: ObjectReport | undefined): string | undefined {
  if (!un || !report) return 'this <e2e/> is not an RFC 3923 S/MIME object';
  if (un.notCms) return `the payload is not CMS (${un.notCms})`;
  if (un.unopened) {
    const ids = report.recipients.map((r) => r.id).join('; ');
    return `no workspace key opens this object (recipients: ${ids || 'none'})`;
  }
  if (un.decryptFailed) return 'decryption failed with the matching workspace key';
  const bad = report.signers.find((s) => s.signature !== 'valid');
  if (bad) return bad.signature === 'invalid' ? `the signature is invalid${bad.reason ? ` (${bad.reason})` : ''}` : `the signature cannot be verified${bad.reason ? ` (${bad.reason})` : ''}`;
  if (!un.inner) return 'no inner content could be decoded';
  return undefined;
}

export function unsealObject(text: string, objectIndex: number, options: AnalyzeOptions & { force?: boolean }): UnsealResult {
  return unsealFromAnalysis(analyzeDocument(text, options), objectIndex, options.force ?? false);
}

/** As unsealObject, on an analysis the caller already has (the language server's cache). */
export function unsealFromAnalysis(analysis: Analysis, objectIndex: number, force: boolean): UnsealResult {
  const objectCount = analysis.objects.length;
  const rec = analysis.records[objectIndex];
  const report = rec?.report;
  const un = rec?.unwrapped;
  if (!report) {
    return { ok: false, objectCount, reason: objectCount === 0 ? 'the document holds no <e2e/> object' : `there is no object ${objectIndex + 1} (the document holds ${objectCount})` };
  }
  const reason = refusalReason(un, report);
  const inner = un?.inner;
  if (!reason) return { ok: true, plaintext: inner?.text, contentType: inner?.contentType, report, objectCount };
  if (force && inner) return { ok: false, forced: true, plaintext: inner.text, contentType: inner.contentType, report, reason, objectCount };
  return { ok: false, report, reason, objectCount };
}

export function verdictLines(report: ObjectReport): string[] {
  const lines = [`layers: ${report.layers.join(' > ') || '(none)'}`, `status: ${report.status}`];
  for (const s of report.signers) lines.push(signerLine(s));
  for (const r of report.recipients) {
    lines.push(`recipient: ${r.id} (${r.keyEncryptionAlgorithm})${r.keyInWorkspace ? `, key in workspace${r.jids.length ? ` for ${r.jids.join(', ')}` : ''}` : ''}${r.opened ? ', opened' : ''}`);
  }
  if (report.contentEncryptionAlgorithm) lines.push(`content encryption: ${report.contentEncryptionAlgorithm}`);
  if (report.inner) {
    lines.push(`inner: ${report.inner.contentType}${report.inner.timestamp ? `, timestamp ${report.inner.timestamp}` : ''}`);
  }
  if (report.now) lines.push(`now: ${report.now.iso} (${report.now.source})${report.skewSeconds !== undefined ? `, timestamp skew ${report.skewSeconds >= 0 ? '+' : ''}${report.skewSeconds} s` : ''}`);
  return lines;
}

function signerLine(s: SignerReport): string {
  return (
    `signer: ${s.jids.join(', ') || s.subject || '(unknown)'} signature=${s.signature}` +
    `${s.canonicalization ? ` (${s.canonicalization === 'crlf' ? 'after LF->CRLF' : 'bytes as they are'})` : ''}` +
    ` trust=${s.trust} identity=${s.identity} validity=${s.validity} digest=${s.digestAlgorithm} signature-algorithm=${s.signatureAlgorithm}` +
    `${s.signingTime ? ` signingTime=${s.signingTime}` : ''}`
  );
}

/** The structure description of one object (the decoded view's body; see decodedView.ts). */
export function describeFromAnalysis(analysis: Analysis, objectIndex: number): string {
  const report = analysis.records[objectIndex]?.report;
  const un = analysis.records[objectIndex]?.unwrapped;
  if (!report) return `No <e2e/> object ${objectIndex + 1} in this document (it holds ${analysis.objects.length}).\n`;
  const out: string[] = [`XMPP E2E object ${objectIndex + 1} of ${analysis.objects.length}`, ''];
  out.push('== Verdict', ...verdictLines(report), '');
  if (un) {
    out.push('== Structure', ...(un.tree.length ? un.tree : ['(nothing decoded)']), '');
    pushAll(out, findingSection(analysis.findings, report));
    const reason = refusalReason(un, report);
    if (un.inner) {
      out.push(`== Inner object (${un.inner.contentType})${reason ? ` - NOT VERIFIED: ${reason}` : ''}`, un.inner.text.replace(/\r\n/g, '\n'), '');
    } else if (reason) {
      out.push('== Inner object', `(not available: ${reason})`, '');
    }
  }
  pushAll(out, openPgpSections(analysis, report));
  for (const s of report.signers) {
    out.push(`== Signer certificate: ${s.subject ?? '(not available)'}`);
    if (s.subject) {
      out.push(`issuer: ${s.issuer}`, `serial: ${s.serial}`, `valid: ${s.notBefore} .. ${s.notAfter}`, `JIDs: ${s.jids.join(', ') || '(none)'}`);
    }
    out.push('');
  }
  return out.join('\n');
}
