// The same secrets as xmlSecrets.ts, found in the text as written: a second net for what the
// trace model does not show as XML (a dialect logged only in part, an unrecognised log, a stanza
// the framer could not join). Element names that only ever carry secrets, matched with their
// character data up to the next tag, so the replacement never crosses markup.
import { BODY_PLACEHOLDER, PLACEHOLDER, type Hit, type RedactionKind } from './secretKinds';

const SASL_NS = /urn:ietf:params:xml:ns:xmpp-sasl|urn:xmpp:sasl:2/;

/** `<name attrs>text</name>`, any prefix: group 1 the name, 2 the attributes, 3 the text. */
const element = (names: string, text = '[^<]+') => new RegExp(`<(?:[\\w-]+:)?(${names})(\\s[^<>]*?)?(?<!/)>(${text})</(?:[\\w-]+:)?\\1\\s*>`, 'g');

const ELEMENTS: { re: RegExp; kind: RedactionKind; when?: (attrs: string) => boolean }[] = [
  { re: element('auth|response|challenge|success'), kind: 'sasl', when: (attrs) => SASL_NS.test(attrs) },
  { re: element('initial-response|additional-data'), kind: 'sasl2' },
  { re: element('password'), kind: 'password' },
  { re: element('digest', '[0-9a-fA-F]{40}'), kind: 'iq-auth-digest' },
  { re: element('handshake', '[0-9a-fA-F]{40}'), kind: 'component-handshake' },
  { re: element('result|verify'), kind: 'dialback-key', when: (attrs) => /jabber:server:dialback/.test(attrs) },
];
const FAST_TOKEN = /<(?:[\w-]+:)?token\b[^<>]*?\btoken=(\\?["'])([^"'\\]+)\1/g;
const BODY = element('body|subject');

function isEmpty(v: string): boolean {
  const t = v.trim();
  return t === '' || t === '=' || t === PLACEHOLDER || t === BODY_PLACEHOLDER;
}

export function findMarkupSecrets(text: string, options: { bodies: boolean }): Hit[] {
  const hits: Hit[] = [];
  const add = (kind: RedactionKind, m: RegExpMatchArray, replacement = PLACEHOLDER) => {
    const v = m[3]!;
    if (isEmpty(v)) return;
    const start = m.index! + m[0].indexOf('>') + 1;
    hits.push({ kind, spans: [{ start, end: start + v.length }], replacement });
  };
  for (const { re, kind, when } of ELEMENTS) {
    for (const m of text.matchAll(re)) if (!when || when(m[2] ?? '')) add(kind, m);
  }
  for (const m of text.matchAll(FAST_TOKEN)) {
    const v = m[2]!;
    if (isEmpty(v)) continue;
    const start = m.index! + m[0].length - m[1]!.length - v.length;
    hits.push({ kind: 'fast-token', spans: [{ start, end: start + v.length }], replacement: PLACEHOLDER });
  }
  if (options.bodies) for (const m of text.matchAll(BODY)) add('body', m, BODY_PLACEHOLDER);
  return hits;
}
