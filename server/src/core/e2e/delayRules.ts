// Delayed-delivery stamps beyond presence of the attribute (stanzaRules.delayFindings): the stamp's
// syntax and UTC form (XEP-0203 §2, XEP-0082; DLY-1, DLY-5), more than one <delay/> (DLY-1), a
// urn:xmpp:delay and a jabber:x:delay that disagree (DLY-7), and how long a delayed stanza was held
// before the capture saw it (DLY-6). A stamp that does not parse is not used as "now"; saying so
// here keeps that from happening silently.
import { parseLegacyDelayStamp, parseRfc3339, type ParsedTime } from '../time/rfc3339';
import type { Finding, Stanza, XmlAttr, XmlElement } from '../types';

const DELAY_NS = 'urn:xmpp:delay';
const LEGACY_NS = 'jabber:x:delay';

interface Stamped {
  element: XmlElement;
  stamp: XmlAttr;
  parsed: ParsedTime;
}

function stampOf(el: XmlElement): XmlAttr | undefined {
  return el.attrs.find((a) => a.name === 'stamp');
}

export function delayStampFindings(stanza: Stanza): Finding[] {
  const out: Finding[] = [];
  const modern: Stamped[] = [];
  const legacy: Stamped[] = [];
  let delays = 0;
  for (const c of stanza.element.children) {
    if (c.type !== 'element') continue;
    const isModern = c.local === 'delay' && c.ns === DELAY_NS;
    const isLegacy = c.local === 'x' && c.ns === LEGACY_NS;
    if (!isModern && !isLegacy) continue;
    if (isModern && ++delays > 1) {
      out.push({ code: 'delay.multiple', message: 'More than one <delay xmlns="urn:xmpp:delay"/>: XEP-0203 has the delivering entity add one and only one.', span: c.nameSpan });
    }
    const stamp = stampOf(c);
    if (!stamp) continue;
    const parsed = isModern ? parseRfc3339(stamp.value) : legacyOrModern(stamp.value);
    if (!parsed.ok) {
      out.push({
        code: 'delay.stamp.syntax',
        message: `The delay stamp '${stamp.value}' is not ${isModern ? 'an XEP-0082 DateTime (CCYY-MM-DDThh:mm:ss[.sss]TZD)' : 'CCYYMMDDThh:mm:ss nor an XEP-0082 DateTime'}: ${parsed.reason}. It is not used as the message's "now".`,
        span: stamp.valueSpan,
      });
      continue;
    }
    if (isModern && !parsed.zulu) {
      out.push({
        code: 'delay.stamp.notUtc',
        ...(parsed.offsetMinutes === 0 ? { severity: 'warning' as const } : {}),
        message: `The delay stamp '${stamp.value}' ${parsed.offsetMinutes === 0 ? 'uses a zero offset instead of' : 'has a UTC offset; XEP-0203 requires UTC written with'} 'Z'.`,
        span: stamp.valueSpan,
      });
    }
    (isModern ? modern : legacy).push({ element: c, stamp, parsed });
  }
  const m = modern[0];
  const l = legacy[0];
  // DLY-6: the window is judged at the delay stamp; how long the stanza was held is worth seeing.
  const used = m ?? l;
  const captured = stanza.time?.dateKnown ? stanza.time.epochMs : undefined;
  if (used?.parsed.ok && captured !== undefined && Math.abs(captured - used.parsed.epochMs) > HELD_MS) {
    out.push({
      code: 'delay.skew',
      message: `Captured ${describeMs(captured - used.parsed.epochMs)} ${captured >= used.parsed.epochMs ? 'after' : 'before'} its delay stamp: the timestamp window is judged at the stamp (offline delivery), not at the capture time.`,
      span: used.stamp.valueSpan,
    });
  }
  if (m?.parsed.ok && l?.parsed.ok && Math.floor(m.parsed.epochMs / 1000) !== Math.floor(l.parsed.epochMs / 1000)) {
    out.push({
      code: 'delay.inconsistent',
      message: `urn:xmpp:delay says ${m.stamp.value} but jabber:x:delay says ${l.stamp.value}: the two delay notes disagree (the urn:xmpp:delay one is used).`,
      span: l.stamp.valueSpan,
      related: [{ span: m.stamp.valueSpan, message: 'the urn:xmpp:delay stamp' }],
    });
  }
  return out;
}

const HELD_MS = 300_000;

function describeMs(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  return s < 7200 ? `${Math.round(s / 60)} min` : s < 172800 ? `${Math.round(s / 3600)} h` : `${Math.round(s / 86400)} days`;
}

/** Legacy stamps: CCYYMMDDThh:mm:ss, or the XEP-0082 form receivers SHOULD also accept (DLY-5). */
function legacyOrModern(value: string): ParsedTime {
  const legacy = parseLegacyDelayStamp(value);
  if (legacy.ok) return legacy;
  const modern = parseRfc3339(value);
  return modern.ok ? modern : legacy;
}
