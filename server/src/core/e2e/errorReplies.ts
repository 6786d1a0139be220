// Recipient error replies seen in the trace (RFC 3923 section 7): link each e2e error condition to
// the stanza it answers, check it is paired with the right defined condition, and flag errors for
// objects that check out here.
import type { Finding, ObjectReport, Stanza, XmlElement } from '../types';

const E2E_ERROR_NS = new Set(['urn:ietf:params:xml:ns:xmpp-e2e', 'urn:ietf:params:xml:xmpp-e2e']);
const STANZAS_NS = 'urn:ietf:params:xml:ns:xmpp-stanzas';

/** The defined condition each application condition goes with (E2E-37..40). */
const EXPECTED_CONDITION: Record<string, string> = {
  'decryption-failed': 'bad-request',
  'signature-unverified': 'not-acceptable',
  'unverified-signature': 'not-acceptable',
  'bad-timestamp': 'not-acceptable',
};

function elements(el: XmlElement): XmlElement[] {
  return el.children.filter((c): c is XmlElement => c.type === 'element');
}

export function errorReplyFindings(
  stanzas: Stanza[],
  objectsByStanza: Map<number, ObjectReport[]>,
  problemsByStanza: Map<number, boolean>,
): Finding[] {
  const out: Finding[] = [];
  stanzas.forEach((stanza, i) => {
    const error = elements(stanza.element).find((c) => c.local === 'error');
    if (!error) return;
    const kids = elements(error);
    const app = kids.find((c) => c.ns !== undefined && E2E_ERROR_NS.has(c.ns) && c.local in EXPECTED_CONDITION);
    if (!app) return;
    const defined = kids.find((c) => c.ns === STANZAS_NS && c.local !== 'text');
    const answered = answeredStanza(stanzas, i);
    const related = answered !== undefined
      ? [{ span: stanzas[answered].element.nameSpan, message: `the stanza this error answers (id ${stanzas[answered].id?.value ?? '?'})` }]
      : [];
    out.push({
      code: 'e2e.err.reported',
      message: `The recipient reported <${app.local}/>${defined ? ` with <${defined.local}/>` : ''}${answered === undefined ? '; the stanza it answers is not in this trace' : ''}.`,
      span: app.nameSpan,
      related,
    });
    const expected = EXPECTED_CONDITION[app.local];
    if (defined && defined.local !== expected) {
      out.push({
        code: 'e2e.err.conditionMismatch',
        message: `<${app.local}/> goes with <${expected}/>, not <${defined.local}/>.`,
        span: defined.nameSpan,
      });
    }
    if (answered !== undefined) {
      const objects = objectsByStanza.get(answered) ?? [];
      if (objects.length > 0 && objects.every((o) => o.status === 'verified') && !problemsByStanza.get(answered)) {
        out.push({
          code: 'e2e.err.unexpected',
          message: `The recipient reported <${app.local}/> for an object that verifies, decrypts and passes the timestamp checks here (the recipient's keys or clock may differ).`,
          span: app.nameSpan,
          related,
        });
      }
    }
  });
  return out;
}

/** The latest earlier stanza with the same id (and, when both are known, swapped addresses). */
export function answeredStanza(stanzas: readonly Stanza[], errorIndex: number): number | undefined {
  const err = stanzas[errorIndex];
  const id = err.id?.value;
  let fallback: number | undefined;
  for (let j = errorIndex - 1; j >= 0; j--) {
    const s = stanzas[j];
    if (s.type?.value === 'error') continue;
    const sameId = id !== undefined && s.id?.value === id;
    if (!sameId) {
      if (id === undefined && fallback === undefined && s.e2e.length > 0) fallback = j;
      continue;
    }
    return j;
  }
  return fallback;
}
