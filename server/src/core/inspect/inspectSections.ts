// What the decoded view adds below today's description of an object: the signer certificate
// paths and the ASN.1 tree of every CMS object, as text lines. `where` renders a file range
// (line:column at the edge); the decoded view turns those into links that select the bytes.
import type { Analysis } from '../analyze';
import type { KeyStore, Span } from '../types';
import { signerPaths } from './certificatePath';
import { formatAsn1Tree } from './formatAsn1';
import { formatSignerPaths } from './formatCertPath';
import { objectAsn1 } from './objectAsn1';

export function asn1Lines(analysis: Analysis, objectIndex: number, where?: (span: Span) => string): string[] {
  const trees = objectAsn1(analysis.unwrapped[objectIndex]);
  if (trees.length === 0) return ['(no CMS object could be read)'];
  return trees.flatMap((t, k) => [
    `-- CMS object ${k + 1}: ${t.label}, ${t.size} bytes (${t.inFile ? 'offsets in the DER; @ line:column in the file' : 'decrypted or encapsulated: not in the file as is'})`,
    ...(t.tree.ok ? formatAsn1Tree(t.tree.root, where) : [`not BER: ${t.tree.reason} at byte ${t.tree.offset}`]),
    '',
  ]);
}

export function inspectSections(analysis: Analysis, objectIndex: number, keys: KeyStore | undefined, where?: (span: Span) => string): string[] {
  return [
    '== Certificate path',
    ...formatSignerPaths(signerPaths(analysis, objectIndex, keys)),
    '== ASN.1',
    ...asn1Lines(analysis, objectIndex, where),
  ];
}
