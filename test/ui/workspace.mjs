// Builds the UI suite's workspace at test time: keys from `xmpp-e2e keygen`, traces sealed with
// `xmpp-e2e seal`, a tampered copy and a JID-mismatch copy. Nothing here is committed: the keys
// are fresh for every run.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cliPath, repoRoot } from './paths.mjs';

export const JULIET = 'juliet@example.com';
export const ROMEO = 'romeo@example.net';
/** Trace file extension the extension's language claims. */
export const EXT = process.env.XMPP_E2E_UI_EXT ?? '.xmpp';

const BODY_MISMATCH = 'Wherefore art thou, Romeo?';
const BODY_TAMPER = 'Deny thy father and refuse thy name.';
const BODY_SEALED = 'It is the east, and Juliet is the sun.';
export const BODY_PLAIN = 'Parting is such sweet sorrow.';

/** Runs the CLI; throws with its output when it fails. */
export function cli(args, { input } = {}) {
  const r = spawnSync(process.execPath, [cliPath, ...args], { cwd: repoRoot, encoding: 'utf8', input, timeout: 60_000 });
  if (r.status !== 0) {
    throw new Error(`xmpp-e2e ${args.join(' ')} exited with ${r.status}:\n${r.stdout}\n${r.stderr}`);
  }
  return r.stdout;
}

export function message({ from, to, id, body, type = 'chat' }) {
  return `<message from='${from}' to='${to}' type='${type}' id='${id}' xml:lang='en'>\n  <body>${body}</body>\n</message>\n`;
}

/** Seals `file` in place (`seal` may print the sealed text or rewrite the file: both are accepted). */
export function seal(file, flags, keysDir) {
  const before = readFileSync(file, 'utf8');
  const out = cli(['seal', ...flags, '--keys', keysDir, file]);
  const after = readFileSync(file, 'utf8');
  if (after === before) {
    if (!out.includes('<e2e')) throw new Error(`seal ${flags.join(' ')} ${file} neither rewrote the file nor printed a sealed stanza:\n${out}`);
    writeFileSync(file, out);
  }
  const sealed = readFileSync(file, 'utf8');
  if (!sealed.includes('<e2e')) throw new Error(`no <e2e/> in ${file} after sealing`);
  return sealed;
}

/** The CDATA payloads of every `<e2e/>` in `text`, with their offsets. */
export function e2ePayloads(text) {
  const out = [];
  const re = /<e2e\b[^>]*>\s*<!\[CDATA\[([\s\S]*?)\]\]>/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push({ content: m[1], start: m.index + m[0].length - 3 - m[1].length });
  }
  return out;
}

/**
 * Alters one character of the signed content inside the `index`-th `<e2e/>` of `text`, keeping
 * the CMS structure intact so that the digest check (not the parser) catches it: in clear text
 * when the signed part is readable (multipart/signed), else inside the base64 of the object.
 */
export function tamper(text, index, phrase) {
  const p = e2ePayloads(text)[index];
  if (!p) throw new Error(`no <e2e/> #${index} to tamper with`);
  const at = p.content.indexOf(phrase);
  let content;
  if (at >= 0) {
    content = p.content.slice(0, at) + flipCase(phrase[0]) + p.content.slice(at + 1);
  } else {
    // Base64 blocks: decode each run of base64 lines, find the phrase's bytes, flip one, re-encode
    // with the same line lengths.
    content = p.content.replace(/(?:[A-Za-z0-9+/=]{16,}\r?\n?)+/g, (block) => {
      const eol = block.includes('\r\n') ? '\r\n' : '\n';
      const lines = block.split(/\r?\n/).filter(Boolean);
      const der = Buffer.from(lines.join(''), 'base64');
      const i = der.indexOf(Buffer.from(phrase, 'utf8'));
      if (i < 0) return block;
      der[i] ^= 0x20; // upper <-> lower case of the first letter
      const b64 = der.toString('base64');
      const out = [];
      let pos = 0;
      for (const l of lines) {
        out.push(b64.slice(pos, pos + l.length));
        pos += l.length;
      }
      return out.join(eol) + (block.endsWith('\n') ? eol : '');
    });
    if (content === p.content) throw new Error(`the signed phrase "${phrase}" was not found in <e2e/> #${index}`);
  }
  return text.slice(0, p.start) + content + text.slice(p.start + p.content.length);
}

function flipCase(c) {
  return c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase();
}

/** Finds the key store's PEM files for a JID (names vary: match on the JID and the kind). */
export function keyFilesFor(keysDir, jid) {
  const all = walk(keysDir);
  const mine = all.filter((f) => f.includes(jid));
  const key = mine.find((f) => /key/i.test(f.slice(f.lastIndexOf('/'))) && readFileSync(f, 'utf8').includes('PRIVATE KEY'));
  const cert = mine.find((f) => readFileSync(f, 'utf8').includes('BEGIN CERTIFICATE'));
  const ca = all.find((f) => /^(ca|trust|root)\b/i.test(f.slice(f.lastIndexOf('/') + 1)) && readFileSync(f, 'utf8').includes('BEGIN CERTIFICATE'));
  return { key, cert, ca };
}

function walk(dir, out = []) {
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/**
 * Creates the workspace in `dir`:
 * - `problems<EXT>`: stanza 1 signed by juliet but sent from romeo (e2e.jid.mismatch), stanza 2
 *   signed by juliet with its signed content altered afterwards (digest mismatch);
 * - `sealed<EXT>`: signed by juliet and encrypted for romeo, intact;
 * - `plain<EXT>`: a plain message for the Seal command.
 */
export function buildWorkspace(dir) {
  mkdirSync(dir, { recursive: true });
  const keysDir = join(dir, '.xmpp-e2e');
  cli(['keygen', '--out', keysDir, '--jid', JULIET, '--jid', ROMEO]);

  const problems = join(dir, `problems${EXT}`);
  writeFileSync(
    problems,
    message({ from: `${JULIET}/balcony`, to: ROMEO, id: 'm1', body: BODY_MISMATCH }) +
      message({ from: `${JULIET}/balcony`, to: ROMEO, id: 'm2', body: BODY_TAMPER }),
  );
  seal(problems, ['--sign'], keysDir);
  let text = readFileSync(problems, 'utf8');
  // Stanza 1: the outer from now names romeo, the signature still belongs to juliet.
  const first = text.indexOf(`from='${JULIET}/balcony'`);
  if (first < 0) throw new Error(`sealed problems trace lost its from attribute:\n${text}`);
  text = text.slice(0, first) + `from='${ROMEO}/orchard'` + text.slice(first + `from='${JULIET}/balcony'`.length);
  text = tamper(text, 1, BODY_TAMPER);
  writeFileSync(problems, text);

  const sealed = join(dir, `sealed${EXT}`);
  writeFileSync(sealed, message({ from: `${JULIET}/balcony`, to: ROMEO, id: 's1', body: BODY_SEALED }));
  seal(sealed, ['--sign', '--encrypt'], keysDir);

  const plain = join(dir, `plain${EXT}`);
  writeFileSync(plain, message({ from: `${JULIET}/balcony`, to: ROMEO, id: 'p1', body: BODY_PLAIN }));

  return { dir, keysDir, problems, sealed, plain, bodies: { BODY_MISMATCH, BODY_TAMPER, BODY_SEALED, BODY_PLAIN } };
}
