// A protocol developer's test bed: a test CA and, per JID, a key (PKCS#8 PEM; RSA by default,
// or RSA-PSS, P-256, P-384, Ed25519) and a
// certificate binding the JID as id-on-xmppAddr and as im:/pres: URIs (RFC 3923 §6.3). Everything
// is marked as TEST material. Pure: returns file contents; the CLI writes them.
import { constants, createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import {
  bool,
  bitString,
  ctx,
  ctxPrim,
  type Der,
  int,
  namedBits,
  nul,
  octets,
  oid,
  seq,
  setOf,
  time,
  utf8,
} from '../asn1/derEncode';
import { contentOf, parseBer } from '../asn1/ber';
import { OID } from '../asn1/oids';
import { T, isTag } from '../asn1/walk';
import { stripResource } from '../jid/jid';
import { jidToUri } from '../jid/jidUri';

export interface GeneratedFile {
  /** Relative path, e.g. 'ca.crt', 'juliet@example.com.key', 'trust/ca.crt'. */
  name: string;
  contents: string;
  /** True for private keys: write with owner-only permissions, never print. */
  secret: boolean;
}

export interface GenerateOptions {
  jids: string[];
  /** Default true: a test CA signs the identity certificates; false: each is self-signed. */
  ca?: boolean;
  nowMs?: number;
  /** Validity in days (default 365). */
  days?: number;
  /** Key type of the CA and the identities (default rsa). */
  keyType?: KeyType;
}

export type KeyType = 'rsa' | 'rsa-pss' | 'p256' | 'p384' | 'ed25519';
export const KEY_TYPES: readonly KeyType[] = ['rsa', 'rsa-pss', 'p256', 'p384', 'ed25519'];

const TEST_ORG = 'XMPP E2E Inspector TEST identities';
const TEST_OU = 'TEST ONLY - not for production';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function name(cn: string): Der {
  const rdn = (type: string, value: string): Der => setOf(seq(oid(type), utf8(value)));
  return seq(rdn(OID.organization, TEST_ORG), rdn(OID.organizationalUnit, TEST_OU), rdn(OID.commonName, cn));
}

function extension(id: string, critical: boolean, value: Der): Der {
  return critical ? seq(oid(id), bool(true), octets(value)) : seq(oid(id), octets(value));
}

function spkiDer(key: KeyObject): Uint8Array {
  return new Uint8Array(key.export({ type: 'spki', format: 'der' }));
}

/** The subjectPublicKey BIT STRING's bytes (without the unused-bits byte). */
function spkiKeyBits(spki: Uint8Array): Uint8Array | undefined {
  const parsed = parseBer(spki);
  const bits = parsed.ok ? parsed.node.children[1] : undefined;
  if (!bits || !isTag(bits, T.BIT_STRING) || bits.constructed || bits.contentEnd - bits.contentStart < 1) return undefined;
  return contentOf(spki, bits).subarray(1);
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits. */
function keyId(spki: Uint8Array): Uint8Array {
  const bits = spkiKeyBits(spki) ?? spki;
  return new Uint8Array(createHash('sha1').update(bits).digest());
}

function pem(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

function serial(): Uint8Array {
  const s = new Uint8Array(randomBytes(16));
  s[0] &= 0x7f; // positive
  s[0] |= 0x01; // no leading zero byte
  return s;
}

interface Issued {
  der: Uint8Array;
  key: KeyObject;
  spki: Uint8Array;
  subject: Der;
}

/** The certificate signatureAlgorithm and signer for the issuing key (RFC 4055, RFC 5758, RFC 8410). */
function certSigner(key: KeyObject): { algo: Der; sign: (tbs: Uint8Array) => Uint8Array } {
  const bytes = (b: Buffer): Uint8Array => new Uint8Array(b);
  switch (key.asymmetricKeyType) {
    case 'rsa-pss': {
      const h = seq(oid(OID.sha256));
      const params = seq(ctx(0, h), ctx(1, seq(oid(OID.mgf1), h)), ctx(2, int(32)));
      return {
        algo: seq(oid(OID.rsassaPss), params),
        sign: (tbs) => bytes(sign('sha256', tbs, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 })),
      };
    }
    case 'ec': {
      const p384 = key.asymmetricKeyDetails?.namedCurve === 'secp384r1';
      return { algo: seq(oid(p384 ? OID.ecdsaWithSha384 : OID.ecdsaWithSha256)), sign: (tbs) => bytes(sign(p384 ? 'sha384' : 'sha256', tbs, key)) };
    }
    case 'ed25519':
      return { algo: seq(oid(OID.ed25519)), sign: (tbs) => bytes(sign(null, tbs, key)) };
    default:
      return { algo: seq(oid(OID.sha256WithRSAEncryption), nul()), sign: (tbs) => bytes(sign('sha256', tbs, key)) };
  }
}

function issue(opts: {
  subject: Der;
  publicKey: KeyObject;
  privateKey: KeyObject;
  issuer?: Issued;
  extensions: Der[];
  notBefore: number;
  notAfter: number;
}): Uint8Array {
  const signingKey = opts.issuer?.key ?? opts.privateKey;
  const signer = certSigner(signingKey);
  const algo = signer.algo;
  const tbs = seq(
    ctx(0, int(2)),
    int(serial()),
    algo,
    opts.issuer?.subject ?? opts.subject,
    seq(time(opts.notBefore), time(opts.notAfter)),
    opts.subject,
    spkiDer(opts.publicKey),
    ctx(3, seq(...opts.extensions)),
  );
  return seq(tbs, algo, bitString(signer.sign(tbs)));
}

function keyPair(type: KeyType): { publicKey: KeyObject; privateKey: KeyObject } {
  switch (type) {
    case 'rsa-pss':
      return generateKeyPairSync('rsa-pss', { modulusLength: 2048, publicExponent: 0x10001 });
    case 'p256':
      return generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    case 'p384':
      return generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
    case 'ed25519':
      return generateKeyPairSync('ed25519');
    default:
      return generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 0x10001 });
  }
}

