// The certificate of a signer for "Show Certificate": from the report, the object's embedded
// certificates or the workspace key store, matched by serial and issuer.
import type { ObjectRecord } from '../analyze';
import type { KeyStore } from '../types';

/** Serial numbers compared as numbers: case and leading zeros (nibbles or bytes) do not matter. */
function normSerial(hex: string | undefined): string {
  return (hex ?? '').toLowerCase().replace(/[^0-9a-f]/g, '').replace(/^0+(?=.)/, '');
}

/** A signer's certificate (PEM and a summary), or why there is none to show. */
export function certificateOf(rec: ObjectRecord, signerIndex: number, keys: KeyStore | undefined): { ok: true; pem: string; details: string } | { ok: false; reason: string } {
  const report = rec.report;
  if (!report.signers[signerIndex]) {
    return { ok: false, reason: report.status === 'encrypted' ? 'The object is encrypted and no workspace key opens it: its signer is not visible.' : 'The object has no signer.' };
  }
  const c = certificateFor(rec, signerIndex, keys);
  return c ? { ok: true, ...c } : { ok: false, reason: 'The signer certificate is neither embedded in the object nor in the workspace key store.' };
}

export function certificateFor(rec: ObjectRecord, signerIndex: number, keys: KeyStore | undefined): { pem: string; details: string } | undefined {
  const signer = rec.report.signers[signerIndex];
  if (!signer) return undefined;
  const outcome = rec.unwrapped?.signers[signerIndex];
  let pem = signer.certificatePem ?? outcome?.result.cert?.pem;
  if (!pem) {
    const serial = normSerial(signer.serial);
    const candidates = [...(outcome?.embedded ?? []), ...(keys?.entries.map((e) => e.cert) ?? []), ...(keys?.anchors ?? [])];
    const hit = candidates.find((c) => serial !== '' && normSerial(c.serialHex) === serial && (!signer.issuer || c.issuer === signer.issuer));
    pem = hit?.pem;
  }
  if (!pem) return undefined;
  const details = [
    `Subject:   ${signer.subject ?? '?'}`,
    `Issuer:    ${signer.issuer ?? '?'}`,
    `Serial:    ${signer.serial ?? '?'}`,
    `Validity:  ${signer.notBefore ?? '?'} → ${signer.notAfter ?? '?'}`,
    `XmppAddr:  ${signer.jids.join(', ') || '—'}`,
    `Trust:     ${signer.trust}`,
    `Source:    ${signer.certificateSource ?? '?'}`,
  ].join('\n');
  return { pem, details };
}
