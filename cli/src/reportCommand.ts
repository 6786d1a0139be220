// `xmpp-e2e report --format html|md [--filter EXPR] FILE... [-o OUT]`: one self-contained file
// with the summary, the stanza table, the sequence diagram, every finding and every object.
import { writeFileSync } from 'node:fs';
import { analyzeDocument } from '../../server/src/core/analyze';
import { buildReport, type ReportFormat } from '../../server/src/core/explorer/report';
import { lensTitle } from '../../server/src/lsp/objectPresentation';
import { parseArgs, parseNow, single, UsageError } from './args';
import { loadKeysForCli } from './cliKeys';

export const REPORT_USAGE = `  xmpp-e2e report [--format html|md] [--filter EXPR] [--out FILE | -o FILE] [--now ISO-8601]
                  [--keys PATH]... [--trust PATH]... [--passphrase-file FILE] [--no-verify] FILE...`;

export async function report(argv: string[], readInput: (path: string) => string): Promise<number> {
  const args = parseArgs(argv.map((a) => (a === '-o' ? '--out' : a)), {
    values: ['format', 'filter', 'out', 'now', 'skew', 'keys', 'trust', 'passphrase-file', 'reference-date'],
    flags: ['no-verify'],
  });
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
  const cache = new Map<string, unknown>();
  const inputs = args.positionals.map((path) => {
    const text = readInput(path);
    const analysis = analyzeDocument(text, { fileName: path, keys, now, skewSeconds, verify: !args.flags.has('no-verify'), cache, referenceDate: single(args, 'reference-date') });
    return { path, text, analysis };
  });
  const r = buildReport(inputs, { format, filter: single(args, 'filter'), generated: new Date().toISOString(), lensTitle });
  if (!r.ok) throw new UsageError(`--filter: ${r.error}`);
  const out = single(args, 'out');
  if (out) writeFileSync(out, r.text);
  else process.stdout.write(r.text);
  return 0;
}

