// What the suite sends, and the ground truth it writes while sending: RFC 3923 objects sealed at
// test time by `openssl cms` and by our own `seal`, each in a stanza juliet sends to romeo, with
// the verdict each one must get wherever a log shows it.
import { readFileSync } from 'node:fs';
import { buildKeyStore } from '../../../server/src/core/keys/keyStore';
import { sealStanza } from '../../../server/src/core/seal/sealStanza';
import type { KeyStore } from '../../../server/src/core/types';
import { opensslWorkspace, type Identity, type OpensslWorkspace } from '../../helpers/openssl';
import { cpim, E2E_NS, pidf } from '../../e2e/opensslStanzas';
import { DOMAIN } from './servers';

export const JULIET = `juliet@${DOMAIN}`;
export const ROMEO = `romeo@${DOMAIN}`;
export const ROMEO_FULL = `${ROMEO}/orchard`;

export interface SentCase {
  id: string;
  label: string;
  kind: 'message' | 'presence';
  /** Who sealed it. */
  sealer: 'openssl cms' | 'seal' | 'none';
  /** Sent to romeo's bare JID: the server gives every resource of his a copy. */
  toBare?: boolean;
  /** The stanza as the sending client is given it. */
  xml: string;
  /** The MIME entity inside <e2e/>, as sealed (undefined: a plain stanza). */
  object?: string;
  /** Codes this object must get, wherever it is seen. */
  expect: string[];
  /** Codes that are true of this object and so are no false alarm (the algorithms its sealer chose). */
  allowed: string[];
  /** Codes its sender's own log must show on the copy it sent (sender-side rules such as E2E-29). */
  expectSending?: string[];
  /** The object must verify (true), must not (false), or the codes alone are the verdict (undefined). */
  verified?: boolean;
}

export interface Scenario {
  ws: OpensslWorkspace;
  /** What romeo's user has: romeo's key and certificate, the test CA as the trust anchor. */
  keys: KeyStore;
  cases: SentCase[];
  cleanup(): void;
}

const file = (path: string) => ({ path, bytes: readFileSync(path) });

function stripMimeVersion(s: string): string {
  return s.replace(/^MIME-Version: 1\.0\r?\n/, '');
}

function wrap(kind: 'message' | 'presence', id: string, object: string, to = ROMEO_FULL): string {
  // A message carries a fallback <body/> before the object, as clients write one.
  const [type, body] = kind === 'message' ? [" type='chat'", '<body>[signed or encrypted, RFC 3923]</body>'] : ['', ''];
  return `<${kind} to='${to}'${type} id='${id}'>${body}<e2e xmlns='${E2E_NS}'><![CDATA[${object}]]></e2e></${kind}>`;
}

/** The MIME entity in the CDATA section our seal wrote. */
function cdataOf(xml: string): string {
  const a = xml.indexOf('<![CDATA[');
  const b = xml.indexOf(']]>', a);
  return xml.slice(a + 9, b);
}

