// Checks on the stanza around an `<e2e/>` and on its `<delay/>`: wrapper namespace and form,
// placement rules (directed presence, no groupchat), delayed-delivery stamps, `<error/>` typing.
import type { E2eRef, Finding, Stanza, XmlElement } from '../types';

export const E2E_NS = 'urn:ietf:params:xml:ns:xmpp-e2e';
/** draft-miller-3923bis: a different protocol in an `<e2e/>` element (LEG-7). */
const OBJENC_NS = 'urn:ietf:params:xml:ns:xmpp-objenc:0';

/** Findings about one `<e2e/>` element's wrapper; `run` says whether the S/MIME pipeline applies. */
export function wrapperFindings(stanza: Stanza, ref: E2eRef, indexInStanza: number): { findings: Finding[]; run: boolean } {
  const findings: Finding[] = [];
  let run = true;
  if (ref.ns !== E2E_NS) {
    const used = ref.ns ?? 'no namespace';
    const hint = ref.ns === 'urn:ietf:params:xml:xmpp-e2e'
      ? ' (the "ns:"-less spelling of RFC 3923\'s prose and error examples)'
      : ref.ns === OBJENC_NS
        ? ' (draft-miller-3923bis objenc: not RFC 3923 format, not decoded as S/MIME)'
        : '';
    if (ref.ns === OBJENC_NS) run = false;
    findings.push({
      code: 'e2e.wrapper.namespace',
      message: `<e2e> is in namespace ${used}${hint}; RFC 3923 requires ${E2E_NS}.`,
      span: ref.element.nameSpan,
      data: { namespace: ref.ns ?? null, expected: E2E_NS },
    });
  }
  if (!ref.isCdata && ref.content.trim().length > 0) {
    findings.push({
      code: 'e2e.wrapper.notCdata',
      message: 'The payload is escaped character data rather than a CDATA section (the same once parsed; servers may re-serialise).',
      span: ref.contentSpan,
    });
  }
  const attrs = ref.element.attrs.filter((a) => a.name !== 'xmlns' && !a.name.startsWith('xmlns:'));
  if (attrs.length > 0) {
    findings.push({
      code: 'e2e.wrapper.attributes',
      message: `<e2e> has attribute${attrs.length > 1 ? 's' : ''} ${attrs.map((a) => a.name).join(', ')}; RFC 3923 defines none (the namespace has no semantics of its own).`,
      // Through the closing quote, which a cut or malformed tag may lack (then the element ends first).
      span: { start: attrs[0].nameSpan.start, end: Math.min(attrs[attrs.length - 1].valueSpan.end + 1, ref.element.span.end) },
    });
  }
  if (!stanza.element.children.includes(ref.element)) {
    findings.push({
      code: 'e2e.wrapper.nested',
      message: '<e2e/> must be a direct child of the stanza; this one is nested deeper, where RFC 3923 receivers do not look.',
      span: ref.element.nameSpan,
    });
  }
  if (indexInStanza > 0) {
    findings.push({ code: 'e2e.wrapper.multiple', message: 'More than one <e2e/> in this stanza.', span: ref.element.nameSpan });
  }
  if (indexInStanza === 0) {
    if (stanza.kind === 'presence' && !stanza.to && stanza.direction !== 'in') {
      findings.push({
        code: 'e2e.presence.undirected',
        message: 'A presence with <e2e/> must be directed (have a "to"): RFC 3923 does not cover broadcast presence.',
        span: stanza.element.nameSpan,
      });
    }
    const body = stanza.element.children.find((c): c is XmlElement => c.type === 'element' && c.local === 'body');
    if (body && body.children.some((c) => c.type !== 'element' && c.value.trim() !== '')) {
      findings.push({
        code: 'e2e.plaintext.body',
        message: 'A cleartext <body/> travels next to <e2e/>: a possible plaintext leak, or fallback text for clients without RFC 3923.',
        span: body.nameSpan,
      });
    }
    if (stanza.kind === 'message' && stanza.type?.value === 'groupchat') {
      findings.push({
        code: 'e2e.scope.groupchat',
        message: 'RFC 3923 does not cover groupchat messages: there is no one recipient to encrypt for or bind.',
        span: stanza.type.valueSpan,
      });
    }
  }
  return { findings, run };
}

/** `<delay/>` (XEP-0203) and legacy `jabber:x:delay` (XEP-0091) on any stanza. */
export function delayFindings(stanza: Stanza): Finding[] {
  const d = stanza.delay;
  if (!d) return [];
  const out: Finding[] = [];
  if (!d.stamp) {
    out.push({ code: 'delay.stamp.missing', message: '<delay/> without the required stamp attribute.', span: d.element.nameSpan });
  }
  if (d.legacy) {
    out.push({
      code: 'delay.legacy',
      message: 'Legacy jabber:x:delay (XEP-0091, obsolete since 2009); XEP-0203 urn:xmpp:delay replaces it.',
      span: d.element.nameSpan,
    });
  }
  return out;
}

/** `<error/>` only in stanzas of type "error" (RFC 6120 8.3.1; RFC 3923's own examples break it). */
export function errorTypeFindings(stanza: Stanza): Finding[] {
  const err = stanza.element.children.find((c): c is XmlElement => c.type === 'element' && c.local === 'error');
  if (!err || stanza.type?.value === 'error') return [];
  return [{
    code: 'xmpp.error.typeNotError',
    message: `<error/> in a stanza of type "${stanza.type?.value ?? 'normal'}": an error reply must have type="error".`,
    span: stanza.type ? stanza.type.valueSpan : stanza.element.nameSpan,
  }];
}
