// RFC 3863 PIDF checks on the positioned XML tree: declaration, root namespace, entity, tuple
// ids, <basic> values and <timestamp> syntax. XML well-formedness comes from parseXml and is
// passed through unchanged. Runs on standalone .pidf files and on decrypted <e2e/> objects.
import type { Finding, OffsetMap, Span, XmlElement, XmlNode, XmlText } from '../types';
import { parseXml } from '../xml/parseXml';
import { parseRfc3339, type ParsedTime } from '../time/rfc3339';
import { uriJidProblem } from '../cpim/cpimAddress';
import { pidfStructureFindings } from './pidfStructure';
import { pushAll } from '../findingLimits';

export const PIDF_NS = 'urn:ietf:params:xml:ns:pidf';

export interface PidfTimestamp {
  value: string;
  span: Span;
  parsed: ParsedTime;
}

export interface PidfTuple {
  id?: string;
  span: Span;
  basic?: { value: string; span: Span };
  note?: string;
  timestamp?: PidfTimestamp;
}

export interface PidfDocument {
  entity?: { value: string; span: Span };
  tuples: PidfTuple[];
  /** Presence-level <note>s. */
  notes: string[];
  /** Every tuple <timestamp>, in document order. */
  timestamps: PidfTimestamp[];
  /** The <presence> element, when there is one. */
  root?: XmlElement;
}

function elements(el: XmlElement): XmlElement[] {
  return el.children.filter((c): c is XmlElement => c.type === 'element');
}

function child(el: XmlElement, local: string): XmlElement | undefined {
  return elements(el).find((c) => c.local === local && c.ns === PIDF_NS);
}

/** Character data of an element and the span of its trimmed value (the element itself when empty). */
function textOf(el: XmlElement): { value: string; span: Span } {
  const texts = el.children.filter((c): c is XmlText => c.type !== 'element');
  const value = texts.map((t) => t.value).join('');
  if (texts.length === 0) return { value, span: el.span };
  if (texts.length === 1 && value.trim() !== '') {
    const lead = value.length - value.trimStart().length;
    const trail = value.length - value.trimEnd().length;
    return { value, span: texts[0].map.toFileSpan(lead, value.length - trail) };
  }
  return { value, span: { start: texts[0].span.start, end: texts[texts.length - 1].span.end } };
}

const NCNAME = /^[\p{L}_][\p{L}\p{N}._\-\u00b7\u0300-\u036f\u203f\u2040]*$/u;

