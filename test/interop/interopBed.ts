// Interop test bed: identities made by `openssl` at test time (a CA, an intermediate, RSA / RSA-PSS /
// EC / Ed25519 signers for juliet, RSA and EC recipients for romeo, mallory), a key store as a user
// of the inspector would have it (romeo's keys, the CA as trust anchor), and the two judges every
// case is put to: the inspector (analyzeDocument over an RFC 3923 stanza) and the OpenSSL oracle
// (`openssl cms -decrypt` / `-verify`). Nothing made here is committed.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { analyzeDocument } from '../../server/src/core/analyze';
import { buildKeyStore } from '../../server/src/core/keys/keyStore';
import { ruleFor } from '../../server/src/core/rules';
import type { KeyStore, ObjectReport, Severity } from '../../server/src/core/types';
import { opensslWorkspace, type Identity, type OpensslWorkspace } from '../helpers/openssl';
import { cpim, stanza, stream } from '../e2e/opensslStanzas';

export const JULIET = 'juliet@example.com';
export const ROMEO = 'romeo@example.net';
export const MALLORY = 'mallory@example.org';

export interface Bed {
  ws: OpensslWorkspace;
  ca: Identity;
  sub: Identity;
  juliet: Identity;
  julietPss: Identity;
  julietEc: Identity;
  julietEd: Identity;
  /** Issued by the intermediate (a chain of two). */
  julietChain: Identity;
  romeo: Identity;
  romeoEc: Identity;
  romeoP384: Identity;
  romeoP521: Identity;
  keys: KeyStore;
  /** The CPIM object every producer protects, dated `dateTime`. */
  content: string;
  dateTime: string;
  nowMs: number;
}

const jid = (j: string) => ({ xmppAddrs: [j], uris: [`im:${j}`, `pres:${j}`] });

export function makeBed(prefix: string): Bed {
  const ws = opensslWorkspace(prefix);
  const ca = ws.identity('ca', { ca: true, cn: 'Interop Test CA' });
  const sub = ws.identity('sub', { ca: true, cn: 'Interop Intermediate', issuer: ca });
  const bed = {
    ws,
    ca,
    sub,
    juliet: ws.identity('juliet', { issuer: ca, cn: 'Juliet', ...jid(JULIET) }),
    julietPss: ws.identity('juliet-pss', { issuer: ca, cn: 'Juliet PSS', keyType: 'rsa-pss', ...jid(JULIET) }),
    julietEc: ws.identity('juliet-ec', { issuer: ca, cn: 'Juliet EC', keyType: 'ec', curve: 'P-384', ...jid(JULIET) }),
    julietEd: ws.identity('juliet-ed', { issuer: ca, cn: 'Juliet Ed25519', keyType: 'ed25519', ...jid(JULIET) }),
    julietChain: ws.identity('juliet-chain', { issuer: sub, cn: 'Juliet via intermediate', ...jid(JULIET) }),
    romeo: ws.identity('romeo', { issuer: ca, cn: 'Romeo', ...jid(ROMEO) }),
    romeoEc: ws.identity('romeo-ec', { issuer: ca, cn: 'Romeo EC', keyType: 'ec', ...jid(ROMEO) }),
    romeoP384: ws.identity('romeo-p384', { issuer: ca, cn: 'Romeo P-384', keyType: 'ec', curve: 'P-384', ...jid(ROMEO) }),
    romeoP521: ws.identity('romeo-p521', { issuer: ca, cn: 'Romeo P-521', keyType: 'ec', curve: 'P-521', ...jid(ROMEO) }),
  };
  const file = (path: string) => ({ path, bytes: readFileSync(path) });
  const mine = [bed.romeo, bed.romeoEc, bed.romeoP384, bed.romeoP521];
  const keys = buildKeyStore(mine.flatMap((i) => [file(i.keyPath), file(i.certPath)]), [file(ca.certPath)], () => undefined);
  const nowMs = Date.now();
  const dateTime = new Date(nowMs).toISOString();
  return { ...bed, keys, content: cpim(JULIET, ROMEO, dateTime), dateTime, nowMs };
}

export interface Verdict {
  status: ObjectReport['status'];
  /** Error-level codes (the object fails when there is any). */
  errors: string[];
  codes: string[];
  signers: number;
}

/** The inspector's verdict on an S/MIME entity (or bare base64 CMS) inside `<e2e/>` of a message. */
export function inspect(bed: Bed, payload: string, from = `${JULIET}/balcony`): Verdict {
  const trace = stream(stanza('message', { from, to: `${ROMEO}/orchard`, type: 'chat', id: 'i1' }, payload));
  const a = analyzeDocument(trace, { keys: bed.keys, now: bed.nowMs + 1000, clock: () => bed.nowMs + 1000 });
  const obj = a.objects[0];
  if (!obj) throw new Error('no <e2e/> object found');
  const severity = (code: string, s?: Severity): Severity => s ?? ruleFor(code)?.severity ?? 'warning';
  return {
    status: obj.status,
    errors: [...new Set(a.findings.filter((f) => severity(f.code, f.severity) === 'error').map((f) => f.code))],
    codes: [...new Set(a.findings.map((f) => f.code))],
    signers: obj.signers.length,
  };
}

