// Public entry point of the tolerant XML parser: a fragment or a whole document (XML declaration,
// comments, PIs, DOCTYPE skipped unexpanded) to a positioned tree with file spans.
import type { Finding, OffsetMap, XmlNode } from '../types';
import { scanXml } from './scanXml';

export interface ParseXmlOptions {
  /** Maps offsets in `text` to the file (default: identity). */
  map?: OffsetMap;
  /** Initial namespace scope, prefix '' = default namespace. */
  namespaces?: Record<string, string>;
  /** Input may end inside open elements (a fragment, a cut capture) without a fault. */
  allowUnclosed?: boolean;
}

export function parseXml(text: string, options: ParseXmlOptions = {}): { nodes: XmlNode[]; findings: Finding[] } {
  try {
    const r = scanXml(text, 0, text.length, {
      map: options.map,
      namespaces: options.namespaces,
      allowUnclosed: options.allowUnclosed,
    });
    return { nodes: r.nodes, findings: r.findings };
  } catch (e) {
    // The scanner is written not to throw; this keeps the core's promise if it ever does.
    const at = options.map ? options.map.toFile(0) : 0;
    return {
      nodes: [],
      findings: [{ code: 'xml.malformed', message: `XML could not be parsed: ${(e as Error).message}`, span: { start: at, end: at } }],
    };
  }
}