export function checkPidf(
  text: string,
  map: OffsetMap,
  options: { standalone: boolean },
): { doc: PidfDocument; findings: Finding[] } {
  const parsed = parseXml(text, { map });
  const findings: Finding[] = [...parsed.findings];
  const doc: PidfDocument = { tuples: [], notes: [], timestamps: [] };

  // PIDF-1: the XML declaration (RFC 3923 Examples 8-9 write `<xml version=...`).
  const lead = text.length - text.replace(/^\ufeff?\s*/, '').length;
  if (!text.startsWith('<?xml', lead) || !/[\s?]/.test(text[lead + 5] ?? '')) {
    const lineEnd = text.slice(lead).search(/[\r\n]/);
    const end = lineEnd < 0 ? text.length : lead + lineEnd;
    const gt = text.indexOf('>', lead);
    const stop = gt >= 0 && gt < end ? gt + 1 : end;
    const typo = /^<xml[\s?]/.test(text.slice(lead));
    findings.push({
      code: 'pidf.xmlDecl.missing',
      message: typo
        ? "'<xml ...?>' is not an XML declaration (it must start with '<?xml')"
        : "a PIDF document must start with an XML declaration (<?xml version='1.0' encoding='UTF-8'?>)",
      span: map.toFileSpan(lead, Math.max(stop, lead)),
    });
  }

  // PIDF-3: the root element.
  const root = findRoot(parsed.nodes, typoRoot(text, lead));
  if (!root) {
    const end = text.trimEnd().length;
    findings.push({ code: 'pidf.root.namespace', message: 'no <presence> root element', span: map.toFileSpan(lead, Math.max(lead, end)) });
    return { doc, findings };
  }
  if (root.local !== 'presence' || root.ns !== PIDF_NS) {
    let message = `the root element must be <presence xmlns="${PIDF_NS}">`;
    if (root.local !== 'presence') message += `, not <${root.name}>`;
    else if (root.ns === PIDF_NS + ':') message += "; the namespace has a trailing ':' (a typo in RFC 3863 §4.1.1)";
    else message += root.ns ? `; it is in '${root.ns}'` : '; it has no namespace';
    findings.push({ code: 'pidf.root.namespace', message, span: root.nameSpan });
    if (root.local !== 'presence') return { doc, findings };
  }
  doc.root = root;

  // PIDF-4: entity.
  const entity = root.attrs.find((a) => a.name === 'entity');
  if (!entity) {
    findings.push({ code: 'pidf.entity.missing', message: '<presence> has no entity attribute (the presentity\'s pres: URI)', span: root.nameSpan });
  } else {
    doc.entity = { value: entity.value, span: entity.valueSpan };
    if (!/^pres:/i.test(entity.value)) {
      findings.push({
        code: 'pidf.entity.missing',
        message: `entity '${entity.value}' is not a pres: URI`,
        span: entity.valueSpan,
        severity: 'warning',
      });
    } else {
      const problem = uriJidProblem(entity.value);
      if (problem) findings.push({ code: 'jid.invalid', message: problem, span: entity.valueSpan });
    }
  }

  // PIDF-6, -9, -13: tuples.
  const ids = new Map<string, Span>();
  for (const el of elements(root)) {
    if (el.ns !== PIDF_NS) continue;
    if (el.local === 'note') {
      doc.notes.push(textOf(el).value.trim());
      continue;
    }
    if (el.local !== 'tuple') continue;
    const tuple: PidfTuple = { span: el.span };
    const idAttr = el.attrs.find((a) => a.name === 'id');
    if (!idAttr) {
      findings.push({ code: 'pidf.tuple.id', message: '<tuple> has no id attribute', span: el.nameSpan });
    } else {
      tuple.id = idAttr.value;
      const first = ids.get(idAttr.value);
      if (idAttr.value === '') {
        findings.push({ code: 'pidf.tuple.id', message: 'the tuple id is empty', span: idAttr.valueSpan });
      } else if (first) {
        findings.push({
          code: 'pidf.tuple.id',
          message: `duplicate tuple id '${idAttr.value}'`,
          span: idAttr.valueSpan,
          related: [{ span: first, message: 'first used here' }],
        });
      } else {
        ids.set(idAttr.value, idAttr.valueSpan);
        if (!NCNAME.test(idAttr.value)) {
          findings.push({
            code: 'pidf.tuple.id',
            message: `tuple id '${idAttr.value}' is not an XML NCName (xs:ID)`,
            span: idAttr.valueSpan,
            severity: 'warning',
          });
        }
      }
    }
    const status = child(el, 'status');
    const basic = status ? child(status, 'basic') : undefined;
    if (basic) {
      const t = textOf(basic);
      const value = t.value.trim();
      tuple.basic = { value, span: t.span };
      if (value !== 'open' && value !== 'closed') {
        findings.push({
          code: 'pidf.basic.value',
          message: `<basic> must be 'open' or 'closed', not '${value}'`,
          span: t.span,
        });
      }
    }
    const note = child(el, 'note');
    if (note) tuple.note = textOf(note).value.trim();
    const ts = child(el, 'timestamp');
    if (ts) {
      const t = textOf(ts);
      const value = t.value.trim();
      const parsedTime = parseRfc3339(value, { strictCase: true });
      const stamp: PidfTimestamp = { value, span: t.span, parsed: parsedTime };
      tuple.timestamp = stamp;
      doc.timestamps.push(stamp);
      if (!parsedTime.ok) {
        findings.push({
          code: 'pidf.timestamp.syntax',
          message: `<timestamp> '${value}' is not an RFC 3339 date-time with upper-case T and Z: ${parsedTime.reason}`,
          span: t.span,
        });
      }
    }
    doc.tuples.push(tuple);
  }
  pushAll(findings, pidfStructureFindings(text, map, root, options));
  return { doc, findings };
}

/** With the `<xml ...?>` typo the parser sees an element named xml; its child is the real root. */
function typoRoot(text: string, lead: number): boolean {
  return /^<xml[\s?]/.test(text.slice(lead));
}

function findRoot(nodes: XmlNode[], skipXmlElement: boolean): XmlElement | undefined {
  const top = nodes.filter((n): n is XmlElement => n.type === 'element');
  if (skipXmlElement && top[0]?.name === 'xml') {
    const inner = top[0].children.find((c): c is XmlElement => c.type === 'element');
    return inner ?? top[1];
  }
  return top[0];
}
