// Redaction of a capture for sharing: every secret the trace model or the log text shows is
// replaced in the document text at the file offsets it maps back to, so the log framing (line
// prefixes, Erlang escapes, re-joined buffers) stays intact and the result parses as the same
// dialect. `<e2e/>` objects are never touched, so they verify as before; what would have to change
// inside one is reported as kept. Pure: text in, text and a report (offsets) out.
import { parseTrace } from '../trace/parseTrace';
import type { Span, Trace } from '../types';
import { findLogSecrets, findRepeats } from './logSecrets';
import { findMarkupSecrets } from './markupSecrets';
import { findXmlSecrets } from './xmlSecrets';
import { JidPseudonyms } from './jidPseudonyms';
import type { Hit, RedactionKind } from './secretKinds';
import { pushAll } from '../findingLimits';

export interface RedactOptions {
  /** Also remove message bodies, subjects and XHTML-IM. */
  bodies?: boolean;
  /** Replace JIDs by consistent, domain-preserving pseudonyms. */
  pseudonymizeJids?: boolean;
  referenceDate?: string;
}

export interface Removal {
  kind: RedactionKind;
  /** Where the value was in the original text (its first range). */
  span: Span;
}

export interface ObjectNote {
  /** 0-based object index, as `inspect` counts them. */
  objectIndex: number;
  /** The `<e2e/>` element in the original text. */
  span: Span;
  note: 'bindingNotApplicable' | 'secretKept' | 'clearSignedContent';
  /** For secretKept: which kind. */
  kind?: RedactionKind;
}

export interface RedactResult {
  text: string;
  removed: Removal[];
  notes: ObjectNote[];
  /** Number of `<e2e/>` objects, all kept byte for byte. */
  objects: number;
}

interface Edit {
  start: number;
  end: number;
  replacement: string;
  secret: boolean;
}

export function redactTrace(text: string, options: RedactOptions = {}): RedactResult {
  const trace = parseTrace(text, { referenceDate: options.referenceDate });
  const refs = trace.stanzas.flatMap((s) => s.e2e.map((ref) => ({ ref, stanza: s })));
  const objectAt = overlapIndex(refs.map((r) => r.ref.element.span));
  const notes: ObjectNote[] = [];
  const removed: Removal[] = [];
  const edits: Edit[] = [];
  for (const h of collectHits(text, trace, options)) {
    const kept = h.spans.map(objectAt).find((i) => i >= 0);
    if (kept !== undefined) {
      if (h.kind !== 'jid') notes.push({ objectIndex: kept, span: refs[kept].ref.element.span, note: 'secretKept', kind: h.kind });
      continue;
    }
    removed.push({ kind: h.kind, span: h.spans[0] });
    h.spans.forEach((sp, i) => edits.push({ start: sp.start, end: sp.end, replacement: i === 0 ? h.replacement : '', secret: h.kind !== 'jid' }));
  }
  refs.forEach(({ ref, stanza }, i) => {
    if (options.pseudonymizeJids && (stanza.from || stanza.to)) notes.push({ objectIndex: i, span: ref.element.span, note: 'bindingNotApplicable' });
    if (options.bodies && /multipart\/signed/i.test(ref.content)) notes.push({ objectIndex: i, span: ref.element.span, note: 'clearSignedContent' });
  });
  removed.sort((a, b) => a.span.start - b.span.start);
  notes.sort((a, b) => a.objectIndex - b.objectIndex);
  return { text: applyEdits(text, edits), removed, notes: dedupeNotes(notes), objects: refs.length };
}

/**
 * Every value to replace, each found once: what the trace model shows first, then the text-level
 * nets (markup, log text) for what it missed, then the revealed secrets wherever they repeat,
 * then (when asked) the JIDs.
 */
function collectHits(text: string, trace: Trace, options: RedactOptions): Hit[] {
  const xml = findXmlSecrets(trace, { bodies: !!options.bodies });
  const hits: Hit[] = [...xml.hits];
  const addNew = (more: Hit[]) => {
    const covered = overlapIndex(hits.flatMap((h) => h.spans));
    pushAll(hits, more.filter((h) => covered(h.spans[0]) < 0));
  };
  addNew(findMarkupSecrets(text, { bodies: !!options.bodies }));
  addNew(findLogSecrets(text));
  const revealed = new Map<string, RedactionKind>();
  for (const h of hits) for (const v of h.values ?? []) if (!revealed.has(v)) revealed.set(v, h.kind);
  addNew(findRepeats(text, revealed.keys(), (v) => revealed.get(v)!));
  if (options.pseudonymizeJids) {
    const names = new JidPseudonyms();
    for (const j of xml.jids) names.add(j);
    for (const s of trace.stanzas) for (const a of [s.from, s.to]) if (a) names.add(a.value);
    pushAll(pushAll(hits, names.findIn(text)), names.usernameHits(xml.usernames));
  }
  return hits;
}

/** The index (in `ranges`) of a range that overlaps the given one, or -1: sorted once, binary-searched. */
function overlapIndex(ranges: Span[]): (span: Span) => number {
  const order = ranges.map((_, i) => i).sort((a, b) => ranges[a].start - ranges[b].start);
  // Running maximum of the ends (and which range has it), so one search answers for every earlier range.
  const maxEnd: number[] = [];
  const maxAt: number[] = [];
  order.forEach((r, k) => {
    const prev = k > 0 && maxEnd[k - 1] >= ranges[r].end;
    maxEnd.push(prev ? maxEnd[k - 1] : ranges[r].end);
    maxAt.push(prev ? maxAt[k - 1] : r);
  });
  return (sp) => {
    let lo = 0;
    let hi = order.length - 1;
    let last = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (ranges[order[mid]].start < sp.end) {
        last = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return last >= 0 && maxEnd[last] > sp.start ? maxAt[last] : -1;
  };
}

/** Applies the edits in file order; overlapping ones merge, a secret's placeholder winning over a pseudonym. */
function applyEdits(text: string, edits: Edit[]): string {
  edits.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Edit[] = [];
  for (const e of edits) {
    const last = merged[merged.length - 1];
    if (last && e.start < last.end) {
      last.end = Math.max(last.end, e.end);
      if (e.secret && !last.secret) {
        last.replacement = e.replacement || last.replacement;
        last.secret = true;
      }
      continue;
    }
    merged.push({ ...e });
  }
  const parts: string[] = [];
  let pos = 0;
  for (const e of merged) {
    // Line breaks inside a removed value stay, each with the indentation after it: the log keeps its
    // lines, and indentation-framed dialects (transcripts, xmpp.js) keep the entry open.
    const breaks = text.slice(e.start, e.end).match(/(?:\r\n|\n|\r)[ \t]*/g) ?? [];
    parts.push(text.slice(pos, e.start), e.replacement, ...breaks);
    pos = e.end;
  }
  parts.push(text.slice(pos));
  return parts.join('');
}

function dedupeNotes(notes: ObjectNote[]): ObjectNote[] {
  const seen = new Set<string>();
  return notes.filter((n) => {
    const key = `${n.objectIndex}:${n.note}:${n.kind ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
