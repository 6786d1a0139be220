// `keygen --openpgp`: test OpenPGP keys for OX, written where `--keys DIR` / xmppE2e.keys.paths
// find them, and `--passphrase-file` for keygen in general (OpenPGP S2K, or encrypted PKCS#8).
import { createPrivateKey } from 'node:crypto';
import { join } from 'node:path';
import { single, UsageError, type ParsedArgs } from './args';
import { CliError } from './cliErrors';
import { readPassphraseFile } from './cliKeys';
import { oneOf } from './profileOption';
import { generateOpenPgpIdentities, OPENPGP_KEY_TYPES } from '../../server/src/node/openPgpKeygen';
import { writeFilesSecurely, type OutFile } from '../../server/src/node/secureFiles';

export function keygenPassphrase(args: ParsedArgs): string | undefined {
  const file = single(args, 'passphrase-file');
  if (file === undefined) return undefined;
  const pass = readPassphraseFile(file);
  if (pass === '') throw new UsageError('--passphrase-file holds an empty passphrase');
  return pass;
}

/** PKCS#8 private keys re-written as ENCRYPTED PRIVATE KEY (AES-256-CBC, PBKDF2) under the passphrase. */
export function lockPemKeys(files: OutFile[], passphrase: string | undefined): OutFile[] {
  if (passphrase === undefined) return files;
  return files.map((f) => (f.secret ? { ...f, contents: String(createPrivateKey(f.contents).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase })) } : f));
}

export async function keygenOpenPgp(args: ParsedArgs, out: string, jids: string[], days: number | undefined): Promise<number> {
  if (args.flags.has('ca') || args.flags.has('self-signed')) throw new UsageError('--ca and --self-signed are for certificates, not --openpgp keys');
  const keyType = oneOf(single(args, 'key') ?? 'ed25519', '--key (with --openpgp)', OPENPGP_KEY_TYPES);
  const passphrase = keygenPassphrase(args);
  let files: OutFile[];
  try {
    files = await generateOpenPgpIdentities({ jids, keyType, days, passphrase });
  } catch (e) {
    throw new CliError(`keygen: ${(e as Error).message}`);
  }
  writeFilesSecurely(out, files, args.flags.has('force'));
  for (const f of files) process.stdout.write(`wrote ${join(out, f.name)}${f.secret ? ` (secret key${passphrase ? ', passphrase-protected' : ''})` : ''}\n`);
  process.stdout.write('These are TEST OpenPGP keys (user IDs xmpp:JID) for protocol development: never use them in production.\n');
  return 0;
}