/** True when the inspector calls the object good: verified (or decrypted and signed) with no error. */
export function accepted(v: Verdict): boolean {
  return v.status === 'verified' && v.errors.length === 0;
}

/** S/MIME text with MIME-Version dropped and CRLF kept (what a client puts in the CDATA). */
export function mimeText(b: Buffer | string): string {
  return b.toString().replace(/^MIME-Version: 1\.0\r?\n/, '');
}

/** DER CMS as an application/pkcs7-mime entity. */
export function pkcs7Mime(der: Uint8Array, smimeType: string): string {
  const b64 = (Buffer.from(der).toString('base64').match(/.{1,64}/g) ?? []).join('\r\n');
  return `Content-Type: application/pkcs7-mime; smime-type=${smimeType}; name="smime.p7m"\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64}\r\n`;
}

/** multipart/signed around `content` with a detached DER signature from any producer. */
export function multipartSigned(content: string, signatureDer: Uint8Array, micalg = 'sha-256'): string {
  const b = 'interop-boundary-42';
  const b64 = (Buffer.from(signatureDer).toString('base64').match(/.{1,64}/g) ?? []).join('\r\n');
  return (
    `Content-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=${micalg}; boundary="${b}"\r\n\r\n` +
    `--${b}\r\n${content}\r\n--${b}\r\nContent-Type: application/pkcs7-signature; name="smime.p7s"\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64}\r\n--${b}--\r\n`
  );
}

/** Flips one bit at `at` (negative: from the end) of a base64 body's decoded bytes, re-encoding it. */
export function tamperDer(der: Uint8Array, at: number): Buffer {
  const out = Buffer.from(der);
  const i = at < 0 ? out.length + at : at;
  out[i] ^= 0x01;
  return out;
}

/** Alters one character of the signed CPIM body inside an S/MIME text (the content, not the signature). */
export function tamperText(smime: string): string {
  const i = smime.indexOf('Wherefore');
  if (i < 0) throw new Error('no body to tamper with');
  return smime.slice(0, i) + 'w' + smime.slice(i + 1);
}

export interface OracleResult {
  ok: boolean;
  detail: string;
}

/**
 * The OpenSSL oracle: decrypt with romeo's key (every recipient key is tried) when enveloped, then
 * verify against the CA when signed. `file` is S/MIME text; `inner` decides whether a signature is
 * expected inside the envelope.
 */
export function oracle(bed: Bed, smime: string, opts: { encrypted: boolean; signed: boolean }): OracleResult {
  let text: Buffer = Buffer.from(smime);
  if (opts.encrypted) {
    let opened: Buffer | undefined;
    let last = '';
    for (const r of [bed.romeo, bed.romeoEc, bed.romeoP384, bed.romeoP521]) {
      const res = spawnSync('openssl', ['cms', '-decrypt', '-inkey', r.keyPath, '-recip', r.certPath], { input: text, cwd: bed.ws.dir });
      if (res.status === 0) {
        opened = res.stdout;
        break;
      }
      last = res.stderr.toString().split('\n')[1] ?? '';
    }
    if (!opened) return { ok: false, detail: `decrypt: ${last}` };
    text = opened;
  }
  if (!opts.signed) return { ok: true, detail: 'decrypted' };
  const res = spawnSync('openssl', ['cms', '-verify', '-CAfile', bed.ca.certPath, '-purpose', 'any'], { input: text, cwd: bed.ws.dir });
  return { ok: res.status === 0, detail: res.status === 0 ? 'verified' : (res.stderr.toString().split('\n').find((l) => /error/.test(l)) ?? 'verify failed') };
}

