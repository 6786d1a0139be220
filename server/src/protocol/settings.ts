// The `xmppE2e.*` settings as the server sees them, with defaults and a normaliser for raw
// configuration values (anything the client sends, or nothing at all from editors without
// `workspace/configuration`). Shared by client and server: no imports.

export type SeverityName = 'error' | 'warning' | 'information' | 'hint' | 'off';

export interface XmppE2eSettings {
  keys: { paths: string[] };
  trust: { paths: string[] };
  /** ISO date-time used as "now" when a stanza has no delay or capture time; empty: the clock. */
  now: string;
  clockSkewSeconds: number;
  severity: Record<string, SeverityName>;
  verify: { enabled: boolean };
  maxNumberOfProblems: number;
  symbols: { maxItemsComputed: number };
  detectTraces: boolean;
  /** Algorithm profile for e2e.alg.nonMti / smime.alg.deprecated / e2e.legacy.profile (core/cms/profiles.ts). */
  profile: 'modern' | 'rfc3923' | 'smime4';
}

export const DEFAULT_SETTINGS: XmppE2eSettings = {
  keys: { paths: ['.xmpp-e2e'] },
  trust: { paths: ['.xmpp-e2e/trust'] },
  now: '',
  clockSkewSeconds: 300,
  severity: {},
  verify: { enabled: true },
  maxNumberOfProblems: 1000,
  symbols: { maxItemsComputed: 5000 },
  detectTraces: true,
  profile: 'modern',
};

const PROFILES = new Set<string>(['modern', 'rfc3923', 'smime4']);

const SEVERITIES = new Set<string>(['error', 'warning', 'information', 'hint', 'off']);

function obj(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function strings(v: unknown, fallback: string[]): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string' && s.trim() !== '') : fallback;
}

function num(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

/** Reads either a nested object (`{keys: {paths}}`) or dotted keys (`{'keys.paths': ...}`). */
function pick(raw: Record<string, unknown>, dotted: string): unknown {
  if (dotted in raw) return raw[dotted];
  let cur: unknown = raw;
  for (const part of dotted.split('.')) cur = obj(cur)[part];
  return cur;
}

export function normalizeSettings(value: unknown): XmppE2eSettings {
  const raw = obj(value);
  const severity: Record<string, SeverityName> = {};
  for (const [code, sev] of Object.entries(obj(pick(raw, 'severity')))) {
    if (typeof sev === 'string' && SEVERITIES.has(sev)) severity[code] = sev as SeverityName;
  }
  const d = DEFAULT_SETTINGS;
  const now = pick(raw, 'now');
  const verify = pick(raw, 'verify.enabled');
  const detect = pick(raw, 'detectTraces');
  const profile = pick(raw, 'profile');
  return {
    keys: { paths: strings(pick(raw, 'keys.paths'), d.keys.paths) },
    trust: { paths: strings(pick(raw, 'trust.paths'), d.trust.paths) },
    now: typeof now === 'string' ? now.trim() : '',
    clockSkewSeconds: Math.max(0, num(pick(raw, 'clockSkewSeconds'), d.clockSkewSeconds)),
    severity,
    verify: { enabled: typeof verify === 'boolean' ? verify : true },
    maxNumberOfProblems: num(pick(raw, 'maxNumberOfProblems'), d.maxNumberOfProblems),
    symbols: { maxItemsComputed: num(pick(raw, 'symbols.maxItemsComputed'), d.symbols.maxItemsComputed) },
    detectTraces: typeof detect === 'boolean' ? detect : true,
    profile: typeof profile === 'string' && PROFILES.has(profile) ? (profile as XmppE2eSettings['profile']) : d.profile,
  };
}

/** The fixed "now" of the settings as epoch ms, or undefined for the clock (empty or unparseable). */
export function fixedNowMs(s: Pick<XmppE2eSettings, 'now'>): number | undefined {
  const ms = s.now ? Date.parse(s.now) : NaN;
  return Number.isFinite(ms) ? ms : undefined;
}
