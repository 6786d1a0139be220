// Re-parses only the log entries an edit touched, in the dialects whose entries always end where
// the next entry's line starts (stream/segmentCuts.ts: every line dialect, ejabberd, @xmpp/debug,
// Dino): the entries from the last entry line at or before the edit to the first one after it
// are framed and parsed alone, as a streamed segment is, in the namespaces the stream headers
// before them declared; everything after is the previous parse moved by the edit's length.
// Anything the region's parse could read differently from a whole-file parse (a stream header in
// it, faults, a changed number of entries, Prosody summaries where the file has whole entries or
// a whole entry where it had none, a buffer that may continue an earlier one, a region too long)
// returns undefined: the caller parses the whole file.
import type { Finding, ScopeMark, Stanza, Trace, XmlElement } from '../types';
import type { Frame } from '../trace/frames';
import { frameTrace, traceOfFraming } from '../trace/parseTrace';
import { shiftFraming } from '../trace/shiftFraming';
import { hasEntryCuts, startsEntry } from '../stream/segmentCuts';
import { STREAMS_NS } from '../xml/scanXml';
import type { ChangedWindow } from './textDiff';
import { firstStanzaAtOrAfter, type Splice } from './streamSplice';
import { shiftFinding } from './shiftModel';
import { lazyShiftedElement, lazyShiftedStanza } from './lazyShift';
import { movedList, slicePieces } from './movedList';
import type { Sliceable } from '../textSource';
import { ownCopy } from '../ownCopy';
import { plainNow } from '../e2e/plainStanza';

/** A region longer than this is not worth it (a whole parse is as quick): given up. */
const MAX_REGION_CHARS = 1 << 20;
/** Line heads are matched as the framer matches them. */
const HEAD = 512;
const LOOK = 4096;

/** `referenceDate`: the one the previous version was parsed with (ParseTraceOptions). */
export function* spliceLogRegion(prev: Trace, prevText: Sliceable, newText: Sliceable, w: ChangedWindow, referenceDate?: string): Generator<void, Splice | undefined, void> {
  const dialect = prev.dialect;
  if (!hasEntryCuts(dialect) || !prev.scopeMarks || prev.stanzas.length === 0) return undefined;
  const d = w.newEnd - w.oldEnd;
  const from = entryAtOrBefore(prevText, newText, w.start, dialect);
  if (from < 0) return undefined;
  const newTo = entryAtOrAfter(newText, w.newEnd, from + MAX_REGION_CHARS, dialect);
  const oldTo = newTo - d;
  if (newTo < 0 || oldTo < w.oldEnd || !isLineStart(prevText, oldTo)) return undefined;

  // The old region's stanzas and other elements lie inside it; no finding touches it; no stream header in it.
  const firstRemoved = firstStanzaAtOrAfter(prev.stanzas, from);
  const firstAfter = firstStanzaAtOrAfter(prev.stanzas, oldTo);
  if (straddles(prev.stanzas[firstRemoved - 1]?.element, from) || straddles(prev.stanzas[firstAfter - 1]?.element, oldTo)) return undefined;
  if (prev.others.some((o) => (o.span.start < from && o.span.end > from) || (o.span.start < oldTo && o.span.end > oldTo) || (o.span.start >= from && o.span.start < oldTo && isStream(o)))) return undefined;
  if (prev.findings.some((f) => f.span.end >= from - 1 && f.span.start <= oldTo + 1)) return undefined;
  if (prev.scopeMarks.some((m) => m.at >= from && m.at < oldTo)) return undefined;

  // Entry numbers: the region must hold as many entries as before, numbered from the same base.
  const oldFrames = frameTrace(prevText.slice(from, oldTo), dialect, { referenceDate }).frames;
  // Its own copy: the parse keeps slices of what it read, and a slice would keep this version's whole text alive.
  const newRegion = ownCopy(newText.slice(from, newTo));
  const framing = shiftFraming(frameTrace(newRegion, dialect, { referenceDate }), from);
  if (framing.frames.length !== oldFrames.length || framing.findings.length > 0) return undefined;
  if (!summariesReadAlike(prev, oldFrames, framing.frames)) return undefined;
  const frameBase = entryBase(prev.stanzas, firstRemoved, firstAfter, oldFrames, from);
  if (frameBase === undefined) return undefined;
  // Frames with a channel are network buffers, re-joined per channel (ejabberd's).
  const buffers = [...oldFrames, ...framing.frames].filter((f) => f.channel !== undefined);
  if (buffers.length > 0 && mayBePending(prev, prevText, from, buffers, referenceDate)) return undefined;
  yield;

  const lossySaid = prev.findings.some((f) => f.code === 'trace.format.lossy' && f.span.start < from);
  const region = traceOfFraming(newRegion, framing, { referenceDate, segment: { base: from, frameBase, scopes: scopesAt(prev.scopeMarks, from), lossySaid }, compact: plainNow });
  if (region.findings.some((f) => f.code !== 'trace.format.noStanzas') || region.others.some(isStream)) return undefined;

  const stanzas = movedList<Stanza>(
    [...slicePieces(prev.stanzas, 0, firstRemoved), { items: region.stanzas, from: 0, to: region.stanzas.length, delta: 0 }, ...slicePieces(prev.stanzas, firstAfter, prev.stanzas.length, d)],
    lazyShiftedStanza,
  );
  if (stanzas.length === 0) return undefined;
  const others: XmlElement[] = [];
  for (const o of prev.others) if (o.span.start < from) others.push(o);
  for (const o of region.others) others.push(o);
  for (const o of prev.others) if (o.span.start >= oldTo) others.push(lazyShiftedElement(o, d));
  const findings: Finding[] = prev.findings.map((f) => (f.span.start >= oldTo ? shiftFinding(f, d) : f));
  const scopeMarks: ScopeMark[] = prev.scopeMarks.map((m) => (m.at >= oldTo ? { ...m, at: m.at + d } : m));
  const trace: Trace = { dialect, vantage: prev.vantage, stanzas, others, findings, scopeMarks };
  if (prev.keptSummaries) trace.keptSummaries = true;
  return { trace, region: { oldFrom: from, oldTo, newFrom: from, newTo, firstRemoved, firstAfter, added: region.stanzas.length, delta: d } };
}

