// `xmpp-e2e decode [--asn1] [--certs] [--openssl] [--index N] FILE`: what the editor's decoded
// view shows, for the terminal. Plain: the decoded view of each object. --asn1: the ASN.1 tree of
// every CMS object (offsets in the DER and, as line:column, in FILE). --certs: the signer's
// certificate path with the check that failed at each link. --openssl: the object written to a
// file and the exact openssl command that reproduces the verdict.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { analyzeDocument, type Analysis } from '../../server/src/core/analyze';
import { asn1Lines, outsideCertificateLines } from '../../server/src/core/inspect/inspectSections';
import { signerPaths } from '../../server/src/core/inspect/certificatePath';
import { formatSignerPaths } from '../../server/src/core/inspect/formatCertPath';
import { opensslRepro } from '../../server/src/core/inspect/opensslRepro';
import type { KeyStore, Span } from '../../server/src/core/types';
import { parseNow, single, UsageError, type ParsedArgs } from './args';
import { loadKeysForCli } from './cliKeys';
import { oxFor, oxKeysForCli } from './cliOx';
import { decodedViewText } from './decodedView';
import { LineIndex } from './lineIndex';
import { readTextArgument } from './readText';

interface DecodeContext {
  path: string;
  text: string;
  analysis: Analysis;
  keys?: KeyStore;
  where: (span: Span) => string;
}

/** Writes the object (and certificate bundles) where openssl will read them; prints the command. */
function opensslSection(ctx: DecodeContext, index: number, dir: string): string[] {
  const r = opensslRepro(ctx.analysis, index, ctx.keys, dir);
  if (!r) return ['(no object)'];
  for (const f of r.files) writeFileSync(f.path, f.content, { mode: 0o600 });
  return [
    ...r.files.map((f) => `wrote ${f.path}`),
    'command:',
    `  ${r.command}`,
    `expected: ${r.expected === 'success' ? 'success (exit status 0)' : 'failure (non-zero exit status)'}`,
    ...r.explanation.map((l) => `  ${l}`),
    '',
  ];
}

function objectIndexes(args: ParsedArgs, count: number): number[] {
  const text = single(args, 'index');
  if (text === undefined) return [...Array(count).keys()];
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError('--index must be a whole number (1 = the first object)');
  if (n > count) throw new UsageError(`there is no object ${n} (the file holds ${count})`);
  return [n - 1];
}

async function keysFor(args: ParsedArgs): Promise<KeyStore | undefined> {
  const keyPaths = args.values.get('keys') ?? [];
  const trustPaths = args.values.get('trust') ?? [];
  return keyPaths.length || trustPaths.length ? loadKeysForCli(keyPaths, trustPaths, single(args, 'passphrase-file')) : undefined;
}

/** `args`: parsed with main.ts's DECODE options table. */
export async function decode(args: ParsedArgs): Promise<number> {
  if (args.positionals.length !== 1) throw new UsageError('decode takes one FILE');
  const path = args.positionals[0];
  const text = readTextArgument(path);
  if (text === undefined) return 2;
  const keys = await keysFor(args);
  // OX and XEP-0027 objects are opened first, at the edge, as `inspect` does.
  const ox = await oxFor(text, await oxKeysForCli(args.values.get('keys') ?? [], single(args, 'passphrase-file')));
  const analysis = analyzeDocument(text, { fileName: path, keys, now: parseNow(single(args, 'now')), referenceDate: single(args, 'reference-date'), ox });
  if (analysis.objects.length === 0) {
    process.stderr.write(`xmpp-e2e decode: ${path} holds no <e2e/> object\n`);
    return 1;
  }
  const lines = new LineIndex(text);
  const pos = (o: number) => {
    const p = lines.positionAt(o);
    return `${p.line + 1}:${p.character + 1}`;
  };
  const ctx: DecodeContext = { path, text, analysis, keys, where: (s) => `${pos(s.start)}-${pos(s.end)}` };
  const plain = !args.flags.has('asn1') && !args.flags.has('certs') && !args.flags.has('openssl');
  const out: string[] = [];
  let dir: string | undefined;
  const reproDir = () => {
    if (dir) return dir;
    const chosen = single(args, 'out-dir');
    if (chosen) mkdirSync(chosen, { recursive: true });
    return (dir = chosen ? resolve(chosen) : mkdtempSync(join(tmpdir(), 'xmpp-e2e-openssl-')));
  };
  for (const i of objectIndexes(args, analysis.objects.length)) {
    if (plain) {
      out.push(decodedViewText(analysis, i, keys, ctx.where));
      continue;
    }
    out.push(`== Object ${i + 1} of ${analysis.objects.length} (${analysis.objects[i].status})`, '');
    const paths = args.flags.has('certs') ? signerPaths(analysis, i, keys) : [];
    if (args.flags.has('certs')) out.push('== Certificate path', ...formatSignerPaths(paths));
    if (args.flags.has('asn1')) out.push('== ASN.1', ...asn1Lines(analysis, i, ctx.where), ...outsideCertificateLines(paths));
    if (args.flags.has('openssl')) out.push('== openssl', ...opensslSection(ctx, i, reproDir()));
  }
  process.stdout.write(out.join('\n').replace(/\n*$/, '\n'));
  return 0;
}
