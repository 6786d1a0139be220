// The other producers that install from Debian or npm: Python `cryptography` (Debian's
// python3-cryptography: it signs PKCS#7 with RSA and EC keys; that version cannot encrypt),
// GnuTLS `certtool --p7-sign` (RSA, ECDSA, Ed25519), node-forge (signs, envelops with RSA) and
// GnuPG `gpgsm` (signs and encrypts with RSA). Each case, its tampered twin and its mismatch twin
// go to the inspector and to the oracle (`openssl cms`; `certtool --p7-verify` for Ed25519, which
// OpenSSL 3.0's CMS cannot verify).
import { test, after } from 'node:test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import forge from 'node-forge';
import {
  checkCase, debianPython, gpgsmImportIdentity, have, makeBed, mimeText, multipartSigned, pkcs7Mime, printRows, run, tamperSmime, tamperText,
  type Bed, type InteropCase, type OracleResult,
} from './interopBed';
import type { Identity } from '../helpers/openssl';

const bed: Bed = makeBed('xmpp-e2e-interop-peers-');
const rows: string[] = [];
after(() => {
  printRows(rows);
  bed.ws.cleanup();
});
const contentFile = bed.ws.write('content.txt', bed.content);

/** The detached signature's DER inside a multipart/signed made by any producer. */
function withDetached(der: Buffer, micalg = 'sha-256'): string {
  return multipartSigned(bed.content, der, micalg);
}

// ---- Python cryptography (PKCS7SignatureBuilder) ----
const PY_SIGN = `
import sys
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs7
data = open(sys.argv[1], 'rb').read()
enc = {'smime': serialization.Encoding.SMIME, 'der': serialization.Encoding.DER}[sys.argv[2]]
opts = [getattr(pkcs7.PKCS7Options, o) for o in sys.argv[3].split(',') if o]
b = pkcs7.PKCS7SignatureBuilder().set_data(data)
for i in range(4, len(sys.argv), 3):
    cert = x509.load_pem_x509_certificate(open(sys.argv[i], 'rb').read())
    key = serialization.load_pem_private_key(open(sys.argv[i + 1], 'rb').read(), None)
    b = b.add_signer(cert, key, getattr(hashes, sys.argv[i + 2])())
sys.stdout.buffer.write(b.sign(enc, opts))
`;
const pyScript = bed.ws.write('pysign.py', PY_SIGN);
const python = debianPython();
const pythonOk = spawnSync(python, ['-c', 'from cryptography.hazmat.primitives.serialization import pkcs7; pkcs7.PKCS7SignatureBuilder'], { stdio: 'ignore' }).status === 0;

function pySign(encoding: 'smime' | 'der', options: string[], signers: [Identity, string][]): Buffer {
  return run(python, [pyScript, contentFile, encoding, options.join(','), ...signers.flatMap(([i, h]) => [i.certPath, i.keyPath, h])]);
}

const pythonCases: InteropCase[] = [
  {
    name: 'detached S/MIME, RSA SHA-256',
    make: () => mimeText(pySign('smime', ['DetachedSignature', 'Binary'], [[bed.juliet, 'SHA256']])),
    encrypted: false,
    tamper: tamperText,
  },
  {
    name: 'opaque DER, ECDSA P-384 SHA-384',
    make: () => pkcs7Mime(pySign('der', ['Binary'], [[bed.julietEc, 'SHA384']]), 'signed-data'),
    encrypted: false,
    tamper: (s) => tamperSmime(s, -8),
  },
  {
    name: 'opaque, no attributes',
    make: () => pkcs7Mime(pySign('der', ['Binary', 'NoAttributes'], [[bed.juliet, 'SHA256']]), 'signed-data'),
    encrypted: false,
    tamper: (s) => tamperSmime(s, -8),
  },
  {
    name: 'two signers (RSA, ECDSA), detached',
    make: () => mimeText(pySign('smime', ['DetachedSignature', 'Binary'], [[bed.juliet, 'SHA256'], [bed.julietEc, 'SHA256']])),
    encrypted: false,
    tamper: tamperText,
  },
  {
    name: 'signed by Python, encrypted by OpenSSL to a P-256 key (kari)',
    make: () => mimeText(bed.ws.run(['cms', '-encrypt', '-binary', '-aes-128-gcm', '-in', bed.ws.write('py-inner.txt', mimeText(pySign('smime', ['DetachedSignature', 'Binary'], [[bed.juliet, 'SHA256']]))), bed.romeoEc.certPath])),
    encrypted: true,
    tamper: (s) => tamperSmime(s, -3),
  },
];

