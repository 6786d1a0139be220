// Operations on objects and stanzas behind the custom requests and commands: sealing into edits,
// unsealing (side view or in place), the RFC 3923 section 8 gateway unwrap/wrap, the decoded view
// and the certificate of a signer. Offsets in, offsets out; the server converts.
import type { Analysis, AnalyzeOptions } from './coreBridge';
import { describeFromAnalysis, sealMultiple, unsealFromAnalysis } from './coreBridge';
import type { E2eRef, KeyStore, ObjectReport, SignerReport, Span } from '../core/types';
import type { SealMode, StatusCounts } from '../protocol/requests';
import { objectHover } from './objectPresentation';

export const E2E_NS = 'urn:ietf:params:xml:ns:xmpp-e2e';

export interface OffsetEdit {
  span: Span;
  newText: string;
}

export function statusCounts(analysis: Analysis): StatusCounts {
  const c: StatusCounts = { verified: 0, failed: 0, encrypted: 0, unreadable: 0, total: analysis.objects.length };
  for (const o of analysis.objects) c[o.status]++;
  return c;
}

/** The `<e2e/>` reference of an object (matched by span, else by document order). */
export function e2eRefOf(analysis: Analysis, obj: ObjectReport): E2eRef | undefined {
  const stanza = analysis.trace?.stanzas[obj.stanzaIndex];
  const byspan = stanza?.e2e.find((e) => e.element.span.start === obj.span.start);
  if (byspan) return byspan;
  return analysis.trace?.stanzas.flatMap((s) => s.e2e)[obj.index];
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
  const options = { sign: mode !== 'encrypt', encrypt: mode !== 'sign', keys };
  const xmlOf = (s: (typeof chosen)[number]) => text.slice(s.element.span.start, s.element.span.end);
  // In a capture with dated entries, a stanza sealed in place is dated at its own capture time, so
  // the trace stays consistent with itself (its timestamp is judged against that capture time).
  const captured = nowMs === undefined ? chosen.map((s) => (s.time?.dateKnown ? s.time.epochMs : undefined)) : [];
  const atCapture = captured.length > 0 && captured.every((t) => t !== undefined);
  // Otherwise one call for all of them: the DateTime / timestamp values then strictly increase (RFC 3923 §6.9).
  const results = atCapture
    ? chosen.map((s, k) => sealMultiple([xmlOf(s)], { ...options, nowMs: captured[k] })[0])
    : sealMultiple(chosen.map(xmlOf), { ...options, nowMs });
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

/** Replaces the object by what it protects: an application/xmpp+xml stanza replaces the stanza, anything else becomes the `<e2e/>` CDATA. */
export function unsealInPlaceEdit(text: string, analysis: Analysis, obj: ObjectReport, plaintext: string, contentType: string | undefined): OffsetEdit | undefined {
  const stanza = analysis.trace?.stanzas[obj.stanzaIndex];
  if (contentType && /application\/xmpp\+xml/i.test(contentType) && stanza) {
    const inner = /<xmpp\b[^>]*>([\s\S]*)<\/xmpp\s*>/.exec(plaintext);
    if (inner && inner[1].trim()) return { span: stanza.element.span, newText: inner[1].trim() };
  }
  const ref = e2eRefOf(analysis, obj);
  if (!ref || !ref.element.closed) return undefined;
  const el = ref.element;
  const endTag = text.lastIndexOf('</', el.span.end);
  if (endTag < el.startTagEnd) return undefined;
  return { span: { start: el.startTagEnd, end: endTag }, newText: `\n${cdata(`\n${plaintext.replace(/\r\n/g, '\n')}\n`)}\n` };
}

export function unseal(analysis: Analysis, obj: ObjectReport, options: AnalyzeOptions):
  { ok: true; plaintext: string; contentType?: string } | { ok: false; reason: string } {
  if (!options.keys) return { ok: false, reason: 'Keys are not loaded in an untrusted workspace (Restricted Mode): trust the workspace to unseal.' };
  const r = unsealFromAnalysis(analysis, obj.index, false);
  if (r.ok && r.plaintext !== undefined) return { ok: true, plaintext: r.plaintext, contentType: r.contentType };
  return { ok: false, reason: r.reason ?? (obj.status === 'encrypted' ? 'No workspace key opens this object.' : 'The object could not be unsealed.') };
}

/** RFC 3923 section 8 gateway unwrap: the MIME entity carried by the `<e2e/>`, with CRLF line ends. */
export function exportObject(analysis: Analysis, obj: ObjectReport): { mime: string; suggestedName: string } | undefined {
  const ref = e2eRefOf(analysis, obj);
  if (!ref) return undefined;
  const body = ref.content.replace(/^\s*\n/, '').replace(/\s+$/, '');
  const mime = body.replace(/\r?\n/g, '\r\n') + '\r\n';
  const isP7m = /^content-type:\s*application\/(x-)?pkcs7-mime/im.test(body.split(/\r?\n\r?\n/)[0] ?? '');
  return { mime, suggestedName: `xmpp-e2e-object-${obj.index + 1}.${isP7m ? 'p7m' : 'eml'}` };
}

function attr(v: string): string {
  return v.replace(/&/g, '&amp;').replace(/'/g, '&apos;').replace(/</g, '&lt;');
}

/** Gateway wrap: a MIME entity becomes the CDATA of an `<e2e/>` in a new stanza. */
export function wrapObject(mime: string, from: string | undefined, to: string | undefined, kind: 'message' | 'presence' = 'message'): string {
  const attrs = [to ? ` to='${attr(to)}'` : '', from ? ` from='${attr(from)}'` : '', kind === 'message' ? ` type='chat'` : ''].join('');
  const body = mime.replace(/\r\n/g, '\n').replace(/\s+$/, '');
  return `<${kind}${attrs}>\n  <e2e xmlns='${E2E_NS}'>${cdata(`\n${body}\n`)}</e2e>\n</${kind}>`;
}

/** The decoded view: the core's description, else a plain rendering of the report. */
export function decodedViewText(analysis: Analysis, obj: ObjectReport): string {
  let described = '';
  try {
    described = describeFromAnalysis(analysis, obj.index);
  } catch {
    described = '';
  }
  if (described.trim()) return described;
  const ref = e2eRefOf(analysis, obj);
  const parts = [
    `XMPP E2E object ${obj.index + 1} (stanza ${obj.stanzaIndex + 1}) — ${obj.status}`,
    '',
    objectHover(obj, analysis.findings).replace(/\\([\\`*_{}[\]<>|])/g, '$1'),
  ];
  if (obj.inner?.text) parts.push('', '---- inner content ----', obj.inner.text);
  if (ref) parts.push('', '---- payload as carried ----', ref.content.trim());
  return parts.join('\n');
}

/** Serial numbers compared as numbers: case and leading zeros (nibbles or bytes) do not matter. */
function normSerial(hex: string | undefined): string {
  return (hex ?? '').toLowerCase().replace(/[^0-9a-f]/g, '').replace(/^0+(?=.)/, '');
}

export function certificateFor(analysis: Analysis, obj: ObjectReport, signerIndex: number, keys: KeyStore | undefined): { pem: string; details: string } | undefined {
  const signer = obj.signers[signerIndex];
  if (!signer) return undefined;
  const outcome = analysis.unwrapped[obj.index]?.signers[signerIndex];
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
