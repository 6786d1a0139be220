// `xmpp-e2e redact [--bodies] [--pseudonymize-jids] FILE -o OUT`: writes a copy of a capture
// that is safe to attach to a bug report, and says what it removed (per kind, with line numbers).
// The original is never written; `<e2e/>` objects are copied byte for byte.
import { readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { redactTrace, type RedactResult } from '../../server/src/core/redact/redactTrace';
import { KIND_LABEL, type RedactionKind } from '../../server/src/core/redact/secretKinds';
import { parseArgs, single, UsageError } from './args';
import { LineIndex } from './lineIndex';

const NOTE_TEXT = {
  bindingNotApplicable:
    'JIDs pseudonymised: its certificate and signed content still name the real addresses, so the JID binding check (e2e.jid.mismatch) no longer applies to it',
  secretKept: 'kept as is so it still verifies, though it holds',
  clearSignedContent: 'signed in clear (multipart/signed): its message text is still readable, kept so the signature still verifies',
} as const;

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

/** The report, as lines: counts per kind with the lines they were on, then notes per object. */
export function redactionReport(original: string, r: RedactResult): string[] {
  const lines = new LineIndex(original);
  const lineOf = (offset: number) => lines.positionAt(offset).line + 1;
  const byKind = new Map<RedactionKind, number[]>();
  for (const x of r.removed) byKind.set(x.kind, [...(byKind.get(x.kind) ?? []), lineOf(x.span.start)]);
  const out = [byKind.size ? 'removed:' : 'removed: nothing (no secret found)'];
  for (const [kind, at] of byKind) {
    const unique = [...new Set(at)];
    const shown = unique.length > 20 ? `${unique.slice(0, 20).join(', ')}, … (${unique.length} lines)` : unique.join(', ');
    out.push(`  ${at.length} × ${KIND_LABEL[kind]}: line${unique.length === 1 ? '' : 's'} ${shown}`);
  }
  out.push(`objects: ${r.objects} <e2e/> object${r.objects === 1 ? '' : 's'} copied byte for byte`);
  for (const n of r.notes) {
    const what = n.note === 'secretKept' ? `${NOTE_TEXT.secretKept} ${KIND_LABEL[n.kind!]}` : NOTE_TEXT[n.note];
    out.push(`  object ${n.objectIndex + 1} (line ${lineOf(n.span.start)}): ${what}`);
  }
  return out;
}

export function redact(argv: string[]): number {
  const args = parseArgs(argv.map((a) => (a === '-o' ? '--out' : a)), { values: ['out', 'reference-date'], flags: ['bodies', 'pseudonymize-jids'] });
  if (args.positionals.length !== 1) throw new UsageError('redact takes one FILE');
  const input = args.positionals[0];
  const out = single(args, 'out');
  if (!out) throw new UsageError('redact needs -o OUT (a new file; the original is never changed; - for standard output)');
  if (out !== '-' && input !== '-' && samePath(input, out)) throw new UsageError('-o must name a new file: redact never changes the original');
  let text: string;
  try {
    text = readFileSync(input === '-' ? 0 : input, 'utf8');
  } catch (e) {
    process.stderr.write(`xmpp-e2e: cannot read ${input}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return 2;
  }
  const r = redactTrace(text, { bodies: args.flags.has('bodies'), pseudonymizeJids: args.flags.has('pseudonymize-jids'), referenceDate: single(args, 'reference-date') });
  const report = redactionReport(text, r).join('\n') + '\n';
  if (out === '-') {
    process.stdout.write(r.text);
    process.stderr.write(report);
  } else {
    writeFileSync(out, r.text, { flag: 'w' });
    process.stdout.write(`wrote ${out}\n${report}`);
  }
  return 0;
}
