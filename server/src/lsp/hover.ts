// Hover content for an offset: the object's verdicts, a JID's binding, what a <delay/> or a
// DateTime means for the replay window.
import type { Analysis } from './coreBridge';
import type { ObjectReport, Stanza } from '../core/types';
import { attrAt, bareJid, contains, elementAt, objectAt, stanzaAt } from './locate';
import { formatSkew, jidHover, objectHover } from './objectPresentation';

export interface HoverResult {
  markdown: string;
  start: number;
  end: number;
}

/** `restricted`: Restricted Mode, where no key is loaded (the object hover says so). */
export function hoverAt(text: string, analysis: Analysis, offset: number, restricted = false): HoverResult | undefined {
  const stanza = stanzaAt(analysis, offset);
  const stanzaIndex = stanza ? analysis.trace!.stanzas.indexOf(stanza) : -1;
  if (stanza) {
    for (const role of ['from', 'to'] as const) {
      const a = stanza[role];
      if (a && (contains(a.valueSpan, offset) || contains(a.nameSpan, offset))) {
        return { markdown: jidHover(a.value, role, stanza, analysis.objects, stanzaIndex), start: a.valueSpan.start, end: a.valueSpan.end };
      }
    }
    const d = stanza.delay;
    if (d && contains(d.element.span, offset)) {
      return { markdown: delayHover(analysis.objects.filter((o) => o.stanzaIndex === stanzaIndex), d.stamp?.value, d.legacy, d.from?.value), start: d.element.span.start, end: d.element.span.end };
    }
  }
  // Inside an object's text (or a standalone .cpim/.pidf): a DateTime or a CPIM address line
  // says what it means here before the whole object's verdicts do.
  const inContent = analysis.objects.find((o) => contains(o.contentSpan, offset));
  if (inContent || !stanza) {
    const dt = timestampLineAt(text, offset);
    if (dt) return { markdown: timestampHover(dt.value, dt.pidf, inContent), start: dt.start, end: dt.end };
    const addr = cpimAddressAt(text, offset);
    if (addr) return { markdown: addressHover(addr.header, addr.uri, stanza), start: addr.start, end: addr.end };
  }
  const obj = objectAt(analysis, offset);
  if (obj) return { markdown: objectHover(obj, analysis.findings, restricted), start: obj.span.start, end: obj.span.end };
  if (stanza) {
    const el = elementAt(stanza.element, offset);
    const attr = attrAt(el, offset);
    if (el === stanza.element && (contains(el.nameSpan, offset) || attr?.name === 'id' || attr?.name === 'type')) {
      return { markdown: stanzaHover(analysis, stanzaIndex), start: el.nameSpan.start, end: el.nameSpan.end };
    }
  }
  return undefined;
}

function stanzaHover(analysis: Analysis, i: number): string {
  const s = analysis.trace!.stanzas[i];
  const dir = s.direction === 'out' ? 'sent' : s.direction === 'in' ? 'received' : 'direction unknown';
  const lines = [`**${s.kind}**${s.type ? ` type=\`${s.type.value}\`` : ''} — ${dir}`];
  if (s.time) lines.push(`- captured: ${s.time.text}${s.time.dateKnown ? '' : ' (date assumed)'}`);
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

/** A `DateTime:` header line or a `<timestamp>` element around the offset (plain text scan). */
function timestampLineAt(text: string, offset: number): { value: string; start: number; end: number; pidf: boolean } | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd < 0) lineEnd = text.length;
  if (lineEnd - lineStart > 4000) return undefined;
  const line = text.slice(lineStart, lineEnd);
  const cpim = /^(\s*)(?:[\w-]+\.)?DateTime:\s*(\S+)/i.exec(line);
  if (cpim) return { value: cpim[2], start: lineStart, end: lineStart + line.trimEnd().length, pidf: false };
  const re = /<(?:\w+:)?timestamp>([^<]*)<\/(?:\w+:)?timestamp>/g;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    const s = lineStart + m.index;
    if (offset >= s && offset <= s + m[0].length) return { value: m[1].trim(), start: s, end: s + m[0].length, pidf: true };
  }
  return undefined;
}

function lineAround(text: string, offset: number): { line: string; start: number } | undefined {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  return end - start > 4000 ? undefined : { line: text.slice(start, end).replace(/\r$/, ''), start };
}

/** A CPIM `From:` / `To:` / `cc:` header line around the offset. */
function cpimAddressAt(text: string, offset: number): { header: string; uri: string; start: number; end: number } | undefined {
  const l = lineAround(text, offset);
  if (!l) return undefined;
  const m = /^\s*(From|To|cc):\s*[^<]*<([^>]+)>/i.exec(l.line);
  return m ? { header: m[1], uri: m[2], start: l.start, end: l.start + l.line.trimEnd().length } : undefined;
}

function addressHover(header: string, uri: string, stanza: Stanza | undefined): string {
  const jid = uri.replace(/^(im|pres|xmpp):/i, '');
  const lines = [`**CPIM ${header}** \`${uri}\``, '', `- JID: \`${jid}\``];
  const role = /^from$/i.test(header) ? 'from' : /^to$/i.test(header) ? 'to' : undefined;
  const outer = role ? stanza?.[role]?.value : undefined;
  if (role && outer !== undefined) {
    const same = bareJid(outer) === bareJid(jid);
    lines.push(`- the stanza's ${role}: \`${outer}\` — ${same ? '✔ same bare JID' : '✖ differs (e2e.inner.identityMismatch)'}`);
  }
  lines.push(`- RFC 3923 §4/§5: the protected CPIM ${header} must name the same entity as the stanza's ${role ?? 'addresses'} (bare JID).`);
  return lines.join('\n');
}
