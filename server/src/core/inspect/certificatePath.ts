// The certificate path of each signer, as certificate viewers show it: signer -> intermediates ->
// anchor, with what each certificate is and which check holds or fails at each link: the link's
// signature, validity at the message's time, basic constraints, key usage, and (at the signer)
// the JID binding. The path is built like the trust verdict (x509/chain.ts): issuers by name from
// the object's embedded certificates and the workspace, links checked with node:crypto.
import type { Analysis } from '../analyze';
import { signedBy, validityAt } from '../x509/chain';
import { sameCertificate } from '../x509/nodeCertificate';
import type { CertInfo, KeyStore, ObjectReport, SignerReport } from '../types';
import { certExtensions, type CertExtensions } from './certExtensions';

export type CheckName = 'signature' | 'validity' | 'basicConstraints' | 'keyUsage' | 'extKeyUsage' | 'nameBinding' | 'anchor';

export interface PathCheck {
  check: CheckName;
  /** undefined: nothing to judge (e.g. no keyUsage extension). */
  ok: boolean | undefined;
  detail: string;
}

export interface PathCertificate {
  role: 'signer' | 'intermediate' | 'anchor' | 'end of path';
  cert: CertInfo;
  source: 'object' | 'workspace' | 'trust anchor';
  extensions: CertExtensions;
  checks: PathCheck[];
}

export interface SignerPath {
  signerIndex: number;
  signer: SignerReport;
  /** The instant validity is judged at (the inner timestamp, else the object's "now"). */
  messageTime?: number;
  certificates: PathCertificate[];
}

const MAX_DEPTH = 8;

