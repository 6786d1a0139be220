// `xmpp-e2e`: the terminal and CI face of the core. inspect | seal | unseal | keygen.
// Exit codes: 0 no error found, 1 errors found (or refused to unseal), 2 bad usage or unreadable input.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDocument } from '../../server/src/core/analyze';
import { oxFor, oxKeysForCli } from './cliOx';
import { unsealObject, verdictLines } from '../../server/src/core/service';
import { generateIdentities, KEY_TYPES } from '../../server/src/core/keys/keygen';
import { sealDefaults } from '../../server/src/core/cms/profiles';
import { sealMultiple } from '../../server/src/core/seal/sealStanza';
import { parseTrace } from '../../server/src/core/trace/parseTrace';
import type { KeyStore } from '../../server/src/core/types';
import { parseNow, single, UsageError, type ParsedArgs } from './args';
import { commandHelp, HelpRequested, parseCommand, synopsis, type CommandSpec } from './commandSpec';
import { countBySeverity, toOutFile, toTextFile, type FileResult } from './formatReport';
import { colorEnabled } from './color';
import { formatSarif } from './sarifReport';
import { formatTextReport } from './textReport';
import type { SeverityOverride } from '../../server/src/core/rules';
import { loadKeysForCli } from './cliKeys';
import { oneOf, profileOption } from './profileOption';
import { cliWords } from './cliWording';
import { version as VERSION } from '../../package.json';
import { inspectCapture, isCaptureFileName, withCapture } from './captureInput';
import { CliError, errnoWords, failureReason, quietOnBrokenPipe } from './cliErrors';
import { writeFilesSecurely } from '../../server/src/node/secureFiles';
import { redact } from './redact';
import { decode } from './decode';
import { report } from './reportCommand';
import { filterAnalysis, parseFilterOption } from './stanzaFilter';
import { keygenOpenPgp, keygenPassphrase, lockPemKeys } from './keygenOpenPgp';
import { refuseCmsOptions, sealOx } from './sealOxCommand';
import { findOx } from '../../server/src/core/ox/findOx';
import { inspectStreamed, isLargeFile, type StreamedFile } from './streamInspect';
import { writeJsonToStdout } from './jsonReport';
import { RecentCache } from '../../server/src/core/e2e/cryptoCache';
import { limitHeapGrowth } from '../../server/src/node/heapGrowth';

const PROGRAM = 'xmpp-e2e';