/**
 * The start of the last entry line at or before `pos` (unchanged text: the same in both
 * versions, and read as an entry in both), or -1.
 */
function entryAtOrBefore(prevText: Sliceable, newText: Sliceable, pos: number, dialect: Trace['dialect']): number {
  for (let ls = lineStartAt(newText, pos); ls >= 0 && pos - ls <= MAX_REGION_CHARS; ls = ls === 0 ? -1 : lineStartAt(newText, ls - 1)) {
    if (entryLine(newText, ls, dialect) && entryLine(prevText, ls, dialect)) return ls;
  }
  return -1;
}

/** The start of the first entry line at or after `pos` (or the text's end), or -1 past `limit`. */
export function entryAtOrAfter(text: Sliceable, pos: number, limit: number, dialect: Trace['dialect']): number {
  for (let ls = isLineStart(text, pos) ? pos : nextLineStart(text, pos); ls <= limit; ls = nextLineStart(text, ls)) {
    if (ls >= text.length) return text.length;
    if (entryLine(text, ls, dialect)) return ls;
  }
  return -1;
}

function entryLine(text: Sliceable, ls: number, dialect: Trace['dialect']): boolean {
  if (ls >= text.length) return false;
  let head = text.slice(ls, Math.min(text.length, ls + HEAD + 1));
  const nl = head.indexOf('\n');
  if (nl >= 0) head = head.slice(0, nl > 0 && head.charCodeAt(nl - 1) === 13 ? nl - 1 : nl);
  return startsEntry(head.slice(0, HEAD), dialect);
}

function isLineStart(text: Sliceable, pos: number): boolean {
  return pos === 0 || (pos <= text.length && text.slice(pos - 1, pos) === '\n');
}

