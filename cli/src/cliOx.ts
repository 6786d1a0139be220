// OX for the CLI: OpenPGP keys from the --keys paths (the same paths as certificates), read once,
// and the per-file pre-pass that opens OX objects before the synchronous analysis. Encrypted secret
// keys open with --passphrase-file, else with a passphrase asked on the terminal (not echoed).
import { openPgpKeyFiles, oxResolverFor, PASSPHRASE_REQUIRED, readOpenPgpKeys, type OpenPgpKeys } from '../../server/src/node/openOx';
import type { OxResolver } from '../../server/src/core/ox/oxOpened';
import { askHidden, readPassphraseFile } from './cliKeys';

/** The workspace OpenPGP keys (possibly none: keys the trace announces still verify signatures). */
export async function oxKeysForCli(keyPaths: string[], passphraseFile: string | undefined): Promise<OpenPgpKeys> {
  const files = openPgpKeyFiles(keyPaths);
  const passphrase = passphraseFile ? readPassphraseFile(passphraseFile) : undefined;
  const asked = new Map<string, string>();
  const lookup = (path: string) => asked.get(path) ?? passphrase;
  let keys = await readOpenPgpKeys(files, lookup);
  const locked = [...new Set(keys.problems.filter((p) => p.reason === PASSPHRASE_REQUIRED).map((p) => p.path))];
  if (locked.length > 0 && passphrase === undefined && process.stdin.isTTY && process.stderr.isTTY) {
    for (const path of locked) asked.set(path, await askHidden(`Passphrase for ${path}: `));
    keys = await readOpenPgpKeys(files, lookup);
  }
  for (const p of keys.problems) process.stderr.write(`xmpp-e2e: key store: ${p.path}: ${p.reason}\n`);
  return keys;
}

export function oxFor(text: string, keys: OpenPgpKeys): Promise<OxResolver | undefined> {
  return oxResolverFor(text, keys);
}