function readInput(path: string): string {
  try {
    return path === '-' ? readFileSync(0, 'utf8') : readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read ${path === '-' ? 'standard input' : path}: ${errnoWords(e)}`);
  }
}

const InputError = CliError;

function streamedOrWhole(path: string, options: Parameters<typeof inspectStreamed>[1], overrides: Record<string, SeverityOverride>): StreamedFile | undefined {
  try {
    return inspectStreamed(path, options, { overrides });
  } catch (e) {
    if (typeof (e as NodeJS.ErrnoException).code === 'string' && (e as NodeJS.ErrnoException).syscall) throw new InputError(`cannot read ${path}: ${errnoWords(e)}`);
    throw e;
  }
}

async function keysFrom(args: ParsedArgs, required: boolean): Promise<KeyStore | undefined> {
  const keyPaths = args.values.get('keys') ?? [];
  const trustPaths = args.values.get('trust') ?? [];
  if (required && keyPaths.length === 0) throw new UsageError('--keys PATH is required');
  if (keyPaths.length === 0 && trustPaths.length === 0) return undefined;
  return loadKeysForCli(keyPaths, trustPaths, single(args, 'passphrase-file'));
}

const KEYS_ROW = { name: 'keys', value: 'PATH', repeat: true, help: 'a key/certificate file or folder (PEM, DER, PKCS#8, PKCS#12)' };
const TRUST_ROW = { name: 'trust', value: 'PATH', repeat: true, help: 'a trust-anchor (CA certificate) file or folder' };
const NOW_ROW = { name: 'now', value: 'ISO-8601', help: '"now" for stanzas with neither a <delay/> stamp nor a capture time (default: the clock)' };
const PASSPHRASE_ROW = { name: 'passphrase-file', value: 'FILE', help: 'read the key files\' passphrase from FILE (else asked on the terminal)' };
const STREAM_ROW = { name: 'stream', hidden: true, help: 'stream every file whose dialect allows it (by default only files of 16 MiB or more)' };
const REFERENCE_DATE_ROW = { name: 'reference-date', value: 'YYYY-MM-DD', hidden: true, help: 'the date of captures that log the time of day only' };

const INSPECT: CommandSpec = {
  name: 'inspect',
  operands: 'FILE...',
  summary: 'report every finding in captured traces, .cpim and .pidf files',
  description: `Reads captured traces (any common capture dialect), .cpim and .pidf files, decodes every <e2e/>
object, verifies it and reports each finding with its code, like a compiler. Exit status: 0 no
error found, 1 errors found, 2 bad usage or unreadable input.`,
  options: [
    { name: 'format', value: 'text|json|sarif', help: 'output format (default: text; json has 0-based LSP ranges; sarif is SARIF 2.1.0)' },
    NOW_ROW,
    { name: 'skew', value: 'SECONDS', help: 'the timestamp window, in seconds (default: 300, RFC 3923)' },
    { name: 'profile', value: 'modern|rfc3923|smime4', help: 'the algorithm reference (default: modern: RFC 3923\'s and RFC 8551\'s algorithms accepted, SHA-1/3DES warned; rfc3923: SHA-1, RSA, AES-128-CBC; smime4: RFC 8551, SHA-1 and CBC warned)' },
    KEYS_ROW,
    TRUST_ROW,
    PASSPHRASE_ROW,
    { name: 'no-verify', help: 'check structure only: no signature verification, no decryption' },
    { name: 'filter', value: 'EXPR', help: 'report only the stanzas the expression selects, e.g. \'from:juliet@example.com kind:message verdict:failed\' (from: to: jid: kind: dir: stream: type: verdict: code: and free text)' },
    { name: 'severity', value: 'CODE=LEVEL', repeat: true, help: 'change a code\'s severity: error, warning, information, hint or off' },
    REFERENCE_DATE_ROW,
    STREAM_ROW,
  ],
};

const LEVELS = ['error', 'warning', 'information', 'hint', 'off'];

function severityOverrides(values: string[]): Record<string, SeverityOverride> {
  const out: Record<string, SeverityOverride> = {};
  for (const v of values) {
    const m = /^([\w.-]+)=(\w+)$/.exec(v);
    if (!m || !LEVELS.includes(m[2])) throw new UsageError(`--severity takes CODE=LEVEL with LEVEL one of ${LEVELS.join(', ')}, not "${v}"`);
    out[m[1]] = m[2] as SeverityOverride;
  }
  return out;
}

async function inspect(argv: string[]): Promise<number> {
  const startTime = new Date();
  const args = parseCommand(argv, INSPECT);
  const overrides = severityOverrides(args.values.get('severity') ?? []);
  const format = single(args, 'format') ?? 'text';
  const filter = parseFilterOption(single(args, 'filter'));
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`--format must be text, json or sarif, not "${format}"`);
  if (args.positionals.length === 0) throw new UsageError('inspect needs at least one FILE');
  const now = parseNow(single(args, 'now'));
  const skewText = single(args, 'skew');
  const skewSeconds = skewText === undefined ? 300 : Number(skewText);
  if (!Number.isFinite(skewSeconds) || skewSeconds < 0) throw new UsageError('--skew must be a number of seconds');
  const keys = await keysFrom(args, false);
  const cache = new RecentCache(RecentCache.ONE_PASS);
  // Each file on its own: one that cannot be read or whose analysis failed makes the exit code 2,
  // and the others are still inspected and reported.
  let failed = false;
  const oxKeys = await oxKeysForCli(args.values.get('keys') ?? [], single(args, 'passphrase-file'));
  const results: (FileResult | StreamedFile)[] = [];
  for (const path of args.positionals) {
    const options = { fileName: path, keys, now, skewSeconds, verify: !args.flags.has('no-verify'), cache, keepDecoded: false, referenceDate: single(args, 'reference-date'), profile: profileOption(args) };
    let result: FileResult;
    try {
      // Large files of the dialects that can be cut are inspected segment by segment (cli/src/streamInspect.ts).
      const streamed = !isCaptureFileName(path) && path !== '-' && !filter && (args.flags.has('stream') || isLargeFile(path)) ? streamedOrWhole(path, options, overrides) : undefined;
      if (streamed) {
        if (streamed.failed) {
          process.stderr.write(`xmpp-e2e: ${path}: the analysis failed; its report is incomplete\n`);
          failed = true;
        }
        results.push(streamed);
        continue;
      }
      result = isCaptureFileName(path)
        ? inspectCapture(path, options, (e) => new InputError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`))
        : await (async () => {
            const text = readInput(path);
            // OX objects are opened first, at the edge (openpgp is asynchronous); the core looks the results up.
            return { path, text, analysis: analyzeDocument(text, { ...options, ox: await oxFor(text, oxKeys) }) };
          })();
    } catch (e) {
      process.stderr.write(`xmpp-e2e: ${failureReason(e)}\n`);
      failed = true;
      continue;
    }
    if (result.analysis.findings.some((f) => f.code === 'internal.analysisFailed')) {
      process.stderr.write(`xmpp-e2e: ${path}: the analysis failed; its report is incomplete\n`);
      failed = true;
    }
    results.push({ ...result, analysis: filterAnalysis(result.analysis, filter) });
  }
  try {
    const json = results.map((r) => ('dispose' in r ? { out: r.out, objects: r.objects } : { out: withCapture(toOutFile(r, overrides), r) }));
    const files = json.map((f) => f.out);
    const exitCode = failed ? 2 : countBySeverity(files).error > 0 ? 1 : 0;
    if (format === 'json') writeJsonToStdout(json);
    else if (format === 'sarif') process.stdout.write(formatSarif(files, { version: VERSION, argv: ['inspect', ...argv], cwd: process.cwd(), exitCode, startTime, endTime: new Date() }));
    else process.stdout.write(formatTextReport(results.map((r) => ('dispose' in r ? r.text : toTextFile(r, overrides))), { color: colorEnabled(process.stdout.isTTY, process.env) }));
    return exitCode;
  } finally {
    for (const r of results) if ('dispose' in r) r.dispose();
  }
}

