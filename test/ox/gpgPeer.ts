// A GnuPG peer for the OX tests: a temporary GNUPGHOME with keys made at test time (xmpp: user
// IDs, no passphrase), gpg-made OpenPGP messages, and the keys exported into a workspace key folder.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface GpgPeer {
  home: string;
  /** The workspace key folder: exported public keys (binary and armored) and chosen secret keys. */
  keysDir: string;
  gpg(args: string[], input?: string | Buffer): Buffer;
  cleanup(): void;
}

export function makeGpgPeer(users: string[], secretFor: string[]): GpgPeer {
  const root = mkdtempSync(join(tmpdir(), 'ox-gpg-'));
  const home = join(root, 'gnupg');
  const keysDir = join(root, 'keys');
  mkdirSync(home, { mode: 0o700 });
  mkdirSync(keysDir, { mode: 0o700 });
  const gpg = (args: string[], input?: string | Buffer): Buffer => {
    const r = spawnSync('gpg', ['--homedir', home, '--batch', '--yes', '--pinentry-mode', 'loopback', '--passphrase', '', '--trust-model', 'always', ...args], { input });
    if (r.status !== 0) throw new Error(`gpg ${args.join(' ')}: ${r.stderr.toString()}`);
    return r.stdout;
  };
  for (const u of users) gpg(['--quick-gen-key', `xmpp:${u}`, 'future-default', 'default', 'never']);
  for (const u of users) writeFileSync(join(keysDir, `${u.split('@')[0]}.pub.gpg`), gpg(['--export', `xmpp:${u}`]));
  for (const u of secretFor) writeFileSync(join(keysDir, `${u.split('@')[0]}.sec.asc`), gpg(['--armor', '--export-secret-keys', `xmpp:${u}`]), { mode: 0o600 });
  return { home, keysDir, gpg, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** A GnuPG peer and an editor workspace whose default key folder (.xmpp-e2e) holds its exported keys. */
export function makeGpgWorkspace(users: string[], secretFor: string[], prefix: string): { peer: GpgPeer; ws: string; cleanup(): void } {
  const peer = makeGpgPeer(users, secretFor);
  const ws = mkdtempSync(join(tmpdir(), prefix));
  cpSync(peer.keysDir, join(ws, '.xmpp-e2e'), { recursive: true }); // the default xmppE2e.keys.paths
  return { peer, ws, cleanup: () => (peer.cleanup(), rmSync(ws, { recursive: true, force: true })) };
}

export const OX_NS = 'urn:xmpp:openpgp:0';

/** The XEP-0373 §3.1 inner element. */
export function oxInner(kind: 'signcrypt' | 'sign' | 'crypt', to: string[], stamp: string, body = 'Wherefore art thou, Romeo?'): string {
  const rpad = kind === 'sign' ? '' : '<rpad>kLgGf0d+Tz3j</rpad>';
  return `<${kind} xmlns='${OX_NS}'>${to.map((j) => `<to jid='${j}'/>`).join('')}<time stamp='${stamp}'/>${rpad}<payload><body xmlns='jabber:client'>${body}</body></payload></${kind}>`;
}

export function oxMessage(from: string, to: string, base64: string): string {
  return `<message from='${from}' to='${to}' type='chat' id='ox${base64.length}'><openpgp xmlns='${OX_NS}'>${base64}</openpgp><store xmlns='urn:xmpp:hints'/><body>This message is encrypted with OpenPGP for XMPP.</body></message>`;
}
