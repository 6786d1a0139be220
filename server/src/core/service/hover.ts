// Hover content for an offset, read from the analysis records (never by re-scanning the text): a
// stanza's from/to and what the signer certificates say about it, a <delay/>, a CPIM header or a
// PIDF timestamp/entity of an object whose inner text is in the file, the object's verdicts.
import type { Analysis, ObjectRecord } from '../analyze';
import type { CpimMessage } from '../cpim/checkCpim';
import type { MimeHeader } from '../mime/mimeEntity';
import type { PidfDocument } from '../pidf/checkPidf';
import { addressBareJid, jidFromUri, sameEntity } from '../jid/jidUri';
import type { ObjectReport, Span, Stanza } from '../types';
import { attrAt, contains, elementAt, recordAt, recordsOfStanza, stanzaIndexAt } from './locate';
import { formatSkew, jidHover, objectHover } from './presentation';

export interface HoverContent {
  markdown: string;
  span: Span;
}

/** `restricted`: Restricted Mode, where no key is loaded (the object hover says so). */
export function hoverAt(analysis: Analysis, offset: number, restricted = false): HoverContent | undefined {
  const stanzaIndex = stanzaIndexAt(analysis, offset);
  const stanza = stanzaIndex < 0 ? undefined : analysis.trace!.stanzas[stanzaIndex];
  const own = stanza ? recordsOfStanza(analysis, stanzaIndex) : [];
  if (stanza) {
    for (const role of ['from', 'to'] as const) {
      const a = stanza[role];
      if (a && (contains(a.valueSpan, offset) || contains(a.nameSpan, offset))) {
        return { markdown: jidHover(a.value, role, stanza, own.map((r) => r.report)), span: a.valueSpan };
      }
    }
    const d = stanza.delay;
    if (d && contains(d.element.span, offset)) {
      return { markdown: delayHover(own.map((r) => r.report), d.stamp?.value, d.legacy, d.from?.value), span: d.element.span };
    }
  }
  const inner = innerHover(analysis, offset);
  if (inner) return inner;
  const rec = recordAt(analysis, offset);
  if (rec) return { markdown: objectHover(rec.report, analysis.findings, restricted), span: rec.report.span };
  const waiting = analysis.provisional ? stanza?.e2e.find((r) => contains(r.element.span, offset)) : undefined;
  if (waiting) {
    return { markdown: `**XMPP E2E**: this trace's objects are still being judged (${analysis.records.length} so far); hover again in a moment for this one's verdict.`, span: waiting.element.span };
  }
  if (stanza) {
    const el = elementAt(stanza.element, offset);
    const attr = attrAt(el, offset);
    if (el === stanza.element && (contains(el.nameSpan, offset) || attr?.name === 'id' || attr?.name === 'type')) {
      return { markdown: stanzaHover(stanza, analysis.trace?.vantage), span: el.nameSpan };
    }
  }
  return undefined;
}

/** The addresses an inner object is judged against (the same ones the checks used). */
interface Outer {
  from?: string;
  to?: string;
  report?: ObjectReport;
}

/** A CPIM header or PIDF element at the offset, from a model whose text is in the file. */
function innerHover(analysis: Analysis, offset: number): HoverContent | undefined {
  for (const rec of analysis.records) {
    const inner = rec.unwrapped?.inner;
    if (!inner?.exact || !contains(rec.report.contentSpan, offset)) continue;
    const outer = outerOf(rec);
    const h = (inner.cpim && cpimHover(inner.cpim, offset, outer)) || (inner.pidf && pidfHover(inner.pidf, offset, outer));
    if (h) return h;
  }
  const doc = analysis.document;
  if (doc?.cpim) return cpimHover(doc.cpim, offset, {});
  if (doc?.pidf) return pidfHover(doc.pidf, offset, {});
  return undefined;
}

function outerOf(rec: ObjectRecord): Outer {
  return { from: rec.effectiveFrom, to: rec.stanza.to?.value, report: rec.report };
}

function cpimHover(cpim: CpimMessage, offset: number, outer: Outer): HoverContent | undefined {
  const header = (cpim.headerBlocks[1] ?? []).find((h) => contains(h.line, offset));
  if (!header) return undefined;
  if (header.name === 'DateTime' && cpim.dateTime && contains(header.line, cpim.dateTime.span.start)) {
    return { markdown: timestampHover(cpim.dateTime.value, false, outer.report), span: header.line };
  }
  const address = addressIn(cpim, header);
  if (!address) return undefined;
  const role = header.name === 'From' ? 'from' : header.name === 'To' ? 'to' : undefined;
  return { markdown: addressHover(`CPIM ${header.name}`, address, role, role && outer[role]), span: header.line };
}