const SEAL: CommandSpec = {
  name: 'seal',
  operands: 'FILE|-',
  summary: 'protect stanzas per RFC 3923 (sign, then encrypt)',
  description: `Protects the stanza(s) in FILE per RFC 3923: Message/CPIM for messages, PIDF for presence,
application/xmpp+xml for the rest; sign, then encrypt (both when neither --sign nor --encrypt is
given). Writes the whole file with the sealed stanzas to standard output (or --out). Without
--index or --all-plain every stanza is sealed, and an already sealed one is refused. With --ox,
<message/>s become OX objects (XEP-0373/0374): signed with the sender's OpenPGP key (user ID
xmpp:FROM), encrypted to the recipient's key (xmpp:TO) and to the sender's own.`,
  options: [
    { name: 'sign', help: 'sign with the key in --keys whose certificate names the sender' },
    { name: 'encrypt', help: 'encrypt for the recipients whose certificates are in --keys' },
    { name: 'index', value: 'N', repeat: true, help: 'seal only stanza N (counting from 1; also N,M or N-M)' },
    { name: 'all-plain', help: 'seal every stanza that carries no <e2e/> yet, leave the others' },
    { name: 'digest', value: 'sha1|sha256|sha384|sha512', help: 'the signature digest (default: from --profile; modern: sha256)' },
    { name: 'cipher', value: 'aes128|aes256|aes128-gcm|aes256-gcm', help: 'the content cipher (default: from --profile; modern: aes128; -gcm writes AuthEnvelopedData)' },
    { name: 'profile', value: 'modern|rfc3923|smime4', help: 'the algorithm reference (default: modern: RFC 3923\'s and RFC 8551\'s algorithms accepted, SHA-1/3DES warned; rfc3923: SHA-1, RSA, AES-128-CBC; smime4: RFC 8551, SHA-1 and CBC warned)' },
    { ...KEYS_ROW, required: true },
    TRUST_ROW,
    { name: 'now', value: 'ISO-8601', help: 'the CPIM DateTime / PIDF timestamp to write (default: the clock)' },
    { name: 'out', value: 'FILE', help: 'write to FILE instead of standard output' },
    PASSPHRASE_ROW,
    { name: 'ox', help: 'seal <message/>s as OX (XEP-0373/0374) with the OpenPGP keys in --keys: <signcrypt/> (--sign only: <sign/>, --encrypt only: <crypt/>)' },
  ],
};

