// RFC 5652 / RFC 3370 structure rules of a SignerInfo that do not change the signature verdict
// but deserve a warning (spec-checklist CMS-1, CMS-4..8, CMS-10). Messages are secret-free text.
import { OID } from '../asn1/oids';
import type { SignedData, SignerInfo } from './cmsTypes';
import { pushAll } from '../findingLimits';

const NULL_PARAMS_REQUIRED = new Set(['rsaEncryption', 'sha1WithRSAEncryption', 'md5WithRSAEncryption']);

export function signerInfoProblems(sd: SignedData, si: SignerInfo): string[] {
  const out: string[] = [];
  const attrs = si.signedAttrs;
  if (!attrs) {
    if (sd.eContentType.oid !== OID.data) out.push(`signedAttrs are required when eContentType is ${sd.eContentType.name} (CMS-1)`);
  } else {
    if (attrs.contentType === undefined) out.push('signedAttrs lack the contentType attribute (CMS-1)');
    if (attrs.messageDigest === undefined) out.push('signedAttrs lack the messageDigest attribute (CMS-1)');
    pushAll(out, attrs.problems);
  }
  const expectedVersion = si.sid.kind === 'ski' ? 3 : 1;
  if (si.version !== expectedVersion) {
    out.push(`SignerInfo version ${si.version} with ${si.sid.kind === 'ski' ? 'subjectKeyIdentifier' : 'issuerAndSerialNumber'} (expected ${expectedVersion}) (CMS-7)`);
  }
  if (!sd.digestAlgorithms.some((d) => d.oid === si.digestAlgorithm.oid)) {
    out.push(`digest ${si.digestAlgorithm.name} is not listed in SignedData.digestAlgorithms (CMS-8)`);
  }
  const p = si.signatureAlgorithm.params;
  if (NULL_PARAMS_REQUIRED.has(si.signatureAlgorithm.name) && !(p && p.length === 2 && p[0] === 0x05 && p[1] === 0x00)) {
    out.push(`${si.signatureAlgorithm.name} parameters must be NULL (CMS-10)`);
  }
  return out;
}
