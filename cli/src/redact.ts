// `xmpp-e2e redact [--bodies] [--pseudonymize-jids] FILE -o OUT`: writes a copy of a capture
// that is safe to attach to a bug report, and says what it removed (per kind, with line numbers).
// The original is never written; `<e2e/>` objects are copied byte for byte.
import { realpathSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { redactTrace } from '../../server/src/core/redact/redactTrace';
import { redactionReport } from '../../server/src/core/redact/redactionReport';
import { single, UsageError, type ParsedArgs } from './args';
import { LineIndex } from './lineIndex';
import { readTextArgument } from './readText';

function samePath(a: string, b: string): boolean {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return resolve(p);
    }
  };
  return real(a) === real(b);
}

/** `args`: parsed with main.ts's REDACT options table. */
export function redact(args: ParsedArgs): number {
  if (args.positionals.length !== 1) throw new UsageError('redact takes one FILE');
  const input = args.positionals[0];
  const out = single(args, 'out');
  if (!out) throw new UsageError('redact needs -o OUT (a new file; the original is never changed; - for standard output)');
  if (out !== '-' && input !== '-' && samePath(input, out)) throw new UsageError('-o must name a new file: redact never changes the original');
  const text = readTextArgument(input);
  if (text === undefined) return 2;
  const r = redactTrace(text, { bodies: args.flags.has('bodies'), pseudonymizeJids: args.flags.has('pseudonymize-jids'), referenceDate: single(args, 'reference-date') });
  const lines = new LineIndex(text);
  const report = redactionReport(r, (o) => lines.positionAt(o).line + 1).join('\n') + '\n';
  if (out === '-') {
    process.stdout.write(r.text);
    process.stderr.write(report);
  } else {
    writeFileSync(out, r.text, { flag: 'w' });
    process.stdout.write(`wrote ${out}\n${report}`);
  }
  return 0;
}