/** 0-based stanza indexes from `--index` values (`2`, `1,3`, `2-4`), checked against `count`. */
function chosenStanzas(values: string[], count: number): number[] {
  const chosen = new Set<number>();
  for (const v of values) {
    for (const part of v.split(',')) {
      const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
      if (!m) throw new UsageError(`--index takes stanza numbers (1 = the first): N, N,M or N-M, not "${v}"`);
      const from = Number(m[1]);
      const to = m[2] === undefined ? from : Number(m[2]);
      if (from < 1 || to < from) throw new UsageError(`--index ${part.trim()} is not a range of stanza numbers counting from 1`);
      if (to > count) throw new UsageError(`--index ${part.trim()}: the input has ${count} stanza${count === 1 ? '' : 's'}`);
      for (let i = from; i <= to; i++) chosen.add(i - 1);
    }
  }
  return [...chosen].sort((a, b) => a - b);
}

async function seal(argv: string[]): Promise<number> {
  const args = parseCommand(argv, SEAL);
  if (args.positionals.length !== 1) throw new UsageError('seal takes one FILE (or - for standard input)');
  const defaults = sealDefaults(profileOption(args));
  const digest = oneOf(single(args, 'digest') ?? defaults.digest, '--digest', ['sha1', 'sha256', 'sha384', 'sha512'] as const);
  const cipher = oneOf(single(args, 'cipher') ?? defaults.cipher, '--cipher', ['aes128', 'aes256', 'aes128-gcm', 'aes256-gcm'] as const);
  let sign = args.flags.has('sign');
  let encrypt = args.flags.has('encrypt');
  if (!sign && !encrypt) sign = encrypt = true;
  const ox = args.flags.has('ox');
  if (ox) refuseCmsOptions(args);
  const keys = ox ? undefined : (await keysFrom(args, true))!;
  const text = readInput(args.positionals[0]);
  const trace = parseTrace(text);
  if (trace.stanzas.length === 0) throw new InputError('no <message/>, <presence/> or <iq/> stanza to seal in the input');
  const nowMs = parseNow(single(args, 'now'));
  const indexValues = args.values.get('index') ?? [];
  if (indexValues.length && args.flags.has('all-plain')) throw new UsageError('--index and --all-plain exclude each other');
  const all = trace.stanzas.map((_, i) => i);
  const chosen = indexValues.length
    ? chosenStanzas(indexValues, trace.stanzas.length)
    : args.flags.has('all-plain')
      ? all.filter((i) => trace.stanzas[i].e2e.length === 0 && findOx(trace.stanzas[i]).length === 0)
      : all;
  if (chosen.length === 0) throw new InputError('every stanza in the input already carries an <e2e/> object: nothing to seal');
  const spans = chosen.map((i) => trace.stanzas[i].element.span);
  const xmls = spans.map((sp) => text.slice(sp.start, sp.end));
  const results = ox
    ? await sealOx(args, trace.stanzas, xmls, { sign, encrypt, nowMs })
    : sealMultiple(xmls, { sign, encrypt, digest, cipher, keys: keys!, nowMs, profile: profileOption(args) });
  const refused = results.findIndex((r) => !r.ok);
  if (refused >= 0) {
    const r = results[refused];
    const n = chosen[refused] + 1;
    const hint = indexValues.length || args.flags.has('all-plain')
      ? ''
      : ` (choose stanzas with --index N, or seal every plain one with --all-plain; ${trace.stanzas.length} stanza${trace.stanzas.length === 1 ? '' : 's'} in the input)`;
    process.stderr.write(`xmpp-e2e seal: stanza ${n}: ${r.ok ? '' : r.reason}${hint}\n`);
    return 2;
  }
  // Replace each stanza in place, last first, so earlier offsets stay valid.
  let out = text;
  for (let i = spans.length - 1; i >= 0; i--) {
    const r = results[i];
    if (r.ok) out = out.slice(0, spans[i].start) + r.xml + out.slice(spans[i].end);
  }
  const dest = single(args, 'out');
  if (dest) {
    try {
      writeFileSync(dest, out);
    } catch (e) {
      throw new CliError(`cannot write --out ${dest}: ${errnoWords(e)}`);
    }
  }
  else process.stdout.write(out);
  return 0;
}

