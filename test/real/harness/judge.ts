// Judges one real log against the suite's ground truth (what was sent, and the verdict each object
// must get), not against the inspector's own output: the dialect, exact stanza counts (the suite's
// cases by id, and every stanza record by an independent line count), every <e2e/> found whole,
// every expected code at the right stanza, and no finding the ground truth does not explain.
import { readFileSync } from 'node:fs';
import { analyzeDocument, type Analysis } from '../../../server/src/core/analyze';
import type { Dialect, Finding, KeyStore } from '../../../server/src/core/types';
import type { SentCase } from './scenario';

export interface LogSpec {
  name: string;
  file: string;
  dialect: Dialect;
  /** Copies of each sent stanza in this log: 1 in a client's log, 2 in a server's (in and out). */
  copies: number;
  /** Copies of a stanza sent to romeo's bare JID (default: copies). */
  bareCopies?: number;
  /** Stanza records in the file, counted without the inspector (a line-pattern count). */
  countRecords: (text: string) => number;
  /** How this software writes the object's character data, per direction ('in' / 'out'): CDATA kept or escaped. */
  wire: { in: 'cdata' | 'escaped'; out: 'cdata' | 'escaped' };
  /** Findings the log as a whole must carry (e.g. trace.format.lossy for Prosody without mod_stanza_debug). */
  logFindings?: string[];
  /** Whole stanzas are not in this log (opening tags only): objects are not looked for. */
  lossy?: boolean;
}

export interface Verdict {
  name: string;
  dialect: Dialect | undefined;
  stanzas: number;
  records: number;
  /** Expected findings (code at a stanza copy) and how many were given. */
  expected: number;
  found: number;
  falseAlarms: string[];
  problems: string[];
}

const normalise = (s: string) => s.replace(/\r\n/g, '\n');

export function judgeLog(spec: LogSpec, cases: SentCase[], keys: KeyStore): { verdict: Verdict; analysis: Analysis } {
  const text = readFileSync(spec.file, 'utf8');
  const a = analyzeDocument(text, { keys, fileName: spec.file });
  const problems: string[] = [];
  const falseAlarms: string[] = [];
  let expected = 0;
  let found = 0;
  const trace = a.trace!;
  if (a.dialect !== spec.dialect) problems.push(`dialect ${a.dialect}, expected ${spec.dialect}`);
  const records = spec.countRecords(text);
  if (a.stanzaCount !== records) problems.push(`${a.stanzaCount} stanzas framed, the file has ${records} stanza records`);

  const explained = new Set<Finding>();
  for (const code of spec.logFindings ?? []) {
    expected++;
    const f = a.findings.find((x) => x.code === code);
    if (f) {
      found++;
      explained.add(f);
    } else problems.push(`missing log finding ${code}`);
  }

  if (!spec.lossy) {
    for (const c of cases) {
      const copies = trace.stanzas.map((s, i) => ({ s, i })).filter(({ s }) => s.id?.value === c.id && s.kind === c.kind);
      const want = c.toBare ? (spec.bareCopies ?? spec.copies) : spec.copies;
      if (copies.length !== want) problems.push(`${c.id}: ${copies.length} copies, expected ${want}`);
      for (const { s, i } of copies) {
        const where = `${c.id} (${s.direction}${s.stream ? ` on ${s.stream}` : ''})`;
        const inStanza = a.findings.filter((f) => f.span.start >= s.element.span.start && f.span.start < s.element.span.end);
        if (!c.object) {
          if (s.e2e.length) problems.push(`${where}: an <e2e/> where none was sent`);
          continue;
        }
        if (s.e2e.length !== 1) {
          problems.push(`${where}: ${s.e2e.length} <e2e/> elements`);
          continue;
        }
        if (normalise(s.e2e[0].content) !== normalise(c.object)) problems.push(`${where}: the <e2e/> content is not the object sent, whole`);
        const obj = a.objects.find((o) => o.stanzaIndex === i);
        const codes = new Set<string>(inStanza.map((f) => f.code));
        const wire = spec.wire[s.direction === 'in' ? 'in' : 'out'];
        // The sender's own outgoing copy, in a client's log: the sender-side rules apply (E2E-29: the
        // old object was sent after newer ones, so its timestamp does not increase).
        const sending = s.direction === 'out' && spec.copies === 1;
        const codesWanted = [...c.expect, ...(wire === 'escaped' ? ['e2e.wrapper.notCdata'] : []), ...(sending ? (c.expectSending ?? []) : [])];
        for (const code of codesWanted) {
          expected++;
          if (codes.has(code)) found++;
          else problems.push(`${where}: missing ${code}`);
        }
        const ok = new Set([...codesWanted, ...c.allowed]);
        for (const f of inStanza) {
          if (ok.has(f.code)) explained.add(f);
        }
        if (c.verified === true && obj?.status !== 'verified') problems.push(`${where}: status ${obj?.status}, expected verified`);
        if (c.verified === false && obj?.status === 'verified') problems.push(`${where}: verified, expected not to`);
      }
    }
  }
  for (const f of a.findings) {
    if (explained.has(f)) continue;
    const line = text.slice(0, f.span.start).split('\n').length;
    falseAlarms.push(`${f.code} at line ${line}: ${f.message}`);
  }
  return {
    verdict: { name: spec.name, dialect: a.dialect, stanzas: a.stanzaCount, records, expected, found, falseAlarms, problems },
    analysis: a,
  };
}

// ----------------------------------------------------------------- independent record counts

const STANZA_START = /^<(?:message|presence|iq)[\s/>]/;

/** Prosody with mod_stanza_debug: SEND:/RECV: records that start with a stanza. */
export function prosodyWholeRecords(text: string): number {
  return text.split('\n').filter((l) => /\tdebug\t(?:SEND|RECV): <(?:message|presence|iq)[\s/>]/.test(l)).length;
}

/** Prosody's default debug log: one opening-tag summary per stanza handled. */
export function prosodySummaryRecords(text: string): number {
  return text.split('\n').filter((l) => /\tdebug\t(?:Received|Sending)\[[^\]]*\]: <(?:message|presence|iq)[\s/>]/.test(l)).length;
}

/** slixmpp: SEND:/RECV: log records that start with a stanza. */
export function slixmppRecords(text: string): number {
  return text.split('\n').filter((l) => /\s(?:SEND|RECV): <(?:message|presence|iq)[\s/>]/.test(l)).length;
}

/** libstrophe (Profanity): SENT:/RECV: log records that start with a stanza. */
export function libstropheRecords(text: string): number {
  return text.split('\n').filter((l) => /: DBG: (?:SENT|RECV): <(?:message|presence|iq)[\s/>]/.test(l)).length;
}

/** @xmpp/debug: an IN/OUT line, then the element's first line. */
export function xmppjsRecords(text: string): number {
  const ls = text.split('\n');
  let n = 0;
  for (let i = 1; i < ls.length; i++) if ((ls[i - 1] === 'IN' || ls[i - 1] === 'OUT') && STANZA_START.test(ls[i])) n++;
  return n;
}

/**
 * ejabberd: stanza start tags inside `XML on stream = <<"...">>` records, leaving out the PIDF
 * <presence/> documents that CDATA sections carry as they came in.
 */
export function ejabberdRecords(text: string): number {
  let n = 0;
  for (const l of text.split('\n')) {
    const m = /XML on stream = <<"(.*)">>$/.exec(l);
    if (m) n += (m[1].match(/<(?:message|presence|iq)[\s/>](?![^>]*urn:ietf:params:xml:ns:pidf)/g) ?? []).length;
  }
  return n;
}
