// The one-line payload summary of a stanza for the explorer's table: a body excerpt, the iq
// child's namespace, the error condition, presence show/status, or what else the stanza carries.
import type { Stanza, XmlElement } from '../types';

const STANZAS_NS = 'urn:ietf:params:xml:ns:xmpp-stanzas';
const EXCERPT = 80;

function childElements(el: XmlElement): XmlElement[] {
  return el.children.filter((c): c is XmlElement => c.type === 'element');
}

function textOf(el: XmlElement): string {
  let s = '';
  for (const c of el.children) if (c.type !== 'element') s += c.value;
  return s;
}

export function excerpt(text: string, max = EXCERPT): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** The defined condition of an `<error/>` child (RFC 6120 §8.3), e.g. `item-not-found`. */
export function errorCondition(stanza: Stanza): string | undefined {
  const error = childElements(stanza.element).find((c) => c.local === 'error');
  if (!error) return undefined;
  const cond = childElements(error).find((c) => c.ns === STANZAS_NS && c.local !== 'text') ?? childElements(error).find((c) => c.local !== 'text');
  return cond?.local ?? 'error';
}

export function payloadSummary(stanza: Stanza): string {
  const kids = childElements(stanza.element);
  const condition = errorCondition(stanza);
  if (condition) return `error: ${condition}`;
  if (stanza.e2e.length) return `e2e object${stanza.e2e.length > 1 ? ` ×${stanza.e2e.length}` : ''}`;
  if (stanza.kind === 'iq') {
    const child = kids[0];
    return child ? `${child.local}${child.ns ? ` ${child.ns}` : ''}` : '(empty)';
  }
  const body = kids.find((c) => c.local === 'body');
  if (body) return `“${excerpt(textOf(body))}”`;
  if (stanza.kind === 'presence') {
    const show = kids.find((c) => c.local === 'show');
    const status = kids.find((c) => c.local === 'status');
    const parts = [show && textOf(show).trim(), status && `“${excerpt(textOf(status), 40)}”`].filter(Boolean);
    if (parts.length) return parts.join(' ');
  }
  const names = kids.filter((c) => !(c.local === 'delay' && c.ns === 'urn:xmpp:delay')).map((c) => c.local);
  return names.length ? names.slice(0, 3).join(', ') : '(empty)';
}