const UNSEAL: CommandSpec = {
  name: 'unseal',
  operands: 'FILE|-',
  summary: 'decrypt and verify one object and print its content',
  description: `Decrypts and verifies <e2e/> object N of FILE and prints its verdicts (as # lines) and its inner
content. Refuses (exit 1) when decryption or a signature fails, unless --force.`,
  options: [
    { ...KEYS_ROW, required: true },
    TRUST_ROW,
    { name: 'index', value: 'N', help: 'the object to open, counting from 1 (default: 1)' },
    { name: 'force', help: 'show the content even when a check fails (marked UNVERIFIED)' },
    { name: 'content-only', help: 'print the inner content only, without the verdict lines' },
    NOW_ROW,
    { name: 'skew', value: 'SECONDS', help: 'the timestamp window, in seconds (default: 300)' },
    { name: 'profile', value: 'modern|rfc3923|smime4', help: 'the algorithm reference (default: modern: RFC 3923\'s and RFC 8551\'s algorithms accepted, SHA-1/3DES warned; rfc3923: SHA-1, RSA, AES-128-CBC; smime4: RFC 8551, SHA-1 and CBC warned)' },
    PASSPHRASE_ROW,
  ],
};

async function unseal(argv: string[]): Promise<number> {
  const args = parseCommand(argv, UNSEAL);
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
    process.stderr.write(`xmpp-e2e unseal: ${cliWords(r.reason ?? '')}\n`);
    return 2;
  }
  const contentOnly = args.flags.has('content-only');
  if (!contentOnly) process.stdout.write(verdictLines(r.report).map((l) => `# ${cliWords(l)}`).join('\n') + '\n');
  if (r.ok) {
    if (!contentOnly) process.stdout.write('\n');
    process.stdout.write(r.plaintext ?? '');
    return 0;
  }
  if (r.forced) {
    process.stderr.write(`xmpp-e2e unseal: WARNING: ${cliWords(r.reason ?? '')}; plaintext shown only because of --force\n`);
    process.stdout.write(`\n# ---- UNVERIFIED (--force): ${cliWords(r.reason ?? '')} ----\n`);
    process.stdout.write(r.plaintext ?? '');
    return 1;
  }
  process.stderr.write(`xmpp-e2e unseal: refused: ${cliWords(r.reason ?? '')}; no plaintext shown (use --force to see it anyway)\n`);
  return 1;
}

const KEYGEN: CommandSpec = {
  name: 'keygen',
  operands: '',
  summary: 'write TEST identities (a CA, keys and certificates with id-on-xmppAddr)',
  description: `Writes a test CA and, per JID, a PKCS#8 key (mode 0600) and a certificate with id-on-xmppAddr and
im:/pres: URIs, plus trust/ca.crt: TEST identities for protocol development, never for production.
With --openpgp, OpenPGP keys for OX instead: per JID an armored public key and secret key (0600)
with the user ID xmpp:JID, found by --keys DIR and the editor's key paths like certificates.`,
  options: [
    { name: 'out', value: 'DIR', required: true, help: 'the folder to write into (e.g. .xmpp-e2e, the extension\'s default)' },
    { name: 'jid', value: 'JID', repeat: true, required: true, help: 'a bare JID to make an identity for' },
    { name: 'ca', help: 'issue the certificates from a new test CA (the default)' },
    { name: 'self-signed', help: 'self-signed certificates, no CA' },
    { name: 'days', value: 'N', help: 'validity in days' },
    { name: 'key', value: 'rsa|rsa-pss|p256|p384|ed25519', help: 'the key type of each identity (default: rsa; with --openpgp: ed25519, or rsa, p256, p384)' },
    { name: 'force', help: 'overwrite existing key and certificate files (they are refused otherwise)' },
    { name: 'openpgp', help: 'OpenPGP keys for OX (XEP-0373) instead: per JID JID.openpgp.pub.asc and JID.openpgp.sec.asc (0600), user ID xmpp:JID' },
    { name: 'passphrase-file', value: 'FILE', help: 'lock the private/secret keys with the passphrase in FILE' },
  ],
};

