// The stanzas of a scanned region, the plain ones kept compactly (trace/compactStanza.ts): in the
// stanza list and among the stream's children alike, so both hold one small object per stanza.
import { plainNow } from '../e2e/plainStanza';
import { compactStanza, CompactScan, type CompactElement } from '../trace/compactStanza';
import { buildStanza, stanzaKind } from '../trace/stanzaModel';
import type { Stanza, XmlElement } from '../types';
import type { Region } from './streamSplice';

/** The region's stanzas; its `nodes` get the compact elements in place of the trees. */
export function regionStanzas(r: Region, namespaces: Record<string, string>): Stanza[] {
  const out: Stanza[] = [];
  let compacted: Map<XmlElement, CompactElement> | undefined;
  let scan: CompactScan | undefined;
  for (const el of r.elements) {
    const s = buildStanza(el, stanzaKind(el)!, 'unknown', undefined, 0);
    // Worked out, not remembered: a plain stanza's record is the compact one made here.
    const c = el.closed && plainNow(s) ? compactStanza(s, (scan ??= new CompactScan(r.src, r.shift)), namespaces) : undefined;
    if (c) {
      (compacted ??= new Map()).set(el, c.element);
      out.push(c);
    } else out.push(s);
  }
  if (compacted) {
    for (let i = 0; i < r.nodes.length; i++) {
      const n = r.nodes[i];
      const c = n.type === 'element' ? compacted.get(n) : undefined;
      if (c) r.nodes[i] = c;
    }
  }
  return out;
}
