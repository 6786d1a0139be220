// "Reproduce outside": the object as a MIME entity (RFC 3923 §8 gateway unwrap) and the one
// `openssl cms` line whose result should match our verdict, with what that result is and why.
// Pure: the caller picks the directory, writes `files` there (all public: the object, certificate
// bundles; the user's private key is referred to where it is, never copied) and shows `command`.
import type { Analysis } from '../analyze';
import type { CertInfo, KeyStore, ObjectReport } from '../types';

export interface ReproFile {
  path: string;
  content: string;
}

export interface OpensslRepro {
  files: ReproFile[];
  command: string;
  /** What openssl should end with, from our verdict. */
  expected: 'success' | 'failure';
  /** Our verdict in the terms openssl checks, and what openssl does not check. */
  explanation: string[];
}

export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The payload as carried, as a MIME entity; line ends as the signature needs them. */
function mimeOf(content: string, keepLf: boolean): string {
  let body = content.replace(/^\s*\n/, '').replace(/\s+$/, '');
  if (!/^[A-Za-z][A-Za-z0-9-]*\s*:/.test(body)) {
    // Bare base64 CMS (pre-RFC drafts): give it the headers openssl's S/MIME reader needs.
    body = `Content-Type: application/pkcs7-mime; name=smime.p7m\nContent-Transfer-Encoding: base64\n\n${body}`;
  }
  return keepLf ? `${body}\n` : `${body.replace(/\r?\n/g, '\r\n')}\r\n`;
}

const pem = (certs: CertInfo[]) => certs.map((c) => c.pem.trim() + '\n').join('');

function messageSeconds(obj: ObjectReport): number | undefined {
  const t = Date.parse(obj.inner?.timestamp ?? obj.now?.iso ?? '');
  return Number.isFinite(t) ? Math.floor(t / 1000) : undefined;
}

interface VerifyPart {
  args: string[];
  expected: boolean;
  why: string;
}

function verifyPart(obj: ObjectReport, files: ReproFile[], dir: string, keys: KeyStore | undefined, binary: boolean): VerifyPart {
  const args = ['openssl', 'cms', '-verify', '-inform', 'SMIME'];
  const anchors = keys?.anchors ?? [];
  const workspace = keys?.entries.map((e) => e.cert) ?? [];
  if (workspace.length) {
    files.push({ path: `${dir}/workspace-certs.pem`, content: pem(workspace) });
    args.push('-certfile', `${dir}/workspace-certs.pem`);
  }
  const sigOk = obj.signers.length > 0 && obj.signers.every((s) => s.signature === 'valid');
  let expected = sigOk;
  let why: string;
  if (anchors.length) {
    files.push({ path: `${dir}/anchors.pem`, content: pem(anchors) });
    args.push('-CAfile', `${dir}/anchors.pem`, '-purpose', 'any');
    const at = messageSeconds(obj);
    if (at !== undefined) args.push('-attime', String(at));
    const chainOk = obj.signers.every((s) => s.trust === 'trusted' && s.validity === 'ok');
    expected = sigOk && chainOk;
    why = `our verdict: signature ${obj.signers.map((s) => s.signature).join('/') || 'none'}, chain ${obj.signers.map((s) => s.trust).join('/') || '-'}, validity at the message time ${obj.signers.map((s) => s.validity).join('/') || '-'}`;
  } else {
    args.push('-noverify');
    why = `our verdict: signature ${obj.signers.map((s) => s.signature).join('/') || 'none'}; no trust anchors are configured, so only the signature is checked (-noverify)`;
  }
  if (binary) args.push('-binary');
  args.push('-out', '/dev/null');
  return { args, expected, why };
}

/** A RecipientIdentifier's text (`issuer=…, serial=…` or `ski=…`) names this certificate. */
function names(id: string, c: CertInfo): boolean {
  return id === `issuer=${c.issuer}, serial=${c.serialHex}` || (c.subjectKeyId !== undefined && id === `ski=${c.subjectKeyId}`);
}

export function opensslRepro(analysis: Analysis, objectIndex: number, keys: KeyStore | undefined, dir: string): OpensslRepro | undefined {
  const obj = analysis.objects[objectIndex];
  const ref = analysis.trace?.stanzas.flatMap((s) => s.e2e)[objectIndex];
  if (!obj || !ref) return undefined;
  // Signed as the bytes are (asIs) over bare LF: keep them, and tell openssl not to canonicalise.
  const binary = obj.signers.some((s) => s.canonicalization === 'asIs') && !ref.content.includes('\r');
  const objectPath = `${dir}/object-${objectIndex + 1}.${/enveloped-data|signed-data|bare/.test(obj.layers[0] ?? 'bare') ? 'p7m' : 'eml'}`;
  const files: ReproFile[] = [{ path: objectPath, content: mimeOf(ref.content, binary) }];
  const notes = [
    'openssl does not check what RFC 3923 adds: the JID binding (id-on-xmppAddr against the stanza from) and the CPIM/PIDF timestamp window.',
    `our status for the object: ${obj.status}${obj.codes.length ? ` (${obj.codes.join(', ')})` : ''}`,
  ];
  const q = (args: string[]) => args.map(shellQuote).join(' ');
  const outer = obj.layers[0] ?? '';

  if (obj.status === 'unreadable' || obj.layers.length === 0) {
    return {
      files,
      command: q(['openssl', 'cms', '-cmsout', '-print', '-inform', 'SMIME', '-in', objectPath]),
      expected: 'failure',
      explanation: [`our verdict: unreadable${obj.notCms ? ` (${obj.notCms})` : ''}; openssl cannot read it as CMS either`],
    };
  }
  if (outer.includes('enveloped-data')) {
    const recipient = keys?.entries.find((e) => e.privateKey && obj.recipients.some((r) => r.keyInWorkspace && names(r.id, e.cert)));
    const opened = obj.recipients.some((r) => r.opened);
    const decrypt = ['openssl', 'cms', '-decrypt', '-inform', 'SMIME', '-in', objectPath];
    if (recipient) {
      files.push({ path: `${dir}/recipient.pem`, content: pem([recipient.cert]) });
      decrypt.push('-recip', `${dir}/recipient.pem`, '-inkey', recipient.keyPath ?? recipient.path);
    } else {
      decrypt.push('-recip', 'YOUR_CERTIFICATE.pem', '-inkey', 'YOUR_PRIVATE_KEY.pem');
    }
    const explanation = [opened ? 'our verdict: a workspace key opens it' : recipient ? 'our verdict: a workspace key matches a recipient but decryption fails' : 'our verdict: no workspace key matches a recipient (fill in your certificate and key)'];
    if (recipient && /\.(p12|pfx)$/i.test(recipient.keyPath ?? recipient.path)) explanation.push('the key is in a PKCS#12 file: extract it first (openssl pkcs12 -in FILE -nocerts -nodes -out key.pem) and pass that to -inkey');
    if (!opened || obj.signers.length === 0) {
      return { files, command: q(decrypt), expected: opened ? 'success' : 'failure', explanation: [...explanation, ...(opened ? ['the inside carries no signature: nothing more to verify'] : [])] };
    }
    const v = verifyPart(obj, files, dir, keys, false);
    return { files, command: `${q(decrypt)} | ${q(v.args)}`, expected: v.expected ? 'success' : 'failure', explanation: [...explanation, v.why, ...notes] };
  }
  const v = verifyPart(obj, files, dir, keys, binary);
  v.args.splice(5, 0, '-in', objectPath);
  return { files, command: q(v.args), expected: v.expected ? 'success' : 'failure', explanation: [v.why, ...notes] };
}