async function keygen(argv: string[]): Promise<number> {
  const args = parseCommand(argv, KEYGEN);
  const out = single(args, 'out');
  if (!out) throw new UsageError('keygen needs --out DIR');
  const jids = args.values.get('jid') ?? [];
  if (jids.length === 0) throw new UsageError('keygen needs at least one --jid JID');
  if (args.flags.has('ca') && args.flags.has('self-signed')) throw new UsageError('--ca and --self-signed exclude each other');
  const daysText = single(args, 'days');
  const days = daysText === undefined ? undefined : Number(daysText);
  if (days !== undefined && (!Number.isInteger(days) || days <= 0)) throw new UsageError('--days must be a positive whole number');
  if (args.flags.has('openpgp')) return keygenOpenPgp(args, out, jids, days);
  const keyType = oneOf(single(args, 'key') ?? 'rsa', '--key', KEY_TYPES);
  let files;
  try {
    files = lockPemKeys(generateIdentities({ jids, ca: !args.flags.has('self-signed'), days, keyType }), keygenPassphrase(args));
  } catch (e) {
    throw new CliError(`keygen: ${(e as Error).message}`);
  }
  // Private keys 0600 and folders 0700 whatever the umask; existing files only with --force.
  writeFilesSecurely(out, files, args.flags.has('force'));
  for (const f of files) process.stdout.write(`wrote ${join(out, f.name)}${f.secret ? ' (private key)' : ''}\n`);
  process.stdout.write('These are TEST identities for protocol development: never use them in production.\n');
  return 0;
}

const REPORT: CommandSpec = {
  name: 'report',
  operands: 'FILE...',
  summary: 'write one self-contained HTML or Markdown report of traces',
  description: `Writes one self-contained file (no remote assets): a summary, the stanza table, the
sequence diagram, every finding with its source line, and each object's layers, signers and
certificates. --filter keeps the stanzas an expression selects, as for inspect.`,
  options: [
    { name: 'format', value: 'html|md', help: 'the report format (default: html)' },
    { name: 'filter', value: 'EXPR', help: 'only the stanzas the expression selects (as inspect --filter)' },
    { name: 'out', short: 'o', value: 'FILE', help: 'write to FILE instead of standard output' },
    { name: 'now', value: 'ISO-8601', help: '"now" for the timestamp window (default: the capture time, else the clock)' },
    { name: 'skew', value: 'SECONDS', help: 'the timestamp window, in seconds (default: 300)' },
    KEYS_ROW,
    TRUST_ROW,
    PASSPHRASE_ROW,
    { name: 'no-verify', help: 'check structure only: no signature verification, no decryption' },
    REFERENCE_DATE_ROW,
  ],
};

const REDACT: CommandSpec = {
  name: 'redact',
  operands: 'FILE',
  summary: 'write a copy of a trace that is safe to share',
  description: `Writes a copy of FILE safe to attach to a bug report: SASL payloads (PLAIN, SCRAM, OAuth,
SASL2, FAST tokens), passwords, legacy-auth digests, tokens and passwords in URLs, and private keys
are removed, in every capture dialect. <e2e/> objects are kept byte for byte, so they still verify.
Prints what it removed (counts per kind, with line numbers). The original is never changed.`,
  options: [
    { name: 'out', short: 'o', value: 'OUT', required: true, help: 'the new file to write (- for standard output)' },
    { name: 'bodies', help: 'also remove message bodies, subjects and XHTML-IM' },
    { name: 'pseudonymize-jids', help: 'replace JIDs by consistent pseudonyms that keep the domain' },
    REFERENCE_DATE_ROW,
  ],
};