/** The start of the line holding `pos`. */
function lineStartAt(text: Sliceable, pos: number): number {
  for (let end = pos; end > 0; end -= LOOK) {
    const a = Math.max(0, end - LOOK);
    const i = text.slice(a, end).lastIndexOf('\n');
    if (i >= 0) return a + i + 1;
  }
  return 0;
}

/** The start of the line after the one holding `pos` (the text's length after the last). */
function nextLineStart(text: Sliceable, pos: number): number {
  for (let a = pos; a < text.length; a += LOOK) {
    const i = text.slice(a, Math.min(text.length, a + LOOK)).indexOf('\n');
    if (i >= 0) return a + i + 1;
  }
  return text.length;
}

/** Parse findings before a region looked at one by one; past this, the region is given up. */
const MAX_PENDING_CHECKS = 16;

/**
 * Network buffers are re-joined per channel: a stanza left incomplete before `from` would take
 * the region's buffers of its channel. Such a stanza shows as a parse finding (cut short, or
 * malformed when never completed) in a record of that channel.
 */
function mayBePending(prev: Trace, prevText: Sliceable, from: number, regionFrames: { channel?: string }[], referenceDate: string | undefined): boolean {
  const channels = new Set(regionFrames.map((f) => f.channel));
  const before = prev.findings.filter((f) => f.span.start < from && isParseFinding(f));
  if (before.length > MAX_PENDING_CHECKS) return true;
  return before.some((f) => {
    const record = entryAtOrBefore(prevText, prevText, f.span.start, prev.dialect);
    if (record < 0) return true;
    const next = entryAtOrAfter(prevText, nextLineStart(prevText, record), record + MAX_REGION_CHARS, prev.dialect);
    if (next < 0) return true;
    const frames = frameTrace(prevText.slice(record, next), prev.dialect, { referenceDate }).frames;
    return frames.length === 0 || frames.some((fr) => channels.has(fr.channel));
  });
}

/**
 * Whether the region's summary entries (Prosody's) read alone as in the whole file: a file with a
 * whole entry anywhere drops every summary, one with none keeps them all. So the region may hold
 * summaries only when the file kept them, and then no whole entry (one would make the file drop them).
 */
function summariesReadAlike(prev: Trace, oldFrames: readonly Frame[], newFrames: readonly Frame[]): boolean {
  const lossy = oldFrames.some((f) => f.lossy) || newFrames.some((f) => f.lossy);
  if (!prev.keptSummaries) return !lossy;
  return !oldFrames.some((f) => !f.lossy) && !newFrames.some((f) => !f.lossy);
}

/** A finding of the framing or the XML scan (not of a rule about a stanza's content). */
export function isParseFinding(f: Finding): boolean {
  return f.code.startsWith('trace.') || f.code.startsWith('xml.');
}

function straddles(el: XmlElement | undefined, at: number): boolean {
  return el !== undefined && el.span.start < at && el.span.end > at;
}

function isStream(el: XmlElement): boolean {
  return el.local === 'stream' && (el.ns === STREAMS_NS || el.name === 'stream:stream');
}

/**
 * The entry number of the region's first entry: from the first stanza in the region (its entry,
 * less the region's entries before it), else from the first stanza after the region.
 */
function entryBase(stanzas: readonly Stanza[], firstRemoved: number, firstAfter: number, oldFrames: { start: number }[], from: number): number | undefined {
  if (firstRemoved < firstAfter) {
    const s = stanzas[firstRemoved];
    let j = 0;
    for (let k = 1; k < oldFrames.length; k++) if (oldFrames[k].start + from <= s.element.span.start) j = k;
    return s.entryIndex - j;
  }
  if (firstAfter < stanzas.length) return stanzas[firstAfter].entryIndex - oldFrames.length;
  return undefined;
}

/** The namespaces in scope per channel or direction where the region starts (a fresh map: the builder writes to it). */
function scopesAt(marks: readonly ScopeMark[], at: number): Map<string, Record<string, string>> {
  const scopes = new Map<string, Record<string, string>>();
  for (const m of marks) if (m.at < at) scopes.set(m.key, m.scope);
  return scopes;
}
