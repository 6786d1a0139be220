// Loads the key store for the CLI: passphrases from --passphrase-file, else asked on the terminal
// (not echoed) for the files that need one. Problems are reported on stderr with their secret-free
// reasons; key material never reaches stdout or stderr.
import { existsSync, readFileSync } from 'node:fs';
import { CliError, errnoWords } from './cliErrors';
import { loadKeyStore } from '../../server/src/node/loadKeyStore';
import type { KeyStore } from '../../server/src/core/types';

export async function loadKeysForCli(keyPaths: string[], trustPaths: string[], passphraseFile: string | undefined): Promise<KeyStore> {
  const passphrase = passphraseFile ? readPassphraseFile(passphraseFile) : undefined;
  // A key or trust path that is not there is a mistake in the command, not an empty key store.
  for (const [flag, paths] of [['--keys', keyPaths], ['--trust', trustPaths]] as const) {
    for (const p of paths) if (!existsSync(p)) throw new CliError(`${flag} ${p}: no such file or folder`);
  }
  const asked = new Map<string, string>();
  const lookup = (path: string) => asked.get(path) ?? passphrase;
  let store = await loadKeyStore(keyPaths, trustPaths, lookup);
  const needing = store.problems.filter((p) => /passphrase (required|needed)/i.test(p.reason)).map((p) => p.path);
  if (needing.length > 0 && passphrase === undefined && process.stdin.isTTY && process.stderr.isTTY) {
    for (const path of needing) asked.set(path, await askHidden(`Passphrase for ${path}: `));
    store = await loadKeyStore(keyPaths, trustPaths, lookup);
  }
  for (const p of store.problems) process.stderr.write(`xmpp-e2e: key store: ${p.path}: ${p.reason}\n`);
  return store;
}

/** The passphrase in FILE (its one line, without the line break). */
export function readPassphraseFile(passphraseFile: string): string {
  try {
    return readFileSync(passphraseFile, 'utf8').replace(/\r?\n$/, '');
  } catch (e) {
    throw new CliError(`cannot read --passphrase-file ${passphraseFile}: ${errnoWords(e)}`);
  }
}

export function askHidden(prompt: string): Promise<string> {
  return new Promise((resolveAnswer) => {
    const stdin = process.stdin;
    // Raw (no echo) before the prompt shows: an answer typed at once is never echoed.
    stdin.setRawMode?.(true);
    process.stderr.write(prompt);
    stdin.resume();
    let answer = '';
    const onData = (buf: Buffer) => {
      for (const ch of buf.toString('utf8')) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          stdin.setRawMode?.(false);
          stdin.pause();
          stdin.off('data', onData);
          process.stderr.write('\n');
          resolveAnswer(answer);
          return;
        }
        if (ch === '\u0003') process.exit(130);
        if (ch === '\u007f') answer = answer.slice(0, -1);
        else answer += ch;
      }
    };
    stdin.on('data', onData);
  });
}
