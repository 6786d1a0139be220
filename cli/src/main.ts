// `xmpp-e2e`: the terminal and CI face of the core. inspect | seal | unseal | keygen.
// Exit codes: 0 no error found, 1 errors found (or refused to unseal), 2 bad usage or unreadable input.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { analyzeDocument } from '../../server/src/core/analyze';
import { oxFor, oxKeysForCli } from './cliOx';
import { unsealObject, verdictLines } from '../../server/src/core/service';
import { generateIdentities, KEY_TYPES } from '../../server/src/core/keys/keygen';
import { sealDefaults } from '../../server/src/core/cms/profiles';
import { sealMultiple } from '../../server/src/core/seal/sealStanza';
import { parseTrace } from '../../server/src/core/trace/parseTrace';
import type { KeyStore } from '../../server/src/core/types';
import { parseArgs, parseNow, single, UsageError, type ParsedArgs } from './args';
import { countBySeverity, formatJson, formatSarif, formatText, toOutFile, type FileResult } from './formatReport';
import { loadKeysForCli } from './cliKeys';
import { oneOf, profileOption } from './profileOption';

const VERSION = '0.1.0';

const HELP = `xmpp-e2e ${VERSION}: inspect, seal and unseal RFC 3923 end-to-end signed/encrypted XMPP stanzas

Usage:
  xmpp-e2e inspect [--format text|json|sarif] [--now ISO-8601] [--skew SECONDS] [--profile modern|rfc3923|smime4]
                   [--keys PATH]... [--trust PATH]... [--passphrase-file FILE] [--no-verify] FILE...
  xmpp-e2e seal [--sign] [--encrypt] [--digest sha1|sha256|sha384|sha512]
                [--cipher aes128|aes256|aes128-gcm|aes256-gcm] [--profile modern|rfc3923|smime4]
                --keys PATH... [--now ISO-8601] [--out FILE] FILE|-
  xmpp-e2e unseal --keys PATH... [--trust PATH]... [--index N] [--force] [--content-only]
                  [--now ISO-8601] [--passphrase-file FILE] FILE|-
  xmpp-e2e keygen --out DIR --jid JID... [--ca | --self-signed] [--days N] [--key rsa|rsa-pss|p256|p384|ed25519]

inspect   reads captured traces (any common capture dialect), .cpim and .pidf files and reports
          every finding as file:line:col: severity code message (exit 1 when errors were found).
seal      protects the stanza(s) in FILE per RFC 3923 (sign, then encrypt; both when neither
          --sign nor --encrypt is given) and writes the file back to stdout (or --out).
unseal    decrypts and verifies object N (counting from 1; default the first) and prints its
          verdicts and inner content; refuses (exit 1) when decryption or a signature fails,
          unless --force.
keygen    writes a test CA and, per JID, a PKCS#8 key and a certificate with id-on-xmppAddr and
          im:/pres: URIs: TEST identities, never for production.

--profile picks the algorithm reference (default modern: RFC 3923's and RFC 8551's algorithms
          accepted, SHA-1/3DES warned; rfc3923: SHA-1, RSA, AES-128-CBC; smime4: RFC 8551, SHA-1 and
          CBC warned). seal's default digest and cipher follow it.
`;

function readInput(path: string): string {
  try {
    return path === '-' ? readFileSync(0, 'utf8') : readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read ${path === '-' ? 'standard input' : path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

class InputError extends Error {}

async function keysFrom(args: ParsedArgs, required: boolean): Promise<KeyStore | undefined> {
  const keyPaths = args.values.get('keys') ?? [];
  const trustPaths = args.values.get('trust') ?? [];
  if (required && keyPaths.length === 0) throw new UsageError('--keys PATH is required');
  if (keyPaths.length === 0 && trustPaths.length === 0) return undefined;
  return loadKeysForCli(keyPaths, trustPaths, single(args, 'passphrase-file'));
}

async function inspect(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { values: ['format', 'now', 'skew', 'keys', 'trust', 'passphrase-file', 'reference-date', 'profile'], flags: ['no-verify'] });
  const format = single(args, 'format') ?? 'text';
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`--format must be text, json or sarif, not "${format}"`);
  if (args.positionals.length === 0) throw new UsageError('inspect needs at least one FILE');
  const now = parseNow(single(args, 'now'));
  const skewText = single(args, 'skew');
  const skewSeconds = skewText === undefined ? 300 : Number(skewText);
  if (!Number.isFinite(skewSeconds) || skewSeconds < 0) throw new UsageError('--skew must be a number of seconds');
  const keys = await keysFrom(args, false);
  const cache = new Map<string, unknown>();
  const oxKeys = await oxKeysForCli(args.values.get('keys') ?? [], single(args, 'passphrase-file'));
  const results: FileResult[] = [];
  for (const path of args.positionals) {
    const text = readInput(path);
    const analysis = analyzeDocument(text, {
      ox: await oxFor(text, oxKeys),
      fileName: path,
      keys,
      now,
      skewSeconds,
      verify: !args.flags.has('no-verify'),
      cache,
      referenceDate: single(args, 'reference-date'),
      profile: profileOption(args),
    });
    results.push({ path, text, analysis });
  }
  const files = results.map(toOutFile);
  if (format === 'json') process.stdout.write(formatJson(files));
  else if (format === 'sarif') process.stdout.write(formatSarif(files, VERSION));
  else process.stdout.write(formatText(files));
  return countBySeverity(files).error > 0 ? 1 : 0;
}

async function seal(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { values: ['digest', 'cipher', 'keys', 'trust', 'now', 'out', 'passphrase-file', 'profile'], flags: ['sign', 'encrypt'] });
  if (args.positionals.length !== 1) throw new UsageError('seal takes one FILE (or - for standard input)');
  const defaults = sealDefaults(profileOption(args));
  const digest = oneOf(single(args, 'digest') ?? defaults.digest, '--digest', ['sha1', 'sha256', 'sha384', 'sha512'] as const);
  const cipher = oneOf(single(args, 'cipher') ?? defaults.cipher, '--cipher', ['aes128', 'aes256', 'aes128-gcm', 'aes256-gcm'] as const);
  let sign = args.flags.has('sign');
  let encrypt = args.flags.has('encrypt');
  if (!sign && !encrypt) sign = encrypt = true;
  const keys = (await keysFrom(args, true))!;
  const text = readInput(args.positionals[0]);
  const trace = parseTrace(text);
  if (trace.stanzas.length === 0) throw new InputError('no <message/>, <presence/> or <iq/> stanza to seal in the input');
  const nowMs = parseNow(single(args, 'now'));
  const spans = trace.stanzas.map((s) => s.element.span);
  const results = sealMultiple(spans.map((sp) => text.slice(sp.start, sp.end)), { sign, encrypt, digest, cipher, keys, nowMs, profile: profileOption(args) });
  const refused = results.findIndex((r) => !r.ok);
  if (refused >= 0) {
    const r = results[refused];
    process.stderr.write(`xmpp-e2e seal: stanza ${refused + 1}: ${r.ok ? '' : r.reason}\n`);
    return 2;
  }
  // Replace each stanza in place, last first, so earlier offsets stay valid.
  let out = text;
  for (let i = spans.length - 1; i >= 0; i--) {
    const r = results[i];
    if (r.ok) out = out.slice(0, spans[i].start) + r.xml + out.slice(spans[i].end);
  }
  const dest = single(args, 'out');
  if (dest) writeFileSync(dest, out);
  else process.stdout.write(out);
  return 0;
}

