// The ASN.1 tree as text lines in `openssl asn1parse` style (offset, depth, header length, length,
// cons/prim, tag, value), indented by depth, with BER notes and, where the bytes are in the file,
// their place there (rendered by the caller: offsets in the core, lines at the edge).
import type { Span } from '../types';
import type { Asn1Node } from './asn1Tree';

export function formatAsn1Tree(root: Asn1Node, where?: (span: Span) => string): string[] {
  const lines: string[] = [];
  const walk = (n: Asn1Node, depth: number): void => {
    const len = n.indefinite ? 'inf' : String(n.length);
    const head = `${String(n.offset).padStart(5)}:d=${depth} hl=${n.headerLength} l=${len.padStart(4)} ${n.constructed ? 'cons' : 'prim'}:`;
    const parts = [`${head} ${'  '.repeat(depth)}${n.encapsulated ? '(encapsulated) ' : ''}${n.tag}`];
    if (n.value !== undefined) parts.push(`: ${n.value}`);
    if (n.ber.length) parts.push(`  [BER: ${n.ber.join(', ')}]`);
    if (n.fileSpan && where) parts.push(`  @ ${where(n.fileSpan)}`);
    lines.push(parts.join(''));
    for (const c of n.children) walk(c, depth + 1);
  };
  walk(root, 0);
  return lines;
}
