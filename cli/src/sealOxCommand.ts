// `seal --ox`: the chosen <message/> stanzas sealed as OX (XEP-0373/0374) with the OpenPGP keys in
// --keys (and the public keys the trace itself announces in PEP, for recipients). The stanza choice,
// splicing and output are seal's own (main.ts).
import { existsSync } from 'node:fs';
import { single, UsageError, type ParsedArgs } from './args';
import { CliError } from './cliErrors';
import { oxKeysForCli } from './cliOx';
import type { Stanza } from '../../server/src/core/types';
import { sealOxMultiple, type OxSealResult } from '../../server/src/node/sealOx';

/** Options that belong to RFC 3923 objects only. */
export function refuseCmsOptions(args: ParsedArgs): void {
  const cms = ['digest', 'cipher', 'profile', 'trust'].filter((n) => (args.values.get(n) ?? []).length > 0);
  if (cms.length) throw new UsageError(`${cms.map((n) => `--${n}`).join(', ')} ${cms.length === 1 ? 'is' : 'are'} for RFC 3923 objects, not --ox`);
}

export async function sealOx(args: ParsedArgs, stanzas: readonly Stanza[], xmls: string[], mode: { sign: boolean; encrypt: boolean; nowMs?: number }): Promise<OxSealResult[]> {
  const keyPaths = args.values.get('keys') ?? [];
  if (keyPaths.length === 0) throw new UsageError('--keys PATH is required');
  for (const p of keyPaths) if (!existsSync(p)) throw new CliError(`--keys ${p}: no such file or folder`);
  const keys = await oxKeysForCli(keyPaths, single(args, 'passphrase-file'));
  return sealOxMultiple(xmls, { ...mode, keys, trace: stanzas });
}
