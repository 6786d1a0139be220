// Secrets in the log text itself, whatever the framing: passwords in URLs and connection strings
// (`scheme://user:pass@host`, `jdbc:...;password=...`, `?access_token=...`), bearer and basic
// credentials, and PEM private keys pasted into a log. The text is matched as written in the
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
const PEM_KEY = /-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----([\s\S]*?)-----END \1-----/g;
const BASE64_RUN = /[A-Za-z0-9+/=]{4,}/g;

function groupSpan(m: RegExpMatchArray, group: number): Span | undefined {
  const at = m.indices?.[group];
  return at ? { start: at[0], end: at[1] } : undefined;
}

function push(hits: Hit[], text: string, kind: Hit['kind'], span: Span | undefined): void {
  // A value already redacted (a file redacted twice) is not counted again.
  if (span && span.end > span.start && text.slice(span.start, span.end) !== PLACEHOLDER) hits.push({ kind, spans: [span], replacement: PLACEHOLDER });
}

export function findLogSecrets(text: string): Hit[] {
  const hits: Hit[] = [];
  for (const m of text.matchAll(URL_USERINFO)) push(hits, text, 'url-password', groupSpan(m, 1));
  for (const m of text.matchAll(NAMED_SECRET)) push(hits, text, /pass|pwd/i.test(m[0].slice(0, 8)) ? 'url-password' : 'bearer-token', groupSpan(m, 1));
  for (const m of text.matchAll(AUTH_HEADER)) push(hits, text, 'bearer-token', groupSpan(m, 1));
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
