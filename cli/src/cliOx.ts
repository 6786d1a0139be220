// OX for the CLI: OpenPGP keys from the --keys paths (the same paths as certificates), read once,
// and the per-file pre-pass that opens OX objects before the synchronous analysis.
import { readFileSync } from 'node:fs';
import { openPgpKeyFiles, oxResolverFor, readOpenPgpKeys, type OpenPgpKeys } from '../../server/src/node/openOx';
import type { OxResolver } from '../../server/src/core/ox/oxOpened';

/** The workspace OpenPGP keys (possibly none: keys the trace announces still verify signatures). */
export async function oxKeysForCli(keyPaths: string[], passphraseFile: string | undefined): Promise<OpenPgpKeys> {
  const files = openPgpKeyFiles(keyPaths);
  let passphrase: string | undefined;
  try {
    passphrase = passphraseFile ? readFileSync(passphraseFile, 'utf8').replace(/\r?\n$/, '') : undefined;
  } catch {
    passphrase = undefined; // the certificate loader reports an unreadable --passphrase-file
  }
  const keys = await readOpenPgpKeys(files, passphrase);
  for (const p of keys.problems) process.stderr.write(`xmpp-e2e: key store: ${p.path}: ${p.reason}\n`);
  return keys;
}

export function oxFor(text: string, keys: OpenPgpKeys): Promise<OxResolver | undefined> {
  return oxResolverFor(text, keys);
}