/**
 * keyUsage per key type (RFC 8550 §4.4.2): RSA signs and transports keys; EC signs and agrees
 * keys (kari); RSA-PSS and Ed25519 keys only sign.
 */
function identityKeyUsage(type: KeyType): number[] {
  if (type === 'rsa') return [0, 2]; // digitalSignature, keyEncipherment
  if (type === 'p256' || type === 'p384') return [0, 4]; // digitalSignature, keyAgreement
  return [0];
}

function makeCa(type: KeyType, notBefore: number, notAfter: number): Issued {
  const { publicKey, privateKey } = keyPair(type);
  const spki = spkiDer(publicKey);
  const subject = name('XMPP E2E Inspector TEST CA');
  const der = issue({
    subject,
    publicKey,
    privateKey,
    notBefore,
    notAfter,
    extensions: [
      extension(OID.basicConstraints, true, seq(bool(true))),
      extension(OID.keyUsage, true, namedBits([0, 5, 6])), // digitalSignature, keyCertSign, cRLSign
      extension(OID.subjectKeyIdentifier, false, octets(keyId(spki))),
    ],
  });
  return { der, key: privateKey, spki, subject };
}

function sanFor(jid: string): Der {
  const xmppAddr = ctx(0, oid(OID.xmppAddr), ctx(0, utf8(jid)));
  const uri = (u: string): Der => ctxPrim(6, new TextEncoder().encode(u));
  return seq(xmppAddr, uri(jidToUri('im', jid)), uri(jidToUri('pres', jid)));
}

/** Safe file-name stem for a JID (JIDs may hold characters file systems reject). */
export function fileStem(jid: string): string {
  return jid.replace(/[/\\:*?"<>|\u0000-\u001f]/g, '_');
}

export function generateIdentities(options: GenerateOptions): GeneratedFile[] {
  const now = options.nowMs ?? Date.now();
  // An hour of slack so a certificate made "now" is valid for a stanza sealed a moment earlier.
  const notBefore = now - HOUR;
  const notAfter = now + (options.days ?? 365) * DAY;
  const useCa = options.ca !== false;
  const files: GeneratedFile[] = [];
  const jids = [...new Set(options.jids.map((j) => stripResource(j.trim())))];
  for (const jid of jids) {
    if (jid === '' || /\s/.test(jid)) throw new Error(`not a JID: "${jid}"`);
  }

  const keyType = options.keyType ?? 'rsa';
  if (!KEY_TYPES.includes(keyType)) throw new Error(`unsupported key type "${keyType}" (${KEY_TYPES.join(', ')})`);
  const ca = useCa ? makeCa(keyType, notBefore, notAfter) : undefined;
  if (ca) {
    const caPem = pem('CERTIFICATE', ca.der);
    files.push({ name: 'ca.crt', contents: caPem, secret: false });
    files.push({ name: 'trust/ca.crt', contents: caPem, secret: false });
    files.push({ name: 'ca.key', contents: String(ca.key.export({ type: 'pkcs8', format: 'pem' })), secret: true });
  }

  for (const jid of jids) {
    const { publicKey, privateKey } = keyPair(keyType);
    const spki = spkiDer(publicKey);
    const extensions: Der[] = [
      extension(OID.basicConstraints, true, seq()),
      extension(OID.keyUsage, true, namedBits(identityKeyUsage(keyType))),
      extension(OID.extKeyUsage, false, seq(oid(OID.emailProtection), oid(OID.clientAuth))),
      extension(OID.subjectKeyIdentifier, false, octets(keyId(spki))),
    ];
    if (ca) extensions.push(extension(OID.authorityKeyIdentifier, false, seq(ctxPrim(0, keyId(ca.spki)))));
    extensions.push(extension(OID.subjectAltName, false, sanFor(jid)));
    const der = issue({ subject: name(jid), publicKey, privateKey, issuer: ca, extensions, notBefore, notAfter });
    const stem = fileStem(jid);
    const certPem = pem('CERTIFICATE', der);
    files.push({ name: `${stem}.crt`, contents: certPem, secret: false });
    files.push({ name: `${stem}.key`, contents: String(privateKey.export({ type: 'pkcs8', format: 'pem' })), secret: true });
    // Self-signed identities are their own trust anchors.
    if (!ca) files.push({ name: `trust/${stem}.crt`, contents: certPem, secret: false });
  }
  return files;
}
