// What an analysis shows, as plain data: findings, verdicts, and the trace model every face reads
// (stanza trees with their spans and what their offset maps say), to compare two analyses exactly.
import type { Analysis } from '../../server/src/core/analyze';
import type { OffsetMap, Trace, XmlNode } from '../../server/src/core/types';

function mapSample(map: OffsetMap, length: number): number[] {
  const out: number[] = [];
  const step = Math.max(1, Math.floor(length / 7));
  for (let i = 0; i <= length; i += step) out.push(map.toFile(i));
  const s = map.toFileSpan(0, length);
  out.push(s.start, s.end);
  return out;
}

function node(n: XmlNode): unknown {
  if (n.type !== 'element') return [n.type, n.value, n.span, mapSample(n.map, n.value.length)];
  return [n.name, n.ns, n.span, n.nameSpan, n.startTagEnd, n.closed, n.attrs.map((a) => [a.name, a.value, a.nameSpan, a.valueSpan]), n.children.map(node)];
}

export function snapshot(a: Analysis): unknown {
  const t = a.trace;
  return {
    kind: a.kind,
    dialect: a.dialect,
    stanzaCount: a.stanzaCount,
    findings: a.findings,
    objects: a.objects,
    records: a.records.map((r) => [r.ref.contentSpan, r.effectiveFrom, r.stanza.element.span, r.unwrapped?.layers, r.ref.content.length, mapSample(r.ref.map, r.ref.content.length)]),
    stanzas: t?.stanzas.map((s) => [s.kind, s.direction, s.entryIndex, s.stream, s.time, s.from?.valueSpan, s.to?.value, s.type?.value, s.id?.valueSpan, s.delay?.epochMs, s.delay?.stamp?.valueSpan, s.e2e.map((r) => [r.contentSpan, r.isCdata, r.ns, r.content, mapSample(r.map, r.content.length)]), node(s.element)]),
    others: t?.others.map((o) => [o.name, o.span, o.children.length]),
    traceFindings: t?.findings,
    keptSummaries: t?.keptSummaries,
  };
}

/** Runs a stepwise parse to its end, counting its steps. */
export function drain(g: Generator<void, Trace | undefined, void>): { trace: Trace | undefined; steps: number } {
  let steps = 0;
  for (;;) {
    const r = g.next();
    if (r.done) return { trace: r.value, steps };
    steps++;
  }
}
