// Capture-time and delay-stamp parsing. No Date.parse (its formats and local zone are
// implementation-defined): each accepted shape is matched explicitly and read as UTC unless the
// text carries a zone.

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

export interface ParsedTime {
  epochMs?: number;
  /** False when the text has no full date (time of day only, or no year). */
  dateKnown: boolean;
}

function utc(y: number, mo: number, d: number, h: number, mi: number, s: number, frac: string | undefined): number | undefined {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || s > 60) return undefined;
  const ms = frac ? Math.round(Number('0.' + frac) * 1000) : 0;
  return Date.UTC(y, mo - 1, d, h, mi, s, ms);
}

function zoneOffsetMs(zone: string | undefined): number {
  if (!zone || zone === 'Z' || zone === 'z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (!m) return 0;
  const mins = Number(m[2]) * 60 + Number(m[3] ?? '0');
  return (m[1] === '+' ? 1 : -1) * mins * 60000;
}

/** `YYYY-MM-DD` of the reference date, or 1970-01-01 (the dialect gave no date; callers say so via dateKnown). */
function reference(referenceDate: string | undefined): [number, number, number] {
  const m = referenceDate ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(referenceDate) : null;
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [1970, 1, 1];
}

const ISO = /(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?\s?(Z|[+-]\d{2}(?::?\d{2})?)?/i;
const DOTTED = /(\d{4})\.(\d{2})\.(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?/;
// Locale dates (%x, %c): 01/15/2024, 15/01/24, 15.01.2024, each followed by a time.
const SLASHED = /(\d{1,2})([/.])(\d{1,2})\2(\d{4}|\d{2})[ T,]+(\d{1,2}):(\d{2}):(\d{2})(?:[.,](\d+))?/;
// ctime / %c: "Fri Dec 14 13:53:42 2012", "Mon 15 Jan 2024 10:23:45", "Jan 15 10:23:45" (no year).
const MONTH_DAY = /\b([A-Za-z]{3})[a-z]*\.? +(\d{1,2}),? +(?:(\d{4}) +)?(\d{1,2}):(\d{2}):(\d{2})(?:[.,](\d+))?(?: +(\d{4}))?/;
const DAY_MONTH = /\b(\d{1,2}) +([A-Za-z]{3})[a-z]*\.? +(\d{4}),? +(\d{1,2}):(\d{2}):(\d{2})(?:[.,](\d+))?/;
const TIME_ONLY = /(\d{1,2}):(\d{2}):(\d{2})(?:[.,](\d+))?(?:\s*([AaPp][Mm]))?/;

/** Reads a capture timestamp in any of the shapes the supported dialects write. */
export function parseCaptureTime(text: string, referenceDate?: string): ParsedTime {
  let m = ISO.exec(text);
  if (m) {
    const t = utc(+m[1], +m[2], +m[3], +m[4], +m[5], +m[6], m[7]);
    return { epochMs: t === undefined ? undefined : t - zoneOffsetMs(m[8]), dateKnown: true };
  }
  m = DOTTED.exec(text);
  if (m) return { epochMs: utc(+m[1], +m[2], +m[3], +m[4], +m[5], +m[6], m[7]), dateKnown: true };
  m = SLASHED.exec(text);
  if (m) {
    // Day first when it cannot be a month or the separator is a dot (German style); else month
    // first, as the C and US locales print %x.
    const a = +m[1];
    const b = +m[3];
    const dayFirst = a > 12 || (m[2] === '.' && b <= 12);
    const y = m[4].length === 2 ? 2000 + Number(m[4]) : Number(m[4]);
    return { epochMs: utc(y, dayFirst ? b : a, dayFirst ? a : b, +m[5], +m[6], +m[7], m[8]), dateKnown: true };
  }
  m = MONTH_DAY.exec(text);
  if (m && MONTHS[m[1].toLowerCase()]) {
    const year = m[3] ?? m[8];
    const y = year ? Number(year) : reference(referenceDate)[0];
    return { epochMs: utc(y, MONTHS[m[1].toLowerCase()], +m[2], +m[4], +m[5], +m[6], m[7]), dateKnown: !!year };
  }
  m = DAY_MONTH.exec(text);
  if (m && MONTHS[m[2].toLowerCase()]) {
    return { epochMs: utc(+m[3], MONTHS[m[2].toLowerCase()], +m[1], +m[4], +m[5], +m[6], m[7]), dateKnown: true };
  }
  m = TIME_ONLY.exec(text);
  if (m) {
    // Time of day only (Smack, Gajim): the date is the reference date, or 1970-01-01 when none was given.
    let h = +m[1];
    const ampm = m[5]?.toLowerCase();
    if (ampm === 'pm' && h < 12) h += 12;
    if (ampm === 'am' && h === 12) h = 0;
    const [y, mo, d] = reference(referenceDate);
    return { epochMs: utc(y, mo, d, h, +m[2], +m[3], m[4]), dateKnown: false };
  }
  return { dateKnown: false };
}

/** XEP-0082 DateTime (`urn:xmpp:delay`): CCYY-MM-DDThh:mm:ss[.sss](Z|+-hh:mm). */
export function parseXep82(stamp: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/.exec(stamp.trim());
  if (!m) return undefined;
  const t = utc(+m[1], +m[2], +m[3], +m[4], +m[5], +m[6], m[7]);
  return t === undefined ? undefined : t - zoneOffsetMs(m[8]);
}

/** Legacy `jabber:x:delay` (XEP-0091) stamp: CCYYMMDDThh:mm:ss, always UTC. */
export function parseLegacyStamp(stamp: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(stamp.trim());
  return m ? utc(+m[1], +m[2], +m[3], +m[4], +m[5], +m[6], undefined) : undefined;
}
