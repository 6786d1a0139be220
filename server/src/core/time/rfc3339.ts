// RFC 3339 date-time (CPIM DateTime, PIDF <timestamp>, XEP-0082 delay stamps) and the legacy
// XEP-0091 `CCYYMMDDThh:mm:ss` stamp. Pure parsing: callers decide what is an error.

export type ParsedTime =
  | {
      ok: true;
      epochMs: number;
      offsetMinutes: number;
      /** Written with `Z` (or `z`); `+00:00` is UTC but not zulu. */
      zulu: boolean;
      /** `-00:00`: UTC with an unknown local offset (RFC 3339 §4.3). */
      unknownOffset?: boolean;
      /** A lower-case `t` or `z` was used (RFC 3339 §5.6 allows it; PIDF does not). */
      lowerCase?: boolean;
    }
  | { ok: false; reason: string };

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})([Tt])(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

const LEGACY = /^(\d{4})(\d{2})(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Milliseconds from a fraction's digits without float noise in the first three digits. */
function fractionMs(digits: string | undefined): number {
  if (!digits) return 0;
  const whole = Number(digits.slice(0, 3).padEnd(3, '0'));
  return digits.length > 3 ? whole + Number('0.' + digits.slice(3)) : whole;
}

/** Range-checks the fields and builds epoch ms; Date.UTC would map years 0-99 to 19xx. */
function instant(
  y: number, mo: number, d: number, h: number, mi: number, s: number, frac: string | undefined,
): number | string {
  if (mo < 1 || mo > 12) return `month ${mo} is out of range`;
  if (d < 1 || d > daysInMonth(y, mo)) return `day ${d} does not exist in ${y}-${String(mo).padStart(2, '0')}`;
  if (h > 23) return `hour ${h} is out of range`;
  if (mi > 59) return `minute ${mi} is out of range`;
  if (s > 60) return `second ${s} is out of range`;
  if (s === 60 && mi !== 59) return 'a leap second (60) is only possible at minute 59';
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, 0);
  return date.getTime() + fractionMs(frac);
}

/**
 * Parses an RFC 3339 `date-time`. `strictCase` demands upper-case `T` and `Z` (PIDF-13);
 * otherwise lower case is accepted and flagged with `lowerCase`.
 */
export function parseRfc3339(s: string, options: { strictCase?: boolean } = {}): ParsedTime {
  const m = RFC3339.exec(s);
  if (!m) return { ok: false, reason: describeSyntaxError(s) };
  const [, ys, mos, ds, t, hs, mis, ss, frac, z, sign, ohs, oms] = m;
  const lowerCase = t === 't' || z === 'z';
  if (lowerCase && options.strictCase) {
    return { ok: false, reason: "'T' and 'Z' must be upper case" };
  }
  const at = instant(+ys, +mos, +ds, +hs, +mis, +ss, frac);
  if (typeof at === 'string') return { ok: false, reason: at };
  let offsetMinutes = 0;
  if (sign) {
    const oh = +ohs;
    const om = +oms;
    if (oh > 23) return { ok: false, reason: `offset hour ${oh} is out of range` };
    if (om > 59) return { ok: false, reason: `offset minute ${om} is out of range` };
    offsetMinutes = (sign === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const result: ParsedTime = { ok: true, epochMs: at - offsetMinutes * 60_000, offsetMinutes, zulu: !!z };
  if (sign === '-' && offsetMinutes === 0) result.unknownOffset = true;
  if (lowerCase) result.lowerCase = true;
  return result;
}

/** A short, specific reason for text that does not match the grammar at all. */
function describeSyntaxError(s: string): string {
  if (s.trim() === '') return 'empty date-time';
  if (s !== s.trim()) return 'leading or trailing whitespace';
  if (!/^\d{4}-\d{2}-\d{2}/.test(s)) return 'expected a full-date YYYY-MM-DD';
  const rest = s.slice(10);
  if (rest === '') return "missing 'T' and the time of day";
  if (rest[0] === ' ') return "date and time must be separated by 'T', not a space";
  if (!/^[Tt]\d{2}:\d{2}:\d{2}/.test(rest)) return "expected 'T' followed by hh:mm:ss";
  const tail = rest.slice(9).replace(/^\.\d+/, '');
  if (tail === '') return "missing time zone ('Z' or ±hh:mm)";
  if (rest[9] === '.' && !/^\.\d/.test(rest.slice(9))) return 'a fraction needs at least one digit';
  if (/^[+-]\d{4}$/.test(tail)) return "the offset needs a colon (±hh:mm)";
  return `unexpected '${tail}' where 'Z' or ±hh:mm was expected`;
}

/** XEP-0091 `CCYYMMDDThh:mm:ss` (UTC implied, so reported as zulu). */
export function parseLegacyDelayStamp(s: string): ParsedTime {
  const m = LEGACY.exec(s);
  if (!m) return { ok: false, reason: 'expected the legacy form CCYYMMDDThh:mm:ss' };
  const [, ys, mos, ds, hs, mis, ss, frac] = m;
  const at = instant(+ys, +mos, +ds, +hs, +mis, +ss, frac);
  if (typeof at === 'string') return { ok: false, reason: at };
  return { ok: true, epochMs: at, offsetMinutes: 0, zulu: true };
}