for (const c of pythonCases) {
  test(`python3-cryptography: ${c.name}`, { skip: pythonOk ? false : 'python3-cryptography (pkcs7) is not installed' }, () => checkCase(bed, 'python-cryptography', c, rows));
}

// ---- GnuTLS certtool --p7-sign / --p7-detached-sign ----
const certtoolOk = have('certtool');
function certtoolSign(who: Identity, detached: boolean, hash = 'SHA256'): Buffer {
  const out = join(bed.ws.dir, `ct-${who.name}-${detached ? 'd' : 'o'}.der`);
  run('certtool', [detached ? '--p7-detached-sign' : '--p7-sign', '--p7-include-cert', '--p7-time', '--hash', hash, '--load-privkey', who.keyPath, '--load-certificate', who.certPath, '--infile', contentFile, '--outder', '--outfile', out]);
  return readFileSync(out);
}

/** certtool as the oracle for Ed25519 (OpenSSL 3.0's CMS has no EdDSA). */
function certtoolOracle(smime: string): OracleResult {
  const sig = /application\/pkcs7-signature[^\n]*\r?\n(?:[^\r\n]+\r?\n)*\r?\n([A-Za-z0-9+/=\r\n]+)/.exec(smime)?.[1];
  const content = /boundary="([^"]+)"/.exec(smime);
  if (!sig || !content) return { ok: false, detail: 'not multipart/signed' };
  const parts = smime.split(`--${content[1]}`);
  const signed = parts[1]!.replace(/^\r\n/, '').replace(/\r\n$/, '');
  const sigFile = bed.ws.write('ct-oracle.der', Buffer.from(sig.replace(/\s+/g, ''), 'base64'));
  const dataFile = bed.ws.write('ct-oracle.txt', signed);
  const r = spawnSync('certtool', ['--p7-verify', '--inder', '--infile', sigFile, '--load-data', dataFile, '--load-ca-certificate', bed.ca.certPath], { encoding: 'utf8' });
  return { ok: r.status === 0, detail: r.status === 0 ? 'certtool verified' : 'certtool: verification failed' };
}

const certtoolCases: InteropCase[] = [
  { name: 'detached, RSA SHA-256', make: () => withDetached(certtoolSign(bed.juliet, true)), encrypted: false, tamper: tamperText },
  { name: 'opaque, RSA SHA-256', make: () => pkcs7Mime(certtoolSign(bed.juliet, false), 'signed-data'), encrypted: false, tamper: (s) => tamperSmime(s, -8) },
  { name: 'detached, ECDSA P-384 SHA-384', make: () => withDetached(certtoolSign(bed.julietEc, true, 'SHA384'), 'sha-384'), encrypted: false, tamper: tamperText },
  { name: 'detached, RSA-PSS key', make: () => withDetached(certtoolSign(bed.julietPss, true)), encrypted: false, tamper: tamperText },
  {
    name: 'detached, Ed25519 (RFC 8419; oracle certtool)',
    make: () => withDetached(certtoolSign(bed.julietEd, true, 'SHA512'), 'sha-512'),
    encrypted: false,
    tamper: tamperText,
    oracle: certtoolOracle,
  },
];

for (const c of certtoolCases) {
  test(`certtool: ${c.name}`, { skip: certtoolOk ? false : 'certtool (gnutls-bin) is not installed' }, () => checkCase(bed, 'certtool', c, rows));
}

// ---- node-forge ----
const forgeCert = (i: Identity) => forge.pki.certificateFromPem(i.certPem);
const forgeKey = (i: Identity) => forge.pki.privateKeyFromPem(readFileSync(i.keyPath, 'utf8'));

function forgeSign(detached: boolean): Buffer {
  const p7 = forge.pkcs7.createSignedData();
  p7.content = forge.util.createBuffer(bed.content, 'utf8');
  p7.addCertificate(forgeCert(bed.juliet));
  p7.addSigner({
    key: forgeKey(bed.juliet),
    certificate: forgeCert(bed.juliet),
    digestAlgorithm: forge.pki.oids.sha256!,
    authenticatedAttributes: [
      { type: forge.pki.oids.contentType!, value: forge.pki.oids.data },
      { type: forge.pki.oids.messageDigest! },
      { type: forge.pki.oids.signingTime!, value: new Date() as unknown as string },
    ],
  });
  p7.sign({ detached });
  return Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary');
}

function forgeEnvelope(inner: string, cipher: string): Buffer {
  const env = forge.pkcs7.createEnvelopedData();
  env.addRecipient(forgeCert(bed.romeo));
  env.content = forge.util.createBuffer(inner, 'utf8');
  env.encrypt(undefined, forge.pki.oids[cipher]);
  return Buffer.from(forge.asn1.toDer(env.toAsn1()).getBytes(), 'binary');
}

