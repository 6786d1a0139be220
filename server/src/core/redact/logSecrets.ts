// Secrets in the log text itself, whatever the framing: passwords in URLs and connection strings
// (`scheme://user:pass@host`, `jdbc:...;password=...`, `?access_token=...`), bearer and basic
// credentials, account passwords in a server's command and SQL logging, and PEM private keys
// pasted into a log. The text is matched as written in the
// file; each value is cut before a quote, a tag, an escape backslash or a separator, so what
// replaces it cannot break the XML or the log's quoting.
import type { Span } from '../types';
import { PLACEHOLDER, type Hit } from './secretKinds';

/** Characters a secret value found in free text cannot contain (they end it). */
const VALUE = String.raw`[^\s"'<>&;,\\)\]}]+`;

const URL_USERINFO = /\b[a-z][a-z0-9+.-]*:(?:[a-z0-9+.-]+:)*\/\/[^\s/:@"'<>\\]+:([^\s/@"'<>\\]+)@/dgi;
const NAMED_SECRET = new RegExp(
  String.raw`\b(?:password|passwd|pwd|pass|secret|client_secret|access_token|refresh_token|id_token|auth_token|token|api_key|apikey|api-key|session_key)["']?\s*[=:]\s*["']?(${VALUE})`,
  'dgi',
);
const AUTH_HEADER = new RegExp(String.raw`\b(?:Bearer|Basic|Token)\s+([A-Za-z0-9\-._~+/]{8,}=*)`, 'dg');
// Servers that log account commands and their SQL in clear (ejabberd at debug level).
const ACCOUNT_ARGS = /\b(?:register|change_password|set_password|check_password)\b[^\n]{0,80}?Args=\[(?:<<"[^"\n]*">>,){2}<<"([^"\n]+)">>/dg;
const SQL_PASSWORD = /\busers\s*\(\s*username\s*,\s*password\b[^)\n]*\)\s*values\s*\(\s*'[^'\n]*'\s*,\s*'([^'\n]+)'|\bset\s+password\s*=\s*'([^'\n]+)'/dgi;
const PEM_KEY = /-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----([\s\S]*?)-----END \1-----/g;
const BASE64_RUN = /[A-Za-z0-9+/=]{4,}/g;

function groupSpan(m: RegExpMatchArray, group: number): Span | undefined {
  const at = m.indices?.[group];
  return at ? { start: at[0], end: at[1] } : undefined;
}

function push(hits: Hit[], text: string, kind: Hit['kind'], span: Span | undefined): void {
  // A value already redacted (a file redacted twice) is not counted again.
  const value = span ? text.slice(span.start, span.end) : '';
  if (span && value !== '' && value !== PLACEHOLDER) hits.push({ kind, spans: [span], replacement: PLACEHOLDER, values: [value] });
}

/** Characters that end a word when a revealed secret is looked for again. */
const WORD_BREAK = /[\s"'<>=:,;&()[\]{}\\/|`]/;
const BREAKS = new Uint8Array(128);
for (const c of ' \t\r\n\f\v"\'<>=:,;&()[]{}\\/|`') BREAKS[c.charCodeAt(0)] = 1;
/** Values with a word-break character inside are searched one by one: at most this many. */
const MAX_SCANNED_VALUES = 200;

/**
 * Every other place a revealed secret appears in the log (a server echoing the password in an SQL
 * statement, in a function's arguments, a token in a later URL). Values of 5 characters and more,
 * matched as whole words only, and never where the match would be a name (an element, attribute or
 * namespace prefix), so the XML stays well-formed even when a password is a common word. One pass
 * over the words of the text answers for all values without word breaks.
 */
/** Calls `found` for each word of `text` that is in `values`; a word is sliced only when a value has its first character and length. */
function scanWords(text: string, values: Set<string>, found: (v: string, at: number) => void): void {
  const shapes = new Set<number>();
  for (const v of values) shapes.add(v.charCodeAt(0) * 4096 + Math.min(v.length, 4095));
  const n = text.length;
  let start = 0;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 32;
    if (c < 128 && BREAKS[c] === 1) {
      if (i > start && shapes.has(text.charCodeAt(start) * 4096 + Math.min(i - start, 4095))) {
        const w = text.slice(start, i);
        if (values.has(w)) found(w, start);
      }
      start = i + 1;
    }
  }
}

export function findRepeats(text: string, values: Iterable<string>, kindOf: (value: string) => Hit['kind']): Hit[] {
  const plain = new Set<string>();
  const odd: string[] = [];
  for (const v of values) {
    if (v === PLACEHOLDER || v.length < 5) continue;
    if (WORD_BREAK.test(v)) {
      if (odd.length < MAX_SCANNED_VALUES) odd.push(v);
    } else plain.add(v);
  }
  const hits: Hit[] = [];
  const add = (v: string, at: number) => {
    const before = text[at - 1] ?? '';
    const after = text[at + v.length] ?? '';
    if (/[</:]/.test(before) || /[=:]/.test(after)) return;
    hits.push({ kind: kindOf(v), spans: [{ start: at, end: at + v.length }], replacement: PLACEHOLDER });
  };
  if (plain.size) scanWords(text, plain, add);
  for (const v of odd) {
    for (let at = text.indexOf(v); at >= 0; at = text.indexOf(v, at + v.length)) {
      if (!/[A-Za-z0-9]/.test(text[at - 1] ?? '') && !/[A-Za-z0-9]/.test(text[at + v.length] ?? '')) add(v, at);
    }
  }
  return hits;
}

export function findLogSecrets(text: string): Hit[] {
  const hits: Hit[] = [];
  for (const m of text.matchAll(URL_USERINFO)) push(hits, text, 'url-password', groupSpan(m, 1));
  for (const m of text.matchAll(NAMED_SECRET)) push(hits, text, /pass|pwd/i.test(m[0].slice(0, 8)) ? 'url-password' : 'bearer-token', groupSpan(m, 1));
  for (const m of text.matchAll(AUTH_HEADER)) push(hits, text, 'bearer-token', groupSpan(m, 1));
  for (const m of text.matchAll(ACCOUNT_ARGS)) push(hits, text, 'password', groupSpan(m, 1));
  for (const m of text.matchAll(SQL_PASSWORD)) push(hits, text, 'password', groupSpan(m, 1) ?? groupSpan(m, 2));
  for (const m of text.matchAll(PEM_KEY)) {
    // Each run of base64 between the markers, so the line breaks (or `\n` escapes) between stay.
    const bodyStart = m.index! + m[0].indexOf('-----', 5) + 5;
    const body = m[2];
    const spans: Span[] = [];
    for (const r of body.matchAll(BASE64_RUN)) {
      let start = bodyStart + r.index!;
      // `\nMIIE...` in an escaped log line: the `n` belongs to the escape.
      if (text[start - 1] === '\\') start++;
      const end = bodyStart + r.index! + r[0].length;
      if (end > start && r[0] !== PLACEHOLDER) spans.push({ start, end });
    }
    if (spans.length) hits.push({ kind: 'private-key', spans, replacement: PLACEHOLDER });
  }
  return hits;
}
