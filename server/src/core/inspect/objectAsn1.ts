// The ASN.1 trees of one analysed object: every CMS object the pipeline read (outer first, so
// the SignedData inside an opened envelope follows the EnvelopedData), with file ranges for those
// whose base64 is in the file as is.
import type { DerBlob, Unwrapped } from '../e2e/unwrapObject';
import { asn1Tree, type Asn1Result } from './asn1Tree';
import { Base64Positions } from './base64Positions';

export interface ObjectAsn1 {
  label: string;
  /** Size of the object in bytes. */
  size: number;
  /** False when the bytes came out of decryption or encapsulation: no place in the file. */
  inFile: boolean;
  tree: Asn1Result;
}

export function blobAsn1(blob: DerBlob): ObjectAsn1 {
  const positions = blob.base64 ? new Base64Positions(blob.base64.text, blob.base64.map) : undefined;
  return {
    label: blob.label,
    size: blob.bytes.length,
    inFile: !!positions,
    tree: asn1Tree(blob.bytes, positions ? (s, e) => positions.fileSpan(s, e) : undefined),
  };
}

export function objectAsn1(un: Unwrapped | undefined): ObjectAsn1[] {
  return (un?.der ?? []).map(blobAsn1);
}
