// `xmpp-e2e report --format html|md [--filter EXPR] FILE... [-o OUT]`: one self-contained file
// with the summary, the stanza table, the sequence diagram, every finding and every object.
import { writeFileSync } from 'node:fs';
import { analyzeDocument, lensTitle } from '../../server/src/core/service';
import { oxFor, oxKeysForCli } from './cliOx';
import { buildReport, type ReportFormat } from '../../server/src/core/explorer/report';
import { parseNow, single, UsageError, type ParsedArgs } from './args';
import { loadKeysForCli } from './cliKeys';
import { RecentCache } from '../../server/src/core/e2e/cryptoCache';

/** `args`: parsed with main.ts's REPORT options table. */
export async function report(args: ParsedArgs, readInput: (path: string) => string): Promise<number> {
  const format = (single(args, 'format') ?? 'html') as ReportFormat;
  if (format !== 'html' && format !== 'md') throw new UsageError(`--format must be html or md, not "${format}"`);
  if (args.positionals.length === 0) throw new UsageError('report needs at least one FILE');
  const skewText = single(args, 'skew');
  const skewSeconds = skewText === undefined ? 300 : Number(skewText);
  if (!Number.isFinite(skewSeconds) || skewSeconds < 0) throw new UsageError('--skew must be a number of seconds');
  const keyPaths = args.values.get('keys') ?? [];
  const trustPaths = args.values.get('trust') ?? [];
  const keys = keyPaths.length || trustPaths.length ? await loadKeysForCli(keyPaths, trustPaths, single(args, 'passphrase-file')) : undefined;
  const now = parseNow(single(args, 'now'));
  const cache = new RecentCache(RecentCache.ONE_PASS);
  // OX and XEP-0027 objects are opened first, at the edge, as `inspect` does.
  const oxKeys = await oxKeysForCli(keyPaths, single(args, 'passphrase-file'));
  const inputs = [];
  for (const path of args.positionals) {
    const text = readInput(path);
    const ox = await oxFor(text, oxKeys);
    const analysis = analyzeDocument(text, { fileName: path, keys, now, skewSeconds, verify: !args.flags.has('no-verify'), cache, referenceDate: single(args, 'reference-date'), ox });
    inputs.push({ path, text, analysis });
  }
  const r = buildReport(inputs, { format, filter: single(args, 'filter'), generated: new Date().toISOString(), lensTitle });
  if (!r.ok) throw new UsageError(`--filter: ${r.error}`);
  const out = single(args, 'out');
  if (out) writeFileSync(out, r.text);
  else process.stdout.write(r.text);
  return 0;
}

