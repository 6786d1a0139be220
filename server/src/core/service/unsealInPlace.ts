// Unseal for a person (plaintext only when it decrypted and verified) and in place: the edit that
// replaces an object by what it protects.
import type { Analysis, ObjectRecord } from '../analyze';
import { parseXml } from '../xml/parseXml';
import { shiftMap } from '../offsetMap';
import type { KeyStore, ObjectReport, XmlElement } from '../types';
import type { OffsetEdit } from './edits';
import { cdata } from './gateway';
import { unsealFromAnalysis } from './unseal';

/** The stanza an application/xmpp+xml plaintext protects: the one child of its `<xmpp/>` root, as written. */
function protectedStanza(plaintext: string): string | undefined {
  const parsed = parseXml(plaintext, { map: shiftMap(0) });
  const root = parsed.nodes.find((n): n is XmlElement => n.type === 'element');
  if (!root || root.local !== 'xmpp' || !root.closed) return undefined;
  const kids = root.children.filter((c): c is XmlElement => c.type === 'element');
  return kids.length === 1 ? plaintext.slice(kids[0].span.start, kids[0].span.end) : undefined;
}

/** Replaces the object by what it protects: an application/xmpp+xml stanza replaces the stanza, anything else becomes the `<e2e/>` CDATA. */
export function unsealInPlaceEdit(text: string, rec: ObjectRecord, plaintext: string, contentType: string | undefined): OffsetEdit | undefined {
  if (contentType?.toLowerCase() === 'application/xmpp+xml') {
    const inner = protectedStanza(plaintext.slice(bodyStart(plaintext)));
    if (inner) return { span: rec.stanza.element.span, newText: inner };
  }
  const el = rec.ref.element;
  if (!el.closed) return undefined;
  const endTag = text.lastIndexOf('</', el.span.end);
  if (endTag < el.startTagEnd) return undefined;
  return { span: { start: el.startTagEnd, end: endTag }, newText: `\n${cdata(`\n${plaintext.replace(/\r\n/g, '\n')}\n`)}\n` };
}

/** Offset after a MIME header block (the inner object may carry its Content-Type), else 0. */
function bodyStart(text: string): number {
  if (!/^[A-Za-z][A-Za-z0-9-]*:/.test(text)) return 0;
  const m = /\r?\n\r?\n/.exec(text);
  return m ? m.index + m[0].length : 0;
}

export type UnsealOutcome = { ok: true; plaintext: string; contentType?: string } | { ok: false; reason: string };

export function unseal(analysis: Analysis, obj: ObjectReport, keys: KeyStore | undefined): UnsealOutcome {
  if (!keys) return { ok: false, reason: 'Keys are not loaded in an untrusted workspace (Restricted Mode): trust the workspace to unseal.' };
  const r = unsealFromAnalysis(analysis, obj.index, false);
  if (r.ok && r.plaintext !== undefined) return { ok: true, plaintext: r.plaintext, contentType: r.contentType };
  return { ok: false, reason: r.reason ?? (obj.status === 'encrypted' ? 'No workspace key opens this object.' : 'The object could not be unsealed.') };
}
