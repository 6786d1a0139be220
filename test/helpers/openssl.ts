// Test helper: runs the `openssl` CLI (OpenSSL 3.0) in a private temp directory to make keys,
// certificates and CMS objects at test time. Nothing it makes is ever committed.
//
//   const ws = opensslWorkspace();                       // one per test file; ws.cleanup() in after()
//   const ca = ws.identity('ca', { ca: true, cn: 'Test CA' });
//   const juliet = ws.identity('juliet', { issuer: ca, xmppAddrs: ['juliet@example.com'],
//                                          uris: ['im:juliet@example.com', 'pres:juliet@example.com'] });
//   const der = ws.sign(juliet, 'hello\r\n', { nodetach: true, md: 'sha256' });  // CMS DER (BER with stream)
//   const env = ws.encrypt([juliet], 'secret', { cipher: 'aes128' });
//   const key = juliet.privateKey();                      // node:crypto KeyObject
//
// Identity options: cn, subject (full '/CN=../O=..'), email (subject emailAddress), xmppAddrs
// (otherName 1.3.6.1.5.5.7.8.5;UTF8:<jid>), otherNames ({ oid, value } of any type-id), uris, dns,
// issuer (another Identity; absent = self-signed), ca, keyType ('rsa' | 'ec' | 'rsa-pss' | 'ed25519'), curve, bits,
// notBefore / notAfter (Date; uses `openssl ca` so past dates work, e.g. expired certificates),
// days (default 365), noSki (leave out subjectKeyIdentifier).
import { execFileSync } from 'node:child_process';
import { createPrivateKey, randomBytes, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface IdentityOptions {
  cn?: string;
  subject?: string;
  email?: string;
  xmppAddrs?: string[];
  /** Any otherName; `type` is the OpenSSL ASN1 string type (default UTF8). */
  otherNames?: { oid: string; value: string; type?: 'UTF8' | 'IA5' | 'PRINTABLESTRING' }[];
  uris?: string[];
  dns?: string[];
  issuer?: Identity;
  ca?: boolean;
  keyType?: 'rsa' | 'ec' | 'rsa-pss' | 'ed25519';
  /** EC curve (default P-256). */
  curve?: 'P-256' | 'P-384' | 'P-521';
  bits?: number;
  notBefore?: Date;
  notAfter?: Date;
  days?: number;
  noSki?: boolean;
}

export interface Identity {
  name: string;
  keyPath: string;
  certPath: string;
  certPem: string;
  certDer: Buffer;
  /** The private key as a node:crypto KeyObject (for decryption tests). */
  privateKey(): KeyObject;
}

export interface SignOptions {
  /** Embed the content (default: detached). */
  nodetach?: boolean;
  md?: string;
  /** Identify the signer by subjectKeyIdentifier. */
  keyid?: boolean;
  /** BER indefinite-length output. */
  stream?: boolean;
  pss?: boolean;
  /** Sign the bytes exactly (no MIME canonicalisation LF -> CRLF). */
  binary?: boolean;
  noattr?: boolean;
  nocerts?: boolean;
  /** Extra certificates to embed. */
  certfile?: Identity[];
  /** eContentType OID (`-econtent_type`). */
  econtentType?: string;
}

export interface EncryptOptions {
  cipher?: 'aes128' | 'aes192' | 'aes256' | 'des3';
  oaep?: boolean;
  keyid?: boolean;
  stream?: boolean;
  /** Encrypt the bytes exactly (no LF -> CRLF). Default true. */
  binary?: boolean;
}

export interface OpensslWorkspace {
  dir: string;
  /** Runs openssl with `args` in the workspace; returns stdout. Throws with stderr on failure. */
  run(args: string[], input?: string | Buffer): Buffer;
  write(name: string, data: string | Buffer): string;
  read(name: string): Buffer;
  identity(name: string, options?: IdentityOptions): Identity;
  sign(signer: Identity, content: string | Buffer, options?: SignOptions): Buffer;
  encrypt(recipients: Identity[], content: string | Buffer, options?: EncryptOptions): Buffer;
  cleanup(): void;
}

function opensslDate(d: Date): string {
  return d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
}

export function opensslWorkspace(prefix = 'xmpp-e2e-openssl-'): OpensslWorkspace {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let counter = 0;
  const run = (args: string[], input?: string | Buffer): Buffer => {
    try {
      return execFileSync('openssl', args, { cwd: dir, input, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
    } catch (e) {
      const err = e as { stderr?: Buffer; message: string };
      throw new Error(`openssl ${args.join(' ')} failed: ${err.stderr?.toString() ?? err.message}`);
    }
  };
  const write = (name: string, data: string | Buffer): string => {
    const p = join(dir, name);
    writeFileSync(p, data);
    return p;
  };
  const read = (name: string): Buffer => readFileSync(join(dir, name));

  const identity = (name: string, o: IdentityOptions = {}): Identity => {
    const keyPath = join(dir, `${name}.key`);
    const certPath = join(dir, `${name}.crt`);
    if (o.keyType === 'ec') run(['genpkey', '-algorithm', 'EC', '-pkeyopt', `ec_paramgen_curve:${o.curve ?? 'P-256'}`, '-out', keyPath]);
    else if (o.keyType === 'ed25519') run(['genpkey', '-algorithm', 'ED25519', '-out', keyPath]);
    else run(['genpkey', '-algorithm', o.keyType === 'rsa-pss' ? 'RSA-PSS' : 'RSA', '-pkeyopt', `rsa_keygen_bits:${o.bits ?? 2048}`, '-out', keyPath]);

    const alt: string[] = [];
    (o.xmppAddrs ?? []).forEach((j, i) => alt.push(`otherName.${i + 1} = 1.3.6.1.5.5.7.8.5;UTF8:${j}`));
    (o.otherNames ?? []).forEach((n, i) => alt.push(`otherName.${100 + i} = ${n.oid};${n.type ?? 'UTF8'}:${n.value}`));
    (o.uris ?? []).forEach((u, i) => alt.push(`URI.${i + 1} = ${u}`));
    (o.dns ?? []).forEach((d, i) => alt.push(`DNS.${i + 1} = ${d}`));
    const ext = [
      '[ext]',
      o.ca ? 'basicConstraints = critical,CA:TRUE' : 'basicConstraints = CA:FALSE',
      o.ca ? 'keyUsage = critical,keyCertSign,cRLSign,digitalSignature' : o.keyType === 'ec' ? 'keyUsage = digitalSignature,nonRepudiation,keyAgreement' : 'keyUsage = digitalSignature,nonRepudiation,keyEncipherment,dataEncipherment',
      ...(o.noSki ? ['subjectKeyIdentifier = none'] : ['subjectKeyIdentifier = hash']),
      ...(o.issuer ? ['authorityKeyIdentifier = keyid,issuer'] : []),
      ...(alt.length ? ['subjectAltName = @alt', '[alt]', ...alt] : []),
      '',
    ].join('\n');
    const extPath = write(`${name}.ext.cnf`, ext);
    // req (self-signed) in 3.0 has no -extfile: the extension section lives in its config too.
    const reqCnf = write(`${name}.req.cnf`, `[req]\ndistinguished_name = dn\nprompt = no\n[dn]\n${ext}`);
    const subj = o.subject ?? `/CN=${o.cn ?? name}${o.email ? `/emailAddress=${o.email}` : ''}`;
    const serial = `0x${(++counter).toString(16).padStart(2, '0')}${randomBytes(7).toString('hex')}`;

    if (o.notBefore || o.notAfter) {
      // `openssl x509 -req` cannot back-date; `openssl ca` can.
      const caDir = join(dir, `${name}.cadb`);
      mkdirSync(join(caDir, 'new'), { recursive: true });
      writeFileSync(join(caDir, 'index.txt'), '');
      writeFileSync(join(caDir, 'serial'), serial.slice(2) + '\n');
      const caCnf = write(
        `${name}.ca.cnf`,
        `[ca]\ndefault_ca = d\n[d]\ndatabase = ${caDir}/index.txt\nnew_certs_dir = ${caDir}/new\nserial = ${caDir}/serial\ndefault_md = sha256\npolicy = p\nunique_subject = no\nemail_in_dn = yes\n[p]\ncommonName = optional\nemailAddress = optional\norganizationName = optional\n`,
      );
      const csr = join(dir, `${name}.csr`);
      run(['req', '-new', '-key', keyPath, '-subj', subj, '-config', reqCnf, '-out', csr]);
      const nb = opensslDate(o.notBefore ?? new Date(Date.now() - 86400000));
      const na = opensslDate(o.notAfter ?? new Date(Date.now() + 365 * 86400000));
      const signing = o.issuer ? ['-cert', o.issuer.certPath, '-keyfile', o.issuer.keyPath] : ['-selfsign', '-keyfile', keyPath];
      run(['ca', '-batch', '-config', caCnf, '-notext', '-preserveDN', '-in', csr, ...signing, '-startdate', nb, '-enddate', na, '-extfile', extPath, '-extensions', 'ext', '-out', certPath]);
    } else if (o.issuer) {
      const csr = join(dir, `${name}.csr`);
      run(['req', '-new', '-key', keyPath, '-subj', subj, '-config', reqCnf, '-out', csr]);
      run(['x509', '-req', '-in', csr, '-CA', o.issuer.certPath, '-CAkey', o.issuer.keyPath, '-set_serial', serial, '-days', String(o.days ?? 365), '-extfile', extPath, '-extensions', 'ext', '-out', certPath]);
    } else {
      run(['req', '-x509', '-new', '-key', keyPath, '-subj', subj, '-config', reqCnf, '-set_serial', serial, '-days', String(o.days ?? 365), '-extensions', 'ext', '-out', certPath]);
    }
    const certPem = readFileSync(certPath, 'utf8');
    const certDer = run(['x509', '-in', certPath, '-outform', 'DER']);
    let key: KeyObject | undefined;
    return {
      name,
      keyPath,
      certPath,
      certPem,
      certDer,
      privateKey: () => (key ??= createPrivateKey(readFileSync(keyPath))),
    };
  };

  const sign = (signer: Identity, content: string | Buffer, o: SignOptions = {}): Buffer => {
    const n = ++counter;
    const inPath = write(`sign${n}.in`, content);
    const args = ['cms', '-sign', '-in', inPath, '-signer', signer.certPath, '-inkey', signer.keyPath, '-outform', 'DER'];
    if (o.nodetach) args.push('-nodetach');
    if (o.md) args.push('-md', o.md);
    if (o.keyid) args.push('-keyid');
    if (o.stream) args.push('-stream');
    if (o.pss) args.push('-keyopt', 'rsa_padding_mode:pss');
    if (o.binary) args.push('-binary');
    if (o.noattr) args.push('-noattr');
    if (o.nocerts) args.push('-nocerts');
    if (o.econtentType) args.push('-econtent_type', o.econtentType);
    if (o.certfile?.length) args.push('-certfile', write(`sign${n}.certs.pem`, o.certfile.map((c) => c.certPem).join('')));
    return run(args);
  };

  const encrypt = (recipients: Identity[], content: string | Buffer, o: EncryptOptions = {}): Buffer => {
    const n = ++counter;
    const inPath = write(`enc${n}.in`, content);
    const args = ['cms', '-encrypt', '-in', inPath, '-outform', 'DER', `-${o.cipher ?? 'aes128'}`];
    if (o.binary !== false) args.push('-binary');
    if (o.stream) args.push('-stream');
    if (o.keyid) args.push('-keyid');
    for (const r of recipients) {
      args.push('-recip', r.certPath);
      if (o.oaep) args.push('-keyopt', 'rsa_padding_mode:oaep');
    }
    return run(args);
  };

  return {
    dir,
    run,
    write,
    read,
    identity,
    sign,
    encrypt,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
