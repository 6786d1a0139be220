// Trust: does the signer's certificate chain to a configured anchor? Each link's signature is
// checked with node:crypto; validity dates are judged separately (validityAt) because the time that
// matters is the message's, not the wall clock's.
import type { CertInfo, TrustVerdict, ValidityVerdict } from '../types';
import { publicKeyOf, sameCertificate, x509Of } from './nodeCertificate';

const MAX_DEPTH = 8;

// Link results are kept per certificate pair: a trace signs thousands of objects with a handful of
// certificates, and an X.509 signature check costs as much as verifying the object itself.
const links = new WeakMap<CertInfo, WeakMap<CertInfo, boolean>>();

/** `issuer` issued `child`: the names chain and the link's signature verifies (cached per pair). */
export function signedBy(child: CertInfo, issuer: CertInfo): boolean {
  if (child.issuer !== issuer.subject) return false;
  let known = links.get(child);
  const hit = known?.get(issuer);
  if (hit !== undefined) return hit;
  const ok = checkLink(child, issuer);
  if (!known) links.set(child, (known = new WeakMap()));
  known.set(issuer, ok);
  return ok;
}

function checkLink(child: CertInfo, issuer: CertInfo): boolean {
  const x = x509Of(child);
  const key = publicKeyOf(issuer);
  if (!x || !key) return false;
  try {
    return x.verify(key);
  } catch {
    return false;
  }
}

export function evaluateTrust(
  leaf: CertInfo,
  intermediates: CertInfo[],
  anchors: CertInfo[],
): { trust: TrustVerdict; chain: CertInfo[]; reason?: string } {
  const isAnchor = (c: CertInfo): boolean => anchors.some((a) => sameCertificate(a, c));
  if (anchors.length === 0) {
    return { trust: 'unknown', chain: [leaf], reason: 'no trust anchors are configured' };
  }
  if (isAnchor(leaf)) return { trust: 'trusted', chain: [leaf] };
  const chain: CertInfo[] = [leaf];
  let current = leaf;
  let lastProblem: string | undefined;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    if (current.selfIssued) break; // a self-issued certificate that is not an anchor ends the path
    const anchor = anchors.find((a) => signedBy(current, a));
    if (anchor) {
      if (!sameCertificate(anchor, current)) chain.push(anchor);
      return { trust: 'trusted', chain };
    }
    const candidates = intermediates.filter((c) => c.subject === current.issuer && !chain.some((x) => sameCertificate(x, c)));
    const next = candidates.find((c) => signedBy(current, c));
    if (!next) {
      const named = candidates.length > 0 || anchors.some((a) => a.subject === current.issuer);
      lastProblem =
        named
          ? `the signature of ${current.subject} does not verify with the key of ${current.issuer}`
          : `no certificate for the issuer ${current.issuer} of ${current.subject}`;
      break;
    }
    if (!next.isCA) {
      lastProblem = `${next.subject} issued ${current.subject} but is not a CA (basicConstraints)`;
      break;
    }
    chain.push(next);
    current = next;
  }
  if (leaf.selfIssued && chain.length === 1) {
    return { trust: 'selfSigned', chain, reason: `${leaf.subject} is self-signed and not a trust anchor` };
  }
  return { trust: 'untrusted', chain, reason: lastProblem ?? `${current.subject} is self-signed and not a trust anchor` };
}

export function validityAt(c: CertInfo, atMs: number): ValidityVerdict {
  if (atMs < c.notBefore) return 'notYetValid';
  if (atMs > c.notAfter) return 'expired';
  return 'ok';
}
