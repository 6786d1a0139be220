// RFC 3863 structure rules beyond checkPidf's basics: the schema order of <presence> and <tuple>
// children (PIDF-5, PIDF-7), a mandatory non-empty <status> (PIDF-7, PIDF-8), <contact> priority
// (PIDF-11), a tuple without <timestamp> (PIDF-13), mustUnderstand (PIDF-14), absolute namespace
// URIs (PIDF-15), UTF-8 (PIDF-2).
import type { Finding, OffsetMap, XmlElement } from '../types';

const PIDF_NS = 'urn:ietf:params:xml:ns:pidf';

function elements(el: XmlElement): XmlElement[] {
  return el.children.filter((c): c is XmlElement => c.type === 'element');
}

function attr(el: XmlElement, name: string) {
  return el.attrs.find((a) => a.name === name);
}

/** Rank of a <tuple> child in the schema's sequence: status, extensions, contact?, note*, timestamp?. */
function tupleRank(el: XmlElement): number {
  if (el.ns !== PIDF_NS) return 1;
  return ({ status: 0, contact: 2, note: 3, timestamp: 4 } as Record<string, number>)[el.local] ?? 1;
}

/** Rank of a <presence> child: tuple*, note*, then other namespaces. */
function presenceRank(el: XmlElement): number {
  if (el.ns !== PIDF_NS) return 2;
  return el.local === 'tuple' ? 0 : el.local === 'note' ? 1 : 2;
}

const NAMES = ['<status>', 'extension elements', '<contact>', '<note>', '<timestamp>'];

function orderFinding(children: XmlElement[], rank: (e: XmlElement) => number, where: string, order: string): Finding | undefined {
  let max = -1;
  for (const c of children) {
    const r = rank(c);
    if (r < max) {
      return { code: 'pidf.order', message: `<${c.name}> is out of order in ${where}: the schema's order is ${order}`, span: c.nameSpan };
    }
    max = Math.max(max, r);
  }
  return undefined;
}

const PRIORITY = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?|\.\d{1,3})$/;
const ABSOLUTE = /^[A-Za-z][A-Za-z0-9+.-]*:[^#]*$/;

export function pidfStructureFindings(
  text: string,
  map: OffsetMap,
  root: XmlElement,
  options: { standalone: boolean },
): Finding[] {
  const out: Finding[] = [];
  const decl = /^\ufeff?\s*<\?xml[^>]*?\bencoding\s*=\s*(["'])([^"']*)\1/.exec(text);
  if (decl && decl[2]!.toLowerCase() !== 'utf-8') {
    const s = decl.index + decl[0].length - decl[2]!.length - 1;
    out.push({ code: 'pidf.encoding.notUtf8', message: `encoding "${decl[2]}": PIDF processors must accept UTF-8 and other encodings are strongly discouraged (RFC 3863 §4.1)`, span: map.toFileSpan(s, s + decl[2]!.length) });
  }
  const top = elements(root);
  const o = orderFinding(top, presenceRank, '<presence>', '<tuple>*, <note>*, then other namespaces');
  if (o) out.push(o);
  const tuples = top.filter((e) => e.ns === PIDF_NS && e.local === 'tuple');
  // Inside <e2e/>, a document with no timestamp at all is e2e.ts.missing; per-tuple gaps are reported here.
  const anyTimestamp = tuples.some((t) => elements(t).some((c) => c.ns === PIDF_NS && c.local === 'timestamp'));
  for (const tuple of tuples) {
    const kids = elements(tuple);
    const status = kids.find((c) => c.ns === PIDF_NS && c.local === 'status');
    if (!status) {
      out.push({ code: 'pidf.tuple.status', message: '<tuple> has no <status> (it is mandatory, RFC 3863 §4.1.2)', span: tuple.nameSpan });
    } else {
      const o2 = orderFinding(kids, tupleRank, '<tuple>', NAMES.join(', '));
      if (o2) out.push(o2);
      if (elements(status).length === 0) {
        out.push({ code: 'pidf.status.empty', message: '<status> must hold at least one child element (<basic> or an extension), RFC 3863 §4.1.3', span: status.nameSpan });
      }
    }
    const contact = kids.find((c) => c.ns === PIDF_NS && c.local === 'contact');
    const priority = contact && attr(contact, 'priority');
    if (priority && !PRIORITY.test(priority.value)) {
      out.push({ code: 'pidf.contact.priority', message: `priority '${priority.value}' is not a decimal in [0, 1] with at most 3 decimal places; receivers ignore it (RFC 3863 §4.1.5)`, span: priority.valueSpan });
    }
    if ((options.standalone || anyTimestamp) && !kids.some((c) => c.ns === PIDF_NS && c.local === 'timestamp')) {
      out.push({ code: 'pidf.timestamp.missing', message: 'a tuple should carry a <timestamp> unless the time of the change is unknown (RFC 3863 §4.1.7)', span: tuple.nameSpan });
    }
  }
  walk(root, undefined, out);
  return out;
}

/**
 * mustUnderstand only on optional elements directly in <status>; namespace URIs absolute. Every
 * element, in document order, with an explicit stack: nesting as deep as the input (a fuzzed
 * PIDF nested 27,000 levels) must not exhaust the call stack.
 */
function walk(root: XmlElement, rootParent: XmlElement | undefined, out: Finding[]): void {
  const stack: [XmlElement, XmlElement | undefined][] = [[root, rootParent]];
  while (stack.length > 0) {
    const [el, parent] = stack.pop()!;
    checkElement(el, parent, out);
    const kids = elements(el);
    for (let i = kids.length - 1; i >= 0; i--) stack.push([kids[i], el]);
  }
}

function checkElement(el: XmlElement, parent: XmlElement | undefined, out: Finding[]): void {
  for (const a of el.attrs) {
    if ((a.name === 'xmlns' || a.name.startsWith('xmlns:')) && a.value !== '' && !ABSOLUTE.test(a.value)) {
      out.push({ code: 'pidf.ns.notAbsolute', message: `namespace URI '${a.value}' must be absolute, without a fragment (RFC 3863 §4.2.2)`, span: a.valueSpan });
    }
    const local = a.name.includes(':') ? a.name.slice(a.name.indexOf(':') + 1) : a.name;
    if (local === 'mustUnderstand') {
      const inStatus = parent !== undefined && parent.ns === PIDF_NS && parent.local === 'status' && el.ns !== PIDF_NS;
      if (inStatus && /^(true|1)$/.test(a.value.trim())) {
        // Only <basic> is understood here; a receiver like this one ignores the enclosing tuple.
        out.push({ code: 'pidf.mustUnderstand.unknown', message: `<${el.name}> is marked mustUnderstand and is not understood here: a receiver that does not understand it ignores the enclosing <tuple> (RFC 3863 §4.2.3)`, span: el.nameSpan });
      }
      if (!inStatus) {
        out.push({ code: 'pidf.mustUnderstand', message: `mustUnderstand may only appear on optional extension elements nested in <status>, not on <${el.name}> (RFC 3863 §4.2.3)`, span: a.nameSpan });
      }
    }
  }
}