const forgeCases: InteropCase[] = [
  { name: 'detached, RSA SHA-256', make: () => withDetached(forgeSign(true)), encrypted: false, tamper: tamperText },
  { name: 'opaque, RSA SHA-256', make: () => pkcs7Mime(forgeSign(false), 'signed-data'), encrypted: false, tamper: (s) => tamperSmime(s, -8) },
  {
    name: 'signed then enveloped, AES-256-CBC, RSA',
    make: () => pkcs7Mime(forgeEnvelope(withDetached(forgeSign(true)), 'aes256-CBC'), 'enveloped-data'),
    encrypted: true,
    tamper: (s) => tamperSmime(s, -1),
  },
  {
    name: 'signed then enveloped, AES-128-CBC, RSA',
    make: () => pkcs7Mime(forgeEnvelope(withDetached(forgeSign(true)), 'aes128-CBC'), 'enveloped-data'),
    encrypted: true,
    tamper: (s) => tamperSmime(s, -1),
  },
];

for (const c of forgeCases) test(`node-forge: ${c.name}`, () => checkCase(bed, 'node-forge', c, rows));

// ---- GnuPG gpgsm (its own home directory; its agent is stopped at the end) ----
const gpgsmOk = have('gpgsm') && have('gpgconf');
let home: string | undefined;
function gpgsmRun(args: string[]): Buffer {
  return run('gpgsm', ['--batch', '--pinentry-mode', 'loopback', '--passphrase-fd', '0', ...args], { env: { ...process.env, GNUPGHOME: home } });
}
let gpgsmFiles = 0;
/** gpgsm over a file (read from standard input it drops the first header line), DER out. */
function gpgsm(args: string[], input: string): Buffer {
  const inFile = bed.ws.write(`gpgsm-in${gpgsmFiles}.txt`, input);
  const outFile = join(bed.ws.dir, `gpgsm-out${gpgsmFiles++}.der`);
  gpgsmRun([...args, '-o', outFile, inFile]);
  return readFileSync(outFile);
}
function gpgsmHome(): string {
  if (home) return home;
  home = mkdtempSync(join(tmpdir(), 'xg-'));
  writeFileSync(join(home, 'gpgsm.conf'), 'disable-crl-checks\ndisable-policy-checks\nno-common-certs-import\n');
  writeFileSync(join(home, 'gpg-agent.conf'), 'allow-loopback-pinentry\n');
  gpgsmImportIdentity(bed, bed.juliet, { ...process.env, GNUPGHOME: home });
  gpgsmRun(['--import', bed.ca.certPath]);
  gpgsmRun(['--import', bed.romeo.certPath]);
  const fpr = gpgsmRun(['--with-colons', '--list-keys', 'Interop Test CA']).toString().split('\n').find((l) => l.startsWith('fpr'))!.split(':')[9];
  writeFileSync(join(home, 'trustlist.txt'), `${fpr} S relax\n`);
  return home;
}
after(() => {
  if (!home) return;
  spawnSync('gpgconf', ['--kill', 'gpg-agent'], { env: { ...process.env, GNUPGHOME: home }, stdio: 'ignore' });
  rmSync(home, { recursive: true, force: true });
});

const gpgsmCases: InteropCase[] = [
  {
    name: 'detached, RSA',
    make: () => (gpgsmHome(), withDetached(gpgsm(['--include-certs', '1', '-u', 'Juliet', '--detach-sign'], bed.content))),
    encrypted: false,
    tamper: tamperText,
  },
  {
    name: 'opaque (BER indefinite), RSA',
    make: () => (gpgsmHome(), pkcs7Mime(gpgsm(['--include-certs', '1', '-u', 'Juliet', '--sign'], bed.content), 'signed-data')),
    encrypted: false,
    tamper: (s) => tamperSmime(s, -40),
  },
  {
    name: 'signed by OpenSSL, encrypted by gpgsm to RSA',
    make: () => {
      gpgsmHome();
      const inner = mimeText(bed.ws.run(['cms', '-sign', '-in', contentFile, '-signer', bed.juliet.certPath, '-inkey', bed.juliet.keyPath]));
      return pkcs7Mime(gpgsm(['-r', 'Romeo', '--encrypt'], inner), 'enveloped-data');
    },
    encrypted: true,
    tamper: (s) => tamperSmime(s, -40),
  },
];

for (const c of gpgsmCases) test(`gpgsm: ${c.name}`, { skip: gpgsmOk ? false : 'gpgsm is not installed' }, () => checkCase(bed, 'gpgsm', c, rows));


