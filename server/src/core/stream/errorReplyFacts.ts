// The recipients' error replies over a streamed trace. errorReplyFindings (e2e/errorReplies.ts)
// looks back from each error reply to the stanza it answers (same id, else the latest <e2e/>
// stanza) and to an earlier error with the same id: here each finished stanza is kept only as
// those few facts (addresses, id, type, object count, name span, verdicts), never its tree, and
// the reply is judged against them when it is read.
import type { ObjectReport, Span, Stanza, XmlAttr } from '../types';
import { errorReplyFindings } from '../e2e/errorReplies';
import type { Finding } from '../types';
import { detach } from './detach';

/** What the look-back reads of an earlier stanza, shaped as the Stanza fields it reads. */
interface StanzaFacts {
  index: number;
  stanza: Stanza;
  verdicts: ObjectReport[];
  problems: boolean;
}

function attrFact(a: XmlAttr | undefined): XmlAttr | undefined {
  return a ? ({ value: detach(a.value) } as XmlAttr) : undefined;
}

function factsOf(s: Stanza, index: number, objects: ObjectReport[] | undefined, problems: boolean): StanzaFacts {
  const element = { nameSpan: { ...s.element.nameSpan } as Span, children: [] } as unknown as Stanza['element'];
  const stanza = { kind: s.kind, element, from: attrFact(s.from), to: attrFact(s.to), type: attrFact(s.type), id: attrFact(s.id), e2e: new Array(s.e2e.length) } as unknown as Stanza;
  return { index, stanza, verdicts: (objects ?? []).map((o) => ({ status: o.status }) as ObjectReport), problems };
}

export class ErrorReplyFacts {
  private readonly byId = new Map<string, StanzaFacts[]>();
  /** The latest non-error stanza with an object: what an error reply without id answers. */
  private lastWithObject?: StanzaFacts;

  /**
   * The error-reply findings of stanza `index` (given the objects judged in it and whether they
   * explain an error), then remembers its facts for the replies that follow.
   */
  observe(s: Stanza, index: number, objects: ObjectReport[] | undefined, problems: boolean): Finding[] {
    const own = factsOf(s, index, objects, problems);
    const id = s.id?.value;
    const out = s.element.children.some((c) => c.type === 'element' && c.local === 'error') ? this.findingsFor(s, own, id) : [];
    if (id !== undefined) {
      const list = this.byId.get(id);
      if (list) list.push(own);
      else this.byId.set(id, [own]);
    }
    if (s.type?.value !== 'error' && s.e2e.length > 0) this.lastWithObject = own;
    return out;
  }

  private findingsFor(s: Stanza, own: StanzaFacts, id: string | undefined): Finding[] {
    // The earlier stanzas the look-back can reach, in trace order, then the reply itself.
    const earlier = id !== undefined ? [...(this.byId.get(id) ?? [])] : [];
    const fallback = this.lastWithObject;
    if (fallback && !earlier.includes(fallback)) earlier.push(fallback);
    earlier.sort((a, b) => a.index - b.index);
    const objects = new Map<number, ObjectReport[]>();
    const problems = new Map<number, boolean>();
    earlier.forEach((f, k) => {
      if (f.verdicts.length) objects.set(k, f.verdicts);
      if (f.problems) problems.set(k, true);
    });
    if (own.verdicts.length) objects.set(earlier.length, own.verdicts);
    return errorReplyFindings([...earlier.map((f) => f.stanza), s], objects, problems);
  }
}
