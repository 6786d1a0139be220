// Counts the work a synchronous call does in string and array built-ins: characters an indexOf
// or a regex may look at, elements an array method walks or moves, one per charCodeAt. Linear code
// costs a count proportional to its input; a rescan per line, a regex run on a growing remainder
// or an array shift per item shows as a count that grows faster. Deterministic: no clock.
type Counts = Record<string, number>;

interface Patch {
  target: object;
  key: string;
  /** `from` is the regex's lastIndex before the call (0 unless global or sticky). */
  cost: (self: unknown, args: unknown[], result: unknown, from: number) => number;
}

const strLen = (s: unknown): number => (typeof s === 'string' ? s.length : String(s).length);
const arrLen = (a: unknown): number => (a as { length: number }).length >>> 0;

/** Characters an indexOf-like search looked at: to the hit, else to the end. */
function searched(self: unknown, args: unknown[], result: unknown): number {
  const from = Math.max(0, Math.min(Number(args[1] ?? 0) || 0, strLen(self)));
  const end = result === -1 || result === false ? strLen(self) : typeof result === 'number' ? result : strLen(self);
  return Math.max(1, end - from + 1);
}

const PATCHES: Patch[] = [
  { target: String.prototype, key: 'charCodeAt', cost: () => 1 },
  { target: String.prototype, key: 'codePointAt', cost: () => 1 },
  { target: String.prototype, key: 'indexOf', cost: searched },
  { target: String.prototype, key: 'includes', cost: (s, a) => Math.max(1, strLen(s) - (Number(a[1] ?? 0) || 0)) },
  { target: String.prototype, key: 'lastIndexOf', cost: (s) => strLen(s) },
  { target: String.prototype, key: 'startsWith', cost: (_s, a) => 1 + strLen(a[0]) },
  { target: String.prototype, key: 'endsWith', cost: (_s, a) => 1 + strLen(a[0]) },
  { target: String.prototype, key: 'trim', cost: (s) => strLen(s) },
  { target: String.prototype, key: 'split', cost: (s) => strLen(s) },
  { target: String.prototype, key: 'toLowerCase', cost: (s) => strLen(s) },
  // exec is what test, match, replace and split call for a RegExp: it is the one to count, as the
  // characters from where it started to the end of its match (or of the text, when none).
  { target: RegExp.prototype, key: 'exec', cost: (_r, a, m, from) => Math.max(1, (m ? (m as RegExpExecArray).index + (m as RegExpExecArray)[0].length : strLen(a[0])) - from) },
  ...['indexOf', 'includes', 'lastIndexOf', 'find', 'findIndex', 'some', 'every', 'filter', 'map', 'forEach', 'reduce', 'slice', 'concat', 'join', 'sort', 'shift', 'unshift', 'splice', 'flat', 'flatMap'].map(
    (key): Patch => ({ target: Array.prototype, key, cost: (a) => 1 + arrLen(a) }),
  ),
];

export interface Work {
  total: number;
  by: Counts;
  /**
   * The longest stretch of text one regex call went over, and that regex. Backtracking happens
   * inside the regex engine, where no count reaches: what can be checked is which regexes meet
   * the long runs.
   */
  longestRegexInput: { length: number; source: string };
}

export function countWork(fn: () => void): Work {
  const by: Counts = {};
  let total = 0;
  const longestRegexInput = { length: 0, source: '' };
  const saved = PATCHES.map((p) => (p.target as Record<string, unknown>)[p.key] as (...a: unknown[]) => unknown);
  PATCHES.forEach((p, i) => {
    const orig = saved[i];
    const name = `${p.target === String.prototype ? 'String' : p.target === RegExp.prototype ? 'RegExp' : 'Array'}.${p.key}`;
    const cost = p.cost;
    Object.defineProperty(p.target, p.key, {
      configurable: true,
      writable: true,
      value: function (this: unknown, ...args: unknown[]) {
        const from = this instanceof RegExp && (this.global || this.sticky) ? this.lastIndex : 0;
        const r = Reflect.apply(orig, this, args);
        const c = cost(this, args, r, from);
        if (this instanceof RegExp && c > longestRegexInput.length) Object.assign(longestRegexInput, { length: c, source: this.source });
        total += c;
        by[name] = (by[name] ?? 0) + c;
        return r;
      },
    });
  });
  try {
    fn();
  } finally {
    PATCHES.forEach((p, i) => Object.defineProperty(p.target, p.key, { configurable: true, writable: true, value: saved[i] }));
  }
  return { total, by, longestRegexInput };
}
