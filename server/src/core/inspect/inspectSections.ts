// What the decoded view adds below today's description of an object: the signer certificate
// paths and the ASN.1 tree of every CMS object, as text lines. `where` renders a file range
// (line:column at the edge); the decoded view turns those into links that select the bytes.
import type { Analysis } from '../analyze';
import type { KeyStore, Span } from '../types';
import { asn1Tree } from './asn1Tree';
import { signerPaths, type SignerPath } from './certificatePath';
import { formatAsn1Tree } from './formatAsn1';
import { formatSignerPaths } from './formatCertPath';
import { objectAsn1 } from './objectAsn1';
import { pushAll } from '../findingLimits';

export function asn1Lines(analysis: Analysis, objectIndex: number, where?: (span: Span) => string): string[] {
  const trees = objectAsn1(analysis.records[objectIndex]?.unwrapped);
  if (trees.length === 0) return ['(no CMS object could be read)'];
  return trees.flatMap((t, k) => [
    `-- CMS object ${k + 1}: ${t.label}, ${t.size} bytes (${t.inFile ? 'offsets in the DER; @ line:column in the file' : 'decrypted or encapsulated: not in the file as is'})`,
    ...(t.tree.ok ? formatAsn1Tree(t.tree.root, where) : [`not BER: ${t.tree.reason} at byte ${t.tree.offset}`]),
    '',
  ]);
}

/** The trees of the path's certificates that are not inside the object (workspace, anchors): the others are in the CMS tree. */
export function outsideCertificateLines(paths: SignerPath[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const p of paths) {
    for (const c of p.certificates) {
      const key = Buffer.from(c.cert.der).toString('base64');
      if (c.source === 'object' || seen.has(key)) continue;
      seen.add(key);
      const t = asn1Tree(c.cert.der);
      out.push(`-- certificate ${c.cert.subject} (${c.source}), ${c.cert.der.length} bytes`);
      pushAll(out, t.ok ? formatAsn1Tree(t.root) : [`not BER: ${t.reason} at byte ${t.offset}`]).push('');
    }
  }
  return out;
}

export function inspectSections(analysis: Analysis, objectIndex: number, keys: KeyStore | undefined, where?: (span: Span) => string): string[] {
  const paths = signerPaths(analysis, objectIndex, keys);
  return [
    '== Certificate path',
    ...formatSignerPaths(paths),
    '== ASN.1',
    ...asn1Lines(analysis, objectIndex, where),
    ...outsideCertificateLines(paths),
  ];
}
