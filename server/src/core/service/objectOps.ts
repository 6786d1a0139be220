// Operations on objects and stanzas behind the editor's requests and commands and the CLI:
// sealing into edits, unsealing (side view or in place), the RFC 3923 section 8 gateway
// unwrap/wrap and the certificate of a signer. Offsets in, offsets out; the faces convert.
import type { Analysis, ObjectRecord } from '../analyze';
import { sealMultiple } from '../seal/sealStanza';
import { parseXml } from '../xml/parseXml';
import { shiftMap } from '../offsetMap';
import type { KeyStore, ObjectReport, Span, XmlElement } from '../types';
import { unsealFromAnalysis } from './unseal';

export const E2E_NS = 'urn:ietf:params:xml:ns:xmpp-e2e';

export type SealMode = 'sign' | 'encrypt' | 'signEncrypt';

export interface OffsetEdit {
  span: Span;
  newText: string;
}

export interface StatusCounts { verified: number; failed: number; encrypted: number; unreadable: number; total: number }

export function statusCounts(analysis: Analysis): StatusCounts {
  const c: StatusCounts = { verified: 0, failed: 0, encrypted: 0, unreadable: 0, total: analysis.objects.length };
  for (const o of analysis.objects) c[o.status]++;
  return c;
}

export type SealOutcome = { ok: true; edits: OffsetEdit[] } | { ok: false; reason: string };

export function sealEdits(
  text: string,
  analysis: Analysis,
  stanzaIndexes: number[],
  mode: SealMode,
  keys: KeyStore | undefined,
  keyLocations: string,
  nowMs?: number,
): SealOutcome {
  if (!keys) return { ok: false, reason: 'Keys are not loaded in an untrusted workspace (Restricted Mode): trust the workspace to seal.' };
  const stanzas = analysis.trace?.stanzas ?? [];
  if (stanzaIndexes.length === 0) return { ok: false, reason: 'No stanza at the cursor or in the selection.' };
  const chosen = stanzaIndexes.map((i) => stanzas[i]).filter((s) => s !== undefined);
  const already = chosen.find((s) => s.e2e.length > 0);
  if (already) return { ok: false, reason: `The ${already.kind} ${already.id ? `id='${already.id.value}' ` : ''}is already sealed.` };
  // One call for all of them: the DateTime / timestamp values then strictly increase (RFC 3923 §6.9).
  const results = sealMultiple(chosen.map((s) => text.slice(s.element.span.start, s.element.span.end)), { sign: mode !== 'encrypt', encrypt: mode !== 'sign', keys, nowMs });
  const edits: OffsetEdit[] = [];
  for (let k = 0; k < chosen.length; k++) {
    const r = results[k];
    if (!r.ok) return { ok: false, reason: `${r.reason} (keys are looked for in: ${keyLocations})` };
    edits.push({ span: { start: chosen[k].element.span.start, end: chosen[k].element.span.end }, newText: r.xml });
  }
  return edits.length ? { ok: true, edits } : { ok: false, reason: 'No stanza at the cursor or in the selection.' };
}

export function cdata(text: string): string {
  return `<![CDATA[${text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

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

/** RFC 3923 section 8 gateway unwrap: the MIME entity carried by the `<e2e/>`, with CRLF line ends. */
export function exportObject(rec: ObjectRecord): { mime: string; suggestedName: string } {
  const obj = rec.report;
  const ref = rec.ref;
  const body = ref.content.replace(/^\s*\n/, '').replace(/\s+$/, '');
  const mime = body.replace(/\r?\n/g, '\r\n') + '\r\n';
  const isP7m = /^content-type:\s*application\/(x-)?pkcs7-mime/im.test(body.split(/\r?\n\r?\n/)[0] ?? '');
  return { mime, suggestedName: `xmpp-e2e-object-${obj.index + 1}.${isP7m ? 'p7m' : 'eml'}` };
}

function attr(v: string): string {
  return v.replace(/&/g, '&amp;').replace(/'/g, '&apos;').replace(/</g, '&lt;');
}

/** Gateway wrap: a MIME entity becomes the CDATA of an `<e2e/>` in a new stanza; refused when it is not a MIME entity. */
export function wrapObject(mime: string, from: string | undefined, to: string | undefined, kind: 'message' | 'presence' = 'message'):
  { ok: true; xml: string } | { ok: false; reason: string } {
  if (!mime.trim()) return { ok: false, reason: 'No MIME entity to wrap.' };
  if (!/^[\w-]+:/m.test(mime.split(/\r?\n\r?\n/)[0] ?? '')) return { ok: false, reason: 'The text does not start with MIME headers (Content-Type: ...).' };
  const attrs = [to ? ` to='${attr(to)}'` : '', from ? ` from='${attr(from)}'` : '', kind === 'message' ? ` type='chat'` : ''].join('');
  const body = mime.replace(/\r\n/g, '\n').replace(/\s+$/, '');
  return { ok: true, xml: `<${kind}${attrs}>\n  <e2e xmlns='${E2E_NS}'>${cdata(`\n${body}\n`)}</e2e>\n</${kind}>` };
}

/** Serial numbers compared as numbers: case and leading zeros (nibbles or bytes) do not matter. */
function normSerial(hex: string | undefined): string {
  return (hex ?? '').toLowerCase().replace(/[^0-9a-f]/g, '').replace(/^0+(?=.)/, '');
}

/** A signer's certificate (PEM and a summary), or why there is none to show. */
export function certificateOf(rec: ObjectRecord, signerIndex: number, keys: KeyStore | undefined): { ok: true; pem: string; details: string } | { ok: false; reason: string } {
  const report = rec.report;
  if (!report.signers[signerIndex]) {
    return { ok: false, reason: report.status === 'encrypted' ? 'The object is encrypted and no workspace key opens it: its signer is not visible.' : 'The object has no signer.' };
  }
  const c = certificateFor(rec, signerIndex, keys);
  return c ? { ok: true, ...c } : { ok: false, reason: 'The signer certificate is neither embedded in the object nor in the workspace key store.' };
}

export function certificateFor(rec: ObjectRecord, signerIndex: number, keys: KeyStore | undefined): { pem: string; details: string } | undefined {
  const signer = rec.report.signers[signerIndex];
  if (!signer) return undefined;
  const outcome = rec.unwrapped?.signers[signerIndex];
  let pem = signer.certificatePem ?? outcome?.result.cert?.pem;
  if (!pem) {
    const serial = normSerial(signer.serial);
    const candidates = [...(outcome?.embedded ?? []), ...(keys?.entries.map((e) => e.cert) ?? []), ...(keys?.anchors ?? [])];
    const hit = candidates.find((c) => serial !== '' && normSerial(c.serialHex) === serial && (!signer.issuer || c.issuer === signer.issuer));
    pem = hit?.pem;
  }
  if (!pem) return undefined;
  const details = [
    `Subject:   ${signer.subject ?? '?'}`,
    `Issuer:    ${signer.issuer ?? '?'}`,
    `Serial:    ${signer.serial ?? '?'}`,
    `Validity:  ${signer.notBefore ?? '?'} → ${signer.notAfter ?? '?'}`,
    `XmppAddr:  ${signer.jids.join(', ') || '—'}`,
    `Trust:     ${signer.trust}`,
    `Source:    ${signer.certificateSource ?? '?'}`,
  ].join('\n');
  return { pem, details };
}