export function makeScenario(): Scenario {
  const ws = opensslWorkspace('xmpp-e2e-real-');
  const ca = ws.identity('ca', { ca: true, cn: 'Real Software Suite CA' });
  const jid = (j: string) => ({ xmppAddrs: [j], uris: [`im:${j}`, `pres:${j}`] });
  const juliet = ws.identity('juliet', { issuer: ca, cn: 'Juliet', ...jid(JULIET) });
  const romeo = ws.identity('romeo', { issuer: ca, cn: 'Romeo', ...jid(ROMEO) });
  const mallory = ws.identity('mallory', { issuer: ca, cn: 'Mallory', ...jid(`mallory@${DOMAIN}`) });
  const expired = ws.identity('expired', {
    issuer: ca,
    cn: 'Juliet (expired)',
    ...jid(JULIET),
    notBefore: new Date(Date.now() - 400 * 86_400_000),
    notAfter: new Date(Date.now() - 30 * 86_400_000),
  });
  const keys = buildKeyStore([file(romeo.keyPath), file(romeo.certPath)], [file(ca.certPath)], () => undefined);
  const sealKeys = buildKeyStore([file(juliet.keyPath), file(juliet.certPath), file(romeo.certPath)], [file(ca.certPath)], () => undefined);

  let n = 0;
  const sign = (signer: Identity, content: string): string => {
    const name = `in${n++}.txt`;
    ws.write(name, content);
    return stripMimeVersion(ws.run(['cms', '-sign', '-in', name, '-signer', signer.certPath, '-inkey', signer.keyPath, '-md', 'sha256']).toString('utf8'));
  };
  const encrypt = (content: string): string => {
    const name = `in${n++}.txt`;
    ws.write(name, content);
    return stripMimeVersion(ws.run(['cms', '-encrypt', '-binary', '-in', name, '-aes128', romeo.certPath]).toString('utf8'));
  };
  // DateTime values strictly increase in sending order, one second apart from "now".
  const t0 = Date.now();
  let k = 0;
  const dt = (offsetMs = 0) => new Date(t0 + 1000 * k++ + offsetMs).toISOString();
  const msg = (body: string, offsetMs = 0) => cpim(JULIET, ROMEO, dt(offsetMs), body);
  const SHA256 = ['e2e.alg.nonMti'];
  const SHA1 = ['smime.alg.deprecated'];

  const cases: SentCase[] = [];
  const add = (c: Omit<SentCase, 'xml'> & { xml?: string }): void => {
    // The fallback <body/> wrap() puts beside the object is reported, as the checklist asks (AMB-21:
    // "possible plaintext leak / fallback text", Information).
    const expect = c.kind === 'message' && c.object && !c.xml ? [...c.expect, 'e2e.plaintext.body'] : c.expect;
    cases.push({ ...c, expect, xml: c.xml ?? wrap(c.kind, c.id, c.object!, c.toBare ? ROMEO : ROMEO_FULL) });
  };
  add({ id: 'signed-openssl', label: 'clean signed (openssl cms)', kind: 'message', sealer: 'openssl cms', object: sign(juliet, msg('By yonder blessed moon I vow')), expect: [], allowed: SHA256, verified: true });
  const bySeal = (id: string, encryptToo: boolean): string => {
    const r = sealStanza(`<message from='${JULIET}/balcony' to='${ROMEO_FULL}' type='chat' id='${id}'><body>Parting is such sweet sorrow</body></message>`, {
      sign: true,
      encrypt: encryptToo,
      keys: sealKeys,
      nowMs: Date.parse(dt()),
    });
    if (!r.ok) throw new Error(r.reason);
    return cdataOf(r.xml);
  };
  add({ id: 'signed-seal', label: 'clean signed (our seal)', kind: 'message', sealer: 'seal', object: bySeal('signed-seal', false), expect: [], allowed: SHA1, verified: true });
  add({
    id: 'tampered',
    label: 'tampered after signing',
    kind: 'message',
    sealer: 'openssl cms',
    object: sign(juliet, msg('meet me at nine')).replace('meet me at nine', 'meet me at ten'),
    expect: ['cms.sig.digestMismatch', 'e2e.sig.invalid'],
    allowed: SHA256,
    verified: false,
  });
  add({ id: 'other-jid', label: "signed by another JID's certificate", kind: 'message', sealer: 'openssl cms', object: sign(mallory, msg('it is the east')), expect: ['e2e.jid.mismatch'], allowed: SHA256, verified: false });
  add({ id: 'old', label: 'old timestamp (1 h)', kind: 'message', sealer: 'openssl cms', object: sign(juliet, msg('yesterday', -3600_000)), expect: ['e2e.ts.old', 'cms.signingTime.skew'], allowed: SHA256, expectSending: ['e2e.ts.nonMonotonicSend'] });
  add({ id: 'expired', label: 'expired certificate', kind: 'message', sealer: 'openssl cms', object: sign(expired, msg('too late')), expect: ['e2e.cert.expired'], allowed: SHA256, verified: false });
  add({ id: 'encrypted', label: 'encrypted only', kind: 'message', sealer: 'openssl cms', object: encrypt(msg('for your eyes')), expect: ['e2e.sig.missingOnEncrypted'], allowed: [] });
  add({ id: 'pidf', label: 'signed PIDF presence', kind: 'presence', sealer: 'openssl cms', object: sign(juliet, pidf(JULIET, dt())), expect: [], allowed: SHA256, verified: true });
  add({ id: 'signed-encrypted-openssl', label: 'signed then encrypted (openssl cms)', kind: 'message', sealer: 'openssl cms', object: encrypt(sign(juliet, msg('a rose by any other name'))), expect: [], allowed: SHA256, verified: true });
  add({ id: 'signed-encrypted-seal', label: 'signed then encrypted (our seal)', kind: 'message', sealer: 'seal', object: bySeal('signed-encrypted-seal', true), expect: [], allowed: SHA1, verified: true });
  // Larger than 64 KiB: servers read it in several chunks (ejabberd logs each chunk it reads).
  const verse = 'But soft, what light through yonder window breaks? ';
  add({ id: 'large', label: 'clean signed, 80 KiB (read in chunks)', kind: 'message', sealer: 'openssl cms', object: sign(juliet, msg(verse.repeat(Math.ceil(81920 / verse.length)))), expect: [], allowed: SHA256, verified: true });
  // One delivery per resource: the server's two outbound copies are not a replay of each other.
  add({ id: 'to-bare', label: "clean signed to the bare JID (each of romeo's resources gets it)", kind: 'message', toBare: true, sealer: 'openssl cms', object: sign(juliet, msg('what light')), expect: [], allowed: SHA256, verified: true });
  add({ id: 'plain', label: 'plain message', kind: 'message', sealer: 'none', xml: `<message to='${ROMEO_FULL}' type='chat' id='plain'><body>Good night, good night!</body></message>`, expect: [], allowed: [] });
  return { ws, keys, cases, cleanup: () => ws.cleanup() };
}
