// The recipients' error replies over a streamed trace. errorReplyFindings (e2e/errorReplies.ts)
// looks back from each error reply to the stanza it answers (same id, else the latest <e2e/>
// stanza) and to an earlier error with the same id: here each finished stanza is kept only as
// those few facts (addresses, id, type, object count, name span, verdicts) in one small object,
// never its tree, and the reply is judged against them when it is read.
import type { Finding, ObjectReport, Stanza, XmlAttr } from '../types';
import { errorReplyFindings } from '../e2e/errorReplies';
import { runToEnd } from '../runSteps';
import { detach } from './detach';
import { SharedStrings } from '../ownCopy';

/** What the look-back reads of an earlier stanza. */
interface StanzaFacts {
  index: number;
  kind: Stanza['kind'];
  id?: string;
  from?: string;
  to?: string;
  type?: string;
  e2e: number;
  nameStart: number;
  nameEnd: number;
  /** The statuses of its judged objects (errorReplyFindings reads only these). */
  verdicts?: ObjectReport['status'][];
  problems: boolean;
}

const value = (a: XmlAttr | undefined) => (a ? detach(a.value) : undefined);

/** Addresses and types repeat over a trace: one copy of each (up to a bound) serves every stanza's facts. */
const MAX_SHARED = 10_000;

function factsOf(s: Stanza, index: number, objects: ObjectReport[] | undefined, problems: boolean, shared: (a: XmlAttr | undefined) => string | undefined): StanzaFacts {
  const f: StanzaFacts = { index, kind: s.kind, id: value(s.id), from: shared(s.from), to: shared(s.to), type: shared(s.type), e2e: s.e2e.length, nameStart: s.element.nameSpan.start, nameEnd: s.element.nameSpan.end, problems };
  if (objects?.length) f.verdicts = objects.map((o) => o.status);
  return f;
}

/** The facts shaped as the Stanza fields the look-back reads (no children: only the reply itself is walked). */
function asStanza(f: StanzaFacts): Stanza {
  const attr = (v: string | undefined) => (v === undefined ? undefined : ({ value: v } as XmlAttr));
  const element = { nameSpan: { start: f.nameStart, end: f.nameEnd }, children: [] } as unknown as Stanza['element'];
  return { kind: f.kind, element, from: attr(f.from), to: attr(f.to), type: attr(f.type), id: attr(f.id), e2e: new Array(f.e2e) } as unknown as Stanza;
}

export class ErrorReplyFacts {
  /** By id: one stanza's facts, or the list when several share the id. */
  private readonly byId = new Map<string, StanzaFacts | StanzaFacts[]>();
  /** The latest non-error stanza with an object: what an error reply without id answers. */
  private lastWithObject?: StanzaFacts;
  private readonly copies = new SharedStrings(MAX_SHARED);
  private readonly shared = (a: XmlAttr | undefined): string | undefined => (a ? this.copies.of(a.value) : undefined);

  /**
   * The error-reply findings of stanza `index` (given the objects judged in it and whether they
   * explain an error), then remembers its facts for the replies that follow.
   */
  observe(s: Stanza, index: number, objects: ObjectReport[] | undefined, problems: boolean): Finding[] {
    const own = factsOf(s, index, objects, problems, this.shared);
    const out = s.element.children.some((c) => c.type === 'element' && c.local === 'error') ? this.findingsFor(s, own) : [];
    if (own.id !== undefined) {
      const had = this.byId.get(own.id);
      this.byId.set(own.id, had === undefined ? own : Array.isArray(had) ? (had.push(own), had) : [had, own]);
    }
    if (own.type !== 'error' && own.e2e > 0) this.lastWithObject = own;
    return out;
  }

  private findingsFor(s: Stanza, own: StanzaFacts): Finding[] {
    // The earlier stanzas the look-back can reach, in trace order, then the reply itself.
    const had = own.id !== undefined ? this.byId.get(own.id) : undefined;
    const earlier = had === undefined ? [] : Array.isArray(had) ? [...had] : [had];
    const fallback = this.lastWithObject;
    if (fallback && !earlier.includes(fallback)) earlier.push(fallback);
    earlier.sort((a, b) => a.index - b.index);
    const objects = new Map<number, ObjectReport[]>();
    const problems = new Map<number, boolean>();
    earlier.forEach((f, k) => {
      if (f.verdicts) objects.set(k, f.verdicts.map((status) => ({ status }) as ObjectReport));
      if (f.problems) problems.set(k, true);
    });
    if (own.verdicts) objects.set(earlier.length, own.verdicts.map((status) => ({ status }) as ObjectReport));
    return runToEnd(errorReplyFindings([...earlier.map(asStanza), s], objects, problems));
  }
}
