// Plain decoded shapes of CMS (RFC 5652) SignedData and EnvelopedData. Byte offsets refer to the
// bytes given to parseContentInfo.
import type { CertInfo } from '../types';

export interface AlgorithmId {
  oid: string;
  /** OpenSSL-style name (`sha256`, `sha256WithRSAEncryption`, `aes-128-cbc`...) or the OID. */
  name: string;
  /** Raw DER of the parameters, when present (NULL included). */
  params?: Uint8Array;
}

/** RSASSA-PSS-params (RFC 4055), defaults applied. */
export interface PssParams {
  hash: string;
  mgf1Hash: string;
  saltLength: number;
  trailerField: number;
}

/** RSAES-OAEP-params (RFC 4055), defaults applied. */
export interface OaepParams {
  hash: string;
  mgf1Hash: string;
  /** pSpecified label (empty by default). */
  label: Uint8Array;
}

export interface SignatureAlgorithm extends AlgorithmId {
  pss?: PssParams;
}

export interface KeyTransportAlgorithm extends AlgorithmId {
  oaep?: OaepParams;
}

export interface ContentEncryptionAlgorithm extends AlgorithmId {
  /** The CBC initialisation vector, when the parameters carry one. */
  iv?: Uint8Array;
  /** GCM / CCM parameters (RFC 5084): the nonce and the tag length in bytes (default 12). */
  aead?: { nonce: Uint8Array; icvLength: number };
}

/** How a SignerInfo names its signer, or a KeyTransRecipientInfo its recipient. */
export type CmsIdentifier =
  | { kind: 'issuerAndSerial'; issuer: string; serialHex: string }
  | { kind: 'ski'; ski: string };

export interface SignedAttributes {
  /** DER of the attributes re-tagged as SET OF (0x31): the signature input (CMS-2). */
  der: Uint8Array;
  /** contentType attribute value (OID), when present. */
  contentType?: string;
  messageDigest?: Uint8Array;
  signingTimeMs?: number;
  /** Every attribute present, in order. */
  attributes: { oid: string; name: string; valueCount: number }[];
  /** Rule violations found while decoding (CMS-1/4/5/6): duplicate attributes, not DER... */
  problems: string[];
}

export interface SignerInfo {
  version: number;
  sid: CmsIdentifier;
  digestAlgorithm: AlgorithmId;
  signatureAlgorithm: SignatureAlgorithm;
  signedAttrs?: SignedAttributes;
  signature: Uint8Array;
  unsignedAttrOids: string[];
  /** Byte range of this SignerInfo. */
  start: number;
  end: number;
}

export interface SignedData {
  version: number;
  digestAlgorithms: AlgorithmId[];
  eContentType: { oid: string; name: string };
  /** Encapsulated content (BER segments joined); undefined when detached. */
  eContent?: Uint8Array;
  certificates: CertInfo[];
  /** Embedded certificates that did not parse, or other certificate choices (attribute certs...). */
  certificateProblems: { offset: number; reason: string }[];
  crlCount: number;
  signerInfos: SignerInfo[];
}

export interface KeyTransRecipientInfo {
  kind: 'ktri';
  version: number;
  rid: CmsIdentifier;
  keyEncryptionAlgorithm: KeyTransportAlgorithm;
  encryptedKey: Uint8Array;
}

/** How a kari names the originator's key: an ephemeral public key (RFC 5753 ephemeral-static) or a certificate. */
export type KariOriginator =
  | { kind: 'key'; algorithm: AlgorithmId; publicKey: Uint8Array }
  | { kind: 'cert'; id: CmsIdentifier };

/** KeyAgreeRecipientInfo (RFC 5652 §6.2.2, RFC 5753, RFC 8418). */
export interface KeyAgreeRecipientInfo {
  kind: 'kari';
  version: number;
  originator: KariOriginator;
  ukm?: Uint8Array;
  /** The key-agreement scheme (e.g. dhSinglePass-stdDH-sha256kdf-scheme). */
  keyEncryptionAlgorithm: AlgorithmId;
  /** The key-wrap algorithm from the scheme's parameters (e.g. id-aes128-wrap); `der` is its full encoding (the KDF's keyInfo). */
  keyWrapAlgorithm?: AlgorithmId & { der: Uint8Array };
  recipientEncryptedKeys: { rid: CmsIdentifier; encryptedKey: Uint8Array }[];
}

/** KEKRecipientInfo: a pre-shared key-encryption key named by keyIdentifier. */
export interface KekRecipientInfo {
  kind: 'kekri';
  version: number;
  kekId: Uint8Array;
  keyEncryptionAlgorithm: AlgorithmId;
  encryptedKey: Uint8Array;
}

/** pwri / ori: listed, not opened. */
export interface UnsupportedRecipientInfo {
  kind: 'pwri' | 'ori';
  /** Human-readable summary (e.g. `pwri id-alg-PWRI-KEK`). */
  description: string;
}

export type RecipientInfo = KeyTransRecipientInfo | KeyAgreeRecipientInfo | KekRecipientInfo | UnsupportedRecipientInfo;

export interface EnvelopedData {
  version: number;
  recipientInfos: RecipientInfo[];
  /** Content type of the encrypted content (normally id-data). */
  contentType: { oid: string; name: string };
  contentEncryptionAlgorithm: ContentEncryptionAlgorithm;
  /** Undefined when the ciphertext is detached. */
  encryptedContent?: Uint8Array;
  originatorCertificates: CertInfo[];
  /**
   * Present for AuthEnvelopedData (RFC 5083): the MAC (the AEAD tag), and the DER of the
   * authenticated attributes re-tagged as SET OF (the additional authenticated data), if any.
   */
  authenticated?: { mac: Uint8Array; authAttrsDer?: Uint8Array };
}

/** One line per RecipientInfo for reports: who it names and how the key travels. */
export function recipientSummaries(ri: RecipientInfo): { id: string; keyEncryptionAlgorithm: string }[] {
  switch (ri.kind) {
    case 'ktri':
      return [{ id: identifierText(ri.rid), keyEncryptionAlgorithm: ri.keyEncryptionAlgorithm.name }];
    case 'kari': {
      const alg = `${ri.keyEncryptionAlgorithm.name}${ri.keyWrapAlgorithm ? ` + ${ri.keyWrapAlgorithm.name}` : ''}`;
      return ri.recipientEncryptedKeys.map((k) => ({ id: identifierText(k.rid), keyEncryptionAlgorithm: alg }));
    }
    case 'kekri':
      return [{ id: `kekid=${Buffer.from(ri.kekId).toString('hex')}`, keyEncryptionAlgorithm: ri.keyEncryptionAlgorithm.name }];
    default:
      return [{ id: ri.description, keyEncryptionAlgorithm: ri.kind }];
  }
}

/** `issuer=..., serial=...` or `ski=...`, as shown to users. */
export function identifierText(id: CmsIdentifier): string {
  return id.kind === 'ski' ? `ski=${id.ski}` : `issuer=${id.issuer}, serial=${id.serialHex}`;
}