/** Runs a command, returning stdout; throws with stderr. */
export function run(cmd: string, args: string[], opts: { input?: string | Buffer; cwd?: string; env?: NodeJS.ProcessEnv } = {}): Buffer {
  try {
    return execFileSync(cmd, args, { input: opts.input, cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 16 << 20 });
  } catch (e) {
    const err = e as { stderr?: Buffer; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed: ${err.stderr?.toString() ?? err.message}`);
  }
}

/** True when `cmd` runs on this machine (for `{ skip }` when a peer is missing). */
export function have(cmd: string, args = ['--version']): boolean {
  return spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
}

/** Debian's python3 (with python3-cryptography), not a pyenv shim that may carry another version. */
export function debianPython(): string {
  return existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
}

/** The DER inside an application/pkcs7-mime entity (S/MIME text from a producer). */
export function derOf(smime: string): Buffer {
  const body = smime.split(/\r?\n\r?\n/).slice(1).join('\n');
  return Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
}

/** An application/pkcs7-mime entity with one bit of its DER flipped (`at` < 0 counts from the end). */
export function tamperSmime(smime: string, at: number): string {
  const type = /smime-type=([A-Za-z-]+)/i.exec(smime)?.[1] ?? 'enveloped-data';
  return pkcs7Mime(tamperDer(derOf(smime), at), type);
}

export interface MatrixRow {
  producer: string;
  case: string;
  inspector: string;
  oracle: string;
  agrees: boolean;
}

/** One line per case for the test log (the interop matrix in the report). */
export function matrixLine(r: MatrixRow): string {
  return `${r.agrees ? 'AGREE' : 'DISAGREE'} | ${r.producer} | ${r.case} | inspector: ${r.inspector} | oracle: ${r.oracle}`;
}

export function describeVerdict(v: Verdict): string {
  return `${v.status}${v.errors.length ? ` [${v.errors.join(', ')}]` : ''}`;
}

export interface InteropCase {
  name: string;
  make: () => string;
  encrypted: boolean;
  /** Its tampered twin (must fail in both judges). */
  tamper: (smime: string) => string;
  /** Expected to fail in both judges (a broken producer object). */
  bad?: boolean;
  expectCodes?: string[];
  /** A different oracle where OpenSSL 3.0 cannot judge (e.g. Ed25519 CMS: certtool --p7-verify). */
  oracle?: (smime: string) => OracleResult;
}

/**
 * Puts one case, its tampered twin and its mismatch twin to both judges; records matrix rows.
 * Agreement: the inspector accepts exactly when the oracle does.
 */
export function checkCase(bed: Bed, producer: string, c: InteropCase, rows: string[]): void {
  const judge = c.oracle ?? ((s: string) => oracle(bed, s, { encrypted: c.encrypted, signed: true }));
  const smime = c.make();
  const mine = inspect(bed, smime);
  const theirs = judge(smime);
  rows.push(matrixLine({ producer, case: c.name, inspector: describeVerdict(mine), oracle: theirs.detail, agrees: accepted(mine) === theirs.ok }));
  if (accepted(mine) !== theirs.ok) throw new Error(`${producer} ${c.name}: inspector ${describeVerdict(mine)} vs oracle ${theirs.detail}`);
  if (theirs.ok === !!c.bad) throw new Error(`${producer} ${c.name}: the oracle says ${theirs.detail}`);
  for (const code of c.expectCodes ?? []) if (!mine.errors.includes(code)) throw new Error(`${code} missing in ${describeVerdict(mine)}`);
  if (c.bad) return;
  if (mine.signers < 1) throw new Error('no signer reported');

  const twin = c.tamper(smime);
  const mineT = inspect(bed, twin);
  const theirsT = judge(twin);
  rows.push(matrixLine({ producer, case: `${c.name} (tampered)`, inspector: describeVerdict(mineT), oracle: theirsT.ok ? 'accepted' : 'rejected', agrees: accepted(mineT) === theirsT.ok }));
  if (theirsT.ok) throw new Error(`${producer} ${c.name}: the oracle accepts the tampered twin`);
  if (accepted(mineT) || mineT.errors.length === 0) throw new Error(`${producer} ${c.name}: tampered twin ${describeVerdict(mineT)}`);

  const m = inspect(bed, smime, `${MALLORY}/x`);
  rows.push(matrixLine({ producer, case: `${c.name} (from mallory)`, inspector: describeVerdict(m), oracle: 'n/a (JID binding)', agrees: m.errors.includes('e2e.jid.mismatch') }));
  if (!m.errors.includes('e2e.jid.mismatch')) throw new Error(`${producer} ${c.name}: mismatch twin ${describeVerdict(m)}`);
}

/** Prints the matrix rows into the test log (`# AGREE | producer | case | ...`). */
export function printRows(rows: string[]): void {
  for (const r of rows) process.stdout.write(`# ${r}\n`);
}

/**
 * Imports `who`'s key and certificate into a gpgsm home through a legacy PKCS#12 with an empty
 * passphrase (gpgsm 2.2 reads no PBES2). gpgsm 2.2.40 fails to decrypt about one such file in 50,
 * depending on the random salt alone (the same key and passphrase import on the next try), so a
 * file it cannot read is exported again with a fresh salt, up to four times.
 */
export function gpgsmImportIdentity(bed: Bed, who: Identity, env: NodeJS.ProcessEnv): void {
  let last = '';
  for (let attempt = 0; attempt < 4; attempt++) {
    const p12 = bed.ws.write(`gpgsm-import-${attempt}.p12`, bed.ws.run(['pkcs12', '-export', '-legacy', '-inkey', who.keyPath, '-in', who.certPath, '-passout', 'pass:']));
    const r = spawnSync('gpgsm', ['--batch', '--pinentry-mode', 'loopback', '--passphrase-fd', '0', '--import', p12], { input: '', env, encoding: 'utf8' });
    if (r.status === 0) return;
    last = r.stderr;
    if (!/error parsing or decrypting the PKCS#12 file/.test(last)) break;
  }
  throw new Error(`gpgsm --import of ${who.certPath} failed: ${last}`);
}