function addressIn(cpim: CpimMessage, header: MimeHeader): string | undefined {
  const all = header.name === 'From' ? (cpim.from ? [cpim.from] : []) : header.name === 'To' ? cpim.to : header.name === 'cc' ? cpim.cc : [];
  return all.find((a) => contains(header.line, a.span.start))?.uri;
}

function pidfHover(pidf: PidfDocument, offset: number, outer: Outer): HoverContent | undefined {
  const t = pidf.timestamps.find((ts) => contains(ts.span, offset));
  if (t) return { markdown: timestampHover(t.value, true, outer.report), span: t.span };
  const e = pidf.entity;
  if (e && contains(e.span, offset)) return { markdown: addressHover('PIDF entity', e.value, 'from', outer.from), span: e.span };
  return undefined;
}

function stanzaHover(s: Stanza, vantage: string | undefined): string {
  const dir = s.direction === 'out' ? 'sent' : s.direction === 'in' ? 'received' : 'direction unknown';
  const lines = [`**${s.kind}**${s.type ? ` type=\`${s.type.value}\`` : ''} — ${dir}`];
  if (s.time) lines.push(`- captured: ${s.time.text}${s.time.dateKnown ? '' : ' (date assumed)'}`);
  if (s.stream) lines.push(`- stream: \`${s.stream}\`${vantage === 'server' ? ' (server log: a routed object shows once per leg)' : ''}`);
  if (s.id) lines.push(`- id: \`${s.id.value}\``);
  if (s.e2e.length) lines.push(`- ${s.e2e.length} \`<e2e/>\` object${s.e2e.length > 1 ? 's' : ''}`);
  return lines.join('\n');
}

function delayHover(objects: ObjectReport[], stamp: string | undefined, legacy: boolean, from: string | undefined): string {
  const lines = [
    `**${legacy ? 'Legacy delay (jabber:x:delay, XEP-0091)' : 'Delayed delivery (XEP-0203)'}**`,
    '',
    `- stamp: ${stamp ? `\`${stamp}\`` : '✖ missing'}${from ? ` — delayed by \`${from}\`` : ''}`,
    '- The stanza was stored and delivered late: its RFC 3923 timestamp is judged against this stamp ("now" for this stanza), not against the capture time or the clock.',
  ];
  for (const o of objects) {
    if (o.now) lines.push(`- object ${o.index + 1}: "now" = ${o.now.iso} (${o.now.source})${o.skewSeconds !== undefined ? `, timestamp ${formatSkew(o.skewSeconds)}` : ''}`);
  }
  return lines.join('\n');
}

function timestampHover(value: string, pidf: boolean, obj: ObjectReport | undefined): string {
  const parsed = Date.parse(value);
  const lines = [
    `**${pidf ? 'PIDF `<timestamp>`' : 'CPIM DateTime'}** \`${value}\``,
    '',
    Number.isFinite(parsed) ? `- instant: ${new Date(parsed).toISOString()}` : '- ✖ not an RFC 3339 date-time',
    '- RFC 3923 §9: the protected timestamp is compared with "now"; more than the allowed skew (300 s) before or after it is an old or future timestamp (replay protection).',
  ];
  if (obj?.now) lines.push(`- "now" here: ${obj.now.iso} (${obj.now.source})${obj.skewSeconds !== undefined ? ` → ${formatSkew(obj.skewSeconds)}` : ''}`);
  return lines.join('\n');
}

function addressHover(what: string, uri: string, role: 'from' | 'to' | undefined, outer: string | undefined): string {
  const named = jidFromUri(uri);
  const lines = [`**${what}** \`${uri}\``, '', `- JID: \`${named ?? uri}\` (bare: \`${addressBareJid(uri)}\`)`];
  if (role && outer !== undefined) {
    const same = sameEntity(uri, outer);
    lines.push(`- the stanza's ${role}: \`${outer}\` — ${same ? '✔ same bare JID' : '✖ differs (e2e.inner.identityMismatch)'}`);
  }
  lines.push(`- RFC 3923 §4/§5: the protected ${what} must name the same entity as the stanza's ${role ?? 'addresses'} (bare JID).`);
  return lines.join('\n');
}
