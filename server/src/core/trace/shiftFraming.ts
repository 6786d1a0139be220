// A framing made from a part of a file (a streamed segment, an edited region of a log) with what
// is not read from that part's text (capture times, derived texts' maps, findings) in file offsets.
// Frame ranges stay in the part's own offsets: the trace builder reads them from the part's text
// and shifts what it scans by the part's base.
import { shiftFinding, shiftSpan } from '../spanShift';
import { shiftedMap } from '../offsetMap';
import type { Frame, Framing } from './frames';

export function shiftFraming(framing: Framing, base: number): Framing {
  if (base === 0) return framing;
  const frames = framing.frames.map((f): Frame => {
    const out: Frame = { ...f };
    if (f.time) out.time = { ...f.time, span: shiftSpan(f.time.span, base) };
    if (f.derived) out.derived = { text: f.derived.text, map: shiftedMap(f.derived.map, base) as typeof f.derived.map };
    return out;
  });
  return { ...framing, frames, findings: framing.findings.map((f) => shiftFinding(f, base)) };
}