async function unseal(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { values: ['keys', 'trust', 'index', 'now', 'passphrase-file', 'skew', 'profile'], flags: ['force', 'content-only'] });
  if (args.positionals.length !== 1) throw new UsageError('unseal takes one FILE (or - for standard input)');
  const indexText = single(args, 'index') ?? '1';
  const n = Number(indexText);
  if (!Number.isInteger(n) || n < 0) throw new UsageError('--index must be a whole number (1 = the first object)');
  const keys = await keysFrom(args, true);
  const text = readInput(args.positionals[0]);
  const r = unsealObject(text, Math.max(0, n - 1), {
    keys,
    now: parseNow(single(args, 'now')),
    force: args.flags.has('force'),
    fileName: args.positionals[0],
    profile: profileOption(args),
  });
  if (!r.report) {
    process.stderr.write(`xmpp-e2e unseal: ${r.reason}\n`);
    return 2;
  }
  const contentOnly = args.flags.has('content-only');
  if (!contentOnly) process.stdout.write(verdictLines(r.report).map((l) => `# ${l}`).join('\n') + '\n');
  if (r.ok) {
    if (!contentOnly) process.stdout.write('\n');
    process.stdout.write(r.plaintext ?? '');
    return 0;
  }
  if (r.forced) {
    process.stderr.write(`xmpp-e2e unseal: WARNING: ${r.reason}; plaintext shown only because of --force\n`);
    process.stdout.write(`\n# ---- UNVERIFIED (--force): ${r.reason} ----\n`);
    process.stdout.write(r.plaintext ?? '');
    return 1;
  }
  process.stderr.write(`xmpp-e2e unseal: refused: ${r.reason}; no plaintext shown (use --force to see it anyway)\n`);
  return 1;
}

function keygen(argv: string[]): number {
  const args = parseArgs(argv, { values: ['out', 'jid', 'days', 'key'], flags: ['ca', 'self-signed'] });
  const out = single(args, 'out');
  if (!out) throw new UsageError('keygen needs --out DIR');
  const jids = args.values.get('jid') ?? [];
  if (jids.length === 0) throw new UsageError('keygen needs at least one --jid JID');
  if (args.flags.has('ca') && args.flags.has('self-signed')) throw new UsageError('--ca and --self-signed exclude each other');
  const daysText = single(args, 'days');
  const days = daysText === undefined ? undefined : Number(daysText);
  if (days !== undefined && (!Number.isInteger(days) || days <= 0)) throw new UsageError('--days must be a positive whole number');
  const keyType = oneOf(single(args, 'key') ?? 'rsa', '--key', KEY_TYPES);
  const files = generateIdentities({ jids, ca: !args.flags.has('self-signed'), days, keyType });
  for (const f of files) {
    const p = join(resolve(out), f.name);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, f.contents, { mode: f.secret ? 0o600 : 0o644 });
    process.stdout.write(`wrote ${join(out, f.name)}${f.secret ? ' (private key)' : ''}\n`);
  }
  process.stdout.write('These are TEST identities for protocol development: never use them in production.\n');
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'inspect':
      return inspect(rest);
    case 'seal':
      return seal(rest);
    case 'unseal':
      return unseal(rest);
    case 'keygen':
      return keygen(rest);
    case '--version':
    case '-v':
      process.stdout.write(`${VERSION}\n`);
      return 0;
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(HELP);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command "${command}" (inspect, seal, unseal, keygen)`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof UsageError) {
      process.stderr.write(`xmpp-e2e: ${e.message} (see xmpp-e2e --help)\n`);
    } else if (e instanceof InputError) {
      process.stderr.write(`xmpp-e2e: ${e.message}\n`);
    } else {
      process.stderr.write(`xmpp-e2e: internal error: ${(e as Error)?.message ?? String(e)}\n`);
    }
    process.exitCode = 2;
  },
);
