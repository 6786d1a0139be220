// Test helper: RFC 3923 stanzas whose S/MIME objects are made by `openssl cms` at test time
// (the interop peer), plus a key store over the same identities.
import { readFileSync } from 'node:fs';
import { buildKeyStore } from '../../server/src/core/keys/keyStore';
import type { KeyStore } from '../../server/src/core/types';
import { opensslWorkspace, type Identity, type OpensslWorkspace } from '../helpers/openssl';

export const E2E_NS = 'urn:ietf:params:xml:ns:xmpp-e2e';

export interface Peer {
  ws: OpensslWorkspace;
  ca: Identity;
  juliet: Identity;
  romeo: Identity;
  /** JID only in the subject CN. */
  cnOnly: Identity;
  expired: Identity;
  selfSigned: Identity;
  mallory: Identity;
}

export function makePeer(): Peer {
  const ws = opensslWorkspace('xmpp-e2e-pipeline-');
  const ca = ws.identity('ca', { ca: true, cn: 'Pipeline Test CA' });
  const jid = (j: string) => ({ xmppAddrs: [j], uris: [`im:${j}`, `pres:${j}`] });
  return {
    ws,
    ca,
    juliet: ws.identity('juliet', { issuer: ca, cn: 'Juliet', ...jid('juliet@example.com') }),
    romeo: ws.identity('romeo', { issuer: ca, cn: 'Romeo', ...jid('romeo@example.net') }),
    cnOnly: ws.identity('cnonly', { issuer: ca, cn: 'juliet@example.com' }),
    expired: ws.identity('expired', {
      issuer: ca,
      cn: 'Juliet (expired)',
      ...jid('juliet@example.com'),
      notBefore: new Date(Date.now() - 400 * 86_400_000),
      notAfter: new Date(Date.now() - 30 * 86_400_000),
    }),
    selfSigned: ws.identity('selfsigned', { cn: 'Juliet (self-signed)', ...jid('juliet@example.com') }),
    mallory: ws.identity('mallory', { issuer: ca, cn: 'Mallory', ...jid('mallory@example.org') }),
  };
}

/** The key store a user of the inspector would have: romeo's key and certificate, the CA as anchor. */
export function romeoKeys(p: Peer, withTrust = true): KeyStore {
  const file = (path: string) => ({ path, bytes: readFileSync(path) });
  return buildKeyStore([file(p.romeo.keyPath), file(p.romeo.certPath)], withTrust ? [file(p.ca.certPath)] : [], () => undefined);
}

export function cpim(from: string, to: string, dateTime: string, body = 'Wherefore art thou?'): string {
  return `Content-Type: Message/CPIM\r\n\r\nFrom: <im:${from}>\r\nTo: <im:${to}>\r\nDateTime: ${dateTime}\r\n\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`;
}

export function pidf(entity: string, timestamp: string): string {
  return (
    'Content-Type: application/pidf+xml\r\n\r\n' +
    `<?xml version='1.0' encoding='UTF-8'?>\r\n<presence xmlns='urn:ietf:params:xml:ns:pidf' entity='pres:${entity}'>\r\n` +
    `<tuple id='t1'><status><basic>open</basic></status><timestamp>${timestamp}</timestamp></tuple>\r\n</presence>\r\n`
  );
}

let counter = 0;

/** `openssl cms -sign` S/MIME output (multipart/signed unless `opaque`), MIME-Version line dropped. */
export function smimeSign(p: Peer, signer: Identity, content: string, opts: { md?: string; opaque?: boolean } = {}): string {
  const name = `in${counter++}.txt`;
  p.ws.write(name, content);
  const args = ['cms', '-sign', '-in', name, '-signer', signer.certPath, '-inkey', signer.keyPath, '-md', opts.md ?? 'sha1'];
  if (opts.opaque) args.push('-nodetach');
  return stripMimeVersion(p.ws.run(args).toString('utf8'));
}

/** `openssl cms -encrypt` S/MIME output (application/pkcs7-mime; smime-type=enveloped-data). */
export function smimeEncrypt(p: Peer, recipients: Identity[], content: string, cipher = '-aes128'): string {
  const name = `in${counter++}.txt`;
  p.ws.write(name, content);
  return stripMimeVersion(p.ws.run(['cms', '-encrypt', '-binary', '-in', name, cipher, ...recipients.map((r) => r.certPath)]).toString('utf8'));
}

function stripMimeVersion(s: string): string {
  return s.replace(/^MIME-Version: 1\.0\r?\n/, '');
}

export function stanza(kind: 'message' | 'presence', attrs: Record<string, string>, payload: string, extra = ''): string {
  const a = Object.entries(attrs).map(([k, v]) => ` ${k}='${v}'`).join('');
  return `<${kind}${a}><e2e xmlns='${E2E_NS}'><![CDATA[\n${payload}]]></e2e>${extra}</${kind}>`;
}

export function stream(...stanzas: string[]): string {
  return (
    "<?xml version='1.0'?>\n<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='example.net' version='1.0'>\n" +
    stanzas.join('\n') +
    '\n'
  );
}
