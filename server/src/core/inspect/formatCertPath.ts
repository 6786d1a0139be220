// The certificate path as text lines for the decoded view and `xmpp-e2e decode --certs`.
import type { SignerPath } from './certificatePath';
import { sanSummary } from './certExtensions';

const MARK = (ok: boolean | undefined) => (ok === true ? '✔' : ok === false ? '✖' : '·');

export function formatSignerPaths(paths: SignerPath[]): string[] {
  if (paths.length === 0) return ['(no signer: nothing signed is visible in this object)'];
  const out: string[] = [];
  for (const p of paths) {
    const s = p.signer;
    out.push(`Signer ${p.signerIndex + 1}: signature ${s.signature}${s.reason ? ` (${s.reason})` : ''} · trust ${s.trust} · identity ${s.identity} · validity ${s.validity}`);
    if (p.certificates.length === 0) out.push("  (the signer's certificate is neither embedded nor in the workspace)");
    p.certificates.forEach((c, i) => {
      const x = c.cert;
      out.push(`  [${i + 1}] ${c.role}: ${x.subject} (${c.source})`);
      out.push(`      subject:    ${x.subject}`);
      out.push(`      issuer:     ${x.issuer}`);
      out.push(`      serial:     ${x.serialHex}`);
      out.push(`      validity:   ${new Date(x.notBefore).toISOString()} → ${new Date(x.notAfter).toISOString()}`);
      out.push(`      key:        ${x.publicKeyAlgorithm}${x.publicKeyBits ? ` ${x.publicKeyBits} bits` : ''}; signed with ${x.signatureAlgorithm}`);
      out.push(`      SANs:       ${sanSummary(x)}`);
      for (const e of c.extensions.list) out.push(`      extension:  ${e.name}${e.critical ? ' (critical)' : ''}: ${e.summary}`);
      for (const k of c.checks) out.push(`      ${MARK(k.ok)} ${k.check}: ${k.detail}`);
    });
    out.push('');
  }
  return out;
}
