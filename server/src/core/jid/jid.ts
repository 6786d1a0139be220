// RFC 7622 addresses: parse and validate, bare form and bare comparison. PRECIS is applied
// practically (NFC + lower case for comparison; control characters and whitespace rejected),
// not with the full Unicode derived-property tables.
import { isIPv6 } from 'node:net';
import { ownCopy } from '../ownCopy';
import { rememberedBy } from '../stringMemo';

export interface ParsedJid {
  /** Parts as written (domain without a trailing dot). */
  local?: string;
  domain: string;
  resource?: string;
  /** Normalised bare JID: local and domain lower-cased, NFC, trailing dot removed. */
  bare: string;
  /** Normalised bare JID plus `/resource` (the resource is case-sensitive and kept as written). */
  full: string;
}

const MAX_PART_BYTES = 1023;
// RFC 7622 §3.3.1: characters a localpart may not contain.
const LOCAL_FORBIDDEN = /["&'/:<>@]/;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const WHITESPACE = /\s/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// Letters, marks and digits of any script, plus the hyphen (LDH extended to U-labels).
const LABEL = /^[\p{L}\p{M}\p{N}](?:[\p{L}\p{M}\p{N}-]*[\p{L}\p{M}\p{N}])?$/u;

type Result = { ok: true; jid: ParsedJid } | { ok: false; reason: string };

const ASCII = /^[\x00-\x7f]*$/;
const ASCII_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;

function hasLoneSurrogate(s: string): boolean {
  return !ASCII.test(s) && LONE_SURROGATE.test(s);
}

function bytes(s: string): number {
  return ASCII.test(s) ? s.length : Buffer.byteLength(s, 'utf8');
}

function describeChar(c: string): string {
  const cp = c.codePointAt(0) ?? 0;
  const hex = 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');
  return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || /\s/.test(c) ? hex : `'${c}' (${hex})`;
}

function checkLocal(local: string): string | undefined {
  if (local === '') return 'empty localpart before @';
  if (bytes(local) > MAX_PART_BYTES) return `localpart longer than ${MAX_PART_BYTES} bytes`;
  if (hasLoneSurrogate(local)) return 'localpart contains an unpaired surrogate';
  const bad = LOCAL_FORBIDDEN.exec(local) ?? CONTROL.exec(local) ?? WHITESPACE.exec(local);
  if (bad) return `localpart contains the forbidden character ${describeChar(bad[0])}`;
  return undefined;
}

function checkDomain(domain: string): string | undefined {
  if (domain === '') return 'empty domainpart';
  if (bytes(domain) > MAX_PART_BYTES) return `domainpart longer than ${MAX_PART_BYTES} bytes`;
  if (domain.startsWith('[')) {
    if (!domain.endsWith(']')) return 'IPv6 literal without a closing ]';
    return isIPv6(domain.slice(1, -1)) ? undefined : `'${domain}' is not a valid IPv6 literal`;
  }
  if (hasLoneSurrogate(domain)) return 'domainpart contains an unpaired surrogate';
  const ctl = CONTROL.exec(domain) ?? WHITESPACE.exec(domain);
  if (ctl) return `domainpart contains the forbidden character ${describeChar(ctl[0])}`;
  if (domain.includes(':') && isIPv6(domain)) return 'an IPv6 address must be enclosed in [ ]';
  for (const label of domain.split('.')) {
    if (label === '') return 'domainpart has an empty label (consecutive or leading dots)';
    if (bytes(label) > 63) return `domain label '${label.slice(0, 20)}…' is longer than 63 bytes`;
    if (!ASCII_LABEL.test(label) && !LABEL.test(label)) {
      if (label.startsWith('-') || label.endsWith('-')) return `domain label '${label}' starts or ends with a hyphen`;
      const bad = /[^\p{L}\p{M}\p{N}-]/u.exec(label);
      return `domain label '${label}' contains ${bad ? describeChar(bad[0]) : 'a character not allowed in a hostname'}`;
    }
  }
  return undefined;
}

function checkResource(resource: string): string | undefined {
  if (resource === '') return 'empty resourcepart after /';
  if (bytes(resource) > MAX_PART_BYTES) return `resourcepart longer than ${MAX_PART_BYTES} bytes`;
  if (hasLoneSurrogate(resource)) return 'resourcepart contains an unpaired surrogate';
  // OpaqueString allows U+0020 but no control characters.
  const ctl = CONTROL.exec(resource);
  if (ctl) return `resourcepart contains the control character ${describeChar(ctl[0])}`;
  return undefined;
}

function fold(s: string): string {
  return (ASCII.test(s) ? s : s.normalize('NFC')).toLowerCase();
}

/** The JID as written without its resource (RFC 7622 §3.2 splits at the first '/'); no normalisation. */
export function stripResource(s: string): string {
  const slash = s.indexOf('/');
  return slash >= 0 ? s.slice(0, slash) : s;
}

/** Splits per RFC 7622 §3.2: resource from the first '/', then local up to the first '@'. */
function split(s: string): { local?: string; domain: string; resource?: string } {
  const slash = s.indexOf('/');
  const head = stripResource(s);
  const resource = slash >= 0 ? s.slice(slash + 1) : undefined;
  const at = head.indexOf('@');
  const local = at >= 0 ? head.slice(0, at) : undefined;
  const domain = at >= 0 ? head.slice(at + 1) : head;
  return { local, domain, resource };
}

// A trace names the same few JIDs thousands of times: results are kept (results are never mutated).
const parsed = new Map<string, Result>();
const MAX_REMEMBERED = 4096;

export function parseJid(s: string): Result {
  let r = parsed.get(s);
  if (r === undefined) {
    r = parseJidUncached(s);
    if (parsed.size >= MAX_REMEMBERED) parsed.clear();
    // Its own copy: a JID read from a document is a slice of it, and would keep that version alive.
    parsed.set(ownCopy(s), r);
  }
  return r;
}

function parseJidUncached(s: string): Result {
  if (s === '') return { ok: false, reason: 'empty JID' };
  const { local, domain: written, resource } = split(s);
  // A single trailing dot is the DNS root and is dropped (RFC 7622 §3.2).
  const domain = written.endsWith('.') && written !== '.' ? written.slice(0, -1) : written;
  const reason =
    (local !== undefined ? checkLocal(local) : undefined) ??
    (written.endsWith('..') ? 'domainpart has an empty label (consecutive or leading dots)' : undefined) ??
    checkDomain(domain) ??
    (resource !== undefined ? checkResource(resource) : undefined);
  if (reason) return { ok: false, reason };
  const bare = (local !== undefined ? fold(local) + '@' : '') + fold(domain);
  const full = resource !== undefined ? `${bare}/${resource.normalize('NFC')}` : bare;
  const jid: ParsedJid = { domain, bare, full };
  if (local !== undefined) jid.local = local;
  if (resource !== undefined) jid.resource = resource;
  return { ok: true, jid };
}

/** Lower-cased `local@domain`, resource dropped; best effort when the JID is invalid. */
export function bareJid(s: string): string {
  const r = parseJid(s);
  if (r.ok) return r.jid.bare;
  const { local, domain } = split(s.trim());
  const d = domain.endsWith('.') ? domain.slice(0, -1) : domain;
  return (local !== undefined ? fold(local) + '@' : '') + fold(d);
}

/** bareJid of the few JIDs a trace repeats thousands of times (the trace-wide rules ask per object): remembered. */
export const rememberedBareJid = rememberedBy(bareJid);

export function sameBareJid(a: string, b: string): boolean {
  return bareJid(a) === bareJid(b);
}