function messageTimeOf(obj: ObjectReport): number | undefined {
  const t = obj.inner?.timestamp ? Date.parse(obj.inner.timestamp) : NaN;
  if (Number.isFinite(t)) return t;
  const n = obj.now ? Date.parse(obj.now.iso) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

function validityCheck(c: CertInfo, at: number | undefined): PathCheck {
  const range = `${new Date(c.notBefore).toISOString()} → ${new Date(c.notAfter).toISOString()}`;
  if (at === undefined) return { check: 'validity', ok: undefined, detail: `${range} (no message time to judge it at)` };
  const v = validityAt(c, at);
  const when = new Date(at).toISOString();
  return { check: 'validity', ok: v === 'ok', detail: v === 'ok' ? `valid at the message time ${when}` : `${v === 'expired' ? 'expired' : 'not yet valid'} at the message time ${when} (${range})` };
}

function keyUsageCheck(ext: CertExtensions, needed: string[], what: string): PathCheck {
  if (!ext.keyUsage) return { check: 'keyUsage', ok: undefined, detail: 'no keyUsage extension (any use allowed)' };
  const has = needed.filter((u) => ext.keyUsage!.includes(u));
  return { check: 'keyUsage', ok: has.length > 0, detail: has.length ? `${has.join(', ')} allows ${what}` : `${ext.keyUsage.join(', ') || 'no bit'}: none of ${needed.join('/')} (${what})` };
}

function leafChecks(cert: CertInfo, ext: CertExtensions, signer: SignerReport, from: string | undefined): PathCheck[] {
  const checks = [keyUsageCheck(ext, ['digitalSignature', 'nonRepudiation'], 'signing')];
  if (ext.extKeyUsage) {
    const ok = ext.extKeyUsage.some((u) => u === 'emailProtection' || u === 'anyExtendedKeyUsage');
    checks.push({ check: 'extKeyUsage', ok, detail: ok ? `${ext.extKeyUsage.join(', ')} includes S/MIME (emailProtection)` : `${ext.extKeyUsage.join(', ')}: no emailProtection (openssl's default S/MIME purpose refuses it)` });
  }
  const jids = signer.jids.join(', ') || 'no JID';
  const binding: Record<SignerReport['identity'], PathCheck> = {
    bound: { check: 'nameBinding', ok: true, detail: `${from ? `the sender ${from}` : 'the signer'} is bound (${jids})` },
    mismatch: { check: 'nameBinding', ok: false, detail: `the sender ${from ?? '?'} is not among the certificate's JIDs (${jids})` },
    noJid: { check: 'nameBinding', ok: false, detail: `the certificate binds no JID (subject ${cert.subject})` },
  };
  checks.push(binding[signer.identity]);
  return checks;
}

/** The issuer of `c` in the pool: the one whose key verifies the link, else one with the right name. */
function findIssuer(c: CertInfo, pool: CertInfo[], path: CertInfo[]): { cert: CertInfo; verifies: boolean } | undefined {
  const named = pool.filter((p) => p.subject === c.issuer && !path.some((x) => sameCertificate(x, p)));
  const good = named.find((p) => signedBy(c, p));
  if (good) return { cert: good, verifies: true };
  return named[0] ? { cert: named[0], verifies: false } : undefined;
}

export function signerPaths(analysis: Analysis, objectIndex: number, keys: KeyStore | undefined): SignerPath[] {
  const obj = analysis.objects[objectIndex];
  const un = analysis.records[objectIndex]?.unwrapped;
  if (!obj || !un) return [];
  const from = analysis.trace?.stanzas[obj.stanzaIndex]?.from?.value;
  const at = messageTimeOf(obj);
  const anchors = keys?.anchors ?? [];
  const workspace = keys?.entries.map((e) => e.cert) ?? [];
  return un.signers.flatMap((outcome, signerIndex) => {
    const signer = obj.signers[signerIndex];
    const leaf = outcome.result.cert;
    if (!signer || !leaf) return signer ? [{ signerIndex, signer, messageTime: at, certificates: [] }] : [];
    const sourceOf = (c: CertInfo): PathCertificate['source'] =>
      anchors.some((a) => sameCertificate(a, c)) ? 'trust anchor' : outcome.embedded.some((e) => sameCertificate(e, c)) ? 'object' : 'workspace';
    const pool = [...outcome.embedded, ...workspace, ...anchors];
    const certs: PathCertificate[] = [];
    let current = leaf;
    for (let depth = 0; depth < MAX_DEPTH; depth++) {
      const ext = certExtensions(current);
      const entry: PathCertificate = { role: depth === 0 ? 'signer' : 'intermediate', cert: current, source: sourceOf(current), extensions: ext, checks: [validityCheck(current, at)] };
      if (depth > 0) {
        entry.checks.push({ check: 'basicConstraints', ok: current.isCA, detail: current.isCA ? `CA:TRUE${ext.pathLen !== undefined ? `, pathlen ${ext.pathLen}` : ''}` : 'not a CA (basicConstraints CA:FALSE or absent), yet it issued the certificate below' });
        entry.checks.push(keyUsageCheck(ext, ['keyCertSign'], 'issuing certificates'));
      } else {
        entry.checks.push(...leafChecks(current, ext, signer, from));
      }
      certs.push(entry);
      if (entry.source === 'trust anchor') {
        entry.role = depth === 0 ? 'signer' : 'anchor';
        entry.checks.push({ check: 'anchor', ok: true, detail: 'a configured trust anchor: the path ends here, trusted' });
        break;
      }
      if (current.selfIssued) {
        const self = signedBy(current, current);
        entry.checks.push({ check: 'anchor', ok: false, detail: `self-${self ? 'signed' : 'issued (its self-signature does not verify)'} and not a configured trust anchor${anchors.length ? '' : ' (no trust anchors are configured)'}` });
        if (depth > 0) entry.role = 'end of path';
        break;
      }
      const issuer = findIssuer(current, pool, certs.map((x) => x.cert));
      if (!issuer) {
        entry.checks.push({ check: 'signature', ok: false, detail: `no certificate of the issuer ${current.issuer} in the object or the workspace: the path ends here` });
        break;
      }
      entry.checks.push({
        check: 'signature',
        ok: issuer.verifies,
        detail: issuer.verifies ? `signed by ${issuer.cert.subject} (verified)` : `does not verify with the key of the ${sourceOf(issuer.cert)} certificate ${issuer.cert.subject}: the path ends here`,
      });
      if (!issuer.verifies) break;
      current = issuer.cert;
    }
    return [{ signerIndex, signer, messageTime: at, certificates: certs }];
  });
}
