// Recipient error replies seen in the trace (RFC 3923 section 7): link each e2e error condition to
// the stanza it answers, check it is paired with the right defined condition, and flag errors for
// objects that check out here.
import { sameBareJid } from '../jid/jid';
import type { Finding, ObjectReport, Span, Stanza, XmlElement } from '../types';
import { pushAll } from '../findingLimits';

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

/** Stanzas looked at between two pauses of a stepwise caller. */
const STANZAS_PER_STEP = 2_000;

/** In steps: it yields every few thousand stanzas (checkTraceObjectsInSteps gives the event loop a turn). */
export function* errorReplyFindings(
  stanzas: Stanza[],
  objectsByStanza: Map<number, ObjectReport[]>,
  problemsByStanza: Map<number, boolean>,
  /** False: stanza i holds no error (plain, e2e/plainStanza.ts). */
  mayHold: (i: number) => boolean = () => true,
): Generator<void, Finding[], void> {
  const out: Finding[] = [];
  for (let i = 0; i < stanzas.length; i++) {
    if (i % STANZAS_PER_STEP === STANZAS_PER_STEP - 1) yield;
    if (!mayHold(i)) continue;
    const stanza = stanzas[i];
    const error = elements(stanza.element).find((c) => c.local === 'error');
    if (!error) continue;
    const kids = elements(error);
    const app = kids.find((c) => c.ns !== undefined && E2E_ERROR_NS.has(c.ns) && c.local in EXPECTED_CONDITION);
    const defined = kids.find((c) => c.ns === STANZAS_NS && c.local !== 'text');
    const answered = answeredStanza(stanzas, i);
    const related = answered !== undefined
      ? [{ span: stanzas[answered].element.nameSpan, message: `the stanza this error answers (id ${stanzas[answered].id?.value ?? '?'})` }]
      : [];
    pushAll(out, replyShapeFindings(stanzas, i, error, defined, app !== undefined, answered, related));
    if (!app) continue;
    if (app.ns !== 'urn:ietf:params:xml:ns:xmpp-e2e') {
      out.push({
        code: 'e2e.err.namespace',
        message: `<${app.local}/> is in ${app.ns}, the spelling of RFC 3923's examples; the registered namespace is urn:ietf:params:xml:ns:xmpp-e2e (both are accepted).`,
        span: app.nameSpan,
      });
    }
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
  }
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

/** Types the defined conditions of RFC 3923 §7 usually carry (RFC 3920 §9.3.3). */
const EXPECTED_TYPE: Record<string, string> = { 'bad-request': 'modify', 'not-acceptable': 'modify', 'service-unavailable': 'cancel' };

/**
 * The shape of an error reply about an e2e stanza: Case 1 (no RFC 3923 support, E2E-35), the error
 * type (E2E-40), the original payload (E2E-41), and an error answering an error (CORE-2).
 */
function replyShapeFindings(
  stanzas: Stanza[],
  i: number,
  error: XmlElement,
  defined: XmlElement | undefined,
  hasApp: boolean,
  answered: number | undefined,
  related: { span: Span; message: string }[],
): Finding[] {
  const out: Finding[] = [];
  const stanza = stanzas[i];
  const loop = previousWithSameId(stanzas, i);
  if (loop !== undefined && stanzas[loop].type?.value === 'error' && stanza.type?.value === 'error') {
    out.push({
      code: 'xmpp.error.loop',
      message: 'An error stanza answering an error stanza: RFC 3920 §9.3.1 forbids replying to an error with an error.',
      span: stanza.element.nameSpan,
      related: [{ span: stanzas[loop].element.nameSpan, message: 'the error it answers' }],
    });
  }
  const aboutE2e = hasApp || (answered !== undefined && stanzas[answered].e2e.length > 0);
  if (!aboutE2e || stanza.type?.value !== 'error') return out;
  if (defined?.local === 'service-unavailable' && answered !== undefined) {
    out.push({
      code: 'e2e.err.serviceUnavailable',
      message: 'recipient lacks RFC 3923 support: <service-unavailable/> in reply to an <e2e/> stanza (RFC 3923 §7, Case 1).',
      span: defined.nameSpan,
      related,
    });
  }
  const expectedType = defined ? EXPECTED_TYPE[defined.local] : undefined;
  const type = error.attrs.find((a) => a.name === 'type');
  if (expectedType && type && type.value !== expectedType) {
    out.push({ code: 'e2e.err.errorType', message: `<${defined!.local}/> usually has error type "${expectedType}", not "${type.value}" (RFC 3920 §9.3.3).`, span: type.valueSpan });
  }
  if (stanza.e2e.length === 0) {
    out.push({ code: 'e2e.err.noPayload', message: 'The error reply does not include the original <e2e/> payload (RFC 3920 §9.3.1 says it SHOULD).', span: stanza.element.nameSpan, related });
  }
  return out;
}

/**
 * The latest earlier stanza with the same id going the other way (its from is this one's to). Server
 * logs show one stanza at several processing stages; those copies go the same way and do not count.
 */
function previousWithSameId(stanzas: Stanza[], i: number): number | undefined {
  const s = stanzas[i];
  const id = s.id?.value;
  if (id === undefined || !s.to) return undefined;
  for (let j = i - 1; j >= 0; j--) {
    const p = stanzas[j];
    if (p.id?.value !== id || !p.from || !sameBareJid(p.from.value, s.to.value)) continue;
    if (s.from && p.to && !sameBareJid(s.from.value, p.to.value)) continue;
    return j;
  }
  return undefined;
}