const DECODE: CommandSpec = {
  name: 'decode',
  operands: 'FILE',
  summary: 'print the decoded view of each object, its ASN.1 tree, certificate path or openssl command',
  description: `Prints the decoded view the editor shows for each <e2e/> object of FILE (or --index N):
its layers, signers, recipients and inner content. --asn1 adds the ASN.1 tree of every CMS object
and certificate (DER and file offsets), --certs the signer's certificate path and the check that
fails at each link, --openssl writes the object to a file and prints the openssl cms command whose
result matches the verdict.`,
  options: [
    { name: 'index', value: 'N', help: 'only object N, counting from 1' },
    { name: 'asn1', help: 'the ASN.1 tree of every CMS object and certificate' },
    { name: 'certs', help: 'the certificate path: signer, intermediates, anchor, and each link\'s checks' },
    { name: 'openssl', help: 'write the object and print the openssl command that reproduces the verdict' },
    { name: 'out-dir', value: 'DIR', help: 'where --openssl writes its files (default: a new temporary folder)' },
    KEYS_ROW,
    TRUST_ROW,
    { name: 'now', value: 'ISO-8601', help: '"now" for the timestamp window (default: the capture time, else the clock)' },
    PASSPHRASE_ROW,
    REFERENCE_DATE_ROW,
  ],
};

/** The subcommands, in the order help lists them: a row each. */
const COMMANDS: { spec: CommandSpec; run: (argv: string[]) => number | Promise<number> }[] = [
  { spec: INSPECT, run: inspect },
  { spec: SEAL, run: seal },
  { spec: UNSEAL, run: unseal },
  { spec: KEYGEN, run: keygen },
  { spec: REPORT, run: (argv) => report(parseCommand(argv, REPORT), readInput) },
  { spec: REDACT, run: (argv) => redact(parseCommand(argv, REDACT)) },
  { spec: DECODE, run: (argv) => decode(parseCommand(argv, DECODE)) },
];

/** Every subcommand's synopsis (the README's CLI block is checked against this). */
function synopses(): string {
  return COMMANDS.map((c) => synopsis(PROGRAM, c.spec)).join('\n');
}

function mainHelp(): string {
  const names = COMMANDS.map((c) => `  ${c.spec.name.padEnd(9)}${c.spec.summary}`).join('\n');
  return `${PROGRAM} ${VERSION}: inspect, seal and unseal RFC 3923 end-to-end signed/encrypted XMPP stanzas

Usage:
  ${synopses().split('\n').join('\n  ')}
  ${PROGRAM} COMMAND --help | ${PROGRAM} help COMMAND
  ${PROGRAM} --version

Commands:
${names}

Colour: on a terminal; NO_COLOR=1 turns it off, FORCE_COLOR=1 on.
`;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const found = COMMANDS.find((c) => c.spec.name === command);
  if (found) {
    try {
      return await found.run(rest);
    } catch (e) {
      if (!(e instanceof HelpRequested)) throw e;
      process.stdout.write(commandHelp(PROGRAM, e.spec));
      return 0;
    }
  }
  switch (command) {
    case '--version':
    case '-V':
    case '-v':
      process.stdout.write(`${PROGRAM} ${VERSION}\n`);
      return 0;
    case 'help': {
      const topic = COMMANDS.find((c) => c.spec.name === rest[0]);
      if (rest[0] !== undefined && !topic) throw new UsageError(`no help for "${rest[0]}" (${COMMANDS.map((c) => c.spec.name).join(', ')})`);
      process.stdout.write(topic ? commandHelp(PROGRAM, topic.spec) : mainHelp());
      return 0;
    }
    case undefined:
    case '--help':
    case '-h':
      process.stdout.write(mainHelp());
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command "${command}" (${COMMANDS.map((c) => c.spec.name).join(', ')})`);
  }
}

limitHeapGrowth();
quietOnBrokenPipe();
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof UsageError) {
      process.stderr.write(`xmpp-e2e: ${e.message} (see xmpp-e2e --help)\n`);
    } else {
      process.stderr.write(`xmpp-e2e: ${failureReason(e)}\n`);
    }
    process.exitCode = 2;
  },
);
