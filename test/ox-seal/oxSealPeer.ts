// Shared by the OX sealing tests: the bundled CLI, keys made by `keygen --openpgp`, and GnuPG
// homes (temporary GNUPGHOME per party) that import those keys and open what we seal.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const repo = join(__dirname, '..', '..');
const cliPath = join(repo, 'dist', 'cli.js');
export const J = 'juliet@capulet.lit';
export const R = 'romeo@montague.lit';
export const OX_NS = 'urn:xmpp:openpgp:0';

export function cli(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', input });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function tempRoot(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface GpgHome {
  home: string;
  /** Runs gpg in this home (batch, loopback pinentry); never throws: status, stdout, stderr. */
  run(args: string[], input?: Buffer | string, passphrase?: string): { status: number | null; stdout: Buffer; stderr: string };
  /** `--decrypt` with the status lines (--status-fd): the [GNUPG:] lines and the plaintext. */
  decrypt(message: Buffer, passphrase?: string): { status: number | null; plaintext: string; lines: string[] };
  close(): void;
}

export function gpgHome(root: string, name: string, importFiles: string[], passphrase = ''): GpgHome {
  const home = join(root, name);
  mkdirSync(home, { mode: 0o700 });
  const run = (args: string[], input?: Buffer | string, pass = passphrase) => {
    const r = spawnSync('gpg', ['--homedir', home, '--batch', '--yes', '--no-tty', '--pinentry-mode', 'loopback', '--passphrase', pass, '--trust-model', 'always', ...args], { input });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString() };
  };
  for (const f of importFiles) {
    const r = run(['--import', f]);
    if (r.status !== 0) throw new Error(`gpg --import ${f}: ${r.stderr}`);
  }
  return {
    home,
    run,
    decrypt(message, pass) {
      const r = spawnSync('gpg', ['--homedir', home, '--batch', '--yes', '--no-tty', '--pinentry-mode', 'loopback', '--passphrase', pass ?? passphrase, '--trust-model', 'always', '--status-fd', '2', '--decrypt'], { input: message });
      const lines = r.stderr.toString().split('\n').filter((l) => l.startsWith('[GNUPG:] ')).map((l) => l.slice(9));
      return { status: r.status, plaintext: r.stdout.toString('utf8'), lines };
    },
    close: () => void spawnSync('gpgconf', ['--homedir', home, '--kill', 'gpg-agent']),
  };
}

/** The primary key fingerprint of a key file, as gpg reads it. */
export function gpgFingerprint(home: GpgHome, file: string): string {
  const r = home.run(['--with-colons', '--show-keys', file]);
  const fpr = r.stdout.toString().split('\n').find((l) => l.startsWith('fpr:'));
  if (!fpr) throw new Error(`no fingerprint in ${file}: ${r.stderr}`);
  return fpr.split(':')[9];
}

/** Every OX base64 payload of a document, decoded. */
export function oxMessages(xml: string): Buffer[] {
  return [...xml.matchAll(new RegExp(`<openpgp xmlns='${OX_NS}'>([^<]*)</openpgp>`, 'g'))].map((m) => Buffer.from(m[1], 'base64'));
}

export function trace(...stanzas: string[]): string {
  return `<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>\n${stanzas.join('\n')}\n`;
}

export function chat(from: string, to: string, id: string, body: string): string {
  return `<message from='${from}' to='${to}' type='chat' id='${id}'><body>${body}</body></message>`;
}

export function cleanup(root: string, homes: GpgHome[]): void {
  for (const h of homes) h.close();
  rmSync(root, { recursive: true, force: true });
}

export function read(path: string): string {
  return readFileSync(path, 'utf8');
}
